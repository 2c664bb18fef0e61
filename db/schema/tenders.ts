import { bigint, boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { budgetLines } from "./budgets";
import { procurementMethod, tenderStatus } from "./enums";
import { users } from "./identity";
import { needs } from "./needs";
import { organizations } from "./organizations";
import { bureaus, regions } from "./places";

/** The call for bids (采购公告). Money in fen; a venture call's pot is its ceiling. */
export const tenders = pgTable(
  "tenders",
  {
    id: uuid().primaryKey().defaultRandom(),
    bureauId: uuid()
      .notNull()
      .references(() => bureaus.id),
    budgetLineId: uuid()
      .notNull()
      .references(() => budgetLines.id),
    title: text().notNull(),
    description: text().notNull(),
    category: text().notNull(),
    method: procurementMethod().notNull(),
    theme: text(),
    ceilingPrice: bigint({ mode: "number" }).notNull(),
    servicePeriodMonths: integer().notNull(),
    recurringService: boolean().notNull().default(false),
    eligibility: text().notNull(),
    pricePoints: integer().notNull(),
    weightPurchaser: integer().notNull().default(30),
    weightThirdParty: integer().notNull().default(40),
    weightSatisfaction: integer().notNull().default(30),
    contactName: text().notNull(),
    contactPhone: text().notNull(),
    enquiryDeadline: timestamp({ withTimezone: true }).notNull(),
    bidDeadline: timestamp({ withTimezone: true }).notNull(),
    status: tenderStatus().notNull().default("draft"),
    publishedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
    copiedFromId: uuid(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("tenders_status_deadline_idx").on(t.status, t.bidDeadline),
    index("tenders_bureau_idx").on(t.bureauId, t.status),
    index("tenders_category_idx").on(t.category),
    // The public list filtered by district (its bureaus) and category, in list order: reads only
    // the matching tenders however many other districts publish.
    index("tenders_bureau_category_deadline_idx").on(t.bureauId, t.category, t.bidDeadline, t.id),
    // The public list's order (bid deadline, then id): a deep page reads its rows, not the table.
    index("tenders_deadline_id_idx").on(t.bidDeadline, t.id),
  ],
);

export const tenderNeeds = pgTable(
  "tender_needs",
  {
    tenderId: uuid()
      .notNull()
      .references(() => tenders.id, { onDelete: "cascade" }),
    needId: uuid()
      .notNull()
      .references(() => needs.id),
  },
  (t) => [primaryKey({ columns: [t.tenderId, t.needId] }), index("tender_needs_need_idx").on(t.needId)],
);

export const tenderCommunities = pgTable(
  "tender_communities",
  {
    tenderId: uuid()
      .notNull()
      .references(() => tenders.id, { onDelete: "cascade" }),
    communityId: uuid()
      .notNull()
      .references(() => regions.id),
  },
  (t) => [primaryKey({ columns: [t.tenderId, t.communityId] }), index("tender_communities_community_idx").on(t.communityId)],
);

/** Non-price evaluation criteria (评分标准); the price criterion's points live on the tender. */
export const tenderCriteria = pgTable(
  "tender_criteria",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenderId: uuid()
      .notNull()
      .references(() => tenders.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    name: text().notNull(),
    description: text().notNull(),
    maxPoints: integer().notNull(),
  },
  (t) => [index("tender_criteria_tender_idx").on(t.tenderId, t.position)],
);

/** The payment plan: one tranche per milestone, percentages summing to 100. */
export const tenderTranches = pgTable(
  "tender_tranches",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenderId: uuid()
      .notNull()
      .references(() => tenders.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    milestone: text().notNull(),
    percentage: integer().notNull(),
  },
  (t) => [index("tender_tranches_tender_idx").on(t.tenderId, t.position)],
);

/** Questions (答疑): the asker is kept for the record but never shown. */
export const enquiries = pgTable(
  "enquiries",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenderId: uuid()
      .notNull()
      .references(() => tenders.id, { onDelete: "cascade" }),
    question: text().notNull(),
    askedByOrganizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    askedBy: uuid()
      .notNull()
      .references(() => users.id),
    askedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    answer: text(),
    answeredBy: uuid().references(() => users.id),
    answeredAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("enquiries_tender_idx").on(t.tenderId, t.askedAt)],
);

/** Published changes (更正公告), with the bid deadline before and after. */
export const amendments = pgTable(
  "amendments",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenderId: uuid()
      .notNull()
      .references(() => tenders.id, { onDelete: "cascade" }),
    changes: text().notNull(),
    reason: text().notNull(),
    affectsBids: boolean().notNull(),
    previousBidDeadline: timestamp({ withTimezone: true }).notNull(),
    newBidDeadline: timestamp({ withTimezone: true }).notNull(),
    deadlineMoved: boolean().notNull(),
    publishedBy: uuid()
      .notNull()
      .references(() => users.id),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("amendments_tender_idx").on(t.tenderId, t.publishedAt)],
);
