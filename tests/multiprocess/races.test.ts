/**
 * Two production app processes on one PostgreSQL, driven over HTTP at the same time (DESIGN §7
 * scale-out; issue 8): what one process decides, the other must respect, because every rule is
 * enforced in the database (row locks, unique indexes, the audit chain's advisory lock), never
 * in a process's memory.
 *
 * - 500 organizations bid while the bid deadline passes, alternately through either process,
 *   50 of them twice at once through both: every accepted bid is stored exactly once, none
 *   after the deadline, every refusal says why.
 * - Two officers of one bureau confirm the same award through different processes: exactly one
 *   succeeds, the other is told the tender is no longer awaiting an award. The same for paying
 *   one tranche: one payment row, the line's committed → paid moved once, the other told it is paid.
 * - 1,000 tenders drawing on one budget line are published at once through both processes: the
 *   line is never overdrawn, and each refusal names the shortfall.
 * - One process is killed with SIGKILL while 40 bid submissions are in flight: after its restart
 *   every bid is whole (unseals to what was sent, has its audit entry) or absent.
 * - The same while 30 officers' payments are in flight: every tranche is paid whole (one payment
 *   row, its budget movement, the line's committed → paid moved, its audit entry) or not at all.
 * - A signed-in officer's form post sent from another site answers 403 and publishes nothing.
 * - The audit chain verifies afterwards.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, getConnection } from "#db/client";
import { auditLog, awards, bids, budgetLines, budgetMovements, contracts, payments, tenders, users } from "#db/schema";
import { seedDemoIfEmpty } from "#db/seed-demo";
import { verifyAuditChain } from "~/modules/audit/audit.server";
import { getAwardPage } from "~/modules/awards/awards.server";
import type { BidContent } from "~/modules/bids/bids-schema";
import { unseal } from "~/modules/bids/sealing.server";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { contractTranches } from "~/modules/payments/payments.server";
import { givenActiveContract, type GivenContract } from "../helpers/contracts";
import { cookieFor, sessionUser } from "../helpers/demo";
import { publishedTender, purchaser, YUAN } from "../helpers/procurement";
import { bidders, bidForm, inParallel, publishableDrafts, refusalKey, tenderClosingAt } from "./fixtures";
import { createDatabase, SEALING_KEY, startApp, type AppProcess, type TestDatabase } from "./harness";

let database: TestDatabase;
let apps: AppProcess[] = [];

beforeAll(async () => {
  database = await createDatabase("races");
  // The test process writes the fixtures through the same modules, on the same database.
  process.env.DATABASE_URL = database.url;
  process.env.BID_SEALING_KEY = SEALING_KEY;
  globalThis.__sansheDb = undefined;
  await seedDemoIfEmpty(db);
  apps = await Promise.all([startApp(database.url), startApp(database.url)]);
}, 180_000);

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await getConnection().close();
  globalThis.__sansheDb = undefined;
  await database?.drop();
});

interface Answer {
  status: number;
  /** Where a successful action sends the browser (X-Remix-Redirect of a data request). */
  redirect: string | null;
  /** The refusal's message key, for a 400. */
  refusal: string | null;
  body: string;
}

/** A form post as the app's own forms send it (a Remix data request), to one process. */
async function post(app: AppProcess, path: string, routeId: string, form: URLSearchParams, cookie: string): Promise<Answer> {
  const response = await fetch(`${app.baseUrl}${path}?_data=${encodeURIComponent(routeId)}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, Origin: app.baseUrl },
    body: form,
    redirect: "manual",
  });
  const body = await response.text();
  return { status: response.status, redirect: response.headers.get("x-remix-redirect"), refusal: response.status === 400 ? refusalKey(body) : null, body };
}

const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

describe("two app processes, one PostgreSQL", () => {
  it("takes every bid sent before the deadline exactly once and none after it", async () => {
    const crowd = await bidders(500);
    const buyer = await purchaser("jinshui", 1_000_000);
    // Bids are sent at a steady rate for eight seconds; the deadline falls in the middle. The
    // pace stays within what a busy 2-core machine serves, so that "before the deadline" is
    // decided by the clock and not by a queue.
    const window = 8_000;
    const deadline = new Date(Date.now() + 2_000 + window / 2);
    const tender = await tenderClosingAt(buyer, deadline);
    const sendFrom = deadline.getTime() - window / 2;
    const gap = window / crowd.length;
    const path = `/tenders/${tender.id}/bid`;
    const route = "routes/tenders.$id_.bid";
    // Both processes load the bid page's code before the race starts.
    for (const app of apps) expect((await fetch(`${app.baseUrl}${path}`, { headers: { Cookie: crowd[0].cookie } })).status).toBe(200);

    type Sent = Answer & { organizationId: string; process: number; sentAt: number };
    const sends: Promise<Sent>[] = [];
    for (const [i, bidder] of crowd.entries()) {
      const at = sendFrom + i * gap;
      const send = (process: number, priceYuan: number) =>
        sleepUntil(at).then(async () => {
          const sentAt = Date.now();
          const answer = await post(apps[process], path, route, bidForm(bidder, priceYuan), bidder.cookie);
          return { ...answer, organizationId: bidder.organizationId, process, sentAt };
        });
      sends.push(send(i % 2, 200_000 + i));
      // Every tenth organization also sends a second bid at the same moment through the other process.
      if (i % 10 === 0) sends.push(send((i + 1) % 2, 210_000 + i));
    }
    const answers = await Promise.all(sends);

    const accepted = answers.filter((a) => a.status === 204 && /done=(submitted|replaced)$/.test(a.redirect ?? ""));
    const late = answers.filter((a) => a.refusal === "bids.refused.closed");
    const duplicate = answers.filter((a) => a.refusal === "bids.refused.duplicate");
    const unexplained = answers.filter((a) => !accepted.includes(a) && !late.includes(a) && !duplicate.includes(a));
    expect(unexplained.map((a) => `${a.status} ${a.body.slice(0, 200)}`)).toEqual([]);
    // The deadline really fell inside the burst, and both processes took bids.
    expect(accepted.length).toBeGreaterThan(0);
    expect(late.length).toBeGreaterThan(0);
    expect(new Set(accepted.map((a) => a.process))).toEqual(new Set([0, 1]));
    // A bid sent after the deadline by the test's clock (the same machine's) was never taken.
    expect(accepted.filter((a) => a.sentAt > deadline.getTime())).toEqual([]);

    const stored = await db
      .select({ organizationId: bids.organizationId, status: bids.status, submittedAt: bids.submittedAt, updatedAt: bids.updatedAt })
      .from(bids)
      .where(eq(bids.tenderId, tender.id));
    const acceptedOrgs = new Set(accepted.map((a) => a.organizationId));
    expect(stored.length).toBe(acceptedOrgs.size);
    expect(new Set(stored.map((s) => s.organizationId))).toEqual(acceptedOrgs);
    for (const bid of stored) {
      expect(bid.status).toBe("submitted");
      expect(bid.updatedAt.getTime()).toBeLessThan(deadline.getTime());
    }
    // Each accepted answer left exactly one audit entry: a first bid or a replacement.
    const [entries] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, "bid"), sql`${auditLog.after}->>'tenderId' = ${tender.id}`));
    expect(entries.n).toBe(accepted.length);
  });

  it("lets exactly one of two officers confirm the same award through different processes", async () => {
    const [tender] = await db.select({ id: tenders.id }).from(tenders).where(eq(tenders.status, "recommended")).limit(1);
    expect(tender).toBeDefined();
    const officer = await sessionUser({ username: "bureau.erqi" });
    const page = await getAwardPage(db, officer, tender.id);
    const first = page.candidates.find((c) => c.first)!;
    const cookies = await Promise.all(
      ["bureau.erqi", "bureau2.erqi"].map(async (username) => {
        const [row] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
        return cookieFor(row.id);
      }),
    );
    const form = new URLSearchParams({ intent: "confirm", bidId: first.bidId });
    const path = `/bureau/tenders/${tender.id}/award`;
    const route = "routes/bureau.tenders.$id_.award";
    const answers = await Promise.all([post(apps[0], path, route, form, cookies[0]), post(apps[1], path, route, form, cookies[1])]);

    const won = answers.filter((a) => a.status === 204 && a.redirect?.endsWith("done=confirmed"));
    const lost = answers.filter((a) => a.status === 400);
    expect(won.length).toBe(1);
    expect(lost.length).toBe(1);
    expect(lost[0].refusal).toBe("awards.refused.award");
    const rows = await db.select().from(awards).where(eq(awards.tenderId, tender.id));
    expect(rows.length).toBe(1);
    const [entries] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(and(eq(auditLog.action, "tender.award"), eq(auditLog.subjectId, tender.id)));
    expect(entries.n).toBe(1);
  });

  it("lets exactly one of two officers pay the same tranche through different processes", async () => {
    // A payable tranche (milestone accepted, not paid) of a demo contract whose bureau has two officers.
    const officers = { "bureau.jinshui": "bureau2.jinshui", "bureau.erqi": "bureau2.erqi" } as const;
    let target: { contractId: string; trancheId: string; amount: number; first: string; second: string } | null = null;
    for (const [first, second] of Object.entries(officers)) {
      const officer = await sessionUser({ username: first });
      const bureauId = officer.grants.find((g) => g.role === "bureau")!.bureauId!;
      for (const contract of await db.select().from(contracts).where(and(eq(contracts.bureauId, bureauId), eq(contracts.status, "active")))) {
        const payable = (await contractTranches(db, contract)).find((t) => t.state === "payable");
        if (payable) {
          target = { contractId: contract.id, trancheId: payable.id, amount: payable.amount, first, second };
          break;
        }
      }
      if (target) break;
    }
    expect(target).not.toBeNull();
    const { contractId, trancheId, amount, first, second } = target!;
    const [contract] = await db.select({ tenderId: contracts.tenderId }).from(contracts).where(eq(contracts.id, contractId));
    const [tender] = await db.select({ budgetLineId: tenders.budgetLineId }).from(tenders).where(eq(tenders.id, contract.tenderId));
    const [lineBefore] = await db.select().from(budgetLines).where(eq(budgetLines.id, tender.budgetLineId));

    const cookies = await Promise.all([first, second].map(async (username) => cookieFor((await sessionUser({ username })).id)));
    const form = new URLSearchParams({ intent: "pay", trancheId, paidOn: shanghaiToday(new Date()), amount: (amount / 100).toFixed(2), reference: "BANK-2026-RACE" });
    const path = `/bureau/projects/${contractId}`;
    const route = "routes/bureau.projects.$id";
    const answers = await Promise.all([post(apps[0], path, route, form, cookies[0]), post(apps[1], path, route, form, cookies[1])]);

    const won = answers.filter((a) => a.status === 204 && /done=(paid|completed)$/.test(a.redirect ?? ""));
    const lost = answers.filter((a) => a.status === 400);
    expect(won.length).toBe(1);
    expect(lost.length).toBe(1);
    expect(lost[0].refusal).toBe("payments.refused.paid");
    const paid = await db.select().from(payments).where(eq(payments.trancheId, trancheId));
    expect(paid).toHaveLength(1);
    const [lineAfter] = await db.select().from(budgetLines).where(eq(budgetLines.id, tender.budgetLineId));
    expect(lineAfter.paid - lineBefore.paid).toBe(amount);
    expect(lineBefore.committed - lineAfter.committed).toBe(amount);
    const [entries] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(and(eq(auditLog.action, "payment.record"), eq(auditLog.subjectId, contractId), sql`${auditLog.after}->>'paymentId' = ${paid[0].id}`));
    expect(entries.n).toBe(1);
  });

  it("never overdraws a budget line when 1,000 tenders on it are published at once", async () => {
    const ceiling = 10_000 * YUAN;
    // Room for exactly half of them.
    const buyer = await purchaser("jinshui", 5_000_000);
    const drafts = await publishableDrafts(buyer, 1_000, ceiling);
    expect(drafts.length).toBe(1_000);
    const cookie = await cookieFor(buyer.officer.id);
    const answers = await inParallel(
      drafts.map((id, i) => () => post(apps[i % 2], `/bureau/tenders/${id}`, "routes/bureau.tenders.$id", new URLSearchParams({ intent: "publish" }), cookie)),
      200,
    );
    const published = answers.filter((a) => a.status === 204 && a.redirect?.endsWith("done=published"));
    const refused = answers.filter((a) => a.refusal === "budgets.insufficient");
    expect(answers.filter((a) => !published.includes(a) && !refused.includes(a)).map((a) => `${a.status} ${a.body.slice(0, 200)}`)).toEqual([]);
    expect(published.length).toBe(500);
    expect(refused.length).toBe(500);

    const [line] = await db.select().from(budgetLines).where(eq(budgetLines.id, buyer.budgetLineId));
    expect(line.reserved).toBe(500 * ceiling);
    expect(line.reserved + line.committed + line.paid).toBeLessThanOrEqual(line.amount);
    const [moved] = await db
      .select({ reserved: sql<number>`coalesce(sum(${budgetMovements.amount}), 0)::bigint`, n: sql<number>`count(*)::int` })
      .from(budgetMovements)
      .where(and(eq(budgetMovements.budgetLineId, buyer.budgetLineId), eq(budgetMovements.kind, "reserve")));
    expect(moved.n).toBe(500);
    expect(Number(moved.reserved)).toBe(line.reserved);
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(tenders)
      .where(and(eq(tenders.budgetLineId, buyer.budgetLineId), eq(tenders.status, "published")));
    expect(count.n).toBe(500);
  });

  it("leaves every bid whole or absent when a process is killed (SIGKILL) in the middle of submissions", async () => {
    const crowd = await bidders(300);
    const buyer = await purchaser("jinshui", 1_000_000);
    const tender = await publishedTender(buyer);
    const victim = apps[1];
    const path = `/tenders/${tender.id}/bid`;
    const route = "routes/tenders.$id_.bid";
    expect((await fetch(`${victim.baseUrl}${path}`, { headers: { Cookie: crowd[0].cookie } })).status).toBe(200);

    let answered = 0;
    let killedAt = 0;
    const outcomes = await inParallel(
      crowd.map((bidder, i) => async () => {
        try {
          const answer = await post(victim, path, route, bidForm(bidder, 150_000 + i), bidder.cookie);
          answered += 1;
          // Killed while about 40 submissions are in flight.
          if (answered === 40) {
            killedAt = Date.now();
            victim.child.kill("SIGKILL");
          }
          return { bidder, priceYuan: 150_000 + i, answer };
        } catch {
          return { bidder, priceYuan: 150_000 + i, answer: null };
        }
      }),
      40,
    );
    expect(await victim.exited).toMatchObject({ signal: "SIGKILL" });
    expect(killedAt).toBeGreaterThan(0);
    const taken = outcomes.filter((o) => o.answer?.status === 204);
    const cut = outcomes.filter((o) => o.answer === null);
    expect(taken.length).toBeGreaterThanOrEqual(40);
    expect(cut.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.answer && o.answer.status !== 204)).toEqual([]);

    // The process comes back on its port with nothing to repair.
    apps[1] = await startApp(database.url, { port: victim.port });

    const stored = await db.select().from(bids).where(eq(bids.tenderId, tender.id));
    const byOrganization = new Map(stored.map((b) => [b.organizationId, b]));
    expect(byOrganization.size).toBe(stored.length);
    for (const o of taken) expect(byOrganization.has(o.bidder.organizationId)).toBe(true);
    // Every stored bid is whole: it unseals to what its organization sent and has its audit entry.
    const sent = new Map(outcomes.map((o) => [o.bidder.organizationId, o.priceYuan]));
    for (const bid of stored) {
      const content = unseal<BidContent>(tender.id, bid.organizationId, bid);
      expect(content.price).toBe(sent.get(bid.organizationId)! * YUAN);
    }
    const entries = await db
      .select({ subjectId: auditLog.subjectId, action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, "bid"), sql`${auditLog.after}->>'tenderId' = ${tender.id}`));
    expect(entries.map((e) => e.action).every((a) => a === "bid.submit")).toBe(true);
    expect(new Set(entries.map((e) => e.subjectId))).toEqual(new Set(stored.map((b) => b.id)));
    expect(entries.length).toBe(stored.length);

    // A bidder whose request died with the process simply submits again, through the new one.
    const retry = cut.find((o) => !byOrganization.has(o.bidder.organizationId)) ?? cut[0];
    const again = await post(apps[1], path, route, bidForm(retry.bidder, 160_000), retry.bidder.cookie);
    expect(again.status).toBe(204);
    expect(again.redirect).toMatch(/done=(submitted|replaced)$/);
  });

  it("leaves every payment whole or absent when a process is killed (SIGKILL) in the middle of payments", async () => {
    // 30 contracts in force, each on its own budget line, each with its signing tranche payable.
    const given: GivenContract[] = [];
    for (let i = 0; i < 10; i++) given.push(...(await Promise.all([1, 2, 3].map(() => givenActiveContract()))));
    const cookie = await cookieFor(given[0].officer.id);
    const linesBefore = new Map(await Promise.all(given.map(async (c) => [c.contractId, (await db.select().from(budgetLines).where(eq(budgetLines.id, c.budgetLineId)))[0]] as const)));
    const victim = apps[0];
    const route = "routes/bureau.projects.$id";
    const paidOn = shanghaiToday(new Date());

    let answered = 0;
    const outcomes = await inParallel(
      given.map((c) => async () => {
        const tranche = c.tranches[0];
        const form = new URLSearchParams({ intent: "pay", trancheId: tranche.id, paidOn, amount: (tranche.amount / 100).toFixed(2), reference: `BANK-KILL-${c.contractId.slice(0, 8)}` });
        try {
          const answer = await post(victim, `/bureau/projects/${c.contractId}`, route, form, cookie);
          answered += 1;
          if (answered === 8) victim.child.kill("SIGKILL");
          return { c, answer };
        } catch {
          return { c, answer: null };
        }
      }),
      30,
    );
    expect(await victim.exited).toMatchObject({ signal: "SIGKILL" });
    const taken = outcomes.filter((o) => o.answer?.status === 204);
    expect(taken.length).toBeGreaterThanOrEqual(8);
    expect(outcomes.filter((o) => o.answer === null).length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.answer && o.answer.status !== 204).map((o) => o.answer?.body.slice(0, 200))).toEqual([]);
    apps[0] = await startApp(database.url, { port: victim.port });

    let whole = 0;
    const absent = new Set<string>();
    for (const { c, answer } of outcomes) {
      const tranche = c.tranches[0];
      const rows = await db.select().from(payments).where(eq(payments.trancheId, tranche.id));
      const [line] = await db.select().from(budgetLines).where(eq(budgetLines.id, c.budgetLineId));
      const before = linesBefore.get(c.contractId)!;
      const moved = await db
        .select({ amount: budgetMovements.amount })
        .from(budgetMovements)
        .where(and(eq(budgetMovements.budgetLineId, c.budgetLineId), eq(budgetMovements.kind, "pay")));
      const entries = await db
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(and(eq(auditLog.action, "payment.record"), eq(auditLog.subjectId, c.contractId)));
      if (answer?.status === 204) expect(rows).toHaveLength(1);
      expect(rows.length).toBeLessThanOrEqual(1);
      if (rows.length === 1) {
        whole += 1;
        expect(rows[0].amount).toBe(tranche.amount);
        expect(moved.map((m) => m.amount)).toEqual([tranche.amount]);
        expect(line.paid - before.paid).toBe(tranche.amount);
        expect(before.committed - line.committed).toBe(tranche.amount);
        expect(entries).toHaveLength(1);
      } else {
        // Absent: nothing moved on the line and no audit entry.
        absent.add(c.contractId);
        expect(moved).toEqual([]);
        expect(line).toEqual(before);
        expect(entries).toEqual([]);
      }
    }
    expect(whole).toBeGreaterThanOrEqual(taken.length);
    // An officer whose payment died with the process pays again through the new one.
    const retry = outcomes.find((o) => absent.has(o.c.contractId));
    if (retry) {
      const tranche = retry.c.tranches[0];
      const form = new URLSearchParams({ intent: "pay", trancheId: tranche.id, paidOn, amount: (tranche.amount / 100).toFixed(2), reference: "BANK-KILL-AGAIN" });
      const again = await post(apps[0], `/bureau/projects/${retry.c.contractId}`, route, form, cookie);
      expect(again.status).toBe(204);
      expect(await db.select().from(payments).where(eq(payments.trancheId, tranche.id))).toHaveLength(1);
    }
  }, 300_000);

  it("refuses a signed-in officer's form post sent from another site (CSRF) with 403, changing nothing", async () => {
    const buyer = await purchaser("jinshui", 100_000);
    const [draft] = await publishableDrafts(buyer, 1, 10_000 * YUAN);
    const cookie = await cookieFor(buyer.officer.id);
    const attempt = (origin: string) =>
      fetch(`${apps[1].baseUrl}/bureau/tenders/${draft}?_data=${encodeURIComponent("routes/bureau.tenders.$id")}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, Origin: origin },
        body: new URLSearchParams({ intent: "publish" }),
        redirect: "manual",
      });
    const foreign = await attempt("https://evil.example");
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toContain("跨站请求已拒绝");
    const [unchanged] = await db.select({ status: tenders.status }).from(tenders).where(eq(tenders.id, draft));
    expect(unchanged.status).toBe("draft");
    // The same post from the portal's own page goes through.
    const own = await attempt(apps[1].baseUrl);
    expect(own.status).toBe(204);
    const [published] = await db.select({ status: tenders.status }).from(tenders).where(eq(tenders.id, draft));
    expect(published.status).toBe("published");
  });

  it("leaves an audit chain that verifies", async () => {
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: true });
    // The demo's entries, 500 publications, the bids and the award, all in one chain.
    expect(result.count).toBeGreaterThan(900);
  });
});
