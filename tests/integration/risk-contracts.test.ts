/**
 * Risk flags from contracts and outcomes (issue 7), in a district of its own:
 *
 *   X  A's contract in force from 2026-05-20 (milestones: on signing, mid-term, final)
 *   Y  B's contract in force from 2026-06-25
 *   Z  A's contract generated, never signed (a draft)
 *
 * Overdue milestones: X's mid-term milestone is flagged from the day after its due date until it
 * is accepted; the milestone met on signing never is; a draft's milestones are not watched.
 * Low survey confidence (graded evaluations written directly: the scoring is tested on its own):
 * X 不合格 on 12 answers is flagged; Y 良好 on exactly 30 is not; Z, commissioned and not
 * graded, with 3 answers so far, is not.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { outcomeEvaluations } from "#db/schema";
import type { SessionUser } from "~/modules/auth/permissions";
import { acceptMilestone, confirmService, saveProgressReport } from "~/modules/contracts/progress.server";
import { listRiskFlags, type RiskFlag } from "~/modules/risk/risk.server";
import * as riskPage from "~/routes/risk";
import { reportInput } from "../helpers/contracts";
import { context, cookieFor, getRequest, sessionUsers, settle, useDemoData } from "../helpers/demo";
import { acceptedNeedAt, awardAt, bidAndOpen, districtBudgetLine, districtContract, districtTender, testAgency, testDistrict, type TestAgency, type TestDistrict } from "../helpers/district";

useDemoData();

const bj = (local: string) => new Date(`${local}:00+08:00`);

let district: TestDistrict;
let A: TestAgency;
let B: TestAgency;
let X: Awaited<ReturnType<typeof districtContract>>;
let Y: Awaited<ReturnType<typeof districtContract>>;
let Z: Awaited<ReturnType<typeof districtContract>>;
const evaluationIds = {} as Record<"X" | "Y" | "Z", string>;
let admin: SessionUser;
let erqi: SessionUser;

beforeAll(async () => {
  [admin, erqi] = await sessionUsers("admin", "bureau.erqi");
  district = await testDistrict("履约风险区");
  A = await testAgency(district, "甲社工", bj("2025-01-10T10:00"));
  B = await testAgency(district, "乙社工", bj("2025-01-10T10:00"));
  const evaluator = await testAgency(district, "评估机构", bj("2025-01-10T10:00"), "evaluator");
  const line = await districtBudgetLine(district, 1_000_000, 2026);
  const awarded = async (published: string, prices: [TestAgency, number][], awardedAt: string) => {
    const tender = await districtTender(district, { budgetLineId: line.id, needIds: [await acceptedNeedAt(district, bj(published))], publishedAt: bj(published), ceilingYuan: 300_000 });
    const { bidOf } = await bidAndOpen(district, tender, prices);
    const { awards } = await awardAt(
      district,
      tender.id,
      prices.map(([agency]) => bidOf.get(agency.organizationId)!),
      bj(awardedAt),
    );
    return awards[0].id;
  };
  X = await districtContract(
    district,
    A,
    await awarded(
      "2026-03-02T10:00",
      [
        [A, 200_000],
        [B, 220_000],
      ],
      "2026-04-20T10:00",
    ),
    bj("2026-05-20T10:00"),
  );
  Y = await districtContract(
    district,
    B,
    await awarded(
      "2026-04-01T10:00",
      [
        [B, 210_000],
        [A, 230_000],
      ],
      "2026-05-20T10:00",
    ),
    bj("2026-06-25T10:00"),
  );
  Z = await districtContract(
    district,
    A,
    await awarded(
      "2026-04-10T10:00",
      [
        [A, 100_000],
        [B, 120_000],
      ],
      "2026-06-01T10:00",
    ),
  );

  const evaluation = (contractId: string, fields: Partial<typeof outcomeEvaluations.$inferInsert>) => ({
    contractId,
    evaluatorOrganizationId: evaluator.organizationId,
    commissionedBy: district.officer.id,
    commissionedAt: bj("2026-09-01T10:00"),
    dueOn: "2026-10-01",
    ...fields,
  });
  const rows = await db
    .insert(outcomeEvaluations)
    .values([
      evaluation(X.contractId, { status: "submitted", satisfactionScore: 55, satisfactionResponses: 12, compositeScore: 52.5, grade: "fail", gradedAt: bj("2026-10-15T10:00") }),
      evaluation(Y.contractId, { status: "submitted", satisfactionScore: 86, satisfactionResponses: 30, compositeScore: 84, grade: "good", gradedAt: bj("2026-10-16T10:00") }),
      evaluation(Z.contractId, { status: "commissioned", satisfactionResponses: 3 }),
    ])
    .returning({ id: outcomeEvaluations.id, contractId: outcomeEvaluations.contractId });
  for (const [key, c] of Object.entries({ X, Y, Z })) evaluationIds[key as "X" | "Y" | "Z"] = rows.find((r) => r.contractId === c.contractId)!.id;
});

async function flagsOf(user: SessionUser, kind: RiskFlag["kind"], now = new Date()) {
  const { groups } = await listRiskFlags(db, user, now);
  return groups.find((g) => g.kind === kind)!.flags;
}

const ofDistrict = (flags: RiskFlag[]) => flags.filter((f) => [X, Y, Z].some((c) => f.href.includes(c.contractId)));
const dayAfter = (date: string) => new Date(Date.parse(`${date}T10:00:00+08:00`) + 86_400_000);

describe("overdue milestones", () => {
  it("flags a milestone of a contract in force from the day after its due date, and not the one met on signing", async () => {
    const mid = X.milestones[1];
    expect(X.milestones[0].needsReport).toBe(false);
    expect(ofDistrict(await flagsOf(district.officer, "overdueMilestone", new Date(Date.parse(`${mid.dueOn}T18:00:00+08:00`))))).toEqual([]);
    const flags = ofDistrict(await flagsOf(district.officer, "overdueMilestone", dayAfter(mid.dueOn)));
    expect(flags).toEqual([
      expect.objectContaining({
        key: `overdueMilestone:${mid.id}`,
        href: `/bureau/projects/${X.contractId}`,
        vars: { milestone: mid.name, organization: A.name, due: mid.dueOn, days: 1, status: "risk.milestoneStatus.pending" },
      }),
    ]);
    // An admin is sent to the public project page.
    const adminFlags = ofDistrict(await flagsOf(admin, "overdueMilestone", dayAfter(mid.dueOn)));
    expect(adminFlags.map((f) => f.href)).toEqual([`/projects/${X.contractId}`]);
  });

  it("does not watch a draft contract's milestones, even long past their dates", async () => {
    const late = dayAfter(Z.milestones[Z.milestones.length - 1].dueOn);
    const flags = ofDistrict(await flagsOf(district.officer, "overdueMilestone", late));
    expect(flags.some((f) => f.href.includes(Z.contractId))).toBe(false);
    // X's and Y's later milestones are all overdue by then.
    expect(flags.map((f) => f.key).sort()).toEqual([...X.milestones.slice(1), ...Y.milestones.slice(1)].map((m) => `overdueMilestone:${m.id}`).sort());
  });

  it("stops flagging the milestone once it is accepted", async () => {
    const mid = X.milestones[1];
    await saveProgressReport(db, A.member, mid.id, await reportInput(X));
    expect(ofDistrict(await flagsOf(district.officer, "overdueMilestone", dayAfter(mid.dueOn)))[0].vars.status).toBe("risk.milestoneStatus.submitted");
    await confirmService(db, district.communityStaff, mid.id, { status: "confirmed" });
    await acceptMilestone(db, district.officer, mid.id);
    expect(ofDistrict(await flagsOf(district.officer, "overdueMilestone", dayAfter(mid.dueOn)))).toEqual([]);
  });
});

describe("low survey confidence", () => {
  it("flags a graded evaluation on fewer than 30 answers, not one on 30 nor one not graded yet", async () => {
    const flags = ofDistrict(await flagsOf(district.officer, "lowSurveyConfidence"));
    expect(flags).toEqual([
      expect.objectContaining({
        key: `lowSurveyConfidence:${evaluationIds.X}`,
        href: `/bureau/projects/${X.contractId}/outcome`,
        at: bj("2026-10-15T10:00").toISOString(),
        vars: { responses: 12, minimum: 30, grade: "outcomes.grade.fail" },
      }),
    ]);
  });
});

describe("who sees them", () => {
  it("shows them to the contract's bureau and to admins, not to another bureau", async () => {
    const theirs = await listRiskFlags(db, erqi, dayAfter(X.milestones[2].dueOn));
    expect(theirs.groups.flatMap((g) => ofDistrict(g.flags))).toEqual([]);
    expect(ofDistrict(await flagsOf(admin, "lowSurveyConfidence")).map((f) => f.href)).toEqual([`/projects/${X.contractId}`]);
  });

  it("shows the new kinds on the page, each flag's sentence in the reader's language", async () => {
    const cookie = await cookieFor(district.officer.id);
    const response = await settle(() => riskPage.loader({ request: getRequest("/risk", cookie), context, params: {} }));
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.groups.map((g: { kind: string }) => g.kind)).toEqual(expect.arrayContaining(["overdueMilestone", "lowSurveyConfidence"]));
    expect(data.groups.find((g: { kind: string }) => g.kind === "lowSurveyConfidence").flags).toHaveLength(1);
  });
});
