import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditLog, calendarDays, calendarYears } from "#db/schema";
import { loadCalendar, saveCalendarYear } from "~/modules/calendar/calendar.server";
import { addWorkingDays, hasCalendarYear, isWorkingDay } from "~/modules/calendar/working-days";
import * as adminCalendar from "~/routes/admin.calendar";
import { context, cookieFor, getRequest, postRequest, settle, useDemoData, userId } from "../helpers/demo";

useDemoData();

// An invented arrangement for 2027 (the real one is not published yet): New Year's Day with the
// last day of 2026 bridged, and a National Day week made up on the weekends around it.
const YEAR_2027 = {
  year: 2027,
  source: "测试用放假安排（虚构）",
  holidays: ["2026-12-31", "2027-01-01", "2027-10-01", "2027-10-02", "2027-10-03", "2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07"],
  adjustedWorkdays: ["2027-09-26", "2027-10-09"],
};

const args = (request: Request) => ({ request, context, params: {} });

async function daysOf(year: number) {
  return db.select().from(calendarDays).where(eq(calendarDays.year, year));
}

describe("the working-day calendar", () => {
  it("a saved year is what deadlines are counted with", async () => {
    const adminId = await userId("admin");
    await saveCalendarYear(db, adminId, YEAR_2027);

    const calendar = await loadCalendar(db);
    expect(hasCalendarYear(2027, calendar)).toBe(true);
    expect(calendar.sources["2027"]).toBe(YEAR_2027.source);
    expect(calendar.years["2027"]).toEqual({ holidays: YEAR_2027.holidays, adjustedWorkdays: YEAR_2027.adjustedWorkdays });
    // The seeded official 2026 arrangement is still there next to it.
    expect(calendar.years["2026"].holidays).toContain("2026-10-01");

    expect(isWorkingDay("2027-10-04", calendar)).toBe(false); // Monday in the holiday week
    expect(isWorkingDay("2027-09-26", calendar)).toBe(true); // Sunday made a working day
    expect(isWorkingDay("2027-10-09", calendar)).toBe(true); // Saturday made a working day
    expect(isWorkingDay("2027-10-10", calendar)).toBe(false); // ordinary Sunday
    expect(isWorkingDay("2026-12-31", calendar)).toBe(false); // December day filed under 2027

    // Three working days from the eve of the holiday: Fri 8th, Sat 9th (made up), Mon 11th.
    expect(addWorkingDays("2027-09-30", 1, calendar)).toBe("2027-10-08");
    expect(addWorkingDays("2027-09-30", 2, calendar)).toBe("2027-10-09");
    expect(addWorkingDays("2027-09-30", 3, calendar)).toBe("2027-10-11");
    expect(addWorkingDays("2026-12-30", 1, calendar)).toBe("2027-01-04");

    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "calendar.saveYear"), eq(auditLog.subjectId, "2027")));
    expect(entry).toMatchObject({ actorId: adminId, before: null, after: { source: YEAR_2027.source, adjustedWorkdays: YEAR_2027.adjustedWorkdays } });
  });

  it("saving a year again replaces its arrangement as a whole", async () => {
    await saveCalendarYear(db, null, { year: 2029, source: "第一版", holidays: ["2029-05-01", "2029-05-02"], adjustedWorkdays: ["2029-04-28"] });
    await saveCalendarYear(db, null, { year: 2029, source: "修订版", holidays: ["2029-05-01", "2029-05-01", "2029-05-03"], adjustedWorkdays: [] });
    const calendar = await loadCalendar(db);
    expect(calendar.years["2029"]).toEqual({ holidays: ["2029-05-01", "2029-05-03"], adjustedWorkdays: [] });
    expect(calendar.sources["2029"]).toBe("修订版");
    expect(isWorkingDay("2029-05-02", calendar)).toBe(true);
    expect(isWorkingDay("2029-04-28", calendar)).toBe(false); // a Saturday again
  });

  it("the admin's form saves a year typed one date per line and redirects to it", async () => {
    const cookie = await cookieFor(await userId("admin"));
    const response = await settle(() =>
      adminCalendar.action(
        args(postRequest("/admin/calendar", { year: "2030", source: "表单录入", holidays: "2030-01-01\n2030-10-01，2030-10-02", adjustedWorkdays: "" }, cookie)),
      ),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/calendar?year=2030&saved=1");
    expect((await daysOf(2030)).map((d) => d.day).sort()).toEqual(["2030-01-01", "2030-10-01", "2030-10-02"]);

    const page = await settle(() => adminCalendar.loader(args(getRequest("/admin/calendar?year=2030", cookie))));
    const body = (await page.json()) as { loaded: boolean; months: { days: { date: string; kind: string }[] }[] };
    expect(body.loaded).toBe(true);
    expect(body.months[9].days[0]).toEqual({ day: 1, date: "2030-10-01", kind: "holiday" });
  });

  it("a date that does not exist answers 400 on the holidays field and saves nothing", async () => {
    const cookie = await cookieFor(await userId("admin"));
    const response = await settle(() =>
      adminCalendar.action(args(postRequest("/admin/calendar", { year: "2028", source: "有误的录入", holidays: "2028-01-01\n2028-02-30", adjustedWorkdays: "" }, cookie))),
    );
    expect(response.status).toBe(400);
    const { errors, values } = (await response.json()) as { errors: Record<string, { message: string }>; values: Record<string, string> };
    expect(errors.holidays.message).toBe("errors.invalidDate");
    expect(values.holidays).toBe("2028-01-01\n2028-02-30");
    expect(await db.select().from(calendarYears).where(eq(calendarYears.year, 2028))).toEqual([]);
    expect(await daysOf(2028)).toEqual([]);
  });

  it("a date of another year answers 400 and names it; a day listed as both holiday and working day too", async () => {
    const cookie = await cookieFor(await userId("admin"));
    const otherYear = await settle(() =>
      adminCalendar.action(args(postRequest("/admin/calendar", { year: "2028", source: "x", holidays: "2027-05-01", adjustedWorkdays: "" }, cookie))),
    );
    expect(otherYear.status).toBe(400);
    expect(((await otherYear.json()) as { errors: Record<string, { message: string }> }).errors.holidays.message).toBe(
      'errors.dateNotInYear|{"date":"2027-05-01","year":2028}',
    );

    const both = await settle(() =>
      adminCalendar.action(args(postRequest("/admin/calendar", { year: "2028", source: "x", holidays: "2028-05-01", adjustedWorkdays: "2028-05-01" }, cookie))),
    );
    expect(both.status).toBe(400);
    expect(((await both.json()) as { errors: Record<string, { message: string }> }).errors.adjustedWorkdays.message).toBe(
      'errors.dateListed|{"date":"2028-05-01"}',
    );
    expect(await daysOf(2028)).toEqual([]);
  });

  it("only an admin may change the calendar", async () => {
    const cookie = await cookieFor(await userId("bureau.jinshui"));
    const response = await settle(() =>
      adminCalendar.action(args(postRequest("/admin/calendar", { year: "2031", source: "x", holidays: "2031-01-01", adjustedWorkdays: "" }, cookie))),
    );
    expect(response.status).toBe(403);
    expect(await daysOf(2031)).toEqual([]);
  });
});
