import { describe, expect, it } from "vitest";
import { available, groupByFiscalYear, sumFigures } from "~/modules/budgets/budget-figures";
import { budgetLineSchema } from "~/modules/budgets/budgets-schema";
import { fenToYuanString, formatFen, parseYuan, splitByPercentages } from "~/modules/budgets/money";

describe("parseYuan: the yuan a person types, read as integer fen", () => {
  it.each([
    ["1500000", 150_000_000],
    ["1,500,000", 150_000_000],
    ["1,234.56", 123_456],
    ["1，234.56", 123_456],
    ["¥1,234.56", 123_456],
    ["￥1234.5", 123_450],
    ["¥ 1234.50 ", 123_450],
    ["1234.56元", 123_456],
    ["1,234.56 元", 123_456],
    ["0.1", 10],
    ["0.01", 1],
    ["0.29", 29],
    ["0", 0],
    ["9999999999999.99", 999_999_999_999_999],
  ])("%s → %d fen", (input, fen) => {
    expect(parseYuan(input)).toBe(fen);
  });

  it("reads every two-decimal amount exactly, where a float would drift (0.29 × 100 = 28.999…)", () => {
    expect(0.29 * 100).not.toBe(29);
    for (let fen = 0; fen < 100_000; fen += 7) {
      expect(parseYuan(fenToYuanString(fen))).toBe(fen);
    }
  });

  it.each([
    ["1234.567", "three decimals"],
    ["0.001", "three decimals"],
    ["-5", "negative"],
    ["-0.01", "negative"],
    ["¥-100", "negative"],
    ["10000000000000", "huge (14 digits of yuan)"],
    ["99999999999999999999", "huge"],
    ["1e6", "exponent"],
    ["12,34", "a comma that is not a thousands separator"],
    ["1234,56", "a decimal comma"],
    ["1,2345", "a broken group"],
    ["1.", "no decimals after the point"],
    [".5", "no yuan before the point"],
    ["", "empty"],
    ["一千元", "words"],
    ["1 234", "a space inside the number"],
    ["NaN", "not a number"],
  ])("refuses %s (%s)", (input) => {
    expect(parseYuan(input)).toBeNull();
  });
});

describe("formatFen: ¥ with thousands grouping and two decimals", () => {
  it.each([
    [0, "¥0.00"],
    [1, "¥0.01"],
    [10, "¥0.10"],
    [123_456, "¥1,234.56"],
    [150_000_000, "¥1,500,000.00"],
    [100_000, "¥1,000.00"],
    [99_999, "¥999.99"],
    [-123_456, "-¥1,234.56"],
    [999_999_999_999_999, "¥9,999,999,999,999.99"],
  ])("%d fen → %s", (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it("round-trips through parseYuan", () => {
    for (const fen of [0, 1, 99, 100, 123_456, 150_000_000, 987_654_321_012]) {
      expect(parseYuan(formatFen(fen))).toBe(fen);
    }
  });
});

describe("splitByPercentages: payment tranches that add up to the amount exactly", () => {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  it("splits ¥1,000.01 by 30/40/30 with the odd fen in the last tranche", () => {
    expect(splitByPercentages(100_001, [30, 40, 30])).toEqual([30_000, 40_000, 30_001]);
  });

  it("splits ¥1,500,000 by the default plan into ¥450,000 / ¥600,000 / ¥450,000", () => {
    expect(splitByPercentages(150_000_000, [30, 40, 30])).toEqual([45_000_000, 60_000_000, 45_000_000]);
  });

  it("splits a ceiling of ¥3.33 by 33/33/34 and one fen by 50/50", () => {
    expect(splitByPercentages(333, [33, 33, 34])).toEqual([109, 109, 115]);
    expect(splitByPercentages(1, [50, 50])).toEqual([0, 1]);
    expect(splitByPercentages(0, [30, 40, 30])).toEqual([0, 0, 0]);
    expect(splitByPercentages(12_345, [100])).toEqual([12_345]);
  });

  it("always sums to the amount, also where total × percentage is beyond 2^53", () => {
    for (const total of [1, 7, 99, 100_001, 123_456_789, 999_999_999_999_999]) {
      for (const plan of [[30, 40, 30], [33, 33, 34], [10, 20, 30, 40], [1, 99], [0, 100]]) {
        const shares = splitByPercentages(total, plan);
        expect(sum(shares)).toBe(total);
        shares.forEach((s) => expect(Number.isSafeInteger(s) && s >= 0).toBe(true));
      }
    }
    expect(splitByPercentages(999_999_999_999_999, [30, 40, 30])).toEqual([299_999_999_999_999, 399_999_999_999_999, 300_000_000_000_001]);
  });

  it("refuses a plan that does not sum to 100 or has fractional percentages", () => {
    expect(() => splitByPercentages(100, [30, 40])).toThrow(RangeError);
    expect(() => splitByPercentages(100, [33.5, 66.5])).toThrow(RangeError);
    expect(() => splitByPercentages(100, [])).toThrow(RangeError);
    expect(() => splitByPercentages(-1, [100])).toThrow(RangeError);
    expect(() => splitByPercentages(0.5, [100])).toThrow(RangeError);
  });
});

describe("budget figures", () => {
  const line = (fiscalYear: number, amount: number, reserved = 0, committed = 0, paid = 0) => ({ fiscalYear, amount, reserved, committed, paid });

  it("available = amount − reserved − committed − paid", () => {
    expect(available(line(2026, 150_000_000, 30_000_000, 50_000_000, 20_000_000))).toBe(50_000_000);
  });

  it("totals each fiscal year on its own, newest year first", () => {
    const groups = groupByFiscalYear([line(2025, 100, 10), line(2026, 1_000, 100, 200, 300), line(2026, 500, 0, 0, 500)]);
    expect(groups.map((g) => g.fiscalYear)).toEqual([2026, 2025]);
    expect(groups[0].totals).toEqual({ amount: 1_500, reserved: 100, committed: 200, paid: 800, available: 400 });
    expect(groups[1].totals).toEqual({ amount: 100, reserved: 10, committed: 0, paid: 0, available: 90 });
    expect(sumFigures([])).toEqual({ amount: 0, reserved: 0, committed: 0, paid: 0, available: 0 });
  });
});

describe("budget line form (shared by form and action)", () => {
  const valid = { fiscalYear: "2026", fundSource: "welfare_lottery", name: "社区养老服务购买", amount: "1,500,000.00" };

  it("reads the amount typed in yuan as fen", () => {
    expect(budgetLineSchema.parse(valid)).toEqual({ fiscalYear: 2026, fundSource: "welfare_lottery", name: "社区养老服务购买", amount: 150_000_000 });
  });

  it.each([
    ["amount", "12.345", "errors.money"],
    ["amount", "0", "budgets.amountPositive"],
    ["amount", "", "errors.required"],
    ["fundSource", "lottery", "errors.invalidChoice"],
    ["fiscalYear", "1999", "errors.atLeast"],
  ])("puts a bad %s (%s) on its field", (field, value, key) => {
    const result = budgetLineSchema.safeParse({ ...valid, [field]: value });
    const issue = result.error?.issues.find((i) => i.path[0] === field);
    expect(issue?.message.split("|")[0]).toBe(key);
  });
});
