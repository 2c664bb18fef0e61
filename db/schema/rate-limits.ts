import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Counters for rate limits shared by every app process (rate-limiter-flexible's Drizzle store:
 * an atomic upsert per key). Keys are hashed, so the table holds no address.
 */
export const rateLimits = pgTable("rate_limits", {
  key: text().primaryKey(),
  points: integer().notNull(),
  expire: timestamp({ withTimezone: true }),
});
