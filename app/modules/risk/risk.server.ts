/**
 * The risk flags page (issue 7) for bureau officers (their own bureau's tenders and contracts)
 * and admins (every bureau). One query per kind of flag; each flag links to the object it is about.
 */
import { and, asc, eq, inArray, isNotNull, ne, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { awards, bidOpenings, bids, bureaus, challenges, contractMilestones, contracts, organizations, outcomeEvaluations, regions, tenders } from "#db/schema";
import { forbidden } from "~/modules/auth/auth.server";
import { grantsFor, hasRole, type SessionUser } from "~/modules/auth/permissions";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { LOW_CONFIDENCE_RESPONSES } from "~/modules/outcomes/composite";
import { STANDING_AWARD_STATUSES } from "~/modules/stats/stats.server";
import { concentration } from "~/modules/stats/stats-rules";
import { MIN_BID_PERIOD_DAYS, PROCUREMENT_METHODS, type ProcurementMethod } from "~/modules/tenders/tender-rules";
import { bidPeriodDays, DOMINANCE_MIN_AWARDS, isDominant, isFarBelowOthers, MINIMUM_PERIOD_MARGIN_DAYS, priceGap, RISK_KINDS, type RiskKind } from "./risk-rules";

export interface RiskFlag {
  kind: RiskKind;
  /** Stable per flag: kind and the object's id. */
  key: string;
  href: string;
  /** What the flag is about: a tender's title, or an organization's name. */
  subject: string;
  districtZh: string;
  districtEn: string;
  /** When the flagged thing happened (opening, publication, award, answer due date). */
  at: string;
  /** Figures for the flag's sentence. */
  vars: Record<string, string | number>;
}

/** Whose tenders the user watches: null for all (admin), else their bureaus. */
function scopeOf(user: SessionUser): string[] | null {
  if (hasRole(user, "admin")) return null;
  const bureauIds = grantsFor(user, "bureau")
    .map((g) => g.bureauId)
    .filter((id): id is string => Boolean(id));
  if (bureauIds.length === 0) forbidden();
  return bureauIds;
}

const inScope = (scope: string[] | null): SQL | undefined => (scope ? inArray(tenders.bureauId, scope) : undefined);

const districtColumns = { districtZh: regions.nameZh, districtEn: regions.nameEn };

/** Tenders whose opening found exactly one valid bid (whether the tender went on or failed). */
async function singleValidBids(db: Queryable, scope: string[] | null): Promise<RiskFlag[]> {
  const rows = await db
    .select({ id: tenders.id, title: tenders.title, method: tenders.method, status: tenders.status, openedAt: bidOpenings.openedAt, ...districtColumns })
    .from(bidOpenings)
    .innerJoin(tenders, eq(tenders.id, bidOpenings.tenderId))
    .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
    .innerJoin(regions, eq(regions.id, bureaus.districtId))
    .where(and(eq(bidOpenings.validCount, 1), inScope(scope)));
  return rows.map((r) => ({
    kind: "singleValidBid",
    key: `singleValidBid:${r.id}`,
    href: `/tenders/${r.id}`,
    subject: r.title,
    districtZh: r.districtZh,
    districtEn: r.districtEn,
    at: r.openedAt.toISOString(),
    vars: { method: `tenders.method.${r.method}`, outcome: r.status === "unsuccessful" ? "risk.outcome.unsuccessful" : "risk.outcome.continued" },
  }));
}

/** Published tenders whose bid period is less than a day longer than the legal minimum. */
async function minimumBidPeriods(db: Queryable, scope: string[] | null): Promise<RiskFlag[]> {
  const limit = sql.join(
    // Constants of our own, not input: written into the statement as literals.
    PROCUREMENT_METHODS.map((m) => sql.raw(`when '${m}' then ${MIN_BID_PERIOD_DAYS[m] + MINIMUM_PERIOD_MARGIN_DAYS}`)),
    sql` `,
  );
  const rows = await db
    .select({ id: tenders.id, title: tenders.title, method: tenders.method, publishedAt: tenders.publishedAt, bidDeadline: tenders.bidDeadline, ...districtColumns })
    .from(tenders)
    .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
    .innerJoin(regions, eq(regions.id, bureaus.districtId))
    .where(
      and(
        isNotNull(tenders.publishedAt),
        ne(tenders.status, "cancelled"),
        sql`${tenders.bidDeadline} < ${tenders.publishedAt} + (case ${tenders.method}::text ${limit} end) * interval '1 day'`,
        inScope(scope),
      ),
    );
  return rows.map((r) => ({
    kind: "minimumBidPeriod",
    key: `minimumBidPeriod:${r.id}`,
    href: `/tenders/${r.id}`,
    subject: r.title,
    districtZh: r.districtZh,
    districtEn: r.districtEn,
    at: r.publishedAt!.toISOString(),
    vars: { days: bidPeriodDays(r.publishedAt!, r.bidDeadline).toFixed(1), minimum: MIN_BID_PERIOD_DAYS[r.method as ProcurementMethod], method: `tenders.method.${r.method}` },
  }));
}

/**
 * Standing awards whose price is at least 20% below the mean of the other valid bids. Venture
 * calls are left out: their proposals are different projects, so their prices do not compare.
 */
async function lowPriceAwards(db: Queryable, scope: string[] | null): Promise<RiskFlag[]> {
  const rows = await db
    .select({
      awardId: awards.id,
      tenderId: tenders.id,
      title: tenders.title,
      amount: awards.amount,
      confirmedAt: awards.confirmedAt,
      organizationName: organizations.name,
      others: sql<string[] | null>`(select array_agg(b.price::text) from ${bids} b where b.tender_id = ${awards.tenderId} and b.valid and b.price is not null and b.id <> ${awards.bidId})`,
      ...districtColumns,
    })
    .from(awards)
    .innerJoin(tenders, eq(tenders.id, awards.tenderId))
    .innerJoin(organizations, eq(organizations.id, awards.organizationId))
    .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
    .innerJoin(regions, eq(regions.id, bureaus.districtId))
    .where(and(inArray(awards.status, [...STANDING_AWARD_STATUSES]), ne(tenders.method, "venture_call"), inScope(scope)));
  return rows.flatMap((r) => {
    const gap = priceGap(r.amount, (r.others ?? []).map(Number));
    if (!isFarBelowOthers(gap)) return [];
    return [
      {
        kind: "lowPriceAward" as const,
        key: `lowPriceAward:${r.awardId}`,
        href: `/tenders/${r.tenderId}#award`,
        subject: r.title,
        districtZh: r.districtZh,
        districtEn: r.districtEn,
        at: r.confirmedAt.toISOString(),
        vars: { organization: r.organizationName, price: r.amount, mean: gap!.othersMean, below: Math.round(gap!.below * 1000) / 10 },
      },
    ];
  });
}

/** Organizations that won more than half of a district's awarded money in a year (≥ 2 awards). */
async function dominantWinners(db: Queryable, scope: string[] | null): Promise<RiskFlag[]> {
  const rows = await db
    .select({
      districtId: bureaus.districtId,
      year: sql<number>`extract(year from (${awards.confirmedAt} at time zone 'Asia/Shanghai'))::int`.mapWith(Number),
      organizationId: awards.organizationId,
      name: organizations.name,
      amount: awards.amount,
      confirmedAt: awards.confirmedAt,
      ...districtColumns,
    })
    .from(awards)
    .innerJoin(tenders, eq(tenders.id, awards.tenderId))
    .innerJoin(organizations, eq(organizations.id, awards.organizationId))
    .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
    .innerJoin(regions, eq(regions.id, bureaus.districtId))
    .where(and(inArray(awards.status, [...STANDING_AWARD_STATUSES]), inScope(scope)))
    .orderBy(asc(awards.confirmedAt));
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${r.districtId}:${r.year}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const flags: RiskFlag[] = [];
  for (const group of groups.values()) {
    if (group.length < DOMINANCE_MIN_AWARDS) continue;
    const byOrganization = new Map<string, { organizationId: string; name: string; amount: number }>();
    for (const r of group) {
      const current = byOrganization.get(r.organizationId) ?? { organizationId: r.organizationId, name: r.name, amount: 0 };
      current.amount += r.amount;
      byOrganization.set(r.organizationId, current);
    }
    const { leader, total } = concentration([...byOrganization.values()]);
    if (!leader || !isDominant(leader.share, group.length)) continue;
    const first = group[0];
    const won = group.filter((r) => r.organizationId === leader.organizationId);
    flags.push({
      kind: "dominantWinner",
      key: `dominantWinner:${first.districtId}:${first.year}:${leader.organizationId}`,
      href: `/organizations/${leader.organizationId}`,
      subject: leader.name,
      districtZh: first.districtZh,
      districtEn: first.districtEn,
      at: won[won.length - 1].confirmedAt.toISOString(),
      vars: { year: first.year, share: Math.round(leader.share * 1000) / 10, amount: leader.amount, total, won: won.length, awards: group.length },
    });
  }
  return flags;
}

/** Challenges still unanswered after their answer due date (7 working days, 政府采购法 art. 53). */
async function overdueChallengeAnswers(db: Queryable, user: SessionUser, scope: string[] | null, today: string): Promise<RiskFlag[]> {
  const rows = await db
    .select({ id: challenges.id, tenderId: tenders.id, bureauId: tenders.bureauId, title: tenders.title, answerDueOn: challenges.answerDueOn, filedAt: challenges.filedAt, ...districtColumns })
    .from(challenges)
    .innerJoin(tenders, eq(tenders.id, challenges.tenderId))
    .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
    .innerJoin(regions, eq(regions.id, bureaus.districtId))
    .where(and(eq(challenges.status, "pending"), sql`${challenges.answerDueOn} < ${today}`, inScope(scope)));
  const ownBureaus = new Set(grantsFor(user, "bureau").map((g) => g.bureauId));
  return rows.map((r) => ({
    kind: "overdueChallengeAnswer",
    key: `overdueChallengeAnswer:${r.id}`,
    // The officer goes where the answer is given; anyone else to the public record.
    href: ownBureaus.has(r.bureauId) ? `/bureau/tenders/${r.tenderId}/award#challenges` : `/tenders/${r.tenderId}#award`,
    subject: r.title,
    districtZh: r.districtZh,
    districtEn: r.districtEn,
    at: `${r.answerDueOn}T00:00:00+08:00`,
    vars: { due: r.answerDueOn, days: dayNumber(today) - dayNumber(r.answerDueOn) },
  }));
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** Where a flag on a contract links: the officer's project page for their own bureau, else the public one. */
function projectHref(user: SessionUser, bureauId: string, contractId: string, suffix = "") {
  const own = grantsFor(user, "bureau").some((g) => g.bureauId === bureauId);
  return own ? `/bureau/projects/${contractId}${suffix}` : `/projects/${contractId}`;
}

/** Milestones of contracts in force past their due date and not accepted (no report, or not yet accepted). */
async function overdueMilestones(db: Queryable, user: SessionUser, scope: string[] | null, today: string): Promise<RiskFlag[]> {
  const rows = await db
    .select({
      id: contractMilestones.id,
      name: contractMilestones.name,
      status: contractMilestones.status,
      dueOn: contractMilestones.dueOn,
      contractId: contracts.id,
      bureauId: contracts.bureauId,
      title: contracts.title,
      organizationName: organizations.name,
      ...districtColumns,
    })
    .from(contractMilestones)
    .innerJoin(contracts, eq(contracts.id, contractMilestones.contractId))
    .innerJoin(organizations, eq(organizations.id, contracts.organizationId))
    .innerJoin(bureaus, eq(bureaus.id, contracts.bureauId))
    .innerJoin(regions, eq(regions.id, bureaus.districtId))
    .where(and(eq(contracts.status, "active"), ne(contractMilestones.status, "accepted"), sql`${contractMilestones.dueOn} < ${today}`, scope ? inArray(contracts.bureauId, scope) : undefined));
  return rows.map((r) => ({
    kind: "overdueMilestone",
    key: `overdueMilestone:${r.id}`,
    href: projectHref(user, r.bureauId, r.contractId),
    subject: r.title,
    districtZh: r.districtZh,
    districtEn: r.districtEn,
    at: `${r.dueOn}T00:00:00+08:00`,
    vars: { milestone: r.name, organization: r.organizationName, due: r.dueOn, days: dayNumber(today) - dayNumber(r.dueOn), status: `risk.milestoneStatus.${r.status}` },
  }));
}

/** Graded evaluations whose satisfaction score rests on fewer than 30 survey answers. */
async function lowSurveyConfidence(db: Queryable, user: SessionUser, scope: string[] | null): Promise<RiskFlag[]> {
  const rows = await db
    .select({
      id: outcomeEvaluations.id,
      grade: outcomeEvaluations.grade,
      responses: outcomeEvaluations.satisfactionResponses,
      gradedAt: outcomeEvaluations.gradedAt,
      contractId: contracts.id,
      bureauId: contracts.bureauId,
      title: contracts.title,
      ...districtColumns,
    })
    .from(outcomeEvaluations)
    .innerJoin(contracts, eq(contracts.id, outcomeEvaluations.contractId))
    .innerJoin(bureaus, eq(bureaus.id, contracts.bureauId))
    .innerJoin(regions, eq(regions.id, bureaus.districtId))
    .where(
      and(
        isNotNull(outcomeEvaluations.grade),
        isNotNull(outcomeEvaluations.gradedAt),
        sql`coalesce(${outcomeEvaluations.satisfactionResponses}, 0) < ${LOW_CONFIDENCE_RESPONSES}`,
        scope ? inArray(contracts.bureauId, scope) : undefined,
      ),
    );
  return rows.map((r) => ({
    kind: "lowSurveyConfidence",
    key: `lowSurveyConfidence:${r.id}`,
    href: projectHref(user, r.bureauId, r.contractId, "/outcome"),
    subject: r.title,
    districtZh: r.districtZh,
    districtEn: r.districtEn,
    at: r.gradedAt!.toISOString(),
    vars: { responses: r.responses ?? 0, minimum: LOW_CONFIDENCE_RESPONSES, grade: `outcomes.grade.${r.grade}` },
  }));
}

/** Every flag in the user's scope, grouped by kind, newest first within a kind. */
export async function listRiskFlags(db: Queryable, user: SessionUser, now = new Date()) {
  const scope = scopeOf(user);
  const lists = await Promise.all([
    singleValidBids(db, scope),
    minimumBidPeriods(db, scope),
    lowPriceAwards(db, scope),
    dominantWinners(db, scope),
    overdueChallengeAnswers(db, user, scope, shanghaiToday(now)),
    overdueMilestones(db, user, scope, shanghaiToday(now)),
    lowSurveyConfidence(db, user, scope),
  ]);
  const flags = lists.flat();
  return {
    allBureaus: scope === null,
    groups: RISK_KINDS.map((kind) => ({
      kind,
      flags: flags.filter((f) => f.kind === kind).sort((a, b) => b.at.localeCompare(a.at) || a.key.localeCompare(b.key)),
    })),
  };
}
