import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { awards } from "./awards";
import { bids } from "./bids";
import { contractParty, contractStatus, donationStatus, milestoneStatus, progressReportStatus, serviceConfirmationStatus } from "./enums";
import { users } from "./identity";
import { organizations } from "./organizations";
import { bureaus, regions } from "./places";
import { tenders } from "./tenders";

/**
 * The contract (合同) generated from a final award (DESIGN §4.7). `content` is the snapshot the
 * PDF renders (parties, deliverables, indicators, communities, budget breakdown); `version` grows
 * whenever it changes, and signatures count only for the version they signed.
 */
export const contracts = pgTable(
  "contracts",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenderId: uuid()
      .notNull()
      .references(() => tenders.id),
    awardId: uuid()
      .notNull()
      .references(() => awards.id),
    bidId: uuid()
      .notNull()
      .references(() => bids.id),
    bureauId: uuid()
      .notNull()
      .references(() => bureaus.id),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    /** Contract number shown on the PDF, e.g. 金水民政购〔2026〕7号. */
    number: text().notNull(),
    title: text().notNull(),
    amount: bigint({ mode: "number" }).notNull(),
    serviceStartOn: date({ mode: "string" }).notNull(),
    serviceEndOn: date({ mode: "string" }).notNull(),
    content: jsonb().notNull(),
    version: integer().notNull().default(1),
    /** SHA-256 of the PDF of the current version (what signers sign). */
    pdfSha256: text().notNull(),
    status: contractStatus().notNull().default("draft"),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    activatedAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
    terminatedAt: timestamp({ withTimezone: true }),
    terminatedBy: uuid().references(() => users.id),
    terminationReason: text(),
  },
  (t) => [
    // One contract per award.
    uniqueIndex("contracts_award_idx").on(t.awardId),
    index("contracts_tender_idx").on(t.tenderId),
    index("contracts_organization_idx").on(t.organizationId, t.status),
    index("contracts_bureau_idx").on(t.bureauId, t.status),
    check("contracts_amount_positive", sql`${t.amount} > 0`),
  ],
);

/** A party's signature on one version of the contract: who, when, and the hash of the PDF signed. */
export const contractSignatures = pgTable(
  "contract_signatures",
  {
    id: uuid().primaryKey().defaultRandom(),
    contractId: uuid()
      .notNull()
      .references(() => contracts.id),
    party: contractParty().notNull(),
    contractVersion: integer().notNull(),
    pdfSha256: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    signedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("contract_signatures_once_idx").on(t.contractId, t.contractVersion, t.party)],
);

/** The service communities named in the contract (they confirm the service happened). */
export const contractCommunities = pgTable(
  "contract_communities",
  {
    contractId: uuid()
      .notNull()
      .references(() => contracts.id),
    communityId: uuid()
      .notNull()
      .references(() => regions.id),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.communityId] }), index("contract_communities_community_idx").on(t.communityId)],
);

/** Milestones of the contract, one per payment tranche of the tender's payment plan. */
export const contractMilestones = pgTable(
  "contract_milestones",
  {
    id: uuid().primaryKey().defaultRandom(),
    contractId: uuid()
      .notNull()
      .references(() => contracts.id),
    position: integer().notNull(),
    name: text().notNull(),
    dueOn: date({ mode: "string" }).notNull(),
    /** The first milestone (on signing) needs no report: it is met when the contract is active. */
    needsReport: boolean().notNull().default(true),
    status: milestoneStatus().notNull().default("pending"),
    returnReason: text(),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("contract_milestones_position_idx").on(t.contractId, t.position)],
);

/** Payment tranches (付款节点): amounts in fen from the plan's percentages, summing to the amount. */
export const paymentTranches = pgTable(
  "payment_tranches",
  {
    id: uuid().primaryKey().defaultRandom(),
    contractId: uuid()
      .notNull()
      .references(() => contracts.id),
    milestoneId: uuid()
      .notNull()
      .references(() => contractMilestones.id),
    position: integer().notNull(),
    percentage: integer().notNull(),
    amount: bigint({ mode: "number" }).notNull(),
    /** The final tranche waits for the outcome evaluation (合格 or better). */
    isFinal: boolean().notNull().default(false),
  },
  (t) => [
    uniqueIndex("payment_tranches_position_idx").on(t.contractId, t.position),
    uniqueIndex("payment_tranches_milestone_idx").on(t.milestoneId),
    check("payment_tranches_amount_non_negative", sql`${t.amount} >= 0`),
  ],
);

/** A payment recorded by the bureau; the unique tranche makes "paid once" a database fact. */
export const payments = pgTable(
  "payments",
  {
    id: uuid().primaryKey().defaultRandom(),
    trancheId: uuid()
      .notNull()
      .references(() => paymentTranches.id),
    contractId: uuid()
      .notNull()
      .references(() => contracts.id),
    amount: bigint({ mode: "number" }).notNull(),
    paidOn: date({ mode: "string" }).notNull(),
    reference: text().notNull(),
    recordedBy: uuid()
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("payments_tranche_idx").on(t.trancheId), index("payments_contract_idx").on(t.contractId)],
);

/**
 * The agency's progress report (进度报告) for a milestone. One per milestone: a returned
 * milestone sends it back to draft for revision; `revision` counts submissions.
 * activities: [{date, title, place, participants}]; spending: [{line, amount}] (fen, lines of the
 * bid's budget breakdown).
 */
export const progressReports = pgTable(
  "progress_reports",
  {
    id: uuid().primaryKey().defaultRandom(),
    milestoneId: uuid()
      .notNull()
      .references(() => contractMilestones.id),
    contractId: uuid()
      .notNull()
      .references(() => contracts.id),
    status: progressReportStatus().notNull().default("draft"),
    periodStart: date({ mode: "string" }).notNull(),
    periodEnd: date({ mode: "string" }).notNull(),
    activities: jsonb().notNull(),
    beneficiaries: integer().notNull(),
    volunteerHours: numeric({ precision: 10, scale: 1, mode: "number" }).notNull(),
    spending: jsonb().notNull(),
    narrative: text().notNull(),
    revision: integer().notNull().default(0),
    updatedBy: uuid()
      .notNull()
      .references(() => users.id),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    submittedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("progress_reports_milestone_idx").on(t.milestoneId), index("progress_reports_contract_idx").on(t.contractId)],
);

/** A service community's confirmation that the milestone's service happened there (or a problem). */
export const serviceConfirmations = pgTable(
  "service_confirmations",
  {
    milestoneId: uuid()
      .notNull()
      .references(() => contractMilestones.id),
    communityId: uuid()
      .notNull()
      .references(() => regions.id),
    status: serviceConfirmationStatus().notNull(),
    note: text(),
    /** The report revision confirmed; a resubmitted report needs confirming again. */
    reportRevision: integer().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.milestoneId, t.communityId] })],
);

/**
 * Co-funding (社会捐赠) through Stripe Checkout. A row is created "pending" with the Checkout
 * Session; the webhook marks it paid once per Stripe event id. No donor personal data beyond the
 * name the donor chose to show (null = anonymous).
 */
export const donations = pgTable(
  "donations",
  {
    id: uuid().primaryKey().defaultRandom(),
    contractId: uuid()
      .notNull()
      .references(() => contracts.id),
    amount: bigint({ mode: "number" }).notNull(),
    currency: text().notNull().default("cny"),
    donorName: text(),
    message: text(),
    status: donationStatus().notNull().default("pending"),
    stripeSessionId: text(),
    stripeEventId: text(),
    /** Unguessable token in the donor's receipt link. */
    receiptToken: text().notNull(),
    receiptNumber: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    paidAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("donations_session_idx").on(t.stripeSessionId),
    uniqueIndex("donations_event_idx").on(t.stripeEventId),
    uniqueIndex("donations_receipt_token_idx").on(t.receiptToken),
    index("donations_contract_idx").on(t.contractId, t.status),
    check("donations_amount_min", sql`${t.amount} >= 100`),
  ],
);

/** Every Stripe webhook event processed, by its id: a replayed event changes nothing. */
export const stripeEvents = pgTable("stripe_events", {
  id: text().primaryKey(),
  type: text().notNull(),
  receivedAt: timestamp({ withTimezone: true }).notNull(),
});
