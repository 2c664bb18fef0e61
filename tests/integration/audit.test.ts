import { asc, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditLog } from "#db/schema";
import { appendAudit, GENESIS_HASH, verifyAuditChain } from "~/modules/audit/audit.server";
import { createUser, setUserStatus } from "~/modules/users/users.server";
import * as adminAudit from "~/routes/admin.audit";
import { context, cookieFor, getRequest, isPostgres, regionId, settle, unique, useDemoData, userId } from "../helpers/demo";

useDemoData();

// PostgreSQL runs share one database and one chain with the other test files, which append
// while these tests run: counts are exact only on PGlite, where the file has its own database.
const onPostgres = Boolean(process.env.DATABASE_URL);

async function append(action: string, extra: { before?: unknown; after?: unknown } = {}) {
  return db.transaction((tx) => appendAudit(tx, { actorId: null, action, subjectType: "test", subjectId: unique("s"), ...extra }));
}

async function rowsWithSeq(seqs: number[]) {
  return db.select().from(auditLog).where(inArray(auditLog.seq, seqs)).orderBy(asc(auditLog.seq));
}

describe("the audit chain", () => {
  it("verifies after real commands, counting one entry per command", async () => {
    const before = await verifyAuditChain(db);
    expect(before.ok).toBe(true);
    const adminId = await userId("admin");
    const user = await createUser(db, adminId, {
      username: unique("audited."),
      displayName: "审计测试",
      password: "audit-secret-1",
      role: "resident",
      communityId: await regionId("丰乐社区"),
    });
    await setUserStatus(db, adminId, user.id, "disabled");
    await setUserStatus(db, adminId, user.id, "active");

    const after = await verifyAuditChain(db);
    expect(after.ok).toBe(true);
    if (onPostgres) expect(after.count).toBeGreaterThanOrEqual(before.count + 3);
    else expect(after.count).toBe(before.count + 3);

    const entries = await db.select().from(auditLog).where(eq(auditLog.subjectId, user.id)).orderBy(asc(auditLog.seq));
    expect(entries.map((e) => e.action)).toEqual(["user.create", "user.disable", "user.enable"]);
    expect(entries[1]).toMatchObject({ actorId: adminId, before: { status: "active" }, after: { status: "disabled" } });
  });

  it("starts from the genesis hash and links every entry to the one before", async () => {
    const [first] = await rowsWithSeq([1]);
    expect(first.prevHash).toBe(GENESIS_HASH);
    const a = await append("test.link");
    const b = await append("test.link");
    if (!onPostgres) expect(b.seq).toBe(a.seq + 1);
    const [rowB] = await rowsWithSeq([b.seq]);
    const [previous] = await rowsWithSeq([b.seq - 1]);
    expect(rowB.prevHash).toBe(previous.hash);
  });

  it("an entry with dates, nested objects, undefined values and Chinese text reads back as it was hashed", async () => {
    await append("test.shapes", {
      before: { when: new Date("2026-03-01T08:00:00.123Z"), gone: undefined, list: [1, "二", { z: 1, a: null }], nested: { b: true, a: 0.1 } },
      after: "已完成",
    });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("names the first entry whose content was changed afterwards", async () => {
    const target = await append("test.tamper", { after: { amount: 100 } });
    await append("test.tamper.next");
    expect((await verifyAuditChain(db)).ok).toBe(true);
    try {
      await db.execute(sql`update audit_log set after = ${JSON.stringify({ amount: 1_000_000 })}::jsonb where seq = ${target.seq}`);
      expect(await verifyAuditChain(db)).toEqual({ ok: false, count: target.seq - 1, firstBadId: target.id, firstBadSeq: target.seq });
    } finally {
      await db.execute(sql`update audit_log set after = ${JSON.stringify({ amount: 100 })}::jsonb where seq = ${target.seq}`);
    }
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("names the entry after one that was deleted, and an entry whose stored hash was rewritten", async () => {
    const removed = await append("test.delete");
    const next = await append("test.delete.next");
    const [row] = await rowsWithSeq([removed.seq]);
    try {
      await db.delete(auditLog).where(eq(auditLog.seq, removed.seq));
      expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadId: next.id, firstBadSeq: next.seq });
    } finally {
      await db.insert(auditLog).values(row);
    }
    expect((await verifyAuditChain(db)).ok).toBe(true);

    // Rewriting a hash to match forged content breaks the link of the entry after it.
    try {
      await db.update(auditLog).set({ hash: "f".repeat(64) }).where(eq(auditLog.seq, removed.seq));
      expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadId: removed.id, firstBadSeq: removed.seq });
    } finally {
      await db.update(auditLog).set({ hash: row.hash }).where(eq(auditLog.seq, removed.seq));
    }
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("walks a chain longer than one page", async () => {
    for (let i = 0; i < 5; i += 1) await append("test.page");
    const whole = await verifyAuditChain(db);
    expect(whole.ok).toBe(true);
    const paged = await verifyAuditChain(db, 2);
    expect(paged.ok).toBe(true);
    expect(paged.count).toBeGreaterThanOrEqual(whole.count);
  });

  it("20 appends one after another get consecutive numbers and a valid chain", async () => {
    const entries = [];
    for (let i = 0; i < 20; i += 1) entries.push(await append("test.sequential"));
    const seqs = entries.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(20);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    if (!onPostgres) expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => seqs[0] + i));
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(true);
  });

  it.runIf(onPostgres)("20 concurrent transactions appending at once never fork the chain", async () => {
    expect(isPostgres()).toBe(true);
    const entries = await Promise.all(Array.from({ length: 20 }, (_, i) => append("test.concurrent", { after: { i } })));
    const seqs = entries.map((e) => e.seq).sort((x, y) => x - y);
    expect(new Set(seqs).size).toBe(20);
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // verifyAuditChain requires seq 1..count with no gap, so the chain is one line.
    const [{ max }] = await db.select({ max: sql<number>`max(${auditLog.seq})::int` }).from(auditLog);
    expect(max).toBeGreaterThanOrEqual(seqs[19]);
    const stored = await rowsWithSeq(seqs);
    expect(stored.map((r) => r.action)).toEqual(Array(20).fill("test.concurrent"));
  });

  it("the admin's audit page shows entries newest first, filtered, with the chain's state", async () => {
    const subject = await append("test.page.filter");
    const cookie = await cookieFor(await userId("admin"));
    const response = await settle(() =>
      adminAudit.loader({ request: getRequest(`/admin/audit?subject=${subject.subjectId}`, cookie), context, params: {} }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { entries: { id: string; action: string }[]; chain: { ok: boolean } };
    expect(body.entries.map((e) => e.id)).toEqual([subject.id]);
    expect(body.chain.ok).toBe(true);

    const bureau = await cookieFor(await userId("bureau.jinshui"));
    const refused = await settle(() => adminAudit.loader({ request: getRequest("/admin/audit", bureau), context, params: {} }));
    expect(refused.status).toBe(403);
  });
});
