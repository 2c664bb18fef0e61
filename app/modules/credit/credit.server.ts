/**
 * The credit record (信用档案, DESIGN §4.9): an organization's public track record — tenders bid
 * (once opened: who bid is sealed until then) and won, contracts and amounts, projects completed,
 * outcome grades, challenges upheld against its awards, and its list status. Shown on its public
 * profile and to committee members beside each bidder. Two 不合格 grades within 3 years propose
 * it for the abnormal list; a bureau officer confirms (the organization goes on the list) or
 * dismisses the proposal with a reason.
 */
import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { awards, bidOpenings, bids, challenges, contracts, creditProposals, organizations, outcomeEvaluations, tenders } from "#db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { SessionUser } from "~/modules/auth/permissions";
import { officerBureauId } from "~/modules/budgets/budgets.server";
import { LOW_CONFIDENCE_RESPONSES } from "~/modules/outcomes/composite";
import { UserError } from "~/utils/errors";
import { isUuid } from "~/utils/form-fields";
import { jsonList, jsonValue, scalar } from "~/utils/json-list.server";
import { preparedQuery } from "~/utils/prepared.server";
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

/**
 * Everything the record counts, in one query (the profile is a public page, and a committee
 * member's screen shows the record beside every bidder).
 */
const creditRecordQuery = preparedQuery((db) =>
  db
    .select({
      creditStatus: organizations.creditStatus,
      creditReason: organizations.creditReason,
      creditChangedAt: organizations.creditChangedAt,
      // Who bid stays sealed until opening: only opened tenders count.
      tendersBid: scalar<number>(sql`select count(distinct b.tender_id)::int from ${bids} b join ${bidOpenings} o on o.tender_id = b.tender_id
        where b.organization_id = ${organizations.id} and b.status = 'submitted'`),
      won: jsonValue<{ n: number; amount: number }>(sql`select json_build_object('n', count(distinct a.tender_id), 'amount', coalesce(sum(a.amount), 0))
        from ${awards} a where a.organization_id = ${organizations.id} and a.status in ('publicity', 'final')`),
      contracts: jsonValue<{ status: "active" | "completed" | "terminated"; n: number; amount: number }[]>(sql`select coalesce(json_agg(json_build_object('status', x.status, 'n', x.n, 'amount', x.amount)), '[]'::json)
        from (select c.status, count(*) as n, sum(c.amount) as amount from ${contracts} c
              where c.organization_id = ${organizations.id} and c.status in ('active', 'completed', 'terminated') group by c.status) x`),
      evaluations: jsonList(
        {
          contractId: contracts.id,
          title: contracts.title,
          amount: contracts.amount,
          compositeScore: outcomeEvaluations.compositeScore,
          grade: outcomeEvaluations.grade,
          satisfactionResponses: outcomeEvaluations.satisfactionResponses,
          gradedAt: outcomeEvaluations.gradedAt,
        },
        sql`${outcomeEvaluations} join ${contracts} on ${contracts.id} = ${outcomeEvaluations.contractId}
          where ${contracts.organizationId} = ${organizations.id} and ${outcomeEvaluations.grade} is not null`,
        sql`${outcomeEvaluations.gradedAt} desc`,
      ),
      challengesUpheld: jsonList(
        { tenderId: tenders.id, tenderTitle: tenders.title, answeredAt: challenges.answeredAt, remedy: challenges.remedy },
        sql`${challenges} join ${awards} on ${awards.id} = ${challenges.awardId} join ${tenders} on ${tenders.id} = ${challenges.tenderId}
          where ${awards.organizationId} = ${organizations.id} and ${challenges.status} = 'upheld'`,
        sql`${challenges.answeredAt} desc`,
      ),
      proposedForAbnormalList: scalar<boolean>(sql`select exists (select 1 from ${creditProposals} p where p.organization_id = ${organizations.id} and p.status = 'proposed')`),
    })
    .from(organizations)
    .where(eq(organizations.id, sql.placeholder("organizationId")))
    .prepare("credit_record"),
);

/** The public credit record of one organization. */
export async function getCreditRecord(db: Queryable, organizationId: string) {
  if (!isUuid(organizationId)) notFound();
  const [org] = await creditRecordQuery(db, { organizationId });
  if (!org) notFound();
  const byStatus = (status: string) => org.contracts.find((r) => r.status === status);
  return {
    organizationId,
    tendersBid: org.tendersBid,
    tendersWon: Number(org.won.n),
    amountWon: Number(org.won.amount),
    contracts: org.contracts.reduce((sum, r) => sum + Number(r.n), 0),
    contractAmount: org.contracts.filter((r) => r.status !== "terminated").reduce((sum, r) => sum + Number(r.amount), 0),
    projectsCompleted: Number(byStatus("completed")?.n ?? 0),
    amountCompleted: Number(byStatus("completed")?.amount ?? 0),
    projectsTerminated: Number(byStatus("terminated")?.n ?? 0),
    evaluations: org.evaluations.map((g) => ({
      ...g,
      compositeScore: g.compositeScore ?? 0,
      grade: g.grade!,
      lowConfidence: g.satisfactionResponses !== null && g.satisfactionResponses < LOW_CONFIDENCE_RESPONSES,
    })),
    challengesUpheld: org.challengesUpheld,
    creditStatus: org.creditStatus,
    creditReason: org.creditReason,
    creditChangedAt: org.creditChangedAt,
    proposedForAbnormalList: org.proposedForAbnormalList,
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
