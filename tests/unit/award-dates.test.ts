import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { answerDueOn, answerOverdue, awardPeriods, challengeWindowOpen, challengeWindowPassed, finalOn } from "~/modules/awards/award-dates";
import type { WorkdayCalendar } from "~/modules/calendar/working-days";

// The calendar the database is seeded with (2026: National Day 10-01..10-07, Saturday 10-10 worked).
const here = path.dirname(fileURLToPath(import.meta.url));
const calendar = JSON.parse(readFileSync(path.resolve(here, "../../db/data/cn-workday-calendar.json"), "utf8")) as WorkdayCalendar;

describe("awardPeriods (1 working day of publicity, then 7 for challenges, 政府采购法 art. 52)", () => {
  it("counts across the 2026 National Day holidays and the adjusted Saturday", () => {
    // 09-30 is the working day after 09-29; then 10-08, 10-09, 10-10 (调休), 10-12, 10-13, 10-14, 10-15.
    expect(awardPeriods("2026-09-29", calendar)).toEqual({ publicityEndsOn: "2026-09-30", challengeDeadline: "2026-10-15" });
  });

  it("starts the publicity the next working day after a Friday award", () => {
    // Friday 2026-03-06 → Monday 03-09; 7 working days later: Wednesday 03-18.
    expect(awardPeriods("2026-03-06", calendar)).toEqual({ publicityEndsOn: "2026-03-09", challengeDeadline: "2026-03-18" });
  });

  it("skips the Spring Festival and counts its adjusted Saturday", () => {
    // Friday 02-13 → Saturday 02-14 is worked (调休); then 02-24 … 03-03 with 02-28 worked.
    expect(awardPeriods("2026-02-13", calendar)).toEqual({ publicityEndsOn: "2026-02-14", challengeDeadline: "2026-03-03" });
  });
});

describe("answerDueOn (7 working days, 政府采购法 art. 53)", () => {
  it("counts the adjusted Saturday 10-10 as a working day", () => {
    // Filed Friday 10-09: 10-10, 10-12, 10-13, 10-14, 10-15, 10-16, 10-19.
    expect(answerDueOn("2026-10-09", calendar)).toBe("2026-10-19");
  });
});

describe("the challenge window and overdue answers", () => {
  const award = { challengeDeadline: "2026-10-15" };
  it("is open through the deadline day and passed from the day after", () => {
    expect(challengeWindowOpen("2026-09-29", award)).toBe(true);
    expect(challengeWindowOpen("2026-10-15", award)).toBe(true);
    expect(challengeWindowOpen("2026-10-16", award)).toBe(false);
    expect(challengeWindowPassed("2026-10-15", award)).toBe(false);
    expect(challengeWindowPassed("2026-10-16", award)).toBe(true);
  });

  it("flags a pending answer after its due day, never an answered one", () => {
    expect(answerOverdue("2026-10-19", { status: "pending", answerDueOn: "2026-10-19" })).toBe(false);
    expect(answerOverdue("2026-10-20", { status: "pending", answerDueOn: "2026-10-19" })).toBe(true);
    expect(answerOverdue("2026-10-20", { status: "rejected", answerDueOn: "2026-10-19" })).toBe(false);
  });
});

describe("finalOn", () => {
  it("is the calendar day after the challenge deadline, across months, years and leap days", () => {
    expect(finalOn({ challengeDeadline: "2026-10-15" })).toBe("2026-10-16");
    expect(finalOn({ challengeDeadline: "2026-10-31" })).toBe("2026-11-01");
    expect(finalOn({ challengeDeadline: "2026-12-31" })).toBe("2027-01-01");
    expect(finalOn({ challengeDeadline: "2028-02-28" })).toBe("2028-02-29");
    // A Friday deadline: final on the Saturday, when challengeWindowPassed first holds.
    expect(finalOn({ challengeDeadline: "2026-10-16" })).toBe("2026-10-17");
    expect(challengeWindowPassed(finalOn({ challengeDeadline: "2026-10-16" }), { challengeDeadline: "2026-10-16" })).toBe(true);
  });
});
