/**
 * An organization registers (with and without JavaScript), a wrong USCC check character is
 * caught on the field, the district's bureau verifies it, and the public sees its profile.
 *
 * The tests of this file run in order and share the registered organizations.
 */
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import {
  checkA11y,
  closeBrowser,
  closePage,
  fieldErrorText,
  hasChromium,
  login,
  newPage,
  screenshot,
  uniqueUscc,
  waitForHydration,
  withWrongCheckCharacter,
  writeA11yReport,
} from "./browser";

const run = Date.now().toString(36);

interface Applicant {
  variant: "js" | "nojs";
  javaScriptEnabled: boolean;
  name: string;
  uscc: string;
  username: string;
  /** Filled in once registered. */
  registered?: boolean;
}

const applicants: Applicant[] = [
  { variant: "js", javaScriptEnabled: true, name: `E2E 测试社会工作服务中心 ${run} 甲`, uscc: uniqueUscc(), username: `e2e-${run}-js` },
  { variant: "nojs", javaScriptEnabled: false, name: `E2E 测试社会工作服务中心 ${run} 乙`, uscc: uniqueUscc(), username: `e2e-${run}-nojs` },
];

const PASSWORD = "e2e-password-2026";

function registrationForm(page: Page) {
  return page.getByRole("form", { name: "社会组织注册" });
}

/** Fills every required field; fill() replaces what is there, check() keeps a checked box. */
async function fillRegistration(page: Page, applicant: Applicant, uscc: string) {
  const form = registrationForm(page);
  await form.getByRole("radio", { name: "社会服务机构（参与投标）" }).check();
  await form.getByLabel("组织名称", { exact: true }).fill(applicant.name);
  await form.getByLabel("统一社会信用代码", { exact: true }).fill(uscc);
  await form.getByLabel("登记类型", { exact: true }).selectOption({ label: "民办非企业单位" });
  await form.getByRole("group", { name: "服务领域", exact: true }).getByRole("checkbox", { name: "养老服务" }).check();
  await form.getByRole("group", { name: "服务领域", exact: true }).getByRole("checkbox", { name: "助残" }).check();
  await form.getByRole("group", { name: "服务城区", exact: true }).getByRole("checkbox", { name: "金水区" }).check();
  await form.getByLabel("联系人姓名", { exact: true }).fill("测试联系人");
  await form.getByLabel("联系电话", { exact: true }).fill("13800138000");
  await form.getByLabel("登录用户名", { exact: true }).fill(applicant.username);
  await form.getByLabel("姓名", { exact: true }).fill("测试申请人");
  await form.getByLabel("登录密码", { exact: true }).fill(PASSWORD);
}

function isRegisterPost(url: string, method: string) {
  return method === "POST" && new URL(url).pathname === "/register";
}

describe.skipIf(!hasChromium)("organization registration and verification", () => {
  afterAll(async () => {
    writeA11yReport("register");
    await closeBrowser();
  });

  for (const applicant of applicants) {
    const js = applicant.javaScriptEnabled;
    it(`JavaScript ${js ? "on" : "off"}: a wrong USCC check character is shown on the field and nothing is created; the corrected form registers and lands on /agency 待审核`, async () => {
      const page = await newPage({ javaScriptEnabled: js });
      const posts: number[] = [];
      page.on("response", (r) => {
        if (isRegisterPost(r.url(), r.request().method())) posts.push(r.status());
      });
      try {
        await page.goto("/register");
        await page.getByRole("heading", { level: 1, name: "社会组织注册" }).waitFor();
        await checkA11y(page, `register form (JavaScript ${js ? "on" : "off"})`);
        if (js) await waitForHydration(page);

        // Without JavaScript the defaults must already be selected in the served HTML.
        const form = registrationForm(page);
        expect.soft(await form.getByRole("radio", { name: "社会服务机构（参与投标）" }).isChecked(), "kind radio checked by default").toBe(true);

        const bad = withWrongCheckCharacter(applicant.uscc);
        await fillRegistration(page, applicant, bad.code);
        await form.getByRole("button", { name: "提交注册" }).click();

        const uscc = form.getByLabel("统一社会信用代码", { exact: true });
        await expect.poll(() => uscc.getAttribute("aria-invalid")).toBe("true");
        const error = await fieldErrorText(uscc);
        expect(error).toContain("校验位不正确");
        expect(error).toContain(`第 18 位应为“${bad.expected}”`);
        // Only that field is wrong.
        expect(await form.locator('[aria-invalid="true"]').count()).toBe(1);
        expect(new URL(page.url()).pathname).toBe("/register");
        if (js) {
          // Caught in the browser: nothing was sent.
          expect(posts).toEqual([]);
        } else {
          expect(posts).toEqual([400]);
          // The server's summary above the form, and the code as typed, to correct it.
          expect(await form.getByRole("alert").first().innerText()).toContain("表单中有 1 处需要修改");
          expect(await uscc.inputValue()).toBe(bad.code);
        }
        await checkA11y(page, `register form with a USCC error (JavaScript ${js ? "on" : "off"})`);
        await screenshot(page, `register-errors-${applicant.variant}`);

        // Corrected: the same username and name go through, so nothing was created before.
        await fillRegistration(page, applicant, applicant.uscc);
        if (js) {
          // The error goes away as the code is corrected, and the decoded code is shown.
          await expect.poll(() => uscc.getAttribute("aria-invalid")).toBe(null);
          const decoded = await page.getByText("登记管理机关：民政部门；机构类型：民办非企业单位；行政区划代码：410105").count();
          expect(decoded).toBe(1);
        }
        await form.getByRole("button", { name: "提交注册" }).click();
        await page.waitForURL((url) => url.pathname === "/agency");
        applicant.registered = true;

        // Signed in as the applicant, who sees the pending status.
        const status = page.getByRole("status").filter({ hasText: "认证状态" });
        await status.waitFor();
        expect(await status.innerText()).toContain("待审核");
        expect((await page.getByRole("heading", { level: 2, name: applicant.name }).count())).toBe(1);
        const card = page.getByRole("region", { name: applicant.name });
        expect(await card.innerText()).toContain(applicant.uscc);
        expect.soft(await card.innerText(), "the status card lists the district served").toMatch(/服务城区\s+金水区/);
        await checkA11y(page, `agency home, pending (JavaScript ${js ? "on" : "off"})`);
        await screenshot(page, `agency-pending-${applicant.variant}`);

        // A pending organization is not public yet.
        await page.goto("/organizations");
        expect(await page.getByRole("link", { name: applicant.name }).count()).toBe(0);
      } finally {
        await closePage(page);
      }
    });
  }

  it("bureau.jinshui verifies both in the pending queue (one with JavaScript, one without)", async () => {
    const registered = applicants.filter((a) => a.registered);
    expect(registered.map((a) => a.variant)).toEqual(["js", "nojs"]);
    for (const applicant of registered) {
      const js = applicant.javaScriptEnabled;
      const page = await newPage({ javaScriptEnabled: js });
      try {
        await login(page, "bureau.jinshui");
        await page.goto("/bureau/organizations?status=pending");
        const card = page.getByRole("article", { name: applicant.name });
        await card.waitFor();
        expect(await card.innerText()).toContain(applicant.uscc);
        await checkA11y(page, `bureau review queue (JavaScript ${js ? "on" : "off"})`);
        if (js) await waitForHydration(page);

        const review = card.getByRole("form", { name: `组织审核: ${applicant.name}` });
        await review.getByRole("radio", { name: "通过认证" }).check();
        await review.getByRole("button", { name: "提交" }).click();
        // Back on the pending queue, where it is no longer listed.
        await expect.poll(() => page.getByRole("article", { name: applicant.name }).count()).toBe(0);
        expect(new URL(page.url()).search).toBe("?status=pending");

        await page.goto("/bureau/organizations?status=verified");
        const verified = page.getByRole("article", { name: applicant.name });
        await verified.waitFor();
        expect(await verified.getByRole("heading", { level: 2 }).innerText()).toContain("已认证");
      } finally {
        await closePage(page);
      }
    }
  });

  it("the public list links to the verified organizations; the profile shows name and USCC without signing in", async () => {
    for (const applicant of applicants.filter((a) => a.registered)) {
      const page = await newPage({ javaScriptEnabled: applicant.javaScriptEnabled });
      try {
        await page.goto("/organizations");
        const link = page.getByRole("link", { name: applicant.name, exact: true });
        await link.waitFor();
        const row = page.getByRole("row").filter({ has: link });
        expect.soft(await row.innerText(), "the list shows the district served").toContain("金水区");
        await checkA11y(page, `public organization list (JavaScript ${applicant.javaScriptEnabled ? "on" : "off"})`);

        await link.click();
        await page.waitForURL((url) => /^\/organizations\/[0-9a-f-]{36}$/.test(url.pathname));
        // The URL changes as the new page renders: wait for its heading.
        await page.getByRole("heading", { level: 1, name: applicant.name, exact: true }).waitFor();
        const facts = page.getByRole("region", { name: "组织信息" });
        expect(await facts.locator("code").innerText()).toBe(applicant.uscc);
        expect(await facts.innerText()).toContain("民办非企业单位");
        expect.soft(await facts.innerText(), "the profile lists the district served").toMatch(/服务城区\s+金水区/);
        expect(await page.getByRole("main").innerText()).toContain("已认证");
        // Nobody is signed in.
        expect(await page.getByRole("banner").getByRole("link", { name: "登录", exact: true }).count()).toBe(1);
        await checkA11y(page, `public organization profile (JavaScript ${applicant.javaScriptEnabled ? "on" : "off"})`);
        await screenshot(page, `organization-profile-${applicant.variant}`);
      } finally {
        await closePage(page);
      }
    }
  });
});
