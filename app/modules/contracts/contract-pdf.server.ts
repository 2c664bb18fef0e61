/**
 * The contract (政府购买服务合同) as a PDF, always in Chinese. It is rendered from the stored
 * content snapshot with the version's time as the creation date, so the same version always
 * gives the same bytes: the SHA-256 stored at generation is what each party signs, and the file
 * served later hashes to it.
 */
import crypto from "node:crypto";
import { translator } from "~/i18n";
import { formatFen } from "~/modules/budgets/money";
import { officialDate, renderPdf } from "~/modules/documents/pdf.server";
import type { ContractContent } from "./contract-content";

const t = translator("zh-CN");

const day = (date: string) => officialDate(new Date(`${date}T12:00:00+08:00`));
const awardWord = (method: string) => (method === "open_tender" ? "中标" : "成交");

export function sha256(bytes: Buffer): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

export async function renderContractPdf(content: ContractContent, versionAt: Date): Promise<Buffer> {
  const c = content;
  const word = awardWord(c.tender.method);
  const title = "政府购买服务合同";
  return renderPdf(
    (doc) => {
      doc.title(title);
      doc.subtitle(`合同编号：${c.number} · 第 ${c.version} 版`);
      doc.subtitle(`项目名称：${c.tender.title}`);
      doc.keyValues([
        { label: "甲方（购买主体）", value: c.purchaser.name },
        { label: "甲方联系人", value: `${c.purchaser.contactName}，${c.purchaser.contactPhone}` },
        { label: "乙方（承接主体）", value: c.supplier.name },
        { label: "统一社会信用代码", value: c.supplier.uscc },
        ...(c.supplier.address ? [{ label: "乙方住所", value: c.supplier.address }] : []),
        { label: "乙方联系人", value: `${c.supplier.contactName}，${c.supplier.contactPhone}` },
      ]);
      doc.paragraph(
        `根据《中华人民共和国政府采购法》《中华人民共和国民法典》《政府购买服务管理办法》（财政部令第102号），依据“${c.tender.title}”采购文件、乙方投标（响应）文件及${word}结果，甲乙双方经协商一致，订立本合同。`,
      );

      doc.heading("一、服务内容");
      doc.keyValues([
        { label: "服务类别", value: t(`category.${c.tender.category}`) },
        ...(c.proposalTitle ? [{ label: "资助项目", value: c.proposalTitle }] : []),
        { label: "服务社区", value: c.communities.map((x) => x.name).join("、") },
      ]);
      doc.paragraph(`服务方案：${c.deliverables.servicePlan}`);
      doc.paragraph(`主要活动：${c.deliverables.activities}`);

      doc.heading("二、服务期限");
      doc.paragraph(`自${day(c.serviceStartOn)}起至${day(c.serviceEndOn)}止。`);

      doc.heading("三、绩效指标");
      doc.table({
        columns: [
          { header: "指标", width: 4 },
          { header: "合同约定值", width: 2, align: "right" },
        ],
        rows: [
          ["服务对象（人次）", String(c.indicators.beneficiaries)],
          ["服务活动（场次）", String(c.indicators.sessions)],
          ["志愿服务时长（小时）", String(c.indicators.volunteerHours)],
        ],
      });
      doc.note("乙方按里程碑提交进度报告，如实填报服务人次、志愿服务时长和经费使用情况；服务社区确认服务开展情况。");

      doc.heading("四、合同金额及经费预算");
      doc.paragraph(`合同总金额为人民币${formatFen(c.amount)}（含税），为完成本合同全部服务的总价。`);
      doc.table({
        columns: [
          { header: "预算科目", width: 5 },
          { header: "金额", width: 2, align: "right" },
        ],
        rows: [...c.budget.map((b) => [b.item, formatFen(b.amount)]), ["合计", formatFen(c.budget.reduce((a, b) => a + b.amount, 0))]],
      });

      doc.heading("五、里程碑及付款");
      doc.table({
        columns: [
          { header: "序号", width: 0.8, align: "center" },
          { header: "里程碑", width: 3.2 },
          { header: "计划日期", width: 2.6 },
          { header: "付款比例", width: 1.4, align: "right" },
          { header: "付款金额", width: 2.2, align: "right" },
        ],
        rows: c.milestones.map((m) => [String(m.position + 1), m.name, day(m.dueOn), `${m.percentage}%`, formatFen(m.amount)]),
      });
      doc.paragraph(
        "首期款于本合同生效后支付；其余各期款项在对应里程碑的进度报告经服务社区确认、甲方验收合格后支付；末期款在项目绩效评估完成且评估等级为“合格”及以上后支付。甲方以银行转账方式付款，乙方应开具合法票据。",
      );

      doc.heading("六、项目团队");
      if (c.team.length) {
        doc.table({
          columns: [
            { header: "姓名", width: 3 },
            { header: "职业资格", width: 4 },
          ],
          rows: c.team.map((m) => [m.name, t(`qualification.${m.qualification}`)]),
        });
      }
      doc.paragraph("乙方应保持投标（响应）文件承诺的项目团队稳定；确需调整的，应提前书面告知甲方并经甲方同意，替换人员的资格不得低于原人员。");

      doc.heading("七、双方权利义务");
      doc.paragraph("甲方按约定支付服务费用，对服务过程进行监督和验收，组织第三方评估机构、服务对象和甲方共同开展绩效评估。");
      doc.paragraph("乙方按本合同和投标（响应）文件提供服务，接受甲方、服务社区和服务对象的监督，如实报告服务进展和经费使用情况，配合绩效评估，妥善保护服务对象的个人信息。");

      doc.heading("八、合同的变更与解除");
      doc.paragraph("本合同生效后，未经双方协商一致不得变更。乙方严重违约或无法继续履行的，甲方可以书面说明理由解除合同，未支付的款项不再支付，已占用的预算予以释放。");

      doc.heading("九、合同生效");
      doc.paragraph("本合同经甲乙双方在三社联动服务采购平台以电子方式签署后生效。签署记录（签署人、签署时间及本合同文件的 SHA-256 摘要）由平台保存；合同内容变更的，须重新签署。");
      doc.spacer();
      doc.signOff([`甲方：${c.purchaser.name}`, `乙方：${c.supplier.name}`, `第 ${c.version} 版 · ${officialDate(versionAt)}`]);
    },
    { title: `${c.tender.title}${title}`, subject: title, createdAt: versionAt },
  );
}
