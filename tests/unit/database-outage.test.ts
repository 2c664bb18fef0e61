import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, serviceUnavailableResponse } from "~/utils/database-outage.server";

describe("isDatabaseUnavailable", () => {
  it("recognizes a lost database through drizzle's wrapping and AggregateErrors", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(new Error("Failed query: select 1", { cause: refused }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new AggregateError([refused]), { code: undefined }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("connection failure"), { code: "08006" }))).toBe(true);
  });

  it("leaves our own mistakes and the user's to the 500 and 400 paths", () => {
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("syntax error"), { code: "42601" }))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});

describe("serviceUnavailableResponse", () => {
  it("is a page in the reader's language first, with the other language and the request id", async () => {
    const response = serviceUnavailableResponse(new Request("http://x/tenders?page=2", { headers: { Cookie: "lang=en" } }), "req-1");
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    const html = await response.text();
    expect(html.indexOf("Service temporarily unavailable")).toBeLessThan(html.indexOf("服务暂时不可用"));
    expect(html).toContain("req-1");
    expect(html).toContain('href="/tenders?page=2"');
  });

  it("answers a Remix data request with a caught 503", async () => {
    const response = serviceUnavailableResponse(new Request("http://x/tenders?_data=root", { method: "POST" }), "req-2");
    expect(response.status).toBe(503);
    expect(response.headers.get("X-Remix-Catch")).toBe("yes");
    expect(await response.json()).toContain("req-2");
  });
});
