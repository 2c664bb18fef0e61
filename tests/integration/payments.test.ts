/**
 * Payments (DESIGN §4.2, §4.7, issue 5) against a real database: the first tranche payable once
 * the contract is in force, drawn on the budget line's commitment (a `pay` movement); refusals for
 * an unaccepted milestone, a second payment, a wrong amount or date, the final tranche while the
 * outcome evaluation has not graded the project 合格 or better; completion when every tranche is
 * paid (the needs become served); termination after a partial payment; and, on PostgreSQL,
 * parallel attempts on one tranche recording exactly one payment and never overdrawing the line.
 *
 * The outcome evaluation's grade is written directly (outcome_evaluations), as that module would
 * when the composite is computed: the gate is the outcomes module's, its use is what is tested here.
 */
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditLog, budgetMovements, contracts, needs, outcomeEvaluations, payments, tenderNeeds } from "#db/schema";
import type { SessionUser } from "~/modules/auth/permissions";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { terminateContract } from "~/modules/contracts/contracts.server";
import { contractTranches, recordPayment } from "~/modules/payments/payments.server";
import { UserError } from "~/utils/errors";
import { givenAcceptedMilestone, givenActiveContract, givenDraftContract, type GivenContract } from "../helpers/contracts";
import { isPostgres, refusal, sessionUsers, thrownResponse, useDemoData } from "../helpers/demo";
import { lineRow, YUAN } from "../helpers/procurement";

useDemoData();

let erqi: SessionUser;
let evaluator: SessionUser;

beforeAll(async () => {
  [erqi, evaluator] = await sessionUsers("bureau.erqi", "evaluator.demo");
});

const today = () => shanghaiToday();

function payFor(c: GivenContract, position: number, fields: Partial<{ paidOn: string; amount: number; reference: string }> = {}) {
  const tranche = c.tranches[position];
  return recordPayment(db, c.officer, { trancheId: tranche.id, paidOn: today(), amount: tranche.amount, reference: `HX${position}${Date.now()}`, ...fields });
}

async function statesOf(c: GivenContract) {
  const [contract] = await db.select().from(contracts).where(eq(contracts.id, c.contractId));
  return (await contractTranches(db, contract)).map((t) => (t.state === "paid" || t.state === "payable" ? t.state : `${t.state}: ${t.reason}`));
}

/** The outcome evaluation graded as the outcomes module would record it. */
async function graded(c: GivenContract, grade: "excellent" | "good" | "pass" | "fail" | null) {
  const organizationId = evaluator.grants.find((g) => g.role === "evaluator")!.organizationId!;
  await db.insert(outcomeEvaluations).values({
    contractId: c.contractId,
    evaluatorOrganizationId: organizationId,
    commissionedBy: c.officer.id,
    commissionedAt: new Date(),
    dueOn: today(),
    status: grade ? "submitted" : "commissioned",
    grade,
    compositeScore: grade ? { excellent: 92, good: 85, pass: 70, fail: 50 }[grade] : null,
  });
}

describe("recording payments", () => {
  it("pays the first tranche of a contract in force: the commitment becomes paid, once only", async () => {
    const c = await givenActiveContract();
    expect(await statesOf(c)).toEqual(["payable", "planned: payments.why.awaitingReport", "locked: outcomes.gate.notCommissioned"]);
    expect(await lineRow(c.budgetLineId)).toMatchObject({ committed: 250_000 * YUAN, paid: 0 });

    const { payment, completed } = await payFor(c, 0, { reference: "HX20261101001" });
    expect(completed).toBe(false);
    expect(payment).toMatchObject({ amount: 75_000 * YUAN, paidOn: today(), reference: "HX20261101001", recordedBy: c.officer.id });
    expect(await lineRow(c.budgetLineId)).toMatchObject({ committed: 175_000 * YUAN, paid: 75_000 * YUAN, reserved: 0 });
    const moves = await db
      .select({ kind: budgetMovements.kind, amount: budgetMovements.amount, subjectId: budgetMovements.subjectId })
      .from(budgetMovements)
      .where(and(eq(budgetMovements.budgetLineId, c.budgetLineId), eq(budgetMovements.kind, "pay")));
    expect(moves).toEqual([{ kind: "pay", amount: 75_000 * YUAN, subjectId: c.tenderId }]);
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "payment.record"), eq(auditLog.subjectId, c.contractId)));
    expect(entry.after).toMatchObject({ tranche: 0, amount: 75_000 * YUAN, reference: "HX20261101001" });
    expect(await statesOf(c)).toEqual(["paid", "planned: payments.why.awaitingReport", "locked: outcomes.gate.notCommissioned"]);

    // A second payment of the same tranche is refused, and nothing moves.
    expect((await refusal(payFor(c, 0))).messageKey).toBe("payments.refused.paid");
    expect(await db.select().from(payments).where(eq(payments.contractId, c.contractId))).toHaveLength(1);
    expect(await lineRow(c.budgetLineId)).toMatchObject({ committed: 175_000 * YUAN, paid: 75_000 * YUAN });
  });

  it("refuses an unaccepted milestone's tranche, a wrong amount, a date in the future, and another bureau", async () => {
    const c = await givenActiveContract();
    const unaccepted = await refusal(payFor(c, 1));
    expect(unaccepted).toMatchObject({ messageKey: "payments.refused.notPayable", options: { vars: { why: "payments.why.awaitingReport" } } });
    const wrong = await refusal(payFor(c, 0, { amount: c.tranches[0].amount - 1 }));
    expect(wrong).toMatchObject({ messageKey: "payments.rule.amount", options: { field: "amount" } });
    const future = await refusal(payFor(c, 0, { paidOn: "2099-01-01" }));
    expect(future).toMatchObject({ messageKey: "payments.rule.future", options: { field: "paidOn" } });
    const early = await refusal(payFor(c, 0, { paidOn: "2026-01-01" }));
    expect(early.messageKey).toBe("payments.rule.beforeActive");
    const other = await thrownResponse(recordPayment(db, erqi, { trancheId: c.tranches[0].id, paidOn: today(), amount: c.tranches[0].amount, reference: "X" }));
    expect(other.status).toBe(404);
    expect(await db.select().from(payments).where(eq(payments.contractId, c.contractId))).toEqual([]);
  });

  it("refuses every tranche of a contract not signed by both", async () => {
    const c = await givenDraftContract();
    expect(await statesOf(c)).toEqual(["planned: payments.why.notSigned", "planned: payments.why.notSigned", "planned: payments.why.notSigned"]);
    expect((await refusal(payFor(c, 0))).options.vars).toEqual({ why: "payments.why.notSigned" });
  });

  it("keeps the final tranche locked until the outcome evaluation grades 合格 or better; paying it completes the project", async () => {
    const c = await givenActiveContract();
    await payFor(c, 0);
    await givenAcceptedMilestone(c, 1);
    await payFor(c, 1);
    await givenAcceptedMilestone(c, 2);

    // Accepted, but no evaluation yet; then commissioned but not graded.
    expect((await refusal(payFor(c, 2))).options.vars).toEqual({ why: "outcomes.gate.notCommissioned" });
    await graded(c, null);
    expect((await refusal(payFor(c, 2))).options.vars).toEqual({ why: "outcomes.gate.notGraded" });
    await db.update(outcomeEvaluations).set({ grade: "fail", compositeScore: 55 }).where(eq(outcomeEvaluations.contractId, c.contractId));
    expect((await refusal(payFor(c, 2))).options.vars).toEqual({ why: "outcomes.gate.failed" });
    expect(await statesOf(c)).toEqual(["paid", "paid", "locked: outcomes.gate.failed"]);

    await db.update(outcomeEvaluations).set({ grade: "pass", compositeScore: 72 }).where(eq(outcomeEvaluations.contractId, c.contractId));
    expect(await statesOf(c)).toEqual(["paid", "paid", "payable"]);
    const { completed } = await payFor(c, 2);
    expect(completed).toBe(true);
    const [contract] = await db.select().from(contracts).where(eq(contracts.id, c.contractId));
    expect(contract.status).toBe("completed");
    expect(contract.completedAt).not.toBeNull();
    expect(await lineRow(c.budgetLineId)).toMatchObject({ committed: 0, paid: 250_000 * YUAN, reserved: 0 });
    // The needs the tender answered have been served.
    const served = await db.select({ status: needs.status }).from(tenderNeeds).innerJoin(needs, eq(needs.id, tenderNeeds.needId)).where(eq(tenderNeeds.tenderId, c.tenderId));
    expect(served.map((n) => n.status)).toEqual(["served"]);
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, "payment.record"), eq(auditLog.subjectId, c.contractId))).orderBy(asc(auditLog.seq)).offset(2);
    expect(entry.after).toMatchObject({ status: "completed", tranche: 2 });
    // A completed contract cannot be terminated.
    expect((await refusal(terminateContract(db, c.officer, c.contractId, { reason: "x" }))).messageKey).toBe("contracts.refused.terminate");
  });

  it("terminating after the first payment releases only what was not paid", async () => {
    const c = await givenActiveContract();
    await payFor(c, 0);
    const result = await terminateContract(db, c.officer, c.contractId, { reason: "机构注销，无法继续提供服务" });
    expect(result).toEqual({ paid: 75_000 * YUAN, released: 175_000 * YUAN });
    expect(await lineRow(c.budgetLineId)).toMatchObject({ committed: 0, reserved: 0, paid: 75_000 * YUAN });
    expect(await statesOf(c)).toEqual(["paid", "locked: payments.why.terminated", "locked: payments.why.terminated"]);
    expect((await refusal(payFor(c, 1))).options.vars).toEqual({ why: "payments.why.terminated" });
  });
});

describe("concurrency (PostgreSQL)", () => {
  it.runIf(isPostgres())("ten officers paying one tranche at once record exactly one payment; the line is never overdrawn", async () => {
    expect(isPostgres()).toBe(true);
    const c = await givenActiveContract();
    const [second] = await sessionUsers("bureau2.jinshui");
    const officers = Array.from({ length: 10 }, (_, i) => (i % 2 ? second : c.officer));
    const results = await Promise.allSettled(
      officers.map((officer, i) => recordPayment(db, officer, { trancheId: c.tranches[0].id, paidOn: today(), amount: c.tranches[0].amount, reference: `并发-${i}` })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") {
        expect(r.reason).toBeInstanceOf(UserError);
        expect((r.reason as UserError).messageKey).toBe("payments.refused.paid");
      }
    }
    expect(await db.select().from(payments).where(eq(payments.trancheId, c.tranches[0].id))).toHaveLength(1);
    const line = await lineRow(c.budgetLineId);
    expect(line).toMatchObject({ paid: 75_000 * YUAN, committed: 175_000 * YUAN });
    expect(line.committed).toBeGreaterThanOrEqual(0);
    expect(line.reserved + line.committed + line.paid).toBeLessThanOrEqual(line.amount);
    const pays = await db.select().from(budgetMovements).where(and(eq(budgetMovements.budgetLineId, c.budgetLineId), eq(budgetMovements.kind, "pay")));
    expect(pays).toHaveLength(1);
  });

  it.runIf(isPostgres())("payments of two tranches and a termination racing on one contract never pay more than the amount", async () => {
    const c = await givenActiveContract();
    await givenAcceptedMilestone(c, 1);
    const attempts = await Promise.allSettled([payFor(c, 0), payFor(c, 1), terminateContract(db, c.officer, c.contractId, { reason: "并发终止" }), payFor(c, 0), payFor(c, 1)]);
    for (const r of attempts) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(UserError);
    const paid = (await db.select().from(payments).where(eq(payments.contractId, c.contractId))).reduce((a, p) => a + p.amount, 0);
    const line = await lineRow(c.budgetLineId);
    expect(line.paid).toBe(paid);
    expect(line.committed).toBeGreaterThanOrEqual(0);
    expect(line.paid).toBeLessThanOrEqual(c.amount);
    const [contract] = await db.select().from(contracts).where(eq(contracts.id, c.contractId));
    // Terminated: nothing still committed for it; otherwise the unpaid rest still is.
    expect(line.committed).toBe(contract.status === "terminated" ? 0 : c.amount - paid);
  });
});
