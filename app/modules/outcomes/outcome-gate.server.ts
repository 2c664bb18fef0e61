/**
 * The gate between outcome evaluation and the final payment tranche (DESIGN §4.7-4.8): the
 * final tranche is payable only once the project's outcome evaluation is complete and graded
 * 合格 or better. Payments ask here; the outcomes module owns the grade.
 */
import { eq } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { outcomeEvaluations } from "#db/schema";

export type FinalTrancheGate =
  | { open: true; grade: "excellent" | "good" | "pass" }
  | { open: false; reason: "outcomes.gate.notCommissioned" | "outcomes.gate.notGraded" | "outcomes.gate.failed" };

export async function finalTrancheGate(db: Queryable, contractId: string): Promise<FinalTrancheGate> {
  const [evaluation] = await db
    .select({ grade: outcomeEvaluations.grade })
    .from(outcomeEvaluations)
    .where(eq(outcomeEvaluations.contractId, contractId))
    .limit(1);
  if (!evaluation) return { open: false, reason: "outcomes.gate.notCommissioned" };
  if (!evaluation.grade) return { open: false, reason: "outcomes.gate.notGraded" };
  if (evaluation.grade === "fail") return { open: false, reason: "outcomes.gate.failed" };
  return { open: true, grade: evaluation.grade };
}
