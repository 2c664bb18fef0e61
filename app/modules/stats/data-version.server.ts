import { eq } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { statsVersion } from "#db/schema";

/**
 * The value of `stats_version`: it moves once for every committed transaction that wrote a table
 * the public figures read (tenders, bureaus, awards, contracts, payments… migration 0009). Two
 * reads that see the same value saw the same committed writes to those tables, in any process,
 * so a figure computed from them can be cached under it. One primary-key lookup.
 */
export async function publicDataVersion(db: Queryable): Promise<number> {
  const [row] = await db.select({ n: statsVersion.n }).from(statsVersion).where(eq(statsVersion.id, 1));
  return row?.n ?? 0;
}
