/**
 * Payment tranches and contract dates (DESIGN §4.7): amounts in fen split by the payment plan's
 * percentages with the last tranche taking the rounding remainder, the state of each tranche
 * (planned, payable, paid, locked and why), the service period and the milestones' due dates.
 */
import { describe, expect, it } from "vitest";
import { splitByPercentages } from "~/modules/budgets/money";
import { addMonths, contractNumber, milestoneDueDates, periodWithinTender, servicePeriodEnd } from "~/modules/contracts/contract-rules";
import { trancheState, type TrancheFacts } from "~/modules/payments/tranche-state";

describe("tranche amounts: the last tranche takes the rounding remainder", () => {
  it.each([
    // ¥250,000.01 at 30/40/30: 7,500,000.3 and 10,000,000.4 fen round down; the last gets 7,500,001.
    [25_000_001, [30, 40, 30], [7_500_000, 10_000_000, 7_500_001]],
    // ¥1.00 in thirds that are not thirds: 33 + 33 + 34.
    [100, [33, 33, 34], [33, 33, 34]],
    // 1 fen at 30/40/30: nothing to the first two, all of it to the last.
    [1, [30, 40, 30], [0, 0, 1]],
    // ¥99.99 at 30/40/30: 2,999.7 → 2,999; 3,999.6 → 3,999; the rest 3,001.
    [9_999, [30, 40, 30], [2_999, 3_999, 3_001]],
    // The default plan on the demo's ¥1,096,000 award: exact, no remainder.
    [109_600_000, [30, 40, 30], [32_880_000, 43_840_000, 32_880_000]],
    [12_345, [100], [12_345]],
    [0, [50, 50], [0, 0]],
  ])("%d fen by %j → %j", (total, percentages, expected) => {
    const shares = splitByPercentages(total, percentages);
    expect(shares).toEqual(expected);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it("always sums exactly to the amount, shares never negative, for every amount up to ¥100 and a large one", () => {
    for (const percentages of [
      [30, 40, 30],
      [33, 33, 34],
      [10, 20, 30, 40],
      [1, 1, 98],
    ]) {
      for (let total = 0; total <= 10_000; total += 1) {
        const shares = splitByPercentages(total, percentages);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        expect(shares.every((s) => s >= 0)).toBe(true);
      }
    }
    // ¥90 trillion: total × percentage would pass 2^53; the split stays exact.
    const big = 9_000_000_000_000_001;
    expect(splitByPercentages(big, [30, 40, 30])).toEqual([2_700_000_000_000_000, 3_600_000_000_000_000, 2_700_000_000_000_001]);
  });

  it("refuses percentages that do not sum to 100 and amounts that are not fen", () => {
    expect(() => splitByPercentages(100, [30, 40])).toThrow(RangeError);
    expect(() => splitByPercentages(100, [30.5, 69.5])).toThrow(RangeError);
    expect(() => splitByPercentages(10.5, [100])).toThrow(RangeError);
    expect(() => splitByPercentages(-1, [100])).toThrow(RangeError);
  });
});

describe("tranche state: planned, payable, paid, locked — and why", () => {
  const base: TrancheFacts = { contractStatus: "active", milestoneStatus: "accepted", isFinal: false, paid: false, gate: null };
  const closed = { open: false as const, reason: "outcomes.gate.notGraded" as const };

  it.each<[string, Partial<TrancheFacts>, ReturnType<typeof trancheState>]>([
    ["paid stays paid, whatever else", { paid: true, contractStatus: "terminated" }, { state: "paid" }],
    ["an accepted milestone on a contract in force is payable", {}, { state: "payable" }],
    ["before both signatures: planned", { contractStatus: "draft", milestoneStatus: "pending" }, { state: "planned", reason: "payments.why.notSigned" }],
    ["no report yet", { milestoneStatus: "pending" }, { state: "planned", reason: "payments.why.awaitingReport" }],
    ["report submitted, not accepted", { milestoneStatus: "submitted" }, { state: "planned", reason: "payments.why.awaitingAcceptance" }],
    ["report returned", { milestoneStatus: "returned" }, { state: "planned", reason: "payments.why.returned" }],
    ["terminated: locked for good", { contractStatus: "terminated" }, { state: "locked", reason: "payments.why.terminated" }],
    ["final, accepted, evaluation not graded: locked with the gate's reason", { isFinal: true, gate: closed }, { state: "locked", reason: "outcomes.gate.notGraded" }],
    ["final, not even reported, gate closed: the gate's reason first", { isFinal: true, milestoneStatus: "pending", gate: closed }, { state: "locked", reason: "outcomes.gate.notGraded" }],
    ["final, gate open, milestone accepted: payable", { isFinal: true, gate: { open: true, grade: "pass" } }, { state: "payable" }],
    ["final, gate open, report pending: planned", { isFinal: true, milestoneStatus: "pending", gate: { open: true, grade: "good" } }, { state: "planned", reason: "payments.why.awaitingReport" }],
  ])("%s", (_name, facts, expected) => {
    expect(trancheState({ ...base, ...facts })).toEqual(expected);
  });

  it("never calls the final tranche payable without asking the outcome gate", () => {
    expect(() => trancheState({ ...base, isFinal: true, gate: null })).toThrow();
  });
});

describe("service period and milestone dates", () => {
  it("a 12-month period from 2026-12-01 ends on 2027-11-30; month ends clamp", () => {
    expect(servicePeriodEnd("2026-12-01", 12)).toBe("2027-11-30");
    expect(servicePeriodEnd("2026-03-15", 6)).toBe("2026-09-14");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2027-11-30", 3)).toBe("2028-02-29");
    expect(servicePeriodEnd("2026-01-31", 1)).toBe("2026-02-27");
  });

  it("milestones fall on the start, evenly between, and on the end", () => {
    expect(milestoneDueDates("2026-12-01", "2027-11-30", 3)).toEqual(["2026-12-01", "2027-06-01", "2027-11-30"]);
    expect(milestoneDueDates("2026-01-01", "2026-01-31", 4)).toEqual(["2026-01-01", "2026-01-11", "2026-01-21", "2026-01-31"]);
    expect(milestoneDueDates("2026-01-01", "2026-06-30", 1)).toEqual(["2026-06-30"]);
  });

  it("a contract may not run longer than the tender's period", () => {
    expect(periodWithinTender("2026-12-01", "2027-11-30", 12)).toBe(true);
    expect(periodWithinTender("2026-12-01", "2027-12-01", 12)).toBe(false);
    expect(periodWithinTender("2026-12-01", "2026-12-01", 12)).toBe(false);
  });

  it("numbers contracts by district and year", () => {
    expect(contractNumber("金水区", 2026, 7)).toBe("金水民政购〔2026〕7号");
    expect(contractNumber("管城回族区", 2026, 1)).toBe("管城民政购〔2026〕1号");
  });
});
