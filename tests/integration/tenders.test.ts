/**
 * Tenders (DESIGN §4.2–4.3, issue 3) against a real database: the state machine and its
 * refusals, the budget reservation made by publishing (also under concurrent publication on
 * PostgreSQL), amendments and the 87号令 art. 27 deadline rule, cancellation, anonymous Q&A,
 * the public list, the routes as a browser without JavaScript drives them, and the notices
 * as PDFs read back with pdftotext.
 *
 * Every test makes its own needs, budget lines and tenders (unique titles), and only reads or
 * tries refused commands on the demo's tenders, so files sharing one PostgreSQL database
 * never disturb each other. Times are passed to the commands explicitly (`now`) where a rule
 * depends on the clock.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { amendments, auditLog, budgetMovements, enquiries, tenderCriteria, tenderNeeds, tenders } from "#db/schema";
import { DEMO_TENDERS } from "#db/seed-procurement";
import type { SessionUser } from "~/modules/auth/permissions";
import { amendmentNoticePdf, tenderNoticePdf } from "~/modules/tenders/tender-notice.server";
import { getTenderPage } from "~/modules/tenders/tender-page.server";
import {
  amendTender,
  answerQuestion,
  askQuestion,
  cancelTender,
  getBureauTender,
  getPublicTender,
  listPublicTenders,
  publishTender,
  saveDraft,
  TENDERS_PAGE_SIZE,
} from "~/modules/tenders/tenders.server";
import * as bureauTender from "~/routes/bureau.tenders.$id";
import * as bureauEditTender from "~/routes/bureau.tenders.$id_.edit";
import * as bureauNewTender from "~/routes/bureau.tenders.new";
import * as amendmentNoticeRoute from "~/routes/tenders.$id.amendments.$amendmentId[.]pdf";
import * as publicTender from "~/routes/tenders.$id";
import * as noticeRoute from "~/routes/tenders.$id.notice[.]pdf";
import * as publicTenders from "~/routes/tenders._index";
import { UserError } from "~/utils/errors";
import {
  context,
  cookieFor,
  getRequest,
  organizationNamed,
  postRequest,
  refusal,
  regionId,
  sessionUser,
  sessionUsers,
  settle,
  thrownResponse,
  unique,
  useDemoData,
} from "../helpers/demo";
import {
  acceptedNeed,
  budgetLine,
  draftTender,
  lineRow,
  minuteNow,
  needStatuses,
  plus,
  publishedTender,
  type Purchaser,
  purchaser,
  tenderInput,
  tenderRow,
  YUAN,
} from "../helpers/procurement";

useDemoData();

const args = (request: Request, params: Record<string, string> = {}) => ({ request, context, params });

/** "2026-03-02T09:30": what a datetime-local field holds for an instant, in Beijing time. */
function beijingInput(date: Date) {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** "2026年3月2日" and "09:30", Beijing time, as official notices write them. */
function beijingDate(date: Date) {
  const shifted = new Date(date.getTime() + 8 * 3_600_000);
  return `${shifted.getUTCFullYear()}年${shifted.getUTCMonth() + 1}月${shifted.getUTCDate()}日`;
}
function beijingTime(date: Date) {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
}

// ---------------------------------------------------------------------------------------------
// Actors and fixtures
// ---------------------------------------------------------------------------------------------

/** 金水区 buying for 丰乐社区 and 二七区 for 大学路社区, each on a big line for tests that do not look at the figures. */
let jinshuiBuyer: Purchaser;
let erqiBuyer: Purchaser;
let jinshui: SessionUser;
let erqi: SessionUser;
let fengleStaff: SessionUser;
let daxueluStaff: SessionUser;
let anyuan: SessionUser;
let jinshuiLine: string;
let fengle: string;
let minle: string;
let daxuelu: string;

beforeAll(async () => {
  [jinshuiBuyer, erqiBuyer] = await Promise.all([purchaser("jinshui", 100_000_000), purchaser("erqi", 100_000_000)]);
  ({ officer: jinshui, communityStaff: fengleStaff, communityId: fengle, budgetLineId: jinshuiLine } = jinshuiBuyer);
  ({ officer: erqi, communityStaff: daxueluStaff, communityId: daxuelu } = erqiBuyer);
  [anyuan] = await sessionUsers("agency.anyuan");
  minle = await regionId("民乐社区");
});

async function movementsOf(tenderId: string) {
  return db.select().from(budgetMovements).where(eq(budgetMovements.subjectId, tenderId)).orderBy(asc(budgetMovements.at));
}

async function auditOf(tenderId: string, action?: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, "tender"), eq(auditLog.subjectId, tenderId), ...(action ? [eq(auditLog.action, action)] : [])))
    .orderBy(asc(auditLog.seq));
}

async function demoTender(key: keyof typeof DEMO_TENDERS) {
  const [row] = await db.select().from(tenders).where(eq(tenders.title, DEMO_TENDERS[key]));
  if (!row) throw new Error(`no demo tender ${key}`);
  return row;
}

// ---------------------------------------------------------------------------------------------
// The state machine
// ---------------------------------------------------------------------------------------------

describe("the tender state machine refuses what the rules forbid", () => {
  it("does not save a draft whose criteria and price points total 99, even when the form is bypassed", async () => {
    const now = minuteNow();
    const needId = await acceptedNeed(fengleStaff, jinshui);
    const input = tenderInput({
      budgetLineId: jinshuiLine,
      needIds: [needId],
      communityIds: [fengle],
      pricePoints: 30,
      criteriaPoints: [40, 29],
      enquiryDeadline: plus(now, 10),
      bidDeadline: plus(now, 30),
    });
    const error = await refusal(saveDraft(db, jinshui, input));
    expect(error.messageKey).toBe("tenders.rule.criteriaSum");
    expect(error.options).toMatchObject({ field: "criteria", vars: { total: 99 } });
    expect(await db.select().from(tenders).where(eq(tenders.title, input.title))).toEqual([]);
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, "tender.createDraft"), sql`${auditLog.after}->>'title' = ${input.title}`))).toEqual([]);
  });

  it("does not publish a draft whose stored criteria were changed behind its back to total 99: nothing is reserved", async () => {
    const now = minuteNow();
    const line = await budgetLine(jinshui, 1_000_000);
    const draft = await draftTender(jinshuiBuyer, { budgetLineId: line.id, enquiryDeadline: plus(now, 10), bidDeadline: plus(now, 30) });
    await db.execute(sql`update tender_criteria set max_points = max_points - 1 where tender_id = ${draft.id} and position = 0`);

    const error = await refusal(publishTender(db, jinshui, draft.id, now));
    expect(error.messageKey).toBe("tenders.rule.criteriaSum");
    expect(error.options.vars).toEqual({ total: 99 });

    expect(await tenderRow(draft.id)).toMatchObject({ status: "draft", publishedAt: null });
    expect(await lineRow(line.id)).toMatchObject({ reserved: 0 });
    expect(await movementsOf(draft.id)).toEqual([]);
    expect(await needStatuses(draft.needIds)).toEqual(["accepted"]);
    expect(await auditOf(draft.id, "tender.publish")).toEqual([]);
  });

  it("allows no amendment once the bid deadline has passed (the demo's closed tender)", async () => {
    const closed = await demoTender("closed");
    expect(closed.bidDeadline.getTime()).toBeLessThan(Date.now());
    const before = await db.select().from(amendments).where(eq(amendments.tenderId, closed.id));
    const error = await refusal(amendTender(db, erqi, closed.id, { changes: "延长服务期限", reason: "需求变化", affectsBids: true }));
    expect(error.messageKey).toBe("tenders.refused.amend");
    expect(error.options.vars).toEqual({ phase: "tenders.phase.closed" });
    expect(await db.select().from(amendments).where(eq(amendments.tenderId, closed.id))).toEqual(before);
    expect((await tenderRow(closed.id)).bidDeadline).toEqual(closed.bidDeadline);
  });

  it("allows an amendment up to the minute before the bid deadline and none at the deadline itself", async () => {
    const publishedAt = plus(minuteNow(), -25);
    const tender = await publishedTender(jinshuiBuyer, { publishedAt, enquiryDeadline: plus(publishedAt, 5), bidDeadline: plus(publishedAt, 21) });
    const deadline = tender.bidDeadline;

    const error = await refusal(amendTender(db, jinshui, tender.id, { changes: "补充说明", reason: "答疑", affectsBids: false }, deadline));
    expect(error.messageKey).toBe("tenders.refused.amend");
    // Published 25 days ago with 21 days to bid: with the real clock it is past its deadline too.
    expect((await refusal(amendTender(db, jinshui, tender.id, { changes: "补充说明", reason: "答疑", affectsBids: false }))).messageKey).toBe("tenders.refused.amend");
    expect(await db.select().from(amendments).where(eq(amendments.tenderId, tender.id))).toEqual([]);

    const amendment = await amendTender(db, jinshui, tender.id, { changes: "补充说明", reason: "答疑", affectsBids: false }, plus(deadline, 0, -1));
    expect(amendment).toMatchObject({ deadlineMoved: false, newBidDeadline: deadline });
  });

  it("takes questions until the enquiry deadline and refuses them from that moment on", async () => {
    const tender = await publishedTender(jinshuiBuyer);
    const deadline = tender.enquiryDeadline;
    for (const at of [deadline, plus(deadline, 0, 1), plus(deadline, 3)]) {
      const error = await refusal(askQuestion(db, anyuan, tender.id, "截止后还能提问吗？", at));
      expect(error.messageKey).toBe("tenders.refused.ask");
      expect(error.options.field).toBe("question");
    }
    expect(await db.select().from(enquiries).where(eq(enquiries.tenderId, tender.id))).toEqual([]);

    const enquiry = await askQuestion(db, anyuan, tender.id, "截止前一分钟的提问", plus(deadline, 0, -1));
    expect(enquiry.question).toBe("截止前一分钟的提问");
  });

  it.each([
    ["applicant.jinshui", "pending verification"],
    ["applicant.rejected", "rejected verification"],
    ["agency.huilin", "on the abnormal-activity list"],
  ])("refuses a question from %s (%s) and stores nothing", async (username) => {
    const tender = await publishedTender(jinshuiBuyer);
    const asker = await sessionUser({ username });
    const error = await refusal(askQuestion(db, asker, tender.id, "我们能参加投标吗？"));
    expect(error.messageKey).toBe("tenders.askNotVerified");
    expect(await db.select().from(enquiries).where(eq(enquiries.tenderId, tender.id))).toEqual([]);
    expect(await auditOf(tender.id, "tender.ask")).toEqual([]);
  });

  it("answers 403 to a question from someone who is not an agency", async () => {
    const tender = await publishedTender(jinshuiBuyer);
    expect((await thrownResponse(askQuestion(db, jinshui, tender.id, "局里自己提问"))).status).toBe(403);
    expect(await db.select().from(enquiries).where(eq(enquiries.tenderId, tender.id))).toEqual([]);
  });

  it("answers 404 to another district's officer for every command on a 金水区 tender, changing nothing", async () => {
    const now = minuteNow();
    const line = await budgetLine(jinshui, 1_000_000);
    const draft = await draftTender(jinshuiBuyer, { budgetLineId: line.id, enquiryDeadline: plus(now, 10), bidDeadline: plus(now, 30) });
    const open = await publishedTender(jinshuiBuyer, { budgetLineId: line.id });
    const enquiry = await askQuestion(db, anyuan, open.id, "场地由谁提供？");
    const lineBefore = await lineRow(line.id);

    // One at a time: each is refused before the next is tried.
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ["publish", () => publishTender(db, erqi, draft.id)],
      ["cancel draft", () => cancelTender(db, erqi, draft.id, "越权取消")],
      ["amend", () => amendTender(db, erqi, open.id, { changes: "越权更正", reason: "越权", affectsBids: true, newBidDeadline: plus(now, 60) })],
      ["cancel", () => cancelTender(db, erqi, open.id, "越权取消")],
      ["answer", () => answerQuestion(db, erqi, enquiry.id, "越权答复")],
      ["view", () => getBureauTender(db, erqi, open.id)],
    ];
    for (const [what, attempt] of attempts) {
      const response = await thrownResponse(attempt());
      expect(response.status, what).toBe(404);
    }

    expect(await tenderRow(draft.id)).toMatchObject({ status: "draft", cancelReason: null });
    expect(await tenderRow(open.id)).toMatchObject({ status: "published", bidDeadline: open.bidDeadline, cancelReason: null });
    expect(await db.select().from(amendments).where(eq(amendments.tenderId, open.id))).toEqual([]);
    const [stored] = await db.select().from(enquiries).where(eq(enquiries.id, enquiry.id));
    expect(stored).toMatchObject({ answer: null, answeredBy: null });
    expect(await lineRow(line.id)).toEqual(lineBefore);
    expect(await needStatuses(draft.needIds)).toEqual(["accepted"]);
    const byErqi = await db.select().from(auditLog).where(and(eq(auditLog.actorId, erqi.id), inArray(auditLog.subjectId, [draft.id, open.id])));
    expect(byErqi).toEqual([]);
  });

  it("answers 404 to another district's officer on the demo's open tender, whose question stays unanswered", async () => {
    const demo = await demoTender("openElderCare");
    const unanswered = await db.select().from(enquiries).where(and(eq(enquiries.tenderId, demo.id), sql`${enquiries.answer} is null`));
    expect(unanswered.length).toBeGreaterThan(0);
    expect((await thrownResponse(answerQuestion(db, erqi, unanswered[0].id, "越权答复"))).status).toBe(404);
    expect((await thrownResponse(amendTender(db, erqi, demo.id, { changes: "越权", reason: "越权", affectsBids: true }))).status).toBe(404);
    expect((await thrownResponse(cancelTender(db, erqi, demo.id, "越权"))).status).toBe(404);
    const [after] = await db.select().from(enquiries).where(eq(enquiries.id, unanswered[0].id));
    expect(after.answer).toBeNull();
    expect(await tenderRow(demo.id)).toMatchObject({ status: "published", bidDeadline: demo.bidDeadline });
  });
});

// ---------------------------------------------------------------------------------------------
// Publishing and the budget
// ---------------------------------------------------------------------------------------------

describe("publishing reserves the ceiling on the budget line in the same transaction", () => {
  it("reserves the ceiling, records a reserve movement, marks the needs tendered and writes tender.publish", async () => {
    const now = minuteNow();
    const line = await budgetLine(jinshui, 1_000_000);
    const secondNeed = await acceptedNeed(fengleStaff, jinshui);
    const firstNeed = await acceptedNeed(fengleStaff, jinshui);
    const draft = await draftTender(jinshuiBuyer, { budgetLineId: line.id, needIds: [firstNeed, secondNeed], ceilingPrice: 300_000 * YUAN, enquiryDeadline: plus(now, 10), bidDeadline: plus(now, 30) });

    const published = await publishTender(db, jinshui, draft.id, now);
    expect(published).toMatchObject({ status: "published", publishedAt: now });

    expect(await lineRow(line.id)).toMatchObject({ amount: 100_000_000, reserved: 30_000_000, committed: 0, paid: 0 });
    const movements = await movementsOf(draft.id);
    expect(movements.map((m) => ({ line: m.budgetLineId, kind: m.kind, amount: m.amount, actor: m.actorId, subjectType: m.subjectType }))).toEqual([
      { line: line.id, kind: "reserve", amount: 30_000_000, actor: jinshui.id, subjectType: "tender" },
    ]);
    expect(await needStatuses([firstNeed, secondNeed])).toEqual(["tendered", "tendered"]);
    const [entry] = await auditOf(draft.id, "tender.publish");
    expect(entry).toMatchObject({ actorId: jinshui.id, before: { status: "draft" } });
    expect(entry.after).toMatchObject({ status: "published", reserved: 30_000_000, budgetLineId: line.id });
    expect((entry.after as { needIds: string[] }).needIds.sort()).toEqual([firstNeed, secondNeed].sort());

    // Published once: a second publication is refused and reserves nothing more.
    expect((await refusal(publishTender(db, jinshui, draft.id, now))).messageKey).toBe("tenders.refused.publish");
    expect(await lineRow(line.id)).toMatchObject({ reserved: 30_000_000 });
  });

  it("fails with budgets.insufficient when the line has too little left, and nothing changes", async () => {
    const now = minuteNow();
    const line = await budgetLine(jinshui, 500_000);
    await publishedTender(jinshuiBuyer, { budgetLineId: line.id, ceilingPrice: 300_000 * YUAN, publishedAt: now });
    const lineBefore = await lineRow(line.id);
    expect(lineBefore.reserved).toBe(30_000_000);

    const draft = await draftTender(jinshuiBuyer, { budgetLineId: line.id, ceilingPrice: 20_000_001, enquiryDeadline: plus(now, 10), bidDeadline: plus(now, 30) });
    const error = await refusal(publishTender(db, jinshui, draft.id, now));
    expect(error.messageKey).toBe("budgets.insufficient");
    expect(error.options).toMatchObject({ field: "budgetLineId", vars: { available: "¥200,000.00", needed: "¥200,000.01" } });

    expect(await tenderRow(draft.id)).toMatchObject({ status: "draft", publishedAt: null });
    expect(await needStatuses(draft.needIds)).toEqual(["accepted"]);
    expect(await lineRow(line.id)).toEqual(lineBefore);
    expect(await movementsOf(draft.id)).toEqual([]);
    expect(await auditOf(draft.id, "tender.publish")).toEqual([]);

    // Exactly what is left still fits.
    const exact = await draftTender(jinshuiBuyer, { budgetLineId: line.id, ceilingPrice: 200_000 * YUAN, enquiryDeadline: plus(now, 10), bidDeadline: plus(now, 30) });
    await publishTender(db, jinshui, exact.id, now);
    expect(await lineRow(line.id)).toMatchObject({ reserved: 50_000_000, amount: 50_000_000 });
  });

  it("does not let two tenders answer the same need: the second publication is refused and reserves nothing", async () => {
    const now = minuteNow();
    const line = await budgetLine(jinshui, 1_000_000);
    const first = await draftTender(jinshuiBuyer, { budgetLineId: line.id, enquiryDeadline: plus(now, 10), bidDeadline: plus(now, 30) });
    const second = await draftTender(jinshuiBuyer, { budgetLineId: line.id, needIds: first.needIds, enquiryDeadline: plus(now, 10), bidDeadline: plus(now, 30) });
    await publishTender(db, jinshui, first.id, now);
    const error = await refusal(publishTender(db, jinshui, second.id, now));
    expect(error.messageKey).toBe("tenders.rule.needsAccepted");
    expect(await tenderRow(second.id)).toMatchObject({ status: "draft" });
    expect(await lineRow(line.id)).toMatchObject({ reserved: 30_000_000 });
    expect(await movementsOf(second.id)).toEqual([]);
  });

  it("refuses a publication that leaves fewer than 20 days to bid (open tender), reserving nothing", async () => {
    const now = minuteNow();
    const line = await budgetLine(jinshui, 1_000_000);
    const draft = await draftTender(jinshuiBuyer, { budgetLineId: line.id, enquiryDeadline: plus(now, 5), bidDeadline: plus(now, 20) });
    const error = await refusal(publishTender(db, jinshui, draft.id, plus(now, 0, 1)));
    expect(error.messageKey).toBe("tenders.rule.bidPeriodOpen");
    expect(await tenderRow(draft.id)).toMatchObject({ status: "draft" });
    expect(await lineRow(line.id)).toMatchObject({ reserved: 0 });
    await publishTender(db, jinshui, draft.id, now);
    expect(await lineRow(line.id)).toMatchObject({ reserved: 30_000_000 });
  });

  it.runIf(Boolean(process.env.DATABASE_URL))(
    "never overdraws a line when five officers publish against it at the same moment (PostgreSQL)",
    async () => {
      const now = minuteNow();
      const line = await budgetLine(jinshui, 1_000_000);
      const drafts = [];
      for (let i = 0; i < 5; i += 1) drafts.push(await draftTender(jinshuiBuyer, { budgetLineId: line.id, ceilingPrice: 300_000 * YUAN, enquiryDeadline: plus(now, 10), bidDeadline: plus(now, 30) }));

      const results = await Promise.allSettled(drafts.map((d) => publishTender(db, jinshui, d.id, now)));
      const published = drafts.filter((_, i) => results[i].status === "fulfilled");
      const refused = drafts.filter((_, i) => results[i].status === "rejected");
      expect(published).toHaveLength(3);
      expect(refused).toHaveLength(2);
      for (const r of results) {
        if (r.status === "rejected") {
          expect(r.reason).toBeInstanceOf(UserError);
          expect((r.reason as UserError).messageKey).toBe("budgets.insufficient");
        }
      }

      const after = await lineRow(line.id);
      expect(after).toMatchObject({ amount: 100_000_000, reserved: 90_000_000 });
      expect(after.reserved + after.committed + after.paid).toBeLessThanOrEqual(after.amount);
      const movements = await db.select().from(budgetMovements).where(eq(budgetMovements.budgetLineId, line.id));
      expect(movements.map((m) => m.kind)).toEqual(["reserve", "reserve", "reserve"]);
      expect(movements.map((m) => m.subjectId).sort()).toEqual(published.map((d) => d.id).sort());
      for (const d of published) {
        expect((await tenderRow(d.id)).status).toBe("published");
        expect(await needStatuses(d.needIds)).toEqual(["tendered"]);
      }
      for (const d of refused) {
        expect((await tenderRow(d.id)).status).toBe("draft");
        expect(await needStatuses(d.needIds)).toEqual(["accepted"]);
      }
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Amendments
// ---------------------------------------------------------------------------------------------

describe("amendments (87号令 art. 27)", () => {
  const change = { changes: "服务要求中每周开放天数由5天调整为6天。", reason: "社区反馈服务需求变化。" };

  it("moves an open tender's bid deadline to 15 days after a late change that may affect bids, and says so", async () => {
    const publishedAt = minuteNow();
    const tender = await publishedTender(jinshuiBuyer, { publishedAt, enquiryDeadline: plus(publishedAt, 5), bidDeadline: plus(publishedAt, 21) });
    const amendedAt = plus(publishedAt, 10, 7); // 10 days 23 hours 53 minutes left
    const amendment = await amendTender(db, jinshui, tender.id, { ...change, affectsBids: true }, amendedAt);

    const expected = plus(amendedAt, 15);
    expect(amendment).toMatchObject({ affectsBids: true, deadlineMoved: true, previousBidDeadline: tender.bidDeadline, newBidDeadline: expected, publishedAt: amendedAt });
    expect((await tenderRow(tender.id)).bidDeadline).toEqual(expected);

    const page = await getPublicTender(db, tender.id);
    expect(page.tender.bidDeadline).toEqual(expected);
    expect(page.amendments).toEqual([expect.objectContaining({ id: amendment.id, changes: change.changes, reason: change.reason, deadlineMoved: true, previousBidDeadline: tender.bidDeadline, newBidDeadline: expected })]);
    const [entry] = await auditOf(tender.id, "tender.amend");
    expect(entry).toMatchObject({ actorId: jinshui.id });
    expect(new Date((entry.before as { bidDeadline: string }).bidDeadline)).toEqual(tender.bidDeadline);
    expect(new Date((entry.after as { bidDeadline: string }).bidDeadline)).toEqual(expected);
  });

  it("leaves the deadline when the change does not affect bids, or when 15 days or more remain", async () => {
    const publishedAt = minuteNow();
    const tender = await publishedTender(jinshuiBuyer, { publishedAt, enquiryDeadline: plus(publishedAt, 5), bidDeadline: plus(publishedAt, 21) });
    const late = await amendTender(db, jinshui, tender.id, { ...change, affectsBids: false }, plus(publishedAt, 18));
    expect(late).toMatchObject({ deadlineMoved: false, previousBidDeadline: tender.bidDeadline, newBidDeadline: tender.bidDeadline });
    const early = await amendTender(db, jinshui, tender.id, { ...change, affectsBids: true }, plus(publishedAt, 6)); // exactly 15 days left
    expect(early).toMatchObject({ deadlineMoved: false, newBidDeadline: tender.bidDeadline });
    expect((await tenderRow(tender.id)).bidDeadline).toEqual(tender.bidDeadline);
  });

  it("uses 5 days for a competitive consultation", async () => {
    const publishedAt = minuteNow();
    const tender = await publishedTender(jinshuiBuyer, {
      publishedAt,
      method: "competitive_consultation",
      pricePoints: 20,
      enquiryDeadline: plus(publishedAt, 4),
      bidDeadline: plus(publishedAt, 10),
    });
    const amendedAt = plus(publishedAt, 7); // 3 days left
    const amendment = await amendTender(db, jinshui, tender.id, { ...change, affectsBids: true }, amendedAt);
    expect(amendment).toMatchObject({ deadlineMoved: true, newBidDeadline: plus(amendedAt, 5) });

    // Six days left on another consultation: more than 5, the deadline stays.
    const other = await publishedTender(jinshuiBuyer, { publishedAt, method: "competitive_consultation", pricePoints: 20, enquiryDeadline: plus(publishedAt, 4), bidDeadline: plus(publishedAt, 12) });
    expect(await amendTender(db, jinshui, other.id, { ...change, affectsBids: true }, plus(publishedAt, 6))).toMatchObject({ deadlineMoved: false, newBidDeadline: other.bidDeadline });
  });

  it("may extend the bid deadline but never bring it forward", async () => {
    const publishedAt = minuteNow();
    const tender = await publishedTender(jinshuiBuyer, { publishedAt, enquiryDeadline: plus(publishedAt, 5), bidDeadline: plus(publishedAt, 21) });

    const earlier = await refusal(amendTender(db, jinshui, tender.id, { ...change, affectsBids: false, newBidDeadline: plus(tender.bidDeadline, 0, -1) }, plus(publishedAt, 2)));
    expect(earlier.messageKey).toBe("tenders.rule.noEarlierDeadline");
    expect(earlier.options.field).toBe("newBidDeadline");
    expect(await db.select().from(amendments).where(eq(amendments.tenderId, tender.id))).toEqual([]);
    expect((await tenderRow(tender.id)).bidDeadline).toEqual(tender.bidDeadline);

    const later = plus(publishedAt, 35);
    const extended = await amendTender(db, jinshui, tender.id, { ...change, affectsBids: false, newBidDeadline: later }, plus(publishedAt, 2));
    expect(extended).toMatchObject({ deadlineMoved: true, previousBidDeadline: tender.bidDeadline, newBidDeadline: later });
    expect((await tenderRow(tender.id)).bidDeadline).toEqual(later);

    // An extension that still leaves fewer than 15 days after a change affecting bids goes to 15 days.
    const amendedAt = plus(publishedAt, 30);
    const moved = await amendTender(db, jinshui, tender.id, { ...change, affectsBids: true, newBidDeadline: plus(later, 1) }, amendedAt);
    expect(moved).toMatchObject({ deadlineMoved: true, previousBidDeadline: later, newBidDeadline: plus(amendedAt, 15) });
  });
});

// ---------------------------------------------------------------------------------------------
// Cancellation
// ---------------------------------------------------------------------------------------------

describe("cancelling a tender", () => {
  it("releases the reservation, hands the needs back to the pool and publishes the reason", async () => {
    const line = await budgetLine(jinshui, 1_000_000);
    const tender = await publishedTender(jinshuiBuyer, { budgetLineId: line.id, ceilingPrice: 300_000 * YUAN });
    expect(await lineRow(line.id)).toMatchObject({ reserved: 30_000_000 });
    const reason = `服务场地改造延期，采购任务无法按计划实施。${unique("#")}`;

    const cancelled = await cancelTender(db, jinshui, tender.id, reason);
    expect(cancelled).toMatchObject({ status: "cancelled", cancelReason: reason });
    expect(await lineRow(line.id)).toMatchObject({ reserved: 0, committed: 0, paid: 0 });
    expect((await movementsOf(tender.id)).map((m) => [m.kind, m.amount, m.budgetLineId])).toEqual([
      ["reserve", 30_000_000, line.id],
      ["release", 30_000_000, line.id],
    ]);
    expect(await needStatuses(tender.needIds)).toEqual(["accepted"]);
    const [entry] = await auditOf(tender.id, "tender.cancel");
    expect(entry.after).toMatchObject({ status: "cancelled", reason, released: 30_000_000 });

    const page = await getPublicTender(db, tender.id);
    expect(page.phase).toBe("cancelled");
    expect(page.tender.cancelReason).toBe(reason);

    // Once cancelled, nothing more: no second release, no amendment, no question.
    expect((await refusal(cancelTender(db, jinshui, tender.id, "再次取消"))).messageKey).toBe("tenders.refused.cancel");
    expect((await refusal(amendTender(db, jinshui, tender.id, { changes: "更正", reason: "更正", affectsBids: false }))).messageKey).toBe("tenders.refused.amend");
    expect((await refusal(askQuestion(db, anyuan, tender.id, "还能投标吗？"))).messageKey).toBe("tenders.refused.ask");
    expect(await lineRow(line.id)).toMatchObject({ reserved: 0 });
  });

  it("cancels a draft without touching the budget or its needs", async () => {
    const now = minuteNow();
    const line = await budgetLine(jinshui, 1_000_000);
    const draft = await draftTender(jinshuiBuyer, { budgetLineId: line.id, enquiryDeadline: plus(now, 10), bidDeadline: plus(now, 30) });
    await cancelTender(db, jinshui, draft.id, "需求已由其他渠道解决。");
    expect(await lineRow(line.id)).toMatchObject({ reserved: 0 });
    expect(await movementsOf(draft.id)).toEqual([]);
    expect(await needStatuses(draft.needIds)).toEqual(["accepted"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Questions and answers
// ---------------------------------------------------------------------------------------------

describe("questions and answers (答疑)", () => {
  it("publishes the question and its answer without the asker's identity, and takes one answer only", async () => {
    const tender = await publishedTender(jinshuiBuyer);
    const question = `服务中心场地由采购人提供还是需中标人自行租赁？${unique("#")}`;
    const enquiry = await askQuestion(db, anyuan, tender.id, question);
    const org = await organizationNamed("郑州市金水区安园社会工作服务中心");
    expect(enquiry).toMatchObject({ tenderId: tender.id, question, askedBy: anyuan.id, askedByOrganizationId: org.id, answer: null });
    const [asked] = await auditOf(tender.id, "tender.ask");
    expect(asked).toMatchObject({ actorId: anyuan.id });

    const answer = "场地由采购人无偿提供，水电费用由中标人承担。";
    await answerQuestion(db, jinshui, enquiry.id, answer);
    const page = await getPublicTender(db, tender.id);
    expect(page.enquiries).toEqual([expect.objectContaining({ id: enquiry.id, question, answer })]);

    const json = JSON.stringify(page);
    for (const secret of [anyuan.id, anyuan.username, anyuan.displayName, org.id, org.name, org.uscc]) {
      expect(json, `public tender shows ${secret}`).not.toContain(secret);
    }

    const again = await refusal(answerQuestion(db, jinshui, enquiry.id, "第二次答复"));
    expect(again.messageKey).toBe("tenders.alreadyAnswered");
    const [stored] = await db.select().from(enquiries).where(eq(enquiries.id, enquiry.id));
    expect(stored).toMatchObject({ answer, answeredBy: jinshui.id });
    expect(await auditOf(tender.id, "tender.answer")).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// The public list
// ---------------------------------------------------------------------------------------------

describe("the public list of tenders", () => {
  const P = unique("公开列表");
  const ids: Record<string, string> = {};
  let jinshuiDistrict: string;
  let erqiDistrict: string;

  beforeAll(async () => {
    const now = minuteNow();
    [jinshuiDistrict, erqiDistrict] = await Promise.all(["金水区", "二七区"].map(regionId));
    // open (金水区, 养老, 公开招标), bids in 40 days
    ids.openElder = (await publishedTender(jinshuiBuyer, { title: `${P}甲`, category: "elderly_care", publishedAt: now, bidDeadline: plus(now, 40) })).id;
    // open (金水区, 儿童, 磋商), bids in 12 days
    ids.openChildren = (
      await publishedTender(jinshuiBuyer, { title: `${P}乙`, category: "children_youth", method: "competitive_consultation", pricePoints: 20, publishedAt: now, enquiryDeadline: plus(now, 5), bidDeadline: plus(now, 12) })
    ).id;
    // 二七区, published 30 days ago, bids closed 2 days ago: evaluating, phase "closed"
    ids.closedErqi = (
      await publishedTender(erqiBuyer, { title: `${P}丙`, category: "elderly_care", publishedAt: plus(now, -30), enquiryDeadline: plus(now, -20), bidDeadline: plus(now, -2) })
    ).id;
    // cancelled consultation (金水区, 助残), bids would have closed in 15 days
    const cancelled = await publishedTender(jinshuiBuyer, { title: `${P}丁`, category: "disability", method: "competitive_consultation", pricePoints: 20, publishedAt: now, enquiryDeadline: plus(now, 5), bidDeadline: plus(now, 15) });
    await cancelTender(db, jinshui, cancelled.id, "场地无法交付。");
    ids.cancelled = cancelled.id;
    // never published
    ids.draft = (await draftTender(jinshuiBuyer, { title: `${P}戊`, enquiryDeadline: plus(now, 1), bidDeadline: plus(now, 1, 30) })).id;
    // awarded (a later issue's transition, set directly): bids closed in 25 days
    ids.awarded = (await publishedTender(jinshuiBuyer, { title: `${P}己`, category: "social_assistance", publishedAt: now, bidDeadline: plus(now, 25) })).id;
    await db.update(tenders).set({ status: "awarded" }).where(eq(tenders.id, ids.awarded));
    // Titles with LIKE wildcards in them (cancelled drafts: public, cheap).
    const needId = await acceptedNeed(fengleStaff, jinshui);
    for (const [key, title, days] of [
      ["percent", `${P}50%_折扣`, 50],
      ["plain", `${P}50AB折扣`, 51],
    ] as const) {
      const draft = await draftTender(jinshuiBuyer, { title, needIds: [needId], enquiryDeadline: plus(now, 10), bidDeadline: plus(now, days) });
      await cancelTender(db, jinshui, draft.id, "测试");
      ids[key] = draft.id;
    }
  });

  const listed = async (filter: Parameters<typeof listPublicTenders>[1]) => (await listPublicTenders(db, { q: P, ...filter })).tenders.map((t) => t.id);

  it("lists every published tender matching the title search, sorted by bid deadline, never a draft", async () => {
    const result = await listPublicTenders(db, { q: P });
    expect(result.tenders.map((t) => t.id)).toEqual([ids.closedErqi, ids.openChildren, ids.cancelled, ids.awarded, ids.openElder, ids.percent, ids.plain]);
    expect(result).toMatchObject({ total: 7, page: 1, pageCount: 1 });
    expect(result.tenders.map((t) => t.phase)).toEqual(["closed", "open", "cancelled", "awarded", "open", "cancelled", "cancelled"]);
    expect(await listed({ q: `${P}戊` })).toEqual([]);
    expect((await thrownResponse(getPublicTender(db, ids.draft))).status).toBe(404);
  });

  it("filters by district, category and method", async () => {
    expect(await listed({ districtId: erqiDistrict })).toEqual([ids.closedErqi]);
    expect(await listed({ districtId: jinshuiDistrict })).toEqual([ids.openChildren, ids.cancelled, ids.awarded, ids.openElder, ids.percent, ids.plain]);
    expect(await listed({ category: "elderly_care", districtId: jinshuiDistrict })).toEqual([ids.openElder, ids.percent, ids.plain]);
    expect(await listed({ category: "children_youth" })).toEqual([ids.openChildren]);
    expect(await listed({ method: "competitive_consultation" })).toEqual([ids.openChildren, ids.cancelled]);
  });

  it("filters by status group: open, evaluating (a published tender past its deadline), awarded, closed (cancelled or unsuccessful)", async () => {
    expect(await listed({ status: "open" })).toEqual([ids.openChildren, ids.openElder]);
    const evaluating = await listPublicTenders(db, { q: P, status: "evaluating" });
    expect(evaluating.tenders.map((t) => [t.id, t.status, t.phase])).toEqual([[ids.closedErqi, "published", "closed"]]);
    expect(await listed({ status: "awarded" })).toEqual([ids.awarded]);
    expect(await listed({ status: "closed" })).toEqual([ids.cancelled, ids.percent, ids.plain]);
  });

  it("searches % and _ in the title as themselves, not as wildcards", async () => {
    expect(await listed({ q: `${P}50%_折扣` })).toEqual([ids.percent]);
    expect(await listed({ q: `${P}50%` })).toEqual([ids.percent]);
    expect(await listed({ q: `${P}50__折扣` })).toEqual([]);
    expect(await listed({ q: `${P}50AB` })).toEqual([ids.plain]);
    // Through the page's address, as a visitor types it.
    const response = await publicTenders.loader(args(getRequest(`/tenders?q=${encodeURIComponent(`${P}50%_折扣`)}`)));
    const data = (await response.json()) as { tenders: { id: string }[]; total: number };
    expect(data.tenders.map((t) => t.id)).toEqual([ids.percent]);
    expect(data.total).toBe(1);
  });

  it("pages by 20: the last page holds the rest, a page beyond it is empty with the right page count", async () => {
    const Q = unique("分页测试");
    const now = minuteNow();
    const needId = await acceptedNeed(fengleStaff, jinshui);
    const made: string[] = [];
    for (let i = 0; i < TENDERS_PAGE_SIZE + 1; i += 1) {
      const draft = await draftTender(jinshuiBuyer, { title: `${Q}-${i}`, needIds: [needId], enquiryDeadline: plus(now, 10), bidDeadline: plus(now, 30, i) });
      await cancelTender(db, jinshui, draft.id, "测试");
      made.push(draft.id);
    }
    const first = await listPublicTenders(db, { q: Q, page: 1 });
    expect(first).toMatchObject({ total: 21, pageCount: 2, page: 1 });
    expect(first.tenders.map((t) => t.id)).toEqual(made.slice(0, 20));
    const second = await listPublicTenders(db, { q: Q, page: 2 });
    expect(second.tenders.map((t) => t.id)).toEqual([made[20]]);
    const beyond = await listPublicTenders(db, { q: Q, page: 3 });
    expect(beyond).toMatchObject({ tenders: [], total: 21, pageCount: 2 });

    const response = await publicTenders.loader(args(getRequest(`/tenders?q=${encodeURIComponent(Q)}&status=closed&page=9`)));
    expect(await response.json()).toMatchObject({ tenders: [], total: 21, pageCount: 2 });
  });
});

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

describe("routes", () => {
  /** The new-tender form as a browser without JavaScript posts it: dotted row names, spare blank rows. */
  function tenderForm(over: { title: string; needId: string; lineId: string; pricePoints?: string; criteria?: string[] }) {
    const now = minuteNow();
    const criteria = over.criteria ?? ["40", "30"];
    const fields: Record<string, string | string[]> = {
      title: over.title,
      description: "委托专业社会组织运营丰乐社区居家养老服务中心。",
      category: "elderly_care",
      method: "open_tender",
      theme: "",
      ceilingPrice: "300,000",
      budgetLineId: over.lineId,
      servicePeriodMonths: "12",
      eligibility: "依法登记的社会组织。",
      pricePoints: over.pricePoints ?? "30",
      weightPurchaser: "30",
      weightThirdParty: "40",
      weightSatisfaction: "30",
      enquiryDeadline: beijingInput(plus(now, 10)),
      bidDeadline: beijingInput(plus(now, 25)),
      needIds: over.needId,
      communityIds: [fengle, minle],
      contactName: "孙立新",
      contactPhone: "0371-65951826",
    };
    [...criteria, ""].forEach((points, i) => {
      fields[`criteria.${i}.name`] = points ? `评分项${i + 1}` : "";
      fields[`criteria.${i}.description`] = points ? `评分细则${i + 1}` : "";
      fields[`criteria.${i}.maxPoints`] = points;
    });
    [["合同签订", "30"], ["中期验收", "40"], ["绩效评估", "30"], ["", ""]].forEach(([milestone, percentage], i) => {
      fields[`tranches.${i}.milestone`] = milestone;
      fields[`tranches.${i}.percentage`] = percentage;
    });
    return { fields, enquiryDeadline: fields.enquiryDeadline as string, bidDeadline: fields.bidDeadline as string };
  }

  it("saves a new tender typed into the form (yuan amounts, Beijing times) as a draft and redirects to it", async () => {
    const cookie = await cookieFor(jinshui.id);
    const needId = await acceptedNeed(fengleStaff, jinshui);
    const title = unique("表单新建项目");
    const form = tenderForm({ title, needId, lineId: jinshuiLine });
    const response = await settle(() => bureauNewTender.action(args(postRequest("/bureau/tenders/new", form.fields, cookie))));
    expect(response.status).toBe(302);
    const [row] = await db.select().from(tenders).where(eq(tenders.title, title));
    expect(response.headers.get("Location")).toBe(`/bureau/tenders/${row.id}?saved=1`);
    expect(row).toMatchObject({ status: "draft", ceilingPrice: 30_000_000, pricePoints: 30, bureauId: jinshui.grants[0].bureauId, budgetLineId: jinshuiLine });
    expect(row.enquiryDeadline).toEqual(new Date(`${form.enquiryDeadline}:00+08:00`));
    expect(row.bidDeadline).toEqual(new Date(`${form.bidDeadline}:00+08:00`));
    const criteria = await db.select().from(tenderCriteria).where(eq(tenderCriteria.tenderId, row.id)).orderBy(asc(tenderCriteria.position));
    expect(criteria.map((c) => [c.name, c.maxPoints])).toEqual([
      ["评分项1", 40],
      ["评分项2", 30],
    ]);
    expect((await db.select().from(tenderNeeds).where(eq(tenderNeeds.tenderId, row.id))).map((n) => n.needId)).toEqual([needId]);
    expect(await auditOf(row.id, "tender.createDraft")).toHaveLength(1);
  });

  it("answers price points of 5 for an open tender with 400 and tenders.rule.pricePointsOpen on the field, writing nothing", async () => {
    const cookie = await cookieFor(jinshui.id);
    const needId = await acceptedNeed(fengleStaff, jinshui);
    const title = unique("价格分不足");
    const form = tenderForm({ title, needId, lineId: jinshuiLine, pricePoints: "5", criteria: ["50", "45"] });
    const response = await settle(() => bureauNewTender.action(args(postRequest("/bureau/tenders/new", form.fields, cookie))));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Record<string, { message: string }>; values: Record<string, unknown> };
    expect(Object.keys(body.errors)).toEqual(["pricePoints"]);
    expect(body.errors.pricePoints.message.split("|")[0]).toBe("tenders.rule.pricePointsOpen");
    expect(body.values.title).toBe(title);
    expect(await db.select().from(tenders).where(eq(tenders.title, title))).toEqual([]);
  });

  it("refuses another district's budget line on the form with 400, writing nothing", async () => {
    const cookie = await cookieFor(erqi.id);
    const needId = await acceptedNeed(daxueluStaff, erqi);
    const title = unique("越权预算");
    const form = tenderForm({ title, needId, lineId: jinshuiLine });
    form.fields.communityIds = [daxuelu];
    const response = await settle(() => bureauNewTender.action(args(postRequest("/bureau/tenders/new", form.fields, cookie))));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Record<string, { message: string }> };
    expect(body.errors.budgetLineId.message).toBe("errors.invalidChoice");
    expect(await db.select().from(tenders).where(eq(tenders.title, title))).toEqual([]);
  });

  it("takes a question from an agency on the public page and stores it; a bureau officer may not ask", async () => {
    const tender = await publishedTender(jinshuiBuyer);
    const ask = async (username: string, question: string) => {
      const cookie = await cookieFor((await sessionUser({ username })).id);
      return settle(() => publicTender.action(args(postRequest(`/tenders/${tender.id}`, { question }, cookie), { id: tender.id })));
    };
    const question = `投标文件是否需要提供合作协议？${unique("#")}`;
    const response = await ask("agency.anyuan", question);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/tenders/${tender.id}#enquiries`);
    const stored = await db.select().from(enquiries).where(eq(enquiries.tenderId, tender.id));
    expect(stored.map((e) => [e.question, e.askedBy])).toEqual([[question, anyuan.id]]);

    const refused = await ask("agency.huilin", "列入异常名录能提问吗？");
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: Record<string, { message: string }> }).errors.question.message).toBe("tenders.askNotVerified");

    expect((await ask("bureau.jinshui", "局里提问")).status).toBe(403);
    expect(await db.select().from(enquiries).where(eq(enquiries.tenderId, tender.id))).toHaveLength(1);
  });

  it("shows an open tender's lists in their order with real dates, the live bid count, and no award", async () => {
    const publishedAt = minuteNow();
    const tender = await publishedTender(jinshuiBuyer, { publishedAt, enquiryDeadline: plus(publishedAt, 5), bidDeadline: plus(publishedAt, 21) });
    const first = await askQuestion(db, anyuan, tender.id, `第一问${unique("#")}`);
    const second = await askQuestion(db, anyuan, tender.id, `第二问${unique("#")}`);
    await db.update(enquiries).set({ askedAt: plus(publishedAt, 0, 1) }).where(eq(enquiries.id, second.id));
    await db.update(enquiries).set({ askedAt: plus(publishedAt, 0, 2) }).where(eq(enquiries.id, first.id));
    await amendTender(db, jinshui, tender.id, { changes: "开放时间调整。", reason: "社区反馈。", affectsBids: false }, plus(publishedAt, 1));

    const page = await getTenderPage(db, tender.id, anyuan, plus(publishedAt, 2));
    expect(page).toMatchObject({ phase: "open", bidCount: 0, award: null, opening: null, projects: [], canAsk: true, canBid: true });
    expect(page.enquiries.map((e) => e.id)).toEqual([second.id, first.id]);
    expect(page.enquiries[0].askedAt).toEqual(plus(publishedAt, 0, 1));
    expect(page.amendments[0].publishedAt).toEqual(plus(publishedAt, 1));
    expect(page.criteria.map((c) => c.position)).toEqual([...page.criteria.map((c) => c.position)].sort((a, b) => a - b));
    expect(page.tranches.reduce((sum, t) => sum + t.percentage, 0)).toBe(100);
    expect(page.needs.map((n) => n.id).sort()).toEqual([...tender.needIds].sort());
    // Another tender read right after through the same prepared statement is that tender, not the first.
    const other = await publishedTender(jinshuiBuyer);
    expect((await getTenderPage(db, other.id, null)).tender.id).toBe(other.id);
    expect((await getTenderPage(db, other.id, null)).enquiries).toEqual([]);
  });

  it("answers 404 on the public page of a draft", async () => {
    const draft = await demoTender("draft");
    expect((await settle(() => publicTender.loader(args(getRequest(`/tenders/${draft.id}`), { id: draft.id })))).status).toBe(404);
  });

  it("publishes, answers, amends and cancels through the bureau's tender page", async () => {
    const cookie = await cookieFor(jinshui.id);
    const now = minuteNow();
    const line = await budgetLine(jinshui, 1_000_000);
    const draft = await draftTender(jinshuiBuyer, { budgetLineId: line.id, enquiryDeadline: plus(now, 10), bidDeadline: plus(now, 25) });
    const post = (fields: Record<string, string>, as = cookie) => settle(() => bureauTender.action(args(postRequest(`/bureau/tenders/${draft.id}`, fields, as), { id: draft.id })));

    // Another district's officer gets 404 for every intent.
    const erqiCookie = await cookieFor(erqi.id);
    expect((await post({ intent: "publish" }, erqiCookie)).status).toBe(404);
    expect((await tenderRow(draft.id)).status).toBe("draft");

    const published = await post({ intent: "publish" });
    expect(published.status).toBe(302);
    expect(published.headers.get("Location")).toBe(`/bureau/tenders/${draft.id}?done=published`);
    expect(await tenderRow(draft.id)).toMatchObject({ status: "published" });
    expect(await lineRow(line.id)).toMatchObject({ reserved: 30_000_000 });

    const enquiry = await askQuestion(db, anyuan, draft.id, "是否接受联合体投标？");
    expect((await post({ intent: "answer", subjectId: enquiry.id, answer: "越权" }, erqiCookie)).status).toBe(404);
    const answered = await post({ intent: "answer", subjectId: enquiry.id, answer: "不接受联合体投标。" });
    expect(answered.status).toBe(302);
    expect(answered.headers.get("Location")).toBe(`/bureau/tenders/${draft.id}?done=answered`);
    const twice = await post({ intent: "answer", subjectId: enquiry.id, answer: "再答一次" });
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as { errors: Record<string, { message: string }> }).errors.answer.message).toBe("tenders.alreadyAnswered");

    const oldDeadline = (await tenderRow(draft.id)).bidDeadline;
    const newDeadline = plus(now, 40);
    expect((await post({ intent: "amend", changes: "越权", reason: "越权", affectsBids: "on", newBidDeadline: beijingInput(newDeadline) }, erqiCookie)).status).toBe(404);
    const earlier = await post({ intent: "amend", changes: "提前截止", reason: "测试", newBidDeadline: beijingInput(plus(oldDeadline, -1)) });
    expect(earlier.status).toBe(400);
    expect(((await earlier.json()) as { errors: Record<string, { message: string }> }).errors.newBidDeadline.message).toBe("tenders.rule.noEarlierDeadline");
    const amended = await post({ intent: "amend", changes: "延长投标截止时间。", reason: "应潜在供应商要求。", affectsBids: "on", newBidDeadline: beijingInput(newDeadline) });
    expect(amended.status).toBe(302);
    expect(amended.headers.get("Location")).toBe(`/bureau/tenders/${draft.id}?done=amended`);
    expect((await tenderRow(draft.id)).bidDeadline).toEqual(newDeadline);
    const [amendment] = await db.select().from(amendments).where(eq(amendments.tenderId, draft.id));
    expect(amendment).toMatchObject({ affectsBids: true, previousBidDeadline: oldDeadline, newBidDeadline: newDeadline, deadlineMoved: true });

    expect((await post({ intent: "cancel", reason: "越权" }, erqiCookie)).status).toBe(404);
    const cancelled = await post({ intent: "cancel", reason: "项目资金调整。" });
    expect(cancelled.status).toBe(302);
    expect(cancelled.headers.get("Location")).toBe(`/bureau/tenders/${draft.id}?done=cancelled`);
    expect(await tenderRow(draft.id)).toMatchObject({ status: "cancelled", cancelReason: "项目资金调整。" });
    expect(await lineRow(line.id)).toMatchObject({ reserved: 0 });
    expect(await needStatuses(draft.needIds)).toEqual(["accepted"]);
  });

  it("refuses a stale edit form sent after publication with tenders.refused.edit, changing nothing", async () => {
    const cookie = await cookieFor(jinshui.id);
    const tender = await publishedTender(jinshuiBuyer);
    const before = await tenderRow(tender.id);
    const criteriaBefore = await db.select().from(tenderCriteria).where(eq(tenderCriteria.tenderId, tender.id));
    // The edit form, opened while it was a draft, submitted after another tab published it.
    const form = tenderForm({ title: unique("改名"), needId: tender.needIds[0], lineId: jinshuiLine });
    const response = await settle(() => bureauEditTender.action(args(postRequest(`/bureau/tenders/${tender.id}/edit`, form.fields, cookie), { id: tender.id })));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Record<string, { message: string }> };
    // The reason is the tender's state, not the need it answers (which it has itself made "tendered").
    expect(Object.values(body.errors).map((e) => e.message.split("|")[0])).toEqual(["tenders.refused.edit"]);
    expect(await tenderRow(tender.id)).toEqual(before);
    expect(await db.select().from(tenderCriteria).where(eq(tenderCriteria.tenderId, tender.id))).toEqual(criteriaBefore);
  });

  it("shows a refused publication above the bureau's tender page (budget too small), publishing nothing", async () => {
    const cookie = await cookieFor(jinshui.id);
    const now = minuteNow();
    const line = await budgetLine(jinshui, 100_000);
    const draft = await draftTender(jinshuiBuyer, { budgetLineId: line.id, ceilingPrice: 300_000 * YUAN, enquiryDeadline: plus(now, 10), bidDeadline: plus(now, 25) });
    const response = await settle(() => bureauTender.action(args(postRequest(`/bureau/tenders/${draft.id}`, { intent: "publish" }, cookie), { id: draft.id })));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Record<string, { message?: string }>; values: { intent?: string } };
    // The page shows errors.root of a publish answer (PublishError): the officer must see why.
    expect(body.values.intent).toBe("publish");
    expect(body.errors.root?.message?.split("|")[0]).toBe("budgets.insufficient");
    expect(await tenderRow(draft.id)).toMatchObject({ status: "draft" });
    expect(await lineRow(line.id)).toMatchObject({ reserved: 0 });
  });
});

// ---------------------------------------------------------------------------------------------
// Notices as PDF
// ---------------------------------------------------------------------------------------------

// pdftotext (poppler-utils) reads the text back as a reader would copy it. On CI a missing
// tool is an error; elsewhere the text checks are skipped with a message.
const hasPdftotext = spawnSync("pdftotext", ["-v"]).error === undefined;
if (!hasPdftotext) {
  if (process.env.CI === "true") throw new Error("[tenders] pdftotext not found (apt-get install poppler-utils): the notice PDFs' text cannot be checked.");
  console.warn("[tenders] pdftotext not found (apt-get install poppler-utils): skipping the notice PDFs' text checks.");
}

describe("notices as PDF", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sanshe-tender-pdf-"));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The PDF's text without whitespace: extraction may drop the spaces between CJK and digits. */
  function pdfText(pdf: Buffer, name: string) {
    const file = path.join(dir, `${name}.pdf`);
    fs.writeFileSync(file, pdf);
    return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
  }

  it("renders the tender notice (采购公告) of a published tender with its title and ceiling", async () => {
    const demo = await demoTender("openElderCare");
    const { pdf, filename } = await tenderNoticePdf(db, demo.id);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(filename).toBe(`${DEMO_TENDERS.openElderCare}-采购公告.pdf`);
    if (!hasPdftotext) return;
    const text = pdfText(pdf, "notice");
    expect(text).toContain(DEMO_TENDERS.openElderCare);
    expect(text).toContain("¥1,200,000.00");
    expect(text).toContain("公开招标");
    expect(text).toContain(`投标截止${beijingDate(demo.bidDeadline)}${beijingTime(demo.bidDeadline)}`);
  });

  it("serves the notice at its address, and 404 for a draft", async () => {
    const demo = await demoTender("openElderCare");
    const response = await noticeRoute.loader(args(getRequest(`/tenders/${demo.id}/notice.pdf`), { id: demo.id }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

    const draft = await demoTender("draft");
    expect((await settle(() => noticeRoute.loader(args(getRequest(`/tenders/${draft.id}/notice.pdf`), { id: draft.id })))).status).toBe(404);
    expect((await thrownResponse(tenderNoticePdf(db, draft.id))).status).toBe(404);
  });

  it("renders the amendment notice (更正公告) with the moved bid deadline", async () => {
    const demo = await demoTender("amended");
    const rows = await db.select().from(amendments).where(eq(amendments.tenderId, demo.id)).orderBy(asc(amendments.publishedAt));
    const late = rows.find((a) => a.deadlineMoved);
    expect(late).toBeDefined();
    const { pdf } = await amendmentNoticePdf(db, demo.id, late!.id);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");

    const response = await amendmentNoticeRoute.loader(args(getRequest(`/tenders/${demo.id}/amendments/${late!.id}.pdf`), { id: demo.id, amendmentId: late!.id }));
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    // An amendment of another tender is not this tender's.
    const other = await demoTender("openElderCare");
    expect((await thrownResponse(amendmentNoticePdf(db, other.id, late!.id))).status).toBe(404);

    if (!hasPdftotext) return;
    const text = pdfText(pdf, "amendment");
    expect(text).toContain("更正公告");
    expect(text).toContain(DEMO_TENDERS.amended);
    expect(text).toContain(`现投标截止${beijingDate(late!.newBidDeadline)}${beijingTime(late!.newBidDeadline)}`);
    expect(text).toContain(`原投标截止${beijingDate(late!.previousBidDeadline)}${beijingTime(late!.previousBidDeadline)}`);
  });
});
