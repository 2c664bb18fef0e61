/**
 * Pure rules of the contract (DESIGN §4.7): the service period, the milestones' due dates and
 * the contract number. Dates are Asia/Shanghai calendar dates written 'YYYY-MM-DD'; the
 * arithmetic runs on UTC midnights so that it never depends on the server's time zone.
 */

const DAY_MS = 86_400_000;

const toDay = (date: string) => Date.parse(`${date}T00:00:00Z`);
const fromDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return fromDay(toDay(date) + days * DAY_MS);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toDay(to) - toDay(from)) / DAY_MS);
}

/** The same day `months` later, clamped to the month's end (01-31 + 1 month → 02-28). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split("-").map(Number);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(Math.min(day, last)).padStart(2, "0")}`;
}

/** A service period of `months` starting on `start` ends the day before the same day `months` later. */
export function servicePeriodEnd(start: string, months: number): string {
  return addDays(addMonths(start, months), -1);
}

/** The first day of the month after `today`: where a new contract's service period starts unless told. */
export function firstDayOfNextMonth(today: string): string {
  return addMonths(`${today.slice(0, 7)}-01`, 1);
}

/**
 * Due dates of `count` milestones over the service period: the first (on signing) at the start,
 * the last (final acceptance and outcome evaluation) at the end, the others evenly between.
 */
export function milestoneDueDates(start: string, end: string, count: number): string[] {
  if (count <= 0) return [];
  if (count === 1) return [end];
  const span = daysBetween(start, end);
  return Array.from({ length: count }, (_, i) => addDays(start, Math.round((span * i) / (count - 1))));
}

/**
 * Whether a period is one the tender allows: it ends after it starts and is no longer than the
 * tender's service period (a contract may not extend what was put out to tender).
 */
export function periodWithinTender(start: string, end: string, servicePeriodMonths: number): boolean {
  return end > start && end <= servicePeriodEnd(start, servicePeriodMonths);
}

/** "金水" from 金水区, "管城" from 管城回族区: the district's short name used in contract numbers. */
export function districtShortName(districtName: string): string {
  return districtName.replace(/(回族)?区$|县$|市$/, "");
}

/** 金水民政购〔2026〕3号: the bureau's n-th contract of the year. */
export function contractNumber(districtName: string, year: number, sequence: number): string {
  return `${districtShortName(districtName)}民政购〔${year}〕${sequence}号`;
}
