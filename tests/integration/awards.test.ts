/**
 * Award, publicity and challenges (DESIGN §4.5–4.6, issue 4) against a real database: the
 * publicity and challenge dates counted in working days across the 2026 National Day holidays,
 * the budget reservation becoming a commitment, challenges refused outside the window or from
 * non-bidders, an award that cannot become final while a challenge is pending, finality after
 * the window (lazily, by settleAward), upheld challenges (re-award, re-evaluation), the result
 * notice and award letter PDFs, the routes, and scope (404 for another district's officer).
 *
 * Setup: tenders are published, bid on and opened through the modules. The committee's ranking
 * is then written directly — evaluation_results rows and the tender set to "recommended" — in
 * `recommended()`, as the scoring module would when the last sheet is in; only the
 * re-evaluation test goes through the committee module (forming, declaring, scoring), because
 * it checks that the sheets are reopened and the ranking computed again. Every tender is new
 * with a unique title, so files sharing one PostgreSQL database never disturb each other.
 * Commands take the clock (`now`) explicitly: the scenario runs in September–October 2026.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { attachments, auditLog, awards, budgetMovements, challenges, evaluationResults, needs, scoreSheets, tenders } from "#db/schema";
import type { SessionUser } from "~/modules/auth/permissions";
import { awardLetterPdf, resultNoticePdf } from "~/modules/awards/award-notices.server";
import { confirmAward, getAwardPage, getPublicAwardInfo, mayContract, readableAwardLetters, settleAward } from "~/modules/awards/awards.server";
import { declareConflicts, formCommittee, saveScoreSheet } from "~/modules/bid-evaluation/evaluation.server";
import { openAttachment } from "~/modules/documents/uploads.server";
import { getTenderPage } from "~/modules/tenders/tender-page.server";
import { answerChallenge, fileChallenge, type getChallengePage } from "~/modules/challenges/challenges.server";
import * as awardPage from "~/routes/bureau.tenders.$id_.award";
import * as letterRoute from "~/routes/tenders.$id.award-letter[.]pdf";
import * as resultRoute from "~/routes/tenders.$id.result[.]pdf";
import * as challengePage from "~/routes/tenders.$id_.challenge";
import { context, cookieFor, getRequest, postRequest, refusal, sessionUsers, settle, thrownResponse, useDemoData } from "../helpers/demo";
import { type DemoAgency, lineRow, type OpenedTender, openedTender, type OpenedTenderSpec, plus, tenderStatus, YUAN } from "../helpers/procurement";

useDemoData();

const args = (request: Request, params: Record<string, string> = {}) => ({ request, context, params });
/** An instant given in Beijing time: bj("2026-09-29T10:00"). */
const bj = (local: string) => new Date(`${local}:00+08:00`);

/** The committee ranked the bids on 09-10; the bureau confirms on Tuesday 09-29, before National Day. */
const EVALUATED = bj("2026-09-10T09:00");
const CONFIRMED = bj("2026-09-29T10:00");

let jinshui: SessionUser;
let erqi: SessionUser;
let agencies: Record<DemoAgency, SessionUser>;
let nuancheng: SessionUser;
let experts: SessionUser[];

beforeAll(async () => {
  [jinshui, erqi, nuancheng] = await sessionUsers("bureau.jinshui", "bureau.erqi", "agency.nuancheng");
  const [anyuan, hexie, xinyuan] = await sessionUsers("agency.anyuan", "agency.hexie", "agency.xinyuan");
  agencies = { anyuan, hexie, xinyuan };
  experts = await sessionUsers("expert1", "expert2", "expert3", "expert4");
});

// ---------------------------------------------------------------------------------------------
// Scenario: a tender of 金水区 with three opened bids, ranked by the committee
// ---------------------------------------------------------------------------------------------

/**
 * The committee's result written directly (see the file comment): ranks in the order given,
 * the first three recommended, `funded` for a venture call; the tender becomes "recommended".
 */
async function recommended(
  spec: Partial<OpenedTenderSpec> & { evaluatedAt?: Date },
  order: DemoAgency[] = ["anyuan", "hexie", "xinyuan"],
  funded?: DemoAgency[],
) {
  const s = await openedTender({ prices: { anyuan: 250_000, hexie: 270_000, xinyuan: 290_000 }, openedAt: bj("2026-09-03T09:00"), ...spec });
  await db.insert(evaluationResults).values(
    order.map((key, i) => ({
      tenderId: s.tenderId,
      bidId: s.bidOf[key],
      priceScore: "30.00",
      total: (90 - i * 5).toFixed(2),
      rank: i + 1,
      recommended: i < 3,
      funded: funded ? funded.includes(key) : null,
      computedAt: spec.evaluatedAt ?? EVALUATED,
    })),
  );
  await db.update(tenders).set({ status: "recommended" }).where(eq(tenders.id, s.tenderId));
  return s;
}

async function awardsOf(tenderId: string) {
  return db.select().from(awards).where(eq(awards.tenderId, tenderId)).orderBy(asc(awards.confirmedAt), asc(awards.amount));
}

async function movementsOf(lineId: string) {
  const rows = await db.select({ kind: budgetMovements.kind, amount: budgetMovements.amount }).from(budgetMovements).where(eq(budgetMovements.budgetLineId, lineId)).orderBy(asc(budgetMovements.at));
  return rows.map((m) => `${m.kind} ${m.amount}`);
}

const objection = { subject: "对排名第一供应商的评分有异议", grounds: "其团队人员资质与投标文件不符，服务方案得分明显偏高。" };

// ---------------------------------------------------------------------------------------------
// Confirming the award
// ---------------------------------------------------------------------------------------------

describe("confirming the award", () => {
  it("publicises for 1 working day and counts 7 more for challenges across National Day; the reservation becomes a commitment", async () => {
    const s = await recommended({});
    expect(await lineRow(s.budgetLineId)).toMatchObject({ reserved: 300_000 * YUAN, committed: 0 });

    const result = await confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.anyuan }, CONFIRMED);
    // 09-30 is the next working day; 10-01..10-07 are holidays, Saturday 10-10 is worked.
    expect(result).toMatchObject({ publicityEndsOn: "2026-09-30", challengeDeadline: "2026-10-15", committed: 250_000 * YUAN, released: 50_000 * YUAN });

    const [award] = await awardsOf(s.tenderId);
    expect(award).toMatchObject({
      bidId: s.bidOf.anyuan,
      organizationId: s.organizationOf.anyuan,
      amount: 250_000 * YUAN,
      status: "publicity",
      skipReason: null,
      confirmedBy: jinshui.id,
      publicityEndsOn: "2026-09-30",
      challengeDeadline: "2026-10-15",
    });
    expect(await tenderStatus(s.tenderId)).toBe("publicity");

    // Reserved 300,000 at publication; now 250,000 committed and 50,000 released, in one update.
    expect(await lineRow(s.budgetLineId)).toMatchObject({ reserved: 0, committed: 250_000 * YUAN, paid: 0 });
    expect(await movementsOf(s.budgetLineId)).toEqual([`reserve ${300_000 * YUAN}`, `commit ${250_000 * YUAN}`, `release ${50_000 * YUAN}`]);

    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "tender.award"), eq(auditLog.subjectId, s.tenderId)));
    expect(entry.actorId).toBe(jinshui.id);
    expect(entry.after).toMatchObject({ status: "publicity", publicityEndsOn: "2026-09-30", challengeDeadline: "2026-10-15", committed: 250_000 * YUAN, released: 50_000 * YUAN });

    // The needs are not served yet: that happens when the project completes.
    const [need] = await db.select({ status: needs.status }).from(needs).where(eq(needs.id, s.needId));
    expect(need.status).toBe("tendered");

    const again = await refusal(confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.hexie, skipReason: "再次确认" }, CONFIRMED));
    expect(again.messageKey).toBe("awards.refused.award");
  });

  it("takes the Beijing date of confirmation: 23:30 on 09-29 in Beijing is still 09-29 (15:30 UTC)", async () => {
    const s = await recommended({});
    const result = await confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.anyuan }, bj("2026-09-29T23:30"));
    expect(result.challengeDeadline).toBe("2026-10-15");
    const late = await recommended({});
    // 00:30 on 09-30 in Beijing is still 09-29 in UTC: the periods start a day later.
    const next = await confirmAward(db, jinshui, late.tenderId, { bidId: late.bidOf.anyuan }, bj("2026-09-30T00:30"));
    expect(next).toMatchObject({ publicityEndsOn: "2026-10-08", challengeDeadline: "2026-10-16" });
  });

  it("requires a recorded reason to pass over the first-ranked candidate, and only recommended candidates", async () => {
    const s = await recommended({ prices: { anyuan: 250_000, hexie: 270_000, xinyuan: 290_000 } }, ["anyuan", "hexie", "xinyuan"]);
    const noReason = await refusal(confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.hexie }, CONFIRMED));
    expect(noReason.messageKey).toBe("awards.skipReasonRequired");
    expect(noReason.options.field).toBe("skipReason");
    const stranger = await refusal(confirmAward(db, jinshui, s.tenderId, { bidId: crypto.randomUUID(), skipReason: "x" }, CONFIRMED));
    expect(stranger.messageKey).toBe("awards.notCandidate");
    expect(await awardsOf(s.tenderId)).toEqual([]);
    expect(await tenderStatus(s.tenderId)).toBe("recommended");

    const reason = "排名第一的供应商书面放弃中标资格。";
    await confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.hexie, skipReason: reason }, CONFIRMED);
    const [award] = await awardsOf(s.tenderId);
    expect(award).toMatchObject({ bidId: s.bidOf.hexie, amount: 270_000 * YUAN, skipReason: reason });
    expect(await lineRow(s.budgetLineId)).toMatchObject({ reserved: 0, committed: 270_000 * YUAN });
  });

  it("refuses before the committee has recommended candidates", async () => {
    const s = await openedTender({ prices: { anyuan: 250_000, hexie: 270_000, xinyuan: 290_000 }, openedAt: bj("2026-09-03T09:00") });
    const error = await refusal(confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.anyuan }, CONFIRMED));
    expect(error.messageKey).toBe("awards.refused.award");
    expect(error.options.vars).toMatchObject({ phase: "tenders.phase.opened" });
  });

  it("awards every funded proposal of a venture call, one award row each, and releases the rest of the pot", async () => {
    const s = await recommended(
      { method: "venture_call", ceilingYuan: 500_000, prices: { anyuan: 200_000, hexie: 250_000, xinyuan: 150_000 } },
      ["hexie", "anyuan", "xinyuan"],
      ["hexie", "anyuan"],
    );
    const result = await confirmAward(db, jinshui, s.tenderId, {}, CONFIRMED);
    expect(result).toMatchObject({ committed: 450_000 * YUAN, released: 50_000 * YUAN });
    const rows = await awardsOf(s.tenderId);
    expect(rows.map((a) => [a.organizationId, a.amount]).sort()).toEqual(
      [
        [s.organizationOf.anyuan, 200_000 * YUAN],
        [s.organizationOf.hexie, 250_000 * YUAN],
      ].sort(),
    );
    expect(new Set(rows.map((a) => a.challengeDeadline))).toEqual(new Set(["2026-10-15"]));
    expect(await lineRow(s.budgetLineId)).toMatchObject({ reserved: 0, committed: 450_000 * YUAN });
    const info = await getPublicAwardInfo(db, s.tenderId, CONFIRMED);
    expect(info?.winners.map((w) => w.proposalTitle).sort()).toEqual(["anyuan的公益创投项目", "hexie的公益创投项目"]);
    expect(info?.totalAmount).toBe(450_000 * YUAN);
  });

  it("answers 404 to another district's officer, on the commands and the page", async () => {
    const s = await recommended({});
    expect((await thrownResponse(confirmAward(db, erqi, s.tenderId, { bidId: s.bidOf.anyuan }, CONFIRMED))).status).toBe(404);
    expect((await thrownResponse(getAwardPage(db, erqi, s.tenderId, CONFIRMED))).status).toBe(404);
    const response = await settle(() => awardPage.loader(args(getRequest(`/bureau/tenders/${s.tenderId}/award`), { id: s.tenderId })));
    expect(response.status).toBe(302); // not signed in: to the login page
    const erqiPage = await settle(async () => awardPage.loader(args(getRequest(`/bureau/tenders/${s.tenderId}/award`, await cookieFor(erqi.id)), { id: s.tenderId })));
    expect(erqiPage.status).toBe(404);

    await confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.anyuan }, CONFIRMED);
    const challenge = await fileChallenge(db, agencies.hexie, s.tenderId, objection, [], bj("2026-10-09T10:00"));
    expect((await thrownResponse(answerChallenge(db, erqi, challenge.id, { decision: "reject", answer: "不成立" }, bj("2026-10-12T10:00")))).status).toBe(404);
    expect(await tenderStatus(s.tenderId)).toBe("publicity");
  });
});

// ---------------------------------------------------------------------------------------------
// Challenges and finality
// ---------------------------------------------------------------------------------------------

describe("challenges and finality", () => {
  it("refuses a challenge after the window, naming it; the last day counts to midnight Beijing time", async () => {
    const s = await recommended({});
    await confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.anyuan }, CONFIRMED);
    // 00:30 on 10-16 in Beijing (16:30 UTC on 10-15): too late.
    const late = await refusal(fileChallenge(db, agencies.hexie, s.tenderId, objection, [], bj("2026-10-16T00:30")));
    expect(late.messageKey).toBe("challenges.refused.window");
    expect(late.options.vars).toEqual({ from: "2026-09-29", to: "2026-10-15" });
    expect(await db.select().from(challenges).where(eq(challenges.tenderId, s.tenderId))).toEqual([]);
    // 23:30 on 10-15 in Beijing: in time.
    const inTime = await fileChallenge(db, agencies.hexie, s.tenderId, objection, [], bj("2026-10-15T23:30"));
    expect(inTime.status).toBe("pending");
  });

  it("accepts a challenge during the publicity itself", async () => {
    const s = await recommended({});
    await confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.anyuan }, CONFIRMED);
    const challenge = await fileChallenge(db, agencies.xinyuan, s.tenderId, objection, [], bj("2026-09-29T15:00"));
    expect(challenge).toMatchObject({ organizationId: s.organizationOf.xinyuan, filedBy: agencies.xinyuan.id, answerDueOn: "2026-10-14" });
  });

  it("keeps the evidence for the challenger and the bureau only", async () => {
    const s = await recommended({});
    await confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.anyuan }, CONFIRMED);
    const file = { filename: "证据.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n") };
    const challenge = await fileChallenge(db, agencies.hexie, s.tenderId, objection, [{ ...file, contentType: "application/pdf", size: file.bytes.byteLength }], bj("2026-10-09T10:00"));
    const [evidence] = await db.select().from(attachments).where(and(eq(attachments.ownerType, "challenge"), eq(attachments.ownerId, challenge.id)));
    expect(evidence.filename).toBe("证据.pdf");
    expect((await openAttachment(db, agencies.hexie, evidence.id)).filename).toBe("证据.pdf");
    expect((await openAttachment(db, jinshui, evidence.id)).isPublic).toBe(false);
    for (const reader of [null, agencies.anyuan, erqi]) expect((await thrownResponse(openAttachment(db, reader, evidence.id))).status).toBe(404);
    const page = await getAwardPage(db, jinshui, s.tenderId, bj("2026-10-09T11:00"));
    expect(page.challenges[0].evidence.map((e) => e.id)).toEqual([evidence.id]);
  });

  it("refuses a challenge from an organization that did not bid, and from someone who is no agency member", async () => {
    const s = await recommended({});
    await confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.anyuan }, CONFIRMED);
    const stranger = await refusal(fileChallenge(db, nuancheng, s.tenderId, objection, [], bj("2026-10-09T10:00")));
    expect(stranger.messageKey).toBe("challenges.refused.notBidder");
    expect((await thrownResponse(fileChallenge(db, jinshui, s.tenderId, objection, [], bj("2026-10-09T10:00")))).status).toBe(403);
    expect(await db.select().from(challenges).where(eq(challenges.tenderId, s.tenderId))).toEqual([]);
  });

  it("keeps the award in publicity while a challenge is pending, flags the overdue answer, and no contract can be made", async () => {
    const s = await recommended({});
    await confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.anyuan }, CONFIRMED);
    // Filed on Friday 10-09: answer due 7 working days later, Saturday 10-10 counted (调休).
    const challenge = await fileChallenge(db, agencies.hexie, s.tenderId, objection, [], bj("2026-10-09T10:00"));
    expect(challenge.answerDueOn).toBe("2026-10-19");

    const after = bj("2026-10-20T09:00");
    expect(await settleAward(db, s.tenderId, after)).toBe(false);
    expect(await tenderStatus(s.tenderId)).toBe("publicity");
    expect((await awardsOf(s.tenderId))[0].status).toBe("publicity");
    expect(await mayContract(db, s.tenderId, after)).toBe(false);

    const info = await getPublicAwardInfo(db, s.tenderId, after);
    expect(info?.status).toBe("publicity");
    // The day the result would become final is past, and the page says why it is not.
    expect(info).toMatchObject({ finalOn: "2026-10-16", challengePending: true });
    expect(info?.challenges).toEqual([
      expect.objectContaining({ subject: objection.subject, grounds: objection.grounds, status: "pending", answerDueOn: "2026-10-19", overdue: true }),
    ]);
    // Published without personal data: no organization, no person.
    expect(JSON.stringify(info?.challenges)).not.toContain(s.organizationOf.hexie);
    expect(Object.keys(info!.challenges[0])).not.toContain("filedBy");
    expect(Object.keys(info!.challenges[0])).not.toContain("organizationId");
    expect((await getPublicAwardInfo(db, s.tenderId, bj("2026-10-19T09:00")))?.challenges[0].overdue).toBe(false);
  });

  it("after a rejected challenge, makes the award final once the window has passed; the winner shows as serving the needs", async () => {
    const s = await recommended({});
    await confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.anyuan }, CONFIRMED);
    // Before any challenge the page gives the day it becomes final: the day after the challenge deadline.
    expect(await getPublicAwardInfo(db, s.tenderId, bj("2026-10-08T10:00"))).toMatchObject({
      status: "publicity",
      challengeDeadline: "2026-10-15",
      finalOn: "2026-10-16",
      challengePending: false,
    });
    const challenge = await fileChallenge(db, agencies.hexie, s.tenderId, objection, [], bj("2026-10-09T10:00"));
    expect(await getPublicAwardInfo(db, s.tenderId, bj("2026-10-09T11:00"))).toMatchObject({ finalOn: "2026-10-16", challengePending: true });
    const answer = "经核查，中标供应商团队人员资质与投标文件一致，质疑不成立。";
    expect(await answerChallenge(db, jinshui, challenge.id, { decision: "reject", answer }, bj("2026-10-12T10:00"))).toMatchObject({ status: "rejected", revoked: false });
    const again = await refusal(answerChallenge(db, jinshui, challenge.id, { decision: "reject", answer }, bj("2026-10-12T11:00")));
    expect(again.messageKey).toBe("challenges.alreadyAnswered");

    // On the deadline day the window is still open.
    expect(await settleAward(db, s.tenderId, bj("2026-10-15T23:59"))).toBe(false);
    expect(await mayContract(db, s.tenderId, bj("2026-10-15T23:59"))).toBe(false);
    // The next day it is final, persisted by the first read, without a scheduler.
    const next = bj("2026-10-16T08:00");
    const info = await getPublicAwardInfo(db, s.tenderId, next);
    expect(info).toMatchObject({ status: "final", finalOn: null, challengePending: false, winners: [expect.objectContaining({ organizationId: s.organizationOf.anyuan, amount: 250_000 * YUAN })] });
    expect(info?.challenges[0]).toMatchObject({ status: "rejected", answer });
    expect(await tenderStatus(s.tenderId)).toBe("awarded");
    const [award] = await awardsOf(s.tenderId);
    expect(award.status).toBe("final");
    expect(award.finalAt?.getTime()).toBe(next.getTime());
    expect(await mayContract(db, s.tenderId, next)).toBe(true);
    expect(await settleAward(db, s.tenderId, next)).toBe(false);
    const finals = await db.select().from(auditLog).where(and(eq(auditLog.action, "tender.awardFinal"), eq(auditLog.subjectId, s.tenderId)));
    expect(finals).toHaveLength(1);
    expect(finals[0].actorId).toBeNull();
    // Needs stay "tendered" until the project completes; the page says who serves them.
    const [need] = await db.select({ status: needs.status }).from(needs).where(eq(needs.id, s.needId));
    expect(need.status).toBe("tendered");
    // No challenge after the window.
    const late = await refusal(fileChallenge(db, agencies.xinyuan, s.tenderId, objection, [], next));
    expect(late.messageKey).toBe("challenges.refused.window");
  });

  it("the public tender page settles a passed window itself and shows the award, the opening record and who may read the letter", async () => {
    const s = await recommended({});
    await confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.anyuan }, CONFIRMED);
    const during = await getTenderPage(db, s.tenderId, null, bj("2026-10-08T10:00"));
    expect(during).toMatchObject({ phase: "publicity", bidCount: null, projects: [], canReadLetter: false, award: { status: "publicity", finalOn: "2026-10-16" } });
    expect(during.opening?.record.map((r) => r.bidId).sort()).toEqual(Object.values(s.bidOf).sort());

    // The first read after the window makes the award final before the page shows it: one audit entry.
    const next = bj("2026-10-16T08:00");
    const page = await getTenderPage(db, s.tenderId, agencies.anyuan, next);
    expect(page).toMatchObject({ phase: "awarded", tender: { status: "awarded" }, canReadLetter: true, award: { status: "final", winners: [expect.objectContaining({ organizationId: s.organizationOf.anyuan })] } });
    expect((await getTenderPage(db, s.tenderId, agencies.hexie, next)).canReadLetter).toBe(false);
    expect((await getTenderPage(db, s.tenderId, jinshui, next)).canReadLetter).toBe(true);
    const finals = await db.select().from(auditLog).where(and(eq(auditLog.action, "tender.awardFinal"), eq(auditLog.subjectId, s.tenderId)));
    expect(finals).toHaveLength(1);
  });

  it("upheld with re-award: revokes the award, puts the commitment back to a reservation, and another candidate can be confirmed", async () => {
    const s = await recommended({});
    await confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.anyuan }, CONFIRMED);
    const challenge = await fileChallenge(db, agencies.hexie, s.tenderId, objection, [], bj("2026-10-09T10:00"));
    const noRemedy = await refusal(answerChallenge(db, jinshui, challenge.id, { decision: "uphold", answer: "成立" }, bj("2026-10-12T10:00")));
    expect(noRemedy.messageKey).toBe("challenges.remedyRequired");

    const answer = "经核查，排名第一供应商的项目负责人不具备投标文件所述资质，质疑成立，依法另行确定成交供应商。";
    const upheld = await answerChallenge(db, jinshui, challenge.id, { decision: "uphold", remedy: "reaward", answer }, bj("2026-10-12T10:00"));
    expect(upheld).toMatchObject({ status: "upheld", remedy: "reaward", revoked: true });
    const [revoked] = await awardsOf(s.tenderId);
    expect(revoked).toMatchObject({ status: "revoked" });
    expect(revoked.revokedAt?.getTime()).toBe(bj("2026-10-12T10:00").getTime());
    expect(await tenderStatus(s.tenderId)).toBe("recommended");
    expect(await lineRow(s.budgetLineId)).toMatchObject({ reserved: 250_000 * YUAN, committed: 0 });
    expect(await mayContract(db, s.tenderId, bj("2026-10-20T10:00"))).toBe(false);
    expect((await getPublicAwardInfo(db, s.tenderId, bj("2026-10-12T11:00")))?.status).toBe("revoked");

    // The candidate the challenge removed cannot be confirmed again; the next one is now first.
    const removed = await refusal(confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.anyuan, skipReason: "x" }, bj("2026-10-13T10:00")));
    expect(removed.messageKey).toBe("awards.notCandidate");
    const page = await getAwardPage(db, jinshui, s.tenderId, bj("2026-10-13T10:00"));
    expect(page.candidates.map((c) => c.bidId)).toEqual([s.bidOf.hexie, s.bidOf.xinyuan]);
    expect(page.ranking.find((r) => r.bidId === s.bidOf.anyuan)?.excluded).toBe(true);

    // Tuesday 10-13: publicity until 10-14, challenges until 10-23.
    const second = await confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.hexie }, bj("2026-10-13T10:00"));
    expect(second).toMatchObject({ publicityEndsOn: "2026-10-14", challengeDeadline: "2026-10-23", committed: 270_000 * YUAN, released: 0 });
    // Held 250,000 after the revocation: the 20,000 more was reserved, then all committed.
    expect(await lineRow(s.budgetLineId)).toMatchObject({ reserved: 0, committed: 270_000 * YUAN });
    expect(await movementsOf(s.budgetLineId)).toEqual([
      `reserve ${300_000 * YUAN}`,
      `commit ${250_000 * YUAN}`,
      `release ${50_000 * YUAN}`,
      `uncommit ${250_000 * YUAN}`,
      `reserve ${20_000 * YUAN}`,
      `commit ${270_000 * YUAN}`,
    ]);
    const info = await getPublicAwardInfo(db, s.tenderId, bj("2026-10-13T11:00"));
    expect(info).toMatchObject({ status: "publicity", challengeDeadline: "2026-10-23", winners: [expect.objectContaining({ organizationId: s.organizationOf.hexie })] });
    expect(info?.revoked).toEqual([expect.objectContaining({ amount: 250_000 * YUAN })]);
    expect(info?.challenges[0]).toMatchObject({ status: "upheld", remedy: "reaward", answer });
    expect(await settleAward(db, s.tenderId, bj("2026-10-26T09:00"))).toBe(true);
    expect(await mayContract(db, s.tenderId, bj("2026-10-26T09:00"))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Re-evaluation through the committee module
// ---------------------------------------------------------------------------------------------

describe("a challenge upheld with re-evaluation", () => {
  it("reopens the committee's sheets, discards the ranking, and the rescored tender can be awarded again", async () => {
    const s = await openedTender({ prices: { anyuan: 250_000, hexie: 270_000, xinyuan: 290_000 }, openedAt: bj("2026-09-03T09:00") });
    const members = [jinshui, ...experts];
    const at = bj("2026-09-08T09:00");
    await formCommittee(db, jinshui, s.tenderId, { memberIds: members.map((m) => m.id) }, at);
    const declarations = Object.values(s.organizationOf).map((organizationId) => ({ organizationId, conflict: "no" as const }));
    const scoreAll = async (points: Record<DemoAgency, [number, number]>, when: Date) => {
      for (const member of members) {
        for (const key of Object.keys(points) as DemoAgency[]) {
          await saveScoreSheet(
            db,
            member,
            s.tenderId,
            s.bidOf[key],
            { final: true, scores: s.criteria.map((c, i) => ({ criterionId: c.id, points: String(points[key][i]), justification: `评分理由${i + 1}` })) },
            when,
          );
        }
      }
    };
    for (const member of members) await declareConflicts(db, member, s.tenderId, { declarations }, at);
    await scoreAll({ anyuan: [36, 27], hexie: [30, 25], xinyuan: [28, 20] }, at);
    expect(await tenderStatus(s.tenderId)).toBe("recommended");
    const first = await db.select().from(evaluationResults).where(eq(evaluationResults.tenderId, s.tenderId)).orderBy(asc(evaluationResults.rank));
    expect(first[0].bidId).toBe(s.bidOf.anyuan);

    await confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.anyuan }, CONFIRMED);
    const challenge = await fileChallenge(db, agencies.hexie, s.tenderId, objection, [], bj("2026-10-09T10:00"));
    await answerChallenge(db, jinshui, challenge.id, { decision: "uphold", remedy: "reevaluate", answer: "评审中存在计分错误，质疑成立，由原评审委员会重新评审。" }, bj("2026-10-12T10:00"));

    expect(await tenderStatus(s.tenderId)).toBe("evaluating");
    expect(await db.select().from(evaluationResults).where(eq(evaluationResults.tenderId, s.tenderId))).toEqual([]);
    const sheets = await db
      .select({ status: scoreSheets.status, submittedAt: scoreSheets.submittedAt })
      .from(scoreSheets)
      .where(eq(scoreSheets.bidId, s.bidOf.anyuan));
    expect(sheets).toHaveLength(members.length);
    expect(sheets.every((sheet) => sheet.status === "draft" && sheet.submittedAt === null)).toBe(true);
    expect(await lineRow(s.budgetLineId)).toMatchObject({ reserved: 250_000 * YUAN, committed: 0 });
    const [revocation] = await db.select().from(auditLog).where(and(eq(auditLog.action, "tender.revokeAward"), eq(auditLog.subjectId, s.tenderId)));
    // The discarded ranking stays on the record.
    expect((revocation.before as { ranking: { bidId: string; rank: number }[] }).ranking.map((r) => [r.rank, r.bidId])).toEqual([
      [1, s.bidOf.anyuan],
      [2, s.bidOf.hexie],
      [3, s.bidOf.xinyuan],
    ]);

    // The committee rescores: 和谐家园 comes first this time; it can be confirmed without a reason.
    await scoreAll({ anyuan: [30, 22], hexie: [37, 28], xinyuan: [28, 20] }, bj("2026-10-14T09:00"));
    expect(await tenderStatus(s.tenderId)).toBe("recommended");
    const page = await getAwardPage(db, jinshui, s.tenderId, bj("2026-10-15T09:00"));
    expect(page.candidates[0].bidId).toBe(s.bidOf.hexie);
    expect(page.ranking.some((r) => r.excluded)).toBe(false);
    await confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.hexie }, bj("2026-10-15T09:00"));
    expect(await lineRow(s.budgetLineId)).toMatchObject({ reserved: 0, committed: 270_000 * YUAN });
  });
});

// ---------------------------------------------------------------------------------------------
// Pages as a browser without JavaScript drives them
// ---------------------------------------------------------------------------------------------

describe("the award and challenge pages", () => {
  it("confirms on /bureau/tenders/:id/award, takes a challenge on /tenders/:id/challenge and answers it", async () => {
    const now = new Date();
    const s = await recommended({ openedAt: plus(now, -10), evaluatedAt: plus(now, -2) });
    const officer = await cookieFor(jinshui.id);
    const path = `/bureau/tenders/${s.tenderId}/award`;

    const page = await settle(async () => awardPage.loader(args(getRequest(path, officer), { id: s.tenderId })));
    const data = (await page.json()) as Awaited<ReturnType<typeof getAwardPage>>;
    expect(data.canConfirm).toBe(true);
    expect(data.candidates.map((c) => c.bidId)).toEqual([s.bidOf.anyuan, s.bidOf.hexie, s.bidOf.xinyuan]);

    const noReason = await settle(() => awardPage.action(args(postRequest(path, { intent: "confirm", bidId: s.bidOf.xinyuan, skipReason: "" }, officer), { id: s.tenderId })));
    expect(noReason.status).toBe(400);
    const body = (await noReason.json()) as { errors: Record<string, { message: string }> };
    expect(body.errors.skipReason.message).toBe("awards.skipReasonRequired");

    const confirmed = await settle(() => awardPage.action(args(postRequest(path, { intent: "confirm", bidId: s.bidOf.anyuan, skipReason: "" }, officer), { id: s.tenderId })));
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toBe(`${path}?done=confirmed`);
    expect(await tenderStatus(s.tenderId)).toBe("publicity");

    // A losing bidder sees the window and files a challenge (a plain form post, no evidence).
    const hexie = await cookieFor(agencies.hexie.id);
    const challengePath = `/tenders/${s.tenderId}/challenge`;
    const view = await settle(async () => challengePage.loader(args(getRequest(challengePath, hexie), { id: s.tenderId })));
    const viewData = (await view.json()) as Awaited<ReturnType<typeof getChallengePage>>;
    expect(viewData).toMatchObject({ isBidder: true, canFile: true });
    const empty = await settle(() => challengePage.action(args(postRequest(challengePath, { subject: "", grounds: "" }, hexie), { id: s.tenderId })));
    expect(empty.status).toBe(400);
    const filed = await settle(() => challengePage.action(args(postRequest(challengePath, objection, hexie), { id: s.tenderId })));
    expect(filed.status).toBe(302);
    const [challenge] = await db.select().from(challenges).where(eq(challenges.tenderId, s.tenderId));
    expect(challenge).toMatchObject({ subject: objection.subject, organizationId: s.organizationOf.hexie, status: "pending" });

    // A non-bidder sees why it may not challenge.
    const outsider = await settle(async () => challengePage.loader(args(getRequest(challengePath, await cookieFor(nuancheng.id)), { id: s.tenderId })));
    expect(await outsider.json()).toMatchObject({ isBidder: false, canFile: false });
    const refused = await settle(async () => challengePage.action(args(postRequest(challengePath, objection, await cookieFor(nuancheng.id)), { id: s.tenderId })));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: { root: { message: string } } }).errors.root.message).toBe("challenges.refused.notBidder");

    // The bureau answers; upholding without a remedy is refused on the remedy field.
    const missing = await settle(() => awardPage.action(args(postRequest(path, { intent: "answer", subjectId: challenge.id, decision: "uphold", answer: "成立" }, officer), { id: s.tenderId })));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { errors: Record<string, { message: string }> }).errors.remedy.message).toBe("challenges.remedyRequired");
    const answered = await settle(() =>
      awardPage.action(args(postRequest(path, { intent: "answer", subjectId: challenge.id, decision: "reject", answer: "质疑不成立。" }, officer), { id: s.tenderId })),
    );
    expect(answered.status).toBe(302);
    expect(answered.headers.get("Location")).toBe(`${path}?done=rejected`);
    const [after] = await db.select().from(challenges).where(eq(challenges.id, challenge.id));
    expect(after).toMatchObject({ status: "rejected", answer: "质疑不成立。", answeredBy: jinshui.id });
  });
});

// ---------------------------------------------------------------------------------------------
// Result notice and award letter
// ---------------------------------------------------------------------------------------------

// pdftotext (poppler-utils) reads the text back as a reader would copy it. On CI a missing
// tool is an error; elsewhere the text checks are skipped with a message.
const hasPdftotext = spawnSync("pdftotext", ["-v"]).error === undefined;
if (!hasPdftotext) {
  if (process.env.CI === "true") throw new Error("[awards] pdftotext not found (apt-get install poppler-utils): the notice PDFs' text cannot be checked.");
  console.warn("[awards] pdftotext not found (apt-get install poppler-utils): skipping the notice PDFs' text checks.");
}

describe("result notice and award letter", () => {
  let dir: string;
  let s: OpenedTender;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sanshe-award-pdf-"));
    s = await recommended({});
    await confirmAward(db, jinshui, s.tenderId, { bidId: s.bidOf.anyuan }, CONFIRMED);
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function pdfText(pdf: Buffer, name: string) {
    const file = path.join(dir, `${name}.pdf`);
    fs.writeFileSync(file, pdf);
    return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
  }

  it("publishes the result notice (中标结果公告) with the winner, USCC, amount, ranking and dates", async () => {
    const response = await settle(() => resultRoute.loader(args(getRequest(`/tenders/${s.tenderId}/result.pdf`), { id: s.tenderId })));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    const { pdf, filename } = await resultNoticePdf(db, s.tenderId, bj("2026-10-01T10:00"));
    expect(filename).toBe(`${s.title}-中标结果公告.pdf`);
    if (!hasPdftotext) return;
    const text = pdfText(pdf, "result");
    const [anyuan] = await db.select().from(awards).where(eq(awards.tenderId, s.tenderId));
    expect(anyuan.organizationId).toBe(s.organizationOf.anyuan);
    expect(text).toContain("郑州市金水区安园社会工作服务中心");
    expect(text).toContain("¥250,000.00");
    expect(text).toContain("自2026年9月29日起至2026年9月30日止");
    expect(text).toContain("2026年10月15日");
    expect(text).toContain("郑州市金水区心远社会工作服务中心"); // in the ranking
  });

  it("gives the award letter (中标通知书) to the bureau and the winner only", async () => {
    const path = `/tenders/${s.tenderId}/award-letter.pdf`;
    const letter = (cookie?: string) => settle(() => letterRoute.loader(args(getRequest(path, cookie), { id: s.tenderId })));
    expect((await letter()).status).toBe(404);
    expect((await letter(await cookieFor(agencies.hexie.id))).status).toBe(404);
    expect((await letter(await cookieFor(erqi.id))).status).toBe(404);
    const winner = await letter(await cookieFor(agencies.anyuan.id));
    expect(winner.status).toBe(200);
    expect(winner.headers.get("Cache-Control")).toBe("private, no-store");
    expect((await letter(await cookieFor(jinshui.id))).status).toBe(200);
    expect(await readableAwardLetters(db, agencies.hexie, s.tenderId)).toEqual([]);

    const { pdf } = await awardLetterPdf(db, agencies.anyuan, s.tenderId);
    if (!hasPdftotext) return;
    const text = pdfText(pdf, "letter");
    expect(text).toContain("中标通知书");
    expect(text).toContain("郑州市金水区安园社会工作服务中心");
    expect(text).toContain("¥250,000.00");
  });

  it("answers 404 for the result notice before any award", async () => {
    const before = await recommended({});
    const response = await settle(() => resultRoute.loader(args(getRequest(`/tenders/${before.tenderId}/result.pdf`), { id: before.tenderId })));
    expect(response.status).toBe(404);
  });
});
