/** Chinese by default; the header's language switch changes to English and the choice is remembered (cookie `lang`). */
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { checkA11y, closeBrowser, closePage, hasChromium, newPage, waitForHydration, writeA11yReport } from "./browser";

const ZH_TITLE = "看得见";
const EN_TITLE = /^Every yuan/;

async function h1(page: Page) {
  return (await page.getByRole("heading", { level: 1 }).innerText()).trim();
}

async function langCookie(page: Page) {
  return (await page.context().cookies()).find((c) => c.name === "lang")?.value;
}

describe.skipIf(!hasChromium)("language", () => {
  afterAll(async () => {
    writeA11yReport("language");
    await closeBrowser();
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`switches from Chinese to English and keeps it (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const page = await newPage({ javaScriptEnabled });
      try {
        await page.goto("/");
        expect(await h1(page)).toContain(ZH_TITLE);
        expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
        expect(await langCookie(page)).toBeUndefined();
        await checkA11y(page, "home (zh-CN)");
        if (javaScriptEnabled) await waitForHydration(page);

        // The button says "English" in English (lang="en"), whatever the page's language.
        const toEnglish = page.getByRole("banner").getByRole("button", { name: "English" });
        expect(await toEnglish.getAttribute("lang")).toBe("en");
        await toEnglish.click();
        await page.getByRole("heading", { level: 1, name: EN_TITLE }).waitFor();
        expect(new URL(page.url()).pathname).toBe("/");
        expect(await page.getAttribute("html", "lang")).toBe("en");
        expect(await langCookie(page)).toBe("en");
        await checkA11y(page, "home (en)");

        // Another page, reached through the main navigation.
        await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Organizations" }).click();
        await page.waitForURL((url) => url.pathname === "/organizations");
        await page.getByRole("heading", { level: 1, name: "Social organizations" }).waitFor();
        await checkA11y(page, "organizations (en)");

        // A reload reads the cookie again on the server.
        await page.reload();
        expect(await h1(page)).toBe("Social organizations");
        expect(await page.getAttribute("html", "lang")).toBe("en");

        // And back to Chinese, on the page where the reader was.
        if (javaScriptEnabled) await waitForHydration(page);
        await page.getByRole("banner").getByRole("button", { name: "中文" }).click();
        await page.getByRole("heading", { level: 1, name: "社会组织" }).waitFor();
        expect(new URL(page.url()).pathname).toBe("/organizations");
        expect(await langCookie(page)).toBe("zh-CN");
        expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
      } finally {
        await closePage(page);
      }
    });
  }
});
