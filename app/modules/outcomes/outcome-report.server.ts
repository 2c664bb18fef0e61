/**
 * The outcome evaluation report (绩效评估报告, DESIGN §4.8): the project, contracted against
 * delivered indicators, the three parts of the review with their details, the survey in
 * aggregate (counts and rate, never an individual answer), the composite and grade, and the
 * agency's response. Public once the evaluation is graded; an official document, so in Chinese.
 */
import type { Queryable } from "#db/client";
import { formatFen } from "~/modules/budgets/money";
import { officialDate, renderPdf } from "~/modules/documents/pdf.server";
import { GRADE_ZH_OF, LOW_CONFIDENCE_RESPONSES } from "./composite";
import { loadOutcomeReport } from "./outcomes.server";

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

const officialDay = (day: string) => officialDate(new Date(`${day}T12:00:00+08:00`));
const SCALE_ZH = ["很不满意", "不满意", "一般", "满意", "很满意"];
const CONFIRMATION_ZH: Record<string, string> = { confirmed: "确认服务已开展", problem: "反映问题" };

function percent(delivered: number, contracted: number) {
  return contracted > 0 ? `${Math.round((delivered / contracted) * 1000) / 10}%` : "—";
}

export async function outcomeReportPdf(db: Queryable, contractId: string) {
  const r = await loadOutcomeReport(db, contractId);
  if (!r) notFound();
  const e = r.evaluation;
  const c = r.contract;
  const gradedAt = new Date(e.gradedAt!);
  const lowConfidence = (e.satisfactionResponses ?? 0) < LOW_CONFIDENCE_RESPONSES;
  const title = `${c.title}绩效评估报告`;
  const pdf = await renderPdf(
    (doc) => {
      doc.title(title);
      doc.subtitle(`${c.bureauName} · 合同编号：${c.number} · 评估完成：${officialDate(gradedAt)}`);

      doc.heading("一、项目基本情况");
      doc.keyValues([
        { label: "项目名称", value: c.title },
        { label: "采购项目", value: r.tenderTitle },
        { label: "购买方", value: c.bureauName },
        { label: "承接机构", value: `${c.organizationName}（${c.organizationUscc}）` },
        { label: "合同金额", value: formatFen(c.amount) },
        { label: "服务期限", value: `${officialDay(c.serviceStartOn)}至${officialDay(c.serviceEndOn)}` },
        { label: "服务社区", value: c.communities.map((x) => x.nameZh).join("、") },
        { label: "第三方评估机构", value: e.evaluatorName },
      ]);

      doc.heading("二、合同指标完成情况");
      doc.table({
        columns: [{ header: "指标", width: 3 }, { header: "合同约定", width: 2, align: "right" }, { header: "实际完成", width: 2, align: "right" }, { header: "完成率", width: 2, align: "right" }],
        rows: [
          ["服务对象（人次）", String(c.indicators.beneficiaries), String(r.projectFile.delivered.beneficiaries), percent(r.projectFile.delivered.beneficiaries, c.indicators.beneficiaries)],
          ["服务活动（场次）", String(c.indicators.sessions), String(r.projectFile.delivered.sessions), percent(r.projectFile.delivered.sessions, c.indicators.sessions)],
          ["志愿服务时长（小时）", String(c.indicators.volunteerHours), String(r.projectFile.delivered.volunteerHours), percent(r.projectFile.delivered.volunteerHours, c.indicators.volunteerHours)],
        ],
      });
      doc.note("实际完成数据取自承接机构提交的进度报告。");
      if (r.projectFile.confirmations.length) {
        doc.table({
          columns: [{ header: "阶段", width: 3 }, { header: "社区", width: 3 }, { header: "确认情况", width: 4 }],
          rows: r.projectFile.confirmations.map((x) => [x.milestoneName, x.communityName, `${CONFIRMATION_ZH[x.status] ?? x.status}${x.note ? `：${x.note}` : ""}`]),
        });
      }

      doc.heading("三、综合评定");
      doc.table({
        columns: [{ header: "评估部分", width: 5 }, { header: "权重", width: 2, align: "right" }, { header: "得分", width: 2, align: "right" }],
        rows: [
          ["购买方验收评分", `${e.weights.purchaser}%`, (e.purchaserScore ?? 0).toFixed(2)],
          ["第三方评估评分", `${e.weights.thirdParty}%`, (e.thirdPartyScore ?? 0).toFixed(2)],
          [`服务对象满意度（${e.satisfactionResponses ?? 0} 份答卷${lowConfidence ? "，样本不足 30 份，置信度低" : ""}）`, `${e.weights.satisfaction}%`, (e.satisfactionScore ?? 0).toFixed(2)],
          ["综合得分", "", (e.compositeScore ?? 0).toFixed(2)],
        ],
      });
      doc.paragraph(
        `综合得分 = 购买方验收评分 × ${e.weights.purchaser}% + 第三方评估评分 × ${e.weights.thirdParty}% + 满意度得分 × ${e.weights.satisfaction}%，保留两位小数。评估等级：${GRADE_ZH_OF[e.grade!]}（优秀 ≥ 90，良好 ≥ 80，合格 ≥ 60，不合格 < 60）。`,
      );

      doc.heading("四、第三方评估");
      doc.table({
        columns: [{ header: "维度", width: 2 }, { header: "指标", width: 3 }, { header: "得分/分值", width: 2, align: "right" }, { header: "评分依据", width: 6 }],
        rows: r.indicators.map((i) => [i.dimension, i.name, `${i.score ?? 0}/${i.maxPoints}`, `${i.justification}${i.evidence ? `（证据：${i.evidence}）` : ""}`]),
      });
      doc.keyValues(r.dimensions.map((d) => ({ label: d.dimension, value: `${d.score} / ${d.maxPoints}` })));
      if (r.siteVisits.length) {
        doc.paragraph("实地走访：", { indent: false });
        doc.table({
          columns: [{ header: "日期", width: 2 }, { header: "地点", width: 3 }, { header: "走访对象", width: 3 }, { header: "记录", width: 6 }],
          rows: r.siteVisits.map((v) => [officialDay(v.visitedOn), v.place, v.peopleMet, v.notes]),
        });
      }

      doc.heading("五、购买方验收");
      doc.keyValues([
        { label: "验收评分", value: (e.purchaserScore ?? 0).toFixed(2) },
        { label: "评分理由", value: e.purchaserReasons ?? "" },
      ]);

      doc.heading("六、服务对象满意度调查");
      doc.keyValues([
        { label: "发放调查凭证", value: `${r.survey.issued} 份` },
        { label: "收回答卷", value: `${r.survey.responses} 份` },
        { label: "回收率", value: r.survey.rate === null ? "—" : `${r.survey.rate}%` },
        { label: "满意度得分", value: `${(e.satisfactionScore ?? 0).toFixed(2)}${lowConfidence ? "（样本不足 30 份，置信度低）" : ""}` },
      ]);
      doc.table({
        columns: [{ header: "问题", width: 5 }, ...[...SCALE_ZH].reverse().map((s) => ({ header: s, width: 1.3, align: "right" as const })), { header: "均值", width: 1.3, align: "right" }],
        rows: r.survey.summaries.map((s) => [s.question.text, ...[4, 3, 2, 1, 0].map((k) => String(s.counts[k])), s.mean === null ? "—" : String(s.mean)]),
      });
      doc.note("调查匿名进行：每份答卷只记录作答日期，与调查凭证和个人均无关联；本报告只公布汇总结果。");

      doc.heading("七、承接机构意见");
      doc.paragraph(e.agencyResponse ?? "承接机构未提交书面意见。");

      doc.signOff([c.bureauName, officialDate(gradedAt)]);
    },
    { title, subject: "绩效评估报告", createdAt: gradedAt },
  );
  return { pdf, filename: `${c.title}-绩效评估报告.pdf` };
}
