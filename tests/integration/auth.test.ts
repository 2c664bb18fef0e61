import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { sessions } from "#db/schema";
import { attemptLogin, loadGrants, LOGIN_WINDOW_MS } from "~/modules/auth/auth.server";
import { createSession, deleteSession, hashToken, userForSessionToken } from "~/modules/auth/session.server";
import { createUser, resetPassword, setUserStatus } from "~/modules/users/users.server";
import { bureauOfDistrict, DEMO_ACCOUNTS, DEMO_PASSWORD, randomIp, regionId, unique, useDemoData, userId } from "../helpers/demo";

useDemoData();

const PASSWORD = "correct-horse-9";

/** A fresh resident account of 丰乐社区: tests that disable or reset a user never touch the demo logins. */
async function freshUser() {
  const adminId = await userId("admin");
  const username = unique("u.");
  const user = await createUser(db, adminId, {
    username,
    displayName: "测试用户",
    password: PASSWORD,
    role: "resident",
    communityId: await regionId("丰乐社区"),
  });
  return { ...user, adminId };
}

async function grantsOf(username: string) {
  return loadGrants(db, await userId(username));
}

describe("demo logins", () => {
  it("every demo account signs in with the demo password and holds the role the README lists", async () => {
    const ip = randomIp();
    const results = await Promise.all(
      DEMO_ACCOUNTS.map(async (account) => ({ account, result: await attemptLogin(db, { username: account.username, password: DEMO_PASSWORD, ip }) })),
    );
    for (const { account, result } of results) {
      expect(result, account.username).toEqual({ ok: true, userId: await userId(account.username) });
      const roles = (await grantsOf(account.username)).map((g) => g.role);
      expect(roles, account.username).toContain(account.role);
    }
  });

  it("bureau.jinshui is a bureau officer of the 金水区 bureau", async () => {
    const jinshui = await bureauOfDistrict("金水区");
    expect(await grantsOf("bureau.jinshui")).toEqual([
      { role: "bureau", bureauId: jinshui.id, bureauName: "金水区民政局", districtId: await regionId("金水区") },
    ]);
  });

  it("community.fengle is community staff of 丰乐社区", async () => {
    expect(await grantsOf("community.fengle")).toEqual([{ role: "community", communityId: await regionId("丰乐社区"), communityName: "丰乐社区" }]);
  });

  it("agency.anyuan owns its organization and evaluator.demo owns the evaluation organization", async () => {
    const agency = await grantsOf("agency.anyuan");
    expect(agency).toEqual([
      expect.objectContaining({ role: "agency", organizationName: "郑州市金水区安园社会工作服务中心", memberRole: "owner" }),
    ]);
    const evaluator = await grantsOf("evaluator.demo");
    expect(evaluator).toEqual([expect.objectContaining({ role: "evaluator", organizationName: "河南明鉴社会组织评估中心", memberRole: "owner" })]);
  });

  it("admin holds the admin role without scope", async () => {
    expect(await grantsOf("admin")).toEqual([{ role: "admin" }]);
  });

  it("usernames are matched without regard to case", async () => {
    const result = await attemptLogin(db, { username: "Bureau.JinShui", password: DEMO_PASSWORD, ip: randomIp() });
    expect(result).toEqual({ ok: true, userId: await userId("bureau.jinshui") });
  });
});

describe("wrong passwords and the login lock", () => {
  it("a wrong password and an unknown username both fail the same way", async () => {
    const ip = randomIp();
    expect(await attemptLogin(db, { username: "bureau.jinshui", password: "not-the-password", ip })).toEqual({ ok: false, reason: "failed" });
    expect(await attemptLogin(db, { username: unique("nobody."), password: DEMO_PASSWORD, ip })).toEqual({ ok: false, reason: "failed" });
  });

  it("after 5 failures from one address the right password is refused for 15 minutes, from that address only", async () => {
    const ip = randomIp();
    const username = "community.fengle";
    const start = Date.now();
    const results = [];
    for (let i = 0; i < 5; i += 1) results.push(await attemptLogin(db, { username, password: `wrong-${i}`, ip }));
    expect(results.slice(0, 4).map((r) => r.ok === false && r.reason)).toEqual(["failed", "failed", "failed", "failed"]);
    expect(results[4].ok).toBe(false);

    const locked = await attemptLogin(db, { username, password: DEMO_PASSWORD, ip });
    expect(locked.ok).toBe(false);
    if (locked.ok || locked.reason !== "locked") throw new Error(`expected locked, got ${JSON.stringify(locked)}`);
    expect(locked.until.getTime()).toBeGreaterThanOrEqual(start + LOGIN_WINDOW_MS);
    expect(locked.until.getTime()).toBeLessThanOrEqual(Date.now() + LOGIN_WINDOW_MS);
    expect(LOGIN_WINDOW_MS).toBe(15 * 60 * 1000);

    // Another address (a colleague in another office) is not locked out by the guesser.
    expect(await attemptLogin(db, { username, password: DEMO_PASSWORD, ip: randomIp() })).toMatchObject({ ok: true });

    // Still locked a minute later, and that refused attempt does not extend the lock ...
    const aMinuteLater = new Date(Date.now() + 60_000);
    expect(await attemptLogin(db, { username, password: DEMO_PASSWORD, ip }, aMinuteLater)).toEqual({ ok: false, reason: "locked", until: locked.until });
    // ... which ends when it said it would.
    const afterLock = new Date(locked.until.getTime() + 1000);
    expect(await attemptLogin(db, { username, password: DEMO_PASSWORD, ip }, afterLock)).toMatchObject({ ok: true });
  });

  it("a successful sign-in clears earlier failures", async () => {
    const ip = randomIp();
    const username = "expert1";
    for (let i = 0; i < 4; i += 1) await attemptLogin(db, { username, password: `wrong-${i}`, ip });
    expect(await attemptLogin(db, { username, password: DEMO_PASSWORD, ip })).toMatchObject({ ok: true });
    expect(await attemptLogin(db, { username, password: "wrong-again", ip })).toEqual({ ok: false, reason: "failed" });
  });
});

describe("sessions", () => {
  it("a session token resolves to its user until signed out", async () => {
    const id = await userId("resident.fengle");
    const { token, expiresAt } = await createSession(db, { userId: id, ip: "127.0.0.1", userAgent: "vitest" });
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 13 * 24 * 3600 * 1000);
    expect(await userForSessionToken(db, token)).toEqual({ userId: id, username: "resident.fengle", displayName: "马桂兰" });
    // Only a hash of the token is stored: a copy of the table does not sign anyone in.
    const stored = await db.select().from(sessions).where(eq(sessions.userId, id));
    expect(stored.some((s) => s.tokenHash === token)).toBe(false);
    expect(stored.some((s) => s.tokenHash === hashToken(token))).toBe(true);

    await deleteSession(db, token);
    expect(await userForSessionToken(db, token)).toBeNull();
  });

  it("an expired session no longer signs in, nor does an unknown token", async () => {
    const id = await userId("resident.fengle");
    const { token } = await createSession(db, { userId: id, ip: "127.0.0.1", userAgent: null });
    await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.tokenHash, hashToken(token)));
    expect(await userForSessionToken(db, token)).toBeNull();
    expect(await userForSessionToken(db, "made-up-token")).toBeNull();
  });

  it("disabling a user ends their sessions, for good, and refuses their password", async () => {
    const user = await freshUser();
    const first = await createSession(db, { userId: user.id, ip: "127.0.0.1", userAgent: "a" });
    const second = await createSession(db, { userId: user.id, ip: "127.0.0.2", userAgent: "b" });
    const other = await createSession(db, { userId: await userId("resident.fengle"), ip: "127.0.0.1", userAgent: "c" });

    await setUserStatus(db, user.adminId, user.id, "disabled");
    expect(await userForSessionToken(db, first.token)).toBeNull();
    expect(await userForSessionToken(db, second.token)).toBeNull();
    expect(await userForSessionToken(db, other.token)).not.toBeNull();
    expect(await attemptLogin(db, { username: user.username, password: PASSWORD, ip: randomIp() })).toEqual({ ok: false, reason: "failed" });

    // Enabling again does not bring the old sessions back: they were ended, not hidden.
    await setUserStatus(db, user.adminId, user.id, "active");
    expect(await userForSessionToken(db, first.token)).toBeNull();
    expect(await attemptLogin(db, { username: user.username, password: PASSWORD, ip: randomIp() })).toEqual({ ok: true, userId: user.id });
  });

  it("an admin cannot disable their own account", async () => {
    const adminId = await userId("admin");
    await expect(setUserStatus(db, adminId, adminId, "disabled")).rejects.toMatchObject({ name: "UserError" });
    expect(await attemptLogin(db, { username: "admin", password: DEMO_PASSWORD, ip: randomIp() })).toMatchObject({ ok: true });
  });

  it("resetting a password ends the user's sessions; the new password works and the old one does not", async () => {
    const user = await freshUser();
    const session = await createSession(db, { userId: user.id, ip: "127.0.0.1", userAgent: null });
    await resetPassword(db, user.adminId, user.id, "brand-new-secret");
    expect(await userForSessionToken(db, session.token)).toBeNull();
    const ip = randomIp();
    expect(await attemptLogin(db, { username: user.username, password: PASSWORD, ip })).toEqual({ ok: false, reason: "failed" });
    expect(await attemptLogin(db, { username: user.username, password: "brand-new-secret", ip })).toEqual({ ok: true, userId: user.id });
  });
});
