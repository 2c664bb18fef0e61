import { describe, expect, it } from "vitest";
import { OTHER_DISTRICTS_ID, statisticsForPage } from "~/modules/stats/stats-display";
import type { Statistics } from "~/modules/stats/stats.server";

const district = (i: number) => ({ districtId: `d${i}`, nameZh: `区${i}`, nameEn: `District ${i}` });
const money = (i: number) => ({ ...district(i), tenders: i, ceiling: 1000 * i, awardedTenders: 1, awarded: 100 * i });
const contracts = (i: number) => ({ ...district(i), contracts: 1, contracted: 10 * (20 - i), paid: i, donations: 0, donated: 0 });
const concentration = (i: number) => ({ ...district(i), total: 100 * i, winners: 2, topThree: 100 * i, topThreeShare: 1, leader: null });

function statistics(n: number): Statistics {
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  return {
    budget: [],
    categories: [],
    districts: ids.map(money),
    competition: [],
    gap: [],
    concentration: ids.map(concentration),
    timing: [],
    contractMoney: ids.map(contracts),
    outcomes: [],
    surveys: [],
  };
}

const sum = (rows: object[], key: string) => rows.reduce((n: number, r) => n + ((r as Record<string, number>)[key] ?? 0), 0);

describe("statisticsForPage", () => {
  it("lists the 12 districts with the most money by name, in their order, and sums the others in one row", () => {
    const full = statistics(15);
    const page = statisticsForPage(full);
    expect(page.hiddenDistricts).toBe(3);
    // Tenders: districts 4..15 weigh most; 1, 2 and 3 are folded.
    expect(page.districts.map((d) => d.districtId)).toEqual([...Array.from({ length: 12 }, (_, i) => `d${i + 4}`), OTHER_DISTRICTS_ID]);
    const others = page.districts[12];
    expect(others).toMatchObject({ nameZh: "其他 3 个区县", nameEn: "3 other districts", tenders: 6, ceiling: 6000, awardedTenders: 3, awarded: 600 });
    for (const key of ["tenders", "ceiling", "awardedTenders", "awarded"]) expect(sum(page.districts, key)).toBe(sum(full.districts, key));
    // Contract money ranks by its own figures: districts 1..12 contracted most.
    expect(page.contractMoney.map((d) => d.districtId).slice(0, 12)).toEqual(Array.from({ length: 12 }, (_, i) => `d${i + 1}`));
    for (const key of ["contracts", "contracted", "paid"]) expect(sum(page.contractMoney, key)).toBe(sum(full.contractMoney, key));
    // Concentration: the 12 largest, no pooled row.
    expect(page.concentration.map((c) => c.districtId)).toEqual(Array.from({ length: 12 }, (_, i) => `d${i + 4}`));
  });

  it("leaves a city's districts as they are, and does not fold a single district into a row of its own", () => {
    for (const n of [12, 13]) {
      const full = statistics(n);
      const page = statisticsForPage(full);
      expect(page.hiddenDistricts).toBe(0);
      expect(page.districts).toEqual(full.districts);
      expect(page.contractMoney).toEqual(full.contractMoney);
      expect(page.concentration).toEqual(full.concentration);
    }
  });
});
