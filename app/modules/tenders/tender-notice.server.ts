import type { Queryable } from "#db/client";
import { formatFen } from "~/modules/budgets/money";
import { cachedPdf } from "~/modules/documents/pdf-cache.server";
import { officialDate, officialDateTime, renderPdf, type PdfWriter } from "~/modules/documents/pdf.server";
import { translator } from "~/i18n";
import { getPublicTender } from "./tenders.server";

type TenderDetail = Awaited<ReturnType<typeof getPublicTender>>;

// Notices are official documents: always in Chinese, whatever the reader's UI language.
const t = translator("zh-CN");

function projectFacts(doc: PdfWriter, d: TenderDetail) {
  const tender = d.tender;
  doc.keyValues([
    { label: "采购人", value: d.bureauName },
    { label: "项目名称", value: tender.title },
    { label: "采购方式", value: t(`tenders.method.${tender.method}`) },
    { label: "服务领域", value: t(`category.${tender.category}`) },
    ...(tender.theme ? [{ label: "创投主题", value: tender.theme }] : []),
    { label: tender.method === "venture_call" ? "资助总额" : "最高限价", value: formatFen(tender.ceilingPrice) },
    { label: "资金来源", value: `${d.fiscalYear}年 ${t(`fundSource.${d.fundSource}`)}（${d.budgetLineName}）` },
    { label: "服务期限", value: `${tender.servicePeriodMonths} 个月${tender.recurringService ? "（长期稳定的经常性服务）" : ""}` },
    { label: "服务社区", value: d.communities.map((c) => c.nameZh).join("、") },
  ]);
}

/** The tender notice (采购公告): the same content as the public page, as a PDF. */
export async function tenderNoticePdf(db: Queryable, tenderId: string) {
  const d = await getPublicTender(db, tenderId);
  const tender = d.tender;
  const publishedAt = tender.publishedAt ?? tender.createdAt;
  return {
    filename: `${tender.title}-采购公告.pdf`,
    pdf: await cachedPdf("tender-notice", d, () =>
      renderPdf(
        (doc) => {
          doc.title(`${tender.title}采购公告`);
          doc.subtitle(`${d.bureauName} · 发布日期：${officialDate(publishedAt)}`);
          if (tender.status === "cancelled") doc.note(`本项目已取消。原因：${tender.cancelReason ?? ""}`);
          doc.heading("一、项目基本情况");
          projectFacts(doc, d);
          doc.paragraph(tender.description);
          doc.heading("二、回应的社区需求");
          doc.table({
            columns: [{ header: "需求", width: 6 }, { header: "社区", width: 3 }],
            rows: d.needs.map((n) => [n.title, n.communityName]),
          });
          doc.heading("三、供应商资格要求");
          doc.paragraph(tender.eligibility);
          doc.note("参与投标的社会组织须经平台认证，且未被列入活动异常名录或严重违法失信名单（民政部令第60号）。");
          doc.heading("四、评分标准");
          const total = d.criteria.reduce((s, c) => s + c.maxPoints, 0) + tender.pricePoints;
          doc.table({
            columns: [{ header: "评审因素", width: 3 }, { header: "评分细则", width: 6 }, { header: "分值", width: 1, align: "right" }],
            rows: [
              ...d.criteria.map((c) => [c.name, c.description, String(c.maxPoints)]),
              ["价格", "低价优先法：评标基准价 / 投标报价 × 价格分（财政部令第87号第五十五条）", String(tender.pricePoints)],
              ["合计", "", String(total)],
            ],
          });
          doc.heading("五、时间安排（北京时间）");
          doc.keyValues([
            { label: "公告发布", value: officialDateTime(publishedAt) },
            { label: "答疑截止", value: officialDateTime(tender.enquiryDeadline) },
            { label: "投标截止", value: officialDateTime(tender.bidDeadline) },
          ]);
          doc.heading("六、资金拨付计划");
          doc.table({
            columns: [{ header: "里程碑", width: 6 }, { header: "比例", width: 2, align: "right" }],
            rows: d.tranches.map((r) => [r.milestone, `${r.percentage}%`]),
          });
          doc.heading("七、绩效评估");
          doc.paragraph(
            `项目结束时由购买方验收（${tender.weightPurchaser}%）、第三方评估（${tender.weightThirdParty}%）和服务对象满意度（${tender.weightSatisfaction}%）三方综合评价，综合等级为合格及以上方可拨付尾款。`,
          );
          if (d.amendments.length) {
            doc.heading("八、更正公告");
            doc.table({
              columns: [{ header: "发布时间", width: 2 }, { header: "更正内容", width: 5 }, { header: "投标截止", width: 2 }],
              rows: d.amendments.map((a) => [officialDateTime(a.publishedAt), a.changes, officialDateTime(a.newBidDeadline)]),
            });
          }
          doc.heading(d.amendments.length ? "九、联系方式" : "八、联系方式");
          doc.keyValues([
            { label: "联系人", value: tender.contactName },
            { label: "联系电话", value: tender.contactPhone },
          ]);
          doc.signOff([d.bureauName, officialDate(publishedAt)]);
        },
        { title: `${tender.title}采购公告`, subject: "采购公告", createdAt: publishedAt },
      ),
    ),
  };
}

/** The amendment notice (更正公告) for one amendment. */
export async function amendmentNoticePdf(db: Queryable, tenderId: string, amendmentId: string) {
  const d = await getPublicTender(db, tenderId);
  const amendment = d.amendments.find((a) => a.id === amendmentId);
  if (!amendment) throw new Response("Not Found", { status: 404 });
  const tender = d.tender;
  return {
    filename: `${tender.title}-更正公告.pdf`,
    pdf: await renderPdf(
      (doc) => {
        doc.title(`${tender.title}更正公告`);
        doc.subtitle(`${d.bureauName} · 发布日期：${officialDate(amendment.publishedAt)}`);
        doc.heading("一、原公告");
        doc.keyValues([
          { label: "项目名称", value: tender.title },
          { label: "采购方式", value: t(`tenders.method.${tender.method}`) },
          { label: "原公告发布", value: tender.publishedAt ? officialDateTime(tender.publishedAt) : "" },
        ]);
        doc.heading("二、更正内容");
        doc.paragraph(amendment.changes);
        doc.heading("三、更正理由");
        doc.paragraph(amendment.reason);
        doc.heading("四、投标截止时间");
        doc.keyValues([
          { label: "原投标截止", value: officialDateTime(amendment.previousBidDeadline) },
          { label: "现投标截止", value: officialDateTime(amendment.newBidDeadline) },
        ]);
        if (amendment.deadlineMoved && amendment.affectsBids) {
          doc.note("本次更正可能影响投标文件编制，距投标截止不足法定天数，投标截止时间相应顺延（财政部令第87号第二十七条）。此前已提交的投标须重新确认。");
        }
        doc.signOff([d.bureauName, officialDate(amendment.publishedAt)]);
      },
      { title: `${tender.title}更正公告`, subject: "更正公告", createdAt: amendment.publishedAt },
    ),
  };
}
