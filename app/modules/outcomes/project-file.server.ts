/**
 * The project file (项目档案) the evaluator works from and the report cites: the contract, the
 * indicators it promised, what the agency reported, what the communities confirmed, what was
 * spent and what was paid. Read from the contracts tables; this module writes none of them.
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { bureaus, contractCommunities, contractMilestones, contracts, organizations, paymentTranches, payments, progressReports, regions, serviceConfirmations } from "#db/schema";

export interface ContractedIndicators {
  beneficiaries: number;
  sessions: number;
  volunteerHours: number;
}

interface Activity {
  date?: string;
  title?: string;
  place?: string;
  participants?: number;
}

interface Spending {
  line?: string;
  amount?: number;
}

/** The indicators of the contract's content snapshot (the winning bid's), zero where missing. */
export function contractedIndicators(content: unknown): ContractedIndicators {
  const raw = (content as { indicators?: Partial<ContractedIndicators> } | null)?.indicators ?? {};
  const number = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  return { beneficiaries: number(raw.beneficiaries), sessions: number(raw.sessions), volunteerHours: number(raw.volunteerHours) };
}

export async function loadContractSummary(db: Queryable, contractId: string) {
  const [row] = await db
    .select({
      id: contracts.id,
      tenderId: contracts.tenderId,
      bureauId: contracts.bureauId,
      organizationId: contracts.organizationId,
      number: contracts.number,
      title: contracts.title,
      amount: contracts.amount,
      serviceStartOn: contracts.serviceStartOn,
      serviceEndOn: contracts.serviceEndOn,
      status: contracts.status,
      content: contracts.content,
      activatedAt: contracts.activatedAt,
      completedAt: contracts.completedAt,
      organizationName: organizations.name,
      organizationUscc: organizations.uscc,
      bureauName: bureaus.nameZh,
      bureauNameEn: bureaus.nameEn,
    })
    .from(contracts)
    .innerJoin(organizations, eq(organizations.id, contracts.organizationId))
    .innerJoin(bureaus, eq(bureaus.id, contracts.bureauId))
    .where(eq(contracts.id, contractId))
    .limit(1);
  if (!row) return null;
  const communities = await db
    .select({ id: regions.id, nameZh: regions.nameZh, nameEn: regions.nameEn })
    .from(contractCommunities)
    .innerJoin(regions, eq(regions.id, contractCommunities.communityId))
    .where(eq(contractCommunities.contractId, contractId))
    .orderBy(asc(regions.code));
  const { content, ...summary } = row;
  return { ...summary, communities, indicators: contractedIndicators(content) };
}
export type ContractSummary = NonNullable<Awaited<ReturnType<typeof loadContractSummary>>>;

/** Everything the agency reported and the purchaser recorded, with the delivered totals. */
export async function loadProjectFile(db: Queryable, contractId: string) {
  const [milestones, reports, tranches, paid] = await Promise.all([
    db.select().from(contractMilestones).where(eq(contractMilestones.contractId, contractId)).orderBy(asc(contractMilestones.position)),
    db.select().from(progressReports).where(eq(progressReports.contractId, contractId)),
    db.select().from(paymentTranches).where(eq(paymentTranches.contractId, contractId)).orderBy(asc(paymentTranches.position)),
    db.select().from(payments).where(eq(payments.contractId, contractId)),
  ]);
  const milestoneIds = milestones.map((m) => m.id);
  const confirmations = milestoneIds.length
    ? await db
        .select({ milestoneId: serviceConfirmations.milestoneId, communityName: regions.nameZh, status: serviceConfirmations.status, note: serviceConfirmations.note, at: serviceConfirmations.at })
        .from(serviceConfirmations)
        .innerJoin(regions, eq(regions.id, serviceConfirmations.communityId))
        .where(inArray(serviceConfirmations.milestoneId, milestoneIds))
        .orderBy(asc(serviceConfirmations.at))
    : [];
  const milestoneName = new Map(milestones.map((m) => [m.id, m.name]));
  const position = new Map(milestones.map((m) => [m.id, m.position]));
  const submitted = reports.filter((r) => r.status === "submitted").sort((a, b) => (position.get(a.milestoneId) ?? 0) - (position.get(b.milestoneId) ?? 0));
  const spendingByLine = new Map<string, number>();
  for (const r of submitted) {
    for (const s of (Array.isArray(r.spending) ? r.spending : []) as Spending[]) {
      if (typeof s?.line === "string" && typeof s.amount === "number") spendingByLine.set(s.line, (spendingByLine.get(s.line) ?? 0) + s.amount);
    }
  }
  const activitiesOf = (r: (typeof reports)[number]) => (Array.isArray(r.activities) ? (r.activities as Activity[]) : []);
  const paymentByTranche = new Map(paid.map((p) => [p.trancheId, p]));
  return {
    milestones: milestones.map((m) => ({ id: m.id, position: m.position, name: m.name, dueOn: m.dueOn, status: m.status, returnReason: m.returnReason })),
    reports: submitted.map((r) => ({
      id: r.id,
      milestoneName: milestoneName.get(r.milestoneId) ?? "",
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      beneficiaries: r.beneficiaries,
      volunteerHours: r.volunteerHours,
      sessions: activitiesOf(r).length,
      activities: activitiesOf(r).map((a) => ({ date: a.date ?? "", title: a.title ?? "", place: a.place ?? "", participants: a.participants ?? 0 })),
      spent: ((Array.isArray(r.spending) ? r.spending : []) as Spending[]).reduce((sum, s) => sum + (typeof s?.amount === "number" ? s.amount : 0), 0),
      narrative: r.narrative,
      submittedAt: r.submittedAt,
    })),
    confirmations: confirmations.map((c) => ({ ...c, milestoneName: milestoneName.get(c.milestoneId) ?? "" })),
    spending: [...spendingByLine].map(([line, amount]) => ({ line, amount })),
    tranches: tranches.map((t) => {
      const payment = paymentByTranche.get(t.id);
      return {
        id: t.id,
        position: t.position,
        percentage: t.percentage,
        amount: t.amount,
        isFinal: t.isFinal,
        milestoneName: milestoneName.get(t.milestoneId) ?? "",
        paidOn: payment?.paidOn ?? null,
        paidAmount: payment?.amount ?? null,
      };
    }),
    delivered: {
      beneficiaries: submitted.reduce((sum, r) => sum + r.beneficiaries, 0),
      sessions: submitted.reduce((sum, r) => sum + activitiesOf(r).length, 0),
      volunteerHours: Math.round(submitted.reduce((sum, r) => sum + Number(r.volunteerHours), 0) * 10) / 10,
    },
  };
}
export type ProjectFile = Awaited<ReturnType<typeof loadProjectFile>>;

