/**
 * The state of a payment tranche (付款节点) as the project pages show it and the payment command
 * checks it (DESIGN §4.7): paid; payable once its milestone is accepted on a contract in force
 * (the first, on signing, is met by both signatures); the final tranche also waits for the outcome
 * evaluation graded 合格 or better. Every state that is not payable says why.
 */
import type { FinalTrancheGate } from "~/modules/outcomes/outcome-gate.server";

export type ClosedGateReason = Extract<FinalTrancheGate, { open: false }>["reason"];

export type TrancheState =
  | { state: "paid" }
  | { state: "payable" }
  | { state: "planned"; reason: "payments.why.notSigned" | "payments.why.awaitingReport" | "payments.why.awaitingAcceptance" | "payments.why.returned" }
  | { state: "locked"; reason: "payments.why.terminated" | ClosedGateReason };

export interface TrancheFacts {
  contractStatus: "draft" | "active" | "completed" | "terminated";
  milestoneStatus: "pending" | "submitted" | "returned" | "accepted";
  isFinal: boolean;
  paid: boolean;
  /** The outcome gate, for the final tranche (null: not asked, for any other tranche). */
  gate: FinalTrancheGate | null;
}

export function trancheState(t: TrancheFacts): TrancheState {
  if (t.paid) return { state: "paid" };
  if (t.contractStatus === "terminated") return { state: "locked", reason: "payments.why.terminated" };
  if (t.contractStatus === "draft") return { state: "planned", reason: "payments.why.notSigned" };
  // The final tranche says what holds it first: the evaluation is the longer wait.
  if (t.isFinal && t.gate && !t.gate.open) return { state: "locked", reason: t.gate.reason };
  if (t.milestoneStatus === "pending") return { state: "planned", reason: "payments.why.awaitingReport" };
  if (t.milestoneStatus === "submitted") return { state: "planned", reason: "payments.why.awaitingAcceptance" };
  if (t.milestoneStatus === "returned") return { state: "planned", reason: "payments.why.returned" };
  if (t.isFinal && !t.gate) throw new Error("the final tranche's state needs the outcome gate");
  return { state: "payable" };
}
