import { and, asc, count, desc, eq, inArray, isNotNull, max, sql } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { amendments, bidOpenings, bids, committeeMembers, conflictDeclarations, needs, organizations, staff, tenderNeeds, tenders } from "#db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import { grantsFor, type SessionUser } from "~/modules/auth/permissions";
import { release } from "~/modules/budgets/budgets.server";
import { formatFen } from "~/modules/budgets/money";
import type { UploadedFile } from "~/modules/documents/uploads.server";
import { mayBid } from "~/modules/orgs/verification";
import { can, tenderPhase } from "~/modules/tenders/tender-states";
import { lockOwnTender } from "~/modules/tenders/tenders.server";
import { withUniqueMessages } from "~/utils/db-errors.server";
import { UserError } from "~/utils/errors";
import { isUuid } from "~/utils/form-fields";
import { preparedQuery } from "~/utils/prepared.server";
import { attachmentBidId, deleteBidAttachment, storeBidAttachments, unsealAttachment, unsealedAttachmentLists, type BidRef } from "./bid-attachments.server";
import { BID_ATTACHMENTS_FIELD, type BidContent, type BidInput } from "./bids-schema";
import { seal, unseal } from "./sealing.server";

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}
function forbidden(): never {
  throw new Response("Forbidden", { status: 403 });
}

function bidderOrganizationId(user: SessionUser): string {
  const organizationId = grantsFor(user, "agency")[0]?.organizationId;
  if (!organizationId) forbidden();
  return organizationId;
}

type TenderRow = typeof tenders.$inferSelect;

/** The tender, locked against a concurrent opening; bidding needs the open phase (server clock). */
async function tenderForBidding(tx: Tx, tenderId: string, now: Date): Promise<TenderRow> {
  if (!isUuid(tenderId)) notFound();
  const [tender] = await tx.select().from(tenders).where(eq(tenders.id, tenderId)).for("share").limit(1);
  if (!tender || tender.status === "draft") notFound();
  if (!can(tender, "bid", now)) throw new UserError("bids.refused.closed", { vars: { phase: `tenders.phase.${tenderPhase(tender, now)}` } });
  return tender;
}

/** The moment from which earlier bids must be confirmed again: the last amendment that moved the deadline. */
async function reconfirmSince(db: Queryable, tenderId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: max(amendments.publishedAt) })
    .from(amendments)
    .where(and(eq(amendments.tenderId, tenderId), eq(amendments.deadlineMoved, true), eq(amendments.affectsBids, true)));
  return row?.at ? new Date(row.at) : null;
}

async function bidContent(tx: Tx, organizationId: string, tender: TenderRow, input: BidInput): Promise<BidContent> {
  if (input.price > tender.ceilingPrice) {
    throw new UserError(tender.method === "venture_call" ? "bids.rule.overPot" : "bids.rule.overCeiling", { field: "price", vars: { ceiling: formatFen(tender.ceilingPrice) } });
  }
  if (tender.method === "venture_call" && !input.proposalTitle) throw new UserError("bids.rule.proposalTitle", { field: "proposalTitle" });
  // The form checks these too; the command does not rely on it.
  if (!(input.price > 0)) throw new UserError("errors.atLeast", { field: "price", vars: { min: "0.01" } });
  if (input.budget.reduce((sum, line) => sum + line.amount, 0) !== input.price) throw new UserError("bids.rule.budgetSum", { field: "budget" });
  const team = await tx
    .select({ staffId: staff.id, name: staff.name, qualification: staff.qualification })
    .from(staff)
    .where(and(eq(staff.organizationId, organizationId), inArray(staff.id, input.teamStaffIds)));
  if (team.length !== new Set(input.teamStaffIds).size) throw new UserError("errors.invalidChoice", { field: "teamStaffIds" });
  return { ...input, team };
}

/**
 * Submits a bid, or replaces the organization's live bid, until the bid deadline. The content
 * is sealed before it reaches the database; the unique index keeps one live bid per
 * organization even when two members submit at the same moment. `files` are added to the bid's
 * attachments, sealed too; a replaced bid keeps the files it had (the bidder removes them one by
 * one), a withdrawn bid takes its files with it.
 */
export async function submitBid(db: Queryable, user: SessionUser, tenderId: string, input: BidInput, now = new Date(), files: readonly Pick<UploadedFile, "filename" | "bytes">[] = []) {
  const organizationId = bidderOrganizationId(user);
  const run = () =>
    db.transaction(async (tx) => {
      const [org] = await tx.select().from(organizations).where(eq(organizations.id, organizationId)).limit(1);
      if (!org || !mayBid(org)) throw new UserError("bids.refused.notEligible");
      const tender = await tenderForBidding(tx, tenderId, now);
      const sealed = seal(tenderId, organizationId, await bidContent(tx, organizationId, tender, input));
      const [live] = await tx
        .select({ id: bids.id })
        .from(bids)
        .where(and(eq(bids.tenderId, tenderId), eq(bids.organizationId, organizationId), eq(bids.status, "submitted")))
        .for("update")
        .limit(1);
      let bidId: string;
      if (live) {
        await tx.update(bids).set({ ...sealed, updatedAt: now, confirmedAt: now, submittedBy: user.id }).where(eq(bids.id, live.id));
        bidId = live.id;
      } else {
        const [row] = await tx
          .insert(bids)
          .values({ tenderId, organizationId, ...sealed, submittedBy: user.id, submittedAt: now, updatedAt: now, confirmedAt: now })
          .returning({ id: bids.id });
        bidId = row.id;
      }
      const attached = await storeBidAttachments(tx, { id: bidId, tenderId, organizationId }, files, user.id, now);
      // Sealed: the audit entry records that a bid arrived, never its content (nor its files' names).
      await appendAudit(tx, {
        actorId: user.id,
        action: live ? "bid.replace" : "bid.submit",
        subjectType: "bid",
        subjectId: bidId,
        after: { tenderId, organizationId, ...(attached.length ? { attachmentsAdded: attached } : {}) },
      });
      return { id: bidId, replaced: Boolean(live) };
    });
  return withUniqueMessages(run, { bids_one_live_idx: new UserError("bids.refused.duplicate") });
}

async function lockLiveBid(tx: Tx, organizationId: string, tenderId: string) {
  const [bid] = await tx
    .select()
    .from(bids)
    .where(and(eq(bids.tenderId, tenderId), eq(bids.organizationId, organizationId), eq(bids.status, "submitted")))
    .for("update")
    .limit(1);
  if (!bid) notFound();
  return bid;
}

export async function withdrawBid(db: Queryable, user: SessionUser, tenderId: string, now = new Date()) {
  const organizationId = bidderOrganizationId(user);
  return db.transaction(async (tx) => {
    await tenderForBidding(tx, tenderId, now);
    const bid = await lockLiveBid(tx, organizationId, tenderId);
    await tx.update(bids).set({ status: "withdrawn", withdrawnAt: now, updatedAt: now }).where(eq(bids.id, bid.id));
    await appendAudit(tx, { actorId: user.id, action: "bid.withdraw", subjectType: "bid", subjectId: bid.id, after: { tenderId } });
  });
}

/** After an amendment moved the deadline, a bid placed before it counts only once confirmed. */
export async function confirmBid(db: Queryable, user: SessionUser, tenderId: string, now = new Date()) {
  const organizationId = bidderOrganizationId(user);
  return db.transaction(async (tx) => {
    await tenderForBidding(tx, tenderId, now);
    const bid = await lockLiveBid(tx, organizationId, tenderId);
    await tx.update(bids).set({ confirmedAt: now }).where(eq(bids.id, bid.id));
    await appendAudit(tx, { actorId: user.id, action: "bid.confirm", subjectType: "bid", subjectId: bid.id, after: { tenderId } });
  });
}

/** Adds files to the organization's live bid, until the deadline. */
export async function attachToBid(db: Queryable, user: SessionUser, tenderId: string, files: readonly Pick<UploadedFile, "filename" | "bytes">[], now = new Date()) {
  const organizationId = bidderOrganizationId(user);
  if (files.length === 0) throw new UserError("errors.chooseOne", { field: BID_ATTACHMENTS_FIELD });
  return db.transaction(async (tx) => {
    await tenderForBidding(tx, tenderId, now);
    const bid = await lockLiveBid(tx, organizationId, tenderId);
    const ids = await storeBidAttachments(tx, { id: bid.id, tenderId, organizationId }, files, user.id, now);
    await tx.update(bids).set({ updatedAt: now }).where(eq(bids.id, bid.id));
    await appendAudit(tx, { actorId: user.id, action: "bid.attach", subjectType: "bid", subjectId: bid.id, after: { tenderId, attachmentsAdded: ids } });
    return ids;
  });
}

/** Removes one file from the organization's live bid, until the deadline. */
export async function removeBidAttachment(db: Queryable, user: SessionUser, tenderId: string, attachmentId: string, now = new Date()) {
  const organizationId = bidderOrganizationId(user);
  if (!isUuid(attachmentId)) notFound();
  return db.transaction(async (tx) => {
    await tenderForBidding(tx, tenderId, now);
    const bid = await lockLiveBid(tx, organizationId, tenderId);
    if (!(await deleteBidAttachment(tx, bid.id, attachmentId))) notFound();
    await tx.update(bids).set({ updatedAt: now }).where(eq(bids.id, bid.id));
    await appendAudit(tx, { actorId: user.id, action: "bid.detach", subjectType: "bid", subjectId: bid.id, after: { tenderId, attachmentRemoved: attachmentId } });
  });
}

/** The bidder's own live bid, unsealed for its own members only. */
export async function getOwnBid(db: Queryable, user: SessionUser, tenderId: string) {
  const organizationId = bidderOrganizationId(user);
  if (!isUuid(tenderId)) notFound();
  const [bid] = await db
    .select()
    .from(bids)
    .where(and(eq(bids.tenderId, tenderId), eq(bids.organizationId, organizationId), eq(bids.status, "submitted")))
    .limit(1);
  if (!bid) return null;
  const since = await reconfirmSince(db, tenderId);
  const attachments = (await unsealedAttachmentLists(db, [{ id: bid.id, tenderId, organizationId }])).get(bid.id) ?? [];
  return {
    id: bid.id,
    attachments,
    submittedAt: bid.submittedAt,
    updatedAt: bid.updatedAt,
    confirmedAt: bid.confirmedAt,
    needsConfirmation: Boolean(since && bid.confirmedAt < since),
    content: unseal<BidContent>(tenderId, organizationId, bid),
  };
}

/** What anyone may know before opening: how many live bids there are. */
export async function countLiveBids(db: Queryable, tenderId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(bids)
    .where(and(eq(bids.tenderId, tenderId), eq(bids.status, "submitted")));
  return row?.n ?? 0;
}

/** The minimum valid bids to go on (政府采购法 art. 36; 财库〔2015〕124号). */
export function openingOutcome(method: TenderRow["method"], validCount: number): "proceed" | "choose" | "unsuccessful" {
  if (method === "open_tender") return validCount >= 3 ? "proceed" : "unsuccessful";
  if (validCount >= 3) return "proceed";
  return validCount === 2 ? "choose" : "unsuccessful";
}

/** Ends a tender without award: the reservation is released and its needs go back to the pool. */
export async function failTender(tx: Tx, actorId: string, tender: TenderRow, reason: string, now: Date) {
  await release(tx, { lineId: tender.budgetLineId, amount: tender.ceilingPrice, subjectType: "tender", subjectId: tender.id, actorId });
  const linked = await tx.select({ needId: tenderNeeds.needId }).from(tenderNeeds).where(eq(tenderNeeds.tenderId, tender.id));
  if (linked.length) {
    await tx
      .update(needs)
      .set({ status: "accepted" })
      .where(and(inArray(needs.id, linked.map((l) => l.needId)), eq(needs.status, "tendered")));
  }
  await tx.update(tenders).set({ status: "unsuccessful", cancelReason: reason, cancelledAt: now, updatedAt: now }).where(eq(tenders.id, tender.id));
}

/**
 * Opening (开标) after the deadline: every live bid is unsealed, checked for validity and
 * the opening record (bidders, prices, time) is published. Too few valid bids end the tender.
 */
export async function openBids(db: Queryable, user: SessionUser, tenderId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const tender = await lockOwnTender(tx, user, tenderId);
    if (!can(tender, "open", now)) throw new UserError("bids.refused.open", { vars: { phase: `tenders.phase.${tenderPhase(tender, now)}` } });
    const since = await reconfirmSince(tx, tenderId);
    const live = await tx
      .select({
        bid: bids,
        orgName: organizations.name,
        uscc: organizations.uscc,
        verificationStatus: organizations.verificationStatus,
        creditStatus: organizations.creditStatus,
        creditChangedAt: organizations.creditChangedAt,
      })
      .from(bids)
      .innerJoin(organizations, eq(organizations.id, bids.organizationId))
      .where(and(eq(bids.tenderId, tenderId), eq(bids.status, "submitted")))
      .orderBy(asc(bids.submittedAt));
    const record = [];
    let validCount = 0;
    // Unsealing every file's name now proves the files open with the server's key, like the bids.
    const files = await unsealedAttachmentLists(
      tx,
      live.map((row) => ({ id: row.bid.id, tenderId, organizationId: row.bid.organizationId })),
    );
    for (const row of live) {
      const content = unseal<BidContent>(tenderId, row.bid.organizationId, row.bid);
      // Eligibility counts at the deadline (DESIGN §4.4): a listing made after the deadline
      // does not invalidate a bid; one made before it does.
      const listedAfterDeadline = row.creditStatus !== "normal" && row.creditChangedAt !== null && row.creditChangedAt >= tender.bidDeadline;
      const eligible = row.verificationStatus === "verified" && (row.creditStatus === "normal" || listedAfterDeadline);
      const invalidReason = !eligible
        ? "bids.invalid.notEligible"
        : since && row.bid.confirmedAt < since
          ? "bids.invalid.unconfirmed"
          : content.price > tender.ceilingPrice
            ? "bids.invalid.overCeiling"
            : null;
      if (!invalidReason) validCount += 1;
      await tx
        .update(bids)
        .set({ price: content.price, openedContent: content, valid: !invalidReason, invalidReason })
        .where(eq(bids.id, row.bid.id));
      record.push({
        bidId: row.bid.id,
        organizationId: row.bid.organizationId,
        organizationName: row.orgName,
        uscc: row.uscc,
        price: content.price,
        proposalTitle: content.proposalTitle ?? null,
        submittedAt: row.bid.submittedAt.toISOString(),
        attachments: files.get(row.bid.id)?.length ?? 0,
        valid: !invalidReason,
        invalidReason,
      });
    }
    const outcome = openingOutcome(tender.method, validCount);
    const reason = outcome === "unsuccessful" ? (tender.method === "open_tender" ? "bids.unsuccessful.openTender" : "bids.unsuccessful.consultation") : null;
    await tx.insert(bidOpenings).values({ tenderId, openedAt: now, openedBy: user.id, validCount, record, outcome, unsuccessfulReason: reason });
    if (outcome === "unsuccessful") await failTender(tx, user.id, tender, reason!, now);
    else await tx.update(tenders).set({ status: "opened", updatedAt: now }).where(eq(tenders.id, tenderId));
    await appendAudit(tx, {
      actorId: user.id,
      action: "tender.openBids",
      subjectType: "tender",
      subjectId: tenderId,
      before: { status: tender.status },
      after: { outcome, validCount, record: record.map((r) => ({ bidId: r.bidId, organizationId: r.organizationId, price: r.price, valid: r.valid })) },
    });
    return { outcome, validCount, record };
  });
}

/** With exactly two valid bids in a consultation or venture call, the bureau goes on or ends it. */
export async function decideWithTwoBids(db: Queryable, user: SessionUser, tenderId: string, proceed: boolean, now = new Date()) {
  return db.transaction(async (tx) => {
    const tender = await lockOwnTender(tx, user, tenderId);
    const [opening] = await tx.select().from(bidOpenings).where(eq(bidOpenings.tenderId, tenderId)).for("update").limit(1);
    if (!opening || opening.outcome !== "choose" || !can(tender, "decideTwoBids", now)) throw new UserError("bids.refused.decide");
    await tx
      .update(bidOpenings)
      .set({ outcome: proceed ? "proceed" : "unsuccessful", unsuccessfulReason: proceed ? null : "bids.unsuccessful.bureauEnded" })
      .where(eq(bidOpenings.tenderId, tenderId));
    if (!proceed) await failTender(tx, user.id, tender, "bids.unsuccessful.bureauEnded", now);
    await appendAudit(tx, { actorId: user.id, action: proceed ? "tender.proceedWithTwo" : "tender.endWithTwo", subjectType: "tender", subjectId: tenderId });
  });
}

/** The public opening record; null before opening. */
const openingRecordQuery = preparedQuery((db) =>
  db
    .select()
    .from(bidOpenings)
    .where(eq(bidOpenings.tenderId, sql.placeholder("tenderId")))
    .limit(1)
    .prepare("opening_record"),
);

export async function getOpeningRecord(db: Queryable, tenderId: string) {
  if (!isUuid(tenderId)) return null;
  const [opening] = await openingRecordQuery(db, { tenderId });
  if (!opening) return null;
  const { openedBy: _by, ...rest } = opening;
  return rest as Omit<typeof opening, "openedBy"> & {
    record: {
      bidId: string;
      organizationName: string;
      uscc: string;
      price: number;
      proposalTitle: string | null;
      submittedAt: string;
      /** How many files the bid had (records made before bids had files have none). */
      attachments?: number;
      valid: boolean;
      invalidReason: string | null;
    }[];
  };
}

/**
 * Whether someone other than the bidder may read an opened bid (DESIGN §4.4–4.5): the officers
 * of the purchasing bureau, and the active members of the tender's committee who have declared
 * no conflict with that bidder (a member reads no bid before declaring).
 */
async function mayReadOpenedBid(tx: Queryable, reader: SessionUser, bid: { tenderId: string; bureauId: string; organizationId: string }) {
  if (grantsFor(reader, "bureau").some((g) => g.bureauId === bid.bureauId)) return true;
  const [member] = await tx
    .select({ id: committeeMembers.id })
    .from(committeeMembers)
    .innerJoin(conflictDeclarations, and(eq(conflictDeclarations.memberId, committeeMembers.id), eq(conflictDeclarations.organizationId, bid.organizationId)))
    .where(
      and(
        eq(committeeMembers.tenderId, bid.tenderId),
        eq(committeeMembers.userId, reader.id),
        eq(committeeMembers.status, "active"),
        eq(conflictDeclarations.hasConflict, false),
      ),
    )
    .limit(1);
  return Boolean(member);
}

/**
 * An opened bid's content for someone other than its bidder (committee, bureau): only after
 * opening, and each read is written to the audit log (DESIGN §6).
 */
export async function readOpenedBid(db: Queryable, reader: SessionUser, bidId: string, purpose: string) {
  if (!isUuid(bidId)) notFound();
  return db.transaction(async (tx) => {
    const [bid] = await tx
      .select({ id: bids.id, tenderId: bids.tenderId, bureauId: tenders.bureauId, organizationId: bids.organizationId, price: bids.price, content: bids.openedContent, valid: bids.valid })
      .from(bids)
      .innerJoin(tenders, eq(tenders.id, bids.tenderId))
      .where(eq(bids.id, bidId))
      .limit(1);
    if (!bid || bid.content === null) notFound();
    if (!(await mayReadOpenedBid(tx, reader, bid))) notFound();
    await appendAudit(tx, { actorId: reader.id, action: "bid.read", subjectType: "bid", subjectId: bidId, after: { tenderId: bid.tenderId, purpose } });
    return { ...bid, content: bid.content as BidContent };
  });
}

/**
 * The files of a tender's opened bids that the reader may read (names, types, sizes), by bid:
 * for the bureau every bid, for a committee member the bids of bidders they declared no conflict
 * with. Reading the list is reading sealed content, so it is audited, one entry per bid read.
 */
export async function listOpenedBidAttachments(db: Queryable, reader: SessionUser, tenderId: string, purpose: string) {
  if (!isUuid(tenderId)) notFound();
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: bids.id, tenderId: bids.tenderId, bureauId: tenders.bureauId, organizationId: bids.organizationId })
      .from(bids)
      .innerJoin(tenders, eq(tenders.id, bids.tenderId))
      .where(and(eq(bids.tenderId, tenderId), eq(bids.status, "submitted"), isNotNull(bids.openedContent)));
    const readable: BidRef[] = [];
    for (const row of rows) if (await mayReadOpenedBid(tx, reader, row)) readable.push(row);
    const lists = await unsealedAttachmentLists(tx, readable);
    for (const bid of readable) {
      const files = lists.get(bid.id) ?? [];
      if (files.length === 0) continue;
      await appendAudit(tx, { actorId: reader.id, action: "bid.listAttachments", subjectType: "bid", subjectId: bid.id, after: { tenderId, purpose, attachments: files.map((f) => f.id) } });
    }
    return lists;
  });
}

/**
 * One file of a bid with its content, for the download route: for the bidder's own members
 * while the bid is live (before and after opening), for the bureau and the committee after
 * opening, each such read audited. Anyone else gets the 404 of a file that does not exist.
 */
export async function readBidAttachment(db: Queryable, reader: SessionUser, tenderId: string, attachmentId: string) {
  if (!isUuid(tenderId) || !isUuid(attachmentId)) notFound();
  return db.transaction(async (tx) => {
    const bidId = await attachmentBidId(tx, attachmentId);
    if (!bidId) notFound();
    const [bid] = await tx
      .select({ id: bids.id, tenderId: bids.tenderId, bureauId: tenders.bureauId, organizationId: bids.organizationId, status: bids.status, opened: sql<boolean>`${bids.openedContent} is not null` })
      .from(bids)
      .innerJoin(tenders, eq(tenders.id, bids.tenderId))
      .where(and(eq(bids.id, bidId), eq(bids.tenderId, tenderId)))
      .limit(1);
    if (!bid || bid.status !== "submitted") notFound();
    const ownBid = grantsFor(reader, "agency").some((g) => g.organizationId === bid.organizationId);
    if (!ownBid && !(bid.opened && (await mayReadOpenedBid(tx, reader, bid)))) notFound();
    const file = await unsealAttachment(tx, bid, attachmentId);
    if (!file) notFound();
    if (!ownBid) {
      await appendAudit(tx, { actorId: reader.id, action: "bid.readAttachment", subjectType: "bid", subjectId: bid.id, after: { tenderId, attachmentId } });
    }
    return file;
  });
}

/** The agency's bids across tenders (its own view). */
export async function listOwnBids(db: Queryable, user: SessionUser) {
  const organizationId = bidderOrganizationId(user);
  return db
    .select({ bidId: bids.id, tenderId: tenders.id, title: tenders.title, status: bids.status, tenderStatus: tenders.status, bidDeadline: tenders.bidDeadline, updatedAt: bids.updatedAt, price: bids.price, valid: bids.valid })
    .from(bids)
    .innerJoin(tenders, eq(tenders.id, bids.tenderId))
    .where(eq(bids.organizationId, organizationId))
    .orderBy(desc(bids.updatedAt));
}

