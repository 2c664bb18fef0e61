/**
 * Chromium for the e2e tests (DESIGN §8): Debian's /usr/bin/chromium driven by playwright-core,
 * with helpers to sign in, check accessibility with axe and save screenshots, the small page
 * helpers the suites share (facts, rows, amounts, dates, PDFs), and runSql to let time pass on
 * the server's database.
 *
 * Without a Chromium the suites are skipped with a message, except on CI (CI=true) where a
 * missing browser is an error.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { expect, inject } from "vitest";
import { makeUscc } from "~/modules/orgs/uscc";
import { DEMO_PASSWORD } from "#db/seed-demo";

export { DEMO_PASSWORD };

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const hasChromium = fs.existsSync(CHROMIUM_PATH);
if (!hasChromium) {
  const message = `Chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH, or apt-get install chromium)`;
  if (process.env.CI === "true") throw new Error(`[e2e] ${message}: the e2e tests cannot run.`);
  console.warn(`[e2e] ${message}: skipping the e2e tests.`);
}

export const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), "artifacts");

let browser: Browser | undefined;

export async function getBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
  return browser;
}

/** Call in afterAll of every test file. */
export async function closeBrowser() {
  const open = browser;
  browser = undefined;
  await open?.close();
}

export function baseUrl(): string {
  return inject("baseUrl");
}

/** Pages opened with JavaScript disabled. */
const withoutJavaScript = new WeakSet<Page>();

function isJavaScriptEnabled(page: Page) {
  return !withoutJavaScript.has(page);
}

/** A page in its own context (own cookies), relative URLs resolved against the portal. */
export async function newPage({ javaScriptEnabled = true }: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  // A context of its own (axe's driver needs a page made by browser.newContext()).
  const context = await (
    await getBrowser()
  ).newContext({
    baseURL: baseUrl(),
    javaScriptEnabled,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  if (!javaScriptEnabled) withoutJavaScript.add(page);
  return page;
}

/** Closes the page and its context. */
export async function closePage(page: Page) {
  await page.context().close();
}

/**
 * Remix hydration: with JavaScript on, a form submitted before React has attached its handlers
 * falls back to a full-page POST, which works but is not the client-side path under test.
 */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const w = window as unknown as { __remixRouter?: { state?: { initialized?: boolean } } };
    const main = document.querySelector("main");
    return Boolean(w.__remixRouter?.state?.initialized && main && Object.keys(main).some((k) => k.startsWith("__reactFiber")));
  });
}

/** Signs in through the login form and waits until the browser has left /login. */
export async function login(page: Page, username: string, password: string = DEMO_PASSWORD) {
  await page.goto("/login");
  await submitLogin(page, username, password);
  await page.waitForURL((url) => url.pathname !== "/login");
}

/** Fills and submits the login form, without waiting for the outcome. */
export async function submitLogin(page: Page, username: string, password: string) {
  if (isJavaScriptEnabled(page)) await waitForHydration(page);
  const form = page.getByRole("form", { name: "登录" });
  await form.getByLabel("用户名", { exact: true }).fill(username);
  await form.getByLabel("密码", { exact: true }).fill(password);
  await form.getByRole("button", { name: "登录", exact: true }).click();
}

/** The workspace navigation's link texts, in order ([] when there is no such navigation). */
export async function workspaceLinks(page: Page): Promise<string[]> {
  const nav = page.getByRole("navigation", { name: "工作台导航", exact: true });
  if ((await nav.count()) === 0) return [];
  return (await nav.getByRole("link").allInnerTexts()).map((s) => s.trim());
}

/** The texts a field's aria-describedby points to that are errors (ids ending in -error). */
export async function fieldErrorText(field: Locator): Promise<string> {
  return field.evaluate((element) =>
    (element.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .filter((id) => id.endsWith("-error"))
      .map((id) => document.getElementById(id)?.textContent ?? "")
      .join(" ")
      .trim(),
  );
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export interface A11yFinding {
  page: string;
  url: string;
  rule: string;
  impact: string | null | undefined;
  help: string;
  nodes: { target: string; html: string; summary?: string }[];
}

/** Every finding of the run, serious or not, written to artifacts/a11y-<file>.json by writeA11yReport. */
export const a11yFindings: A11yFinding[] = [];

/**
 * axe-core with the WCAG 2 A and AA rules. A serious or critical violation fails the test
 * (softly: the rest of the test still runs); milder ones are printed and recorded.
 */
export async function checkA11y(page: Page, label: string) {
  const results = isJavaScriptEnabled(page) ? await analyze(page) : await analyzeWithoutJavaScript(page);
  const findings: A11yFinding[] = results.violations.map((v) => ({
    page: label,
    url: page.url(),
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(" "), html: n.html, summary: n.failureSummary })),
  }));
  a11yFindings.push(...findings);
  const describe = (f: A11yFinding) =>
    `  [${f.impact}] ${f.rule}: ${f.help}\n` + f.nodes.map((n) => `    target: ${n.target}\n    html:   ${n.html}`).join("\n");
  const serious = findings.filter((f) => f.impact === "serious" || f.impact === "critical");
  const mild = findings.filter((f) => !serious.includes(f));
  if (mild.length > 0) console.warn(`[a11y] ${label} (${page.url()}): minor findings\n${mild.map(describe).join("\n")}`);
  if (serious.length > 0) console.error(`[a11y] ${label} (${page.url()}): serious violations\n${serious.map(describe).join("\n")}`);
  expect
    .soft(
      serious.map((f) => `${f.rule} (${f.impact}): ${f.nodes.map((n) => `${n.target} ${n.html}`).join(" | ")}`),
      `accessibility of ${label}`,
    )
    .toEqual([]);
}

function analyze(page: Page) {
  return new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
}

/**
 * In a page without JavaScript axe cannot finish (its timers never fire): check the same
 * document, as served and without its scripts, in a scratch page that runs scripts.
 */
async function analyzeWithoutJavaScript(page: Page) {
  const url = page.url();
  const body = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
  const scratch = await newPage({ javaScriptEnabled: true });
  try {
    await scratch.route("**/*", (route) => {
      const request = route.request();
      if (request.resourceType() === "document") return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body });
      return request.resourceType() === "script" ? route.abort() : route.continue();
    });
    await scratch.goto(url);
    return await analyze(scratch);
  } finally {
    await closePage(scratch);
  }
}

export function writeA11yReport(name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, `a11y-${name}.json`), JSON.stringify(a11yFindings, null, 2));
}

/**
 * A valid USCC nobody has registered yet: civil affairs (5), private non-enterprise unit (2),
 * Jinshui's division code, and a random 9-character organization code.
 */
export function uniqueUscc(): string {
  const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  let code = "";
  for (let i = 0; i < 9; i++) code += alphabet[Math.floor(Math.random() * alphabet.length)];
  return makeUscc(`52410105${code}`);
}

/** The same code with a wrong check character, and the character it should have been. */
export function withWrongCheckCharacter(uscc: string): { code: string; expected: string } {
  const expected = uscc.charAt(17);
  const wrong = expected === "1" ? "2" : "1";
  return { code: uscc.slice(0, 17) + wrong, expected };
}

// ---------------------------------------------------------------------------------------------
// Small helpers shared by the suites
// ---------------------------------------------------------------------------------------------

/** A value an earlier step of the same suite had to find out. */
export function needed<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`an earlier step did not get ${what}`);
  return value;
}

export function pathname(page: Page) {
  return new URL(page.url()).pathname;
}

/** Text without any white space: for comparing text that a page or a PDF wraps. */
export const squeeze = (text: string) => text.replace(/\s+/g, "");

/** "¥1,234,567.89" in fen. */
export function fen(text: string): number {
  const match = /(-?)¥([\d,]+)\.(\d{2})/.exec(text);
  if (!match) throw new Error(`not an amount: ${text}`);
  return (match[1] ? -1 : 1) * (Number(match[2].replace(/,/g, "")) * 100 + Number(match[3]));
}

/** Fen as the portal prints it: ¥1,234.50. */
export function yuanText(fenAmount: number): string {
  return `¥${(fenAmount / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A 'YYYY-MM-DD' as the zh-CN pages print a date (formatDate). */
export function zhDate(isoDate: string): string {
  return new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(`${isoDate}T12:00:00+08:00`));
}

/** The <dd> after the <dt> with this text, in a <dl class="facts">. */
export async function fact(container: Locator, term: string): Promise<string> {
  const values = await container
    .locator("dt")
    .evaluateAll(
      (terms, wanted) => terms.filter((dt) => dt.textContent?.trim() === wanted).map((dt) => dt.nextElementSibling?.textContent?.trim() ?? ""),
      term,
    );
  if (values.length !== 1) throw new Error(`expected one fact “${term}”, found ${values.length}`);
  return values[0];
}

/** The table row whose link is exactly `title`. */
export function rowWithLink(page: Page, title: string) {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name: title, exact: true }) });
}

/** The smallest valid PDF: one empty page, with a correct cross-reference table. */
export function minimalPdf(): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

/** A PDF the page links to, fetched with the page's session and saved under artifacts/; its text, squeezed. */
export async function pdfText(page: Page, href: string, name: string): Promise<string> {
  const response = await page.request.get(href);
  expect(response.status(), `GET ${href}`).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/pdf");
  const body = await response.body();
  expect(body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  fs.writeFileSync(file, body);
  // -raw keeps the drawing order, so a name wrapped inside a table cell reads as one word again.
  return squeeze(execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", file, "-"], { encoding: "utf8" }));
}

/**
 * Runs SQL on the database of the server under test (tests/e2e/server.ts): only to let time
 * pass, as a clock cannot be moved in a browser test. On PGlite the server restarts meanwhile,
 * so open pages must reload; sessions live in the database and survive it.
 */
export async function runSql(statement: string) {
  const control = inject("databaseControl");
  if (!control) throw new Error("no database control: the e2e server did not start");
  const response = await fetch(control.url, { method: "POST", headers: { Authorization: `Bearer ${control.token}` }, body: statement });
  if (response.status !== 204) throw new Error(`runSql failed (${response.status}): ${await response.text()}`);
}
