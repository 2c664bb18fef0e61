/**
 * The bids-to-award part of the demo (issue 4, DESIGN §4.4–4.6): sealed bids on the open
 * tenders, and tenders taken through opening, the committee, scoring, the award, publicity and
 * challenges, so that every stage can be seen:
 *
 * - open with sealed bids: openElderCare (3), consultation (2), venture (2 proposals), amended (2:
 *   one placed before the amendment that moved the deadline and never confirmed, one confirmed);
 * - ready to open (金水区): the deadline passed 2 days ago, 3 sealed bids, not opened yet (the e2e
 *   tests/e2e/bidding.test.ts opens it and takes it through the committee to the award);
 * - opened (中原区), committee not formed yet;
 * - being scored (金水区): a member declared a conflict and was replaced; some sheets submitted,
 *   some still drafts;
 * - recommended (二七区): every sheet in, ranking computed, award not confirmed;
 * - publicity (惠济区): 2 valid responses, the bureau chose to go on, award confirmed yesterday;
 * - a pending challenge (管城回族区) by the runner-up of an award in publicity;
 * - awarded (中原区): a challenge rejected, the window passed, the award final;
 * - unsuccessful (二七区): an open tender with 2 bids, 废标 at opening, reservation released.
 *
 * A few of 安园's bids carry attachments (one-page PDFs drawn here), sealed with the bid: on
 * openElderCare (still sealed), readyToOpen (opened by the e2e) and scoring (read by the committee).
 *
 * Everything goes through the domain commands (submitBid, confirmBid, openBids,
 * decideWithTwoBids, formCommittee, declareConflicts, replaceMember, readOpenedBid,
 * saveScoreSheet, confirmAward, fileChallenge, answerChallenge, settleAward) inside the seed's
 * transaction, with a `now` in the past for each step, and every input passes the schema of its
 * form. Only the times of budget movements, which the budget module stamps with the real clock,
 * are set afterwards. Scores are made from each bid's assessment (the share of each criterion's
 * maximum a typical member gives, and why) plus a small fixed spread per member, so the ranking
 * is the intended one, and checked: the seed fails rather than tell a different story.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { SessionUser } from "~/modules/auth/permissions";
import { challengeWindowOpen } from "~/modules/awards/award-dates";
import { confirmAwardSchema } from "~/modules/awards/awards-schema";
import { confirmAward, settleAward } from "~/modules/awards/awards.server";
import { committeeSchema, declarationSchema, replacementSchema, scoreSheetSchema } from "~/modules/bid-evaluation/evaluation-schema";
import { committeeCandidates, declareConflicts, formCommittee, replaceMember, saveScoreSheet } from "~/modules/bid-evaluation/evaluation.server";
import { toCommitteeMethod } from "~/modules/bid-evaluation/committee-rules";
import { criterionMeans, rankBids } from "~/modules/bid-evaluation/scoring";
import { bidSchema } from "~/modules/bids/bids-schema";
import { confirmBid, decideWithTwoBids, openBids, readOpenedBid, submitBid } from "~/modules/bids/bids.server";
import { fenToYuanString } from "~/modules/budgets/money";
import { renderPdf } from "~/modules/documents/pdf.server";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { answerChallengeSchema, challengeSchema } from "~/modules/challenges/challenges-schema";
import { answerChallenge, fileChallenge } from "~/modules/challenges/challenges.server";
import type { Tx } from "./client";
import { awards, bidOpenings, bids, budgetLines, budgetMovements, challenges, evaluationReports, evaluationResults, staff, tenderCriteria, tenders } from "./schema";
import type { Clock, DemoTenderKey, When } from "./seed-procurement";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

type Agency = "anyuan" | "hexie" | "xinyuan" | "nuancheng" | "linli";

interface BidSpec {
  by: Agency;
  at: When;
  priceYuan: number;
  /** Venture calls: the proposal's own title. */
  proposalTitle?: string;
  plan: string;
  activities: string;
  beneficiaries: number;
  sessions: number;
  volunteerHours: number;
  /** Names of the organization's staff on the team. */
  team: string[];
  /** Budget rows: item and percent of the price; the last row takes the rest. Default: DEFAULT_BUDGET. */
  budget?: Array<[string, number]>;
  /** Confirmed again at this time (after an amendment that moved the deadline). */
  confirmedAt?: When;
  /** Files sealed with the bid: a file name and the lines of the one-page PDF the seed draws. */
  attachments?: ReadonlyArray<readonly [string, readonly string[]]>;
  /**
   * The committee's view per non-price criterion, in the tender's order: the share of the
   * maximum points a typical member gives, and the reason each member's justification starts with.
   */
  assessment?: Array<[number, string]>;
}

interface DeclarationSpec {
  by: string;
  at: When;
  conflictWith?: Agency;
  note?: string;
}

interface SheetSpec {
  by: string;
  at: When;
  /** Submitted sheets, in this order, 25 minutes apart. */
  submit: Agency[];
  /** Drafts saved after them: the first two criteria scored, the rest left empty. */
  draft?: Agency[];
}

interface CommitteeSpec {
  formed: When;
  /** Usernames: the bureau's representative first, then the experts. */
  members: string[];
  declarations: DeclarationSpec[];
  replacements?: Array<{ recused: string; by: string; at: When }>;
  sheets: SheetSpec[];
  /** A member who scores one bid well below the others (the report flags it). */
  deviation?: { by: string; bid: Agency; share: number; reasons: string[] };
}

interface ChallengeSpec {
  by: Agency;
  at: When;
  subject: string;
  grounds: string;
  answer?: { at: When; decision: "reject"; text: string };
}

interface StageSpec {
  tender: DemoTenderKey;
  officer: string;
  bids: BidSpec[];
  opening?: { at: When; outcome: "proceed" | "choose" | "unsuccessful"; proceedAt?: When };
  committee?: CommitteeSpec;
  /** Expected ranking once every sheet is in, best first. */
  ranking?: Agency[];
  award?: { at: When };
  challenge?: ChallengeSpec;
  /** The award must have become final by the seed's time. */
  final?: boolean;
}

const DEFAULT_BUDGET: Array<[string, number]> = [
  ["人员经费（工资、社保及公积金）", 62],
  ["服务活动经费", 20],
  ["专业督导与培训费", 6],
  ["办公及场地运行费用", 5],
  ["管理费用及税费", 7],
];

const budget = (staffShare: number, activityShare: number, supervisionShare: number, officeShare: number): Array<[string, number]> => [
  ["人员经费（工资、社保及公积金）", staffShare],
  ["服务活动经费", activityShare],
  ["专业督导与培训费", supervisionShare],
  ["办公及场地运行费用", officeShare],
  ["管理费用及税费", 100 - staffShare - activityShare - supervisionShare - officeShare],
];

// ---------------------------------------------------------------------------------------------
// The stages
// ---------------------------------------------------------------------------------------------

/**
 * The sealed bids on readyToOpen, by bidder, for tests: what the opening must reveal (prices in
 * yuan, all different) and what nobody may read before it (each service plan, 安园's files).
 */
export const READY_TO_OPEN_BIDS = {
  anyuan: {
    priceYuan: 436_000,
    /** Sealed with the bid: file names and the text of each one-page PDF. */
    attachments: [
      ["安园-民办非企业单位登记证书.pdf", ["登记管理机关：郑州市金水区民政局", "业务范围：社会工作服务、居家养老服务、社区服务（演示材料）"]],
      ["安园-空巢老人探访服务案例.pdf", ["2025年在金沙社区为96名空巢老人开展分级探访，全年上门1,860人次。", "一键呼叫设备30分钟响应率98%（演示材料）"]],
    ],
    plan: "在金沙、文博社区各设1个服务点，组建“社工+护理员+志愿者”探访小组：对140名空巢老人开展风险评估并分为高、中、低三级，高风险老人每周上门探访2次、每日电话问安，中低风险老人每两周探访1次；每次探访同步检查燃气、用电和防跌倒隐患，建立隐患整改台账；为独居高龄老人配置一键呼叫设备，24小时值守、30分钟内上门响应。",
  },
  hexie: {
    priceYuan: 442_500,
    plan: "以家庭支持为主线，联系空巢老人的子女建立“亲情联络”微信群，每月组织1次家庭视频团聚；社工每月上门探访1次，提供心理疏导和健康咨询；每季度开展1次居家安全知识讲座，发放防跌倒和燃气安全宣传资料。",
  },
  xinyuan: {
    priceYuan: 419_800,
    plan: "由心理咨询师牵头开展空巢老人心理健康筛查，对抑郁、焦虑风险较高的老人开展个体心理辅导和团体辅导；组织“老伙伴”互助小组，低龄老人与高龄老人结对，每周电话问候并上门陪伴；每半年联合燃气公司开展1次入户安全检查。",
  },
} as const;

const STAGES: StageSpec[] = [
  // ---- Open tenders: sealed bids only ------------------------------------------------------
  {
    tender: "openElderCare",
    officer: "bureau.jinshui",
    bids: [
      {
        by: "anyuan",
        at: [-4, "16:20"],
        priceYuan: 1_168_000,
        attachments: [["安园-居家养老服务中心运营方案附件.pdf", ["丰乐、四月天社区居家养老服务中心功能布局与排班表（演示材料）", "助餐供应商资质与食品安全管理制度"]]],
        plan: "以丰乐、四月天两个居家养老服务中心为枢纽，建立“中心+站点+家庭”三级服务网络：中心每日开放11小时，提供堂食助餐（日均180份）和送餐上门；组建助浴、康复护理小组，为失能半失能老人提供上门服务；对67名80岁以上独居老人实行“一人一档”，每周至少探访1次，配合智能烟感和一键呼叫设备开展安全巡查。",
        activities: "每月健康讲座2场、老年文体活动4场；每季度家庭照护者培训1次；重阳节、春节组织社区敬老活动；招募低龄老人和大学生志愿者结对探访。",
        beneficiaries: 420,
        sessions: 960,
        volunteerHours: 3600,
        team: ["林晓", "周雨桐", "吴嘉怡", "郑凯", "黄思敏", "宋佳"],
        budget: budget(64, 22, 4, 4),
      },
      {
        by: "hexie",
        at: [-2, "10:40"],
        priceYuan: 1_150_000,
        plan: "委托持证餐饮企业中央厨房配送、中心分餐，保障每周7天午餐和晚餐供应；设立日间照料区和康复训练室，由社工牵头开展个案管理；为独居、空巢老人建立电话问安与上门探访相结合的关爱机制，引入家庭医生签约服务开展健康管理。",
        activities: "开设书法、合唱、智能手机使用等兴趣班，每周各1次；每月1次集体生日会；组建“邻里守望”志愿服务队开展结对帮扶。",
        beneficiaries: 380,
        sessions: 820,
        volunteerHours: 3000,
        team: ["高文娟", "罗晓婷", "唐磊", "许丹", "韦晨阳"],
      },
      {
        by: "xinyuan",
        at: [-1, "15:05"],
        priceYuan: 1_096_000,
        plan: "在两个中心分别设立助餐点、日间照料区和心理慰藉室，助餐采取堂食与送餐结合；为失能半失能老人提供每周2次上门助浴与康复指导；针对独居老人开展心理健康筛查和情绪疏导，建立“一人一档”，并与社区网格员共享风险预警信息。",
        activities: "每月老年心理健康讲座1场、团体辅导2场；组织“老伙伴”互助小组；节假日开展文化娱乐活动。",
        beneficiaries: 360,
        sessions: 760,
        volunteerHours: 2400,
        team: ["冯志远", "程琳", "曾浩然", "蔡欣"],
        budget: budget(60, 21, 7, 5),
      },
    ],
  },
  {
    tender: "consultation",
    officer: "bureau.erqi",
    bids: [
      {
        by: "hexie",
        at: [-2, "16:30"],
        priceYuan: 289_000,
        plan: "在大学路社区、庆丰社区各设1个托管点，学期中每周一至周五16:30—19:00提供作业辅导、阅读陪伴和安全教育，寒暑假开设主题成长营；社工对每名儿童开展需求评估，对情绪行为问题突出的儿童开展个案辅导，每学期为监护人提供家庭教育指导。",
        activities: "每周开展绘本阅读、科学小实验、体育游戏等兴趣课程各1次；每月1次亲子活动；寒暑假各举办1期为期4周的成长营。",
        beneficiaries: 90,
        sessions: 420,
        volunteerHours: 1500,
        team: ["高文娟", "罗晓婷", "唐磊"],
      },
      {
        by: "nuancheng",
        at: [-1, "11:15"],
        priceYuan: 276_500,
        plan: "依托基金会“暖程助学”项目资源，为困境儿童提供课后托管和学业辅导，链接驻区高校志愿者开展一对一辅导；建立困境儿童档案，联合学校、社区定期家访，为特别困难家庭链接慈善救助资源。",
        activities: "每周托管5天；每月1次心理关爱小组；每学期1次“小小志愿者”社区实践；寒暑假开展夏令营和冬令营。",
        beneficiaries: 85,
        sessions: 400,
        volunteerHours: 2200,
        team: ["韩雪", "于洋", "董芳"],
        budget: budget(58, 26, 5, 4),
      },
    ],
  },
  {
    tender: "venture",
    officer: "bureau.jinshui",
    bids: [
      {
        by: "anyuan",
        at: [-2, "15:40"],
        priceYuan: 96_000,
        proposalTitle: "“时间银行”邻里互助养老计划",
        plan: "在金沙社区、丰乐社区招募60名低龄老人组建互助队，为高龄、独居老人提供陪伴聊天、代购代办、陪同就医等服务，服务时长存入“时间银行”，将来可兑换服务；建立线上记账、积分兑换与表彰机制。",
        activities: "每月互助队培训1次；每季度举办“时间银行”兑换日；年终评选“互助之星”。",
        beneficiaries: 200,
        sessions: 150,
        volunteerHours: 4800,
        team: ["周雨桐", "黄思敏"],
        budget: [
          ["项目人员补贴", 45],
          ["志愿者培训与保险", 20],
          ["活动物资", 20],
          ["线上记账工具与宣传", 10],
          ["管理费用", 5],
        ],
      },
      {
        by: "hexie",
        at: [-1, "17:20"],
        priceYuan: 88_000,
        proposalTitle: "“银龄伴童”四点半课堂",
        plan: "在文博社区、四月天社区开设“四点半课堂”，邀请退休教师和低龄老人担任志愿辅导员，为双职工家庭小学生提供课后看护、作业辅导和传统文化课程，促进代际互助。",
        activities: "学期中每周一至周五开放；每月1次祖孙共学活动；寒暑假举办“银龄伴童”主题营。",
        beneficiaries: 120,
        sessions: 200,
        volunteerHours: 2600,
        team: ["罗晓婷", "唐磊"],
        budget: [
          ["项目人员补贴", 40],
          ["志愿辅导员培训与保险", 15],
          ["课程与活动物资", 30],
          ["宣传与记录", 8],
          ["管理费用", 7],
        ],
      },
    ],
  },
  {
    tender: "amended",
    officer: "bureau.jinshui",
    bids: [
      {
        by: "hexie",
        at: [-8, "14:00"],
        confirmedAt: [-1, "09:40"],
        priceYuan: 578_000,
        plan: "在金沙社区、文博社区服务站各派驻1名持证心理咨询师和1名社工，服务站每周开放6天（含周六）；提供个体心理咨询、家庭咨询和团体辅导，建立心理危机“发现—评估—干预—转介”流程，与精神卫生医疗机构建立转介绿色通道。",
        activities: "年度个体咨询不少于380人次、团体辅导26场、心理健康科普讲座14场；为青少年开设情绪管理小组，为独居老人开展心理慰藉探访。",
        beneficiaries: 620,
        sessions: 420,
        volunteerHours: 800,
        team: ["高文娟", "罗晓婷", "许丹"],
      },
      {
        // Placed before the amendment of 2 days ago that moved the deadline, and not confirmed since.
        by: "anyuan",
        at: [-5, "10:30"],
        priceYuan: 565_000,
        plan: "由1名社会工作师（中级）和1名持证心理咨询师驻站，服务站每周开放5天；开展心理咨询、危机干预与转介、心理健康科普，建立社区心理健康档案。",
        activities: "年度个体咨询300人次、团体辅导24场、科普活动12场。",
        beneficiaries: 500,
        sessions: 336,
        volunteerHours: 600,
        team: ["周雨桐", "吴嘉怡", "谢明辉"],
      },
    ],
  },

  // ---- Ready to open: the deadline has passed, nobody has opened the bids -------------------
  {
    tender: "readyToOpen",
    officer: "bureau.jinshui",
    bids: [
      {
        by: "anyuan",
        at: [-9, "10:15"],
        priceYuan: READY_TO_OPEN_BIDS.anyuan.priceYuan,
        plan: READY_TO_OPEN_BIDS.anyuan.plan,
        attachments: READY_TO_OPEN_BIDS.anyuan.attachments,
        activities: "每月开展1次集体生日会或节日联欢；每季度举办1次居家安全与防诈骗讲座；招募40名低龄老人和青年志愿者组建邻里守望队，每年培训4次。",
        beneficiaries: 140,
        sessions: 2600,
        volunteerHours: 3000,
        team: ["林晓", "周雨桐", "郑凯", "宋佳"],
        budget: budget(63, 20, 5, 5),
      },
      {
        by: "hexie",
        at: [-6, "16:40"],
        priceYuan: READY_TO_OPEN_BIDS.hexie.priceYuan,
        plan: READY_TO_OPEN_BIDS.hexie.plan,
        activities: "每月1次家庭视频团聚；每季度1次安全知识讲座；重阳节、春节开展慰问活动。",
        beneficiaries: 140,
        sessions: 1700,
        volunteerHours: 1200,
        team: ["高文娟", "许丹", "韦晨阳"],
      },
      {
        by: "xinyuan",
        at: [-3, "11:20"],
        priceYuan: READY_TO_OPEN_BIDS.xinyuan.priceYuan,
        plan: READY_TO_OPEN_BIDS.xinyuan.plan,
        activities: "心理健康筛查140人次；团体辅导12期；“老伙伴”结对60对；入户安全检查每半年1次。",
        beneficiaries: 140,
        sessions: 2000,
        volunteerHours: 2400,
        team: ["冯志远", "程琳", "蔡欣"],
        budget: budget(60, 22, 8, 5),
      },
    ],
  },

  // ---- Unsuccessful: an open tender with 2 bids --------------------------------------------
  {
    tender: "unsuccessful",
    officer: "bureau.erqi",
    bids: [
      {
        by: "hexie",
        at: [-30, "15:00"],
        priceYuan: 352_000,
        plan: "为庆丰、大学路、兴华社区失能半失能老人家庭提供照护者支持服务：开展照护技能培训、心理减压小组和喘息服务（每户每月不少于8小时的临时替代照护），建立照护者互助网络。",
        activities: "照护技能培训12期、减压小组8期、喘息服务1,400小时；每季度1次照护者交流会。",
        beneficiaries: 60,
        sessions: 180,
        volunteerHours: 900,
        team: ["高文娟", "许丹", "韦晨阳"],
      },
      {
        by: "nuancheng",
        at: [-24, "10:10"],
        priceYuan: 345_800,
        plan: "联合社区卫生服务中心，为失能老人家庭提供上门照护指导与喘息服务，设立照护者“加油站”，链接基金会慈善资源为特困家庭配备护理床、轮椅等辅具。",
        activities: "上门照护指导480人次、喘息服务1,200小时、照护者沙龙10期。",
        beneficiaries: 65,
        sessions: 160,
        volunteerHours: 700,
        team: ["韩雪", "于洋", "潘立"],
        budget: budget(55, 28, 5, 5),
      },
    ],
    opening: { at: [-21, "10:00"], outcome: "unsuccessful" },
  },

  // ---- Opened, no committee yet -------------------------------------------------------------
  {
    tender: "opened",
    officer: "bureau.zhongyuan",
    bids: [
      {
        by: "xinyuan",
        at: [-15, "11:00"],
        priceYuan: 538_000,
        plan: "为友爱、秦岭社区180名高龄、失能老人提供助洁、助浴、助医上门服务，建立“一人一档”和需求分级评估；为独居老人开展心理慰藉和每周电话问安。",
        activities: "上门服务不少于4,200人次；每月1次健康讲座；每季度1次照护者培训。",
        beneficiaries: 180,
        sessions: 4200,
        volunteerHours: 1500,
        team: ["冯志远", "程琳", "曾浩然", "蔡欣"],
      },
      {
        by: "anyuan",
        at: [-9, "14:30"],
        priceYuan: 549_600,
        plan: "以友爱社区老厂区家属院为重点，组建“社工+护理员+志愿者”上门服务团队，提供助洁、助浴、助医和康复护理；引入智能呼叫设备，24小时响应紧急求助；为失能老人家庭提供适老化改造评估。",
        activities: "上门服务4,500人次；适老化改造评估60户；重阳节敬老活动1场。",
        beneficiaries: 200,
        sessions: 4500,
        volunteerHours: 1800,
        team: ["林晓", "吴嘉怡", "郑凯", "谢明辉", "宋佳"],
        budget: budget(65, 18, 5, 5),
      },
      {
        by: "nuancheng",
        at: [-5, "16:45"],
        priceYuan: 526_000,
        plan: "依托基金会养老服务项目经验，为辖区困难老人提供上门助洁、助医和陪诊服务，低保、特困老人优先保障；链接慈善资源为困难老人发放助老包。",
        activities: "上门服务3,800人次；陪诊服务300人次；节日慰问2次。",
        beneficiaries: 170,
        sessions: 3800,
        volunteerHours: 2400,
        team: ["韩雪", "于洋", "董芳", "潘立"],
      },
    ],
    opening: { at: [-4, "10:00"], outcome: "proceed" },
  },

  // ---- Being scored ------------------------------------------------------------------------
  {
    tender: "scoring",
    officer: "bureau.jinshui",
    bids: [
      {
        by: "anyuan",
        at: [-14, "10:00"],
        priceYuan: 438_000,
        attachments: [["安园-困难家庭帮扶项目结项报告.pdf", ["2025年困难家庭综合帮扶项目结项评估：良好（演示材料）", "个案管理42个，链接救助资源56项。"]]],
        plan: "对金沙、文博、丰乐社区低保、低保边缘及支出型困难家庭开展入户需求评估，实施分类帮扶：对因病、因残致贫家庭开展个案管理，协助申请临时救助、医疗救助；链接慈善超市和爱心企业资源，开展“微心愿”认领。",
        activities: "入户评估120户；个案管理40个；政策宣讲6场；“微心愿”认领活动2次。",
        beneficiaries: 120,
        sessions: 260,
        volunteerHours: 1200,
        team: ["林晓", "周雨桐", "郑凯", "黄思敏"],
        assessment: [
          [0.87, "入户评估和分类帮扶设计完整，“一户一策”与临时救助、医疗救助政策衔接清楚"],
          [0.88, "项目负责人为高级社会工作师，团队社会救助服务经验丰富"],
          [0.86, "与街道社会救助所、慈善超市已有合作，转介机制具体"],
          [0.85, "近三年承接社会救助类项目4个，绩效评估均为优秀"],
        ],
      },
      {
        by: "xinyuan",
        at: [-11, "15:30"],
        priceYuan: 419_500,
        plan: "以就业帮扶和心理支持为特色，为困难家庭中有劳动能力的成员提供职业指导和岗位推荐，为家庭成员开展心理疏导；协助社区完善困难家庭动态监测台账。",
        activities: "就业指导60人次、心理疏导80人次、职业技能培训4期。",
        beneficiaries: 100,
        sessions: 210,
        volunteerHours: 800,
        team: ["冯志远", "程琳", "曾浩然"],
        assessment: [
          [0.76, "方案以就业帮扶和心理疏导为特色，对困难家庭中儿童、老人的帮扶安排偏少"],
          [0.74, "团队心理服务能力较强，救助政策经验一般"],
          [0.72, "慈善资源链接渠道较少"],
          [0.66, "社会救助类项目经验较少"],
        ],
      },
      {
        by: "hexie",
        at: [-9, "09:50"],
        priceYuan: 432_800,
        plan: "以家庭为单位开展“一户一策”帮扶，重点关注困难家庭中的儿童和妇女，提供学业辅导、家庭教育指导和心理支持；与街道社会救助所建立转介机制。",
        activities: "困难家庭儿童学业辅导每周2次；家庭教育讲座8场；家庭探访240次。",
        beneficiaries: 110,
        sessions: 300,
        volunteerHours: 1500,
        team: ["高文娟", "罗晓婷", "唐磊", "许丹"],
        assessment: [
          [0.82, "“一户一策”帮扶以家庭为单位，儿童学业辅导和家庭教育指导内容具体"],
          [0.8, "团队社工资质较好，儿童和家庭服务经验丰富"],
          [0.76, "与街道救助所的转介机制有初步安排"],
          [0.78, "承接过困境家庭服务项目2个"],
        ],
      },
    ],
    opening: { at: [-7, "10:00"], outcome: "proceed" },
    committee: {
      formed: [-6, "09:00"],
      members: ["bureau2.jinshui", "expert1", "expert2", "expert3", "expert4"],
      declarations: [
        { by: "bureau2.jinshui", at: [-6, "09:20"] },
        { by: "expert1", at: [-6, "09:25"] },
        { by: "expert2", at: [-6, "09:40"] },
        {
          by: "expert3",
          at: [-6, "09:45"],
          conflictWith: "hexie",
          note: "本人近两年为郑州市金水区和谐家园社会工作服务中心提供年度财务审计服务，存在利害关系，申请回避。",
        },
        { by: "expert4", at: [-6, "10:05"] },
      ],
      replacements: [{ recused: "expert3", by: "expert5", at: [-6, "14:30"] }],
      sheets: [
        { by: "expert1", at: [-5, "10:00"], submit: ["anyuan", "xinyuan", "hexie"] },
        { by: "expert2", at: [-4, "14:00"], submit: ["anyuan", "xinyuan", "hexie"] },
        { by: "bureau2.jinshui", at: [-3, "15:00"], submit: ["anyuan", "xinyuan"], draft: ["hexie"] },
        { by: "expert4", at: [-2, "10:30"], submit: [], draft: ["anyuan"] },
      ],
    },
  },

  // ---- Recommended ---------------------------------------------------------------------------
  {
    tender: "recommended",
    officer: "bureau.erqi",
    bids: [
      {
        by: "hexie",
        at: [-14, "10:20"],
        priceYuan: 272_000,
        plan: "在大学路社区设立心理咨询室，提供个体咨询、家庭咨询和青少年团体辅导；建立心理危机识别与转介流程；面向老年人开展心理慰藉探访，面向家庭开展亲子沟通工作坊。",
        activities: "个体咨询220人次、团体辅导18场、科普活动10场、亲子工作坊6场。",
        beneficiaries: 320,
        sessions: 254,
        volunteerHours: 500,
        team: ["高文娟", "罗晓婷", "许丹"],
        assessment: [
          [0.84, "方案覆盖青少年、家庭和老年人，家庭咨询内容丰富"],
          [0.8, "团队社工资质较好，持证心理咨询师为兼职"],
          [0.78, "危机干预流程完整，与医疗机构的转介合作尚在洽谈"],
        ],
      },
      {
        by: "xinyuan",
        at: [-11, "16:00"],
        priceYuan: 259_800,
        plan: "在大学路社区、兴华社区设立“心灵驿站”，由国家二级心理咨询师坐班，提供个体咨询和团体辅导；针对考研学生、新就业青年开设压力管理小组；建立危机个案“发现—评估—干预—转介”闭环，与精神卫生医疗机构签订转介合作意向。",
        activities: "个体咨询240人次、团体辅导20场、心理健康科普12场；危机个案24小时内响应。",
        beneficiaries: 350,
        sessions: 272,
        volunteerHours: 400,
        team: ["冯志远", "程琳", "曾浩然"],
        budget: budget(63, 17, 9, 5),
        assessment: [
          [0.86, "个体咨询、团体辅导和科普安排合理，针对考研学生和新就业青年的压力管理小组有特色"],
          [0.88, "配备国家二级心理咨询师和持证社工，督导有精神卫生机构背景"],
          [0.9, "危机识别、评估、干预和转介流程完整，已与医疗机构签订转介合作意向"],
        ],
      },
      {
        by: "nuancheng",
        at: [-8, "11:30"],
        priceYuan: 266_000,
        plan: "以心理健康科普和社区宣传为主，在社区开展心理健康知识讲座和义诊，链接志愿心理咨询师提供公益咨询。",
        activities: "科普讲座16场、义诊6场、公益咨询120人次。",
        beneficiaries: 400,
        sessions: 142,
        volunteerHours: 900,
        team: ["韩雪", "于洋"],
        assessment: [
          [0.74, "方案以心理健康科普为主，个体咨询安排偏少"],
          [0.7, "团队缺少专职心理咨询人员"],
          [0.7, "危机干预流程较简略"],
        ],
      },
    ],
    opening: { at: [-6, "10:00"], outcome: "proceed" },
    committee: {
      formed: [-5, "09:00"],
      members: ["bureau2.erqi", "expert1", "expert4"],
      declarations: [
        { by: "bureau2.erqi", at: [-5, "09:20"] },
        { by: "expert1", at: [-5, "09:30"] },
        { by: "expert4", at: [-5, "09:45"] },
      ],
      sheets: [
        { by: "expert4", at: [-5, "10:30"], submit: ["hexie", "xinyuan", "nuancheng"] },
        { by: "expert1", at: [-5, "14:00"], submit: ["hexie", "xinyuan", "nuancheng"] },
        { by: "bureau2.erqi", at: [-4, "10:00"], submit: ["hexie", "xinyuan", "nuancheng"] },
      ],
    },
    ranking: ["xinyuan", "hexie", "nuancheng"],
  },

  // ---- Publicity -------------------------------------------------------------------------------
  {
    tender: "publicity",
    officer: "bureau.huiji",
    bids: [
      {
        by: "nuancheng",
        at: [-18, "10:00"],
        priceYuan: 309_000,
        plan: "招募低龄老人志愿者与高龄独居老人结对，提供定期探访、代购代办和陪同就医；链接社区卫生服务中心开展健康管理；为困难老人链接基金会慈善资源。",
        activities: "结对70对；年度探访3,000人次；健康讲座8场；节日慰问2次。",
        beneficiaries: 190,
        sessions: 3010,
        volunteerHours: 6000,
        team: ["韩雪", "于洋", "董芳"],
        assessment: [
          [0.82, "方案完整，健康管理和慈善资源链接有特色，结对机制的本地化设计稍弱"],
          [0.8, "团队专业资质较好，志愿者以外部招募为主"],
          [0.74, "居民参与设计不足，可持续性依赖基金会后续投入"],
        ],
      },
      {
        by: "linli",
        at: [-12, "15:20"],
        priceYuan: 298_600,
        plan: "以楼院为单元组建“邻里守望”互助小组，每名低龄老人志愿者结对1—2名高龄独居老人，开展每周探访、代购代办和应急帮扶；建立志愿服务积分制度，积分可兑换理发、家电维修等便民服务；依托居民议事会和楼院长网络开展日常协调。",
        activities: "结对75对；年度探访3,200人次；志愿者培训6期；每季度1次邻里节。",
        beneficiaries: 200,
        sessions: 3210,
        volunteerHours: 7200,
        team: ["曹永军", "孟庆华", "田甜", "姜涛"],
        budget: budget(55, 27, 5, 5),
        assessment: [
          [0.86, "结对机制以楼院为单元，探访、代购代办和应急帮扶流程清楚，贴合回迁社区实际"],
          [0.84, "协会扎根惠济区，已有志愿者骨干60余名，积分激励和培训安排具体"],
          [0.88, "依托居民议事会和楼院长网络，项目结束后互助机制可持续运行"],
        ],
      },
    ],
    // Two valid responses in a consultation: the bureau chooses to go on (财库〔2015〕124号).
    opening: { at: [-8, "10:00"], outcome: "choose", proceedAt: [-8, "11:00"] },
    committee: {
      formed: [-7, "09:00"],
      members: ["bureau.huiji", "expert2", "expert7"],
      declarations: [
        { by: "bureau.huiji", at: [-7, "09:15"] },
        { by: "expert2", at: [-7, "09:20"] },
        { by: "expert7", at: [-7, "09:30"] },
      ],
      sheets: [
        { by: "expert2", at: [-7, "10:00"], submit: ["nuancheng", "linli"] },
        { by: "expert7", at: [-7, "11:00"], submit: ["nuancheng", "linli"] },
        { by: "bureau.huiji", at: [-7, "14:00"], submit: ["nuancheng", "linli"] },
      ],
    },
    ranking: ["linli", "nuancheng"],
    award: { at: [-1, "10:00"] },
  },

  // ---- A pending challenge ---------------------------------------------------------------------
  {
    tender: "challenged",
    officer: "bureau.guancheng",
    bids: [
      {
        by: "anyuan",
        at: [-25, "10:30"],
        priceYuan: 418_000,
        plan: "针对智力、精神残疾人特点实施分层训练：生活自理能力训练、康复训练和简单劳动技能培训（手工串珠、洗车、超市理货），每名服务对象制定个别化训练计划并每季度评估；为家属提供喘息服务和照护指导。",
        activities: "日均照料28人；劳动技能培训4期；家属支持小组6期；文体活动每周2次。",
        beneficiaries: 31,
        sessions: 520,
        volunteerHours: 900,
        team: ["林晓", "吴嘉怡", "郑凯", "谢明辉"],
        assessment: [
          [0.86, "针对智力、精神残疾人特点设计分层训练，劳动技能培训与家属喘息服务衔接较好"],
          [0.8, "团队中社会工作师配置较强，但康复专业人员为兼职"],
          [0.82, "安全管理制度完整，应急预案可操作"],
          [0.8, "近三年承接残疾人服务类项目2个"],
        ],
      },
      {
        by: "xinyuan",
        at: [-20, "14:00"],
        priceYuan: 386_000,
        plan: "“阳光家园”每周一至周五开放，提供日间照料、生活自理训练和康复训练；每名服务对象制定个别化训练计划并每季度评估；由心理咨询人员为服务对象和家属提供情绪支持；落实接送交接、服药管理和走失预防制度。",
        activities: "日均照料26人；个别化训练计划31份；家属心理支持小组8期；每月1次社区融合活动。",
        beneficiaries: 31,
        sessions: 500,
        volunteerHours: 700,
        team: ["冯志远", "程琳", "曾浩然", "蔡欣"],
        assessment: [
          [0.84, "日间照料与生活自理训练安排完整，个别化训练计划和季度评估设计合理"],
          [0.8, "团队配有持证社工和心理咨询人员，残疾人照护经验一般"],
          [0.84, "接送交接、服药管理和走失预防制度完整"],
          [0.8, "承接过1个精神障碍社区康复项目，服务成效较好"],
        ],
      },
      {
        by: "hexie",
        at: [-16, "09:40"],
        priceYuan: 405_500,
        plan: "以家庭支持为主线，为残疾人家庭提供照护指导和心理支持，在“阳光家园”开展日间照料和文体活动。",
        activities: "日均照料25人；家庭探访200次；文体活动每周1次。",
        beneficiaries: 31,
        sessions: 450,
        volunteerHours: 600,
        team: ["高文娟", "唐磊", "韦晨阳"],
        assessment: [
          [0.74, "方案以家庭支持为主，个别化训练计划不够具体"],
          [0.72, "团队缺少康复专业人员"],
          [0.78, "安全管理制度基本完整"],
          [0.6, "残疾人服务类项目经验较少"],
        ],
      },
    ],
    opening: { at: [-14, "10:00"], outcome: "proceed" },
    committee: {
      formed: [-13, "09:00"],
      members: ["bureau.guancheng", "expert1", "expert2", "expert5", "expert7"],
      declarations: [
        { by: "bureau.guancheng", at: [-13, "09:10"] },
        { by: "expert1", at: [-13, "09:15"] },
        { by: "expert2", at: [-13, "09:20"] },
        { by: "expert5", at: [-13, "09:30"] },
        { by: "expert7", at: [-13, "09:40"] },
      ],
      sheets: [
        { by: "expert1", at: [-13, "10:00"], submit: ["anyuan", "xinyuan", "hexie"] },
        { by: "expert2", at: [-13, "11:30"], submit: ["anyuan", "xinyuan", "hexie"] },
        { by: "expert7", at: [-13, "14:00"], submit: ["anyuan", "xinyuan", "hexie"] },
        { by: "expert5", at: [-13, "15:30"], submit: ["anyuan", "xinyuan", "hexie"] },
        { by: "bureau.guancheng", at: [-12, "09:30"], submit: ["anyuan", "xinyuan", "hexie"] },
      ],
    },
    ranking: ["xinyuan", "anyuan", "hexie"],
    award: { at: [-9, "10:00"] },
    challenge: {
      by: "anyuan",
      at: [-4, "15:30"],
      subject: "对中标人“专业团队”“类似项目经验”评分及评估等级的质疑",
      grounds:
        "1. 中标人拟派团队中没有康复专业人员，近三年仅承接过1个精神障碍社区康复项目，其“专业团队”“类似项目经验”两项得分与招标文件评分标准不符；\n2. 中标人的3A评估等级已超过5年有效期（《社会组织评估管理办法》），请采购人说明评审中是否将其作为评分依据；\n3. 我单位综合得分与中标人相差不足1分，上述评分直接影响评审结果。\n请求采购人组织原评标委员会复核评分，依法重新确定中标人。",
    },
  },

  // ---- A venture call funded five proposals months ago: the projects of db/seed-contracts.ts --------
  {
    tender: "ventureFunded",
    officer: "bureau.jinshui",
    bids: [
      {
        by: "anyuan",
        at: [-146, "10:20"],
        priceYuan: 96_000,
        proposalTitle: "“银龄守望”高龄独居老人结对关爱计划",
        plan: "在丰乐、四月天、金沙社区招募45名低龄老人志愿者，与80岁以上独居老人一对一结对，每周上门探访或电话问安不少于2次；社工每月组织志愿者督导和安全知识培训，建立“探访—发现—转介”台账，发现健康变化和安全隐患及时报告社区。",
        activities: "结对探访每周2次；志愿者培训每月1次；每季度举办1次“银龄守望”主题活动；项目结束时评选优秀结对组合。",
        beneficiaries: 600,
        sessions: 90,
        volunteerHours: 2400,
        team: ["周雨桐", "黄思敏", "宋佳"],
        budget: [
          ["项目人员补贴", 45],
          ["志愿者培训与保险", 20],
          ["探访物资与活动经费", 25],
          ["管理费用", 10],
        ],
        assessment: [
          [0.9, "直接回应丰乐社区议事会提出的高龄独居老人照应需求，服务对象界定清晰"],
          [0.88, "结对、督导、转介流程完整，预算与服务量匹配，团队有同类项目经验"],
          [0.86, "以低龄老人志愿者为主体，结对关系可在项目结束后延续"],
        ],
      },
      {
        by: "hexie",
        at: [-145, "16:10"],
        priceYuan: 88_000,
        proposalTitle: "“四点半”邻里课堂",
        plan: "在四月天、金沙社区开设“四点半”邻里课堂，由退休教师和大学生志愿者为双职工家庭小学生提供课后看护、作业辅导和阅读陪伴，每学期组织2次亲子共学活动。",
        activities: "学期中每周一至周五开放；每月1次亲子共学；寒假举办1期冬令营。",
        beneficiaries: 900,
        sessions: 100,
        volunteerHours: 1800,
        team: ["罗晓婷", "唐磊"],
        budget: [
          ["项目人员补贴", 40],
          ["志愿辅导员培训与保险", 15],
          ["课程与活动物资", 35],
          ["管理费用", 10],
        ],
        assessment: [
          [0.84, "回应双职工家庭课后看护需求，服务对象明确"],
          [0.8, "课堂运营安排具体，志愿辅导员稳定性有待加强"],
          [0.8, "邀请家长参与管理，持续运行机制尚需细化"],
        ],
      },
      {
        by: "xinyuan",
        at: [-144, "11:45"],
        priceYuan: 92_000,
        proposalTitle: "“心邻里”互助小组",
        plan: "在丰乐、金沙社区组建邻里互助小组，由社工带领居民开展情绪支持、互助照看和兴趣活动，重点关注独居老人和新迁入居民，培育2支居民自组织。",
        activities: "互助小组活动每两周1次；心理健康讲座每季度1次；居民骨干培训4期。",
        beneficiaries: 500,
        sessions: 60,
        volunteerHours: 1500,
        team: ["冯志远", "程琳"],
        budget: [
          ["项目人员补贴", 45],
          ["居民骨干培训", 15],
          ["小组活动经费", 30],
          ["管理费用", 10],
        ],
        assessment: [
          [0.86, "关注独居老人和新迁入居民的邻里支持，与需求契合"],
          [0.84, "小组工作方法专业，骨干培训计划具体"],
          [0.84, "培育居民自组织，项目结束后可自主运转"],
        ],
      },
      {
        by: "nuancheng",
        at: [-142, "15:30"],
        priceYuan: 85_000,
        proposalTitle: "“暖邻”助老送餐志愿队",
        plan: "依托基金会志愿者网络，在丰乐社区组建助老送餐志愿队，为行动不便的高龄老人每日送餐上门并陪伴用餐，链接爱心企业提供餐补。",
        activities: "工作日每日送餐；志愿者培训每月1次；节日慰问4次。",
        beneficiaries: 1800,
        sessions: 120,
        volunteerHours: 3000,
        team: ["韩雪", "于洋"],
        budget: [
          ["项目人员补贴", 35],
          ["餐补与物资", 40],
          ["志愿者保险与培训", 15],
          ["管理费用", 10],
        ],
        assessment: [
          [0.8, "送餐服务回应高龄老人需求，但与社区现有助餐点的衔接说明不足"],
          [0.78, "志愿者资源充足，在金水区的服务基础较少"],
          [0.76, "链接企业资源，持续性依赖外部捐赠"],
        ],
      },
      {
        by: "linli",
        at: [-140, "10:05"],
        priceYuan: 82_000,
        proposalTitle: "“楼门长”邻里互助网络",
        plan: "在金沙社区以楼门为单位选聘“楼门长”，建立邻里互助微信群和互助清单，组织居民为独居老人代购代办、为上班族家庭临时照看儿童。",
        activities: "楼门长培训6期；邻里互助日每月1次；年度“好邻居”评选。",
        beneficiaries: 700,
        sessions: 40,
        volunteerHours: 1200,
        team: ["曹永军", "田甜"],
        budget: [
          ["项目人员补贴", 40],
          ["楼门长培训", 20],
          ["互助活动经费", 30],
          ["管理费用", 10],
        ],
        assessment: [
          [0.78, "楼门互助贴近居民日常，服务对象界定较宽泛"],
          [0.74, "机构主要服务惠济区，在金水区实施经验不足"],
          [0.76, "依托楼门长的互助网络有一定持续性"],
        ],
      },
    ],
    opening: { at: [-137, "10:00"], outcome: "proceed" },
    committee: {
      formed: [-137, "14:00"],
      members: ["bureau2.jinshui", "expert6", "expert7"],
      declarations: [
        { by: "bureau2.jinshui", at: [-137, "14:20"] },
        { by: "expert6", at: [-137, "14:30"] },
        { by: "expert7", at: [-137, "14:40"] },
      ],
      sheets: [
        { by: "expert6", at: [-136, "09:30"], submit: ["anyuan", "hexie", "xinyuan", "nuancheng", "linli"] },
        { by: "expert7", at: [-136, "14:00"], submit: ["anyuan", "hexie", "xinyuan", "nuancheng", "linli"] },
        { by: "bureau2.jinshui", at: [-135, "10:00"], submit: ["anyuan", "hexie", "xinyuan", "nuancheng", "linli"] },
      ],
    },
    ranking: ["anyuan", "xinyuan", "hexie", "nuancheng", "linli"],
    award: { at: [-134, "10:00"] },
    final: true,
  },

  // ---- Awarded -------------------------------------------------------------------------------------
  {
    tender: "awarded",
    officer: "bureau.zhongyuan",
    bids: [
      {
        by: "nuancheng",
        at: [-45, "10:00"],
        priceYuan: 572_000,
        plan: "对友爱、秦岭社区困境儿童开展分类评估，建立“一童一档”，对高风险儿童实施个案管理；为监护人提供监护能力提升指导；链接基金会“暖程助学”资源提供学业支持；协助儿童主任完善发现报告、应急处置和转介帮扶机制。",
        activities: "建档儿童45名；个案管理22个；监护人培训6期；安全教育和心理关爱小组各8期；寒暑假成长营各1期。",
        beneficiaries: 45,
        sessions: 180,
        volunteerHours: 2000,
        team: ["韩雪", "于洋", "董芳", "潘立"],
        assessment: [
          [0.88, "分类评估与“一童一档”个案管理流程完整，监护指导和学业支持安排具体，链接助学资源有特色"],
          [0.85, "项目负责人为持证社工，团队熟悉中原区儿童工作，配有外部督导"],
          [0.87, "强制报告、应急处置和转介流程清晰，隐私保护措施到位"],
          [0.86, "近三年在中原区、二七区承接困境儿童项目3个，绩效评估均为优秀"],
        ],
      },
      {
        by: "hexie",
        at: [-40, "15:00"],
        priceYuan: 586_000,
        plan: "以家庭为中心开展困境儿童关爱保护：心理关爱、家庭教育指导和学业辅导并重，对监护缺失儿童开展个案管理，与学校、社区建立联动机制。",
        activities: "建档儿童42名；个案管理20个；家庭教育讲座8场；心理关爱小组10期。",
        beneficiaries: 42,
        sessions: 170,
        volunteerHours: 1600,
        team: ["高文娟", "罗晓婷", "唐磊", "许丹"],
        assessment: [
          [0.85, "方案对困境儿童心理关爱和家庭教育指导设计细致，分类评估指标略显笼统"],
          [0.83, "社工资质较好，儿童和家庭服务经验丰富，团队稳定"],
          [0.8, "安全机制完整，与学校、派出所的联动安排可进一步细化"],
          [0.8, "近三年承接儿童类项目2个，集中在金水区"],
        ],
      },
      {
        by: "xinyuan",
        at: [-36, "11:20"],
        priceYuan: 579_000,
        plan: "以心理支持为主线，为困境儿童提供心理评估、个体辅导和团体辅导，为监护人提供心理支持；建立危机干预与转介机制。",
        activities: "心理评估42人次；个体辅导160人次；团体辅导12期。",
        beneficiaries: 42,
        sessions: 214,
        volunteerHours: 800,
        team: ["冯志远", "程琳", "曾浩然"],
        assessment: [
          [0.75, "方案以心理支持为主，监护指导和学业支持内容偏少"],
          [0.72, "团队心理服务能力较强，但儿童保护专业经验不足"],
          [0.76, "危机干预流程较完整，强制报告制度表述简略"],
          [0.62, "儿童关爱保护类项目经验较少"],
        ],
      },
    ],
    opening: { at: [-33, "10:00"], outcome: "proceed" },
    committee: {
      formed: [-32, "09:00"],
      members: ["bureau.zhongyuan", "expert2", "expert3", "expert4", "expert5"],
      declarations: [
        { by: "bureau.zhongyuan", at: [-32, "09:10"] },
        { by: "expert2", at: [-32, "09:15"] },
        { by: "expert3", at: [-32, "09:20"] },
        { by: "expert4", at: [-32, "09:25"] },
        { by: "expert5", at: [-32, "09:35"] },
      ],
      sheets: [
        { by: "expert4", at: [-32, "10:00"], submit: ["nuancheng", "hexie", "xinyuan"] },
        { by: "expert2", at: [-32, "11:15"], submit: ["nuancheng", "hexie", "xinyuan"] },
        { by: "expert3", at: [-32, "14:00"], submit: ["nuancheng", "hexie", "xinyuan"] },
        { by: "expert5", at: [-32, "15:00"], submit: ["nuancheng", "hexie", "xinyuan"] },
        { by: "bureau.zhongyuan", at: [-31, "09:30"], submit: ["nuancheng", "hexie", "xinyuan"] },
      ],
      deviation: {
        by: "expert3",
        bid: "hexie",
        share: 0.72,
        reasons: [
          "方案对困境儿童分类评估的依据和频次说明不足",
          "团队中接受过儿童保护专门培训的人员偏少",
          "强制报告与监护干预的衔接流程不够具体",
          "类似项目均在其他区，缺少本辖区服务基础",
        ],
      },
    },
    ranking: ["nuancheng", "hexie", "xinyuan"],
    award: { at: [-29, "10:00"] },
    challenge: {
      by: "hexie",
      at: [-25, "16:00"],
      subject: "对评标委员会评分的质疑",
      grounds:
        "我单位综合得分与中标人相差较大，与我单位在困境儿童服务方面的实际能力和过往绩效不符。我单位近三年承接困境儿童类项目2个，绩效评估均为良好以上，“类似项目经验”得分明显偏低；怀疑个别评审专家评分存在明显偏差，且评分理由未具体说明扣分依据。请求采购人组织复核评分。",
      answer: {
        at: [-21, "10:00"],
        decision: "reject",
        text: "经核查：1. 评标委员会由5名成员组成，各成员独立评分，每项评分均记录了评分理由，评审程序符合《政府采购货物和服务招标投标管理办法》的规定；2. 评审报告对一名成员评分偏离其他成员的情况作出了提示，经复核，该成员评分未超出评分标准、理由具体，偏离提示仅供参考，不改变评审结果，即使不计该成员的评分，各投标人的排序亦不变；3. 你单位“类似项目经验”得分已充分考虑投标文件所附合同和绩效评估材料。综上，质疑事项不成立，予以驳回。如对本答复不满意，可在答复期满后15个工作日内向中原区财政局提起投诉。",
      },
    },
    final: true,
  },
];

// ---------------------------------------------------------------------------------------------
// Scores
// ---------------------------------------------------------------------------------------------

/**
 * A member's spread around the committee's view, in half points per criterion (doubled for
 * criteria of 15 points or more); row = (member + bid) mod 5. Each row sums to about zero, so no
 * member drifts far enough from the others to be flagged as deviating.
 */
const SPREAD = [
  [0, 0.5, -0.5, 0, 0.5],
  [0.5, -0.5, 0, 0.5, -0.5],
  [-0.5, 0, 0.5, -0.5, 0],
  [0.5, 0, -0.5, 0, 0],
  [-0.5, 0.5, 0, 0, 0.5],
];

const BANDS: Array<[number, string]> = [
  [0.85, "优"],
  [0.7, "良"],
  [0.55, "中"],
  [0, "差"],
];

function points(maxPoints: number, share: number, memberIndex: number, bidIndex: number, criterionIndex: number): number {
  const spread = SPREAD[(memberIndex + bidIndex) % SPREAD.length][criterionIndex % 5] * (maxPoints >= 15 ? 2 : 1);
  const value = Math.round((maxPoints * share + spread) * 2) / 2;
  return Math.min(maxPoints, Math.max(0, value));
}

function justification(reason: string, score: number, maxPoints: number): string {
  const band = BANDS.find(([min]) => score / maxPoints >= min)![1];
  return `${reason}，评为${band}档。`;
}

// ---------------------------------------------------------------------------------------------
// Running it
// ---------------------------------------------------------------------------------------------

export interface EvaluationSeedContext {
  now: Date;
  clock: Clock;
  actor: (username: string) => Promise<SessionUser>;
  tenderIds: Record<DemoTenderKey, string>;
}

export interface SeededEvaluation {
  bids: Record<string, string>;
  counts: { bids: number; committeeMembers: number; scoreSheets: number; awards: number; challenges: number };
}

/** A one-page PDF standing in for a scanned certificate or report that a bidder attaches. */
function demoAttachment(filename: string, lines: readonly string[], at: Date) {
  const title = filename.replace(/\.pdf$/, "");
  return renderPdf(
    (doc) => {
      doc.title(title);
      for (const line of lines) doc.paragraph(line);
      doc.note("本文件为演示数据，不是真实机构的材料。");
    },
    { title, createdAt: at },
  );
}

export async function seedEvaluation(tx: Tx, ctx: EvaluationSeedContext): Promise<SeededEvaluation> {
  const { now, clock, actor, tenderIds } = ctx;
  const counts: SeededEvaluation["counts"] = { bids: 0, committeeMembers: 0, scoreSheets: 0, awards: 0, challenges: 0 };
  const bidIds: Record<string, string> = {};

  const organizationOf = async (agency: Agency) => {
    const id = (await actor(`agency.${agency}`)).grants.find((g) => g.role === "agency")?.organizationId;
    if (!id) throw new Error(`demo evaluation: agency.${agency} has no organization`);
    return id;
  };

  for (const stage of STAGES) {
    const tenderId = tenderIds[stage.tender];
    const officer = await actor(stage.officer);
    const [tender] = await tx.select().from(tenders).where(eq(tenders.id, tenderId));
    const fail = (message: string): never => {
      throw new Error(`demo tender ${stage.tender}: ${message}`);
    };
    // Every step happens after the one before it, and in the past.
    let last = tender.publishedAt ?? fail("not published");
    const step = (when: When, minutes = 0) => stepAt(new Date(clock.at(when).getTime() + minutes * MINUTE_MS));
    const stepAt = (at: Date) => {
      if (at <= last) fail(`a step at ${at.toISOString()} does not come after the one at ${last.toISOString()}`);
      if (at >= now) fail(`a step in the future (${at.toISOString()})`);
      last = at;
      return at;
    };

    // Bids, in the order they arrived.
    const bidOf = {} as Record<Agency, string>;
    for (const spec of [...stage.bids].sort((a, b) => clock.at(a.at).getTime() - clock.at(b.at).getTime())) {
      const bidder = await actor(`agency.${spec.by}`);
      const organizationId = await organizationOf(spec.by);
      const team = await tx
        .select({ id: staff.id, name: staff.name })
        .from(staff)
        .where(and(eq(staff.organizationId, organizationId), inArray(staff.name, spec.team)));
      if (team.length !== spec.team.length) fail(`agency.${spec.by}: unknown staff among ${spec.team.join("、")}`);
      const price = spec.priceYuan * 100;
      const rows = spec.budget ?? DEFAULT_BUDGET;
      let rest = price;
      const budgetRows = rows.map(([item, percent], i) => {
        const amount = i === rows.length - 1 ? rest : Math.round((price * percent) / 100 / 100) * 100;
        rest -= amount;
        return { item, amount: fenToYuanString(amount) };
      });
      // As the bid form sends it.
      const input = bidSchema.parse({
        proposalTitle: spec.proposalTitle ?? "",
        price: fenToYuanString(price),
        servicePlan: spec.plan,
        activities: spec.activities,
        beneficiaries: String(spec.beneficiaries),
        sessions: String(spec.sessions),
        volunteerHours: String(spec.volunteerHours),
        teamStaffIds: spec.team.map((name) => team.find((s) => s.name === name)!.id),
        budget: budgetRows,
      });
      const submittedAt = clock.at(spec.at);
      if (submittedAt <= tender.publishedAt! || submittedAt >= tender.bidDeadline || submittedAt >= now) fail(`agency.${spec.by} bids outside the bid period`);
      const files = await Promise.all((spec.attachments ?? []).map(async ([filename, lines]) => ({ filename, bytes: await demoAttachment(filename, lines, submittedAt) })));
      const bid = await submitBid(tx, bidder, tenderId, input, submittedAt, files);
      bidOf[spec.by] = bid.id;
      bidIds[`${stage.tender}.${spec.by}`] = bid.id;
      counts.bids += 1;
      if (spec.confirmedAt) {
        const confirmedAt = clock.at(spec.confirmedAt);
        if (confirmedAt >= tender.bidDeadline || confirmedAt >= now) fail(`agency.${spec.by} confirms outside the bid period`);
        await confirmBid(tx, bidder, tenderId, confirmedAt);
      }
    }
    if (!stage.opening) continue;
    last = new Date(Math.max(last.getTime(), tender.bidDeadline.getTime()));

    // Opening.
    const openedAt = step(stage.opening.at);
    const opening = await openBids(tx, officer, tenderId, openedAt);
    if (opening.outcome !== stage.opening.outcome) fail(`opening gave ${opening.outcome}, expected ${stage.opening.outcome}`);
    if (opening.outcome === "unsuccessful") {
      await tx
        .update(budgetMovements)
        .set({ at: openedAt })
        .where(and(eq(budgetMovements.subjectId, tenderId), eq(budgetMovements.kind, "release")));
    }
    if (stage.opening.proceedAt) await decideWithTwoBids(tx, officer, tenderId, true, step(stage.opening.proceedAt));

    const committee = stage.committee;
    if (!committee) continue;

    // The committee: the bureau's representative and experts, under the method's rules.
    const candidates = await committeeCandidates(tx, tender.bureauId);
    const userIdOf = async (username: string) => (await actor(username)).id;
    const memberIds = await Promise.all(committee.members.map(userIdOf));
    const committeeInput = committeeSchema({
      method: toCommitteeMethod(tender.method),
      ceilingFen: tender.ceilingPrice,
      expertIds: candidates.filter((c) => c.isExpert).map((c) => c.userId),
    }).parse({ memberIds });
    const formed = await formCommittee(tx, officer, tenderId, committeeInput, step(committee.formed));
    counts.committeeMembers += formed.length;
    const seatOf = new Map(formed.map((m) => [m.userId, m.id]));

    const bidders = await Promise.all(stage.bids.map(async (b) => ({ agency: b.by, organizationId: await organizationOf(b.by) })));
    const declare = async (d: DeclarationSpec) => {
      const input = declarationSchema.parse({
        declarations: bidders.map((b) => ({
          organizationId: b.organizationId,
          conflict: b.agency === d.conflictWith ? "yes" : "no",
          note: b.agency === d.conflictWith ? (d.note ?? "") : "",
        })),
      });
      const { recused } = await declareConflicts(tx, await actor(d.by), tenderId, input, step(d.at));
      if (recused !== Boolean(d.conflictWith)) fail(`${d.by}: recusal ${recused}, expected ${Boolean(d.conflictWith)}`);
    };
    for (const d of committee.declarations) await declare(d);
    for (const r of committee.replacements ?? []) {
      const recusedSeat = seatOf.get(await userIdOf(r.recused)) ?? fail(`${r.recused} is not on the committee`);
      const member = await replaceMember(tx, officer, tenderId, recusedSeat, replacementSchema.parse({ newUserId: await userIdOf(r.by) }), step(r.at));
      seatOf.set(member.userId, member.id);
      counts.committeeMembers += 1;
      await declare({ by: r.by, at: [r.at[0], addMinutes(r.at[1], 40)] });
    }

    // Scoring: each member reads the bids (audited), then saves a sheet per bid.
    const criteria = await tx.select().from(tenderCriteria).where(eq(tenderCriteria.tenderId, tenderId)).orderBy(asc(tenderCriteria.position));
    const maxPoints = criteria.map((c) => c.maxPoints);
    const activeMembers = committee.members.filter((m) => !committee.replacements?.some((r) => r.recused === m)).concat(committee.replacements?.map((r) => r.by) ?? []);
    const bidIndex = (agency: Agency) => stage.bids.findIndex((b) => b.by === agency);
    const scoreOf = (member: string, agency: Agency) => {
      const spec = stage.bids[bidIndex(agency)];
      const assessment = spec.assessment ?? fail(`agency.${agency} has no assessment`);
      if (assessment.length !== criteria.length) fail(`agency.${agency}: ${assessment.length} assessments for ${criteria.length} criteria`);
      const deviation = committee.deviation?.by === member && committee.deviation.bid === agency ? committee.deviation : null;
      return criteria.map((c, i) => {
        const share = assessment[i][0] * (deviation?.share ?? 1);
        const score = points(c.maxPoints, share, activeMembers.indexOf(member), bidIndex(agency), i);
        return { criterionId: c.id, points: score, justification: justification(deviation?.reasons[i] ?? assessment[i][1], score, c.maxPoints) };
      });
    };
    let completed = false;
    for (const sheet of committee.sheets) {
      const member = await actor(sheet.by);
      let minutes = 0;
      for (const agency of [...sheet.submit, ...(sheet.draft ?? [])]) {
        await readOpenedBid(tx, member, bidOf[agency], "evaluation.scoring");
      }
      for (const agency of sheet.submit) {
        const rows = scoreOf(sheet.by, agency);
        const input = scoreSheetSchema(maxPoints).parse({
          final: true,
          scores: rows.map((r) => ({ criterionId: r.criterionId, points: String(r.points), justification: r.justification })),
        });
        const saved = await saveScoreSheet(tx, member, tenderId, bidOf[agency], input, step(sheet.at, minutes));
        minutes += 25;
        completed ||= saved.completed;
        counts.scoreSheets += 1;
      }
      for (const agency of sheet.draft ?? []) {
        const rows = scoreOf(sheet.by, agency);
        const input = scoreSheetSchema(maxPoints).parse({
          final: false,
          scores: rows.map((r, i) => (i < 2 ? { criterionId: r.criterionId, points: String(r.points), justification: r.justification } : { criterionId: r.criterionId, points: "", justification: "" })),
        });
        await saveScoreSheet(tx, member, tenderId, bidOf[agency], input, step(sheet.at, minutes));
        minutes += 25;
        counts.scoreSheets += 1;
      }
    }
    if (completed !== Boolean(stage.ranking)) fail(completed ? "the committee finished scoring, expected sheets still out" : "the committee did not finish scoring");
    if (!stage.ranking) continue;

    // The committee's ranking must be the intended one, and only an intended deviation flagged.
    const results = await tx.select().from(evaluationResults).where(eq(evaluationResults.tenderId, tenderId)).orderBy(asc(evaluationResults.rank));
    const agencyOfBid = new Map(Object.entries(bidOf).map(([agency, id]) => [id, agency]));
    const ranked = results.map((r) => agencyOfBid.get(r.bidId));
    if (ranked.join() !== stage.ranking.join()) fail(`ranking ${ranked.join(" > ")}, expected ${stage.ranking.join(" > ")} (totals ${results.map((r) => r.total).join(", ")})`);
    const [report] = await tx.select().from(evaluationReports).where(eq(evaluationReports.tenderId, tenderId));
    const flags = report.flags as Array<{ memberId: string; bidId: string }>;
    const expectedFlags = committee.deviation ? [`${seatOf.get(await userIdOf(committee.deviation.by))}:${bidOf[committee.deviation.bid]}`] : [];
    if (flags.map((f) => `${f.memberId}:${f.bidId}`).join() !== expectedFlags.join()) fail(`deviation flags ${JSON.stringify(flags)}, expected ${expectedFlags.length}`);
    if (committee.deviation) {
      // The answer to the challenge says the ranking stands without the flagged member's scores.
      const others = activeMembers.filter((m) => m !== committee.deviation!.by);
      const without = rankBids(
        stage.bids.map((b) => ({ id: b.by, price: b.priceYuan * 100, criterionMeans: criterionMeans(others.map((m) => scoreOf(m, b.by).map((r) => r.points))) })),
        tender.pricePoints,
      );
      if (without.map((r) => r.id).join() !== stage.ranking.join()) fail(`without ${committee.deviation.by} the ranking would be ${without.map((r) => r.id).join(" > ")}`);
    }

    // The award: the first-ranked candidate.
    if (!stage.award) continue;
    const confirmedAt = step(stage.award.at);
    const award = await confirmAward(tx, officer, tenderId, confirmAwardSchema.parse({ bidId: results[0].bidId }), confirmedAt);
    await tx
      .update(budgetMovements)
      .set({ at: confirmedAt })
      .where(and(eq(budgetMovements.subjectId, tenderId), inArray(budgetMovements.kind, ["commit", "release"])));
    counts.awards += award.awards.length;
    const today = shanghaiToday(now);
    const [awardRow] = award.awards;

    // A losing bidder's challenge, answered or still pending.
    const challenge = stage.challenge;
    if (challenge) {
      const filedAt = step(challenge.at);
      const filed = await fileChallenge(tx, await actor(`agency.${challenge.by}`), tenderId, challengeSchema.parse({ subject: challenge.subject, grounds: challenge.grounds }), [], filedAt);
      counts.challenges += 1;
      if (challenge.answer) {
        await answerChallenge(tx, officer, filed.id, answerChallengeSchema.parse({ decision: challenge.answer.decision, answer: challenge.answer.text }), step(challenge.answer.at));
      } else if (filed.answerDueOn < today) {
        fail(`the pending challenge would be overdue (answer due ${filed.answerDueOn})`);
      }
    }

    if (stage.final) {
      // The first read after the window settles the award: the morning after the challenge deadline.
      const settledAt = new Date(Date.parse(`${awardRow.challengeDeadline}T09:00:00+08:00`) + DAY_MS);
      if (settledAt >= now) fail(`the challenge window runs until ${awardRow.challengeDeadline}: the award cannot be final yet`);
      if (!(await settleAward(tx, tenderId, stepAt(settledAt)))) fail("the award did not become final");
    } else if (!challenge && !challengeWindowOpen(today, awardRow)) {
      fail(`the challenge window closed on ${awardRow.challengeDeadline}`);
    }
  }

  await checkBudgets(tx);
  await checkStatuses(tx, tenderIds, now);
  return { bids: bidIds, counts };
}

function addMinutes(time: string, minutes: number): string {
  const [h, m] = time.split(":").map(Number);
  const total = h * 60 + m + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}

/** Every line's reserved and committed figures are what its movements add up to. */
async function checkBudgets(tx: Tx) {
  const rows = await tx
    .select({
      id: budgetLines.id,
      name: budgetLines.name,
      amount: budgetLines.amount,
      reserved: budgetLines.reserved,
      committed: budgetLines.committed,
      paid: budgetLines.paid,
      movedReserved: sql<string>`coalesce(sum(case when ${budgetMovements.kind} in ('reserve', 'uncommit') then ${budgetMovements.amount} when ${budgetMovements.kind} in ('release', 'commit') then -${budgetMovements.amount} else 0 end), 0)`,
      movedCommitted: sql<string>`coalesce(sum(case when ${budgetMovements.kind} = 'commit' then ${budgetMovements.amount} when ${budgetMovements.kind} in ('uncommit', 'pay') then -${budgetMovements.amount} else 0 end), 0)`,
    })
    .from(budgetLines)
    .leftJoin(budgetMovements, eq(budgetMovements.budgetLineId, budgetLines.id))
    .groupBy(budgetLines.id);
  for (const line of rows) {
    if (Number(line.movedReserved) !== line.reserved || Number(line.movedCommitted) !== line.committed || line.reserved + line.committed + line.paid > line.amount) {
      throw new Error(`demo budget line ${line.name}: reserved ${line.reserved}, committed ${line.committed}, movements say ${line.movedReserved} and ${line.movedCommitted}`);
    }
  }
}

/** The stages the demo promises, as the tender, award and challenge rows record them. */
async function checkStatuses(tx: Tx, tenderIds: Record<DemoTenderKey, string>, now: Date) {
  const expected: Partial<Record<DemoTenderKey, string>> = {
    opened: "opened",
    scoring: "evaluating",
    recommended: "recommended",
    publicity: "publicity",
    challenged: "publicity",
    awarded: "awarded",
    ventureFunded: "awarded",
    unsuccessful: "unsuccessful",
    readyToOpen: "published",
  };
  for (const [key, status] of Object.entries(expected) as [DemoTenderKey, string][]) {
    const [row] = await tx.select({ status: tenders.status }).from(tenders).where(eq(tenders.id, tenderIds[key]));
    if (row.status !== status) throw new Error(`demo tender ${key}: ${row.status}, expected ${status}`);
  }
  const pending = await tx
    .select({ id: challenges.id })
    .from(challenges)
    .where(and(eq(challenges.tenderId, tenderIds.challenged), eq(challenges.status, "pending")));
  const final = await tx
    .select({ id: awards.id })
    .from(awards)
    .where(and(eq(awards.tenderId, tenderIds.awarded), eq(awards.status, "final")));
  if (pending.length !== 1 || final.length !== 1) throw new Error("demo: expected one pending challenge and one final award");
  // readyToOpen: past its deadline with its 3 bids still sealed, for the e2e to open.
  const [ready] = await tx.select({ bidDeadline: tenders.bidDeadline }).from(tenders).where(eq(tenders.id, tenderIds.readyToOpen));
  const readyBids = await tx.select({ id: bids.id }).from(bids).where(eq(bids.tenderId, tenderIds.readyToOpen));
  const readyOpening = await tx.select({ id: bidOpenings.tenderId }).from(bidOpenings).where(eq(bidOpenings.tenderId, tenderIds.readyToOpen));
  if (!(ready.bidDeadline < now) || readyBids.length !== 3 || readyOpening.length !== 0) throw new Error("demo: readyToOpen must be past its deadline with 3 unopened bids");
}
