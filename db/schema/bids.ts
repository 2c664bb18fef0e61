import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { bidStatus } from "./enums";
import { users } from "./identity";
import { organizations } from "./organizations";
import { tenders } from "./tenders";
import { bytea } from "./types";

/**
 * A sealed bid (投标/响应文件). Until opening, the content (price included) exists only as
 * AES-256-GCM ciphertext under a per-tender key; opening writes the decrypted price and
 * content, which are read only through the bids module (each read audited).
 */
export const bids = pgTable(
  "bids",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenderId: uuid()
      .notNull()
      .references(() => tenders.id),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    status: bidStatus().notNull().default("submitted"),
    sealedContent: bytea().notNull(),
    sealedIv: bytea().notNull(),
    sealedTag: bytea().notNull(),
    keyVersion: integer().notNull().default(1),
    submittedBy: uuid()
      .notNull()
      .references(() => users.id),
    submittedAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    confirmedAt: timestamp({ withTimezone: true }).notNull(),
    withdrawnAt: timestamp({ withTimezone: true }),
    // Set at opening.
    price: bigint({ mode: "number" }),
    openedContent: jsonb(),
    valid: boolean(),
    invalidReason: text(),
  },
  (t) => [
    // One live bid per organization per tender (DESIGN §4.4).
    uniqueIndex("bids_one_live_idx").on(t.tenderId, t.organizationId).where(sql`${t.status} = 'submitted'`),
    index("bids_tender_idx").on(t.tenderId, t.status),
    index("bids_organization_idx").on(t.organizationId),
  ],
);

/** The opening record (开标记录), published on the tender page. */
export const bidOpenings = pgTable("bid_openings", {
  tenderId: uuid()
    .primaryKey()
    .references(() => tenders.id),
  openedAt: timestamp({ withTimezone: true }).notNull(),
  openedBy: uuid()
    .notNull()
    .references(() => users.id),
  validCount: integer().notNull(),
  record: jsonb().notNull(),
  outcome: text().notNull(),
  unsuccessfulReason: text(),
});

/**
 * A file attached to a bid (DESIGN §4.4), sealed like the bid: the name, type, size and hash
 * (`sealedMeta`) and the content (`sealedContent`, padded to 64 KiB steps so that the stored
 * length does not give the file's size away) are AES-256-GCM under the tender's key, each as
 * iv ‖ tag ‖ ciphertext. They stay sealed after opening too: every read goes through the bids
 * module, which checks the reader and audits it.
 */
export const bidAttachments = pgTable(
  "bid_attachments",
  {
    id: uuid().primaryKey(),
    bidId: uuid()
      .notNull()
      .references(() => bids.id),
    sealedMeta: bytea().notNull(),
    sealedContent: bytea().notNull(),
    keyVersion: integer().notNull().default(1),
    uploadedBy: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("bid_attachments_bid_idx").on(t.bidId)],
);
