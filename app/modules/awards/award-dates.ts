/**
 * The dates of an award's publicity and challenge periods (DESIGN §4.6), as pure rules over
 * Asia/Shanghai calendar dates ('YYYY-MM-DD') and the official working-day calendar.
 */
import { addWorkingDays, type WorkdayCalendar } from "~/modules/calendar/working-days";

/** The result notice is publicised for 1 working day, starting the day after the award. */
export const PUBLICITY_WORKING_DAYS = 1;
/** Bidders may challenge within 7 working days after the publicity ends (政府采购法 art. 52). */
export const CHALLENGE_WORKING_DAYS = 7;
/** The bureau answers within 7 working days of receiving a challenge (政府采购法 art. 53). */
export const ANSWER_WORKING_DAYS = 7;

/** Confirmed on 2026-09-29 → publicity ends 2026-09-30, challenges until 2026-10-15 (National Day in between). */
export function awardPeriods(confirmedOn: string, calendar: WorkdayCalendar) {
  const publicityEndsOn = addWorkingDays(confirmedOn, PUBLICITY_WORKING_DAYS, calendar);
  return { publicityEndsOn, challengeDeadline: addWorkingDays(publicityEndsOn, CHALLENGE_WORKING_DAYS, calendar) };
}

export function answerDueOn(filedOn: string, calendar: WorkdayCalendar): string {
  return addWorkingDays(filedOn, ANSWER_WORKING_DAYS, calendar);
}

/** A challenge may be filed from the day of the award until the challenge deadline, inclusive. */
export function challengeWindowOpen(today: string, award: { challengeDeadline: string }): boolean {
  return today <= award.challengeDeadline;
}

/**
 * The calendar day the award becomes final if no challenge is pending then: the day after the
 * challenge deadline (2026-10-15 → 2026-10-16), whether or not that is a working day.
 */
export function finalOn(award: { challengeDeadline: string }): string {
  const [year, month, day] = award.challengeDeadline.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

/** The window has passed: from the day after the deadline the award can become final. */
export function challengeWindowPassed(today: string, award: { challengeDeadline: string }): boolean {
  return today > award.challengeDeadline;
}

export function answerOverdue(today: string, challenge: { status: string; answerDueOn: string }): boolean {
  return challenge.status === "pending" && today > challenge.answerDueOn;
}
