import { bigint, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { needChannel, needStatus, needUrgency } from "./enums";
import { users } from "./identity";
import { regions } from "./places";

/** A community's service need (需求): the planning stage every tender traces back to. */
export const needs = pgTable(
  "needs",
  {
    id: uuid().primaryKey().defaultRandom(),
    communityId: uuid()
      .notNull()
      .references(() => regions.id),
    gridId: uuid().references(() => regions.id),
    title: text().notNull(),
    description: text().notNull(),
    category: text().notNull(),
    targetGroup: text().notNull(),
    beneficiariesEstimate: integer().notNull(),
    suggestedBudget: bigint({ mode: "number" }).notNull(),
    urgency: needUrgency().notNull().default("normal"),
    channel: needChannel().notNull(),
    status: needStatus().notNull().default("submitted"),
    reviewReason: text(),
    reviewedBy: uuid().references(() => users.id),
    reviewedAt: timestamp({ withTimezone: true }),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("needs_community_idx").on(t.communityId, t.status), index("needs_status_idx").on(t.status)],
);

/** A resident's support (附议) for a need: once per resident. */
export const needSupports = pgTable(
  "need_supports",
  {
    needId: uuid()
      .notNull()
      .references(() => needs.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.needId, t.userId] })],
);
