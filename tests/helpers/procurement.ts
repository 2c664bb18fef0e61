/**
 * Builders of procurement scenarios for integration tests: budget lines, accepted needs, tenders
 * (draft, published, opened) and bids, made through the modules as the bureau, the community and
 * the agencies would. Inputs are built by hand, not through the forms: the commands must not rely
 * on the forms' checks. Every record gets a unique title or name, so files sharing one PostgreSQL
 * database never disturb each other. Times are passed in explicitly where a rule reads the clock.
 */
import { asc, eq, inArray } from "drizzle-orm";
import { db } from "#db/client";
import { budgetLines, needs, staff, tenderCriteria, tenders } from "#db/schema";
import type { SessionUser } from "~/modules/auth/permissions";
import type { BidInput } from "~/modules/bids/bids-schema";
import { openBids, submitBid } from "~/modules/bids/bids.server";
import type { FundSource } from "~/modules/budgets/budgets-schema";
import type { UploadedFile } from "~/modules/documents/uploads.server";
import { createBudgetLine } from "~/modules/budgets/budgets.server";
import type { NeedInput } from "~/modules/needs/needs-schema";
import { postNeed, reviewNeed } from "~/modules/needs/needs.server";
import type { ProcurementMethod } from "~/modules/tenders/tender-rules";
import type { TenderInput } from "~/modules/tenders/tenders-schema";
import { publishTender, saveDraft } from "~/modules/tenders/tenders.server";
import { regionId, sessionUsers, unique } from "./demo";

export const DAY = 86_400_000;
export const MINUTE = 60_000;
/** Amounts are in fen: `300_000 * YUAN`. */
export const YUAN = 100;

/** A clock reading with whole minutes, so that times typed into a form round-trip exactly. */
export function minuteNow() {
  return new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
}

export const plus = (base: Date, days: number, minutes = 0) => new Date(base.getTime() + days * DAY + minutes * MINUTE);

// ---------------------------------------------------------------------------------------------
// Who buys: a bureau's officer, a community of its district whose staff post the needs, a line
// ---------------------------------------------------------------------------------------------

export interface Purchaser {
  officer: SessionUser;
  communityStaff: SessionUser;
  communityId: string;
  /** The line its tenders draw on unless told otherwise. */
  budgetLineId: string;
}

const DEMO_PURCHASERS = {
  jinshui: { officer: "bureau.jinshui", communityStaff: "community.fengle", community: "丰乐社区" },
  erqi: { officer: "bureau.erqi", communityStaff: "community.daxuelu", community: "大学路社区" },
} as const;

/** A budget line of the officer's bureau for 2026, with a name no other test uses. */
export function budgetLine(officer: SessionUser, yuan: number, fundSource: FundSource = "general_budget") {
  return createBudgetLine(db, officer, { fiscalYear: 2026, fundSource, name: unique("测试预算指标"), amount: yuan * YUAN });
}

/** A demo district's officer buying for one of its communities, with a fresh line of `lineYuan`. */
export async function purchaser(district: keyof typeof DEMO_PURCHASERS, lineYuan: number): Promise<Purchaser> {
  const names = DEMO_PURCHASERS[district];
  const [[officer, communityStaff], communityId] = await Promise.all([sessionUsers(names.officer, names.communityStaff), regionId(names.community)]);
  const line = await budgetLine(officer, lineYuan);
  return { officer, communityStaff, communityId, budgetLineId: line.id };
}

// ---------------------------------------------------------------------------------------------
// Needs
// ---------------------------------------------------------------------------------------------

/** A need as community staff would post it (elderly care, found on a home visit). */
export function needInput(fields: Partial<NeedInput> = {}): NeedInput {
  return {
    title: unique("测试需求"),
    description: "入户走访发现辖区独居老人午餐无人照料，希望引入助餐和探访服务。",
    category: "elderly_care",
    targetGroup: "80 岁以上独居老人",
    beneficiariesEstimate: 40,
    suggestedBudget: 100_000 * YUAN,
    urgency: "normal",
    channel: "visit",
    ...fields,
  };
}

/** A need posted by community staff and accepted by the district's officer: ready for a tender. */
export async function acceptedNeed(communityStaff: SessionUser, officer: SessionUser, fields: Partial<NeedInput> = {}) {
  const need = await postNeed(db, communityStaff, needInput(fields));
  await reviewNeed(db, officer, need.id, { decision: "accept" });
  return need.id;
}

// ---------------------------------------------------------------------------------------------
// Tenders
// ---------------------------------------------------------------------------------------------

/** A tender's fields over the defaults below; `criteriaPoints` gives the criteria by their points. */
export type TenderSpec = Partial<TenderInput> & Pick<TenderInput, "enquiryDeadline" | "bidDeadline"> & { criteriaPoints?: number[] };

const CRITERIA = [
  { name: "服务方案", description: "方案的针对性与可行性" },
  { name: "团队与经验", description: "持证社工与同类项目经验" },
];

/**
 * An open tender for elderly care, ¥300,000, price 30 points and criteria 40 + 30 unless told:
 * what the form would produce.
 */
export function tenderInput(spec: TenderSpec & Pick<TenderInput, "budgetLineId" | "needIds" | "communityIds">): TenderInput {
  const { criteriaPoints, ...fields } = spec;
  const method = fields.method ?? "open_tender";
  const pricePoints = fields.pricePoints ?? 30;
  return {
    title: unique("测试采购项目"),
    description: "为辖区老年人提供助餐、探访和日间照料服务。\n服务期限：合同签订之日起12个月。",
    category: "elderly_care",
    method,
    theme: method === "venture_call" ? "一老一小" : undefined,
    ceilingPrice: 300_000 * YUAN,
    servicePeriodMonths: 12,
    recurringService: false,
    eligibility: "依法登记的社会组织，未被列入活动异常名录或严重违法失信名单。",
    pricePoints,
    criteria: (criteriaPoints ?? [40, 100 - 40 - pricePoints]).map((maxPoints, i) => ({
      ...(CRITERIA[i] ?? { name: `评分项${i + 1}`, description: `评分细则${i + 1}` }),
      maxPoints,
    })),
    weightPurchaser: 30,
    weightThirdParty: 40,
    weightSatisfaction: 30,
    tranches: [
      { milestone: "合同签订", percentage: 30 },
      { milestone: "中期验收", percentage: 40 },
      { milestone: "绩效评估", percentage: 30 },
    ],
    contactName: "孙立新",
    contactPhone: "0371-65951826",
    ...fields,
  };
}

/** A draft of the purchaser's, for its community, answering a fresh accepted need unless told. */
export async function draftTender(buyer: Purchaser, spec: TenderSpec) {
  const needIds = spec.needIds ?? [await acceptedNeed(buyer.communityStaff, buyer.officer, spec.category ? { category: spec.category } : {})];
  const draft = await saveDraft(db, buyer.officer, tenderInput({ budgetLineId: buyer.budgetLineId, communityIds: [buyer.communityId], ...spec, needIds }));
  return { ...draft, needIds };
}

/** A tender published at `publishedAt` (default: now), questions for 10 days and bids for 30 unless told. */
export async function publishedTender(buyer: Purchaser, spec: Partial<TenderSpec> & { publishedAt?: Date } = {}) {
  const { publishedAt = minuteNow(), ...fields } = spec;
  const draft = await draftTender(buyer, { enquiryDeadline: plus(publishedAt, 10), bidDeadline: plus(publishedAt, 30), ...fields });
  const published = await publishTender(db, buyer.officer, draft.id, publishedAt);
  return { ...published, needIds: draft.needIds };
}

// ---------------------------------------------------------------------------------------------
// Bids
// ---------------------------------------------------------------------------------------------

/** A bid as a program would build it (not through the form); the budget sums to the price (fen). */
export function bidInput(teamStaffIds: string[], price: number, fields: Partial<BidInput> = {}): BidInput {
  const people = Math.floor(price * 0.6);
  return {
    price,
    servicePlan: `服务方案${unique("")}：每周三次入户探访，每日中午助餐配送。`,
    activities: "探访、助餐、健康讲座、节日活动",
    beneficiaries: 120,
    sessions: 48,
    volunteerHours: 300,
    teamStaffIds,
    budget: [
      { item: "人员经费", amount: people },
      { item: "活动经费", amount: price - people },
    ],
    ...fields,
  };
}

/** The organization an agency member bids for, and its staff, oldest first. */
export async function agencyStaff(member: SessionUser) {
  const organizationId = member.grants.find((g) => g.role === "agency")!.organizationId!;
  const rows = await db.select({ id: staff.id }).from(staff).where(eq(staff.organizationId, organizationId)).orderBy(asc(staff.createdAt));
  return { organizationId, staffIds: rows.map((r) => r.id) };
}

/** Three verified agencies of the demo data, by the last part of their username (agency.anyuan). */
export type DemoAgency = "anyuan" | "hexie" | "xinyuan";

/**
 * Bids by demo agencies at the given prices (yuan), each with two of its staff as the team, placed
 * at `at` one after another; a venture proposal is titled after its agency.
 */
export async function submittedBids(
  tenderId: string,
  prices: Partial<Record<DemoAgency, number>>,
  at: Date,
  venture = false,
  attachments: Partial<Record<DemoAgency, Pick<UploadedFile, "filename" | "bytes">[]>> = {},
) {
  const bidOf = {} as Record<DemoAgency, string>;
  const organizationOf = {} as Record<DemoAgency, string>;
  for (const [key, priceYuan] of Object.entries(prices) as [DemoAgency, number][]) {
    const [member] = await sessionUsers(`agency.${key}`);
    const { organizationId, staffIds } = await agencyStaff(member);
    const input = bidInput(staffIds.slice(0, 2), priceYuan * YUAN, {
      servicePlan: `${key}的服务方案：助餐、探访、日间照料。`,
      activities: `${key}：每周两次集体活动。`,
      ...(venture ? { proposalTitle: `${key}的公益创投项目` } : {}),
    });
    bidOf[key] = (await submitBid(db, member, tenderId, input, at, attachments[key] ?? [])).id;
    organizationOf[key] = organizationId;
  }
  return { bidOf, organizationOf };
}

// ---------------------------------------------------------------------------------------------
// A tender with opened bids
// ---------------------------------------------------------------------------------------------

export interface OpenedTenderSpec {
  method?: ProcurementMethod;
  ceilingYuan?: number;
  /** Prices in yuan by bidding agency. */
  prices: Partial<Record<DemoAgency, number>>;
  /** Default: 31 days before the opening, so that bids closed the day before. */
  publishedAt?: Date;
  openedAt: Date;
  /** Files sealed with the bids, by bidding agency. */
  attachments?: Partial<Record<DemoAgency, Pick<UploadedFile, "filename" | "bytes">[]>>;
}

export interface OpenedTender {
  tenderId: string;
  title: string;
  budgetLineId: string;
  needId: string;
  /** Fen. */
  ceiling: number;
  criteria: { id: string; maxPoints: number }[];
  /** Bid ids by agency. */
  bidOf: Record<DemoAgency, string>;
  organizationOf: Record<DemoAgency, string>;
}

/**
 * A 金水区 tender for 丰乐社区 on a line of its own (twice the ceiling, ¥300,000 unless told),
 * published at `publishedAt` with bids due 30 days later, bid on by the demo agencies a day after
 * publication, opened at `openedAt`.
 */
export async function openedTender(spec: OpenedTenderSpec): Promise<OpenedTender> {
  const { openedAt, publishedAt = plus(openedAt, -31) } = spec;
  const ceilingYuan = spec.ceilingYuan ?? 300_000;
  const ceiling = ceilingYuan * YUAN;
  const buyer = await purchaser("jinshui", ceilingYuan * 2);
  const method = spec.method ?? "open_tender";
  const tender = await publishedTender(buyer, { method, ceilingPrice: ceiling, publishedAt });
  const { bidOf, organizationOf } = await submittedBids(tender.id, spec.prices, plus(publishedAt, 1), method === "venture_call", spec.attachments);
  await openBids(db, buyer.officer, tender.id, openedAt);
  const criteria = await db
    .select({ id: tenderCriteria.id, maxPoints: tenderCriteria.maxPoints })
    .from(tenderCriteria)
    .where(eq(tenderCriteria.tenderId, tender.id))
    .orderBy(asc(tenderCriteria.position));
  return { tenderId: tender.id, title: tender.title, budgetLineId: buyer.budgetLineId, needId: tender.needIds[0], ceiling, criteria, bidOf, organizationOf };
}

// ---------------------------------------------------------------------------------------------
// Reading back
// ---------------------------------------------------------------------------------------------

export async function tenderRow(id: string) {
  const [row] = await db.select().from(tenders).where(eq(tenders.id, id));
  return row;
}

export async function tenderStatus(id: string) {
  return (await tenderRow(id)).status;
}

export async function lineRow(id: string) {
  const [row] = await db.select().from(budgetLines).where(eq(budgetLines.id, id));
  return row;
}

export async function needStatuses(ids: string[]) {
  const rows = await db.select({ status: needs.status }).from(needs).where(inArray(needs.id, ids));
  return rows.map((r) => r.status);
}
