import type { Queryable } from "#db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { formatFen } from "~/modules/budgets/money";
import { officialDate, officialDateTime, renderPdf } from "~/modules/documents/pdf.server";
import { translator } from "~/i18n";
import { COMMITTEE_BODY_KEYS, COMMITTEE_SOURCE_KEYS, minCommitteeSize, toCommitteeMethod } from "./committee-rules";
import { getEvaluationReport } from "./evaluation.server";

// The report is an official record: always in Chinese, whatever the reader's UI language.
const t = translator("zh-CN");

const CHINESE_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

const points = (value: number) => value.toFixed(2);

/**
 * The evaluation report (评审报告, DESIGN §4.5): the committee, its declarations, every score
 * with its justification, the price scores, totals and ranking (with the draw seed when a draw
 * decided), and the deviation flags, marked as informational.
 */
export async function evaluationReportPdf(db: Queryable, user: SessionUser, tenderId: string) {
  const report = await getEvaluationReport(db, user, tenderId);
  const { tender, results } = report;
  const venture = tender.method === "venture_call";
  const method = toCommitteeMethod(tender.method);
  let section = 0;
  const heading = (text: string) => `${CHINESE_NUMERALS[section++]}、${text}`;
  const bidderOf = new Map(report.bidders.map((b) => [b.id, b]));
  return {
    filename: `${tender.title}-评审报告.pdf`,
    pdf: await renderPdf(
      (doc) => {
        doc.title(`${tender.title}评审报告`);
        doc.subtitle(`${report.bureauName} · 评审完成：${officialDateTime(results.computedAt)}`);

        doc.heading(heading("项目基本情况"));
        doc.keyValues([
          { label: "采购人", value: report.bureauName },
          { label: "项目名称", value: tender.title },
          { label: "采购方式", value: t(`tenders.method.${tender.method}`) },
          { label: venture ? "资助总额" : "最高限价", value: formatFen(tender.ceilingPrice) },
          { label: "开标时间", value: report.openedAt ? officialDateTime(report.openedAt) : "" },
          { label: "有效投标", value: `${report.bidders.length} 家：${report.bidders.map((b) => b.organizationName).join("、")}` },
          {
            label: "评分标准",
            value: [...results.criteria.map((c) => `${c.name} ${c.maxPoints} 分`), `价格 ${results.pricePoints} 分`].join("；"),
          },
        ]);

        doc.heading(heading("评标委员会"));
        doc.table({
          columns: [{ header: "姓名", width: 2 }, { header: "身份", width: 2 }, { header: "状态", width: 2 }, { header: "备注", width: 4 }],
          rows: report.members.map((m) => [
            m.displayName,
            m.isExpert ? "评审专家" : "采购人代表",
            m.status === "recused" ? "已回避" : "在任",
            [m.replaces ? `替换 ${m.replaces}` : "", m.replacedBy ? `由 ${m.replacedBy} 替换` : ""].filter(Boolean).join("；"),
          ]),
        });
        doc.note(t("committee.summary", { body: COMMITTEE_BODY_KEYS[method], source: COMMITTEE_SOURCE_KEYS[method], min: minCommitteeSize(method, tender.ceilingPrice) }));

        doc.heading(heading("利害关系声明"));
        doc.note("每位成员在查看投标文件之前，逐一声明与各投标人有无利害关系；有利害关系的成员回避并由采购人替换。");
        doc.table({
          columns: [{ header: "成员", width: 2 }, { header: "声明时间", width: 3 }, { header: "声明内容", width: 8 }],
          rows: report.members.map((m) => {
            const own = report.declarations.filter((d) => d.memberId === m.id);
            return [
              m.displayName,
              own[0] ? officialDateTime(own[0].declaredAt) : "未声明",
              own.map((d) => `${d.organizationName}：${d.hasConflict ? "有利害关系（回避）" : "无利害关系"}${d.note ? `（${d.note}）` : ""}`).join("\n"),
            ];
          }),
        });

        doc.heading(heading("评分明细"));
        doc.note("各成员独立评分，全部评分表提交前互不可见；提交后评分表锁定。");
        for (const bid of report.bidders) {
          doc.paragraph(`投标人：${bid.organizationName}（报价 ${formatFen(bid.price)}）`, { indent: false });
          doc.table({
            columns: [{ header: "成员", width: 2 }, { header: "评审因素", width: 3.6 }, { header: "得分", width: 1.3, align: "right" }, { header: "评分理由", width: 5.4 }],
            rows: results.sheets.flatMap((sheet) => {
              const own = sheet.bids.find((b) => b.bidId === bid.id);
              return results.criteria.map((c, i) => {
                const score = own?.scores[i];
                return [sheet.memberName, `${c.name}（满分 ${c.maxPoints}）`, score?.points === null || score === undefined ? "" : points(score.points), score?.justification ?? ""];
              });
            }),
          });
        }

        doc.heading(heading("价格分"));
        doc.table({
          columns: [{ header: "投标人", width: 5 }, { header: "报价", width: 3, align: "right" }, { header: "价格分", width: 2, align: "right" }],
          rows: results.ranking.map((r) => [r.organizationName, formatFen(r.price), points(r.priceScore)]),
        });
        doc.note(
          `评标基准价为最低有效报价 ${formatFen(results.benchmarkPrice)}；价格分 = 评标基准价 ÷ 投标报价 × ${results.pricePoints}（低价优先法，财政部令第87号第五十五条），系统计算，保留两位小数。`,
        );

        doc.heading(heading("综合得分与排名"));
        doc.table({
          columns: [
            { header: "排名", width: 1.3, align: "right" },
            { header: "投标人", width: 4 },
            { header: "评审因素平均分", width: 4 },
            { header: "价格分", width: 1.6, align: "right" },
            { header: "总分", width: 1.6, align: "right" },
            { header: venture ? "推荐 / 资助" : "推荐", width: 2.4 },
          ],
          rows: results.ranking.map((r) => [
            String(r.rank),
            r.organizationName,
            results.criteria.map((c, i) => `${c.name} ${points(r.criterionMeans[i])}`).join("\n"),
            points(r.priceScore),
            points(r.total),
            [r.recommended ? `第 ${r.rank} 名中标候选人` : "", r.funded === true ? "予以资助" : r.funded === false ? "不予资助" : ""].filter(Boolean).join("；"),
          ]),
        });
        doc.note("总分 = 各评审因素成员平均分之和 + 价格分，精确计算后保留两位小数再比较；总分相同的按报价由低到高排序（财政部令第87号第六十五条），仍相同的随机抽签。");
        if (results.drawSeed) {
          doc.paragraph(`本次排名使用随机抽签：抽签种子 ${results.drawSeed}。各投标的抽签序号为 HMAC-SHA256（密钥为种子，消息为投标编号），按升序排列，任何人可以复现。`);
        } else {
          doc.paragraph("本次排名未使用随机抽签。");
        }
        if (venture) {
          const funded = results.ranking.filter((r) => r.funded).reduce((sum, r) => sum + (bidderOf.get(r.bidId)?.price ?? 0), 0);
          doc.paragraph(`公益创投按排名顺序资助，直至资助总额 ${formatFen(tender.ceilingPrice)} 用完；已资助 ${formatFen(funded)}。`);
        }

        doc.heading(heading("评分偏离提示（仅供参考）"));
        if (results.flags.length) {
          doc.table({
            columns: [{ header: "成员", width: 2 }, { header: "投标人", width: 4 }, { header: "该成员评分合计", width: 2, align: "right" }, { header: "其他成员平均", width: 2, align: "right" }, { header: "z 值", width: 1.4, align: "right" }],
            rows: results.flags.map((f) => [f.memberName, f.organizationName, points(f.memberTotal), points(f.othersMean), f.z.toFixed(2)]),
          });
        } else {
          doc.paragraph("没有成员的评分明显偏离委员会。");
        }
        doc.note("偏离提示将每位成员对某一投标的评分合计与其他成员比较（留一法 z 值，|z| ≥ 2 时提示）。它仅供参考，不改变任何评分、总分或排名。");

        doc.signOff([`${tender.title}评标委员会`, officialDate(results.computedAt)]);
      },
      { title: `${tender.title}评审报告`, subject: "评审报告", createdAt: results.computedAt },
    ),
  };
}
