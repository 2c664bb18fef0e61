/**
 * Money is integer fen (分) everywhere (DESIGN §4.2): no floats ever hold an amount.
 * Parsing reads the yuan a person types ("1,234.56", "¥1234.5", "1234.56元") digit by digit.
 */
export type Fen = number;

// Up to 13 digits of yuan: ¥9,999,999,999,999.99 is far beyond any budget and its fen value
// (15 digits) stays a safe integer, so the arithmetic on it stays exact.
const YUAN_PATTERN = /^(\d{1,13})(?:\.(\d{1,2}))?$/;
// Commas only as thousands separators: "1234,56" (a decimal comma) must not read as 123456.
const GROUPED_PATTERN = /^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

/** Fen from a typed yuan amount, or null when it is not a plain non-negative amount. */
export function parseYuan(input: string): Fen | null {
  const cleaned = input
    .trim()
    .replace(/^[¥￥]\s*/, "")
    .replace(/\s*元$/, "")
    .replace(/，/g, ",");
  if (cleaned.includes(",") && !GROUPED_PATTERN.test(cleaned)) return null;
  const match = YUAN_PATTERN.exec(cleaned.replace(/,/g, ""));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** "1234.56" for form fields: the exact yuan value of an amount in fen. */
export function fenToYuanString(fen: Fen): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** ¥1,234.56 — grouping by thousands as both zh-CN and en readers expect for money. */
export function formatFen(fen: Fen): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * Splits an amount by whole percentages summing to 100 (a payment plan); each share is rounded
 * down and the last takes the remainder, so the shares always add up to the amount exactly.
 */
export function splitByPercentages(total: Fen, percentages: number[]): Fen[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`not an amount in fen: ${total}`);
  if (percentages.some((p) => !Number.isInteger(p) || p < 0) || percentages.reduce((a, b) => a + b, 0) !== 100) {
    throw new RangeError(`percentages must be whole numbers summing to 100: ${percentages.join("/")}`);
  }
  // total × p can pass 2^53 for a large total: split it so that every product stays exact.
  const hundreds = Math.floor(total / 100);
  const rest = total % 100;
  const shares = percentages.map((p) => hundreds * p + Math.floor((rest * p) / 100));
  const assigned = shares.slice(0, -1).reduce((a, b) => a + b, 0);
  shares[shares.length - 1] = total - assigned;
  return shares;
}
