/**
 * The authorization matrix (issue 8, DESIGN §6): every route module in app/routes, read from the
 * directory when the test runs, with the answer each actor gets from its loader and from its
 * action (once per intent the action accepts). A route without an entry below fails the test.
 *
 * Each answer string lists one status per actor, in the order of ACTORS:
 *
 *   anon  admin  bureau  bureau*  community  community*  resident  agency  agency*  expert  evaluator
 *
 * where a starred actor is the same role for ANOTHER bureau / community / organization than the
 * one owning the object in the route's params (the demo's 金水区 objects: its tenders, the 安园
 * contract of the venture call with 丰乐/四月天/金沙社区, 安园's outcome evaluation...). "302" is the
 * way to sign-in, "ok" another redirect (the request went through), "-" means the module has no
 * loader/action, "·" that the request is not made (it would succeed and change shared demo data).
 *
 * Actions are posted with nothing but the intent: the right actor gets a 400 field error (or a
 * redirect), everyone else a 302 to sign-in, 403 or 404 — and a refused request writes nothing
 * (no audit entry by that actor). An action looks its object up (scoped as its loader does)
 * before it reads the form, so a starred actor gets the loader's 404, never field errors that
 * would tell them the object exists.
 *
 * MATRIX_PRINT=1 prints the observed table instead of failing on it (to review a new route).
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_TENDERS } from "#db/seed-procurement";
import { DEMO_ACTORS, routePath } from "../helpers/routes";
import { context, cookieFor, fixtureId, getRequest, postRequest, settle, sqlRows, useDemoData, userId } from "../helpers/demo";

useDemoData();

const ACTORS = DEMO_ACTORS;

type Fixtures = Record<string, string>;
type Params = (f: Fixtures) => Record<string, string>;
interface Entry {
  params?: Params;
  /** Query string added to the loader's URL. */
  search?: (f: Fixtures) => string;
  loader: string;
  /** One answer string for an action without intents, or one per intent. */
  action?: string | Record<string, string>;
}

const ALL = (code: string) => Array(ACTORS.length).fill(code).join(" ");
const PUBLIC = ALL("200");
const NONE = "-";
/** Not posted: the request would succeed and change the demo data other test files read. */
const SKIP = "·";

const tender = (key: keyof typeof DEMO_TENDERS): Params => (f) => ({ id: f[`tender.${key}`] });
const contract: Params = (f) => ({ id: f.contract });

// prettier-ignore
const MATRIX: Record<string, Entry> = {
  // anon  admin bureau bureau* comm comm* resid agency agency* expert evaluator
  "$.tsx": { loader: "404 404 404 404 404 404 404 404 404 404 404" },
  "_index.tsx": { loader: PUBLIC },
  "account.tsx": { loader: "302 200 200 200 200 200 200 200 200 200 200", action: { signOutEverywhere: "302 ok ok ok ok ok ok ok ok ok ok" } },
  "admin._index.tsx": { loader: "302 200 403 403 403 403 403 403 403 403 403" },
  "admin.audit.tsx": { loader: "302 200 403 403 403 403 403 403 403 403 403" },
  "admin.calendar.tsx": { loader: "302 200 403 403 403 403 403 403 403 403 403", action: "302 400 403 403 403 403 403 403 403 403 403" },
  "admin.organizations.tsx": { loader: "302 200 403 403 403 403 403 403 403 403 403", action: "302 400 403 403 403 403 403 403 403 403 403" },
  "admin.users.tsx": { loader: "302 200 403 403 403 403 403 403 403 403 403", action: { create: "302 400 403 403 403 403 403 403 403 403 403", disable: "302 404 403 403 403 403 403 403 403 403 403", enable: "302 404 403 403 403 403 403 403 403 403 403", reset: "302 404 403 403 403 403 403 403 403 403 403" } },
  "agency._index.tsx": { loader: "302 403 403 403 403 403 403 200 200 403 403" },
  "agency.bids.tsx": { loader: "302 403 403 403 403 403 403 200 200 403 403" },
  "agency.members.tsx": { loader: "302 403 403 403 403 403 403 200 200 403 200", action: { add: "302 403 403 403 403 403 403 400 400 403 400", remove: "302 403 403 403 403 403 403 404 404 403 404" } },
  "agency.outcomes.$id.tsx": { params: (f) => ({ id: f.evaluation }), loader: "302 403 403 403 403 403 403 200 404 403 403", action: "302 403 403 403 403 403 403 400 404 403 403" },
  "agency.outcomes._index.tsx": { loader: "302 403 403 403 403 403 403 200 200 403 403" },
  "agency.projects.$id.tsx": { params: contract, loader: "302 403 403 403 403 403 403 200 404 403 403", action: { sign: "302 403 403 403 403 403 403 400 404 403 403" } },
  "agency.projects.$id_.reports.$milestoneId.tsx": { params: (f) => ({ id: f.contract, milestoneId: f.milestone }), loader: "302 403 403 403 403 403 403 200 404 403 403", action: { save: "302 403 403 403 403 403 403 400 404 403 403", submit: "302 403 403 403 403 403 403 400 404 403 403" } },
  "agency.projects._index.tsx": { loader: "302 403 403 403 403 403 403 200 200 403 403" },
  "agency.staff.tsx": { loader: "302 403 403 403 403 403 403 200 200 403 200", action: { add: "302 403 403 403 403 403 403 400 400 403 400", remove: "302 403 403 403 403 403 403 404 404 403 404" } },
  "api.ocds.releases.ts": { loader: PUBLIC },
  "api.ocds.tenders.$id.record.ts": { params: tender("awarded"), loader: PUBLIC },
  "api.ocds.tenders.$id.releases.ts": { params: tender("awarded"), loader: PUBLIC },
  "api.stripe.webhook.ts": { loader: "405 405 405 405 405 405 405 405 405 405 405", action: "503 503 503 503 503 503 503 503 503 503 503" },
  "attachments.$id.tsx": { params: (f) => ({ id: f.attachment }), loader: "404 404 200 404 200 404 404 200 404 404 404" },
  "bench.baseline.tsx": { loader: "- - - - - - - - - - -" },
  "bureau._index.tsx": { loader: "302 403 200 200 403 403 403 403 403 403 403" },
  "bureau.budgets.$id.tsx": { params: (f) => ({ id: f.budgetLine }), loader: "302 403 200 404 403 403 403 403 403 403 403" },
  "bureau.budgets._index.tsx": { loader: "302 403 200 200 403 403 403 403 403 403 403", action: "302 403 400 400 403 403 403 403 403 403 403" },
  "bureau.credit.tsx": { loader: "302 403 200 200 403 403 403 403 403 403 403", action: { decide: "302 403 400 400 403 403 403 403 403 403 403", propose: "302 403 400 400 403 403 403 403 403 403 403" } },
  "bureau.needs.tsx": { loader: "302 403 200 200 403 403 403 403 403 403 403", action: { review: "302 403 400 400 403 403 403 403 403 403 403" } },
  "bureau.organizations.tsx": { loader: "302 200 200 200 403 403 403 403 403 403 403", action: "302 400 400 400 403 403 403 403 403 403 403" },
  "bureau.projects.$id.tsx": { params: contract, loader: "302 403 200 404 403 403 403 403 403 403 403", action: { accept: "302 403 404 404 403 403 403 403 403 403 403", pay: "302 403 400 404 403 403 403 403 403 403 403", return: "302 403 400 404 403 403 403 403 403 403 403", revise: "302 403 400 404 403 403 403 403 403 403 403", sign: "302 403 400 404 403 403 403 403 403 403 403", terminate: "302 403 400 404 403 403 403 403 403 403 403" } },
  "bureau.projects.$id_.outcome.tsx": { params: (f) => ({ id: f.completedContract }), loader: "302 403 200 404 403 403 403 403 403 403 403", action: { commission: "302 403 400 404 403 403 403 403 403 403 403", purchaser: "302 403 400 404 403 403 403 403 403 403 403" } },
  "bureau.projects._index.tsx": { loader: "302 403 200 200 403 403 403 403 403 403 403", action: { generate: "302 403 400 400 403 403 403 403 403 403 403" } },
  "bureau.tenders.$id.evaluation[.]pdf.ts": { params: tender("ventureFunded"), loader: "302 404 200 404 404 404 404 404 404 404 404" },
  "bureau.tenders.$id.tsx": { params: tender("openElderCare"), loader: "302 403 200 404 403 403 403 403 403 403 403", action: { amend: "302 403 400 404 403 403 403 403 403 403 403", answer: "302 403 400 404 403 403 403 403 403 403 403", cancel: "302 403 400 404 403 403 403 403 403 403 403", copy: "302 403 400 404 403 403 403 403 403 403 403", documents: "302 403 400 404 403 403 403 403 403 403 403", end: "302 403 400 404 403 403 403 403 403 403 403", open: "302 403 400 404 403 403 403 403 403 403 403", proceed: "302 403 400 404 403 403 403 403 403 403 403", publish: "302 403 400 404 403 403 403 403 403 403 403" } },
  "bureau.tenders.$id_.award.tsx": { params: tender("readyToOpen"), loader: "302 403 200 404 403 403 403 403 403 403 403", action: { answer: "302 403 400 404 403 403 403 403 403 403 403", confirm: "302 403 400 404 403 403 403 403 403 403 403" } },
  "bureau.tenders.$id_.bids.tsx": { params: tender("readyToOpen"), loader: "302 403 200 404 403 403 403 403 403 403 403" },
  "bureau.tenders.$id_.committee.tsx": { params: tender("scoring"), loader: "302 403 200 404 403 403 403 403 403 403 403", action: { form: "302 403 400 404 403 403 403 403 403 403 403", replace: "302 403 400 404 403 403 403 403 403 403 403" } },
  "bureau.tenders.$id_.edit.tsx": { params: tender("draft"), loader: "302 403 200 404 403 403 403 403 403 403 403", action: "302 403 400 404 403 403 403 403 403 403 403" },
  "bureau.tenders.$id_.indicators.tsx": { params: tender("ventureFunded"), loader: "302 403 200 404 403 403 403 403 403 403 403", action: "302 403 400 404 403 403 403 403 403 403 403" },
  "bureau.tenders._index.tsx": { loader: "302 403 200 200 403 403 403 403 403 403 403" },
  "bureau.tenders.new.tsx": { loader: "302 403 200 200 403 403 403 403 403 403 403", action: "302 403 400 400 403 403 403 403 403 403 403" },
  "committee.$tenderId.tsx": { params: (f) => ({ tenderId: f["tender.scoring"] }), loader: "302 404 404 404 404 404 404 404 404 200 404", action: { declare: "302 404 404 404 404 404 404 404 404 400 404", score: "302 404 404 404 404 404 404 404 404 400 404" } },
  "community._index.tsx": { loader: "302 403 403 403 200 200 403 403 403 403 403" },
  "community.needs.new.tsx": { loader: "302 403 403 403 200 200 403 403 403 403 403", action: "302 403 403 403 400 400 403 403 403 403 403" },
  "community.projects.$id.tsx": { params: contract, loader: "302 403 403 403 200 404 403 403 403 403 403", action: { confirm: "302 403 403 403 400 404 403 403 403 403 403" } },
  "community.projects.$id_.survey.tokens[.]pdf.ts": { params: (f) => ({ id: f.completedContract }), search: (f) => `?batch=${encodeURIComponent(f.surveyBatch)}`, loader: "302 403 403 403 200 404 403 403 403 403 403" },
  "community.projects.$id_.survey.tsx": { params: (f) => ({ id: f.completedContract }), loader: "302 403 403 403 200 404 403 403 403 403 403", action: { issue: "302 403 403 403 400 404 403 403 403 403 403", questions: "302 403 403 403 400 404 403 403 403 403 403" } },
  "community.projects._index.tsx": { loader: "302 403 403 403 200 200 403 403 403 403 403" },
  "community.surveys.tsx": { loader: "302 403 403 403 200 200 403 403 403 403 403" },
  "evaluator._index.tsx": { loader: "302 403 403 403 403 403 403 403 403 403 200" },
  "evaluator.evaluations.$id.tsx": { params: (f) => ({ id: f.evaluation }), loader: "302 403 403 403 403 403 403 403 403 403 200", action: { evidence: "302 403 403 403 403 403 403 403 403 403 400", visit: "302 403 403 403 403 403 403 403 403 403 400", score: "302 403 403 403 403 403 403 403 403 403 400", submit: "302 403 403 403 403 403 403 403 403 403 400" } },
  "expert._index.tsx": { loader: "302 403 403 403 403 403 403 403 403 200 403" },
  "healthz.ts": { loader: PUBLIC },
  "lang.ts": { loader: "ok ok ok ok ok ok ok ok ok ok ok", action: "ok ok ok ok ok ok ok ok ok ok ok" },
  "login.tsx": { loader: "200 ok ok ok ok ok ok ok ok ok ok", action: "400 400 400 400 400 400 400 400 400 400 400" },
  "logout.ts": { loader: "ok ok ok ok ok ok ok ok ok ok ok", action: "ok ok ok ok ok ok ok ok ok ok ok" },
  "needs.$id.tsx": { params: (f) => ({ id: f.need }), loader: PUBLIC },
  "notifications.tsx": { loader: "302 200 200 200 200 200 200 200 200 200 200", action: { read: "302 400 400 400 400 400 400 400 400 400 400", unsubscribe: "302 400 400 400 400 400 400 400 400 400 400" } },
  "open-data.tsx": { loader: PUBLIC },
  "organizations.$id.tsx": { params: (f) => ({ id: f.organization }), loader: PUBLIC },
  "organizations._index.tsx": { loader: PUBLIC },
  "projects.$id.contract[.]pdf.ts": { params: contract, loader: "302 404 200 404 404 404 404 200 404 404 404" },
  "projects.$id.outcome[.]pdf.ts": { params: (f) => ({ id: f.completedContract }), loader: PUBLIC },
  "projects.$id.tsx": { params: contract, loader: PUBLIC },
  "projects.$id_.donate.tsx": { params: contract, loader: PUBLIC, action: "400 400 400 400 400 400 400 400 400 400 400" },
  "projects.$id_.donations.$token.receipt[.]pdf.ts": { params: (f) => ({ id: f.donation, token: f.donationToken }), loader: PUBLIC },
  "projects.$id_.donations.$token.tsx": { params: (f) => ({ id: f.donation, token: f.donationToken }), loader: PUBLIC },
  "projects._index.tsx": { loader: PUBLIC },
  "register.tsx": { loader: PUBLIC, action: "400 400 400 400 400 400 400 400 400 400 400" },
  "resident._index.tsx": { loader: "302 403 403 403 403 403 200 403 403 403 403", action: { support: "302 403 403 403 403 403 404 403 403 403 403" } },
  "resident.needs.new.tsx": { loader: "302 403 403 403 403 403 200 403 403 403 403", action: "302 403 403 403 403 403 400 403 403 403 403" },
  "risk.tsx": { loader: "302 200 200 200 403 403 403 403 403 403 403" },
  "statistics.$file.ts": { params: () => ({ file: "budget.csv" }), loader: PUBLIC },
  "statistics._index.tsx": { loader: PUBLIC },
  "survey.$code.tsx": { params: (f) => ({ code: f.surveyCode }), loader: PUBLIC, action: "400 400 400 400 400 400 400 400 400 400 400" },
  "survey._index.tsx": { loader: "- - - - - - - - - - -", action: "400 400 400 400 400 400 400 400 400 400 400" },
  "survey.thanks.tsx": { loader: "- - - - - - - - - - -" },
  "tenders.$id.amendments.$amendmentId[.]pdf.ts": { params: (f) => ({ id: f["tender.amended"], amendmentId: f.amendment }), loader: PUBLIC },
  "tenders.$id.award-letter[.]pdf.ts": { params: tender("ventureFunded"), loader: "404 404 200 404 404 404 404 200 404 404 404" },
  "tenders.$id.bid-attachments.$attachmentId.ts": { params: (f) => ({ id: f["tender.openElderCare"], attachmentId: f.bidAttachment }), loader: "302 404 404 404 404 404 404 200 404 404 404" },
  "tenders.$id.notice[.]pdf.ts": { params: tender("openElderCare"), loader: PUBLIC },
  "tenders.$id.opening[.]pdf.ts": { params: tender("opened"), loader: PUBLIC },
  "tenders.$id.result[.]pdf.ts": { params: tender("awarded"), loader: PUBLIC },
  "tenders.$id.tsx": { params: tender("openElderCare"), loader: PUBLIC, action: "302 403 403 403 403 403 403 400 400 403 403" },
  "tenders.$id_.bid.tsx": { params: tender("openElderCare"), loader: "302 403 403 403 403 403 403 200 200 403 403", action: { attach: "302 403 403 403 403 403 403 400 400 403 403", confirm: "302 403 403 403 403 403 403 · 404 403 403", detach: "302 403 403 403 403 403 403 404 404 403 403", withdraw: "302 403 403 403 403 403 403 · 404 403 403", save: "302 403 403 403 403 403 403 400 400 403 403" } },
  "tenders.$id_.challenge.tsx": { params: tender("challenged"), loader: "302 403 403 403 403 403 403 200 200 403 403", action: "302 403 403 403 403 403 403 400 400 403 403" },
  "tenders._index.tsx": { loader: PUBLIC },
  "workspace.ts": { loader: "302 ok ok ok ok ok ok ok ok ok ok" },
};


async function loadFixtures(): Promise<Fixtures> {
  const f: Fixtures = {};
  for (const [key, title] of Object.entries(DEMO_TENDERS)) f[`tender.${key}`] = await fixtureId(sql`select id from tenders where title = ${title}`);
  f.contract = await fixtureId(sql`select c.id from contracts c join organizations o on o.id = c.organization_id
    where c.tender_id = ${f["tender.ventureFunded"]} and o.name like '%安园%'`);
  f.milestone = await fixtureId(sql`select id from contract_milestones where contract_id = ${f.contract} order by position desc limit 1`);
  // 安园's completed project with a graded (so published) evaluation: 丰乐社区's “长者饭堂”.
  f.completedContract = await fixtureId(sql`select c.id from contracts c join outcome_evaluations e on e.contract_id = c.id
    join organizations o on o.id = c.organization_id where o.name like '%安园%' and c.status = 'completed' and e.grade is not null`);
  f.evaluation = await fixtureId(sql`select id from outcome_evaluations where contract_id = ${f.completedContract}`);
  // A batch of tokens 丰乐社区 printed for it, named by its issue time as the survey page links it.
  f.surveyBatch = await fixtureId(sql`select distinct to_char(t.issued_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as id
    from survey_tokens t join regions r on r.id = t.community_id where t.contract_id = ${f.completedContract} and r.name_zh = '丰乐社区' order by 1 limit 1`);
  // A token a resident could still answer: unused, not expired, its contract active and not yet graded.
  f.surveyCode = await fixtureId(sql`
    select t.code as id from survey_tokens t
    join contracts c on c.id = t.contract_id and c.status = 'active'
    left join outcome_evaluations e on e.contract_id = t.contract_id
    where t.used_on is null and t.expires_on >= (now() at time zone 'Asia/Shanghai')::date and e.grade is null
    order by t.code limit 1`);
  f.donation = await fixtureId(sql`select contract_id as id from donations where status = 'paid' order by created_at limit 1`);
  f.donationToken = await fixtureId(sql`select receipt_token as id from donations where contract_id = ${f.donation} and status = 'paid' order by created_at limit 1`);
  f.budgetLine = await fixtureId(sql`select b.id from budget_lines b join bureaus u on u.id = b.bureau_id join regions r on r.id = u.district_id
    where r.name_zh = '金水区' order by b.name limit 1`);
  f.need = await fixtureId(sql`select n.id from needs n join regions r on r.id = n.community_id where r.name_zh = '丰乐社区' order by n.created_at limit 1`);
  f.organization = await fixtureId(sql`select id from organizations where name like '%安园%'`);
  f.amendment = await fixtureId(sql`select id from amendments where tender_id = ${f["tender.amended"]} order by published_at limit 1`);
  f.bidAttachment = await fixtureId(sql`select a.id from bid_attachments a join bids b on b.id = a.bid_id
    join organizations o on o.id = b.organization_id where b.tender_id = ${f["tender.openElderCare"]} and o.name like '%安园%' limit 1`);
  f.attachment = await fixtureId(sql`select a.id from attachments a join progress_reports p on p.id = a.owner_id where a.owner_type = 'progressReport' and p.contract_id = ${f.contract} order by a.created_at limit 1`);
  return f;
}

type RouteModule = {
  loader?: (args: unknown) => Promise<unknown>;
  action?: (args: unknown) => Promise<unknown>;
};

const routesDir = path.resolve(__dirname, "../../app/routes");
const routeFiles = fs.readdirSync(routesDir).filter((f) => /\.tsx?$/.test(f)).sort();

async function statusOf(run: () => Promise<unknown>): Promise<string> {
  try {
    // A loader that returns plain data (or null) answers 200.
    const response = await settle(async () => {
      const result = await run();
      return result instanceof Response ? result : new Response(null, { status: 200 });
    });
    const location = response.headers.get("Location");
    if (location && !location.startsWith("/login?redirectTo=")) return "ok";
    return String(response.status);
  } catch (error) {
    return `threw:${error instanceof Error ? error.message.slice(0, 60) : String(error)}`;
  }
}

async function auditCount(actorId: string | null) {
  const [row] = await sqlRows<{ n: number }>(
    actorId ? sql`select count(*)::int as n from audit_log where actor_id = ${actorId}` : sql`select count(*)::int as n from audit_log where actor_id is null`,
  );
  return Number(row.n);
}

describe("authorization matrix", () => {
  let fixtures: Fixtures;
  const ids: Record<string, string | null> = {};

  beforeAll(async () => {
    fixtures = await loadFixtures();
    for (const [label, username] of ACTORS) ids[label] = username ? await userId(username) : null;
  });

  /** Fresh sessions for each route: signing out (logout.ts) ends the one it was given. */
  async function freshCookies() {
    const cookies: Record<string, string | undefined> = {};
    for (const [label] of ACTORS) cookies[label] = ids[label] ? await cookieFor(ids[label]!) : undefined;
    return cookies;
  }

  it("has an entry for every route module, and no entry for a route that is gone", () => {
    const missing = routeFiles.filter((f) => !(f in MATRIX));
    expect(missing, `routes without an entry in the authorization matrix: ${missing.join(", ")}`).toEqual([]);
    const stale = Object.keys(MATRIX).filter((f) => !routeFiles.includes(f));
    expect(stale, `matrix entries without a route: ${stale.join(", ")}`).toEqual([]);
  });

  const printing = process.env.MATRIX_PRINT === "1";

  for (const file of routeFiles) {
    it(`${file}: the answer of its loader and action to each actor`, { timeout: 120_000 }, async () => {
      const entry = MATRIX[file];
      if (!entry && !printing) return; // reported by the test above
      const module = (await import(`../../app/routes/${file.replace(/\.tsx?$/, "")}`)) as RouteModule;
      const params = entry?.params?.(fixtures) ?? {};
      const url = routePath(file, params) + (entry?.search?.(fixtures) ?? "");
      let cookies = await freshCookies();
      const observed = { loader: [] as string[], action: {} as Record<string, string[]> };

      for (const [label] of ACTORS) {
        observed.loader.push(module.loader ? await statusOf(() => module.loader!({ request: getRequest(url, cookies[label]), params, context })) : NONE);
      }

      const intents = entry && typeof entry.action === "object" ? Object.keys(entry.action) : [""];
      for (const intent of module.action ? intents : []) {
        cookies = await freshCookies();
        observed.action[intent] = [];
        const expected = (typeof entry?.action === "object" ? entry.action[intent] : entry?.action)?.split(" ") ?? [];
        for (const [index, [label]] of ACTORS.entries()) {
          if (expected[index] === SKIP) {
            observed.action[intent].push(SKIP);
            continue;
          }
          const before = await auditCount(ids[label]);
          const request = postRequest(url, intent ? { intent } : {}, cookies[label]);
          const status = await statusOf(() => module.action!({ request, params, context }));
          observed.action[intent].push(status);
          if (/^(302|403|404|405)$/.test(status)) {
            expect(await auditCount(ids[label]), `${file} ${intent} by ${label} answered ${status} but wrote to the audit log`).toBe(before);
          }
        }
      }

      const loaderLine = observed.loader.join(" ");
      const actionLines = Object.fromEntries(Object.entries(observed.action).map(([k, v]) => [k, v.join(" ")]));
      if (printing) {
        const action = !module.action ? "" : intents[0] === "" ? `, action: "${actionLines[""]}"` : `, action: { ${Object.entries(actionLines).map(([k, v]) => `${k}: "${v}"`).join(", ")} }`;
        console.log(`MATRIX  "${file}": { loader: "${loaderLine}"${action} },`);
        return;
      }
      expect(loaderLine, `${file} loader`).toBe(entry.loader);
      if (!module.action) expect(entry.action, `${file} has no action`).toBeUndefined();
      else if (typeof entry.action === "string") expect(actionLines[""], `${file} action`).toBe(entry.action);
      else for (const intent of intents) expect(actionLines[intent], `${file} action ${intent}`).toBe(entry.action![intent]);
    });
  }
});
