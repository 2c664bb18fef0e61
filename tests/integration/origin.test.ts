import { describe, expect, it } from "vitest";
import { isForeignOrigin } from "~/utils/origin.server";

// The Express layer answers 403 to a POST for which this is true (DESIGN §6: POSTs check Origin).
describe("isForeignOrigin", () => {
  const host = "portal.example.cn";

  it("lets a form on the portal itself post", () => {
    expect(isForeignOrigin({ method: "POST", origin: "https://portal.example.cn", host })).toBe(false);
    expect(isForeignOrigin({ method: "POST", origin: "http://localhost:3000", host: "localhost:3000" })).toBe(false);
  });

  it("refuses a post from another site, another port of the same name, or an opaque origin", () => {
    expect(isForeignOrigin({ method: "POST", origin: "https://evil.example", host })).toBe(true);
    expect(isForeignOrigin({ method: "POST", origin: "https://portal.example.cn.evil.example", host })).toBe(true);
    expect(isForeignOrigin({ method: "POST", origin: "http://localhost:4000", host: "localhost:3000" })).toBe(true);
    expect(isForeignOrigin({ method: "POST", origin: "null", host })).toBe(true);
    expect(isForeignOrigin({ method: "DELETE", origin: "https://evil.example", host })).toBe(true);
  });

  it("refuses an Origin that is not a URL", () => {
    expect(isForeignOrigin({ method: "POST", origin: "not a url", host })).toBe(true);
  });

  it("accepts origins on the allow-list (a proxy in front of the app), and only those", () => {
    const allowed = "https://www.example.cn, https://admin.example.cn";
    expect(isForeignOrigin({ method: "POST", origin: "https://admin.example.cn", host: "app:3000", allowed })).toBe(false);
    expect(isForeignOrigin({ method: "POST", origin: "https://other.example.cn", host: "app:3000", allowed })).toBe(true);
  });

  it("does not check reads, nor requests without an Origin (not a cross-site browser request)", () => {
    expect(isForeignOrigin({ method: "GET", origin: "https://evil.example", host })).toBe(false);
    expect(isForeignOrigin({ method: "head", origin: "https://evil.example", host })).toBe(false);
    expect(isForeignOrigin({ method: "POST", host })).toBe(false);
  });
});
