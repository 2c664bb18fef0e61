/**
 * Satisfaction survey rules (服务对象满意度, DESIGN §4.8): the default questions, the 5-point
 * scale, the short codes printed beside each QR code, and how long a token stays valid.
 */

export interface SurveyQuestion {
  key: string;
  text: string;
}

/** Service quality, staff attitude, usefulness, would recommend. */
export const DEFAULT_QUESTIONS: readonly SurveyQuestion[] = [
  { key: "quality", text: "您对这项服务的质量满意吗？" },
  { key: "attitude", text: "您对服务人员的态度满意吗？" },
  { key: "usefulness", text: "这项服务对您有帮助吗？" },
  { key: "recommend", text: "您愿意向邻居推荐这项服务吗？" },
];

export const SCALE = [1, 2, 3, 4, 5] as const;
export const MAX_QUESTIONS = 10;

/** A token can be answered for this many days after it is issued. */
export const TOKEN_VALID_DAYS = 30;
/** Most tokens one request may issue (one printed sheet run). */
export const MAX_TOKENS_PER_ISSUE = 500;

// Letters and digits that cannot be mistaken for each other when typed from paper (no 0/O, 1/I/L).
export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const CODE_LENGTH = 8;

/**
 * A code drawn letter by letter (`pick(n)` returns a uniform 0..n-1, e.g. crypto.randomInt):
 * 31^8 ≈ 8.5 × 10^11 codes, so guessing one under the rate limit is hopeless.
 */
export function drawCode(pick: (n: number) => number): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i += 1) code += CODE_ALPHABET[pick(CODE_ALPHABET.length)];
  return code;
}

/** How a code is printed: ABCD-EFGH. */
export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What a person typed, as a stored code (case, spaces and dashes do not matter); null when it cannot be a code. */
export function normalizeCode(typed: string): string | null {
  const cleaned = typed.toUpperCase().replace(/[\s\-_—–·.]/g, "");
  if (cleaned.length !== CODE_LENGTH) return null;
  for (const ch of cleaned) if (!CODE_ALPHABET.includes(ch)) return null;
  return cleaned;
}

/** The date a token issued on `issuedOn` (YYYY-MM-DD) expires: the last day it can be answered. */
export function tokenExpiry(issuedOn: string): string {
  const d = new Date(`${issuedOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + TOKEN_VALID_DAYS);
  return d.toISOString().slice(0, 10);
}

/** The response rate in percent (one decimal), or null with no tokens issued. */
export function responseRate(responses: number, issued: number): number | null {
  if (issued === 0) return null;
  return Math.round((responses / issued) * 1000) / 10;
}

/** Per question: the count of each answer 1-5 and the mean (2 decimals), over all responses. */
export function questionSummaries(questionCount: number, answers: readonly (readonly number[])[]) {
  return Array.from({ length: questionCount }, (_, q) => {
    const counts = [0, 0, 0, 0, 0];
    let sum = 0;
    let n = 0;
    for (const a of answers) {
      const v = a[q];
      if (Number.isInteger(v) && v >= 1 && v <= 5) {
        counts[v - 1] += 1;
        sum += v;
        n += 1;
      }
    }
    return { counts, mean: n ? Math.round((sum / n) * 100) / 100 : null, answered: n };
  });
}
