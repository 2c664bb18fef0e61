/**
 * Outcome evaluation (DESIGN §4.8-4.9, issue 6) against a real database: the indicator template
 * and its lock at publication, commissioning an evaluator with no stake, the evaluator's locked
 * score sheet, the agency's response, the satisfaction survey (single-use tokens, the limit of
 * people served, anonymous answers, the guard against code guessing), the purchaser's score
 * closing the review with the composite and grade, the final-tranche gate and payment, and the
 * credit record with proposals for the abnormal list.
 *
 * Every contract is new (tests/helpers/contracts.ts), so files sharing one PostgreSQL database
 * never disturb each other; demo organizations' credit status is never changed here.
 */
import crypto from "node:crypto";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditLog, creditProposals, organizations, outcomeEvaluations, outcomeIndicators, surveyResponses, surveyTokens } from "#db/schema";
import type { SessionUser } from "~/modules/auth/permissions";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { saveProgressReport } from "~/modules/contracts/progress.server";
import { decideProposal, getCreditRecord, listProposals } from "~/modules/credit/credit.server";
import { mayReadAttachment } from "~/modules/documents/uploads.server";
import { compositeScore } from "~/modules/outcomes/composite";
import { DEFAULT_INDICATORS } from "~/modules/outcomes/indicators";
import { getIndicatorTemplatePage, listIndicators, saveIndicatorTemplate } from "~/modules/outcomes/indicators.server";
import { finalTrancheGate } from "~/modules/outcomes/outcome-gate.server";
import { outcomeReportPdf } from "~/modules/outcomes/outcome-report.server";
import { indicatorTemplateSchema } from "~/modules/outcomes/outcomes-schema";
import {
  commissionEvaluation,
  getAgencyOutcome,
  getBureauOutcomePage,
  getPublicOutcome,
  recordSiteVisit,
  respondToEvaluation,
  saveOutcomeScores,
  scorePurchaser,
} from "~/modules/outcomes/outcomes.server";
import { recordPayment } from "~/modules/payments/payments.server";
import { CODE_GUESS_LIMIT } from "~/modules/surveys/code-guard.server";
import { answerSurvey, getCommunitySurvey, issueTokens, lookupSurvey, saveQuestions } from "~/modules/surveys/surveys.server";
import * as bureauOutcomePage from "~/routes/bureau.projects.$id_.outcome";
import * as tokenSheetRoute from "~/routes/community.projects.$id_.survey.tokens[.]pdf";
import * as evaluatorPage from "~/routes/evaluator.evaluations.$id";
import * as surveyIndexPage from "~/routes/survey._index";
import * as surveyCodePage from "~/routes/survey.$code";
import { givenAcceptedMilestone, givenActiveContract, givenDraftContract, reportInput, type GivenContract } from "../helpers/contracts";
import { context, cookieFor, getRequest, postRequest, randomIp, randomUscc, refusal, sessionUsers, settle, sqlRows, thrownResponse, unique, useDemoData } from "../helpers/demo";
import { draftTender, publishedTender, purchaser } from "../helpers/procurement";

useDemoData();

const PNG = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"));
const DAY = 86_400_000;

let evaluator: SessionUser;
let erqi: SessionUser;
let siyuetian: SessionUser;
let hexieOwner: SessionUser;
let evaluatorOrgId: string;

beforeAll(async () => {
  [evaluator, erqi, siyuetian, hexieOwner] = await sessionUsers("evaluator.demo", "bureau.erqi", "community.siyuetian", "agency.hexie");
  evaluatorOrgId = evaluator.grants.find((g) => g.role === "evaluator")!.organizationId!;
});

const inDays = (days: number) => shanghaiToday(new Date(Date.now() + days * DAY));

async function evaluationOf(contractId: string) {
  const [row] = await db.select().from(outcomeEvaluations).where(eq(outcomeEvaluations.contractId, contractId));
  return row;
}

async function commissioned(c: GivenContract) {
  return commissionEvaluation(db, c.officer, c.contractId, { evaluatorOrganizationId: evaluatorOrgId, dueOn: inDays(30) });
}

/** The evaluator's sheet: every indicator at `fraction` of its points, with a justification. */
async function sheet(c: GivenContract, fraction: number, final = true) {
  const indicators = await listIndicators(db, c.tenderId);
  return {
    final,
    scores: indicators.map((i) => ({ indicatorId: i.id, score: String(Math.round(i.maxPoints * fraction * 100) / 100), justification: `${i.name}：按台账与走访核实。`, evidence: "服务台账、签到表" })),
  };
}

/** The agency reports the first milestone (160 person-times served) so tokens can be issued. */
async function served(c: GivenContract) {
  await saveProgressReport(db, c.agencyOwner, c.milestones[1].id, await reportInput(c));
}

async function tokenCodes(contractId: string) {
  const rows = await db.select({ code: surveyTokens.code }).from(surveyTokens).where(eq(surveyTokens.contractId, contractId)).orderBy(asc(surveyTokens.code));
  return rows.map((r) => r.code);
}

/** `answers.length` residents answer the four default questions, one token each. */
type Answer = "1" | "2" | "3" | "4" | "5";

async function residentsAnswer(c: GivenContract, answers: Answer[][]) {
  await issueTokens(db, c.communityStaff, c.contractId, { count: answers.length });
  const codes = await tokenCodes(c.contractId);
  for (const [i, a] of answers.entries()) await answerSurvey(db, codes[i], randomIp(), { answers: a });
  return codes;
}

/** A contract taken through the whole review: third party at `thirdParty` of the points, the given survey answers and purchaser score. */
async function gradedContract(spec: { thirdParty: number; answers: Answer[][]; purchaser: string; contract?: GivenContract }) {
  const c = spec.contract ?? (await givenActiveContract());
  await commissioned(c);
  const evaluation = await evaluationOf(c.contractId);
  await saveOutcomeScores(db, evaluator, evaluation.id, await sheet(c, spec.thirdParty));
  await served(c);
  await residentsAnswer(c, spec.answers);
  await scorePurchaser(db, c.officer, c.contractId, { score: spec.purchaser, reasons: "按合同约定验收。" });
  return { c, evaluation: await evaluationOf(c.contractId) };
}

describe("the indicator template", () => {
  it("comes with every new tender: 项目管理 20, 服务交付 30, 成果与影响 30, 财务管理 20, each with sub-indicators and guidance", async () => {
    const buyer = await purchaser("jinshui", 600_000);
    const draft = await draftTender(buyer, { enquiryDeadline: new Date(Date.now() + 10 * DAY), bidDeadline: new Date(Date.now() + 30 * DAY) });
    const page = await getIndicatorTemplatePage(db, buyer.officer, draft.id);
    expect(page.editable).toBe(true);
    expect(page.dimensions).toEqual([
      { dimension: "项目管理", maxPoints: 20 },
      { dimension: "服务交付", maxPoints: 30 },
      { dimension: "成果与影响", maxPoints: 30 },
      { dimension: "财务管理", maxPoints: 20 },
    ]);
    expect(page.indicators).toHaveLength(DEFAULT_INDICATORS.length);
    expect(page.indicators.every((i) => i.guidance.length > 0)).toBe(true);

    // The bureau changes it while the tender is a draft.
    const rows = [
      { dimension: "项目管理", name: "团队稳定", maxPoints: 25, guidance: "持证社工全程在岗。" },
      { dimension: "服务成效", name: "助餐服务人次", maxPoints: 75, guidance: "按台账核实。" },
    ];
    await saveIndicatorTemplate(db, buyer.officer, draft.id, { indicators: rows });
    expect((await listIndicators(db, draft.id)).map((i) => [i.name, i.maxPoints])).toEqual([
      ["团队稳定", 25],
      ["助餐服务人次", 75],
    ]);
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "tender.editIndicators"), eq(auditLog.subjectId, draft.id)));
    expect(entry.actorId).toBe(buyer.officer.id);
  });

  it("refuses points that do not add up to 100, on the field", () => {
    const result = indicatorTemplateSchema.safeParse({ indicators: [{ dimension: "项目管理", name: "进度", maxPoints: "60", guidance: "按时" }, { dimension: "财务", name: "合规", maxPoints: "30", guidance: "票据" }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["indicators"], message: 'outcomes.indicators.sum|{"total":90}' });
  });

  it("cannot change once the tender is published, and stays as it was", async () => {
    const buyer = await purchaser("jinshui", 600_000);
    const tender = await publishedTender(buyer);
    const before = await listIndicators(db, tender.id);
    const refused = await refusal(saveIndicatorTemplate(db, buyer.officer, tender.id, { indicators: [{ dimension: "项目管理", name: "全部", maxPoints: 100, guidance: "一项" }] }));
    expect(refused).toMatchObject({ messageKey: "outcomes.indicators.locked", options: { field: "indicators" } });
    expect(await listIndicators(db, tender.id)).toEqual(before);
    expect((await getIndicatorTemplatePage(db, buyer.officer, tender.id)).editable).toBe(false);
    // Another bureau's officer does not see it at all.
    expect((await thrownResponse(getIndicatorTemplatePage(db, erqi, tender.id))).status).toBe(404);
  });
});

describe("commissioning", () => {
  it("refuses an evaluator with a stake: the agency itself, or an organization that bid on the tender", async () => {
    const c = await givenActiveContract();
    const hexie = { id: hexieOwner.grants.find((g) => g.role === "agency")!.organizationId! };
    const page = await getBureauOutcomePage(db, c.officer, c.contractId);
    expect(page.candidates.map((o) => o.id)).toContain(evaluatorOrgId);
    expect(page.candidates.map((o) => o.id)).not.toContain(c.organizationId);
    expect(page.candidates.map((o) => o.id)).not.toContain(hexie.id);

    const self = await refusal(commissionEvaluation(db, c.officer, c.contractId, { evaluatorOrganizationId: c.organizationId, dueOn: inDays(30) }));
    expect(self).toMatchObject({ messageKey: "outcomes.commission.stakeAgency", options: { field: "evaluatorOrganizationId" } });
    const bidder = await refusal(commissionEvaluation(db, c.officer, c.contractId, { evaluatorOrganizationId: hexie.id, dueOn: inDays(30) }));
    expect(bidder).toMatchObject({ messageKey: "outcomes.commission.stakeBidder", options: { field: "evaluatorOrganizationId" } });
    const past = await refusal(commissionEvaluation(db, c.officer, c.contractId, { evaluatorOrganizationId: evaluatorOrgId, dueOn: shanghaiToday() }));
    expect(past.messageKey).toBe("outcomes.commission.dueInPast");
    expect(await evaluationOf(c.contractId)).toBeUndefined();
    expect(await finalTrancheGate(db, c.contractId)).toEqual({ open: false, reason: "outcomes.gate.notCommissioned" });

    expect((await thrownResponse(commissioned({ ...c, officer: erqi }))).status).toBe(404);
    const evaluation = await commissioned(c);
    expect(evaluation).toMatchObject({ status: "commissioned", evaluatorOrganizationId: evaluatorOrgId, commissionedBy: c.officer.id });
    expect((await refusal(commissioned(c))).messageKey).toBe("outcomes.commission.already");
    expect(await finalTrancheGate(db, c.contractId)).toEqual({ open: false, reason: "outcomes.gate.notGraded" });
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "outcome.commission"), eq(auditLog.subjectId, c.contractId)));
    expect(entry.after).toMatchObject({ evaluationId: evaluation.id, evaluatorOrganizationId: evaluatorOrgId });
  });

  it("needs a contract in force", async () => {
    const c = await givenDraftContract();
    expect((await refusal(commissioned(c))).messageKey).toBe("outcomes.commission.notActive");
  });

  it("gives a tender made without a template the default one", async () => {
    const c = await givenActiveContract();
    await db.delete(outcomeIndicators).where(eq(outcomeIndicators.tenderId, c.tenderId));
    await commissioned(c);
    expect((await listIndicators(db, c.tenderId)).reduce((sum, i) => sum + i.maxPoints, 0)).toBe(100);
  });
});

describe("the evaluator's work", () => {
  it("saves drafts, records visits with photos, submits once, and refuses any score after submission", async () => {
    const c = await givenActiveContract();
    const { id } = await commissioned(c);

    await saveOutcomeScores(db, evaluator, id, { final: false, scores: (await sheet(c, 0.8)).scores.map((s, i) => (i === 0 ? s : { ...s, score: undefined, justification: undefined })) });
    expect(await evaluationOf(c.contractId)).toMatchObject({ status: "commissioned", thirdPartyScore: null });
    const incomplete = await refusal(saveOutcomeScores(db, evaluator, id, { ...(await sheet(c, 0.8)), scores: (await sheet(c, 0.8)).scores.map((s, i) => (i === 3 ? { ...s, justification: undefined } : s)) }));
    expect(incomplete.messageKey).toBe("outcomes.score.incomplete");
    const tooHigh = await refusal(saveOutcomeScores(db, evaluator, id, await sheet(c, 1.5)));
    expect(tooHigh.messageKey).toBe("outcomes.score.range");

    const visit = await recordSiteVisit(db, evaluator, id, { visitedOn: shanghaiToday(), place: "丰乐社区助餐点", peopleMet: "社区书记、3 位服务对象", notes: "午餐准时送达，老人反映口味清淡合适。", photos: undefined }, [
      { filename: "助餐点.png", contentType: "image/png", size: PNG.byteLength, bytes: PNG },
    ]);
    const photo = { ownerType: "siteVisit", ownerId: visit.id };
    expect(await mayReadAttachment(db, evaluator, photo)).toBe(true);
    expect(await mayReadAttachment(db, c.officer, photo)).toBe(true);
    expect(await mayReadAttachment(db, c.agencyOwner, photo)).toBe(false);
    expect(await mayReadAttachment(db, null, photo)).toBe(false);

    // The agency sees no score before submission.
    const before = await getAgencyOutcome(db, c.agencyOwner, id);
    expect(before.scored).toBeNull();
    expect(before.canRespond).toBe(false);
    expect((await refusal(respondToEvaluation(db, c.agencyOwner, id, "我们有不同意见。"))).messageKey).toBe("outcomes.response.notYet");

    // 80% of every indicator: 4.8 + 4 + 4 + 3.2 + 9.6 + 8 + 3.2 + 3.2 + 9.6 + 8 + 6.4 + 4.8 + 6.4 + 4.8 = 80.
    expect(await saveOutcomeScores(db, evaluator, id, await sheet(c, 0.8))).toEqual({ submitted: true, total: 80 });
    expect(await evaluationOf(c.contractId)).toMatchObject({ status: "submitted", thirdPartyScore: 80, submittedBy: evaluator.id });

    const locked = await refusal(saveOutcomeScores(db, evaluator, id, await sheet(c, 1)));
    expect(locked.messageKey).toBe("outcomes.refused.submitted");
    const lateVisit = await refusal(recordSiteVisit(db, evaluator, id, { visitedOn: shanghaiToday(), place: "x", peopleMet: "y", notes: "z", photos: undefined }));
    expect(lateVisit.messageKey).toBe("outcomes.refused.submitted");
    expect((await evaluationOf(c.contractId)).thirdPartyScore).toBe(80);

    const after = await getAgencyOutcome(db, c.agencyOwner, id);
    expect(after.evaluation.thirdPartyScore).toBe(80);
    expect(after.scored?.dimensions).toEqual([
      { dimension: "项目管理", maxPoints: 20, score: 16 },
      { dimension: "服务交付", maxPoints: 30, score: 24 },
      { dimension: "成果与影响", maxPoints: 30, score: 24 },
      { dimension: "财务管理", maxPoints: 20, score: 16 },
    ]);
    expect(await mayReadAttachment(db, c.agencyOwner, photo)).toBe(true);
    await respondToEvaluation(db, c.agencyOwner, id, "感谢评估，我们将改进活动记录。");
    expect((await refusal(respondToEvaluation(db, c.agencyOwner, id, "再补充一点。"))).messageKey).toBe("outcomes.response.already");
    // Another agency and another evaluator organization's members see nothing.
    expect((await thrownResponse(getAgencyOutcome(db, hexieOwner, id))).status).toBe(404);
    expect((await thrownResponse(saveOutcomeScores(db, hexieOwner, id, await sheet(c, 1)))).status).toBe(404);
  });
});

describe("the satisfaction survey", () => {
  it("issues tokens only up to the people served, fixes the questions with the first token, answers once per token", async () => {
    const c = await givenActiveContract();
    const none = await refusal(issueTokens(db, c.communityStaff, c.contractId, { count: 1 }));
    expect(none).toMatchObject({ messageKey: "surveys.tokens.overLimit", options: { field: "count", vars: { available: 0, served: 0, issued: 0 } } });
    await saveQuestions(db, c.communityStaff, c.contractId, { questions: [{ text: "您对服务质量满意吗？" }, { text: "送餐是否准时？" }, { text: "您对服务人员的态度满意吗？" }] });

    await served(c);
    const over = await refusal(issueTokens(db, c.communityStaff, c.contractId, { count: 161 }));
    expect(over.options.vars).toEqual({ available: 160, served: 160, issued: 0 });
    await issueTokens(db, c.communityStaff, c.contractId, { count: 3 });
    const codes = await tokenCodes(c.contractId);
    expect(codes).toHaveLength(3);
    expect(codes.every((code) => /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/.test(code))).toBe(true);
    expect((await refusal(saveQuestions(db, c.communityStaff, c.contractId, { questions: [{ text: "新问题" }] }))).messageKey).toBe("surveys.questions.locked");
    // A community that does not serve the contract sees nothing.
    expect((await thrownResponse(issueTokens(db, siyuetian, c.contractId, { count: 1 }))).status).toBe(404);

    const ip = randomIp();
    const typed = `${codes[0].slice(0, 4).toLowerCase()}-${codes[0].slice(4)}`;
    expect(await lookupSurvey(db, typed, ip)).toMatchObject({ state: "open", code: codes[0], questions: [{ key: "q1", text: "您对服务质量满意吗？" }, { key: "q2" }, { key: "attitude" }] });
    await answerSurvey(db, typed, ip, { answers: ["5", "4", "5"], comment: "送餐很准时。" });
    const second = await refusal(answerSurvey(db, codes[0], randomIp(), { answers: ["1", "1", "1"] }));
    expect(second.messageKey).toBe("surveys.state.used");
    expect(await lookupSurvey(db, codes[0], ip)).toEqual({ state: "used" });
    const rows = await db.select().from(surveyResponses).where(eq(surveyResponses.contractId, c.contractId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ scores: [5, 4, 5], comment: "送餐很准时。", answeredOn: shanghaiToday() });
    // The log says an answer arrived, and nothing that names the token or the answer.
    const [logged] = await db.select().from(auditLog).where(and(eq(auditLog.action, "survey.answer"), eq(auditLog.subjectId, c.contractId)));
    expect(logged.after).toEqual({ count: 1, answeredOn: shanghaiToday() });
    expect(JSON.stringify(logged)).not.toContain(codes[0]);
    expect(JSON.stringify(logged)).not.toContain(rows[0].id);

    // A wrong number of answers, an expired token.
    expect((await refusal(answerSurvey(db, codes[1], randomIp(), { answers: ["5", "5"] }))).messageKey).toBe("surveys.answer.required");
    expect((await refusal(answerSurvey(db, codes[1], randomIp(), { answers: ["5", "5", "5"] }, new Date(Date.now() + 40 * DAY)))).messageKey).toBe("surveys.state.expired");
    expect((await refusal(answerSurvey(db, "ZZZZ-ZZZZ", randomIp(), { answers: ["5", "5", "5"] }))).messageKey).toBe("surveys.state.unknown");

    const page = await getCommunitySurvey(db, c.communityStaff, c.contractId);
    expect(page.results).toMatchObject({ issued: 3, used: 1, responses: 1, rate: 33.3, lowConfidence: true });
    // (5 + 4 + 5) / 3 = 4.667 → (4.667 − 1) / 4 × 100 = 91.67
    expect(page.results.score).toBe(91.67);
    expect(page.available).toBe(157);
  });

  it("stores no answer that can be joined back to a token: no column links them, and times are days only", async () => {
    const columns = async (table: string) => {
      const result = await sqlRows<{ column_name: string; data_type: string }>(
        sql`select column_name, data_type from information_schema.columns where table_schema = current_schema() and table_name = ${table} order by column_name`,
      );
      return result.map((r) => `${r.column_name}:${r.data_type}`);
    };
    expect(await columns("survey_responses")).toEqual(["answered_on:date", "comment:text", "contract_id:uuid", "id:uuid", "scores:ARRAY"]);
    expect(await columns("survey_tokens")).toContain("used_on:date");
    expect((await columns("survey_tokens")).filter((c) => c.includes("timestamp"))).toEqual(["issued_at:timestamp with time zone"]);
    const references = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from information_schema.table_constraints tc join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name
          where tc.table_name = 'survey_responses' and tc.constraint_type = 'FOREIGN KEY' and ccu.table_name <> 'contracts'`,
    );
    const n = (Array.isArray(references) ? references : (references as unknown as { rows: { n: number }[] }).rows)[0].n;
    expect(Number(n)).toBe(0);
  });

  it("slows down code guessing: after too many unknown codes an address may look up none, not even a real one", async () => {
    const c = await givenActiveContract();
    await served(c);
    await issueTokens(db, c.communityStaff, c.contractId, { count: 1 });
    const [code] = await tokenCodes(c.contractId);
    const ip = randomIp();
    for (let i = 0; i < CODE_GUESS_LIMIT; i += 1) {
      expect((await lookupSurvey(db, crypto.randomBytes(4).toString("hex").toUpperCase(), ip)).state).toBe("unknown");
    }
    expect(await lookupSurvey(db, code, ip)).toMatchObject({ state: "blocked" });
    expect((await refusal(answerSurvey(db, code, ip, { answers: ["5", "5", "5", "5"] }))).messageKey).toBe("surveys.code.blocked");
    // Another address is not affected, and the real code still works there.
    expect((await lookupSurvey(db, code, randomIp())).state).toBe("open");
  });
});

describe("the purchaser's score, the grade and the final tranche", () => {
  it("waits for the third party and for answers, then grades with the tender's weights and opens the final tranche", async () => {
    const c = await givenActiveContract();
    await commissioned(c);
    const { id } = await evaluationOf(c.contractId);
    const early = await refusal(scorePurchaser(db, c.officer, c.contractId, { score: "90", reasons: "按期完成。" }));
    expect(early).toMatchObject({ messageKey: "outcomes.purchaser.waitThirdParty", options: { field: "score" } });
    await saveOutcomeScores(db, evaluator, id, await sheet(c, 0.9));
    expect((await refusal(scorePurchaser(db, c.officer, c.contractId, { score: "90", reasons: "按期完成。" }))).messageKey).toBe("outcomes.purchaser.noResponses");

    // The mid-term and final milestones accepted: only the gate keeps the final tranche back.
    await givenAcceptedMilestone(c, 1);
    await givenAcceptedMilestone(c, 2);
    const final = c.tranches.find((t) => t.isFinal)!;
    const payment = { trancheId: final.id, paidOn: shanghaiToday(), amount: final.amount, reference: unique("TR-") };
    const notYet = await refusal(recordPayment(db, c.officer, payment));
    expect(notYet).toMatchObject({ messageKey: "payments.refused.notPayable", options: { vars: { why: "outcomes.gate.notGraded" } } });

    await residentsAnswer(c, [
      ["5", "5", "4", "5"],
      ["4", "4", "4", "3"],
      ["5", "4", "5", "5"],
    ]);
    await issueTokens(db, c.communityStaff, c.contractId, { count: 1 });
    const [unused] = await db.select({ code: surveyTokens.code }).from(surveyTokens).where(and(eq(surveyTokens.contractId, c.contractId), isNull(surveyTokens.usedOn)));
    expect((await thrownResponse(scorePurchaser(db, erqi, c.contractId, { score: "90", reasons: "x" }))).status).toBe(404);
    await scorePurchaser(db, c.officer, c.contractId, { score: "88.5", reasons: "服务按期完成，台账完整。" });
    // Satisfaction: means 4.75, 3.75, 4.75 → 4.4167 → 85.42; composite 88.5 × 30% + 90 × 40% + 85.42 × 30% = 26.55 + 36 + 25.626 = 88.18 → 良好.
    const graded = await evaluationOf(c.contractId);
    expect(graded).toMatchObject({ purchaserScore: 88.5, thirdPartyScore: 90, satisfactionScore: 85.42, satisfactionResponses: 3, compositeScore: 88.18, grade: "good" });
    expect(compositeScore({ purchaser: 88.5, thirdParty: 90, satisfaction: 85.42 }, { purchaser: 30, thirdParty: 40, satisfaction: 30 })).toEqual({ score: 88.18, grade: "良好" });
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "outcome.grade"), eq(auditLog.subjectId, id)));
    expect(entry.after).toMatchObject({ compositeScore: 88.18, grade: "good", satisfactionResponses: 3 });
    expect((await refusal(scorePurchaser(db, c.officer, c.contractId, { score: "95", reasons: "改分" }))).messageKey).toBe("outcomes.purchaser.already");

    // The survey closed with the grade; the gate opens and the final tranche is paid.
    expect(await lookupSurvey(db, unused.code, randomIp())).toEqual({ state: "closed" });
    expect((await refusal(answerSurvey(db, unused.code, randomIp(), { answers: ["5", "5", "5", "5"] }))).messageKey).toBe("surveys.state.closed");
    expect((await refusal(issueTokens(db, c.communityStaff, c.contractId, { count: 1 }))).messageKey).toBe("surveys.refused.closed");
    expect(await finalTrancheGate(db, c.contractId)).toEqual({ open: true, grade: "good" });
    const { payment: paid } = await recordPayment(db, c.officer, payment);
    expect(paid.amount).toBe(final.amount);

    const outcome = await getPublicOutcome(db, c.contractId);
    expect(outcome?.parts).toMatchObject({ compositeScore: 88.18, grade: "good", satisfactionLowConfidence: true });
    const report = await outcomeReportPdf(db, c.contractId);
    expect(report.pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("a 不合格 grade keeps the final tranche locked and says so", async () => {
    // 50% third party, all answers 2 (satisfaction 25), purchaser 55 → 16.5 + 20 + 7.5 = 44 → 不合格.
    const { c, evaluation } = await gradedContract({ thirdParty: 0.5, answers: [["2", "2", "2", "2"]], purchaser: "55" });
    expect(evaluation).toMatchObject({ compositeScore: 44, grade: "fail" });
    expect(await finalTrancheGate(db, c.contractId)).toEqual({ open: false, reason: "outcomes.gate.failed" });
    const page = await getBureauOutcomePage(db, c.officer, c.contractId);
    expect(page.gate).toEqual({ open: false, reason: "outcomes.gate.failed" });
    // No answer after the grade.
    const [late] = await db.select({ code: surveyTokens.code }).from(surveyTokens).where(eq(surveyTokens.contractId, c.contractId)).limit(1);
    expect((await lookupSurvey(db, late.code, randomIp())).state).toMatch(/used|closed/);
  });
});

describe("the credit record", () => {
  it("shows grades on the record; a second 不合格 within 3 years proposes the organization; an officer dismisses it with a reason", async () => {
    const xinyuan = (await sessionUsers("agency.xinyuan"))[0].grants.find((g) => g.role === "agency")!.organizationId!;
    const before = await getCreditRecord(db, xinyuan);
    const first = await givenActiveContract(db, { prices: { xinyuan: 250_000, hexie: 270_000 } });
    const second = await givenActiveContract(db, { prices: { xinyuan: 250_000, anyuan: 280_000 } });
    expect([first.organizationId, second.organizationId]).toEqual([xinyuan, xinyuan]);

    await gradedContract({ contract: first, thirdParty: 0.5, answers: [["2", "2", "2", "2"]], purchaser: "50" });
    expect(await db.select().from(creditProposals).where(and(eq(creditProposals.organizationId, xinyuan), eq(creditProposals.status, "proposed")))).toHaveLength(0);
    await gradedContract({ contract: second, thirdParty: 0.5, answers: [["1", "2", "2", "1"]], purchaser: "45" });

    const [proposal] = await db.select().from(creditProposals).where(and(eq(creditProposals.organizationId, xinyuan), eq(creditProposals.status, "proposed")));
    expect(proposal.evaluationIds).toHaveLength(2);
    expect(proposal.reason).toContain("不合格");
    const [proposed] = await db.select().from(auditLog).where(and(eq(auditLog.action, "credit.propose"), eq(auditLog.subjectId, xinyuan)));
    expect(proposed.after).toMatchObject({ proposalId: proposal.id });

    const record = await getCreditRecord(db, xinyuan);
    expect(record.evaluations.length).toBe(before.evaluations.length + 2);
    expect(record.evaluations.slice(0, 2).map((e) => e.grade)).toEqual(["fail", "fail"]);
    expect(record.proposedForAbnormalList).toBe(true);
    expect(record.contracts).toBeGreaterThanOrEqual(before.contracts + 2);
    expect(record.tendersWon).toBeGreaterThanOrEqual(before.tendersWon + 2);
    expect(record.tendersBid).toBe(before.tendersBid + 2);

    // Only the bureau that bought the projects decides; another bureau does not see it.
    expect((await listProposals(db, erqi)).some((p) => p.id === proposal.id)).toBe(false);
    expect((await thrownResponse(decideProposal(db, erqi, proposal.id, { decision: "confirm", reason: "x" }))).status).toBe(404);
    await decideProposal(db, first.officer, proposal.id, { decision: "dismiss", reason: "两个项目不合格均因疫情停工，已整改。" });
    const [dismissed] = await db.select().from(creditProposals).where(eq(creditProposals.id, proposal.id));
    expect(dismissed).toMatchObject({ status: "dismissed", decidedBy: first.officer.id, decisionReason: "两个项目不合格均因疫情停工，已整改。" });
    const [standing] = await db.select({ creditStatus: organizations.creditStatus }).from(organizations).where(eq(organizations.id, xinyuan));
    expect(standing.creditStatus).toBe("normal");
    expect((await refusal(decideProposal(db, first.officer, proposal.id, { decision: "confirm", reason: "再议" }))).messageKey).toBe("credit.refused.decided");
  });

  it("confirming puts the organization on the abnormal list, audited", async () => {
    // An organization of its own (no demo organization's standing changes), proposed over two of this bureau's failed projects.
    const failed = await gradedContract({ thirdParty: 0.4, answers: [["1", "1", "1", "1"]], purchaser: "40" });
    const [org] = await db
      .insert(organizations)
      .values({ name: unique("测试社工服务中心"), uscc: randomUscc(), registrationType: "private_non_enterprise", contactName: "测试", contactPhone: "13800000000", verificationStatus: "verified" })
      .returning();
    const [proposal] = await db
      .insert(creditProposals)
      .values({ organizationId: org.id, reason: "3年内2个项目绩效评估为不合格", evaluationIds: [failed.evaluation.id], proposedAt: new Date() })
      .returning();
    await decideProposal(db, failed.c.officer, proposal.id, { decision: "confirm", reason: "经核实，服务质量问题属实。" });
    const [after] = await db.select().from(organizations).where(eq(organizations.id, org.id));
    expect(after.creditStatus).toBe("abnormal");
    expect(after.creditReason).toContain("经核实");
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "organization.credit"), eq(auditLog.subjectId, org.id)));
    expect(entry).toMatchObject({ actorId: failed.c.officer.id, after: { creditStatus: "abnormal", proposalId: proposal.id } });
    expect((await getCreditRecord(db, org.id)).creditStatus).toBe("abnormal");
  });
});

describe("the routes: bad input answers 4xx with the message on the field, never a 500", () => {
  const args = (request: Request, params: Record<string, string> = {}, clientIp = randomIp()) => ({ request, params, context: { ...context, clientIp } });

  it("survey pages: an unknown code is a 404, a missing answer a 400 on its question, a full answer thanks the resident", async () => {
    const c = await givenActiveContract();
    await served(c);
    await issueTokens(db, c.communityStaff, c.contractId, { count: 1 });
    const [code] = await tokenCodes(c.contractId);

    expect((await settle(() => surveyCodePage.loader(args(getRequest("/survey/NOPE"), { code: "NOPE" })))).status).toBe(404);
    const open = await settle(() => surveyCodePage.loader(args(getRequest(`/survey/${code}`), { code })));
    expect(open.status).toBe(200);

    const partial = await settle(() => surveyCodePage.action(args(postRequest(`/survey/${code}`, { "answers.0": "5", "answers.2": "4", "answers.3": "4" }), { code })));
    expect(partial.status).toBe(400);
    const body = (await partial.json()) as { errors: { answers: Record<string, { message: string }> } };
    expect(body.errors.answers[1].message).toBe("surveys.answer.required");
    expect(await db.select().from(surveyResponses).where(eq(surveyResponses.contractId, c.contractId))).toHaveLength(0);

    const done = await settle(() => surveyCodePage.action(args(postRequest(`/survey/${code}`, { "answers.0": "5", "answers.1": "4", "answers.2": "4", "answers.3": "5", comment: "" }), { code })));
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/survey/thanks");
    const again = await settle(() => surveyCodePage.action(args(postRequest(`/survey/${code}`, { "answers.0": "5", "answers.1": "4", "answers.2": "4", "answers.3": "5" }), { code })));
    expect(again.status).toBe(400);
    expect(((await again.json()) as { errors: { root: { message: string } } }).errors.root.message).toBe("surveys.state.used");

    const typed = await settle(() => surveyIndexPage.action(args(postRequest("/survey", { code: "" }))));
    expect(typed.status).toBe(400);
    const wrong = await settle(() => surveyIndexPage.action(args(postRequest("/survey", { code: "ABCD-EFGH" }))));
    expect(((await wrong.json()) as { errors: { code: { message: string } } }).errors.code.message).toBe("surveys.state.unknown");
  });

  it("bureau and evaluator forms: nonsense is refused on its field; other roles get 403, strangers the sign-in page", async () => {
    const c = await givenActiveContract();
    const officerCookie = await cookieFor(c.officer.id);
    const path = `/bureau/projects/${c.contractId}/outcome`;
    const badCommission = await settle(() => bureauOutcomePage.action(args(postRequest(path, { intent: "commission", evaluatorOrganizationId: "x", dueOn: "2026-02-30" }, officerCookie), { id: c.contractId })));
    expect(badCommission.status).toBe(400);
    const errors = ((await badCommission.json()) as { errors: Record<string, { message: string }> }).errors;
    expect(errors.evaluatorOrganizationId.message).toBe("errors.invalidChoice");
    expect(errors.dueOn.message).toBe("errors.invalidDate");
    const badScore = await settle(() => bureauOutcomePage.action(args(postRequest(path, { intent: "purchaser", score: "101", reasons: "x" }, officerCookie), { id: c.contractId })));
    expect(badScore.status).toBe(400);

    const { id } = await commissioned(c);
    const evaluatorPath = `/evaluator/evaluations/${id}`;
    const evaluatorCookie = await cookieFor(evaluator.id);
    const form: Record<string, string> = { intent: "score", final: "true" };
    (await sheet(c, 0.9)).scores.forEach((row, i) => {
      form[`scores.${i}.indicatorId`] = row.indicatorId;
      form[`scores.${i}.score`] = i === 0 ? "abc" : row.score;
      form[`scores.${i}.justification`] = i === 1 ? "" : row.justification;
    });
    const refused = await settle(() => evaluatorPage.action(args(postRequest(evaluatorPath, form, evaluatorCookie), { id })));
    expect(refused.status).toBe(400);
    const sheetErrors = ((await refused.json()) as { errors: { scores: Record<string, Record<string, { message: string }>> } }).errors.scores;
    expect(sheetErrors[0].score.message).toBe("outcomes.score.format");
    expect(sheetErrors[1].justification.message).toBe("outcomes.score.justificationRequired");
    expect((await evaluationOf(c.contractId)).status).toBe("commissioned");

    // A site visit with a photo, posted as the plain multipart form does; a PDF is not a photo.
    const visitForm = (file: File) => {
      const data = new FormData();
      for (const [k, v] of Object.entries({ intent: "visit", visitedOn: shanghaiToday(), place: "丰乐社区助餐点", peopleMet: "两位老人", notes: "午餐准时。" })) data.append(k, v);
      data.append("photos", file);
      return new Request(`http://localhost${evaluatorPath}?intent=visit`, { method: "POST", body: data, headers: { Cookie: evaluatorCookie } });
    };
    const notPhoto = await settle(() => evaluatorPage.action(args(visitForm(new File([Buffer.from("%PDF-1.4\n%%EOF")], "记录.pdf", { type: "application/pdf" })), { id })));
    expect(notPhoto.status).toBe(400);
    expect(((await notPhoto.json()) as { errors: { photos: { message: string } } }).errors.photos.message).toMatch(/^needs\.upload\.wrongType/);
    const visit = await settle(() => evaluatorPage.action(args(visitForm(new File([PNG], "助餐点.png", { type: "image/png" })), { id })));
    expect(visit.status).toBe(302);
    expect(visit.headers.get("Location")).toBe(`${evaluatorPath}?done=visit`);

    const agencyCookie = await cookieFor(c.agencyOwner.id);
    expect((await settle(() => evaluatorPage.loader(args(getRequest(evaluatorPath, agencyCookie), { id })))).status).toBe(403);
    const anonymous = await settle(() => evaluatorPage.loader(args(getRequest(evaluatorPath), { id })));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toContain("/login");
  });

  it("the token sheet is a PDF for the community that issued it, a 404 for any other", async () => {
    const c = await givenActiveContract();
    await served(c);
    await issueTokens(db, c.communityStaff, c.contractId, { count: 2 });
    const [{ issuedAt }] = await db.select({ issuedAt: surveyTokens.issuedAt }).from(surveyTokens).where(eq(surveyTokens.contractId, c.contractId)).limit(1);
    const path = `/community/projects/${c.contractId}/survey/tokens.pdf?batch=${encodeURIComponent(issuedAt.toISOString())}`;
    const [staffCookie, strangerCookie] = [await cookieFor(c.communityStaff.id), await cookieFor(siyuetian.id)];
    const pdf = await settle(() => tokenSheetRoute.loader(args(getRequest(path, staffCookie), { id: c.contractId })));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(pdf.headers.get("Cache-Control")).toBe("private, no-store");
    expect((await settle(() => tokenSheetRoute.loader(args(getRequest(path, strangerCookie), { id: c.contractId })))).status).toBe(404);
  });
});
