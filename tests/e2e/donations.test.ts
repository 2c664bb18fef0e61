/**
 * Donations (社会捐赠) as a visitor sees them on the demo data, on the portal as `npm start` runs
 * it — without Stripe keys: the public project page lists the demo donations (recorded from
 * signed test events by the seed) with their total and says online donation is not configured;
 * the donate page says the same and offers no form; the demo donor's receipt link shows the paid
 * donation and its 捐赠收据 PDF (pdftotext reads the Chinese back). The webhook endpoint answers a
 * POST without an Origin header (as Stripe sends it) itself, not with the cross-site 403.
 *
 * The demo's receipt links use fixed tokens: demo-receipt-0001 … 0004 belong to the first project
 * in force (by contract number), 0005 … 0007 to the second.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { ARTIFACTS, baseUrl, checkA11y, closeBrowser, closePage, hasChromium, newPage, screenshot, writeA11yReport } from "./browser";

const shared: { projectPath?: string; token?: string } = {};

function needed<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`an earlier step did not get ${what}`);
  return value;
}

/** The public project pages listed on /projects (the first page of the list). */
async function projectPaths(page: Page): Promise<string[]> {
  await page.goto("/projects");
  const hrefs = await page.locator('main a[href^="/projects/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  return [...new Set(hrefs.filter((h) => /^\/projects\/[0-9a-f-]{36}$/.test(h)))];
}

describe.skipIf(!hasChromium)("donations on the demo data, without Stripe keys", () => {
  afterAll(async () => {
    writeA11yReport("donations");
    await closeBrowser();
  });

  it("a project page lists its donations with the total and says online donation is not configured", async () => {
    const page = await newPage();
    try {
      for (const projectPath of await projectPaths(page)) {
        await page.goto(projectPath);
        const panel = page.getByRole("region", { name: "社会捐赠（配捐）" });
        if ((await panel.getByRole("row").count()) > 1) {
          shared.projectPath = projectPath;
          break;
        }
      }
      const projectPath = needed(shared.projectPath, "a demo project with donations");
      const panel = page.getByRole("region", { name: "社会捐赠（配捐）" });
      const panelText = await panel.innerText();
      expect(panelText).toMatch(/社会捐赠合计\s*¥[\d,]+\.\d\d\s*共 \d+ 笔/);
      expect(panelText).toContain("本平台尚未开通在线捐赠（未配置支付服务）。");
      expect(await panel.getByRole("button", { name: "我要捐赠" }).isDisabled()).toBe(true);
      // Each paid donation shows a name or 匿名, an amount and a date; pending and expired ones do not show.
      const rows = panel.getByRole("row");
      expect(await rows.count()).toBeGreaterThan(1);
      await screenshot(page, "donations-panel");
      await checkA11y(page, "public project page with donations");

      await page.goto(`${projectPath}/donate`);
      expect(await page.locator("main").innerText()).toContain("本平台尚未开通在线捐赠（未配置支付服务）。");
      expect(await page.getByRole("button", { name: "前往支付" }).count()).toBe(0);
      await checkA11y(page, "donate page without Stripe keys");
    } finally {
      await closePage(page);
    }
  });

  it("the demo donor's receipt link shows the paid donation and its receipt PDF in Chinese", async () => {
    const projectPath = needed(shared.projectPath, "the project");
    const page = await newPage();
    try {
      for (const token of ["demo-receipt-0001", "demo-receipt-0005"]) {
        const response = await page.goto(`${projectPath}/donations/${token}`);
        if (response?.status() === 200) {
          shared.token = token;
          break;
        }
      }
      const token = needed(shared.token, "a demo receipt of the project");
      await page.getByRole("heading", { level: 1, name: "捐赠收据" }).waitFor();
      const main = await page.locator("main").innerText();
      expect(main).toContain("已到账");
      expect(main).toMatch(/JZ-\d{4}-\d{6}/);
      await checkA11y(page, "donation receipt page");
      await screenshot(page, "donation-receipt");

      const link = page.getByRole("link", { name: "下载捐赠收据（PDF）" });
      expect(await link.getAttribute("href")).toBe(`${projectPath}/donations/${token}/receipt.pdf`);
      const pdf = await page.request.get(`${projectPath}/donations/${token}/receipt.pdf`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()["content-type"]).toBe("application/pdf");
      const file = path.join(ARTIFACTS, "donation-receipt.pdf");
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      fs.writeFileSync(file, await pdf.body());
      const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString("utf8").replace(/\s+/g, "");
      for (const expected of ["捐赠收据", "收据编号", "捐赠金额", "人民币", "三社联动服务采购平台"]) expect(text).toContain(expected);

      // A wrong token is a 404, not someone else's receipt.
      const wrong = await page.goto(`${projectPath}/donations/demo-receipt-9999`);
      expect(wrong?.status()).toBe(404);
    } finally {
      await closePage(page);
    }
  });

  it("the webhook endpoint is reached by a POST without Origin (Stripe's) and answers it itself", async () => {
    const response = await fetch(`${baseUrl()}/api/stripe/webhook`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=00" },
      body: JSON.stringify({ id: "evt_e2e", object: "event", type: "checkout.session.completed" }),
    });
    // Not the cross-site 403: the route answers, here that online donation is not configured.
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/not configured/);
  });
});
