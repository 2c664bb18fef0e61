/**
 * The outcome evaluation (绩效评估, DESIGN §4.8): the bureau commissions an independent
 * evaluation organization for an active project; the evaluator works from the project file,
 * records site visits, scores every sub-indicator with a justification and submits (locked
 * after); the agency then sees the scores and may respond in writing; the bureau's purchaser
 * acceptance score closes the review. With the third party's score, the purchaser's and the
 * residents' satisfaction in, the composite and grade are computed with the tender's weights and
 * stored; the grade opens or keeps shut the final tranche (outcome-gate.server.ts) and goes into
 * the organization's credit record (a second 不合格 within 3 years proposes the abnormal list).
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { bids, contracts, outcomeEvaluations, outcomeScores, organizations, siteVisits, tenders, users } from "#db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import { grantsFor, type SessionUser } from "~/modules/auth/permissions";
import { officerBureauId } from "~/modules/budgets/budgets.server";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { proposeAfterFailure } from "~/modules/credit/credit.server";
import { listAttachments, saveAttachments, type UploadedFile } from "~/modules/documents/uploads.server";
import { surveyAnswers, surveyComments, surveyResults } from "~/modules/surveys/surveys.server";
import { UserError } from "~/utils/errors";
import { isUuid } from "~/utils/form-fields";
import { compositeScore, GRADE_CODE_OF, LOW_CONFIDENCE_RESPONSES, satisfactionScore } from "./composite";
import { dimensionTotals } from "./indicators";
import { ensureIndicators, listIndicators } from "./indicators.server";
import { finalTrancheGate } from "./outcome-gate.server";
import type { CommissionInput, OutcomeScoreInput, PurchaserScoreInput, SiteVisitInput } from "./outcomes-schema";
import { loadContractSummary, loadProjectFile } from "./project-file.server";

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

type EvaluationRow = typeof outcomeEvaluations.$inferSelect;
type ContractRow = typeof contracts.$inferSelect;

function organizationIdsOf(user: SessionUser, role: "evaluator" | "agency") {
  return grantsFor(user, role)
    .map((g) => g.organizationId)
    .filter((id): id is string => Boolean(id));
}

// ---------------------------------------------------------------------------------------------
// Scope: the bureau's contract, the evaluator's evaluation, the agency's evaluation
// ---------------------------------------------------------------------------------------------

async function bureauContract(db: Queryable, user: SessionUser, contractId: string, lock = false): Promise<ContractRow> {
  const bureauId = officerBureauId(user);
  if (!isUuid(contractId)) notFound();
  const query = db
    .select()
    .from(contracts)
    .where(and(eq(contracts.id, contractId), eq(contracts.bureauId, bureauId)))
    .limit(1);
  const [contract] = lock ? await query.for("update") : await query;
  if (!contract) notFound();
  return contract;
}

async function evaluationOfContract(db: Queryable, contractId: string, lock = false) {
  const query = db.select().from(outcomeEvaluations).where(eq(outcomeEvaluations.contractId, contractId)).limit(1);
  const [evaluation] = lock ? await query.for("update") : await query;
  return evaluation ?? null;
}

/** An evaluation assigned to one of the user's evaluation organizations (404 for any other). */
async function evaluatorEvaluation(db: Queryable, user: SessionUser, evaluationId: string, lock = false): Promise<EvaluationRow> {
  const mine = organizationIdsOf(user, "evaluator");
  if (!isUuid(evaluationId) || mine.length === 0) notFound();
  const query = db
    .select()
    .from(outcomeEvaluations)
    .where(and(eq(outcomeEvaluations.id, evaluationId), inArray(outcomeEvaluations.evaluatorOrganizationId, mine)))
    .limit(1);
  const [evaluation] = lock ? await query.for("update") : await query;
  if (!evaluation) notFound();
  return evaluation;
}

/** An evaluation of one of the user's agency's contracts (404 for any other). */
async function agencyEvaluation(db: Queryable, user: SessionUser, evaluationId: string, lock = false) {
  const mine = organizationIdsOf(user, "agency");
  if (!isUuid(evaluationId) || mine.length === 0) notFound();
  const query = db
    .select({ evaluation: outcomeEvaluations, organizationId: contracts.organizationId })
    .from(outcomeEvaluations)
    .innerJoin(contracts, eq(contracts.id, outcomeEvaluations.contractId))
    .where(and(eq(outcomeEvaluations.id, evaluationId), inArray(contracts.organizationId, mine)))
    .limit(1);
  const [row] = lock ? await query.for("update", { of: outcomeEvaluations }) : await query;
  if (!row) notFound();
  return row.evaluation;
}

// ---------------------------------------------------------------------------------------------
// Commissioning
// ---------------------------------------------------------------------------------------------

/**
 * The evaluation organizations the bureau may commission for a contract: verified, of the
 * evaluator kind, on neither credit list, and with no stake in the project — not the agency,
 * not an organization that bid on the tender (a withdrawn bid is a stake too).
 */
async function evaluatorCandidates(db: Queryable, contract: Pick<ContractRow, "organizationId" | "tenderId">) {
  const rows = await db
    .select({ id: organizations.id, name: organizations.name, uscc: organizations.uscc })
    .from(organizations)
    .where(and(eq(organizations.kind, "evaluator"), eq(organizations.verificationStatus, "verified"), eq(organizations.creditStatus, "normal")))
    .orderBy(asc(organizations.name));
  const bidders = new Set(
    (await db.select({ organizationId: bids.organizationId }).from(bids).where(eq(bids.tenderId, contract.tenderId))).map((b) => b.organizationId),
  );
  return rows.filter((r) => r.id !== contract.organizationId && !bidders.has(r.id));
}

/** Why an organization cannot evaluate this contract, or null when it can. */
async function stakeRefusal(tx: Tx, contract: ContractRow, organizationId: string) {
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, organizationId)).limit(1);
  if (!org) return "errors.invalidChoice" as const;
  if (org.id === contract.organizationId) return "outcomes.commission.stakeAgency" as const;
  const [bid] = await tx
    .select({ id: bids.id })
    .from(bids)
    .where(and(eq(bids.tenderId, contract.tenderId), eq(bids.organizationId, organizationId)))
    .limit(1);
  if (bid) return "outcomes.commission.stakeBidder" as const;
  if (org.kind !== "evaluator" || org.verificationStatus !== "verified") return "outcomes.commission.notEvaluator" as const;
  if (org.creditStatus !== "normal") return "outcomes.commission.creditListed" as const;
  return null;
}

export async function commissionEvaluation(db: Queryable, user: SessionUser, contractId: string, input: CommissionInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const contract = await bureauContract(tx, user, contractId, true);
    if (contract.status !== "active") throw new UserError("outcomes.commission.notActive", { vars: { status: `outcomes.contractStatus.${contract.status}` } });
    if (await evaluationOfContract(tx, contractId)) throw new UserError("outcomes.commission.already");
    const refusal = await stakeRefusal(tx, contract, input.evaluatorOrganizationId);
    if (refusal) throw new UserError(refusal, { field: "evaluatorOrganizationId" });
    if (input.dueOn <= shanghaiToday(now)) throw new UserError("outcomes.commission.dueInPast", { field: "dueOn" });
    const indicators = await ensureIndicators(tx, contract.tenderId);
    const [evaluation] = await tx
      .insert(outcomeEvaluations)
      .values({ contractId, evaluatorOrganizationId: input.evaluatorOrganizationId, commissionedBy: user.id, commissionedAt: now, dueOn: input.dueOn })
      .returning();
    await appendAudit(tx, {
      actorId: user.id,
      action: "outcome.commission",
      subjectType: "contract",
      subjectId: contractId,
      after: { evaluationId: evaluation.id, evaluatorOrganizationId: input.evaluatorOrganizationId, dueOn: input.dueOn, indicators: indicators.length },
    });
    return evaluation;
  });
}

// ---------------------------------------------------------------------------------------------
// Reading an evaluation
// ---------------------------------------------------------------------------------------------

async function loadScores(db: Queryable, evaluationId: string) {
  return db
    .select({ indicatorId: outcomeScores.indicatorId, score: outcomeScores.score, justification: outcomeScores.justification, evidence: outcomeScores.evidence, updatedAt: outcomeScores.updatedAt })
    .from(outcomeScores)
    .where(eq(outcomeScores.evaluationId, evaluationId));
}

async function loadSiteVisits(db: Queryable, evaluationId: string) {
  const visits = await db
    .select({ id: siteVisits.id, visitedOn: siteVisits.visitedOn, place: siteVisits.place, peopleMet: siteVisits.peopleMet, notes: siteVisits.notes, createdAt: siteVisits.createdAt, by: users.displayName })
    .from(siteVisits)
    .innerJoin(users, eq(users.id, siteVisits.createdBy))
    .where(eq(siteVisits.evaluationId, evaluationId))
    .orderBy(asc(siteVisits.visitedOn), asc(siteVisits.createdAt));
  const photos = await listAttachments(
    db,
    "siteVisit",
    visits.map((v) => v.id),
  );
  return visits.map((v) => ({ ...v, photos: photos.filter((p) => p.ownerId === v.id).map(({ id, filename, size }) => ({ id, filename, size })) }));
}

/** The template with the evaluator's scores, per dimension: what the report and the pages show. */
async function scoredIndicators(db: Queryable, tenderId: string, evaluationId: string) {
  const [indicators, scores] = await Promise.all([listIndicators(db, tenderId), loadScores(db, evaluationId)]);
  const byIndicator = new Map(scores.map((s) => [s.indicatorId, s]));
  const rows = indicators.map((i) => {
    const s = byIndicator.get(i.id);
    return { id: i.id, dimension: i.dimension, name: i.name, maxPoints: i.maxPoints, guidance: i.guidance, score: s?.score ?? null, justification: s?.justification ?? "", evidence: s?.evidence ?? "" };
  });
  const dimensions = dimensionTotals(indicators).map((d) => ({
    ...d,
    score: Math.round(rows.filter((r) => r.dimension === d.dimension).reduce((sum, r) => sum + (r.score ?? 0) * 100, 0)) / 100,
  }));
  return { indicators: rows, dimensions };
}

/** The parts of the review and the grade, as every page shows them. */
function partsOf(evaluation: EvaluationRow, weights: { purchaser: number; thirdParty: number; satisfaction: number }) {
  return {
    status: evaluation.status,
    thirdPartyScore: evaluation.thirdPartyScore,
    submittedAt: evaluation.submittedAt,
    purchaserScore: evaluation.purchaserScore,
    purchaserReasons: evaluation.purchaserReasons,
    purchaserScoredAt: evaluation.purchaserScoredAt,
    satisfactionScore: evaluation.satisfactionScore,
    satisfactionResponses: evaluation.satisfactionResponses,
    satisfactionLowConfidence: evaluation.satisfactionResponses !== null && evaluation.satisfactionResponses < LOW_CONFIDENCE_RESPONSES,
    compositeScore: evaluation.compositeScore,
    grade: evaluation.grade,
    gradedAt: evaluation.gradedAt,
    agencyResponse: evaluation.agencyResponse,
    agencyRespondedAt: evaluation.agencyRespondedAt,
    weights,
  };
}

async function tenderWeights(db: Queryable, tenderId: string) {
  const [tender] = await db
    .select({ purchaser: tenders.weightPurchaser, thirdParty: tenders.weightThirdParty, satisfaction: tenders.weightSatisfaction })
    .from(tenders)
    .where(eq(tenders.id, tenderId))
    .limit(1);
  return tender ?? { purchaser: 30, thirdParty: 40, satisfaction: 30 };
}

async function evaluatorName(db: Queryable, organizationId: string) {
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, organizationId)).limit(1);
  return org?.name ?? "";
}

/** The bureau's outcome page for one of its contracts: commission, follow, score, grade. */
export async function getBureauOutcomePage(db: Queryable, user: SessionUser, contractId: string, now = new Date()) {
  const contract = await bureauContract(db, user, contractId);
  const [summary, projectFile, evaluation, weights, survey, gate] = await Promise.all([
    loadContractSummary(db, contractId),
    loadProjectFile(db, contractId),
    evaluationOfContract(db, contractId),
    tenderWeights(db, contract.tenderId),
    surveyResults(db, contractId),
    finalTrancheGate(db, contractId),
  ]);
  const today = shanghaiToday(now);
  const base = {
    contract: summary!,
    projectFile,
    survey,
    gate,
    today,
    weights,
    canCommission: !evaluation && contract.status === "active",
    candidates: !evaluation && contract.status === "active" ? await evaluatorCandidates(db, contract) : [],
  };
  if (!evaluation) return { ...base, evaluation: null };
  const [scored, visits] = await Promise.all([evaluation.status === "submitted" ? scoredIndicators(db, contract.tenderId, evaluation.id) : null, loadSiteVisits(db, evaluation.id)]);
  return {
    ...base,
    evaluation: {
      id: evaluation.id,
      evaluatorName: await evaluatorName(db, evaluation.evaluatorOrganizationId),
      dueOn: evaluation.dueOn,
      overdue: evaluation.status === "commissioned" && today > evaluation.dueOn,
      commissionedAt: evaluation.commissionedAt,
      ...partsOf(evaluation, weights),
      scored,
      siteVisits: evaluation.status === "submitted" ? visits : [],
      canScorePurchaser: evaluation.purchaserScore === null,
    },
  };
}

/** The evaluator's list: every evaluation assigned to its organization, newest first. */
export async function listEvaluatorEvaluations(db: Queryable, user: SessionUser, now = new Date()) {
  const mine = organizationIdsOf(user, "evaluator");
  if (mine.length === 0) return [];
  const rows = await db
    .select({
      id: outcomeEvaluations.id,
      contractId: outcomeEvaluations.contractId,
      status: outcomeEvaluations.status,
      dueOn: outcomeEvaluations.dueOn,
      commissionedAt: outcomeEvaluations.commissionedAt,
      thirdPartyScore: outcomeEvaluations.thirdPartyScore,
      grade: outcomeEvaluations.grade,
      title: contracts.title,
      number: contracts.number,
      organizationName: organizations.name,
    })
    .from(outcomeEvaluations)
    .innerJoin(contracts, eq(contracts.id, outcomeEvaluations.contractId))
    .innerJoin(organizations, eq(organizations.id, contracts.organizationId))
    .where(inArray(outcomeEvaluations.evaluatorOrganizationId, mine))
    .orderBy(desc(outcomeEvaluations.commissionedAt));
  const today = shanghaiToday(now);
  return rows.map((r) => ({ ...r, overdue: r.status === "commissioned" && today > r.dueOn }));
}

/** The evaluator's workspace: the project file, site visits, evidence, the score sheet. */
export async function getEvaluatorWorkspace(db: Queryable, user: SessionUser, evaluationId: string, now = new Date()) {
  const evaluation = await evaluatorEvaluation(db, user, evaluationId);
  const summary = (await loadContractSummary(db, evaluation.contractId))!;
  const [projectFile, scored, visits, evidence, survey, comments, weights] = await Promise.all([
    loadProjectFile(db, evaluation.contractId),
    scoredIndicators(db, summary.tenderId, evaluation.id),
    loadSiteVisits(db, evaluation.id),
    listAttachments(db, "outcomeEvaluation", [evaluation.id]),
    surveyResults(db, evaluation.contractId),
    surveyComments(db, evaluation.contractId),
    tenderWeights(db, summary.tenderId),
  ]);
  const today = shanghaiToday(now);
  return {
    evaluation: { id: evaluation.id, dueOn: evaluation.dueOn, overdue: evaluation.status === "commissioned" && today > evaluation.dueOn, commissionedAt: evaluation.commissionedAt, ...partsOf(evaluation, weights) },
    locked: evaluation.status === "submitted",
    contract: summary,
    projectFile,
    ...scored,
    siteVisits: visits,
    evidence: evidence.map(({ id, filename, size }) => ({ id, filename, size })),
    survey,
    comments,
    today,
  };
}

/** The score sheet's max points in template order, for the route's schema. */
export async function evaluationMaxPoints(db: Queryable, user: SessionUser, evaluationId: string) {
  const evaluation = await evaluatorEvaluation(db, user, evaluationId);
  const [contract] = await db.select({ tenderId: contracts.tenderId }).from(contracts).where(eq(contracts.id, evaluation.contractId)).limit(1);
  return (await listIndicators(db, contract.tenderId)).map((i) => i.maxPoints);
}

// ---------------------------------------------------------------------------------------------
// The evaluator's work
// ---------------------------------------------------------------------------------------------

function requireOpen(evaluation: EvaluationRow, field?: string) {
  if (evaluation.status !== "commissioned") throw new UserError("outcomes.refused.submitted", field ? { field } : {});
}

/** A site visit with its photos (checked by content on upload), until the evaluation is submitted. */
export async function recordSiteVisit(db: Queryable, user: SessionUser, evaluationId: string, input: SiteVisitInput, photos: readonly UploadedFile[] = [], now = new Date()) {
  return db.transaction(async (tx) => {
    const evaluation = await evaluatorEvaluation(tx, user, evaluationId, true);
    requireOpen(evaluation, "visitedOn");
    if (input.visitedOn > shanghaiToday(now)) throw new UserError("outcomes.visit.future", { field: "visitedOn" });
    const [visit] = await tx
      .insert(siteVisits)
      .values({ evaluationId, visitedOn: input.visitedOn, place: input.place, peopleMet: input.peopleMet, notes: input.notes, createdBy: user.id, createdAt: now })
      .returning();
    const saved = await saveAttachments(tx, { ownerType: "siteVisit", ownerId: visit.id, files: photos, uploadedBy: user.id });
    await appendAudit(tx, {
      actorId: user.id,
      action: "outcome.siteVisit",
      subjectType: "outcome_evaluation",
      subjectId: evaluationId,
      after: { siteVisitId: visit.id, visitedOn: input.visitedOn, place: input.place, photos: saved.map((p) => ({ id: p.id, sha256: p.sha256 })) },
    });
    return visit;
  });
}

/** Evidence documents for the evaluation (survey sheets, records consulted), until it is submitted. */
export async function addEvidence(db: Queryable, user: SessionUser, evaluationId: string, files: readonly UploadedFile[], now = new Date()) {
  return db.transaction(async (tx) => {
    const evaluation = await evaluatorEvaluation(tx, user, evaluationId, true);
    requireOpen(evaluation, "evidenceFiles");
    if (files.length === 0) throw new UserError("outcomes.evidence.none.error", { field: "evidenceFiles" });
    const saved = await saveAttachments(tx, { ownerType: "outcomeEvaluation", ownerId: evaluationId, files, uploadedBy: user.id });
    await appendAudit(tx, {
      actorId: user.id,
      action: "outcome.addEvidence",
      subjectType: "outcome_evaluation",
      subjectId: evaluationId,
      after: { files: saved.map((f) => ({ id: f.id, filename: f.filename, sha256: f.sha256 })), at: now },
    });
    return saved;
  });
}

/**
 * Saves the evaluator's sheet; `final` submits it. A submitted sheet is locked: its scores are
 * what the agency answers to and the report publishes. The third-party score is the sum of the
 * sub-indicator scores (out of 100).
 */
export async function saveOutcomeScores(db: Queryable, user: SessionUser, evaluationId: string, input: OutcomeScoreInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const evaluation = await evaluatorEvaluation(tx, user, evaluationId, true);
    requireOpen(evaluation);
    const [contract] = await tx.select({ tenderId: contracts.tenderId }).from(contracts).where(eq(contracts.id, evaluation.contractId)).limit(1);
    const indicators = await listIndicators(tx, contract.tenderId);
    if (input.scores.length !== indicators.length) throw new UserError("outcomes.score.mismatch");
    const rows = input.scores.map((row, index) => {
      const indicator = indicators[index];
      if (row.indicatorId !== indicator.id) throw new UserError("outcomes.score.mismatch");
      const score = row.score === undefined ? null : Number(row.score);
      if (score !== null && score > indicator.maxPoints) throw new UserError("outcomes.score.range", { field: `scores.${index}.score`, vars: { max: indicator.maxPoints } });
      if (input.final && (score === null || !row.justification)) throw new UserError("outcomes.score.incomplete");
      return { indicatorId: indicator.id, score, justification: row.justification ?? "", evidence: row.evidence ?? null };
    });
    await tx.delete(outcomeScores).where(eq(outcomeScores.evaluationId, evaluationId));
    const kept = rows.filter((r): r is typeof r & { score: number } => r.score !== null);
    if (kept.length) await tx.insert(outcomeScores).values(kept.map((r) => ({ evaluationId, ...r, updatedAt: now })));
    // Sum in hundredths: the sheet's scores have at most two decimals.
    const total = kept.reduce((sum, r) => sum + Math.round(r.score * 100), 0) / 100;
    if (input.final) {
      await tx.update(outcomeEvaluations).set({ status: "submitted", thirdPartyScore: total, submittedBy: user.id, submittedAt: now }).where(eq(outcomeEvaluations.id, evaluationId));
    }
    await appendAudit(tx, {
      actorId: user.id,
      action: input.final ? "outcome.submitScores" : "outcome.saveScores",
      subjectType: "outcome_evaluation",
      subjectId: evaluationId,
      before: { status: evaluation.status },
      after: { status: input.final ? "submitted" : "commissioned", scores: kept.map((r) => ({ indicatorId: r.indicatorId, score: r.score })), ...(input.final ? { thirdPartyScore: total } : {}) },
    });
    return { submitted: input.final, total };
  });
}

// ---------------------------------------------------------------------------------------------
// The agency
// ---------------------------------------------------------------------------------------------

/** The agency's evaluations: its projects under evaluation, with scores once submitted. */
export async function listAgencyEvaluations(db: Queryable, user: SessionUser) {
  const mine = organizationIdsOf(user, "agency");
  if (mine.length === 0) return [];
  return db
    .select({
      id: outcomeEvaluations.id,
      contractId: contracts.id,
      title: contracts.title,
      number: contracts.number,
      status: outcomeEvaluations.status,
      dueOn: outcomeEvaluations.dueOn,
      thirdPartyScore: outcomeEvaluations.thirdPartyScore,
      compositeScore: outcomeEvaluations.compositeScore,
      grade: outcomeEvaluations.grade,
      responded: sql<boolean>`${outcomeEvaluations.agencyResponse} is not null`,
      evaluatorName: organizations.name,
    })
    .from(outcomeEvaluations)
    .innerJoin(contracts, eq(contracts.id, outcomeEvaluations.contractId))
    .innerJoin(organizations, eq(organizations.id, outcomeEvaluations.evaluatorOrganizationId))
    .where(inArray(contracts.organizationId, mine))
    .orderBy(desc(outcomeEvaluations.commissionedAt));
}

/** What the agency sees: nothing of the scores until the evaluator submits; then all of them. */
export async function getAgencyOutcome(db: Queryable, user: SessionUser, evaluationId: string) {
  const evaluation = await agencyEvaluation(db, user, evaluationId);
  const summary = (await loadContractSummary(db, evaluation.contractId))!;
  const [weights, evaluator, survey] = await Promise.all([tenderWeights(db, summary.tenderId), evaluatorName(db, evaluation.evaluatorOrganizationId), surveyResults(db, evaluation.contractId)]);
  const submitted = evaluation.status === "submitted";
  return {
    evaluation: { id: evaluation.id, dueOn: evaluation.dueOn, evaluatorName: evaluator, ...partsOf(evaluation, weights), ...(submitted ? {} : { thirdPartyScore: null }) },
    contract: summary,
    scored: submitted ? await scoredIndicators(db, summary.tenderId, evaluation.id) : null,
    siteVisits: submitted ? (await loadSiteVisits(db, evaluation.id)).map(({ photos: _photos, ...v }) => v) : [],
    survey: { responses: survey.responses, issued: survey.issued, rate: survey.rate, score: survey.score, lowConfidence: survey.lowConfidence },
    canRespond: submitted && evaluation.agencyResponse === null,
  };
}

/** The agency's written response, once, after the evaluator submitted; published with the report. */
export async function respondToEvaluation(db: Queryable, user: SessionUser, evaluationId: string, response: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const evaluation = await agencyEvaluation(tx, user, evaluationId, true);
    if (evaluation.status !== "submitted") throw new UserError("outcomes.response.notYet", { field: "response" });
    if (evaluation.agencyResponse !== null) throw new UserError("outcomes.response.already", { field: "response" });
    await tx.update(outcomeEvaluations).set({ agencyResponse: response, agencyRespondedAt: now }).where(eq(outcomeEvaluations.id, evaluationId));
    await appendAudit(tx, { actorId: user.id, action: "outcome.agencyResponse", subjectType: "outcome_evaluation", subjectId: evaluationId, after: { response } });
  });
}

// ---------------------------------------------------------------------------------------------
// The purchaser's score and the grade
// ---------------------------------------------------------------------------------------------

/**
 * The bureau's purchaser acceptance score (购买方验收) closes the review: it needs the third
 * party's submitted score and at least one survey answer. The satisfaction result is taken as
 * it stands, the composite computed with the tender's weights and the grade stored, all in
 * this transaction; the survey closes with it.
 */
export async function scorePurchaser(db: Queryable, user: SessionUser, contractId: string, input: PurchaserScoreInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const contract = await bureauContract(tx, user, contractId, true);
    const evaluation = await evaluationOfContract(tx, contractId, true);
    if (!evaluation) throw new UserError("outcomes.purchaser.notCommissioned", { field: "score" });
    if (evaluation.purchaserScore !== null) throw new UserError("outcomes.purchaser.already", { field: "score" });
    if (evaluation.status !== "submitted" || evaluation.thirdPartyScore === null) throw new UserError("outcomes.purchaser.waitThirdParty", { field: "score" });
    const satisfaction = satisfactionScore(await surveyAnswers(tx, contractId));
    if (satisfaction.responses === 0) throw new UserError("outcomes.purchaser.noResponses", { field: "score" });
    const purchaser = Number(input.score);
    const weights = await tenderWeights(tx, contract.tenderId);
    const { score, grade } = compositeScore({ purchaser, thirdParty: evaluation.thirdPartyScore, satisfaction: satisfaction.score }, weights);
    const code = GRADE_CODE_OF[grade];
    const [graded] = await tx
      .update(outcomeEvaluations)
      .set({
        purchaserScore: purchaser,
        purchaserReasons: input.reasons,
        purchaserScoredBy: user.id,
        purchaserScoredAt: now,
        satisfactionScore: satisfaction.score,
        satisfactionResponses: satisfaction.responses,
        compositeScore: score,
        grade: code,
        gradedAt: now,
      })
      .where(eq(outcomeEvaluations.id, evaluation.id))
      .returning();
    await appendAudit(tx, {
      actorId: user.id,
      action: "outcome.grade",
      subjectType: "outcome_evaluation",
      subjectId: evaluation.id,
      after: {
        contractId,
        purchaserScore: purchaser,
        reasons: input.reasons,
        thirdPartyScore: evaluation.thirdPartyScore,
        satisfactionScore: satisfaction.score,
        satisfactionResponses: satisfaction.responses,
        weights,
        compositeScore: score,
        grade: code,
      },
    });
    if (code === "fail") await proposeAfterFailure(tx, contract.organizationId, now);
    return graded;
  });
}

// ---------------------------------------------------------------------------------------------
// Public
// ---------------------------------------------------------------------------------------------

/**
 * The outcome as the public project page shows it: who evaluates and by when; once graded,
 * the three parts, the composite and grade, the survey aggregates and the agency's response.
 * Null when no evaluation was commissioned.
 */
export async function getPublicOutcome(db: Queryable, contractId: string) {
  if (!isUuid(contractId)) return null;
  const evaluation = await evaluationOfContract(db, contractId);
  if (!evaluation) return null;
  const [contract] = await db.select({ tenderId: contracts.tenderId }).from(contracts).where(eq(contracts.id, contractId)).limit(1);
  const [weights, evaluator, survey] = await Promise.all([tenderWeights(db, contract.tenderId), evaluatorName(db, evaluation.evaluatorOrganizationId), surveyResults(db, contractId)]);
  const graded = evaluation.grade !== null;
  return {
    evaluationId: evaluation.id,
    evaluatorName: evaluator,
    dueOn: evaluation.dueOn,
    graded,
    parts: graded ? partsOf(evaluation, weights) : null,
    dimensions: graded ? (await scoredIndicators(db, contract.tenderId, evaluation.id)).dimensions : [],
    survey: { responses: survey.responses, issued: survey.issued, rate: survey.rate, lowConfidence: survey.lowConfidence },
  };
}
export type PublicOutcome = NonNullable<Awaited<ReturnType<typeof getPublicOutcome>>>;

/** For the report PDF: everything of a graded evaluation. Null until graded. */
export async function loadOutcomeReport(db: Queryable, contractId: string) {
  if (!isUuid(contractId)) return null;
  const evaluation = await evaluationOfContract(db, contractId);
  if (!evaluation?.grade) return null;
  const summary = (await loadContractSummary(db, contractId))!;
  const [projectFile, scored, visits, survey, weights, evaluator, [tender]] = await Promise.all([
    loadProjectFile(db, contractId),
    scoredIndicators(db, summary.tenderId, evaluation.id),
    loadSiteVisits(db, evaluation.id),
    surveyResults(db, contractId),
    tenderWeights(db, summary.tenderId),
    evaluatorName(db, evaluation.evaluatorOrganizationId),
    db.select({ title: tenders.title }).from(tenders).where(eq(tenders.id, summary.tenderId)).limit(1),
  ]);
  return { evaluation: { ...partsOf(evaluation, weights), evaluatorName: evaluator, dueOn: evaluation.dueOn, commissionedAt: evaluation.commissionedAt }, contract: summary, tenderTitle: tender?.title ?? "", projectFile, ...scored, siteVisits: visits, survey };
}


/** The bureau's contract with the scope of its outcome page (404 otherwise), for an action to check before it validates. */
export async function requireBureauContract(db: Queryable, user: SessionUser, contractId: string): Promise<ContractRow> {
  return bureauContract(db, user, contractId);
}

/** An evaluation of the agency's contract with the scope of its outcome page (404 otherwise), for an action to check before it validates. */
export async function requireAgencyEvaluation(db: Queryable, user: SessionUser, evaluationId: string): Promise<EvaluationRow> {
  return agencyEvaluation(db, user, evaluationId);
}
