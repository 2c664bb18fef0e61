import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseFeedQuery } from "~/modules/ocds/ocds-query";
import { ocdsContext, ocdsResponse, releaseFeed } from "~/modules/ocds/ocds.server";
import { db } from "~/utils/db.server";

/** GET /api/ocds/releases?page=N&since=YYYY-MM-DD: the release package feed, oldest first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseFeedQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return ocdsResponse({ error: parsed.error }, 400);
  return ocdsResponse(await releaseFeed(db, ocdsContext(request), parsed.query));
}
