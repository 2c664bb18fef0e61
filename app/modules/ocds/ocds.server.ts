/**
 * The OCDS feed and packages (DESIGN §5): release packages (the whole feed, paged, oldest first,
 * or one tender's releases) and a tender's record with its compiled release.
 */
import { and, desc, eq, isNotNull, lt } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { awards, tenders } from "#db/schema";
import { env } from "~/env.server";
import { settleAward } from "~/modules/awards/awards.server";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { isUuid } from "~/utils/form-fields";
import { OCDS_PAGE_SIZE, OCDS_VERSION, ocidOf, type OcdsContext } from "./ocds-ids";
import { compileReleases, type Json } from "./ocds-merge";
import type { FeedQuery } from "./ocds-query";
import { listEvents, releasesFor } from "./ocds-releases.server";

type JsonObject = { [key: string]: Json };

/** The portal's public address (PUBLIC_URL when set, else the request's origin) and the configured prefix. */
export function ocdsContext(request: Request, prefix = env().OCDS_PREFIX): OcdsContext {
  return { origin: process.env.PUBLIC_URL?.trim().replace(/\/+$/, "") || new URL(request.url).origin, prefix };
}

function packageMeta(ctx: OcdsContext, uri: string, publishedDate: Date) {
  return {
    uri,
    version: OCDS_VERSION,
    publishedDate: publishedDate.toISOString(),
    publisher: { name: "三社联动服务采购平台 Sanshe Portal", uri: ctx.origin },
    publicationPolicy: `${ctx.origin}/open-data`,
  };
}

/**
 * Awards become final lazily, when read (DESIGN §4): before the feed is built, every award whose
 * challenge window has passed is settled, so that its awardUpdate release is there.
 */
async function settleDueAwards(db: Queryable, now: Date) {
  const due = await db
    .selectDistinct({ tenderId: awards.tenderId })
    .from(awards)
    .innerJoin(tenders, eq(tenders.id, awards.tenderId))
    .where(and(eq(tenders.status, "publicity"), eq(awards.status, "publicity"), lt(awards.challengeDeadline, shanghaiToday(now))));
  for (const { tenderId } of due) await settleAward(db, tenderId, now);
}

/** The newest release date of a list, or `fallback` for an empty one. */
const latest = (releases: JsonObject[], fallback: Date) => (releases.length ? new Date(String(releases[releases.length - 1].date)) : fallback);

/**
 * A page of the feed. A page past the last answers a package with no releases (and a link back
 * to the first page), so a harvester knows it has reached the end.
 */
export async function releaseFeed(db: Queryable, ctx: OcdsContext, query: FeedQuery, now = new Date(), pageSize = OCDS_PAGE_SIZE) {
  await settleDueAwards(db, now);
  const events = await listEvents(db, { since: query.since }, { limit: pageSize + 1, offset: (query.page - 1) * pageSize });
  const releases = (await releasesFor(db, ctx, events.slice(0, pageSize))) as JsonObject[];
  const pageUrl = (page: number) => {
    const params = new URLSearchParams();
    params.set("page", String(page));
    if (query.since) params.set("since", query.since.toISOString());
    return `${ctx.origin}/api/ocds/releases?${params}`;
  };
  // A release package holds at least one release (schema: minItems 1): a page past the last is
  // not an empty package but a 404 that points back to the first page.
  if (query.page > 1 && releases.length === 0) throw ocdsResponse({ error: "No releases on this page", links: { first: pageUrl(1) } }, 404);
  const links: Record<string, string> = {};
  if (events.length > pageSize) links.next = pageUrl(query.page + 1);
  if (query.page > 1) links.prev = pageUrl(query.page - 1);
  return { ...packageMeta(ctx, pageUrl(query.page), latest(releases, now)), releases, ...(Object.keys(links).length ? { links } : {}) };
}

function notFound(): never {
  throw ocdsResponse({ error: "No published tender with this id" }, 404);
}

async function tenderReleases(db: Queryable, ctx: OcdsContext, tenderId: string) {
  if (!isUuid(tenderId)) notFound();
  await settleAward(db, tenderId);
  const releases = (await releasesFor(db, ctx, await listEvents(db, { tenderId }))) as JsonObject[];
  if (releases.length === 0) notFound();
  return releases;
}

/** All releases of one published tender (404 for a draft or an unknown id). */
export async function tenderReleasePackage(db: Queryable, ctx: OcdsContext, tenderId: string) {
  const releases = await tenderReleases(db, ctx, tenderId);
  return { ...packageMeta(ctx, `${ctx.origin}/api/ocds/tenders/${tenderId}/releases`, latest(releases, new Date())), releases };
}

/** The tender's record: every release and the compiled release (the current state). */
export async function tenderRecordPackage(db: Queryable, ctx: OcdsContext, tenderId: string) {
  const releases = await tenderReleases(db, ctx, tenderId);
  return {
    ...packageMeta(ctx, `${ctx.origin}/api/ocds/tenders/${tenderId}/record`, latest(releases, new Date())),
    packages: [`${ctx.origin}/api/ocds/tenders/${tenderId}/releases`],
    records: [{ ocid: ocidOf(ctx.prefix, tenderId), releases, compiledRelease: compileReleases(releases) }],
  };
}

/** Open data: readable from any site (CORS), cached briefly, JSON in UTF-8. */
export function ocdsResponse(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Access-Control-Allow-Origin": "*",
      "Cross-Origin-Resource-Policy": "cross-origin",
      "Cache-Control": "public, max-age=60",
    },
  });
}

/** What the developer page shows: the prefix in force and a published tender to try the endpoints on. */
export async function openDataPage(db: Queryable) {
  const [sample] = await db
    .select({ id: tenders.id, title: tenders.title })
    .from(tenders)
    .where(isNotNull(tenders.publishedAt))
    .orderBy(desc(tenders.publishedAt))
    .limit(1);
  return { prefix: env().OCDS_PREFIX, pageSize: OCDS_PAGE_SIZE, sample: sample ?? null };
}
