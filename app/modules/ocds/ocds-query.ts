/**
 * The feed's query string: `page` (1-based, default 1) and `since` (a date, YYYY-MM-DD in Beijing
 * time, or an ISO 8601 date-time with a zone). Anything else is refused with a message, never a 500.
 */
import { isIsoDate } from "~/modules/calendar/working-days";

export const MAX_PAGE = 100_000;

export type FeedQuery = { page: number; since?: Date };

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseSince(raw: string): Date | null {
  if (isIsoDate(raw)) return new Date(`${raw}T00:00:00+08:00`);
  // An unencoded "+08:00" arrives as " 08:00" (a plus in a query string means a space).
  const text = raw.replace(/ (\d{2}:\d{2})$/, "+$1");
  const match = DATE_TIME.exec(text);
  if (!match || !isIsoDate(match[1])) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}

export function parseFeedQuery(params: URLSearchParams): { ok: true; query: FeedQuery } | { ok: false; error: string } {
  const pageText = params.get("page");
  let page = 1;
  if (pageText !== null) {
    if (!/^\d{1,6}$/.test(pageText) || Number(pageText) < 1 || Number(pageText) > MAX_PAGE) {
      return { ok: false, error: `page must be a whole number from 1 to ${MAX_PAGE}` };
    }
    page = Number(pageText);
  }
  const sinceText = params.get("since");
  if (sinceText === null || sinceText === "") return { ok: true, query: { page } };
  const since = parseSince(sinceText);
  if (!since) return { ok: false, error: "since must be a date (YYYY-MM-DD, Beijing time) or an ISO 8601 date-time with a time zone" };
  return { ok: true, query: { page, since } };
}
