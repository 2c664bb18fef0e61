/**
 * Every demo role signs in, lands in its own workspace, sees only its own links, and signs out.
 * The main header offers the public tender list (采购公告) to everyone, signed in or not.
 */
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "#db/seed-demo";
import { checkA11y, closeBrowser, closePage, hasChromium, login, newPage, screenshot, workspaceLinks, writeA11yReport } from "./browser";

const LINKS = {
  admin: ["平台管理", "用户管理", "组织审核与信用", "工作日历", "审计日志", "风险提示"],
  bureau: ["民政局工作台", "组织审核", "需求池", "预算指标", "采购项目", "服务项目", "信用名单提议", "风险提示"],
  community: ["社区工作台", "发布需求", "服务项目", "满意度调查"],
  resident: ["居民中心", "发布需求"],
  agency: ["机构工作台", "我的投标", "服务项目", "绩效评估", "成员管理", "社工团队"],
  expert: ["评审专家工作台"],
  evaluator: ["第三方评估工作台", "成员管理", "社工团队"],
} as const;

type Role = keyof typeof LINKS;

const ACCOUNTS: { username: string; role: Role }[] = [
  { username: "admin", role: "admin" },
  { username: "bureau.jinshui", role: "bureau" },
  { username: "bureau.erqi", role: "bureau" },
  { username: "community.fengle", role: "community" },
  { username: "resident.fengle", role: "resident" },
  { username: "agency.anyuan", role: "agency" },
  { username: "agency.hexie", role: "agency" },
  { username: "agency.xinyuan", role: "agency" },
  { username: "expert1", role: "expert" },
  { username: "expert7", role: "expert" },
  { username: "evaluator.demo", role: "evaluator" },
];

const ALL_LINKS = [...new Set(Object.values(LINKS).flat())];

/** The main navigation's link texts and targets. */
async function mainLinks(page: Page): Promise<{ text: string; href: string | null }[]> {
  const links = page.getByRole("banner").getByRole("navigation", { name: "主导航", exact: true }).getByRole("link");
  return links.evaluateAll((elements) => elements.map((a) => ({ text: (a.textContent ?? "").trim(), href: a.getAttribute("href") })));
}

const TENDERS_LINK = { text: "采购公告", href: "/tenders" };

describe.skipIf(!hasChromium)("each role's workspace", () => {
  afterAll(async () => {
    writeA11yReport("roles");
    await closeBrowser();
  });

  it("the accounts under test are demo accounts with the roles the test expects", () => {
    const demo = new Map(DEMO_ACCOUNTS.map((a) => [a.username, a.role]));
    for (const account of ACCOUNTS) expect(demo.get(account.username), account.username).toBe(account.role);
  });

  it.each(ACCOUNTS)("$username signs in to /$role, sees only the $role links, and signs out", async ({ username, role }) => {
    const page = await newPage();
    try {
      await login(page, username);
      expect(new URL(page.url()).pathname).toBe(`/${role}`);
      await page.getByRole("heading", { level: 1 }).waitFor();

      await expect.poll(() => workspaceLinks(page)).toEqual(LINKS[role]);
      const links = await workspaceLinks(page);
      // Spelled out for the reader: what must not be there.
      for (const other of ALL_LINKS.filter((l) => !(LINKS[role] as readonly string[]).includes(l))) {
        expect(links, `${username} must not see ${other}`).not.toContain(other);
      }
      // The public tender list is in the main header for every role.
      expect(await mainLinks(page)).toContainEqual(TENDERS_LINK);

      // The header offers sign-out, not sign-in.
      const header = page.getByRole("banner");
      expect(await header.getByRole("button", { name: "退出", exact: true }).count()).toBe(1);
      expect(await header.getByRole("link", { name: "登录", exact: true }).count()).toBe(0);

      await checkA11y(page, `${role} workspace (${username})`);
      await screenshot(page, `role-${username}`);

      // Sign out: back to the public header, and a workspace sends to the sign-in page.
      await header.getByRole("button", { name: "退出", exact: true }).click();
      await header.getByRole("link", { name: "登录", exact: true }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/");
      await expect.poll(() => workspaceLinks(page)).toEqual([]);
      expect(await mainLinks(page)).toContainEqual(TENDERS_LINK);

      await page.goto("/admin");
      const url = new URL(page.url());
      expect(url.pathname).toBe("/login");
      expect(url.searchParams.get("redirectTo")).toBe("/admin");
      await page.getByRole("form", { name: "登录" }).waitFor();
    } finally {
      await closePage(page);
    }
  });
});
