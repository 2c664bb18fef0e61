/**
 * Projects (项目): a contract and everything that happened under it, as each reader may see it
 * (DESIGN §2, §5). The bureau and the agency see the whole record — milestones, reports,
 * confirmations, tranches, spending against the bid's budget, the timeline from the audit log;
 * a service community's staff see the submitted reports they confirm; the public sees the summary
 * (parties, amount, period, milestones met, payments made) once both parties have signed
 * (102号令 art. 23). Anything outside a reader's scope answers 404.
 */
import { and, asc, count, desc, eq, exists, inArray, ne, sql } from "drizzle-orm";
import type { Queryable } from "#db/client";
import {
  auditLog,
  awards,
  bidOpenings,
  bureaus,
  challenges,
  contractCommunities,
  contractMilestones,
  contractSignatures,
  contracts,
  organizations,
  progressReports,
  serviceConfirmations,
  tenders,
  users,
} from "#db/schema";
import { notFound } from "~/modules/auth/auth.server";
import { grantsFor, type SessionUser } from "~/modules/auth/permissions";
import { mayContract } from "~/modules/awards/awards.server";
import { officerBureauId } from "~/modules/budgets/budgets.server";
import { firstDayOfNextMonth } from "./contract-rules";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { listAttachments } from "~/modules/documents/uploads.server";
import { contractTranches } from "~/modules/payments/payments.server";
import { isUuid } from "~/utils/form-fields";
import { preparedQuery } from "~/utils/prepared.server";
import type { ContractContent } from "./contract-content";
import { memberOrganizationIds, signingParty, type ContractParty } from "./contracts.server";
import { serviceCommunities } from "./progress.server";

export type ProjectViewer = { as: "bureau" | "agency" | "community"; user: SessionUser } | { as: "public" };

/** Contracts the public may see: signed by both (in force, completed, or terminated after). */
const PUBLIC_STATUSES = ["active", "completed", "terminated"] as const;

const projectColumns = {
  id: contracts.id,
  number: contracts.number,
  title: contracts.title,
  status: contracts.status,
  amount: contracts.amount,
  serviceStartOn: contracts.serviceStartOn,
  serviceEndOn: contracts.serviceEndOn,
  tenderId: contracts.tenderId,
  bureauId: contracts.bureauId,
  organizationId: contracts.organizationId,
  activatedAt: contracts.activatedAt,
  completedAt: contracts.completedAt,
  terminatedAt: contracts.terminatedAt,
  createdAt: contracts.createdAt,
  organizationName: organizations.name,
  bureauName: bureaus.nameZh,
  bureauNameEn: bureaus.nameEn,
  paid: sql<string>`(select coalesce(sum(p.amount), 0) from payments p where p.contract_id = ${sql.raw('"contracts"."id"')})`,
  milestonesMet: sql<number>`(select count(*)::int from contract_milestones m where m.contract_id = ${sql.raw('"contracts"."id"')} and m.status = 'accepted')`,
  milestoneCount: sql<number>`(select count(*)::int from contract_milestones m where m.contract_id = ${sql.raw('"contracts"."id"')})`,
};

type ProjectListRow = { paid: string | number; milestonesMet: number; milestoneCount: number };
const withNumbers = <T extends ProjectListRow>(rows: T[]) => rows.map((r) => ({ ...r, paid: Number(r.paid), milestonesMet: Number(r.milestonesMet), milestoneCount: Number(r.milestoneCount) }));

function projectsQuery(db: Queryable) {
  return db
    .select(projectColumns)
    .from(contracts)
    .innerJoin(organizations, eq(organizations.id, contracts.organizationId))
    .innerJoin(bureaus, eq(bureaus.id, contracts.bureauId));
}

// ---------------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------------

/**
 * The officer's projects, and the awards of their bureau that are waiting for a contract: ready
 * (final, nothing pending) with the form's default start date, or not yet and why.
 */
export async function listBureauProjects(db: Queryable, user: SessionUser, now = new Date()) {
  const bureauId = officerBureauId(user);
  const projects = withNumbers(await projectsQuery(db).where(eq(contracts.bureauId, bureauId)).orderBy(desc(contracts.createdAt)));
  const open = await db
    .select({
      awardId: awards.id,
      tenderId: awards.tenderId,
      tenderTitle: tenders.title,
      method: tenders.method,
      status: awards.status,
      amount: awards.amount,
      challengeDeadline: awards.challengeDeadline,
      organizationName: organizations.name,
    })
    .from(awards)
    .innerJoin(tenders, eq(tenders.id, awards.tenderId))
    .innerJoin(organizations, eq(organizations.id, awards.organizationId))
    .where(
      and(
        eq(tenders.bureauId, bureauId),
        inArray(awards.status, ["publicity", "final"]),
        sql`not exists (select 1 from contracts c where c.award_id = ${sql.raw('"awards"."id"')})`,
      ),
    )
    .orderBy(asc(awards.confirmedAt));
  const today = shanghaiToday(now);
  const awaiting = [];
  for (const a of open) {
    // Settles a window that passed since the last read, as every page showing the tender does.
    const ready = await mayContract(db, a.tenderId, now);
    const [pending] = ready
      ? []
      : await db
          .select({ id: challenges.id })
          .from(challenges)
          .where(and(eq(challenges.tenderId, a.tenderId), eq(challenges.status, "pending")))
          .limit(1);
    awaiting.push({
      ...a,
      ready,
      reason: ready ? null : pending ? ("contracts.refused.challengePending" as const) : ("contracts.refused.notFinal" as const),
      defaultStart: firstDayOfNextMonth(today),
    });
  }
  return { projects, awaiting };
}

/** The projects of the user's organizations, each with what waits for the agency. */
export async function listAgencyProjects(db: Queryable, user: SessionUser) {
  const organizationIds = memberOrganizationIds(user);
  if (organizationIds.length === 0) notFound();
  const rows = withNumbers(await projectsQuery(db).where(inArray(contracts.organizationId, organizationIds)).orderBy(desc(contracts.createdAt)));
  const ids = rows.map((r) => r.id);
  const [signed, due] = ids.length
    ? await Promise.all([
        db
          .select({ contractId: contractSignatures.contractId })
          .from(contractSignatures)
          .innerJoin(contracts, and(eq(contracts.id, contractSignatures.contractId), eq(contracts.version, contractSignatures.contractVersion)))
          .where(and(inArray(contractSignatures.contractId, ids), eq(contractSignatures.party, "agency"))),
        db
          .select({ contractId: contractMilestones.contractId, n: count() })
          .from(contractMilestones)
          .where(and(inArray(contractMilestones.contractId, ids), eq(contractMilestones.needsReport, true), inArray(contractMilestones.status, ["pending", "returned"])))
          .groupBy(contractMilestones.contractId),
      ])
    : [[], []];
  const signedIds = new Set(signed.map((s) => s.contractId));
  const dueBy = new Map(due.map((d) => [d.contractId, Number(d.n)]));
  return rows.map((r) => ({ ...r, awaitingSignature: r.status === "draft" && !signedIds.has(r.id), reportsDue: r.status === "active" ? (dueBy.get(r.id) ?? 0) : 0 }));
}

function staffCommunityIds(user: SessionUser) {
  return grantsFor(user, "community").flatMap((g) => (g.communityId ? [g.communityId] : []));
}

/** Projects serving the staff member's community (in force or done), with the reports waiting for its confirmation. */
export async function listCommunityProjects(db: Queryable, user: SessionUser) {
  const communityIds = staffCommunityIds(user);
  if (communityIds.length === 0) notFound();
  const served = exists(
    db
      .select({ one: sql`1` })
      .from(contractCommunities)
      .where(and(eq(contractCommunities.contractId, contracts.id), inArray(contractCommunities.communityId, communityIds))),
  );
  const rows = withNumbers(await projectsQuery(db).where(and(served, ne(contracts.status, "draft"))).orderBy(desc(contracts.createdAt)));
  const ids = rows.map((r) => r.id);
  // Submitted milestones whose current revision this community has not answered yet.
  const waiting = ids.length
    ? await db
        .select({ contractId: contractMilestones.contractId, n: count() })
        .from(contractMilestones)
        .innerJoin(progressReports, eq(progressReports.milestoneId, contractMilestones.id))
        .where(
          and(
            inArray(contractMilestones.contractId, ids),
            eq(contractMilestones.status, "submitted"),
            sql`not exists (select 1 from service_confirmations sc where sc.milestone_id = ${sql.raw('"contract_milestones"."id"')} and sc.report_revision = ${sql.raw('"progress_reports"."revision"')} and sc.community_id in (${sql.join(
              communityIds.map((id) => sql`${id}::uuid`),
              sql`, `,
            )}))`,
          ),
        )
        .groupBy(contractMilestones.contractId)
    : [];
  const waitingBy = new Map(waiting.map((w) => [w.contractId, Number(w.n)]));
  return rows.map((r) => ({ ...r, toConfirm: r.status === "active" ? (waitingBy.get(r.id) ?? 0) : 0 }));
}

export const PUBLIC_PROJECTS_PAGE_SIZE = 20;

/** The public list: signed projects, newest first, optionally by status. */
export async function listPublicProjects(db: Queryable, filter: { status?: string; page?: number } = {}) {
  const statuses = (PUBLIC_STATUSES as readonly string[]).includes(filter.status ?? "") ? [filter.status as (typeof PUBLIC_STATUSES)[number]] : [...PUBLIC_STATUSES];
  const page = Math.max(1, Math.floor(filter.page ?? 1));
  const where = inArray(contracts.status, statuses);
  const [rows, [{ total }]] = await Promise.all([
    projectsQuery(db)
      .where(where)
      .orderBy(desc(contracts.activatedAt), desc(contracts.id))
      .limit(PUBLIC_PROJECTS_PAGE_SIZE)
      .offset((page - 1) * PUBLIC_PROJECTS_PAGE_SIZE),
    db.select({ total: count() }).from(contracts).where(where),
  ]);
  return { projects: withNumbers(rows), total, page, pageCount: Math.max(1, Math.ceil(total / PUBLIC_PROJECTS_PAGE_SIZE)) };
}

/** The project of a tender, for a link from the tender page: the signed contracts only. */
const publicProjectsOfTenderQuery = preparedQuery((db) =>
  db
    .select({ id: contracts.id, title: contracts.title, organizationName: organizations.name, status: contracts.status })
    .from(contracts)
    .innerJoin(organizations, eq(organizations.id, contracts.organizationId))
    .where(and(eq(contracts.tenderId, sql.placeholder("tenderId")), inArray(contracts.status, [...PUBLIC_STATUSES])))
    .orderBy(asc(contracts.createdAt))
    .prepare("public_projects_of_tender"),
);

export async function publicProjectsOfTender(db: Queryable, tenderId: string) {
  if (!isUuid(tenderId)) return [];
  return publicProjectsOfTenderQuery(db, { tenderId });
}

// ---------------------------------------------------------------------------------------------
// One project
// ---------------------------------------------------------------------------------------------

interface Activity {
  date: string;
  title: string;
  place: string;
  participants: number;
}
interface Spending {
  line: string;
  amount: number;
}

async function loadScoped(db: Queryable, viewer: ProjectViewer, contractId: string) {
  if (!isUuid(contractId)) notFound();
  const [row] = await db
    .select({ contract: contracts, organizationName: organizations.name, uscc: organizations.uscc, bureauName: bureaus.nameZh, bureauNameEn: bureaus.nameEn, tenderTitle: tenders.title, method: tenders.method })
    .from(contracts)
    .innerJoin(organizations, eq(organizations.id, contracts.organizationId))
    .innerJoin(bureaus, eq(bureaus.id, contracts.bureauId))
    .innerJoin(tenders, eq(tenders.id, contracts.tenderId))
    .where(eq(contracts.id, contractId))
    .limit(1);
  if (!row) notFound();
  const c = row.contract;
  let communityId: string | null = null;
  if (viewer.as === "public") {
    if (!(PUBLIC_STATUSES as readonly string[]).includes(c.status)) notFound();
  } else if (viewer.as === "bureau") {
    if (!grantsFor(viewer.user, "bureau").some((g) => g.bureauId === c.bureauId)) notFound();
  } else if (viewer.as === "agency") {
    if (!memberOrganizationIds(viewer.user).includes(c.organizationId)) notFound();
  } else {
    const mine = staffCommunityIds(viewer.user);
    const [served] = mine.length
      ? await db
          .select({ communityId: contractCommunities.communityId })
          .from(contractCommunities)
          .where(and(eq(contractCommunities.contractId, c.id), inArray(contractCommunities.communityId, mine)))
          .limit(1)
      : [];
    if (!served || c.status === "draft") notFound();
    communityId = served.communityId;
  }
  return { ...row, communityId };
}

/** One project as the viewer may see it (404 outside their scope). */
export async function getProject(db: Queryable, viewer: ProjectViewer, contractId: string) {
  const { contract: c, communityId, ...names } = await loadScoped(db, viewer, contractId);
  const content = c.content as ContractContent;
  const insider = viewer.as === "bureau" || viewer.as === "agency";
  const [communities, milestoneRows, tranches, signatureRows] = await Promise.all([
    serviceCommunities(db, c.id),
    db.select().from(contractMilestones).where(eq(contractMilestones.contractId, c.id)).orderBy(asc(contractMilestones.position)),
    contractTranches(db, c),
    db
      .select({ party: contractSignatures.party, version: contractSignatures.contractVersion, pdfSha256: contractSignatures.pdfSha256, signedAt: contractSignatures.signedAt, name: users.displayName })
      .from(contractSignatures)
      .innerJoin(users, eq(users.id, contractSignatures.userId))
      .where(eq(contractSignatures.contractId, c.id))
      .orderBy(asc(contractSignatures.signedAt)),
  ]);

  // Reports: the agency sees its drafts; the others see a report once submitted (and after acceptance).
  const reportRows =
    viewer.as === "public" ? [] : await db.select().from(progressReports).where(eq(progressReports.contractId, c.id));
  const visibleReport = (milestoneStatus: string) => viewer.as === "agency" || milestoneStatus === "submitted" || milestoneStatus === "accepted";
  const [confirmationRows, evidence] = await Promise.all([
    viewer.as === "public" || milestoneRows.length === 0
      ? []
      : db
          .select({ milestoneId: serviceConfirmations.milestoneId, communityId: serviceConfirmations.communityId, status: serviceConfirmations.status, note: serviceConfirmations.note, reportRevision: serviceConfirmations.reportRevision, at: serviceConfirmations.at, name: users.displayName })
          .from(serviceConfirmations)
          .innerJoin(users, eq(users.id, serviceConfirmations.userId))
          .where(inArray(serviceConfirmations.milestoneId, milestoneRows.map((m) => m.id))),
    listAttachments(db, "progressReport", reportRows.map((r) => r.id)),
  ]);

  const milestones = milestoneRows.map((m) => {
    const report = reportRows.find((r) => r.milestoneId === m.id) ?? null;
    const shown = report && visibleReport(m.status) ? report : null;
    const tranche = tranches.find((t) => t.milestoneId === m.id)!;
    const confirmations = communities.map((community) => {
      const answer = confirmationRows.find((x) => x.milestoneId === m.id && x.communityId === community.id);
      return {
        communityId: community.id,
        nameZh: community.nameZh,
        nameEn: community.nameEn,
        answer: answer ? { ...answer, current: report !== null && answer.reportRevision === report.revision } : null,
      };
    });
    const mine = communityId ? confirmations.find((x) => x.communityId === communityId) : undefined;
    return {
      id: m.id,
      position: m.position,
      name: m.name,
      dueOn: m.dueOn,
      needsReport: m.needsReport,
      status: m.status,
      decidedAt: m.decidedAt,
      returnReason: viewer.as === "public" ? null : m.returnReason,
      report: shown
        ? {
            id: shown.id,
            status: shown.status,
            revision: shown.revision,
            periodStart: shown.periodStart,
            periodEnd: shown.periodEnd,
            activities: shown.activities as Activity[],
            beneficiaries: shown.beneficiaries,
            volunteerHours: shown.volunteerHours,
            spending: shown.spending as Spending[],
            narrative: shown.narrative,
            submittedAt: shown.submittedAt,
            updatedAt: shown.updatedAt,
            evidence: evidence.filter((f) => f.ownerId === shown.id).map((f) => ({ id: f.id, filename: f.filename, size: f.size })),
          }
        : null,
      confirmations: viewer.as === "public" ? [] : confirmations,
      // Community staff: this milestone waits for their answer on the current revision.
      awaitsMyConfirmation: Boolean(mine && m.status === "submitted" && c.status === "active" && !mine.answer?.current),
      myConfirmation: mine?.answer ?? null,
      tranche: {
        id: tranche.id,
        percentage: tranche.percentage,
        amount: tranche.amount,
        isFinal: tranche.isFinal,
        state: tranche.state,
        reason: "reason" in tranche ? tranche.reason : null,
        payment: tranche.paymentId ? { paidOn: tranche.paidOn, amount: tranche.paidAmount, reference: insider ? tranche.reference : null } : null,
      },
    };
  });

  // Spending against the bid's budget: what the submitted or accepted reports put on each line.
  const counted = reportRows.filter((r) => {
    const m = milestoneRows.find((x) => x.id === r.milestoneId);
    return m && (m.status === "submitted" || m.status === "accepted");
  });
  const spentBy = new Map<string, number>();
  for (const r of counted) for (const s of r.spending as Spending[]) spentBy.set(s.line, (spentBy.get(s.line) ?? 0) + s.amount);
  const spending = content.budget.map((b) => ({ line: b.item, budget: b.amount, spent: spentBy.get(b.item) ?? 0 }));
  const delivered = {
    beneficiaries: counted.reduce((a, r) => a + r.beneficiaries, 0),
    volunteerHours: counted.reduce((a, r) => a + Number(r.volunteerHours), 0),
    activities: counted.reduce((a, r) => a + (r.activities as Activity[]).length, 0),
  };

  const current = signatureRows.filter((s) => s.version === c.version);
  const party: ContractParty | null = viewer.as === "bureau" || viewer.as === "agency" ? signingParty(viewer.user, c) : null;
  const paid = tranches.reduce((a, t) => a + (t.paidAmount ?? 0), 0);

  return {
    contract: {
      id: c.id,
      number: c.number,
      title: c.title,
      status: c.status,
      amount: c.amount,
      serviceStartOn: c.serviceStartOn,
      serviceEndOn: c.serviceEndOn,
      version: c.version,
      pdfSha256: insider ? c.pdfSha256 : null,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      activatedAt: c.activatedAt,
      completedAt: c.completedAt,
      terminatedAt: c.terminatedAt,
      terminationReason: insider ? c.terminationReason : null,
      tenderId: c.tenderId,
      tenderTitle: names.tenderTitle,
      method: names.method,
      proposalTitle: content.proposalTitle,
    },
    purchaser: { name: names.bureauName, nameEn: names.bureauNameEn },
    supplier: { organizationId: c.organizationId, name: names.organizationName, uscc: names.uscc },
    communities,
    terms: insider || viewer.as === "community" ? { deliverables: content.deliverables, indicators: content.indicators, team: insider ? content.team : [], budget: content.budget } : null,
    milestones,
    spending: viewer.as === "public" ? [] : spending,
    delivered: viewer.as === "public" ? null : delivered,
    paid,
    payments: milestones.filter((m) => m.tranche.payment).map((m) => ({ milestone: m.name, position: m.position, ...m.tranche.payment! })),
    signatures: {
      agency: current.find((s) => s.party === "agency") ?? null,
      bureau: current.find((s) => s.party === "bureau") ?? null,
      history: insider ? signatureRows.filter((s) => s.version !== c.version) : [],
    },
    viewer: {
      as: viewer.as,
      party,
      communityId,
      canSign: c.status === "draft" && party !== null && !current.some((s) => s.party === party),
      mayRevise: viewer.as === "bureau" && c.status === "draft",
      mayTerminate: viewer.as === "bureau" && (c.status === "draft" || c.status === "active"),
    },
  };
}
export type ProjectView = Awaited<ReturnType<typeof getProject>>;

/**
 * What happened on the project, oldest first: the tender's publication, opening and award from
 * their rows, then every command on the contract from the audit log, dated by the command's own
 * clock (`after.at`) — the time the entry was written only when the command gave none.
 */
export async function projectTimeline(db: Queryable, project: Pick<ProjectView, "contract">) {
  const contractId = project.contract.id;
  const [[tender], [award], rows] = await Promise.all([
    db
      .select({ publishedAt: tenders.publishedAt, openedAt: bidOpenings.openedAt })
      .from(tenders)
      .leftJoin(bidOpenings, eq(bidOpenings.tenderId, tenders.id))
      .where(eq(tenders.id, project.contract.tenderId))
      .limit(1),
    db
      .select({ confirmedAt: awards.confirmedAt, finalAt: awards.finalAt })
      .from(awards)
      .innerJoin(contracts, eq(contracts.awardId, awards.id))
      .where(eq(contracts.id, contractId))
      .limit(1),
    db
      .select({ id: auditLog.id, action: auditLog.action, at: auditLog.at, after: auditLog.after, actorName: users.displayName })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(and(eq(auditLog.subjectType, "contract"), eq(auditLog.subjectId, contractId)))
      .orderBy(asc(auditLog.seq)),
  ]);
  const event = (id: string, action: string, at: Date | null | undefined) => (at ? [{ id, action, at, actorName: null, milestone: null, party: null, amount: null, reason: null }] : []);
  const procurement = [
    ...event("tender.publish", "tender.publish", tender?.publishedAt),
    ...event("tender.openBids", "tender.openBids", tender?.openedAt),
    ...event("tender.award", "tender.award", award?.confirmedAt),
    ...event("tender.awardFinal", "tender.awardFinal", award?.finalAt),
  ];
  const commands = rows.map((r) => {
    const after = (r.after ?? {}) as Record<string, unknown>;
    const at = typeof after.at === "string" && !Number.isNaN(Date.parse(after.at)) ? new Date(after.at) : r.at;
    return {
      id: r.id,
      action: r.action,
      at,
      actorName: r.actorName as string | null,
      milestone: typeof after.milestone === "number" ? after.milestone : typeof after.tranche === "number" ? after.tranche : null,
      party: typeof after.party === "string" ? after.party : null,
      amount: typeof after.amount === "number" && r.action === "payment.record" ? after.amount : null,
      reason: typeof after.reason === "string" ? after.reason : null,
    };
  });
  // Stable: commands keep their recorded order when two share a time.
  return [...procurement, ...commands].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * The project's contract if the viewer may see it, with the scope of getProject (404 otherwise):
 * an action calls it before validating its form, so that field errors tell an outsider nothing.
 */
export async function requireProject(db: Queryable, viewer: ProjectViewer, contractId: string) {
  return (await loadScoped(db, viewer, contractId)).contract;
}
