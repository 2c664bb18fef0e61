/**
 * The statistics page's figures, computed once per filter and per state of the data, then served
 * from memory (issue 8: the page must answer within 150 ms with a city's ten years of data).
 *
 * Correct on every write: the key holds the value of `stats_version`, a counter that each
 * committed transaction writing a table the figures read increments once (migration 0009). A
 * request reads the counter (one primary-key lookup); if a write committed since the figures
 * were computed, the counter moved and the figures are computed again, in one repeatable-read
 * snapshot so that all of them describe the same moment. Concurrent requests for one key share a
 * single computation. Each app process keeps its own cache; the counter is shared through the
 * database, so a write through one process is seen by the next request to any other.
 */
import { LRUCache } from "lru-cache";
import type { Queryable } from "#db/client";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { publicDataVersion } from "./data-version.server";
import { statsQuery, type StatsFilter } from "./stats-filter";
import { loadStatistics, statisticsYears, type Statistics } from "./stats.server";

export interface StatisticsSnapshot {
  stats: Statistics;
  years: number[];
  /** The counter's value in the snapshot the figures were read from. */
  version: number;
}

interface Context {
  db: Queryable;
  filter: StatsFilter;
  now: Date;
}

const cache = new LRUCache<string, StatisticsSnapshot, Context>({
  // Districts × years × today's date × the current counter: old counters are never asked again
  // and age out.
  max: 200,
  fetchMethod: (_key, _stale, { context }) => computeSnapshot(context),
});

async function computeSnapshot({ db, filter, now }: Context): Promise<StatisticsSnapshot> {
  return db.transaction(
    async (tx) => {
      const version = await publicDataVersion(tx);
      const [stats, years] = await Promise.all([loadStatistics(tx, filter, now), statisticsYears(tx, now)]);
      return { stats, years, version };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/**
 * The figures for `filter` as of the last committed write. `now` fixes "today" (the current year
 * and the years offered); the cache keeps one entry per Beijing date. `knownVersion` is the
 * counter's value when the caller has just read it.
 */
export async function cachedStatistics(db: Queryable, filter: StatsFilter, now = new Date(), knownVersion?: number): Promise<StatisticsSnapshot> {
  const version = knownVersion ?? (await publicDataVersion(db));
  const key = `${statsQuery(filter)}|${shanghaiToday(now)}|${version}`;
  const snapshot = await cache.fetch(key, { context: { db, filter, now } });
  if (!snapshot) throw new Error("statistics computation produced nothing");
  return snapshot;
}

