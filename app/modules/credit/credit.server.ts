/**
 * The credit record (信用档案, DESIGN §4.9): an organization's public track record — tenders bid
 * (once opened: who bid is sealed until then) and won, contracts and amounts, projects completed,
 * outcome grades, challenges upheld against its awards, and its list status. Shown on its public
 * profile and to committee members beside each bidder. Two 不合格 grades within 3 years propose
 * it for the abnormal list; a bureau officer confirms (the organization goes on the list) or
 * dismisses the proposal with a reason.
 */
import { and, asc, count, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { awards, bidOpenings, bids, challenges, contracts, creditProposals, organizations, outcomeEvaluations, tenders } from "#db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { SessionUser } from "~/modules/auth/permissions";
import { officerBureauId } from "~/modules/budgets/budgets.server";
import { LOW_CONFIDENCE_RESPONSES } from "~/modules/outcomes/composite";
import { UserError } from "~/utils/errors";
import { isUuid } from "~/utils/form-fields";
import { failuresToPropose, FAILURE_WINDOW_YEARS } from "./credit-rules";
import type { ProposalDecisionInput } from "./credit-schema";

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

async function failedEvaluations(db: Queryable, organizationId: string) {
  return db
    .select({ id: outcomeEvaluations.id, gradedAt: outcomeEvaluations.gradedAt, title: contracts.title, compositeScore: outcomeEvaluations.compositeScore })
    .from(outcomeEvaluations)
    .innerJoin(contracts, eq(contracts.id, outcomeEvaluations.contractId))
    .where(and(eq(contracts.organizationId, organizationId), eq(outcomeEvaluations.grade, "fail"), isNotNull(outcomeEvaluations.gradedAt)))
    .orderBy(asc(outcomeEvaluations.gradedAt));
}

/**
 * Called in the transaction that stores a 不合格 grade: with two or more within 3 years, and the
 * organization neither on a list nor already proposed, a proposal is recorded (audited). The
 * partial unique index keeps it to one open proposal even when two grades land at once.
 */
export async function proposeAfterFailure(tx: Tx, organizationId: string, now: Date) {
  const [org] = await tx.select({ creditStatus: organizations.creditStatus }).from(organizations).where(eq(organizations.id, organizationId)).for("update").limit(1);
  if (!org || org.creditStatus !== "normal") return null;
  const failures = (await failedEvaluations(tx, organizationId)).map((f) => ({ ...f, gradedAt: f.gradedAt! }));
  const counted = failuresToPropose(failures, now);
  if (!counted) return null;
  const reason = `${FAILURE_WINDOW_YEARS}年内${counted.length}个项目绩效评估为不合格：${counted.map((f) => `《${f.title}》（${f.compositeScore}分）`).join("、")}`;
  const [proposal] = await tx
    .insert(creditProposals)
    .values({ organizationId, reason, evaluationIds: counted.map((f) => f.id), proposedAt: now })
    .onConflictDoNothing()
    .returning();
  if (!proposal) return null;
  await appendAudit(tx, { actorId: null, action: "credit.propose", subjectType: "organization", subjectId: organizationId, after: { proposalId: proposal.id, reason, evaluationIds: proposal.evaluationIds } });
  return proposal;
}

/** The public credit record of one organization. */
export async function getCreditRecord(db: Queryable, organizationId: string) {
  if (!isUuid(organizationId)) notFound();
  const [org] = await db
    .select({ id: organizations.id, creditStatus: organizations.creditStatus, creditReason: organizations.creditReason, creditChangedAt: organizations.creditChangedAt })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .limit(1);
  if (!org) notFound();
  const [[bidRow], [wonRow], contractRows, graded, upheld, [openProposal]] = await Promise.all([
    // Who bid stays sealed until opening: only opened tenders count.
    db
      .select({ n: sql<number>`count(distinct ${bids.tenderId})::int` })
      .from(bids)
      .innerJoin(bidOpenings, eq(bidOpenings.tenderId, bids.tenderId))
      .where(and(eq(bids.organizationId, organizationId), eq(bids.status, "submitted"))),
    db
      .select({ n: sql<number>`count(distinct ${awards.tenderId})::int`, amount: sql<number>`coalesce(sum(${awards.amount}), 0)::bigint` })
      .from(awards)
      .where(and(eq(awards.organizationId, organizationId), inArray(awards.status, ["publicity", "final"]))),
    db
      .select({ status: contracts.status, n: count(), amount: sql<number>`coalesce(sum(${contracts.amount}), 0)::bigint` })
      .from(contracts)
      .where(and(eq(contracts.organizationId, organizationId), inArray(contracts.status, ["active", "completed", "terminated"])))
      .groupBy(contracts.status),
    db
      .select({
        contractId: contracts.id,
        title: contracts.title,
        amount: contracts.amount,
        compositeScore: outcomeEvaluations.compositeScore,
        grade: outcomeEvaluations.grade,
        satisfactionResponses: outcomeEvaluations.satisfactionResponses,
        gradedAt: outcomeEvaluations.gradedAt,
      })
      .from(outcomeEvaluations)
      .innerJoin(contracts, eq(contracts.id, outcomeEvaluations.contractId))
      .where(and(eq(contracts.organizationId, organizationId), isNotNull(outcomeEvaluations.grade)))
      .orderBy(desc(outcomeEvaluations.gradedAt)),
    db
      .select({ tenderId: tenders.id, tenderTitle: tenders.title, answeredAt: challenges.answeredAt, remedy: challenges.remedy })
      .from(challenges)
      .innerJoin(awards, eq(awards.id, challenges.awardId))
      .innerJoin(tenders, eq(tenders.id, challenges.tenderId))
      .where(and(eq(awards.organizationId, organizationId), eq(challenges.status, "upheld")))
      .orderBy(desc(challenges.answeredAt)),
    db
      .select({ id: creditProposals.id, proposedAt: creditProposals.proposedAt })
      .from(creditProposals)
      .where(and(eq(creditProposals.organizationId, organizationId), eq(creditProposals.status, "proposed")))
      .limit(1),
  ]);
  const byStatus = (status: string) => contractRows.find((r) => r.status === status);
  return {
    organizationId,
    tendersBid: Number(bidRow?.n ?? 0),
    tendersWon: Number(wonRow?.n ?? 0),
    amountWon: Number(wonRow?.amount ?? 0),
    contracts: contractRows.reduce((sum, r) => sum + Number(r.n), 0),
    contractAmount: contractRows.filter((r) => r.status !== "terminated").reduce((sum, r) => sum + Number(r.amount), 0),
    projectsCompleted: Number(byStatus("completed")?.n ?? 0),
    amountCompleted: Number(byStatus("completed")?.amount ?? 0),
    projectsTerminated: Number(byStatus("terminated")?.n ?? 0),
    evaluations: graded.map((g) => ({
      ...g,
      compositeScore: g.compositeScore ?? 0,
      grade: g.grade!,
      lowConfidence: g.satisfactionResponses !== null && g.satisfactionResponses < LOW_CONFIDENCE_RESPONSES,
    })),
    challengesUpheld: upheld,
    creditStatus: org.creditStatus,
    creditReason: org.creditReason,
    creditChangedAt: org.creditChangedAt,
    proposedForAbnormalList: Boolean(openProposal),
  };
}
export type CreditRecord = Awaited<ReturnType<typeof getCreditRecord>>;

/** The records of several organizations (the bidders on a committee's screen), by id. */
export async function getCreditRecords(db: Queryable, organizationIds: readonly string[]) {
  const ids = [...new Set(organizationIds)].filter(isUuid);
  const records = await Promise.all(ids.map((id) => getCreditRecord(db, id)));
  return Object.fromEntries(records.map((r) => [r.organizationId, r]));
}

/**
 * Proposals a bureau officer decides: those whose failed projects include one bought by the
 * officer's bureau. Open ones first, then the decided ones.
 */
export async function listProposals(db: Queryable, user: SessionUser) {
  const bureauId = officerBureauId(user);
  const rows = await db
    .select({
      id: creditProposals.id,
      organizationId: creditProposals.organizationId,
      organizationName: organizations.name,
      creditStatus: organizations.creditStatus,
      reason: creditProposals.reason,
      evaluationIds: creditProposals.evaluationIds,
      status: creditProposals.status,
      proposedAt: creditProposals.proposedAt,
      decidedAt: creditProposals.decidedAt,
      decisionReason: creditProposals.decisionReason,
    })
    .from(creditProposals)
    .innerJoin(organizations, eq(organizations.id, creditProposals.organizationId))
    .where(
      sql`exists (select 1 from ${outcomeEvaluations} e join ${contracts} c on c.id = e.contract_id where e.id = any(${creditProposals.evaluationIds}) and c.bureau_id = ${bureauId})`,
    )
    .orderBy(sql`${creditProposals.status} = 'proposed' desc`, desc(creditProposals.proposedAt));
  const evaluationIds = [...new Set(rows.flatMap((r) => r.evaluationIds))];
  const projects = evaluationIds.length
    ? await db
        .select({ evaluationId: outcomeEvaluations.id, contractId: contracts.id, title: contracts.title, compositeScore: outcomeEvaluations.compositeScore, gradedAt: outcomeEvaluations.gradedAt })
        .from(outcomeEvaluations)
        .innerJoin(contracts, eq(contracts.id, outcomeEvaluations.contractId))
        .where(inArray(outcomeEvaluations.id, evaluationIds))
    : [];
  return rows.map(({ evaluationIds: ids, ...r }) => ({ ...r, projects: projects.filter((p) => ids.includes(p.evaluationId)) }));
}

/**
 * Confirms (the organization goes on the abnormal list, barred from bidding) or dismisses an
 * open proposal, with the officer's reason; both the proposal and the organization are audited.
 */
export async function decideProposal(db: Queryable, user: SessionUser, proposalId: string, input: ProposalDecisionInput, now = new Date()) {
  officerBureauId(user);
  if (!isUuid(proposalId)) notFound();
  return db.transaction(async (tx) => {
    const visible = await listProposals(tx, user);
    if (!visible.some((p) => p.id === proposalId)) notFound();
    const [proposal] = await tx.select().from(creditProposals).where(eq(creditProposals.id, proposalId)).for("update").limit(1);
    if (proposal.status !== "proposed") throw new UserError("credit.refused.decided", { field: "reason" });
    const status = input.decision === "confirm" ? "confirmed" : "dismissed";
    await tx.update(creditProposals).set({ status, decidedBy: user.id, decidedAt: now, decisionReason: input.reason }).where(eq(creditProposals.id, proposalId));
    await appendAudit(tx, { actorId: user.id, action: `credit.${input.decision}`, subjectType: "organization", subjectId: proposal.organizationId, before: { proposalId, status: "proposed" }, after: { proposalId, status, reason: input.reason } });
    if (status === "confirmed") {
      const [org] = await tx.select().from(organizations).where(eq(organizations.id, proposal.organizationId)).for("update").limit(1);
      const creditReason = `${proposal.reason}。${input.reason}`;
      await tx.update(organizations).set({ creditStatus: "abnormal", creditReason, creditChangedAt: now }).where(eq(organizations.id, proposal.organizationId));
      await appendAudit(tx, {
        actorId: user.id,
        action: "organization.credit",
        subjectType: "organization",
        subjectId: proposal.organizationId,
        before: { creditStatus: org.creditStatus },
        after: { creditStatus: "abnormal", reason: creditReason, proposalId },
      });
    }
    return { status };
  });
}
