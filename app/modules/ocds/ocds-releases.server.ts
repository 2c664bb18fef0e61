/**
 * OCDS 1.1.5 releases (DESIGN §5): one release per lifecycle event of a tender, each a snapshot
 * of what was public at that moment, with an id that never changes. The events and their builders:
 *
 *   planning          the tender's publication: the needs it answers and its budget line
 *   tender            the publication: the call for bids as first published
 *   tenderAmendment   each amendment (更正公告), with the bid deadline it left
 *   tenderUpdate      the opening: who bid; or the tender ending unsuccessful (废标)
 *   tenderCancellation  a published tender cancelled, with the reason
 *   award             an award confirmed (in publicity: "pending")
 *   awardUpdate       the award final after the challenge window ("active")
 *   awardCancellation an award revoked by an upheld challenge
 *   contract          a contract in force (signed by both parties): value, period, milestones
 *   implementation    each milestone accepted and each payment recorded: the contract's
 *                     milestones as they stood then (met with dateMet, or scheduled) and its
 *                     payments so far as transactions, payer the bureau and payee the organization
 *   contractTermination  a contract that came to a close: completed, or terminated early
 *                     (status "terminated"; the reason is an insider's text and is not published)
 *
 * Donations (社会捐赠) are left out: OCDS transactions are the buyer's payments under the
 * contract, and a donation is a private gift to the project through the portal, neither from the
 * buyer nor under the contract's terms; the project page and the statistics publish them.
 *
 * No personal data leaves: no contact names or phones, no resident, no asker, no challenger, no
 * staff; organizations appear by name and USCC, bureaus by name.
 */
import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "#db/client";
import {
  amendments,
  attachments,
  awards,
  bidOpenings,
  budgetLines,
  bureaus,
  contractMilestones,
  contracts,
  enquiries,
  needs,
  organizations,
  payments,
  regions,
  tenderCriteria,
  tenderNeeds,
  tenders,
} from "#db/schema";
import { translator } from "~/i18n";
import type { Json } from "./ocds-merge";
import { amountOf, OCDS_METHOD, ocidOf, releaseId, type OcdsContext } from "./ocds-ids";

const zh = translator("zh-CN");

export const EVENT_KINDS = ["planning", "tender", "amendment", "opening", "ended", "award", "awardFinal", "awardRevoked", "contract", "implementation", "contractEnded"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** One lifecycle event: which tender, what happened, when, and (for amendments and awards) which one. */
export interface ReleaseEvent {
  kind: EventKind;
  tenderId: string;
  date: Date;
  /**
   * The amendment id, the first award id of an award event, the contract id of a contract event,
   * the milestone's or payment's id of an implementation event; "" otherwise.
   */
  key: string;
}

// ---------------------------------------------------------------------------------------------
// Loading: everything the releases of a set of tenders need, in one query per table
// ---------------------------------------------------------------------------------------------

async function loadProcesses(db: Queryable, tenderIds: string[]) {
  if (tenderIds.length === 0) return new Map<string, Process>();
  const district = alias(regions, "district");
  const city = alias(regions, "city");
  const community = alias(regions, "community");
  const [tenderRows, needRows, criteriaRows, documentRows, amendmentRows, openingRows, awardRows, enquiryRows, contractRows, milestoneRows, paymentRows] = await Promise.all([
    db
      .select({
        tender: tenders,
        bureauName: bureaus.nameZh,
        districtCode: district.code,
        districtName: district.nameZh,
        cityName: city.nameZh,
        lineName: budgetLines.name,
        fundSource: budgetLines.fundSource,
        fiscalYear: budgetLines.fiscalYear,
      })
      .from(tenders)
      .innerJoin(bureaus, eq(bureaus.id, tenders.bureauId))
      .innerJoin(district, eq(district.id, bureaus.districtId))
      .leftJoin(city, eq(city.id, district.parentId))
      .innerJoin(budgetLines, eq(budgetLines.id, tenders.budgetLineId))
      .where(and(inArray(tenders.id, tenderIds), isNotNull(tenders.publishedAt))),
    db
      .select({ tenderId: tenderNeeds.tenderId, id: needs.id, title: needs.title, communityName: community.nameZh })
      .from(tenderNeeds)
      .innerJoin(needs, eq(needs.id, tenderNeeds.needId))
      .innerJoin(community, eq(community.id, needs.communityId))
      .where(inArray(tenderNeeds.tenderId, tenderIds))
      .orderBy(asc(needs.createdAt), asc(needs.id)),
    db
      .select({ tenderId: tenderCriteria.tenderId, name: tenderCriteria.name, maxPoints: tenderCriteria.maxPoints })
      .from(tenderCriteria)
      .where(inArray(tenderCriteria.tenderId, tenderIds))
      .orderBy(asc(tenderCriteria.position)),
    db
      .select({ tenderId: attachments.ownerId, id: attachments.id, filename: attachments.filename, contentType: attachments.contentType, createdAt: attachments.createdAt })
      .from(attachments)
      .where(and(eq(attachments.ownerType, "tender"), inArray(attachments.ownerId, tenderIds)))
      .orderBy(asc(attachments.createdAt), asc(attachments.id)),
    db
      .select({
        tenderId: amendments.tenderId,
        id: amendments.id,
        changes: amendments.changes,
        reason: amendments.reason,
        previousBidDeadline: amendments.previousBidDeadline,
        newBidDeadline: amendments.newBidDeadline,
        publishedAt: amendments.publishedAt,
      })
      .from(amendments)
      .where(inArray(amendments.tenderId, tenderIds))
      .orderBy(asc(amendments.publishedAt), asc(amendments.id)),
    db
      .select({ tenderId: bidOpenings.tenderId, openedAt: bidOpenings.openedAt, record: bidOpenings.record })
      .from(bidOpenings)
      .where(inArray(bidOpenings.tenderId, tenderIds)),
    db
      .select({
        tenderId: awards.tenderId,
        id: awards.id,
        amount: awards.amount,
        status: awards.status,
        confirmedAt: awards.confirmedAt,
        finalAt: awards.finalAt,
        revokedAt: awards.revokedAt,
        organizationName: organizations.name,
        uscc: organizations.uscc,
      })
      .from(awards)
      .innerJoin(organizations, eq(organizations.id, awards.organizationId))
      .where(inArray(awards.tenderId, tenderIds))
      .orderBy(asc(awards.confirmedAt), asc(awards.id)),
    db
      .select({ tenderId: enquiries.tenderId, askedAt: enquiries.askedAt })
      .from(enquiries)
      .where(inArray(enquiries.tenderId, tenderIds)),
    db
      .select({
        tenderId: contracts.tenderId,
        id: contracts.id,
        awardId: contracts.awardId,
        number: contracts.number,
        title: contracts.title,
        amount: contracts.amount,
        serviceStartOn: contracts.serviceStartOn,
        serviceEndOn: contracts.serviceEndOn,
        status: contracts.status,
        activatedAt: contracts.activatedAt,
        completedAt: contracts.completedAt,
        terminatedAt: contracts.terminatedAt,
        organizationName: organizations.name,
        uscc: organizations.uscc,
      })
      .from(contracts)
      .innerJoin(organizations, eq(organizations.id, contracts.organizationId))
      .where(and(inArray(contracts.tenderId, tenderIds), isNotNull(contracts.activatedAt)))
      .orderBy(asc(contracts.activatedAt), asc(contracts.id)),
    db
      .select({
        tenderId: contracts.tenderId,
        contractId: contractMilestones.contractId,
        id: contractMilestones.id,
        position: contractMilestones.position,
        name: contractMilestones.name,
        dueOn: contractMilestones.dueOn,
        needsReport: contractMilestones.needsReport,
        status: contractMilestones.status,
        decidedAt: contractMilestones.decidedAt,
      })
      .from(contractMilestones)
      .innerJoin(contracts, eq(contracts.id, contractMilestones.contractId))
      .where(and(inArray(contracts.tenderId, tenderIds), isNotNull(contracts.activatedAt)))
      .orderBy(asc(contractMilestones.position)),
    db
      .select({ tenderId: contracts.tenderId, contractId: payments.contractId, id: payments.id, amount: payments.amount, paidOn: payments.paidOn, recordedAt: payments.recordedAt })
      .from(payments)
      .innerJoin(contracts, eq(contracts.id, payments.contractId))
      .where(inArray(contracts.tenderId, tenderIds))
      .orderBy(asc(payments.recordedAt), asc(payments.id)),
  ]);
  const of = <T extends { tenderId: string }>(rows: T[], id: string) => rows.filter((r) => r.tenderId === id);
  return new Map(
    tenderRows.map((row) => {
      const id = row.tender.id;
      const opening = openingRows.find((o) => o.tenderId === id);
      return [
        id,
        {
          ...row,
          needs: of(needRows, id),
          criteria: of(criteriaRows, id),
          documents: of(documentRows, id),
          amendments: of(amendmentRows, id),
          opening: opening ? { openedAt: opening.openedAt, bidders: (opening.record as { organizationName: string; uscc: string }[]).map((r) => ({ name: r.organizationName, uscc: r.uscc })) } : null,
          awards: of(awardRows, id),
          enquiryTimes: of(enquiryRows, id).map((e) => e.askedAt),
          contracts: of(contractRows, id).map((c) => ({
            ...c,
            milestones: milestoneRows.filter((m) => m.contractId === c.id),
            payments: paymentRows.filter((pay) => pay.contractId === c.id),
          })),
        },
      ];
    }),
  );
}

type Process = {
  tender: typeof tenders.$inferSelect;
  bureauName: string;
  districtCode: string;
  districtName: string;
  cityName: string | null;
  lineName: string;
  fundSource: string;
  fiscalYear: number;
  needs: { id: string; title: string; communityName: string }[];
  criteria: { name: string; maxPoints: number }[];
  documents: { id: string; filename: string; contentType: string; createdAt: Date }[];
  amendments: { id: string; changes: string; reason: string; previousBidDeadline: Date; newBidDeadline: Date; publishedAt: Date }[];
  opening: { openedAt: Date; bidders: { name: string; uscc: string }[] } | null;
  awards: { id: string; amount: number; status: string; confirmedAt: Date; finalAt: Date | null; revokedAt: Date | null; organizationName: string; uscc: string }[];
  enquiryTimes: Date[];
  contracts: ContractRow[];
};

type ContractRow = {
  id: string;
  awardId: string;
  number: string;
  title: string;
  amount: number;
  serviceStartOn: string;
  serviceEndOn: string;
  status: string;
  activatedAt: Date | null;
  completedAt: Date | null;
  terminatedAt: Date | null;
  organizationName: string;
  uscc: string;
  milestones: { id: string; position: number; name: string; dueOn: string; needsReport: boolean; status: string; decidedAt: Date | null }[];
  payments: { id: string; amount: number; paidOn: string; recordedAt: Date }[];
};

// ---------------------------------------------------------------------------------------------
// Pieces shared by the builders
// ---------------------------------------------------------------------------------------------

const iso = (d: Date) => d.toISOString();

function buyerParty(p: Process, roles = ["buyer", "procuringEntity"]) {
  return {
    id: `bureau-${p.districtCode}`,
    name: p.bureauName,
    address: { region: p.districtName, ...(p.cityName ? { locality: p.cityName } : {}), countryName: "中国" },
    roles,
  };
}

const buyerReference = (p: Process) => ({ id: `bureau-${p.districtCode}`, name: p.bureauName });

const organizationId = (uscc: string) => `CN-USCC-${uscc}`;

function organizationParty(org: { name: string; uscc: string }, roles: string[]) {
  return { id: organizationId(org.uscc), name: org.name, identifier: { scheme: "CN-USCC", id: org.uscc, legalName: org.name }, roles };
}

const organizationReference = (org: { name: string; uscc: string }) => ({ id: organizationId(org.uscc), name: org.name });

/** The fields every release carries. */
function envelope(
  ctx: OcdsContext,
  p: Process,
  kind: string,
  key: string,
  date: Date,
  tag: string[],
  extra: Record<string, Json>,
  parties: Json[] = [],
  buyerRoles?: string[],
): Record<string, Json> {
  const ocid = ocidOf(ctx.prefix, p.tender.id);
  return {
    ocid,
    id: releaseId(ocid, kind, key),
    date: iso(date),
    tag,
    initiationType: "tender",
    language: "zh",
    parties: [buyerParty(p, buyerRoles), ...parties],
    buyer: buyerReference(p),
    ...extra,
  };
}

function tenderDocuments(ctx: OcdsContext, p: Process) {
  const publishedAt = iso(p.tender.publishedAt!);
  return [
    {
      id: "notice",
      documentType: "tenderNotice",
      title: `${p.tender.title}采购公告`,
      url: `${ctx.origin}/tenders/${p.tender.id}/notice.pdf`,
      datePublished: publishedAt,
      format: "application/pdf",
      language: "zh",
    },
    ...p.documents.map((d) => ({
      id: d.id,
      documentType: "biddingDocuments",
      title: d.filename,
      url: `${ctx.origin}/attachments/${d.id}`,
      datePublished: publishedAt,
      format: d.contentType,
      language: "zh",
    })),
  ];
}

/** The tender as published, with the bid deadline that applied at `deadline`. */
function tenderSection(ctx: OcdsContext, p: Process, deadline: Date, status: string): Record<string, Json> {
  const t = p.tender;
  const criteria = [`价格 ${t.pricePoints} 分`, ...p.criteria.map((c) => `${c.name} ${c.maxPoints} 分`)].join("；");
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    status,
    procuringEntity: buyerReference(p),
    items: [{ id: "1", description: zh(`category.${t.category}`), classification: { scheme: "X-SANSHE-SERVICE-CATEGORY", id: t.category, description: zh(`category.${t.category}`) }, quantity: 1 }],
    value: amountOf(t.ceilingPrice),
    procurementMethod: OCDS_METHOD[t.method],
    procurementMethodDetails: zh(`tenders.method.${t.method}`),
    mainProcurementCategory: "services",
    awardCriteria: "ratedCriteria",
    awardCriteriaDetails: criteria,
    submissionMethod: ["electronicSubmission"],
    tenderPeriod: { startDate: iso(t.publishedAt!), endDate: iso(deadline) },
    enquiryPeriod: { startDate: iso(t.publishedAt!), endDate: iso(t.enquiryDeadline) },
    eligibilityCriteria: t.eligibility,
    documents: tenderDocuments(ctx, p),
  };
}

/** The bid deadline as first published: before any amendment moved it. */
const originalDeadline = (p: Process) => p.amendments[0]?.previousBidDeadline ?? p.tender.bidDeadline;

// ---------------------------------------------------------------------------------------------
// One builder per kind of release
// ---------------------------------------------------------------------------------------------

function planningRelease(ctx: OcdsContext, p: Process) {
  const t = p.tender;
  return envelope(ctx, p, "planning", "", t.publishedAt!, ["planning"], {
    planning: {
      rationale: `回应社区需求：${p.needs.map((n) => `${n.communityName}“${n.title}”`).join("；")}`,
      budget: {
        id: t.budgetLineId,
        description: `${p.fiscalYear}年度 · ${zh(`fundSource.${p.fundSource}`)}`,
        amount: amountOf(t.ceilingPrice),
        project: p.lineName,
      },
      documents: p.needs.map((n) => ({ id: `need-${n.id}`, documentType: "needsAssessment", title: `${n.communityName}：${n.title}`, url: `${ctx.origin}/needs/${n.id}`, language: "zh" })),
    },
  });
}

function tenderRelease(ctx: OcdsContext, p: Process) {
  return envelope(ctx, p, "tender", "", p.tender.publishedAt!, ["tender"], { tender: tenderSection(ctx, p, originalDeadline(p), "active") });
}

function amendmentRelease(ctx: OcdsContext, p: Process, amendmentId: string) {
  const index = p.amendments.findIndex((a) => a.id === amendmentId);
  const amendment = p.amendments[index];
  const ocid = ocidOf(ctx.prefix, p.tender.id);
  const section = tenderSection(ctx, p, amendment.newBidDeadline, "active");
  return envelope(ctx, p, "amendment", amendmentId, amendment.publishedAt, ["tenderAmendment"], {
    tender: {
      ...section,
      documents: [
        ...(section.documents as Json[]),
        ...p.amendments.slice(0, index + 1).map((a) => ({
          id: `amendment-${a.id}`,
          documentType: "clarifications",
          title: `${p.tender.title}更正公告`,
          url: `${ctx.origin}/tenders/${p.tender.id}/amendments/${a.id}.pdf`,
          datePublished: iso(a.publishedAt),
          format: "application/pdf",
          language: "zh",
        })),
      ],
      amendments: p.amendments.slice(0, index + 1).map((a, i) => ({
        id: a.id,
        date: iso(a.publishedAt),
        rationale: a.reason,
        description: a.changes,
        amendsReleaseID: i === 0 ? releaseId(ocid, "tender", "") : releaseId(ocid, "amendment", p.amendments[i - 1].id),
        releaseID: releaseId(ocid, "amendment", a.id),
      })),
    },
  });
}

function openingRelease(ctx: OcdsContext, p: Process) {
  const opening = p.opening!;
  return envelope(
    ctx,
    p,
    "opening",
    "",
    opening.openedAt,
    ["tenderUpdate"],
    {
      tender: {
        id: p.tender.id,
        status: "active",
        hasEnquiries: p.enquiryTimes.some((at) => at <= opening.openedAt),
        numberOfTenderers: opening.bidders.length,
        tenderers: opening.bidders.map(organizationReference),
        documents: [
          {
            id: "opening",
            documentType: "bidders",
            title: `${p.tender.title}开标记录`,
            url: `${ctx.origin}/tenders/${p.tender.id}/opening.pdf`,
            datePublished: iso(opening.openedAt),
            format: "application/pdf",
            language: "zh",
          },
        ],
      },
    },
    opening.bidders.map((b) => organizationParty(b, ["tenderer"])),
  );
}

/** A published tender cancelled, or ended unsuccessful (废标). */
function endedRelease(ctx: OcdsContext, p: Process) {
  const t = p.tender;
  const cancelled = t.status === "cancelled";
  const reason = t.cancelReason ? zh(t.cancelReason) : "";
  return envelope(ctx, p, cancelled ? "cancellation" : "unsuccessful", "", t.cancelledAt!, [cancelled ? "tenderCancellation" : "tenderUpdate"], {
    tender: {
      id: t.id,
      status: cancelled ? "cancelled" : "unsuccessful",
      ...(reason ? { documents: [{ id: cancelled ? "cancellation" : "unsuccessful", documentType: "cancellationDetails", title: cancelled ? "终止公告" : "废标公告", description: reason, datePublished: iso(t.cancelledAt!), language: "zh" }] } : {}),
    },
  });
}

type AwardRow = Process["awards"][number];

function awardSection(ctx: OcdsContext, p: Process, rows: AwardRow[], status: string) {
  return rows.map((a) => ({
    id: a.id,
    title: `${p.tender.title}成交结果`,
    status,
    date: iso(a.confirmedAt),
    value: amountOf(a.amount),
    suppliers: [organizationReference({ name: a.organizationName, uscc: a.uscc })],
    documents: [{ id: "result", documentType: "awardNotice", title: `${p.tender.title}结果公告`, url: `${ctx.origin}/tenders/${p.tender.id}/result.pdf`, format: "application/pdf", language: "zh" }],
  }));
}

/** Awards that share the event's time (a venture call funds several proposals at once). */
function awardGroup(p: Process, event: ReleaseEvent) {
  const at = event.date.getTime();
  const when = (a: AwardRow) => (event.kind === "award" ? a.confirmedAt : event.kind === "awardFinal" ? a.finalAt : a.revokedAt);
  return p.awards.filter((a) => when(a)?.getTime() === at);
}

function awardRelease(ctx: OcdsContext, p: Process, event: ReleaseEvent) {
  const rows = awardGroup(p, event);
  const status = event.kind === "award" ? "pending" : event.kind === "awardFinal" ? "active" : "cancelled";
  const tag = event.kind === "award" ? "award" : event.kind === "awardFinal" ? "awardUpdate" : "awardCancellation";
  const supplierRoles = event.kind === "awardRevoked" ? ["tenderer"] : ["tenderer", "supplier"];
  return envelope(
    ctx,
    p,
    event.kind,
    event.key,
    event.date,
    [tag],
    {
      // Final: the procedure is complete. Revoked: the tender goes back to an earlier stage.
      tender: { id: p.tender.id, status: event.kind === "awardFinal" ? "complete" : "active" },
      awards: awardSection(ctx, p, rows, status),
    },
    rows.map((a) => organizationParty({ name: a.organizationName, uscc: a.uscc }, supplierRoles)),
  );
}

// ---------------------------------------------------------------------------------------------
// Contracts and their implementation
// ---------------------------------------------------------------------------------------------

/** Once money flows, the bureau pays and the organization is paid: roles kept in every contract release. */
const CONTRACT_BUYER_ROLES = ["buyer", "procuringEntity", "payer"];
const CONTRACT_SUPPLIER_ROLES = ["tenderer", "supplier", "payee"];

/** A date (YYYY-MM-DD) as the start or the end of that day in Beijing. */
const dayStart = (date: string) => `${date}T00:00:00+08:00`;
const dayEnd = (date: string) => `${date}T23:59:59+08:00`;

function contractOf(p: Process, contractId: string) {
  const contract = p.contracts.find((c) => c.id === contractId);
  if (!contract) throw new Error(`no contract ${contractId} in tender ${p.tender.id}`);
  return contract;
}

function contractParties(c: ContractRow) {
  return [organizationParty({ name: c.organizationName, uscc: c.uscc }, CONTRACT_SUPPLIER_ROLES)];
}

/** The contract as signed: its value, period, the service as one item, and its milestones as planned. */
function contractRelease(ctx: OcdsContext, p: Process, event: ReleaseEvent) {
  const c = contractOf(p, event.key);
  return envelope(
    ctx,
    p,
    "contract",
    c.id,
    event.date,
    ["contract"],
    {
      contracts: [
        {
          id: c.id,
          awardID: c.awardId,
          title: c.title,
          description: `合同编号 ${c.number}`,
          status: "active",
          period: { startDate: dayStart(c.serviceStartOn), endDate: dayEnd(c.serviceEndOn) },
          value: amountOf(c.amount),
          items: [
            {
              id: "1",
              description: zh(`category.${p.tender.category}`),
              classification: { scheme: "X-SANSHE-SERVICE-CATEGORY", id: p.tender.category, description: zh(`category.${p.tender.category}`) },
              quantity: 1,
            },
          ],
          dateSigned: iso(c.activatedAt!),
          milestones: c.milestones.map((m) => ({ id: m.id, title: m.name, type: "delivery", dueDate: dayEnd(m.dueOn), status: "scheduled" })),
          // The signed PDF is for the parties; the public project page is the contract's notice.
          documents: [{ id: "contract", documentType: "contractNotice", title: `${c.title}项目公示`, url: `${ctx.origin}/projects/${c.id}`, datePublished: iso(c.activatedAt!), language: "zh" }],
        },
      ],
    },
    contractParties(c),
    CONTRACT_BUYER_ROLES,
  );
}

/**
 * The contract's implementation as it stood at the event (a milestone accepted or a payment
 * recorded): every milestone, met (with the day) when accepted by then, else scheduled; and
 * every payment recorded by then as a transaction from the bureau to the organization.
 */
function implementationRelease(ctx: OcdsContext, p: Process, event: ReleaseEvent) {
  const c = p.contracts.find((x) => x.milestones.some((m) => m.id === event.key) || x.payments.some((pay) => pay.id === event.key));
  if (!c) throw new Error(`no milestone or payment ${event.key} in tender ${p.tender.id}`);
  const at = event.date.getTime();
  const met = (m: ContractRow["milestones"][number]) => m.status === "accepted" && m.decidedAt !== null && m.decidedAt.getTime() <= at;
  const payee = organizationReference({ name: c.organizationName, uscc: c.uscc });
  return envelope(
    ctx,
    p,
    "implementation",
    event.key,
    event.date,
    ["implementation"],
    {
      contracts: [
        {
          id: c.id,
          awardID: c.awardId,
          status: "active",
          implementation: {
            milestones: c.milestones.map((m) => ({
              id: m.id,
              title: m.name,
              type: "delivery",
              dueDate: dayEnd(m.dueOn),
              status: met(m) ? "met" : "scheduled",
              ...(met(m) ? { dateMet: iso(m.decidedAt!) } : {}),
            })),
            transactions: c.payments
              .filter((pay) => pay.recordedAt.getTime() <= at)
              .map((pay) => ({ id: pay.id, date: dayStart(pay.paidOn), value: amountOf(pay.amount), payer: buyerReference(p), payee })),
          },
        },
      ],
    },
    contractParties(c),
    CONTRACT_BUYER_ROLES,
  );
}

/** A contract that came to a close: "terminated" in OCDS's sense, completed or ended early. */
function contractEndedRelease(ctx: OcdsContext, p: Process, event: ReleaseEvent) {
  const c = contractOf(p, event.key);
  const early = c.status === "terminated";
  return envelope(
    ctx,
    p,
    "contractEnded",
    c.id,
    event.date,
    ["contractTermination"],
    {
      contracts: [
        {
          id: c.id,
          awardID: c.awardId,
          status: "terminated",
          description: early ? `合同编号 ${c.number}，已提前终止` : `合同编号 ${c.number}，已履行完毕`,
          // An early end cuts the period short.
          ...(early ? { period: { startDate: dayStart(c.serviceStartOn), endDate: iso(event.date) } } : {}),
        },
      ],
    },
    contractParties(c),
    CONTRACT_BUYER_ROLES,
  );
}

function buildRelease(ctx: OcdsContext, p: Process, event: ReleaseEvent): Record<string, Json> {
  switch (event.kind) {
    case "planning":
      return planningRelease(ctx, p);
    case "tender":
      return tenderRelease(ctx, p);
    case "amendment":
      return amendmentRelease(ctx, p, event.key);
    case "opening":
      return openingRelease(ctx, p);
    case "ended":
      return endedRelease(ctx, p);
    case "award":
    case "awardFinal":
    case "awardRevoked":
      return awardRelease(ctx, p, event);
    case "contract":
      return contractRelease(ctx, p, event);
    case "implementation":
      return implementationRelease(ctx, p, event);
    case "contractEnded":
      return contractEndedRelease(ctx, p, event);
  }
}

// ---------------------------------------------------------------------------------------------
// The event index: every release's (tender, kind, date), oldest first
// ---------------------------------------------------------------------------------------------

const RANK: Record<EventKind, number> = { planning: 0, tender: 1, amendment: 2, opening: 3, ended: 4, award: 5, awardFinal: 6, awardRevoked: 7, contract: 8, implementation: 9, contractEnded: 10 };

/**
 * The events of published tenders as one ordered list in SQL, so that a page of the feed reads
 * only its own releases: by date, then lifecycle order, then tender and key.
 */
function eventIndex(filter: { tenderId?: string; since?: Date }) {
  const tenderCondition = (column: string) => (filter.tenderId ? sql`and ${sql.raw(column)} = ${filter.tenderId}` : sql``);
  const published = sql`select t.id from ${tenders} t where t.published_at is not null ${tenderCondition("t.id")}`;
  const union = sql`
    select 'planning' as kind, t.id as tender_id, t.published_at as at, '' as key from ${tenders} t where t.published_at is not null ${tenderCondition("t.id")}
    union all select 'tender', t.id, t.published_at, '' from ${tenders} t where t.published_at is not null ${tenderCondition("t.id")}
    union all select 'amendment', a.tender_id, a.published_at, a.id::text from ${amendments} a where a.tender_id in (${published})
    union all select 'opening', o.tender_id, o.opened_at, '' from ${bidOpenings} o where o.tender_id in (${published})
    union all select 'ended', t.id, t.cancelled_at, '' from ${tenders} t where t.published_at is not null and t.status in ('cancelled', 'unsuccessful') and t.cancelled_at is not null ${tenderCondition("t.id")}
    union all select 'award', a.tender_id, a.confirmed_at, min(a.id::text) from ${awards} a where a.tender_id in (${published}) group by a.tender_id, a.confirmed_at
    union all select 'awardFinal', a.tender_id, a.final_at, min(a.id::text) from ${awards} a where a.final_at is not null and a.tender_id in (${published}) group by a.tender_id, a.final_at
    union all select 'awardRevoked', a.tender_id, a.revoked_at, min(a.id::text) from ${awards} a where a.revoked_at is not null and a.tender_id in (${published}) group by a.tender_id, a.revoked_at
    union all select 'contract', c.tender_id, c.activated_at, c.id::text from ${contracts} c where c.activated_at is not null and c.tender_id in (${published})
    union all select 'implementation', c.tender_id, m.decided_at, m.id::text from ${contractMilestones} m join ${contracts} c on c.id = m.contract_id
      where m.status = 'accepted' and m.needs_report and m.decided_at is not null and c.activated_at is not null and c.tender_id in (${published})
    union all select 'implementation', c.tender_id, p.recorded_at, p.id::text from ${payments} p join ${contracts} c on c.id = p.contract_id where c.tender_id in (${published})
    union all select 'contractEnded', c.tender_id, coalesce(c.terminated_at, c.completed_at), c.id::text from ${contracts} c
      where c.status in ('completed', 'terminated') and c.activated_at is not null and coalesce(c.terminated_at, c.completed_at) is not null and c.tender_id in (${published})`;
  const rank = sql.raw(`case e.kind ${EVENT_KINDS.map((k) => `when '${k}' then ${RANK[k]}`).join(" ")} end`);
  // As text with a cast: the postgres driver does not take a Date as a parameter of a raw statement.
  return { union, rank, since: filter.since ? sql`where e.at >= ${filter.since.toISOString()}::timestamptz` : sql`` };
}

/** A page of events (limit + 1 read, to know whether another page follows). */
export async function listEvents(db: Queryable, filter: { tenderId?: string; since?: Date }, page?: { limit: number; offset: number }): Promise<ReleaseEvent[]> {
  const { union, rank, since } = eventIndex(filter);
  const rows = await db.execute<{ kind: EventKind; tender_id: string; at: Date | string; key: string }>(
    sql`select e.kind, e.tender_id, e.at, e.key from (${union}) e ${since} order by e.at asc, ${rank} asc, e.tender_id asc, e.key asc ${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}`,
  );
  const list = (Array.isArray(rows) ? rows : (rows as unknown as { rows: typeof rows }).rows) as { kind: EventKind; tender_id: string; at: Date | string; key: string }[];
  return list.map((r) => ({ kind: r.kind, tenderId: r.tender_id, date: new Date(r.at), key: r.key }));
}

/** The releases of the given events, in the events' order. */
export async function releasesFor(db: Queryable, ctx: OcdsContext, events: ReleaseEvent[]) {
  const processes = await loadProcesses(db, [...new Set(events.map((e) => e.tenderId))]);
  return events.flatMap((event) => {
    const p = processes.get(event.tenderId);
    return p ? [buildRelease(ctx, p, event)] : [];
  });
}
