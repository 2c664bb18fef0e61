/**
 * The tender's outcome-indicator template (DESIGN §4.8). Each new tender gets the default
 * template in the transaction that creates it; a tender made before templates existed gets it
 * the first time it is needed (ensureIndicators). The bureau edits the template while the
 * tender is a draft; once published the template is part of what bidders were promised.
 */
import { and, asc, eq, notExists, sql } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { outcomeIndicators, outcomeScores, tenders } from "#db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import type { SessionUser } from "~/modules/auth/permissions";
import { officerBureauId } from "~/modules/budgets/budgets.server";
import { can, tenderPhase } from "~/modules/tenders/tender-states";
import { UserError } from "~/utils/errors";
import { isUuid } from "~/utils/form-fields";
import { DEFAULT_INDICATORS, dimensionTotals, type IndicatorSpec } from "./indicators";
import type { IndicatorTemplateInput } from "./outcomes-schema";

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

async function insertIndicators(tx: Queryable, tenderId: string, indicators: readonly IndicatorSpec[]) {
  await tx.insert(outcomeIndicators).values(indicators.map((i, position) => ({ tenderId, position, dimension: i.dimension, name: i.name, maxPoints: i.maxPoints, guidance: i.guidance })));
}

/** The default template for a new tender, inside the transaction that creates it. */
export async function createDefaultIndicators(tx: Tx, tenderId: string) {
  await insertIndicators(tx, tenderId, DEFAULT_INDICATORS);
}

/** A copied tender keeps its source's template. */
export async function copyIndicators(tx: Tx, fromTenderId: string, toTenderId: string) {
  const source = await listIndicators(tx, fromTenderId);
  await insertIndicators(tx, toTenderId, source.length ? source : DEFAULT_INDICATORS);
}

export async function listIndicators(db: Queryable, tenderId: string) {
  return db.select().from(outcomeIndicators).where(eq(outcomeIndicators.tenderId, tenderId)).orderBy(asc(outcomeIndicators.position));
}

/**
 * The tender's template, giving a tender that has none the default (tenders created before
 * templates existed). Idempotent under concurrency: the tender row is locked first.
 */
export async function ensureIndicators(tx: Tx, tenderId: string) {
  const existing = await listIndicators(tx, tenderId);
  if (existing.length) return existing;
  await tx.select({ id: tenders.id }).from(tenders).where(eq(tenders.id, tenderId)).for("update");
  const again = await listIndicators(tx, tenderId);
  if (again.length) return again;
  await createDefaultIndicators(tx, tenderId);
  await appendAudit(tx, { actorId: null, action: "tender.defaultIndicators", subjectType: "tender", subjectId: tenderId, after: { indicators: DEFAULT_INDICATORS.length } });
  return listIndicators(tx, tenderId);
}

/** Gives every tender without a template the default one (used by the demo seed). */
export async function backfillIndicators(tx: Tx) {
  const missing = await tx
    .select({ id: tenders.id })
    .from(tenders)
    .where(notExists(tx.select({ id: outcomeIndicators.id }).from(outcomeIndicators).where(eq(outcomeIndicators.tenderId, sql.raw('"tenders"."id"')))));
  for (const { id } of missing) await createDefaultIndicators(tx, id);
  return missing.length;
}

async function ownTender(db: Queryable, user: SessionUser, tenderId: string, lock: boolean) {
  const bureauId = officerBureauId(user);
  if (!isUuid(tenderId)) notFound();
  const query = db
    .select()
    .from(tenders)
    .where(and(eq(tenders.id, tenderId), eq(tenders.bureauId, bureauId)))
    .limit(1);
  const [tender] = lock ? await query.for("update") : await query;
  if (!tender) notFound();
  return tender;
}

/** The officer's template page: the indicators, the totals per dimension, whether it may change. */
export async function getIndicatorTemplatePage(db: Queryable, user: SessionUser, tenderId: string, now = new Date()) {
  const tender = await ownTender(db, user, tenderId, false);
  const indicators = await db.transaction((tx) => ensureIndicators(tx, tenderId));
  return {
    tender: { id: tender.id, title: tender.title, status: tender.status },
    phase: tenderPhase(tender, now),
    editable: can(tender, "edit", now),
    indicators: indicators.map(({ id, dimension, name, maxPoints, guidance }) => ({ id, dimension, name, maxPoints, guidance })),
    dimensions: dimensionTotals(indicators),
  };
}

/**
 * Replaces the template of the officer's draft tender. Refused once the tender is published:
 * bidders priced their bids against the published template.
 */
export async function saveIndicatorTemplate(db: Queryable, user: SessionUser, tenderId: string, input: IndicatorTemplateInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const tender = await ownTender(tx, user, tenderId, true);
    if (!can(tender, "edit", now)) throw new UserError("outcomes.indicators.locked", { field: "indicators", vars: { phase: `tenders.phase.${tenderPhase(tender, now)}` } });
    const before = await listIndicators(tx, tenderId);
    // A draft tender has no contract, so no evaluation has scored these rows.
    const [scored] = before.length
      ? await tx.select({ id: outcomeScores.indicatorId }).from(outcomeScores).innerJoin(outcomeIndicators, eq(outcomeIndicators.id, outcomeScores.indicatorId)).where(eq(outcomeIndicators.tenderId, tenderId)).limit(1)
      : [];
    if (scored) throw new UserError("outcomes.indicators.locked", { field: "indicators", vars: { phase: `tenders.phase.${tenderPhase(tender, now)}` } });
    await tx.delete(outcomeIndicators).where(eq(outcomeIndicators.tenderId, tenderId));
    await insertIndicators(tx, tenderId, input.indicators);
    await appendAudit(tx, {
      actorId: user.id,
      action: "tender.editIndicators",
      subjectType: "tender",
      subjectId: tenderId,
      before: { indicators: before.map(({ dimension, name, maxPoints }) => ({ dimension, name, maxPoints })) },
      after: { indicators: input.indicators },
    });
    return listIndicators(tx, tenderId);
  });
}
