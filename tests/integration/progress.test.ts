/**
 * Progress of a contract in force (DESIGN §4.7, issue 5) against a real database: the agency's
 * report per milestone (draft, submitted and then read-only, spending only on the bid's budget
 * lines, evidence files readable by the parties and the service communities), each service
 * community's confirmation (or a problem) for the current revision, the bureau's acceptance (only
 * with a confirmation of that revision and no problem flagged) or return with a reason, the revised
 * report needing new confirmations, and scope: reports by another agency and confirmations by another community are
 * refused as not found.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { attachments, auditLog, contractMilestones, progressReports, serviceConfirmations } from "#db/schema";
import type { SessionUser } from "~/modules/auth/permissions";
import { mayReadAttachment } from "~/modules/documents/uploads.server";
import { progressReportSchema } from "~/modules/contracts/progress-schema";
import { acceptMilestone, confirmService, returnMilestone, saveProgressReport } from "~/modules/contracts/progress.server";
import { recordPayment } from "~/modules/payments/payments.server";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { givenActiveContract, givenDraftContract, reportInput } from "../helpers/contracts";
import { refusal, sessionUsers, thrownResponse, useDemoData } from "../helpers/demo";

useDemoData();

let hexieOwner: SessionUser;
let siyuetian: SessionUser;
let jinsha: SessionUser;
let erqi: SessionUser;

beforeAll(async () => {
  [hexieOwner, siyuetian, jinsha, erqi] = await sessionUsers("agency.hexie", "community.siyuetian", "community.jinsha", "bureau.erqi");
});

// The smallest valid PNG: a 1×1 pixel.
const PNG = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"));

async function milestoneRow(id: string) {
  const [row] = await db.select().from(contractMilestones).where(eq(contractMilestones.id, id));
  return row;
}

async function reportOf(milestoneId: string) {
  const [row] = await db.select().from(progressReports).where(eq(progressReports.milestoneId, milestoneId));
  return row;
}

describe("the agency's progress report", () => {
  it("is saved as a draft, then submitted and read-only; evidence is kept and readable by the parties and the service community only", async () => {
    const c = await givenActiveContract();
    const mid = c.milestones[1];
    const draft = await saveProgressReport(db, c.agencyOwner, mid.id, await reportInput(c, { intent: "save", narrative: "草稿：活动记录整理中。" }));
    expect(draft).toMatchObject({ status: "draft", revision: 0, narrative: "草稿：活动记录整理中。" });
    expect((await milestoneRow(mid.id)).status).toBe("pending");

    const input = await reportInput(c);
    const submitted = await saveProgressReport(db, c.agencyOwner, mid.id, input, [{ filename: "签到表.png", contentType: "image/png", size: PNG.byteLength, bytes: PNG }]);
    expect(submitted).toMatchObject({ id: draft.id, status: "submitted", revision: 1, beneficiaries: 160, volunteerHours: 42.5 });
    expect(submitted.activities).toEqual(input.activities);
    expect((await milestoneRow(mid.id)).status).toBe("submitted");
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "progressReport.submit"), eq(auditLog.subjectId, c.contractId)));
    expect(entry.after).toMatchObject({ milestone: 1, revision: 1, beneficiaries: 160, activities: 2 });

    // Submitted: read-only.
    expect((await refusal(saveProgressReport(db, c.agencyOwner, mid.id, await reportInput(c, { narrative: "改一下" })))).messageKey).toBe("progress.refused.readOnly");

    const [file] = await db.select().from(attachments).where(and(eq(attachments.ownerType, "progressReport"), eq(attachments.ownerId, submitted.id)));
    expect(file).toMatchObject({ filename: "签到表.png", contentType: "image/png" });
    const owner = { ownerType: "progressReport", ownerId: submitted.id };
    expect(await mayReadAttachment(db, c.agencyOwner, owner)).toBe(true);
    expect(await mayReadAttachment(db, c.officer, owner)).toBe(true);
    expect(await mayReadAttachment(db, c.communityStaff, owner)).toBe(true);
    expect(await mayReadAttachment(db, siyuetian, owner)).toBe(false);
    expect(await mayReadAttachment(db, hexieOwner, owner)).toBe(false);
    expect(await mayReadAttachment(db, erqi, owner)).toBe(false);
    expect(await mayReadAttachment(db, null, owner)).toBe(false);
  });

  it("is refused from another agency (404), on the signing milestone, on a contract not in force, and with spending off the bid's budget", async () => {
    const c = await givenActiveContract();
    const input = await reportInput(c);
    expect((await thrownResponse(saveProgressReport(db, hexieOwner, c.milestones[1].id, input))).status).toBe(404);
    expect((await thrownResponse(saveProgressReport(db, c.officer, c.milestones[1].id, input))).status).toBe(404);
    expect((await refusal(saveProgressReport(db, c.agencyOwner, c.milestones[0].id, input))).messageKey).toBe("progress.refused.noReport");
    const offBudget = await refusal(saveProgressReport(db, c.agencyOwner, c.milestones[1].id, { ...input, spending: [{ line: "购买礼品", amount: 100 }] }));
    expect(offBudget).toMatchObject({ messageKey: "progress.rule.unknownLine", options: { field: "spending" } });
    const outside = await refusal(saveProgressReport(db, c.agencyOwner, c.milestones[1].id, { ...input, periodStart: "2020-01-01" }));
    expect(outside.messageKey).toBe("progress.rule.periodOutside");
    const future = await refusal(saveProgressReport(db, c.agencyOwner, c.milestones[1].id, { ...input, periodEnd: "2099-01-01" }));
    expect(future).toMatchObject({ messageKey: "progress.rule.periodFuture", options: { field: "periodEnd" } });
    expect(await reportOf(c.milestones[1].id)).toBeUndefined();

    const draft = await givenDraftContract();
    expect((await refusal(saveProgressReport(db, draft.agencyOwner, draft.milestones[1].id, await reportInput(draft)))).messageKey).toBe("progress.refused.notActive");
  });

  it("the form's schema: a period in order, activities inside it, hours with one decimal, a note for a problem", () => {
    const base = {
      intent: "submit",
      periodStart: "2026-11-01",
      periodEnd: "2026-11-20",
      activities: [{ date: "2026-11-05", title: "讲座", place: "活动室", participants: "30" }],
      beneficiaries: "30",
      volunteerHours: "12.5",
      spending: [{ line: "人员经费", amount: "" }],
      narrative: "说明",
    };
    const ok = progressReportSchema.safeParse(base);
    expect(ok.success && ok.data).toMatchObject({ volunteerHours: 12.5, spending: [{ line: "人员经费", amount: 0 }] });
    const issues = (v: object) => (progressReportSchema.safeParse({ ...base, ...v }).error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message.split("|")[0]}`);
    expect(issues({ periodEnd: "2026-10-01" })).toContain("periodEnd: progress.rule.periodOrder");
    expect(issues({ activities: [{ date: "2026-12-05", title: "讲座", place: "活动室", participants: "30" }] })).toContain("activities: progress.rule.activityOutside");
    expect(issues({ volunteerHours: "12.25" })).toContain("volunteerHours: progress.rule.hours");
    expect(issues({ activities: [] })).toContain("activities: progress.rule.activitiesRequired");
  });
});

describe("confirmation by the service communities and the bureau's decision", () => {
  it("accepts only with a confirmation of the current revision and no problem flagged; returned reports are revised and confirmed again", async () => {
    const c = await givenActiveContract(db, { moreCommunities: ["金沙社区"] });
    const mid = c.milestones[1];
    await saveProgressReport(db, c.agencyOwner, mid.id, await reportInput(c));

    // A community that is not a service community of this contract: 404.
    expect((await thrownResponse(confirmService(db, siyuetian, mid.id, { status: "confirmed" }))).status).toBe(404);
    expect((await thrownResponse(confirmService(db, c.agencyOwner, mid.id, { status: "confirmed" }))).status).toBe(404);
    // Nobody has confirmed yet: no acceptance.
    expect((await refusal(acceptMilestone(db, c.officer, mid.id))).messageKey).toBe("progress.refused.unconfirmed");

    await confirmService(db, c.communityStaff, mid.id, { status: "confirmed" });
    await confirmService(db, jinsha, mid.id, { status: "problem", note: "10月15日的活动实际未在本社区开展。" });
    // 金沙社区 flagged a problem: no acceptance while it stands.
    const flagged = await refusal(acceptMilestone(db, c.officer, mid.id));
    expect(flagged).toMatchObject({ messageKey: "progress.refused.problem", options: { vars: { communities: "金沙社区" } } });
    expect((await thrownResponse(acceptMilestone(db, erqi, mid.id))).status).toBe(404);
    // Nothing is payable yet.
    const notYet = await refusal(recordPayment(db, c.officer, { trancheId: c.tranches[1].id, paidOn: shanghaiToday(), amount: c.tranches[1].amount, reference: "X" }));
    expect(notYet.options.vars).toEqual({ why: "payments.why.awaitingAcceptance" });

    // Returned with a reason: back to the agency as a draft.
    await returnMilestone(db, c.officer, mid.id, { reason: "金沙社区反映部分活动未开展，请核实并补充签到表。" });
    expect(await milestoneRow(mid.id)).toMatchObject({ status: "returned", returnReason: "金沙社区反映部分活动未开展，请核实并补充签到表。" });
    expect(await reportOf(mid.id)).toMatchObject({ status: "draft", revision: 1 });
    expect((await refusal(confirmService(db, c.communityStaff, mid.id, { status: "confirmed" }))).messageKey).toBe("progress.refused.notSubmitted");

    // Revised and resubmitted: revision 2; the answers given for revision 1 no longer count.
    await saveProgressReport(db, c.agencyOwner, mid.id, await reportInput(c, { narrative: "已核实：10月15日活动改在金沙社区活动室开展，补充签到表。" }));
    expect(await reportOf(mid.id)).toMatchObject({ status: "submitted", revision: 2 });
    expect((await refusal(acceptMilestone(db, c.officer, mid.id))).messageKey).toBe("progress.refused.unconfirmed");
    await confirmService(db, jinsha, mid.id, { status: "confirmed", note: "已现场核实。" });
    const confirmations = await db.select().from(serviceConfirmations).where(eq(serviceConfirmations.milestoneId, mid.id));
    expect(Object.fromEntries(confirmations.map((x) => [x.communityId === c.communityId ? "丰乐" : "金沙", [x.status, x.reportRevision]]))).toEqual({
      丰乐: ["confirmed", 1],
      金沙: ["confirmed", 2],
    });

    // 金沙's confirmation of revision 2 is enough: 丰乐's answer was for revision 1.
    await acceptMilestone(db, c.officer, mid.id);
    expect(await milestoneRow(mid.id)).toMatchObject({ status: "accepted", decidedBy: c.officer.id, returnReason: null });
    expect((await refusal(acceptMilestone(db, c.officer, mid.id))).messageKey).toBe("progress.refused.notSubmitted");
    const { payment } = await recordPayment(db, c.officer, { trancheId: c.tranches[1].id, paidOn: shanghaiToday(), amount: c.tranches[1].amount, reference: "HX-MID" });
    expect(payment.amount).toBe(c.tranches[1].amount);
    const actions = (await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, c.contractId))).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(["contract.generate", "contract.sign", "progressReport.submit", "service.confirm", "service.problem", "milestone.return", "milestone.accept", "payment.record"]),
    );
  });
});
