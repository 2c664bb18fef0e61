import { bigint, pgTable, smallint } from "drizzle-orm/pg-core";

/**
 * One counter that every committed write to a table the public statistics read increments
 * exactly once (a deferred trigger at commit, migration 0009). The statistics page caches its
 * figures per filter under the counter's value read in the same snapshot, so a cached page is
 * served only while nothing it depends on has changed — in any app process.
 */
export const statsVersion = pgTable("stats_version", {
  id: smallint().primaryKey().default(1),
  n: bigint({ mode: "number" }).notNull().default(0),
});
