/**
 * A bid's files (DESIGN §4.4: "attachments"), sealed like the bid itself. The generic uploads
 * (app/modules/documents) keep a file's name, type and size in plain columns; a bid's file may
 * show none of them before the opening, so it has its own table: the metadata and the content are
 * each sealed under the tender's key (sealing.server.ts), and the content is padded to 64 KiB
 * steps so that the stored length tells little about the file. Only the number of files per bid
 * is visible in the rows.
 *
 * This file stores, counts and unseals; who may do so is decided by the commands and queries of
 * bids.server.ts, which call it.
 */
import crypto from "node:crypto";
import { and, count, eq, inArray } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { bidAttachments } from "#db/schema";
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES, sanitizeFilename, sniffContentType, typeLabels, type UploadType } from "~/modules/documents/file-types";
import type { UploadedFile } from "~/modules/documents/uploads.server";
import { UserError } from "~/utils/errors";
import { BID_ATTACHMENTS_FIELD } from "./bids-schema";
import { sealBytes, unsealBytes } from "./sealing.server";

/** The bid a file belongs to: the tender names the key, the organization is authenticated with it. */
export interface BidRef {
  id: string;
  tenderId: string;
  organizationId: string;
}

export interface BidFileMeta {
  filename: string;
  contentType: UploadType;
  size: number;
  sha256: string;
}

/** Content is padded to a multiple of this, metadata to exactly META_BYTES. */
const CONTENT_STEP = 64 * 1024;
const META_BYTES = 1024;

function aad(bid: BidRef, attachmentId: string, part: "meta" | "content") {
  return `${bid.tenderId}:${bid.organizationId}:bid-attachment:${attachmentId}:${part}`;
}

function megabytes(bytes: number) {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}

function padded(bytes: Uint8Array): Buffer {
  const length = Math.max(CONTENT_STEP, Math.ceil(bytes.byteLength / CONTENT_STEP) * CONTENT_STEP);
  const out = Buffer.alloc(length);
  out.set(bytes);
  return out;
}

/**
 * Seals and stores files on a bid inside the caller's transaction. The type is found in the
 * content and the size and count limits of every upload apply (file-types.ts), counted with the
 * files the bid has already, so no caller can store what the form would have refused.
 */
export async function storeBidAttachments(tx: Tx, bid: BidRef, files: readonly Pick<UploadedFile, "filename" | "bytes">[], uploadedBy: string, now: Date) {
  if (files.length === 0) return [];
  const [existing] = await tx.select({ n: count() }).from(bidAttachments).where(eq(bidAttachments.bidId, bid.id));
  if ((existing?.n ?? 0) + files.length > MAX_UPLOAD_FILES) throw new UserError("bids.attachments.tooMany", { field: BID_ATTACHMENTS_FIELD, vars: { max: MAX_UPLOAD_FILES } });
  const ids: string[] = [];
  for (const file of files) {
    const filename = sanitizeFilename(file.filename);
    const contentType = sniffContentType(file.bytes);
    if (!contentType) throw new UserError("needs.upload.wrongType", { field: BID_ATTACHMENTS_FIELD, vars: { file: filename, types: typeLabels() } });
    if (file.bytes.byteLength === 0) throw new UserError("needs.upload.empty", { field: BID_ATTACHMENTS_FIELD, vars: { file: filename } });
    if (file.bytes.byteLength > MAX_UPLOAD_BYTES) throw new UserError("needs.upload.tooLarge", { field: BID_ATTACHMENTS_FIELD, vars: { file: filename, max: megabytes(MAX_UPLOAD_BYTES) } });
    const meta: BidFileMeta = { filename, contentType, size: file.bytes.byteLength, sha256: crypto.createHash("sha256").update(file.bytes).digest("hex") };
    // JSON.parse ignores the trailing spaces, so the metadata always seals to one length.
    const metaJson = Buffer.from(JSON.stringify(meta), "utf8");
    const metaPlain = Buffer.concat([metaJson, Buffer.alloc(Math.max(0, META_BYTES - metaJson.byteLength), " ")]);
    const id = crypto.randomUUID();
    await tx.insert(bidAttachments).values({
      id,
      bidId: bid.id,
      sealedMeta: sealBytes(bid.tenderId, aad(bid, id, "meta"), metaPlain),
      sealedContent: sealBytes(bid.tenderId, aad(bid, id, "content"), padded(file.bytes)),
      uploadedBy,
      createdAt: now,
    });
    ids.push(id);
  }
  return ids;
}

function unsealMeta(bid: BidRef, row: { id: string; sealedMeta: Buffer }): BidFileMeta {
  return JSON.parse(unsealBytes(bid.tenderId, aad(bid, row.id, "meta"), row.sealedMeta).toString("utf8")) as BidFileMeta;
}

/** The files of several bids, unsealed (names, types, sizes; no content), oldest first, then by name. */
export async function unsealedAttachmentLists(db: Queryable, bids: readonly BidRef[]) {
  if (bids.length === 0) return new Map<string, BidAttachmentListing[]>();
  const byId = new Map(bids.map((b) => [b.id, b]));
  const rows = await db
    .select({ id: bidAttachments.id, bidId: bidAttachments.bidId, sealedMeta: bidAttachments.sealedMeta, createdAt: bidAttachments.createdAt })
    .from(bidAttachments)
    .where(inArray(bidAttachments.bidId, [...byId.keys()]));
  const lists = new Map<string, BidAttachmentListing[]>(bids.map((b) => [b.id, []]));
  for (const row of rows) {
    const meta = unsealMeta(byId.get(row.bidId)!, row);
    lists.get(row.bidId)!.push({ id: row.id, filename: meta.filename, contentType: meta.contentType, size: meta.size, createdAt: row.createdAt });
  }
  // Files sent together share their time: those by name, as the generic uploads are listed.
  for (const list of lists.values()) list.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.filename.localeCompare(b.filename, "zh-CN") || a.id.localeCompare(b.id));
  return lists;
}
export interface BidAttachmentListing {
  id: string;
  filename: string;
  contentType: UploadType;
  size: number;
  createdAt: Date;
}

/** The bid an attachment belongs to (no content), or null. */
export async function attachmentBidId(db: Queryable, attachmentId: string): Promise<string | null> {
  const [row] = await db.select({ bidId: bidAttachments.bidId }).from(bidAttachments).where(eq(bidAttachments.id, attachmentId)).limit(1);
  return row?.bidId ?? null;
}

/** One file unsealed, content cut back to its real size. */
export async function unsealAttachment(db: Queryable, bid: BidRef, attachmentId: string) {
  const [row] = await db.select().from(bidAttachments).where(eq(bidAttachments.id, attachmentId)).limit(1);
  if (!row || row.bidId !== bid.id) return null;
  const meta = unsealMeta(bid, row);
  const content = unsealBytes(bid.tenderId, aad(bid, row.id, "content"), row.sealedContent).subarray(0, meta.size);
  return { id: row.id, ...meta, content };
}

/** Removes one file of a bid (the bidder's own choice before the deadline); false when the bid has no such file. */
export async function deleteBidAttachment(tx: Tx, bidId: string, attachmentId: string): Promise<boolean> {
  const deleted = await tx
    .delete(bidAttachments)
    .where(and(eq(bidAttachments.id, attachmentId), eq(bidAttachments.bidId, bidId)))
    .returning({ id: bidAttachments.id });
  return deleted.length > 0;
}
