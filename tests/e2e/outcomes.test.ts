/**
 * The three-part outcome review (issue 6), in Chromium, on the demo project that has every
 * milestone accepted and no evaluation yet (丰乐社区“邻里守望”, 心远): bureau.jinshui commissions
 * the demo's evaluation organization; community.fengle issues three tokens and downloads the
 * QR sheet; three residents answer from a phone-sized window — by the QR link, by typing the
 * code, and without JavaScript — and a second use of a token is refused; evaluator.demo scores
 * every indicator and submits; the bureau gives its acceptance score, the grade appears and the
 * final tranche becomes payable and is paid; the public profile of 心远 shows the record and
 * the project page the report. Every page is checked with axe.
 *
 * The steps run in order on the e2e server's fresh demo database and share the project.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { baseUrl, checkA11y, closeBrowser, closePage, getBrowser, hasChromium, login, needed, newPage, pdfText, screenshot, squeeze, waitForHydration, writeA11yReport } from "./browser";

const PROJECT = "丰乐社区“邻里守望”独居老人关爱项目";
const AGENCY = "郑州市金水区心远社会工作服务中心";
const EVALUATOR = "河南明鉴社会组织评估中心";
const REFERENCE = `JSCZ${Date.now().toString(36).toUpperCase()}`;

const shared: { projectId?: string; codes?: string[] } = {};

/** 'YYYY-MM-DD' in Beijing, `days` from today. */
const beijingDay = (days = 0) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** A phone-sized window of its own (own cookies), as a resident scanning the card would have. */
async function phonePage(javaScriptEnabled = true): Promise<Page> {
  const browser: Browser = await getBrowser();
  const context = await browser.newContext({
    baseURL: baseUrl(),
    javaScriptEnabled,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

async function answer(page: Page, choices: string[], comment?: string) {
  const form = page.getByRole("form", { name: "满意度调查问卷" });
  const groups = form.getByRole("group");
  for (const [i, choice] of choices.entries()) await groups.nth(i).getByLabel(choice, { exact: true }).check();
  if (comment) await form.getByLabel(/意见和建议/).fill(comment);
  await form.getByRole("button", { name: "提交答卷" }).click();
  await page.waitForURL((url) => url.pathname === "/survey/thanks");
  // The URL changes before the client-rendered page replaces the form: wait for the new heading.
  await page.getByRole("heading", { level: 1, name: "感谢您的参与", exact: true }).waitFor();
}

describe.skipIf(!hasChromium)("the outcome review of a finished project", () => {
  afterAll(async () => {
    writeA11yReport("outcomes");
    await closeBrowser();
  });

  it("bureau.jinshui commissions an evaluator with no stake; the final tranche waits for the grade", async () => {
    const page = await newPage();
    await login(page, "bureau.jinshui");
    await page.goto("/bureau/projects");
    await page.getByRole("link", { name: PROJECT, exact: true }).click();
    await page.waitForURL((url) => /^\/bureau\/projects\/[0-9a-f-]{36}$/.test(url.pathname));
    shared.projectId = new URL(page.url()).pathname.split("/").pop();
    expect(await page.getByRole("article", { name: "3. 末期绩效评估合格后" }).innerText()).toContain("已锁定");
    await page.getByRole("link", { name: "绩效评估", exact: true }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/outcome"));
    await waitForHydration(page);
    expect(await page.locator("main").innerText()).toContain("尾款暂不能支付：本项目尚未委托绩效评估。");
    await checkA11y(page, "bureau outcome (not commissioned)");

    const form = page.getByRole("form", { name: "委托绩效评估" });
    const options = await form.getByLabel("第三方评估机构", { exact: true }).locator("option").allInnerTexts();
    expect(options).toContain(EVALUATOR);
    expect(options).not.toContain(AGENCY);
    await form.getByLabel("第三方评估机构", { exact: true }).selectOption({ label: EVALUATOR });
    await form.getByLabel("评估截止日期").fill(beijingDay(30));
    await form.getByRole("button", { name: "委托绩效评估" }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "commissioned");
    await expect.poll(() => page.locator("main").innerText()).toContain("尾款暂不能支付：绩效评估尚未完成综合评定。");
    expect(await page.locator("main").innerText()).toContain(EVALUATOR);
    await closePage(page);
  });

  it("community.fengle issues three tokens and downloads the QR sheet", async () => {
    const page = await newPage();
    await login(page, "community.fengle");
    await page.goto("/community/surveys");
    await checkA11y(page, "community surveys");
    await page.getByRole("link", { name: PROJECT, exact: true }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/survey"));
    await waitForHydration(page);
    const form = page.getByRole("form", { name: "生成调查凭证" });
    await form.getByLabel("本次生成份数").fill("3");
    await form.getByRole("button", { name: "生成调查凭证" }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "issued");
    await page.getByRole("status").filter({ hasText: "已生成" }).waitFor();
    await checkA11y(page, "community survey");
    const href = needed((await page.getByRole("link", { name: "下载凭证（PDF）" }).first().getAttribute("href")) ?? undefined, "the sheet's link");
    const sheet = await pdfText(page, href, "survey-tokens.pdf");
    expect(sheet).toContain(squeeze("服务对象满意度调查"));
    shared.codes = [...new Set(sheet.match(/[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/g) ?? [])];
    expect(shared.codes).toHaveLength(3);
    await closePage(page);
  });

  it("three residents answer from a phone: by the QR link, by typing the code, and without JavaScript; a token answers once", async () => {
    const [first, second, third] = needed(shared.codes, "the codes");
    const byLink = await phonePage();
    await byLink.goto(`/survey/${first.replace("-", "")}`);
    await waitForHydration(byLink);
    expect(await byLink.locator("main").innerText()).toContain(AGENCY);
    await checkA11y(byLink, "survey on a phone");
    await screenshot(byLink, "outcomes-survey-phone");
    await answer(byLink, ["很满意", "很满意", "满意", "很满意"], "志愿者每天打电话问候，很安心。");
    await closePage(byLink);

    const byCode = await phonePage();
    await byCode.goto("/survey");
    await waitForHydration(byCode);
    await checkA11y(byCode, "survey code entry");
    const entry = byCode.getByRole("form", { name: "开始作答" });
    await entry.getByLabel("调查码").fill(second.toLowerCase());
    await entry.getByRole("button", { name: "开始作答" }).click();
    await byCode.waitForURL((url) => url.pathname.startsWith("/survey/") && url.pathname !== "/survey/");
    await waitForHydration(byCode);
    await answer(byCode, ["满意", "很满意", "很满意", "满意"]);
    await closePage(byCode);

    const plain = await phonePage(false);
    await plain.goto(`/survey/${third}`);
    await answer(plain, ["很满意", "满意", "很满意", "很满意"]);
    // The same token again: refused with a clear message.
    await plain.goto(`/survey/${third}`);
    expect(await plain.getByRole("alert").innerText()).toContain("这张调查凭证已经作答过了");
    await closePage(plain);

    const staff = await newPage();
    await login(staff, "community.fengle");
    await staff.goto(`/community/projects/${needed(shared.projectId, "the project")}/survey`);
    const results = await staff.locator("#results").locator("..").innerText();
    expect(results).toMatch(/已收回答卷\s*3/);
    expect(results).toMatch(/回收率\s*100%/);
    expect(results).toContain("样本不足，置信度低");
    await closePage(staff);
  });

  it("evaluator.demo scores every indicator and submits; the sheet is locked", async () => {
    const page = await newPage();
    await login(page, "evaluator.demo");
    await page.goto("/evaluator");
    await checkA11y(page, "evaluator workspace");
    await page.getByRole("link", { name: PROJECT, exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/evaluator/evaluations/"));
    await page.getByRole("form", { name: "评分表" }).waitFor();
    await waitForHydration(page);
    expect(await page.locator("main").innerText()).toContain(AGENCY);
    await checkA11y(page, "evaluation workspace");
    const form = page.getByRole("form", { name: "评分表" });
    const scores = form.getByRole("textbox", { name: /^得分：/ });
    const count = await scores.count();
    expect(count).toBe(14);
    for (let i = 0; i < count; i += 1) {
      const label = needed((await scores.nth(i).getAttribute("aria-label")) ?? undefined, "a score label");
      const max = Number(/（(\d+) 分）$/.exec(label)?.[1]);
      await scores.nth(i).fill(String(Math.round(max * 90) / 100));
    }
    const reasons = form.getByRole("textbox", { name: /^评分依据：/ });
    for (let i = 0; i < count; i += 1) await reasons.nth(i).fill("依据进度报告、台账与实地走访核实，基本达到合同要求。");
    await form.getByLabel("提交评估（提交后不能修改）").check();
    await form.getByRole("button", { name: "保存评分" }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "submitted");
    await expect.poll(() => page.locator("main").innerText()).toContain("评分已锁定");
    expect(await page.getByRole("form", { name: "评分表" }).count()).toBe(0);
    await closePage(page);
  });

  it("the bureau gives its score: the grade appears and the final tranche is paid", async () => {
    const page = await newPage();
    await login(page, "bureau.jinshui");
    await page.goto(`/bureau/projects/${needed(shared.projectId, "the project")}/outcome`);
    await waitForHydration(page);
    const form = page.getByRole("form", { name: "提交验收评分并评定等级" });
    await form.getByLabel("验收评分").fill("90");
    await form.getByLabel("评分理由").fill("结对守望按计划覆盖全部独居老人，台账完整，无投诉。");
    await form.getByRole("button", { name: "提交验收评分并评定等级" }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "graded");
    await expect.poll(() => page.locator("main").innerText()).toContain("90.50");
    // 90 × 30% + 90 × 40% + satisfaction (three answers, means 4.75, 4.5, 4.75 → 4.667 → 91.67) × 30% = 90.50 → 优秀.
    const text = await page.locator("main").innerText();
    expect(text).toContain("90.50");
    expect(text).toContain("优秀");
    expect(text).toContain("样本不足，置信度低");
    expect(text).toContain("绩效评估等级为合格或以上，尾款可以支付。");
    await checkA11y(page, "bureau outcome (graded)");
    await screenshot(page, "outcomes-bureau-graded");

    await page.goto(`/bureau/projects/${shared.projectId}`);
    await waitForHydration(page);
    const final = page.getByRole("article", { name: "3. 末期绩效评估合格后" });
    await expect.poll(() => final.innerText()).toContain("可支付");
    await final.getByLabel("银行转账流水号").fill(REFERENCE);
    await final.getByRole("button", { name: "登记付款" }).click();
    await page.waitForURL((url) => ["paid", "completed"].includes(url.searchParams.get("done") ?? ""));
    await expect.poll(() => page.getByRole("article", { name: "3. 末期绩效评估合格后" }).innerText()).toContain(REFERENCE);
    await closePage(page);
  });

  it("the public sees the record on 心远's profile and the report on the project page", async () => {
    const page = await newPage();
    await page.goto(`/projects/${needed(shared.projectId, "the project")}`);
    const project = await page.locator("main").innerText();
    expect(project).toContain("绩效评估结果");
    expect(project).toContain("90.50");
    await checkA11y(page, "public project with outcome");
    const report = await pdfText(page, `/projects/${shared.projectId}/outcome.pdf`, "outcome-report.pdf");
    for (const expected of ["绩效评估报告", PROJECT, AGENCY, EVALUATOR, "综合得分", "90.50", "优秀", "样本不足30份"]) expect(report).toContain(squeeze(expected));

    await page.goto("/organizations");
    await page.getByRole("link", { name: AGENCY, exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/organizations/"));
    const credit = page.getByRole("region", { name: "信用档案" });
    const row = credit.getByRole("row").filter({ hasText: PROJECT });
    await expect.poll(() => row.innerText()).toContain("90.50");
    expect(await row.innerText()).toContain("优秀");
    await checkA11y(page, "organization profile with credit record");
    await screenshot(page, "outcomes-credit-record");
    await closePage(page);
  });
});
