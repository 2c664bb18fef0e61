import { and, asc, eq, ilike, or, sql } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { bureaus, memberships, regions, users } from "#db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import { hashPassword } from "~/modules/auth/password.server";
import { deleteUserSessions } from "~/modules/auth/session.server";
import { USERNAME_TAKEN, withUniqueMessages } from "~/utils/db-errors.server";
import { UserError } from "~/utils/errors";
import type { CreateUserInput } from "./users-schema";

// Correlated subqueries name the outer row explicitly: drizzle leaves columns of a
// single-table select unqualified, and an inner table with the same column name would capture them.
const outerUsers = sql.raw('"users"."id"');

/** Inserts a user inside the caller's transaction; a taken username is the user's to fix. */
export async function insertUser(tx: Tx, input: { username: string; displayName: string; password: string }) {
  const [taken] = await tx
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.username}) = ${input.username.toLowerCase()}`)
    .limit(1);
  if (taken) throw new UserError("errors.usernameTaken", { field: "username" });
  const [user] = await tx
    .insert(users)
    .values({ username: input.username, displayName: input.displayName, passwordHash: await hashPassword(input.password) })
    .returning({ id: users.id, username: users.username, displayName: users.displayName });
  return user;
}

export async function createUser(db: Queryable, actorId: string, input: CreateUserInput) {
  return withUniqueMessages(() => createUserInTransaction(db, actorId, input), USERNAME_TAKEN);
}

async function createUserInTransaction(db: Queryable, actorId: string, input: CreateUserInput) {
  return db.transaction(async (tx) => {
    const user = await insertUser(tx, input);
    if (input.role === "bureau") {
      const [bureau] = await tx.select({ id: bureaus.id }).from(bureaus).where(eq(bureaus.id, input.bureauId!)).limit(1);
      if (!bureau) throw new UserError("errors.invalidChoice", { field: "bureauId" });
    }
    if (input.role === "community" || input.role === "resident") {
      const [community] = await tx
        .select({ id: regions.id })
        .from(regions)
        .where(and(eq(regions.id, input.communityId!), eq(regions.level, "community")))
        .limit(1);
      if (!community) throw new UserError("errors.invalidChoice", { field: "communityId" });
    }
    await tx.insert(memberships).values({
      userId: user.id,
      role: input.role,
      bureauId: input.role === "bureau" ? input.bureauId : null,
      communityId: input.role === "community" || input.role === "resident" ? input.communityId : null,
    });
    await appendAudit(tx, {
      actorId,
      action: "user.create",
      subjectType: "user",
      subjectId: user.id,
      after: { username: user.username, role: input.role, bureauId: input.bureauId ?? null, communityId: input.communityId ?? null },
    });
    return user;
  });
}

async function findUser(tx: Tx, userId: string) {
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update").limit(1);
  if (!user) throw new Response("Not Found", { status: 404 });
  return user;
}

/** Disabling ends every session of the user at once. */
export async function setUserStatus(db: Queryable, actorId: string, userId: string, status: "active" | "disabled") {
  return db.transaction(async (tx) => {
    const user = await findUser(tx, userId);
    if (user.id === actorId && status === "disabled") throw new UserError("error.403.body");
    await tx.update(users).set({ status }).where(eq(users.id, userId));
    if (status === "disabled") await deleteUserSessions(tx, userId);
    await appendAudit(tx, {
      actorId,
      action: status === "disabled" ? "user.disable" : "user.enable",
      subjectType: "user",
      subjectId: userId,
      before: { status: user.status },
      after: { status },
    });
    return user;
  });
}

export async function resetPassword(db: Queryable, actorId: string, userId: string, password: string) {
  return db.transaction(async (tx) => {
    const user = await findUser(tx, userId);
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(password) })
      .where(eq(users.id, userId));
    await deleteUserSessions(tx, userId);
    await appendAudit(tx, { actorId, action: "user.resetPassword", subjectType: "user", subjectId: userId });
    return user;
  });
}

export const USERS_PAGE_SIZE = 50;

export async function listUsers(db: Queryable, filter: { q?: string; page?: number }) {
  const page = Math.max(1, filter.page ?? 1);
  const where = filter.q ? or(ilike(users.username, `%${filter.q}%`), ilike(users.displayName, `%${filter.q}%`)) : undefined;
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      status: users.status,
      createdAt: users.createdAt,
      roles: sql<string[]>`coalesce((select array_agg(distinct m.role::text) from ${memberships} m where m.user_id = ${outerUsers}), '{}')
        || coalesce((select array_agg(distinct case when o.kind = 'evaluator' then 'evaluator' else 'agency' end)
             from organization_members om join organizations o on o.id = om.organization_id where om.user_id = ${outerUsers}), '{}')`,
    })
    .from(users)
    .where(where)
    .orderBy(asc(users.username))
    .limit(USERS_PAGE_SIZE + 1)
    .offset((page - 1) * USERS_PAGE_SIZE);
  return { users: rows.slice(0, USERS_PAGE_SIZE), hasMore: rows.length > USERS_PAGE_SIZE, page };
}
