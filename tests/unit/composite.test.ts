import { describe, expect, it } from "vitest";
import { compositeScore, GRADE_CODE_OF, GRADE_ZH_OF, gradeOf, satisfactionScore } from "~/modules/outcomes/composite";

const DEFAULT_WEIGHTS = { purchaser: 30, thirdParty: 40, satisfaction: 30 };

describe("compositeScore: purchaser × w1 + third party × w2 + satisfaction × w3 (DESIGN §4.8)", () => {
  it("85 / 78.5 / 90 with 30/40/30 → 25.5 + 31.4 + 27 = 83.9, 良好", () => {
    expect(compositeScore({ purchaser: 85, thirdParty: 78.5, satisfaction: 90 }, DEFAULT_WEIGHTS)).toEqual({ score: 83.9, grade: "良好" });
  });

  it("rounds half up to 2 decimals: 92.35 / 88.27 / 76.04 → 27.705 + 35.308 + 22.812 = 85.825 → 85.83", () => {
    expect(compositeScore({ purchaser: 92.35, thirdParty: 88.27, satisfaction: 76.04 }, DEFAULT_WEIGHTS).score).toBe(85.83);
  });

  it("the grade follows the rounded value: 59.12 / 60.61 / 60.05 → 59.995 → 60.00, 合格 (floating point would say 59.99)", () => {
    const naive = Math.round((59.12 * 0.3 + 60.61 * 0.4 + 60.05 * 0.3) * 100) / 100;
    expect(naive).toBe(59.99);
    expect(compositeScore({ purchaser: 59.12, thirdParty: 60.61, satisfaction: 60.05 }, DEFAULT_WEIGHTS)).toEqual({ score: 60, grade: "合格" });
  });

  it("uses the tender's weights: 50/30/20 on 70 / 100 / 40 → 35 + 30 + 8 = 73, 合格", () => {
    expect(compositeScore({ purchaser: 70, thirdParty: 100, satisfaction: 40 }, { purchaser: 50, thirdParty: 30, satisfaction: 20 })).toEqual({ score: 73, grade: "合格" });
  });

  it("grades at the boundaries: 90 优秀, 89.99 良好, 80 良好, 79.99 合格, 60 合格, 59.99 不合格", () => {
    expect([90, 89.99, 80, 79.99, 60, 59.99, 0, 100].map(gradeOf)).toEqual(["优秀", "良好", "良好", "合格", "合格", "不合格", "不合格", "优秀"]);
    expect(compositeScore({ purchaser: 90, thirdParty: 90, satisfaction: 90 }, DEFAULT_WEIGHTS).grade).toBe("优秀");
    expect(compositeScore({ purchaser: 50, thirdParty: 55, satisfaction: 70 }, DEFAULT_WEIGHTS)).toEqual({ score: 58, grade: "不合格" });
  });

  it("refuses weights that do not sum to 100 and parts outside 0-100", () => {
    expect(() => compositeScore({ purchaser: 80, thirdParty: 80, satisfaction: 80 }, { purchaser: 30, thirdParty: 40, satisfaction: 20 })).toThrow(RangeError);
    expect(() => compositeScore({ purchaser: 101, thirdParty: 80, satisfaction: 80 }, DEFAULT_WEIGHTS)).toThrow(RangeError);
    expect(() => compositeScore({ purchaser: 80.123, thirdParty: 80, satisfaction: 80 }, DEFAULT_WEIGHTS)).toThrow(RangeError);
  });

  it("maps the Chinese grades to the stored codes and back", () => {
    expect(GRADE_CODE_OF["不合格"]).toBe("fail");
    expect(GRADE_ZH_OF.excellent).toBe("优秀");
    for (const [zh, code] of Object.entries(GRADE_CODE_OF)) expect(GRADE_ZH_OF[code]).toBe(zh);
  });
});

describe("satisfactionScore: 5-point answers mapped to 0-100", () => {
  it("all 1s give 0 and all 5s give 100", () => {
    expect(satisfactionScore([[1, 1, 1, 1]]).score).toBe(0);
    expect(satisfactionScore([[5, 5, 5, 5], [5, 5, 5, 5]]).score).toBe(100);
  });

  it("a mean of 4 gives 75; a mean of 3 gives 50", () => {
    expect(satisfactionScore([[4, 4, 5, 3]]).score).toBe(75);
    expect(satisfactionScore([[3, 3, 3, 3]]).score).toBe(50);
  });

  it("each response counts once: means 4.25 and 3.5 → 3.875 → 71.875 → 71.88", () => {
    expect(satisfactionScore([[5, 4, 4, 4], [3, 3, 4, 4]])).toEqual({ score: 71.88, responses: 2, lowConfidence: true });
  });

  it("responses with different question counts: [5,5] and [1,1,1] → means 5 and 1 → 50", () => {
    expect(satisfactionScore([[5, 5], [1, 1, 1]]).score).toBe(50);
  });

  it("fewer than 30 responses are low-confidence, 30 are not", () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => [4, i % 2 === 0 ? 5 : 4, 4, 4]);
    expect(satisfactionScore(many(29))).toMatchObject({ responses: 29, lowConfidence: true });
    expect(satisfactionScore(many(30))).toMatchObject({ responses: 30, lowConfidence: false });
    // 15 responses averaging 4.25 and 15 averaging 4 → 4.125 → 78.125 → 78.13
    expect(satisfactionScore(many(30)).score).toBe(78.13);
  });

  it("no responses: score 0, 0 responses, low-confidence", () => {
    expect(satisfactionScore([])).toEqual({ score: 0, responses: 0, lowConfidence: true });
  });

  it("refuses answers off the 1-5 scale", () => {
    expect(() => satisfactionScore([[0, 3]])).toThrow(RangeError);
    expect(() => satisfactionScore([[6]])).toThrow(RangeError);
    expect(() => satisfactionScore([[2.5]])).toThrow(RangeError);
    expect(() => satisfactionScore([[]])).toThrow(RangeError);
  });
});
