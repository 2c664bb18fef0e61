/**
 * A district of its own for tests whose figures must be exact even when other test files share
 * the database (PostgreSQL): a new district with one street and one community, its bureau with an
 * officer, community staff, and agencies serving only that district. Regions, users and
 * organizations are inserted directly, as the demo seed does; everything after that (needs,
 * budget lines, tenders, bids, openings, awards, contracts) goes through the modules.
 */
import { asc, eq } from "drizzle-orm";
import { db } from "#db/client";
import { awards, bureaus, contractMilestones, evaluationResults, paymentTranches, memberships, needs, organizationDistricts, organizationMembers, organizations, regions, staff, tenders, users } from "#db/schema";
import type { SessionUser } from "~/modules/auth/permissions";
import { confirmAward, settleAward } from "~/modules/awards/awards.server";
import { openBids, submitBid } from "~/modules/bids/bids.server";
import type { FundSource } from "~/modules/budgets/budgets-schema";
import { createBudgetLine } from "~/modules/budgets/budgets.server";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { addDays } from "~/modules/contracts/contract-rules";
import { generateContract, signContract } from "~/modules/contracts/contracts.server";
import { postNeed, reviewNeed } from "~/modules/needs/needs.server";
import type { ServiceCategory } from "~/modules/needs/service-categories";
import type { ProcurementMethod } from "~/modules/tenders/tender-rules";
import { publishTender, saveDraft } from "~/modules/tenders/tenders.server";
import { randomUscc, sessionUser, unique } from "./demo";
import { bidInput, DAY, needInput, plus, tenderInput, YUAN } from "./procurement";

export interface TestDistrict {
  districtId: string;
  districtCode: string;
  bureauId: string;
  communityId: string;
  officer: SessionUser;
  communityStaff: SessionUser;
}

async function insertUser(name: string) {
  const username = unique(name);
  const [row] = await db.insert(users).values({ username, displayName: name, passwordHash: "not-a-password" }).returning({ id: users.id });
  return row.id;
}

/** A new district (code unique to the run), its bureau, one community, an officer and community staff. */
export async function testDistrict(name = "测试区"): Promise<TestDistrict> {
  const [city] = await db.select({ id: regions.id }).from(regions).where(eq(regions.level, "city")).limit(1);
  const code = unique("T");
  const [district] = await db
    .insert(regions)
    .values({ parentId: city?.id ?? null, level: "district", code, nameZh: `${name}${code.slice(-4)}`, nameEn: `Test district ${code.slice(-4)}` })
    .returning({ id: regions.id });
  const [street] = await db.insert(regions).values({ parentId: district.id, level: "street", code: `${code}-S`, nameZh: "测试街道", nameEn: "Test street" }).returning({ id: regions.id });
  const [community] = await db
    .insert(regions)
    .values({ parentId: street.id, level: "community", code: `${code}-C`, nameZh: "测试社区", nameEn: "Test community" })
    .returning({ id: regions.id });
  const [bureau] = await db.insert(bureaus).values({ districtId: district.id, nameZh: `${name}民政局`, nameEn: "Test civil affairs bureau" }).returning({ id: bureaus.id });
  const officerId = await insertUser("测试民政局科员");
  const staffId = await insertUser("测试社区干部");
  await db.insert(memberships).values([
    { userId: officerId, role: "bureau", bureauId: bureau.id },
    { userId: staffId, role: "community", communityId: community.id },
  ]);
  return {
    districtId: district.id,
    districtCode: code,
    bureauId: bureau.id,
    communityId: community.id,
    officer: await sessionUser({ id: officerId }),
    communityStaff: await sessionUser({ id: staffId }),
  };
}

export interface TestAgency {
  organizationId: string;
  name: string;
  uscc: string;
  member: SessionUser;
  staffIds: string[];
}

/** A social-work agency serving the district, verified at `verifiedAt` (null: still pending). */
export async function testAgency(district: TestDistrict, name: string, verifiedAt: Date | null, kind: "agency" | "evaluator" = "agency"): Promise<TestAgency> {
  const uscc = randomUscc();
  const fullName = `${name}${unique("")}`;
  const [org] = await db
    .insert(organizations)
    .values({
      kind,
      name: fullName,
      uscc,
      registrationType: "private_non_enterprise",
      serviceCategories: ["elderly_care"],
      contactName: "联系人",
      contactPhone: "0371-60000000",
      verificationStatus: verifiedAt ? "verified" : "pending",
      verifiedAt,
      createdAt: verifiedAt ? plus(verifiedAt, -7) : new Date(),
    })
    .returning({ id: organizations.id });
  await db.insert(organizationDistricts).values({ organizationId: org.id, districtId: district.districtId });
  const userId = await insertUser(`${name}负责人`);
  await db.insert(organizationMembers).values({ organizationId: org.id, userId, memberRole: "owner" });
  const staffRows = await db
    .insert(staff)
    .values([
      { organizationId: org.id, name: "社工甲", qualification: "social_worker" },
      { organizationId: org.id, name: "社工乙", qualification: "assistant_social_worker" },
    ])
    .returning({ id: staff.id });
  return { organizationId: org.id, name: fullName, uscc, member: await sessionUser({ id: userId }), staffIds: staffRows.map((s) => s.id) };
}

export function districtBudgetLine(district: TestDistrict, yuan: number, fiscalYear: number, fundSource: FundSource = "general_budget") {
  return createBudgetLine(db, district.officer, { fiscalYear, fundSource, name: unique("测试预算指标"), amount: yuan * YUAN });
}

/** A need of the district's community, accepted at `acceptedAt` (the review time is set as the seed does). */
export async function acceptedNeedAt(district: TestDistrict, acceptedAt: Date, category: ServiceCategory = "elderly_care") {
  const need = await postNeed(db, district.communityStaff, needInput({ category }));
  await reviewNeed(db, district.officer, need.id, { decision: "accept" });
  await db.update(needs).set({ reviewedAt: acceptedAt }).where(eq(needs.id, need.id));
  return need.id;
}

export interface DistrictTenderSpec {
  budgetLineId: string;
  needIds: string[];
  publishedAt: Date;
  ceilingYuan: number;
  method?: ProcurementMethod;
  category?: ServiceCategory;
  /** Days from publication to the bid deadline (30 unless told). */
  bidDays?: number;
}

/** A tender of the district's bureau for its community, published at `publishedAt`. */
export async function districtTender(district: TestDistrict, spec: DistrictTenderSpec) {
  const method = spec.method ?? "open_tender";
  const bidDays = spec.bidDays ?? 30;
  const input = tenderInput({
    budgetLineId: spec.budgetLineId,
    needIds: spec.needIds,
    communityIds: [district.communityId],
    method,
    category: spec.category ?? "elderly_care",
    ceilingPrice: spec.ceilingYuan * YUAN,
    enquiryDeadline: plus(spec.publishedAt, Math.min(5, bidDays - 1)),
    bidDeadline: plus(spec.publishedAt, bidDays),
  });
  const draft = await saveDraft(db, district.officer, input);
  const published = await publishTender(db, district.officer, draft.id, spec.publishedAt);
  return published;
}

/** Bids (prices in yuan) placed a day after publication, opened the day after the deadline. */
export async function bidAndOpen(district: TestDistrict, tender: { id: string; publishedAt: Date | null; bidDeadline: Date; method: ProcurementMethod }, prices: [TestAgency, number][]) {
  const bidOf = new Map<string, string>();
  for (const [agency, priceYuan] of prices) {
    const input = bidInput(agency.staffIds, priceYuan * YUAN, tender.method === "venture_call" ? { proposalTitle: `${agency.name}的项目` } : {});
    const { id } = await submitBid(db, agency.member, tender.id, input, plus(tender.publishedAt!, 1));
    bidOf.set(agency.organizationId, id);
  }
  const opening = await openBids(db, district.officer, tender.id, plus(tender.bidDeadline, 1));
  return { bidOf, opening };
}

/**
 * The committee's ranking written directly (as the awards tests do: the scoring module is tested
 * on its own), in the order given, then the award confirmed at `confirmedAt`: the first-ranked
 * bid, or for a venture call every bid named in `order` (all funded).
 */
export async function awardAt(district: TestDistrict, tenderId: string, bidIds: string[], confirmedAt: Date, venture = false) {
  await db.insert(evaluationResults).values(
    bidIds.map((bidId, i) => ({ tenderId, bidId, priceScore: "30.00", total: (90 - i).toFixed(2), rank: i + 1, recommended: i < 3, funded: venture ? true : null, computedAt: plus(confirmedAt, -1) })),
  );
  await db.update(tenders).set({ status: "recommended" }).where(eq(tenders.id, tenderId));
  return confirmAward(db, district.officer, tenderId, { bidId: bidIds[0] }, confirmedAt);
}

/**
 * The contract of an award: the award settled the morning after its challenge deadline, the
 * contract generated an hour later (service from the next day), signed by the agency's owner an
 * hour after that and by the officer at `activatedAt` (it takes effect then). Without
 * `activatedAt` it stays a draft nobody signed.
 */
export async function districtContract(district: TestDistrict, agency: TestAgency, awardId: string, activatedAt?: Date) {
  const [award] = await db.select().from(awards).where(eq(awards.id, awardId));
  const settledAt = new Date(Date.parse(`${award.challengeDeadline}T09:00:00+08:00`) + DAY);
  if (!(await settleAward(db, award.tenderId, settledAt))) throw new Error("districtContract: the award did not become final");
  const generatedAt = new Date(settledAt.getTime() + 60 * 60_000);
  if (activatedAt && activatedAt.getTime() <= generatedAt.getTime() + 60 * 60_000) throw new Error("districtContract: activatedAt must follow the award's challenge window");
  const contract = await generateContract(db, district.officer, { awardId, serviceStartOn: addDays(shanghaiToday(generatedAt), 1) }, generatedAt);
  if (activatedAt) {
    await signContract(db, agency.member, contract.id, { version: 1 }, new Date(generatedAt.getTime() + 60 * 60_000));
    const { active } = await signContract(db, district.officer, contract.id, { version: 1 }, activatedAt);
    if (!active) throw new Error("districtContract: the contract did not become active");
  }
  const [milestones, tranches] = await Promise.all([
    db.select().from(contractMilestones).where(eq(contractMilestones.contractId, contract.id)).orderBy(asc(contractMilestones.position)),
    db.select().from(paymentTranches).where(eq(paymentTranches.contractId, contract.id)).orderBy(asc(paymentTranches.position)),
  ]);
  return { contractId: contract.id, amount: contract.amount, milestones, tranches };
}
