import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { budgetLines, budgetMovements, tenders, users } from "#db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import { forbidden, notFound } from "~/modules/auth/auth.server";
import { grantsFor, type SessionUser } from "~/modules/auth/permissions";
import { UserError } from "~/utils/errors";
import { isUuid } from "~/utils/form-fields";
import { available } from "./budget-figures";
import type { BudgetLineInput } from "./budgets-schema";
import { formatFen, type Fen } from "./money";

export { available };

/** The bureau an officer acts for; 403 for anyone who is not a bureau officer. */
export function officerBureauId(user: SessionUser): string {
  const bureauId = grantsFor(user, "bureau")[0]?.bureauId;
  if (!bureauId) forbidden();
  return bureauId;
}

export async function createBudgetLine(db: Queryable, user: SessionUser, input: BudgetLineInput) {
  const bureauId = officerBureauId(user);
  return db.transaction(async (tx) => {
    const [line] = await tx.insert(budgetLines).values({ bureauId, ...input }).returning();
    await appendAudit(tx, {
      actorId: user.id,
      action: "budgetLine.create",
      subjectType: "budgetLine",
      subjectId: line.id,
      after: { fiscalYear: line.fiscalYear, fundSource: line.fundSource, name: line.name, amount: line.amount },
    });
    return line;
  });
}

/** The officer's bureau's lines, newest year first, each with what is still available. */
export async function listBudgetLines(db: Queryable, user: SessionUser) {
  const bureauId = officerBureauId(user);
  const lines = await db
    .select()
    .from(budgetLines)
    .where(eq(budgetLines.bureauId, bureauId))
    .orderBy(desc(budgetLines.fiscalYear), asc(budgetLines.fundSource), asc(budgetLines.name), asc(budgetLines.createdAt));
  return lines.map((l) => ({ ...l, available: available(l) }));
}

// A line's history is short (a few tenders a year); the cap only guards the page.
const MOVEMENTS_SHOWN = 200;

/** A line of the officer's own bureau with its movements, newest first (404 for anyone else's). */
export async function getBudgetLine(db: Queryable, user: SessionUser, lineId: string) {
  const bureauId = officerBureauId(user);
  if (!isUuid(lineId)) notFound();
  const [line] = await db
    .select()
    .from(budgetLines)
    .where(and(eq(budgetLines.id, lineId), eq(budgetLines.bureauId, bureauId)))
    .limit(1);
  if (!line) notFound();
  const movements = await db
    .select({
      id: budgetMovements.id,
      kind: budgetMovements.kind,
      amount: budgetMovements.amount,
      subjectType: budgetMovements.subjectType,
      subjectId: budgetMovements.subjectId,
      subjectTitle: tenders.title,
      actorName: users.displayName,
      at: budgetMovements.at,
    })
    .from(budgetMovements)
    .leftJoin(tenders, and(eq(budgetMovements.subjectType, "tender"), eq(tenders.id, budgetMovements.subjectId)))
    .leftJoin(users, eq(users.id, budgetMovements.actorId))
    .where(eq(budgetMovements.budgetLineId, lineId))
    .orderBy(desc(budgetMovements.at), desc(budgetMovements.id))
    .limit(MOVEMENTS_SHOWN);
  return { ...line, available: available(line), movements };
}

interface Movement {
  lineId: string;
  amount: Fen;
  subjectType: string;
  subjectId: string;
  actorId: string | null;
}

function assertAmount(amount: Fen) {
  // A zero or negative movement would be a bug in the caller (and a negative reserve would add money).
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new RangeError(`budget movement of ${amount} fen`);
}

async function lockLine(tx: Tx, lineId: string) {
  const [line] = await tx.select().from(budgetLines).where(eq(budgetLines.id, lineId)).for("update").limit(1);
  return line;
}

/**
 * Reserves an amount on a line inside the caller's transaction. The row lock makes a second
 * publisher wait and then see the first one's reservation, so two tenders published at the
 * same moment can never overdraw the line (the CHECK constraint backs this up).
 */
export async function reserve(tx: Tx, m: Movement) {
  assertAmount(m.amount);
  const line = await lockLine(tx, m.lineId);
  if (!line) throw new UserError("errors.invalidChoice", { field: "budgetLineId" });
  if (available(line) < m.amount) {
    throw new UserError("budgets.insufficient", { field: "budgetLineId", vars: { available: formatFen(available(line)), needed: formatFen(m.amount) } });
  }
  await tx
    .update(budgetLines)
    .set({ reserved: line.reserved + m.amount })
    .where(eq(budgetLines.id, m.lineId));
  await tx.insert(budgetMovements).values({ budgetLineId: m.lineId, kind: "reserve", amount: m.amount, subjectType: m.subjectType, subjectId: m.subjectId, actorId: m.actorId });
}

/** Gives a reservation back (tender cancelled or unsuccessful), inside the caller's transaction. */
export async function release(tx: Tx, m: Movement) {
  assertAmount(m.amount);
  const line = await lockLine(tx, m.lineId);
  if (!line) throw new Error(`budget line ${m.lineId} missing`);
  // Releasing more than is reserved would hide a double release: ours to fix, never the user's.
  if (m.amount > line.reserved) throw new Error(`release of ${m.amount} fen exceeds the ${line.reserved} fen reserved on ${m.lineId}`);
  await tx
    .update(budgetLines)
    .set({ reserved: line.reserved - m.amount })
    .where(eq(budgetLines.id, m.lineId));
  await tx.insert(budgetMovements).values({ budgetLineId: m.lineId, kind: "release", amount: m.amount, subjectType: m.subjectType, subjectId: m.subjectId, actorId: m.actorId });
}

/**
 * An award (DESIGN §4.2): the reservation becomes a commitment of the awarded amount and
 * `releaseAmount` of it (the rest of the ceiling) is released, in one locked update.
 */
export async function commit(tx: Tx, m: Movement & { releaseAmount: Fen }) {
  assertAmount(m.amount);
  if (!Number.isSafeInteger(m.releaseAmount) || m.releaseAmount < 0) throw new RangeError(`release of ${m.releaseAmount} fen`);
  const line = await lockLine(tx, m.lineId);
  if (!line) throw new Error(`budget line ${m.lineId} missing`);
  // Committing more than is reserved would spend money nobody set aside: ours to fix.
  if (m.amount + m.releaseAmount > line.reserved) {
    throw new Error(`commit of ${m.amount} + release of ${m.releaseAmount} fen exceeds the ${line.reserved} fen reserved on ${m.lineId}`);
  }
  await tx
    .update(budgetLines)
    .set({ reserved: line.reserved - m.amount - m.releaseAmount, committed: line.committed + m.amount })
    .where(eq(budgetLines.id, m.lineId));
  const movement = { budgetLineId: m.lineId, subjectType: m.subjectType, subjectId: m.subjectId, actorId: m.actorId };
  await tx.insert(budgetMovements).values({ ...movement, kind: "commit", amount: m.amount });
  if (m.releaseAmount > 0) await tx.insert(budgetMovements).values({ ...movement, kind: "release", amount: m.releaseAmount });
}

/** A revoked award (upheld challenge): its commitment goes back to being a reservation. */
export async function uncommit(tx: Tx, m: Movement) {
  assertAmount(m.amount);
  const line = await lockLine(tx, m.lineId);
  if (!line) throw new Error(`budget line ${m.lineId} missing`);
  if (m.amount > line.committed) throw new Error(`uncommit of ${m.amount} fen exceeds the ${line.committed} fen committed on ${m.lineId}`);
  await tx
    .update(budgetLines)
    .set({ reserved: line.reserved + m.amount, committed: line.committed - m.amount })
    .where(eq(budgetLines.id, m.lineId));
  await tx.insert(budgetMovements).values({ budgetLineId: m.lineId, kind: "uncommit", amount: m.amount, subjectType: m.subjectType, subjectId: m.subjectId, actorId: m.actorId });
}

/**
 * A payment (DESIGN §4.2): the amount moves from committed to paid, in one locked update, so
 * concurrent payments on one line never pay out more than was committed.
 */
export async function pay(tx: Tx, m: Movement) {
  assertAmount(m.amount);
  const line = await lockLine(tx, m.lineId);
  if (!line) throw new Error(`budget line ${m.lineId} missing`);
  // Paying more than is committed would spend money no award set aside: ours to fix.
  if (m.amount > line.committed) throw new Error(`payment of ${m.amount} fen exceeds the ${line.committed} fen committed on ${m.lineId}`);
  await tx
    .update(budgetLines)
    .set({ committed: line.committed - m.amount, paid: line.paid + m.amount })
    .where(eq(budgetLines.id, m.lineId));
  await tx.insert(budgetMovements).values({ budgetLineId: m.lineId, kind: "pay", amount: m.amount, subjectType: m.subjectType, subjectId: m.subjectId, actorId: m.actorId });
}

/** What a subject (a tender) holds reserved on a line now, from its movements. */
export async function reservedFor(db: Queryable, lineId: string, subjectType: string, subjectId: string): Promise<Fen> {
  const [row] = await db
    .select({
      held: sql<string>`coalesce(sum(case when ${budgetMovements.kind} in ('reserve', 'uncommit') then ${budgetMovements.amount} when ${budgetMovements.kind} in ('release', 'commit') then -${budgetMovements.amount} else 0 end), 0)`,
    })
    .from(budgetMovements)
    .where(and(eq(budgetMovements.budgetLineId, lineId), eq(budgetMovements.subjectType, subjectType), eq(budgetMovements.subjectId, subjectId)));
  return Number(row?.held ?? 0);
}
