import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { sessions } from "#db/schema";
import { getUser } from "~/modules/auth/auth.server";
import { hashToken, SESSION_COOKIE } from "~/modules/auth/session.server";
import * as account from "~/routes/account";
import * as login from "~/routes/login";
import * as workspace from "~/routes/workspace";
import { context, cookieFor, DEMO_PASSWORD, getRequest, postRequest, randomIp, sessionCookieOf, settle, useDemoData, userId } from "../helpers/demo";

useDemoData();

const args = (request: Request) => ({ request, context: { ...context, clientIp: randomIp() }, params: {} });
const tokenOf = (cookie: string) => cookie.slice(SESSION_COOKIE.length + 1);

async function sessionCount(id: string) {
  const rows = await db.select({ tokenHash: sessions.tokenHash }).from(sessions).where(eq(sessions.userId, id));
  return rows.length;
}

describe("session fixation", () => {
  it("a token planted in the browser before sign-in is not the one signed in: a new token is issued", async () => {
    const planted = `${SESSION_COOKIE}=attacker-chosen-token`;
    const response = await settle(() => login.action(args(postRequest("/login", { username: "agency.hexie", password: DEMO_PASSWORD }, planted))));
    expect(response.status).toBe(302);
    const issued = sessionCookieOf(response);
    expect(issued).not.toBe(planted);
    expect(await getUser(getRequest("/", planted))).toBeNull();
    expect((await getUser(getRequest("/", issued)))?.username).toBe("agency.hexie");
  });

  it("a planted session of another account (the attacker's own) ends when the victim signs in", async () => {
    const attacker = await cookieFor(await userId("agency.xinyuan"));
    const response = await settle(() => login.action(args(postRequest("/login", { username: "agency.hexie", password: DEMO_PASSWORD }, attacker))));
    const issued = sessionCookieOf(response);
    expect(issued).not.toBe(attacker);
    expect(await getUser(getRequest("/", attacker))).toBeNull();
    expect((await getUser(getRequest("/", issued)))?.username).toBe("agency.hexie");
  });
});

describe("session expiry", () => {
  it("an expired session row signs nobody in: pages send the browser to sign-in", async () => {
    const cookie = await cookieFor(await userId("community.fengle"));
    expect((await settle(() => workspace.loader(args(getRequest("/workspace", cookie))))).headers.get("Location")).toBe("/community");
    await db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.tokenHash, hashToken(tokenOf(cookie))));
    expect(await getUser(getRequest("/", cookie))).toBeNull();
    const response = await settle(() => account.loader(args(getRequest("/account", cookie))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
  });

  it("a session still valid by a second is accepted (the boundary is the stored expiry)", async () => {
    const cookie = await cookieFor(await userId("community.fengle"));
    await db
      .update(sessions)
      .set({ expiresAt: sql`now() + interval '5 seconds'` })
      .where(eq(sessions.tokenHash, hashToken(tokenOf(cookie))));
    expect((await getUser(getRequest("/", cookie)))?.username).toBe("community.fengle");
  });
});

describe("sign out on all devices (/account)", () => {
  it("the account page shows how many browsers are signed in", async () => {
    const id = await userId("expert4");
    const cookie = await cookieFor(id);
    await cookieFor(id);
    const page = await settle(() => account.loader(args(getRequest("/account", cookie))));
    expect(page.status).toBe(200);
    const body = (await page.json()) as { username: string; sessions: number };
    expect(body.username).toBe("expert4");
    expect(body.sessions).toBe(await sessionCount(id));
    expect(body.sessions).toBeGreaterThanOrEqual(2);
  });

  it("ends every session of the user, this browser's too, and leaves other users signed in", async () => {
    const id = await userId("bureau.huiji");
    const laptop = await cookieFor(id);
    const phone = await cookieFor(id);
    const someoneElse = await cookieFor(await userId("bureau.zhongyuan"));

    const response = await settle(() => account.action(args(postRequest("/account", { intent: "signOutEverywhere" }, laptop))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login");
    expect(response.headers.get("Set-Cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));

    expect(await sessionCount(id)).toBe(0);
    expect(await getUser(getRequest("/", laptop))).toBeNull();
    expect(await getUser(getRequest("/", phone))).toBeNull();
    expect((await getUser(getRequest("/", someoneElse)))?.username).toBe("bureau.zhongyuan");
  });

  it("refuses a post without the intent (400) and an anonymous one (sign-in), ending nothing", async () => {
    const id = await userId("bureau.guancheng");
    const cookie = await cookieFor(id);
    const before = await sessionCount(id);
    expect((await settle(() => account.action(args(postRequest("/account", {}, cookie))))).status).toBe(400);
    const anonymous = await settle(() => account.action(args(postRequest("/account", { intent: "signOutEverywhere" }))));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
    expect(await sessionCount(id)).toBe(before);
  });
});
