import { asc, eq } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { calendarDays, calendarYears } from "#db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { CalendarYearInput } from "./calendar-schema";
import type { WorkdayCalendar } from "./working-days";

/** The working-day calendar in the shape the pure rules take. */
export async function loadCalendar(db: Queryable): Promise<WorkdayCalendar & { sources: Record<string, string> }> {
  const years = await db.select().from(calendarYears).orderBy(asc(calendarYears.year));
  const days = await db.select().from(calendarDays).orderBy(asc(calendarDays.day));
  const calendar: WorkdayCalendar & { sources: Record<string, string> } = { years: {}, sources: {} };
  for (const y of years) {
    calendar.years[String(y.year)] = { holidays: [], adjustedWorkdays: [] };
    calendar.sources[String(y.year)] = y.source;
  }
  for (const d of days) {
    const entry = calendar.years[String(d.year)];
    if (d.kind === "holiday") entry.holidays.push(d.day);
    else entry.adjustedWorkdays.push(d.day);
  }
  return calendar;
}

/** Replaces a year's arrangement as a whole: what the admin typed is the year's truth. */
export async function saveCalendarYear(db: Queryable, actorId: string | null, input: CalendarYearInput) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarYears).where(eq(calendarYears.year, input.year)).limit(1);
    const previousDays = before ? await tx.select().from(calendarDays).where(eq(calendarDays.year, input.year)) : [];
    await tx
      .insert(calendarYears)
      .values({ year: input.year, source: input.source })
      .onConflictDoUpdate({ target: calendarYears.year, set: { source: input.source, updatedAt: new Date() } });
    await tx.delete(calendarDays).where(eq(calendarDays.year, input.year));
    const rows = [
      ...[...new Set(input.holidays)].map((day) => ({ day, year: input.year, kind: "holiday" as const })),
      ...[...new Set(input.adjustedWorkdays)].map((day) => ({ day, year: input.year, kind: "adjusted_workday" as const })),
    ];
    if (rows.length) await tx.insert(calendarDays).values(rows);
    await appendAudit(tx, {
      actorId,
      action: "calendar.saveYear",
      subjectType: "calendarYear",
      subjectId: String(input.year),
      before: before
        ? {
            source: before.source,
            holidays: previousDays.filter((d) => d.kind === "holiday").map((d) => d.day).sort(),
            adjustedWorkdays: previousDays.filter((d) => d.kind === "adjusted_workday").map((d) => d.day).sort(),
          }
        : null,
      after: { source: input.source, holidays: [...new Set(input.holidays)].sort(), adjustedWorkdays: [...new Set(input.adjustedWorkdays)].sort() },
    });
  });
}
