import { and, asc, desc, eq, gte, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "#db/client";
import { needSupports, needs, regions, tenderNeeds, tenders } from "#db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import { grantsFor, type SessionUser } from "~/modules/auth/permissions";
import { listAttachments, saveAttachments, type UploadedFile } from "~/modules/documents/uploads.server";
import { UserError } from "~/utils/errors";
import { isUuid } from "~/utils/form-fields";
import { canSupport, nextNeedStatus } from "./need-states";
import type { NeedInput, NeedPoolFilter } from "./needs-schema";

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}
function forbidden(): never {
  throw new Response("Forbidden", { status: 403 });
}

const supportCount = sql<number>`(select count(*)::int from ${needSupports} ns where ns.need_id = ${sql.raw('"needs"."id"')})`;

/**
 * Community staff post for their community on any channel; a resident posts for their own
 * community, always through the online channel (居民线上) and without a grid. The need, its
 * evidence files and the audit entry are written in one transaction: a refused file or grid
 * leaves nothing behind.
 */
export async function postNeed(
  db: Queryable,
  user: SessionUser,
  input: Omit<NeedInput, "channel" | "gridId"> & Partial<Pick<NeedInput, "channel" | "gridId">>,
  options: { as?: "community" | "resident"; evidence?: readonly UploadedFile[] } = {},
) {
  const staffGrant = grantsFor(user, "community")[0];
  const residentGrant = grantsFor(user, "resident")[0];
  const as = options.as ?? (staffGrant ? "community" : "resident");
  const grant = as === "community" ? staffGrant : residentGrant;
  const communityId = grant?.communityId;
  if (!communityId) forbidden();
  const channel = as === "community" ? input.channel : "resident_online";
  if (!channel) throw new UserError("errors.required", { field: "channel" });
  const gridId = as === "community" ? (input.gridId ?? null) : null;
  const evidence = options.evidence ?? [];
  return db.transaction(async (tx) => {
    if (gridId) {
      const [grid] = await tx
        .select({ id: regions.id })
        .from(regions)
        .where(and(eq(regions.id, gridId), eq(regions.parentId, communityId), eq(regions.level, "grid")))
        .limit(1);
      if (!grid) throw new UserError("errors.invalidChoice", { field: "gridId" });
    }
    const [need] = await tx
      .insert(needs)
      .values({
        communityId,
        gridId,
        title: input.title,
        description: input.description,
        category: input.category,
        targetGroup: input.targetGroup,
        beneficiariesEstimate: input.beneficiariesEstimate,
        suggestedBudget: input.suggestedBudget,
        urgency: input.urgency,
        channel,
        createdBy: user.id,
      })
      .returning();
    const files = await saveAttachments(tx, { ownerType: "need", ownerId: need.id, files: evidence, uploadedBy: user.id });
    await appendAudit(tx, {
      actorId: user.id,
      action: "need.post",
      subjectType: "need",
      subjectId: need.id,
      after: {
        communityId,
        gridId,
        title: need.title,
        category: need.category,
        channel,
        suggestedBudget: need.suggestedBudget,
        evidence: files.map((f) => ({ id: f.id, filename: f.filename, contentType: f.contentType, size: f.size, sha256: f.sha256 })),
      },
    });
    return need;
  });
}

/** The grids of a community, for the grid choice on the staff's need form. */
export async function listCommunityGrids(db: Queryable, communityId: string) {
  return db
    .select({ id: regions.id, nameZh: regions.nameZh, nameEn: regions.nameEn })
    .from(regions)
    .where(and(eq(regions.parentId, communityId), eq(regions.level, "grid")))
    .orderBy(asc(regions.code));
}

/** One support per resident of the need's community, while the need is still open. */
export async function supportNeed(db: Queryable, user: SessionUser, needId: string) {
  if (!isUuid(needId)) notFound();
  const communityIds = grantsFor(user, "resident").map((g) => g.communityId);
  return db.transaction(async (tx) => {
    const [need] = await tx.select().from(needs).where(eq(needs.id, needId)).for("update").limit(1);
    if (!need) notFound();
    if (!communityIds.includes(need.communityId)) forbidden();
    if (!canSupport(need.status)) throw new UserError("needs.supportClosed");
    const inserted = await tx.insert(needSupports).values({ needId, userId: user.id }).onConflictDoNothing().returning();
    if (inserted.length === 0) throw new UserError("needs.alreadySupported");
    await appendAudit(tx, { actorId: user.id, action: "need.support", subjectType: "need", subjectId: needId });
  });
}

/** The districts a bureau officer acts for; their pool holds those districts' needs only. */
function officerDistrictIds(user: SessionUser): string[] {
  return grantsFor(user, "bureau")
    .map((g) => g.districtId)
    .filter((d): d is string => Boolean(d));
}

// community → street → district: a need belongs to the district two levels up.
const needDistrictId = sql<string>`(select s.parent_id from ${regions} c join ${regions} s on s.id = c.parent_id where c.id = ${sql.raw('"needs"."community_id"')})`;

export async function reviewNeed(db: Queryable, user: SessionUser, needId: string, input: { decision: "accept" | "reject"; reason?: string }) {
  if (!isUuid(needId)) notFound();
  const districts = officerDistrictIds(user);
  if (districts.length === 0) forbidden();
  return db.transaction(async (tx) => {
    const [need] = await tx
      .select()
      .from(needs)
      .where(and(eq(needs.id, needId), inArray(needDistrictId, districts)))
      .for("update")
      .limit(1);
    if (!need) notFound();
    const next = nextNeedStatus(need.status, input.decision);
    if (!next) throw new UserError("needs.notReviewable", { field: "decision" });
    const [updated] = await tx
      .update(needs)
      .set({ status: next, reviewReason: input.reason || null, reviewedBy: user.id, reviewedAt: new Date() })
      .where(eq(needs.id, needId))
      .returning();
    await appendAudit(tx, {
      actorId: user.id,
      action: `need.${input.decision}`,
      subjectType: "need",
      subjectId: needId,
      before: { status: need.status },
      after: { status: next, reason: input.reason || null },
    });
    return updated;
  });
}

const needColumns = {
  id: needs.id,
  title: needs.title,
  description: needs.description,
  category: needs.category,
  targetGroup: needs.targetGroup,
  beneficiariesEstimate: needs.beneficiariesEstimate,
  suggestedBudget: needs.suggestedBudget,
  urgency: needs.urgency,
  channel: needs.channel,
  status: needs.status,
  reviewReason: needs.reviewReason,
  createdAt: needs.createdAt,
  communityId: needs.communityId,
  communityName: sql<string>`(select c.name_zh from ${regions} c where c.id = ${sql.raw('"needs"."community_id"')})`,
  communityNameEn: sql<string>`(select c.name_en from ${regions} c where c.id = ${sql.raw('"needs"."community_id"')})`,
  gridName: sql<string | null>`(select g.name_zh from ${regions} g where g.id = ${sql.raw('"needs"."grid_id"')})`,
  gridNameEn: sql<string | null>`(select g.name_en from ${regions} g where g.id = ${sql.raw('"needs"."grid_id"')})`,
  supportCount,
  tenderId: sql<string | null>`(select tn.tender_id from ${tenderNeeds} tn join ${tenders} t on t.id = tn.tender_id where tn.need_id = ${sql.raw('"needs"."id"')} and t.status not in ('draft', 'cancelled', 'unsuccessful') limit 1)`,
};

/** Each need with its evidence files (names and sizes, for download links). */
async function withEvidence<T extends { id: string }>(db: Queryable, rows: T[]) {
  const files = await listAttachments(
    db,
    "need",
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    ...row,
    evidence: files.filter((f) => f.ownerId === row.id).map(({ id, filename, contentType, size }) => ({ id, filename, contentType, size })),
  }));
}

/** The bureau's pool: needs of its district's communities, with their evidence. */
export async function listNeedPool(db: Queryable, user: SessionUser, filter: NeedPoolFilter = {}) {
  const districts = officerDistrictIds(user);
  if (districts.length === 0) forbidden();
  const conditions: SQL[] = [inArray(needDistrictId, districts)];
  if (filter.category) conditions.push(eq(needs.category, filter.category));
  if (filter.communityId && isUuid(filter.communityId)) conditions.push(eq(needs.communityId, filter.communityId));
  if (filter.status) conditions.push(eq(needs.status, filter.status));
  if (filter.minSupport && filter.minSupport > 0) conditions.push(gte(supportCount, filter.minSupport));
  const rows = await db
    .select(needColumns)
    .from(needs)
    .where(and(...conditions))
    .orderBy(sql`case ${needs.status} when 'submitted' then 0 when 'accepted' then 1 else 2 end`, desc(supportCount), desc(needs.createdAt))
    .limit(200);
  return withEvidence(db, rows);
}

/** The communities of the officer's districts, for the pool's community filter. */
export async function listPoolCommunities(db: Queryable, user: SessionUser) {
  const districts = officerDistrictIds(user);
  if (districts.length === 0) forbidden();
  const street = alias(regions, "street");
  return db
    .select({ id: regions.id, nameZh: regions.nameZh, nameEn: regions.nameEn })
    .from(regions)
    .innerJoin(street, eq(street.id, regions.parentId))
    .where(and(eq(regions.level, "community"), inArray(street.parentId, districts)))
    .orderBy(asc(regions.code));
}

/**
 * A community's own needs with the outcome of each. Staff also get the evidence files; a
 * resident gets whether they already support each need (evidence may hold personal data).
 */
export async function listCommunityNeeds(db: Queryable, communityId: string, options: { supporterId?: string; evidence?: boolean } = {}) {
  const rows = await db
    .select({
      ...needColumns,
      supportedByMe: options.supporterId
        ? sql<boolean>`exists (select 1 from ${needSupports} s where s.need_id = ${sql.raw('"needs"."id"')} and s.user_id = ${options.supporterId})`
        : sql<boolean>`false`,
    })
    .from(needs)
    .where(eq(needs.communityId, communityId))
    .orderBy(desc(needs.createdAt))
    .limit(200);
  return options.evidence ? withEvidence(db, rows) : rows.map((row) => ({ ...row, evidence: [] }));
}

/**
 * Public: what anyone may know of a need, and the published tender that answers it, so that
 * anyone can follow a need to its tender. No description, no evidence, no poster: those may
 * hold personal data.
 */
export async function getPublicNeed(db: Queryable, needId: string) {
  if (!isUuid(needId)) notFound();
  const [need] = await db
    .select({
      id: needs.id,
      title: needs.title,
      category: needs.category,
      status: needs.status,
      reviewReason: needs.reviewReason,
      createdAt: needs.createdAt,
      reviewedAt: needs.reviewedAt,
      communityName: needColumns.communityName,
      communityNameEn: needColumns.communityNameEn,
      districtName: sql<string>`(select d.name_zh from ${regions} d where d.id = ${needDistrictId})`,
      districtNameEn: sql<string>`(select d.name_en from ${regions} d where d.id = ${needDistrictId})`,
      supportCount,
    })
    .from(needs)
    .where(eq(needs.id, needId))
    .limit(1);
  if (!need) notFound();
  const answeredBy = await db
    .select({ id: tenders.id, title: tenders.title })
    .from(tenderNeeds)
    .innerJoin(tenders, eq(tenders.id, tenderNeeds.tenderId))
    .where(and(eq(tenderNeeds.needId, needId), sql`${tenders.status} not in ('draft', 'cancelled', 'unsuccessful')`))
    .orderBy(desc(tenders.publishedAt))
    .limit(1);
  return {
    ...need,
    // A review note on an accepted need is internal; a rejection's reason is published (DESIGN §4.1).
    reviewReason: need.status === "rejected" ? need.reviewReason : null,
    tender: answeredBy[0] ?? null,
  };
}

/** Accepted needs of the officer's district, for building a tender. */
export async function listAcceptedNeeds(db: Queryable, user: SessionUser) {
  return listNeedPool(db, user, { status: "accepted" });
}
