import { bigint, boolean, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { bids } from "./bids";
import { committeeMemberStatus, scoreSheetStatus } from "./enums";
import { users } from "./identity";
import { organizations } from "./organizations";
import { tenderCriteria, tenders } from "./tenders";

/** Members of a tender's evaluation committee (评标委员会): bureau staff and experts. */
export const committeeMembers = pgTable(
  "committee_members",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenderId: uuid()
      .notNull()
      .references(() => tenders.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    isExpert: boolean().notNull(),
    status: committeeMemberStatus().notNull().default("active"),
    addedBy: uuid()
      .notNull()
      .references(() => users.id),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    recusedAt: timestamp({ withTimezone: true }),
    // The recused member this one replaces; unique, so a recusal is filled exactly once.
    replacesMemberId: uuid().references((): AnyPgColumn => committeeMembers.id),
  },
  (t) => [
    uniqueIndex("committee_members_unique_idx").on(t.tenderId, t.userId),
    index("committee_members_user_idx").on(t.userId),
    uniqueIndex("committee_members_replaces_idx").on(t.replacesMemberId),
  ],
);

/** Per member, per bidder: conflict of interest (利害关系) or not, declared before seeing bids. */
export const conflictDeclarations = pgTable(
  "conflict_declarations",
  {
    memberId: uuid()
      .notNull()
      .references(() => committeeMembers.id),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    hasConflict: boolean().notNull(),
    note: text(),
    declaredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.organizationId] })],
);

/** One member's scores for one bid; locked once submitted. */
export const scoreSheets = pgTable(
  "score_sheets",
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid()
      .notNull()
      .references(() => committeeMembers.id),
    bidId: uuid()
      .notNull()
      .references(() => bids.id),
    status: scoreSheetStatus().notNull().default("draft"),
    submittedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("score_sheets_unique_idx").on(t.memberId, t.bidId)],
);

export const scores = pgTable(
  "scores",
  {
    sheetId: uuid()
      .notNull()
      .references(() => scoreSheets.id, { onDelete: "cascade" }),
    criterionId: uuid()
      .notNull()
      .references(() => tenderCriteria.id),
    points: numeric({ precision: 6, scale: 2 }).notNull(),
    justification: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.sheetId, t.criterionId] })],
);

/** The committee's result per bid: price score, total (2 decimals), rank, recommendation. */
export const evaluationResults = pgTable(
  "evaluation_results",
  {
    tenderId: uuid()
      .notNull()
      .references(() => tenders.id),
    bidId: uuid()
      .notNull()
      .references(() => bids.id),
    priceScore: numeric({ precision: 8, scale: 2 }).notNull(),
    total: numeric({ precision: 8, scale: 2 }).notNull(),
    rank: integer().notNull(),
    recommended: boolean().notNull(),
    funded: boolean(),
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenderId, t.bidId] }), index("evaluation_results_rank_idx").on(t.tenderId, t.rank)],
);

/** Per tender: when the ranking was computed, the draw seed if a draw decided, the deviation flags. */
export const evaluationReports = pgTable("evaluation_reports", {
  tenderId: uuid()
    .primaryKey()
    .references(() => tenders.id),
  computedAt: timestamp({ withTimezone: true }).notNull(),
  drawSeed: text(),
  flags: jsonb().notNull(),
  benchmarkPrice: bigint({ mode: "number" }).notNull(),
});
