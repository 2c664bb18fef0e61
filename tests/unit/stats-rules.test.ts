import { describe, expect, it } from "vitest";
import { compactYuan, percent } from "~/components/charts/format";
import { parseStatsFilter, statsQuery } from "~/modules/stats/stats-filter";
import { concentration, gapSeries, ratio, roundDays, ZHENGZHOU_BASELINE } from "~/modules/stats/stats-rules";

describe("the procurement gap series", () => {
  it("counts, per year, the organizations verified by its end and those that had won by then", () => {
    const organizations = [
      { verifiedYear: 2024, firstWinYear: null },
      { verifiedYear: 2024, firstWinYear: 2025 },
      { verifiedYear: 2025, firstWinYear: 2025 },
      { verifiedYear: 2026, firstWinYear: null },
    ];
    expect(gapSeries(organizations, 2024, 2026)).toEqual([
      { year: 2024, verified: 2, winners: 0, share: 0 },
      { year: 2025, verified: 3, winners: 2, share: 2 / 3 },
      { year: 2026, verified: 4, winners: 2, share: 0.5 },
    ]);
  });

  it("has no share (not 0%) for a year without verified organizations", () => {
    expect(gapSeries([], 2026, 2026)).toEqual([{ year: 2026, verified: 0, winners: 0, share: null }]);
    expect(ratio(0, 0)).toBeNull();
  });

  it("keeps the study's baseline: 2% of 150 organizations in three years", () => {
    expect(ZHENGZHOU_BASELINE).toEqual({ share: 0.02, surveyed: 150, years: 3 });
  });
});

describe("concentration", () => {
  it("adds the three largest winners' money and names the largest", () => {
    const c = concentration([
      { organizationId: "e", name: "戊", amount: 60 },
      { organizationId: "a", name: "甲", amount: 250 },
      { organizationId: "c", name: "丙", amount: 100 },
      { organizationId: "b", name: "乙", amount: 90 },
      { organizationId: "d", name: "丁", amount: 80 },
    ]);
    expect(c).toMatchObject({ total: 580, winners: 5, topThree: 440, leader: { organizationId: "a", amount: 250 } });
    expect(c.topThreeShare).toBeCloseTo(440 / 580, 12);
  });

  it("is 100% with three winners or fewer, and empty without awards", () => {
    expect(concentration([{ organizationId: "a", name: "甲", amount: 5 }]).topThreeShare).toBe(1);
    expect(concentration([])).toEqual({ total: 0, winners: 0, topThree: 0, topThreeShare: null, leader: null });
  });
});

describe("figures for reading", () => {
  it("rounds median days to one decimal", () => {
    expect(roundDays(7.04)).toBe(7);
    expect(roundDays(60.45)).toBe(60.5);
    expect(roundDays(null)).toBeNull();
  });

  it("writes money short in each language, exact amounts staying in the tables", () => {
    expect(compactYuan(1_500_000_00, "zh-CN")).toBe("¥150万");
    expect(compactYuan(1_256_600_00, "zh-CN")).toBe("¥126万");
    expect(compactYuan(455_000_00, "zh-CN")).toBe("¥45.5万");
    expect(compactYuan(230_000_000_00, "zh-CN")).toBe("¥2.3亿");
    expect(compactYuan(8_000_00, "zh-CN")).toBe("¥8,000");
    expect(compactYuan(1_500_000_00, "en")).toBe("¥1.5M");
    expect(compactYuan(250_000_00, "en")).toBe("¥250k");
    expect(percent(0.02)).toBe("2%");
    expect(percent(1 / 3)).toBe("33.3%");
    expect(percent(0.5, 0)).toBe("50%");
  });
});

describe("the filter", () => {
  const districts = ["d1", "d2"];
  it("keeps a known district and a plausible year, ignores anything else", () => {
    expect(parseStatsFilter(new URLSearchParams("district=d2&year=2026"), districts)).toEqual({ districtId: "d2", year: 2026 });
    expect(parseStatsFilter(new URLSearchParams("district=x&year=26"), districts)).toEqual({ districtId: undefined, year: undefined });
    expect(parseStatsFilter(new URLSearchParams("year=1999"), districts).year).toBeUndefined();
    expect(parseStatsFilter(new URLSearchParams("year=2026.5"), districts).year).toBeUndefined();
  });

  it("writes the filter back into an address", () => {
    expect(statsQuery({ districtId: "d1", year: 2026 })).toBe("?district=d1&year=2026");
    expect(statsQuery({})).toBe("");
  });
});
