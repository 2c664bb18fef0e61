import { and, asc, count, desc, eq, getTableColumns, ilike, inArray, ne, sql, type SQL } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import type { Queryable, Tx } from "#db/client";
import {
  amendments,
  attachments,
  budgetLines,
  bureaus,
  enquiries,
  needs,
  organizations,
  regions,
  tenderCommunities,
  tenderCriteria,
  tenderNeeds,
  tenderTranches,
  tenders,
} from "#db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import { announceTender } from "~/modules/notifications/notifications.server";
import { grantsFor, type SessionUser } from "~/modules/auth/permissions";
import { listBudgetLines, officerBureauId, release, reserve } from "~/modules/budgets/budgets.server";
import { fenToYuanString, formatFen } from "~/modules/budgets/money";
import { saveAttachments, type UploadedFile } from "~/modules/documents/uploads.server";
import { nextNeedStatus } from "~/modules/needs/need-states";
import { mayBid } from "~/modules/orgs/verification";
import { publicDataVersion } from "~/modules/stats/data-version.server";
import { copyIndicators, createDefaultIndicators } from "~/modules/outcomes/indicators.server";
import { UserError } from "~/utils/errors";
import { isUuid } from "~/utils/form-fields";
import { jsonList } from "~/utils/json-list.server";
import { preparedQuery } from "~/utils/prepared.server";
import { termsOf, toShanghaiInput, type AmendmentInput, type TenderInput } from "./tenders-schema";
import { can, PUBLIC_STATUS_GROUPS, tenderPhase, type PublicStatusGroup } from "./tender-states";
import { deadlineAfterAmendment, isBidPeriodLongEnough, MIN_BID_PERIOD_DAYS, tenderRuleViolations, type TenderTerms } from "./tender-rules";

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

type TenderRow = typeof tenders.$inferSelect;

/** The officer's own tender, locked for the rest of the transaction (404 for any other). */
export async function lockOwnTender(tx: Tx, user: SessionUser, tenderId: string): Promise<TenderRow> {
  const bureauId = officerBureauId(user);
  if (!isUuid(tenderId)) notFound();
  const [tender] = await tx
    .select()
    .from(tenders)
    .where(and(eq(tenders.id, tenderId), eq(tenders.bureauId, bureauId)))
    .for("update")
    .limit(1);
  if (!tender) notFound();
  return tender;
}

function requireAction(tender: TenderRow, action: "edit" | "publish" | "amend" | "cancel" | "answer", now: Date) {
  if (!can(tender, action, now)) throw new UserError(`tenders.refused.${action}`, { vars: { phase: `tenders.phase.${tenderPhase(tender, now)}` } });
}

// community → street → district
const districtOfCommunity = (communityId: SQL | string) =>
  sql<string>`(select s.parent_id from ${regions} c join ${regions} s on s.id = c.parent_id where c.id = ${communityId})`;

/** Needs, communities and the budget line must all belong to the officer's bureau. */
async function checkReferences(tx: Tx, bureauId: string, input: TenderInput, allowTenderedBy?: string) {
  const [bureau] = await tx.select({ districtId: bureaus.districtId }).from(bureaus).where(eq(bureaus.id, bureauId)).limit(1);
  const [line] = await tx
    .select({ id: budgetLines.id })
    .from(budgetLines)
    .where(and(eq(budgetLines.id, input.budgetLineId), eq(budgetLines.bureauId, bureauId)))
    .limit(1);
  if (!line) throw new UserError("errors.invalidChoice", { field: "budgetLineId" });
  const communityRows = await tx
    .select({ id: regions.id })
    .from(regions)
    .where(and(inArray(regions.id, input.communityIds), eq(regions.level, "community"), sql`${districtOfCommunity(sql.raw('"regions"."id"'))} = ${bureau.districtId}`));
  if (communityRows.length !== new Set(input.communityIds).size) throw new UserError("errors.invalidChoice", { field: "communityIds" });
  const needRows = await tx
    .select({ id: needs.id, status: needs.status })
    .from(needs)
    .where(and(inArray(needs.id, input.needIds), sql`${districtOfCommunity(sql.raw('"needs"."community_id"'))} = ${bureau.districtId}`));
  if (needRows.length !== new Set(input.needIds).size) throw new UserError("errors.invalidChoice", { field: "needIds" });
  if (needRows.some((n) => n.status !== "accepted" && !(allowTenderedBy && n.status === "tendered"))) {
    throw new UserError("tenders.rule.needsAccepted", { field: "needIds" });
  }
}

async function writeChildren(tx: Tx, tenderId: string, input: TenderInput) {
  await tx.delete(tenderCriteria).where(eq(tenderCriteria.tenderId, tenderId));
  await tx.delete(tenderTranches).where(eq(tenderTranches.tenderId, tenderId));
  await tx.delete(tenderNeeds).where(eq(tenderNeeds.tenderId, tenderId));
  await tx.delete(tenderCommunities).where(eq(tenderCommunities.tenderId, tenderId));
  await tx.insert(tenderCriteria).values(input.criteria.map((c, position) => ({ tenderId, position, ...c })));
  await tx.insert(tenderTranches).values(input.tranches.map((r, position) => ({ tenderId, position, ...r })));
  await tx.insert(tenderNeeds).values([...new Set(input.needIds)].map((needId) => ({ tenderId, needId })));
  await tx.insert(tenderCommunities).values([...new Set(input.communityIds)].map((communityId) => ({ tenderId, communityId })));
}

function tenderValues(input: TenderInput) {
  return {
    title: input.title,
    description: input.description,
    category: input.category,
    method: input.method,
    theme: input.method === "venture_call" ? (input.theme ?? null) : null,
    ceilingPrice: input.ceilingPrice,
    budgetLineId: input.budgetLineId,
    servicePeriodMonths: input.servicePeriodMonths,
    recurringService: input.recurringService,
    eligibility: input.eligibility,
    pricePoints: input.pricePoints,
    weightPurchaser: input.weightPurchaser,
    weightThirdParty: input.weightThirdParty,
    weightSatisfaction: input.weightSatisfaction,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    enquiryDeadline: input.enquiryDeadline,
    bidDeadline: input.bidDeadline,
  };
}

/** Creates a draft, or replaces an existing draft's content. */
function refuseViolations(terms: TenderTerms) {
  const [first] = tenderRuleViolations(terms);
  if (first) throw new UserError(first.message, { field: first.field, vars: first.vars });
}

export async function saveDraft(db: Queryable, user: SessionUser, input: TenderInput, tenderId?: string) {
  const bureauId = officerBureauId(user);
  refuseViolations(termsOf(input));
  return db.transaction(async (tx) => {
    // The tender's state first: a stale form sent after publication is refused for that reason.
    const existing = tenderId ? await lockOwnTender(tx, user, tenderId) : null;
    if (existing) requireAction(existing, "edit", new Date());
    await checkReferences(tx, bureauId, input);
    let tender: TenderRow;
    if (tenderId) {
      [tender] = await tx
        .update(tenders)
        .set({ ...tenderValues(input), updatedAt: new Date() })
        .where(eq(tenders.id, tenderId))
        .returning();
    } else {
      [tender] = await tx
        .insert(tenders)
        .values({ ...tenderValues(input), bureauId, createdBy: user.id })
        .returning();
      await createDefaultIndicators(tx, tender.id);
    }
    await writeChildren(tx, tender.id, input);
    await appendAudit(tx, {
      actorId: user.id,
      action: tenderId ? "tender.editDraft" : "tender.createDraft",
      subjectType: "tender",
      subjectId: tender.id,
      after: { ...tenderValues(input), needIds: input.needIds, communityIds: input.communityIds, criteria: input.criteria, tranches: input.tranches },
    });
    return tender;
  });
}

/**
 * Publishing: the time rules are checked at the moment of publication, the ceiling (or the
 * venture pot) is reserved on the budget line and the needs become "tendered", all in one
 * transaction — it all happens or none of it does.
 */
export async function publishTender(db: Queryable, user: SessionUser, tenderId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const tender = await lockOwnTender(tx, user, tenderId);
    requireAction(tender, "publish", now);
    if (!isBidPeriodLongEnough(tender.method, now, tender.bidDeadline)) {
      throw new UserError(tender.method === "open_tender" ? "tenders.rule.bidPeriodOpen" : "tenders.rule.bidPeriodConsultation", {
        vars: { days: MIN_BID_PERIOD_DAYS[tender.method] },
      });
    }
    if (tender.enquiryDeadline <= now) throw new UserError("tenders.rule.enquiryFuture");
    const [criteria, tranches] = await Promise.all([
      tx.select({ maxPoints: tenderCriteria.maxPoints }).from(tenderCriteria).where(eq(tenderCriteria.tenderId, tenderId)),
      tx.select({ percentage: tenderTranches.percentage }).from(tenderTranches).where(eq(tenderTranches.tenderId, tenderId)),
    ]);
    refuseViolations({
      ...tender,
      criteriaPoints: criteria.map((c) => c.maxPoints),
      weights: [tender.weightPurchaser, tender.weightThirdParty, tender.weightSatisfaction],
      tranchePercentages: tranches.map((r) => r.percentage),
    });
    const linked = await tx
      .select({ id: needs.id, status: needs.status })
      .from(tenderNeeds)
      .innerJoin(needs, eq(needs.id, tenderNeeds.needId))
      .where(eq(tenderNeeds.tenderId, tenderId))
      .for("update", { of: needs });
    for (const need of linked) {
      const next = nextNeedStatus(need.status, "tender");
      if (!next) throw new UserError("tenders.rule.needsAccepted");
      await tx.update(needs).set({ status: next }).where(eq(needs.id, need.id));
    }
    await reserve(tx, { lineId: tender.budgetLineId, amount: tender.ceilingPrice, subjectType: "tender", subjectId: tender.id, actorId: user.id });
    const [published] = await tx.update(tenders).set({ status: "published", publishedAt: now, updatedAt: now }).where(eq(tenders.id, tenderId)).returning();
    await appendAudit(tx, {
      actorId: user.id,
      action: "tender.publish",
      subjectType: "tender",
      subjectId: tenderId,
      before: { status: tender.status },
      after: { status: "published", publishedAt: now, reserved: tender.ceilingPrice, budgetLineId: tender.budgetLineId, needIds: linked.map((n) => n.id) },
    });
    await announceTender(tx, tenderId, now);
    return published;
  });
}

/**
 * An amendment (更正公告). One that may affect bids, published with fewer days left than the
 * law requires, moves the bid deadline so that many days remain (87号令 art. 27); the officer
 * may also extend the deadline. Bids placed before it must be confirmed again (bids issue).
 */
export async function amendTender(db: Queryable, user: SessionUser, tenderId: string, input: AmendmentInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const tender = await lockOwnTender(tx, user, tenderId);
    requireAction(tender, "amend", now);
    if (input.newBidDeadline && input.newBidDeadline < tender.bidDeadline) throw new UserError("tenders.rule.noEarlierDeadline", { field: "newBidDeadline" });
    const requested = input.newBidDeadline ?? tender.bidDeadline;
    const newDeadline = deadlineAfterAmendment(tender.method, requested, now, input.affectsBids);
    const deadlineMoved = newDeadline.getTime() !== tender.bidDeadline.getTime();
    const [amendment] = await tx
      .insert(amendments)
      .values({
        tenderId,
        changes: input.changes,
        reason: input.reason,
        affectsBids: input.affectsBids,
        previousBidDeadline: tender.bidDeadline,
        newBidDeadline: newDeadline,
        deadlineMoved,
        publishedBy: user.id,
        publishedAt: now,
      })
      .returning();
    if (deadlineMoved) await tx.update(tenders).set({ bidDeadline: newDeadline, updatedAt: now }).where(eq(tenders.id, tenderId));
    await appendAudit(tx, {
      actorId: user.id,
      action: "tender.amend",
      subjectType: "tender",
      subjectId: tenderId,
      before: { bidDeadline: tender.bidDeadline },
      after: { amendmentId: amendment.id, bidDeadline: newDeadline, affectsBids: input.affectsBids, changes: input.changes, reason: input.reason },
    });
    return amendment;
  });
}

/** Cancelling publishes the reason, releases the reservation and hands the needs back to the pool. */
export async function cancelTender(db: Queryable, user: SessionUser, tenderId: string, reason: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const tender = await lockOwnTender(tx, user, tenderId);
    requireAction(tender, "cancel", now);
    if (tender.status === "published") {
      await release(tx, { lineId: tender.budgetLineId, amount: tender.ceilingPrice, subjectType: "tender", subjectId: tender.id, actorId: user.id });
      const linked = await tx.select({ needId: tenderNeeds.needId }).from(tenderNeeds).where(eq(tenderNeeds.tenderId, tenderId));
      if (linked.length) {
        await tx
          .update(needs)
          .set({ status: "accepted" })
          .where(and(inArray(needs.id, linked.map((l) => l.needId)), eq(needs.status, "tendered")));
      }
    }
    const [cancelled] = await tx.update(tenders).set({ status: "cancelled", cancelledAt: now, cancelReason: reason, updatedAt: now }).where(eq(tenders.id, tenderId)).returning();
    await appendAudit(tx, {
      actorId: user.id,
      action: "tender.cancel",
      subjectType: "tender",
      subjectId: tenderId,
      before: { status: tender.status },
      after: { status: "cancelled", reason, released: tender.status === "published" ? tender.ceilingPrice : 0 },
    });
    return cancelled;
  });
}

/** Verified agencies (on neither credit list) ask until the enquiry deadline. */
export async function askQuestion(db: Queryable, user: SessionUser, tenderId: string, question: string, now = new Date()) {
  if (!isUuid(tenderId)) notFound();
  const organizationId = grantsFor(user, "agency")[0]?.organizationId;
  if (!organizationId) throw new Response("Forbidden", { status: 403 });
  return db.transaction(async (tx) => {
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, organizationId)).limit(1);
    if (!org || !mayBid(org)) throw new UserError("tenders.askNotVerified", { field: "question" });
    const [tender] = await tx.select().from(tenders).where(and(eq(tenders.id, tenderId), ne(tenders.status, "draft"))).limit(1);
    if (!tender) notFound();
    if (!can(tender, "ask", now)) throw new UserError("tenders.refused.ask", { field: "question", vars: { phase: `tenders.phase.${tenderPhase(tender, now)}` } });
    const [enquiry] = await tx.insert(enquiries).values({ tenderId, question, askedByOrganizationId: organizationId, askedBy: user.id, askedAt: now }).returning();
    // The audit log records who asked; the public page never shows it.
    await appendAudit(tx, { actorId: user.id, action: "tender.ask", subjectType: "tender", subjectId: tenderId, after: { enquiryId: enquiry.id, question } });
    return enquiry;
  });
}

export async function answerQuestion(db: Queryable, user: SessionUser, enquiryId: string, answer: string, now = new Date()) {
  if (!isUuid(enquiryId)) notFound();
  return db.transaction(async (tx) => {
    const [enquiry] = await tx.select().from(enquiries).where(eq(enquiries.id, enquiryId)).for("update").limit(1);
    if (!enquiry) notFound();
    const tender = await lockOwnTender(tx, user, enquiry.tenderId);
    requireAction(tender, "answer", now);
    if (enquiry.answer) throw new UserError("tenders.alreadyAnswered", { field: "answer" });
    await tx.update(enquiries).set({ answer, answeredBy: user.id, answeredAt: now }).where(eq(enquiries.id, enquiryId));
    await appendAudit(tx, { actorId: user.id, action: "tender.answer", subjectType: "tender", subjectId: tender.id, after: { enquiryId, answer } });
  });
}

export const TENDERS_PAGE_SIZE = 20;

export interface PublicTenderFilter {
  districtId?: string;
  category?: string;
  method?: string;
  status?: PublicStatusGroup;
  q?: string;
  page?: number;
}

/** The condition for a public status group, evaluated against the clock like tenderPhase. */
function statusGroupCondition(group: PublicStatusGroup): SQL {
  const phases: readonly string[] = PUBLIC_STATUS_GROUPS[group];
  const parts: SQL[] = [];
  const stored = phases.filter((p) => p !== "open" && p !== "closed");
  if (stored.length) parts.push(sql`${tenders.status}::text in (${sql.join(stored.map((s) => sql`${s}`), sql`, `)})`);
  if (phases.includes("open")) parts.push(sql`(${tenders.status} = 'published' and ${tenders.bidDeadline} > now())`);
  if (phases.includes("closed")) parts.push(sql`(${tenders.status} = 'published' and ${tenders.bidDeadline} <= now())`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

/**
 * A page of the public list and how many tenders match. Without a status group or a search the
 * answer changes only with a write to tenders or bureaus, which moves the public data version,
 * so it is kept under that version (`version`: the caller has just read it): a visitor paging
 * through the list or filtering by district and category costs one primary-key lookup, however
 * many tenders there are (counting reads every matching row: 30,000 at ten cities' scale). A
 * status group moves with the clock (a deadline passing closes a tender) and a search is rarely
 * repeated; those are read each time. The phase shown is always worked out now.
 */
export async function listPublicTenders(db: Queryable, filter: PublicTenderFilter, version?: number) {
  const page = Math.max(1, Math.min(1000, filter.page ?? 1));
  const read = () => readPublicTenders(db, filter, page);
  let result: PublicTenderPage;
  if (filter.status || filter.q) result = await read();
  else {
    const known = version ?? (await publicDataVersion(db));
    const key = [known, filter.districtId && isUuid(filter.districtId) ? filter.districtId : "", filter.category ?? "", filter.method ?? "", page].join("|");
    result = (await publicTenderPages.fetch(key, { context: read }))!;
  }
  const now = new Date();
  return { tenders: result.rows.map((r) => ({ ...r, phase: tenderPhase(r, now) })), total: result.total, page, pageCount: Math.max(1, Math.ceil(result.total / TENDERS_PAGE_SIZE)) };
}

async function readPublicTenders(db: Queryable, filter: PublicTenderFilter, page: number) {
  const conditions: SQL[] = [ne(tenders.status, "draft")];
  if (filter.districtId && isUuid(filter.districtId)) conditions.push(eq(bureaus.districtId, filter.districtId));
  if (filter.category) conditions.push(eq(tenders.category, filter.category));
  if (filter.method) conditions.push(sql`${tenders.method}::text = ${filter.method}`);
  if (filter.status) conditions.push(statusGroupCondition(filter.status));
  if (filter.q) conditions.push(ilike(tenders.title, `%${filter.q.replace(/[\\%_]/g, "\\$&")}%`));
  const where = and(...conditions);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: tenders.id,
        title: tenders.title,
        category: tenders.category,
        method: tenders.method,
        status: tenders.status,
        ceilingPrice: tenders.ceilingPrice,
        bidDeadline: tenders.bidDeadline,
        publishedAt: tenders.publishedAt,
        bureauName: bureaus.nameZh,
        bureauNameEn: bureaus.nameEn,
      })
      .from(tenders)
      .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
      .where(where)
      .orderBy(asc(tenders.bidDeadline), asc(tenders.id))
      .limit(TENDERS_PAGE_SIZE)
      .offset((page - 1) * TENDERS_PAGE_SIZE),
    db.select({ total: count() }).from(tenders).innerJoin(bureaus, eq(bureaus.id, tenders.bureauId)).where(where),
  ]);
  return { rows, total };
}
type PublicTenderPage = Awaited<ReturnType<typeof readPublicTenders>>;

/** Pages of the public list per filter and public data version; concurrent misses read once. */
const publicTenderPages = new LRUCache<string, PublicTenderPage, () => Promise<PublicTenderPage>>({
  max: 1000,
  fetchMethod: (_key, _stale, { context: read }) => read(),
});

/**
 * The lists a tender page shows with the tender, read in the tender's own query (one round trip
 * instead of seven: the detail page is the most visited page of the portal).
 */
const tenderParts = {
  criteria: jsonList(getTableColumns(tenderCriteria), sql`${tenderCriteria} where ${tenderCriteria.tenderId} = ${tenders.id}`, sql`${tenderCriteria.position}`),
  tranches: jsonList(getTableColumns(tenderTranches), sql`${tenderTranches} where ${tenderTranches.tenderId} = ${tenders.id}`, sql`${tenderTranches.position}`),
  needs: jsonList(
    { id: needs.id, title: needs.title, status: needs.status, communityName: regions.nameZh, supportCount: sql<number>`(select count(*)::int from need_supports ns where ns.need_id = ${needs.id})` },
    sql`${tenderNeeds} join ${needs} on ${needs.id} = ${tenderNeeds.needId} join ${regions} on ${regions.id} = ${needs.communityId} where ${tenderNeeds.tenderId} = ${tenders.id}`,
    sql`${needs.id}`,
  ),
  communities: jsonList(
    { id: regions.id, nameZh: regions.nameZh, nameEn: regions.nameEn },
    sql`${tenderCommunities} join ${regions} on ${regions.id} = ${tenderCommunities.communityId} where ${tenderCommunities.tenderId} = ${tenders.id}`,
    sql`${regions.code}`,
  ),
  // Never the asker: questions are public without identity.
  enquiries: jsonList(
    { id: enquiries.id, question: enquiries.question, askedAt: enquiries.askedAt, answer: enquiries.answer, answeredAt: enquiries.answeredAt },
    sql`${enquiries} where ${enquiries.tenderId} = ${tenders.id}`,
    sql`${enquiries.askedAt}`,
  ),
  amendments: jsonList(
    {
      id: amendments.id,
      changes: amendments.changes,
      reason: amendments.reason,
      affectsBids: amendments.affectsBids,
      previousBidDeadline: amendments.previousBidDeadline,
      newBidDeadline: amendments.newBidDeadline,
      deadlineMoved: amendments.deadlineMoved,
      publishedAt: amendments.publishedAt,
    },
    sql`${amendments} where ${amendments.tenderId} = ${tenders.id}`,
    sql`${amendments.publishedAt}`,
  ),
  documents: jsonList(
    { id: attachments.id, filename: attachments.filename, size: attachments.size, contentType: attachments.contentType },
    sql`${attachments} where ${attachments.ownerType} = 'tender' and ${attachments.ownerId} = ${tenders.id}`,
    sql`${attachments.createdAt}`,
  ),
};

async function loadTenderParts(db: Queryable, tenderId: string) {
  const [parts] = await db.select(tenderParts).from(tenders).where(eq(tenders.id, tenderId));
  return parts;
}

const tenderWithBureau = {
  tender: tenders,
  bureauName: bureaus.nameZh,
  bureauNameEn: bureaus.nameEn,
  districtId: bureaus.districtId,
  budgetLineName: budgetLines.name,
  fundSource: budgetLines.fundSource,
  fiscalYear: budgetLines.fiscalYear,
};

const publicTenderQuery = preparedQuery((db) =>
  db
    .select({ ...tenderWithBureau, ...tenderParts })
    .from(tenders)
    .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
    .innerJoin(budgetLines, eq(budgetLines.id, tenders.budgetLineId))
    .where(and(eq(tenders.id, sql.placeholder("tenderId")), ne(tenders.status, "draft")))
    .limit(1)
    .prepare("public_tender"),
);

/** Everything a bidder needs; drafts are not public (404). */
export async function getPublicTender(db: Queryable, tenderId: string) {
  if (!isUuid(tenderId)) notFound();
  const [row] = await publicTenderQuery(db, { tenderId });
  if (!row) notFound();
  const { createdBy: _createdBy, ...tender } = row.tender;
  return { ...row, tender, phase: tenderPhase(row.tender) };
}

/** The officer's view of one of their bureau's tenders, drafts included. */
export async function getBureauTender(db: Queryable, user: SessionUser, tenderId: string) {
  const bureauId = officerBureauId(user);
  if (!isUuid(tenderId)) notFound();
  const [row] = await db
    .select({ ...tenderWithBureau, ...tenderParts })
    .from(tenders)
    .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
    .innerJoin(budgetLines, eq(budgetLines.id, tenders.budgetLineId))
    .where(and(eq(tenders.id, tenderId), eq(tenders.bureauId, bureauId)))
    .limit(1);
  if (!row) notFound();
  const now = new Date();
  return { ...row, phase: tenderPhase(row.tender, now), actions: [...(["edit", "publish", "amend", "cancel", "answer"] as const)].filter((a) => can(row.tender, a, now)) };
}

export async function listBureauTenders(db: Queryable, user: SessionUser) {
  const bureauId = officerBureauId(user);
  const rows = await db
    .select({ id: tenders.id, title: tenders.title, method: tenders.method, status: tenders.status, ceilingPrice: tenders.ceilingPrice, bidDeadline: tenders.bidDeadline, updatedAt: tenders.updatedAt })
    .from(tenders)
    .where(eq(tenders.bureauId, bureauId))
    .orderBy(desc(tenders.updatedAt));
  const now = new Date();
  return rows.map((r) => ({ ...r, phase: tenderPhase(r, now) }));
}

/** What the tender form offers: the bureau's budget lines, its accepted needs and communities. */
export async function loadTenderFormOptions(db: Queryable, user: SessionUser, includeNeedIds: string[] = []) {
  const bureauId = officerBureauId(user);
  const [bureau] = await db.select({ districtId: bureaus.districtId }).from(bureaus).where(eq(bureaus.id, bureauId)).limit(1);
  const [lines, acceptedNeeds, communities] = await Promise.all([
    listBudgetLines(db, user),
    db
      .select({ id: needs.id, title: needs.title, status: needs.status, communityName: regions.nameZh })
      .from(needs)
      .innerJoin(regions, eq(regions.id, needs.communityId))
      .where(
        and(
          sql`${districtOfCommunity(sql.raw('"needs"."community_id"'))} = ${bureau.districtId}`,
          includeNeedIds.length ? sql`(${needs.status} = 'accepted' or ${inArray(needs.id, includeNeedIds)})` : eq(needs.status, "accepted"),
        ),
      )
      .orderBy(asc(regions.code), desc(needs.createdAt)),
    db
      .select({ id: regions.id, nameZh: regions.nameZh })
      .from(regions)
      .where(and(eq(regions.level, "community"), sql`${districtOfCommunity(sql.raw('"regions"."id"'))} = ${bureau.districtId}`))
      .orderBy(asc(regions.code)),
  ]);
  return {
    budgetLines: lines.map((l) => ({ value: l.id, label: `${l.fiscalYear} · ${l.name} · ${formatFen(l.available)}`, available: l.available })),
    needs: acceptedNeeds.map((n) => ({ value: n.id, label: `${n.communityName} · ${n.title}` })),
    communities: communities.map((c) => ({ value: c.id, label: c.nameZh })),
  };
}

/** A draft's content in the shape of the form (amounts in yuan, times in Asia/Shanghai). */
export function draftFormValues(detail: Awaited<ReturnType<typeof getBureauTender>>) {
  const t = detail.tender;
  return {
    title: t.title,
    description: t.description,
    category: t.category,
    method: t.method,
    theme: t.theme ?? "",
    ceilingPrice: fenToYuanString(t.ceilingPrice),
    budgetLineId: t.budgetLineId,
    servicePeriodMonths: t.servicePeriodMonths,
    recurringService: t.recurringService,
    eligibility: t.eligibility,
    pricePoints: t.pricePoints,
    criteria: detail.criteria.map((c) => ({ name: c.name, description: c.description, maxPoints: c.maxPoints })),
    weightPurchaser: t.weightPurchaser,
    weightThirdParty: t.weightThirdParty,
    weightSatisfaction: t.weightSatisfaction,
    tranches: detail.tranches.map((r) => ({ milestone: r.milestone, percentage: r.percentage })),
    enquiryDeadline: toShanghaiInput(t.enquiryDeadline),
    bidDeadline: toShanghaiInput(t.bidDeadline),
    needIds: detail.needs.map((n) => n.id),
    communityIds: detail.communities.map((c) => c.id),
    contactName: t.contactName,
    contactPhone: t.contactPhone,
  };
}

/** Tender documents are attached while the tender is a draft; once published only an amendment changes it. */
export async function addTenderDocuments(db: Queryable, user: SessionUser, tenderId: string, files: UploadedFile[], now = new Date()) {
  return db.transaction(async (tx) => {
    const tender = await lockOwnTender(tx, user, tenderId);
    requireAction(tender, "edit", now);
    const saved = await saveAttachments(tx, { ownerType: "tender", ownerId: tenderId, files, uploadedBy: user.id });
    await appendAudit(tx, {
      actorId: user.id,
      action: "tender.addDocuments",
      subjectType: "tender",
      subjectId: tenderId,
      after: { documents: saved.map((d) => ({ id: d.id, filename: d.filename, sha256: d.sha256 })) },
    });
    return saved;
  });
}

/** An unsuccessful or cancelled tender copied into a new draft: same terms, fresh dates to set. */
export async function copyTender(db: Queryable, user: SessionUser, tenderId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const source = await lockOwnTender(tx, user, tenderId);
    if (!can(source, "copy", now)) throw new UserError("tenders.refused.edit", { vars: { phase: `tenders.phase.${tenderPhase(source, now)}` } });
    const { id: _id, status: _s, publishedAt: _p, cancelledAt: _c, cancelReason: _r, createdAt: _ca, updatedAt: _u, createdBy: _cb, copiedFromId: _cf, ...terms } = source;
    const [copy] = await tx
      .insert(tenders)
      .values({ ...terms, status: "draft", copiedFromId: source.id, createdBy: user.id, createdAt: now, updatedAt: now })
      .returning();
    const parts = await loadTenderParts(tx, tenderId);
    if (parts.criteria.length) await tx.insert(tenderCriteria).values(parts.criteria.map(({ id: _cid, tenderId: _t, ...c }) => ({ ...c, tenderId: copy.id })));
    if (parts.tranches.length) await tx.insert(tenderTranches).values(parts.tranches.map(({ id: _tid, tenderId: _t, ...r }) => ({ ...r, tenderId: copy.id })));
    if (parts.needs.length) await tx.insert(tenderNeeds).values(parts.needs.map((n) => ({ tenderId: copy.id, needId: n.id })));
    if (parts.communities.length) await tx.insert(tenderCommunities).values(parts.communities.map((c) => ({ tenderId: copy.id, communityId: c.id })));
    await copyIndicators(tx, source.id, copy.id);
    await appendAudit(tx, { actorId: user.id, action: "tender.copy", subjectType: "tender", subjectId: copy.id, after: { copiedFromId: source.id } });
    return copy;
  });
}

/**
 * The officer's own tender, as the bureau's tender pages scope it (404 for any other), read
 * without a lock: an action calls it before validating its form, so that whoever may not act on
 * the tender learns nothing about it from field errors.
 */
export async function requireOwnTender(db: Queryable, user: SessionUser, tenderId: string): Promise<TenderRow> {
  const bureauId = officerBureauId(user);
  if (!isUuid(tenderId)) notFound();
  const [tender] = await db
    .select()
    .from(tenders)
    .where(and(eq(tenders.id, tenderId), eq(tenders.bureauId, bureauId)))
    .limit(1);
  if (!tender) notFound();
  return tender;
}
