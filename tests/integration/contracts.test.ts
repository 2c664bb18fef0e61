/**
 * Contracts (DESIGN §4.7, issue 5) against a real database: generation from a final award (parties,
 * amounts split by the payment plan with the remainder on the last tranche, milestones, the PDF's
 * SHA-256), refusals before the award is final and while a challenge is pending, signing by the
 * agency's owner and a bureau officer with the hash of the version signed, a revision that voids
 * earlier signatures, activation, termination releasing the unpaid commitment, and scope.
 *
 * Scenarios come from tests/helpers/contracts.ts; every tender is new, so files sharing one
 * PostgreSQL database never disturb each other.
 */
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditLog, awards, challenges, contractCommunities, contractMilestones, contractSignatures, contracts, organizationMembers, organizations, paymentTranches, payments, progressReports, tenders, users } from "#db/schema";
import type { SessionUser } from "~/modules/auth/permissions";
import { shanghaiToday } from "~/modules/calendar/working-days";
import type { ContractContent } from "~/modules/contracts/contract-content";
import { sha256 } from "~/modules/contracts/contract-pdf.server";
import { addDays } from "~/modules/contracts/contract-rules";
import { contractPdf, generateContract, reviseContract, signContract, terminateContract } from "~/modules/contracts/contracts.server";
import * as agencyPage from "~/routes/agency.projects.$id";
import * as reportPage from "~/routes/agency.projects.$id_.reports.$milestoneId";
import * as bureauPage from "~/routes/bureau.projects.$id";
import * as communityPage from "~/routes/community.projects.$id";
import * as publicPage from "~/routes/projects.$id";
import * as pdfRoute from "~/routes/projects.$id.contract[.]pdf";
import { givenActiveContract, givenDraftContract, givenFinalAward } from "../helpers/contracts";
import { context, cookieFor, getRequest, postRequest, refusal, sessionUsers, settle, thrownResponse, unique, useDemoData } from "../helpers/demo";
import { lineRow, plus, YUAN } from "../helpers/procurement";

useDemoData();

let erqi: SessionUser;
let hexieOwner: SessionUser;

beforeAll(async () => {
  [erqi, hexieOwner] = await sessionUsers("bureau.erqi", "agency.hexie");
});

async function contractRow(id: string) {
  const [row] = await db.select().from(contracts).where(eq(contracts.id, id));
  return row;
}

describe("generating the contract", () => {
  it("takes parties, amount, period, communities, deliverables and tranches from the award, the bid and the plan", async () => {
    // ¥250,000.01 split 30/40/30: 7,500,000.3 and 10,000,000.4 fen round down; the last takes the rest.
    const f = await givenFinalAward({ prices: { anyuan: 250_000.01, hexie: 270_000 }, moreCommunities: ["四月天社区"] });
    const at = plus(f.settledAt, 0.1);
    const start = addDays(shanghaiToday(at), 3);
    const made = await generateContract(db, f.buyer.officer, { awardId: f.award.id, serviceStartOn: start }, at);

    const row = await contractRow(made.id);
    expect(row).toMatchObject({ status: "draft", version: 1, amount: 25_000_001, serviceStartOn: start, organizationId: f.organizationId, tenderId: f.tenderId });
    expect(row.number).toMatch(/^金水民政购〔2026〕\d+号$/);
    // 12 months from the start, ending the day before.
    expect(row.serviceEndOn).toBe(addDays(`${Number(start.slice(0, 4)) + 1}${start.slice(4)}`, -1));
    const content = row.content as ContractContent;
    const [organization] = await db.select().from(organizations).where(eq(organizations.id, f.organizationId));
    expect(content.supplier).toMatchObject({ organizationId: f.organizationId, name: organization.name, uscc: organization.uscc });
    expect(content.indicators).toEqual({ beneficiaries: 120, sessions: 48, volunteerHours: 300 });
    expect(content.deliverables.servicePlan).toContain("anyuan的服务方案");
    expect(content.budget.reduce((a, b) => a + b.amount, 0)).toBe(25_000_001);
    expect(content.communities.map((c) => c.name).sort()).toEqual(["丰乐社区", "四月天社区"].sort());

    const tranches = await db.select().from(paymentTranches).where(eq(paymentTranches.contractId, made.id)).orderBy(asc(paymentTranches.position));
    expect(tranches.map((t) => [t.percentage, t.amount, t.isFinal])).toEqual([
      [30, 7_500_000, false],
      [40, 10_000_000, false],
      [30, 7_500_001, true],
    ]);
    const milestones = await db.select().from(contractMilestones).where(eq(contractMilestones.contractId, made.id)).orderBy(asc(contractMilestones.position));
    expect(milestones.map((m) => [m.name, m.needsReport, m.status])).toEqual([
      ["合同签订", false, "pending"],
      ["中期验收", true, "pending"],
      ["绩效评估", true, "pending"],
    ]);
    expect(milestones[0].dueOn).toBe(start);
    expect(milestones[2].dueOn).toBe(row.serviceEndOn);
    expect((await db.select().from(contractCommunities).where(eq(contractCommunities.contractId, made.id))).length).toBe(2);

    // The PDF served is the one hashed: same bytes for the same version.
    const pdf = await contractPdf(db, f.buyer.officer, made.id);
    expect(pdf.pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(sha256(pdf.pdf)).toBe(row.pdfSha256);
    expect((await contractPdf(db, f.agencyOwner, made.id)).sha256).toBe(row.pdfSha256);
    expect((await thrownResponse(contractPdf(db, hexieOwner, made.id))).status).toBe(404);

    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "contract.generate"), eq(auditLog.subjectId, made.id)));
    expect(entry.after).toMatchObject({ awardId: f.award.id, amount: 25_000_001, pdfSha256: row.pdfSha256 });

    // One contract per award.
    expect((await refusal(generateContract(db, f.buyer.officer, { awardId: f.award.id, serviceStartOn: start }, at))).messageKey).toBe("contracts.refused.exists");
  });

  it("is another bureau's business: 404 for an officer of 二七区; a start in the past is refused", async () => {
    const f = await givenFinalAward();
    const tomorrow = addDays(shanghaiToday(), 1);
    expect((await thrownResponse(generateContract(db, erqi, { awardId: f.award.id, serviceStartOn: tomorrow }))).status).toBe(404);
    const refused = await refusal(generateContract(db, f.buyer.officer, { awardId: f.award.id, serviceStartOn: addDays(shanghaiToday(), -1) }));
    expect(refused).toMatchObject({ messageKey: "contracts.rule.startInPast", options: { field: "serviceStartOn" } });
  });
});

describe("signing", () => {
  it("needs the agency's owner and a bureau officer on the current version; both make it active and the first milestone met", async () => {
    const c = await givenDraftContract();
    const row = await contractRow(c.contractId);
    const at = plus(c.generatedAt, 1);
    const first = await signContract(db, c.agencyOwner, c.contractId, { version: 1 }, at);
    expect(first.active).toBe(false);
    expect(first.signature).toMatchObject({ party: "agency", contractVersion: 1, pdfSha256: row.pdfSha256, userId: c.agencyOwner.id });
    expect((await refusal(signContract(db, c.agencyOwner, c.contractId, { version: 1 }, at))).messageKey).toBe("contracts.refused.alreadySigned");
    // Someone outside both parties does not even learn the contract exists.
    expect((await thrownResponse(signContract(db, hexieOwner, c.contractId, { version: 1 }, at))).status).toBe(404);
    expect((await thrownResponse(signContract(db, erqi, c.contractId, { version: 1 }, at))).status).toBe(404);

    const second = await signContract(db, c.officer, c.contractId, { version: 1 }, plus(at, 1));
    expect(second.active).toBe(true);
    expect(await contractRow(c.contractId)).toMatchObject({ status: "active", activatedAt: plus(at, 1) });
    const milestones = await db.select().from(contractMilestones).where(eq(contractMilestones.contractId, c.contractId)).orderBy(asc(contractMilestones.position));
    expect(milestones.map((m) => m.status)).toEqual(["accepted", "pending", "pending"]);
    expect((await refusal(reviseContract(db, c.officer, c.contractId, { serviceStartOn: shanghaiToday(), serviceEndOn: addDays(shanghaiToday(), 30) }))).messageKey).toBe("contracts.refused.notDraft");
  });

  it("a revised contract (new dates) is a new version: the earlier signature no longer counts", async () => {
    const c = await givenDraftContract();
    const before = await contractRow(c.contractId);
    const at = plus(c.generatedAt, 1);
    await signContract(db, c.agencyOwner, c.contractId, { version: 1 }, at);
    const start = addDays(shanghaiToday(at), 10);
    const revised = await reviseContract(db, c.officer, c.contractId, { serviceStartOn: start, serviceEndOn: addDays(start, 180) }, plus(at, 0.5));
    expect(revised.version).toBe(2);
    expect(revised.pdfSha256).not.toBe(before.pdfSha256);
    const after = await contractRow(c.contractId);
    expect(after).toMatchObject({ version: 2, serviceStartOn: start, serviceEndOn: addDays(start, 180) });
    expect((after.content as ContractContent).milestones.map((m) => m.dueOn)).toEqual([start, addDays(start, 90), addDays(start, 180)]);

    // The bureau signing version 2 alone does not make it active: the agency signed version 1.
    expect((await refusal(signContract(db, c.officer, c.contractId, { version: 1 }, plus(at, 1)))).messageKey).toBe("contracts.refused.versionChanged");
    expect((await signContract(db, c.officer, c.contractId, { version: 2 }, plus(at, 1))).active).toBe(false);
    const done = await signContract(db, c.agencyOwner, c.contractId, { version: 2 }, plus(at, 1.5));
    expect(done.active).toBe(true);
    const sigs = await db.select().from(contractSignatures).where(eq(contractSignatures.contractId, c.contractId)).orderBy(asc(contractSignatures.signedAt));
    expect(sigs.map((s) => [s.party, s.contractVersion, s.pdfSha256 === revised.pdfSha256])).toEqual([
      ["agency", 1, false],
      ["bureau", 2, true],
      ["agency", 2, true],
    ]);

    // Periods longer than the tender's, or ending before they start, are refused.
    const other = await givenDraftContract();
    const s = addDays(shanghaiToday(), 1);
    expect((await refusal(reviseContract(db, other.officer, other.contractId, { serviceStartOn: s, serviceEndOn: addDays(s, 400) }))).messageKey).toBe("contracts.rule.periodTooLong");
    expect((await refusal(reviseContract(db, other.officer, other.contractId, { serviceStartOn: s, serviceEndOn: s }))).messageKey).toBe("contracts.rule.endAfterStart");
  });

  it("is refused while a challenge is pending, and by a member who is not the owner", async () => {
    const c = await givenDraftContract();
    // A late challenge the supervising department admitted: the award stays final, yet no signing.
    await db.insert(challenges).values({
      tenderId: c.tenderId,
      awardId: c.awardId,
      organizationId: (await db.select().from(awards).where(eq(awards.id, c.awardId)))[0].organizationId,
      filedBy: hexieOwner.id,
      subject: "逾期受理的质疑",
      grounds: "监督部门要求采购人答复。",
      filedAt: new Date(),
      answerDueOn: addDays(shanghaiToday(), 7),
    });
    expect((await refusal(signContract(db, c.agencyOwner, c.contractId, { version: 1 }))).messageKey).toBe("contracts.refused.challengePending");
    expect((await contractRow(c.contractId)).status).toBe("draft");

    // A plain member of the winning organization sees the contract but cannot bind it.
    const [member] = await db.insert(users).values({ username: unique("agency.member."), displayName: "普通成员", passwordHash: "x" }).returning();
    await db.insert(organizationMembers).values({ organizationId: c.organizationId, userId: member.id, memberRole: "member" });
    const [plainMember] = await sessionUsers(member.username);
    expect((await refusal(signContract(db, plainMember, c.contractId, { version: 1 }))).messageKey).toBe("contracts.refused.ownerOnly");
  });
});

describe("generation refused while the award is not final or a challenge is pending", () => {
  it("in publicity: not final; with a challenge pending: says so", async () => {
    const f = await givenFinalAward();
    // Put the award back into publicity, as it was before the window passed.
    await db.update(awards).set({ status: "publicity", finalAt: null }).where(eq(awards.id, f.award.id));
    await db.update(tenders).set({ status: "publicity" }).where(eq(tenders.id, f.tenderId));
    const today = shanghaiToday();
    // Still before the deadline: a read on the day of confirmation cannot settle it.
    const during = new Date(Date.parse(`${f.award.challengeDeadline}T10:00:00+08:00`));
    expect((await refusal(generateContract(db, f.buyer.officer, { awardId: f.award.id, serviceStartOn: addDays(shanghaiToday(during), 1) }, during))).messageKey).toBe("contracts.refused.notFinal");
    await db.insert(challenges).values({
      tenderId: f.tenderId,
      awardId: f.award.id,
      organizationId: f.organizationOf.hexie,
      filedBy: hexieOwner.id,
      subject: "对评分有异议",
      grounds: "评分明显偏高。",
      filedAt: during,
      answerDueOn: today,
    });
    expect((await refusal(generateContract(db, f.buyer.officer, { awardId: f.award.id, serviceStartOn: addDays(today, 1) }))).messageKey).toBe("contracts.refused.challengePending");
    expect(await db.select().from(contracts).where(eq(contracts.awardId, f.award.id))).toEqual([]);
  });
});

describe("termination", () => {
  it("releases the unpaid commitment back to the line, with the reason on the record", async () => {
    const c = await givenActiveContract();
    const line = await lineRow(c.budgetLineId);
    expect(line).toMatchObject({ committed: 250_000 * YUAN, reserved: 0, paid: 0 });
    const result = await terminateContract(db, c.officer, c.contractId, { reason: "承接机构无法继续履约" });
    expect(result).toEqual({ paid: 0, released: 250_000 * YUAN });
    expect(await lineRow(c.budgetLineId)).toMatchObject({ committed: 0, reserved: 0, paid: 0 });
    expect(await contractRow(c.contractId)).toMatchObject({ status: "terminated", terminationReason: "承接机构无法继续履约", terminatedBy: c.officer.id });
    expect((await refusal(terminateContract(db, c.officer, c.contractId, { reason: "再次终止" }))).messageKey).toBe("contracts.refused.terminate");
    expect((await thrownResponse(terminateContract(db, erqi, c.contractId, { reason: "x" }))).status).toBe(404);
  });
});

describe("pages", () => {
  const args = (request: Request, params: Record<string, string> = {}) => ({ request, context, params });

  it("answer 404 outside each reader's scope, and the public sees a project only once signed", async () => {
    const c = await givenDraftContract();
    const [other] = await sessionUsers("community.siyuetian");
    const [officer, owner, fengle, siyuetian, erqiCookie, hexieCookie] = await Promise.all(
      [c.officer.id, c.agencyOwner.id, c.communityStaff.id, other.id, erqi.id, hexieOwner.id].map((id) => cookieFor(id)),
    );
    const params = { id: c.contractId };
    expect((await settle(() => bureauPage.loader(args(getRequest(`/bureau/projects/${c.contractId}`, erqiCookie), params)))).status).toBe(404);
    expect((await settle(() => agencyPage.loader(args(getRequest(`/agency/projects/${c.contractId}`, hexieCookie), params)))).status).toBe(404);
    expect((await settle(() => publicPage.loader(args(getRequest(`/projects/${c.contractId}`), params)))).status).toBe(404);
    // A draft is not shown to the communities either; once in force, only to the service communities.
    expect((await settle(() => communityPage.loader(args(getRequest(`/community/projects/${c.contractId}`, fengle), params)))).status).toBe(404);
    const pdf = await settle(() => pdfRoute.loader(args(getRequest(`/projects/${c.contractId}/contract.pdf`, hexieCookie), params)));
    expect(pdf.status).toBe(404);

    await signContract(db, c.agencyOwner, c.contractId, { version: 1 });
    const signed = await settle(() =>
      agencyPage.action(args(postRequest(`/agency/projects/${c.contractId}`, { intent: "sign", version: "1" }, owner), params)),
    );
    expect(signed.status).toBe(400);
    const bureauSigned = await settle(() => bureauPage.action(args(postRequest(`/bureau/projects/${c.contractId}`, { intent: "sign", version: "1" }, officer), params)));
    expect(bureauSigned.headers.get("Location")).toBe(`/bureau/projects/${c.contractId}?done=active`);

    const page = await publicPage.loader(args(getRequest(`/projects/${c.contractId}`), params));
    const data = await page.json();
    expect(data.project.contract).toMatchObject({ status: "active", pdfSha256: null, terminationReason: null });
    expect(data.project.terms).toBeNull();
    expect(data.project.milestones[0].confirmations).toEqual([]);
    expect((await communityPage.loader(args(getRequest(`/community/projects/${c.contractId}`, fengle), params))).status).toBe(200);
    expect((await settle(() => communityPage.loader(args(getRequest(`/community/projects/${c.contractId}`, siyuetian), params)))).status).toBe(404);

    const file = await settle(() => pdfRoute.loader(args(getRequest(`/projects/${c.contractId}/contract.pdf`, owner), params)));
    expect(file.headers.get("Content-Type")).toBe("application/pdf");
    const [row] = await db.select({ pdfSha256: contracts.pdfSha256 }).from(contracts).where(eq(contracts.id, c.contractId));
    expect(file.headers.get("X-Content-SHA256")).toBe(row.pdfSha256);
    expect(sha256(Buffer.from(await file.arrayBuffer()))).toBe(row.pdfSha256);
  });

  it("a report form posted empty, or a payment of the wrong amount, answers 400 with field messages and changes nothing", async () => {
    const c = await givenActiveContract();
    const [owner, officer] = await Promise.all([cookieFor(c.agencyOwner.id), cookieFor(c.officer.id)]);
    const reportParams = { id: c.contractId, milestoneId: c.milestones[1].id };
    const empty = await settle(() => reportPage.action(args(postRequest(`/agency/projects/${c.contractId}/reports/${c.milestones[1].id}`, { intent: "submit" }, owner), reportParams)));
    expect(empty.status).toBe(400);
    const body = await empty.json();
    expect(Object.keys(body.errors)).toEqual(expect.arrayContaining(["periodStart", "periodEnd", "activities", "beneficiaries", "volunteerHours", "spending", "narrative"]));
    expect(await db.select().from(progressReports).where(eq(progressReports.milestoneId, c.milestones[1].id))).toEqual([]);

    const wrong = await settle(() =>
      bureauPage.action(
        args(postRequest(`/bureau/projects/${c.contractId}`, { intent: "pay", subjectId: c.tranches[0].id, trancheId: c.tranches[0].id, paidOn: shanghaiToday(), amount: "1", reference: "X1" }, officer), { id: c.contractId }),
      ),
    );
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).errors.amount.message).toMatch(/^payments\.rule\.amount\|/);
    expect(await db.select().from(payments).where(eq(payments.contractId, c.contractId))).toEqual([]);
    const paid = await settle(() =>
      bureauPage.action(
        args(postRequest(`/bureau/projects/${c.contractId}`, { intent: "pay", subjectId: c.tranches[0].id, trancheId: c.tranches[0].id, paidOn: shanghaiToday(), amount: "75,000.00", reference: "X1" }, officer), { id: c.contractId }),
      ),
    );
    expect(paid.headers.get("Location")).toBe(`/bureau/projects/${c.contractId}?done=paid`);
  });
});
