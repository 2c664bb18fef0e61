import type { Queryable } from "#db/client";
import { translator } from "~/i18n";
import type { SessionUser } from "~/modules/auth/permissions";
import { formatFen } from "~/modules/budgets/money";
import { officialDate, officialDateTime, renderPdf } from "~/modules/documents/pdf.server";
import { getPublicTender } from "~/modules/tenders/tenders.server";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { CHALLENGE_WORKING_DAYS, PUBLICITY_WORKING_DAYS } from "./award-dates";
import { committeeNames, getPublicAwardInfo, publishedRanking, readableAwardLetters } from "./awards.server";

// Notices are official documents: always in Chinese, whatever the reader's UI language.
const t = translator("zh-CN");

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

/** "2026年9月30日" for a Beijing calendar date 'YYYY-MM-DD'. */
const officialDay = (day: string) => officialDate(new Date(`${day}T12:00:00+08:00`));

/** The publicity runs from the notice until its 1 working day (counted from the next day) has passed. */
const publicityPeriod = (confirmedAt: Date, publicityEndsOn: string) =>
  `自${officialDay(shanghaiToday(confirmedAt))}起至${officialDay(publicityEndsOn)}止（${PUBLICITY_WORKING_DAYS} 个工作日，次日起算）`;

/** 中标 for an open tender, 成交 for the other methods (政府采购法 art. 46). */
const awardWord = (method: string) => (method === "open_tender" ? "中标" : "成交");

const CHALLENGE_STATUS: Record<string, string> = { pending: "待答复", rejected: "质疑不成立（驳回）", upheld: "质疑成立" };
const REMEDY: Record<string, string> = { reaward: "依法另行确定中标（成交）供应商", reevaluate: "组织原评审委员会重新评审" };

/**
 * The result notice (中标/成交结果公告): the project, the winners with USCC and amount, the
 * ranking and committee, the publicity and challenge dates and the challenges with their
 * answers (no personal data). Public while an award stands; 404 before and after a revocation
 * left none.
 */
export async function resultNoticePdf(db: Queryable, tenderId: string, now = new Date()) {
  const info = await getPublicAwardInfo(db, tenderId, now);
  if (!info || info.status === "revoked" || !info.confirmedAt || !info.publicityEndsOn || !info.challengeDeadline) notFound();
  const d = await getPublicTender(db, tenderId);
  const tender = d.tender;
  const [ranking, committee] = await Promise.all([publishedRanking(db, tenderId), committeeNames(db, tenderId)]);
  const word = awardWord(tender.method);
  const venture = tender.method === "venture_call";
  const title = `${tender.title}${word}结果公告`;
  const confirmedAt = new Date(info.confirmedAt);
  return {
    filename: `${tender.title}-${word}结果公告.pdf`,
    pdf: await renderPdf(
      (doc) => {
        doc.title(title);
        doc.subtitle(`${d.bureauName} · 公告日期：${officialDate(confirmedAt)}`);
        if (info.status === "final") doc.note(`公示期与质疑期已届满，无未决质疑，${word}结果已于${officialDate(new Date(info.finalAt ?? confirmedAt))}生效。`);
        doc.heading("一、项目基本情况");
        doc.keyValues([
          { label: "采购人", value: d.bureauName },
          { label: "项目名称", value: tender.title },
          { label: "采购方式", value: t(`tenders.method.${tender.method}`) },
          { label: venture ? "资助总额" : "最高限价", value: formatFen(tender.ceilingPrice) },
          { label: "采购公告发布", value: tender.publishedAt ? officialDateTime(new Date(tender.publishedAt)) : "" },
          { label: "服务期限", value: `${tender.servicePeriodMonths} 个月` },
        ]);
        doc.heading(`二、${word}信息`);
        doc.table({
          columns: [
            { header: `${word}供应商`, width: 4 },
            { header: "统一社会信用代码", width: 3 },
            ...(venture ? [{ header: "资助项目", width: 3 }] : []),
            { header: `${word}金额`, width: 2, align: "right" as const },
          ],
          rows: info.winners.map((w) => [w.organizationName, w.uscc, ...(venture ? [w.proposalTitle ?? ""] : []), formatFen(w.amount)]),
        });
        if (info.winners.length > 1) doc.paragraph(`合计资助金额：${formatFen(info.totalAmount)}`, { indent: false });
        doc.heading("三、评审情况");
        doc.table({
          columns: [
            { header: "排名", width: 0.9, align: "center" },
            { header: "投标人", width: 5.2 },
            { header: "报价", width: 2.2, align: "right" },
            { header: "价格分", width: 1.3, align: "right" },
            { header: "总分", width: 1.2, align: "right" },
            { header: venture ? "资助" : "推荐", width: 1, align: "center" },
          ],
          rows: ranking.map((r) => [
            String(r.rank),
            r.proposalTitle ? `${r.organizationName}（${r.proposalTitle}）` : r.organizationName,
            formatFen(r.price),
            String(r.priceScore),
            String(r.total),
            (venture ? r.funded : r.recommended) ? "是" : "",
          ]),
        });
        doc.note("价格分按低价优先法计算（财政部令第87号第五十五条）；总分保留两位小数后排序，得分相同的按报价由低到高排序。");
        if (info.skipReason) doc.paragraph(`采购人未确定排名第一的${word}候选人，理由：${info.skipReason}`);
        if (committee.length) doc.paragraph(`评审委员会成员：${committee.map((m) => m.name).join("、")}`, { indent: false });
        doc.heading("四、公告期限与质疑");
        doc.keyValues([
          { label: "公示期", value: publicityPeriod(confirmedAt, info.publicityEndsOn) },
          { label: "质疑截止", value: `${officialDay(info.challengeDeadline)}（公示期满后 ${CHALLENGE_WORKING_DAYS} 个工作日）` },
        ]);
        doc.paragraph(
          `参加本项目的供应商认为本结果使自己的合法权益受到损害的，可以在质疑截止日前（含当日）通过本平台以书面形式向采购人提出质疑（《中华人民共和国政府采购法》第五十二条）。采购人将在收到质疑后 7 个工作日内作出答复（第五十三条）。工作日按国务院办公厅公布的节假日安排计算。`,
        );
        if (info.challenges.length) {
          doc.heading("五、质疑及答复");
          doc.table({
            columns: [
              { header: "提出日期", width: 2.6 },
              { header: "质疑事项", width: 3.4 },
              { header: "处理结果", width: 2 },
              { header: "答复", width: 5 },
            ],
            rows: info.challenges.map((c) => [
              officialDate(new Date(c.filedAt)),
              c.subject,
              c.status === "upheld" && c.remedy ? `${CHALLENGE_STATUS.upheld}：${REMEDY[c.remedy]}` : CHALLENGE_STATUS[c.status],
              c.answer ?? `答复期限：${officialDay(c.answerDueOn)}`,
            ]),
          });
          doc.note("质疑及答复依法公开，不含质疑人身份及其他个人信息。");
        }
        if (info.revoked.length) {
          doc.note(`此前确定的${word}结果因质疑成立已撤销：${info.revoked.map((r) => `${r.organizationName}（${formatFen(r.amount)}）`).join("、")}。`);
        }
        doc.heading(info.challenges.length ? "六、联系方式" : "五、联系方式");
        doc.keyValues([
          { label: "采购人", value: d.bureauName },
          { label: "联系人", value: tender.contactName },
          { label: "联系电话", value: tender.contactPhone },
        ]);
        doc.signOff([d.bureauName, officialDate(confirmedAt)]);
      },
      { title, subject: `${word}结果公告`, createdAt: confirmedAt },
    ),
  };
}

/**
 * The award letter (中标通知书, 成交通知书 for the other methods) to one winner: for the officers
 * of the tender's bureau (any winner, `awardId` picks one of a venture call's) and for the
 * winning organization's members (their own); 404 for everyone else.
 */
export async function awardLetterPdf(db: Queryable, user: SessionUser | null, tenderId: string, awardId?: string | null) {
  const readable = await readableAwardLetters(db, user, tenderId);
  const award = awardId ? readable.find((a) => a.id === awardId) : readable[0];
  if (!award) notFound();
  const d = await getPublicTender(db, tenderId);
  const tender = d.tender;
  const info = await getPublicAwardInfo(db, tenderId);
  const winner = info?.winners.find((w) => w.organizationId === award.organizationId);
  if (!winner) notFound();
  const word = awardWord(tender.method);
  const title = `${word}通知书`;
  return {
    filename: `${tender.title}-${title}-${winner.organizationName}.pdf`,
    pdf: await renderPdf(
      (doc) => {
        doc.title(title);
        doc.subtitle(`${d.bureauName} · ${officialDate(award.confirmedAt)}`);
        doc.paragraph(`${winner.organizationName}：`, { indent: false });
        doc.paragraph(
          `“${tender.title}”（采购方式：${t(`tenders.method.${tender.method}`)}）经评审委员会评审、采购人确认，确定贵单位为${word}供应商。现将有关事项通知如下：`,
        );
        doc.keyValues([
          { label: "项目名称", value: tender.title },
          ...(winner.proposalTitle ? [{ label: "资助项目", value: winner.proposalTitle }] : []),
          { label: `${word}供应商`, value: winner.organizationName },
          { label: "统一社会信用代码", value: winner.uscc },
          { label: `${word}金额`, value: formatFen(award.amount) },
          { label: "服务期限", value: `${tender.servicePeriodMonths} 个月` },
          { label: "结果公示期", value: publicityPeriod(award.confirmedAt, award.publicityEndsOn) },
          { label: "质疑截止", value: officialDay(award.challengeDeadline) },
        ]);
        doc.paragraph(
          `质疑期届满且无未决质疑后，${word}结果生效。请贵单位自本通知书发出之日起三十日内，按照采购文件和投标（响应）文件确定的事项与采购人签订政府采购合同（《中华人民共和国政府采购法》第四十六条）。质疑期间有质疑未答复的，合同签订顺延。`,
        );
        doc.keyValues([
          { label: "联系人", value: tender.contactName },
          { label: "联系电话", value: tender.contactPhone },
        ]);
        doc.signOff([d.bureauName, officialDate(award.confirmedAt)]);
      },
      { title: `${tender.title}${title}`, subject: title, createdAt: award.confirmedAt },
    ),
  };
}
