/**
 * The procurement part of the demo (issue 3, DESIGN §4.1–4.3 and §9): budget lines for 2026 of
 * every bureau, needs in every state across the five districts with residents' support, and
 * tenders in every status the tender module can produce (draft, open, closed, cancelled, one
 * amended twice), with questions and answers. The tenders of the bids-to-award stage (issue 4)
 * are published here too; db/seed-evaluation.ts then takes them (and the open tenders' bids)
 * through opening, evaluation, award, publicity and challenges.
 *
 * Everything goes through the domain commands (postNeed, supportNeed, reviewNeed,
 * createBudgetLine, saveDraft, publishTender, amendTender, cancelTender, askQuestion,
 * answerQuestion) inside the seed's transaction, each command in its own savepoint: states,
 * budget reservations and audit entries are exactly what the application would have made.
 * Tenders of the past are published, amended and questioned with a `now` in the past, so the
 * deadline rules are checked against the time each step pretends to happen.
 *
 * Two things the commands cannot take are set afterwards (backdate): the creation and review
 * times of needs and supports, the creation time of tenders and lines, and the time of budget
 * movements, which the commands stamp with the real clock. Only timestamps change there; the
 * audit log keeps the real time at which the seed ran.
 *
 * Every demo input is checked against the same zod schemas the forms use (needSchema,
 * budgetLineSchema, tenderSchema) and every tender against the DESIGN §4.3 time rules relative
 * to its own publication time, so a demo tender can never break a rule the form would enforce.
 */
import { and, eq } from "drizzle-orm";
import { loadGrants } from "~/modules/auth/auth.server";
import type { SessionUser } from "~/modules/auth/permissions";
import { budgetLineSchema, type FundSource } from "~/modules/budgets/budgets-schema";
import { createBudgetLine } from "~/modules/budgets/budgets.server";
import { fenToYuanString } from "~/modules/budgets/money";
import type { NeedChannel } from "~/modules/needs/need-states";
import { needSchema, residentNeedSchema } from "~/modules/needs/needs-schema";
import { postNeed, reviewNeed, supportNeed } from "~/modules/needs/needs.server";
import type { ServiceCategory } from "~/modules/needs/service-categories";
import { deadlineAfterAmendment, isBidPeriodLongEnough, MIN_BID_PERIOD_DAYS, type ProcurementMethod } from "~/modules/tenders/tender-rules";
import { tenderSchema, toShanghaiInput, type TenderInput } from "~/modules/tenders/tenders-schema";
import { amendTender, answerQuestion, askQuestion, cancelTender, publishTender, saveDraft } from "~/modules/tenders/tenders.server";
import type { Tx } from "./client";
import { budgetLines, budgetMovements, needs, needSupports, tenders, users } from "./schema";
import type { DistrictKey, SeededRegions, SeededUsers } from "./seed-demo";
import { seedEvaluation, type SeededEvaluation } from "./seed-evaluation";
import { seedContracts, type SeededContracts } from "./seed-contracts";

const DAY_MS = 86_400_000;

export const DEMO_FISCAL_YEAR = 2026;

/** Titles of the demo tenders, for tests (ids are not stable; titles are unique). */
export const DEMO_TENDERS = {
  /** 公开招标, open for bids, 5 criteria, ¥1,200,000 over 12 months; one question still unanswered. */
  openElderCare: "金水区丰乐、四月天社区居家养老服务中心运营项目",
  /** 竞争性磋商, open for bids, ¥300,000 (二七区). */
  consultation: "二七区困境儿童课后托管与关爱服务项目",
  /** 公益创投, open for proposals, theme and a ¥500,000 pot, price points 10. */
  venture: "2026年金水区“一老一小”社区公益创投项目",
  /** 公开招标 published 30 days ago; the bid deadline passed 3 days ago (二七区, 26 posts, ¥1,300,000). */
  closed: "二七区社区社会工作服务岗位购买项目（26个岗位）",
  /** 竞争性磋商 cancelled with a published reason; its need is back in the pool. */
  cancelled: "金水区四月天社区残疾人康复与就业支持服务项目",
  /** 公开招标 with two amendments: one that left the deadline, a late one that moved it. */
  amended: "金水区社区心理健康服务站运营项目",
  /** 竞争性磋商 of 管城回族区 (bureau.guancheng), open for bids. */
  corrections: "管城回族区社区矫正对象帮教与社会适应服务项目",
  /** Never published (金水区). */
  draft: "金水区二孩家庭育儿支持服务项目",
  // The bids-to-award stage (db/seed-evaluation.ts). The open tenders above carry sealed bids too:
  // openElderCare 3, consultation 2, venture 2 proposals, amended 2 (安园's placed before the
  // amendment that moved the deadline and not confirmed since, 和谐家园's confirmed).
  /** 公开招标 of 中原区 (bureau.zhongyuan): 3 bids opened 4 days ago, no committee yet. */
  opened: "中原区友爱、秦岭社区居家养老上门服务项目",
  /**
   * 公开招标 of 金水区 being scored: committee of 5 (bureau2.jinshui + expert1–4; expert3 declared a
   * conflict with 和谐家园 and was replaced by expert5); some sheets submitted, some drafts.
   */
  scoring: "金水区困难家庭“社工+救助”综合帮扶服务项目",
  /** 竞争性磋商 of 二七区: all sheets in (bureau2.erqi, expert1, expert4), ranking computed, award not yet confirmed. */
  recommended: "二七区社区心理关爱与危机干预服务项目",
  /** 竞争性磋商 of 惠济区 with 2 valid responses (the bureau chose to go on), awarded yesterday: in publicity. */
  publicity: "惠济区英才社区“邻里守望”互助养老服务项目",
  /** 公开招标 of 管城回族区 awarded 9 days ago, with a challenge by the runner-up still pending. */
  challenged: "管城回族区“阳光家园”残疾人日间照料服务项目",
  /** 公开招标 of 中原区 awarded a month ago; a challenge was rejected; the award is final. */
  awarded: "中原区困境儿童关爱保护服务项目",
  /** 公开招标 of 二七区 with only 2 bids: unsuccessful (废标) at opening, reservation released. */
  unsuccessful: "二七区失能老人家庭照护者支持服务项目",
  /**
   * 公开招标 of 金水区 (bureau.jinshui, ¥450,000 on the general budget line), published 25 days ago;
   * the bid deadline passed 2 days ago with 3 sealed bids (安园, 和谐家园, 心远) and nobody has opened
   * them yet: the e2e (tests/e2e/bidding.test.ts) opens, evaluates and awards it.
   */
  readyToOpen: "金水区金沙、文博社区空巢老人关爱与居家安全服务项目",
  /**
   * 公益创投 of 金水区 on the 社会捐赠 line, published five months ago: five proposals funded and
   * final; the contracts stage (db/seed-contracts.ts) makes one contract of each.
   */
  ventureFunded: "金水区2026年“邻里守望”社区公益创投",
} as const;
export type DemoTenderKey = keyof typeof DEMO_TENDERS;

/** Names of the budget lines; every bureau has a general-budget line of this name. */
export const DEMO_BUDGET_LINES = {
  general_budget: `${DEMO_FISCAL_YEAR}年政府购买社会服务专项`,
  welfare_lottery: `${DEMO_FISCAL_YEAR}年福彩公益金社会福利项目`,
  higher_transfer: `${DEMO_FISCAL_YEAR}年省级社区服务体系建设补助`,
  donations: `${DEMO_FISCAL_YEAR}年慈善捐赠社区公益项目`,
} as const satisfies Record<FundSource, string>;

// ---------------------------------------------------------------------------------------------
// Budget lines
// ---------------------------------------------------------------------------------------------

interface BudgetLineSpec {
  key: string;
  bureau: DistrictKey;
  fundSource: FundSource;
  yuan: number;
}

const BUDGET_LINE_SPECS: BudgetLineSpec[] = [
  // Reserved by amended (600,000), openElderCare (1,200,000), scoring (450,000) and readyToOpen
  // (450,000): ¥300,000 stays available, and tests/e2e/procurement.test.ts publishes ¥200,000 on it.
  { key: "jinshui.general", bureau: "jinshui", fundSource: "general_budget", yuan: 3_000_000 },
  { key: "jinshui.lottery", bureau: "jinshui", fundSource: "welfare_lottery", yuan: 800_000 },
  { key: "jinshui.transfer", bureau: "jinshui", fundSource: "higher_transfer", yuan: 500_000 },
  // Funds ventureFunded (¥450,000 pot, ¥443,000 awarded to five proposals).
  { key: "jinshui.donations", bureau: "jinshui", fundSource: "donations", yuan: 500_000 },
  { key: "erqi.general", bureau: "erqi", fundSource: "general_budget", yuan: 2_000_000 },
  { key: "erqi.lottery", bureau: "erqi", fundSource: "welfare_lottery", yuan: 500_000 },
  { key: "guancheng.general", bureau: "guancheng", fundSource: "general_budget", yuan: 1_200_000 },
  { key: "guancheng.transfer", bureau: "guancheng", fundSource: "higher_transfer", yuan: 300_000 },
  { key: "zhongyuan.general", bureau: "zhongyuan", fundSource: "general_budget", yuan: 1_500_000 },
  { key: "zhongyuan.lottery", bureau: "zhongyuan", fundSource: "welfare_lottery", yuan: 400_000 },
  { key: "huiji.general", bureau: "huiji", fundSource: "general_budget", yuan: 1_000_000 },
  { key: "huiji.donations", bureau: "huiji", fundSource: "donations", yuan: 200_000 },
];

// ---------------------------------------------------------------------------------------------
// Needs
// ---------------------------------------------------------------------------------------------

interface NeedSpec {
  key: string;
  /** Username of the poster: community staff of the community, or a resident (居民线上). */
  by: string;
  title: string;
  description: string;
  category: ServiceCategory;
  targetGroup: string;
  beneficiaries: number;
  budgetYuan: number;
  urgency: "low" | "normal" | "high";
  /** Staff only; a resident always posts online. */
  channel?: Exclude<NeedChannel, "resident_online">;
  grid?: string;
  postedDaysAgo: number;
  review?: { decision: "accept" | "reject"; reason?: string; daysAgo: number };
  /** Residents of the need's community who support it (附议), in order. */
  supporters?: string[];
}

const ACCEPTED_NOTE = "符合本年度政府购买社会服务指导目录，纳入需求池统筹安排。";

const NEED_SPECS: NeedSpec[] = [
  // ---- 金水区 ----------------------------------------------------------------------------
  {
    key: "fengleNeighbourhoodWatch",
    by: "community.fengle",
    title: "“一老一小”邻里守望与互助服务",
    description:
      "社区议事会上居民反映：双职工家庭放学后孩子无人看护，高龄独居老人日常缺少照应，而社区里有不少身体健康、愿意帮忙的低龄老人和热心居民。希望引入社会组织，把有意愿的居民组织起来，开展结对探访、课后陪伴和邻里互助，形成长期运转的志愿服务机制。",
    category: "governance_volunteering",
    targetGroup: "高龄独居老人、双职工家庭学龄儿童及低龄老人志愿者",
    beneficiaries: 300,
    budgetYuan: 450_000,
    urgency: "normal",
    channel: "meeting",
    postedDaysAgo: 185,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 178 },
  },
  {
    key: "fengleElderMeals",
    by: "community.fengle",
    title: "独居老人助餐与探访服务",
    description:
      "入户走访发现，丰乐社区现有80岁以上独居老人67人、空巢老人110余人，其中不少人行动不便、做饭困难，子女不在身边。希望依托社区养老服务中心提供每日午餐集中就餐或送餐上门，并由社工和志愿者每周至少上门探访一次，及时发现用电用气安全隐患和健康变化，建立“一人一档”。",
    category: "elderly_care",
    targetGroup: "80岁以上独居、空巢及失能半失能老人",
    beneficiaries: 120,
    budgetYuan: 180_000,
    urgency: "high",
    channel: "visit",
    grid: "丰乐一网格",
    postedDaysAgo: 52,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 45 },
    supporters: ["resident.fengle", "resident2.fengle", "resident3.fengle", "resident4.fengle"],
  },
  {
    key: "siyuetianDayCare",
    by: "community.siyuetian",
    title: "日间照料中心助浴与康复护理服务",
    description:
      "四月天社区日间照料中心已建成但缺少专业运营力量，网格员摸排显示辖区有半失能及术后康复老人约60人，家属普遍反映洗澡难、康复训练无人指导。希望引入专业机构提供助浴、康复训练、健康监测和喘息照护服务。",
    category: "elderly_care",
    targetGroup: "半失能及术后康复老人、长期照护家庭",
    beneficiaries: 60,
    budgetYuan: 240_000,
    urgency: "normal",
    channel: "grid_staff",
    grid: "四月天二网格",
    postedDaysAgo: 48,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 44 },
  },
  {
    key: "fengleParenting",
    by: "community.fengle",
    title: "二孩家庭育儿支持服务",
    description:
      "社区面向育龄家庭发放问卷186份，七成以上的二孩、三孩家庭反映隔代照料压力大、缺少科学育儿指导和临时托育场所。希望开设“四点半”亲子活动室、育儿讲座和家庭教育个案辅导，并培育一支妈妈志愿者队伍。",
    category: "family_women",
    targetGroup: "0-6岁二孩、三孩家庭",
    beneficiaries: 150,
    budgetYuan: 120_000,
    urgency: "normal",
    channel: "survey",
    postedDaysAgo: 26,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 15 },
    supporters: ["resident2.fengle", "resident4.fengle"],
  },
  {
    key: "fengleSummerCare",
    by: "resident.fengle",
    title: "小区儿童暑期公益托管",
    description:
      "我们小区双职工家庭多，每到暑假孩子没人看管，只能整天看电视、玩手机。希望社区能在暑假期间组织公益托管，安排作业辅导、阅读和体育活动，费用家长可以适当分担。",
    category: "children_youth",
    targetGroup: "双职工家庭的小学生",
    beneficiaries: 40,
    budgetYuan: 60_000,
    urgency: "normal",
    postedDaysAgo: 4,
    supporters: ["resident2.fengle", "resident3.fengle"],
  },
  {
    key: "fengleActivityRoom",
    by: "community.fengle",
    title: "社区文体活动室设备更新",
    description: "社区居民议事会提出，文体活动室的音响、舞蹈镜和乒乓球台已使用十余年，损坏严重，希望更新设备，满足合唱队、舞蹈队和老年乒乓球队日常活动需要。",
    category: "culture_sports",
    targetGroup: "社区文体队伍成员及老年居民",
    beneficiaries: 300,
    budgetYuan: 80_000,
    urgency: "low",
    channel: "meeting",
    postedDaysAgo: 20,
    review: {
      decision: "reject",
      reason: "活动室设备购置属于社区基础设施投入，应通过街道办事处公用经费或社区党组织服务群众经费解决，不属于政府购买社会服务范围。已转南阳新村街道办事处统筹。",
      daysAgo: 12,
    },
    supporters: ["resident.fengle"],
  },
  {
    key: "siyuetianDisability",
    by: "community.siyuetian",
    title: "残疾人康复与就业支持",
    description:
      "入户走访辖区持证残疾人45户，多数家庭反映康复训练要到区残联康复中心，路途远、坚持难；有劳动能力的残疾人希望得到职业技能培训和就业推荐。希望在社区康复站开展康复训练、辅具使用指导和就业支持服务。",
    category: "disability",
    targetGroup: "辖区持证残疾人及其家庭",
    beneficiaries: 45,
    budgetYuan: 260_000,
    urgency: "normal",
    channel: "visit",
    postedDaysAgo: 40,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 32 },
  },
  {
    key: "siyuetianVolunteers",
    by: "community.siyuetian",
    title: "社区志愿服务队伍培育",
    description: "居民议事会讨论认为，社区现有志愿者以退休党员为主，人数少、活动零散。希望引入专业社会组织培育楼院志愿服务队，建立积分激励和服务记录制度，带动更多年轻居民参与邻里互助。",
    category: "governance_volunteering",
    targetGroup: "社区志愿者、楼院长及有意参与的居民",
    beneficiaries: 200,
    budgetYuan: 90_000,
    urgency: "low",
    channel: "meeting",
    postedDaysAgo: 35,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 28 },
  },
  {
    key: "jinshaMentalHealth",
    by: "community.jinsha",
    title: "社区心理健康服务站",
    description:
      "社区服务热线近一年接到心理困扰类求助50余次，涉及青少年厌学、婚姻家庭矛盾和老年人抑郁等问题，社区工作人员缺乏专业能力。希望在社区设立心理健康服务站，提供心理咨询、危机干预、转介和心理健康科普。",
    category: "mental_health",
    targetGroup: "有心理困扰的居民、青少年及其家庭",
    beneficiaries: 500,
    budgetYuan: 260_000,
    urgency: "high",
    channel: "hotline",
    postedDaysAgo: 46,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 40 },
  },
  {
    key: "jinshaTimeBank",
    by: "community.jinsha",
    title: "“一老一小”邻里互助时间银行",
    description: "问卷调查显示，社区低龄老人中有意愿参与志愿服务的超过百人，同时双职工家庭有接送孩子、临时看护的需求。希望建立“时间银行”，低龄老人为儿童和高龄老人提供服务并储蓄时间，将来兑换服务。",
    category: "governance_volunteering",
    targetGroup: "低龄老人、高龄老人及双职工家庭",
    beneficiaries: 260,
    budgetYuan: 100_000,
    urgency: "normal",
    channel: "survey",
    postedDaysAgo: 33,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 27 },
  },
  {
    key: "jinshaEmployment",
    by: "community.jinsha",
    title: "失业人员职业技能培训与就业指导",
    description: "网格员摸排辖区登记失业人员80余人，以40岁以上女性和零就业家庭成员为主。希望开展家政、养老护理、电商直播等技能培训，并提供一对一就业指导和岗位推荐。",
    category: "employment",
    targetGroup: "登记失业人员、零就业家庭成员",
    beneficiaries: 80,
    budgetYuan: 150_000,
    urgency: "normal",
    channel: "grid_staff",
    grid: "金沙一网格",
    postedDaysAgo: 3,
  },
  {
    key: "jinshaEmptyNest",
    by: "community.jinsha",
    title: "空巢老人精神关爱与居家安全",
    description:
      "金沙社区、文博社区老旧小区多，网格员入户走访登记空巢老人140余人，其中独居的高龄老人46人。不少老人长期无人说话、情绪低落，家中燃气灶具和电线老化，去年冬季发生过两起老人跌倒后多时才被发现的情况。希望引入专业机构定期探访、开展精神慰藉和居家安全排查，建立紧急情况发现和响应机制。",
    category: "elderly_care",
    targetGroup: "空巢及独居高龄老人",
    beneficiaries: 140,
    budgetYuan: 420_000,
    urgency: "high",
    channel: "visit",
    grid: "金沙一网格",
    postedDaysAgo: 44,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 38 },
  },
  // ---- 二七区 ----------------------------------------------------------------------------
  {
    key: "daxueluAfterSchool",
    by: "community.daxuelu",
    title: "困境儿童课后托管",
    description:
      "入户走访低保、单亲和留守家庭50户，孩子放学后无人看管、作业无人辅导的情况突出。希望在社区党群服务中心开设课后托管点，提供作业辅导、阅读、安全教育和心理关爱，寒暑假开展主题营。",
    category: "children_youth",
    targetGroup: "低保、单亲、留守等困境家庭的小学生",
    beneficiaries: 50,
    budgetYuan: 150_000,
    urgency: "high",
    channel: "visit",
    postedDaysAgo: 30,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 22 },
  },
  {
    key: "qingfengChildCare",
    by: "community.qingfeng",
    title: "困境儿童心理关爱与学业辅导",
    description: "网格员反映辖区有35名困境儿童存在学业落后、性格孤僻等情况，家长无力辅导。希望链接专业社工和大学生志愿者，开展一对一学业辅导、小组活动和家庭走访。",
    category: "children_youth",
    targetGroup: "困境儿童及其监护人",
    beneficiaries: 35,
    budgetYuan: 120_000,
    urgency: "normal",
    channel: "grid_staff",
    postedDaysAgo: 28,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 21 },
  },
  {
    key: "qingfengSocialWorkers",
    by: "community.qingfeng",
    title: "社区社会工作服务站驻站社工",
    description:
      "居民议事会讨论认为，社区工作人员忙于事务性工作，老年人、困境家庭和特殊群体的个案服务无人跟进。希望社区社会工作服务站配备专职社工驻站，开展个案、小组和社区活动，并带动志愿者队伍建设。",
    category: "governance_volunteering",
    targetGroup: "全体居民，重点为老年人、困境家庭和特殊群体",
    beneficiaries: 6000,
    budgetYuan: 400_000,
    urgency: "normal",
    channel: "meeting",
    postedDaysAgo: 58,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 50 },
  },
  {
    key: "daxueluMeals",
    by: "community.daxuelu",
    title: "高校周边老旧小区空巢老人助餐",
    description: "社区服务热线多次接到老人反映，高校退休职工小区没有老年食堂，高龄老人吃饭难。希望引入助餐服务，提供堂食和送餐，并对困难老人给予补贴。",
    category: "elderly_care",
    targetGroup: "高校退休职工小区空巢及高龄老人",
    beneficiaries: 70,
    budgetYuan: 160_000,
    urgency: "high",
    channel: "hotline",
    postedDaysAgo: 2,
  },
  {
    key: "qingfengNoise",
    by: "community.qingfeng",
    title: "辖区商户噪音扰民协调",
    description: "热线接到多名居民投诉，沿街餐饮商户夜间噪音和油烟扰民，希望社区聘请专业人员开展调解。",
    category: "other",
    targetGroup: "沿街楼院居民",
    beneficiaries: 200,
    budgetYuan: 50_000,
    urgency: "normal",
    channel: "hotline",
    postedDaysAgo: 16,
    review: {
      decision: "reject",
      reason: "商户噪音和油烟扰民属于城市管理和生态环境部门的执法职责，已转交二七区城市管理局处理，不纳入政府购买社会服务。",
      daysAgo: 11,
    },
  },
  {
    key: "daxueluAntiFraud",
    by: "community.daxuelu",
    title: "老年人防诈骗宣传与法律援助",
    description: "居民议事会反映，近期辖区发生多起针对老年人的保健品和“以房养老”诈骗。希望开展防诈骗宣传、以案说法讲座，并为受骗老人提供法律咨询和援助转介。",
    category: "social_assistance",
    targetGroup: "60岁以上老年人及其家属",
    beneficiaries: 400,
    budgetYuan: 50_000,
    urgency: "normal",
    channel: "meeting",
    postedDaysAgo: 14,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 8 },
  },
  // ---- 管城回族区 ----------------------------------------------------------------------------
  {
    key: "xiaotanCorrections",
    by: "community.xiaotan",
    title: "社区矫正对象帮教",
    description:
      "网格员与城东路街道司法所共同摸排，辖区在册社区矫正对象和刑满释放人员共25人，普遍存在就业难、家庭关系紧张和社会融入困难。希望引入专业社工开展个案帮教、心理疏导、就业支持和家庭关系修复。",
    category: "community_corrections",
    targetGroup: "社区矫正对象及刑满释放人员",
    beneficiaries: 25,
    budgetYuan: 200_000,
    urgency: "normal",
    channel: "grid_staff",
    postedDaysAgo: 30,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 24 },
  },
  {
    key: "yingyueluHalalMeals",
    by: "community.yingyuelu",
    title: "回族老年人清真助餐服务",
    description: "社区回族居民占三成以上，居民议事会提出现有老年助餐点不能满足清真饮食要求。希望设立清真助餐点，为回族老人提供符合民族饮食习惯的堂食和送餐服务。",
    category: "elderly_care",
    targetGroup: "回族老年人及其他有需要的老年居民",
    beneficiaries: 90,
    budgetYuan: 220_000,
    urgency: "normal",
    channel: "meeting",
    postedDaysAgo: 18,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 10 },
  },
  {
    key: "yingyueluAssistance",
    by: "community.yingyuelu",
    title: "低保及低保边缘家庭救助帮扶",
    description: "入户走访低保及低保边缘家庭60户，因病致贫、因残致贫问题突出，部分家庭不了解救助政策。希望开展政策宣讲、个案帮扶和慈善资源链接。",
    category: "social_assistance",
    targetGroup: "低保及低保边缘家庭",
    beneficiaries: 60,
    budgetYuan: 160_000,
    urgency: "high",
    channel: "visit",
    postedDaysAgo: 5,
  },
  {
    key: "xiaotanParking",
    by: "community.xiaotan",
    title: "小区停车位规划与管理",
    description: "热线反映老旧小区停车难、乱停车问题突出，希望请专业机构进行停车位规划并组织居民协商。",
    category: "other",
    targetGroup: "老旧小区有车居民",
    beneficiaries: 150,
    budgetYuan: 60_000,
    urgency: "low",
    channel: "hotline",
    postedDaysAgo: 17,
    review: {
      decision: "reject",
      reason: "停车设施规划建设属于街道办事处及住建、交通部门职责，不属于政府购买社会服务范围；停车管理的居民协商可由社区居民议事会自行组织。",
      daysAgo: 9,
    },
  },
  // ---- 中原区 ----------------------------------------------------------------------------
  {
    key: "youaiRehab",
    by: "community.youai",
    title: "残疾人居家康复与辅具适配",
    description: "入户走访重度残疾人38户，多为老厂区退休职工家庭，出行困难，无法到机构康复。希望提供上门康复训练、辅具评估适配和照护者培训。",
    category: "disability",
    targetGroup: "重度残疾人及其照护者",
    beneficiaries: 38,
    budgetYuan: 190_000,
    urgency: "normal",
    channel: "visit",
    postedDaysAgo: 22,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 13 },
  },
  {
    key: "youaiInternet",
    by: "community.youai",
    title: "青少年网络沉迷预防与家庭教育",
    description: "面向辖区中小学生家长发放问卷120份，六成家长担心孩子沉迷手机游戏和短视频。希望开展青少年网络素养小组、家长课堂和亲子沟通辅导。",
    category: "children_youth",
    targetGroup: "中小学生及其家长",
    beneficiaries: 120,
    budgetYuan: 110_000,
    urgency: "normal",
    channel: "survey",
    postedDaysAgo: 6,
  },
  {
    key: "youaiSquareDance",
    by: "community.youai",
    title: "广场舞场地时段协调",
    description: "热线接到居民反映，广场舞队之间争抢场地，音量过大影响周边住户休息，希望聘请专业机构协调。",
    category: "culture_sports",
    targetGroup: "广场舞队伍及周边住户",
    beneficiaries: 200,
    budgetYuan: 50_000,
    urgency: "low",
    channel: "hotline",
    postedDaysAgo: 15,
    review: { decision: "reject", reason: "场地使用时段属于居民自治事项，建议由社区居民议事会组织各队伍协商制定公约，无需政府购买服务。", daysAgo: 9 },
  },
  // ---- 惠济区 ----------------------------------------------------------------------------
  {
    key: "yingcaiMigrantChildren",
    by: "community.yingcai",
    title: "外来务工人员子女课后托管",
    description: "问卷调查显示，新城片区外来务工家庭子女约80人放学后无人看管，家长下班晚。希望提供课后托管、作业辅导和城市融入活动。",
    category: "children_youth",
    targetGroup: "外来务工人员子女（小学）",
    beneficiaries: 80,
    budgetYuan: 140_000,
    urgency: "normal",
    channel: "survey",
    postedDaysAgo: 19,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 11 },
  },
  {
    key: "yingcaiNewcomers",
    by: "community.yingcai",
    title: "新市民社区融入与志愿服务",
    description: "居民议事会提出，新入住的回迁户和外来人口对社区事务参与少、邻里关系陌生。希望开展邻里节、兴趣社团和志愿服务活动，促进新老居民融合。",
    category: "governance_volunteering",
    targetGroup: "新入住居民、回迁安置户",
    beneficiaries: 300,
    budgetYuan: 90_000,
    urgency: "low",
    channel: "meeting",
    postedDaysAgo: 1,
  },
  {
    key: "huayuankouElderly",
    by: "community.huayuankou",
    title: "农村留守老人互助幸福院服务",
    description: "入户走访发现，村里留守老人140余人，子女外出务工，日常照料和精神慰藉缺乏。希望依托村互助幸福院开展助餐、文娱和结对探访服务。",
    category: "elderly_care",
    targetGroup: "农村留守、独居老人",
    beneficiaries: 140,
    budgetYuan: 200_000,
    urgency: "normal",
    channel: "visit",
    postedDaysAgo: 21,
    review: {
      decision: "reject",
      reason: "花园口村互助幸福院运营已纳入2026年省级农村养老服务补助项目，由镇政府统筹实施，为避免重复安排资金，本需求不再纳入政府购买服务。",
      daysAgo: 14,
    },
  },
  {
    key: "huayuankouWomen",
    by: "community.huayuankou",
    title: "农村妇女居家灵活就业技能培训",
    description: "村妇联走访了解，村里60余名妇女因照顾家庭无法外出务工，希望学习手工编织、农产品电商等技能，实现居家灵活就业。",
    category: "employment",
    targetGroup: "有就业意愿的农村妇女",
    beneficiaries: 60,
    budgetYuan: 80_000,
    urgency: "normal",
    channel: "visit",
    postedDaysAgo: 16,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 7 },
  },
  // ---- Needs answered by the tenders of the bids-to-award stage (db/seed-evaluation.ts) -------
  {
    key: "youaiChildProtection",
    by: "community.youai",
    title: "困境儿童关爱保护",
    description:
      "社区儿童主任摸排发现，辖区有留守、单亲、父母服刑或重病等困境儿童42名，部分儿童长期缺乏有效监护，存在辍学、心理问题和安全隐患。希望引入专业社会组织开展困境儿童分类评估、个案管理、监护指导和心理关爱，完善发现报告、应急处置和转介帮扶机制。",
    category: "children_youth",
    targetGroup: "留守、单亲、事实无人抚养等困境儿童及其监护人",
    beneficiaries: 42,
    budgetYuan: 300_000,
    urgency: "high",
    channel: "visit",
    postedDaysAgo: 75,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 68 },
  },
  {
    key: "yingyueluDayCare",
    by: "community.yingyuelu",
    title: "智力、精神残疾人日间照料",
    description:
      "社区残协统计，辖区有智力、精神残疾人31名，多数由年迈父母照顾，白天无处可去，家属身心压力大。希望依托“阳光家园”提供日间照料、生活自理训练、康复训练和简单劳动技能培训，并为家属提供喘息服务。",
    category: "disability",
    targetGroup: "智力、精神残疾人及其家庭照护者",
    beneficiaries: 31,
    budgetYuan: 260_000,
    urgency: "normal",
    channel: "visit",
    postedDaysAgo: 58,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 52 },
  },
  {
    key: "qingfengCaregivers",
    by: "community.qingfeng",
    title: "失能老人家庭照护者喘息服务",
    description:
      "网格员入户走访发现，辖区失能、半失能老人家庭普遍由配偶或子女长期照护，照护者缺乏护理技能，身心疲惫，有的已出现抑郁情绪。希望提供照护技能培训、心理减压和定期上门替代照护（喘息服务）。",
    category: "elderly_care",
    targetGroup: "失能、半失能老人的家庭照护者",
    beneficiaries: 60,
    budgetYuan: 180_000,
    urgency: "normal",
    channel: "grid_staff",
    postedDaysAgo: 56,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 50 },
  },
  {
    key: "jinshaAssistance",
    by: "community.jinsha",
    title: "低保及低收入家庭综合帮扶",
    description:
      "社区在册低保家庭38户、低保边缘及支出型困难家庭50余户，因病、因残致贫的占六成，部分家庭不了解临时救助、医疗救助等政策，家中儿童学业和心理问题也缺人关心。希望由专业社工开展入户评估和“一户一策”帮扶，衔接救助政策和慈善资源。",
    category: "social_assistance",
    targetGroup: "低保、低保边缘及支出型困难家庭",
    beneficiaries: 90,
    budgetYuan: 200_000,
    urgency: "high",
    channel: "visit",
    grid: "金沙二网格",
    postedDaysAgo: 55,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 47 },
  },
  {
    key: "youaiHomeCare",
    by: "community.youai",
    title: "老厂区高龄老人居家上门服务",
    description:
      "友爱社区多为老厂区家属院，80岁以上老人近200人，楼房老旧、没有电梯，不少老人常年下不了楼。居民议事会提出，希望提供助洁、助浴、助医和紧急呼叫等上门服务，重点照顾独居和失能老人。",
    category: "elderly_care",
    targetGroup: "80岁以上高龄、独居及失能老人",
    beneficiaries: 180,
    budgetYuan: 300_000,
    urgency: "normal",
    channel: "meeting",
    postedDaysAgo: 50,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 44 },
  },
  {
    key: "daxueluMentalHealth",
    by: "community.daxuelu",
    title: "社区居民心理关爱与危机干预",
    description:
      "社区毗邻多所高校，租住的考研学生、新就业青年和高校退休老人较多。社区服务热线一年来接到失眠、焦虑、家庭矛盾等心理困扰求助40余次，还发生过2起需要紧急干预的事件。希望提供心理咨询、危机干预和转介服务。",
    category: "mental_health",
    targetGroup: "有心理困扰的青年、老年人及家庭",
    beneficiaries: 300,
    budgetYuan: 150_000,
    urgency: "high",
    channel: "hotline",
    postedDaysAgo: 46,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 40 },
  },
  {
    key: "yingcaiMutualAid",
    by: "community.yingcai",
    title: "低龄老人结对帮扶高龄独居老人",
    description:
      "英才社区回迁安置户多，高龄独居老人70余名，子女多在外地工作。问卷显示，社区有意愿参与志愿服务的低龄老人超过120人。希望组织低龄老人与高龄独居老人结对，开展日常探访、代购代办和应急帮扶，建立邻里守望机制。",
    category: "elderly_care",
    targetGroup: "高龄独居老人及有志愿意愿的低龄老人",
    beneficiaries: 190,
    budgetYuan: 150_000,
    urgency: "normal",
    channel: "survey",
    postedDaysAgo: 45,
    review: { decision: "accept", reason: ACCEPTED_NOTE, daysAgo: 38 },
  },
];

/** Titles of the demo needs by key (titles are unique in the demo). */
export const DEMO_NEEDS = Object.fromEntries(NEED_SPECS.map((n) => [n.key, n.title])) as Record<string, string>;

// ---------------------------------------------------------------------------------------------
// Tenders
// ---------------------------------------------------------------------------------------------

/** [days from the seed day (Asia/Shanghai), "HH:MM" Beijing time] */
export type When = [number, string];

interface QuestionSpec {
  by: string;
  at: When;
  question: string;
  answer?: { at: When; text: string };
}

interface AmendmentSpec {
  at: When;
  affectsBids: boolean;
  changes: (clock: Clock) => string;
  reason: string;
}

interface TenderSpec {
  key: DemoTenderKey;
  officer: string;
  description: string;
  category: ServiceCategory;
  method: ProcurementMethod;
  theme?: string;
  ceilingYuan: number;
  line: string;
  months: number;
  recurring?: boolean;
  eligibility: string;
  pricePoints: number;
  criteria: Array<{ name: string; description: string; maxPoints: number }>;
  tranches?: Array<{ milestone: string; percentage: number }>;
  needs: string[];
  communities: string[];
  contact: { name: string; phone: string };
  created: When;
  /** Absent: stays a draft. */
  published?: When;
  enquiryDeadline: When;
  bidDeadline: When;
  questions?: QuestionSpec[];
  amendments?: AmendmentSpec[];
  cancelled?: { at: When; reason: string };
}

const DEFAULT_TRANCHES = [
  { milestone: "合同签订后", percentage: 30 },
  { milestone: "中期评估合格后", percentage: 40 },
  { milestone: "末期绩效评估合格后", percentage: 30 },
];

const eligibility = (qualified: string) =>
  [
    "1. 在中国境内依法登记的社会组织（社会团体、民办非企业单位或基金会），具有独立承担民事责任的能力；",
    "2. 具有健全的财务会计制度，依法缴纳税收和社会保障资金，近三年内在经营活动中没有重大违法记录；",
    "3. 未被列入活动异常名录或严重违法失信名单（以“信用中国”及本平台信用记录为准）；",
    `4. ${qualified}`,
    "5. 本项目不接受联合体投标，不得转包。",
    "社会组织评估等级作为评分因素，不作为资格条件。",
  ].join("\n");

const JINSHUI_CONTACT = { name: "孙立新", phone: "0371-65951826" };
const ERQI_CONTACT = { name: "郭红梅", phone: "0371-68958213" };
const GUANCHENG_CONTACT = { name: "穆建国", phone: "0371-66216479" };
const ZHONGYUAN_CONTACT = { name: "常玉珍", phone: "0371-67182305" };
const HUIJI_CONTACT = { name: "付志强", phone: "0371-63690417" };

const TENDER_SPECS: TenderSpec[] = [
  {
    key: "closed",
    officer: "bureau.erqi",
    description:
      "为推进二七区社区社会工作服务站建设，采购26个社会工作服务岗位，派驻五里堡街道、淮河路街道所辖社区社会工作服务站，开展老年人、困境儿童、残疾人等重点群体个案服务和小组活动，协助社区开展志愿者培育和居民议事。\n服务期限：合同签订之日起12个月。\n服务要求：每个岗位每周驻站不少于40小时；每名社工年度完成个案不少于15个、小组不少于4个、社区活动不少于6次；中标人须建立专业督导和季度考核制度。",
    category: "governance_volunteering",
    method: "open_tender",
    ceilingYuan: 1_300_000,
    line: "erqi.general",
    months: 12,
    eligibility: eligibility("拟派驻的26名岗位人员中持有社会工作职业资格证书的不少于18人，其中社会工作师（中级）及以上不少于4人。"),
    pricePoints: 30,
    criteria: [
      { name: "岗位服务方案", description: "需求分析、岗位职责、服务内容与年度目标的完整性和可操作性", maxPoints: 25 },
      { name: "社工人员配置", description: "持证社工人数与等级、专业背景、从业年限；人员稳定性保障措施", maxPoints: 25 },
      { name: "督导与培训体系", description: "专业督导资质、督导频次、岗前与在岗培训计划", maxPoints: 10 },
      { name: "类似项目经验", description: "近三年承接社区社工岗位购买项目的数量及绩效评估结果", maxPoints: 10 },
    ],
    tranches: [
      { milestone: "合同签订后", percentage: 25 },
      { milestone: "第二季度考核合格后", percentage: 25 },
      { milestone: "第三季度考核合格后", percentage: 25 },
      { milestone: "年度绩效评估合格后", percentage: 25 },
    ],
    needs: ["qingfengSocialWorkers"],
    communities: ["大学路社区", "兴华社区", "庆丰社区"],
    contact: ERQI_CONTACT,
    created: [-33, "15:20"],
    published: [-30, "09:00"],
    enquiryDeadline: [-15, "17:00"],
    bidDeadline: [-3, "09:30"],
    questions: [
      {
        by: "agency.nuancheng",
        at: [-25, "10:12"],
        question: "26个社工岗位是否要求全部持有社会工作职业资格证书？",
        answer: {
          at: [-24, "15:30"],
          text: "不要求全部持证。26个岗位中持证社会工作者不少于18人，其中社会工作师（中级）及以上不少于4人；其余人员须具有大专以上学历，并在合同签订后一年内取得助理社会工作师证书。",
        },
      },
      {
        by: "agency.hexie",
        at: [-20, "09:30"],
        question: "岗位人员的社会保险和住房公积金由谁缴纳？投标报价中是否应当包含？",
        answer: { at: [-19, "16:10"], text: "岗位人员与中标人签订劳动合同，社会保险和住房公积金由中标人依法缴纳，相关费用应当包含在投标报价中。" },
      },
    ],
  },
  {
    key: "amended",
    officer: "bureau.jinshui",
    description:
      "在金沙社区、文博社区设立社区心理健康服务站，由专业机构派驻心理服务人员，提供心理咨询、心理危机干预与转介、心理健康科普和重点人群（青少年、独居老人、困境家庭）心理关爱服务，建立社区心理健康档案。\n服务期限：合同签订之日起12个月。\n服务要求：服务站每周开放不少于5天；年度个体咨询不少于300人次，团体辅导不少于24场，科普活动不少于12场；危机个案须在24小时内响应并按程序转介医疗机构。",
    category: "mental_health",
    method: "open_tender",
    ceilingYuan: 600_000,
    line: "jinshui.general",
    months: 12,
    eligibility: eligibility("至少配备2名持有心理咨询师、心理治疗师或社会工作师（中级）证书的专职人员。"),
    pricePoints: 15,
    criteria: [
      { name: "服务方案", description: "需求评估、服务内容、服务流程与质量控制措施的科学性和可行性", maxPoints: 30 },
      { name: "专业团队", description: "驻站人员资质与经验、督导安排、团队稳定性", maxPoints: 25 },
      { name: "危机干预与转介机制", description: "危机识别、响应时限、与医疗机构和街道的转介合作机制", maxPoints: 15 },
      { name: "类似项目经验", description: "近三年承接心理健康类服务项目的数量及服务成效", maxPoints: 15 },
    ],
    needs: ["jinshaMentalHealth"],
    communities: ["文博社区", "金沙社区"],
    contact: JINSHUI_CONTACT,
    created: [-20, "16:00"],
    published: [-18, "09:00"],
    enquiryDeadline: [-6, "17:00"],
    bidDeadline: [4, "09:30"],
    questions: [
      {
        by: "agency.anyuan",
        at: [-10, "14:00"],
        question: "驻站心理服务人员是否必须持有心理咨询师证书？持有社会工作师（中级）证书并接受过心理危机干预培训的人员能否满足要求？",
        answer: {
          at: [-8, "10:30"],
          text: "可以满足。驻站人员须持有心理咨询师、心理治疗师或社会工作师（中级）证书之一，并具有心理危机干预培训经历。人员要求将以更正公告进一步明确。",
        },
      },
    ],
    amendments: [
      {
        at: [-12, "10:00"],
        affectsBids: false,
        changes: (clock) =>
          `1. 补充现场踏勘安排：采购人定于${clock.monthDay([-9, "09:30"])}上午9:30在金沙社区党群服务中心二楼组织现场踏勘，潜在供应商自愿参加，不参加不影响投标。\n2. 更正文博社区服务站地址为“文博东路22号文博社区党群服务中心一楼”。`,
        reason: "应潜在供应商要求组织现场踏勘；原公告中文博社区服务站地址录入有误。",
      },
      {
        at: [-2, "15:00"],
        affectsBids: true,
        changes: () =>
          "1. “投标人资格要求”第4项修改为：至少配备2名专职驻站人员，每人持有心理咨询师、心理治疗师或社会工作师（中级）证书之一，并具有心理危机干预培训经历；\n2. 服务要求中服务站每周开放时间由“不少于5天”调整为“不少于6天（含周六）”，年度个体咨询由不少于300人次调整为不少于360人次。",
        reason: "根据答疑情况和金沙社区反馈的服务需求变化，明确人员资质并增加服务时长，可能影响投标文件编制。依据《政府采购货物和服务招标投标管理办法》第二十七条，投标截止时间相应顺延。",
      },
    ],
  },
  {
    key: "cancelled",
    officer: "bureau.jinshui",
    description:
      "依托四月天社区残疾人康复站，为辖区持证残疾人提供社区康复训练、辅具使用指导、家庭照护者培训，并为有劳动能力的残疾人开展职业技能培训、就业推荐和岗位跟踪支持。\n服务期限：合同签订之日起12个月。",
    category: "disability",
    method: "competitive_consultation",
    ceilingYuan: 280_000,
    line: "jinshui.transfer",
    months: 12,
    eligibility: eligibility("至少配备1名康复治疗师或具有康复服务经验的持证社会工作者。"),
    pricePoints: 20,
    criteria: [
      { name: "服务方案", description: "康复与就业支持服务内容、频次、个案管理流程的针对性和可行性", maxPoints: 35 },
      { name: "专业团队", description: "康复、社工人员资质及残疾人服务经验", maxPoints: 25 },
      { name: "资源链接与就业渠道", description: "与残联、用人单位、辅具机构的合作基础和就业岗位来源", maxPoints: 20 },
    ],
    needs: ["siyuetianDisability"],
    communities: ["四月天社区"],
    contact: JINSHUI_CONTACT,
    created: [-16, "10:00"],
    published: [-14, "09:00"],
    enquiryDeadline: [-6, "17:00"],
    bidDeadline: [2, "09:30"],
    questions: [
      {
        by: "agency.anyuan",
        at: [-10, "15:00"],
        question: "康复训练所需的器材和辅具是否由采购人提供？",
        answer: {
          at: [-9, "10:00"],
          text: "四月天社区残疾人康复站现有基础康复器材由采购人提供；个性化辅具适配费用不在本项目范围内，中标人可协助服务对象申请区残联辅具适配补贴。",
        },
      },
    ],
    cancelled: {
      at: [-4, "16:00"],
      reason:
        "四月天社区残疾人康复站改造工程延期至明年，服务场地无法在服务期内交付，采购任务无法按计划实施。依据《中华人民共和国政府采购法》第三十六条第一款第（四）项，本项目终止采购；相关需求已退回需求池，待场地具备条件后重新组织采购。",
    },
  },
  {
    key: "openElderCare",
    officer: "bureau.jinshui",
    description:
      "委托专业社会组织运营丰乐社区、四月天社区居家养老服务中心，为辖区老年人提供助餐（堂食与送餐）、日间照料、助浴、康复护理、探访关爱、健康管理和文化娱乐服务，重点保障80岁以上独居、空巢及失能半失能老人，建立“一人一档”服务台账。\n服务期限：合同签订之日起12个月。\n服务要求：助餐服务每周7天、日均供餐不少于150份；独居老人每周探访不少于1次；中心每日开放不少于10小时；年度服务对象满意度不低于90%。",
    category: "elderly_care",
    method: "open_tender",
    ceilingYuan: 1_200_000,
    line: "jinshui.general",
    months: 12,
    eligibility: eligibility("具有养老服务相关经验，拟派项目团队不少于8名专职人员，其中持证社会工作者不少于3名、持证养老护理员不少于3名。"),
    pricePoints: 20,
    criteria: [
      { name: "服务方案", description: "需求分析是否准确，助餐、照料、探访等服务内容、流程、频次与质量标准是否完整可行", maxPoints: 25 },
      { name: "团队配置与专业资质", description: "项目负责人经验，持证社工、养老护理员、营养配餐人员数量与资质", maxPoints: 20 },
      { name: "类似项目经验与绩效", description: "近三年承接养老服务类项目的数量、规模及第三方评估结果", maxPoints: 15 },
      { name: "安全管理与应急预案", description: "食品安全、老人意外、突发公共卫生事件的预防与处置措施", maxPoints: 10 },
      { name: "服务承诺与满意度保障", description: "服务时长与响应时间承诺、投诉处理机制及满意度提升措施", maxPoints: 10 },
    ],
    needs: ["fengleElderMeals", "siyuetianDayCare"],
    communities: ["丰乐社区", "民乐社区", "四月天社区"],
    contact: JINSHUI_CONTACT,
    created: [-8, "14:30"],
    published: [-6, "09:00"],
    enquiryDeadline: [8, "17:00"],
    bidDeadline: [18, "09:30"],
    questions: [
      {
        by: "agency.anyuan",
        at: [-5, "14:10"],
        question: "服务中心场地由采购人提供还是需中标人自行租赁？场地的水电、燃气和物业费用由哪一方承担？",
        answer: {
          at: [-4, "10:30"],
          text: "服务中心场地由采购人无偿提供，位于丰乐社区党群服务中心一层及四月天社区日间照料中心，合计约860平方米。运营期间的水电、燃气费用由中标人承担，应计入投标报价；物业费由采购人承担。",
        },
      },
      {
        by: "agency.hexie",
        at: [-3, "09:45"],
        question: "助餐服务是否允许委托有资质的餐饮企业配送？如允许，投标文件中是否需要提供合作协议？",
        answer: {
          at: [-2, "16:00"],
          text: "允许。配送企业须持有有效的食品经营许可证，投标文件中应提供合作意向书或协议及许可证复印件；中标人对助餐食品安全承担全部责任。探访、照料等核心服务不得转包。",
        },
      },
      {
        by: "agency.anyuan",
        at: [-1, "10:20"],
        question: "评分标准中“类似项目经验”的近三年是否以合同签订时间计算？已签订但尚未完成的项目能否计入？",
      },
    ],
  },
  {
    key: "corrections",
    officer: "bureau.guancheng",
    description:
      "配合城东路街道、航海东路街道司法所，为辖区社区矫正对象和刑满释放人员提供个案帮教、心理疏导、法治教育、就业技能培训与推荐、家庭关系修复等社会工作服务，协助开展公益活动，促进其顺利融入社会。\n服务期限：合同签订之日起12个月。\n服务要求：每名服务对象建立个案档案，每月面谈不少于2次；年度开展法治教育和心理辅导小组不少于8期；服务对象个人信息严格保密。",
    category: "community_corrections",
    method: "competitive_consultation",
    ceilingYuan: 260_000,
    line: "guancheng.general",
    months: 12,
    eligibility: eligibility("至少配备2名持证社会工作者，其中1名具有社区矫正或司法社工服务经验。"),
    pricePoints: 25,
    criteria: [
      { name: "帮教服务方案", description: "个案帮教、心理疏导、就业支持等服务内容的针对性和可操作性", maxPoints: 30 },
      { name: "专业团队", description: "社工资质、司法社工服务经验及督导安排", maxPoints: 20 },
      { name: "与司法所协作机制", description: "信息对接、风险评估、保密管理与应急处置机制", maxPoints: 15 },
      { name: "类似项目经验", description: "近三年承接社区矫正或安置帮教类项目的情况", maxPoints: 10 },
    ],
    needs: ["xiaotanCorrections"],
    communities: ["映月路社区", "硝滩社区"],
    contact: GUANCHENG_CONTACT,
    created: [-7, "11:00"],
    published: [-5, "09:00"],
    enquiryDeadline: [5, "17:00"],
    bidDeadline: [12, "09:30"],
    questions: [
      {
        by: "agency.anyuan",
        at: [-3, "09:50"],
        question: "帮教对象的名单和基本信息由谁提供？中标人如何与司法所对接？",
        answer: {
          at: [-2, "14:30"],
          text: "帮教对象名单由街道司法所在合同签订后提供。中标人须与司法所签订保密协议，服务对象个人信息仅用于本项目服务，不得对外披露；双方每月召开一次个案研判会。",
        },
      },
    ],
  },
  {
    key: "consultation",
    officer: "bureau.erqi",
    description:
      "在大学路社区、庆丰社区设立困境儿童课后托管点，为低保、单亲、留守等困境家庭的小学生提供课后托管、作业辅导、阅读与兴趣活动、安全教育和心理关爱服务，寒暑假开展主题成长营，并为监护人提供家庭教育指导。\n服务期限：合同签订之日起10个月。\n服务要求：学期中每周一至周五放学后开放；每个托管点配备不少于2名专职人员；服务儿童不少于80名。",
    category: "children_youth",
    method: "competitive_consultation",
    ceilingYuan: 300_000,
    line: "erqi.general",
    months: 10,
    eligibility: eligibility("至少配备2名持证社会工作者，工作人员无违法犯罪记录（须提供无犯罪记录证明）。"),
    pricePoints: 20,
    criteria: [
      { name: "服务方案", description: "托管、辅导、心理关爱与家庭教育指导内容的针对性和可行性", maxPoints: 30 },
      { name: "专业团队", description: "社工及教育辅导人员的资质、经验和稳定性", maxPoints: 25 },
      { name: "类似项目经验", description: "近三年承接儿童服务类项目的情况及成效", maxPoints: 15 },
      { name: "安全保障与家校社协同", description: "接送交接、意外伤害预防与处置、与学校和家庭的沟通机制", maxPoints: 10 },
    ],
    needs: ["daxueluAfterSchool", "qingfengChildCare"],
    communities: ["大学路社区", "兴华社区", "庆丰社区"],
    contact: ERQI_CONTACT,
    created: [-5, "16:00"],
    published: [-4, "09:00"],
    enquiryDeadline: [4, "17:00"],
    bidDeadline: [11, "09:30"],
    questions: [
      {
        by: "agency.hexie",
        at: [-2, "11:00"],
        question: "托管服务是否包括寒暑假期间？每天的服务时间如何安排？",
        answer: {
          at: [-1, "15:20"],
          text: "包括。学期中每周一至周五放学后16:30至19:00提供托管；寒暑假期间每周一至周五9:00至17:00开展集中托管与主题成长营，具体安排在服务方案中提出。",
        },
      },
    ],
  },
  {
    key: "venture",
    officer: "bureau.jinshui",
    description:
      "面向社会组织征集“一老一小”社区公益项目，围绕低龄老人互助、高龄老人关爱、儿童课后陪伴和邻里志愿服务，在金水区各社区实施。本次创投资金总额50万元，按评审得分从高到低择优资助，直至资金用完；单个项目资助额不超过10万元。\n项目周期：立项之日起12个月。\n申报要求：每家社会组织最多申报2个项目，须附实施社区居委会出具的支持意见。",
    category: "governance_volunteering",
    method: "venture_call",
    theme: "“一老一小”邻里互助与社区志愿服务",
    ceilingYuan: 500_000,
    line: "jinshui.lottery",
    months: 12,
    eligibility: eligibility("申报项目须由本机构直接实施，项目负责人须为本机构专职人员。"),
    pricePoints: 10,
    criteria: [
      { name: "项目创新性", description: "服务模式、参与方式或资源整合上的创新，可复制推广性", maxPoints: 20 },
      { name: "需求回应度", description: "项目与社区需求池中相关需求的契合程度，服务对象界定是否清晰", maxPoints: 25 },
      { name: "可行性与执行能力", description: "实施计划、预算合理性、团队能力及既往项目执行情况", maxPoints: 25 },
      { name: "社区参与与可持续性", description: "居民和志愿者参与程度，项目结束后的持续运行机制", maxPoints: 20 },
    ],
    tranches: [
      { milestone: "立项签约后", percentage: 40 },
      { milestone: "中期评估合格后", percentage: 30 },
      { milestone: "结项评估合格后", percentage: 30 },
    ],
    needs: ["siyuetianVolunteers", "jinshaTimeBank"],
    communities: ["丰乐社区", "民乐社区", "四月天社区", "文博社区", "金沙社区"],
    contact: JINSHUI_CONTACT,
    created: [-4, "15:00"],
    published: [-3, "10:00"],
    enquiryDeadline: [10, "17:00"],
    bidDeadline: [20, "17:00"],
    questions: [
      {
        by: "agency.hexie",
        at: [-2, "10:05"],
        question: "同一社会组织可以申报几个项目？项目是否必须在一个社区实施？",
        answer: {
          at: [-1, "11:40"],
          text: "每家社会组织最多申报2个项目，单个项目申请资助额不超过10万元；项目可在金水区一个或多个社区实施，但须附每个实施社区居委会出具的支持意见。",
        },
      },
    ],
  },
  {
    key: "draft",
    officer: "bureau.jinshui",
    description:
      "在丰乐社区、民乐社区开展二孩、三孩家庭育儿支持服务：开设“四点半”亲子活动室，每月举办科学育儿讲座，为有需要的家庭提供家庭教育个案辅导，培育妈妈志愿者队伍，并开展临时托育互助。\n服务期限：合同签订之日起10个月。",
    category: "family_women",
    method: "competitive_consultation",
    ceilingYuan: 220_000,
    line: "jinshui.transfer",
    months: 10,
    eligibility: eligibility("至少配备1名持证社会工作者和1名具有育婴师或保育员资格的专职人员。"),
    pricePoints: 20,
    criteria: [
      { name: "服务方案", description: "亲子活动、育儿讲座和个案辅导的内容设计与实施计划", maxPoints: 35 },
      { name: "专业团队", description: "社工、育婴师等人员资质与家庭服务经验", maxPoints: 25 },
      { name: "类似项目经验", description: "近三年承接妇女儿童家庭类服务项目的情况", maxPoints: 20 },
    ],
    needs: ["fengleParenting"],
    communities: ["丰乐社区", "民乐社区"],
    contact: JINSHUI_CONTACT,
    created: [-1, "17:10"],
    enquiryDeadline: [12, "17:00"],
    bidDeadline: [20, "09:30"],
  },
  // ---- Tenders the bids-to-award stage takes further (db/seed-evaluation.ts) ----------------
  {
    key: "ventureFunded",
    officer: "bureau.jinshui",
    description:
      "面向社会组织征集“邻里守望”社区公益项目，围绕高龄老人关爱、儿童课后陪伴、邻里互助和志愿者培育，在丰乐、四月天、金沙社区实施。本次创投资金总额45万元，来源于慈善捐赠，按评审得分从高到低择优资助，直至资金用完；单个项目资助额不超过10万元。\n项目周期：立项之日起5个月。\n申报要求：每家社会组织申报1个项目，须附实施社区居委会出具的支持意见。",
    category: "governance_volunteering",
    method: "venture_call",
    theme: "“邻里守望”高龄关爱与儿童陪伴",
    ceilingYuan: 450_000,
    line: "jinshui.donations",
    months: 5,
    eligibility: eligibility("申报项目须由本机构直接实施，项目负责人须为本机构专职人员。"),
    pricePoints: 10,
    criteria: [
      { name: "需求回应度", description: "项目与社区需求池中相关需求的契合程度，服务对象界定是否清晰", maxPoints: 30 },
      { name: "可行性与执行能力", description: "实施计划、预算合理性、团队能力及既往项目执行情况", maxPoints: 35 },
      { name: "社区参与与可持续性", description: "居民和志愿者参与程度，项目结束后的持续运行机制", maxPoints: 25 },
    ],
    needs: ["fengleNeighbourhoodWatch"],
    communities: ["丰乐社区", "四月天社区", "金沙社区"],
    contact: JINSHUI_CONTACT,
    created: [-152, "15:00"],
    published: [-150, "09:00"],
    enquiryDeadline: [-143, "17:00"],
    bidDeadline: [-138, "17:00"],
  },
  {
    key: "awarded",
    officer: "bureau.zhongyuan",
    description:
      "在友爱社区、秦岭社区开展困境儿童关爱保护服务：对辖区困境儿童开展分类评估，建立“一童一档”，实施个案管理；为监护人提供监护能力提升指导；开展心理关爱、学业支持和安全教育；协助儿童主任完善困境儿童发现报告、应急处置和转介帮扶机制。\n服务期限：合同签订之日起12个月。\n服务要求：建档儿童不少于40名，个案管理不少于20个，监护人培训不少于6期；发现儿童遭受侵害的，须在24小时内依法报告并协助处置。",
    category: "children_youth",
    method: "open_tender",
    ceilingYuan: 600_000,
    line: "zhongyuan.general",
    months: 12,
    eligibility: eligibility("至少配备3名持证社会工作者，其中1名具有儿童保护或困境儿童服务经验；工作人员无违法犯罪记录（须提供无犯罪记录证明）。"),
    pricePoints: 20,
    criteria: [
      { name: "服务方案", description: "需求评估、分类帮扶、个案管理与监护指导内容的针对性和可行性", maxPoints: 30 },
      { name: "专业团队", description: "社工资质、儿童服务经验、督导安排与团队稳定性", maxPoints: 20 },
      { name: "儿童保护与安全机制", description: "强制报告、应急处置、转介与隐私保护机制", maxPoints: 15 },
      { name: "类似项目经验", description: "近三年承接儿童关爱保护类项目的数量及绩效评估结果", maxPoints: 15 },
    ],
    needs: ["youaiChildProtection"],
    communities: ["友爱社区", "秦岭社区"],
    contact: ZHONGYUAN_CONTACT,
    created: [-58, "15:00"],
    published: [-56, "09:00"],
    enquiryDeadline: [-45, "17:00"],
    bidDeadline: [-33, "09:30"],
    questions: [
      {
        by: "agency.hexie",
        at: [-50, "10:30"],
        question: "“类似项目经验”是否包括在其他区县承接的困境儿童服务项目？",
        answer: { at: [-48, "15:00"], text: "包括。近三年在郑州市范围内承接的困境儿童、留守儿童关爱保护类项目均可计入，须提供合同及绩效评估结论。" },
      },
    ],
  },
  {
    key: "unsuccessful",
    officer: "bureau.erqi",
    description:
      "为庆丰社区、大学路社区、兴华社区的失能、半失能老人家庭照护者提供支持服务：照护技能培训、心理减压小组、定期上门替代照护（喘息服务），并培育照护者互助网络。\n服务期限：合同签订之日起12个月。\n服务要求：服务家庭不少于60户，每户每月喘息服务不少于8小时，照护技能培训不少于12期。",
    category: "elderly_care",
    method: "open_tender",
    ceilingYuan: 360_000,
    line: "erqi.general",
    months: 12,
    eligibility: eligibility("至少配备2名持证社会工作者和4名持证养老护理员。"),
    pricePoints: 20,
    criteria: [
      { name: "服务方案", description: "照护者需求评估、培训、减压与喘息服务安排的针对性和可行性", maxPoints: 35 },
      { name: "专业团队", description: "社工、养老护理员的资质与经验", maxPoints: 25 },
      { name: "类似项目经验", description: "近三年承接养老服务类项目的情况", maxPoints: 20 },
    ],
    needs: ["qingfengCaregivers"],
    communities: ["庆丰社区", "大学路社区", "兴华社区"],
    contact: ERQI_CONTACT,
    created: [-44, "16:00"],
    published: [-42, "09:00"],
    enquiryDeadline: [-32, "17:00"],
    bidDeadline: [-21, "09:30"],
  },
  {
    key: "challenged",
    officer: "bureau.guancheng",
    description:
      "依托映月路社区、硝滩社区“阳光家园”，为辖区智力、精神残疾人提供日间照料、生活自理能力训练、康复训练、简单劳动技能培训和文体活动，并为家庭照护者提供喘息服务和照护指导。\n服务期限：合同签订之日起12个月。\n服务要求：“阳光家园”每周一至周五开放，日均照料不少于25人；每名服务对象制定个别化训练计划并每季度评估；严格落实接送交接和服药管理制度。",
    category: "disability",
    method: "open_tender",
    ceilingYuan: 420_000,
    line: "guancheng.general",
    months: 12,
    eligibility: eligibility("至少配备2名持证社会工作者，其中1名具有残疾人康复或照护服务经验。"),
    pricePoints: 20,
    criteria: [
      { name: "服务方案", description: "日间照料、康复训练与技能培训内容的针对性和可行性", maxPoints: 30 },
      { name: "专业团队", description: "社工、康复及照护人员的资质与残疾人服务经验", maxPoints: 25 },
      { name: "安全管理与应急预案", description: "接送交接、服药管理、走失与突发疾病的预防和处置", maxPoints: 15 },
      { name: "类似项目经验", description: "近三年承接残疾人服务类项目的情况", maxPoints: 10 },
    ],
    needs: ["yingyueluDayCare"],
    communities: ["映月路社区", "硝滩社区"],
    contact: GUANCHENG_CONTACT,
    created: [-38, "10:00"],
    published: [-36, "09:00"],
    enquiryDeadline: [-26, "17:00"],
    bidDeadline: [-14, "09:30"],
    questions: [
      {
        by: "agency.xinyuan",
        at: [-30, "11:20"],
        question: "“阳光家园”现有的康复训练器材能否供中标人使用？是否需要在报价中考虑器材购置费用？",
        answer: { at: [-29, "16:00"], text: "“阳光家园”现有康复训练器材由采购人无偿提供使用；如中标人认为需要补充个别器材，相关费用可列入投标报价，但不得超过报价的5%。" },
      },
    ],
  },
  {
    key: "scoring",
    officer: "bureau.jinshui",
    description:
      "在金沙社区、文博社区、丰乐社区为低保、低保边缘及支出型困难家庭提供“社工+救助”综合帮扶：入户需求评估，“一户一策”个案管理，协助申请临时救助、医疗救助等政策，链接慈善资源，关注困难家庭中的儿童、老人和残疾人，完善困难家庭动态监测台账。\n服务期限：合同签订之日起12个月。\n服务要求：入户评估不少于100户，个案管理不少于35个，政策宣讲不少于6场；服务对象信息严格保密。",
    category: "social_assistance",
    method: "open_tender",
    ceilingYuan: 450_000,
    line: "jinshui.general",
    months: 12,
    eligibility: eligibility("至少配备3名持证社会工作者，其中1名具有社会救助服务经验。"),
    pricePoints: 20,
    criteria: [
      { name: "服务方案", description: "需求评估、分类帮扶与个案管理方案的针对性和可行性", maxPoints: 30 },
      { name: "专业团队", description: "社工资质、社会救助服务经验与督导安排", maxPoints: 20 },
      { name: "资源链接与救助衔接", description: "与街道社会救助所、慈善组织和爱心企业的合作基础及转介机制", maxPoints: 15 },
      { name: "类似项目经验", description: "近三年承接社会救助类服务项目的数量及成效", maxPoints: 15 },
    ],
    needs: ["jinshaAssistance"],
    communities: ["金沙社区", "文博社区", "丰乐社区"],
    contact: JINSHUI_CONTACT,
    created: [-36, "14:00"],
    published: [-34, "09:00"],
    enquiryDeadline: [-22, "17:00"],
    bidDeadline: [-7, "09:30"],
  },
  {
    key: "opened",
    officer: "bureau.zhongyuan",
    description:
      "为友爱社区、秦岭社区80岁以上高龄、独居及失能老人提供居家上门服务：助洁、助浴、助医（陪诊、代配药）、紧急呼叫响应和精神慰藉，建立“一人一档”和需求分级评估，每季度回访服务满意度。\n服务期限：合同签订之日起12个月。\n服务要求：服务老人不少于180名，年度上门服务不少于4,000人次；紧急呼叫30分钟内响应。",
    category: "elderly_care",
    method: "open_tender",
    ceilingYuan: 560_000,
    line: "zhongyuan.general",
    months: 12,
    eligibility: eligibility("具有居家养老服务经验，拟派团队中持证社会工作者不少于2名、持证养老护理员不少于4名。"),
    pricePoints: 20,
    criteria: [
      { name: "服务方案", description: "需求评估、上门服务内容、频次与质量标准的完整性和可行性", maxPoints: 30 },
      { name: "团队配置与专业资质", description: "社工、养老护理员的数量、资质与经验", maxPoints: 20 },
      { name: "安全管理与应急响应", description: "上门服务安全规范、紧急呼叫响应与意外处置", maxPoints: 15 },
      { name: "类似项目经验", description: "近三年承接居家养老服务项目的情况", maxPoints: 15 },
    ],
    needs: ["youaiHomeCare"],
    communities: ["友爱社区", "秦岭社区"],
    contact: ZHONGYUAN_CONTACT,
    created: [-30, "15:30"],
    published: [-28, "09:00"],
    enquiryDeadline: [-18, "17:00"],
    bidDeadline: [-4, "09:30"],
  },
  {
    key: "publicity",
    officer: "bureau.huiji",
    description:
      "在英才社区组织低龄老人与高龄独居老人结对，开展日常探访、代购代办、陪同就医和应急帮扶，建立“邻里守望”互助养老机制和志愿服务积分激励制度，并为结对老人提供健康管理和文化娱乐活动。\n服务期限：合同签订之日起12个月。\n服务要求：结对帮扶高龄独居老人不少于70名，培育低龄老人志愿者不少于100名，年度探访不少于3,000人次。",
    category: "elderly_care",
    method: "competitive_consultation",
    ceilingYuan: 320_000,
    line: "huiji.general",
    months: 12,
    eligibility: eligibility("具有社区志愿服务组织经验，至少配备1名持证社会工作者。"),
    pricePoints: 20,
    criteria: [
      { name: "服务方案", description: "结对机制、探访与应急帮扶安排的针对性和可行性", maxPoints: 35 },
      { name: "团队与志愿者组织", description: "项目团队资质，志愿者招募、培训与激励机制", maxPoints: 25 },
      { name: "社区参与与可持续性", description: "居民参与程度，项目结束后互助机制的持续运行", maxPoints: 20 },
    ],
    needs: ["yingcaiMutualAid"],
    communities: ["英才社区"],
    contact: HUIJI_CONTACT,
    created: [-25, "16:00"],
    published: [-24, "09:00"],
    enquiryDeadline: [-16, "17:00"],
    bidDeadline: [-8, "09:30"],
  },
  {
    key: "recommended",
    officer: "bureau.erqi",
    description:
      "在大学路社区、兴华社区提供社区心理关爱与危机干预服务：设立心理咨询室，提供个体咨询和团体辅导；建立心理危机识别、评估、干预与转介流程，与精神卫生医疗机构建立转介通道；面向青年、老年人和家庭开展心理健康科普。\n服务期限：合同签订之日起10个月。\n服务要求：个体咨询不少于200人次，团体辅导不少于16场，科普活动不少于10场；危机个案24小时内响应。",
    category: "mental_health",
    method: "competitive_consultation",
    ceilingYuan: 280_000,
    line: "erqi.lottery",
    months: 10,
    eligibility: eligibility("至少配备1名持有心理咨询师或心理治疗师证书的专职人员和1名持证社会工作者。"),
    pricePoints: 20,
    criteria: [
      { name: "服务方案", description: "咨询、团体辅导与科普服务内容的针对性和可行性", maxPoints: 35 },
      { name: "专业团队", description: "心理咨询师、社工的资质、经验与督导安排", maxPoints: 25 },
      { name: "危机干预与转介机制", description: "危机识别、响应时限及与医疗机构的转介合作", maxPoints: 20 },
    ],
    needs: ["daxueluMentalHealth"],
    communities: ["大学路社区", "兴华社区"],
    contact: ERQI_CONTACT,
    created: [-23, "10:00"],
    published: [-22, "09:00"],
    enquiryDeadline: [-15, "17:00"],
    bidDeadline: [-6, "09:30"],
  },
  {
    key: "readyToOpen",
    officer: "bureau.jinshui",
    description:
      "为金沙社区、文博社区空巢及独居高龄老人提供定期探访、精神慰藉、居家安全排查和紧急援助服务：建立“一人一档”和风险分级台账，对高风险老人每周上门探访并每日电话问安；联合燃气、电力部门开展居家安全隐患排查，为有需要的老人链接适老化改造和智能安防设备；组建邻里守望志愿队。\n服务期限：合同签订之日起12个月。\n服务要求：服务老人不少于140名，年度上门探访不少于2,400人次；紧急求助30分钟内响应。",
    category: "elderly_care",
    method: "open_tender",
    ceilingYuan: 450_000,
    line: "jinshui.general",
    months: 12,
    eligibility: eligibility("具有养老或社区服务经验，拟派团队中持证社会工作者不少于2名。"),
    pricePoints: 20,
    criteria: [
      { name: "服务方案", description: "探访、精神慰藉与居家安全服务内容、频次和质量标准的针对性和可行性", maxPoints: 30 },
      { name: "专业团队", description: "社工及服务人员的资质、经验、督导安排与稳定性", maxPoints: 25 },
      { name: "安全管理与应急响应", description: "居家安全排查、紧急求助响应和意外处置机制", maxPoints: 15 },
      { name: "类似项目经验", description: "近三年承接养老、探访关爱类项目的数量及成效", maxPoints: 10 },
    ],
    needs: ["jinshaEmptyNest"],
    communities: ["金沙社区", "文博社区"],
    contact: JINSHUI_CONTACT,
    created: [-27, "10:00"],
    published: [-25, "09:00"],
    enquiryDeadline: [-14, "17:00"],
    bidDeadline: [-2, "09:30"],
  },
];

// ---------------------------------------------------------------------------------------------
// Running it
// ---------------------------------------------------------------------------------------------

export interface Clock {
  /** The instant of a [day offset, "HH:MM"] in Beijing time, relative to the seed's day. */
  at(when: When): Date;
  daysAgo(days: number, time?: string): Date;
  /** "11月12日" */
  monthDay(when: When): string;
}

function shanghaiClock(now: Date): Clock {
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const midnight = Date.parse(`${today}T00:00:00+08:00`);
  const at = ([day, time]: When) => {
    const [h, m] = time.split(":").map(Number);
    return new Date(midnight + day * DAY_MS + (h * 60 + m) * 60_000);
  };
  return {
    at,
    daysAgo: (days, time = "10:00") => at([-days, time]),
    monthDay: (when) => {
      const shifted = new Date(at(when).getTime() + 8 * 3_600_000);
      return `${shifted.getUTCMonth() + 1}月${shifted.getUTCDate()}日`;
    },
  };
}

export interface SeededProcurement {
  budgetLines: Record<string, string>;
  needs: Record<string, string>;
  tenders: Record<DemoTenderKey, string>;
  /** Bid ids by "tenderKey.agency", e.g. bids["awarded.nuancheng"]. */
  bids: SeededEvaluation["bids"];
  /** Contract ids of the funded venture proposals, by agency. */
  contracts: SeededContracts["contracts"];
  counts: { budgetLines: number; needs: number; needSupports: number; tenders: number; enquiries: number; amendments: number } & SeededEvaluation["counts"] & SeededContracts["counts"];
}

/** Messages of the form's time rules, which the schema checks against the real clock. */
const CLOCK_RULES = ["tenders.rule.enquiryFuture", "tenders.rule.bidPeriodOpen", "tenders.rule.bidPeriodConsultation"];

/**
 * The form's schema on the demo tender as the form would send it; the rules that depend on
 * the time of publication are checked here against the tender's own publication time.
 */
function assertValidTender(key: string, input: TenderInput, publishedAt: Date | null) {
  const form = {
    ...input,
    theme: input.theme ?? "",
    ceilingPrice: fenToYuanString(input.ceilingPrice),
    enquiryDeadline: toShanghaiInput(input.enquiryDeadline),
    bidDeadline: toShanghaiInput(input.bidDeadline),
  };
  const parsed = tenderSchema.safeParse(form);
  const problems = (parsed.success ? [] : parsed.error.issues)
    .filter((i) => !(publishedAt && CLOCK_RULES.some((rule) => i.message.startsWith(rule))))
    .map((i) => `${i.path.join(".")}: ${i.message}`);
  const publication = publishedAt ?? new Date();
  if (input.enquiryDeadline <= publication) problems.push("enquiryDeadline: not after publication");
  if (!isBidPeriodLongEnough(input.method, publication, input.bidDeadline)) {
    problems.push(`bidDeadline: less than ${MIN_BID_PERIOD_DAYS[input.method]} days after publication`);
  }
  if (problems.length) throw new Error(`demo tender ${key} breaks the tender rules: ${problems.join("; ")}`);
}

export async function seedProcurement(tx: Tx, places: SeededRegions, userIds: SeededUsers, now: Date): Promise<SeededProcurement> {
  const clock = shanghaiClock(now);
  const sessionUsers = new Map<string, SessionUser>();
  const actor = async (username: string): Promise<SessionUser> => {
    const cached = sessionUsers.get(username);
    if (cached) return cached;
    const id = userIds[username];
    if (!id) throw new Error(`demo procurement: unknown user ${username}`);
    const [row] = await tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, id)).limit(1);
    const user: SessionUser = { id, username, displayName: row.displayName, grants: await loadGrants(tx, id) };
    sessionUsers.set(username, user);
    return user;
  };
  const community = (name: string) => {
    const id = places.communities[name];
    if (!id) throw new Error(`demo procurement: unknown community ${name}`);
    return id;
  };

  // Budget lines, created at the start of the fiscal year.
  const lineIds: Record<string, string> = {};
  const fiscalYearStart = new Date(`${DEMO_FISCAL_YEAR}-01-06T09:00:00+08:00`);
  const linesCreatedAt = fiscalYearStart < clock.daysAgo(60) ? fiscalYearStart : clock.daysAgo(60);
  for (const spec of BUDGET_LINE_SPECS) {
    const input = budgetLineSchema.parse({ fiscalYear: String(DEMO_FISCAL_YEAR), fundSource: spec.fundSource, name: DEMO_BUDGET_LINES[spec.fundSource], amount: String(spec.yuan) });
    const line = await createBudgetLine(tx, await actor(`bureau.${spec.bureau}`), input);
    lineIds[spec.key] = line.id;
    await tx.update(budgetLines).set({ createdAt: linesCreatedAt }).where(eq(budgetLines.id, line.id));
  }

  // Needs: posted, supported, then reviewed by the officer of the need's district.
  const needIds: Record<string, string> = {};
  let supportCount = 0;
  const needsByPostTime = [...NEED_SPECS].sort((a, b) => b.postedDaysAgo - a.postedDaysAgo);
  for (const spec of needsByPostTime) {
    const poster = await actor(spec.by);
    const communityId = poster.grants.find((g) => g.communityId)?.communityId;
    const communityName = Object.entries(places.communities).find(([, id]) => id === communityId)?.[0];
    if (!communityName) throw new Error(`demo need ${spec.key}: ${spec.by} has no community`);
    const fields = {
      title: spec.title,
      description: spec.description,
      category: spec.category,
      targetGroup: spec.targetGroup,
      beneficiariesEstimate: String(spec.beneficiaries),
      suggestedBudget: String(spec.budgetYuan),
      urgency: spec.urgency,
    };
    const asResident = !spec.channel;
    const input = asResident
      ? residentNeedSchema.parse(fields)
      : needSchema.parse({ ...fields, channel: spec.channel, gridId: spec.grid ? places.grids[spec.grid] : "" });
    const need = await postNeed(tx, poster, input, { as: asResident ? "resident" : "community" });
    needIds[spec.key] = need.id;
    const postedAt = clock.daysAgo(spec.postedDaysAgo, "09:40");
    await tx.update(needs).set({ createdAt: postedAt }).where(eq(needs.id, need.id));

    for (const [i, supporter] of (spec.supporters ?? []).entries()) {
      await supportNeed(tx, await actor(supporter), need.id);
      // Supports come in over the days after posting, before any review.
      const lastDay = spec.review ? spec.review.daysAgo + 1 : 1;
      const day = Math.max(lastDay, spec.postedDaysAgo - 1 - i);
      await tx
        .update(needSupports)
        .set({ createdAt: clock.daysAgo(day, `${19 + (i % 3)}:${String(10 + i * 7).padStart(2, "0")}`) })
        .where(and(eq(needSupports.needId, need.id), eq(needSupports.userId, userIds[supporter])));
      supportCount += 1;
    }

    if (spec.review) {
      const district = places.communityDistrict[communityName];
      await reviewNeed(tx, await actor(`bureau.${district}`), need.id, { decision: spec.review.decision, reason: spec.review.reason });
      await tx
        .update(needs)
        .set({ reviewedAt: clock.daysAgo(spec.review.daysAgo, "15:00") })
        .where(eq(needs.id, need.id));
    }
  }

  // Tenders, in the order they were published; each one's later events in time order.
  const tenderIds = {} as Record<DemoTenderKey, string>;
  let enquiryCount = 0;
  let amendmentCount = 0;
  const publishTime = (t: TenderSpec) => (t.published ? clock.at(t.published).getTime() : Number.POSITIVE_INFINITY);
  for (const spec of [...TENDER_SPECS].sort((a, b) => publishTime(a) - publishTime(b))) {
    const officer = await actor(spec.officer);
    const input: TenderInput = {
      title: DEMO_TENDERS[spec.key],
      description: spec.description,
      category: spec.category,
      method: spec.method,
      theme: spec.theme,
      ceilingPrice: spec.ceilingYuan * 100,
      budgetLineId: lineIds[spec.line],
      servicePeriodMonths: spec.months,
      recurringService: spec.recurring ?? false,
      eligibility: spec.eligibility,
      pricePoints: spec.pricePoints,
      criteria: spec.criteria,
      weightPurchaser: 30,
      weightThirdParty: 40,
      weightSatisfaction: 30,
      tranches: spec.tranches ?? DEFAULT_TRANCHES,
      enquiryDeadline: clock.at(spec.enquiryDeadline),
      bidDeadline: clock.at(spec.bidDeadline),
      needIds: spec.needs.map((k) => needIds[k]),
      communityIds: spec.communities.map(community),
      contactName: spec.contact.name,
      contactPhone: spec.contact.phone,
    };
    const publishedAt = spec.published ? clock.at(spec.published) : null;
    assertValidTender(spec.key, input, publishedAt);

    const draft = await saveDraft(tx, officer, input);
    tenderIds[spec.key] = draft.id;
    let lastChange = clock.at(spec.created);
    if (publishedAt) {
      await publishTender(tx, officer, draft.id, publishedAt);
      lastChange = publishedAt;
      await tx.update(budgetMovements).set({ at: publishedAt }).where(and(eq(budgetMovements.subjectId, draft.id), eq(budgetMovements.kind, "reserve")));
    }

    type Event = { at: Date; run: () => Promise<void> };
    const events: Event[] = [];
    for (const q of spec.questions ?? []) {
      let enquiryId = "";
      events.push({
        at: clock.at(q.at),
        run: async () => {
          enquiryId = (await askQuestion(tx, await actor(q.by), draft.id, q.question, clock.at(q.at))).id;
          enquiryCount += 1;
        },
      });
      const answer = q.answer;
      if (answer) events.push({ at: clock.at(answer.at), run: () => answerQuestion(tx, officer, enquiryId, answer.text, clock.at(answer.at)) });
    }
    for (const a of spec.amendments ?? []) {
      events.push({
        at: clock.at(a.at),
        run: async () => {
          const amendedAt = clock.at(a.at);
          const [before] = await tx.select({ bidDeadline: tenders.bidDeadline }).from(tenders).where(eq(tenders.id, draft.id));
          const amendment = await amendTender(tx, officer, draft.id, { changes: a.changes(clock), reason: a.reason, affectsBids: a.affectsBids }, amendedAt);
          // The demo promises one amendment that moved the deadline and one that did not: hold the module to the rule.
          const expected = deadlineAfterAmendment(spec.method, before.bidDeadline, amendedAt, a.affectsBids);
          if (amendment.newBidDeadline.getTime() !== expected.getTime()) throw new Error(`demo tender ${spec.key}: amendment moved the deadline to ${amendment.newBidDeadline.toISOString()}, expected ${expected.toISOString()}`);
          amendmentCount += 1;
          lastChange = amendedAt;
        },
      });
    }
    const cancellation = spec.cancelled;
    if (cancellation) {
      events.push({
        at: clock.at(cancellation.at),
        run: async () => {
          const cancelledAt = clock.at(cancellation.at);
          await cancelTender(tx, officer, draft.id, cancellation.reason, cancelledAt);
          await tx.update(budgetMovements).set({ at: cancelledAt }).where(and(eq(budgetMovements.subjectId, draft.id), eq(budgetMovements.kind, "release")));
          lastChange = cancelledAt;
        },
      });
    }
    events.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const event of events) {
      if (event.at.getTime() >= now.getTime()) throw new Error(`demo tender ${spec.key}: an event in the future (${event.at.toISOString()})`);
      await event.run();
    }
    await tx.update(tenders).set({ createdAt: clock.at(spec.created), updatedAt: lastChange }).where(eq(tenders.id, draft.id));
  }

  // Bids, openings, committees, scores, awards and challenges (issue 4), on the tenders above.
  const evaluation = await seedEvaluation(tx, { now, clock, actor, tenderIds });
  // Contracts, progress reports and payments (issue 5), from the funded venture proposals.
  const projects = await seedContracts(tx, { now, clock, actor, tenderIds });

  return {
    budgetLines: lineIds,
    needs: needIds,
    tenders: tenderIds,
    bids: evaluation.bids,
    contracts: projects.contracts,
    counts: {
      budgetLines: BUDGET_LINE_SPECS.length,
      needs: NEED_SPECS.length,
      needSupports: supportCount,
      tenders: TENDER_SPECS.length,
      enquiries: enquiryCount,
      amendments: amendmentCount,
      ...evaluation.counts,
      ...projects.counts,
    },
  };
}
