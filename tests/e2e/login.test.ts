/**
 * Signing in: a wrong password is refused with one message for every cause, and five failures
 * for one account from one address lock it for 15 minutes, even for the right password.
 *
 * Accounts used only here: expert2 (JavaScript on), expert3 (off) and expert6 (the lock-out).
 */
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { checkA11y, closeBrowser, closePage, DEMO_PASSWORD, hasChromium, login, newPage, submitLogin, writeA11yReport } from "./browser";

const FAILED = "用户名或密码不正确。";
const LOCKED = "已暂停登录 15 分钟";

/** Submits the form and waits for the server's answer to that POST. */
async function attempt(page: Page, username: string, password: string) {
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login");
  await submitLogin(page, username, password);
  await answered;
}

/** The form's error summary (role=alert), once it shows `expected`. */
async function formAlert(page: Page, expected: string) {
  const alert = page.getByRole("form", { name: "登录" }).getByRole("alert").filter({ hasText: expected });
  await alert.waitFor();
  return (await alert.innerText()).trim();
}

describe.skipIf(!hasChromium)("login", () => {
  afterAll(async () => {
    writeA11yReport("login");
    await closeBrowser();
  });

  for (const [javaScriptEnabled, username] of [
    [true, "expert2"],
    [false, "expert3"],
  ] as const) {
    it(`a wrong password shows ${FAILED} and keeps the username (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const page = await newPage({ javaScriptEnabled });
      try {
        await page.goto("/login");
        await checkA11y(page, `login form (JavaScript ${javaScriptEnabled ? "on" : "off"})`);
        await submitLogin(page, username, "not-the-password");
        expect(await formAlert(page, FAILED)).toBe(FAILED);
        expect(new URL(page.url()).pathname).toBe("/login");
        const form = page.getByRole("form", { name: "登录" });
        expect(await form.getByLabel("用户名", { exact: true }).inputValue()).toBe(username);
        // The password is never sent back.
        if (!javaScriptEnabled) expect(await form.getByLabel("密码", { exact: true }).inputValue()).toBe("");
        await checkA11y(page, `login form with an error (JavaScript ${javaScriptEnabled ? "on" : "off"})`);

        // One failure does not lock: the right password still works.
        await submitLogin(page, username, DEMO_PASSWORD);
        await page.waitForURL((url) => url.pathname === "/expert");
      } finally {
        await closePage(page);
      }
    });
  }

  it("an unknown username gets the same message as a wrong password", async () => {
    const page = await newPage();
    try {
      await page.goto("/login");
      await submitLogin(page, "nobody.here", "not-the-password");
      expect(await formAlert(page, FAILED)).toBe(FAILED);
    } finally {
      await closePage(page);
    }
  });

  it(`five wrong passwords lock the account: ${LOCKED}, even for the right password`, async () => {
    const page = await newPage();
    try {
      await page.goto("/login");
      for (let n = 1; n <= 4; n++) {
        await attempt(page, "expert6", `wrong-${n}`);
        await formAlert(page, FAILED);
      }
      // The fifth failure is the one that locks, and says so.
      await attempt(page, "expert6", "wrong-5");
      expect(await formAlert(page, LOCKED)).toMatch(/连续 5 次登录失败，已暂停登录 15 分钟。请于 .+ 后再试。/);

      // Sixth attempt, right password: still refused while locked.
      await attempt(page, "expert6", DEMO_PASSWORD);
      await formAlert(page, LOCKED);
      expect(new URL(page.url()).pathname).toBe("/login");
      await checkA11y(page, "login form, account locked");

      // No session was started.
      await page.goto("/expert");
      expect(new URL(page.url()).pathname).toBe("/login");

      // The lock is per account: another expert signs in from the same address.
      await login(page, "expert5");
      expect(new URL(page.url()).pathname).toBe("/expert");
    } finally {
      await closePage(page);
    }
  });
});
