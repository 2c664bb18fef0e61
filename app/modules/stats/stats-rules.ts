/**
 * The arithmetic of the public statistics, pure so that each figure has worked numbers in the
 * tests. Money stays integer fen; shares are plain ratios (0..1) shown as percentages.
 */

/**
 * The Zhengzhou study of 三社联动 (DESIGN §1): of 150 social organizations surveyed, 98% had not
 * taken a single government project in three years, so 2% had. The portal's own figure is shown
 * next to it.
 */
export const ZHENGZHOU_BASELINE = { share: 0.02, surveyed: 150, years: 3 } as const;

/** part / whole, or null when there is nothing to divide by (shown as "—", never as 0%). */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export interface VerifiedOrganization {
  /** The Beijing-time year the organization was verified. */
  verifiedYear: number;
  /** The Beijing-time year of its first award that still stands, or null if it never won. */
  firstWinYear: number | null;
  /** How many organizations share these two years (1 unless grouped). */
  count?: number;
}

export interface GapYear {
  year: number;
  /** Organizations verified by the end of the year. */
  verified: number;
  /** Of those, the ones that had won at least one project by the end of the year. */
  winners: number;
  share: number | null;
}

/**
 * The procurement-gap figure by year: for each year, the share of the organizations verified by
 * its end that had won at least once by its end ("ever won", so the series never forgets a win).
 */
export function gapSeries(organizations: VerifiedOrganization[], fromYear: number, toYear: number): GapYear[] {
  const years: GapYear[] = [];
  for (let year = fromYear; year <= toYear; year += 1) {
    const verified = organizations.filter((o) => o.verifiedYear <= year);
    const total = (group: VerifiedOrganization[]) => group.reduce((n, o) => n + (o.count ?? 1), 0);
    const winners = total(verified.filter((o) => o.firstWinYear !== null && o.firstWinYear <= year));
    years.push({ year, verified: total(verified), winners, share: ratio(winners, total(verified)) });
  }
  return years;
}

export interface Winner {
  organizationId: string;
  name: string;
  /** Fen awarded to it. */
  amount: number;
}

export interface Concentration {
  /** Fen awarded in all. */
  total: number;
  winners: number;
  /** Fen won by the (up to) three organizations that won most. */
  topThree: number;
  topThreeShare: number | null;
  leader: (Winner & { share: number }) | null;
}

/** Share of the money won by the top three organizations (ties broken by name, so it is stable). */
export function concentration(winners: Winner[]): Concentration {
  const ranked = [...winners].sort((a, b) => b.amount - a.amount || a.name.localeCompare(b.name, "zh-CN"));
  const total = ranked.reduce((sum, w) => sum + w.amount, 0);
  const topThree = ranked.slice(0, 3).reduce((sum, w) => sum + w.amount, 0);
  const first = ranked[0];
  return {
    total,
    winners: ranked.length,
    topThree,
    topThreeShare: ratio(topThree, total),
    leader: first && total > 0 ? { ...first, share: first.amount / total } : null,
  };
}

/** Days to one decimal, for medians that SQL returns as fractional days. */
export function roundDays(days: number | null): number | null {
  return days === null || !Number.isFinite(days) ? null : Math.round(days * 10) / 10;
}
