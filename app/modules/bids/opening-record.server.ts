import type { Queryable } from "#db/client";
import { formatFen } from "~/modules/budgets/money";
import { officialDateTime, renderPdf } from "~/modules/documents/pdf.server";
import { translator } from "~/i18n";
import { getPublicTender } from "~/modules/tenders/tenders.server";
import { getOpeningRecord } from "./bids.server";

const t = translator("zh-CN");

/** The opening record (开标记录) as a PDF: bidders, prices, validity, time. */
export async function openingRecordPdf(db: Queryable, tenderId: string) {
  const [detail, opening] = await Promise.all([getPublicTender(db, tenderId), getOpeningRecord(db, tenderId)]);
  if (!opening) throw new Response("Not Found", { status: 404 });
  const tender = detail.tender;
  return {
    filename: `${tender.title}-开标记录.pdf`,
    pdf: await renderPdf(
      (doc) => {
        doc.title(`${tender.title}开标记录`);
        doc.subtitle(`${detail.bureauName} · 开标时间：${officialDateTime(opening.openedAt)}`);
        doc.keyValues([
          { label: "项目名称", value: tender.title },
          { label: "采购方式", value: t(`tenders.method.${tender.method}`) },
          { label: tender.method === "venture_call" ? "资助总额" : "最高限价", value: formatFen(tender.ceilingPrice) },
          { label: "投标截止", value: officialDateTime(tender.bidDeadline) },
          { label: "有效投标", value: `${opening.validCount} 家` },
        ]);
        doc.heading("投标情况");
        doc.table({
          columns: [
            { header: "投标人", width: 3.6 },
            { header: "统一社会信用代码", width: 3.4 },
            { header: "报价", width: 2, align: "right" },
            { header: "附件", width: 1, align: "right" },
            { header: "是否有效", width: 1.8 },
          ],
          rows: opening.record.map((r) => [
            r.proposalTitle ? `${r.organizationName}（${r.proposalTitle}）` : r.organizationName,
            r.uscc,
            formatFen(r.price),
            r.attachments === undefined ? "—" : `${r.attachments} 个`,
            r.valid ? "有效" : `无效：${t(r.invalidReason ?? "")}`,
          ]),
        });
        if (opening.unsuccessfulReason) doc.note(t(opening.unsuccessfulReason));
        doc.signOff([detail.bureauName, officialDateTime(opening.openedAt)]);
      },
      { title: `${tender.title}开标记录`, subject: "开标记录", createdAt: opening.openedAt },
    ),
  };
}
