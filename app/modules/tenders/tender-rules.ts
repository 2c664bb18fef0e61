/**
 * The rules a tender must satisfy (DESIGN §4.3), each with its legal source. Pure: the form
 * schema, the publish command and the unit tests all use these functions.
 */
export const PROCUREMENT_METHODS = ["open_tender", "competitive_consultation", "venture_call"] as const;
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

/** 财政部令第87号 art. 18 (open tender: 20 days); 财库〔2014〕214号 (consultation: 10 days). */
export const MIN_BID_PERIOD_DAYS: Record<ProcurementMethod, number> = {
  open_tender: 20,
  competitive_consultation: 10,
  venture_call: 10,
};

/** 87号令 art. 27: a late change that may affect bids leaves at least this many days. */
export const AMENDMENT_NOTICE_DAYS: Record<ProcurementMethod, number> = {
  open_tender: 15,
  competitive_consultation: 5,
  venture_call: 5,
};

/** Price weight for services: ≥ 10% (87号令 art. 55); 10–30% for consultation (财库〔2014〕214号). */
export const PRICE_POINTS_RANGE: Record<ProcurementMethod, { min: number; max: number }> = {
  open_tender: { min: 10, max: 100 },
  competitive_consultation: { min: 10, max: 30 },
  venture_call: { min: 10, max: 30 },
};

/** 财政部令第102号 art. 24: one year, up to three for stable recurring services. */
export const MAX_SERVICE_MONTHS = 12;
export const MAX_RECURRING_SERVICE_MONTHS = 36;

export const DEFAULT_OUTCOME_WEIGHTS = { purchaser: 30, thirdParty: 40, satisfaction: 30 } as const;
export const DEFAULT_PAYMENT_PLAN = [
  { milestone: "合同签订", percentage: 30 },
  { milestone: "中期验收", percentage: 40 },
  { milestone: "绩效评估", percentage: 30 },
] as const;

export function minimumBidDeadline(method: ProcurementMethod, publishedAt: Date): Date {
  return new Date(publishedAt.getTime() + MIN_BID_PERIOD_DAYS[method] * DAY_MS);
}

export function isBidPeriodLongEnough(method: ProcurementMethod, publishedAt: Date, bidDeadline: Date): boolean {
  return bidDeadline.getTime() >= minimumBidDeadline(method, publishedAt).getTime();
}

export function isPricePointsAllowed(method: ProcurementMethod, points: number): boolean {
  const { min, max } = PRICE_POINTS_RANGE[method];
  return Number.isInteger(points) && points >= min && points <= max;
}

export function maxServiceMonths(recurring: boolean): number {
  return recurring ? MAX_RECURRING_SERVICE_MONTHS : MAX_SERVICE_MONTHS;
}

export function isServicePeriodAllowed(months: number, recurring: boolean): boolean {
  return Number.isInteger(months) && months >= 1 && months <= maxServiceMonths(recurring);
}

/** Non-price criteria plus the price criterion must total exactly 100 points. */
export function criteriaTotal(criteriaPoints: number[], pricePoints: number): number {
  return criteriaPoints.reduce((a, b) => a + b, 0) + pricePoints;
}

export function sumsTo100(values: number[]): boolean {
  return values.reduce((a, b) => a + b, 0) === 100;
}

/**
 * When an amendment that may affect bids is published with fewer than the required days
 * left, the bid deadline moves so that exactly that many days remain (87号令 art. 27);
 * otherwise it stays. Returns the deadline that applies after the amendment.
 */
export function deadlineAfterAmendment(method: ProcurementMethod, bidDeadline: Date, amendedAt: Date, affectsBids: boolean): Date {
  if (!affectsBids) return bidDeadline;
  const earliest = new Date(amendedAt.getTime() + AMENDMENT_NOTICE_DAYS[method] * DAY_MS);
  return earliest > bidDeadline ? earliest : bidDeadline;
}

export interface RuleViolation {
  field: string;
  message:
    | "tenders.rule.themeRequired"
    | "tenders.rule.period"
    | "tenders.rule.periodRecurring"
    | "tenders.rule.pricePointsOpen"
    | "tenders.rule.pricePointsConsultation"
    | "tenders.rule.criteriaSum"
    | "tenders.rule.weightsSum"
    | "tenders.rule.tranchesSum"
    | "tenders.rule.enquiryBeforeBid"
    | "tenders.rule.ceilingPositive";
  vars?: Record<string, number>;
}

export interface TenderTerms {
  method: ProcurementMethod;
  theme?: string | null;
  ceilingPrice: number;
  servicePeriodMonths: number;
  recurringService: boolean;
  pricePoints: number;
  criteriaPoints: number[];
  weights: [number, number, number];
  tranchePercentages: number[];
  enquiryDeadline: Date;
  bidDeadline: Date;
}

/**
 * Every rule of DESIGN §4.3 that does not depend on the clock. The form schema reports these
 * on the fields; saving and publishing check them again on what is stored, so no path
 * around the form can publish a tender that breaks them.
 */
export function tenderRuleViolations(t: TenderTerms): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (t.method === "venture_call" && !t.theme?.trim()) out.push({ field: "theme", message: "tenders.rule.themeRequired" });
  if (!(t.ceilingPrice > 0)) out.push({ field: "ceilingPrice", message: "tenders.rule.ceilingPositive" });
  if (!isServicePeriodAllowed(t.servicePeriodMonths, t.recurringService)) {
    out.push({ field: "servicePeriodMonths", message: t.recurringService ? "tenders.rule.periodRecurring" : "tenders.rule.period", vars: { max: maxServiceMonths(t.recurringService) } });
  }
  if (!isPricePointsAllowed(t.method, t.pricePoints)) {
    const { min, max } = PRICE_POINTS_RANGE[t.method];
    out.push({ field: "pricePoints", message: t.method === "open_tender" ? "tenders.rule.pricePointsOpen" : "tenders.rule.pricePointsConsultation", vars: { min, max } });
  }
  const total = criteriaTotal(t.criteriaPoints, t.pricePoints);
  if (total !== 100) out.push({ field: "criteria", message: "tenders.rule.criteriaSum", vars: { total } });
  if (!sumsTo100(t.weights)) out.push({ field: "weightSatisfaction", message: "tenders.rule.weightsSum", vars: { total: t.weights.reduce((a, b) => a + b, 0) } });
  if (!sumsTo100(t.tranchePercentages)) out.push({ field: "tranches", message: "tenders.rule.tranchesSum", vars: { total: t.tranchePercentages.reduce((a, b) => a + b, 0) } });
  if (t.enquiryDeadline >= t.bidDeadline) out.push({ field: "enquiryDeadline", message: "tenders.rule.enquiryBeforeBid" });
  return out;
}
