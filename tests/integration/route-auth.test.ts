import { describe, expect, it } from "vitest";
import * as adminOrganizations from "~/routes/admin.organizations";
import * as adminUsers from "~/routes/admin.users";
import * as agencyHome from "~/routes/agency._index";
import * as bureauOrganizations from "~/routes/bureau.organizations";
import * as login from "~/routes/login";
import * as logout from "~/routes/logout";
import * as workspace from "~/routes/workspace";
import { context, cookieFor, DEMO_PASSWORD, getRequest, postRequest, randomIp, sessionCookieOf, settle, useDemoData, userId } from "../helpers/demo";

useDemoData();

const args = (request: Request, clientIp = "127.0.0.1") => ({ request, context: { ...context, clientIp }, params: {} });

async function signIn(fields: Record<string, string>, clientIp = randomIp()) {
  return settle(() => login.action(args(postRequest("/login", fields), clientIp)));
}

describe("signing in through /login", () => {
  it("answers a 302 to the user's workspace with an HttpOnly, SameSite=Lax session cookie that signs the user in", async () => {
    const response = await signIn({ username: "admin", password: DEMO_PASSWORD });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin");
    const setCookie = response.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^sanshe_session=[^;]+;/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).toContain("Path=/");
    expect(setCookie).not.toContain("Secure");

    const next = await settle(() => workspace.loader(args(getRequest("/workspace", sessionCookieOf(response)))));
    expect(next.status).toBe(302);
    expect(next.headers.get("Location")).toBe("/admin");
  });

  it("marks the cookie Secure when the portal is served over https", async () => {
    const request = new Request("https://portal.example.cn/login", {
      method: "POST",
      body: new URLSearchParams({ username: "resident.fengle", password: DEMO_PASSWORD }),
    });
    const response = await settle(() => login.action(args(request, randomIp())));
    expect(response.status).toBe(302);
    expect(response.headers.get("Set-Cookie")).toMatch(/; Secure/);
  });

  it("goes back to the page that asked for sign-in, but never to another site", async () => {
    const back = await signIn({ username: "bureau.jinshui", password: DEMO_PASSWORD, redirectTo: "/bureau/organizations?status=pending" });
    expect(back.status).toBe(302);
    expect(back.headers.get("Location")).toBe("/bureau/organizations?status=pending");

    for (const redirectTo of ["https://evil.example/phish", "//evil.example/phish"]) {
      const response = await signIn({ username: "bureau.jinshui", password: DEMO_PASSWORD, redirectTo });
      expect(response.headers.get("Location"), redirectTo).toBe("/bureau");
    }
  });

  it("a wrong password answers 400 with a message above the form and no cookie", async () => {
    const response = await signIn({ username: "admin", password: "wrong-password" });
    expect(response.status).toBe(400);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    const body = (await response.json()) as { errors: Record<string, { message: string }>; values: Record<string, unknown> };
    expect(body.errors.root.message).toBe("login.failed");
    // What was typed comes back to refill the form, except the password.
    expect(body.values).toEqual({ username: "admin" });
  });

  it("an empty form answers 400 with a message on each empty field", async () => {
    const response = await signIn({ username: "", password: "" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Record<string, { message: string }> };
    expect(body.errors.username.message).toBe("errors.required");
    expect(body.errors.password.message).toBe("errors.required");
  });

  it("after 5 wrong passwords the form says the account is locked and until when, even for the right password", async () => {
    const ip = randomIp();
    for (let i = 0; i < 5; i += 1) await signIn({ username: "expert2", password: `wrong-${i}` }, ip);
    const response = await signIn({ username: "expert2", password: DEMO_PASSWORD }, ip);
    expect(response.status).toBe(400);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    const body = (await response.json()) as { errors: Record<string, { message: string }> };
    expect(body.errors.root.message).toMatch(/^login\.locked\|\{"time":".+"\}$/);
  });

  it("a signed-in user who opens /login is sent to their workspace", async () => {
    const cookie = await cookieFor(await userId("agency.anyuan"));
    const response = await settle(() => login.loader(args(getRequest("/login", cookie))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/workspace");
    const next = await settle(() => workspace.loader(args(getRequest("/workspace", cookie))));
    expect(next.headers.get("Location")).toBe("/agency");
  });
});

describe("who may open what", () => {
  it("an admin opens user management and sees each user with their roles", async () => {
    const cookie = await cookieFor(await userId("admin"));
    const expected = { "bureau.jinshui": "bureau", "community.fengle": "community", "agency.anyuan": "agency", "evaluator.demo": "evaluator" };
    for (const [username, role] of Object.entries(expected)) {
      const page = await settle(() => adminUsers.loader(args(getRequest(`/admin/users?q=${username}`, cookie))));
      expect(page.status).toBe(200);
      const body = (await page.json()) as { users: { username: string; roles: string[] }[] };
      expect(body.users.map((u) => ({ username: u.username, roles: u.roles }))).toEqual([{ username, roles: [role] }]);
    }
  });

  it("an anonymous visitor of /agency is sent to /login with the way back", async () => {
    const response = await settle(() => agencyHome.loader(args(getRequest("/agency"))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fagency");

    const withQuery = await settle(() => adminUsers.loader(args(getRequest("/admin/users?q=li&page=2"))));
    expect(withQuery.headers.get("Location")).toBe(`/login?${new URLSearchParams({ redirectTo: "/admin/users?q=li&page=2" })}`);
  });

  it("a bureau officer gets 403 on user management and on the admin's organization page", async () => {
    const cookie = await cookieFor(await userId("bureau.jinshui"));
    expect((await settle(() => adminUsers.loader(args(getRequest("/admin/users", cookie))))).status).toBe(403);
    expect((await settle(() => adminOrganizations.loader(args(getRequest("/admin/organizations", cookie))))).status).toBe(403);
  });

  it("a bureau officer gets 403 on another user's admin action, which changes nothing", async () => {
    const cookie = await cookieFor(await userId("bureau.jinshui"));
    const target = await userId("bureau.erqi");
    const response = await settle(() => adminUsers.action(args(postRequest("/admin/users", { intent: "disable", subjectId: target }, cookie))));
    expect(response.status).toBe(403);
    const stillActive = await cookieFor(target);
    expect((await settle(() => bureauOrganizations.loader(args(getRequest("/bureau/organizations", stillActive))))).status).toBe(200);
  });

  it("an agency owner gets 403 on the bureau's review page; a bureau officer gets 403 on the agency workspace", async () => {
    const agency = await cookieFor(await userId("agency.anyuan"));
    expect((await settle(() => bureauOrganizations.loader(args(getRequest("/bureau/organizations", agency))))).status).toBe(403);
    const bureau = await cookieFor(await userId("bureau.jinshui"));
    expect((await settle(() => agencyHome.loader(args(getRequest("/agency", bureau))))).status).toBe(403);
  });

  it("the bureau review page lists only organizations serving the officer's district", async () => {
    const erqi = await cookieFor(await userId("bureau.erqi"));
    const response = await settle(() => bureauOrganizations.loader(args(getRequest("/bureau/organizations?status=pending", erqi))));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { organizations: { name: string; districts: string[] }[]; canSetCredit: boolean };
    const names = body.organizations.map((o) => o.name);
    expect(names).toContain("郑州市二七区乐龄社会工作服务中心");
    expect(names).not.toContain("郑州市金水区青禾社会工作服务中心");
    for (const org of body.organizations) expect(org.districts, org.name).toContain("二七区");
    expect(body.canSetCredit).toBe(false);
  });
});

describe("signing out", () => {
  it("ends the session: the cookie is cleared and no longer opens anything", async () => {
    const cookie = await cookieFor(await userId("admin"));
    expect((await settle(() => workspace.loader(args(getRequest("/workspace", cookie))))).headers.get("Location")).toBe("/admin");

    const response = await settle(() => logout.action(args(postRequest("/logout", {}, cookie))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
    expect(response.headers.get("Set-Cookie")).toMatch(/^sanshe_session=;.*Max-Age=0/);

    const after = await settle(() => adminUsers.loader(args(getRequest("/admin/users", cookie))));
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Fusers");
  });
});
