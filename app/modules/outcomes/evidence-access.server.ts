/**
 * Who may download an evaluation's evidence files and site-visit photos: photos show people and
 * places, so never the public. The evaluator organization's members while they work, the
 * officers of the purchasing bureau, and the agency once the evaluation is submitted (it answers
 * to what the evaluator relied on).
 */
import { eq } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { contracts, outcomeEvaluations, siteVisits } from "#db/schema";
import { grantsFor, type SessionUser } from "~/modules/auth/permissions";

async function mayReadEvaluationFiles(db: Queryable, user: SessionUser | null, evaluationId: string) {
  if (!user) return false;
  const [row] = await db
    .select({ evaluatorId: outcomeEvaluations.evaluatorOrganizationId, status: outcomeEvaluations.status, bureauId: contracts.bureauId, agencyId: contracts.organizationId })
    .from(outcomeEvaluations)
    .innerJoin(contracts, eq(contracts.id, outcomeEvaluations.contractId))
    .where(eq(outcomeEvaluations.id, evaluationId))
    .limit(1);
  if (!row) return false;
  return (
    grantsFor(user, "evaluator").some((g) => g.organizationId === row.evaluatorId) ||
    grantsFor(user, "bureau").some((g) => g.bureauId === row.bureauId) ||
    (row.status === "submitted" && grantsFor(user, "agency").some((g) => g.organizationId === row.agencyId))
  );
}

export async function mayReadEvaluationEvidence(db: Queryable, user: SessionUser | null, evaluationId: string) {
  return mayReadEvaluationFiles(db, user, evaluationId);
}

export async function mayReadSiteVisitPhoto(db: Queryable, user: SessionUser | null, siteVisitId: string) {
  if (!user) return false;
  const [visit] = await db.select({ evaluationId: siteVisits.evaluationId }).from(siteVisits).where(eq(siteVisits.id, siteVisitId)).limit(1);
  return Boolean(visit) && mayReadEvaluationFiles(db, user, visit.evaluationId);
}
