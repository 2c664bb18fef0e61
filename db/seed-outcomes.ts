/**
 * The outcome part of the demo (issue 6, DESIGN §4.8–4.9): earlier 2026 金水区 projects run their
 * whole course — need, tender (competitive consultation, three bids), committee, award,
 * contract, three milestones — and are then evaluated, so that every grade can be seen:
 *
 * - 安园 “长者饭堂”: 优秀, final tranche paid, project completed;
 * - 和谐家园 “儿童之家”: 良好, completed, with the agency's written response;
 * - 暖程 “助残康复”: 合格 on 22 survey answers (low confidence), completed;
 * - 邻里互助协会 “楼院议事” and “社区志愿服务站”: 不合格 twice, the final tranches stay locked,
 *   and the association is proposed for the abnormal list (a 金水区 officer decides on /bureau/credit);
 * - 心远 “邻里守望”: every milestone accepted, no evaluation commissioned yet: the final tranche
 *   waits for it (the e2e tests/e2e/outcomes.test.ts commissions and grades it).
 *
 * And one project in force is being evaluated: 安园's venture project “银龄守望” (contracts seed)
 * has its evaluation commissioned, a site visit and draft scores, and 丰乐社区's tokens half answered.
 *
 * Everything goes through the domain commands with a `now` in the past for each step, and every
 * input passes the schema of its form. Survey answers are stored through the surveys module's
 * batch internals (what the answer page does, without an HTTP request each). Only the times of
 * budget movements and need postings, which those modules stamp with the real clock, are set
 * afterwards.
 */
import { and, asc, eq, gt } from "drizzle-orm";
import { loadGrants } from "~/modules/auth/auth.server";
import type { SessionUser } from "~/modules/auth/permissions";
import { confirmAwardSchema } from "~/modules/awards/awards-schema";
import { confirmAward, settleAward } from "~/modules/awards/awards.server";
import { toCommitteeMethod } from "~/modules/bid-evaluation/committee-rules";
import { committeeSchema, declarationSchema, scoreSheetSchema } from "~/modules/bid-evaluation/evaluation-schema";
import { committeeCandidates, declareConflicts, formCommittee, saveScoreSheet } from "~/modules/bid-evaluation/evaluation.server";
import { bidSchema } from "~/modules/bids/bids-schema";
import { openBids, submitBid } from "~/modules/bids/bids.server";
import { budgetLineSchema } from "~/modules/budgets/budgets-schema";
import { createBudgetLine } from "~/modules/budgets/budgets.server";
import { fenToYuanString } from "~/modules/budgets/money";
import { shanghaiToday } from "~/modules/calendar/working-days";
import type { ContractContent } from "~/modules/contracts/contract-content";
import { generateContractSchema, signContractSchema } from "~/modules/contracts/contracts-schema";
import { generateContract, signContract } from "~/modules/contracts/contracts.server";
import { confirmationSchema, progressReportSchema } from "~/modules/contracts/progress-schema";
import { acceptMilestone, confirmService, saveProgressReport } from "~/modules/contracts/progress.server";
import { needSchema } from "~/modules/needs/needs-schema";
import { postNeed, reviewNeed } from "~/modules/needs/needs.server";
import { GRADE_CODE_OF, type GradeZh } from "~/modules/outcomes/composite";
import { listIndicators } from "~/modules/outcomes/indicators.server";
import { commissionSchema, outcomeScoreSchema, purchaserScoreSchema, siteVisitSchema } from "~/modules/outcomes/outcomes-schema";
import { commissionEvaluation, recordSiteVisit, respondToEvaluation, saveOutcomeScores, scorePurchaser } from "~/modules/outcomes/outcomes.server";
import { paymentSchema } from "~/modules/payments/payments-schema";
import { recordPayment } from "~/modules/payments/payments.server";
import { issueTokens, storeAnswersInBatch } from "~/modules/surveys/surveys.server";
import type { TenderInput } from "~/modules/tenders/tenders-schema";
import { publishTender, saveDraft } from "~/modules/tenders/tenders.server";
import type { Tx } from "./client";
import { budgetMovements, contractMilestones, contracts, creditProposals, needs, outcomeEvaluations, paymentTranches, staff, surveyTokens, tenderCriteria, tenders, users } from "./schema";

const DAY_MS = 86_400_000;
const OFFICER = "bureau.jinshui";
const COMMITTEE = ["bureau2.jinshui", "expert1", "expert2"];
const EVALUATOR = "evaluator.demo";

type Agency = "anyuan" | "hexie" | "xinyuan" | "nuancheng" | "linli";

interface ProjectSpec {
  key: string;
  title: string;
  category: "elderly_care" | "children_youth" | "disability" | "governance_volunteering";
  community: "fengle" | "siyuetian" | "jinsha";
  need: { title: string; description: string; targetGroup: string; beneficiaries: number };
  description: string;
  ceilingYuan: number;
  /** Winner first; prices in yuan. */
  bids: Array<[Agency, number]>;
  /** Day offset (negative, from today) of publication; everything else follows it. */
  published: number;
  beneficiaries: [number, number];
  /** null: all milestones accepted, no evaluation yet. */
  outcome: null | {
    grade: GradeZh;
    /** Share of each indicator's points the evaluator gives (varied a little per indicator). */
    thirdParty: number;
    purchaser: string;
    purchaserReasons: string;
    tokens: number;
    responses: number;
    /** Mean answer (1-5) the residents give. */
    satisfaction: number;
    visit: { place: string; peopleMet: string; notes: string };
    response?: string;
  };
}

const PROJECTS: ProjectSpec[] = [
  {
    key: "elderMeals",
    title: "丰乐社区“长者饭堂”助餐服务项目",
    category: "elderly_care",
    community: "fengle",
    need: { title: "高龄独居老人午餐难", description: "入户走访发现辖区 80 岁以上独居老人 60 余人，午餐多为剩饭或方便食品，希望就近提供助餐和送餐。", targetGroup: "80 岁以上独居、空巢老人", beneficiaries: 60 },
    description: "在丰乐社区设立长者饭堂，为高龄独居老人提供每日午餐（行动不便者送餐上门），结合助餐开展健康监测和探访。服务期 4 个月。",
    ceilingYuan: 180_000,
    bids: [
      ["anyuan", 168_000],
      ["hexie", 175_000],
      ["nuancheng", 178_000],
    ],
    published: -330,
    beneficiaries: [1860, 2140],
    outcome: {
      grade: "优秀",
      thirdParty: 0.93,
      purchaser: "94",
      purchaserReasons: "四个月累计助餐 4000 人次，送餐及时率 98%，食品安全台账完整，无投诉；结余资金已按约定退回。",
      tokens: 86,
      responses: 64,
      satisfaction: 4.62,
      visit: { place: "丰乐社区长者饭堂", peopleMet: "社区书记、饭堂厨师、8 位就餐老人", notes: "午餐 11:30 准时开餐，菜品两荤两素，留样记录齐全；老人反映口味清淡合适，希望增加周末供餐。" },
    },
  },
  {
    key: "childrenHome",
    title: "四月天社区“儿童之家”课后托管项目",
    category: "children_youth",
    community: "siyuetian",
    need: { title: "双职工家庭孩子放学后无人看护", description: "议事会上家长反映，小学生放学到家长下班之间有两个多小时无人看护，希望社区提供课后托管和作业辅导。", targetGroup: "6-12 岁双职工家庭儿童", beneficiaries: 80 },
    description: "依托四月天社区儿童之家，为辖区小学生提供放学后托管、作业辅导、阅读和安全教育，寒暑假开设主题营。服务期 4 个月。",
    ceilingYuan: 160_000,
    bids: [
      ["hexie", 148_000],
      ["xinyuan", 152_000],
      ["anyuan", 158_000],
    ],
    published: -318,
    beneficiaries: [1420, 1630],
    outcome: {
      grade: "良好",
      thirdParty: 0.84,
      purchaser: "86",
      purchaserReasons: "托管服务按计划开展，家长满意度较高；个别月份志愿者到岗不足，作业辅导师生比偏高。",
      tokens: 60,
      responses: 41,
      satisfaction: 4.32,
      visit: { place: "四月天社区儿童之家", peopleMet: "社区儿童主任、2 名社工、5 位家长", notes: "托管秩序良好，签到签退规范；作业辅导区人数偏多，建议增加志愿者。" },
      response: "感谢评估组的意见。我们已与附近高校签订志愿服务协议，新增 6 名稳定的作业辅导志愿者，下一期将把师生比控制在 1:8 以内。",
    },
  },
  {
    key: "rehab",
    title: "金沙社区残疾人居家康复服务项目",
    category: "disability",
    community: "jinsha",
    need: { title: "残疾人居家康复训练缺少指导", description: "网格员反映辖区肢体残疾人 30 余人，出院后居家康复缺少专业指导，家属不会做康复训练。", targetGroup: "持证肢体残疾人及其家属", beneficiaries: 30 },
    description: "为金沙社区持证肢体残疾人提供上门康复评估、居家康复训练指导和家属照护培训，链接辅具适配。服务期 4 个月。",
    ceilingYuan: 120_000,
    bids: [
      ["nuancheng", 112_000],
      ["anyuan", 116_000],
      ["hexie", 119_000],
    ],
    published: -306,
    beneficiaries: [310, 360],
    outcome: {
      grade: "合格",
      thirdParty: 0.72,
      purchaser: "70",
      purchaserReasons: "上门康复指导基本按计划完成，但康复评估记录不完整，辅具适配进度滞后。",
      tokens: 30,
      responses: 22,
      satisfaction: 3.95,
      visit: { place: "金沙社区 3 户残疾人家庭", peopleMet: "3 位服务对象及家属、项目康复师", notes: "康复训练方法家属基本掌握；2 户的康复评估表缺少复评记录。" },
    },
  },
  {
    key: "deliberation",
    title: "丰乐社区“楼院议事”社区治理项目",
    category: "governance_volunteering",
    community: "fengle",
    need: { title: "老旧楼院公共事务无人牵头", description: "老旧小区楼院的停车、绿化、楼道堆物等问题长期无人协调，居民希望建立楼院议事机制。", targetGroup: "老旧小区居民", beneficiaries: 200 },
    description: "在丰乐社区 6 个老旧楼院培育楼院议事会，协助居民协商解决公共事务，培养楼门长骨干。服务期 4 个月。",
    ceilingYuan: 100_000,
    bids: [
      ["linli", 92_000],
      ["hexie", 96_000],
      ["xinyuan", 99_000],
    ],
    published: -294,
    beneficiaries: [240, 210],
    outcome: {
      grade: "不合格",
      thirdParty: 0.55,
      purchaser: "56",
      purchaserReasons: "计划的 6 个楼院议事会只成立 2 个，议事记录缺失，项目负责人两次更换未报备。",
      tokens: 30,
      responses: 18,
      satisfaction: 3.15,
      visit: { place: "丰乐社区 2 号、5 号楼院", peopleMet: "2 位楼门长、6 位居民", notes: "多数居民不知道议事会；已成立的议事会仅开过一次会。" },
      response: "项目执行期间核心社工离职，交接不到位，我们接受评估结论并已调整项目团队。",
    },
  },
  {
    key: "volunteers",
    title: "四月天社区志愿服务站运营项目",
    category: "governance_volunteering",
    community: "siyuetian",
    need: { title: "志愿者队伍松散、活动难以持续", description: "社区登记志愿者 300 余人但活跃的不到 20 人，希望有专业机构运营志愿服务站、建立积分激励。", targetGroup: "社区志愿者和居民", beneficiaries: 300 },
    description: "运营四月天社区志愿服务站，建立志愿者招募、培训、积分和表彰机制，每月开展主题志愿服务。服务期 4 个月。",
    ceilingYuan: 90_000,
    bids: [
      ["linli", 84_000],
      ["nuancheng", 87_000],
      ["anyuan", 89_000],
    ],
    published: -282,
    beneficiaries: [260, 230],
    outcome: {
      grade: "不合格",
      thirdParty: 0.5,
      purchaser: "52",
      purchaserReasons: "志愿服务站开放时间不足承诺的一半，积分制度未落地，活动照片与签到记录对不上。",
      tokens: 50,
      responses: 33,
      satisfaction: 2.95,
      visit: { place: "四月天社区志愿服务站", peopleMet: "社区副主任、4 名志愿者", notes: "工作日下午服务站未开门；志愿者表示积分兑换从未兑现。" },
    },
  },
  {
    key: "neighbourWatch",
    title: "丰乐社区“邻里守望”独居老人关爱项目",
    category: "elderly_care",
    community: "fengle",
    need: { title: "独居老人突发情况无人知晓", description: "社区近两年发生两起独居老人在家摔倒多日无人发现的情况，希望建立邻里守望和定期问安。", targetGroup: "独居老人", beneficiaries: 50 },
    description: "为丰乐社区独居老人建立“一老一邻”守望结对，每日问安、每周探访，配置紧急呼叫卡。服务期 4 个月。",
    ceilingYuan: 110_000,
    bids: [
      ["xinyuan", 102_000],
      ["anyuan", 106_000],
      ["hexie", 109_000],
    ],
    published: -250,
    beneficiaries: [620, 700],
    outcome: null,
  },
];

const CATEGORY_CRITERIA = [
  { name: "服务方案", description: "需求分析、服务内容、进度安排与预期成效的针对性和可行性", maxPoints: 50 },
  { name: "团队与经验", description: "持证社工配置、督导安排、近三年同类项目经验", maxPoints: 30 },
];

const TRANCHES = [
  { milestone: "合同签订后", percentage: 30 },
  { milestone: "中期评估合格后", percentage: 40 },
  { milestone: "末期绩效评估合格后", percentage: 30 },
];

/** A small deterministic generator, so the demo is the same on every run. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** One resident's four answers around `mean` (1-5). */
function answersAround(mean: number, next: () => number): ("1" | "2" | "3" | "4" | "5")[] {
  return [0, 1, 2, 3].map(() => {
    const value = Math.min(5, Math.max(1, Math.round(mean + (next() - 0.5) * 2.2)));
    return String(value) as "1" | "2" | "3" | "4" | "5";
  });
}

export interface OutcomesSeedContext {
  now: Date;
  userIds: Record<string, string>;
  /** Contract ids of the contracts seed, by agency. */
  contracts: Record<string, string>;
}

export async function seedOutcomes(tx: Tx, ctx: OutcomesSeedContext) {
  const { now, userIds } = ctx;
  const sessionUsers = new Map<string, SessionUser>();
  const actor = async (username: string): Promise<SessionUser> => {
    const cached = sessionUsers.get(username);
    if (cached) return cached;
    const id = userIds[username];
    if (!id) throw new Error(`demo outcomes: unknown user ${username}`);
    const [row] = await tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, id)).limit(1);
    const user: SessionUser = { id, username, displayName: row.displayName, grants: await loadGrants(tx, id) };
    sessionUsers.set(username, user);
    return user;
  };
  const midnight = Date.parse(`${shanghaiToday(now)}T00:00:00+08:00`);
  const at = (day: number, time = "10:00") => {
    const [h, m] = time.split(":").map(Number);
    return new Date(midnight + day * DAY_MS + (h * 60 + m) * 60_000);
  };
  const dayOf = (when: Date) => shanghaiToday(when);
  const officer = await actor(OFFICER);
  const evaluator = await actor(EVALUATOR);
  const evaluatorOrganizationId = evaluator.grants.find((g) => g.role === "evaluator")!.organizationId!;
  const counts = { outcomeEvaluations: 0, surveyResponses: 0 };

  // Budget movements and postings are stamped by the database clock: give them their step's time.
  const seededAfter = new Date(Date.now() - 3_600_000);
  const stamp = async (subjectId: string, when: Date) => {
    await tx
      .update(budgetMovements)
      .set({ at: when })
      .where(and(eq(budgetMovements.subjectId, subjectId), gt(budgetMovements.at, seededAfter)));
  };

  const line = await createBudgetLine(
    tx,
    officer,
    budgetLineSchema.parse({ fiscalYear: "2026", fundSource: "welfare_lottery", name: "2026年福彩公益金·社区服务项目（上半年）", amount: "900000" }),
  );

  for (const spec of PROJECTS) {
    const fail = (message: string): never => {
      throw new Error(`demo outcome project ${spec.key}: ${message}`);
    };
    const p = spec.published;
    const communityStaff = await actor(`community.${spec.community}`);
    const communityGrant = communityStaff.grants.find((g) => g.role === "community")!;
    const communityId = communityGrant.communityId!;

    // The need, accepted into the pool.
    const need = await postNeed(
      tx,
      communityStaff,
      needSchema.parse({
        title: spec.need.title,
        description: spec.need.description,
        category: spec.category,
        targetGroup: spec.need.targetGroup,
        beneficiariesEstimate: String(spec.need.beneficiaries),
        suggestedBudget: String(spec.ceilingYuan),
        urgency: "normal",
        channel: "visit",
        gridId: "",
      }),
      { as: "community" },
    );
    await reviewNeed(tx, officer, need.id, { decision: "accept" });
    await tx.update(needs).set({ createdAt: at(p - 20), reviewedAt: at(p - 15, "15:00") }).where(eq(needs.id, need.id));

    // The tender: a 4-month competitive consultation.
    const input: TenderInput = {
      title: spec.title,
      description: spec.description,
      category: spec.category,
      method: "competitive_consultation",
      theme: undefined,
      ceilingPrice: spec.ceilingYuan * 100,
      budgetLineId: line.id,
      servicePeriodMonths: 4,
      recurringService: false,
      eligibility: "依法登记的社会组织，未被列入活动异常名录或严重违法失信名单；具有 2 名以上持证社会工作者。",
      pricePoints: 20,
      criteria: CATEGORY_CRITERIA,
      weightPurchaser: 30,
      weightThirdParty: 40,
      weightSatisfaction: 30,
      tranches: TRANCHES,
      enquiryDeadline: at(p + 6, "17:00"),
      bidDeadline: at(p + 12, "09:30"),
      needIds: [need.id],
      communityIds: [communityId],
      contactName: "孙立新",
      contactPhone: "0371-65951826",
    };
    const draft = await saveDraft(tx, officer, input);
    await publishTender(tx, officer, draft.id, at(p, "09:00"));
    await tx.update(tenders).set({ createdAt: at(p - 3), updatedAt: at(p, "09:00") }).where(eq(tenders.id, draft.id));
    await stamp(draft.id, at(p, "09:00"));
    const [tender] = await tx.select().from(tenders).where(eq(tenders.id, draft.id));

    // Three bids; the winner's is the lowest price and the best plan.
    const bidOf = new Map<Agency, string>();
    for (const [i, [agency, priceYuan]] of spec.bids.entries()) {
      const bidder = await actor(`agency.${agency}`);
      const organizationId = bidder.grants.find((g) => g.role === "agency")!.organizationId!;
      const team = await tx.select({ id: staff.id }).from(staff).where(eq(staff.organizationId, organizationId)).orderBy(asc(staff.name)).limit(2);
      const price = priceYuan * 100;
      const people = Math.round((price * 0.6) / 100) * 100;
      const bid = await submitBid(
        tx,
        bidder,
        tender.id,
        bidSchema.parse({
          proposalTitle: "",
          price: fenToYuanString(price),
          servicePlan: `${spec.description}\n本机构方案：组建专职项目团队，按月制定服务计划，建立服务台账和回访制度。`,
          activities: "需求评估、个案服务、小组活动、社区活动、志愿者培育",
          beneficiaries: String(spec.beneficiaries[0] + spec.beneficiaries[1] - i * 100),
          sessions: String(6 + i),
          volunteerHours: String(600 - i * 50),
          teamStaffIds: team.map((s) => s.id),
          budget: [
            { item: "人员经费", amount: fenToYuanString(people) },
            { item: "活动经费", amount: fenToYuanString(price - people) },
          ],
        }),
        at(p + 3 + i, "14:00"),
      );
      bidOf.set(agency, bid.id);
    }
    const opening = await openBids(tx, officer, tender.id, at(p + 12, "10:00"));
    if (opening.outcome !== "proceed") fail(`opening gave ${opening.outcome}`);

    // The committee: the bureau's representative and two experts; nobody is conflicted.
    const candidates = await committeeCandidates(tx, tender.bureauId);
    const memberIds = await Promise.all(COMMITTEE.map(async (u) => (await actor(u)).id));
    const committee = committeeSchema({ method: toCommitteeMethod(tender.method), ceilingFen: tender.ceilingPrice, expertIds: candidates.filter((c) => c.isExpert).map((c) => c.userId) }).parse({ memberIds });
    await formCommittee(tx, officer, tender.id, committee, at(p + 12, "14:00"));
    const organizationIds = await Promise.all(spec.bids.map(async ([agency]) => (await actor(`agency.${agency}`)).grants.find((g) => g.role === "agency")!.organizationId!));
    const criteria = await tx.select().from(tenderCriteria).where(eq(tenderCriteria.tenderId, tender.id)).orderBy(asc(tenderCriteria.position));
    let completed = false;
    // Every member declares before anyone sees a bid.
    for (const [m, username] of COMMITTEE.entries()) {
      await declareConflicts(tx, await actor(username), tender.id, declarationSchema.parse({ declarations: organizationIds.map((organizationId) => ({ organizationId, conflict: "no", note: "" })) }), at(p + 12, `15:${10 + m * 5}`));
    }
    for (const [m, username] of COMMITTEE.entries()) {
      const member = await actor(username);
      for (const [b, [agency]] of spec.bids.entries()) {
        const sheet = scoreSheetSchema(criteria.map((c) => c.maxPoints)).parse({
          final: true,
          scores: criteria.map((c) => ({
            criterionId: c.id,
            points: String(Math.round(c.maxPoints * (0.9 - b * 0.08 - m * 0.01) * 100) / 100),
            justification: b === 0 ? "方案针对性强，团队配置完整，同类项目经验丰富。" : "方案基本可行，但服务指标和人员安排不如第一名具体。",
          })),
        });
        const saved = await saveScoreSheet(tx, member, tender.id, bidOf.get(agency)!, sheet, at(p + 13, `${9 + m}:${10 + b * 15}`));
        completed ||= saved.completed;
      }
    }
    if (!completed) fail("the committee did not finish scoring");

    // The award to the first-ranked, final once the challenge window has passed.
    const winner = spec.bids[0][0];
    const { awards: confirmed } = await confirmAward(tx, officer, tender.id, confirmAwardSchema.parse({ bidId: bidOf.get(winner)! }), at(p + 14, "10:00"));
    await stamp(tender.id, at(p + 14, "10:00"));
    const settledAt = new Date(Date.parse(`${confirmed[0].challengeDeadline}T09:00:00+08:00`) + DAY_MS);
    if (!(await settleAward(tx, tender.id, settledAt))) fail("the award did not become final");
    const s = Math.round((settledAt.getTime() - midnight) / DAY_MS);

    // The contract, signed by both, service from the week after.
    const agencyOwner = await actor(`agency.${winner}`);
    const contract = await generateContract(tx, officer, generateContractSchema.parse({ awardId: confirmed[0].id, serviceStartOn: dayOf(at(s + 7)) }), at(s + 1, "10:00"));
    await signContract(tx, agencyOwner, contract.id, signContractSchema.parse({ version: "1" }), at(s + 2, "09:30"));
    await signContract(tx, officer, contract.id, signContractSchema.parse({ version: "1" }), at(s + 3, "15:00"));
    const [row] = await tx.select().from(contracts).where(eq(contracts.id, contract.id));
    const content = row.content as ContractContent;
    const start = s + 7;
    const end = Math.round((Date.parse(`${row.serviceEndOn}T00:00:00+08:00`) - midnight) / DAY_MS);
    const milestones = await tx.select().from(contractMilestones).where(eq(contractMilestones.contractId, contract.id)).orderBy(asc(contractMilestones.position));
    const tranches = await tx.select().from(paymentTranches).where(eq(paymentTranches.contractId, contract.id)).orderBy(asc(paymentTranches.position));
    const pay = async (position: number, day: number, reference: string) => {
      const when = at(day, "10:30");
      await recordPayment(tx, officer, paymentSchema.parse({ trancheId: tranches[position].id, paidOn: dayOf(when), amount: fenToYuanString(tranches[position].amount), reference }), when);
      await stamp(tender.id, when);
    };
    await pay(0, s + 5, `JSCZ2026${String(4 - p).padStart(4, "0")}01`);

    // Mid-term and final reports, confirmed by the community and accepted.
    const report = async (position: 1 | 2, from: number, to: number, beneficiaries: number, submitted: number) => {
      const input = progressReportSchema.parse({
        intent: "submit",
        periodStart: dayOf(at(from)),
        periodEnd: dayOf(at(to)),
        activities: [
          { date: dayOf(at(from + 3)), title: position === 1 ? "项目启动与需求评估" : "阶段总结与服务对象回访", place: `${communityGrant.communityName}党群服务中心`, participants: "40" },
          { date: dayOf(at(from + 20)), title: "主题服务活动", place: `${communityGrant.communityName}活动室`, participants: "35" },
          { date: dayOf(at(to - 5)), title: "个案跟进与入户服务", place: `${communityGrant.communityName}各楼院`, participants: "18" },
        ],
        beneficiaries: String(beneficiaries),
        volunteerHours: String(position === 1 ? 260 : 310),
        spending: content.budget.map((b) => ({ line: b.item, amount: fenToYuanString(Math.round((b.amount * (position === 1 ? 45 : 50)) / 100)) })),
        narrative: position === 1 ? "本期完成需求评估和服务对象建档，各项活动按计划开展。" : "本期完成全部服务计划，服务对象回访和结项资料整理完毕。",
      });
      const milestone = milestones[position];
      await saveProgressReport(tx, agencyOwner, milestone.id, input, [], at(submitted, "16:00"));
      await confirmService(tx, communityStaff, milestone.id, confirmationSchema.parse({ status: "confirmed", note: "" }), at(submitted + 1, "09:30"));
      await acceptMilestone(tx, officer, milestone.id, at(submitted + 2, "11:00"));
    };
    const middle = start + Math.floor((end - start) / 2);
    await report(1, start, middle, spec.beneficiaries[0], middle + 1);
    await pay(1, middle + 5, `JSCZ2026${String(4 - p).padStart(4, "0")}02`);
    await report(2, middle + 1, end, spec.beneficiaries[1], end + 1);

    const outcome = spec.outcome;
    if (!outcome) continue;

    // The evaluation: commissioned near the end, a site visit, tokens handed out, the evaluator's scores.
    const evaluation = await commissionEvaluation(tx, officer, contract.id, commissionSchema.parse({ evaluatorOrganizationId, dueOn: dayOf(at(end + 25)) }), at(end - 10, "10:00"));
    counts.outcomeEvaluations += 1;
    await recordSiteVisit(tx, evaluator, evaluation.id, siteVisitSchema.parse({ visitedOn: dayOf(at(end - 3)), ...outcome.visit, photos: undefined }), [], at(end - 3, "17:00"));
    await issueTokens(tx, communityStaff, contract.id, { count: outcome.tokens }, at(end - 8, "09:00"));
    const codes = await tx.select({ code: surveyTokens.code }).from(surveyTokens).where(eq(surveyTokens.contractId, contract.id)).orderBy(asc(surveyTokens.code));
    const next = generator(spec.key.length * 7919 + outcome.tokens);
    const answers = codes.slice(0, outcome.responses).map(({ code }, i) => ({
      code,
      input: { answers: answersAround(outcome.satisfaction, next), comment: i % 9 === 0 ? (outcome.satisfaction >= 4 ? "服务很贴心，希望项目能继续做下去。" : "活动太少了，很多时候找不到人。") : undefined },
    }));
    // Answers come in over the following week, a batch a day.
    for (let d = 0; d < 7; d += 1) {
      const batch = answers.filter((_, i) => i % 7 === d);
      if (batch.length) await storeAnswersInBatch(tx, batch, at(end - 7 + d, "19:00"));
    }
    counts.surveyResponses += answers.length;
    const indicators = await listIndicators(tx, tender.id);
    const sheet = outcomeScoreSchema(indicators.map((i) => i.maxPoints)).parse({
      final: true,
      scores: indicators.map((indicator, i) => {
        const share = Math.min(1, Math.max(0, outcome.thirdParty + ((i % 3) - 1) * 0.04));
        return {
          indicatorId: indicator.id,
          score: String(Math.round(indicator.maxPoints * share * 100) / 100),
          justification: `${indicator.name}：${share >= 0.85 ? "达到或超过合同要求" : share >= 0.65 ? "基本达到要求，个别环节有欠缺" : "未达到合同要求"}，依据进度报告、服务台账和实地走访核实。`,
          evidence: "进度报告、服务台账、走访记录",
        };
      }),
    });
    await saveOutcomeScores(tx, evaluator, evaluation.id, sheet, at(end + 4, "16:00"));
    if (outcome.response) await respondToEvaluation(tx, agencyOwner, evaluation.id, outcome.response, at(end + 6, "10:00"));

    // The purchaser's score closes the review; the grade decides the final tranche.
    await scorePurchaser(tx, officer, contract.id, purchaserScoreSchema.parse({ score: outcome.purchaser, reasons: outcome.purchaserReasons }), at(end + 8, "15:00"));
    const [graded] = await tx.select().from(outcomeEvaluations).where(eq(outcomeEvaluations.id, evaluation.id));
    if (graded.grade !== GRADE_CODE_OF[outcome.grade]) fail(`graded ${graded.grade} (${graded.compositeScore}), expected ${outcome.grade}`);
    if (outcome.grade !== "不合格") await pay(2, end + 12, `JSCZ2026${String(4 - p).padStart(4, "0")}03`);
  }

  await seedEvaluationInProgress(tx, ctx, { actor, at, evaluatorOrganizationId, officer, evaluator });
  // Two 不合格 within 3 years: the association must now be proposed for the abnormal list.
  const linli = (await actor("agency.linli")).grants.find((g) => g.role === "agency")!.organizationId!;
  const [proposal] = await tx.select({ id: creditProposals.id }).from(creditProposals).where(and(eq(creditProposals.organizationId, linli), eq(creditProposals.status, "proposed")));
  if (!proposal) throw new Error("demo outcomes: agency.linli was not proposed for the abnormal list");
  return counts;
}

/**
 * 安园's venture project “银龄守望” (in force, mid-term accepted): its evaluation commissioned two
 * weeks ago, a site visit and half-done draft scores; 丰乐社区 handed out 40 tokens, 17 answered.
 */
async function seedEvaluationInProgress(
  tx: Tx,
  ctx: OutcomesSeedContext,
  h: { actor: (u: string) => Promise<SessionUser>; at: (day: number, time?: string) => Date; evaluatorOrganizationId: string; officer: SessionUser; evaluator: SessionUser },
) {
  const contractId = ctx.contracts.anyuan;
  if (!contractId) throw new Error("demo outcomes: the contracts seed has no project of agency.anyuan");
  const [contract] = await tx.select().from(contracts).where(eq(contracts.id, contractId));
  const evaluation = await commissionEvaluation(tx, h.officer, contractId, commissionSchema.parse({ evaluatorOrganizationId: h.evaluatorOrganizationId, dueOn: shanghaiToday(h.at(30)) }), h.at(-14, "10:00"));
  await recordSiteVisit(
    tx,
    h.evaluator,
    evaluation.id,
    siteVisitSchema.parse({ visitedOn: shanghaiToday(h.at(-6)), place: "丰乐社区、四月天社区结对老人家中", peopleMet: "4 位结对老人、2 名低龄老人志愿者", notes: "结对探访记录与老人描述一致；一户老人的紧急联系人电话已失效，已提醒社工更新。", photos: undefined }),
    [],
    h.at(-6, "17:30"),
  );
  const indicators = await listIndicators(tx, contract.tenderId);
  await saveOutcomeScores(
    tx,
    h.evaluator,
    evaluation.id,
    outcomeScoreSchema(indicators.map((i) => i.maxPoints)).parse({
      final: false,
      scores: indicators.map((indicator, i) =>
        i < 4 ? { indicatorId: indicator.id, score: String(indicator.maxPoints - 1), justification: "团队按投标承诺到岗，台账规范。", evidence: "人员花名册、服务台账" } : { indicatorId: indicator.id, score: "", justification: "", evidence: "" },
      ),
    }),
    h.at(-5, "16:00"),
  );
  const fengle = await h.actor("community.fengle");
  await issueTokens(tx, fengle, contractId, { count: 40 }, h.at(-10, "09:00"));
  const codes = await tx.select({ code: surveyTokens.code }).from(surveyTokens).where(eq(surveyTokens.contractId, contractId)).orderBy(asc(surveyTokens.code));
  const next = generator(4242);
  const answers = codes.slice(0, 17).map(({ code }) => ({ code, input: { answers: answersAround(4.4, next) } }));
  await storeAnswersInBatch(tx, answers.slice(0, 9), h.at(-9, "19:00"));
  await storeAnswersInBatch(tx, answers.slice(9), h.at(-4, "19:00"));
}
