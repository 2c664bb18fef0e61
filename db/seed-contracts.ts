/**
 * The contracts part of the demo (issue 5, DESIGN §4.7): the five proposals funded by the 金水区
 * venture call (ventureFunded) become five projects, each at another point of its life:
 *
 * - 安园 (“银龄守望”): in force, first tranche paid, mid-term report confirmed by all three
 *   communities, accepted and paid; the final tranche locked until the outcome evaluation;
 * - 心远 (“心邻里”): mid-term report submitted four days ago, confirmed by 丰乐社区: the bureau
 *   can accept it and pay;
 * - 和谐家园 (“四点半”邻里课堂): mid-term report returned after 金沙社区 reported a problem;
 * - 暖程 (“暖邻”): the bureau moved the service period before signing (version 2; the agency's
 *   signature of version 1 no longer counts), both signed version 2 two days ago: the first
 *   tranche is payable, and a draft report is saved;
 * - 邻里互助协会 (“楼门长”): terminated a month ago after the first payment, the rest released.
 *
 * The 中原区 award (awarded) stays without a contract: the bureau can generate it, and the e2e
 * (tests/e2e/contracts.test.ts) takes it from generation to payment.
 *
 * Everything goes through the domain commands (generateContract, reviseContract, signContract,
 * saveProgressReport, confirmService, acceptMilestone, returnMilestone, recordPayment,
 * terminateContract) with a `now` in the past for each step, and every input passes the schema
 * of its form. Only the times of budget movements, which the budget module stamps with the real
 * clock, are set afterwards.
 */
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { SessionUser } from "~/modules/auth/permissions";
import { fenToYuanString } from "~/modules/budgets/money";
import { shanghaiToday } from "~/modules/calendar/working-days";
import type { ContractContent } from "~/modules/contracts/contract-content";
import { servicePeriodEnd } from "~/modules/contracts/contract-rules";
import { generateContractSchema, reviseContractSchema, signContractSchema, terminateContractSchema } from "~/modules/contracts/contracts-schema";
import { generateContract, reviseContract, signContract, terminateContract } from "~/modules/contracts/contracts.server";
import { confirmationSchema, progressReportSchema, returnMilestoneSchema } from "~/modules/contracts/progress-schema";
import { acceptMilestone, confirmService, returnMilestone, saveProgressReport } from "~/modules/contracts/progress.server";
import { renderPdf } from "~/modules/documents/pdf.server";
import type { UploadedFile } from "~/modules/documents/uploads.server";
import { paymentSchema } from "~/modules/payments/payments-schema";
import { recordPayment } from "~/modules/payments/payments.server";
import type { Tx } from "./client";
import { awards, budgetLines, budgetMovements, contractMilestones, contracts, paymentTranches, payments, tenders } from "./schema";
import type { Clock, DemoTenderKey, When } from "./seed-procurement";

type Project = "anyuan" | "xinyuan" | "hexie" | "nuancheng" | "linli";

export interface ContractsSeedContext {
  now: Date;
  clock: Clock;
  actor: (username: string) => Promise<SessionUser>;
  tenderIds: Record<DemoTenderKey, string>;
}

export interface SeededContracts {
  /** Contract ids by the funded agency (ventureFunded). */
  contracts: Record<Project, string>;
  counts: { contracts: number; reports: number; payments: number };
}

interface ReportSpec {
  saved?: When;
  submitted?: When;
  /** Last day of the reporting period. */
  periodEnd: When;
  activities: Array<[When, string, string, number]>;
  beneficiaries: number;
  volunteerHours: string;
  /** Share (percent) of each budget line spent. */
  spentPercent: number;
  narrative: string;
  evidence?: string;
  confirmations?: Array<{ by: string; at: When; problem?: string }>;
  accepted?: When;
  returned?: { at: When; reason: string };
  paid?: { at: When; reference: string };
}

interface ProjectSpec {
  agency: Project;
  generated: When;
  start: When;
  revised?: { at: When; start: When };
  signed: Array<{ by: "agency" | "bureau"; at: When; version: number }>;
  firstPaid?: { at: When; reference: string };
  midTerm?: ReportSpec;
  terminated?: { at: When; reason: string };
}

const OFFICER = "bureau.jinshui";

const PROJECTS: ProjectSpec[] = [
  {
    agency: "anyuan",
    generated: [-118, "10:00"],
    start: [-112, "09:00"],
    signed: [
      { by: "agency", at: [-117, "09:30"], version: 1 },
      { by: "bureau", at: [-116, "15:00"], version: 1 },
    ],
    firstPaid: { at: [-110, "10:00"], reference: "JSCZ2026070101" },
    midTerm: {
      saved: [-54, "16:00"],
      submitted: [-52, "10:00"],
      periodEnd: [-55, "12:00"],
      activities: [
        [[-108, "12:00"], "志愿者招募与结对启动会", "丰乐社区党群服务中心", 62],
        [[-95, "12:00"], "志愿者安全探访培训", "四月天社区活动室", 41],
        [[-80, "12:00"], "高温天气独居老人集中探访", "丰乐、四月天、金沙社区", 88],
        [[-60, "12:00"], "中秋“银龄守望”茶话会", "金沙社区文化广场", 75],
      ],
      beneficiaries: 342,
      volunteerHours: "1286.5",
      spentPercent: 48,
      narrative:
        "本期完成45名低龄老人志愿者招募和培训，与45名80岁以上独居老人结对，累计上门探访和电话问安342人次；发现并转介健康风险3例、燃气安全隐患5处，均已在社区协助下整改。下一阶段将开展冬季防滑防跌倒专项探访，并培育志愿者骨干自主排班。",
      evidence: "银龄守望-中期签到表.pdf",
      confirmations: [
        { by: "community.fengle", at: [-51, "09:30"] },
        { by: "community.siyuetian", at: [-51, "15:00"] },
        { by: "community.jinsha", at: [-50, "10:00"] },
      ],
      accepted: [-49, "11:00"],
      paid: { at: [-45, "10:00"], reference: "JSCZ2026100802" },
    },
  },
  {
    agency: "xinyuan",
    generated: [-118, "10:20"],
    start: [-112, "09:00"],
    signed: [
      { by: "agency", at: [-117, "10:15"], version: 1 },
      { by: "bureau", at: [-116, "15:20"], version: 1 },
    ],
    firstPaid: { at: [-110, "10:20"], reference: "JSCZ2026070103" },
    midTerm: {
      submitted: [-4, "17:00"],
      periodEnd: [-5, "12:00"],
      activities: [
        [[-100, "12:00"], "“心邻里”互助小组成立会", "丰乐社区议事厅", 28],
        [[-70, "12:00"], "独居老人情绪支持小组", "金沙社区活动室", 16],
        [[-40, "12:00"], "新迁入居民邻里见面会", "丰乐社区党群服务中心", 54],
        [[-12, "12:00"], "居民骨干培训（第三期）", "金沙社区活动室", 22],
      ],
      beneficiaries: 226,
      volunteerHours: "612",
      spentPercent: 52,
      narrative: "组建互助小组2个，开展小组活动14次、骨干培训3期；独居老人情绪支持小组12名成员的孤独感量表得分平均下降4.2分。丰乐社区居民自组织“邻里茶座”已能自主开展活动。",
      confirmations: [{ by: "community.fengle", at: [-2, "10:00"] }],
    },
  },
  {
    agency: "hexie",
    generated: [-118, "10:40"],
    start: [-112, "09:00"],
    signed: [
      { by: "agency", at: [-117, "11:05"], version: 1 },
      { by: "bureau", at: [-116, "15:40"], version: 1 },
    ],
    firstPaid: { at: [-110, "10:40"], reference: "JSCZ2026070105" },
    midTerm: {
      submitted: [-16, "11:00"],
      periodEnd: [-17, "12:00"],
      activities: [
        [[-105, "12:00"], "“四点半”邻里课堂开班", "四月天社区四点半课堂", 36],
        [[-75, "12:00"], "亲子共学：中秋灯笼制作", "金沙社区活动室", 48],
        [[-30, "12:00"], "课后阅读陪伴（月度汇总）", "四月天、金沙社区", 310],
      ],
      beneficiaries: 512,
      volunteerHours: "820",
      spentPercent: 55,
      narrative: "两个课堂学期中每周一至周五开放，累计服务学生512人次，退休教师和大学生志愿辅导员18名。",
      confirmations: [
        { by: "community.siyuetian", at: [-14, "10:00"] },
        { by: "community.jinsha", at: [-13, "15:30"], problem: "金沙社区课堂10月中旬因辅导员不足停课两周，报告中的月度人次未扣除停课期间。" },
      ],
      returned: { at: [-11, "10:00"], reason: "金沙社区反映10月中旬停课两周，请核实服务人次，补充停课期间的情况说明和恢复开课后的签到表后重新提交。" },
    },
  },
  {
    agency: "nuancheng",
    generated: [-118, "11:00"],
    start: [-112, "09:00"],
    // The meal partner could not start in summer: the bureau moved the period before signing.
    revised: { at: [-116, "10:00"], start: [-8, "09:00"] },
    signed: [
      { by: "agency", at: [-117, "11:30"], version: 1 },
      { by: "agency", at: [-3, "10:00"], version: 2 },
      { by: "bureau", at: [-2, "16:00"], version: 2 },
    ],
    midTerm: {
      saved: [-1, "18:00"],
      periodEnd: [-1, "12:00"],
      activities: [[[-7, "12:00"], "送餐志愿队成立与食品安全培训", "丰乐社区党群服务中心", 24]],
      beneficiaries: 30,
      volunteerHours: "96",
      spentPercent: 5,
      narrative: "送餐志愿队已组建，首批服务对象30名老人完成入户评估，下周起工作日每日送餐。",
    },
  },
  {
    agency: "linli",
    generated: [-118, "11:20"],
    start: [-112, "09:00"],
    signed: [
      { by: "agency", at: [-117, "14:00"], version: 1 },
      { by: "bureau", at: [-116, "16:00"], version: 1 },
    ],
    firstPaid: { at: [-110, "11:00"], reference: "JSCZ2026070107" },
    terminated: { at: [-30, "10:00"], reason: "项目负责人及一名社工离职，机构无法按合同配备服务团队，经双方协商一致解除合同；已支付的首期款用于已开展的楼门长培训，未支付的款项不再支付。" },
  },
];

/** A one-page sign-in sheet (签到表) as the evidence of a report: what an agency would scan and upload. */
async function signInSheet(title: string, rows: ReportSpec["activities"], clock: Clock): Promise<UploadedFile> {
  const pdf = await renderPdf(
    (doc) => {
      doc.title(title.replace(/\.pdf$/, ""));
      doc.table({
        columns: [
          { header: "日期", width: 2 },
          { header: "活动", width: 4 },
          { header: "地点", width: 3 },
          { header: "签到人数", width: 1.4, align: "right" },
        ],
        rows: rows.map(([at, name, place, n]) => [shanghaiToday(clock.at(at)), name, place, String(n)]),
      });
      doc.note("演示材料：签到原件由承接机构存档备查。");
    },
    { title, createdAt: clock.at(rows[rows.length - 1][0]) },
  );
  return { filename: title, contentType: "application/pdf", size: pdf.byteLength, bytes: new Uint8Array(pdf) };
}

export async function seedContracts(tx: Tx, ctx: ContractsSeedContext): Promise<SeededContracts> {
  const { now, clock, actor, tenderIds } = ctx;
  const officer = await actor(OFFICER);
  const day = (when: When) => shanghaiToday(clock.at(when));
  const tenderId = tenderIds.ventureFunded;
  const [tender] = await tx.select({ budgetLineId: tenders.budgetLineId }).from(tenders).where(eq(tenders.id, tenderId));
  const funded = await tx
    .select({ awardId: awards.id, finalAt: awards.finalAt, organizationId: awards.organizationId })
    .from(awards)
    .where(and(eq(awards.tenderId, tenderId), eq(awards.status, "final")));
  const counts = { contracts: 0, reports: 0, payments: 0 };
  const ids = {} as Record<Project, string>;

  // Budget movements are stamped by the database clock: give each its step's time.
  const stampMovements = async (kinds: Array<"pay" | "uncommit" | "release">, at: Date) => {
    await tx
      .update(budgetMovements)
      .set({ at })
      .where(and(eq(budgetMovements.subjectId, tenderId), inArray(budgetMovements.kind, kinds), gt(budgetMovements.at, new Date(now.getTime() - 3_600_000))));
  };

  for (const spec of PROJECTS) {
    const agency = await actor(`agency.${spec.agency}`);
    const organizationId = agency.grants.find((g) => g.role === "agency")?.organizationId;
    const award = funded.find((a) => a.organizationId === organizationId);
    const fail = (message: string): never => {
      throw new Error(`demo contract ${spec.agency}: ${message}`);
    };
    if (!award?.finalAt) fail("no final award on ventureFunded");
    let last = award!.finalAt!;
    const step = (when: When) => {
      const at = clock.at(when);
      if (at <= last) fail(`a step at ${at.toISOString()} does not come after the one at ${last.toISOString()}`);
      if (at >= now) fail(`a step in the future (${at.toISOString()})`);
      last = at;
      return at;
    };

    const generatedAt = step(spec.generated);
    const contract = await generateContract(tx, officer, generateContractSchema.parse({ awardId: award!.awardId, serviceStartOn: day(spec.start) }), generatedAt);
    ids[spec.agency] = contract.id;
    counts.contracts += 1;
    let revised = false;
    for (const signature of spec.signed) {
      if (signature.version === 2 && !revised) {
        const change = spec.revised ?? fail("a version 2 signature without a revision");
        const [row] = await tx.select({ content: contracts.content }).from(contracts).where(eq(contracts.id, contract.id));
        const start = day(change.start);
        const end = servicePeriodEnd(start, (row.content as ContractContent).tender.servicePeriodMonths);
        await reviseContract(tx, officer, contract.id, reviseContractSchema.parse({ serviceStartOn: start, serviceEndOn: end }), step(change.at));
        revised = true;
      }
      const signer = signature.by === "bureau" ? officer : agency;
      await signContract(tx, signer, contract.id, signContractSchema.parse({ version: String(signature.version) }), step(signature.at));
    }
    const [signed] = await tx.select({ status: contracts.status }).from(contracts).where(eq(contracts.id, contract.id));
    if (signed.status !== "active") fail(`not in force after signing (${signed.status})`);

    const tranches = await tx
      .select({ id: paymentTranches.id, position: paymentTranches.position, amount: paymentTranches.amount, milestoneId: paymentTranches.milestoneId })
      .from(paymentTranches)
      .where(eq(paymentTranches.contractId, contract.id))
      .orderBy(asc(paymentTranches.position));
    const pay = async (position: number, paid: { at: When; reference: string }) => {
      const at = step(paid.at);
      const tranche = tranches[position];
      await recordPayment(tx, officer, paymentSchema.parse({ trancheId: tranche.id, paidOn: day(paid.at), amount: fenToYuanString(tranche.amount), reference: paid.reference }), at);
      await stampMovements(["pay"], at);
      counts.payments += 1;
    };
    if (spec.firstPaid) await pay(0, spec.firstPaid);

    const report = spec.midTerm;
    if (report) {
      const [milestone] = await tx
        .select()
        .from(contractMilestones)
        .where(and(eq(contractMilestones.contractId, contract.id), eq(contractMilestones.position, 1)));
      const [row] = await tx.select().from(contracts).where(eq(contracts.id, contract.id));
      const content = row.content as ContractContent;
      const form = (intent: "save" | "submit") =>
        progressReportSchema.parse({
          intent,
          periodStart: row.serviceStartOn,
          periodEnd: day(report.periodEnd),
          activities: report.activities.map(([at, title, place, participants]) => ({ date: day(at), title, place, participants: String(participants) })),
          beneficiaries: String(report.beneficiaries),
          volunteerHours: report.volunteerHours,
          spending: content.budget.map((b) => ({ line: b.item, amount: fenToYuanString(Math.round((b.amount * report.spentPercent) / 100)) })),
          narrative: report.narrative,
        });
      if (report.saved) await saveProgressReport(tx, agency, milestone.id, form("save"), [], step(report.saved));
      if (report.submitted) {
        const evidence = report.evidence ? [await signInSheet(report.evidence, report.activities, clock)] : [];
        await saveProgressReport(tx, agency, milestone.id, form("submit"), evidence, step(report.submitted));
        counts.reports += 1;
      }
      for (const c of report.confirmations ?? []) {
        const input = confirmationSchema.parse(c.problem ? { status: "problem", note: c.problem } : { status: "confirmed", note: "" });
        await confirmService(tx, await actor(c.by), milestone.id, input, step(c.at));
      }
      if (report.accepted) await acceptMilestone(tx, officer, milestone.id, step(report.accepted));
      if (report.returned) await returnMilestone(tx, officer, milestone.id, returnMilestoneSchema.parse({ reason: report.returned.reason }), step(report.returned.at));
      if (report.paid) await pay(1, report.paid);
    }

    if (spec.terminated) {
      const at = step(spec.terminated.at);
      await terminateContract(tx, officer, contract.id, terminateContractSchema.parse({ reason: spec.terminated.reason }), at);
      await stampMovements(["uncommit", "release"], at);
    }
  }

  // The line (this venture call's alone) holds exactly what the projects in force still owe.
  const [line] = await tx.select().from(budgetLines).where(eq(budgetLines.id, tender.budgetLineId));
  const rows = await tx.select({ id: contracts.id, amount: contracts.amount, status: contracts.status }).from(contracts).where(eq(contracts.tenderId, tenderId));
  const paidRows = await tx.select({ contractId: payments.contractId, amount: payments.amount }).from(payments).where(inArray(payments.contractId, rows.map((r) => r.id)));
  const paidOf = (id: string) => paidRows.filter((p) => p.contractId === id).reduce((a, p) => a + p.amount, 0);
  const owed = rows.filter((r) => r.status === "active").reduce((a, r) => a + r.amount - paidOf(r.id), 0);
  const paidTotal = paidRows.reduce((a, p) => a + p.amount, 0);
  if (line.paid !== paidTotal || line.committed !== owed || line.reserved !== 0) {
    throw new Error(`demo contracts: line paid ${line.paid} committed ${line.committed}, expected paid ${paidTotal} committed ${owed}`);
  }
  return { contracts: ids, counts };
}

