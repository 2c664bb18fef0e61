import Nzh from "nzh";
import type { Queryable } from "#db/client";
import { fenToYuanString, formatFen, type Fen } from "~/modules/budgets/money";
import { officialDate, officialDateTime, renderPdf } from "~/modules/documents/pdf.server";
import { getDonationReceipt } from "./donations.server";

const ISSUER = "三社联动服务采购平台";

/** 人民币壹佰元整: the amount in capitals, as Chinese receipts write it beside the figures. */
export function amountInCapitals(fen: Fen): string {
  // nzh reads the decimal string digit by digit: the amount never passes through a float.
  return Nzh.cn.toMoney(fenToYuanString(fen), { forceZheng: true });
}

/**
 * The donor's receipt (捐赠收据) as a PDF, for a paid donation only (404 otherwise): who gave
 * how much to which project, when, with the receipt number. It confirms that the payment
 * arrived; it is not the tax receipt (公益事业捐赠票据) a recipient organization may issue.
 */
export async function donationReceiptPdf(db: Queryable, contractId: string, token: string, verifyUrl: string) {
  const { project, donation } = await getDonationReceipt(db, contractId, token);
  if (donation.status !== "paid" || !donation.paidAt || !donation.receiptNumber) throw new Response("Not Found", { status: 404 });
  const paidAt = donation.paidAt;
  const pdf = await renderPdf(
    (doc) => {
      doc.title("捐赠收据");
      doc.subtitle(`收据编号：${donation.receiptNumber}`);
      doc.keyValues([
        { label: "捐赠人", value: donation.donorName ?? "匿名" },
        { label: "捐赠金额", value: `${formatFen(donation.amount)}（${amountInCapitals(donation.amount)}）` },
        { label: "捐赠项目", value: project.title },
        { label: "合同编号", value: project.number },
        { label: "项目承接机构", value: project.organizationName },
        { label: "项目购买方", value: project.bureauName },
        { label: "到账时间", value: officialDateTime(paidAt) },
        { label: "支付方式", value: "在线支付（Stripe）" },
        ...(donation.message ? [{ label: "捐赠留言", value: donation.message }] : []),
      ]);
      doc.paragraph(
        `感谢您对“${project.title}”的支持。本笔捐赠已计入该项目的社会捐赠（配捐）资金，并在项目公开页面公示${donation.donorName ? "" : "（匿名捐赠不显示捐赠人）"}。`,
      );
      doc.note(`本收据由${ISSUER}依据支付机构的到账确认出具，用于证明捐赠已到账，不作为财政部门监制的公益事业捐赠票据使用。`);
      doc.note(`核验地址：${verifyUrl}`);
      doc.signOff([ISSUER, officialDate(paidAt)]);
    },
    { title: `捐赠收据 ${donation.receiptNumber}`, subject: "捐赠收据", createdAt: paidAt },
  );
  return { pdf, filename: `捐赠收据-${donation.receiptNumber}.pdf` };
}
