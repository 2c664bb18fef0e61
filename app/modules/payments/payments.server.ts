/**
 * Payments (拨付, DESIGN §4.7): the bureau records the bank transfer of a payable tranche. The
 * amount is the tranche's, drawn on the commitment of the tender's budget line; a tranche is paid
 * once only — the contract's row lock makes a second officer wait and then see the first payment,
 * and the unique index on the tranche backs that up. With every tranche paid the contract is
 * completed and the needs it answered are served.
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { contractMilestones, contracts, needs, paymentTranches, payments, tenderNeeds, tenders } from "#db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import { notFound } from "~/modules/auth/auth.server";
import type { SessionUser } from "~/modules/auth/permissions";
import { pay } from "~/modules/budgets/budgets.server";
import { formatFen } from "~/modules/budgets/money";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { lockOwnContract } from "~/modules/contracts/contracts.server";
import { finalTrancheGate } from "~/modules/outcomes/outcome-gate.server";
import { withUniqueMessages } from "~/utils/db-errors.server";
import { UserError } from "~/utils/errors";
import { isUuid } from "~/utils/form-fields";
import type { PaymentInput } from "./payments-schema";
import { trancheState } from "./tranche-state";

type ContractStatus = (typeof contracts.$inferSelect)["status"];

/** The states of a contract's tranches, in plan order, with what was paid. */
export async function contractTranches(db: Queryable, contract: { id: string; status: ContractStatus }) {
  const rows = await db
    .select({
      id: paymentTranches.id,
      position: paymentTranches.position,
      percentage: paymentTranches.percentage,
      amount: paymentTranches.amount,
      isFinal: paymentTranches.isFinal,
      milestoneId: paymentTranches.milestoneId,
      milestoneName: contractMilestones.name,
      milestoneStatus: contractMilestones.status,
      paymentId: payments.id,
      paidOn: payments.paidOn,
      paidAmount: payments.amount,
      reference: payments.reference,
      recordedAt: payments.recordedAt,
    })
    .from(paymentTranches)
    .innerJoin(contractMilestones, eq(contractMilestones.id, paymentTranches.milestoneId))
    .leftJoin(payments, eq(payments.trancheId, paymentTranches.id))
    .where(eq(paymentTranches.contractId, contract.id))
    .orderBy(paymentTranches.position);
  // Asked only while the final tranche is unpaid: the outcomes module owns the grade.
  const gate = rows.some((r) => r.isFinal && !r.paymentId) ? await finalTrancheGate(db, contract.id) : null;
  return rows.map((r) => ({
    ...r,
    ...trancheState({ contractStatus: contract.status, milestoneStatus: r.milestoneStatus, isFinal: r.isFinal, paid: r.paymentId !== null, gate: r.isFinal ? gate : null }),
  }));
}

/** Needs answered by the tender are served once no contract of the tender is still running. */
async function serveNeedsIfDone(tx: Tx, tenderId: string) {
  const [running] = await tx
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.tenderId, tenderId), inArray(contracts.status, ["draft", "active"])))
    .limit(1);
  if (running) return [];
  const linked = await tx.select({ needId: tenderNeeds.needId }).from(tenderNeeds).where(eq(tenderNeeds.tenderId, tenderId));
  if (linked.length === 0) return [];
  return tx
    .update(needs)
    .set({ status: "served" })
    .where(
      and(
        inArray(
          needs.id,
          linked.map((l) => l.needId),
        ),
        eq(needs.status, "tendered"),
      ),
    )
    .returning({ id: needs.id });
}

/**
 * Records the payment of a payable tranche on the officer's own contract: the amount must be the
 * tranche's, the date not in the future nor before the contract took effect. Paying the final
 * tranche also needs the outcome evaluation's gate open.
 */
export async function recordPayment(db: Queryable, user: SessionUser, input: PaymentInput, now = new Date()) {
  if (!isUuid(input.trancheId)) notFound();
  const [found] = await db.select({ contractId: paymentTranches.contractId }).from(paymentTranches).where(eq(paymentTranches.id, input.trancheId)).limit(1);
  if (!found) notFound();
  const run = () =>
    db.transaction(async (tx) => {
      // The contract's lock serializes payments on it: a second officer waits, then sees the first.
      const contract = await lockOwnContract(tx, user, found.contractId);
      const tranches = await contractTranches(tx, contract);
      const tranche = tranches.find((t) => t.id === input.trancheId)!;
      if (tranche.state === "paid") throw new UserError("payments.refused.paid");
      if (tranche.state !== "payable") throw new UserError("payments.refused.notPayable", { vars: { why: tranche.reason } });
      if (input.amount !== tranche.amount) throw new UserError("payments.rule.amount", { field: "amount", vars: { amount: formatFen(tranche.amount) } });
      const today = shanghaiToday(now);
      if (input.paidOn > today) throw new UserError("payments.rule.future", { field: "paidOn" });
      const activatedOn = contract.activatedAt ? shanghaiToday(contract.activatedAt) : today;
      if (input.paidOn < activatedOn) throw new UserError("payments.rule.beforeActive", { field: "paidOn", vars: { on: activatedOn } });

      const [payment] = await tx
        .insert(payments)
        .values({ trancheId: tranche.id, contractId: contract.id, amount: tranche.amount, paidOn: input.paidOn, reference: input.reference, recordedBy: user.id, recordedAt: now })
        .returning();
      const [tender] = await tx.select({ budgetLineId: tenders.budgetLineId }).from(tenders).where(eq(tenders.id, contract.tenderId)).limit(1);
      await pay(tx, { lineId: tender.budgetLineId, amount: tranche.amount, subjectType: "tender", subjectId: contract.tenderId, actorId: user.id });

      const completed = tranches.every((t) => t.id === tranche.id || t.state === "paid");
      let served: { id: string }[] = [];
      if (completed) {
        await tx.update(contracts).set({ status: "completed", completedAt: now }).where(and(eq(contracts.id, contract.id), ne(contracts.status, "completed")));
        served = await serveNeedsIfDone(tx, contract.tenderId);
      }
      await appendAudit(tx, {
        actorId: user.id,
        action: "payment.record",
        subjectType: "contract",
        subjectId: contract.id,
        before: { status: contract.status },
        after: {
        at: now.toISOString(),
          paymentId: payment.id,
          tranche: tranche.position,
          amount: payment.amount,
          paidOn: payment.paidOn,
          reference: payment.reference,
          status: completed ? "completed" : contract.status,
          ...(served.length ? { needsServed: served.map((n) => n.id) } : {}),
        },
      });
      return { payment, completed };
    });
  return withUniqueMessages(run, { payments_tranche_idx: new UserError("payments.refused.paid") });
}
