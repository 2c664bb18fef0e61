import type { Fen } from "./money";

/** The running totals kept on a budget line (DESIGN §4.2), all in fen. */
export interface BudgetFigures {
  amount: Fen;
  reserved: Fen;
  committed: Fen;
  paid: Fen;
}

/** What is left to reserve: reserved + committed + paid never exceeds the amount. */
export const available = (line: BudgetFigures): Fen => line.amount - line.reserved - line.committed - line.paid;

/** The sums of several lines, for a total row. */
export function sumFigures(lines: BudgetFigures[]): BudgetFigures & { available: Fen } {
  const sum = (pick: (l: BudgetFigures) => Fen) => lines.reduce((total, l) => total + pick(l), 0);
  const totals = { amount: sum((l) => l.amount), reserved: sum((l) => l.reserved), committed: sum((l) => l.committed), paid: sum((l) => l.paid) };
  return { ...totals, available: available(totals) };
}

/** Lines grouped by fiscal year, newest first, each year with its totals: money of different years is never added up. */
export function groupByFiscalYear<L extends BudgetFigures & { fiscalYear: number }>(lines: L[]) {
  const years = [...new Set(lines.map((l) => l.fiscalYear))].sort((a, b) => b - a);
  return years.map((fiscalYear) => {
    const ofYear = lines.filter((l) => l.fiscalYear === fiscalYear);
    return { fiscalYear, lines: ofYear, totals: sumFigures(ofYear) };
  });
}

/** China's fiscal year is the calendar year, counted in Beijing time. */
export function currentFiscalYear(now = new Date()): number {
  return Number(new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(now));
}
