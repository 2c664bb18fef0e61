/**
 * Error pages: an unknown address is a 404, a page of another role a 403, a database outage met
 * during client-side navigation a 503, all in the reader's language.
 */
import { afterAll, describe, expect, it } from "vitest";
import { checkA11y, closeBrowser, closePage, hasChromium, login, newPage, waitForHydration, writeA11yReport } from "./browser";

describe.skipIf(!hasChromium)("error pages", () => {
  afterAll(async () => {
    writeA11yReport("errors");
    await closeBrowser();
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`an unknown address answers 404 页面不存在 (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const page = await newPage({ javaScriptEnabled });
      try {
        const response = await page.goto("/no-such-page");
        expect(response?.status()).toBe(404);
        const main = page.getByRole("main");
        expect((await main.getByRole("heading", { level: 1 }).innerText()).trim()).toBe("页面不存在");
        expect(await main.innerText()).toContain("404");
        // The site header still works on the error page.
        expect(await page.getByRole("banner").getByRole("link", { name: "登录", exact: true }).count()).toBe(1);
        await checkA11y(page, `404 page (JavaScript ${javaScriptEnabled ? "on" : "off"})`);
      } finally {
        await closePage(page);
      }
    });
  }

  it("a bureau officer opening /admin/users gets 403 无权访问", async () => {
    const page = await newPage();
    try {
      await login(page, "bureau.jinshui");
      const response = await page.goto("/admin/users");
      expect(response?.status()).toBe(403);
      const main = page.getByRole("main");
      expect((await main.getByRole("heading", { level: 1 }).innerText()).trim()).toBe("无权访问");
      expect(await main.innerText()).not.toContain("用户管理");
      // Still signed in: the officer's own navigation is there, without the admin's links.
      const nav = page.getByRole("navigation", { name: "工作台导航" });
      expect(await nav.getByRole("link").allInnerTexts()).toEqual(["民政局工作台", "组织审核", "需求池", "预算指标", "采购项目", "服务项目", "信用名单提议", "风险提示"]);
      await checkA11y(page, "403 page");
    } finally {
      await closePage(page);
    }
  });

  it("a database outage met while navigating in the page shows 503 服务暂时不可用, not a generic failure", async () => {
    const page = await newPage();
    try {
      await page.goto("/");
      await waitForHydration(page);
      // The server's answer to a data request while the database is away, exactly as
      // serviceUnavailableResponse writes it (tests/multiprocess/database-outage.test.ts checks
      // that a real outage produces it): a caught 503 with the message as JSON.
      await page.route(/[?&]_data=/, (route) =>
        route.fulfill({
          status: 503,
          headers: { "Content-Type": "application/json; charset=utf-8", "X-Remix-Catch": "yes", "Retry-After": "5" },
          body: JSON.stringify("数据库暂时无法连接"),
        }),
      );
      await page.getByRole("banner").getByRole("link", { name: "采购公告", exact: true }).click();
      const main = page.getByRole("main");
      await main.getByRole("heading", { level: 1, name: "服务暂时不可用" }).waitFor();
      expect(await main.innerText()).toContain("503");
      expect(await main.innerText()).toContain("您的请求没有被处理");
      await checkA11y(page, "503 page after client-side navigation");
    } finally {
      await closePage(page);
    }
  });
});
