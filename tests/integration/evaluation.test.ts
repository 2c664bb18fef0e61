/**
 * Bid evaluation (DESIGN §4.5, issue 4) against a real database: the committee and its size
 * rules, conflict-of-interest declarations and recusal, independent score sheets that lock on
 * submission and stay hidden until all are in, the ranking computed when the last sheet
 * arrives, the audit of every bid read, the evaluation report PDF, and scope (404 for anyone
 * outside the tender's bureau and committee).
 *
 * The scenario is built with the modules as users would: a tender published 40 days ago, bids
 * by three demo agencies before its deadline, the opening after it. Every tender is new, with a
 * unique title, so files sharing one PostgreSQL database never disturb each other.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, asc, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditLog, committeeMembers, evaluationReports, evaluationResults, memberships, scoreSheets, users } from "#db/schema";
import type { SessionUser } from "~/modules/auth/permissions";
import { evaluationReportPdf } from "~/modules/bid-evaluation/evaluation-report.server";
import {
  declareConflicts,
  formCommittee,
  getCommitteeOverview,
  getMemberEvaluation,
  listMyCommittees,
  replaceMember,
  saveScoreSheet,
} from "~/modules/bid-evaluation/evaluation.server";
import { criterionMeans, rankBids } from "~/modules/bid-evaluation/scoring";
import { listOpenedBidAttachments, readBidAttachment } from "~/modules/bids/bids.server";
import * as committeePage from "~/routes/bureau.tenders.$id_.committee";
import * as reportRoute from "~/routes/bureau.tenders.$id.evaluation[.]pdf";
import * as memberPage from "~/routes/committee.$tenderId";
import * as expertHome from "~/routes/expert._index";
import * as bidFileRoute from "~/routes/tenders.$id.bid-attachments.$attachmentId";
import { bureauOfDistrict, context, cookieFor, getRequest, postRequest, refusal, sessionUser, sessionUsers, settle, thrownResponse, unique, useDemoData } from "../helpers/demo";
import { type DemoAgency, minuteNow, type OpenedTender, openedTender, type OpenedTenderSpec, plus, tenderStatus, YUAN } from "../helpers/procurement";

useDemoData();

const args = (request: Request, params: Record<string, string> = {}) => ({ request, context, params });

// ---------------------------------------------------------------------------------------------
// Actors
// ---------------------------------------------------------------------------------------------

let jinshui: SessionUser;
let erqi: SessionUser;
let experts: SessionUser[];
/** A second officer of 金水区 who is also a registered expert: on 金水区's tenders a purchaser's representative. */
let jinshuiExpertOfficer: SessionUser;

beforeAll(async () => {
  [jinshui, erqi] = await sessionUsers("bureau.jinshui", "bureau.erqi");
  experts = await sessionUsers(...[1, 2, 3, 4, 5, 6, 7].map((i) => `expert${i}`));
  const bureau = await bureauOfDistrict("金水区");
  const [officer] = await db
    .insert(users)
    .values({ username: unique("officer.jinshui."), displayName: "赵敏（金水区民政局）", passwordHash: "unused" })
    .returning({ id: users.id });
  await db.insert(memberships).values([
    { userId: officer.id, role: "bureau", bureauId: bureau.id },
    { userId: officer.id, role: "expert" },
  ]);
  jinshuiExpertOfficer = await sessionUser({ id: officer.id });
});

// ---------------------------------------------------------------------------------------------
// The scenario: a tender with three opened bids
// ---------------------------------------------------------------------------------------------

/** A tender of 金水区 published 40 days ago (bids due 10 days ago), bid on a day after publication, opened now. */
function openedNow(spec: Omit<OpenedTenderSpec, "publishedAt" | "openedAt">) {
  const now = minuteNow();
  return openedTender({ ...spec, publishedAt: plus(now, -40), openedAt: now });
}

const ids = (members: SessionUser[]) => members.map((m) => m.id);

function noConflicts(s: OpenedTender) {
  return { declarations: Object.values(s.organizationOf).map((organizationId) => ({ organizationId, conflict: "no" as const })) };
}

function sheet(s: OpenedTender, points: number[], justification: string, final: boolean) {
  return { final, scores: s.criteria.map((c, i) => ({ criterionId: c.id, points: String(points[i]), justification: `${justification}（第${i + 1}项）` })) };
}

async function bidReads(actorId: string, bidIds: string[]) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "bid.read"), eq(auditLog.actorId, actorId), inArray(auditLog.subjectId, bidIds)))
    .orderBy(asc(auditLog.seq));
}

// ---------------------------------------------------------------------------------------------
// Committee formation
// ---------------------------------------------------------------------------------------------

describe("forming the committee", () => {
  let s: OpenedTender;
  beforeAll(async () => {
    s = await openedNow({ prices: { anyuan: 250_000, hexie: 270_000, xinyuan: 290_000 } });
  });

  it("refuses committees that break the size rules of an open tender, with the rule's key and nothing written", async () => {
    const tooSmall = await refusal(formCommittee(db, jinshui, s.tenderId, { memberIds: ids([jinshui, ...experts.slice(0, 3)]) }));
    expect(tooSmall.messageKey).toBe("committee.rule.minSize");
    expect(tooSmall.options).toMatchObject({ field: "memberIds", vars: { min: 5, body: "committee.body.openTender", source: "committee.source.openTender" } });

    const even = await refusal(formCommittee(db, jinshui, s.tenderId, { memberIds: ids([jinshui, ...experts.slice(0, 5)]) }));
    expect(even.messageKey).toBe("committee.rule.oddSize");

    // 赵敏 is a registered expert but an officer of this bureau: she counts as its representative.
    const fewExperts = await refusal(formCommittee(db, jinshui, s.tenderId, { memberIds: ids([jinshui, jinshuiExpertOfficer, ...experts.slice(0, 3)]) }));
    expect(fewExperts.messageKey).toBe("committee.rule.expertShare");
    expect(fewExperts.options.vars).toMatchObject({ size: 5, experts: 3, minExperts: 4 });

    // An officer of another bureau is no candidate.
    const outsider = await refusal(formCommittee(db, jinshui, s.tenderId, { memberIds: ids([erqi, ...experts.slice(0, 4)]) }));
    expect(outsider.messageKey).toBe("errors.invalidChoice");

    expect(await db.select().from(committeeMembers).where(eq(committeeMembers.tenderId, s.tenderId))).toEqual([]);
    expect(await tenderStatus(s.tenderId)).toBe("opened");
  });

  it("shows the broken rule on the field of the form posted without JavaScript", async () => {
    const cookie = await cookieFor(jinshui.id);
    const response = await settle(() =>
      committeePage.action(args(postRequest(`/bureau/tenders/${s.tenderId}/committee`, { intent: "form", memberIds: ids([jinshui, ...experts.slice(0, 3)]) }, cookie), { id: s.tenderId })),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { memberIds: { message: string } } };
    expect(body.errors.memberIds.message.startsWith("committee.rule.minSize|")).toBe(true);
  });

  it("forms a valid committee, moves the tender to evaluating and audits it; a second formation is refused", async () => {
    const members = await formCommittee(db, jinshui, s.tenderId, { memberIds: ids([jinshui, ...experts.slice(0, 4)]) });
    expect(members.map((m) => m.isExpert).sort()).toEqual([false, true, true, true, true]);
    expect(await tenderStatus(s.tenderId)).toBe("evaluating");
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "evaluation.formCommittee"), eq(auditLog.subjectId, s.tenderId)));
    expect(entry.actorId).toBe(jinshui.id);
    expect(entry.after).toMatchObject({ status: "evaluating" });

    const again = await refusal(formCommittee(db, jinshui, s.tenderId, { memberIds: ids([jinshui, ...experts.slice(2, 6)]) }));
    expect(again.messageKey).toBe("evaluation.refused.alreadyFormed");
  });

  it("needs 7 members when the ceiling is ¥10,000,000 or more", async () => {
    const large = await openedNow({ ceilingYuan: 10_000_000, prices: { anyuan: 9_000_000, hexie: 9_500_000, xinyuan: 9_800_000 } });
    const five = await refusal(formCommittee(db, jinshui, large.tenderId, { memberIds: ids([jinshui, ...experts.slice(0, 4)]) }));
    expect(five.messageKey).toBe("committee.rule.minSizeLargeBudget");
    expect(five.options.vars).toMatchObject({ min: 7 });
    const seven = await formCommittee(db, jinshui, large.tenderId, { memberIds: ids([jinshui, ...experts.slice(0, 6)]) });
    expect(seven).toHaveLength(7);
  });

  it("waits for the bureau's choice when a consultation has only two valid bids", async () => {
    const two = await openedNow({ method: "competitive_consultation", prices: { anyuan: 250_000, hexie: 270_000 } });
    const error = await refusal(formCommittee(db, jinshui, two.tenderId, { memberIds: ids([jinshui, ...experts.slice(0, 2)]) }));
    expect(error.messageKey).toBe("evaluation.refused.decideFirst");
  });
});

// ---------------------------------------------------------------------------------------------
// Declarations, scoring and the result
// ---------------------------------------------------------------------------------------------

describe("declarations, scoring and the result", () => {
  let s: OpenedTender;
  let e1: SessionUser, e2: SessionUser, e3: SessionUser, e4: SessionUser, e5: SessionUser, e6: SessionUser;
  const secret = unique("E1的保密理由");

  /**
   * Scores per member and agency (criteria 40 + 30 points, price 30). 安园 and 心远 bid the same
   * price and every member scores them alike: a tie that only a draw can break. 王建华 (e1)
   * scores 和谐家园 far below everyone else: a deviation flag.
   */
  let plan: Map<string, Record<DemoAgency, number[]>>;

  beforeAll(async () => {
    [e1, e2, e3, e4, e5, e6] = experts;
    s = await openedNow({ prices: { anyuan: 250_000, hexie: 300_000, xinyuan: 250_000 } });
    await formCommittee(db, jinshui, s.tenderId, { memberIds: ids([jinshui, e1, e2, e3, e4]) });
    plan = new Map([
      [jinshui.id, { anyuan: [35, 25], xinyuan: [35, 25], hexie: [36, 27] }],
      [e1.id, { anyuan: [34.5, 24], xinyuan: [34.5, 24], hexie: [5, 5] }],
      [e2.id, { anyuan: [36, 26], xinyuan: [36, 26], hexie: [37, 28] }],
      [e3.id, { anyuan: [33, 25.5], xinyuan: [33, 25.5], hexie: [35, 26] }],
      [e5.id, { anyuan: [35, 24.25], xinyuan: [35, 24.25], hexie: [36, 27.5] }],
    ]);
  });

  it("shows no bid to a member before they declare, and refuses their scores", async () => {
    const page = await getMemberEvaluation(db, e1, s.tenderId);
    expect(page.member.mayDeclare).toBe(true);
    expect(page.bids).toEqual([]);
    expect(page.bidders.map((b) => b.organizationId).sort()).toEqual(Object.values(s.organizationOf).sort());
    expect(await bidReads(e1.id, Object.values(s.bidOf))).toEqual([]);

    const error = await refusal(saveScoreSheet(db, e1, s.tenderId, s.bidOf.anyuan, sheet(s, [30, 20], "太早", false)));
    expect(error.messageKey).toBe("evaluation.refused.declareFirst");
    expect(await db.select().from(scoreSheets).where(eq(scoreSheets.bidId, s.bidOf.anyuan))).toEqual([]);
  });

  it("takes a declaration for every bidder, once, posted without JavaScript", async () => {
    const partial = await refusal(declareConflicts(db, e2, s.tenderId, { declarations: [{ organizationId: s.organizationOf.anyuan, conflict: "no" }] }));
    expect(partial.messageKey).toBe("evaluation.rule.declareEveryBidder");

    const cookie = await cookieFor(e1.id);
    const fields: Record<string, string> = { intent: "declare" };
    Object.values(s.organizationOf).forEach((organizationId, i) => {
      fields[`declarations.${i}.organizationId`] = organizationId;
      fields[`declarations.${i}.conflict`] = "no";
      fields[`declarations.${i}.note`] = "";
    });
    const response = await settle(() => memberPage.action(args(postRequest(`/committee/${s.tenderId}`, fields, cookie), { tenderId: s.tenderId })));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/committee/${s.tenderId}?done=declared`);

    const again = await refusal(declareConflicts(db, e1, s.tenderId, noConflicts(s)));
    expect(again.messageKey).toBe("evaluation.refused.alreadyDeclared");
    await declareConflicts(db, e2, s.tenderId, noConflicts(s));
    await declareConflicts(db, e3, s.tenderId, noConflicts(s));
    await declareConflicts(db, jinshui, s.tenderId, noConflicts(s));
  });

  it("recuses a member who declares a conflict; scoring waits until the bureau has replaced them and the replacement has declared", async () => {
    const declarations = noConflicts(s).declarations.map((d) =>
      d.organizationId === s.organizationOf.hexie ? { organizationId: d.organizationId, conflict: "yes" as const, note: "三年内曾任该机构理事" } : d,
    );
    expect(await declareConflicts(db, e4, s.tenderId, { declarations })).toEqual({ recused: true });
    const [recused] = await db.select().from(committeeMembers).where(and(eq(committeeMembers.tenderId, s.tenderId), eq(committeeMembers.userId, e4.id)));
    expect(recused.status).toBe("recused");
    expect((await getMemberEvaluation(db, e4, s.tenderId)).bids).toEqual([]);
    expect((await refusal(saveScoreSheet(db, e4, s.tenderId, s.bidOf.anyuan, sheet(s, [30, 20], "回避", false)))).messageKey).toBe("evaluation.refused.recused");

    const waiting = await refusal(saveScoreSheet(db, e1, s.tenderId, s.bidOf.anyuan, sheet(s, [30, 20], "等待", false)));
    expect(waiting.messageKey).toBe("evaluation.refused.committeeIncomplete");
    expect((await getMemberEvaluation(db, e1, s.tenderId)).bids).toEqual([]);
    const overview = await getCommitteeOverview(db, jinshui, s.tenderId);
    expect(overview.state).toMatchObject({ complete: false, awaitingReplacement: [recused.id] });

    // A purchaser's representative in place of an expert would leave 3 experts of 5.
    const share = await refusal(replaceMember(db, jinshui, s.tenderId, recused.id, { newUserId: jinshuiExpertOfficer.id }));
    expect(share.messageKey).toBe("committee.rule.expertShare");
    expect(share.options.field).toBe("newUserId");
    expect((await refusal(replaceMember(db, jinshui, s.tenderId, recused.id, { newUserId: e1.id }))).messageKey).toBe("evaluation.refused.alreadyMember");
    const notRecused = await db.select().from(committeeMembers).where(and(eq(committeeMembers.tenderId, s.tenderId), eq(committeeMembers.userId, e1.id)));
    expect((await refusal(replaceMember(db, jinshui, s.tenderId, notRecused[0].id, { newUserId: e5.id }))).messageKey).toBe("evaluation.refused.notRecused");

    const replacement = await replaceMember(db, jinshui, s.tenderId, recused.id, { newUserId: e5.id });
    expect(replacement).toMatchObject({ isExpert: true, status: "active", replacesMemberId: recused.id });
    expect((await refusal(replaceMember(db, jinshui, s.tenderId, recused.id, { newUserId: e6.id }))).messageKey).toBe("evaluation.refused.alreadyReplaced");

    // The replacement has not declared yet: still no scoring.
    expect((await refusal(saveScoreSheet(db, e1, s.tenderId, s.bidOf.anyuan, sheet(s, [30, 20], "等待", false)))).messageKey).toBe("evaluation.refused.committeeIncomplete");
    expect((await listMyCommittees(db, e5)).find((c) => c.tenderId === s.tenderId)?.pending.key).toBe("evaluation.pending.declare");
    await declareConflicts(db, e5, s.tenderId, noConflicts(s));
    expect((await getCommitteeOverview(db, jinshui, s.tenderId)).state.complete).toBe(true);
  });

  it("audits every read of a bid by a member", async () => {
    const bidIds = Object.values(s.bidOf);
    const before = (await bidReads(e1.id, bidIds)).length;
    const page = await getMemberEvaluation(db, e1, s.tenderId);
    expect(page.scoring).toBe(true);
    expect(page.bids.map((b) => b.bidId).sort()).toEqual([...bidIds].sort());
    expect(page.bids.find((b) => b.bidId === s.bidOf.hexie)?.content.servicePlan).toContain("hexie");
    const reads = await bidReads(e1.id, bidIds);
    expect(reads).toHaveLength(before + 3);
    expect(new Set(reads.slice(before).map((r) => r.subjectId))).toEqual(new Set(bidIds));
    expect(reads.every((r) => r.subjectType === "bid")).toBe(true);
  });

  it("saves a draft, locks a submitted sheet and refuses to change it (also through the form)", async () => {
    const draft = await saveScoreSheet(db, e1, s.tenderId, s.bidOf.anyuan, { final: false, scores: s.criteria.map((c) => ({ criterionId: c.id, points: "30" })) });
    expect(draft).toMatchObject({ status: "draft", completed: false });

    const tooHigh = await refusal(saveScoreSheet(db, e1, s.tenderId, s.bidOf.anyuan, sheet(s, [41, 20], "超出", true)));
    expect(tooHigh.messageKey).toBe("evaluation.rule.pointsRange");
    expect(tooHigh.options).toMatchObject({ field: "scores.0.points", vars: { max: 40 } });
    const noReason = await refusal(saveScoreSheet(db, e1, s.tenderId, s.bidOf.anyuan, { final: true, scores: s.criteria.map((c) => ({ criterionId: c.id, points: "20" })) }));
    expect(noReason.messageKey).toBe("evaluation.rule.justificationRequired");

    const submitted = await saveScoreSheet(db, e1, s.tenderId, s.bidOf.anyuan, sheet(s, plan.get(e1.id)!.anyuan, secret, true));
    expect(submitted).toMatchObject({ status: "submitted", completed: false });

    const change = await refusal(saveScoreSheet(db, e1, s.tenderId, s.bidOf.anyuan, sheet(s, [40, 30], "改分", true)));
    expect(change.messageKey).toBe("evaluation.refused.sheetSubmitted");
    const draftAgain = await refusal(saveScoreSheet(db, e1, s.tenderId, s.bidOf.anyuan, sheet(s, [40, 30], "改回草稿", false)));
    expect(draftAgain.messageKey).toBe("evaluation.refused.sheetSubmitted");

    const cookie = await cookieFor(e1.id);
    const fields: Record<string, string> = { intent: "score", subjectId: s.bidOf.anyuan, final: "true" };
    s.criteria.forEach((c, i) => {
      fields[`scores.${i}.criterionId`] = c.id;
      fields[`scores.${i}.points`] = "1";
      fields[`scores.${i}.justification`] = "改分";
    });
    const response = await settle(() => memberPage.action(args(postRequest(`/committee/${s.tenderId}`, fields, cookie), { tenderId: s.tenderId })));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { root: { message: string } } }).errors.root.message).toBe("evaluation.refused.sheetSubmitted");

    const page = await getMemberEvaluation(db, e1, s.tenderId);
    const own = page.sheets.find((x) => x.bidId === s.bidOf.anyuan)!;
    expect(own.status).toBe("submitted");
    expect(own.scores.map((x) => x.points)).toEqual(["34.5", "24"]);
  });

  it("keeps every member's scores from the others and from the bureau until all sheets are in", async () => {
    const other = await getMemberEvaluation(db, e2, s.tenderId);
    expect(other.results).toBeNull();
    expect(other.sheets.every((x) => x.status === null)).toBe(true);
    expect(JSON.stringify(other)).not.toContain(secret);
    const overview = await getCommitteeOverview(db, jinshui, s.tenderId);
    expect(overview.results).toBeNull();
    expect(JSON.stringify(overview)).not.toContain(secret);
    expect(overview.progress).toEqual({ done: 1, total: 15 });
  });

  it("computes the ranking with the last sheet: the same as rankBids on the same numbers, with the draw recorded", async () => {
    const order: [SessionUser, DemoAgency][] = [];
    for (const member of [jinshui, e1, e2, e3, e5]) {
      for (const agency of ["anyuan", "hexie", "xinyuan"] as DemoAgency[]) {
        if (member.id === e1.id && agency === "anyuan") continue;
        order.push([member, agency]);
      }
    }
    const last = order.pop()!;
    for (const [member, agency] of order) {
      const result = await saveScoreSheet(db, member, s.tenderId, s.bidOf[agency], sheet(s, plan.get(member.id)![agency], `${member.displayName}评${agency}`, true));
      expect(result.completed).toBe(false);
    }
    expect(await tenderStatus(s.tenderId)).toBe("evaluating");
    const final = await saveScoreSheet(db, last[0], s.tenderId, s.bidOf[last[1]], sheet(s, plan.get(last[0].id)![last[1]], "最后一张", true));
    expect(final.completed).toBe(true);
    expect(await tenderStatus(s.tenderId)).toBe("recommended");

    const [report] = await db.select().from(evaluationReports).where(eq(evaluationReports.tenderId, s.tenderId));
    expect(report.drawSeed).toMatch(/^[0-9a-f]{32}$/);
    expect(report.benchmarkPrice).toBe(250_000 * YUAN);

    const prices: Record<DemoAgency, number> = { anyuan: 250_000 * YUAN, hexie: 300_000 * YUAN, xinyuan: 250_000 * YUAN };
    const expected = rankBids(
      (["anyuan", "hexie", "xinyuan"] as DemoAgency[]).map((agency) => ({
        id: s.bidOf[agency],
        price: prices[agency],
        criterionMeans: criterionMeans([...plan.values()].map((p) => p[agency])),
      })),
      30,
      report.drawSeed!,
    );
    const stored = await db.select().from(evaluationResults).where(eq(evaluationResults.tenderId, s.tenderId)).orderBy(asc(evaluationResults.rank));
    expect(stored.map((r) => ({ id: r.bidId, priceScore: Number(r.priceScore), total: Number(r.total), rank: r.rank }))).toEqual(expected);
    // 安园 and 心远 tie at 89.65 with the same price; 和谐家园 is third (77.50).
    expect(stored.map((r) => r.total)).toEqual(["89.65", "89.65", "77.50"]);
    expect(stored[2].bidId).toBe(s.bidOf.hexie);
    expect(stored.map((r) => r.recommended)).toEqual([true, true, true]);
    expect(stored.every((r) => r.funded === null)).toBe(true);

    const e1Member = (await db.select().from(committeeMembers).where(and(eq(committeeMembers.tenderId, s.tenderId), eq(committeeMembers.userId, e1.id))))[0];
    expect(report.flags).toEqual([expect.objectContaining({ memberId: e1Member.id, bidId: s.bidOf.hexie, memberTotal: 10 })]);

    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "evaluation.complete"), eq(auditLog.subjectId, s.tenderId)));
    expect(entry.after).toMatchObject({ status: "recommended", drawSeed: report.drawSeed });
  });

  it("shows the result and everyone's scores to the members and the bureau once all are in", async () => {
    const page = await getMemberEvaluation(db, e2, s.tenderId);
    expect(page.results?.ranking.map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(JSON.stringify(page.results)).toContain(secret);
    expect(page.results?.sheets).toHaveLength(5);
    const overview = await getCommitteeOverview(db, jinshui, s.tenderId);
    // The bureau sees the seed that decided the tie, so anyone can replay the draw.
    const [stored] = await db.select().from(evaluationReports).where(eq(evaluationReports.tenderId, s.tenderId));
    expect(stored.drawSeed).toMatch(/^[0-9a-f]{32}$/);
    expect(overview.results?.drawSeed).toBe(stored.drawSeed);
    expect((await listMyCommittees(db, e2)).find((c) => c.tenderId === s.tenderId)?.pending.key).toBe("evaluation.pending.results");
    expect((await refusal(saveScoreSheet(db, e2, s.tenderId, s.bidOf.anyuan, sheet(s, [1, 1], "晚了", true)))).messageKey).toBe("evaluation.refused.notEvaluating");
  });

  it("renders the evaluation report for the bureau and the members", async () => {
    const response = await reportRoute.loader(args(getRequest(`/bureau/tenders/${s.tenderId}/evaluation.pdf`, await cookieFor(e3.id)), { id: s.tenderId }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    const { pdf, filename } = await evaluationReportPdf(db, jinshui, s.tenderId);
    expect(filename).toBe(`${s.title}-评审报告.pdf`);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    if (spawnSync("pdftotext", ["-v"]).error !== undefined) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sanshe-evaluation-pdf-"));
    try {
      const file = path.join(dir, "report.pdf");
      fs.writeFileSync(file, pdf);
      const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
      expect(text).toContain("评审报告");
      expect(text).toContain(e4.displayName);
      expect(text).toContain("有利害关系（回避）（三年内曾任该机构理事）");
      expect(text).toContain(secret);
      expect(text).toContain("89.65");
      const [report] = await db.select().from(evaluationReports).where(eq(evaluationReports.tenderId, s.tenderId));
      expect(text).toContain(report.drawSeed!);
      expect(text).toContain("仅供参考");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers 404 to an officer of another district and to an expert outside the committee, everywhere", async () => {
    const erqiCookie = await cookieFor(erqi.id);
    const outsiderCookie = await cookieFor(e6.id);
    const statuses = await Promise.all([
      settle(() => committeePage.loader(args(getRequest(`/bureau/tenders/${s.tenderId}/committee`, erqiCookie), { id: s.tenderId }))),
      settle(() => committeePage.action(args(postRequest(`/bureau/tenders/${s.tenderId}/committee`, { intent: "replace", subjectId: s.tenderId, newUserId: e6.id }, erqiCookie), { id: s.tenderId }))),
      settle(() => memberPage.loader(args(getRequest(`/committee/${s.tenderId}`, erqiCookie), { tenderId: s.tenderId }))),
      settle(() => reportRoute.loader(args(getRequest(`/bureau/tenders/${s.tenderId}/evaluation.pdf`, erqiCookie), { id: s.tenderId }))),
      settle(() => memberPage.loader(args(getRequest(`/committee/${s.tenderId}`, outsiderCookie), { tenderId: s.tenderId }))),
      settle(() => reportRoute.loader(args(getRequest(`/bureau/tenders/${s.tenderId}/evaluation.pdf`, outsiderCookie), { id: s.tenderId }))),
    ]);
    expect(statuses.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect((await thrownResponse(formCommittee(db, erqi, s.tenderId, { memberIds: ids([erqi, ...experts.slice(0, 4)]) }))).status).toBe(404);
    expect((await thrownResponse(getCommitteeOverview(db, erqi, s.tenderId))).status).toBe(404);
    expect((await thrownResponse(evaluationReportPdf(db, erqi, s.tenderId))).status).toBe(404);
    expect((await thrownResponse(declareConflicts(db, erqi, s.tenderId, noConflicts(s)))).status).toBe(404);
    expect((await thrownResponse(saveScoreSheet(db, e6, s.tenderId, s.bidOf.anyuan, sheet(s, [1, 1], "外人", false)))).status).toBe(404);
    // The recused member no longer reads the report either.
    expect((await thrownResponse(evaluationReportPdf(db, e4, s.tenderId))).status).toBe(404);
  });

  it("lists the expert's committees with what is pending on their workspace", async () => {
    const response = await expertHome.loader(args(getRequest("/expert", await cookieFor(e4.id))));
    const data = (await response.json()) as { committees: { tenderId: string; pending: { key: string } }[] };
    expect(data.committees.find((c) => c.tenderId === s.tenderId)?.pending.key).toBe("evaluation.pending.recused");
  });
});

// ---------------------------------------------------------------------------------------------
// The committee form's order, and the bids' files for the members
// ---------------------------------------------------------------------------------------------

describe("the committee page lists people in a stable order", () => {
  it("offers the bureau's staff first, then the experts, each by name (pinyin); members in the order they joined, then by name", async () => {
    const s = await openedNow({ prices: { anyuan: 250_000, hexie: 270_000, xinyuan: 290_000 } });
    const before = await getCommitteeOverview(db, jinshui, s.tenderId);
    const collate = (names: string[]) => [...names].sort((a, b) => a.localeCompare(b, "zh-CN"));
    const staffNames = before.candidates.filter((c) => !c.isExpert).map((c) => c.displayName);
    const expertNames = before.candidates.filter((c) => c.isExpert).map((c) => c.displayName);
    expect(before.candidates.map((c) => c.isExpert)).toEqual([...staffNames.map(() => false), ...expertNames.map(() => true)]);
    expect(staffNames).toEqual(collate(staffNames));
    expect(expertNames).toEqual(collate(expertNames));
    expect(expertNames.length).toBeGreaterThanOrEqual(7);

    // Formed in one go: listed by name, whatever order the ids were sent in or stored.
    const chosen = [experts[3], experts[0], jinshui, experts[2], experts[1]];
    await formCommittee(db, jinshui, s.tenderId, { memberIds: ids(chosen) });
    const names = (await getCommitteeOverview(db, jinshui, s.tenderId)).members.map((m) => m.displayName);
    expect(names).toEqual(collate(names));
    for (let i = 0; i < 3; i++) expect((await getCommitteeOverview(db, jinshui, s.tenderId)).members.map((m) => m.displayName)).toEqual(names);
  });
});

describe("the bids' files on the member's page", () => {
  const pdf = new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Title (资质证明) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
  const filename = `资质证明-${unique("")}.pdf`;

  it("are listed and downloadable only once the member has declared no conflict with that bidder; every list and download is audited", async () => {
    const [e1, e2, e3, e4] = experts;
    const s = await openedNow({ prices: { anyuan: 250_000, hexie: 270_000, xinyuan: 290_000 }, attachments: { anyuan: [{ filename, bytes: pdf }] } });
    await formCommittee(db, jinshui, s.tenderId, { memberIds: ids([jinshui, e1, e2, e3, e4]) });
    const fileId = (await listOpenedBidAttachments(db, jinshui, s.tenderId, "test")).get(s.bidOf.anyuan)![0].id;

    // Before declaring: not on the page, and the download is a 404.
    expect((await getMemberEvaluation(db, e1, s.tenderId)).bids).toEqual([]);
    expect((await thrownResponse(readBidAttachment(db, e1, s.tenderId, fileId))).status).toBe(404);
    const cookie = await cookieFor(e1.id);
    const early = await settle(() => bidFileRoute.loader(args(getRequest(`/tenders/${s.tenderId}/bid-attachments/${fileId}`, cookie), { id: s.tenderId, attachmentId: fileId })));
    expect(early.status).toBe(404);

    // A member with a conflict with 安园 is recused and never reads its file.
    const conflicted = noConflicts(s).declarations.map((d) => (d.organizationId === s.organizationOf.anyuan ? { ...d, conflict: "yes" as const, note: "曾在该机构任职" } : d));
    await declareConflicts(db, e4, s.tenderId, { declarations: conflicted });
    expect((await thrownResponse(readBidAttachment(db, e4, s.tenderId, fileId))).status).toBe(404);

    for (const member of [jinshui, e1, e2, e3]) await declareConflicts(db, member, s.tenderId, noConflicts(s));
    await replaceMember(db, jinshui, s.tenderId, (await getCommitteeOverview(db, jinshui, s.tenderId)).state.awaitingReplacement[0], { newUserId: experts[4].id });
    await declareConflicts(db, experts[4], s.tenderId, noConflicts(s));

    const page = await getMemberEvaluation(db, e1, s.tenderId);
    const anyuan = page.bids.find((b) => b.bidId === s.bidOf.anyuan)!;
    expect(anyuan.attachments).toEqual([{ id: fileId, filename, size: pdf.byteLength }]);
    expect(page.bids.filter((b) => b.bidId !== s.bidOf.anyuan).every((b) => b.attachments.length === 0)).toBe(true);
    const download = await settle(() => bidFileRoute.loader(args(getRequest(`/tenders/${s.tenderId}/bid-attachments/${fileId}`, cookie), { id: s.tenderId, attachmentId: fileId })));
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Disposition")).toContain(encodeURIComponent(filename));
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);

    const entries = await db
      .select({ action: auditLog.action, actorId: auditLog.actorId })
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, s.bidOf.anyuan), inArray(auditLog.action, ["bid.listAttachments", "bid.readAttachment"]), eq(auditLog.actorId, e1.id)));
    expect(entries.map((e) => e.action).sort()).toEqual(["bid.listAttachments", "bid.readAttachment"]);
    // The recused member still reads nothing.
    expect((await thrownResponse(readBidAttachment(db, e4, s.tenderId, fileId))).status).toBe(404);
  });
});
