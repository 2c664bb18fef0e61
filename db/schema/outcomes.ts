import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { contracts } from "./contracts";
import { creditProposalStatus, outcomeEvaluationStatus, outcomeGrade } from "./enums";
import { users } from "./identity";
import { organizations } from "./organizations";
import { regions } from "./places";
import { tenders } from "./tenders";

/**
 * The tender's outcome-indicator template (绩效评估指标): dimensions (项目管理 20, 服务成效 30…)
 * with sub-indicators, each with max points and guidance; editable until the tender is published
 * (DESIGN §4.8). Sub-indicator points sum to 100.
 */
export const outcomeIndicators = pgTable(
  "outcome_indicators",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenderId: uuid()
      .notNull()
      .references(() => tenders.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    dimension: text().notNull(),
    name: text().notNull(),
    maxPoints: integer().notNull(),
    guidance: text().notNull(),
  },
  (t) => [index("outcome_indicators_tender_idx").on(t.tenderId, t.position), check("outcome_indicators_points", sql`${t.maxPoints} > 0`)],
);

/**
 * One outcome evaluation per contract: the third party's scores, the purchaser's acceptance
 * score, the satisfaction result, and the composite grade once all three are in.
 */
export const outcomeEvaluations = pgTable(
  "outcome_evaluations",
  {
    id: uuid().primaryKey().defaultRandom(),
    contractId: uuid()
      .notNull()
      .references(() => contracts.id),
    evaluatorOrganizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    commissionedBy: uuid()
      .notNull()
      .references(() => users.id),
    commissionedAt: timestamp({ withTimezone: true }).notNull(),
    dueOn: date({ mode: "string" }).notNull(),
    status: outcomeEvaluationStatus().notNull().default("commissioned"),
    thirdPartyScore: numeric({ precision: 5, scale: 2, mode: "number" }),
    submittedBy: uuid().references(() => users.id),
    submittedAt: timestamp({ withTimezone: true }),
    agencyResponse: text(),
    agencyRespondedAt: timestamp({ withTimezone: true }),
    purchaserScore: numeric({ precision: 5, scale: 2, mode: "number" }),
    purchaserReasons: text(),
    purchaserScoredBy: uuid().references(() => users.id),
    purchaserScoredAt: timestamp({ withTimezone: true }),
    satisfactionScore: numeric({ precision: 5, scale: 2, mode: "number" }),
    satisfactionResponses: integer(),
    compositeScore: numeric({ precision: 5, scale: 2, mode: "number" }),
    grade: outcomeGrade(),
    gradedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("outcome_evaluations_contract_idx").on(t.contractId),
    index("outcome_evaluations_evaluator_idx").on(t.evaluatorOrganizationId, t.status),
  ],
);

/** The evaluator's score for one sub-indicator, with its justification and evidence. */
export const outcomeScores = pgTable(
  "outcome_scores",
  {
    evaluationId: uuid()
      .notNull()
      .references(() => outcomeEvaluations.id),
    indicatorId: uuid()
      .notNull()
      .references(() => outcomeIndicators.id),
    score: numeric({ precision: 5, scale: 2, mode: "number" }).notNull(),
    justification: text().notNull(),
    /** What the score rests on: documents, site visits, records consulted (files: the evaluation's attachments). */
    evidence: text(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.evaluationId, t.indicatorId] })],
);

/** A site visit (实地走访) by the evaluator; photos are attachments owned by the visit. */
export const siteVisits = pgTable(
  "site_visits",
  {
    id: uuid().primaryKey().defaultRandom(),
    evaluationId: uuid()
      .notNull()
      .references(() => outcomeEvaluations.id),
    visitedOn: date({ mode: "string" }).notNull(),
    place: text().notNull(),
    peopleMet: text().notNull(),
    notes: text().notNull(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("site_visits_evaluation_idx").on(t.evaluationId)],
);

/**
 * The satisfaction survey (服务对象满意度) of a contract: its questions (editable until the first
 * token is issued). questions: [{key, text}] answered on a 1-5 scale.
 */
export const surveys = pgTable("surveys", {
  contractId: uuid()
    .primaryKey()
    .references(() => contracts.id),
  questions: jsonb().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
});

/**
 * Single-use survey tokens handed out by a service community. The token is only marked used, on
 * the day (no time), so that no answer can be joined back to it.
 */
export const surveyTokens = pgTable(
  "survey_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    contractId: uuid()
      .notNull()
      .references(() => contracts.id),
    communityId: uuid()
      .notNull()
      .references(() => regions.id),
    /** Short code printed beside the QR code, for people without phones. */
    code: text().notNull(),
    issuedBy: uuid()
      .notNull()
      .references(() => users.id),
    issuedAt: timestamp({ withTimezone: true }).notNull(),
    expiresOn: date({ mode: "string" }).notNull(),
    usedOn: date({ mode: "string" }),
  },
  (t) => [uniqueIndex("survey_tokens_code_idx").on(t.code), index("survey_tokens_contract_idx").on(t.contractId, t.communityId)],
);

/**
 * An anonymous answer: no token, no person, no time beyond the day. `scores` follows the order of
 * the survey's questions (1-5 each).
 */
export const surveyResponses = pgTable(
  "survey_responses",
  {
    id: uuid().primaryKey().defaultRandom(),
    contractId: uuid()
      .notNull()
      .references(() => contracts.id),
    scores: smallint().array().notNull(),
    comment: text(),
    answeredOn: date({ mode: "string" }).notNull(),
  },
  (t) => [index("survey_responses_contract_idx").on(t.contractId)],
);

/**
 * Survey tokens handed out and answers received, per project and Beijing year (tokens by the day
 * they were issued, answers by the day they were given). The statistics' response rates read
 * these few rows instead of counting millions of tokens and answers (issue 8). Kept by statement
 * triggers on survey_tokens and survey_responses (migration 0011), in the writing transaction.
 */
export const surveyCounts = pgTable(
  "survey_counts",
  {
    contractId: uuid()
      .notNull()
      .references(() => contracts.id),
    year: integer().notNull(),
    tokens: integer().notNull().default(0),
    responses: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.year] })],
);

/**
 * A proposal to put an organization on the abnormal list (two 不合格 grades within 3 years,
 * DESIGN §4.9); a bureau officer confirms or dismisses it with a reason.
 */
export const creditProposals = pgTable(
  "credit_proposals",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    reason: text().notNull(),
    evaluationIds: uuid().array().notNull(),
    status: creditProposalStatus().notNull().default("proposed"),
    proposedAt: timestamp({ withTimezone: true }).notNull(),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionReason: text(),
  },
  (t) => [
    index("credit_proposals_organization_idx").on(t.organizationId, t.status),
    // At most one open proposal per organization.
    uniqueIndex("credit_proposals_open_idx").on(t.organizationId).where(sql`${t.status} = 'proposed'`),
  ],
);
