import { eq } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { attachmentBlobs } from "#db/schema";

/**
 * Where uploaded files' bytes live (DESIGN §7: uploads behind one storage interface). The
 * metadata row in `attachments` is always written by uploads.server.ts; a storage only keeps
 * the content under the attachment's id.
 */
export interface AttachmentStorage {
  /** Stores the bytes inside the caller's transaction, so a refused command leaves no file behind. */
  put(tx: Tx, attachmentId: string, bytes: Uint8Array): Promise<void>;
  get(db: Queryable, attachmentId: string): Promise<Uint8Array | null>;
}

/**
 * Files in PostgreSQL (`attachment_blobs`): every app process behind the load balancer sees
 * every file, backups hold them with the rows that point at them, and nothing is written to
 * the app's disk or under public/. Files are at most 10 MB, which bytea carries well.
 */
export const databaseStorage: AttachmentStorage = {
  async put(tx, attachmentId, bytes) {
    await tx.insert(attachmentBlobs).values({ attachmentId, content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  },
  async get(db, attachmentId) {
    const [row] = await db.select({ content: attachmentBlobs.content }).from(attachmentBlobs).where(eq(attachmentBlobs.attachmentId, attachmentId)).limit(1);
    return row?.content ?? null;
  },
};

export const attachmentStorage: AttachmentStorage = databaseStorage;
