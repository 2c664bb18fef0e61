/**
 * Risk flags (issue 7): each kind of flag raised by a tender built to deserve it and not by a
 * near miss, in a district of its own; the page is for bureau officers (their own bureau) and
 * admins (all bureaus), and refused to everyone else.
 *
 *   low      2026 open tender: A 150,000 · B 250,000 · H 260,000 → A awarded, 41.2% below the others
 *   fair     2026 open tender: A 240,000 · B 250,000 · H 260,000 → A awarded (4% below); B challenges
 *   single   2026 consultation, bid period exactly 10 days, one bid → unsuccessful
 *   min20    2026 open tender, bid period exactly 20 days
 *   min21    2026 open tender, bid period 21 days (not flagged)
 *   old      2025 open tender → B awarded: the only 2025 award (no dominance judged)
 *
 * In 2026 A won both awards of the district (100%): flagged as dominant.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import type { SessionUser } from "~/modules/auth/permissions";
import { answerChallenge, fileChallenge } from "~/modules/challenges/challenges.server";
import { listRiskFlags, type RiskFlag } from "~/modules/risk/risk.server";
import * as riskPage from "~/routes/risk";
import { context, cookieFor, getRequest, sessionUsers, settle, useDemoData } from "../helpers/demo";
import { acceptedNeedAt, awardAt, bidAndOpen, districtBudgetLine, districtTender, testAgency, testDistrict, type TestAgency, type TestDistrict } from "../helpers/district";
import { YUAN } from "../helpers/procurement";

useDemoData();

const bj = (local: string) => new Date(`${local}:00+08:00`);

let district: TestDistrict;
let A: TestAgency;
let B: TestAgency;
let H: TestAgency;
const ids = {} as Record<"low" | "fair" | "single" | "min20" | "min21" | "old", string>;
let lowAwardId: string;
let challengeId: string;
let admin: SessionUser;
let erqi: SessionUser;

beforeAll(async () => {
  [admin, erqi] = await sessionUsers("admin", "bureau.erqi");
  district = await testDistrict("风险测试区");
  A = await testAgency(district, "甲社工", bj("2025-01-10T10:00"));
  B = await testAgency(district, "乙社工", bj("2025-01-10T10:00"));
  H = await testAgency(district, "庚社工", bj("2025-01-10T10:00"));
  const line2026 = await districtBudgetLine(district, 3_000_000, 2026);
  const line2025 = await districtBudgetLine(district, 500_000, 2025);
  const tender = async (key: keyof typeof ids, published: string, fields: { line?: string; ceilingYuan?: number; method?: "open_tender" | "competitive_consultation"; bidDays?: number } = {}) => {
    const t = await districtTender(district, {
      budgetLineId: fields.line ?? line2026.id,
      needIds: [await acceptedNeedAt(district, bj(published))],
      publishedAt: bj(published),
      ceilingYuan: fields.ceilingYuan ?? 300_000,
      method: fields.method,
      bidDays: fields.bidDays,
    });
    ids[key] = t.id;
    return t;
  };
  const bidOf = (b: Awaited<ReturnType<typeof bidAndOpen>>, agency: TestAgency) => b.bidOf.get(agency.organizationId)!;

  const low = await tender("low", "2026-03-02T10:00");
  const lowBids = await bidAndOpen(district, low, [
    [A, 150_000],
    [B, 250_000],
    [H, 260_000],
  ]);
  lowAwardId = (await awardAt(district, low.id, [bidOf(lowBids, A), bidOf(lowBids, B), bidOf(lowBids, H)], bj("2026-04-20T10:00"))).awards[0].id;

  const fair = await tender("fair", "2026-03-10T10:00");
  const fairBids = await bidAndOpen(district, fair, [
    [A, 240_000],
    [B, 250_000],
    [H, 260_000],
  ]);
  // Confirmed Monday 05-11: publicity ends 05-12, challenges until 05-21.
  await awardAt(district, fair.id, [bidOf(fairBids, A), bidOf(fairBids, B), bidOf(fairBids, H)], bj("2026-05-11T10:00"));
  // Filed Wednesday 05-13: the answer is due 7 working days later, Friday 05-22.
  const challenge = await fileChallenge(db, B.member, fair.id, { subject: "对成交结果有异议", grounds: "成交供应商的团队人员与投标文件不符。" }, [], bj("2026-05-13T10:00"));
  expect(challenge.answerDueOn).toBe("2026-05-22");
  challengeId = challenge.id;

  const single = await tender("single", "2026-06-01T10:00", { method: "competitive_consultation", bidDays: 10, ceilingYuan: 100_000 });
  await bidAndOpen(district, single, [[B, 90_000]]);

  await tender("min20", "2026-07-01T10:00", { bidDays: 20, ceilingYuan: 50_000 });
  await tender("min21", "2026-07-02T10:00", { bidDays: 21, ceilingYuan: 50_000 });

  const old = await tender("old", "2025-05-01T10:00", { line: line2025.id, ceilingYuan: 100_000 });
  const oldBids = await bidAndOpen(district, old, [
    [A, 95_000],
    [B, 90_000],
    [H, 98_000],
  ]);
  await awardAt(district, old.id, [bidOf(oldBids, B), bidOf(oldBids, A), bidOf(oldBids, H)], bj("2025-06-20T10:00"));
});

async function flagsOf(user: SessionUser, kind: RiskFlag["kind"], now = new Date()) {
  const { groups } = await listRiskFlags(db, user, now);
  return groups.find((g) => g.kind === kind)!.flags;
}

const about = (flags: RiskFlag[], href: string) => flags.filter((f) => f.href.startsWith(href));

describe("the flags", () => {
  it("flags a tender whose opening found a single valid bid, and no tender with three", async () => {
    const flags = await flagsOf(district.officer, "singleValidBid");
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ href: `/tenders/${ids.single}`, vars: { method: "tenders.method.competitive_consultation", outcome: "risk.outcome.unsuccessful" } });
  });

  it("flags bid periods shorter than the legal minimum plus a day: 20 days for an open tender, 10 for a consultation", async () => {
    const flags = await flagsOf(district.officer, "minimumBidPeriod");
    expect(flags.map((f) => f.href).sort()).toEqual([`/tenders/${ids.min20}`, `/tenders/${ids.single}`].sort());
    expect(about(flags, `/tenders/${ids.min20}`)[0].vars).toMatchObject({ days: "20.0", minimum: 20 });
    expect(about(flags, `/tenders/${ids.single}`)[0].vars).toMatchObject({ days: "10.0", minimum: 10 });
  });

  it("flags an award at least 20% below the mean of the other valid bids, not one 4% below", async () => {
    const flags = await flagsOf(district.officer, "lowPriceAward");
    expect(flags).toHaveLength(1);
    // Others: (250,000 + 260,000) / 2 = 255,000; 150,000 is 41.2% below.
    expect(flags[0]).toMatchObject({
      key: `lowPriceAward:${lowAwardId}`,
      href: `/tenders/${ids.low}#award`,
      vars: { organization: A.name, price: 150_000 * YUAN, mean: 255_000 * YUAN, below: 41.2 },
    });
  });

  it("flags an organization that won more than half of a district's money in a year with two or more awards", async () => {
    const flags = await flagsOf(district.officer, "dominantWinner");
    // 2026: A won both awards, 390,000 of 390,000. 2025: B's single award is not judged.
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      href: `/organizations/${A.organizationId}`,
      subject: A.name,
      vars: { year: 2026, share: 100, amount: 390_000 * YUAN, total: 390_000 * YUAN, won: 2, awards: 2 },
    });
  });

  it("flags a challenge unanswered after its due date, until it is answered", async () => {
    expect(await flagsOf(district.officer, "overdueChallengeAnswer", bj("2026-05-22T18:00"))).toEqual([]);
    const flags = await flagsOf(district.officer, "overdueChallengeAnswer", bj("2026-05-25T10:00"));
    expect(flags).toEqual([expect.objectContaining({ key: `overdueChallengeAnswer:${challengeId}`, href: `/bureau/tenders/${ids.fair}/award#challenges`, vars: { due: "2026-05-22", days: 3 } })]);
    // An admin is sent to the public record instead of the bureau's page.
    const adminFlags = await flagsOf(admin, "overdueChallengeAnswer", bj("2026-05-25T10:00"));
    expect(about(adminFlags, `/tenders/${ids.fair}#award`)).toHaveLength(1);

    await answerChallenge(db, district.officer, challengeId, { decision: "reject", answer: "经核查，团队人员与投标文件一致，质疑不成立。" }, bj("2026-05-26T10:00"));
    expect(await flagsOf(district.officer, "overdueChallengeAnswer", bj("2026-05-27T10:00"))).toEqual([]);
  });
});

describe("who sees them", () => {
  it("shows an officer only their own bureau's flags, and an admin every bureau's", async () => {
    const theirs = await listRiskFlags(db, erqi);
    expect(theirs.allBureaus).toBe(false);
    const keys = theirs.groups.flatMap((g) => g.flags.map((f) => f.href));
    expect(keys.some((href) => Object.values(ids).some((id) => href.includes(id)))).toBe(false);
    expect(keys.some((href) => href.includes(A.organizationId))).toBe(false);

    const all = await listRiskFlags(db, admin);
    expect(all.allBureaus).toBe(true);
    expect(all.groups.find((g) => g.kind === "singleValidBid")!.flags.map((f) => f.href)).toContain(`/tenders/${ids.single}`);
  });

  it("serves the page to officers and admins, refuses other roles and sends visitors to sign in", async () => {
    const officerCookie = await cookieFor(district.officer.id);
    const officer = await settle(() => riskPage.loader({ request: getRequest("/risk", officerCookie), context, params: {} }));
    expect(officer.status).toBe(200);
    const data = await officer.json();
    expect(data.groups.find((g: { kind: string }) => g.kind === "lowPriceAward").flags).toHaveLength(1);

    const [agency] = await sessionUsers("agency.anyuan");
    const visitor = await settle(() => riskPage.loader({ request: getRequest("/risk"), context, params: {} }));
    expect(visitor.status).toBe(302);
    const agencyCookie = await cookieFor(agency.id);
    const forbidden = await settle(() => riskPage.loader({ request: getRequest("/risk", agencyCookie), context, params: {} }));
    expect(forbidden.status).toBe(403);
  });
});
