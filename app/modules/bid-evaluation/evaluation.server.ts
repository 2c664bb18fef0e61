/**
 * Bid evaluation (评标, DESIGN §4.5): the committee, the conflict-of-interest declarations, the
 * members' independent score sheets and, when the last sheet is in, the ranking. This module is
 * the only writer of committee_members, conflict_declarations, score_sheets, scores,
 * evaluation_results and evaluation_reports. Every command is one transaction that checks scope
 * and state, writes, and appends its audit entry.
 */
import { and, asc, eq, inArray, or } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import {
  bidOpenings,
  bids,
  bureaus,
  committeeMembers,
  conflictDeclarations,
  evaluationReports,
  evaluationResults,
  memberships,
  organizations,
  scoreSheets,
  scores,
  tenderCriteria,
  tenders,
  users,
} from "#db/schema";
import type { MessageKey, Vars } from "~/i18n";
import { appendAudit } from "~/modules/audit/audit.server";
import { grantsFor, type SessionUser } from "~/modules/auth/permissions";
import { listOpenedBidAttachments, readOpenedBid } from "~/modules/bids/bids.server";
import type { BidContent } from "~/modules/bids/bids-schema";
import { can, tenderPhase } from "~/modules/tenders/tender-states";
import { UserError } from "~/utils/errors";
import { isUuid } from "~/utils/form-fields";
import { checkCommittee, COMMITTEE_BODY_KEYS, COMMITTEE_SOURCE_KEYS, minCommitteeSize, toCommitteeMethod } from "./committee-rules";
import type { CommitteeInput, DeclarationInput, ReplacementInput, ScoreSheetInput } from "./evaluation-schema";
import { criterionMeans, deviationFlags, fundVentureProposals, rankBidsWithDraw, recommendCandidates, round2 } from "./scoring";

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

type TenderRow = typeof tenders.$inferSelect;
type MemberRow = typeof committeeMembers.$inferSelect;

/** A rule message from checkCommittee (`key|{"vars"}`) as a refusal on a form field. */
function ruleRefusal(message: string, field: string): UserError {
  const bar = message.indexOf("|");
  const key = (bar < 0 ? message : message.slice(0, bar)) as MessageKey;
  const vars = bar < 0 ? undefined : (JSON.parse(message.slice(bar + 1)) as Vars);
  return new UserError(key, { field, vars });
}

function phaseVars(tender: TenderRow, now: Date) {
  return { phase: `tenders.phase.${tenderPhase(tender, now)}` };
}

// ---------------------------------------------------------------------------------------------
// Reading the committee
// ---------------------------------------------------------------------------------------------

/** The officer's own tender (404 for any other), locked when a command will change it. */
async function ownTender(db: Queryable, user: SessionUser, tenderId: string, lock: boolean): Promise<TenderRow> {
  const bureauIds = grantsFor(user, "bureau").flatMap((g) => (g.bureauId ? [g.bureauId] : []));
  if (!isUuid(tenderId) || bureauIds.length === 0) notFound();
  const query = db
    .select()
    .from(tenders)
    .where(and(eq(tenders.id, tenderId), inArray(tenders.bureauId, bureauIds)))
    .limit(1);
  const [tender] = lock ? await query.for("update") : await query;
  if (!tender) notFound();
  return tender;
}

export interface Candidate {
  userId: string;
  displayName: string;
  isExpert: boolean;
}

/**
 * Who may sit on the committee: staff of the tender's bureau (purchaser's representatives) and
 * registered experts. A bureau officer who is also a registered expert still counts as the
 * purchaser's representative on their own bureau's tender: a purchaser may not sit as an expert
 * on its own procurement (财政部令第87号 art. 48).
 */
export async function committeeCandidates(db: Queryable, bureauId: string): Promise<Candidate[]> {
  const rows = await db
    .select({ userId: users.id, displayName: users.displayName, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(users.status, "active"), or(and(eq(memberships.role, "bureau"), eq(memberships.bureauId, bureauId)), eq(memberships.role, "expert"))));
  const byUser = new Map<string, { displayName: string; staff: boolean; expert: boolean }>();
  for (const row of rows) {
    const entry = byUser.get(row.userId) ?? { displayName: row.displayName, staff: false, expert: false };
    if (row.role === "bureau") entry.staff = true;
    else entry.expert = true;
    byUser.set(row.userId, entry);
  }
  // The bureau's own staff first, then the experts, each by name (pinyin order), as the form lists them.
  return [...byUser.entries()]
    .map(([userId, e]) => ({ userId, displayName: e.displayName, isExpert: e.expert && !e.staff }))
    .sort((a, b) => Number(a.isExpert) - Number(b.isExpert) || a.displayName.localeCompare(b.displayName, "zh-CN") || a.userId.localeCompare(b.userId));
}

/** The valid bids after opening, in the order of the opening record; their bidders are public. */
async function validBids(db: Queryable, tenderId: string) {
  const rows = await db
    .select({ id: bids.id, organizationId: bids.organizationId, organizationName: organizations.name, price: bids.price })
    .from(bids)
    .innerJoin(organizations, eq(organizations.id, bids.organizationId))
    .where(and(eq(bids.tenderId, tenderId), eq(bids.status, "submitted"), eq(bids.valid, true)))
    .orderBy(asc(bids.submittedAt), asc(bids.id));
  return rows.map((r) => ({ ...r, price: r.price ?? 0 }));
}
type ValidBid = Awaited<ReturnType<typeof validBids>>[number];

async function committeeRows(db: Queryable, tenderId: string) {
  const members = await db
    .select({ member: committeeMembers, displayName: users.displayName })
    .from(committeeMembers)
    .innerJoin(users, eq(users.id, committeeMembers.userId))
    .where(eq(committeeMembers.tenderId, tenderId));
  // In the order they joined; members added together (the committee as formed) by name.
  members.sort(
    (a, b) =>
      a.member.addedAt.getTime() - b.member.addedAt.getTime() ||
      a.displayName.localeCompare(b.displayName, "zh-CN") ||
      a.member.id.localeCompare(b.member.id),
  );
  const declarations = members.length
    ? await db
        .select()
        .from(conflictDeclarations)
        .where(
          inArray(
            conflictDeclarations.memberId,
            members.map((m) => m.member.id),
          ),
        )
    : [];
  return { members: members.map((m) => ({ ...m.member, displayName: m.displayName })), declarations };
}
type CommitteeRow = Awaited<ReturnType<typeof committeeRows>>["members"][number];
type DeclarationRow = typeof conflictDeclarations.$inferSelect;

/**
 * Whether scoring may go on: the active members satisfy the method's rules, every recused
 * member has been replaced (DESIGN §4.5) and every active member has declared for every bidder.
 */
function committeeState(tender: TenderRow, members: MemberRow[], declarations: DeclarationRow[], bidders: ValidBid[]) {
  const active = members.filter((m) => m.status === "active");
  const replaced = new Set(members.flatMap((m) => (m.replacesMemberId ? [m.replacesMemberId] : [])));
  const awaitingReplacement = members.filter((m) => m.status === "recused" && !replaced.has(m.id));
  const bidderIds = new Set(bidders.map((b) => b.organizationId));
  const declaredAll = (memberId: string) => declarations.filter((d) => d.memberId === memberId && bidderIds.has(d.organizationId)).length === bidderIds.size;
  const undeclared = active.filter((m) => !declaredAll(m.id));
  const ruleMessages = members.length ? checkCommittee(toCommitteeMethod(tender.method), tender.ceilingPrice, active) : [];
  return {
    formed: members.length > 0,
    complete: members.length > 0 && ruleMessages.length === 0 && awaitingReplacement.length === 0 && undeclared.length === 0,
    ruleMessages,
    awaitingReplacement: awaitingReplacement.map((m) => m.id),
    undeclared: undeclared.map((m) => m.id),
    declaredAll,
  };
}

/** The opening must have let the tender go on (with two valid bids, after the bureau chose to). */
async function openingAllowsEvaluation(db: Queryable, tenderId: string) {
  const [opening] = await db.select({ outcome: bidOpenings.outcome }).from(bidOpenings).where(eq(bidOpenings.tenderId, tenderId)).limit(1);
  return opening?.outcome === "proceed";
}

// ---------------------------------------------------------------------------------------------
// Committee commands (bureau)
// ---------------------------------------------------------------------------------------------

async function requireFormable(tx: Tx, tender: TenderRow, field: string, now: Date) {
  if (!can(tender, "formCommittee", now)) throw new UserError("evaluation.refused.formCommittee", { field, vars: phaseVars(tender, now) });
  if (!(await openingAllowsEvaluation(tx, tender.id))) throw new UserError("evaluation.refused.decideFirst", { field });
}

/**
 * Forms the committee of the officer's opened tender from the bureau's staff and registered
 * experts, under the size and expert-share rules of its method, and starts the evaluation.
 */
export async function formCommittee(db: Queryable, user: SessionUser, tenderId: string, input: CommitteeInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const tender = await ownTender(tx, user, tenderId, true);
    await requireFormable(tx, tender, "memberIds", now);
    const [existing] = await tx.select({ id: committeeMembers.id }).from(committeeMembers).where(eq(committeeMembers.tenderId, tenderId)).limit(1);
    if (existing) throw new UserError("evaluation.refused.alreadyFormed", { field: "memberIds" });
    const candidates = new Map((await committeeCandidates(tx, tender.bureauId)).map((c) => [c.userId, c]));
    const chosen = [...new Set(input.memberIds)];
    if (chosen.some((id) => !candidates.has(id))) throw new UserError("errors.invalidChoice", { field: "memberIds" });
    const members = chosen.map((id) => candidates.get(id)!);
    const [broken] = checkCommittee(toCommitteeMethod(tender.method), tender.ceilingPrice, members);
    if (broken) throw ruleRefusal(broken, "memberIds");
    const inserted = await tx
      .insert(committeeMembers)
      .values(members.map((m) => ({ tenderId, userId: m.userId, isExpert: m.isExpert, addedBy: user.id, addedAt: now })))
      .returning();
    await tx.update(tenders).set({ status: "evaluating", updatedAt: now }).where(eq(tenders.id, tenderId));
    await appendAudit(tx, {
      actorId: user.id,
      action: "evaluation.formCommittee",
      subjectType: "tender",
      subjectId: tenderId,
      before: { status: tender.status },
      after: { status: "evaluating", members: inserted.map((m) => ({ memberId: m.id, userId: m.userId, isExpert: m.isExpert })) },
    });
    return inserted;
  });
}

/**
 * Replaces a recused member. The replacement declares like everyone else. The committee that
 * results — counting an expert for each other recusal still open — must satisfy the rules, so a
 * replacement can never leave the committee short of experts.
 */
export async function replaceMember(db: Queryable, user: SessionUser, tenderId: string, recusedMemberId: string, input: ReplacementInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const tender = await ownTender(tx, user, tenderId, true);
    if (!isUuid(recusedMemberId)) notFound();
    const { members } = await committeeRows(tx, tenderId);
    const recused = members.find((m) => m.id === recusedMemberId);
    if (!recused) notFound();
    await requireFormable(tx, tender, "newUserId", now);
    if (recused.status !== "recused") throw new UserError("evaluation.refused.notRecused", { field: "newUserId" });
    if (members.some((m) => m.replacesMemberId === recused.id)) throw new UserError("evaluation.refused.alreadyReplaced", { field: "newUserId" });
    const candidate = (await committeeCandidates(tx, tender.bureauId)).find((c) => c.userId === input.newUserId);
    if (!candidate) throw new UserError("errors.invalidChoice", { field: "newUserId" });
    if (members.some((m) => m.userId === candidate.userId)) throw new UserError("evaluation.refused.alreadyMember", { field: "newUserId" });
    const replaced = new Set(members.flatMap((m) => (m.replacesMemberId ? [m.replacesMemberId] : [])));
    const otherOpenRecusals = members.filter((m) => m.status === "recused" && m.id !== recused.id && !replaced.has(m.id)).length;
    const prospective = [...members.filter((m) => m.status === "active"), candidate, ...Array.from({ length: otherOpenRecusals }, () => ({ isExpert: true }))];
    const [broken] = checkCommittee(toCommitteeMethod(tender.method), tender.ceilingPrice, prospective);
    if (broken) throw ruleRefusal(broken, "newUserId");
    const [member] = await tx
      .insert(committeeMembers)
      .values({ tenderId, userId: candidate.userId, isExpert: candidate.isExpert, addedBy: user.id, addedAt: now, replacesMemberId: recused.id })
      .returning();
    await appendAudit(tx, {
      actorId: user.id,
      action: "evaluation.replaceMember",
      subjectType: "tender",
      subjectId: tenderId,
      before: { memberId: recused.id, userId: recused.userId },
      after: { memberId: member.id, userId: member.userId, isExpert: member.isExpert, replacesMemberId: recused.id },
    });
    return member;
  });
}

// ---------------------------------------------------------------------------------------------
// Member commands
// ---------------------------------------------------------------------------------------------

/** The tender and the user's seat on its committee, locked: 404 when they have none. */
async function memberSeat(tx: Tx, user: SessionUser, tenderId: string) {
  if (!isUuid(tenderId)) notFound();
  const [tender] = await tx.select().from(tenders).where(eq(tenders.id, tenderId)).for("update").limit(1);
  if (!tender) notFound();
  const [member] = await tx
    .select()
    .from(committeeMembers)
    .where(and(eq(committeeMembers.tenderId, tenderId), eq(committeeMembers.userId, user.id)))
    .limit(1);
  if (!member) notFound();
  return { tender, member };
}

/**
 * A member's declarations, one per bidder, all at once and before any bid is seen. A conflict
 * with any bidder recuses the member; the bureau must then replace them.
 */
export async function declareConflicts(db: Queryable, user: SessionUser, tenderId: string, input: DeclarationInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const { tender, member } = await memberSeat(tx, user, tenderId);
    if (!can(tender, "score", now)) throw new UserError("evaluation.refused.notEvaluating", { vars: phaseVars(tender, now) });
    if (member.status === "recused") throw new UserError("evaluation.refused.recused");
    const [earlier] = await tx.select({ memberId: conflictDeclarations.memberId }).from(conflictDeclarations).where(eq(conflictDeclarations.memberId, member.id)).limit(1);
    if (earlier) throw new UserError("evaluation.refused.alreadyDeclared");
    const bidders = new Set((await validBids(tx, tenderId)).map((b) => b.organizationId));
    const declared = new Set(input.declarations.map((d) => d.organizationId));
    if (declared.size !== input.declarations.length || declared.size !== bidders.size || [...declared].some((id) => !bidders.has(id))) {
      throw new UserError("evaluation.rule.declareEveryBidder", { field: "declarations" });
    }
    await tx.insert(conflictDeclarations).values(
      input.declarations.map((d) => ({ memberId: member.id, organizationId: d.organizationId, hasConflict: d.conflict === "yes", note: d.note ?? null, declaredAt: now })),
    );
    const recused = input.declarations.some((d) => d.conflict === "yes");
    if (recused) await tx.update(committeeMembers).set({ status: "recused", recusedAt: now }).where(eq(committeeMembers.id, member.id));
    await appendAudit(tx, {
      actorId: user.id,
      action: "evaluation.declare",
      subjectType: "tender",
      subjectId: tenderId,
      after: { memberId: member.id, recused, declarations: input.declarations.map((d) => ({ organizationId: d.organizationId, hasConflict: d.conflict === "yes", note: d.note ?? null })) },
    });
    return { recused };
  });
}

/** Refuses scoring unless the member is active, has declared, and the committee is complete. */
async function requireScoringOpen(tx: Tx, tender: TenderRow, member: MemberRow, now: Date) {
  if (!can(tender, "score", now)) throw new UserError("evaluation.refused.notEvaluating", { vars: phaseVars(tender, now) });
  if (member.status === "recused") throw new UserError("evaluation.refused.recused");
  const [bidders, { members, declarations }] = await Promise.all([validBids(tx, tender.id), committeeRows(tx, tender.id)]);
  const state = committeeState(tender, members, declarations, bidders);
  if (!state.declaredAll(member.id)) throw new UserError("evaluation.refused.declareFirst");
  if (!state.complete) throw new UserError("evaluation.refused.committeeIncomplete");
  return { bidders, members };
}

/**
 * Saves a member's sheet for one bid, as a draft or submitted (`final`); a submitted sheet is
 * locked. When it is the last sheet of the committee, the result is computed in the same
 * transaction — the tender row lock makes concurrent last submissions take turns, so exactly one
 * of them sees the committee complete.
 */
export async function saveScoreSheet(db: Queryable, user: SessionUser, tenderId: string, bidId: string, input: ScoreSheetInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const { tender, member } = await memberSeat(tx, user, tenderId);
    const { bidders } = await requireScoringOpen(tx, tender, member, now);
    const bid = isUuid(bidId) ? bidders.find((b) => b.id === bidId) : undefined;
    if (!bid) notFound();
    const [sheet] = await tx
      .select()
      .from(scoreSheets)
      .where(and(eq(scoreSheets.memberId, member.id), eq(scoreSheets.bidId, bidId)))
      .for("update")
      .limit(1);
    if (sheet?.status === "submitted") throw new UserError("evaluation.refused.sheetSubmitted");
    const criteria = await tx.select().from(tenderCriteria).where(eq(tenderCriteria.tenderId, tenderId)).orderBy(asc(tenderCriteria.position));
    const rows = checkSheet(criteria, input);
    const status = input.final ? "submitted" : "draft";
    const [saved] = sheet
      ? await tx
          .update(scoreSheets)
          .set({ status, updatedAt: now, submittedAt: input.final ? now : null })
          .where(eq(scoreSheets.id, sheet.id))
          .returning()
      : await tx
          .insert(scoreSheets)
          .values({ memberId: member.id, bidId, status, updatedAt: now, submittedAt: input.final ? now : null })
          .returning();
    await tx.delete(scores).where(eq(scores.sheetId, saved.id));
    if (rows.length) await tx.insert(scores).values(rows.map((r) => ({ sheetId: saved.id, ...r })));
    await appendAudit(tx, {
      actorId: user.id,
      action: input.final ? "evaluation.submitSheet" : "evaluation.saveSheet",
      subjectType: "tender",
      subjectId: tenderId,
      after: { memberId: member.id, bidId, sheetId: saved.id, status, scores: rows },
    });
    const completed = input.final ? await completeIfAllSubmitted(tx, tender, user.id, now) : false;
    return { sheetId: saved.id, status, completed };
  });
}

/** The rows to store, checked against the tender's criteria (the form may have been bypassed). */
function checkSheet(criteria: (typeof tenderCriteria.$inferSelect)[], input: ScoreSheetInput) {
  if (input.scores.length !== criteria.length || input.scores.some((row, i) => row.criterionId !== criteria[i].id)) {
    throw new UserError("evaluation.rule.scoresMismatch", { field: "scores" });
  }
  const rows: { criterionId: string; points: string; justification: string }[] = [];
  input.scores.forEach((row, i) => {
    const field = `scores.${i}`;
    if (row.points === undefined) {
      if (input.final || row.justification) throw new UserError("evaluation.rule.pointsRequired", { field: `${field}.points` });
      return;
    }
    const points = Number(row.points);
    if (!/^\d{1,3}(?:\.\d{1,2})?$/.test(row.points)) throw new UserError("evaluation.rule.pointsFormat", { field: `${field}.points` });
    if (points > criteria[i].maxPoints) throw new UserError("evaluation.rule.pointsRange", { field: `${field}.points`, vars: { max: criteria[i].maxPoints } });
    if (input.final && !row.justification) throw new UserError("evaluation.rule.justificationRequired", { field: `${field}.justification` });
    rows.push({ criterionId: row.criterionId, points: points.toFixed(2), justification: row.justification ?? "" });
  });
  return rows;
}

// ---------------------------------------------------------------------------------------------
// The result
// ---------------------------------------------------------------------------------------------

/** Submitted scores of the active members: points[bidId][memberId][criterionId]. */
async function submittedScores(db: Queryable, memberIds: string[]) {
  if (memberIds.length === 0) return [];
  return db
    .select({
      memberId: scoreSheets.memberId,
      bidId: scoreSheets.bidId,
      submittedAt: scoreSheets.submittedAt,
      criterionId: scores.criterionId,
      points: scores.points,
      justification: scores.justification,
    })
    .from(scoreSheets)
    .innerJoin(scores, eq(scores.sheetId, scoreSheets.id))
    .where(and(inArray(scoreSheets.memberId, memberIds), eq(scoreSheets.status, "submitted")));
}

/** Hundredths as an integer: the sums of a member's scores stay exact. */
const hundredths = (points: string) => Math.round(Number(points) * 100);

async function completeIfAllSubmitted(tx: Tx, tender: TenderRow, actorId: string, now: Date) {
  const [bidders, { members }] = await Promise.all([validBids(tx, tender.id), committeeRows(tx, tender.id)]);
  const active = members.filter((m) => m.status === "active");
  const sheets = await tx
    .select({ memberId: scoreSheets.memberId, bidId: scoreSheets.bidId })
    .from(scoreSheets)
    .where(
      and(
        inArray(
          scoreSheets.memberId,
          active.map((m) => m.id),
        ),
        eq(scoreSheets.status, "submitted"),
      ),
    );
  const bidIds = new Set(bidders.map((b) => b.id));
  if (sheets.filter((s) => bidIds.has(s.bidId)).length < active.length * bidders.length) return false;

  const criteria = await tx.select().from(tenderCriteria).where(eq(tenderCriteria.tenderId, tender.id)).orderBy(asc(tenderCriteria.position));
  const rows = await submittedScores(tx, active.map((m) => m.id));
  const pointsOf = (memberId: string, bidId: string, criterionId: string) =>
    rows.find((r) => r.memberId === memberId && r.bidId === bidId && r.criterionId === criterionId)?.points ?? "0";

  const toRank = bidders.map((bid) => ({
    id: bid.id,
    price: bid.price,
    criterionMeans: criterionMeans(active.map((m) => criteria.map((c) => Number(pointsOf(m.id, bid.id, c.id))))),
  }));
  const { ranking, drawSeed } = rankBidsWithDraw(toRank, tender.pricePoints);
  const recommended = new Set(recommendCandidates(ranking).map((r) => r.id));
  const priceOf = new Map(bidders.map((b) => [b.id, b.price]));
  const funded =
    tender.method === "venture_call"
      ? new Set(fundVentureProposals(ranking.map((r) => ({ id: r.id, price: priceOf.get(r.id)! })), tender.ceilingPrice).funded)
      : null;

  // Deviation flags inform the report only: nothing below reads them.
  const memberTotals = active.map((m) => ({
    memberId: m.id,
    totals: bidders.map((bid) => criteria.reduce((sum, c) => sum + hundredths(pointsOf(m.id, bid.id, c.id)), 0) / 100),
  }));
  const flags = deviationFlags(memberTotals).map((f) => {
    const totals = memberTotals.map((t) => t.totals[f.bidIndex]);
    const own = memberTotals.find((t) => t.memberId === f.memberId)!.totals[f.bidIndex];
    const others = totals.filter((_, i) => memberTotals[i].memberId !== f.memberId);
    return {
      memberId: f.memberId,
      bidId: bidders[f.bidIndex].id,
      z: round2(f.z),
      memberTotal: own,
      othersMean: round2(others.reduce((a, b) => a + b, 0) / others.length),
    };
  });

  await tx.delete(evaluationResults).where(eq(evaluationResults.tenderId, tender.id));
  await tx.insert(evaluationResults).values(
    ranking.map((r) => ({
      tenderId: tender.id,
      bidId: r.id,
      priceScore: r.priceScore.toFixed(2),
      total: r.total.toFixed(2),
      rank: r.rank,
      recommended: recommended.has(r.id),
      funded: funded ? funded.has(r.id) : null,
      computedAt: now,
    })),
  );
  const benchmarkPrice = Math.min(...bidders.map((b) => b.price));
  await tx
    .insert(evaluationReports)
    .values({ tenderId: tender.id, computedAt: now, drawSeed, flags, benchmarkPrice })
    .onConflictDoUpdate({ target: evaluationReports.tenderId, set: { computedAt: now, drawSeed, flags, benchmarkPrice } });
  await tx.update(tenders).set({ status: "recommended", updatedAt: now }).where(eq(tenders.id, tender.id));
  await appendAudit(tx, {
    actorId,
    action: "evaluation.complete",
    subjectType: "tender",
    subjectId: tender.id,
    before: { status: tender.status },
    after: {
      status: "recommended",
      ranking,
      drawSeed,
      benchmarkPrice,
      recommended: [...recommended],
      funded: funded ? [...funded] : null,
      flags,
    },
  });
  return true;
}

export interface DeviationFlagRecord {
  memberId: string;
  bidId: string;
  z: number;
  memberTotal: number;
  othersMean: number;
}

/** The stored result with names, or null before every sheet is in. */
async function loadResults(db: Queryable, tender: TenderRow, members: CommitteeRow[], bidders: ValidBid[]) {
  const [report] = await db.select().from(evaluationReports).where(eq(evaluationReports.tenderId, tender.id)).limit(1);
  if (!report) return null;
  const results = await db.select().from(evaluationResults).where(eq(evaluationResults.tenderId, tender.id)).orderBy(asc(evaluationResults.rank));
  const criteria = await db.select().from(tenderCriteria).where(eq(tenderCriteria.tenderId, tender.id)).orderBy(asc(tenderCriteria.position));
  const active = members.filter((m) => m.status === "active");
  const scoreRows = await submittedScores(
    db,
    active.map((m) => m.id),
  );
  const bidById = new Map(bidders.map((b) => [b.id, b]));
  const nameOf = new Map(members.map((m) => [m.id, m.displayName]));
  const meansOf = (bidId: string) =>
    criterionMeans(active.map((m) => criteria.map((c) => Number(scoreRows.find((r) => r.memberId === m.id && r.bidId === bidId && r.criterionId === c.id)?.points ?? 0))));
  return {
    computedAt: report.computedAt,
    drawSeed: report.drawSeed,
    benchmarkPrice: report.benchmarkPrice,
    pricePoints: tender.pricePoints,
    criteria: criteria.map((c) => ({ id: c.id, name: c.name, maxPoints: c.maxPoints })),
    ranking: results.map((r) => {
      const means = meansOf(r.bidId);
      return {
        bidId: r.bidId,
        rank: r.rank,
        organizationName: bidById.get(r.bidId)?.organizationName ?? "",
        price: bidById.get(r.bidId)?.price ?? 0,
        criterionMeans: means.map(round2),
        criteriaScore: round2(means.reduce((a, b) => a + b, 0)),
        priceScore: Number(r.priceScore),
        total: Number(r.total),
        recommended: r.recommended,
        funded: r.funded,
      };
    }),
    flags: (report.flags as DeviationFlagRecord[]).map((f) => ({
      ...f,
      memberName: nameOf.get(f.memberId) ?? "",
      organizationName: bidById.get(f.bidId)?.organizationName ?? "",
    })),
    sheets: active.map((m) => ({
      memberId: m.id,
      memberName: m.displayName,
      isExpert: m.isExpert,
      bids: bidders.map((b) => ({
        bidId: b.id,
        organizationName: b.organizationName,
        submittedAt: scoreRows.find((r) => r.memberId === m.id && r.bidId === b.id)?.submittedAt ?? null,
        scores: criteria.map((c) => {
          const row = scoreRows.find((r) => r.memberId === m.id && r.bidId === b.id && r.criterionId === c.id);
          return { criterionId: c.id, points: row ? Number(row.points) : null, justification: row?.justification ?? "" };
        }),
      })),
    })),
  };
}
export type EvaluationResults = NonNullable<Awaited<ReturnType<typeof loadResults>>>;

// ---------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------

function memberSummaries(members: CommitteeRow[], declarations: DeclarationRow[], bidders: ValidBid[], submitted: { memberId: string; bidId: string }[]) {
  const nameOf = new Map(members.map((m) => [m.id, m.displayName]));
  const bidderName = new Map(bidders.map((b) => [b.organizationId, b.organizationName]));
  const bidIds = new Set(bidders.map((b) => b.id));
  return members.map((m) => {
    const own = declarations.filter((d) => d.memberId === m.id && bidderName.has(d.organizationId));
    const replacement = members.find((r) => r.replacesMemberId === m.id);
    return {
      id: m.id,
      userId: m.userId,
      displayName: m.displayName,
      isExpert: m.isExpert,
      status: m.status,
      declared: own.length,
      conflicts: own.filter((d) => d.hasConflict).map((d) => ({ organizationName: bidderName.get(d.organizationId) ?? "", note: d.note })),
      sheetsSubmitted: submitted.filter((s) => s.memberId === m.id && bidIds.has(s.bidId)).length,
      replaces: m.replacesMemberId ? (nameOf.get(m.replacesMemberId) ?? null) : null,
      replacedBy: replacement?.displayName ?? null,
    };
  });
}

async function submittedSheetsOf(db: Queryable, memberIds: string[]) {
  if (memberIds.length === 0) return [];
  return db
    .select({ memberId: scoreSheets.memberId, bidId: scoreSheets.bidId })
    .from(scoreSheets)
    .where(and(inArray(scoreSheets.memberId, memberIds), eq(scoreSheets.status, "submitted")));
}

/** The bureau's committee page: members, progress, the form to form or complete it, the result. */
export async function getCommitteeOverview(db: Queryable, user: SessionUser, tenderId: string, now = new Date()) {
  const tender = await ownTender(db, user, tenderId, false);
  const [bidders, { members, declarations }, candidates, opening] = await Promise.all([
    validBids(db, tenderId),
    committeeRows(db, tenderId),
    committeeCandidates(db, tender.bureauId),
    db.select({ outcome: bidOpenings.outcome }).from(bidOpenings).where(eq(bidOpenings.tenderId, tenderId)).limit(1),
  ]);
  const state = committeeState(tender, members, declarations, bidders);
  const submitted = await submittedSheetsOf(
    db,
    members.map((m) => m.id),
  );
  const method = toCommitteeMethod(tender.method);
  const onCommittee = new Set(members.map((m) => m.userId));
  const activeIds = new Set(members.filter((m) => m.status === "active").map((m) => m.id));
  return {
    tender: { id: tender.id, title: tender.title, method: tender.method, ceilingPrice: tender.ceilingPrice, status: tender.status },
    phase: tenderPhase(tender, now),
    mayChange: can(tender, "formCommittee", now) && opening[0]?.outcome === "proceed",
    awaitingTwoBidDecision: opening[0]?.outcome === "choose",
    rules: {
      method,
      ceilingFen: tender.ceilingPrice,
      min: minCommitteeSize(method, tender.ceilingPrice),
      body: COMMITTEE_BODY_KEYS[method],
      source: COMMITTEE_SOURCE_KEYS[method],
      expertIds: candidates.filter((c) => c.isExpert).map((c) => c.userId),
    },
    candidates: candidates.filter((c) => !onCommittee.has(c.userId)),
    bidders: bidders.map((b) => ({ id: b.id, organizationName: b.organizationName })),
    members: memberSummaries(members, declarations, bidders, submitted),
    state: {
      formed: state.formed,
      complete: state.complete,
      ruleMessages: state.ruleMessages,
      awaitingReplacement: state.awaitingReplacement,
      undeclared: state.undeclared.length,
    },
    progress: { done: submitted.filter((s) => activeIds.has(s.memberId)).length, total: activeIds.size * bidders.length },
    isMember: members.some((m) => m.userId === user.id && m.status === "active"),
    results: await loadResults(db, tender, members, bidders),
  };
}

/**
 * The member's page. Bid content is read only once the member is active, has declared for
 * every bidder and the committee is complete (or the evaluation is over), each read through
 * readOpenedBid so that it is audited. Other members' scores appear only with the result.
 */
export async function getMemberEvaluation(db: Queryable, user: SessionUser, tenderId: string, now = new Date()) {
  if (!isUuid(tenderId)) notFound();
  const [row] = await db
    .select({ tender: tenders, bureauName: bureaus.nameZh, bureauNameEn: bureaus.nameEn })
    .from(tenders)
    .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
    .where(eq(tenders.id, tenderId))
    .limit(1);
  if (!row) notFound();
  const tender = row.tender;
  const [bidders, { members, declarations }, criteria] = await Promise.all([
    validBids(db, tenderId),
    committeeRows(db, tenderId),
    db.select().from(tenderCriteria).where(eq(tenderCriteria.tenderId, tenderId)).orderBy(asc(tenderCriteria.position)),
  ]);
  const member = members.find((m) => m.userId === user.id);
  if (!member) notFound();
  const state = committeeState(tender, members, declarations, bidders);
  const results = await loadResults(db, tender, members, bidders);
  const declared = state.declaredAll(member.id);
  const scoring = can(tender, "score", now) && member.status === "active" && declared && state.complete;
  const maySeeBids = member.status === "active" && declared && (scoring || results !== null);

  const bidContents: { bidId: string; organizationName: string; price: number; content: BidContent; attachments: { id: string; filename: string; size: number }[] }[] = [];
  if (maySeeBids) {
    const purpose = results ? "evaluation.results" : "evaluation.scoring";
    const files = await listOpenedBidAttachments(db, user, tenderId, purpose);
    for (const bid of bidders) {
      const opened = await readOpenedBid(db, user, bid.id, purpose);
      const attachments = (files.get(bid.id) ?? []).map((f) => ({ id: f.id, filename: f.filename, size: f.size }));
      bidContents.push({ bidId: bid.id, organizationName: bid.organizationName, price: opened.price ?? bid.price, content: opened.content, attachments });
    }
  }
  const ownSheets = maySeeBids
    ? await db
        .select({ sheet: scoreSheets, criterionId: scores.criterionId, points: scores.points, justification: scores.justification })
        .from(scoreSheets)
        .leftJoin(scores, eq(scores.sheetId, scoreSheets.id))
        .where(eq(scoreSheets.memberId, member.id))
    : [];
  const sheets = bidders.map((bid) => {
    const rows = ownSheets.filter((r) => r.sheet.bidId === bid.id);
    return {
      bidId: bid.id,
      organizationName: bid.organizationName,
      status: rows[0]?.sheet.status ?? null,
      submittedAt: rows[0]?.sheet.submittedAt ?? null,
      updatedAt: rows[0]?.sheet.updatedAt ?? null,
      scores: criteria.map((c) => {
        const score = rows.find((r) => r.criterionId === c.id);
        return { criterionId: c.id, points: score?.points ? String(Number(score.points)) : "", justification: score?.justification ?? "" };
      }),
    };
  });
  return {
    tender: { id: tender.id, title: tender.title, method: tender.method, pricePoints: tender.pricePoints, ceilingPrice: tender.ceilingPrice },
    bureauName: row.bureauName,
    bureauNameEn: row.bureauNameEn,
    phase: tenderPhase(tender, now),
    member: { id: member.id, status: member.status, isExpert: member.isExpert, declared, mayDeclare: can(tender, "score", now) && member.status === "active" && !declarations.some((d) => d.memberId === member.id) },
    declarations: declarations
      .filter((d) => d.memberId === member.id)
      .map((d) => ({ organizationId: d.organizationId, hasConflict: d.hasConflict, note: d.note, declaredAt: d.declaredAt })),
    bidders: bidders.map((b) => ({ organizationId: b.organizationId, organizationName: b.organizationName })),
    committeeComplete: state.complete,
    scoring,
    criteria: criteria.map((c) => ({ id: c.id, name: c.name, description: c.description, maxPoints: c.maxPoints })),
    bids: bidContents,
    sheets: maySeeBids ? sheets : [],
    results,
  };
}

/** What is pending for the member on one committee, for the expert's workspace. */
function pendingFor(member: MemberRow, state: ReturnType<typeof committeeState>, tender: TenderRow, submittedCount: number, bidderCount: number, hasResult: boolean, now: Date) {
  if (member.status === "recused") return { key: "evaluation.pending.recused" as const };
  if (hasResult) return { key: "evaluation.pending.results" as const };
  if (!can(tender, "score", now)) return { key: "evaluation.pending.notStarted" as const };
  if (!state.declaredAll(member.id)) return { key: "evaluation.pending.declare" as const };
  if (!state.complete) return { key: "evaluation.pending.waitCommittee" as const };
  if (submittedCount < bidderCount) return { key: "evaluation.pending.score" as const, vars: { done: submittedCount, total: bidderCount } };
  return { key: "evaluation.pending.waitOthers" as const };
}

/** The tenders whose committee the user sits on, newest first, with what awaits them. */
export async function listMyCommittees(db: Queryable, user: SessionUser, now = new Date()) {
  const seats = await db
    .select({ member: committeeMembers, tender: tenders, bureauName: bureaus.nameZh, bureauNameEn: bureaus.nameEn })
    .from(committeeMembers)
    .innerJoin(tenders, eq(tenders.id, committeeMembers.tenderId))
    .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
    .where(eq(committeeMembers.userId, user.id))
    .orderBy(asc(committeeMembers.addedAt));
  const list = [];
  for (const seat of seats.reverse()) {
    const [bidders, { members, declarations }, [report], submitted] = await Promise.all([
      validBids(db, seat.tender.id),
      committeeRows(db, seat.tender.id),
      db.select({ tenderId: evaluationReports.tenderId }).from(evaluationReports).where(eq(evaluationReports.tenderId, seat.tender.id)).limit(1),
      submittedSheetsOf(db, [seat.member.id]),
    ]);
    const state = committeeState(seat.tender, members, declarations, bidders);
    const bidIds = new Set(bidders.map((b) => b.id));
    list.push({
      tenderId: seat.tender.id,
      title: seat.tender.title,
      method: seat.tender.method,
      bureauName: seat.bureauName,
      bureauNameEn: seat.bureauNameEn,
      phase: tenderPhase(seat.tender, now),
      pending: pendingFor(seat.member, state, seat.tender, submitted.filter((s) => bidIds.has(s.bidId)).length, bidders.length, Boolean(report), now),
    });
  }
  return list;
}

/**
 * Everything the evaluation report (评审报告) shows. For the officers of the tender's bureau and
 * the active members of its committee; 404 for anyone else and before the result exists.
 */
export async function getEvaluationReport(db: Queryable, user: SessionUser, tenderId: string) {
  if (!isUuid(tenderId)) notFound();
  const [row] = await db
    .select({ tender: tenders, bureauName: bureaus.nameZh })
    .from(tenders)
    .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
    .where(eq(tenders.id, tenderId))
    .limit(1);
  if (!row) notFound();
  const tender = row.tender;
  const [bidders, { members, declarations }, [opening]] = await Promise.all([
    validBids(db, tenderId),
    committeeRows(db, tenderId),
    db.select({ openedAt: bidOpenings.openedAt }).from(bidOpenings).where(eq(bidOpenings.tenderId, tenderId)).limit(1),
  ]);
  const officer = grantsFor(user, "bureau").some((g) => g.bureauId === tender.bureauId);
  const member = members.some((m) => m.userId === user.id && m.status === "active");
  if (!officer && !member) notFound();
  const results = await loadResults(db, tender, members, bidders);
  if (!results) notFound();
  const nameOf = new Map(members.map((m) => [m.id, m.displayName]));
  const bidderName = new Map(bidders.map((b) => [b.organizationId, b.organizationName]));
  return {
    tender,
    bureauName: row.bureauName,
    openedAt: opening?.openedAt ?? null,
    bidders,
    members: memberSummaries(members, declarations, bidders, []),
    declarations: declarations
      .filter((d) => bidderName.has(d.organizationId))
      .map((d) => ({
        memberId: d.memberId,
        memberName: nameOf.get(d.memberId) ?? "",
        organizationName: bidderName.get(d.organizationId) ?? "",
        hasConflict: d.hasConflict,
        note: d.note,
        declaredAt: d.declaredAt,
      })),
    results,
  };
}

/** What the committee form's schema needs: the method's rules and who counts as an expert. */
export async function committeeFormRules(db: Queryable, user: SessionUser, tenderId: string) {
  const tender = await ownTender(db, user, tenderId, false);
  const candidates = await committeeCandidates(db, tender.bureauId);
  return { method: toCommitteeMethod(tender.method), ceilingFen: tender.ceilingPrice, expertIds: candidates.filter((c) => c.isExpert).map((c) => c.userId) };
}

/** The maximum points of the tender's criteria in order: what the score sheet schema needs. */
export async function criteriaMaxPoints(db: Queryable, tenderId: string) {
  if (!isUuid(tenderId)) notFound();
  const rows = await db.select({ maxPoints: tenderCriteria.maxPoints }).from(tenderCriteria).where(eq(tenderCriteria.tenderId, tenderId)).orderBy(asc(tenderCriteria.position));
  return rows.map((r) => r.maxPoints);
}

/**
 * Reopens scoring inside the caller's transaction (an upheld challenge asks the committee to
 * score again): submitted sheets become drafts again and the computed result is discarded; the
 * committee and its declarations stay. The caller sets the tender back to "evaluating" and audits.
 */
export async function reopenEvaluation(tx: Tx, tenderId: string, now: Date) {
  const members = tx.select({ id: committeeMembers.id }).from(committeeMembers).where(eq(committeeMembers.tenderId, tenderId));
  await tx.update(scoreSheets).set({ status: "draft", submittedAt: null, updatedAt: now }).where(inArray(scoreSheets.memberId, members));
  await tx.delete(evaluationResults).where(eq(evaluationResults.tenderId, tenderId));
  await tx.delete(evaluationReports).where(eq(evaluationReports.tenderId, tenderId));
}

/** The officer's tender with the scope of the committee page (404 otherwise), for an action to check before it validates. */
export async function requireCommitteeTender(db: Queryable, user: SessionUser, tenderId: string): Promise<TenderRow> {
  return ownTender(db, user, tenderId, false);
}

/**
 * 404 unless the user holds a seat (active or recused) on the tender's committee, as the member's
 * page decides: an action calls it before validating, so that only members see field errors.
 */
export async function requireCommitteeSeat(db: Queryable, user: SessionUser, tenderId: string) {
  if (!isUuid(tenderId)) notFound();
  const [seat] = await db
    .select({ id: committeeMembers.id })
    .from(committeeMembers)
    .where(and(eq(committeeMembers.tenderId, tenderId), eq(committeeMembers.userId, user.id)))
    .limit(1);
  if (!seat) notFound();
  return seat;
}
