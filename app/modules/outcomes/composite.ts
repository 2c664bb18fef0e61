/**
 * The three-part outcome review (DESIGN §4.8): composite = purchaser × w1 + third party × w2 +
 * satisfaction × w3 with the tender's weights (percent, summing to 100), rounded to 2 decimals
 * (保留两位小数), the grade following the rounded value: 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60,
 * 不合格 < 60. Satisfaction maps 5-point answers to 0-100; fewer than 30 responses is
 * low-confidence. Arithmetic is on whole hundredths, so floating-point noise never moves a
 * score across a grade boundary.
 */

export const GRADES_ZH = ["优秀", "良好", "合格", "不合格"] as const;
export type GradeZh = (typeof GRADES_ZH)[number];

/** The database enum's codes (outcome_grade), best first. */
export const GRADE_CODES = ["excellent", "good", "pass", "fail"] as const;
export type GradeCode = (typeof GRADE_CODES)[number];

/** The one place where the Chinese grade and the stored code meet. */
export const GRADE_CODE_OF: Record<GradeZh, GradeCode> = { 优秀: "excellent", 良好: "good", 合格: "pass", 不合格: "fail" };
export const GRADE_ZH_OF: Record<GradeCode, GradeZh> = { excellent: "优秀", good: "良好", pass: "合格", fail: "不合格" };

/** Fewer responses than this mark the satisfaction score as low-confidence. */
export const LOW_CONFIDENCE_RESPONSES = 30;

export interface Parts {
  purchaser: number;
  thirdParty: number;
  satisfaction: number;
}

/** Hundredths of a score given with at most 2 decimals (numeric(5,2)), 0..100. */
function hundredths(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0 || value > 100) throw new RangeError(`${name} must be between 0 and 100, got ${value}`);
  const scaled = Math.round(value * 100);
  if (Math.abs(scaled - value * 100) > 1e-6) throw new RangeError(`${name} has more than 2 decimals: ${value}`);
  return scaled;
}

/** Half-up division of non-negative integers. */
function divideRounded(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

export function gradeOf(score: number): GradeZh {
  if (score >= 90) return "优秀";
  if (score >= 80) return "良好";
  if (score >= 60) return "合格";
  return "不合格";
}

export function compositeScore(parts: Parts, weights: Parts): { score: number; grade: GradeZh } {
  const keys = ["purchaser", "thirdParty", "satisfaction"] as const;
  for (const key of keys) {
    if (!Number.isInteger(weights[key]) || weights[key] < 0) throw new RangeError(`weight ${key} must be a whole percentage`);
  }
  if (keys.reduce((sum, key) => sum + weights[key], 0) !== 100) throw new RangeError("weights must sum to 100");
  // Σ hundredths × percent = the composite in 1/10000ths of a point.
  const total = keys.reduce((sum, key) => sum + hundredths(parts[key], key) * weights[key], 0);
  const score = divideRounded(total, 100) / 100;
  return { score, grade: gradeOf(score) };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * One response's answers are averaged, then the responses (each counting once) are averaged
 * and mapped linearly: a mean of 1 gives 0, a mean of 5 gives 100. No responses give a score
 * of 0 with `responses: 0` (the caller shows "no result" rather than the 0).
 */
export function satisfactionScore(answers: number[][]): { score: number; responses: number; lowConfidence: boolean } {
  const responses = answers.length;
  const lowConfidence = responses < LOW_CONFIDENCE_RESPONSES;
  if (responses === 0) return { score: 0, responses, lowConfidence };
  for (const response of answers) {
    if (response.length === 0) throw new RangeError("a response has no answers");
    for (const value of response) if (!Number.isInteger(value) || value < 1 || value > 5) throw new RangeError(`answers are 1-5, got ${value}`);
  }
  // Exact: score = 25/N × Σ (sum_i − q_i)/q_i, over the common denominator of the question counts.
  const common = answers.reduce((l, r) => (l * r.length) / gcd(l, r.length), 1);
  const numerator = answers.reduce((sum, r) => sum + (r.reduce((a, b) => a + b, 0) - r.length) * (common / r.length), 0);
  const score = divideRounded(2500 * numerator, responses * common) / 100;
  return { score, responses, lowConfidence };
}
