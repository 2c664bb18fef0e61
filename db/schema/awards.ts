import { bigint, date, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { bids } from "./bids";
import { awardStatus, challengeRemedy, challengeStatus } from "./enums";
import { users } from "./identity";
import { organizations } from "./organizations";
import { tenders } from "./tenders";

/**
 * The award (中标/成交) with its publicity (1 working day) and challenge window (7 working
 * days after it, 政府采购法 art. 52). "final" is reached lazily once the window has passed
 * with no pending challenge.
 */
export const awards = pgTable(
  "awards",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenderId: uuid()
      .notNull()
      .references(() => tenders.id),
    bidId: uuid()
      .notNull()
      .references(() => bids.id),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    amount: bigint({ mode: "number" }).notNull(),
    status: awardStatus().notNull().default("publicity"),
    skipReason: text(),
    confirmedBy: uuid()
      .notNull()
      .references(() => users.id),
    confirmedAt: timestamp({ withTimezone: true }).notNull(),
    publicityEndsOn: date({ mode: "string" }).notNull(),
    challengeDeadline: date({ mode: "string" }).notNull(),
    finalAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  // By organization: the public credit record sums an organization's awards.
  (t) => [index("awards_tender_idx").on(t.tenderId, t.status), index("awards_organization_idx").on(t.organizationId, t.status)],
);

/** A bidder's formal objection (质疑) and the bureau's answer, published without personal data. */
export const challenges = pgTable(
  "challenges",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenderId: uuid()
      .notNull()
      .references(() => tenders.id),
    awardId: uuid()
      .notNull()
      .references(() => awards.id),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    filedBy: uuid()
      .notNull()
      .references(() => users.id),
    subject: text().notNull(),
    grounds: text().notNull(),
    filedAt: timestamp({ withTimezone: true }).notNull(),
    answerDueOn: date({ mode: "string" }).notNull(),
    status: challengeStatus().notNull().default("pending"),
    answer: text(),
    remedy: challengeRemedy(),
    answeredBy: uuid().references(() => users.id),
    answeredAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("challenges_tender_idx").on(t.tenderId, t.status)],
);
