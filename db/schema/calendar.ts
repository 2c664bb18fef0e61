import { date, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { calendarDayKind } from "./enums";

/** A year whose official holiday arrangement (放假安排 with 调休) is loaded. */
export const calendarYears = pgTable("calendar_years", {
  year: integer().primaryKey(),
  source: text().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const calendarDays = pgTable("calendar_days", {
  day: date({ mode: "string" }).primaryKey(),
  year: integer()
    .notNull()
    .references(() => calendarYears.year, { onDelete: "cascade" }),
  kind: calendarDayKind().notNull(),
});
