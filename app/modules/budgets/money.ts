/**
 * Money is integer fen (分) everywhere (DESIGN §4.2): no floats ever hold an amount.
 * Parsing reads the yuan a person types ("1,234.56", "¥1234.5", "1234.56元") digit by digit.
 */
export type Fen = number;

const YUAN_PATTERN = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** Fen from a typed yuan amount, or null when it is not a plain non-negative amount. */
export function parseYuan(input: string): Fen | null {
  const cleaned = input.trim().replace(/^[¥￥]/, "").replace(/元$/, "").replace(/[,，\s]/g, "");
  const match = YUAN_PATTERN.exec(cleaned);
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(fen) ? fen : null;
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
 * Splits an amount by percentages; each share is rounded down and the last takes the
 * remainder, so the shares always add up to the amount exactly.
 */
export function splitByPercentages(total: Fen, percentages: number[]): Fen[] {
  const shares = percentages.map((p) => Math.floor((total * p) / 100));
  const assigned = shares.slice(0, -1).reduce((a, b) => a + b, 0);
  if (shares.length > 0) shares[shares.length - 1] = total - assigned;
  return shares;
}
