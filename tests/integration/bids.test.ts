/**
 * Bids (DESIGN §4.3–4.4, issue 4) against a real database: sealing at rest, nobody but the
 * bidder reading a sealed bid, every refusal (late, duplicate, over the ceiling, budget, team,
 * eligibility), reconfirmation after an amendment, opening and its outcomes (废标, the two-bid
 * choice), the opening record and its PDF, the routes, and on PostgreSQL the concurrency of
 * bids arriving around the deadline.
 *
 * Every test makes its own tenders (fresh needs and budget lines) and mostly its own bidding
 * organizations, so files sharing one PostgreSQL database never disturb each other. Times are
 * passed to the commands explicitly (`now`): a tender is published "30 days ago" with its bid
 * deadline a day ahead, bids arrive before it, and the opening is called with a `now` after it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditLog, bidAttachments, bidOpenings, bids, budgetMovements, organizationMembers, organizations, staff, tenderCriteria, tenderNeeds, tenders, users } from "#db/schema";
import type { SessionUser } from "~/modules/auth/permissions";
import { bidSchema, type BidContent } from "~/modules/bids/bids-schema";
import {
  attachToBid,
  confirmBid,
  countLiveBids,
  decideWithTwoBids,
  getOpeningRecord,
  getOwnBid,
  listOpenedBidAttachments,
  listOwnBids,
  openBids,
  openingOutcome,
  readBidAttachment,
  readOpenedBid,
  removeBidAttachment,
  submitBid,
  withdrawBid,
} from "~/modules/bids/bids.server";
import { openingRecordPdf } from "~/modules/bids/opening-record.server";
import { unseal } from "~/modules/bids/sealing.server";
import { formatFen } from "~/modules/budgets/money";
import type { ProcurementMethod } from "~/modules/tenders/tender-rules";
import { amendTender, copyTender } from "~/modules/tenders/tenders.server";
import * as bureauTender from "~/routes/bureau.tenders.$id";
import * as committeePage from "~/routes/committee.$tenderId";
import * as agencyBids from "~/routes/agency.bids";
import * as publicTender from "~/routes/tenders.$id";
import * as bidPage from "~/routes/tenders.$id_.bid";
import * as bidFileRoute from "~/routes/tenders.$id.bid-attachments.$attachmentId";
import * as bureauBidFiles from "~/routes/bureau.tenders.$id_.bids";
import * as openingPdfRoute from "~/routes/tenders.$id.opening[.]pdf";
import { UserError } from "~/utils/errors";
import { context, cookieFor, getRequest, isPostgres, postRequest, randomUscc, refusal, sessionUser, sessionUsers, settle, sqlRows, thrownResponse, unique, useDemoData } from "../helpers/demo";
import {
  agencyStaff,
  bidInput,
  budgetLine,
  draftTender,
  lineRow,
  minuteNow,
  needStatuses,
  plus,
  publishedTender,
  type Purchaser,
  purchaser,
  tenderRow,
  YUAN,
} from "../helpers/procurement";

useDemoData();

const args = (request: Request, params: Record<string, string> = {}) => ({ request, context, params });
const ms = (base: Date, n: number) => new Date(base.getTime() + n);

// ---------------------------------------------------------------------------------------------
// Actors and fixtures
// ---------------------------------------------------------------------------------------------

/** 金水区 buying for 丰乐社区, on a big line unless told. */
let jinshuiBuyer: Purchaser;
let jinshui: SessionUser;
let erqi: SessionUser;
let fengleStaff: SessionUser;
let admin: SessionUser;
let expert: SessionUser;
let anyuan: SessionUser;
let hexie: SessionUser;

beforeAll(async () => {
  jinshuiBuyer = await purchaser("jinshui", 200_000_000);
  ({ officer: jinshui, communityStaff: fengleStaff } = jinshuiBuyer);
  [erqi, admin, expert, anyuan, hexie] = await sessionUsers("bureau.erqi", "admin", "expert1", "agency.anyuan", "agency.hexie");
});

/** A 金水区 tender published 30 days before its bid deadline (a day from now unless told). */
async function biddableTender(spec: { method?: ProcurementMethod; ceilingYuan?: number; deadline?: Date; lineId?: string } = {}) {
  const deadline = spec.deadline ?? plus(minuteNow(), 1);
  const publishedAt = plus(deadline, -30);
  const tender = await publishedTender(jinshuiBuyer, {
    method: spec.method ?? "open_tender",
    ceilingPrice: (spec.ceilingYuan ?? 300_000) * YUAN,
    budgetLineId: spec.lineId ?? jinshuiBuyer.budgetLineId,
    publishedAt,
    enquiryDeadline: plus(deadline, -10),
    bidDeadline: deadline,
  });
  return { ...tender, publishedAt, deadline };
}

interface Agency {
  org: typeof organizations.$inferSelect;
  members: SessionUser[];
  staffIds: string[];
}

/** A bidding organization made directly in the database: members and two registered social workers. */
async function freshAgency(
  opts: { members?: number; verification?: "verified" | "pending" | "rejected"; credit?: "normal" | "abnormal" | "serious_dishonesty"; name?: string } = {},
): Promise<Agency> {
  const [org] = await db
    .insert(organizations)
    .values({
      name: opts.name ?? unique("郑州市测试社会工作服务中心"),
      uscc: randomUscc(),
      registrationType: "private_non_enterprise",
      contactName: "测试联系人",
      contactPhone: "0371-65951826",
      verificationStatus: opts.verification ?? "verified",
      creditStatus: opts.credit ?? "normal",
    })
    .returning();
  const memberRows = await db
    .insert(users)
    .values(Array.from({ length: opts.members ?? 1 }, () => ({ username: unique("bidder"), displayName: "投标测试成员", passwordHash: "not-a-real-hash" })))
    .returning({ id: users.id });
  await db.insert(organizationMembers).values(memberRows.map((u, i) => ({ organizationId: org.id, userId: u.id, memberRole: i === 0 ? ("owner" as const) : ("member" as const) })));
  const staffRows = await db
    .insert(staff)
    .values([
      { organizationId: org.id, name: "李社工", qualification: "social_worker" as const },
      { organizationId: org.id, name: "王助理", qualification: "assistant_social_worker" as const },
    ])
    .returning({ id: staff.id });
  return { org, members: await Promise.all(memberRows.map((u) => sessionUser({ id: u.id }))), staffIds: staffRows.map((s) => s.id) };
}

/** n verified organizations with one member and one social worker each, inserted directly (fast). */
async function bulkAgencies(n: number) {
  const tag = unique("c");
  const orgRows = await db
    .insert(organizations)
    .values(
      Array.from({ length: n }, (_, i) => ({
        name: `并发测试社工中心${tag}-${i}`,
        uscc: randomUscc(),
        registrationType: "private_non_enterprise" as const,
        contactName: "并发测试",
        contactPhone: "0371-65951826",
        verificationStatus: "verified" as const,
      })),
    )
    .returning({ id: organizations.id });
  const userRows = await db
    .insert(users)
    .values(Array.from({ length: n }, (_, i) => ({ username: `${tag}.bidder${i}`, displayName: `并发投标人${i}`, passwordHash: "not-a-real-hash" })))
    .returning({ id: users.id });
  await db.insert(organizationMembers).values(orgRows.map((o, i) => ({ organizationId: o.id, userId: userRows[i].id, memberRole: "owner" as const })));
  const staffRows = await db
    .insert(staff)
    .values(orgRows.map((o, i) => ({ organizationId: o.id, name: `社工${i}`, qualification: "social_worker" as const })))
    .returning({ id: staff.id, organizationId: staff.organizationId });
  const staffByOrg = new Map(staffRows.map((r) => [r.organizationId, r.id]));
  const members: SessionUser[] = [];
  for (let i = 0; i < n; i += 20) members.push(...(await Promise.all(userRows.slice(i, i + 20).map((u) => sessionUser({ id: u.id })))));
  return orgRows.map((o, i) => ({ orgId: o.id, member: members[i], staffId: staffByOrg.get(o.id)! }));
}

async function liveBids(tenderId: string) {
  return db
    .select()
    .from(bids)
    .where(and(eq(bids.tenderId, tenderId), eq(bids.status, "submitted")));
}

async function auditOf(subjectType: string, subjectId: string, action?: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, subjectType), eq(auditLog.subjectId, subjectId), ...(action ? [eq(auditLog.action, action)] : [])))
    .orderBy(asc(auditLog.seq));
}

/** What a loader sends: its status and body text, whether it returned or threw the Response. */
async function served(run: () => Promise<unknown>) {
  const response = await settle(run);
  return { status: response.status, body: await response.text() };
}

/** The forms a price takes in text: fen digits, yuan with and without grouping. */
function priceForms(fen: number) {
  const yuan = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
  return [String(fen), yuan, formatFen(fen), formatFen(fen).slice(1)];
}

function expectNoSecrets(text: string, secrets: string[]) {
  for (const secret of secrets) expect(text, `leaks ${secret}`).not.toContain(secret);
}

// ---------------------------------------------------------------------------------------------
// Sealing at rest
// ---------------------------------------------------------------------------------------------

describe("bids are sealed at rest", () => {
  it("stores no price and no proposal text in any column of the bid row or its audit entry; the bidder reads it back", async () => {
    const tender = await biddableTender();
    // An organization of its own with two members, so the demo's organizations keep their member lists.
    const bidder = await freshAgency({ members: 2 });
    const [member, colleague] = bidder.members;
    const team = bidder.staffIds;
    const price = 287_654_32; // ¥287,654.32
    const plan = `密封测试方案${unique("")}：为丰乐社区独居老人建立一户一档，每周三次上门探访。`;
    const input = bidInput(team.slice(0, 2), price, { servicePlan: plan });
    const { id } = await submitBid(db, member, tender.id, input, plus(tender.deadline, -2));

    const secrets = [...priceForms(price), ...priceForms(input.budget[0].amount), plan, plan.slice(0, 8), "上门探访", input.activities];
    // The whole row as PostgreSQL renders it (bytea as \x hex).
    const [json] = (await sqlRows<{ row: string }>(sql`select row_to_json(b)::text as row from bids b where b.id = ${id}`));
    expectNoSecrets(json.row, secrets);
    // Each bytea read as UTF-8 text and as hex.
    const [raw] = await sqlRows<Record<string, unknown>>(sql`select * from bids where id = ${id}`);
    expect(raw.price).toBeNull();
    expect(raw.opened_content).toBeNull();
    for (const column of ["sealed_content", "sealed_iv", "sealed_tag"]) {
      const bytes = Buffer.from(raw[column] as Uint8Array);
      expect(bytes.length, column).toBeGreaterThan(0);
      const asText = bytes.toString("utf8");
      const asHex = bytes.toString("hex");
      for (const secret of secrets) {
        expect(asText, `${column} as text`).not.toContain(secret);
        expect(asHex, `${column} as hex`).not.toContain(Buffer.from(secret, "utf8").toString("hex"));
      }
    }
    // The audit log, which admins read, records the arrival, never the content.
    const entries = await auditOf("bid", id);
    expect(entries.map((e) => e.action)).toEqual(["bid.submit"]);
    expectNoSecrets(JSON.stringify(entries), secrets);

    // Another member of the bidding organization reads the whole content back.
    expect(raw.organization_id).toBe(bidder.org.id);
    const own = await getOwnBid(db, colleague, tender.id);
    expect(own).toMatchObject({ id, needsConfirmation: false });
    expect(own!.content).toMatchObject({ ...input, team: expect.arrayContaining([expect.objectContaining({ staffId: team[0], qualification: expect.any(String) })]) });
    expect(own!.content.team).toHaveLength(2);
  });

  it("authenticates the tender and the organization: the ciphertext does not open under another tender's or another organization's id", async () => {
    const [tender, other] = await Promise.all([biddableTender(), biddableTender()]);
    const bidder = await freshAgency();
    const { id } = await submitBid(db, bidder.members[0], tender.id, bidInput(bidder.staffIds, 123_456_78), plus(tender.deadline, -1));
    const [row] = await db.select().from(bids).where(eq(bids.id, id));
    const sealed = { sealedContent: Buffer.from(row.sealedContent as Uint8Array), sealedIv: Buffer.from(row.sealedIv as Uint8Array), sealedTag: Buffer.from(row.sealedTag as Uint8Array) };
    expect(unseal<BidContent>(tender.id, bidder.org.id, sealed).price).toBe(123_456_78);
    expect(() => unseal(other.id, bidder.org.id, sealed)).toThrow();
    expect(() => unseal(tender.id, hexie.grants.find((g) => g.role === "agency")!.organizationId!, sealed)).toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// Nobody else reads a sealed bid
// ---------------------------------------------------------------------------------------------

describe("nobody but the bidder reads a sealed bid", () => {
  let tender: Awaited<ReturnType<typeof biddableTender>>;
  let bidder: Agency;
  let rival: Agency;
  let bidId: string;
  const price = 276_543_21;
  const rivalPrice = 265_432_19;
  let plan: string;
  let rivalPlan: string;

  beforeAll(async () => {
    tender = await biddableTender();
    [bidder, rival] = await Promise.all([freshAgency(), freshAgency()]);
    plan = `独家方案${unique("")}：以“时间银行”激励低龄老人结对探访高龄老人。`;
    rivalPlan = `对手方案${unique("")}：引入社区食堂与智能手环紧急呼叫。`;
    ({ id: bidId } = await submitBid(db, bidder.members[0], tender.id, bidInput(bidder.staffIds, price, { servicePlan: plan }), plus(tender.deadline, -3)));
    await submitBid(db, rival.members[0], tender.id, bidInput(rival.staffIds, rivalPrice, { servicePlan: rivalPlan }), plus(tender.deadline, -2));
  });

  it("answers 403 to getOwnBid for the bureau officer, the admin, an expert and community staff", async () => {
    for (const user of [jinshui, admin, expert, fengleStaff]) {
      expect((await thrownResponse(getOwnBid(db, user, tender.id))).status, user.username).toBe(403);
    }
  });

  it("gives another agency its own bid, never the other's, and null to an agency that has not bid", async () => {
    const theirs = await getOwnBid(db, rival.members[0], tender.id);
    expect(theirs!.content.price).toBe(rivalPrice);
    expect(theirs!.content.servicePlan).toBe(rivalPlan);
    expectNoSecrets(JSON.stringify(theirs), [...priceForms(price), plan, bidId]);
    expect(await getOwnBid(db, hexie, tender.id)).toBeNull();
    const list = await listOwnBids(db, rival.members[0]);
    expect(list.filter((b) => b.tenderId === tender.id)).toEqual([expect.objectContaining({ price: null })]);
    expectNoSecrets(JSON.stringify(list), [...priceForms(price), bidId]);
  });

  it("answers 404 to readOpenedBid before opening, for every role, and writes no read entry", async () => {
    for (const user of [jinshui, admin, expert, rival.members[0], bidder.members[0]]) {
      expect((await thrownResponse(readOpenedBid(db, user, bidId, "test"))).status, user.username).toBe(404);
    }
    expect(await auditOf("bid", bidId, "bid.read")).toEqual([]);
  });

  it("shows only the number of bids on the public and bureau pages, to anyone", async () => {
    const secrets = [...priceForms(price), ...priceForms(rivalPrice), plan, rivalPlan, "时间银行", "智能手环"];
    const [officerCookie, adminCookie, expertCookie, rivalCookie] = await Promise.all([jinshui, admin, expert, rival.members[0]].map((u) => cookieFor(u.id)));
    for (const cookie of [undefined, officerCookie, adminCookie, expertCookie, rivalCookie]) {
      const page = await served(() => publicTender.loader(args(getRequest(`/tenders/${tender.id}`, cookie), { id: tender.id })));
      expect(page.status).toBe(200);
      expect(JSON.parse(page.body)).toMatchObject({ bidCount: 2, opening: null });
      expectNoSecrets(page.body, secrets);
    }
    const bureauPage = await served(() => bureauTender.loader(args(getRequest(`/bureau/tenders/${tender.id}`, officerCookie), { id: tender.id })));
    expect(bureauPage.status).toBe(200);
    expect(JSON.parse(bureauPage.body)).toMatchObject({ bidCount: 2, opening: null });
    expectNoSecrets(bureauPage.body, secrets);
    expect(await countLiveBids(db, tender.id)).toBe(2);
  });

  it("refuses the bid page to non-agencies and shows another agency only its own bid; the committee page shows nothing", async () => {
    const secrets = [...priceForms(price), plan];
    const anonymous = await served(() => bidPage.loader(args(getRequest(`/tenders/${tender.id}/bid`), { id: tender.id })));
    expect(anonymous.status).toBe(302); // sent to sign in
    expectNoSecrets(anonymous.body, secrets);
    for (const user of [jinshui, admin, expert]) {
      const cookie = await cookieFor(user.id);
      const refused = await served(() => bidPage.loader(args(getRequest(`/tenders/${tender.id}/bid`, cookie), { id: tender.id })));
      expect(refused.status, user.username).toBe(403);
      expectNoSecrets(refused.body, secrets);
      const committee = await served(() => committeePage.loader(args(getRequest(`/committee/${tender.id}`, cookie), { tenderId: tender.id })));
      expect(committee.status, user.username).toBe(404);
      expectNoSecrets(committee.body, secrets);
    }
    const rivalCookie = await cookieFor(rival.members[0].id);
    const rivalPage = await served(() => bidPage.loader(args(getRequest(`/tenders/${tender.id}/bid`, rivalCookie), { id: tender.id })));
    expect(rivalPage.status).toBe(200);
    expect(JSON.parse(rivalPage.body).bid.content.price).toBe(rivalPrice);
    expectNoSecrets(rivalPage.body, secrets);
    const rivalList = await served(() => agencyBids.loader(args(getRequest("/agency/bids", rivalCookie))));
    expectNoSecrets(rivalList.body, secrets);
  });
});

// ---------------------------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------------------------

describe("refusals", () => {
  it("refuses a bid, a change, a withdrawal and a confirmation at and after the deadline with bids.refused.closed", async () => {
    const tender = await biddableTender();
    const [early, late] = await Promise.all([freshAgency(), freshAgency()]);
    const input = bidInput(early.staffIds, 200_000_00);
    const { id } = await submitBid(db, early.members[0], tender.id, input, ms(tender.deadline, -1));
    for (const at of [tender.deadline, ms(tender.deadline, 1), plus(tender.deadline, 1)]) {
      expect((await refusal(submitBid(db, late.members[0], tender.id, bidInput(late.staffIds, 100_000_00), at))).messageKey).toBe("bids.refused.closed");
      expect((await refusal(submitBid(db, early.members[0], tender.id, bidInput(early.staffIds, 150_000_00), at))).messageKey).toBe("bids.refused.closed");
      expect((await refusal(withdrawBid(db, early.members[0], tender.id, at))).messageKey).toBe("bids.refused.closed");
      expect((await refusal(confirmBid(db, early.members[0], tender.id, at))).messageKey).toBe("bids.refused.closed");
    }
    const live = await liveBids(tender.id);
    expect(live.map((b) => b.id)).toEqual([id]);
    expect(live[0]).toMatchObject({ organizationId: early.org.id, withdrawnAt: null });
    expect((await getOwnBid(db, early.members[0], tender.id))!.content.price).toBe(200_000_00);
    expect(await auditOf("bid", id)).toHaveLength(1);
  });

  it("answers 404 to a bid on a draft or on no tender at all", async () => {
    const bidder = await freshAgency();
    const deadline = plus(minuteNow(), 1);
    const draft = await draftTender(jinshuiBuyer, { enquiryDeadline: plus(deadline, -10), bidDeadline: deadline });
    expect((await thrownResponse(submitBid(db, bidder.members[0], draft.id, bidInput(bidder.staffIds, 100_000_00), plus(deadline, -1)))).status).toBe(404);
    expect((await thrownResponse(submitBid(db, bidder.members[0], "not-a-uuid", bidInput(bidder.staffIds, 100_000_00)))).status).toBe(404);
  });

  it("replaces the organization's live bid when another member bids again: one live row, the newer content", async () => {
    const tender = await biddableTender();
    const org = await freshAgency({ members: 2 });
    const [first, second] = org.members;
    const a = await submitBid(db, first, tender.id, bidInput(org.staffIds, 250_000_00), plus(tender.deadline, -5));
    expect(a.replaced).toBe(false);
    const b = await submitBid(db, second, tender.id, bidInput(org.staffIds.slice(0, 1), 240_000_00, { servicePlan: "第二位成员修改后的方案" }), plus(tender.deadline, -4));
    expect(b).toEqual({ id: a.id, replaced: true });
    const live = await liveBids(tender.id);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ id: a.id, submittedBy: second.id, updatedAt: plus(tender.deadline, -4) });
    const seenByFirst = await getOwnBid(db, first, tender.id);
    expect(seenByFirst!.content).toMatchObject({ price: 240_000_00, servicePlan: "第二位成员修改后的方案", teamStaffIds: [org.staffIds[0]] });
    expect(await countLiveBids(db, tender.id)).toBe(1);
    expect((await auditOf("bid", a.id)).map((e) => e.action)).toEqual(["bid.submit", "bid.replace"]);

    // Withdrawn, then a new bid: still one live row, the withdrawn one kept as history.
    await withdrawBid(db, first, tender.id, plus(tender.deadline, -3));
    expect(await getOwnBid(db, second, tender.id)).toBeNull();
    expect(await countLiveBids(db, tender.id)).toBe(0);
    const c = await submitBid(db, second, tender.id, bidInput(org.staffIds, 230_000_00), plus(tender.deadline, -2));
    expect(c.replaced).toBe(false);
    expect(c.id).not.toBe(a.id);
    const all = await db.select({ id: bids.id, status: bids.status }).from(bids).where(eq(bids.tenderId, tender.id));
    expect(all).toHaveLength(2);
    expect(all.find((r) => r.id === a.id)!.status).toBe("withdrawn");
    expect((await liveBids(tender.id)).map((r) => r.id)).toEqual([c.id]);
  });

  it.runIf(Boolean(process.env.DATABASE_URL))("ends concurrent submissions by members of one organization with exactly one live bid (PostgreSQL)", async () => {
    expect(isPostgres()).toBe(true);
    for (let round = 0; round < 3; round++) {
      const tender = await biddableTender();
      const org = await freshAgency({ members: 4 });
      const prices = [210_000_00, 220_000_00, 230_000_00, 240_000_00];
      const results = await Promise.allSettled(org.members.map((m, i) => submitBid(db, m, tender.id, bidInput(org.staffIds, prices[i]), plus(tender.deadline, -1))));
      for (const r of results) {
        if (r.status === "rejected") {
          expect(r.reason).toBeInstanceOf(UserError);
          expect((r.reason as UserError).messageKey).toBe("bids.refused.duplicate");
        }
      }
      const accepted = results.map((r, i) => (r.status === "fulfilled" ? prices[i] : null)).filter((p) => p !== null);
      expect(accepted.length).toBeGreaterThan(0);
      const live = await liveBids(tender.id);
      expect(live).toHaveLength(1);
      expect(accepted).toContain((await getOwnBid(db, org.members[0], tender.id))!.content.price);
    }
  });

  it("refuses a price above the ceiling with bids.rule.overCeiling and takes one at the ceiling", async () => {
    const tender = await biddableTender({ ceilingYuan: 300_000 });
    const bidder = await freshAgency();
    const over = await refusal(submitBid(db, bidder.members[0], tender.id, bidInput(bidder.staffIds, 300_000_01), plus(tender.deadline, -1)));
    expect(over.messageKey).toBe("bids.rule.overCeiling");
    expect(over.options.field).toBe("price");
    expect(await liveBids(tender.id)).toEqual([]);
    await submitBid(db, bidder.members[0], tender.id, bidInput(bidder.staffIds, 300_000_00), plus(tender.deadline, -1));
    expect(await countLiveBids(db, tender.id)).toBe(1);
  });

  it("takes a venture proposal only with its own title and within the pot; the opening record names the proposal", async () => {
    const tender = await biddableTender({ method: "venture_call", ceilingYuan: 500_000 });
    const [a, b, c] = await Promise.all([freshAgency(), freshAgency(), freshAgency()]);
    const untitled = await refusal(submitBid(db, a.members[0], tender.id, bidInput(a.staffIds, 100_000_00), plus(tender.deadline, -1)));
    expect(untitled).toMatchObject({ messageKey: "bids.rule.proposalTitle", options: { field: "proposalTitle" } });
    const overPot = await refusal(submitBid(db, a.members[0], tender.id, bidInput(a.staffIds, 500_000_01, { proposalTitle: "超出资助总额的项目" }), plus(tender.deadline, -1)));
    expect(overPot).toMatchObject({ messageKey: "bids.rule.overPot", options: { field: "price" } });
    for (const [i, org] of [a, b, c].entries()) {
      await submitBid(db, org.members[0], tender.id, bidInput(org.staffIds, 100_000_00 + i, { proposalTitle: `银龄互助计划${i}` }), plus(tender.deadline, -1));
    }
    const opened = await openBids(db, jinshui, tender.id, plus(tender.deadline, 0, 1));
    expect(opened.outcome).toBe("proceed");
    expect(opened.record.map((r) => r.proposalTitle).sort()).toEqual(["银龄互助计划0", "银龄互助计划1", "银龄互助计划2"]);
  });

  it("reads budget lines that do not sum to the price as bids.rule.budgetSum on the form", () => {
    const form = {
      price: "100,000.00",
      servicePlan: "方案",
      activities: "活动",
      beneficiaries: "100",
      sessions: "20",
      volunteerHours: "0",
      teamStaffIds: "6f1c1f3e-8a55-4b0e-9d55-3f1d2a7c0001",
      budget: { 0: { item: "人员经费", amount: "60,000" }, 1: { item: "活动经费", amount: "39,999.99" }, 2: { item: "", amount: "" } },
    };
    const result = bidSchema.safeParse(form);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["budget", "bids.rule.budgetSum"]]);
    const fixed = bidSchema.safeParse({ ...form, budget: { ...form.budget, 1: { item: "活动经费", amount: "40,000" } } });
    expect(fixed.success).toBe(true);
    expect(fixed.data!.price).toBe(100_000_00);
    expect(fixed.data!.budget).toEqual([
      { item: "人员经费", amount: 60_000_00 },
      { item: "活动经费", amount: 40_000_00 },
    ]);
  });

  it("refuses budget lines that do not sum to the price even when the form is bypassed", async () => {
    const tender = await biddableTender();
    const bidder = await freshAgency();
    const input = bidInput(bidder.staffIds, 100_000_00, { budget: [{ item: "人员经费", amount: 60_000_00 }] });
    const error = await refusal(submitBid(db, bidder.members[0], tender.id, input, plus(tender.deadline, -1)));
    expect(error.messageKey).toBe("bids.rule.budgetSum");
    expect(await liveBids(tender.id)).toEqual([]);
  });

  it("refuses team staff of another organization with errors.invalidChoice on the team", async () => {
    const tender = await biddableTender();
    const [bidder, other] = await Promise.all([freshAgency(), freshAgency()]);
    const error = await refusal(submitBid(db, bidder.members[0], tender.id, bidInput([bidder.staffIds[0], other.staffIds[0]], 100_000_00), plus(tender.deadline, -1)));
    expect(error.messageKey).toBe("errors.invalidChoice");
    expect(error.options.field).toBe("teamStaffIds");
    expect(await liveBids(tender.id)).toEqual([]);
  });

  it("refuses organizations that are pending, rejected or on a credit list with bids.refused.notEligible", async () => {
    const tender = await biddableTender();
    const applicants = await Promise.all(["applicant.jinshui", "applicant.rejected", "agency.huilin"].map((username) => sessionUser({ username })));
    const dishonest = await freshAgency({ credit: "serious_dishonesty" });
    for (const user of [...applicants, dishonest.members[0]]) {
      const { staffIds: team } = await agencyStaff(user);
      const error = await refusal(submitBid(db, user, tender.id, bidInput(team.slice(0, 1), 100_000_00), plus(tender.deadline, -1)));
      expect(error.messageKey, user.username).toBe("bids.refused.notEligible");
    }
    expect(await liveBids(tender.id)).toEqual([]);
    // Not a member of any organization at all: 403.
    expect((await thrownResponse(submitBid(db, jinshui, tender.id, bidInput([], 100_000_00), plus(tender.deadline, -1)))).status).toBe(403);
  });
});

// ---------------------------------------------------------------------------------------------
// Reconfirmation after an amendment
// ---------------------------------------------------------------------------------------------

describe("bids placed before an amendment that moved the deadline", () => {
  it("need confirmation; unconfirmed ones are invalid at opening, confirmed and later ones are valid", async () => {
    const tender = await biddableTender();
    const [confirmer, forgetter, late1, late2] = await Promise.all([freshAgency(), freshAgency(), freshAgency(), freshAgency()]);
    await submitBid(db, confirmer.members[0], tender.id, bidInput(confirmer.staffIds, 201_000_00), plus(tender.deadline, -10));
    const forgotten = await submitBid(db, forgetter.members[0], tender.id, bidInput(forgetter.staffIds, 202_000_00), plus(tender.deadline, -10));
    expect((await getOwnBid(db, confirmer.members[0], tender.id))!.needsConfirmation).toBe(false);

    // A change that may affect bids with 5 days left: the deadline moves to 15 days after it.
    const amendedAt = plus(tender.deadline, -5);
    const amendment = await amendTender(db, jinshui, tender.id, { changes: "服务内容增加夜间巡访。", reason: "需求调整", affectsBids: true }, amendedAt);
    expect(amendment).toMatchObject({ deadlineMoved: true, newBidDeadline: plus(amendedAt, 15) });
    const newDeadline = plus(amendedAt, 15);
    expect((await getOwnBid(db, confirmer.members[0], tender.id))!.needsConfirmation).toBe(true);
    expect((await getOwnBid(db, forgetter.members[0], tender.id))!.needsConfirmation).toBe(true);

    // The bid page tells the bidder.
    const page = await served(async () => bidPage.loader(args(getRequest(`/tenders/${tender.id}/bid`, await cookieFor(forgetter.members[0].id)), { id: tender.id })));
    expect(JSON.parse(page.body).bid.needsConfirmation).toBe(true);

    await confirmBid(db, confirmer.members[0], tender.id, plus(amendedAt, 1));
    expect((await getOwnBid(db, confirmer.members[0], tender.id))!.needsConfirmation).toBe(false);
    await submitBid(db, late1.members[0], tender.id, bidInput(late1.staffIds, 203_000_00), plus(amendedAt, 2));
    await submitBid(db, late2.members[0], tender.id, bidInput(late2.staffIds, 204_000_00), plus(amendedAt, 3));
    expect((await getOwnBid(db, late1.members[0], tender.id))!.needsConfirmation).toBe(false);

    // The old deadline no longer closes bidding; the new one does.
    await confirmBid(db, late2.members[0], tender.id, plus(tender.deadline, 1));
    expect((await refusal(openBids(db, jinshui, tender.id, plus(tender.deadline, 1)))).messageKey).toBe("bids.refused.open");
    expect((await refusal(confirmBid(db, forgetter.members[0], tender.id, newDeadline))).messageKey).toBe("bids.refused.closed");

    const result = await openBids(db, jinshui, tender.id, plus(newDeadline, 0, 1));
    expect(result).toMatchObject({ outcome: "proceed", validCount: 3 });
    const byOrg = new Map(result.record.map((r) => [r.organizationId, r]));
    expect(byOrg.get(forgetter.org.id)).toMatchObject({ valid: false, invalidReason: "bids.invalid.unconfirmed", price: 202_000_00 });
    for (const org of [confirmer, late1, late2]) expect(byOrg.get(org.org.id)).toMatchObject({ valid: true, invalidReason: null });
    const [stored] = await db.select().from(bids).where(eq(bids.id, forgotten.id));
    expect(stored).toMatchObject({ valid: false, invalidReason: "bids.invalid.unconfirmed", price: 202_000_00 });
  });

  it("asks no confirmation after an amendment that does not affect bids", async () => {
    const tender = await biddableTender();
    const bidder = await freshAgency();
    await submitBid(db, bidder.members[0], tender.id, bidInput(bidder.staffIds, 150_000_00), plus(tender.deadline, -10));
    const amendment = await amendTender(db, jinshui, tender.id, { changes: "更正联系电话。", reason: "笔误", affectsBids: false }, plus(tender.deadline, -5));
    expect(amendment.deadlineMoved).toBe(false);
    expect((await getOwnBid(db, bidder.members[0], tender.id))!.needsConfirmation).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Opening
// ---------------------------------------------------------------------------------------------

/** n fresh agencies bid the given prices before the deadline. */
async function bidders(tender: { id: string; deadline: Date }, prices: number[]) {
  // Short names: a table cell of the opening record PDF holds them on one line.
  const orgs = await Promise.all(prices.map(() => freshAgency({ name: `社工${unique("")}` })));
  const ids: string[] = [];
  for (const [i, org] of orgs.entries()) {
    ids.push((await submitBid(db, org.members[0], tender.id, bidInput(org.staffIds, prices[i], { servicePlan: `方案${i}${unique("")}` }), plus(tender.deadline, -1, i))).id);
  }
  return orgs.map((org, i) => ({ ...org, bidId: ids[i], price: prices[i] }));
}

/** The tender ended without award: reason, reservation released once, needs back in the pool. */
async function expectUnsuccessful(tender: { id: string; needIds: string[]; ceilingPrice: number }, lineId: string, reason: string) {
  expect(await tenderRow(tender.id)).toMatchObject({ status: "unsuccessful", cancelReason: reason });
  expect(await lineRow(lineId)).toMatchObject({ reserved: 0 });
  const movements = await db.select().from(budgetMovements).where(eq(budgetMovements.subjectId, tender.id)).orderBy(asc(budgetMovements.at));
  expect(movements.map((m) => [m.kind, m.amount])).toEqual([
    ["reserve", tender.ceilingPrice],
    ["release", tender.ceilingPrice],
  ]);
  expect(await needStatuses(tender.needIds)).toEqual(["accepted"]);
}

describe("opening (开标)", () => {
  it("is refused before the deadline, to another district's officer (404) and to a non-officer (403)", async () => {
    const tender = await biddableTender();
    await bidders(tender, [100_000_00, 110_000_00, 120_000_00]);
    for (const at of [plus(tender.deadline, -1), ms(tender.deadline, -1)]) {
      const error = await refusal(openBids(db, jinshui, tender.id, at));
      expect(error.messageKey).toBe("bids.refused.open");
    }
    expect((await thrownResponse(openBids(db, erqi, tender.id, plus(tender.deadline, 0, 1)))).status).toBe(404);
    expect((await thrownResponse(openBids(db, anyuan, tender.id, plus(tender.deadline, 0, 1)))).status).toBe(403);
    expect((await thrownResponse(openBids(db, admin, tender.id, plus(tender.deadline, 0, 1)))).status).toBe(403);
    expect(await getOpeningRecord(db, tender.id)).toBeNull();
    expect((await served(() => openingPdfRoute.loader(args(getRequest(`/tenders/${tender.id}/opening.pdf`), { id: tender.id }) as never))).status).toBe(404);
    expect((await liveBids(tender.id)).every((b) => b.price === null && b.openedContent === null)).toBe(true);
    expect((await tenderRow(tender.id)).status).toBe("published");
  });

  describe("with three valid bids", () => {
    let tender: Awaited<ReturnType<typeof biddableTender>>;
    let lineId: string;
    let bidderList: Awaited<ReturnType<typeof bidders>>;
    let openedAt: Date;

    beforeAll(async () => {
      lineId = (await budgetLine(jinshui, 1_000_000)).id;
      tender = await biddableTender({ lineId });
      bidderList = await bidders(tender, [287_000_00, 265_500_50, 299_999_99]);
      openedAt = plus(tender.deadline, 0, 30);
    });

    it("decrypts the prices, publishes the record, writes the audit entry and keeps the reservation", async () => {
      const result = await openBids(db, jinshui, tender.id, openedAt);
      expect(result).toMatchObject({ outcome: "proceed", validCount: 3 });
      expect(await tenderRow(tender.id)).toMatchObject({ status: "opened", cancelReason: null });
      for (const b of bidderList) {
        const [row] = await db.select().from(bids).where(eq(bids.id, b.bidId));
        expect(row).toMatchObject({ price: b.price, valid: true, invalidReason: null });
        expect((row.openedContent as BidContent).price).toBe(b.price);
      }
      const record = await getOpeningRecord(db, tender.id);
      expect(record).toMatchObject({ tenderId: tender.id, openedAt, validCount: 3, outcome: "proceed", unsuccessfulReason: null });
      expect(record).not.toHaveProperty("openedBy");
      expect(record!.record).toHaveLength(3);
      expect(new Set(record!.record.map((r) => [r.organizationName, r.uscc, r.price, r.valid].join("|")))).toEqual(
        new Set(bidderList.map((b) => [b.org.name, b.org.uscc, b.price, true].join("|"))),
      );
      const [entry] = await auditOf("tender", tender.id, "tender.openBids");
      expect(entry.actorId).toBe(jinshui.id);
      expect(entry.after).toMatchObject({ outcome: "proceed", validCount: 3 });
      expect(await lineRow(lineId)).toMatchObject({ reserved: tender.ceilingPrice });

      // The public page now shows the record with bidders and prices.
      const page = await served(() => publicTender.loader(args(getRequest(`/tenders/${tender.id}`), { id: tender.id })));
      const body = JSON.parse(page.body);
      expect(body.opening.record.map((r: { price: number }) => r.price).sort()).toEqual(bidderList.map((b) => b.price).sort());
      expect(page.body).not.toContain(jinshui.id);

      // No second opening, and no copy of a tender that goes on.
      expect((await refusal(openBids(db, jinshui, tender.id, plus(openedAt, 0, 1)))).messageKey).toBe("bids.refused.open");
      expect((await refusal(copyTender(db, jinshui, tender.id, plus(openedAt, 0, 1)))).messageKey).toBe("tenders.refused.edit");
      expect(await db.select().from(bidOpenings).where(eq(bidOpenings.tenderId, tender.id))).toHaveLength(1);
    });

    it("audits every read of an opened bid by someone other than its bidder", async () => {
      const [first] = bidderList;
      const opened = await readOpenedBid(db, jinshui, first.bidId, "bureau.review");
      expect(opened).toMatchObject({ id: first.bidId, tenderId: tender.id, price: first.price, valid: true });
      expect(opened.content.servicePlan).toMatch(/^方案0/);
      const reads = await auditOf("bid", first.bidId, "bid.read");
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatchObject({ actorId: jinshui.id, after: { tenderId: tender.id, purpose: "bureau.review" } });
    });

    it("renders the opening record as a PDF with the bidders and prices", async () => {
      const { pdf, filename } = await openingRecordPdf(db, tender.id);
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(filename).toBe(`${tender.title}-开标记录.pdf`);
      const response = await openingPdfRoute.loader(args(getRequest(`/tenders/${tender.id}/opening.pdf`), { id: tender.id }) as never);
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toContain("application/pdf");
      if (!hasPdftotext) return;
      const text = pdfText(pdf);
      for (const b of bidderList) {
        expect(text).toContain(b.org.name);
        expect(text).toContain(formatFen(b.price));
      }
      expect(text).toContain("有效投标3家");
    });
  });

  it("ends an open tender with two valid bids as unsuccessful; the copy is a new draft with the same terms", async () => {
    const lineId = (await budgetLine(jinshui, 1_000_000)).id;
    const tender = await biddableTender({ lineId });
    await bidders(tender, [250_000_00, 260_000_00]);
    const result = await openBids(db, jinshui, tender.id, plus(tender.deadline, 0, 1));
    expect(result).toMatchObject({ outcome: "unsuccessful", validCount: 2 });
    expect(await getOpeningRecord(db, tender.id)).toMatchObject({ outcome: "unsuccessful", unsuccessfulReason: "bids.unsuccessful.openTender", validCount: 2 });
    await expectUnsuccessful(tender, lineId, "bids.unsuccessful.openTender");
    expect((await thrownResponse(openBids(db, erqi, tender.id, plus(tender.deadline, 0, 2)))).status).toBe(404);

    const copy = await copyTender(db, jinshui, tender.id, plus(tender.deadline, 0, 5));
    const source = await tenderRow(tender.id);
    expect(copy).toMatchObject({
      status: "draft",
      copiedFromId: tender.id,
      title: source.title,
      method: source.method,
      ceilingPrice: source.ceilingPrice,
      budgetLineId: lineId,
      pricePoints: source.pricePoints,
      eligibility: source.eligibility,
      publishedAt: null,
      cancelReason: null,
    });
    const criteria = (id: string) => db.select({ name: tenderCriteria.name, maxPoints: tenderCriteria.maxPoints }).from(tenderCriteria).where(eq(tenderCriteria.tenderId, id)).orderBy(asc(tenderCriteria.position));
    expect(await criteria(copy.id)).toEqual(await criteria(tender.id));
    const linked = await db.select({ needId: tenderNeeds.needId }).from(tenderNeeds).where(eq(tenderNeeds.tenderId, copy.id));
    expect(linked.map((l) => l.needId)).toEqual(tender.needIds);
    // Copying changes no money: the copy reserves only when published.
    expect(await lineRow(lineId)).toMatchObject({ reserved: 0 });
  });

  it("lets the bureau choose with two valid bids in a consultation: ending it makes the tender unsuccessful", async () => {
    const lineId = (await budgetLine(jinshui, 1_000_000)).id;
    const tender = await biddableTender({ method: "competitive_consultation", lineId });
    await bidders(tender, [250_000_00, 260_000_00]);
    const result = await openBids(db, jinshui, tender.id, plus(tender.deadline, 0, 1));
    expect(result).toMatchObject({ outcome: "choose", validCount: 2 });
    expect((await tenderRow(tender.id)).status).toBe("opened");
    expect(await lineRow(lineId)).toMatchObject({ reserved: tender.ceilingPrice });
    expect((await thrownResponse(decideWithTwoBids(db, erqi, tender.id, false, plus(tender.deadline, 0, 2)))).status).toBe(404);
    await decideWithTwoBids(db, jinshui, tender.id, false, plus(tender.deadline, 0, 2));
    expect(await getOpeningRecord(db, tender.id)).toMatchObject({ outcome: "unsuccessful", unsuccessfulReason: "bids.unsuccessful.bureauEnded" });
    await expectUnsuccessful(tender, lineId, "bids.unsuccessful.bureauEnded");
    expect(await auditOf("tender", tender.id, "tender.endWithTwo")).toHaveLength(1);
    expect((await refusal(decideWithTwoBids(db, jinshui, tender.id, true, plus(tender.deadline, 0, 3)))).messageKey).toBe("bids.refused.decide");
  });

  it("goes on with two valid bids in a consultation when the bureau so chooses, once", async () => {
    const lineId = (await budgetLine(jinshui, 1_000_000)).id;
    const tender = await biddableTender({ method: "competitive_consultation", lineId });
    await bidders(tender, [250_000_00, 260_000_00]);
    expect((await openBids(db, jinshui, tender.id, plus(tender.deadline, 0, 1))).outcome).toBe("choose");
    await decideWithTwoBids(db, jinshui, tender.id, true, plus(tender.deadline, 0, 2));
    expect(await tenderRow(tender.id)).toMatchObject({ status: "opened", cancelReason: null });
    expect(await getOpeningRecord(db, tender.id)).toMatchObject({ outcome: "proceed", unsuccessfulReason: null });
    expect(await lineRow(lineId)).toMatchObject({ reserved: tender.ceilingPrice });
    expect(await auditOf("tender", tender.id, "tender.proceedWithTwo")).toHaveLength(1);
    expect((await refusal(decideWithTwoBids(db, jinshui, tender.id, false, plus(tender.deadline, 0, 3)))).messageKey).toBe("bids.refused.decide");
    expect((await tenderRow(tender.id)).status).toBe("opened");
  });

  it("refuses the two-bid choice when there is none to make (three valid bids)", async () => {
    const tender = await biddableTender({ method: "competitive_consultation" });
    await bidders(tender, [250_000_00, 260_000_00, 270_000_00]);
    expect((await refusal(decideWithTwoBids(db, jinshui, tender.id, false, plus(tender.deadline, 0, 1)))).messageKey).toBe("bids.refused.decide");
    expect((await openBids(db, jinshui, tender.id, plus(tender.deadline, 0, 1))).outcome).toBe("proceed");
    expect((await refusal(decideWithTwoBids(db, jinshui, tender.id, false, plus(tender.deadline, 0, 2)))).messageKey).toBe("bids.refused.decide");
    expect((await tenderRow(tender.id)).status).toBe("opened");
  });

  it("ends a consultation with one valid bid, and with none", async () => {
    for (const prices of [[250_000_00], []]) {
      const lineId = (await budgetLine(jinshui, 1_000_000)).id;
      const tender = await biddableTender({ method: "competitive_consultation", lineId });
      await bidders(tender, prices);
      const result = await openBids(db, jinshui, tender.id, plus(tender.deadline, 0, 1));
      expect(result).toMatchObject({ outcome: "unsuccessful", validCount: prices.length });
      await expectUnsuccessful(tender, lineId, "bids.unsuccessful.consultation");
    }
  });

  it("counts a bid invalid when its organization was put on a credit list before the deadline, and ends an open tender left with two", async () => {
    const lineId = (await budgetLine(jinshui, 1_000_000)).id;
    const tender = await biddableTender({ lineId });
    const list = await bidders(tender, [250_000_00, 260_000_00, 270_000_00]);
    // Listed after it bid but before the deadline: not eligible at the deadline nor at the opening.
    await db
      .update(organizations)
      .set({ creditStatus: "abnormal", creditReason: "测试：列入活动异常名录", creditChangedAt: plus(tender.deadline, 0, -60) })
      .where(eq(organizations.id, list[2].org.id));
    const result = await openBids(db, jinshui, tender.id, plus(tender.deadline, 0, 1));
    expect(result).toMatchObject({ outcome: "unsuccessful", validCount: 2 });
    expect(result.record.find((r) => r.organizationId === list[2].org.id)).toMatchObject({ valid: false, invalidReason: "bids.invalid.notEligible", price: 270_000_00 });
    await expectUnsuccessful(tender, lineId, "bids.unsuccessful.openTender");
  });

  it("applies the minimum valid bids per method (政府采购法 art. 36; 财库〔2015〕124号)", () => {
    expect([0, 1, 2, 3, 7].map((n) => openingOutcome("open_tender", n))).toEqual(["unsuccessful", "unsuccessful", "unsuccessful", "proceed", "proceed"]);
    expect([0, 1, 2, 3].map((n) => openingOutcome("competitive_consultation", n))).toEqual(["unsuccessful", "unsuccessful", "choose", "proceed"]);
    expect([0, 1, 2, 3].map((n) => openingOutcome("venture_call", n))).toEqual(["unsuccessful", "unsuccessful", "choose", "proceed"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

describe("routes", () => {
  function bidForm(staffIds: string[], over: Record<string, string | string[]> = {}) {
    return {
      price: "180,000.00",
      servicePlan: "通过表单提交的服务方案",
      activities: "探访与助餐",
      beneficiaries: "100",
      sessions: "24",
      volunteerHours: "120",
      teamStaffIds: staffIds,
      "budget.0.item": "人员经费",
      "budget.0.amount": "100,000",
      "budget.1.item": "活动经费",
      "budget.1.amount": "80,000",
      "budget.2.item": "",
      "budget.2.amount": "",
      ...over,
    };
  }

  it("takes, replaces and refuses bids posted by a browser without JavaScript", async () => {
    const tender = await biddableTender();
    const bidder = await freshAgency();
    const cookie = await cookieFor(bidder.members[0].id);
    const post = (fields: Record<string, string | string[]>) => settle(() => bidPage.action(args(postRequest(`/tenders/${tender.id}/bid`, fields, cookie), { id: tender.id })));

    const unbalanced = await post(bidForm(bidder.staffIds, { "budget.1.amount": "79,999.99" }));
    expect(unbalanced.status).toBe(400);
    expect((await unbalanced.json()).errors.budget.message).toBe("bids.rule.budgetSum");
    const over = await post(bidForm(bidder.staffIds, { price: "300,000.01", "budget.1.amount": "200,000.01" }));
    expect(over.status).toBe(400);
    expect((await over.json()).errors.price.message.split("|")[0]).toBe("bids.rule.overCeiling");
    expect(await liveBids(tender.id)).toEqual([]);

    const submitted = await post(bidForm(bidder.staffIds));
    expect(submitted.status).toBe(302);
    expect(submitted.headers.get("Location")).toBe(`/tenders/${tender.id}/bid?done=submitted`);
    const replaced = await post(bidForm(bidder.staffIds.slice(0, 1), { price: "170,000", "budget.1.amount": "70,000" }));
    expect(replaced.headers.get("Location")).toBe(`/tenders/${tender.id}/bid?done=replaced`);
    const own = await getOwnBid(db, bidder.members[0], tender.id);
    expect(own!.content).toMatchObject({ price: 170_000_00, teamStaffIds: [bidder.staffIds[0]], budget: [{ item: "人员经费", amount: 100_000_00 }, { item: "活动经费", amount: 70_000_00 }] });

    const withdrawn = await post({ intent: "withdraw" });
    expect(withdrawn.headers.get("Location")).toBe(`/tenders/${tender.id}/bid?done=withdrawn`);
    expect(await countLiveBids(db, tender.id)).toBe(0);

    // A bureau officer may not post a bid.
    const officerCookie = await cookieFor(jinshui.id);
    const refused = await settle(() => bidPage.action(args(postRequest(`/tenders/${tender.id}/bid`, bidForm([]), officerCookie), { id: tender.id })));
    expect(refused.status).toBe(403);
  });

  it("opens, ends and copies through the bureau's tender page once the deadline has passed", async () => {
    // A deadline already past on the server clock; the bids came in before it.
    const deadline = plus(minuteNow(), -1);
    const lineId = (await budgetLine(jinshui, 1_000_000)).id;
    const consultation = await biddableTender({ method: "competitive_consultation", deadline, lineId });
    const stillOpen = await biddableTender();
    await bidders(consultation, [250_000_00, 260_000_00]);
    const bidder = await freshAgency();
    const late = await settle(async () =>
      bidPage.action(args(postRequest(`/tenders/${consultation.id}/bid`, bidForm(bidder.staffIds), await cookieFor(bidder.members[0].id)), { id: consultation.id })),
    );
    expect(late.status).toBe(400);
    expect((await late.json()).errors.root.message.split("|")[0]).toBe("bids.refused.closed");

    const [officer, other] = await Promise.all([cookieFor(jinshui.id), cookieFor(erqi.id)]);
    const post = (id: string, fields: Record<string, string>, cookie = officer) => settle(() => bureauTender.action(args(postRequest(`/bureau/tenders/${id}`, fields, cookie), { id })));

    const early = await post(stillOpen.id, { intent: "open" });
    expect(early.status).toBe(400);
    expect((await early.json()).errors.root.message.split("|")[0]).toBe("bids.refused.open");
    expect((await post(consultation.id, { intent: "open" }, other)).status).toBe(404);

    const opened = await post(consultation.id, { intent: "open" });
    expect(opened.status).toBe(302);
    expect(opened.headers.get("Location")).toBe(`/bureau/tenders/${consultation.id}?done=opened`);
    expect(await getOpeningRecord(db, consultation.id)).toMatchObject({ outcome: "choose", validCount: 2 });
    const page = await served(() => bureauTender.loader(args(getRequest(`/bureau/tenders/${consultation.id}`, officer), { id: consultation.id })));
    expect(JSON.parse(page.body)).toMatchObject({ phase: "opened", opening: { outcome: "choose" } });

    expect((await post(consultation.id, { intent: "end" }, other)).status).toBe(404);
    const ended = await post(consultation.id, { intent: "end" });
    expect(ended.headers.get("Location")).toBe(`/bureau/tenders/${consultation.id}?done=ended`);
    await expectUnsuccessful(consultation, lineId, "bids.unsuccessful.bureauEnded");

    const copied = await post(consultation.id, { intent: "copy" });
    expect(copied.status).toBe(302);
    const [copy] = await db.select().from(tenders).where(eq(tenders.copiedFromId, consultation.id));
    expect(copied.headers.get("Location")).toBe(`/bureau/tenders/${copy.id}/edit`);
    expect(copy).toMatchObject({ status: "draft", title: consultation.title, method: "competitive_consultation", ceilingPrice: consultation.ceilingPrice });

    // The public page says why the tender ended.
    const publicPage = JSON.parse((await served(() => publicTender.loader(args(getRequest(`/tenders/${consultation.id}`), { id: consultation.id })))).body);
    expect(publicPage).toMatchObject({ tender: { status: "unsuccessful", cancelReason: "bids.unsuccessful.bureauEnded" }, opening: { outcome: "unsuccessful" } });
  });

  it("goes on with two bids through the bureau's page (proceed)", async () => {
    const deadline = plus(minuteNow(), -1);
    const consultation = await biddableTender({ method: "competitive_consultation", deadline });
    await bidders(consultation, [250_000_00, 260_000_00]);
    const officer = await cookieFor(jinshui.id);
    const post = (fields: Record<string, string>) => settle(() => bureauTender.action(args(postRequest(`/bureau/tenders/${consultation.id}`, fields, officer), { id: consultation.id })));
    expect((await post({ intent: "open" })).status).toBe(302);
    const proceeded = await post({ intent: "proceed" });
    expect(proceeded.headers.get("Location")).toBe(`/bureau/tenders/${consultation.id}?done=opened`);
    expect(await tenderRow(consultation.id)).toMatchObject({ status: "opened" });
    expect(await getOpeningRecord(db, consultation.id)).toMatchObject({ outcome: "proceed" });
  });
});

// ---------------------------------------------------------------------------------------------
// 200 bids around the deadline (PostgreSQL)
// ---------------------------------------------------------------------------------------------

describe("bids arriving around the deadline", () => {
  it.runIf(Boolean(process.env.DATABASE_URL))(
    "stores every bid that arrived before the deadline exactly once and refuses every late one (200 organizations, PostgreSQL)",
    async () => {
      expect(isPostgres()).toBe(true);
      const tender = await biddableTender({ ceilingYuan: 500_000 });
      const N = 200;
      const ON_TIME = 150;
      // 200 verified organizations with one member each, inserted directly for speed.
      const agencies = await bulkAgencies(N);
      // The last 150 ms before the deadline, then the deadline itself and 49 ms after it, in a shuffled order.
      const arrivals = Array.from({ length: N }, (_, i) => ({
        i,
        orgId: agencies[i].orgId,
        now: ms(tender.deadline, i - ON_TIME),
        late: i >= ON_TIME,
      }));
      for (let k = arrivals.length - 1; k > 0; k--) {
        const j = Math.floor(Math.random() * (k + 1));
        [arrivals[k], arrivals[j]] = [arrivals[j], arrivals[k]];
      }
      const started = Date.now();
      const results = await Promise.allSettled(
        arrivals.map((a) => submitBid(db, agencies[a.i].member, tender.id, bidInput([agencies[a.i].staffId], 100_000_00 + a.i * 100, { servicePlan: `并发方案${a.i}` }), a.now)),
      );
      const elapsed = Date.now() - started;
      expect(elapsed).toBeLessThan(45_000);

      const accepted = new Set<string>();
      const unexpected: string[] = [];
      results.forEach((r, k) => {
        const a = arrivals[k];
        if (r.status === "fulfilled") {
          if (a.late) unexpected.push(`late bid ${a.i} accepted`);
          accepted.add(a.orgId);
        } else if (!(r.reason instanceof UserError) || r.reason.messageKey !== "bids.refused.closed" || !a.late) {
          unexpected.push(`bid ${a.i}: ${r.reason instanceof UserError ? r.reason.messageKey : String(r.reason)}`);
        }
      });
      expect(unexpected).toEqual([]);
      expect(accepted.size).toBe(ON_TIME);

      const stored = await db.select({ organizationId: bids.organizationId, status: bids.status }).from(bids).where(eq(bids.tenderId, tender.id));
      expect(stored).toHaveLength(ON_TIME);
      expect(stored.every((b) => b.status === "submitted")).toBe(true);
      expect(new Set(stored.map((b) => b.organizationId))).toEqual(accepted);
      expect(await countLiveBids(db, tender.id)).toBe(ON_TIME);
      const [{ n }] = await sqlRows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'bid.submit' and after->>'tenderId' = ${tender.id}`);
      expect(Number(n)).toBe(ON_TIME);

      // And they all open.
      const opening = await openBids(db, jinshui, tender.id, plus(tender.deadline, 0, 1));
      expect(opening).toMatchObject({ outcome: "proceed", validCount: ON_TIME });
    },
    60_000,
  );
});

describe("races with the opening (PostgreSQL)", () => {
  it.runIf(Boolean(process.env.DATABASE_URL))("opens exactly the bids accepted while the opening ran: none lost, none let in after it", async () => {
    const tender = await biddableTender({ ceilingYuan: 500_000 });
    const agencies = await bulkAgencies(40);
    const submit = (a: (typeof agencies)[number], i: number) =>
      submitBid(db, a.member, tender.id, bidInput([a.staffId], 100_000_00 + i * 100), ms(tender.deadline, -1)).then(
        () => ({ orgId: a.orgId, ok: true as const }),
        (e: unknown) => ({ orgId: a.orgId, ok: false as const, error: e }),
      );
    // Half the submissions, then the opening (its clock just past the deadline) once some are in,
    // then the other half while the opening runs: they may reach the tender before it or after.
    const first = agencies.slice(0, 20).map(submit);
    await Promise.race(first);
    const opening = openBids(db, jinshui, tender.id, ms(tender.deadline, 1));
    const second = agencies.slice(20).map((a, i) => new Promise<void>((resolve) => setTimeout(resolve, i * 25)).then(() => submit(a, i + 20)));
    const [results, opened] = await Promise.all([Promise.all([...first, ...second]), opening]);
    for (const r of results.filter((x) => !x.ok)) {
      expect(r.error).toBeInstanceOf(UserError);
      expect((r.error as UserError).messageKey).toBe("bids.refused.closed");
    }
    const accepted = new Set(results.filter((r) => r.ok).map((r) => r.orgId));
    expect(new Set(opened.record.map((r) => r.organizationId))).toEqual(accepted);
    const stored = await db.select({ organizationId: bids.organizationId, price: bids.price }).from(bids).where(eq(bids.tenderId, tender.id));
    expect(new Set(stored.map((b) => b.organizationId))).toEqual(accepted);
    expect(stored.every((b) => b.price !== null)).toBe(true);
  });

  it.runIf(Boolean(process.env.DATABASE_URL))("opens once when two officers press the button together, and decides the two-bid choice once", async () => {
    const tender = await biddableTender({ method: "competitive_consultation" });
    await bidders(tender, [250_000_00, 260_000_00]);
    const jinshui2 = await sessionUser({ id: jinshui.id });
    const opens = await Promise.allSettled([openBids(db, jinshui, tender.id, plus(tender.deadline, 0, 1)), openBids(db, jinshui2, tender.id, plus(tender.deadline, 0, 1))]);
    expect(opens.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = opens.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(UserError);
    expect((refused.reason as UserError).messageKey).toBe("bids.refused.open");
    expect(await auditOf("tender", tender.id, "tender.openBids")).toHaveLength(1);

    const decisions = await Promise.allSettled([decideWithTwoBids(db, jinshui, tender.id, true, plus(tender.deadline, 0, 2)), decideWithTwoBids(db, jinshui2, tender.id, false, plus(tender.deadline, 0, 2))]);
    expect(decisions.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = decisions.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((lost.reason as UserError).messageKey).toBe("bids.refused.decide");
    const status = (await tenderRow(tender.id)).status;
    expect((await getOpeningRecord(db, tender.id))!.outcome).toBe(status === "opened" ? "proceed" : "unsuccessful");
  });
});

// ---------------------------------------------------------------------------------------------
// PDF text
// ---------------------------------------------------------------------------------------------

// pdftotext (poppler-utils) reads the text back as a reader would copy it. On CI a missing
// tool is an error; elsewhere the text checks are skipped with a message.
// ---------------------------------------------------------------------------------------------
// Attachments, sealed with the bid
// ---------------------------------------------------------------------------------------------

describe("bid attachments", () => {
  const secretText = `附件机密内容${unique("")}：督导团队资质与收费标准`;
  /** A small PDF whose text is a secret, and a PNG. Names that must not leak either. */
  const pdf = new TextEncoder().encode(`%PDF-1.7\n1 0 obj << /Title (${secretText}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2]);
  const pdfName = `督导资质证明-${unique("")}.pdf`;
  const pngName = `服务场地照片-${unique("")}.png`;
  const files = () => [
    { filename: pdfName, bytes: pdf },
    { filename: pngName, bytes: png },
  ];

  /** A multipart POST of the bid page, as the browser sends its forms with files. */
  function multipart(path: string, fields: Record<string, string | string[]>, uploads: { filename: string; bytes: Uint8Array }[], cookie: string) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
    for (const f of uploads) form.append("attachments", new File([new Uint8Array(f.bytes)], f.filename, { type: "application/octet-stream" }));
    return new Request(`http://localhost${path}`, { method: "POST", body: form, headers: { Cookie: cookie } });
  }

  it("stores neither the name, the size nor the content in plain form: raw rows show ciphertext only, in 64 KiB steps", async () => {
    const tender = await biddableTender();
    const bidder = await freshAgency({ members: 2 });
    const { id } = await submitBid(db, bidder.members[0], tender.id, bidInput(bidder.staffIds, 201_000_00), plus(tender.deadline, -2), files());

    const rows = await sqlRows<Record<string, unknown>>(sql`select * from bid_attachments where bid_id = ${id}`);
    expect(rows).toHaveLength(2);
    const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
    const secrets = [pdfName, pngName, pdfName.slice(0, 6), secretText, secretText.slice(0, 6), "%PDF", sha(pdf), sha(png)];
    const [json] = (await sqlRows<{ rows: string }>(sql`select json_agg(a)::text as rows from bid_attachments a where a.bid_id = ${id}`));
    expectNoSecrets(json.rows, secrets);
    for (const row of rows) {
      for (const column of ["sealed_meta", "sealed_content"]) {
        const bytes = Buffer.from(row[column] as Uint8Array);
        const asText = bytes.toString("latin1") + bytes.toString("utf8");
        const asHex = bytes.toString("hex");
        for (const secret of secrets) {
          expect(asText, `${column} as text`).not.toContain(secret);
          expect(asHex, `${column} as hex`).not.toContain(Buffer.from(secret, "utf8").toString("hex"));
        }
        expect(bytes.subarray(0, 12).equals(bytes.subarray(12, 24))).toBe(false);
      }
      // iv (12) + tag (16) + the content padded to 64 KiB: both files store the same length.
      expect((row.sealed_content as Uint8Array).length).toBe(12 + 16 + 64 * 1024);
      expect((row.sealed_meta as Uint8Array).length).toBe(12 + 16 + 1024);
    }
    // Not in the public uploads either, and the audit entry names no file.
    const generic = (await sqlRows<{ n: number }>(sql`select count(*)::int as n from attachments where filename in (${pdfName}, ${pngName})`));
    expect(Number(generic[0].n)).toBe(0);
    expectNoSecrets(JSON.stringify(await auditOf("bid", id)), secrets);

    // The bidder's colleague sees both files and downloads the very bytes.
    const own = await getOwnBid(db, bidder.members[1], tender.id);
    expect(own!.attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual([
      [pdfName, "application/pdf", pdf.byteLength],
      [pngName, "image/png", png.byteLength],
    ]);
    const back = await readBidAttachment(db, bidder.members[1], tender.id, own!.attachments[0].id);
    expect(Buffer.from(back.content).equals(Buffer.from(pdf))).toBe(true);
    // A file's sealed parts do not open as another file's.
    const [a, b] = await db.select().from(bidAttachments).where(eq(bidAttachments.bidId, id));
    await db.update(bidAttachments).set({ sealedContent: b.sealedContent }).where(eq(bidAttachments.id, a.id));
    await expect(readBidAttachment(db, bidder.members[0], tender.id, a.id)).rejects.toThrow(/cannot be unsealed/);
  });

  it("before opening, nobody but the bidder learns anything of the files: 404 for every other reader, no name on any page", async () => {
    const tender = await biddableTender();
    const [bidder, rival] = await Promise.all([freshAgency(), freshAgency()]);
    await submitBid(db, bidder.members[0], tender.id, bidInput(bidder.staffIds, 202_000_00), plus(tender.deadline, -2), files());
    await submitBid(db, rival.members[0], tender.id, bidInput(rival.staffIds, 203_000_00), plus(tender.deadline, -2));
    const [fileId] = (await getOwnBid(db, bidder.members[0], tender.id))!.attachments.map((f) => f.id);
    for (const reader of [jinshui, erqi, admin, expert, fengleStaff, rival.members[0]]) {
      expect((await thrownResponse(readBidAttachment(db, reader, tender.id, fileId))).status, reader.username).toBe(404);
    }
    expect((await listOpenedBidAttachments(db, jinshui, tender.id, "test")).size).toBe(0);
    const [officerCookie, rivalCookie, bidderCookie] = await Promise.all([jinshui, rival.members[0], bidder.members[0]].map((u) => cookieFor(u.id)));
    const download = (cookie: string) => served(() => bidFileRoute.loader(args(getRequest(`/tenders/${tender.id}/bid-attachments/${fileId}`, cookie), { id: tender.id, attachmentId: fileId })));
    expect((await download(officerCookie)).status).toBe(404);
    expect((await download(rivalCookie)).status).toBe(404);
    const own = await settle(() => bidFileRoute.loader(args(getRequest(`/tenders/${tender.id}/bid-attachments/${fileId}`, bidderCookie), { id: tender.id, attachmentId: fileId })));
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Type")).toBe("application/pdf");
    expect(own.headers.get("Cache-Control")).toBe("private, no-store");
    expect(Buffer.from(await own.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);

    const pages = [
      await served(() => publicTender.loader(args(getRequest(`/tenders/${tender.id}`, officerCookie), { id: tender.id }))),
      await served(() => bureauTender.loader(args(getRequest(`/bureau/tenders/${tender.id}`, officerCookie), { id: tender.id }))),
      await served(() => bureauBidFiles.loader(args(getRequest(`/bureau/tenders/${tender.id}/bids`, officerCookie), { id: tender.id }))),
      await served(() => bidPage.loader(args(getRequest(`/tenders/${tender.id}/bid`, rivalCookie), { id: tender.id }))),
    ];
    for (const page of pages) {
      expect(page.status).toBe(200);
      expectNoSecrets(page.body, [pdfName, pngName, fileId, secretText]);
    }
    expect(JSON.parse(pages[2].body)).toMatchObject({ opened: false, bids: [] });
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, "bid.readAttachment"), eq(auditLog.actorId, jinshui.id), sql`${auditLog.after}->>'attachmentId' = ${fileId}`))).toEqual([]);
  });

  it("the bidder adds and removes files until the deadline through the bid page; replacing keeps them, withdrawing takes them; limits and types are checked", async () => {
    const deadline = plus(minuteNow(), 1);
    const tender = await biddableTender({ deadline });
    const bidder = await freshAgency();
    const member = bidder.members[0];
    const cookie = await cookieFor(member.id);
    const page = `/tenders/${tender.id}/bid`;
    // Nothing to attach to before the bid exists.
    expect((await thrownResponse(attachToBid(db, member, tender.id, files()))).status).toBe(404);

    // The bid form, with one file.
    const form = {
      price: "204,000.00",
      servicePlan: "带附件的服务方案",
      activities: "探访与助餐",
      beneficiaries: "100",
      sessions: "24",
      volunteerHours: "120",
      teamStaffIds: bidder.staffIds,
      "budget.0.item": "人员经费",
      "budget.0.amount": "204,000",
    };
    const submitted = await settle(() => bidPage.action(args(multipart(page, form, [{ filename: pdfName, bytes: pdf }], cookie), { id: tender.id })));
    expect(submitted.headers.get("Location")).toBe(`${page}?done=submitted`);
    // The small form adds a file; a wrong type is refused on the field and adds nothing.
    const added = await settle(() => bidPage.action(args(multipart(page, { intent: "attach" }, [{ filename: pngName, bytes: png }], cookie), { id: tender.id })));
    expect(added.headers.get("Location")).toBe(`${page}?done=attached`);
    const wrong = await settle(() => bidPage.action(args(multipart(page, { intent: "attach" }, [{ filename: "方案.docx", bytes: Uint8Array.from([0x50, 0x4b, 3, 4, 20, 0]) }], cookie), { id: tender.id })));
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(await wrong.json())).toContain("方案.docx");
    const empty = await settle(() => bidPage.action(args(multipart(page, { intent: "attach" }, [], cookie), { id: tender.id })));
    expect(empty.status).toBe(400);
    let own = (await getOwnBid(db, member, tender.id))!;
    expect(own.attachments.map((f) => f.filename)).toEqual([pdfName, pngName]);

    // Replacing the bid keeps its files.
    await submitBid(db, member, tender.id, bidInput(bidder.staffIds, 199_000_00), plus(deadline, -1));
    own = (await getOwnBid(db, member, tender.id))!;
    expect(own.content.price).toBe(199_000_00);
    expect(own.attachments).toHaveLength(2);

    // At most 10 files per bid.
    const many = Array.from({ length: 9 }, (_, i) => ({ filename: `附件${i}.png`, bytes: png }));
    const tooMany = await refusal(attachToBid(db, member, tender.id, many));
    expect(tooMany).toMatchObject({ messageKey: "bids.attachments.tooMany", options: { field: "attachments" } });
    expect((await getOwnBid(db, member, tender.id))!.attachments).toHaveLength(2);

    // Removing through the page; someone else's file or a made-up id is a 404.
    const removed = await settle(() => bidPage.action(args(postRequest(page, { intent: "detach", subjectId: own.attachments[1].id }, cookie), { id: tender.id })));
    expect(removed.headers.get("Location")).toBe(`${page}?done=detached`);
    expect((await getOwnBid(db, member, tender.id))!.attachments.map((f) => f.filename)).toEqual([pdfName]);
    const other = await freshAgency();
    await submitBid(db, other.members[0], tender.id, bidInput(other.staffIds, 205_000_00), plus(deadline, -1), files());
    const othersFile = (await getOwnBid(db, other.members[0], tender.id))!.attachments[0].id;
    expect((await thrownResponse(removeBidAttachment(db, member, tender.id, othersFile))).status).toBe(404);
    expect((await getOwnBid(db, other.members[0], tender.id))!.attachments).toHaveLength(2);
    const actions = (await auditOf("bid", own.id)).map((e) => e.action);
    expect(actions).toEqual(["bid.submit", "bid.attach", "bid.replace", "bid.detach"]);

    // After the deadline: no file added or removed, with the reason on the page.
    const late = ms(deadline, 1);
    expect((await refusal(attachToBid(db, member, tender.id, files(), late))).messageKey).toBe("bids.refused.closed");
    expect((await refusal(removeBidAttachment(db, member, tender.id, own.attachments[0].id, late))).messageKey).toBe("bids.refused.closed");

    // Withdrawn, the bid takes its files along: a new bid starts without any.
    const second = await biddableTender();
    await submitBid(db, member, second.id, bidInput(bidder.staffIds, 206_000_00), plus(second.deadline, -2), files());
    await withdrawBid(db, member, second.id, plus(second.deadline, -1));
    expect(await getOwnBid(db, member, second.id)).toBeNull();
    await submitBid(db, member, second.id, bidInput(bidder.staffIds, 207_000_00), plus(second.deadline, -1));
    expect((await getOwnBid(db, member, second.id))!.attachments).toEqual([]);
  });

  it("after opening: the record counts the files; the bureau lists and downloads them, each read audited; other bureaus and outsiders still get 404", async () => {
    const lineId = (await budgetLine(jinshui, 1_000_000)).id;
    const tender = await biddableTender({ lineId });
    const list = await bidders(tender, [281_000_00, 282_000_00]);
    const withFiles = await freshAgency();
    const { id: bidId } = await submitBid(db, withFiles.members[0], tender.id, bidInput(withFiles.staffIds, 283_000_00), plus(tender.deadline, -1), files());
    await openBids(db, jinshui, tender.id, plus(tender.deadline, 0, 5));

    const record = (await getOpeningRecord(db, tender.id))!.record;
    expect(record.find((r) => r.bidId === bidId)?.attachments).toBe(2);
    expect(record.filter((r) => r.bidId !== bidId).map((r) => r.attachments)).toEqual([0, 0]);

    const cookie = await cookieFor(jinshui.id);
    const filesPage = await served(() => bureauBidFiles.loader(args(getRequest(`/bureau/tenders/${tender.id}/bids`, cookie), { id: tender.id })));
    expect(filesPage.status).toBe(200);
    const body = JSON.parse(filesPage.body) as { opened: boolean; bids: { bidId: string; files: { id: string; filename: string }[] }[] };
    expect(body.opened).toBe(true);
    expect(body.bids).toHaveLength(3);
    const listed = body.bids.find((b) => b.bidId === bidId)!.files;
    expect(listed.map((f) => f.filename)).toEqual([pdfName, pngName]);
    expect(await auditOf("bid", bidId, "bid.listAttachments")).toEqual([expect.objectContaining({ actorId: jinshui.id, after: expect.objectContaining({ purpose: "bureau.review" }) })]);
    // Bids without files are not audited as read: there was nothing to read.
    expect(await auditOf("bid", list[0].bidId, "bid.listAttachments")).toEqual([]);

    const file = await readBidAttachment(db, jinshui, tender.id, listed[1].id);
    expect(file).toMatchObject({ filename: pngName, contentType: "image/png", size: png.byteLength });
    expect(Buffer.from(file.content).equals(Buffer.from(png))).toBe(true);
    const reads = await auditOf("bid", bidId, "bid.readAttachment");
    expect(reads).toEqual([expect.objectContaining({ actorId: jinshui.id, after: { tenderId: tender.id, attachmentId: listed[1].id } })]);
    // The bidder reads its own file unaudited; the rival bidder, another bureau, an expert not on a committee: 404.
    await readBidAttachment(db, withFiles.members[0], tender.id, listed[0].id);
    for (const reader of [erqi, admin, expert, list[0].members[0]]) {
      expect((await thrownResponse(readBidAttachment(db, reader, tender.id, listed[0].id))).status, reader.username).toBe(404);
    }
    // The right file under the wrong tender is not found either.
    expect((await thrownResponse(readBidAttachment(db, jinshui, (await biddableTender()).id, listed[0].id))).status).toBe(404);
    expect(await auditOf("bid", bidId, "bid.readAttachment")).toHaveLength(1);
  });
});

const hasPdftotext = spawnSync("pdftotext", ["-v"]).error === undefined;
if (!hasPdftotext) {
  if (process.env.CI === "true") throw new Error("[bids] pdftotext not found (apt-get install poppler-utils): the opening record's text cannot be checked.");
  console.warn("[bids] pdftotext not found (apt-get install poppler-utils): skipping the opening record's text checks.");
}

let pdfDir: string | undefined;
afterAll(() => {
  if (pdfDir) fs.rmSync(pdfDir, { recursive: true, force: true });
});

/** The PDF's text without whitespace: extraction may drop the spaces between CJK and digits. */
function pdfText(pdf: Buffer) {
  pdfDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "sanshe-bids-pdf-"));
  const file = path.join(pdfDir, `${unique("opening")}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
}
