/**
 * The credit-record rule (DESIGN §4.9): two 不合格 outcome grades within 3 years propose the
 * organization for the abnormal list (活动异常名录); a bureau officer confirms or dismisses.
 */

export const FAILURES_FOR_PROPOSAL = 2;
export const FAILURE_WINDOW_YEARS = 3;

/** The start of the 3-year window ending at `now`: grades on or after it count. */
export function failureWindowStart(now: Date): Date {
  const start = new Date(now);
  start.setUTCFullYear(start.getUTCFullYear() - FAILURE_WINDOW_YEARS);
  return start;
}

/** The failed evaluations that count at `now`, if there are enough of them to propose; else null. */
export function failuresToPropose<T extends { gradedAt: Date }>(failures: readonly T[], now: Date): T[] | null {
  const start = failureWindowStart(now);
  const counted = failures.filter((f) => f.gradedAt >= start && f.gradedAt <= now);
  return counted.length >= FAILURES_FOR_PROPOSAL ? counted : null;
}
