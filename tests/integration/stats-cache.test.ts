/**
 * The statistics page's cache and the public tender list's counts (issue 8): both are served from
 * memory only while nothing they read has changed. `stats_version` counts committed writes to those tables, once per
 * transaction, whatever connection or process made them; the cache is keyed by it.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, db, type DatabaseConnection } from "#db/client";
import { budgetLines, statsVersion, users } from "#db/schema";
import { cachedStatistics } from "~/modules/stats/stats-cache.server";
import { isPostgres, unique, useDemoData } from "../helpers/demo";
import { listPublicTenders } from "~/modules/tenders/tenders.server";
import { acceptedNeedAt, districtBudgetLine, districtTender, testDistrict, type TestDistrict } from "../helpers/district";
import { YUAN } from "../helpers/procurement";

useDemoData();

const version = async () => (await db.select({ n: statsVersion.n }).from(statsVersion))[0].n;

let district: TestDistrict;
beforeAll(async () => {
  district = await testDistrict("缓存测试区");
});

// On PostgreSQL the other test files write to the same database at the same time, so exact
// counts hold on PGlite only (one file per database); the figures below hold on both.
describe.skipIf(isPostgres())("the counter", () => {
  it("moves once for a transaction that writes several tracked tables, at commit", async () => {
    const before = await version();
    await db.transaction(async (tx) => {
      await tx.insert(budgetLines).values({ bureauId: district.bureauId, fiscalYear: 2026, fundSource: "general_budget", name: unique("一"), amount: 1 });
      await tx.insert(budgetLines).values({ bureauId: district.bureauId, fiscalYear: 2026, fundSource: "general_budget", name: unique("二"), amount: 2 });
      await tx.execute(sql`update regions set name_en = name_en where id = ${district.districtId}`);
    });
    expect(await version()).toBe(before + 1);
  });

  it("does not move for a rolled-back transaction or a table the figures do not read", async () => {
    const before = await version();
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(budgetLines).values({ bureauId: district.bureauId, fiscalYear: 2026, fundSource: "general_budget", name: unique("回滚"), amount: 1 });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await db.insert(users).values({ username: unique("u"), displayName: "缓存", passwordHash: "x" });
    expect(await version()).toBe(before);
  });

  it("serves the same computed figures while nothing changed", async () => {
    const filter = { districtId: district.districtId };
    const first = await cachedStatistics(db, filter);
    expect(await cachedStatistics(db, filter)).toBe(first);
  });
});

describe("the cached figures", () => {
  const general = async (filter: { districtId: string }) => (await cachedStatistics(db, filter)).stats.budget.find((r) => r.fundSource === "general_budget");

  it("show a write as soon as it is committed", async () => {
    const filter = { districtId: district.districtId };
    const before = (await general(filter))?.amount ?? 0;
    const line = await districtBudgetLine(district, 70_000, 2026);
    expect((await general(filter))?.amount).toBe(before + 70_000 * YUAN);
    await db.update(budgetLines).set({ amount: 80_000 * YUAN }).where(eq(budgetLines.id, line.id));
    expect((await general(filter))?.amount).toBe(before + 80_000 * YUAN);
  });

  it("are computed once for requests that arrive together", async () => {
    const filter = { districtId: district.districtId, year: 2026 };
    const answers = await Promise.all(Array.from({ length: 8 }, () => cachedStatistics(db, filter)));
    // Unless another file wrote in between (PostgreSQL), all eight share one computation.
    if (!isPostgres()) for (const answer of answers) expect(answer).toBe(answers[0]);
    for (const answer of answers) expect(answer.stats).toEqual(answers[0].stats);
  });

  describe.skipIf(!isPostgres())("with a second app process", () => {
    let other: DatabaseConnection;
    beforeAll(() => {
      other = connect({ url: process.env.DATABASE_URL, poolSize: 1 });
    });
    afterAll(async () => {
      await other.close();
    });

    it("show a write made through another connection", async () => {
      const filter = { districtId: district.districtId };
      const before = (await general(filter))?.amount ?? 0;
      await other.db.insert(budgetLines).values({ bureauId: district.bureauId, fiscalYear: 2026, fundSource: "general_budget", name: unique("他处"), amount: 5 * YUAN });
      expect((await general(filter))?.amount).toBe(before + 5 * YUAN);
    });
  });
});

describe("the public tender list's pages and count", () => {
  it("lists and counts a tender published a moment ago, with and without a filter", async () => {
    const inDistrict = { districtId: district.districtId, category: "elderly_care" };
    const before = await listPublicTenders(db, inDistrict);
    const overall = await listPublicTenders(db, {});
    const line = await districtBudgetLine(district, 100_000, 2026);
    const need = await acceptedNeedAt(district, new Date("2026-10-01T02:00:00Z"));
    const tender = await districtTender(district, { budgetLineId: line.id, needIds: [need], publishedAt: new Date("2026-10-10T02:00:00Z"), ceilingYuan: 50_000 });
    const listed = await listPublicTenders(db, inDistrict);
    expect(listed.total).toBe(before.total + 1);
    expect(listed.tenders.map((t) => t.id)).toContain(tender.id);
    // The page read from memory is the same page, its phase worked out at the time of asking.
    expect(await listPublicTenders(db, inDistrict)).toEqual(listed);
    expect((await listPublicTenders(db, { ...inDistrict, category: "children_youth" })).total).toBe(0);
    // Other files may publish tenders at the same time on PostgreSQL: at least this one more.
    const after = (await listPublicTenders(db, {})).total;
    if (isPostgres()) expect(after).toBeGreaterThanOrEqual(overall.total + 1);
    else expect(after).toBe(overall.total + 1);
  });
});
