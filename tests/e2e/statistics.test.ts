/**
 * A visitor reads the public statistics (issue 7): reaches them from the main navigation, sees
 * the charts (SVG from the server, so also without JavaScript) with their tables, narrows them to
 * 金水区 and downloads a table as CSV; the page is checked with axe and photographed on a desktop
 * and on a 375px phone. The open-data page is linked from the footer and its example answers JSON.
 */
import fs from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { ARTIFACTS, checkA11y, closeBrowser, closePage, hasChromium, login, needed, newPage, screenshot, waitForHydration, writeA11yReport } from "./browser";

async function chartTitles(page: Page) {
  return page.locator("main svg[role=img] > title").allTextContents();
}

describe.skipIf(!hasChromium)("statistics", () => {
  afterAll(async () => {
    writeA11yReport("statistics");
    await closeBrowser();
  });

  it("a visitor reads the statistics, narrows them to a district and downloads a table as CSV", async () => {
    const page = await newPage();
    try {
      await page.goto("/");
      await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "数据统计" }).click();
      await page.waitForURL((url) => url.pathname === "/statistics");
      await page.getByRole("heading", { level: 1, name: "数据统计" }).waitFor();
      expect(await page.title()).toBe("数据统计 · 三社联动服务采购平台");

      // Charts with the numbers beside them, and the study's baseline next to the portal's figure.
      expect(await chartTitles(page)).toEqual(expect.arrayContaining(["各资金来源预算的使用情况", "各区的最高限价合计与成交金额", "有过中标的社会组织占比与郑州调研基线"]));
      await page.getByRole("table", { name: "各区的采购项目与金额" }).waitFor();
      expect(await page.locator("main").innerText()).toContain("调研基线 2%");
      // Contracts, payments, donations and outcomes from the demo's projects.
      expect(await chartTitles(page)).toEqual(expect.arrayContaining(["各区的合同金额与已拨付金额", "各服务类别的绩效等级分布", "各服务类别的调查回收率"]));
      await page.getByRole("table", { name: "各服务类别的满意度调查回收率" }).getByText("低（答卷不足 30 份）").waitFor();
      expect(await page.locator(".stats-summary").innerText()).toContain("社会捐赠");
      await checkA11y(page, "statistics");
      await screenshot(page, "statistics-desktop");

      await waitForHydration(page);
      await page.getByLabel("区", { exact: true }).selectOption({ label: "金水区" });
      await page.getByRole("button", { name: "查看" }).click();
      await page.waitForURL((url) => url.searchParams.has("district"));
      await page.getByText("当前范围：金水区 · 全部年度").waitFor();
      const districts = page.getByRole("table", { name: "各区的采购项目与金额" });
      expect(await districts.locator("tbody tr").count()).toBe(1);
      expect(await districts.locator("tbody th").innerText()).toBe("金水区");

      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载 CSV：各区的采购项目与金额" }).click()]);
      expect(download.suggestedFilename()).toMatch(/^sanshe-districts-\d+\.csv$/);
      const file = await download.path();
      const bytes = fs.readFileSync(file!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, row, extra] = bytes.subarray(3).toString("utf8").trim().split("\r\n");
      expect(header).toBe("区,已发布项目,最高限价合计 (元),已成交项目,成交金额 (元)");
      expect(row).toMatch(/^金水区,\d+,\d+\.\d{2},\d+,\d+\.\d{2}$/);
      expect(extra).toBeUndefined();
      fs.copyFileSync(file!, `${ARTIFACTS}/statistics-districts.csv`);
    } finally {
      await closePage(page);
    }
  });

  it("draws the charts on the server: without JavaScript, and on a 375px phone", async () => {
    const page = await newPage({ javaScriptEnabled: false });
    try {
      await page.setViewportSize({ width: 375, height: 800 });
      await page.goto("/statistics");
      expect((await chartTitles(page)).length).toBeGreaterThanOrEqual(7);
      // Nothing wider than the screen but the tables, which scroll inside their frame.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await checkA11y(page, "statistics (no JavaScript, 375px)");
      await screenshot(page, "statistics-phone");
    } finally {
      await closePage(page);
    }
  });

  it("renders the page once per state of its data: each answer still has its own nonce and request id, and each visitor their own header", async () => {
    const page = await newPage();
    try {
      const fetchPage = async () => {
        const response = await page.request.get("/statistics");
        expect(response.status()).toBe(200);
        const html = await response.text();
        const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];
        const requestId = response.headers()["x-request-id"];
        return { html, nonce: needed(nonce, "the CSP nonce"), requestId };
      };
      const first = await fetchPage();
      const second = await fetchPage();
      expect(second.nonce).not.toBe(first.nonce);
      for (const answer of [first, second]) {
        // Every script carries this answer's nonce, and the page this answer's request id.
        const scriptNonces = [...answer.html.matchAll(/<script[^>]*\bnonce="([^"]*)"/g)].map((m) => m[1]);
        expect(scriptNonces.length).toBeGreaterThan(0);
        expect(new Set(scriptNonces)).toEqual(new Set([answer.nonce]));
        expect(answer.html).toContain(`data-request-id="${answer.requestId}"`);
      }
      // Otherwise the same document.
      const plain = (a: { html: string; nonce: string; requestId: string }) => a.html.replaceAll(a.nonce, "NONCE").replaceAll(a.requestId, "ID");
      expect(plain(second)).toBe(plain(first));

      // The scripts run under the CSP: the page hydrates and navigates on the client.
      await page.goto("/statistics");
      await waitForHydration(page);

      // A signed-in visitor gets the page with their own header, then an anonymous one without it.
      await login(page, "agency.anyuan");
      await page.goto("/statistics");
      await page.getByRole("banner").getByRole("link", { name: "林晓" }).waitFor();
      await page.context().clearCookies();
      await page.goto("/statistics");
      await page.getByRole("banner").getByRole("link", { name: "登录" }).waitFor();
      expect(await page.getByRole("banner").innerText()).not.toContain("林晓");
    } finally {
      await closePage(page);
    }
  });

  it("links the open-data page from the footer, whose example answers OCDS JSON", async () => {
    const page = await newPage();
    try {
      await page.goto("/statistics");
      await page.getByRole("contentinfo").getByRole("link", { name: "开放数据" }).click();
      await page.getByRole("heading", { level: 1, name: "开放数据（OCDS）" }).waitFor();
      await checkA11y(page, "open data");
      const example = await page.getByRole("link", { name: "示例" }).first().getAttribute("href");
      const response = await page.request.get(example!);
      expect(response.status()).toBe(200);
      const body = await response.json();
      expect(body.version).toBe("1.1");
      expect(body.releases[0].ocid).toMatch(/^ocds-sanshe-/);
    } finally {
      await closePage(page);
    }
  });
});
