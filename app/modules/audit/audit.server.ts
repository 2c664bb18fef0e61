import crypto from "node:crypto";
import { and, asc, desc, eq, gt, sql, type SQL } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { auditLog, users } from "#db/schema";
import { canonicalJson } from "./canonical-json";

export const GENESIS_HASH = "0".repeat(64);
// Serializes appends across processes: two transactions must never read the same tail.
const AUDIT_CHAIN_LOCK = 72_000_002;

export interface AuditEntryInput {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
}

interface ChainedFields {
  seq: number;
  id: string;
  at: Date;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
}

export function hashEntry(prevHash: string, entry: ChainedFields): string {
  const body = canonicalJson({
    seq: entry.seq,
    id: entry.id,
    at: entry.at.toISOString(),
    actorId: entry.actorId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
  return crypto.createHash("sha256").update(prevHash).update(body).digest("hex");
}

// jsonb keeps no undefined and no Date: store what will be read back, so the hash verifies.
function normalize(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(canonicalJson(value));
}

/**
 * Appends one entry inside the caller's transaction, so the entry exists exactly when the
 * change it records does. The transaction-scoped advisory lock makes concurrent appends
 * wait for each other, so the chain never forks.
 */
export async function appendAudit(tx: Tx, input: AuditEntryInput) {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const entry: ChainedFields = {
    seq: (last?.seq ?? 0) + 1,
    id: crypto.randomUUID(),
    at: new Date(),
    actorId: input.actorId,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    before: normalize(input.before),
    after: normalize(input.after),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = hashEntry(prevHash, entry);
  await tx.insert(auditLog).values({ ...entry, prevHash, hash });
  return { ...entry, prevHash, hash };
}

export type ChainVerification = { ok: true; count: number } | { ok: false; count: number; firstBadId: string; firstBadSeq: number };

/** Walks the whole chain in pages; reports the first entry whose link or hash does not match. */
export async function verifyAuditChain(db: Queryable, pageSize = 1000): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const row of rows) {
      const recomputed = hashEntry(prevHash, row);
      if (row.seq !== expectedSeq || row.prevHash !== prevHash || row.hash !== recomputed) {
        return { ok: false, count, firstBadId: row.id, firstBadSeq: row.seq };
      }
      prevHash = row.hash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.length < pageSize) return { ok: true, count };
  }
}

export interface AuditFilter {
  subject?: string;
  actor?: string;
  action?: string;
  page?: number;
}

export const AUDIT_PAGE_SIZE = 50;

/** Newest first; subject matches type or id, actor matches the username. */
export async function listAuditEntries(db: Queryable, filter: AuditFilter) {
  const conditions: SQL[] = [];
  if (filter.subject) {
    const like = `%${filter.subject}%`;
    conditions.push(sql`(${auditLog.subjectType} ilike ${like} or ${auditLog.subjectId} ilike ${like})`);
  }
  if (filter.action) conditions.push(sql`${auditLog.action} ilike ${`%${filter.action}%`}`);
  if (filter.actor) conditions.push(sql`${users.username} ilike ${`%${filter.actor}%`}`);
  const page = Math.max(1, filter.page ?? 1);
  const rows = await db
    .select({
      seq: auditLog.seq,
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      actor: users.username,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.seq))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((page - 1) * AUDIT_PAGE_SIZE);
  return { entries: rows.slice(0, AUDIT_PAGE_SIZE), hasMore: rows.length > AUDIT_PAGE_SIZE, page };
}
