import { stringify } from "csv-stringify/sync";
import type { Queryable } from "#db/client";
import type { Locale, Translate } from "~/i18n";
import { cachedStatistics } from "./stats-cache.server";
import type { StatsFilter } from "./stats-filter";
import { csvCell, csvHeader, statTable, type StatTableName } from "./stat-tables";

/**
 * One statistics table as CSV, headers in the reader's language, from the same figures the page
 * shows (one computation per filter and state of the data). A byte-order mark makes spreadsheet
 * programs read the UTF-8 Chinese correctly.
 */
export async function statisticsCsv(db: Queryable, name: StatTableName, filter: StatsFilter, t: Translate, locale: Locale, now = new Date()) {
  const { stats } = await cachedStatistics(db, filter, now);
  const view = statTable(name, stats, t, locale);
  return stringify([view.columns.map(csvHeader), ...view.rows.map((row) => row.map((cell) => csvCell(cell, t)))], { bom: true, record_delimiter: "windows" });
}
