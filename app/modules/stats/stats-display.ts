/**
 * What the statistics page shows of the per-district figures. A city has a dozen districts, a
 * province or the country hundreds or thousands: the page lists the districts with the most money
 * and folds the rest into one row (its totals still count in every sum), so that it stays
 * readable and costs the same to render however many districts there are. The CSV files always
 * hold every district.
 */
import { translator } from "~/i18n";
import type { Statistics } from "./stats.server";

/** Districts shown by name in each per-district figure (Zhengzhou has 12). */
export const SHOWN_DISTRICTS = 12;

/** The row standing for the districts not shown by name. */
export const OTHER_DISTRICTS_ID = "others";

interface Named {
  districtId: string;
  nameZh: string;
  nameEn: string;
}

type Numeric<T> = { [K in keyof T as T[K] extends number ? K : never]: T[K] };

/** The `limit` rows weighing most (stable: ties keep their order), then the rest summed into one. */
function fold<T extends Named>(rows: T[], weight: (row: T) => number, limit: number, sum: (rest: T[]) => Omit<T, keyof Named>): T[] {
  if (rows.length <= limit + 1) return rows;
  const ranked = rows.map((row, index) => ({ row, index })).sort((a, b) => weight(b.row) - weight(a.row) || a.index - b.index);
  const shown = ranked.slice(0, limit).sort((a, b) => a.index - b.index).map((r) => r.row);
  const rest = ranked.slice(limit).map((r) => r.row);
  const name = (locale: "zh-CN" | "en") => translator(locale)("stats.otherDistricts", { count: rest.length });
  return [...shown, { ...sum(rest), districtId: OTHER_DISTRICTS_ID, nameZh: name("zh-CN"), nameEn: name("en") } as T];
}

function sumOf<T>(keys: (keyof Numeric<T>)[]) {
  return (rows: T[]) => Object.fromEntries(keys.map((key) => [key, rows.reduce((n, row) => n + (row[key] as number), 0)])) as Numeric<T>;
}

/**
 * The figures as the page shows them: tenders and contract money by district, the top `limit`
 * districts by money and one row for the others; winner concentration for the top `limit`
 * districts by awarded money only (a share of the top three means nothing over districts pooled).
 * Everything else as computed.
 */
export function statisticsForPage(stats: Statistics, limit = SHOWN_DISTRICTS): Statistics & { hiddenDistricts: number } {
  const districts = fold(stats.districts, (d) => d.awarded + d.ceiling, limit, sumOf<Statistics["districts"][number]>(["tenders", "ceiling", "awardedTenders", "awarded"]));
  const contractMoney = fold(stats.contractMoney, (d) => d.contracted + d.donated, limit, sumOf<Statistics["contractMoney"][number]>(["contracts", "contracted", "paid", "donations", "donated"]));
  const folded = stats.districts.length > limit + 1;
  const concentration = !folded
    ? stats.concentration
    : [...stats.concentration]
        .map((row, index) => ({ row, index }))
        .sort((a, b) => b.row.total - a.row.total || a.index - b.index)
        .slice(0, limit)
        .sort((a, b) => a.index - b.index)
        .map((r) => r.row);
  return { ...stats, districts, contractMoney, concentration, hiddenDistricts: folded ? stats.districts.length - limit : 0 };
}
