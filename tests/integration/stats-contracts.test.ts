/**
 * The public statistics that come from contracts and outcomes (issue 7), on a small hand-made
 * data set with known answers, in a district of its own (so that other files sharing a
 * PostgreSQL database never change the figures). Three 2026 tenders, all awarded:
 *
 *   P elderly_care   need accepted 03-01, A awarded ¥200,000, contract in force 05-20 (80 days)
 *   Q children_youth need accepted 04-01, B awarded ¥100,000, contract in force 06-25 (85 days)
 *   R elderly_care   need accepted 04-10, A awarded ¥50,000, contract generated, never signed
 *
 * Payments: P's first tranche (30% = ¥60,000) and Q's (30% = ¥30,000). Donations to P: ¥500 and
 * ¥300 paid, ¥1,000 still pending. Outcomes (the scoring is tested on its own, so the graded
 * evaluations are written directly): P 良好, composite 85.50, satisfaction 88.00 (40 answers);
 * Q 不合格, composite 55.25, satisfaction 70.00 (12 answers). Survey tokens: P 50 issued and 40
 * answered, Q 20 issued and 12 answered.
 */
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import {
  donations,
  outcomeEvaluations,
  surveyResponses,
  surveyTokens,
} from "#db/schema";
import { translator } from "~/i18n";
import { recordPayment } from "~/modules/payments/payments.server";
import { statisticsCsv } from "~/modules/stats/stats-csv.server";
import {
  contractMoneyByDistrict,
  loadStatistics,
  outcomesByCategory,
  surveyResponseRates,
  timeToTenderAndAward,
} from "~/modules/stats/stats.server";
import * as csvRoute from "~/routes/statistics.$file";
import * as page from "~/routes/statistics._index";
import { context, getRequest, settle, useDemoData } from "../helpers/demo";
import {
  acceptedNeedAt,
  awardAt,
  bidAndOpen,
  districtBudgetLine,
  districtContract,
  districtTender,
  testAgency,
  testDistrict,
  type TestAgency,
  type TestDistrict,
} from "../helpers/district";
import { YUAN } from "../helpers/procurement";

useDemoData();

const bj = (local: string) => new Date(`${local}:00+08:00`);

let district: TestDistrict;
let A: TestAgency;
let B: TestAgency;

/** `n` single-use codes of the survey alphabet, unique to the run. */
const codes = (n: number) =>
  Array.from({ length: n }, () =>
    crypto.randomBytes(6).toString("hex").toUpperCase().slice(0, 10)
  );

beforeAll(async () => {
  district = await testDistrict("履约统计区");
  A = await testAgency(district, "甲社工", bj("2025-01-10T10:00"));
  B = await testAgency(district, "乙社工", bj("2025-01-10T10:00"));
  const evaluator = await testAgency(
    district,
    "评估机构",
    bj("2025-01-10T10:00"),
    "evaluator"
  );
  const line = await districtBudgetLine(district, 1_000_000, 2026);

  const awarded = async (
    accepted: string,
    published: string,
    category: "elderly_care" | "children_youth",
    ceilingYuan: number,
    prices: [TestAgency, number][],
    awardedAt: string
  ) => {
    const tender = await districtTender(district, {
      budgetLineId: line.id,
      needIds: [await acceptedNeedAt(district, bj(accepted), category)],
      publishedAt: bj(published),
      ceilingYuan,
      category,
    });
    const { bidOf } = await bidAndOpen(district, tender, prices);
    const { awards } = await awardAt(
      district,
      tender.id,
      prices.map(([agency]) => bidOf.get(agency.organizationId)!),
      bj(awardedAt)
    );
    return awards[0].id;
  };
  const p = await districtContract(
    district,
    A,
    await awarded(
      "2026-03-01T10:00",
      "2026-03-05T10:00",
      "elderly_care",
      250_000,
      [
        [A, 200_000],
        [B, 220_000],
      ],
      "2026-04-20T10:00"
    ),
    bj("2026-05-20T10:00")
  );
  const q = await districtContract(
    district,
    B,
    await awarded(
      "2026-04-01T10:00",
      "2026-04-05T10:00",
      "children_youth",
      150_000,
      [
        [B, 100_000],
        [A, 120_000],
      ],
      "2026-05-20T10:00"
    ),
    bj("2026-06-25T10:00")
  );
  await districtContract(
    district,
    A,
    await awarded(
      "2026-04-10T10:00",
      "2026-04-15T10:00",
      "elderly_care",
      80_000,
      [
        [A, 50_000],
        [B, 60_000],
      ],
      "2026-06-01T10:00"
    )
  );

  await recordPayment(
    db,
    district.officer,
    {
      trancheId: p.tranches[0].id,
      paidOn: "2026-05-22",
      amount: p.tranches[0].amount,
      reference: "P-1",
    },
    bj("2026-05-22T15:00")
  );
  await recordPayment(
    db,
    district.officer,
    {
      trancheId: q.tranches[0].id,
      paidOn: "2026-06-26",
      amount: q.tranches[0].amount,
      reference: "Q-1",
    },
    bj("2026-06-26T15:00")
  );

  const donation = (
    amountYuan: number,
    status: "paid" | "pending",
    at: string
  ) => ({
    contractId: p.contractId,
    amount: amountYuan * YUAN,
    status,
    donorName: null,
    receiptToken: crypto.randomBytes(16).toString("hex"),
    createdAt: bj(at),
    paidAt: status === "paid" ? bj(at) : null,
  });
  await db
    .insert(donations)
    .values([
      donation(500, "paid", "2026-07-01T10:00"),
      donation(300, "paid", "2026-08-01T10:00"),
      donation(1_000, "pending", "2026-08-02T10:00"),
    ]);

  const graded = (
    contractId: string,
    grade: "good" | "fail",
    composite: number,
    satisfaction: number,
    responses: number
  ) => ({
    contractId,
    evaluatorOrganizationId: evaluator.organizationId,
    commissionedBy: district.officer.id,
    commissionedAt: bj("2026-09-01T10:00"),
    dueOn: "2026-10-01",
    status: "submitted" as const,
    thirdPartyScore: composite,
    purchaserScore: composite,
    satisfactionScore: satisfaction,
    satisfactionResponses: responses,
    compositeScore: composite,
    grade,
    gradedAt: bj("2026-10-15T10:00"),
  });
  await db
    .insert(outcomeEvaluations)
    .values([
      graded(p.contractId, "good", 85.5, 88, 40),
      graded(q.contractId, "fail", 55.25, 70, 12),
    ]);

  const survey = async (
    contractId: string,
    issued: number,
    answered: number
  ) => {
    await db.insert(surveyTokens).values(
      codes(issued).map((code, i) => ({
        contractId,
        communityId: district.communityId,
        code,
        issuedBy: district.communityStaff.id,
        issuedAt: bj("2026-09-10T10:00"),
        expiresOn: "2026-10-10",
        usedOn: i < answered ? "2026-09-20" : null,
      }))
    );
    await db
      .insert(surveyResponses)
      .values(
        Array.from({ length: answered }, () => ({
          contractId,
          scores: [4, 5, 4],
          answeredOn: "2026-09-20",
        }))
      );
  };
  await survey(p.contractId, 50, 40);
  await survey(q.contractId, 20, 12);
});

const inDistrict = (year?: number) => ({
  districtId: district.districtId,
  year,
});

describe("contracts, payments and donations", () => {
  it("counts contracts in force, their amounts, the payments and the paid donations of the district", async () => {
    const [row] = await contractMoneyByDistrict(db, inDistrict());
    // R's contract was never signed: not in force. The pending donation is not money received.
    expect(row).toMatchObject({
      districtId: district.districtId,
      contracts: 2,
      contracted: 300_000 * YUAN,
      paid: 90_000 * YUAN,
      donations: 2,
      donated: 800 * YUAN,
    });
  });

  it("counts each by its own year: nothing in 2025", async () => {
    const [row] = await contractMoneyByDistrict(db, inDistrict(2025));
    expect(row).toMatchObject({
      contracts: 0,
      contracted: 0,
      paid: 0,
      donations: 0,
      donated: 0,
    });
  });
});

describe("outcomes", () => {
  it("gives the grade distribution and the average composite and satisfaction by category, and in all", async () => {
    expect(await outcomesByCategory(db, inDistrict())).toEqual([
      {
        category: "children_youth",
        graded: 1,
        grades: { excellent: 0, good: 0, pass: 0, fail: 1 },
        averageComposite: 55.25,
        averageSatisfaction: 70,
      },
      {
        category: "elderly_care",
        graded: 1,
        grades: { excellent: 0, good: 1, pass: 0, fail: 0 },
        averageComposite: 85.5,
        averageSatisfaction: 88,
      },
      // (85.50 + 55.25) / 2 = 70.375 → 70.38; (88 + 70) / 2 = 79.
      {
        category: "all",
        graded: 2,
        grades: { excellent: 0, good: 1, pass: 0, fail: 1 },
        averageComposite: 70.38,
        averageSatisfaction: 79,
      },
    ]);
    expect(await outcomesByCategory(db, inDistrict(2025))).toEqual([]);
  });

  it("gives survey response rates, marking fewer than 30 answers as low-confidence", async () => {
    expect(await surveyResponseRates(db, inDistrict())).toEqual([
      {
        category: "elderly_care",
        projects: 1,
        tokens: 50,
        responses: 40,
        responseRate: 0.8,
        lowConfidenceProjects: 0,
        lowConfidence: false,
      },
      {
        category: "children_youth",
        projects: 1,
        tokens: 20,
        responses: 12,
        responseRate: 0.6,
        lowConfidenceProjects: 1,
        lowConfidence: true,
      },
      // 52 / 70.
      {
        category: "all",
        projects: 2,
        tokens: 70,
        responses: 52,
        responseRate: 52 / 70,
        lowConfidenceProjects: 1,
        lowConfidence: false,
      },
    ]);
  });
});

describe("time from need to contract", () => {
  it("takes the median of the days from acceptance to the contract in force (80 and 85 days)", async () => {
    const rows = await timeToTenderAndAward(db, inDistrict());
    expect(rows.find((r) => r.stage === "contract")).toEqual({
      stage: "contract",
      needs: 2,
      medianDays: 82.5,
      available: true,
    });
  });
});

describe("on the page and in the CSV", () => {
  it("loads the new figures with the rest of the page, for the district chosen", async () => {
    const stats = await loadStatistics(db, inDistrict());
    expect(stats.contractMoney.map((d) => d.districtId)).toEqual([
      district.districtId,
    ]);
    const response = await settle(() =>
      page.loader({
        request: getRequest(`/statistics?district=${district.districtId}`),
        context,
        params: {},
      })
    );
    const data = await response.json();
    expect(data.stats.contractMoney[0]).toMatchObject({
      contracts: 2,
      paid: 90_000 * YUAN,
      donated: 800 * YUAN,
    });
    expect(
      data.stats.outcomes.map((o: { category: string }) => o.category)
    ).toEqual(["children_youth", "elderly_care", "all"]);
    expect(
      data.stats.surveys.map((r: { lowConfidence: boolean }) => r.lowConfidence)
    ).toEqual([false, true, false]);
  });

  it("answers the new tables' CSV addresses", async () => {
    for (const file of ["contracts.csv", "outcomes.csv", "surveys.csv"]) {
      const response = await settle(() =>
        csvRoute.loader({
          request: getRequest(
            `/statistics/${file}?district=${district.districtId}`
          ),
          context,
          params: { file },
        })
      );
      expect(response.status, file).toBe(200);
      expect(response.headers.get("Content-Type")).toBe(
        "text/csv; charset=utf-8"
      );
    }
  });

  it("writes each new table as CSV in the reader's language", async () => {
    const t = translator("zh-CN");
    const contracts = await statisticsCsv(
      db,
      "contracts",
      inDistrict(),
      t,
      "zh-CN"
    );
    expect(
      contracts
        .replace(/^\uFEFF/, "")
        .split("\r\n")
        .slice(0, 2)
    ).toEqual([
      "区,生效合同,合同金额 (元),已拨付 (元),捐赠笔数,社会捐赠 (元)",
      `履约统计区${district.districtCode.slice(
        -4
      )},2,300000.00,90000.00,2,800.00`,
    ]);
    const surveys = await statisticsCsv(
      db,
      "surveys",
      inDistrict(),
      translator("en"),
      "en"
    );
    expect(surveys.split("\r\n")[2]).toBe(
      "Children and youth,1,20,12,60.0,1,Low (under 30 answers)"
    );
    const outcomes = await statisticsCsv(
      db,
      "outcomes",
      inDistrict(),
      t,
      "zh-CN"
    );
    expect(outcomes.split("\r\n")[3]).toBe("全部类别,2,0,1,0,1,70.38,79.00");
  });
});
