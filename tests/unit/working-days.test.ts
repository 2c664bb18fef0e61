import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it, expect } from "vitest";
import {
  addWorkingDays,
  hasCalendarYear,
  isIsoDate,
  isWorkingDay,
  missingCalendarYears,
  shanghaiToday,
  type WorkdayCalendar,
} from "~/modules/calendar/working-days";

// The shared data directory sits beside the repository root (/work/shared next to /work/main).
const here = path.dirname(fileURLToPath(import.meta.url));
const calendar = JSON.parse(
  readFileSync(path.resolve(here, "../../../shared/data/cn-workday-calendar.json"), "utf8"),
) as WorkdayCalendar;

describe("isIsoDate", () => {
  it("accepts real dates and rejects impossible or badly written ones", () => {
    expect(isIsoDate("2026-10-01")).toBe(true);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-02-30")).toBe(false);
    expect(isIsoDate("2026-13-01")).toBe(false);
    expect(isIsoDate("2026-10-1")).toBe(false);
    expect(isIsoDate("2026/10/01")).toBe(false);
    expect(isIsoDate("2026-10-01T00:00:00Z")).toBe(false);
    expect(isIsoDate("")).toBe(false);
  });

  it("makes the calendar functions throw RangeError on a bad date", () => {
    expect(() => isWorkingDay("2026-02-30", calendar)).toThrow(RangeError);
    expect(() => addWorkingDays("01/10/2026", 1, calendar)).toThrow(RangeError);
    expect(() => missingCalendarYears("2026-01-01", "2027-1-1", calendar)).toThrow(RangeError);
  });
});

describe("isWorkingDay with the 2026 arrangement", () => {
  it("treats National Day 2026-10-01..07 as holidays, weekdays included", () => {
    for (let day = 1; day <= 7; day += 1) {
      expect(isWorkingDay(`2026-10-0${day}`, calendar)).toBe(false);
    }
  });

  it("treats the day before and the days after National Day as working days", () => {
    expect(isWorkingDay("2026-09-30", calendar)).toBe(true); // Wednesday
    expect(isWorkingDay("2026-10-08", calendar)).toBe(true); // Thursday
    expect(isWorkingDay("2026-10-09", calendar)).toBe(true); // Friday
  });

  it("treats Saturday 2026-10-10 as an adjusted working day (调休) but not Sunday 10-11", () => {
    expect(isWorkingDay("2026-10-10", calendar)).toBe(true);
    expect(isWorkingDay("2026-10-11", calendar)).toBe(false);
  });

  it("handles Spring Festival: Saturday 02-14 works, 02-15..23 off, Tuesday 02-24 works", () => {
    expect(isWorkingDay("2026-02-14", calendar)).toBe(true);
    expect(isWorkingDay("2026-02-16", calendar)).toBe(false); // Monday
    expect(isWorkingDay("2026-02-23", calendar)).toBe(false); // Monday
    expect(isWorkingDay("2026-02-24", calendar)).toBe(true);
    expect(isWorkingDay("2026-02-28", calendar)).toBe(true); // Saturday, adjusted
  });

  it("keeps ordinary weekends as rest days", () => {
    expect(isWorkingDay("2026-03-07", calendar)).toBe(false); // Saturday
    expect(isWorkingDay("2026-03-08", calendar)).toBe(false); // Sunday
    expect(isWorkingDay("2026-03-09", calendar)).toBe(true); // Monday
  });
});

describe("addWorkingDays", () => {
  it("skips the whole National Day week", () => {
    expect(addWorkingDays("2026-09-30", 1, calendar)).toBe("2026-10-08");
  });

  it("counts the adjusted Saturday after National Day", () => {
    // 10-08 Thu (1), 10-09 Fri (2), 10-10 Sat adjusted (3)
    expect(addWorkingDays("2026-09-30", 3, calendar)).toBe("2026-10-10");
    // 10-11 is Sunday, so the 4th is Monday 10-12
    expect(addWorkingDays("2026-09-30", 4, calendar)).toBe("2026-10-12");
  });

  it("counts the adjusted Saturday before Spring Festival, then skips the holiday", () => {
    expect(addWorkingDays("2026-02-13", 1, calendar)).toBe("2026-02-14");
    expect(addWorkingDays("2026-02-13", 2, calendar)).toBe("2026-02-24");
  });

  it("counts 7 working days across an ordinary weekend", () => {
    // From Thursday 03-05: Fri 03-06 (1), Mon 03-09 .. Fri 03-13 (2..6), Mon 03-16 (7)
    expect(addWorkingDays("2026-03-05", 7, calendar)).toBe("2026-03-16");
  });

  it("does not count the start date even when it is a rest day", () => {
    expect(addWorkingDays("2026-03-07", 1, calendar)).toBe("2026-03-09"); // Saturday → Monday
    expect(addWorkingDays("2026-10-03", 1, calendar)).toBe("2026-10-08");
  });

  it("computes the publicity and challenge periods across National Day", () => {
    // Award published Tuesday 2026-09-29: 1 working day of publicity ends Wednesday 09-30.
    const published = "2026-09-29";
    const publicityEnds = addWorkingDays(published, 1, calendar);
    expect(publicityEnds).toBe("2026-09-30");
    // Challenges within 7 working days after that: 10-08 (1), 10-09 (2), 10-10 Sat adjusted (3),
    // 10-12 (4), 10-13 (5), 10-14 (6), 10-15 (7). Mon-Fri alone would have said 10-09.
    expect(addWorkingDays(publicityEnds, 7, calendar)).toBe("2026-10-15");
    expect(addWorkingDays(publicityEnds, 7, { years: {} })).toBe("2026-10-09");
  });

  it("returns the date itself for n = 0 and rejects negative or fractional n", () => {
    expect(addWorkingDays("2026-10-03", 0, calendar)).toBe("2026-10-03");
    expect(() => addWorkingDays("2026-10-03", -1, calendar)).toThrow(RangeError);
    expect(() => addWorkingDays("2026-10-03", 1.5, calendar)).toThrow(RangeError);
  });

  it("crosses into a year without an arrangement using Monday to Friday", () => {
    // Thu 12-31 (1), Fri 2027-01-01 (2: no 2027 data, so not a holiday), Mon 01-04 (3)
    expect(addWorkingDays("2026-12-30", 3, calendar)).toBe("2027-01-04");
  });

  it("gives the same answer whatever the host time zone, across a month end", () => {
    expect(addWorkingDays("2026-03-31", 1, calendar)).toBe("2026-04-01");
    expect(addWorkingDays("2028-02-28", 1, { years: {} })).toBe("2028-02-29");
  });
});

describe("years without an arrangement", () => {
  it("falls back to Monday to Friday for 2027", () => {
    expect(hasCalendarYear(2026, calendar)).toBe(true);
    expect(hasCalendarYear(2027, calendar)).toBe(false);
    expect(isWorkingDay("2027-01-01", calendar)).toBe(true); // Friday, holiday not loaded
    expect(isWorkingDay("2027-01-02", calendar)).toBe(false); // Saturday
  });

  it("reports the missing years of a period so the UI can warn", () => {
    expect(missingCalendarYears("2026-12-20", "2027-01-10", calendar)).toEqual([2027]);
    expect(missingCalendarYears("2026-01-01", "2026-12-31", calendar)).toEqual([]);
    expect(missingCalendarYears("2028-03-01", "2025-06-01", calendar)).toEqual([2025, 2027, 2028]);
  });

  it("honours a day listed under the next year's arrangement", () => {
    const withNewYear: WorkdayCalendar = {
      years: { "2027": { holidays: ["2026-12-31"], adjustedWorkdays: ["2026-12-26"] } },
    };
    expect(isWorkingDay("2026-12-31", withNewYear)).toBe(false);
    expect(isWorkingDay("2026-12-26", withNewYear)).toBe(true); // Saturday
  });
});

describe("shanghaiToday", () => {
  it("uses the Beijing date, which is ahead of UTC after 16:00 UTC", () => {
    expect(shanghaiToday(new Date("2026-09-30T15:59:59Z"))).toBe("2026-09-30");
    expect(shanghaiToday(new Date("2026-09-30T16:00:00Z"))).toBe("2026-10-01");
    expect(shanghaiToday(new Date("2026-12-31T16:30:00Z"))).toBe("2027-01-01");
  });

  it("returns a valid ISO date for now", () => {
    expect(isIsoDate(shanghaiToday())).toBe(true);
  });
});
