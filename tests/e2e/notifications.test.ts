/**
 * Subscriptions (issue 7): an agency subscribes to a service category (an empty subscription is
 * refused on the field), the bureau publishes a matching tender, and the agency finds it among
 * its notifications, counted in the header, and follows the link to the tender.
 */
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_TENDERS } from "#db/seed-procurement";
import { checkA11y, closeBrowser, closePage, hasChromium, login, newPage, screenshot, waitForHydration, writeA11yReport } from "./browser";

describe.skipIf(!hasChromium)("subscribing to new tenders", () => {
  afterAll(async () => {
    writeA11yReport("notifications");
    await closeBrowser();
  });

  it("agency.nuancheng subscribes to 妇女家庭, bureau.jinshui publishes a matching tender, the agency is notified once", async () => {
    const agency = await newPage();
    const bureau = await newPage();
    try {
      await login(agency, "agency.nuancheng");
      await agency.goto("/notifications");
      await waitForHydration(agency);
      await checkA11y(agency, "notifications (empty)");
      const form = agency.getByRole("form", { name: "新增订阅" });

      // Nothing chosen: refused on the field, nothing saved.
      await form.getByRole("button", { name: "订阅", exact: true }).click();
      await expect.poll(() => form.getByRole("alert").first().innerText()).toContain("请至少选择一个类别");
      expect(await agency.getByText("您还没有订阅。").count()).toBe(1);

      await form.getByLabel("妇女家庭").check();
      await form.getByRole("button", { name: "订阅", exact: true }).click();
      await agency.waitForURL((url) => url.pathname === "/notifications");
      await expect.poll(() => agency.locator("#subscriptions").innerText()).toContain("妇女家庭 · 全部区域");
      const bell = agency.getByRole("banner").getByRole("link", { name: /^通知/ });
      const unreadBefore = Number((await bell.locator(".count").count()) ? await bell.locator(".count").innerText() : 0);

      // The bureau publishes its draft for families (妇女家庭, 金水区).
      await login(bureau, "bureau.jinshui");
      await bureau.goto("/bureau/tenders");
      await bureau.getByRole("link", { name: DEMO_TENDERS.draft, exact: true }).click();
      await waitForHydration(bureau);
      await bureau.getByRole("button", { name: "发布公告", exact: true }).click();
      await bureau.waitForURL((url) => url.searchParams.get("done") === "published");

      await agency.reload();
      await expect.poll(async () => Number(await bell.locator(".count").innerText())).toBe(unreadBefore + 1);
      const item = agency.getByRole("link", { name: `新采购公告：${DEMO_TENDERS.draft}`, exact: true });
      expect(await item.count()).toBe(1);
      await screenshot(agency, "notifications-agency");
      await checkA11y(agency, "notifications (one new)");
      await item.click();
      await agency.waitForURL((url) => url.pathname.startsWith("/tenders/"));
      await expect.poll(() => agency.getByRole("heading", { level: 1 }).innerText()).toContain(DEMO_TENDERS.draft);

      // Marking it read clears the count.
      await agency.goto("/notifications");
      await waitForHydration(agency);
      await agency.getByRole("button", { name: "全部标为已读" }).click();
      await expect.poll(() => bell.locator(".count").count()).toBe(0);
    } finally {
      await closePage(agency);
      await closePage(bureau);
    }
  });
});
