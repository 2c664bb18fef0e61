/**
 * Builders of contract scenarios for integration tests (issue 5): a 金水区 tender taken through
 * bids, opening, ranking, award and the challenge window to a final award, then the contract
 * generated and signed by both parties — each step through the modules, with past `now` values
 * relative to the real clock, so that pages read with today's date see an active contract.
 *
 * The committee's ranking is written directly (evaluation_results and the tender set to
 * "recommended"), as tests/integration/awards.test.ts does: scoring is not what these tests are about.
 *
 *   const c = await givenActiveContract();
 *   await recordPayment(db, c.officer, c.tranches[0].id, { paidOn, amount: c.tranches[0].amount, reference: "…" });
 */
import { asc, eq } from "drizzle-orm";
import { db, type Queryable } from "#db/client";
import { awards, contractMilestones, contracts, evaluationResults, paymentTranches, tenders } from "#db/schema";
import type { SessionUser } from "~/modules/auth/permissions";
import { confirmAward, settleAward } from "~/modules/awards/awards.server";
import { openBids } from "~/modules/bids/bids.server";
import { shanghaiToday } from "~/modules/calendar/working-days";
import type { ContractContent } from "~/modules/contracts/contract-content";
import { addDays } from "~/modules/contracts/contract-rules";
import { generateContract, signContract } from "~/modules/contracts/contracts.server";
import type { ProgressReportInput } from "~/modules/contracts/progress-schema";
import { acceptMilestone, confirmService, saveProgressReport } from "~/modules/contracts/progress.server";
import { regionId, sessionUsers } from "./demo";
import { type DemoAgency, DAY, plus, publishedTender, purchaser, submittedBids, YUAN } from "./procurement";

export interface ContractSpec {
  /** Bid prices in yuan; the first agency listed wins. Default: anyuan 250,000, hexie 270,000, xinyuan 290,000. */
  prices?: Partial<Record<DemoAgency, number>>;
  /** The tender's payment plan. Default 30/40/30: 合同签订, 中期验收, 绩效评估. */
  tranches?: { milestone: string; percentage: number }[];
  /** Extra 金水区 service communities besides 丰乐社区 (names, e.g. "四月天社区"). */
  moreCommunities?: string[];
  /** When the award was confirmed; everything else follows it. Default: 50 days ago. */
  confirmedAt?: Date;
}

export interface GivenContract {
  contractId: string;
  tenderId: string;
  awardId: string;
  bidId: string;
  organizationId: string;
  budgetLineId: string;
  /** Contract amount in fen. */
  amount: number;
  /** The bureau officer of 金水区 (bureau.jinshui). */
  officer: SessionUser;
  /** Owner of the winning organization (agency.anyuan unless told). */
  agencyOwner: SessionUser;
  /** Staff of 丰乐社区, a service community. */
  communityStaff: SessionUser;
  communityId: string;
  /** Milestones and tranches in plan order (position 0 = on signing). */
  milestones: { id: string; position: number; name: string; needsReport: boolean }[];
  tranches: { id: string; position: number; amount: number; isFinal: boolean; milestoneId: string }[];
  /** When the contract was generated and signed (active contracts). */
  generatedAt: Date;
  signedAt: Date | null;
}

const DEFAULT_PRICES: Partial<Record<DemoAgency, number>> = { anyuan: 250_000, hexie: 270_000, xinyuan: 290_000 };

/**
 * A final award on a fresh 金水区 tender: published 90 days before the award, bid on, opened,
 * ranked in the order of `prices`, confirmed, and settled the morning after its challenge deadline.
 */
export async function givenFinalAward(spec: ContractSpec = {}) {
  const prices = spec.prices ?? DEFAULT_PRICES;
  const confirmedAt = spec.confirmedAt ?? new Date(Date.now() - 50 * DAY);
  const openedAt = plus(confirmedAt, -10);
  const publishedAt = plus(openedAt, -31);
  const ceilingYuan = Math.max(...Object.values(prices).map(Number), 300_000);
  const buyer = await purchaser("jinshui", ceilingYuan * 2);
  const extra = await Promise.all((spec.moreCommunities ?? []).map((name) => regionId(name)));
  const tender = await publishedTender(buyer, {
    ceilingPrice: ceilingYuan * YUAN,
    publishedAt,
    communityIds: [buyer.communityId, ...extra],
    ...(spec.tranches ? { tranches: spec.tranches } : {}),
  });
  const { bidOf, organizationOf } = await submittedBids(tender.id, prices, plus(publishedAt, 1));
  await openBids(db, buyer.officer, tender.id, openedAt);
  const order = Object.keys(prices) as DemoAgency[];
  await db.insert(evaluationResults).values(
    order.map((key, i) => ({
      tenderId: tender.id,
      bidId: bidOf[key],
      priceScore: "30.00",
      total: (90 - i * 5).toFixed(2),
      rank: i + 1,
      recommended: i < 3,
      funded: null,
      computedAt: plus(openedAt, 2),
    })),
  );
  await db.update(tenders).set({ status: "recommended" }).where(eq(tenders.id, tender.id));
  const winner = order[0];
  const { awards: confirmed } = await confirmAward(db, buyer.officer, tender.id, { bidId: bidOf[winner] }, confirmedAt);
  const award = confirmed[0];
  const settledAt = new Date(Date.parse(`${award.challengeDeadline}T09:00:00+08:00`) + DAY);
  if (!(await settleAward(db, tender.id, settledAt))) throw new Error("givenFinalAward: the award did not become final");
  const [agencyOwner] = await sessionUsers(`agency.${winner}`);
  const [final] = await db.select().from(awards).where(eq(awards.id, award.id));
  return { buyer, tenderId: tender.id, award: final, settledAt, agencyOwner, organizationId: organizationOf[winner], bidOf, organizationOf };
}

async function describeContract(database: Queryable, contractId: string) {
  const [milestones, tranches] = await Promise.all([
    database
      .select({ id: contractMilestones.id, position: contractMilestones.position, name: contractMilestones.name, needsReport: contractMilestones.needsReport })
      .from(contractMilestones)
      .where(eq(contractMilestones.contractId, contractId))
      .orderBy(asc(contractMilestones.position)),
    database
      .select({ id: paymentTranches.id, position: paymentTranches.position, amount: paymentTranches.amount, isFinal: paymentTranches.isFinal, milestoneId: paymentTranches.milestoneId })
      .from(paymentTranches)
      .where(eq(paymentTranches.contractId, contractId))
      .orderBy(asc(paymentTranches.position)),
  ]);
  return { milestones, tranches };
}

/** A contract generated from a fresh final award (draft: nobody has signed), its service starting the next day. */
export async function givenDraftContract(database: Queryable = db, spec: ContractSpec = {}): Promise<GivenContract> {
  const f = await givenFinalAward(spec);
  const generatedAt = new Date(f.settledAt.getTime() + 60 * 60_000);
  const contract = await generateContract(database, f.buyer.officer, { awardId: f.award.id, serviceStartOn: addDays(shanghaiToday(generatedAt), 1) }, generatedAt);
  const [communityStaff] = await sessionUsers("community.fengle");
  return {
    contractId: contract.id,
    tenderId: f.tenderId,
    awardId: f.award.id,
    bidId: f.award.bidId,
    organizationId: f.organizationId,
    budgetLineId: f.buyer.budgetLineId,
    amount: contract.amount,
    officer: f.buyer.officer,
    agencyOwner: f.agencyOwner,
    communityStaff,
    communityId: f.buyer.communityId,
    generatedAt,
    signedAt: null,
    ...(await describeContract(database, contract.id)),
  };
}

/**
 * A contract in force: generated from a fresh final award and signed by the agency's owner and
 * then the bureau's officer, about five weeks ago (with the default award date). Its first
 * tranche (on signing) is payable; the later milestones await their reports.
 */
export async function givenActiveContract(database: Queryable = db, spec: ContractSpec = {}): Promise<GivenContract> {
  const c = await givenDraftContract(database, spec);
  const agencySignedAt = plus(c.generatedAt, 1);
  const signedAt = plus(c.generatedAt, 2);
  await signContract(database, c.agencyOwner, c.contractId, { version: 1 }, agencySignedAt);
  const { active } = await signContract(database, c.officer, c.contractId, { version: 1 }, signedAt);
  if (!active) throw new Error("givenActiveContract: the contract did not become active");
  return { ...c, signedAt };
}

// ---------------------------------------------------------------------------------------------
// Progress: reports, confirmations, acceptance
// ---------------------------------------------------------------------------------------------

/**
 * A submitted report as a program would build it: the service period so far (from its start to
 * today), two activities, 160 person-times, 42.5 volunteer hours, spending on each line of the
 * bid's budget (a tenth of it).
 */
export async function reportInput(c: Pick<GivenContract, "contractId">, fields: Partial<ProgressReportInput> = {}): Promise<ProgressReportInput> {
  const [row] = await db.select().from(contracts).where(eq(contracts.id, c.contractId));
  const content = row.content as ContractContent;
  const today = shanghaiToday();
  const end = today < row.serviceEndOn ? today : row.serviceEndOn;
  return {
    intent: "submit",
    periodStart: row.serviceStartOn,
    periodEnd: end,
    activities: [
      { date: row.serviceStartOn, title: "助餐服务启动仪式", place: "丰乐社区党群服务中心", participants: 60 },
      { date: end, title: "独居老人入户探访", place: "丰乐社区各楼院", participants: 25 },
    ],
    beneficiaries: 160,
    volunteerHours: 42.5,
    spending: content.budget.map((b) => ({ line: b.item, amount: Math.floor(b.amount / 10) })),
    narrative: "本期按计划开展助餐、探访和健康讲座，服务对象反馈良好。",
    ...fields,
  };
}

/**
 * The milestone at `position` accepted: the agency submits its report, 丰乐社区's staff confirm,
 * the bureau accepts (so its tranche becomes payable). Only for contracts whose only service
 * community is 丰乐社区 (the default).
 */
export async function givenAcceptedMilestone(c: GivenContract, position: number) {
  const milestone = c.milestones.find((m) => m.position === position);
  if (!milestone) throw new Error(`no milestone at ${position}`);
  await saveProgressReport(db, c.agencyOwner, milestone.id, await reportInput(c));
  await confirmService(db, c.communityStaff, milestone.id, { status: "confirmed" });
  await acceptMilestone(db, c.officer, milestone.id);
  return milestone;
}
