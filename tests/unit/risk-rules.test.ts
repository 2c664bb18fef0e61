import { describe, expect, it } from "vitest";
import { bidPeriodDays, isAtMinimumBidPeriod, isDominant, isFarBelowOthers, priceGap } from "~/modules/risk/risk-rules";

const at = (iso: string) => new Date(iso);

describe("a bid period at the legal minimum", () => {
  it("flags an open tender's deadline less than 21 days after publication, a consultation's less than 11", () => {
    const published = at("2026-07-01T10:00:00+08:00");
    expect(isAtMinimumBidPeriod("open_tender", published, at("2026-07-21T10:00:00+08:00"))).toBe(true);
    expect(isAtMinimumBidPeriod("open_tender", published, at("2026-07-22T09:59:00+08:00"))).toBe(true);
    expect(isAtMinimumBidPeriod("open_tender", published, at("2026-07-22T10:00:00+08:00"))).toBe(false);
    expect(isAtMinimumBidPeriod("competitive_consultation", published, at("2026-07-11T10:00:00+08:00"))).toBe(true);
    expect(isAtMinimumBidPeriod("venture_call", published, at("2026-07-12T10:00:00+08:00"))).toBe(false);
    expect(bidPeriodDays(published, at("2026-07-21T22:00:00+08:00"))).toBe(20.5);
  });
});

describe("an award far below the other prices", () => {
  it("compares the price with the mean of the other valid bids; exactly 20% below counts", () => {
    expect(priceGap(150_000, [250_000, 260_000])).toEqual({ othersMean: 255_000, below: 1 - 150_000 / 255_000 });
    expect(isFarBelowOthers(priceGap(80, [100, 100]))).toBe(true);
    expect(isFarBelowOthers(priceGap(80.01, [100, 100]))).toBe(false);
    expect(isFarBelowOthers(priceGap(240_000, [250_000, 260_000]))).toBe(false);
  });

  it("says nothing without another valid bid", () => {
    expect(priceGap(100, [])).toBeNull();
    expect(isFarBelowOthers(null)).toBe(false);
  });
});

describe("an organization winning most of a district's money", () => {
  it("needs more than half, and at least two awards in the district that year", () => {
    expect(isDominant(0.51, 2)).toBe(true);
    expect(isDominant(0.5, 4)).toBe(false);
    expect(isDominant(1, 1)).toBe(false);
  });
});
