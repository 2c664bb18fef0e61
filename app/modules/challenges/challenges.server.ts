/**
 * Challenges (质疑, DESIGN §4.6): a bidder of the tender objects to the award within the window
 * (from the result notice until 7 working days after the publicity ends, 政府采购法 art. 52);
 * the bureau answers within 7 working days (art. 53), rejecting with reasons or upholding —
 * which revokes the award for a re-award or a re-evaluation. Published without personal data.
 */
import { and, asc, eq, inArray, isNotNull, ne } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { awards, bids, challenges, organizations, tenders } from "#db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import { grantsFor, type SessionUser } from "~/modules/auth/permissions";
import { answerDueOn, answerOverdue, challengeWindowOpen } from "~/modules/awards/award-dates";
import { revokeAward, settleAward } from "~/modules/awards/awards.server";
import { lockOwnTender } from "~/modules/tenders/tenders.server";
import { loadCalendar } from "~/modules/calendar/calendar.server";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { listAttachments, saveAttachments, type UploadedFile } from "~/modules/documents/uploads.server";
import { can, tenderPhase } from "~/modules/tenders/tender-states";
import { UserError } from "~/utils/errors";
import { isUuid } from "~/utils/form-fields";
import type { AnswerChallengeInput, ChallengeInput } from "./challenges-schema";

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

function challengerOrganizationId(user: SessionUser): string {
  const organizationId = grantsFor(user, "agency")[0]?.organizationId;
  if (!organizationId) throw new Response("Forbidden", { status: 403 });
  return organizationId;
}

/** The day an award was confirmed (Beijing date): the first day of its challenge window. */
const confirmedOn = (award: { confirmedAt: Date }) => shanghaiToday(award.confirmedAt);

/** Whether the organization took part: a live bid that was opened (valid or not: an invalid bidder may object too). */
async function isBidder(db: Queryable, organizationId: string, tenderId: string) {
  const [bid] = await db
    .select({ id: bids.id })
    .from(bids)
    .where(and(eq(bids.tenderId, tenderId), eq(bids.organizationId, organizationId), eq(bids.status, "submitted"), isNotNull(bids.price)))
    .limit(1);
  return Boolean(bid);
}

/**
 * Files a challenge for the member's organization. Only a bidder of the tender, only against
 * the award under publicity, only until the challenge deadline (Beijing date); the answer is
 * due 7 working days after filing. Evidence files are kept for the bureau and the challenger.
 */
export async function fileChallenge(db: Queryable, user: SessionUser, tenderId: string, input: ChallengeInput, files: UploadedFile[] = [], now = new Date()) {
  const organizationId = challengerOrganizationId(user);
  if (!isUuid(tenderId)) notFound();
  return db.transaction(async (tx) => {
    // The tender's lock orders this against settleAward: a challenge filed in time is seen by it.
    const [tender] = await tx
      .select()
      .from(tenders)
      .where(and(eq(tenders.id, tenderId), ne(tenders.status, "draft")))
      .for("update")
      .limit(1);
    if (!tender) notFound();
    if (!(await isBidder(tx, organizationId, tenderId))) throw new UserError("challenges.refused.notBidder");
    const current = await tx
      .select()
      .from(awards)
      .where(and(eq(awards.tenderId, tenderId), inArray(awards.status, ["publicity", "final"])))
      .orderBy(asc(awards.confirmedAt), asc(awards.id));
    if (current.length === 0) throw new UserError("challenges.refused.noAward");
    const today = shanghaiToday(now);
    const window = { from: confirmedOn(current[0]), to: current[0].challengeDeadline };
    if (!can(tender, "challenge", now) || !challengeWindowOpen(today, current[0])) throw new UserError("challenges.refused.window", { vars: window });
    const award = input.awardId ? current.find((a) => a.id === input.awardId) : current.length === 1 ? current[0] : undefined;
    if (!award) throw new UserError("challenges.chooseAward", { field: "awardId" });
    const due = answerDueOn(today, await loadCalendar(tx));
    const [challenge] = await tx
      .insert(challenges)
      .values({ tenderId, awardId: award.id, organizationId, filedBy: user.id, subject: input.subject, grounds: input.grounds, filedAt: now, answerDueOn: due })
      .returning();
    const evidence = await saveAttachments(tx, { ownerType: "challenge", ownerId: challenge.id, files, uploadedBy: user.id });
    await appendAudit(tx, {
      actorId: user.id,
      action: "challenge.file",
      subjectType: "challenge",
      subjectId: challenge.id,
      after: {
        tenderId,
        awardId: award.id,
        organizationId,
        subject: input.subject,
        grounds: input.grounds,
        answerDueOn: due,
        evidence: evidence.map((e) => ({ id: e.id, filename: e.filename, sha256: e.sha256 })),
      },
    });
    return challenge;
  });
}

/**
 * The bureau's answer. Rejected: recorded with its reasons. Upheld: the award is revoked, and
 * the tender goes back to "recommended" (reaward: the bureau confirms another candidate) or to
 * "evaluating" (reevaluate: the committee scores again). A challenge of an award that another
 * upheld challenge already revoked is still answered, without a second revocation.
 */
export async function answerChallenge(db: Queryable, user: SessionUser, challengeId: string, input: AnswerChallengeInput, now = new Date()) {
  if (!isUuid(challengeId)) notFound();
  return db.transaction(async (tx) => {
    const [found] = await tx.select({ tenderId: challenges.tenderId }).from(challenges).where(eq(challenges.id, challengeId)).limit(1);
    if (!found) notFound();
    // Tender first, then the challenge: the same lock order as filing and settling.
    const tender = await lockOwnTender(tx, user, found.tenderId);
    const [challenge] = await tx.select().from(challenges).where(eq(challenges.id, challengeId)).for("update").limit(1);
    if (challenge.status !== "pending") throw new UserError("challenges.alreadyAnswered", { field: "answer" });
    const [award] = await tx.select().from(awards).where(eq(awards.id, challenge.awardId)).limit(1);
    const awardLive = award.status === "publicity";
    if (awardLive && !can(tender, "answerChallenge", now)) {
      throw new UserError("challenges.refused.answer", { vars: { phase: `tenders.phase.${tenderPhase(tender, now)}` } });
    }
    const status = input.decision === "uphold" ? "upheld" : "rejected";
    const remedy = input.decision === "uphold" ? (input.remedy ?? null) : null;
    if (input.decision === "uphold" && !remedy) throw new UserError("challenges.remedyRequired", { field: "remedy" });
    await tx.update(challenges).set({ status, answer: input.answer, remedy, answeredBy: user.id, answeredAt: now }).where(eq(challenges.id, challengeId));
    await appendAudit(tx, {
      actorId: user.id,
      action: "challenge.answer",
      subjectType: "challenge",
      subjectId: challengeId,
      before: { status: "pending" },
      after: { status, remedy, answer: input.answer, late: answerOverdue(shanghaiToday(now), challenge) },
    });
    const revoked = status === "upheld" && awardLive && remedy ? await revokeAward(tx, user.id, tender, remedy, { challengeId }, now) : [];
    return { status, remedy, revoked: revoked.length > 0 };
  });
}

/**
 * The bidder's challenge page (settled first): the award and its window, whether the member's
 * organization may challenge, and its own challenges with their answers and evidence.
 */
export async function getChallengePage(db: Queryable, user: SessionUser, tenderId: string, now = new Date()) {
  const organizationId = challengerOrganizationId(user);
  if (!isUuid(tenderId)) notFound();
  await settleAward(db, tenderId, now);
  const [tender] = await db
    .select({ id: tenders.id, title: tenders.title, method: tenders.method, status: tenders.status, bidDeadline: tenders.bidDeadline })
    .from(tenders)
    .where(and(eq(tenders.id, tenderId), ne(tenders.status, "draft")))
    .limit(1);
  if (!tender) notFound();
  const today = shanghaiToday(now);
  const [bidder, current, own] = await Promise.all([
    isBidder(db, organizationId, tenderId),
    db
      .select({
        id: awards.id,
        organizationName: organizations.name,
        amount: awards.amount,
        status: awards.status,
        confirmedAt: awards.confirmedAt,
        publicityEndsOn: awards.publicityEndsOn,
        challengeDeadline: awards.challengeDeadline,
      })
      .from(awards)
      .innerJoin(organizations, eq(organizations.id, awards.organizationId))
      .where(and(eq(awards.tenderId, tenderId), inArray(awards.status, ["publicity", "final"])))
      .orderBy(asc(awards.confirmedAt), asc(awards.id)),
    db
      .select({
        id: challenges.id,
        subject: challenges.subject,
        grounds: challenges.grounds,
        filedAt: challenges.filedAt,
        answerDueOn: challenges.answerDueOn,
        status: challenges.status,
        answer: challenges.answer,
        remedy: challenges.remedy,
        answeredAt: challenges.answeredAt,
      })
      .from(challenges)
      .where(and(eq(challenges.tenderId, tenderId), eq(challenges.organizationId, organizationId)))
      .orderBy(asc(challenges.filedAt)),
  ]);
  const evidence = await listAttachments(
    db,
    "challenge",
    own.map((c) => c.id),
  );
  const first = current[0];
  const window = first
    ? {
        from: shanghaiToday(first.confirmedAt),
        publicityEndsOn: first.publicityEndsOn,
        to: first.challengeDeadline,
        open: tender.status === "publicity" && challengeWindowOpen(today, first),
      }
    : null;
  return {
    tender: { id: tender.id, title: tender.title, method: tender.method },
    phase: tenderPhase(tender, now),
    today,
    isBidder: bidder,
    awards: current.map(({ id, organizationName, amount, status }) => ({ id, organizationName, amount, status })),
    window,
    canFile: bidder && Boolean(window?.open),
    challenges: own.map((c) => ({ ...c, overdue: answerOverdue(today, c), evidence: evidence.filter((e) => e.ownerId === c.id) })),
  };
}
