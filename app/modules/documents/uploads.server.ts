import crypto from "node:crypto";
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { and, asc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { FieldErrors } from "react-hook-form";
import type { Queryable, Tx } from "#db/client";
import { attachments, challenges, contractCommunities, contracts, needs, progressReports, regions, tenders } from "#db/schema";
import { msg } from "~/i18n";
import { grantsFor, type SessionUser } from "~/modules/auth/permissions";
import { mayReadEvaluationEvidence, mayReadSiteVisitPhoto } from "~/modules/outcomes/evidence-access.server";
import { UserError } from "~/utils/errors";
import { isUuid } from "~/utils/form-fields";
import { readFormData } from "~/utils/forms.server";
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES, sanitizeFilename, sniffContentType, typeLabels, UPLOAD_TYPES, type UploadType } from "./file-types";
import { attachmentStorage, type AttachmentStorage } from "./storage.server";

export interface UploadedFile {
  /** Sanitized original name. */
  filename: string;
  /** What the content is (magic bytes), never what the name or the browser said. */
  contentType: UploadType;
  size: number;
  bytes: Uint8Array;
}

export interface UploadOptions {
  /** The file input's name; its problems are reported on this field. */
  field?: string;
  maxBytes?: number;
  allowed?: readonly UploadType[];
  maxFiles?: number;
}

export interface ParsedUpload {
  /** The form's other fields, for the form's zod schema. */
  fields: FormData;
  files: UploadedFile[];
  /** Empty, or one message on the file field naming the file refused. */
  errors: FieldErrors;
}

// Text fields of a form are small; a huge one is not a form a person filled in.
const MAX_TEXT_PART_BYTES = 1024 * 1024;

function megabytes(bytes: number) {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}

async function drain(data: AsyncIterable<Uint8Array>) {
  for await (const _chunk of data) {
    // Read and dropped: the parser would otherwise buffer the rest of the part itself.
  }
}

/**
 * Reads a multipart form: the fields as FormData and the files of one input, each checked
 * against the size limit and the type allow-list by its content. A refused file is a field
 * error (never a 500) and the rest of the form is still read, so the typed values come back.
 * A form posted without files (urlencoded) is read as usual.
 */
export async function parseUpload(request: Request, options: UploadOptions = {}): Promise<ParsedUpload> {
  const { field = "evidence", maxBytes = MAX_UPLOAD_BYTES, allowed = UPLOAD_TYPES, maxFiles = MAX_UPLOAD_FILES } = options;
  if (!/^\s*multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "")) {
    return { fields: await readFormData(request), files: [], errors: {} };
  }
  let problem: string | undefined;
  const refuse = (message: string) => {
    problem ??= message;
  };
  const fileHandler = createMemoryUploadHandler({ maxPartSize: maxBytes });
  const textHandler = createMemoryUploadHandler({ maxPartSize: MAX_TEXT_PART_BYTES });
  let fileCount = 0;
  const handler: UploadHandler = async (part) => {
    if (part.filename === undefined) {
      try {
        return await textHandler(part);
      } catch (error) {
        if (error instanceof MaxPartSizeExceededError) throw new Response("Payload Too Large", { status: 413 });
        throw error;
      }
    }
    // An empty file input still sends a part, with no name and no bytes.
    if (part.name !== field || part.filename === "") {
      await drain(part.data);
      return undefined;
    }
    fileCount += 1;
    if (fileCount > maxFiles) {
      refuse(msg("needs.upload.tooMany", { max: maxFiles }));
      await drain(part.data);
      return undefined;
    }
    try {
      return await fileHandler(part);
    } catch (error) {
      // The memory handler stops at the limit; the rest of the file is read and dropped.
      if (!(error instanceof MaxPartSizeExceededError)) throw error;
      refuse(msg("needs.upload.tooLarge", { file: sanitizeFilename(part.filename), max: megabytes(maxBytes) }));
      await drain(part.data);
      return undefined;
    }
  };

  let parsed: FormData;
  try {
    parsed = await parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof Response) throw error;
    // A body that is not the multipart it claims to be: the client's fault, not ours.
    throw new Response("Bad Request: malformed multipart body", { status: 400 });
  }

  const fields = new FormData();
  const files: UploadedFile[] = [];
  for (const [name, value] of parsed.entries()) {
    if (typeof value === "string") {
      if (name !== field) fields.append(name, value);
      continue;
    }
    const filename = sanitizeFilename(value.name);
    const bytes = new Uint8Array(await value.arrayBuffer());
    if (bytes.byteLength === 0) {
      refuse(msg("needs.upload.empty", { file: filename }));
      continue;
    }
    const contentType = sniffContentType(bytes);
    if (!contentType || !allowed.includes(contentType)) {
      refuse(msg("needs.upload.wrongType", { file: filename, types: typeLabels(allowed) }));
      continue;
    }
    files.push({ filename, contentType, size: bytes.byteLength, bytes });
  }
  return { fields, files, errors: problem ? ({ [field]: { type: "upload", message: problem } } as FieldErrors) : {} };
}

export const ATTACHMENT_OWNER_TYPES = ["need", "tender", "challenge", "progressReport", "siteVisit", "outcomeEvaluation"] as const;
export type AttachmentOwnerType = (typeof ATTACHMENT_OWNER_TYPES)[number];

/**
 * Stores files for one owner inside the caller's transaction: metadata (sanitized name, the
 * type found in the content, size, SHA-256) in `attachments`, bytes in the storage. The type is
 * checked again here, so no caller can store a file parseUpload would have refused.
 */
export async function saveAttachments(
  tx: Tx,
  input: { ownerType: AttachmentOwnerType; ownerId: string; files: readonly Pick<UploadedFile, "filename" | "bytes">[]; uploadedBy: string | null },
  storage: AttachmentStorage = attachmentStorage,
) {
  const saved = [];
  for (const file of input.files) {
    const filename = sanitizeFilename(file.filename);
    const contentType = sniffContentType(file.bytes);
    if (!contentType) throw new UserError("needs.upload.wrongType", { field: "evidence", vars: { file: filename, types: typeLabels() } });
    if (file.bytes.byteLength > MAX_UPLOAD_BYTES) {
      throw new UserError("needs.upload.tooLarge", { field: "evidence", vars: { file: filename, max: megabytes(MAX_UPLOAD_BYTES) } });
    }
    const [row] = await tx
      .insert(attachments)
      .values({
        ownerType: input.ownerType,
        ownerId: input.ownerId,
        filename,
        contentType,
        size: file.bytes.byteLength,
        sha256: crypto.createHash("sha256").update(file.bytes).digest("hex"),
        uploadedBy: input.uploadedBy,
      })
      .returning({
        id: attachments.id,
        filename: attachments.filename,
        contentType: attachments.contentType,
        size: attachments.size,
        sha256: attachments.sha256,
      });
    await storage.put(tx, row.id, file.bytes);
    saved.push(row);
  }
  return saved;
}

/** The files of several owners of one type (no content), oldest first. */
export async function listAttachments(db: Queryable, ownerType: AttachmentOwnerType, ownerIds: readonly string[]) {
  if (ownerIds.length === 0) return [];
  return db
    .select({ id: attachments.id, ownerId: attachments.ownerId, filename: attachments.filename, contentType: attachments.contentType, size: attachments.size })
    .from(attachments)
    .where(and(eq(attachments.ownerType, ownerType), inArray(attachments.ownerId, [...ownerIds])))
    .orderBy(asc(attachments.createdAt), asc(attachments.filename));
}

type Reader = (db: Queryable, user: SessionUser | null, ownerId: string) => Promise<boolean>;

const street = alias(regions, "street");
const community = alias(regions, "community");

/** Who may download an owner's files; an owner type missing here has files nobody may read. */
const READERS: Record<AttachmentOwnerType, Reader> = {
  // Evidence may hold personal data (a visit record, a resident's letter): only the community's
  // staff, the person who posted the need and the officers of the bureau reviewing it.
  need: async (db, user, needId) => {
    if (!user) return false;
    const [need] = await db
      .select({ communityId: needs.communityId, createdBy: needs.createdBy, districtId: street.parentId })
      .from(needs)
      .innerJoin(community, eq(community.id, needs.communityId))
      .innerJoin(street, eq(street.id, community.parentId))
      .where(eq(needs.id, needId))
      .limit(1);
    if (!need) return false;
    return (
      need.createdBy === user.id ||
      grantsFor(user, "community").some((g) => g.communityId === need.communityId) ||
      grantsFor(user, "bureau").some((g) => g.districtId === need.districtId)
    );
  },
  // Tender documents are public once the tender is published (a cancelled or failed tender stays
  // on the record); a draft's documents only for its own bureau's officers.
  tender: async (db, user, tenderId) => {
    const [tender] = await db.select({ status: tenders.status, bureauId: tenders.bureauId }).from(tenders).where(eq(tenders.id, tenderId)).limit(1);
    if (!tender) return false;
    if (tender.status !== "draft") return true;
    return Boolean(user && grantsFor(user, "bureau").some((g) => g.bureauId === tender.bureauId));
  },
  // A challenge (质疑) is published without personal data; its evidence may hold some, so only
  // the challenging organization's members and the officers of the tender's bureau read it.
  challenge: async (db, user, challengeId) => {
    if (!user) return false;
    const [challenge] = await db
      .select({ organizationId: challenges.organizationId, bureauId: tenders.bureauId })
      .from(challenges)
      .innerJoin(tenders, eq(tenders.id, challenges.tenderId))
      .where(eq(challenges.id, challengeId))
      .limit(1);
    if (!challenge) return false;
    return grantsFor(user, "agency").some((g) => g.organizationId === challenge.organizationId) || grantsFor(user, "bureau").some((g) => g.bureauId === challenge.bureauId);
  },
  // A progress report's evidence (sign-in sheets, photos of people served): the contract's parties
  // and the staff of its service communities, who confirm the service happened.
  progressReport: async (db, user, reportId) => {
    if (!user) return false;
    const [report] = await db
      .select({ contractId: contracts.id, bureauId: contracts.bureauId, organizationId: contracts.organizationId })
      .from(progressReports)
      .innerJoin(contracts, eq(contracts.id, progressReports.contractId))
      .where(eq(progressReports.id, reportId))
      .limit(1);
    if (!report) return false;
    if (grantsFor(user, "bureau").some((g) => g.bureauId === report.bureauId)) return true;
    if (grantsFor(user, "agency").some((g) => g.organizationId === report.organizationId)) return true;
    const communityIds = grantsFor(user, "community").flatMap((g) => (g.communityId ? [g.communityId] : []));
    if (communityIds.length === 0) return false;
    const [served] = await db
      .select({ id: contractCommunities.communityId })
      .from(contractCommunities)
      .where(and(eq(contractCommunities.contractId, report.contractId), inArray(contractCommunities.communityId, communityIds)))
      .limit(1);
    return Boolean(served);
  },
  // An outcome evaluation's photos and evidence: never public (outcomes/evidence-access.server.ts).
  siteVisit: mayReadSiteVisitPhoto,
  outcomeEvaluation: mayReadEvaluationEvidence,
};

export function isAttachmentOwnerType(value: string): value is AttachmentOwnerType {
  return (ATTACHMENT_OWNER_TYPES as readonly string[]).includes(value);
}

/** Whether the user (null: the public) may download the files of this owner. */
export async function mayReadAttachment(db: Queryable, user: SessionUser | null, owner: { ownerType: string; ownerId: string }): Promise<boolean> {
  if (!isAttachmentOwnerType(owner.ownerType)) return false;
  return READERS[owner.ownerType](db, user, owner.ownerId);
}

/**
 * One file with its content, for the download route. Someone who may not read it gets the
 * same 404 as for a file that does not exist: evidence must not even be known to exist.
 */
export async function openAttachment(db: Queryable, user: SessionUser | null, attachmentId: string, storage: AttachmentStorage = attachmentStorage) {
  if (!isUuid(attachmentId)) throw new Response("Not Found", { status: 404 });
  const [attachment] = await db.select().from(attachments).where(eq(attachments.id, attachmentId)).limit(1);
  if (!attachment || !(await mayReadAttachment(db, user, attachment))) throw new Response("Not Found", { status: 404 });
  const content = await storage.get(db, attachment.id);
  // Metadata without content is our fault (a storage that lost a file), not the reader's.
  if (!content) throw new Error(`attachment ${attachment.id} has no content in storage`);
  return {
    id: attachment.id,
    filename: attachment.filename,
    contentType: attachment.contentType,
    size: attachment.size,
    sha256: attachment.sha256,
    isPublic: await mayReadAttachment(db, null, attachment),
    content,
  };
}
