/**
 * Risk flags (ProZorro-monitoring style, issue 7): signals that a tender deserves a second look.
 * A flag informs the bureau and the platform's administrators; it never blocks or changes
 * anything. Contracts raise two more: a milestone past its due date and not accepted, and a
 * grade resting on a satisfaction survey with fewer than 30 answers (LOW_CONFIDENCE_RESPONSES). Each threshold is a default stated on the page with its reason.
 */
import { MIN_BID_PERIOD_DAYS, type ProcurementMethod } from "~/modules/tenders/tender-rules";

export const RISK_KINDS = ["singleValidBid", "minimumBidPeriod", "lowPriceAward", "dominantWinner", "overdueChallengeAnswer", "overdueMilestone", "lowSurveyConfidence"] as const;
export type RiskKind = (typeof RISK_KINDS)[number];

const DAY_MS = 86_400_000;

/**
 * A bid period "at the legal minimum": a deadline less than one day after the earliest the law
 * allows (20 days for an open tender, 87号令 art. 18; 10 for a consultation or venture call).
 * Legal, but it leaves organizations the least time to prepare, which favours insiders.
 */
export const MINIMUM_PERIOD_MARGIN_DAYS = 1;

export function bidPeriodDays(publishedAt: Date, bidDeadline: Date): number {
  return (bidDeadline.getTime() - publishedAt.getTime()) / DAY_MS;
}

export function isAtMinimumBidPeriod(method: ProcurementMethod, publishedAt: Date, bidDeadline: Date): boolean {
  return bidPeriodDays(publishedAt, bidDeadline) < MIN_BID_PERIOD_DAYS[method] + MINIMUM_PERIOD_MARGIN_DAYS;
}

/**
 * An award to a price "far below the others": at least 20% below the mean of the other valid
 * bids. 87号令 art. 60 requires the committee to ask a bidder for a written explanation when its
 * price is obviously lower than the other bidders' and may endanger the service or honest
 * performance; the law sets no number, so 20% is this portal's default. For social services,
 * whose cost is mostly the social workers' pay, such a price often means fewer or less qualified
 * staff than the plan promises.
 */
export const LOW_PRICE_THRESHOLD = 0.2;

export interface PriceGap {
  /** Mean of the other valid bids, fen (rounded). */
  othersMean: number;
  /** How far below that mean the awarded price is (0.25 = 25% below). */
  below: number;
}

export function priceGap(price: number, otherPrices: number[]): PriceGap | null {
  if (otherPrices.length === 0) return null;
  const mean = otherPrices.reduce((a, b) => a + b, 0) / otherPrices.length;
  if (!(mean > 0)) return null;
  return { othersMean: Math.round(mean), below: 1 - price / mean };
}

export function isFarBelowOthers(gap: PriceGap | null): boolean {
  // Compared in whole basis points, so that exactly 20% counts and float noise does not decide.
  return gap !== null && Math.round(gap.below * 10_000) >= LOW_PRICE_THRESHOLD * 10_000;
}

/**
 * An organization winning most of a district's money: more than half of what the district's
 * bureau awarded in a year, once the district has made at least two awards that year (one award
 * is always 100% and says nothing). Concentration is the pattern of a captured market.
 */
export const DOMINANCE_SHARE = 0.5;
export const DOMINANCE_MIN_AWARDS = 2;

export function isDominant(share: number, awardsInDistrictYear: number): boolean {
  return awardsInDistrictYear >= DOMINANCE_MIN_AWARDS && share > DOMINANCE_SHARE;
}
