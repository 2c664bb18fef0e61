/**
 * Progress of a contract in force (DESIGN §4.7): the agency's progress report per milestone
 * (draft, then submitted and read-only), each service community's confirmation that the service
 * happened there (or a problem, with a note), and the bureau's decision: accept the milestone
 * (its tranche becomes payable) or return it with a reason (the report goes back to draft; the
 * resubmitted revision needs confirming again).
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { contractCommunities, contractMilestones, progressReports, regions, serviceConfirmations } from "#db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import { notFound } from "~/modules/auth/auth.server";
import { grantsFor, type SessionUser } from "~/modules/auth/permissions";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { saveAttachments, type UploadedFile } from "~/modules/documents/uploads.server";
import { UserError } from "~/utils/errors";
import { isUuid } from "~/utils/form-fields";
import type { ContractContent } from "./contract-content";
import { lockAgencyContract, lockContract, lockOwnContract, type ContractRow } from "./contracts.server";
import type { ConfirmationInput, ProgressReportInput, ReturnMilestoneInput } from "./progress-schema";

type MilestoneRow = typeof contractMilestones.$inferSelect;

/** The contract a milestone belongs to, found without a lock (locks come next, contract first). */
async function contractIdOf(db: Queryable, milestoneId: string): Promise<string> {
  if (!isUuid(milestoneId)) notFound();
  const [row] = await db.select({ contractId: contractMilestones.contractId }).from(contractMilestones).where(eq(contractMilestones.id, milestoneId)).limit(1);
  if (!row) notFound();
  return row.contractId;
}

async function lockMilestone(tx: Tx, milestoneId: string): Promise<MilestoneRow> {
  const [row] = await tx.select().from(contractMilestones).where(eq(contractMilestones.id, milestoneId)).for("update").limit(1);
  return row;
}

function requireActive(contract: ContractRow) {
  if (contract.status !== "active") throw new UserError("progress.refused.notActive");
}

/**
 * Saves the agency's report on a milestone as a draft, or submits it (`input.intent`). Only the
 * contracted organization's members, on a contract in force, for a milestone that needs a report
 * and is not submitted or accepted; spending only on lines of the bid's budget breakdown.
 * Submitting counts a new revision: confirmations given for an earlier one no longer count.
 */
export async function saveProgressReport(db: Queryable, user: SessionUser, milestoneId: string, input: ProgressReportInput, evidence: UploadedFile[] = [], now = new Date()) {
  const contractId = await contractIdOf(db, milestoneId);
  return db.transaction(async (tx) => {
    const contract = await lockAgencyContract(tx, user, contractId);
    requireActive(contract);
    const milestone = await lockMilestone(tx, milestoneId);
    if (!milestone.needsReport) throw new UserError("progress.refused.noReport");
    if (milestone.status === "submitted" || milestone.status === "accepted") throw new UserError("progress.refused.readOnly");
    const content = contract.content as ContractContent;
    // A report covers what has happened: no period (and so no activity) after today.
    if (input.periodEnd > shanghaiToday(now)) throw new UserError("progress.rule.periodFuture", { field: "periodEnd" });
    if (input.periodStart < contract.serviceStartOn || input.periodEnd > contract.serviceEndOn) {
      throw new UserError("progress.rule.periodOutside", { field: "periodEnd", vars: { start: contract.serviceStartOn, end: contract.serviceEndOn } });
    }
    const lines = new Set(content.budget.map((b) => b.item));
    const unknown = input.spending.find((s) => !lines.has(s.line));
    if (unknown) throw new UserError("progress.rule.unknownLine", { field: "spending", vars: { line: unknown.line } });
    if (new Set(input.spending.map((s) => s.line)).size !== input.spending.length) throw new UserError("progress.rule.duplicateLine", { field: "spending" });

    const submit = input.intent === "submit";
    const [existing] = await tx.select().from(progressReports).where(eq(progressReports.milestoneId, milestoneId)).for("update").limit(1);
    const fields = {
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      activities: input.activities,
      beneficiaries: input.beneficiaries,
      volunteerHours: input.volunteerHours,
      spending: input.spending,
      narrative: input.narrative,
      status: submit ? ("submitted" as const) : ("draft" as const),
      updatedBy: user.id,
      updatedAt: now,
      ...(submit ? { submittedAt: now, revision: (existing?.revision ?? 0) + 1 } : {}),
    };
    const [report] = existing
      ? await tx.update(progressReports).set(fields).where(eq(progressReports.id, existing.id)).returning()
      : await tx
          .insert(progressReports)
          .values({ milestoneId, contractId: contract.id, ...fields })
          .returning();
    const saved = evidence.length ? await saveAttachments(tx, { ownerType: "progressReport", ownerId: report.id, files: evidence, uploadedBy: user.id }) : [];
    if (submit) await tx.update(contractMilestones).set({ status: "submitted" }).where(eq(contractMilestones.id, milestoneId));
    await appendAudit(tx, {
      actorId: user.id,
      action: submit ? "progressReport.submit" : "progressReport.save",
      subjectType: "contract",
      subjectId: contract.id,
      before: { milestone: milestone.position, status: existing?.status ?? null, milestoneStatus: milestone.status },
      after: {
        at: now.toISOString(),
        milestone: milestone.position,
        reportId: report.id,
        status: report.status,
        revision: report.revision,
        beneficiaries: report.beneficiaries,
        volunteerHours: report.volunteerHours,
        activities: input.activities.length,
        spent: input.spending.reduce((a, s) => a + s.amount, 0),
        evidence: saved.map((f) => ({ id: f.id, sha256: f.sha256 })),
      },
    });
    return report;
  });
}

/** The service communities of a contract, by name. */
export async function serviceCommunities(db: Queryable, contractId: string) {
  return db
    .select({ id: regions.id, nameZh: regions.nameZh, nameEn: regions.nameEn })
    .from(contractCommunities)
    .innerJoin(regions, eq(regions.id, contractCommunities.communityId))
    .where(eq(contractCommunities.contractId, contractId))
    .orderBy(asc(regions.code));
}

/** The service community a staff member confirms for on this contract, or null. */
export async function staffCommunityOf(db: Queryable, user: SessionUser, contractId: string): Promise<string | null> {
  const mine = grantsFor(user, "community").flatMap((g) => (g.communityId ? [g.communityId] : []));
  if (mine.length === 0) return null;
  const [row] = await db
    .select({ communityId: contractCommunities.communityId })
    .from(contractCommunities)
    .where(and(eq(contractCommunities.contractId, contractId), inArray(contractCommunities.communityId, mine)))
    .limit(1);
  return row?.communityId ?? null;
}

/**
 * A service community's staff confirm that the milestone's service happened in their community,
 * or flag a problem with a note, for the report revision now submitted. Staff of any other
 * community get 404. Confirming again replaces the community's earlier answer.
 */
export async function confirmService(db: Queryable, user: SessionUser, milestoneId: string, input: ConfirmationInput, now = new Date()) {
  const contractId = await contractIdOf(db, milestoneId);
  const communityId = await staffCommunityOf(db, user, contractId);
  if (!communityId) notFound();
  return db.transaction(async (tx) => {
    requireActive(await lockContract(tx, contractId));
    const milestone = await lockMilestone(tx, milestoneId);
    if (milestone.status !== "submitted") throw new UserError("progress.refused.notSubmitted");
    const [report] = await tx.select().from(progressReports).where(eq(progressReports.milestoneId, milestoneId)).limit(1);
    const values = { status: input.status, note: input.note ?? null, reportRevision: report.revision, userId: user.id, at: now };
    const [previous] = await tx
      .select()
      .from(serviceConfirmations)
      .where(and(eq(serviceConfirmations.milestoneId, milestoneId), eq(serviceConfirmations.communityId, communityId)))
      .limit(1);
    await tx
      .insert(serviceConfirmations)
      .values({ milestoneId, communityId, ...values })
      .onConflictDoUpdate({ target: [serviceConfirmations.milestoneId, serviceConfirmations.communityId], set: values });
    await appendAudit(tx, {
      actorId: user.id,
      action: input.status === "confirmed" ? "service.confirm" : "service.problem",
      subjectType: "contract",
      subjectId: contractId,
      before: previous ? { status: previous.status, reportRevision: previous.reportRevision } : null,
      after: {
        at: now.toISOString(), milestone: milestone.position, communityId, status: input.status, note: values.note, reportRevision: report.revision },
    });
    return { communityId, reportRevision: report.revision };
  });
}

/** Confirmations that count: those given for the report revision now submitted. */
async function currentConfirmations(db: Queryable, milestoneId: string, revision: number) {
  return db
    .select()
    .from(serviceConfirmations)
    .where(and(eq(serviceConfirmations.milestoneId, milestoneId), eq(serviceConfirmations.reportRevision, revision)));
}

/**
 * The bureau accepts a submitted milestone once a service community has confirmed the current
 * revision of the report (the service really happened) and none has flagged a problem with it —
 * a flagged problem is resolved by returning the report or by the community changing its answer.
 * Not every community need answer: one without staff on the portal must not block the project.
 * Its tranche becomes payable.
 */
export async function acceptMilestone(db: Queryable, user: SessionUser, milestoneId: string, now = new Date()) {
  const contractId = await contractIdOf(db, milestoneId);
  return db.transaction(async (tx) => {
    const contract = await lockOwnContract(tx, user, contractId);
    requireActive(contract);
    const milestone = await lockMilestone(tx, milestoneId);
    if (milestone.status !== "submitted") throw new UserError("progress.refused.notSubmitted");
    const [report] = await tx.select().from(progressReports).where(eq(progressReports.milestoneId, milestoneId)).limit(1);
    const [communities, confirmations] = await Promise.all([serviceCommunities(tx, contractId), currentConfirmations(tx, milestoneId, report.revision)]);
    const flagged = communities.filter((c) => confirmations.some((x) => x.communityId === c.id && x.status === "problem"));
    if (flagged.length) throw new UserError("progress.refused.problem", { vars: { communities: flagged.map((c) => c.nameZh).join("、") } });
    if (!confirmations.some((x) => x.status === "confirmed")) throw new UserError("progress.refused.unconfirmed");
    await tx.update(contractMilestones).set({ status: "accepted", decidedBy: user.id, decidedAt: now, returnReason: null }).where(eq(contractMilestones.id, milestoneId));
    await appendAudit(tx, {
      actorId: user.id,
      action: "milestone.accept",
      subjectType: "contract",
      subjectId: contractId,
      before: { milestone: milestone.position, status: milestone.status },
      after: {
        at: now.toISOString(), milestone: milestone.position, status: "accepted", reportRevision: report.revision },
    });
  });
}

/** The bureau returns a submitted milestone with a reason: the report is the agency's to revise. */
export async function returnMilestone(db: Queryable, user: SessionUser, milestoneId: string, input: ReturnMilestoneInput, now = new Date()) {
  const contractId = await contractIdOf(db, milestoneId);
  return db.transaction(async (tx) => {
    const contract = await lockOwnContract(tx, user, contractId);
    requireActive(contract);
    const milestone = await lockMilestone(tx, milestoneId);
    if (milestone.status !== "submitted") throw new UserError("progress.refused.notSubmitted");
    await tx.update(contractMilestones).set({ status: "returned", returnReason: input.reason, decidedBy: user.id, decidedAt: now }).where(eq(contractMilestones.id, milestoneId));
    const [report] = await tx.update(progressReports).set({ status: "draft" }).where(eq(progressReports.milestoneId, milestoneId)).returning();
    await appendAudit(tx, {
      actorId: user.id,
      action: "milestone.return",
      subjectType: "contract",
      subjectId: contractId,
      before: { milestone: milestone.position, status: milestone.status },
      after: {
        at: now.toISOString(), milestone: milestone.position, status: "returned", reason: input.reason, reportRevision: report.revision },
    });
  });
}
