/**
 * Working days (工作日) under the official Chinese holiday arrangement.
 *
 * Deadlines in procurement law are counted in working days (publicity, challenge and answer
 * periods, Government Procurement Law art. 52-53), and the official calendar moves weekends
 * around holidays (调休), so "Monday to Friday" is wrong several times a year.
 *
 * Dates are plain 'YYYY-MM-DD' strings meaning Asia/Shanghai calendar dates. All arithmetic is
 * done on day numbers computed from those strings, never through local-time Date objects, so the
 * result is the same on a server in UTC, a laptop in Berlin and a test runner anywhere.
 */

export interface WorkdayCalendarYear {
  holidays: string[];
  adjustedWorkdays: string[];
}

/** Shape of shared/data/cn-workday-calendar.json; extra fields (source, note) are tolerated. */
export interface WorkdayCalendar {
  years: Record<string, WorkdayCalendarYear>;
  [extra: string]: unknown;
}

export const SHANGHAI_TIME_ZONE = "Asia/Shanghai";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a real calendar date written as 'YYYY-MM-DD' (so '2026-02-30' and '2026-2-3' are not). */
export function isIsoDate(s: string): boolean {
  if (typeof s !== "string") return false;
  const match = ISO_DATE.exec(s);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

interface CivilDate {
  year: number;
  month: number;
  day: number;
}

function parseIsoDate(s: string, argument = "date"): CivilDate {
  if (!isIsoDate(s)) {
    throw new RangeError(`${argument} must be a calendar date written as YYYY-MM-DD, got "${s}".`);
  }
  const [year, month, day] = s.split("-").map(Number);
  return { year, month, day };
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
// Integer-only so that no Date object, and therefore no host time zone, is involved.
function toDayNumber({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function fromDayNumber(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function formatIsoDate({ year, month, day }: CivilDate): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

// 0 = Sunday ... 6 = Saturday, like Date#getUTCDay; day 0 (1970-01-01) was a Thursday.
function weekday(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/**
 * Looks a date up in every loaded year, not only the year it falls in: an arrangement is
 * published per holiday season, and a New Year arrangement can list days of the previous
 * December (e.g. the 2024 notice gave 2023-12-30/31 off), filed under the new year.
 */
function listedIn(date: string, calendar: WorkdayCalendar, list: keyof WorkdayCalendarYear): boolean {
  return Object.values(calendar.years).some((year) => year?.[list]?.includes(date) ?? false);
}

/**
 * Whether `date` is a working day. A holiday wins over everything; an adjusted working day (调休)
 * is a working day even on a weekend; otherwise Monday to Friday. A year whose arrangement is not
 * loaded falls back to Monday to Friday (see missingCalendarYears to warn about it).
 */
export function isWorkingDay(date: string, calendar: WorkdayCalendar): boolean {
  const dayNumber = toDayNumber(parseIsoDate(date));
  if (listedIn(date, calendar, "holidays")) return false;
  if (listedIn(date, calendar, "adjustedWorkdays")) return true;
  const day = weekday(dayNumber);
  return day !== 0 && day !== 6;
}

/**
 * The n-th working day after `date`; `date` itself is not counted, so a one-working-day
 * publicity period starting on a Friday ends on the next working day, whatever `date` is.
 */
export function addWorkingDays(date: string, n: number, calendar: WorkdayCalendar): string {
  let dayNumber = toDayNumber(parseIsoDate(date));
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`The number of working days must be a whole number ≥ 0, got ${n}.`);
  }
  let remaining = n;
  while (remaining > 0) {
    dayNumber += 1;
    if (isWorkingDay(formatIsoDate(fromDayNumber(dayNumber)), calendar)) remaining -= 1;
  }
  return formatIsoDate(fromDayNumber(dayNumber));
}

/** Whether the official arrangement for `year` has been loaded. */
export function hasCalendarYear(year: number, calendar: WorkdayCalendar): boolean {
  return Object.prototype.hasOwnProperty.call(calendar.years, String(year));
}

/**
 * Years between the two dates (inclusive, in either order) whose arrangement is missing, so that
 * the UI can warn that a deadline in them was counted Monday to Friday and may move.
 */
export function missingCalendarYears(fromDate: string, toDate: string, calendar: WorkdayCalendar): number[] {
  const a = parseIsoDate(fromDate, "fromDate").year;
  const b = parseIsoDate(toDate, "toDate").year;
  const missing: number[] = [];
  for (let year = Math.min(a, b); year <= Math.max(a, b); year += 1) {
    if (!hasCalendarYear(year, calendar)) missing.push(year);
  }
  return missing;
}

const shanghaiDateFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: SHANGHAI_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/**
 * Today's calendar date in Asia/Shanghai. Between 16:00 and 24:00 UTC the UTC date is already a
 * day behind Beijing, so `new Date().toISOString().slice(0, 10)` would start deadlines a day early.
 */
export function shanghaiToday(now: Date = new Date()): string {
  // formatToParts rather than format: the order and separators of a formatted date depend on the
  // locale data of the runtime, the parts do not.
  const parts = shanghaiDateFormat.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return formatIsoDate({ year: part("year"), month: part("month"), day: part("day") });
}
