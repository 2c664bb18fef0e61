/**
 * The public statistics (issue 7) on a small hand-made data set with known answers: a district
 * of its own (so that other files sharing a PostgreSQL database never change the figures), with
 * seven verified agencies, budget lines in 2025 and 2026 and five tenders:
 *
 *   T3 2025 open tender ¥100,000   bids H 98,000 · A 95,000 · B 90,000  → awarded to B ¥90,000 (2025-07-10)
 *   T1 2026 open tender ¥300,000   bids A 250,000 · B 270,000 · H 280,000 → awarded to A ¥250,000 (2026-04-20)
 *   T2 2026 consultation ¥200,000  one bid (B)                          → unsuccessful
 *   T6 2026 venture call ¥300,000  C 100,000 · E 80,000 · F 60,000      → all funded (2026-06-01)
 *   T4 2026 open tender ¥50,000    no bids, never opened
 *
 * Every number below is worked out by hand in the comments next to it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { statisticsCsv } from "~/modules/stats/stats-csv.server";
import {
  budgetByFundSource,
  competition,
  concentrationByDistrict,
  loadStatistics,
  tendersByCategory,
  tendersByDistrict,
  timeToTenderAndAward,
  winnerShareByYear,
} from "~/modules/stats/stats.server";
import { translator } from "~/i18n";
import * as csvRoute from "~/routes/statistics.$file";
import * as page from "~/routes/statistics._index";
import { context, getRequest, settle, useDemoData } from "../helpers/demo";
import { acceptedNeedAt, awardAt, bidAndOpen, districtBudgetLine, districtTender, testAgency, testDistrict, type TestAgency, type TestDistrict } from "../helpers/district";
import { YUAN } from "../helpers/procurement";

useDemoData();

const bj = (local: string) => new Date(`${local}:00+08:00`);
const NOW = bj("2026-11-01T12:00");

let district: TestDistrict;
let agencies: Record<"A" | "B" | "C" | "E" | "F" | "G" | "H", TestAgency>;

beforeAll(async () => {
  district = await testDistrict("统计测试区");
  const agency = (name: string, verified: string | null) => testAgency(district, name, verified ? bj(verified) : null);
  agencies = {
    A: await agency("甲社工", "2025-01-10T10:00"),
    H: await agency("庚社工", "2025-03-01T10:00"),
    B: await agency("乙社工", "2025-06-01T10:00"),
    C: await agency("丙社工", "2026-02-01T10:00"),
    E: await agency("丁社工", "2026-02-01T10:00"),
    F: await agency("戊社工", "2026-02-01T10:00"),
    G: await agency("己社工", "2026-03-01T10:00"),
  };
  // Neither counts among verified agencies: one pending, one evaluation organization.
  await agency("待审社工", null);
  await testAgency(district, "评估机构", bj("2025-02-01T10:00"), "evaluator");

  const general2026 = await districtBudgetLine(district, 1_000_000, 2026, "general_budget");
  const welfare2026 = await districtBudgetLine(district, 500_000, 2026, "welfare_lottery");
  const general2025 = await districtBudgetLine(district, 200_000, 2025, "general_budget");

  // T3 (2025): need accepted 05-01, published 05-21 (20 days), awarded 07-10 (70 days).
  const t3 = await districtTender(district, {
    budgetLineId: general2025.id,
    needIds: [await acceptedNeedAt(district, bj("2025-05-01T10:00"))],
    publishedAt: bj("2025-05-21T10:00"),
    ceilingYuan: 100_000,
  });
  const b3 = await bidAndOpen(district, t3, [
    [agencies.H, 98_000],
    [agencies.A, 95_000],
    [agencies.B, 90_000],
  ]);
  await awardAt(district, t3.id, [b3.bidOf.get(agencies.B.organizationId)!, b3.bidOf.get(agencies.A.organizationId)!, b3.bidOf.get(agencies.H.organizationId)!], bj("2025-07-10T10:00"));

  // T1 (2026): accepted 02-20, published 03-02 (10 days), awarded 04-20 (59 days).
  const t1 = await districtTender(district, {
    budgetLineId: general2026.id,
    needIds: [await acceptedNeedAt(district, bj("2026-02-20T10:00"))],
    publishedAt: bj("2026-03-02T10:00"),
    ceilingYuan: 300_000,
  });
  const b1 = await bidAndOpen(district, t1, [
    [agencies.A, 250_000],
    [agencies.B, 270_000],
    [agencies.H, 280_000],
  ]);
  await awardAt(district, t1.id, [b1.bidOf.get(agencies.A.organizationId)!, b1.bidOf.get(agencies.B.organizationId)!, b1.bidOf.get(agencies.H.organizationId)!], bj("2026-04-20T10:00"));

  // T2 (2026): accepted 03-01, published 03-05 (4 days); one valid bid, so unsuccessful.
  const t2 = await districtTender(district, {
    budgetLineId: welfare2026.id,
    needIds: [await acceptedNeedAt(district, bj("2026-03-01T10:00"), "children_youth")],
    publishedAt: bj("2026-03-05T10:00"),
    ceilingYuan: 200_000,
    method: "competitive_consultation",
    category: "children_youth",
    bidDays: 15,
  });
  const b2 = await bidAndOpen(district, t2, [[agencies.B, 150_000]]);
  expect(b2.opening.outcome).toBe("unsuccessful");

  // T6 (2026): accepted 04-01, published 04-09 (8 days), three proposals funded 06-01 (61 days).
  const t6 = await districtTender(district, {
    budgetLineId: general2026.id,
    needIds: [await acceptedNeedAt(district, bj("2026-04-01T10:00"))],
    publishedAt: bj("2026-04-09T10:00"),
    ceilingYuan: 300_000,
    method: "venture_call",
    bidDays: 20,
  });
  const b6 = await bidAndOpen(district, t6, [
    [agencies.C, 100_000],
    [agencies.E, 80_000],
    [agencies.F, 60_000],
  ]);
  await awardAt(district, t6.id, [...b6.bidOf.values()], bj("2026-06-01T10:00"), true);

  // T4 (2026): accepted 09-01, published 09-07 (6 days); nobody bid, never opened.
  await districtTender(district, {
    budgetLineId: general2026.id,
    needIds: [await acceptedNeedAt(district, bj("2026-09-01T10:00"))],
    publishedAt: bj("2026-09-07T10:00"),
    ceilingYuan: 50_000,
  });
});

const inDistrict = (year?: number) => ({ districtId: district.districtId, year });

describe("budget by fund source", () => {
  it("sums amount, reserved, committed and paid per source, every source listed", async () => {
    const rows = await budgetByFundSource(db, inDistrict());
    // General: 1,000,000 + 200,000. Reserved: only T4's 50,000 is still held. Committed:
    // A 250,000 (T1) + the venture pot's 240,000 (T6) + B 90,000 (T3). T2's reservation on the
    // welfare line was released when it failed.
    expect(rows).toEqual([
      { fundSource: "general_budget", lines: 2, amount: 1_200_000 * YUAN, reserved: 50_000 * YUAN, committed: 580_000 * YUAN, paid: 0 },
      { fundSource: "welfare_lottery", lines: 1, amount: 500_000 * YUAN, reserved: 0, committed: 0, paid: 0 },
      { fundSource: "higher_transfer", lines: 0, amount: 0, reserved: 0, committed: 0, paid: 0 },
      { fundSource: "donations", lines: 0, amount: 0, reserved: 0, committed: 0, paid: 0 },
    ]);
  });

  it("with a year, counts that fiscal year's lines only", async () => {
    const [general] = await budgetByFundSource(db, inDistrict(2025));
    expect(general).toEqual({ fundSource: "general_budget", lines: 1, amount: 200_000 * YUAN, reserved: 0, committed: 90_000 * YUAN, paid: 0 });
  });
});

describe("tenders and money by category and district", () => {
  it("counts published tenders, their ceilings and the standing awards, most money first", async () => {
    expect(await tendersByCategory(db, inDistrict())).toEqual([
      // T1 300,000 + T3 100,000 + T4 50,000 + T6 300,000; awarded 250,000 + 90,000 + 240,000.
      { category: "elderly_care", tenders: 4, ceiling: 750_000 * YUAN, awardedTenders: 3, awarded: 580_000 * YUAN },
      { category: "children_youth", tenders: 1, ceiling: 200_000 * YUAN, awardedTenders: 0, awarded: 0 },
    ]);
    expect(await tendersByCategory(db, inDistrict(2025))).toEqual([{ category: "elderly_care", tenders: 1, ceiling: 100_000 * YUAN, awardedTenders: 1, awarded: 90_000 * YUAN }]);
  });

  it("by district: the district's totals, by year of publication", async () => {
    const [row] = await tendersByDistrict(db, inDistrict());
    expect(row).toMatchObject({ districtId: district.districtId, tenders: 5, ceiling: 950_000 * YUAN, awardedTenders: 3, awarded: 580_000 * YUAN });
    const [of2026] = await tendersByDistrict(db, inDistrict(2026));
    expect(of2026).toMatchObject({ tenders: 4, ceiling: 850_000 * YUAN, awardedTenders: 2, awarded: 490_000 * YUAN });
  });

  it("without a district, lists every district with this one among them", async () => {
    const rows = await tendersByDistrict(db, {});
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.find((r) => r.districtId === district.districtId)).toMatchObject({ tenders: 5, awarded: 580_000 * YUAN });
  });
});

describe("competition", () => {
  it("averages bids per opened tender and counts single valid bids and unsuccessful tenders", async () => {
    const rows = await competition(db, inDistrict());
    expect(rows).toEqual([
      // T1 and T3: three valid bids each.
      { method: "open_tender", opened: 2, bids: 6, validBids: 6, averageBids: 3, averageValidBids: 3, singleValidBid: 0, unsuccessful: 0, singleOrUnsuccessful: 0, singleOrUnsuccessfulShare: 0 },
      // T2: one valid bid, unsuccessful — counted once in "either".
      { method: "competitive_consultation", opened: 1, bids: 1, validBids: 1, averageBids: 1, averageValidBids: 1, singleValidBid: 1, unsuccessful: 1, singleOrUnsuccessful: 1, singleOrUnsuccessfulShare: 1 },
      { method: "venture_call", opened: 1, bids: 3, validBids: 3, averageBids: 3, averageValidBids: 3, singleValidBid: 0, unsuccessful: 0, singleOrUnsuccessful: 0, singleOrUnsuccessfulShare: 0 },
      // T4 was never opened: 10 bids over 4 opened tenders, 1 of 4 without competition.
      { method: "all", opened: 4, bids: 10, validBids: 10, averageBids: 2.5, averageValidBids: 2.5, singleValidBid: 1, unsuccessful: 1, singleOrUnsuccessful: 1, singleOrUnsuccessfulShare: 0.25 },
    ]);
  });

  it("with a year, only that year's tenders", async () => {
    const rows = await competition(db, inDistrict(2025));
    expect(rows.map((r) => [r.method, r.opened, r.bids])).toEqual([
      ["open_tender", 1, 3],
      ["all", 1, 3],
    ]);
  });
});

describe("the procurement gap", () => {
  it("gives, per year, the share of the verified agencies that had won by its end", async () => {
    // 2025: A, H, B verified; B won (T3) → 1/3. 2026: + C, E, F, G; A, B, C, E, F have won → 5/7.
    expect(await winnerShareByYear(db, inDistrict(), NOW)).toEqual([
      { year: 2025, verified: 3, winners: 1, share: 1 / 3 },
      { year: 2026, verified: 7, winners: 5, share: 5 / 7 },
    ]);
  });

  it("with a year, the series ends there", async () => {
    expect(await winnerShareByYear(db, inDistrict(2025), NOW)).toEqual([{ year: 2025, verified: 3, winners: 1, share: 1 / 3 }]);
  });
});

describe("concentration", () => {
  it("gives the share of the district's awarded money won by its top three organizations", async () => {
    const [row] = await concentrationByDistrict(db, inDistrict());
    // A 250,000 · C 100,000 · B 90,000 · E 80,000 · F 60,000 = 580,000; top three 440,000.
    expect(row).toMatchObject({ districtId: district.districtId, total: 580_000 * YUAN, winners: 5, topThree: 440_000 * YUAN });
    expect(row.topThreeShare).toBeCloseTo(440 / 580, 12);
    expect(row.leader).toMatchObject({ organizationId: agencies.A.organizationId, amount: 250_000 * YUAN });
    expect(row.leader!.share).toBeCloseTo(250 / 580, 12);
  });

  it("by the year the awards were confirmed", async () => {
    const [row] = await concentrationByDistrict(db, inDistrict(2026));
    // 2026: A 250,000 · C 100,000 · E 80,000 · F 60,000 = 490,000; top three 430,000.
    expect(row).toMatchObject({ total: 490_000 * YUAN, winners: 4, topThree: 430_000 * YUAN });
    expect(row.topThreeShare).toBeCloseTo(430 / 490, 12);
  });
});

describe("time from need to tender and award", () => {
  it("gives the median days from acceptance to publication and to the award; no contract here (see stats-contracts.test.ts)", async () => {
    // To publication: 4, 6, 8, 10, 20 → 8. To the award: 59, 61, 70 → 61.
    expect(await timeToTenderAndAward(db, inDistrict())).toEqual([
      { stage: "tender", needs: 5, medianDays: 8, available: true },
      { stage: "award", needs: 3, medianDays: 61, available: true },
      { stage: "contract", needs: 0, medianDays: null, available: true },
    ]);
  });

  it("with a year, the needs whose first tender was published that year", async () => {
    // 2026: 4, 6, 8, 10 → 7; awards 59, 61 → 60.
    const [tender, award] = await timeToTenderAndAward(db, inDistrict(2026));
    expect(tender).toMatchObject({ needs: 4, medianDays: 7 });
    expect(award).toMatchObject({ needs: 2, medianDays: 60 });
  });
});

describe("the page and its CSV files", () => {
  it("serves the page to anyone, with the filter read from the address and nonsense ignored", async () => {
    const response = await settle(() => page.loader({ request: getRequest(`/statistics?district=${district.districtId}&year=2026`), context, params: {} }));
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.filter).toEqual({ districtId: district.districtId, year: 2026 });
    expect(data.stats.districts).toHaveLength(1);
    expect(data.years).toEqual(expect.arrayContaining([2025, 2026]));

    const ignored = await (await settle(() => page.loader({ request: getRequest("/statistics?district=nope&year=20x6"), context, params: {} }))).json();
    expect(ignored.filter).toEqual({});
  });

  it("writes a table as CSV with the page's filter, amounts in yuan, headers in the reader's language", async () => {
    const response = await settle(() => csvRoute.loader({ request: getRequest(`/statistics/budget.csv?district=${district.districtId}`), context, params: { file: "budget.csv" } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="sanshe-budget-${district.districtCode}.csv"`);
    // A UTF-8 byte-order mark first, so that spreadsheet programs read the Chinese right.
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split("\r\n");
    expect(lines[0]).toBe("资金来源,指标数,指标金额 (元),已预留 (元),已占用 (元),已拨付 (元),可用 (元)");
    expect(lines[1]).toBe("一般公共预算,2,1200000.00,50000.00,580000.00,0.00,570000.00");

    const english = new Request(`http://localhost/statistics/concentration.csv?district=${district.districtId}`, { headers: { Cookie: "lang=en" } });
    const csv = await (await settle(() => csvRoute.loader({ request: english, context, params: { file: "concentration.csv" } }))).text();
    const [header, row] = csv.trim().split("\r\n");
    expect(header).toBe("District,Awarded (CNY),Winning organizations,Won by the top three (CNY),Top-three share (%),Largest winner,Its share (%)");
    expect(row).toBe(`Test district ${district.districtCode.slice(-4)},580000.00,5,440000.00,75.9,${agencies.A.name},43.1`);
  });

  it("quotes what needs quoting and leaves a median with nothing measured empty", async () => {
    const t = translator("zh-CN");
    const csv = await statisticsCsv(db, "timing", inDistrict(), t, "zh-CN");
    expect(csv.slice(1).trim().split("\r\n")).toEqual(["阶段,统计的需求数,中位天数 (天)", "受理 → 采购公告发布,5,8.0", "受理 → 确定成交,3,61.0", "受理 → 合同签订,0,"]);
  });

  it("answers 404 for a table that does not exist", async () => {
    for (const file of ["nope.csv", "budget.txt", "budget"]) {
      const response = await settle(() => csvRoute.loader({ request: getRequest(`/statistics/${file}`), context, params: { file } }));
      expect(response.status).toBe(404);
    }
  });

  it("computes every figure on the demo data without a district (no figure fails on real data)", async () => {
    const stats = await loadStatistics(db, {});
    expect(stats.budget.find((b) => b.fundSource === "general_budget")!.amount).toBeGreaterThan(0);
    expect(stats.competition.at(-1)).toMatchObject({ method: "all" });
    expect(stats.competition.at(-1)!.opened).toBeGreaterThan(0);
    expect(stats.gap.at(-1)!.verified).toBeGreaterThan(0);
  });
});
