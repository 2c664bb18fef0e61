/**
 * The public statistics (DESIGN §1, §5): one query per figure, each taking the filter (district,
 * year) and reading only what is public. Tender figures count tenders by the Beijing year of
 * their publication and the district of their bureau; award figures count the awards that stand
 * (in publicity or final, not revoked) by the year they were confirmed.
 *
 * Contract figures count contracts that took effect (signed by both parties) by the year they
 * did, payments by the day paid, paid donations (社会捐赠) by the day paid, outcome grades by the
 * day graded, survey tokens by the day issued and answers by the day answered; the district is
 * always that of the contract's bureau.
 */
import { and, asc, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Queryable } from "#db/client";
import {
  awards,
  bidOpenings,
  budgetLines,
  bureaus,
  contracts,
  donations,
  needs,
  organizationDistricts,
  organizations,
  outcomeEvaluations,
  payments,
  regions,
  surveyCounts,
  tenderNeeds,
  tenders,
} from "#db/schema";
import { FUND_SOURCES, type FundSource } from "~/modules/budgets/budgets-schema";
import { currentFiscalYear } from "~/modules/budgets/budget-figures";
import { GRADE_CODES, LOW_CONFIDENCE_RESPONSES, type GradeCode } from "~/modules/outcomes/composite";
import { PROCUREMENT_METHODS, type ProcurementMethod } from "~/modules/tenders/tender-rules";
import type { StatsFilter } from "./stats-filter";
import { concentration, gapSeries, ratio, roundDays, type Concentration, type GapYear } from "./stats-rules";

/** Award rows that stand: confirmed and not revoked by an upheld challenge. */
export const STANDING_AWARD_STATUSES = ["publicity", "final"] as const;

const shanghaiYear = (column: SQL | AnyPgColumn) => sql`extract(year from (${column} at time zone 'Asia/Shanghai'))::int`;

const fen = (value: string | number | null | undefined) => Number(value ?? 0);

/** Published tenders (drafts are never counted) of the filter's district and year. */
function tenderConditions(filter: StatsFilter): SQL | undefined {
  return and(
    isNotNull(tenders.publishedAt),
    filter.districtId ? eq(bureaus.districtId, filter.districtId) : undefined,
    filter.year ? sql`${shanghaiYear(tenders.publishedAt)} = ${filter.year}` : undefined,
  );
}

// ---------------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------------

export interface BudgetRow {
  fundSource: FundSource;
  lines: number;
  amount: number;
  reserved: number;
  committed: number;
  paid: number;
}

/** Budget lines by fund source: amount, reserved, committed and paid (fen), every source listed. */
export async function budgetByFundSource(db: Queryable, filter: StatsFilter): Promise<BudgetRow[]> {
  const rows = await db
    .select({
      fundSource: budgetLines.fundSource,
      lines: sql<number>`count(*)::int`,
      amount: sql<string>`sum(${budgetLines.amount})::text`,
      reserved: sql<string>`sum(${budgetLines.reserved})::text`,
      committed: sql<string>`sum(${budgetLines.committed})::text`,
      paid: sql<string>`sum(${budgetLines.paid})::text`,
    })
    .from(budgetLines)
    .innerJoin(bureaus, eq(bureaus.id, budgetLines.bureauId))
    .where(and(filter.districtId ? eq(bureaus.districtId, filter.districtId) : undefined, filter.year ? eq(budgetLines.fiscalYear, filter.year) : undefined))
    .groupBy(budgetLines.fundSource);
  return FUND_SOURCES.map((fundSource) => {
    const row = rows.find((r) => r.fundSource === fundSource);
    return { fundSource, lines: row?.lines ?? 0, amount: fen(row?.amount), reserved: fen(row?.reserved), committed: fen(row?.committed), paid: fen(row?.paid) };
  });
}

// ---------------------------------------------------------------------------------------------
// Tenders and money by category and by district
// ---------------------------------------------------------------------------------------------

export interface TenderMoney {
  /** Tenders published. */
  tenders: number;
  /** Their ceiling prices (venture pots), fen. */
  ceiling: number;
  /** Tenders with a standing award. */
  awardedTenders: number;
  /** The amounts awarded on them, fen. */
  awarded: number;
}

function standingAwardsByTender(db: Queryable) {
  return db
    .select({ tenderId: awards.tenderId, amount: sql<string>`sum(${awards.amount})`.as("awarded_amount") })
    .from(awards)
    .where(inArray(awards.status, [...STANDING_AWARD_STATUSES]))
    .groupBy(awards.tenderId)
    .as("standing_awards");
}

function tenderMoneyColumns(standing: ReturnType<typeof standingAwardsByTender>) {
  return {
    tenders: sql<number>`count(*)::int`,
    ceiling: sql<string>`coalesce(sum(${tenders.ceilingPrice}), 0)::text`,
    awardedTenders: sql<number>`count(${standing.tenderId})::int`,
    awarded: sql<string>`coalesce(sum(${standing.amount}), 0)::text`,
  };
}

const toTenderMoney = (r: { tenders: number; ceiling: string; awardedTenders: number; awarded: string }): TenderMoney => ({
  tenders: r.tenders,
  ceiling: fen(r.ceiling),
  awardedTenders: r.awardedTenders,
  awarded: fen(r.awarded),
});

/** Tenders and money by service category, the categories with tenders only, most money first. */
export async function tendersByCategory(db: Queryable, filter: StatsFilter): Promise<(TenderMoney & { category: string })[]> {
  const standing = standingAwardsByTender(db);
  const rows = await db
    .select({ category: tenders.category, ...tenderMoneyColumns(standing) })
    .from(tenders)
    .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
    .leftJoin(standing, eq(standing.tenderId, tenders.id))
    .where(tenderConditions(filter))
    .groupBy(tenders.category);
  return rows
    .map((r) => ({ category: r.category, ...toTenderMoney(r) }))
    .sort((a, b) => b.ceiling - a.ceiling || b.tenders - a.tenders || a.category.localeCompare(b.category));
}

export interface District {
  districtId: string;
  nameZh: string;
  nameEn: string;
}

async function districtsOf(db: Queryable, filter: StatsFilter): Promise<District[]> {
  return db
    .select({ districtId: regions.id, nameZh: regions.nameZh, nameEn: regions.nameEn })
    .from(regions)
    .where(and(eq(regions.level, "district"), filter.districtId ? eq(regions.id, filter.districtId) : undefined))
    .orderBy(asc(regions.code));
}

/** Tenders and money by district (every district, in official code order). */
export async function tendersByDistrict(db: Queryable, filter: StatsFilter): Promise<(TenderMoney & District)[]> {
  const standing = standingAwardsByTender(db);
  const [districts, rows] = await Promise.all([
    districtsOf(db, filter),
    db
      .select({ districtId: bureaus.districtId, ...tenderMoneyColumns(standing) })
      .from(tenders)
      .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
      .leftJoin(standing, eq(standing.tenderId, tenders.id))
      .where(tenderConditions(filter))
      .groupBy(bureaus.districtId),
  ]);
  return districts.map((d) => {
    const row = rows.find((r) => r.districtId === d.districtId);
    return { ...d, ...(row ? toTenderMoney(row) : { tenders: 0, ceiling: 0, awardedTenders: 0, awarded: 0 }) };
  });
}

// ---------------------------------------------------------------------------------------------
// Competition: bids per tender, single valid bids, unsuccessful tenders
// ---------------------------------------------------------------------------------------------

export interface CompetitionRow {
  method: ProcurementMethod | "all";
  /** Tenders whose bids were opened (the only ones whose bids are known). */
  opened: number;
  bids: number;
  validBids: number;
  averageBids: number | null;
  averageValidBids: number | null;
  singleValidBid: number;
  unsuccessful: number;
  /** Tenders with a single valid bid or unsuccessful (an open tender with one valid bid is both). */
  singleOrUnsuccessful: number;
  singleOrUnsuccessfulShare: number | null;
}

/**
 * Bids per opened tender and how often competition failed, by procurement method and in all.
 * A tender ends unsuccessful only at or after its opening, so opened tenders are the base.
 */
export async function competition(db: Queryable, filter: StatsFilter): Promise<CompetitionRow[]> {
  const rows = await db
    .select({
      method: tenders.method,
      opened: sql<number>`count(*)::int`,
      bids: sql<number>`coalesce(sum(jsonb_array_length(${bidOpenings.record})), 0)::int`,
      validBids: sql<number>`coalesce(sum(${bidOpenings.validCount}), 0)::int`,
      singleValidBid: sql<number>`(count(*) filter (where ${bidOpenings.validCount} = 1))::int`,
      unsuccessful: sql<number>`(count(*) filter (where ${tenders.status} = 'unsuccessful'))::int`,
      singleOrUnsuccessful: sql<number>`(count(*) filter (where ${bidOpenings.validCount} = 1 or ${tenders.status} = 'unsuccessful'))::int`,
    })
    .from(bidOpenings)
    .innerJoin(tenders, eq(tenders.id, bidOpenings.tenderId))
    .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
    .where(tenderConditions(filter))
    .groupBy(tenders.method);
  const counts = PROCUREMENT_METHODS.map((method) => {
    const r = rows.find((row) => row.method === method);
    return { method, opened: r?.opened ?? 0, bids: r?.bids ?? 0, validBids: r?.validBids ?? 0, singleValidBid: r?.singleValidBid ?? 0, unsuccessful: r?.unsuccessful ?? 0, singleOrUnsuccessful: r?.singleOrUnsuccessful ?? 0 };
  }).filter((r) => r.opened > 0);
  const sum = (pick: (r: (typeof counts)[number]) => number) => counts.reduce((total, r) => total + pick(r), 0);
  const all = {
    method: "all" as const,
    opened: sum((r) => r.opened),
    bids: sum((r) => r.bids),
    validBids: sum((r) => r.validBids),
    singleValidBid: sum((r) => r.singleValidBid),
    unsuccessful: sum((r) => r.unsuccessful),
    singleOrUnsuccessful: sum((r) => r.singleOrUnsuccessful),
  };
  return [...counts, all].map((r) => ({
    ...r,
    averageBids: ratio(r.bids, r.opened),
    averageValidBids: ratio(r.validBids, r.opened),
    singleOrUnsuccessfulShare: ratio(r.singleOrUnsuccessful, r.opened),
  }));
}

// ---------------------------------------------------------------------------------------------
// The procurement gap: share of verified organizations that ever won
// ---------------------------------------------------------------------------------------------

/**
 * The Zhengzhou gap figure by year (DESIGN §1): of the social organizations (agencies) verified
 * by the end of each year, the share that had won at least one project by then. With a district,
 * the organizations serving it and the projects of its bureau; with a year, the series ends there.
 */
export async function winnerShareByYear(db: Queryable, filter: StatsFilter, now = new Date()): Promise<GapYear[]> {
  // Each organization's first standing win (with a district: a project of its bureau), then the
  // organizations counted by their two years: one pass over the awards and one over the
  // organizations, a handful of rows back however many organizations there are.
  const wins = db
    .select({ organizationId: awards.organizationId, firstWinYear: sql<number>`min(${shanghaiYear(awards.confirmedAt)})`.as("first_win_year") })
    .from(awards)
    .innerJoin(tenders, eq(tenders.id, awards.tenderId))
    .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
    .where(and(inArray(awards.status, [...STANDING_AWARD_STATUSES]), filter.districtId ? eq(bureaus.districtId, filter.districtId) : undefined))
    .groupBy(awards.organizationId)
    .as("wins");
  const verifiedYear = shanghaiYear(sql`coalesce(${organizations.verifiedAt}, ${organizations.createdAt})`);
  const rows = await db
    .select({ verifiedYear: verifiedYear.mapWith(Number), firstWinYear: wins.firstWinYear, count: sql<number>`count(*)::int` })
    .from(organizations)
    .leftJoin(wins, eq(wins.organizationId, organizations.id))
    .where(
      and(
        eq(organizations.kind, "agency"),
        eq(organizations.verificationStatus, "verified"),
        filter.districtId
          ? sql`exists (select 1 from ${organizationDistricts} od where od.organization_id = ${organizations.id} and od.district_id = ${filter.districtId})`
          : undefined,
      ),
    )
    .groupBy(verifiedYear, wins.firstWinYear);
  const toYear = filter.year ?? currentFiscalYear(now);
  const verified = rows.map((r) => ({ verifiedYear: Number(r.verifiedYear), firstWinYear: r.firstWinYear === null ? null : Number(r.firstWinYear), count: Number(r.count) }));
  const firstYear = Math.min(toYear, ...verified.map((r) => r.verifiedYear));
  // A long-registered organization must not stretch the chart over decades: the last 10 years.
  return gapSeries(verified, Math.max(firstYear, toYear - 9), toYear);
}

// ---------------------------------------------------------------------------------------------
// Concentration: each district's awarded money won by its top three organizations
// ---------------------------------------------------------------------------------------------

export type DistrictConcentration = District & Concentration;

/** Awarded money per district and winner (standing awards confirmed in the year). */
export async function awardedByDistrictAndWinner(db: Queryable, filter: StatsFilter) {
  const rows = await db
    .select({
      districtId: bureaus.districtId,
      organizationId: awards.organizationId,
      name: organizations.name,
      amount: sql<string>`sum(${awards.amount})::text`,
    })
    .from(awards)
    .innerJoin(tenders, eq(tenders.id, awards.tenderId))
    .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
    .innerJoin(organizations, eq(organizations.id, awards.organizationId))
    .where(
      and(
        inArray(awards.status, [...STANDING_AWARD_STATUSES]),
        filter.districtId ? eq(bureaus.districtId, filter.districtId) : undefined,
        filter.year ? sql`${shanghaiYear(awards.confirmedAt)} = ${filter.year}` : undefined,
      ),
    )
    .groupBy(bureaus.districtId, awards.organizationId, organizations.name);
  return rows.map((r) => ({ ...r, amount: fen(r.amount) }));
}

export async function concentrationByDistrict(db: Queryable, filter: StatsFilter): Promise<DistrictConcentration[]> {
  const [districts, rows] = await Promise.all([districtsOf(db, filter), awardedByDistrictAndWinner(db, filter)]);
  return districts.map((d) => ({ ...d, ...concentration(rows.filter((r) => r.districtId === d.districtId)) }));
}

// ---------------------------------------------------------------------------------------------
// Time from a need's acceptance to its tender and to the award
// ---------------------------------------------------------------------------------------------

export type TimingStage = "tender" | "award" | "contract";

export interface TimingRow {
  stage: TimingStage;
  /** Needs measured. */
  needs: number;
  /** Median days, to one decimal; null when nothing was measured. */
  medianDays: number | null;
  /** Whether the stage's data exists (every stage has it now; kept for the table's "not yet available" cell). */
  available: boolean;
}

/**
 * Median days from a need's acceptance into the bureau's pool to the first publication of a
 * tender answering it, to the first standing award of such a tender, and to the first contract
 * of such a tender taking effect (signed by both parties). Each need counts once;
 * the year is that of the first publication.
 */
export async function timeToTenderAndAward(db: Queryable, filter: StatsFilter): Promise<TimingRow[]> {
  const perNeed = db
    .select({
      needId: needs.id,
      acceptedAt: sql<Date>`${needs.reviewedAt}`.as("accepted_at"),
      publishedAt: sql<Date>`min(${tenders.publishedAt})`.as("published_at"),
      awardedAt: sql<Date | null>`min(${awards.confirmedAt})`.as("awarded_at"),
      contractedAt: sql<Date | null>`min(${contracts.activatedAt})`.as("contracted_at"),
    })
    .from(needs)
    .innerJoin(tenderNeeds, eq(tenderNeeds.needId, needs.id))
    .innerJoin(tenders, eq(tenders.id, tenderNeeds.tenderId))
    .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
    .leftJoin(awards, and(eq(awards.tenderId, tenders.id), inArray(awards.status, [...STANDING_AWARD_STATUSES])))
    // A contract counts from the day it took effect (both signatures), terminated later or not.
    .leftJoin(contracts, and(eq(contracts.tenderId, tenders.id), isNotNull(contracts.activatedAt)))
    .where(
      and(
        isNotNull(tenders.publishedAt),
        isNotNull(needs.reviewedAt),
        inArray(needs.status, ["accepted", "tendered", "served"]),
        filter.districtId ? eq(bureaus.districtId, filter.districtId) : undefined,
      ),
    )
    .groupBy(needs.id, needs.reviewedAt)
    .having(filter.year ? sql`extract(year from (min(${tenders.publishedAt}) at time zone 'Asia/Shanghai'))::int = ${filter.year}` : undefined)
    .as("per_need");
  const days = (to: SQL.Aliased) => sql`extract(epoch from (${to} - ${perNeed.acceptedAt})) / 86400`;
  const [row] = await db
    .select({
      tendered: sql<number>`count(*)::int`,
      toTender: sql<string | null>`(percentile_cont(0.5) within group (order by ${days(perNeed.publishedAt)}))::text`,
      awarded: sql<number>`count(${perNeed.awardedAt})::int`,
      toAward: sql<string | null>`(percentile_cont(0.5) within group (order by ${days(perNeed.awardedAt)}))::text`,
      contracted: sql<number>`count(${perNeed.contractedAt})::int`,
      toContract: sql<string | null>`(percentile_cont(0.5) within group (order by ${days(perNeed.contractedAt)}))::text`,
    })
    .from(perNeed);
  const median = (value: string | null | undefined) => roundDays(value === null || value === undefined ? null : Number(value));
  return [
    { stage: "tender", needs: row?.tendered ?? 0, medianDays: median(row?.toTender), available: true },
    { stage: "award", needs: row?.awarded ?? 0, medianDays: median(row?.toAward), available: true },
    { stage: "contract", needs: row?.contracted ?? 0, medianDays: median(row?.toContract), available: true },
  ];
}

// ---------------------------------------------------------------------------------------------
// Contracts, payments and donations (社会捐赠) by district
// ---------------------------------------------------------------------------------------------

export interface ContractMoney {
  /** Contracts that took effect (signed by both parties). */
  contracts: number;
  /** Their amounts, fen. */
  contracted: number;
  /** Payments recorded to organizations, fen. */
  paid: number;
  /** Paid donations (社会捐赠) to the district's projects: count and fen. */
  donations: number;
  donated: number;
}

/**
 * Contracted, paid and donated money by district (every district, in code order). Donations are
 * the paid ones only (a pending Checkout or an expired one is not money received).
 */
export async function contractMoneyByDistrict(db: Queryable, filter: StatsFilter): Promise<(ContractMoney & District)[]> {
  const district = filter.districtId ? eq(bureaus.districtId, filter.districtId) : undefined;
  const inYear = (column: SQL | AnyPgColumn) => (filter.year ? sql`${shanghaiYear(column)} = ${filter.year}` : undefined);
  const [districts, contractRows, paymentRows, donationRows] = await Promise.all([
    districtsOf(db, filter),
    db
      .select({ districtId: bureaus.districtId, contracts: sql<number>`count(*)::int`, contracted: sql<string>`sum(${contracts.amount})::text` })
      .from(contracts)
      .innerJoin(bureaus, eq(bureaus.id, contracts.bureauId))
      .where(and(isNotNull(contracts.activatedAt), district, inYear(contracts.activatedAt)))
      .groupBy(bureaus.districtId),
    db
      .select({ districtId: bureaus.districtId, paid: sql<string>`sum(${payments.amount})::text` })
      .from(payments)
      .innerJoin(contracts, eq(contracts.id, payments.contractId))
      .innerJoin(bureaus, eq(bureaus.id, contracts.bureauId))
      .where(and(district, filter.year ? sql`extract(year from ${payments.paidOn})::int = ${filter.year}` : undefined))
      .groupBy(bureaus.districtId),
    db
      .select({ districtId: bureaus.districtId, donations: sql<number>`count(*)::int`, donated: sql<string>`sum(${donations.amount})::text` })
      .from(donations)
      .innerJoin(contracts, eq(contracts.id, donations.contractId))
      .innerJoin(bureaus, eq(bureaus.id, contracts.bureauId))
      .where(and(eq(donations.status, "paid"), isNotNull(donations.paidAt), district, inYear(donations.paidAt)))
      .groupBy(bureaus.districtId),
  ]);
  return districts.map((d) => {
    const c = contractRows.find((r) => r.districtId === d.districtId);
    const p = paymentRows.find((r) => r.districtId === d.districtId);
    const g = donationRows.find((r) => r.districtId === d.districtId);
    return { ...d, contracts: c?.contracts ?? 0, contracted: fen(c?.contracted), paid: fen(p?.paid), donations: g?.donations ?? 0, donated: fen(g?.donated) };
  });
}

// ---------------------------------------------------------------------------------------------
// Outcomes: grades, composite and satisfaction by category; survey response rates
// ---------------------------------------------------------------------------------------------

export interface OutcomeRow {
  /** A service category, or "all". */
  category: string;
  graded: number;
  grades: Record<GradeCode, number>;
  /** Average composite score (0-100) of the graded evaluations, 2 decimals; null without any. */
  averageComposite: number | null;
  /** Average satisfaction score (0-100) of the graded evaluations, 2 decimals. */
  averageSatisfaction: number | null;
}

const average = (sum: number, n: number) => (n > 0 ? Math.round((sum / n) * 100) / 100 : null);

/**
 * Graded outcome evaluations by the tender's service category (most graded first) and in all:
 * how many got each grade, and the average composite and satisfaction scores.
 */
export async function outcomesByCategory(db: Queryable, filter: StatsFilter): Promise<OutcomeRow[]> {
  const rows = await db
    .select({
      category: tenders.category,
      grade: outcomeEvaluations.grade,
      n: sql<number>`count(*)::int`,
      composite: sql<string>`coalesce(sum(${outcomeEvaluations.compositeScore}), 0)::text`,
      satisfaction: sql<string>`coalesce(sum(${outcomeEvaluations.satisfactionScore}), 0)::text`,
    })
    .from(outcomeEvaluations)
    .innerJoin(contracts, eq(contracts.id, outcomeEvaluations.contractId))
    .innerJoin(tenders, eq(tenders.id, contracts.tenderId))
    .innerJoin(bureaus, eq(bureaus.id, contracts.bureauId))
    .where(
      and(
        isNotNull(outcomeEvaluations.grade),
        isNotNull(outcomeEvaluations.gradedAt),
        filter.districtId ? eq(bureaus.districtId, filter.districtId) : undefined,
        filter.year ? sql`${shanghaiYear(outcomeEvaluations.gradedAt)} = ${filter.year}` : undefined,
      ),
    )
    .groupBy(tenders.category, outcomeEvaluations.grade);
  const summarize = (category: string, group: typeof rows): OutcomeRow => {
    const graded = group.reduce((n, r) => n + r.n, 0);
    const grades = Object.fromEntries(GRADE_CODES.map((g) => [g, group.filter((r) => r.grade === g).reduce((n, r) => n + r.n, 0)])) as Record<GradeCode, number>;
    return {
      category,
      graded,
      grades,
      averageComposite: average(group.reduce((sum, r) => sum + Number(r.composite), 0), graded),
      averageSatisfaction: average(group.reduce((sum, r) => sum + Number(r.satisfaction), 0), graded),
    };
  };
  const categories = [...new Set(rows.map((r) => r.category))];
  const byCategory = categories
    .map((c) => summarize(c, rows.filter((r) => r.category === c)))
    .sort((a, b) => b.graded - a.graded || a.category.localeCompare(b.category));
  return byCategory.length ? [...byCategory, summarize("all", rows)] : [];
}

export interface SurveyRow {
  /** A service category, or "all". */
  category: string;
  /** Projects with survey tokens issued. */
  projects: number;
  tokens: number;
  responses: number;
  /** responses / tokens. */
  responseRate: number | null;
  /** Projects with fewer than 30 answers: their satisfaction score is low-confidence. */
  lowConfidenceProjects: number;
  /** The row's own answers are fewer than 30. */
  lowConfidence: boolean;
}

/**
 * Survey response rates by the tender's service category and in all: tokens handed out by the
 * communities, answers received, and the projects whose answers are too few (< 30) for their
 * satisfaction score to be trusted.
 */
export async function surveyResponseRates(db: Queryable, filter: StatsFilter): Promise<SurveyRow[]> {
  // From the counts kept per project and year (survey_counts): a project counts in a year when
  // it handed out tokens that year; its answers are those given that year.
  const projects = await db
    .select({ category: tenders.category, tokens: sql<number>`sum(${surveyCounts.tokens})::int`, responses: sql<number>`sum(${surveyCounts.responses})::int` })
    .from(surveyCounts)
    .innerJoin(contracts, eq(contracts.id, surveyCounts.contractId))
    .innerJoin(tenders, eq(tenders.id, contracts.tenderId))
    .innerJoin(bureaus, eq(bureaus.id, contracts.bureauId))
    .where(and(filter.districtId ? eq(bureaus.districtId, filter.districtId) : undefined, filter.year ? eq(surveyCounts.year, filter.year) : undefined))
    .groupBy(surveyCounts.contractId, tenders.category)
    .having(sql`sum(${surveyCounts.tokens}) > 0`);
  const summarize = (category: string, group: typeof projects): SurveyRow => {
    const tokens = group.reduce((n, p) => n + p.tokens, 0);
    const responses = group.reduce((n, p) => n + p.responses, 0);
    return {
      category,
      projects: group.length,
      tokens,
      responses,
      responseRate: ratio(responses, tokens),
      lowConfidenceProjects: group.filter((p) => p.responses < LOW_CONFIDENCE_RESPONSES).length,
      lowConfidence: responses < LOW_CONFIDENCE_RESPONSES,
    };
  };
  const categories = [...new Set(projects.map((p) => p.category))];
  const byCategory = categories
    .map((c) => summarize(c, projects.filter((p) => p.category === c)))
    .sort((a, b) => b.tokens - a.tokens || a.category.localeCompare(b.category));
  return byCategory.length ? [...byCategory, summarize("all", projects)] : [];
}

// ---------------------------------------------------------------------------------------------
// The whole page
// ---------------------------------------------------------------------------------------------

export async function loadStatistics(db: Queryable, filter: StatsFilter, now = new Date()) {
  const [budget, categories, districts, competitionRows, gap, concentrationRows, timing, contractMoney, outcomes, surveys] = await Promise.all([
    budgetByFundSource(db, filter),
    tendersByCategory(db, filter),
    tendersByDistrict(db, filter),
    competition(db, filter),
    winnerShareByYear(db, filter, now),
    concentrationByDistrict(db, filter),
    timeToTenderAndAward(db, filter),
    contractMoneyByDistrict(db, filter),
    outcomesByCategory(db, filter),
    surveyResponseRates(db, filter),
  ]);
  return { budget, categories, districts, competition: competitionRows, gap, concentration: concentrationRows, timing, contractMoney, outcomes, surveys };
}

export type Statistics = Awaited<ReturnType<typeof loadStatistics>>;

/** The years the filter offers: budget years and publication years, and the current year. */
export async function statisticsYears(db: Queryable, now = new Date()): Promise<number[]> {
  const [lineYears, tenderYears] = await Promise.all([
    db.selectDistinct({ year: budgetLines.fiscalYear }).from(budgetLines),
    db
      .selectDistinct({ year: shanghaiYear(tenders.publishedAt).mapWith(Number) })
      .from(tenders)
      .where(isNotNull(tenders.publishedAt)),
  ]);
  const years = new Set([currentFiscalYear(now), ...lineYears.map((r) => r.year), ...tenderYears.map((r) => Number(r.year))]);
  return [...years].sort((a, b) => b - a);
}
