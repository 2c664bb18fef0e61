import { bytea } from "./types";
import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./identity";

/**
 * Uploaded files (evidence, tender documents). Metadata here, content in `attachment_blobs`
 * behind the storage interface, so that every app process sees every file.
 */
export const attachments = pgTable(
  "attachments",
  {
    id: uuid().primaryKey().defaultRandom(),
    ownerType: text().notNull(),
    ownerId: uuid().notNull(),
    filename: text().notNull(),
    contentType: text().notNull(),
    size: integer().notNull(),
    sha256: text().notNull(),
    uploadedBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("attachments_owner_idx").on(t.ownerType, t.ownerId)],
);

export const attachmentBlobs = pgTable("attachment_blobs", {
  attachmentId: uuid()
    .primaryKey()
    .references(() => attachments.id, { onDelete: "cascade" }),
  content: bytea().notNull(),
});
