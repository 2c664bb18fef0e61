import { describe, expect, it } from "vitest";
import { translator } from "~/i18n";
import {
  criteriaTotal,
  deadlineAfterAmendment,
  isBidPeriodLongEnough,
  isPricePointsAllowed,
  isServicePeriodAllowed,
  minimumBidDeadline,
} from "~/modules/tenders/tender-rules";
import { allowedActions, tenderPhase } from "~/modules/tenders/tender-states";
import { tenderSchema, toShanghaiInput } from "~/modules/tenders/tenders-schema";

const DAY = 24 * 3600 * 1000;
const published = new Date("2026-11-02T02:00:00Z"); // 10:00 in Beijing

describe("bid period (87号令 art. 18; 财库〔2014〕214号)", () => {
  it("needs 20 full days for an open tender", () => {
    expect(minimumBidDeadline("open_tender", published).toISOString()).toBe("2026-11-22T02:00:00.000Z");
    expect(isBidPeriodLongEnough("open_tender", published, new Date(published.getTime() + 20 * DAY))).toBe(true);
    expect(isBidPeriodLongEnough("open_tender", published, new Date(published.getTime() + 20 * DAY - 60_000))).toBe(false);
  });

  it("needs 10 days for consultation and venture calls", () => {
    expect(isBidPeriodLongEnough("competitive_consultation", published, new Date(published.getTime() + 10 * DAY))).toBe(true);
    expect(isBidPeriodLongEnough("venture_call", published, new Date(published.getTime() + 9 * DAY))).toBe(false);
  });
});

describe("price points (87号令 art. 55; 财库〔2014〕214号)", () => {
  it("allows an open tender 10 or more", () => {
    expect(isPricePointsAllowed("open_tender", 9)).toBe(false);
    expect(isPricePointsAllowed("open_tender", 10)).toBe(true);
    expect(isPricePointsAllowed("open_tender", 60)).toBe(true);
  });

  it("allows consultation and venture calls 10 to 30", () => {
    expect(isPricePointsAllowed("competitive_consultation", 30)).toBe(true);
    expect(isPricePointsAllowed("competitive_consultation", 31)).toBe(false);
    expect(isPricePointsAllowed("venture_call", 9)).toBe(false);
  });
});

describe("service period (102号令 art. 24)", () => {
  it("is at most 12 months, 36 for recurring services", () => {
    expect(isServicePeriodAllowed(12, false)).toBe(true);
    expect(isServicePeriodAllowed(13, false)).toBe(false);
    expect(isServicePeriodAllowed(36, true)).toBe(true);
    expect(isServicePeriodAllowed(37, true)).toBe(false);
  });
});

describe("amendments (87号令 art. 27)", () => {
  const deadline = new Date("2026-12-01T02:00:00Z");
  it("moves an open tender's deadline so 15 days remain after a late change", () => {
    const amendedAt = new Date("2026-11-20T02:00:00Z"); // 11 days before
    expect(deadlineAfterAmendment("open_tender", deadline, amendedAt, true).toISOString()).toBe("2026-12-05T02:00:00.000Z");
  });

  it("keeps the deadline when enough days remain or the change does not affect bids", () => {
    expect(deadlineAfterAmendment("open_tender", deadline, new Date("2026-11-10T02:00:00Z"), true)).toEqual(deadline);
    expect(deadlineAfterAmendment("open_tender", deadline, new Date("2026-11-28T02:00:00Z"), false)).toEqual(deadline);
  });

  it("uses 5 days for a consultation", () => {
    const amendedAt = new Date("2026-11-28T02:00:00Z"); // 3 days before
    expect(deadlineAfterAmendment("competitive_consultation", deadline, amendedAt, true).toISOString()).toBe("2026-12-03T02:00:00.000Z");
  });
});

describe("tender phases", () => {
  const t = { status: "published" as const, bidDeadline: "2026-12-01T02:00:00Z", enquiryDeadline: "2026-11-25T02:00:00Z" };
  it("is open before the deadline and closed after it, without any scheduler", () => {
    expect(tenderPhase(t, new Date("2026-11-30T00:00:00Z"))).toBe("open");
    expect(tenderPhase(t, new Date("2026-12-01T02:00:00Z"))).toBe("closed");
  });

  it("takes questions until the enquiry deadline and amendments until the bid deadline", () => {
    expect(allowedActions(t, new Date("2026-11-24T00:00:00Z")).has("ask")).toBe(true);
    expect(allowedActions(t, new Date("2026-11-26T00:00:00Z")).has("ask")).toBe(false);
    expect(allowedActions(t, new Date("2026-11-26T00:00:00Z")).has("amend")).toBe(true);
    expect(allowedActions(t, new Date("2026-12-02T00:00:00Z")).has("amend")).toBe(false);
  });

  it("only lets drafts be edited or published", () => {
    const draft = { ...t, status: "draft" as const };
    expect([...allowedActions(draft)].sort()).toEqual(["cancel", "edit", "publish"]);
  });
});

describe("tender form schema", () => {
  const inDays = (d: number) => toShanghaiInput(new Date(Date.now() + d * DAY));
  const valid = {
    title: "金水区居家养老服务中心运营",
    description: "为独居老人提供助餐、探访和健康管理服务。",
    category: "elderly_care",
    method: "open_tender",
    ceilingPrice: "1,200,000",
    budgetLineId: "6f1c2a9e-1b7c-4a53-9a0e-2f0b3c4d5e6f",
    servicePeriodMonths: "12",
    eligibility: "依法登记的社会组织。",
    pricePoints: "30",
    criteria: [
      { name: "服务方案", description: "针对性", maxPoints: "40" },
      { name: "团队", description: "持证社工", maxPoints: "30" },
    ],
    weightPurchaser: "30",
    weightThirdParty: "40",
    weightSatisfaction: "30",
    tranches: [
      { milestone: "合同签订", percentage: "30" },
      { milestone: "中期验收", percentage: "40" },
      { milestone: "绩效评估", percentage: "30" },
    ],
    enquiryDeadline: inDays(10),
    bidDeadline: inDays(21),
    needIds: ["6f1c2a9e-1b7c-4a53-9a0e-2f0b3c4d5e6f"],
    communityIds: ["6f1c2a9e-1b7c-4a53-9a0e-2f0b3c4d5e6f"],
    contactName: "张科长",
    contactPhone: "0371-65550000",
  };
  const zh = translator("zh-CN");
  const messageOn = (input: Record<string, unknown>, field: string) =>
    tenderSchema.safeParse(input).error?.issues.find((i) => i.path[0] === field)?.message;

  it("accepts a complete open tender and reads the ceiling as fen", () => {
    const result = tenderSchema.safeParse(valid);
    expect(result.error?.issues).toBeUndefined();
    expect(result.data?.ceilingPrice).toBe(120_000_000);
  });

  it("refuses criteria summing to 99 with the total in the message", () => {
    const message = messageOn({ ...valid, criteria: [{ name: "服务方案", description: "x", maxPoints: "39" }, valid.criteria[1]] }, "criteria");
    expect(zh(message!)).toBe("评分项分值与价格分合计须为 100 分，当前为 99 分。");
  });

  it("names the 20-day rule when an open tender's deadline is too close", () => {
    const message = messageOn({ ...valid, enquiryDeadline: inDays(5), bidDeadline: inDays(19) }, "bidDeadline");
    expect(zh(message!)).toContain("不得少于 20 日（财政部令第87号第十八条）");
  });

  it("accepts 19 days for a consultation with price points in 10–30, and refuses 31 points", () => {
    const consultation = { ...valid, method: "competitive_consultation", bidDeadline: inDays(19), pricePoints: "30" };
    expect(tenderSchema.safeParse(consultation).success).toBe(true);
    const message = messageOn({ ...consultation, pricePoints: "31", criteria: [{ name: "a", description: "b", maxPoints: "69" }] }, "pricePoints");
    expect(zh(message!)).toContain("10–30 分");
  });

  it("limits the period to 12 months unless recurring, then 36", () => {
    expect(messageOn({ ...valid, servicePeriodMonths: "24" }, "servicePeriodMonths")).toBeDefined();
    expect(messageOn({ ...valid, servicePeriodMonths: "24", recurringService: "true" }, "servicePeriodMonths")).toBeUndefined();
  });

  it("needs a theme for a venture call", () => {
    expect(zh(messageOn({ ...valid, method: "venture_call", pricePoints: "10", criteria: [{ name: "a", description: "b", maxPoints: "90" }] }, "theme")!)).toBe("公益创投须填写创投主题。");
  });

  it("checks the weights and the payment plan each sum to 100", () => {
    expect(messageOn({ ...valid, weightSatisfaction: "20" }, "weightSatisfaction")).toBeDefined();
    expect(zh(messageOn({ ...valid, tranches: [{ milestone: "一次性", percentage: "90" }] }, "tranches")!)).toContain("当前为 90%");
  });

  it("ignores blank spare rows posted without JavaScript", () => {
    const result = tenderSchema.safeParse({ ...valid, criteria: [...valid.criteria, { name: "", description: "", maxPoints: "" }] });
    expect(result.data?.criteria).toHaveLength(2);
  });

  it("reads deadlines as Beijing time and refuses dates that do not exist", () => {
    expect(toShanghaiInput(new Date("2026-12-01T02:00:00Z"))).toBe("2026-12-01T10:00");
    expect(messageOn({ ...valid, bidDeadline: "2027-02-30T10:00" }, "bidDeadline")).toBe("errors.invalidDateTime");
  });

  it("totals criteria and price points", () => {
    expect(criteriaTotal([40, 30], 30)).toBe(100);
  });
});

describe("tender form schema with missing fields", () => {
  it("reports the missing fields instead of throwing", () => {
    const result = tenderSchema.safeParse({ title: "", criteria: [], tranches: [] });
    expect(result.success).toBe(false);
    const fields = new Set(result.error?.issues.map((i) => String(i.path[0])));
    for (const f of ["title", "bidDeadline", "enquiryDeadline", "budgetLineId", "needIds", "criteria"]) expect(fields).toContain(f);
  });
});
