import { stringify } from "csv-stringify/sync";
import type { Queryable } from "#db/client";
import type { Locale, Translate } from "~/i18n";
import type { StatsFilter } from "./stats-filter";
import { csvCell, csvHeader, statTable, type StatTableName } from "./stat-tables";
import {
  budgetByFundSource,
  competition,
  concentrationByDistrict,
  contractMoneyByDistrict,
  outcomesByCategory,
  surveyResponseRates,
  tendersByCategory,
  tendersByDistrict,
  timeToTenderAndAward,
  winnerShareByYear,
  type Statistics,
} from "./stats.server";

const NONE: Statistics = { budget: [], categories: [], districts: [], competition: [], gap: [], concentration: [], timing: [], contractMoney: [], outcomes: [], surveys: [] };

/** Runs only the query a table needs. */
async function dataFor(db: Queryable, name: StatTableName, filter: StatsFilter, now: Date): Promise<Statistics> {
  switch (name) {
    case "budget":
      return { ...NONE, budget: await budgetByFundSource(db, filter) };
    case "categories":
      return { ...NONE, categories: await tendersByCategory(db, filter) };
    case "districts":
      return { ...NONE, districts: await tendersByDistrict(db, filter) };
    case "bids":
    case "competition":
      return { ...NONE, competition: await competition(db, filter) };
    case "gap":
      return { ...NONE, gap: await winnerShareByYear(db, filter, now) };
    case "concentration":
      return { ...NONE, concentration: await concentrationByDistrict(db, filter) };
    case "timing":
      return { ...NONE, timing: await timeToTenderAndAward(db, filter) };
    case "contracts":
      return { ...NONE, contractMoney: await contractMoneyByDistrict(db, filter) };
    case "outcomes":
      return { ...NONE, outcomes: await outcomesByCategory(db, filter) };
    case "surveys":
      return { ...NONE, surveys: await surveyResponseRates(db, filter) };
  }
}

/**
 * One statistics table as CSV, headers in the reader's language. A byte-order mark makes
 * spreadsheet programs read the UTF-8 Chinese correctly.
 */
export async function statisticsCsv(db: Queryable, name: StatTableName, filter: StatsFilter, t: Translate, locale: Locale, now = new Date()) {
  const view = statTable(name, await dataFor(db, name, filter, now), t, locale);
  return stringify([view.columns.map(csvHeader), ...view.rows.map((row) => row.map((cell) => csvCell(cell, t)))], { bom: true, record_delimiter: "windows" });
}
