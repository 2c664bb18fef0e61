/**
 * From a community's need to a published tender and its notice PDF (issue 3), with JavaScript:
 * community.fengle posts a need with a PDF as evidence, resident2.fengle supports it once,
 * bureau.jinshui accepts it, builds a 竞争性磋商 tender from it (the form first refuses
 * criteria summing to 90), publishes it and sees ¥200,000.00 reserved on the budget line;
 * agency.anyuan asks a question that the bureau answers, and an anonymous visitor reads the
 * Q&A without the asker's name, finds the tender in the public list and downloads the notice,
 * whose text (pdftotext) has the title and the ceiling. Plus the empty tender form without
 * JavaScript: field errors, no 500.
 *
 * The steps run in order and share the need and the tender. Accounts used only here:
 * resident2.fengle. New titles carry a unique suffix, so reruns on one database do not meet.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_BUDGET_LINES } from "#db/seed-procurement";
import {
  ARTIFACTS,
  checkA11y,
  closeBrowser,
  closePage,
  fact,
  fen,
  fieldErrorText,
  hasChromium,
  login,
  minimalPdf,
  needed,
  newPage,
  pathname,
  rowWithLink,
  screenshot,
  squeeze,
  waitForHydration,
  writeA11yReport,
} from "./browser";

const run = Date.now().toString(36);
const NEED_TITLE = `E2E 独居老人助餐服务需求 ${run}`;
const TENDER_TITLE = `E2E 丰乐社区独居老人助餐服务项目 ${run}`;
const QUESTION = `请问助餐服务是否需要覆盖周末和法定节假日？（${run}）`;
const ANSWER = `需要覆盖，节假日期间每日至少提供午餐一次。（${run}）`;
const EVIDENCE_NAME = `走访记录-${run}.pdf`;
/** The budget line the tender draws on: bureau.jinshui's general budget line for 2026. */
const BUDGET_LINE = DEMO_BUDGET_LINES.general_budget;
const CEILING_FEN = 200_000_00;
const CEILING_TEXT = "¥200,000.00";
/** agency.anyuan's organization and owner: never shown next to its question. */
const ASKER_NAMES = ["郑州市金水区安园社会工作服务中心", "安园", "林晓", "agency.anyuan"];

/** What the steps found out, for the steps after them. */
const shared: { needId?: string; tenderId?: string; reservedBefore?: number; availableBefore?: number } = {};

/** A datetime-local value in Beijing time (the form's zone): `days` from now at `time`. */
function beijingInput(days: number, time: string): string {
  const date = new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  return `${date}T${time}`;
}

/** A budget line's reserved and available figures on /bureau/budgets. */
async function budgetFigures(page: Page, line: string) {
  const row = rowWithLink(page, line);
  expect(await row.count(), `one row for the budget line ${line}`).toBe(1);
  return {
    reserved: fen(await row.locator('td[data-label="已预留"]').innerText()),
    available: fen(await row.locator('td[data-label="可用余额"]').innerText()),
  };
}

describe.skipIf(!hasChromium)("from a community need to a published tender", () => {
  afterAll(async () => {
    writeA11yReport("procurement");
    await closeBrowser();
  });

  it("community.fengle posts a need with a PDF as evidence; /community lists it as 待审核", async () => {
    const page = await newPage();
    try {
      await login(page, "community.fengle");
      await page.goto("/community/needs/new");
      await page.getByRole("heading", { level: 1, name: /^发布需求/ }).waitFor();
      await checkA11y(page, "post a need (community)");
      await waitForHydration(page);

      const form = page.getByRole("form", { name: "发布需求" });
      await form.getByLabel("需求标题", { exact: true }).fill(NEED_TITLE);
      await form.getByLabel("需求描述", { exact: true }).fill("辖区内 80 岁以上独居老人 46 人，其中 12 人行动不便，无法自行做饭，希望提供每日午餐送餐上门服务。");
      await form.getByLabel("服务类别", { exact: true }).selectOption({ label: "养老服务" });
      await form.getByLabel("服务对象", { exact: true }).fill("80 岁以上独居老人");
      await form.getByLabel("预计受益人数", { exact: true }).fill("46");
      await form.getByLabel("建议预算（元）", { exact: true }).fill("180,000");
      await form.getByRole("group", { name: "紧急程度" }).getByRole("radio", { name: "紧急", exact: true }).check();
      await form.getByLabel("需求来源渠道", { exact: true }).selectOption({ label: "入户走访" });
      await form.getByLabel("证明材料").setInputFiles({ name: EVIDENCE_NAME, mimeType: "application/pdf", buffer: minimalPdf() });
      await screenshot(page, "procurement-01-need-form");

      await form.getByRole("button", { name: "提交需求" }).click();
      await page.waitForURL((url) => url.pathname === "/community" && url.searchParams.has("posted"));
      await page.getByRole("status").filter({ hasText: "需求已提交，等待区民政局审核。" }).waitFor();

      const row = rowWithLink(page, NEED_TITLE);
      await row.waitFor();
      expect(await row.locator('td[data-label="状态"]').innerText()).toBe("待审核");
      expect(await row.locator('td[data-label="支持数"]').innerText()).toBe("0");
      expect(await row.innerText()).toContain("入户走访");
      expect(await row.innerText()).toContain("养老服务");
      // The evidence is there and is the file that was sent.
      const evidence = row.getByRole("link", { name: EVIDENCE_NAME, exact: true });
      const response = await page.request.get((await evidence.getAttribute("href"))!);
      expect(response.status()).toBe(200);
      expect((await response.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

      const href = await row.getByRole("link", { name: NEED_TITLE, exact: true }).getAttribute("href");
      shared.needId = /^\/needs\/([^/?#]+)$/.exec(href ?? "")?.[1];
      // The list links to the need's public page by its id.
      expect(shared.needId, `need link ${href}`).toMatch(/^[0-9a-f-]{36}$/);
      await checkA11y(page, "community workspace with the new need");
      await screenshot(page, "procurement-02-community-needs");
    } finally {
      await closePage(page);
    }
  });

  it("resident2.fengle supports it once: the count shows 1 and supporting again is not offered", async () => {
    needed(shared.needId, "the need");
    const page = await newPage();
    try {
      await login(page, "resident2.fengle");
      expect(pathname(page)).toBe("/resident");
      await checkA11y(page, "resident centre");
      await waitForHydration(page);

      const row = rowWithLink(page, NEED_TITLE);
      const supports = row.locator('td[data-label="支持数"]');
      /** The count (the cell's first span), whether "已支持" shows, and whether a support button does. */
      const supportCell = async () => ({
        count: (await supports.locator("span").first().innerText()).trim(),
        supported: await supports.getByText("已支持", { exact: true }).count(),
        buttons: await supports.getByRole("button").count(),
      });
      expect(await supportCell()).toEqual({ count: "0", supported: 0, buttons: 1 });
      await supports.getByRole("button", { name: `支持需求：${NEED_TITLE}`, exact: true }).click();
      await page.waitForURL((url) => url.pathname === "/resident" && url.searchParams.has("supported"));
      await page.getByRole("status").filter({ hasText: "已支持该需求。" }).waitFor();

      await expect.poll(supportCell).toEqual({ count: "1", supported: 1, buttons: 0 });
      await checkA11y(page, "resident centre after supporting");
      await screenshot(page, "procurement-03-resident-supported");

      // Still so after a reload (from the server, not the client's state).
      await page.reload();
      expect(await supportCell()).toEqual({ count: "1", supported: 1, buttons: 0 });
    } finally {
      await closePage(page);
    }
  });

  it("bureau.jinshui sees it in the pool with 1 support and accepts it", async () => {
    needed(shared.needId, "the need");
    const page = await newPage();
    try {
      await login(page, "bureau.jinshui");
      await page.goto("/bureau/needs");
      await page.getByRole("heading", { level: 1, name: "需求池" }).waitFor();
      await checkA11y(page, "need pool");
      await waitForHydration(page);

      const article = page.getByRole("article").filter({ has: page.getByRole("link", { name: NEED_TITLE, exact: true }) });
      expect(await article.count()).toBe(1);
      expect(await fact(article, "社区")).toBe("丰乐社区");
      expect(await fact(article, "支持数")).toBe("1");
      expect(await fact(article, "需求来源渠道")).toBe("入户走访");
      expect(await fact(article, "建议预算（元）")).toBe("¥180,000.00");
      expect(await article.getByRole("link", { name: EVIDENCE_NAME }).count()).toBe(1);

      const review = page.getByRole("form", { name: `审核需求：${NEED_TITLE}` });
      expect(await review.getByRole("radio", { name: "采纳，纳入需求池" }).isChecked()).toBe(true);
      await review.getByLabel("理由").fill("符合本年度养老服务购买方向，纳入需求池。");
      await screenshot(page, "procurement-04-pool-before-review");
      await review.getByRole("button", { name: "提交审核" }).click();

      await review.waitFor({ state: "detached" });
      await article.getByText("已采纳", { exact: true }).waitFor();
      await checkA11y(page, "need pool after accepting");
      await screenshot(page, "procurement-05-pool-accepted");
    } finally {
      await closePage(page);
    }
  });

  it("bureau.jinshui builds a 竞争性磋商 tender from it (criteria summing to 90 refused on the field), publishes it and sees ¥200,000.00 reserved", async () => {
    const needId = needed(shared.needId, "the need");
    const page = await newPage();
    try {
      await login(page, "bureau.jinshui");

      // The budget line before.
      await page.goto("/bureau/budgets");
      await page.getByRole("heading", { level: 1, name: "预算指标" }).waitFor();
      const before = await budgetFigures(page, BUDGET_LINE);
      expect(before.available, "the line can take the tender").toBeGreaterThanOrEqual(CEILING_FEN);

      await page.goto("/bureau/tenders/new");
      await page.getByRole("heading", { level: 1, name: "新建采购项目" }).waitFor();
      await checkA11y(page, "new tender form");
      await waitForHydration(page);

      const form = page.getByRole("form", { name: "保存草稿" });
      await form.getByLabel("项目名称", { exact: true }).fill(TENDER_TITLE);
      await form
        .getByLabel("项目概况与服务内容", { exact: true })
        .fill("为丰乐社区 80 岁以上独居老人提供每日午餐配送、营养评估与送餐时的安全探视服务，建立需求台账与应急联络机制。");
      await form.getByLabel("服务领域", { exact: true }).selectOption({ label: "养老服务" });
      await form.getByLabel("采购方式", { exact: true }).selectOption({ label: "竞争性磋商" });
      const needBox = form.getByRole("group", { name: "回应的社区需求" }).getByRole("checkbox", { name: NEED_TITLE });
      expect(await needBox.getAttribute("value")).toBe(needId);
      await needBox.check();
      await form.getByRole("group", { name: "服务社区", exact: true }).getByRole("checkbox", { name: "丰乐社区", exact: true }).check();
      await form.getByLabel("最高限价（元）", { exact: true }).fill("200,000");
      const budgetLine = form.getByLabel("预算指标", { exact: true });
      const lineValue = await budgetLine.locator("option", { hasText: BUDGET_LINE }).getAttribute("value");
      await budgetLine.selectOption(lineValue!);
      await form.getByLabel("供应商资格要求", { exact: true }).fill("在郑州市依法登记的社会组织，具有养老服务经验，近三年无不良信用记录。");
      // The default criteria give 30 + 20 + 10 + 10 = 70 points; with 20 for price that is 90.
      await form.getByLabel("价格分（分）", { exact: true }).fill("20");
      await form.getByLabel("答疑截止时间", { exact: true }).fill(beijingInput(5, "17:00"));
      await form.getByLabel("投标截止时间", { exact: true }).fill(beijingInput(12, "09:30"));
      await form.getByLabel("联系电话", { exact: true }).fill("0371-65912345");

      await form.getByRole("button", { name: "保存草稿" }).click();
      const criteria = form.getByRole("group", { name: "评分标准（不含价格）", exact: true });
      const sumError = criteria.getByRole("alert");
      await sumError.waitFor();
      expect(await sumError.innerText()).toContain("合计须为 100 分，当前为 90 分");
      // That is the only complaint, and nothing was sent.
      expect(await form.getByRole("alert").allInnerTexts()).toEqual([await sumError.innerText()]);
      expect(pathname(page)).toBe("/bureau/tenders/new");
      await checkA11y(page, "new tender form with the criteria-sum error");
      await screenshot(page, "procurement-06-tender-criteria-error");

      await form.getByLabel("价格分（分）", { exact: true }).fill("30");
      await form.getByRole("button", { name: "保存草稿" }).click();
      await page.waitForURL((url) => /^\/bureau\/tenders\/[^/]+$/.test(url.pathname) && url.searchParams.has("saved"));
      shared.tenderId = pathname(page).split("/").pop();
      await page.getByRole("status").filter({ hasText: "草稿已保存。" }).waitFor();
      expect((await page.getByRole("heading", { level: 1 }).innerText()).trim()).toBe(TENDER_TITLE);
      await page.getByText("草稿", { exact: true }).first().waitFor();
      await checkA11y(page, "tender draft");
      await screenshot(page, "procurement-07-tender-draft");

      await waitForHydration(page);
      await page.getByRole("button", { name: "发布公告", exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get("done") === "published");
      const flash = page.getByRole("status").filter({ hasText: "公告已发布" });
      await flash.waitFor();
      expect((await flash.innerText()).trim()).toBe(`公告已发布，已预留 ${CEILING_TEXT}。`);
      expect(await page.getByRole("button", { name: "发布公告" }).count()).toBe(0);
      await page.getByRole("timer").waitFor();
      const facts = page.getByRole("region", { name: "基本信息", exact: true });
      expect(await fact(facts, "最高限价")).toBe(CEILING_TEXT);
      expect(await fact(facts, "采购方式")).toBe("竞争性磋商");
      await checkA11y(page, "published tender (bureau)");
      await screenshot(page, "procurement-08-tender-published");

      // The line's reservation grew by the ceiling, and its available amount fell by as much.
      await page.getByRole("navigation", { name: "工作台导航" }).getByRole("link", { name: "预算指标" }).click();
      await page.waitForURL((url) => url.pathname === "/bureau/budgets");
      await page.getByRole("heading", { level: 1, name: "预算指标" }).waitFor();
      const after = await budgetFigures(page, BUDGET_LINE);
      expect(after.reserved - before.reserved).toBe(CEILING_FEN);
      expect(before.available - after.available).toBe(CEILING_FEN);
      await checkA11y(page, "budget lines after publishing");
      await screenshot(page, "procurement-09-budgets");
    } finally {
      await closePage(page);
    }
  });

  it("agency.anyuan finds the tender with the title search and asks a question; bureau.jinshui answers it", async () => {
    const tenderId = needed(shared.tenderId, "the tender");
    const agency = await newPage();
    try {
      await login(agency, "agency.anyuan");
      await agency.getByRole("banner").getByRole("link", { name: "采购公告", exact: true }).click();
      await agency.waitForURL((url) => url.pathname === "/tenders");
      await waitForHydration(agency);
      const search = agency.getByRole("search");
      await search.getByLabel("搜索项目名称", { exact: true }).fill(TENDER_TITLE);
      await search.getByRole("button", { name: "搜索", exact: true }).click();
      await agency.waitForURL((url) => url.pathname === "/tenders" && url.searchParams.get("q") === TENDER_TITLE);
      await agency.getByRole("link", { name: TENDER_TITLE, exact: true }).click();
      await agency.waitForURL((url) => url.pathname === `/tenders/${tenderId}`);
      await agency.getByRole("heading", { level: 1, name: TENDER_TITLE }).waitFor();
      await checkA11y(agency, "tender page (agency)");
      await waitForHydration(agency);

      const ask = agency.getByRole("form", { name: "提出问题" });
      await ask.getByRole("textbox", { name: "提出问题" }).fill(QUESTION);
      await ask.getByRole("button", { name: "提出问题" }).click();
      const enquiries = agency.getByRole("region", { name: "答疑", exact: true });
      await enquiries.getByText(QUESTION).waitFor();
      expect(await enquiries.innerText()).toContain("等待采购人答复。");
      await screenshot(agency, "procurement-10-question-asked");
    } finally {
      await closePage(agency);
    }

    const bureau = await newPage();
    try {
      await login(bureau, "bureau.jinshui");
      await bureau.goto(`/bureau/tenders/${tenderId}`);
      await bureau.getByRole("heading", { level: 1, name: TENDER_TITLE }).waitFor();
      await waitForHydration(bureau);
      const form = bureau.getByRole("form", { name: `答复: ${QUESTION}` });
      await form.getByRole("textbox", { name: "答复" }).fill(ANSWER);
      await checkA11y(bureau, "tender page (bureau) with an open question");
      await form.getByRole("button", { name: "答复" }).click();
      await bureau.waitForURL((url) => url.searchParams.get("done") === "answered");
      await bureau.getByRole("status").filter({ hasText: "已答复。" }).waitFor();
      await bureau.getByText(ANSWER).waitFor();
      expect(await form.count()).toBe(0);
      await screenshot(bureau, "procurement-11-question-answered");
    } finally {
      await closePage(bureau);
    }
  });

  it("an anonymous visitor sees the question and the answer without the asker's name", async () => {
    const tenderId = needed(shared.tenderId, "the tender");
    const page = await newPage();
    try {
      await page.goto(`/tenders/${tenderId}`);
      await page.getByRole("heading", { level: 1, name: TENDER_TITLE }).waitFor();
      const enquiries = page.getByRole("region", { name: "答疑", exact: true });
      const text = await enquiries.innerText();
      expect(text).toContain(QUESTION);
      expect(text).toContain(ANSWER);
      for (const name of ASKER_NAMES) expect(text, `the Q&A must not name the asker (${name})`).not.toContain(name);
      // Nor anywhere else on the page.
      const main = await page.getByRole("main").innerText();
      for (const name of ASKER_NAMES) expect(main, `the page must not name the asker (${name})`).not.toContain(name);
      expect(await page.getByRole("form", { name: "提出问题" }).count(), "no question form for visitors").toBe(0);
      await checkA11y(page, "tender page (anonymous)");
      await screenshot(page, "procurement-12-public-qa");
    } finally {
      await closePage(page);
    }
  });

  it("an anonymous visitor finds it among 投标中 by title, follows its need, and downloads the notice PDF with the title and ceiling", async () => {
    const tenderId = needed(shared.tenderId, "the tender");
    const page = await newPage();
    try {
      await page.goto("/");
      await page.getByRole("banner").getByRole("link", { name: "采购公告", exact: true }).click();
      await page.waitForURL((url) => url.pathname === "/tenders");
      await page.getByRole("heading", { level: 1, name: "采购公告" }).waitFor();
      await checkA11y(page, "public tender list");
      await waitForHydration(page);

      const search = page.getByRole("search");
      await search.getByLabel("状态", { exact: true }).selectOption({ label: "投标中" });
      await search.getByLabel("搜索项目名称", { exact: true }).fill(TENDER_TITLE);
      await search.getByRole("button", { name: "搜索", exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get("status") === "open" && url.searchParams.get("q") === TENDER_TITLE);
      await page.getByText("共 1 个项目", { exact: true }).waitFor();
      const row = rowWithLink(page, TENDER_TITLE);
      expect(await row.locator('td[data-label="状态"]').innerText()).toBe("投标中");
      expect(await row.locator('td[data-label="最高限价"]').innerText()).toBe(CEILING_TEXT);
      expect(await row.locator('td[data-label="采购方式"]').innerText()).toBe("竞争性磋商");
      await checkA11y(page, "public tender list, filtered");
      await screenshot(page, "procurement-13-public-list");

      await row.getByRole("link", { name: TENDER_TITLE, exact: true }).click();
      await page.waitForURL((url) => url.pathname === `/tenders/${tenderId}`);
      await page.getByRole("heading", { level: 1, name: TENDER_TITLE }).waitFor();
      expect(await page.getByRole("timer").innerText()).toMatch(/^距投标截止还有 1[12] 天/);
      const needsSection = page.getByRole("region", { name: "回应的社区需求", exact: true });
      expect(squeeze(await needsSection.innerText())).toContain(squeeze(`${NEED_TITLE} · 丰乐社区`));
      await screenshot(page, "procurement-14-public-tender");

      // The notice PDF.
      await waitForHydration(page);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "下载采购公告（PDF）", exact: true }).click(),
      ]);
      const file = path.join(ARTIFACTS, "procurement-notice.pdf");
      await download.saveAs(file);
      expect(fs.readFileSync(file).subarray(0, 5).toString("latin1")).toBe("%PDF-");
      const text = squeeze(execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }));
      expect(text, "the notice names the tender").toContain(squeeze(TENDER_TITLE));
      expect(text, "the notice gives the ceiling").toContain(CEILING_TEXT);
      expect(text).toContain("竞争性磋商");
      expect(text).toContain("丰乐社区");

      // The public can follow the need to its tender.
      await needsSection.getByRole("link", { name: NEED_TITLE, exact: true }).click();
      await page.waitForURL((url) => url.pathname === `/needs/${shared.needId}`);
      await page.getByRole("heading", { level: 1, name: NEED_TITLE }).waitFor();
      expect(await page.getByRole("main").innerText()).toContain("已立项采购");
      await page.getByRole("main").getByRole("link", { name: TENDER_TITLE, exact: true }).waitFor();
      await checkA11y(page, "public need page");
      await screenshot(page, "procurement-15-public-need");
    } finally {
      await closePage(page);
    }
  });

  it("JavaScript off: the empty tender form comes back with field errors (此项为必填项。 under 项目名称), not a 500", async () => {
    const page = await newPage({ javaScriptEnabled: false });
    const posts: number[] = [];
    page.on("response", (r) => {
      if (r.request().method() === "POST" && new URL(r.url()).pathname === "/bureau/tenders/new") posts.push(r.status());
    });
    try {
      await login(page, "bureau.jinshui");
      await page.goto("/bureau/tenders/new");
      await page.getByRole("heading", { level: 1, name: "新建采购项目" }).waitFor();
      await checkA11y(page, "new tender form (JavaScript off)");

      const form = page.getByRole("form", { name: "保存草稿" });
      await form.getByRole("button", { name: "保存草稿" }).click();
      await page.waitForLoadState();
      await form.getByRole("alert").first().waitFor();
      expect(posts).toEqual([400]);
      expect(pathname(page)).toBe("/bureau/tenders/new");
      expect(await form.getByRole("alert").first().innerText()).toMatch(/^表单中有 \d+ 处需要修改/);
      for (const label of ["项目名称", "项目概况与服务内容", "供应商资格要求", "答疑截止时间", "投标截止时间", "联系电话"]) {
        expect(await fieldErrorText(form.getByLabel(label, { exact: true })), label).toBe("此项为必填项。");
      }
      // What was there stays: the default criteria and the contact's name.
      expect(await form.getByRole("textbox", { name: "评分项 1", exact: true }).inputValue()).toBe("服务方案");
      expect(await form.getByLabel("联系人", { exact: true }).inputValue()).not.toBe("");
      await checkA11y(page, "new tender form with errors (JavaScript off)");
      await screenshot(page, "procurement-16-tender-errors-nojs");
    } finally {
      await closePage(page);
    }
  });
});
