/**
 * From a final award to a paid milestone and the public project page (issue 5), in Chromium:
 * bureau.zhongyuan generates the contract of the demo's final 中原区 award (暖程公益基金会) and
 * reads its PDF; agency.nuancheng (the owner) and the bureau sign it, which puts it in force;
 * the agency files the mid-term progress report with an activity, spending and a PDF as evidence;
 * community.youai (友爱社区, a service community) confirms the service; the bureau accepts the
 * milestone and pays it, and — without JavaScript — first records a wrong amount for the first
 * tranche (a field error, nothing paid) and then the right one; an anonymous visitor finds the
 * project in /projects and sees the milestones met and the payments made. Every page is checked
 * with axe.
 *
 * The steps run in order on the e2e server's fresh demo database and share the contract.
 */
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_TENDERS } from "#db/seed-procurement";
import { checkA11y, closeBrowser, closePage, fieldErrorText, hasChromium, login, minimalPdf, needed, newPage, pathname, pdfText, screenshot, squeeze, waitForHydration, writeA11yReport } from "./browser";

const TENDER = DEMO_TENDERS.awarded;
const SUPPLIER = "郑州市暖程公益基金会";
const REFERENCE = `ZYCZ${Date.now().toString(36).toUpperCase()}`;

/** Today in Beijing, 'YYYY-MM-DD': the service starts today so that a report can cover it. */
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

const shared: { projectId?: string } = {};

function milestone(page: Page, name: string) {
  return page.getByRole("article", { name });
}

async function openProject(page: Page, workspace: "bureau" | "agency" | "community") {
  await page.goto(`/${workspace}/projects/${needed(shared.projectId, "the project")}`);
  await waitForHydration(page);
}

describe.skipIf(!hasChromium)("from a final award to a paid milestone", () => {
  afterAll(async () => {
    writeA11yReport("contracts");
    await closeBrowser();
  });

  it("bureau.zhongyuan generates the contract of the final award; the PDF names the parties and the tranches", async () => {
    const page = await newPage();
    await login(page, "bureau.zhongyuan");
    await page.goto("/bureau/projects");
    await waitForHydration(page);
    await checkA11y(page, "bureau projects");
    const form = page.getByRole("form", { name: `生成合同：${TENDER} · ${SUPPLIER}` });
    await form.getByLabel("服务开始日期").fill(today());
    await form.getByRole("button", { name: "生成合同", exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "generated");
    shared.projectId = pathname(page).split("/").pop();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe(TENDER);
    expect(await page.locator("#summary").locator("..").innerText()).toContain("待签署");
    await checkA11y(page, "bureau project (draft)");

    const pdf = await pdfText(page, `/projects/${shared.projectId}/contract.pdf`, "contract.pdf");
    for (const text of ["政府购买服务合同", TENDER, SUPPLIER, "中原区民政局", "¥572,000.00", "¥171,600.00", "¥228,800.00", "绩效评估"]) expect(pdf).toContain(squeeze(text));
    await closePage(page);
  });

  it("agency.nuancheng and the bureau sign it: the contract is in force and the first tranche payable", async () => {
    const agency = await newPage();
    await login(agency, "agency.nuancheng");
    await agency.goto("/agency/projects");
    await expect.poll(() => agency.getByRole("row").filter({ hasText: TENDER }).innerText()).toContain("待我方签署");
    await openProject(agency, "agency");
    await agency.getByRole("button", { name: "签署合同（第 1 版）" }).click();
    await agency.waitForURL((url) => url.searchParams.get("done") === "signed");
    await expect.poll(() => agency.locator("#signing").locator("..").innerText()).toContain("已签署");
    await checkA11y(agency, "agency project (signed)");
    await closePage(agency);

    const bureau = await newPage();
    await login(bureau, "bureau.zhongyuan");
    await openProject(bureau, "bureau");
    await bureau.getByRole("button", { name: "签署合同（第 1 版）" }).click();
    await bureau.waitForURL((url) => url.searchParams.get("done") === "active");
    await expect.poll(() => bureau.getByRole("status").innerText()).toContain("合同生效");
    expect(await milestone(bureau, "1. 合同签订后").innerText()).toContain("可支付");
    expect(await milestone(bureau, "2. 中期评估合格后").innerText()).toContain("等待承接机构提交该里程碑的进度报告");
    expect(await milestone(bureau, "3. 末期绩效评估合格后").innerText()).toContain("已锁定");
    await closePage(bureau);
  });

  it("the agency files the mid-term report with an activity, spending and evidence", async () => {
    const page = await newPage();
    await login(page, "agency.nuancheng");
    await openProject(page, "agency");
    await milestone(page, "2. 中期评估合格后").getByRole("link", { name: "填写进度报告" }).click();
    await page.waitForURL((url) => url.pathname.includes("/reports/"));
    await waitForHydration(page);
    await checkA11y(page, "progress report form");
    const form = page.getByRole("form", { name: "进度报告：中期评估合格后" });
    await form.getByLabel("报告期开始").fill(today());
    await form.getByLabel("报告期结束").fill(today());
    await form.getByLabel("日期 1", { exact: true }).fill(today());
    await form.getByLabel("活动名称 1", { exact: true }).fill("困境儿童建档入户走访");
    await form.getByLabel("地点 1", { exact: true }).fill("友爱社区");
    await form.getByLabel("参与人数 1", { exact: true }).fill("12");
    await form.getByLabel("服务人次").fill("12");
    await form.getByLabel("志愿服务时长（小时）").fill("6.5");
    await form.getByLabel("服务活动经费").fill("1200");
    await form.getByLabel("工作情况说明").fill("完成首批12名困境儿童入户走访和建档，监护人均已签署知情同意书。");
    await form.getByLabel("上传佐证材料").setInputFiles({ name: "走访签到表.pdf", mimeType: "application/pdf", buffer: minimalPdf() });
    await form.getByLabel(/^提交报告/).check();
    await form.getByRole("button", { name: "保存", exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "submitted");
    await expect.poll(() => milestone(page, "2. 中期评估合格后").innerText()).toContain("走访签到表.pdf");
    const text = await milestone(page, "2. 中期评估合格后").innerText();
    for (const expected of ["已提交", "困境儿童建档入户走访", "服务活动经费 ¥1,200.00"]) expect(text).toContain(expected);
    await closePage(page);
  });

  it("community.youai confirms the service in 友爱社区", async () => {
    const page = await newPage();
    await login(page, "community.youai");
    await page.goto("/community/projects");
    await expect.poll(() => page.getByRole("row").filter({ hasText: TENDER }).innerText()).toContain("1 份报告待确认");
    await checkA11y(page, "community projects");
    await openProject(page, "community");
    const section = milestone(page, "2. 中期评估合格后");
    expect(await section.innerText()).toContain("困境儿童建档入户走访");
    await section.getByLabel("已开展，确认属实").check();
    await section.getByRole("button", { name: "提交确认意见" }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "confirmed");
    await expect.poll(() => milestone(page, "2. 中期评估合格后").innerText()).toMatch(/友爱社区：\s*已确认/);
    await checkA11y(page, "community project (confirmed)");
    await closePage(page);
  });

  it("the bureau accepts the milestone and pays it", async () => {
    const page = await newPage();
    await login(page, "bureau.zhongyuan");
    await openProject(page, "bureau");
    await milestone(page, "2. 中期评估合格后").getByRole("button", { name: "验收通过" }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "accepted");
    const section = milestone(page, "2. 中期评估合格后");
    await expect.poll(() => section.innerText()).toContain("可支付");
    await section.getByLabel("银行转账流水号").fill(`${REFERENCE}-2`);
    await section.getByRole("button", { name: "登记付款" }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "paid");
    await expect.poll(() => milestone(page, "2. 中期评估合格后").innerText()).toContain(`${REFERENCE}-2`);
    await checkA11y(page, "bureau project (paid)");
    await screenshot(page, "contracts-bureau-project");
    await closePage(page);
  });

  it("without JavaScript: a wrong amount is refused on its field, the right one is recorded", async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, "bureau.zhongyuan");
    await page.goto(`/bureau/projects/${needed(shared.projectId, "the project")}`);
    let section = milestone(page, "1. 合同签订后");
    await section.getByLabel("付款金额（元）").fill("171600.01");
    await section.getByLabel("银行转账流水号").fill(`${REFERENCE}-1`);
    await section.getByRole("button", { name: "登记付款" }).click();
    await page.waitForLoadState();
    section = milestone(page, "1. 合同签订后");
    expect(await fieldErrorText(section.getByLabel("付款金额（元）"))).toContain("付款金额须等于该节点的金额 ¥171,600.00");
    expect(await section.innerText()).not.toContain("已支付");
    await section.getByLabel("付款金额（元）").fill("171,600.00");
    await section.getByLabel("银行转账流水号").fill(`${REFERENCE}-1`);
    await section.getByRole("button", { name: "登记付款" }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "paid");
    expect(await milestone(page, "1. 合同签订后").innerText()).toContain(`${REFERENCE}-1`);
    await checkA11y(page, "bureau project without JavaScript");
    await closePage(page);
  });

  it("the public finds the project: milestones met and payments made, no bank references", async () => {
    const page = await newPage();
    await page.goto("/projects");
    await page.getByRole("link", { name: TENDER, exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/projects/${shared.projectId}`);
    // The URL changes before the client-rendered page replaces the list: wait for the project page.
    await page.getByRole("heading", { name: "合同摘要", exact: true }).waitFor();
    const body = await page.locator("main").innerText();
    for (const expected of [SUPPLIER, "履行中", "已完成 2/3 个里程碑", "¥171,600.00", "¥228,800.00", "已支付 ¥400,400.00，合同金额 ¥572,000.00。"]) expect(body).toContain(expected);
    expect(body).not.toContain(REFERENCE);
    await checkA11y(page, "public project page");
    await screenshot(page, "contracts-public-project");
    await closePage(page);
  });
});
