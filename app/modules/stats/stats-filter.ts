/**
 * The filter of the public statistics (DESIGN §5): a district and a year, both optional, read
 * from the address so that every filtered view and its CSV files have an address of their own.
 * Nonsense in the address is ignored, never refused: a filter is not a form.
 */
export interface StatsFilter {
  /** A district's region id. */
  districtId?: string;
  /** A calendar year (China's fiscal year), counted in Beijing time. */
  year?: number;
}

export const STATS_YEAR_RANGE = { min: 2000, max: 2100 } as const;

export function parseStatsFilter(params: URLSearchParams, districtIds: readonly string[]): StatsFilter {
  const district = params.get("district") ?? "";
  const yearText = params.get("year") ?? "";
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
  return {
    districtId: districtIds.includes(district) ? district : undefined,
    year: year >= STATS_YEAR_RANGE.min && year <= STATS_YEAR_RANGE.max ? year : undefined,
  };
}

/** "?district=…&year=…" (or "") for links that keep the filter. */
export function statsQuery(filter: StatsFilter): string {
  const params = new URLSearchParams();
  if (filter.districtId) params.set("district", filter.districtId);
  if (filter.year) params.set("year", String(filter.year));
  const query = params.toString();
  return query ? `?${query}` : "";
}
