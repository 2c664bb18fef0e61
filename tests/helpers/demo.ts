/**
 * Shared helpers for integration tests: the demo data set, signed-in users without paying for
 * scrypt, unique names, Request objects for calling route loaders and actions directly, and what
 * a command refused with. Procurement scenarios (needs, tenders, bids) are in ./procurement.
 */
import crypto from "node:crypto";
import { eq, sql, type SQL } from "drizzle-orm";
import { beforeAll, expect } from "vitest";
import { db, getConnection } from "#db/client";
import { bureaus, regions, organizations, users } from "#db/schema";
import { seedDemo } from "#db/seed-demo";
import { loadGrants } from "~/modules/auth/auth.server";
import type { SessionUser } from "~/modules/auth/permissions";
import { createSession, SESSION_COOKIE } from "~/modules/auth/session.server";
import { makeUscc } from "~/modules/orgs/uscc";
import { UserError } from "~/utils/errors";

export { DEMO_ACCOUNTS, DEMO_PASSWORD } from "#db/seed-demo";

/**
 * Seeds the demo data set before the file's tests. PGlite: each file's database is a copy of a
 * template the global setup seeded once, so there is nothing left to do. PostgreSQL: all files
 * share the run's database; seedDemo holds an advisory lock and does nothing when users exist,
 * so exactly one file seeds and the others wait for it.
 */
export function useDemoData() {
  beforeAll(async () => {
    await seedDemo(db);
  });
}

export function isPostgres() {
  return getConnection().driver === "postgres";
}

/** A suffix that keeps names created by one test apart from every other test's, in every file. */
export function unique(prefix = "t") {
  return `${prefix}${crypto.randomBytes(5).toString("hex")}`;
}

/** A random documentation-range address: login rate limits never collide between tests. */
export function randomIp() {
  const b = crypto.randomBytes(2);
  return `198.18.${b[0]}.${b[1]}`;
}

export async function userId(username: string): Promise<string> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  if (!row) throw new Error(`no user ${username}`);
  return row.id;
}

/** The user as requireUser builds it: what commands take as the acting user. */
export async function sessionUser(usernameOrId: { username: string } | { id: string }): Promise<SessionUser> {
  const condition = "id" in usernameOrId ? eq(users.id, usernameOrId.id) : eq(users.username, usernameOrId.username);
  const [row] = await db.select({ id: users.id, username: users.username, displayName: users.displayName }).from(users).where(condition).limit(1);
  if (!row) throw new Error(`no user ${JSON.stringify(usernameOrId)}`);
  return { ...row, grants: await loadGrants(db, row.id) };
}

/** Several demo users at once, in the order named. */
export function sessionUsers(...usernames: string[]): Promise<SessionUser[]> {
  return Promise.all(usernames.map((username) => sessionUser({ username })));
}

export async function regionId(nameZh: string): Promise<string> {
  const [row] = await db.select({ id: regions.id }).from(regions).where(eq(regions.nameZh, nameZh)).limit(1);
  if (!row) throw new Error(`no region ${nameZh}`);
  return row.id;
}

export async function bureauOfDistrict(districtNameZh: string) {
  const [row] = await db
    .select({ id: bureaus.id, districtId: bureaus.districtId, nameZh: bureaus.nameZh })
    .from(bureaus)
    .innerJoin(regions, eq(regions.id, bureaus.districtId))
    .where(eq(regions.nameZh, districtNameZh))
    .limit(1);
  if (!row) throw new Error(`no bureau for ${districtNameZh}`);
  return row;
}

export async function organizationNamed(name: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.name, name)).limit(1);
  if (!row) throw new Error(`no organization ${name}`);
  return row;
}

/** The rows of a raw SQL query, on either driver (postgres-js answers an array, PGlite `{ rows }`). */
export async function sqlRows<T>(query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** The `id` column of the first row of a query that finds a fixture; fails naming the query when there is none. */
export async function fixtureId(query: SQL): Promise<string> {
  const [row] = await sqlRows<{ id: string }>(query);
  if (!row) throw new Error(`no fixture for ${JSON.stringify(query)}`);
  return String(row.id);
}

export async function countRows(table: "users" | "organizations" | "audit_log" | "sessions" | "calendar_days" | "calendar_years") {
  const [row] = await sqlRows<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`);
  return Number(row.n);
}

const TYPE_DIGIT = { social_group: "1", private_non_enterprise: "2", foundation: "3" } as const;

/** A civil-affairs USCC (金水区 division) with a valid check character and a random body. */
export function randomUscc(type: keyof typeof TYPE_DIGIT = "private_non_enterprise") {
  const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const body = Array.from(crypto.randomBytes(9), (b) => alphabet[b % alphabet.length]).join("");
  return makeUscc(`5${TYPE_DIGIT[type]}410105${body}`);
}

/** The Cookie header of a fresh session for the user, as if they had just signed in. */
export async function cookieFor(id: string): Promise<string> {
  const { token } = await createSession(db, { userId: id, ip: "127.0.0.1", userAgent: "vitest" });
  return `${SESSION_COOKIE}=${token}`;
}

export const context = { requestId: "t", cspNonce: "n", clientIp: "127.0.0.1" };

const ORIGIN = "http://localhost";

export function getRequest(path: string, cookie?: string) {
  return new Request(ORIGIN + path, { headers: cookie ? { Cookie: cookie } : {} });
}

/** A form POST as a browser without JavaScript sends it: repeated names for checkbox groups. */
export function postRequest(path: string, fields: Record<string, string | string[]>, cookie?: string) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (cookie) headers.Cookie = cookie;
  return new Request(ORIGIN + path, { method: "POST", body, headers });
}

/** Runs a loader or action, returning a thrown Response (redirect, 403, 404) like Remix would. */
export async function settle(run: () => Promise<unknown>): Promise<Response> {
  try {
    const result = await run();
    if (result instanceof Response) return result;
    throw new Error(`expected a Response, got ${JSON.stringify(result)}`);
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

/** The UserError a command refused with (fails the test if it did anything else). */
export async function refusal(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

/** The Response a command threw (404, 403); fails the test if it did anything else. */
export async function thrownResponse(promise: Promise<unknown>): Promise<Response> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Response);
  return error as Response;
}

/** The session cookie (name=value) from a Set-Cookie header. */
export function sessionCookieOf(response: Response): string {
  const header = response.headers.get("Set-Cookie") ?? "";
  const match = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(header);
  if (!match) throw new Error(`no session cookie in ${JSON.stringify(header)}`);
  return `${SESSION_COOKIE}=${match[1]}`;
}
