import { describe, expect, it } from "vitest";
import { needPoolFilterSchema, needReviewSchema, needSchema, residentNeedSchema } from "~/modules/needs/needs-schema";

const form = {
  title: "独居老人助餐服务",
  description: "丰乐社区 80 岁以上独居老人 46 人，午餐无人照料。",
  category: "elderly_care",
  targetGroup: "80 岁以上独居老人",
  beneficiariesEstimate: "46",
  suggestedBudget: "150,000.50",
  urgency: "high",
  channel: "visit",
  gridId: "",
};

function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
}

describe("needSchema", () => {
  it("reads a plain form post: the budget in yuan becomes integer fen, an empty grid is no grid", () => {
    const need = needSchema.parse(form);
    expect(need.suggestedBudget).toBe(15_000_050);
    expect(need.beneficiariesEstimate).toBe(46);
    expect(need.gridId).toBeUndefined();
  });

  it("asks for the beneficiaries estimate when it is left empty, and for a whole number", () => {
    expect(issues(needSchema.safeParse({ ...form, beneficiariesEstimate: " " }))).toEqual({ beneficiariesEstimate: "errors.required" });
    expect(issues(needSchema.safeParse({ ...form, beneficiariesEstimate: "4.5" }))).toEqual({ beneficiariesEstimate: "errors.wholeNumber" });
    expect(issues(needSchema.safeParse({ ...form, beneficiariesEstimate: "许多" }))).toEqual({ beneficiariesEstimate: "errors.wholeNumber" });
  });

  it("names every bad field with a message key", () => {
    const result = needSchema.safeParse({ ...form, title: " ", category: "", suggestedBudget: "12.345", beneficiariesEstimate: "0", channel: "email" });
    expect(issues(result)).toEqual({
      title: "errors.required",
      category: "errors.required",
      suggestedBudget: "errors.money",
      beneficiariesEstimate: 'errors.atLeast|{"min":1}',
      channel: "errors.invalidChoice",
    });
  });

  it("has no channel and no grid for residents (always 居民线上)", () => {
    const { channel: _channel, gridId: _grid, ...resident } = form;
    expect(residentNeedSchema.parse(resident)).not.toHaveProperty("channel");
    expect(residentNeedSchema.parse({ ...resident, channel: "visit" })).not.toHaveProperty("channel");
  });
});

describe("needReviewSchema", () => {
  it("requires a reason to reject, not to accept", () => {
    expect(needReviewSchema.safeParse({ decision: "accept", reason: "" }).success).toBe(true);
    expect(issues(needReviewSchema.safeParse({ decision: "reject", reason: "   " }))).toEqual({ reason: "errors.reasonRequired" });
    expect(needReviewSchema.parse({ decision: "reject", reason: " 与已立项项目重复 " }).reason).toBe("与已立项项目重复");
  });
});

describe("needPoolFilterSchema", () => {
  it("keeps valid filters and ignores nonsense from the address bar", () => {
    expect(needPoolFilterSchema.parse({ category: "elderly_care", status: "accepted", minSupport: "3" })).toEqual({
      category: "elderly_care",
      status: "accepted",
      minSupport: 3,
    });
    expect(needPoolFilterSchema.parse({ category: "weapons", communityId: "1; drop table", status: "x", minSupport: "-2" })).toEqual({});
  });
});
