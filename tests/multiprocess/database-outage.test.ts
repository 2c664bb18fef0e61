/**
 * The database going away for a few seconds (DESIGN §7, issue 8 "Faults"): the production app,
 * connected to PostgreSQL through a TCP proxy, answers a clear bilingual 503 page with the
 * request id while the proxy is cut, never crashes, and serves pages again by itself once the
 * database is reachable, without a restart.
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, DatabaseProxy, startApp, type AppProcess, type TestDatabase } from "./harness";

let database: TestDatabase;
let proxy: DatabaseProxy;
let app: AppProcess;

beforeAll(async () => {
  database = await createDatabase("outage");
  proxy = await DatabaseProxy.start(database.url);
  app = await startApp(proxy.urlFor(database.url));
});

afterAll(async () => {
  await app?.stop();
  await proxy?.cut();
  await database?.drop();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(app.baseUrl + path, { headers, redirect: "manual", signal: AbortSignal.timeout(15_000) });
  const body = await response.text();
  return { status: response.status, headers: response.headers, body };
}

async function until(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

describe("database outage", () => {
  it("answers 503 with a bilingual page while the database is away and recovers on its own", async () => {
    expect((await get("/tenders")).status).toBe(200);

    await proxy.cut();
    const outageStarted = Date.now();
    const statuses: number[] = [];
    // A few seconds of traffic against a missing database: pages, data requests, a form post.
    while (Date.now() - outageStarted < 3_000) {
      const page = await get("/tenders");
      statuses.push(page.status);
      expect(page.status).toBe(503);
      expect(page.headers.get("retry-after")).toBe("5");
      const requestId = page.headers.get("x-request-id");
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(page.body).toContain("服务暂时不可用");
      expect(page.body).toContain("Service temporarily unavailable");
      expect(page.body).toContain(requestId);
      // The request id on the page is the one the log records with the 503.
      expect(app.log()).toContain(`"requestId":"${requestId}"`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(statuses.length).toBeGreaterThan(3);

    const english = await get("/tenders", { Cookie: "lang=en" });
    expect(english.status).toBe(503);
    expect(english.body.indexOf("Service temporarily unavailable")).toBeLessThan(english.body.indexOf("服务暂时不可用"));
    expect(english.body).toContain('<html lang="en"');

    // Client-side navigation asks for route data: a caught 503 the error boundary can show.
    const data = await get("/tenders?_data=routes%2Ftenders._index");
    expect(data.status).toBe(503);
    expect(data.headers.get("x-remix-catch")).toBe("yes");

    // A form post changes nothing and gets the same answer, not a 500.
    const login = await fetch(app.baseUrl + "/login", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.baseUrl },
      body: new URLSearchParams({ username: "nobody", password: "wrong-password" }),
      redirect: "manual",
    });
    expect(login.status).toBe(503);
    expect(await login.text()).toContain("服务暂时不可用");

    expect((await get("/healthz")).status).toBe(503);
    expect(app.child.exitCode).toBeNull();

    await proxy.restore();
    const recovered = await until(async () => (await get("/tenders")).status === 200, 15_000);
    expect(recovered).toBe(true);
    expect((await get("/healthz")).status).toBe(200);
    expect(app.child.exitCode).toBeNull();
    expect(app.log()).not.toMatch(/"status":500/);
  });

  it("survives its connections being terminated by the server and reconnects", async () => {
    expect((await get("/tenders")).status).toBe(200);
    const admin = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const terminated = await admin`
        select count(*)::int as n from (
          select pg_terminate_backend(pid) from pg_stat_activity where datname = ${database.name} and pid <> pg_backend_pid()
        ) t`;
      expect(terminated[0].n).toBeGreaterThan(0);
    } finally {
      await admin.end({ timeout: 5 });
    }
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await get("/tenders")).status);
    // A request that was using a killed connection may get the 503; none gets a 500, and
    // fresh connections serve the rest.
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(statuses.at(-1)).toBe(200);
    expect(app.child.exitCode).toBeNull();
  });
});
