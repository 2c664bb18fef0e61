import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { budgetMovementKind, fundSource } from "./enums";
import { users } from "./identity";
import { bureaus } from "./places";

/**
 * A bureau's budget for a fiscal year and fund source. The running totals are kept on the
 * row and changed only under a row lock; the CHECK makes overdrawing impossible even if a
 * command were wrong (DESIGN §4.2).
 */
export const budgetLines = pgTable(
  "budget_lines",
  {
    id: uuid().primaryKey().defaultRandom(),
    bureauId: uuid()
      .notNull()
      .references(() => bureaus.id),
    fiscalYear: integer().notNull(),
    fundSource: fundSource().notNull(),
    name: text().notNull(),
    amount: bigint({ mode: "number" }).notNull(),
    reserved: bigint({ mode: "number" }).notNull().default(0),
    committed: bigint({ mode: "number" }).notNull().default(0),
    paid: bigint({ mode: "number" }).notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("budget_lines_bureau_idx").on(t.bureauId, t.fiscalYear),
    check("budget_lines_non_negative", sql`${t.amount} >= 0 and ${t.reserved} >= 0 and ${t.committed} >= 0 and ${t.paid} >= 0`),
    check("budget_lines_within_amount", sql`${t.reserved} + ${t.committed} + ${t.paid} <= ${t.amount}`),
  ],
);

/** Every change to a line's totals, for its history. */
export const budgetMovements = pgTable(
  "budget_movements",
  {
    id: uuid().primaryKey().defaultRandom(),
    budgetLineId: uuid()
      .notNull()
      .references(() => budgetLines.id),
    kind: budgetMovementKind().notNull(),
    amount: bigint({ mode: "number" }).notNull(),
    subjectType: text().notNull(),
    subjectId: uuid().notNull(),
    actorId: uuid().references(() => users.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("budget_movements_line_idx").on(t.budgetLineId, t.at)],
);
