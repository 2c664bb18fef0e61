import { redirect } from "@remix-run/node";
import { and, count, desc, eq, gt, sql } from "drizzle-orm";
import { db as defaultDb, type Queryable } from "#db/client";
import { bureaus, loginAttempts, memberships, organizationMembers, organizations, regions, users } from "#db/schema";
import { env } from "~/env.server";
import { burnPasswordCheck, verifyPassword } from "./password.server";
import { grantsFor, can, type Grant, type Permission, type Role, type SessionUser } from "./permissions";
import {
  clearedSessionCookie,
  createSession,
  deleteSession,
  deleteUserSessions,
  readCookie,
  SESSION_COOKIE,
  sessionCookie,
  userForSessionToken,
} from "./session.server";

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

function secureCookies(request: Request) {
  const setting = env().COOKIE_SECURE;
  if (setting) return setting === "true";
  return new URL(request.url).protocol === "https:";
}

export async function loadGrants(db: Queryable, userId: string): Promise<Grant[]> {
  const roleRows = await db
    .select({
      role: memberships.role,
      bureauId: memberships.bureauId,
      bureauName: bureaus.nameZh,
      districtId: bureaus.districtId,
      communityId: memberships.communityId,
      communityName: regions.nameZh,
    })
    .from(memberships)
    .leftJoin(bureaus, eq(bureaus.id, memberships.bureauId))
    .leftJoin(regions, eq(regions.id, memberships.communityId))
    .where(eq(memberships.userId, userId));
  const orgRows = await db
    .select({
      organizationId: organizations.id,
      organizationName: organizations.name,
      kind: organizations.kind,
      memberRole: organizationMembers.memberRole,
    })
    .from(organizationMembers)
    .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
    .where(eq(organizationMembers.userId, userId));
  const grants: Grant[] = roleRows.map((r) => ({
    role: r.role,
    ...(r.bureauId ? { bureauId: r.bureauId, bureauName: r.bureauName ?? undefined, districtId: r.districtId ?? undefined } : {}),
    ...(r.communityId ? { communityId: r.communityId, communityName: r.communityName ?? undefined } : {}),
  }));
  for (const o of orgRows) {
    grants.push({
      role: o.kind === "evaluator" ? "evaluator" : "agency",
      organizationId: o.organizationId,
      organizationName: o.organizationName,
      memberRole: o.memberRole,
    });
  }
  return grants;
}

export async function getUser(request: Request, db: Queryable = defaultDb): Promise<SessionUser | null> {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token) return null;
  const row = await userForSessionToken(db, token);
  if (!row) return null;
  return { id: row.userId, username: row.username, displayName: row.displayName, grants: await loadGrants(db, row.userId) };
}

function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  throw redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
}

export async function requireUser(request: Request, db: Queryable = defaultDb): Promise<SessionUser> {
  return (await getUser(request, db)) ?? loginRedirect(request);
}

export function forbidden(): never {
  throw new Response("Forbidden", { status: 403 });
}

export function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

/** The user's grants for a role; 403 when they hold none. */
export async function requireRole(request: Request, role: Role, db: Queryable = defaultDb) {
  const user = await requireUser(request, db);
  const grants = grantsFor(user, role);
  if (grants.length === 0) forbidden();
  return { user, grants, grant: grants[0] };
}

export async function requirePermission(request: Request, permission: Permission, db: Queryable = defaultDb) {
  const user = await requireUser(request, db);
  if (!can(user, permission)) forbidden();
  return user;
}

export async function requireAnonymous(request: Request, db: Queryable = defaultDb) {
  const user = await getUser(request, db);
  if (user) throw redirect("/workspace");
}

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "failed" }
  | { ok: false; reason: "locked"; until: Date };

/**
 * After LOGIN_MAX_FAILURES failures for one account from one address within the window,
 * refuse that pair for the window, without checking the password (so guessing stops).
 * Attempts refused while locked are not counted, so the lock ends when stated.
 */
export async function attemptLogin(db: Queryable, input: { username: string; password: string; ip: string }, now = new Date()): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const [lastSuccess] = await db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.username, username), eq(loginAttempts.ip, input.ip), eq(loginAttempts.succeeded, true)))
    .orderBy(desc(loginAttempts.at))
    .limit(1);
  const windowStart = lastSuccess && lastSuccess.at > since ? lastSuccess.at : since;
  const failures = await db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(
      and(eq(loginAttempts.username, username), eq(loginAttempts.ip, input.ip), eq(loginAttempts.succeeded, false), gt(loginAttempts.at, windowStart)),
    )
    .orderBy(desc(loginAttempts.at))
    .limit(LOGIN_MAX_FAILURES);
  if (failures.length >= LOGIN_MAX_FAILURES) {
    return { ok: false, reason: "locked", until: new Date(failures[0].at.getTime() + LOGIN_WINDOW_MS) };
  }

  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, status: users.status })
    .from(users)
    .where(sql`lower(${users.username}) = ${username}`)
    .limit(1);
  let valid = false;
  if (user) valid = await verifyPassword(input.password, user.passwordHash);
  else await burnPasswordCheck(input.password);
  // A disabled account answers like a wrong password: no hint that the account exists.
  const succeeded = Boolean(user && valid && user.status === "active");
  await db.insert(loginAttempts).values({ username, ip: input.ip, succeeded, at: now });
  if (!succeeded || !user) {
    if (failures.length + 1 >= LOGIN_MAX_FAILURES) return { ok: false, reason: "locked", until: new Date(now.getTime() + LOGIN_WINDOW_MS) };
    return { ok: false, reason: "failed" };
  }
  return { ok: true, userId: user.id };
}

export async function startSession(request: Request, userId: string, ip: string, redirectTo: string, db: Queryable = defaultDb) {
  // Against session fixation: whatever session the browser came with ends; a new token is issued.
  const previous = readCookie(request, SESSION_COOKIE);
  if (previous) await deleteSession(db, previous);
  const { token, expiresAt } = await createSession(db, { userId, ip, userAgent: request.headers.get("User-Agent") });
  return redirect(redirectTo, { headers: { "Set-Cookie": sessionCookie(token, expiresAt, secureCookies(request)) } });
}

export async function endSession(request: Request, db: Queryable = defaultDb) {
  const token = readCookie(request, SESSION_COOKIE);
  if (token) await deleteSession(db, token);
  return redirect("/", { headers: { "Set-Cookie": clearedSessionCookie(secureCookies(request)) } });
}

/** Signs the user out on every browser and device: all their sessions end, this one too. */
export async function endAllSessions(request: Request, userId: string, db: Queryable = defaultDb) {
  await deleteUserSessions(db, userId);
  return redirect("/login", { headers: { "Set-Cookie": clearedSessionCookie(secureCookies(request)) } });
}

export async function countRecentFailures(db: Queryable, username: string, ip: string) {
  const [row] = await db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.username, username.toLowerCase()), eq(loginAttempts.ip, ip), eq(loginAttempts.succeeded, false)));
  return row?.n ?? 0;
}
