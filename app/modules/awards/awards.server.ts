/**
 * The award (中标/成交, DESIGN §4.5–4.6): the bureau confirms a recommended candidate (or, for a
 * venture call, the funded proposals), the result is publicised for 1 working day, bidders may
 * challenge for 7 working days after that, and with the window passed and no challenge pending
 * the award becomes final. Finality needs no scheduler: settleAward persists it lazily whenever
 * a page that shows the tender is read.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { awards, bids, bureaus, challenges, committeeMembers, evaluationResults, organizations, tenders, users } from "#db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import { grantsFor, type SessionUser } from "~/modules/auth/permissions";
import { reopenEvaluation } from "~/modules/bid-evaluation/evaluation.server";
import { fundVentureProposals } from "~/modules/bid-evaluation/scoring";
import { getOpeningRecord } from "~/modules/bids/bids.server";
import { commit, officerBureauId, reserve, reservedFor, uncommit } from "~/modules/budgets/budgets.server";
import { loadCalendar } from "~/modules/calendar/calendar.server";
import { listAttachments } from "~/modules/documents/uploads.server";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { can, tenderPhase } from "~/modules/tenders/tender-states";
import { lockOwnTender } from "~/modules/tenders/tenders.server";
import { UserError } from "~/utils/errors";
import { isUuid } from "~/utils/form-fields";
import { preparedQuery } from "~/utils/prepared.server";
import { answerOverdue, awardPeriods, challengeWindowOpen, challengeWindowPassed, finalOn } from "./award-dates";
import type { ConfirmAwardInput } from "./awards-schema";

type TenderRow = typeof tenders.$inferSelect;
export type ChallengeRemedy = "reaward" | "reevaluate";

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

/**
 * The committee's ranking, best first, with bidders and prices. Prices and proposal titles are
 * those of the public opening record, so showing the ranking reads no sealed content.
 */
async function loadRanking(db: Queryable, tenderId: string) {
  const [rows, opening] = await Promise.all([
    db
      .select({
        bidId: evaluationResults.bidId,
        rank: evaluationResults.rank,
        total: evaluationResults.total,
        priceScore: evaluationResults.priceScore,
        recommended: evaluationResults.recommended,
        funded: evaluationResults.funded,
        computedAt: evaluationResults.computedAt,
        price: bids.price,
        valid: bids.valid,
        organizationId: bids.organizationId,
        organizationName: organizations.name,
        uscc: organizations.uscc,
      })
      .from(evaluationResults)
      .innerJoin(bids, eq(bids.id, evaluationResults.bidId))
      .innerJoin(organizations, eq(organizations.id, bids.organizationId))
      .where(eq(evaluationResults.tenderId, tenderId))
      .orderBy(asc(evaluationResults.rank)),
    getOpeningRecord(db, tenderId),
  ]);
  const titles = new Map((opening?.record ?? []).map((r) => [r.bidId, r.proposalTitle]));
  return rows.map((r) => ({ ...r, price: r.price ?? 0, proposalTitle: titles.get(r.bidId) ?? null }));
}
type RankedBid = Awaited<ReturnType<typeof loadRanking>>[number];

/**
 * Bids that an upheld challenge took the award from (remedy "reaward") since the committee's
 * current ranking was computed: the bureau must confirm another candidate. A re-evaluation
 * computes a new ranking, after which they compete again.
 */
async function excludedBids(db: Queryable, tenderId: string, ranking: RankedBid[]): Promise<Set<string>> {
  if (ranking.length === 0) return new Set();
  const evaluatedAt = new Date(Math.max(...ranking.map((r) => r.computedAt.getTime())));
  const rows = await db
    .select({ bidId: awards.bidId, answeredAt: challenges.answeredAt })
    .from(challenges)
    .innerJoin(awards, eq(awards.id, challenges.awardId))
    .where(and(eq(challenges.tenderId, tenderId), eq(challenges.status, "upheld"), eq(challenges.remedy, "reaward")));
  return new Set(rows.filter((r) => r.answeredAt && r.answeredAt > evaluatedAt).map((r) => r.bidId));
}

/**
 * Who can be awarded now. Open tender and consultation: the recommended candidates not excluded,
 * the first of them being "the first-ranked". Venture call: the funded proposals — the
 * committee's funding, or, once an upheld challenge excluded a proposal, the pot funded again
 * in rank order without it (the committee's rule, fundVentureProposals).
 */
function candidatesOf(tender: TenderRow, ranking: RankedBid[], excluded: Set<string>) {
  const eligible = ranking.filter((r) => r.valid && r.price > 0 && !excluded.has(r.bidId));
  if (tender.method !== "venture_call") return { candidates: eligible.filter((r) => r.recommended), funded: [] as RankedBid[] };
  const committeeFunded = eligible.some((r) => r.funded !== null);
  const fundedIds = new Set(
    excluded.size === 0 && committeeFunded
      ? eligible.filter((r) => r.funded).map((r) => r.bidId)
      : fundVentureProposals(
          eligible.map((r) => ({ id: r.bidId, price: r.price })),
          tender.ceilingPrice,
        ).funded,
  );
  return { candidates: [] as RankedBid[], funded: eligible.filter((r) => fundedIds.has(r.bidId)) };
}

const sum = (amounts: number[]) => amounts.reduce((a, b) => a + b, 0);

/**
 * Confirms the award on the bureau's own tender with recommended candidates: the first-ranked,
 * or another recommended candidate with a recorded reason; for a venture call, every funded
 * proposal (one award row each). The publicity and challenge dates are counted in working days
 * from the Beijing date of confirmation; the reservation becomes a commitment of the awarded
 * amount and the rest of the ceiling is released; the tender enters publicity.
 */
export async function confirmAward(db: Queryable, user: SessionUser, tenderId: string, input: ConfirmAwardInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const tender = await lockOwnTender(tx, user, tenderId);
    if (!can(tender, "award", now)) throw new UserError("awards.refused.award", { vars: { phase: `tenders.phase.${tenderPhase(tender, now)}` } });
    const ranking = await loadRanking(tx, tenderId);
    if (ranking.length === 0) throw new UserError("awards.noRanking");
    const { candidates, funded } = candidatesOf(tender, ranking, await excludedBids(tx, tenderId, ranking));
    let winners: RankedBid[];
    let skipReason: string | null = null;
    if (tender.method === "venture_call") {
      if (funded.length === 0) throw new UserError("awards.nothingFunded");
      winners = funded;
    } else {
      if (candidates.length === 0) throw new UserError("awards.noCandidates");
      const chosen = candidates.find((c) => c.bidId === input.bidId);
      if (!chosen) throw new UserError("awards.notCandidate", { field: "bidId" });
      // Passing over the first-ranked candidate needs a reason on the record (DESIGN §4.5).
      if (chosen !== candidates[0]) {
        if (!input.skipReason) throw new UserError("awards.skipReasonRequired", { field: "skipReason" });
        skipReason = input.skipReason;
      }
      winners = [chosen];
    }

    const confirmedOn = shanghaiToday(now);
    const { publicityEndsOn, challengeDeadline } = awardPeriods(confirmedOn, await loadCalendar(tx));

    const committed = sum(winners.map((w) => w.price));
    const movement = { lineId: tender.budgetLineId, subjectType: "tender", subjectId: tender.id, actorId: user.id };
    // Normally the tender holds its ceiling. After a revoked award it holds that award's amount,
    // and another candidate's higher price needs the difference reserved first.
    const held = await reservedFor(tx, tender.budgetLineId, "tender", tender.id);
    if (committed > held) {
      try {
        await reserve(tx, { ...movement, amount: committed - held });
      } catch (error) {
        if (error instanceof UserError) throw new UserError(error.messageKey, { vars: error.options.vars });
        throw error;
      }
    }
    const released = Math.max(0, held - committed);
    await commit(tx, { ...movement, amount: committed, releaseAmount: released });

    const rows = await tx
      .insert(awards)
      .values(
        winners.map((w) => ({
          tenderId,
          bidId: w.bidId,
          organizationId: w.organizationId,
          amount: w.price,
          skipReason,
          confirmedBy: user.id,
          confirmedAt: now,
          publicityEndsOn,
          challengeDeadline,
        })),
      )
      .returning();
    await tx.update(tenders).set({ status: "publicity", updatedAt: now }).where(eq(tenders.id, tenderId));
    await appendAudit(tx, {
      actorId: user.id,
      action: "tender.award",
      subjectType: "tender",
      subjectId: tenderId,
      before: { status: tender.status },
      after: {
        status: "publicity",
        awards: rows.map((a) => ({ awardId: a.id, bidId: a.bidId, organizationId: a.organizationId, amount: a.amount })),
        skipReason,
        confirmedOn,
        publicityEndsOn,
        challengeDeadline,
        committed,
        released,
      },
    });
    return { awards: rows, publicityEndsOn, challengeDeadline, committed, released };
  });
}

/**
 * Revokes the tender's live award (all its rows for a venture call) after an upheld challenge,
 * inside the caller's transaction: the commitment goes back to a reservation, and the tender
 * returns to "recommended" (the bureau confirms another candidate) or to "evaluating" (the
 * committee scores again).
 */
export async function revokeAward(tx: Tx, actorId: string, tender: TenderRow, remedy: ChallengeRemedy, cause: { challengeId: string }, now: Date) {
  const live = await tx
    .select()
    .from(awards)
    .where(and(eq(awards.tenderId, tender.id), eq(awards.status, "publicity")))
    .for("update");
  if (live.length === 0) return [];
  const ranking = remedy === "reevaluate" ? await loadRanking(tx, tender.id) : [];
  await tx
    .update(awards)
    .set({ status: "revoked", revokedAt: now })
    .where(
      inArray(
        awards.id,
        live.map((a) => a.id),
      ),
    );
  const amount = sum(live.map((a) => a.amount));
  await uncommit(tx, { lineId: tender.budgetLineId, amount, subjectType: "tender", subjectId: tender.id, actorId });
  // The discarded ranking stays in the audit entry of the revocation.
  if (remedy === "reevaluate") await reopenEvaluation(tx, tender.id, now);
  const status = remedy === "reaward" ? "recommended" : "evaluating";
  await tx.update(tenders).set({ status, updatedAt: now }).where(eq(tenders.id, tender.id));
  await appendAudit(tx, {
    actorId,
    action: "tender.revokeAward",
    subjectType: "tender",
    subjectId: tender.id,
    before: {
      status: tender.status,
      awards: live.map((a) => ({ awardId: a.id, bidId: a.bidId, amount: a.amount })),
      ...(remedy === "reevaluate" ? { ranking: ranking.map((r) => ({ bidId: r.bidId, rank: r.rank, total: r.total, recommended: r.recommended, funded: r.funded })) } : {}),
    },
    after: { status, remedy, challengeId: cause.challengeId, uncommitted: amount },
  });
  return live;
}

async function liveAwardsOf(db: Queryable, tenderId: string) {
  return db
    .select()
    .from(awards)
    .where(and(eq(awards.tenderId, tenderId), inArray(awards.status, ["publicity", "final"])))
    .orderBy(asc(awards.confirmedAt), asc(awards.id));
}

async function hasPendingChallenge(db: Queryable, tenderId: string) {
  const [row] = await db
    .select({ id: challenges.id })
    .from(challenges)
    .where(and(eq(challenges.tenderId, tenderId), eq(challenges.status, "pending")))
    .limit(1);
  return Boolean(row);
}

/** Everything settleAward needs to know, read without locks or under the tender's lock. */
async function settleable(db: Queryable, tender: Pick<TenderRow, "id" | "status">, today: string) {
  if (tender.status !== "publicity") return null;
  const live = (await liveAwardsOf(db, tender.id)).filter((a) => a.status === "publicity");
  if (live.length === 0 || !live.every((a) => challengeWindowPassed(today, a))) return null;
  // While a challenge is pending the award cannot become final (DESIGN §4.6).
  if (await hasPendingChallenge(db, tender.id)) return null;
  return live;
}

/**
 * Makes the award final once the challenge window has passed (today > challenge deadline,
 * Beijing date) with no challenge pending: the awards become "final" and the tender "awarded".
 * Idempotent and cheap when there is nothing to do, so every page showing the tender calls it;
 * the tender's row lock makes a concurrent challenge or answer wait, and the conditions are
 * checked again under it. The needs stay "tendered" until the project completes.
 */
export async function settleAward(db: Queryable, tenderId: string, now = new Date(), known?: Pick<TenderRow, "id" | "status">): Promise<boolean> {
  if (!isUuid(tenderId)) return false;
  const today = shanghaiToday(now);
  const [current] = known ? [known] : await db.select({ id: tenders.id, status: tenders.status }).from(tenders).where(eq(tenders.id, tenderId)).limit(1);
  if (!current || !(await settleable(db, current, today))) return false;
  return db.transaction(async (tx) => {
    const [tender] = await tx.select().from(tenders).where(eq(tenders.id, tenderId)).for("update").limit(1);
    const live = await settleable(tx, tender, today);
    if (!live) return false;
    await tx
      .update(awards)
      .set({ status: "final", finalAt: now })
      .where(
        inArray(
          awards.id,
          live.map((a) => a.id),
        ),
      );
    await tx.update(tenders).set({ status: "awarded", updatedAt: now }).where(eq(tenders.id, tenderId));
    await appendAudit(tx, {
      actorId: null,
      action: "tender.awardFinal",
      subjectType: "tender",
      subjectId: tenderId,
      before: { status: "publicity" },
      after: { status: "awarded", awards: live.map((a) => a.id), challengeDeadline: live[0].challengeDeadline, settledOn: today },
    });
    return true;
  });
}

/**
 * Whether a contract may be made now (contracts issue): the award is final and no challenge is
 * pending. Settles first, so a window that passed since the last read counts.
 */
export async function mayContract(db: Queryable, tenderId: string, now = new Date()): Promise<boolean> {
  if (!isUuid(tenderId)) return false;
  await settleAward(db, tenderId, now);
  const [tender] = await db.select({ status: tenders.status }).from(tenders).where(eq(tenders.id, tenderId)).limit(1);
  if (tender?.status !== "awarded") return false;
  const live = await liveAwardsOf(db, tenderId);
  return live.length > 0 && live.every((a) => a.status === "final") && !(await hasPendingChallenge(db, tenderId));
}

/** Challenges as the public sees them: what and why, the answer, the dates; never who filed them. */
const publicChallengesQuery = preparedQuery((db) =>
  db
    .select({
      id: challenges.id,
      awardId: challenges.awardId,
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
    .where(eq(challenges.tenderId, sql.placeholder("tenderId")))
    .orderBy(asc(challenges.filedAt), asc(challenges.id))
    .prepare("public_challenges"),
);

async function publicChallenges(db: Queryable, tenderId: string, today: string) {
  const rows = await publicChallengesQuery(db, { tenderId });
  return rows.map((c) => ({ ...c, overdue: answerOverdue(today, c) }));
}

type OpeningRecord = Awaited<ReturnType<typeof getOpeningRecord>>;

const awardsOfTenderQuery = preparedQuery((db) =>
  db
    .select({
      id: awards.id,
      bidId: awards.bidId,
      organizationId: awards.organizationId,
      organizationName: organizations.name,
      uscc: organizations.uscc,
      amount: awards.amount,
      status: awards.status,
      skipReason: awards.skipReason,
      confirmedAt: awards.confirmedAt,
      publicityEndsOn: awards.publicityEndsOn,
      challengeDeadline: awards.challengeDeadline,
      finalAt: awards.finalAt,
      revokedAt: awards.revokedAt,
    })
    .from(awards)
    .innerJoin(organizations, eq(organizations.id, awards.organizationId))
    .where(eq(awards.tenderId, sql.placeholder("tenderId")))
    .orderBy(asc(awards.confirmedAt), asc(awards.id))
    .prepare("awards_of_tender"),
);

/**
 * Every award of the tender (in publicity, final or revoked) with each winner's name and
 * proposal title (from the opening record, read here unless the caller has it).
 */
async function awardedParties(db: Queryable, tenderId: string, knownOpening?: OpeningRecord) {
  const [rows, opening] = await Promise.all([awardsOfTenderQuery(db, { tenderId }), knownOpening === undefined ? getOpeningRecord(db, tenderId) : knownOpening]);
  const titles = new Map((opening?.record ?? []).map((r) => [r.bidId, r.proposalTitle]));
  return rows.map((r) => ({ ...r, proposalTitle: titles.get(r.bidId) ?? null }));
}

/**
 * The award as the public tender page shows it (settled first): the winners with amounts, the
 * publicity and challenge dates, the challenges with their answers (no personal data) and any
 * revoked award. Null when the tender has never had an award.
 */
export async function getPublicAwardInfo(db: Queryable, tenderId: string, now = new Date()) {
  if (!isUuid(tenderId)) return null;
  await settleAward(db, tenderId, now);
  const [tender] = await db.select({ id: tenders.id, status: tenders.status, method: tenders.method }).from(tenders).where(eq(tenders.id, tenderId)).limit(1);
  if (!tender) return null;
  return publicAwardInfo(db, tender, now);
}

/**
 * The award part of a tender the caller has read, already settled (settleAward): what
 * getPublicAwardInfo answers, without reading the tender or, when given, its opening record again.
 */
export async function publicAwardInfo(db: Queryable, tender: Pick<TenderRow, "id" | "status" | "method">, now = new Date(), opening?: OpeningRecord) {
  // Before the bids are opened there is nothing to award: a published tender costs no query here.
  if (tender.status === "draft" || tender.status === "published") return null;
  const tenderId = tender.id;
  const today = shanghaiToday(now);
  const [all, challengeRows] = await Promise.all([awardedParties(db, tenderId, opening), publicChallenges(db, tenderId, today)]);
  if (all.length === 0) return null;
  const live = all.filter((a) => a.status !== "revoked");
  const first = live[0];
  const status: "publicity" | "final" | "revoked" = !first ? "revoked" : first.status === "final" ? "final" : "publicity";
  const challengeList = challengeRows.map(({ awardId: _awardId, ...c }) => c);
  return {
    tenderId,
    method: tender.method,
    status,
    winners: live.map(({ organizationId, organizationName, uscc, amount, proposalTitle }) => ({ organizationId, organizationName, uscc, amount, proposalTitle })),
    totalAmount: sum(live.map((a) => a.amount)),
    confirmedAt: first?.confirmedAt ?? null,
    publicityEndsOn: first?.publicityEndsOn ?? null,
    challengeDeadline: first?.challengeDeadline ?? null,
    finalAt: first?.finalAt ?? null,
    // While in publicity: the day it becomes final unless a challenge is pending then.
    finalOn: first && status === "publicity" ? finalOn(first) : null,
    challengePending: challengeList.some((c) => c.status === "pending"),
    // The bureau's reason for passing over the first-ranked candidate is part of the public record.
    skipReason: first?.skipReason ?? null,
    challengeWindowOpen: Boolean(first && first.status === "publicity" && challengeWindowOpen(today, first)),
    revoked: all.filter((a) => a.status === "revoked").map(({ organizationName, amount, revokedAt }) => ({ organizationName, amount, revokedAt })),
    challenges: challengeList,
  };
}
export type PublicAwardInfo = NonNullable<Awaited<ReturnType<typeof getPublicAwardInfo>>>;

/**
 * The officer's award page (settled first): the committee's ranking, who may be confirmed now,
 * the awards so far and every challenge with its due date and overdue flag.
 */
export async function getAwardPage(db: Queryable, user: SessionUser, tenderId: string, now = new Date()) {
  const bureauId = officerBureauId(user);
  if (!isUuid(tenderId)) notFound();
  await settleAward(db, tenderId, now);
  const [row] = await db
    .select({ tender: tenders, bureauName: bureaus.nameZh })
    .from(tenders)
    .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
    .where(and(eq(tenders.id, tenderId), eq(tenders.bureauId, bureauId)))
    .limit(1);
  if (!row) notFound();
  const tender = row.tender;
  const today = shanghaiToday(now);
  const ranking = await loadRanking(db, tenderId);
  const excluded = await excludedBids(db, tenderId, ranking);
  const { candidates, funded } = candidatesOf(tender, ranking, excluded);
  const [awardRows, challengeRows] = await Promise.all([awardedParties(db, tenderId), publicChallenges(db, tenderId, today)]);
  const evidence = await listAttachments(
    db,
    "challenge",
    challengeRows.map((c) => c.id),
  );
  const live = awardRows.filter((a) => a.status !== "revoked");
  const mayAnswer = can(tender, "answerChallenge", now);
  return {
    tender: { id: tender.id, title: tender.title, method: tender.method, status: tender.status, ceilingPrice: tender.ceilingPrice },
    bureauName: row.bureauName,
    phase: tenderPhase(tender, now),
    today,
    ranking: ranking.map((r) => ({
      bidId: r.bidId,
      rank: r.rank,
      organizationName: r.organizationName,
      proposalTitle: r.proposalTitle,
      price: r.price,
      priceScore: r.priceScore,
      total: r.total,
      recommended: r.recommended,
      funded: r.funded,
      excluded: excluded.has(r.bidId),
    })),
    canConfirm: can(tender, "award", now) && (tender.method === "venture_call" ? funded.length > 0 : candidates.length > 0),
    candidates: candidates.map((c, i) => ({ bidId: c.bidId, rank: c.rank, organizationName: c.organizationName, price: c.price, first: i === 0 })),
    funded: funded.map((f) => ({ bidId: f.bidId, rank: f.rank, organizationName: f.organizationName, proposalTitle: f.proposalTitle, price: f.price })),
    awards: awardRows,
    liveAwardIds: live.map((a) => a.id),
    challenges: challengeRows.map((c) => ({
      ...c,
      // A challenge of a revoked award can still be answered; only a live award's needs the publicity phase.
      canAnswer: c.status === "pending" && (mayAnswer || !live.some((a) => a.id === c.awardId)),
      evidence: evidence.filter((e) => e.ownerId === c.id),
    })),
    mayContract: tender.status === "awarded" && !challengeRows.some((c) => c.status === "pending"),
  };
}

/**
 * The live awards a user may read the award letter (中标/成交通知书) of: all of them for the
 * officers of the tender's bureau, its own for a winning organization's members, none for
 * anyone else. The public page uses it to offer the letter; the PDF route to refuse it (404).
 */
export async function readableAwardLetters(db: Queryable, user: SessionUser | null, tenderId: string, known?: Pick<TenderRow, "bureauId">) {
  if (!user || !isUuid(tenderId)) return [];
  const [tender] = known ? [known] : await db.select({ bureauId: tenders.bureauId }).from(tenders).where(eq(tenders.id, tenderId)).limit(1);
  if (!tender) return [];
  const live = await liveAwardsOf(db, tenderId);
  if (grantsFor(user, "bureau").some((g) => g.bureauId === tender.bureauId)) return live;
  const organizationIds = new Set(grantsFor(user, "agency").map((g) => g.organizationId));
  return live.filter((a) => organizationIds.has(a.organizationId));
}

/** The committee's ranking as the result notice publishes it (after opening, prices are public). */
export async function publishedRanking(db: Queryable, tenderId: string) {
  const ranking = await loadRanking(db, tenderId);
  return ranking.map(({ rank, organizationName, uscc, proposalTitle, price, priceScore, total, recommended, funded }) => ({
    rank,
    organizationName,
    uscc,
    proposalTitle,
    price,
    priceScore,
    total,
    recommended,
    funded,
  }));
}

/** The committee members' names, which the result notice publishes (财政部令第87号 art. 69). */
export async function committeeNames(db: Queryable, tenderId: string) {
  return db
    .select({ name: users.displayName, isExpert: committeeMembers.isExpert })
    .from(committeeMembers)
    .innerJoin(users, eq(users.id, committeeMembers.userId))
    .where(and(eq(committeeMembers.tenderId, tenderId), eq(committeeMembers.status, "active")))
    .orderBy(asc(committeeMembers.addedAt), asc(users.displayName));
}
