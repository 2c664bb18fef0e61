/**
 * The fuzz test (issue 8): 10,000 random and malicious submissions to every action in app/routes —
 * wrong types, huge strings, unicode edge cases, SQL and HTML injection, missing, repeated and
 * extra fields (prototype-polluting names, deep and huge row paths), forged intents, ids and
 * route params, hostile cookies, bodies that are not forms, and multipart uploads that are too
 * large, of the wrong type, empty or too many. Each action is called directly with a Request, as
 * in tests/integration/authorization-matrix.test.ts, by the actors of that matrix.
 *
 * Every request must be refused, so that "nothing written" can be checked after every batch:
 *
 * - an actor the action lets act (`allowed` below) only gets submissions it certainly refuses:
 *   ones its own validation rejects (checked here with the route's schema on the very FormData
 *   the route will read), an object id that does not exist, a file the upload rules refuse, or a
 *   body that is no form at all;
 * - every other actor (anonymous, a forged session, another role, another bureau, community or
 *   organization) also gets hostile but valid submissions with real ids of the demo data: the
 *   action must refuse them all the same.
 *
 * After each request: no 5xx (the Stripe webhook's 503 "not configured" aside), an answer that is
 * a refusal (4xx or the way to sign-in; lang/logout/account just redirect), a redirect only to a
 * path of this site, a JSON answer served as application/json (the posted values come back as
 * data, which React escapes when the form shows them), and no answer of another type (text, HTML)
 * containing markup we posted. Rendering the page around an action's JSON is not covered here.
 * After each batch: no row of any table inserted, updated or deleted (by xmin and row counts),
 * except the rows a refusal is meant to leave (login attempts, survey-code rate limits, the
 * sessions that logout ends), and Object.prototype untouched.
 *
 * The demo data is only read: on PGlite the file has its own copy; on PostgreSQL, where the run's
 * database is shared by all files, this file makes and seeds a database of its own, so that a
 * request wrongly accepted can never change what another file reads.
 *
 * FUZZ_SEED reproduces a run (the payloads; ids of the demo data differ per seeding),
 * FUZZ_PAYLOADS and FUZZ_CONCURRENCY change its size and parallelism.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import type { FieldValues } from "react-hook-form";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { connect, db } from "#db/client";
import { runMigrations } from "#db/migrate-core";
import { DEMO_TENDERS, seedDemo } from "#db/seed-demo";
import { fixtureId, sqlRows } from "../helpers/demo";
import { loginSchema } from "~/modules/auth/auth-schema";
import { SESSION_COOKIE } from "~/modules/auth/session.server";
import { confirmAwardSchema } from "~/modules/awards/awards-schema";
import { committeeSchema, declarationSchema, replacementSchema, scoreSheetSchema } from "~/modules/bid-evaluation/evaluation-schema";
import { committeeFormRules, criteriaMaxPoints } from "~/modules/bid-evaluation/evaluation.server";
import { bidSchema } from "~/modules/bids/bids-schema";
import { budgetLineSchema, FUND_SOURCES } from "~/modules/budgets/budgets-schema";
import { calendarYearSchema } from "~/modules/calendar/calendar-schema";
import { answerChallengeSchema, challengeSchema } from "~/modules/challenges/challenges-schema";
import { generateContractSchema, reviseContractSchema, signContractSchema, terminateContractSchema } from "~/modules/contracts/contracts-schema";
import { confirmationSchema, progressReportSchema, returnMilestoneSchema } from "~/modules/contracts/progress-schema";
import { proposalDecisionSchema } from "~/modules/credit/credit-schema";
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES } from "~/modules/documents/file-types";
import { donationSchema } from "~/modules/donations/donations-schema";
import { NEED_CHANNELS, NEED_URGENCIES } from "~/modules/needs/need-states";
import { needReviewSchema, needSchema, residentNeedSchema } from "~/modules/needs/needs-schema";
import { SERVICE_CATEGORIES } from "~/modules/needs/service-categories";
import { subscriptionSchema } from "~/modules/notifications/notifications-schema";
import { creditSchema, memberSchema, QUALIFICATIONS, registrationSchema, reviewSchema, staffSchema } from "~/modules/orgs/orgs-schema";
import { CREDIT_STATUSES } from "~/modules/orgs/verification";
import { agencyResponseSchema, commissionSchema, indicatorTemplateSchema, outcomeScoreSchema, purchaserScoreSchema, siteVisitSchema } from "~/modules/outcomes/outcomes-schema";
import { evaluationMaxPoints } from "~/modules/outcomes/outcomes.server";
import { paymentSchema } from "~/modules/payments/payments-schema";
import { issueTokensSchema, questionsSchema, surveyAnswerSchema } from "~/modules/surveys/surveys-schema";
import { questionCountForCode } from "~/modules/surveys/surveys.server";
import { PROCUREMENT_METHODS } from "~/modules/tenders/tender-rules";
import { amendmentSchema, answerSchema, cancelSchema, questionSchema, tenderSchema } from "~/modules/tenders/tenders-schema";
import { createUserSchema, resetPasswordSchema } from "~/modules/users/users-schema";
import { validateSubmission } from "~/utils/forms.server";
import { context, cookieFor, randomUscc, sessionUser, settle, userId } from "../helpers/demo";
import { DEMO_ACTORS, routePath } from "../helpers/routes";

const PAYLOADS = Number(process.env.FUZZ_PAYLOADS ?? 10_000);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 16);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ORIGIN = "http://localhost";

// ---------------------------------------------------------------------------------------------
// A database of the file's own (PostgreSQL); PGlite already gives each file a copy.
// ---------------------------------------------------------------------------------------------

let ownDatabase: { name: string; sharedUrl: string } | undefined;

beforeAll(async () => {
  const sharedUrl = process.env.DATABASE_URL;
  if (sharedUrl) {
    // Only [a-z0-9_]: the run's name (tests/setup/global-database.ts) plus a suffix, into DDL.
    const name = `${new URL(sharedUrl).pathname.slice(1)}_fuzz`;
    await onServer(sharedUrl, `create database ${name}`);
    ownDatabase = { name, sharedUrl };
    const url = new URL(sharedUrl);
    url.pathname = `/${name}`;
    const migration = connect({ url: url.toString(), poolSize: 1 });
    try {
      await runMigrations(migration);
    } finally {
      await migration.close();
    }
    await globalThis.__sansheDb?.close();
    globalThis.__sansheDb = undefined;
    process.env.DATABASE_URL = url.toString();
  }
  await seedDemo(db);
}, 180_000);

afterAll(async () => {
  if (!ownDatabase) return;
  await globalThis.__sansheDb?.close();
  globalThis.__sansheDb = undefined;
  process.env.DATABASE_URL = ownDatabase.sharedUrl;
  await onServer(ownDatabase.sharedUrl, `drop database if exists ${ownDatabase.name} with (force)`);
});

async function onServer(url: string, statement: string) {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client.unsafe(statement);
  } finally {
    await client.end({ timeout: 5 });
  }
}


// ---------------------------------------------------------------------------------------------
// Randomness that a seed reproduces (mulberry32)
// ---------------------------------------------------------------------------------------------

class Rng {
  constructor(private state: number) {}
  next() {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number) {
    return Math.floor(this.next() * n);
  }
  chance(p: number) {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  hex(length: number) {
    return Array.from({ length }, () => "0123456789abcdef"[this.int(16)]).join("");
  }
  uuid() {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(["8", "9", "a", "b"])}${this.hex(3)}-${this.hex(12)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------------

/** Markup that must never come back unescaped in an answer that is not JSON. */
const MARKUP = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "<svg/onload=alert(1)>",
  "</textarea><script>alert(1)</script>",
  "<iframe srcdoc='<script>alert(1)</script>'>",
  "<a href=\"javascript:alert(1)\">x</a>",
];
const MARKUP_PROBES = ["<script", "onerror=", "onload=", "<iframe", "javascript:alert"];

const INJECTION = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  "1); DELETE FROM audit_log; --",
  "' UNION SELECT password_hash FROM users --",
  "'); SELECT pg_sleep(5); --",
  "%' OR 1=1 --",
  "\\'; --",
  "$1",
  "{{7*7}}${7*7}<%= 7*7 %>",
];

const UNICODE = [
  "\u202Efdp.exe",
  "\u200B",
  "\uFEFF",
  "Z\u0351\u0315\u035A\u0320a\u0315\u0351l\u0300\u0301g\u0302o",
  "😀👨‍👩‍👧‍👦🏳️‍🌈",
  "\uD800",
  "\uDFFFx",
  "𠜎𠜱𠝹𠱓",
  "ｓｃｒｉｐｔ１２３",
  "İıſK",
  "a\u0000b",
  "\u0000",
  "\r\n\r\n",
  "\t",
  " ",
  "\u3000",
  "١٢٣٤",
  "金水区丰乐社区居家养老服务",
];

/** Non-blank text a form could accept: hostile, but valid where any text is. */
const HOSTILE_TEXT = [...MARKUP, ...INJECTION, "😀👨‍👩‍👧‍👦", "\u202Eevil", "Zalgo\u0351\u0315", "\u200B", "金水区丰乐社区居家养老服务", "𠜎𠜱𠝹"];

const WRONG_TYPES = [
  "",
  " ",
  "0",
  "-1",
  "-0",
  "1.5",
  "0.001",
  "1e309",
  "1e-400",
  "NaN",
  "Infinity",
  "-Infinity",
  "9007199254740993",
  "99999999999999999999999",
  "0x1F",
  "1,000,000.005",
  "¥-100",
  "１２３",
  "100元",
  "true",
  "false",
  "on",
  "null",
  "undefined",
  "[]",
  "[1,2,3]",
  "[{}]",
  "[null]",
  "[[[[[[[[]]]]]]]]",
  '[{"__proto__":{"polluted":1}}]',
  '[{"constructor":{"prototype":{"polluted":1}}}]',
  '{"a":1}',
  "{}",
  "2026-02-30",
  "2026-13-01",
  "0000-00-00",
  "9999-12-31",
  "275760-09-13",
  "2026-01-01T25:61",
  "2026-1-1",
  "1970-01-01",
  "00000000-0000-0000-0000-000000000000",
  "{0E4C2D63-0000-4000-8000-000000000000}",
  "%",
  "_",
  "\\",
];

const huge = new Map<string, string>();
/** Long strings, built once: over every text limit, and over the 1 MB of a multipart text part. */
function hugeString(kind: "100k" | "cjk" | "1m" | "nested") {
  let value = huge.get(kind);
  if (!value) {
    value = {
      "100k": () => "x".repeat(100_001),
      cjk: () => "界".repeat(60_000),
      "1m": () => "<script>alert(1)</script>".repeat(45_000),
      // Parsed as JSON by formDataToObject: a stack of 50,000 arrays.
      nested: () => "[".repeat(50_000) + "]".repeat(50_000),
    }[kind]();
    huge.set(kind, value);
  }
  return value;
}

/** Names no form has: prototype pollution, absurd row paths, names that are code. */
const EXTRA_NAMES = [
  "__proto__",
  "__proto__.polluted",
  "constructor.prototype.polluted",
  "prototype",
  "criteria.0.__proto__.polluted",
  "rows.99999999.x",
  "rows.999.x",
  "a.1000",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "",
  ".",
  "a..b",
  "a.",
  "0",
  "_data",
  "<script>alert(1)</script>",
  "名字",
  `deep.${"a.".repeat(300)}z`,
  "n".repeat(5000),
  "intent",
  "subjectId",
];

function junkValue(rng: Rng): string {
  const roll = rng.int(100);
  if (roll < 2) return hugeString(rng.pick(["100k", "cjk", "nested"] as const));
  if (roll < 3) return hugeString("1m");
  if (roll < 30) return rng.pick(WRONG_TYPES);
  if (roll < 50) return rng.pick(UNICODE);
  if (roll < 65) return rng.pick(INJECTION);
  if (roll < 80) return rng.pick(MARKUP);
  if (roll < 90) return neverId(rng);
  return rng.pick(HOSTILE_TEXT).repeat(1 + rng.int(300));
}

/** An id nothing in the database has: random uuids, or strings that are no uuid at all. */
function neverId(rng: Rng): string {
  const uuid = rng.uuid();
  return rng.pick([uuid, uuid, uuid, uuid.toUpperCase(), ` ${uuid}`, `${uuid}'--`, uuid.slice(0, 35), "not-a-uuid", "1", "-1", "", "' OR 1=1 --", `${uuid}${uuid}`]);
}

// Files: what a browser sends for <input type=file>, honest or not.
const bytes = (text: string) => new TextEncoder().encode(text);
const PDF = bytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
let oversized: File | undefined;
function oversizedPdf() {
  if (!oversized) {
    const content = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    content.set(PDF);
    oversized = new File([content], "scan.pdf", { type: "application/pdf" });
  }
  return oversized;
}

const GOOD_FILES = [
  () => new File([PDF], "方案.pdf", { type: "application/pdf" }),
  () => new File([PNG], "photo.png", { type: "image/png" }),
  () => new File([JPEG], "../../etc/passwd.jpg", { type: "image/jpeg" }),
  () => new File([PDF], `${"长".repeat(400)}.pdf`, { type: "application/pdf" }),
  () => new File([PNG], "<script>alert(1)</script>.png", { type: "image/png" }),
  () => new File([PDF], "\u202Efdp.exe", { type: "application/x-msdownload" }),
];
/** Files every upload refuses: the type is read from the content, never from the name or header. */
const BAD_FILES: ((rng: Rng) => File[])[] = [
  () => [new File([bytes("<html><script>alert(1)</script></html>")], "report.pdf", { type: "application/pdf" })],
  () => [new File([bytes('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')], "photo.png", { type: "image/png" })],
  () => [new File([bytes("MZ\x90\x00\x03\x00\x00\x00")], "invoice.pdf.exe", { type: "application/pdf" })],
  () => [new File([bytes("PK\x03\x04 a zip")], "docs.jpg", { type: "image/jpeg" })],
  () => [new File([], "empty.pdf", { type: "application/pdf" })],
  () => [oversizedPdf()],
  () => Array.from({ length: MAX_UPLOAD_FILES + 1 }, (_, i) => new File([PDF], `${i}.pdf`, { type: "application/pdf" })),
];

/** Bodies that are no form at all: the action must say so (4xx), not fail. */
const NOT_FORMS: { contentType?: string; body: () => BodyInit }[] = [
  { contentType: "application/json", body: () => JSON.stringify({ intent: "save", title: "<script>alert(1)</script>" }) },
  { contentType: "text/plain", body: () => "intent=save&title=x" },
  { contentType: "multipart/form-data; boundary=fuzz", body: () => "--other\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--other--\r\n" },
  { contentType: "multipart/form-data", body: () => "--x\r\n\r\n" },
  { contentType: "multipart/form-data; boundary=fuzz", body: () => "--fuzz\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nunterminated" },
  { contentType: "application/xml", body: () => "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>" },
  { body: () => new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x80]) },
];

const HOSTILE_COOKIES = [
  `${SESSION_COOKIE}=forged`,
  `${SESSION_COOKIE}=' OR '1'='1`,
  `${SESSION_COOKIE}=%E0%A4%A`,
  `${SESSION_COOKIE}=%00`,
  `${SESSION_COOKIE}=${"A".repeat(8000)}`,
  `${SESSION_COOKIE}=; ${SESSION_COOKIE}=also-forged`,
  `${SESSION_COOKIE}`,
  "=; ;;; a=b",
  `${SESSION_COOKIE}=00000000-0000-0000-0000-000000000000`,
];

const UNSAFE_REDIRECTS = ["/tenders?q=金水区", "/\u00e9t\u00e9", "/\uFFFD", "//evil.example", "https://evil.example/", "/\\evil.example", "/\t/evil.example", "/%09/evil.example", "javascript:alert(1)", "/\r\nSet-Cookie: x=1", "\\\\evil.example", "/ok?<script>alert(1)</script>"];

// ---------------------------------------------------------------------------------------------
// Actors and the demo data
// ---------------------------------------------------------------------------------------------

// The matrix's actors, and a request carrying a forged session cookie.
const ACTORS = [DEMO_ACTORS[0], ["forged", null], ...DEMO_ACTORS.slice(1)] as const;
type Actor = (typeof ACTORS)[number][0];
const EVERYONE: readonly Actor[] = ACTORS.map(([label]) => label);
const SIGNED_IN: readonly Actor[] = EVERYONE.filter((a) => a !== "anon" && a !== "forged");
const BUREAUS: readonly Actor[] = ["bureau", "bureau*"];
const COMMUNITIES: readonly Actor[] = ["community", "community*"];
const AGENCIES: readonly Actor[] = ["agency", "agency*"];
const ORGANIZATION_OWNERS: readonly Actor[] = ["agency", "agency*", "evaluator"];

/** Ids of the demo data, for forged submissions (the right object among others). */
const POOLS = [
  "users",
  "organizations",
  "regions",
  "budget_lines",
  "needs",
  "staff",
  "enquiries",
  "contract_milestones",
  "payment_tranches",
  "awards",
  "bids",
  "bid_attachments",
  "challenges",
  "committee_members",
  "tender_criteria",
  "outcome_indicators",
  "notifications",
  "subscriptions",
  "credit_proposals",
  "tenders",
  "contracts",
  "outcome_evaluations",
] as const;
type Pool = (typeof POOLS)[number];

interface Demo {
  fixtures: Record<string, string>;
  pools: Record<Pool, string[]>;
}


/** The objects each route acts on: the same demo objects the authorization matrix uses. */
async function loadDemo(): Promise<Demo> {
  const f: Record<string, string> = {};
  for (const [key, title] of Object.entries(DEMO_TENDERS)) f[key] = await fixtureId(sql`select id from tenders where title = ${title}`);
  f.contract = await fixtureId(sql`select c.id from contracts c join organizations o on o.id = c.organization_id
    where c.tender_id = ${f.ventureFunded} and o.name like '%安园%'`);
  f.milestone = await fixtureId(sql`select id from contract_milestones where contract_id = ${f.contract} order by position desc limit 1`);
  f.completedContract = await fixtureId(sql`select c.id from contracts c join outcome_evaluations e on e.contract_id = c.id
    join organizations o on o.id = c.organization_id where o.name like '%安园%'`);
  f.evaluation = await fixtureId(sql`select id from outcome_evaluations where contract_id = ${f.completedContract}`);
  f.surveyCode = await fixtureId(sql`
    select t.code as id from survey_tokens t
    join contracts c on c.id = t.contract_id and c.status = 'active'
    left join outcome_evaluations e on e.contract_id = t.contract_id
    where t.used_on is null and t.expires_on >= (now() at time zone 'Asia/Shanghai')::date and e.grade is null
    order by t.code limit 1`);
  const pools = {} as Record<Pool, string[]>;
  for (const table of POOLS) {
    pools[table] = (await sqlRows<{ id: string }>(sql`select id::text as id from ${sql.identifier(table)} order by id`)).map((r) => r.id);
  }
  return { fixtures: f, pools };
}

// ---------------------------------------------------------------------------------------------
// The actions: what each form sends, who may act, and how an allowed actor's payload is refused
// ---------------------------------------------------------------------------------------------

type Schema = z.ZodType<FieldValues, FieldValues>;
/** One field of a form as the template gives it; a function picks a value for each payload. */
type Value = string | string[] | ((rng: Rng, demo: Demo) => string | string[]);
type Template = Record<string, Value>;

/** How a payload for an actor the action lets act is made one the action certainly refuses. */
type Gate =
  /** The route's own validation rejects it (checked here on the FormData the route reads). */
  | { schema: (schemas: DynamicSchemas) => Schema }
  /** The object the field names does not exist. */
  | { subject: string }
  /** A file the upload rules refuse rides along. */
  | "file"
  /** Success takes a secret no payload has (a password, a live survey code). */
  | "secret";

interface Form {
  /** The intent field's value; undefined: the form sends none. */
  intent?: string;
  /** Added to the URL (the evaluator's multipart forms name their intent there). */
  search?: string;
  fields: Template;
  /** Actors who could act with a valid payload: they only get certainly refused ones. */
  allowed: readonly Actor[];
  gates: readonly Gate[];
  /** Tables a refusal still writes. */
  writes?: readonly string[];
  /** Redirects whatever is posted (lang, logout, account): the answer may be a success. */
  anyAnswer?: true;
  /** An allowed actor's harmless no-op (marking an unknown notification read) may succeed. */
  noop?: true;
  /** Files go with the form in this multipart field. */
  files?: string;
}

interface Action {
  route: string;
  params?: (f: Record<string, string>) => Record<string, string>;
  /** An unknown intent is answered 400 before anything is read: allowed actors may get one too. */
  strictIntents?: true;
  forms: Form[];
}

const T = (rng: Rng) => rng.pick(HOSTILE_TEXT);
const id = (pool: Pool) => (rng: Rng, demo: Demo) => (demo.pools[pool].length ? rng.pick(demo.pools[pool]) : rng.uuid());
const ids = (pool: Pool, n: number) => (rng: Rng, demo: Demo) => Array.from({ length: 1 + rng.int(n) }, () => id(pool)(rng, demo));
const oneOf = (...values: string[]) => (rng: Rng) => rng.pick(values);
const username = (rng: Rng) => `fz${rng.hex(8)}`;
const PASSWORD = "fuzz-password-1";
/** A datetime-local value (Asia/Shanghai, UTC+8) some days from now. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16);

interface DynamicSchemas {
  committee: Schema;
  scoreSheet: Schema;
  outcomeScore: Schema;
  surveyAnswer: Schema;
}

const schema = (s: Schema): Gate => ({ schema: () => s });
const subject = (field = "subjectId"): Gate => ({ subject: field });

const TENDER_FIELDS: Template = {
  title: T,
  description: T,
  category: oneOf(...SERVICE_CATEGORIES),
  method: oneOf(...PROCUREMENT_METHODS),
  theme: T,
  ceilingPrice: oneOf("300000", "1200000.00"),
  budgetLineId: id("budget_lines"),
  servicePeriodMonths: "12",
  recurringService: "on",
  eligibility: T,
  pricePoints: "30",
  "criteria.0.name": T,
  "criteria.0.description": T,
  "criteria.0.maxPoints": "70",
  weightPurchaser: "40",
  weightThirdParty: "40",
  weightSatisfaction: "20",
  "tranches.0.milestone": T,
  "tranches.0.percentage": "100",
  enquiryDeadline: () => inDays(10),
  bidDeadline: () => inDays(40),
  needIds: ids("needs", 2),
  communityIds: ids("regions", 2),
  contactName: T,
  contactPhone: "13800138000",
};
const NEED_FIELDS: Template = {
  title: T,
  description: T,
  category: oneOf(...SERVICE_CATEGORIES),
  targetGroup: T,
  beneficiariesEstimate: "50",
  suggestedBudget: "20000",
  urgency: oneOf(...NEED_URGENCIES),
  channel: oneOf(...NEED_CHANNELS),
  gridId: id("regions"),
};
/** The organization review forms, shared by the admin's and the bureau's pages. */
const orgReview = (allowed: readonly Actor[]): Form[] => [
  { intent: "credit", fields: { subjectId: id("organizations"), creditStatus: oneOf(...CREDIT_STATUSES), reason: T }, allowed, gates: [schema(creditSchema), subject()] },
  { intent: "review", fields: { subjectId: id("organizations"), decision: oneOf("verify", "reject"), reason: T }, allowed, gates: [schema(reviewSchema), subject()] },
];
const contract = (f: Record<string, string>) => ({ id: f.contract });
const completed = (f: Record<string, string>) => ({ id: f.completedContract });

const ACTIONS: Action[] = [
  { route: "account.tsx", strictIntents: true, forms: [{ intent: "signOutEverywhere", fields: {}, allowed: SIGNED_IN, gates: [], anyAnswer: true, writes: ["sessions"] }] },
  {
    route: "admin.calendar.tsx",
    forms: [{ fields: { year: "2027", source: T, holidays: "2027-01-01\n2027-02-11", adjustedWorkdays: "2027-02-07" }, allowed: ["admin"], gates: [schema(calendarYearSchema)] }],
  },
  { route: "admin.organizations.tsx", forms: orgReview(["admin"]) },
  {
    route: "admin.users.tsx",
    strictIntents: true,
    forms: [
      { intent: "create", fields: { username, displayName: T, password: PASSWORD, role: oneOf("resident", "expert"), communityId: id("regions"), bureauId: T }, allowed: ["admin"], gates: [schema(createUserSchema)] },
      { intent: "disable", fields: { subjectId: id("users") }, allowed: ["admin"], gates: [subject()] },
      { intent: "enable", fields: { subjectId: id("users") }, allowed: ["admin"], gates: [subject()] },
      { intent: "reset", fields: { subjectId: id("users"), password: PASSWORD }, allowed: ["admin"], gates: [schema(resetPasswordSchema), subject()] },
    ],
  },
  {
    route: "agency.members.tsx",
    forms: [
      { intent: "remove", fields: { subjectId: id("users") }, allowed: ORGANIZATION_OWNERS, gates: [subject()] },
      { intent: "add", fields: { username, displayName: T, password: PASSWORD }, allowed: ORGANIZATION_OWNERS, gates: [schema(memberSchema)] },
    ],
  },
  { route: "agency.outcomes.$id.tsx", params: (f) => ({ id: f.evaluation }), forms: [{ fields: { response: T }, allowed: ["agency"], gates: [schema(agencyResponseSchema)] }] },
  { route: "agency.projects.$id.tsx", params: contract, strictIntents: true, forms: [{ intent: "sign", fields: { version: oneOf("1", "2", "3") }, allowed: ["agency"], gates: [schema(signContractSchema)] }] },
  {
    route: "agency.projects.$id_.reports.$milestoneId.tsx",
    params: (f) => ({ id: f.contract, milestoneId: f.milestone }),
    forms: [
      {
        files: "evidence",
        fields: {
          intent: oneOf("save", "submit"),
          periodStart: "2026-01-01",
          periodEnd: "2026-01-31",
          "activities.0.date": "2026-01-10",
          "activities.0.title": T,
          "activities.0.place": T,
          "activities.0.participants": "12",
          beneficiaries: "30",
          volunteerHours: "12.5",
          "spending.0.line": T,
          "spending.0.amount": "100.00",
          narrative: T,
        },
        allowed: ["agency"],
        gates: [schema(progressReportSchema), "file"],
      },
    ],
  },
  {
    route: "agency.staff.tsx",
    forms: [
      { intent: "remove", fields: { subjectId: id("staff") }, allowed: ORGANIZATION_OWNERS, gates: [subject()] },
      { intent: "add", fields: { name: T, qualification: oneOf(...QUALIFICATIONS), certificateNo: T }, allowed: ORGANIZATION_OWNERS, gates: [schema(staffSchema)] },
    ],
  },
  // Not configured in tests (no STRIPE_* variables): every post is answered 503 before it is read.
  { route: "api.stripe.webhook.ts", forms: [{ fields: { id: T, type: "checkout.session.completed" }, allowed: [], gates: [] }] },
  {
    route: "bureau.budgets._index.tsx",
    forms: [{ fields: { fiscalYear: "2026", fundSource: oneOf(...FUND_SOURCES), name: T, amount: "1000.00" }, allowed: BUREAUS, gates: [schema(budgetLineSchema)] }],
  },
  {
    route: "bureau.credit.tsx",
    forms: [{ intent: "decide", fields: { subjectId: id("credit_proposals"), decision: oneOf("confirm", "dismiss"), reason: T }, allowed: BUREAUS, gates: [schema(proposalDecisionSchema), subject()] }],
  },
  {
    route: "bureau.needs.tsx",
    forms: [{ intent: "review", fields: { subjectId: id("needs"), decision: oneOf("accept", "reject"), reason: T }, allowed: BUREAUS, gates: [schema(needReviewSchema), subject()] }],
  },
  { route: "bureau.organizations.tsx", forms: orgReview(["admin", ...BUREAUS]) },
  {
    route: "bureau.projects.$id.tsx",
    params: contract,
    strictIntents: true,
    forms: [
      { intent: "revise", fields: { serviceStartOn: "2026-03-01", serviceEndOn: "2027-02-28" }, allowed: ["bureau"], gates: [schema(reviseContractSchema)] },
      { intent: "sign", fields: { version: oneOf("1", "2") }, allowed: ["bureau"], gates: [schema(signContractSchema)] },
      { intent: "terminate", fields: { reason: T }, allowed: ["bureau"], gates: [schema(terminateContractSchema)] },
      // Milestones and tranches are named by id alone: any bureau's own would do.
      { intent: "accept", fields: { subjectId: id("contract_milestones") }, allowed: BUREAUS, gates: [subject()] },
      { intent: "return", fields: { subjectId: id("contract_milestones"), reason: T }, allowed: BUREAUS, gates: [schema(returnMilestoneSchema), subject()] },
      {
        intent: "pay",
        fields: { trancheId: id("payment_tranches"), paidOn: "2026-03-01", amount: "1000.00", reference: T },
        allowed: BUREAUS,
        gates: [schema(paymentSchema), subject("trancheId")],
      },
    ],
  },
  {
    route: "bureau.projects.$id_.outcome.tsx",
    params: completed,
    strictIntents: true,
    forms: [
      { intent: "commission", fields: { evaluatorOrganizationId: id("organizations"), dueOn: "2026-12-31" }, allowed: ["bureau"], gates: [schema(commissionSchema), subject("evaluatorOrganizationId")] },
      { intent: "purchaser", fields: { score: oneOf("88.5", "100", "0"), reasons: T }, allowed: ["bureau"], gates: [schema(purchaserScoreSchema)] },
    ],
  },
  {
    route: "bureau.projects._index.tsx",
    strictIntents: true,
    forms: [{ intent: "generate", fields: { awardId: id("awards"), serviceStartOn: "2026-04-01" }, allowed: BUREAUS, gates: [schema(generateContractSchema), subject("awardId")] }],
  },
  {
    route: "bureau.tenders.$id.tsx",
    params: (f) => ({ id: f.openElderCare }),
    strictIntents: true,
    forms: [
      // The state of the tender alone decides these: only actors who may not act get them.
      ...["publish", "open", "proceed", "end", "copy"].map((intent): Form => ({ intent, files: "documents", fields: {}, allowed: ["bureau"], gates: [] })),
      { intent: "documents", files: "documents", fields: {}, allowed: ["bureau"], gates: ["file"] },
      { intent: "amend", files: "documents", fields: { changes: T, reason: T, affectsBids: oneOf("on", ""), newBidDeadline: () => inDays(45) }, allowed: ["bureau"], gates: [schema(amendmentSchema)] },
      { intent: "cancel", files: "documents", fields: { reason: T }, allowed: ["bureau"], gates: [schema(cancelSchema)] },
      { intent: "answer", files: "documents", fields: { subjectId: id("enquiries"), answer: T }, allowed: BUREAUS, gates: [schema(answerSchema), subject()] },
    ],
  },
  {
    route: "bureau.tenders.$id_.award.tsx",
    params: (f) => ({ id: f.readyToOpen }),
    strictIntents: true,
    forms: [
      { intent: "confirm", fields: { bidId: id("bids"), skipReason: T }, allowed: ["bureau"], gates: [schema(confirmAwardSchema), subject("bidId")] },
      {
        intent: "answer",
        fields: { subjectId: id("challenges"), decision: oneOf("reject", "uphold"), answer: T, remedy: oneOf("reaward", "reevaluate") },
        allowed: BUREAUS,
        gates: [schema(answerChallengeSchema), subject()],
      },
    ],
  },
  {
    route: "bureau.tenders.$id_.committee.tsx",
    params: (f) => ({ id: f.scoring }),
    strictIntents: true,
    forms: [
      { intent: "form", fields: { memberIds: ids("users", 7) }, allowed: ["bureau"], gates: [{ schema: (s) => s.committee }] },
      { intent: "replace", fields: { subjectId: id("committee_members"), newUserId: id("users") }, allowed: ["bureau"], gates: [schema(replacementSchema), subject()] },
    ],
  },
  { route: "bureau.tenders.$id_.edit.tsx", params: (f) => ({ id: f.draft }), forms: [{ fields: TENDER_FIELDS, allowed: ["bureau"], gates: [schema(tenderSchema)] }] },
  {
    route: "bureau.tenders.$id_.indicators.tsx",
    params: (f) => ({ id: f.ventureFunded }),
    forms: [
      {
        fields: {
          "indicators.0.dimension": T,
          "indicators.0.name": T,
          "indicators.0.maxPoints": "60",
          "indicators.0.guidance": T,
          "indicators.1.dimension": T,
          "indicators.1.name": T,
          "indicators.1.maxPoints": "40",
          "indicators.1.guidance": T,
        },
        allowed: ["bureau"],
        gates: [schema(indicatorTemplateSchema)],
      },
    ],
  },
  { route: "bureau.tenders.new.tsx", forms: [{ fields: TENDER_FIELDS, allowed: BUREAUS, gates: [schema(tenderSchema)] }] },
  {
    route: "committee.$tenderId.tsx",
    params: (f) => ({ tenderId: f.scoring }),
    strictIntents: true,
    forms: [
      {
        intent: "declare",
        fields: { "declarations.0.organizationId": id("organizations"), "declarations.0.conflict": oneOf("no", "yes"), "declarations.0.note": T },
        allowed: ["expert"],
        gates: [schema(declarationSchema)],
      },
      {
        intent: "score",
        fields: { subjectId: id("bids"), final: oneOf("", "on"), "scores.0.criterionId": id("tender_criteria"), "scores.0.points": "10", "scores.0.justification": T },
        allowed: ["expert"],
        gates: [{ schema: (s) => s.scoreSheet }, subject()],
      },
    ],
  },
  { route: "community.needs.new.tsx", forms: [{ files: "evidence", fields: NEED_FIELDS, allowed: COMMUNITIES, gates: [schema(needSchema), "file"] }] },
  {
    route: "community.projects.$id.tsx",
    params: contract,
    strictIntents: true,
    forms: [{ intent: "confirm", fields: { subjectId: id("contract_milestones"), status: oneOf("confirmed", "problem"), note: T }, allowed: COMMUNITIES, gates: [schema(confirmationSchema), subject()] }],
  },
  {
    route: "community.projects.$id_.survey.tsx",
    params: completed,
    strictIntents: true,
    forms: [
      { intent: "questions", fields: { "questions.0.text": T, "questions.1.text": T }, allowed: ["community"], gates: [schema(questionsSchema)] },
      { intent: "issue", fields: { count: oneOf("1", "5", "50") }, allowed: ["community"], gates: [schema(issueTokensSchema)] },
    ],
  },
  {
    route: "evaluator.evaluations.$id.tsx",
    params: (f) => ({ id: f.evaluation }),
    strictIntents: true,
    forms: [
      {
        search: "?intent=visit",
        files: "photos",
        fields: { visitedOn: "2026-02-01", place: T, peopleMet: T, notes: T },
        allowed: ["evaluator"],
        gates: [schema(siteVisitSchema), "file"],
      },
      { search: "?intent=evidence", files: "evidenceFiles", fields: {}, allowed: ["evaluator"], gates: ["file"] },
      {
        intent: "score",
        fields: { final: oneOf("", "on"), "scores.0.indicatorId": id("outcome_indicators"), "scores.0.score": "8", "scores.0.justification": T, "scores.0.evidence": T },
        allowed: ["evaluator"],
        gates: [{ schema: (s) => s.outcomeScore }],
      },
    ],
  },
  { route: "lang.ts", forms: [{ fields: { lang: oneOf("zh-CN", "en", "fr", "<script>"), redirectTo: oneOf(...UNSAFE_REDIRECTS, "/tenders") }, allowed: EVERYONE, gates: [], anyAnswer: true }] },
  {
    route: "login.tsx",
    forms: [{ fields: { username: T, password: T, redirectTo: oneOf(...UNSAFE_REDIRECTS) }, allowed: EVERYONE, gates: ["secret", schema(loginSchema)], writes: ["login_attempts"] }],
  },
  { route: "logout.ts", forms: [{ fields: {}, allowed: EVERYONE, gates: [], anyAnswer: true, writes: ["sessions"] }] },
  {
    route: "notifications.tsx",
    forms: [
      { intent: "read", fields: { subjectId: id("notifications") }, allowed: SIGNED_IN, gates: [subject()], noop: true },
      { intent: "readAll", fields: {}, allowed: SIGNED_IN, gates: [] },
      { intent: "unsubscribe", fields: { subjectId: id("subscriptions") }, allowed: SIGNED_IN, gates: [subject()], noop: true },
      {
        intent: "subscribe",
        fields: { categories: oneOf(...SERVICE_CATEGORIES), districtIds: ids("regions", 3), keyword: T, everything: oneOf("on", "") },
        allowed: SIGNED_IN,
        gates: [schema(subscriptionSchema)],
      },
    ],
  },
  { route: "projects.$id_.donate.tsx", params: contract, forms: [{ fields: { amount: oneOf("100", "1", "0.5"), donorName: T, message: T }, allowed: EVERYONE, gates: [schema(donationSchema)] }] },
  {
    route: "register.tsx",
    forms: [
      {
        fields: {
          kind: oneOf("agency", "evaluator"),
          name: T,
          uscc: () => randomUscc(),
          registrationType: "private_non_enterprise",
          serviceCategories: oneOf(...SERVICE_CATEGORIES),
          districtIds: ids("regions", 2),
          contactName: T,
          contactPhone: "13800138000",
          contactEmail: "fuzz@example.cn",
          address: T,
          username,
          displayName: T,
          password: PASSWORD,
        },
        allowed: EVERYONE,
        gates: [schema(registrationSchema)],
      },
    ],
  },
  { route: "resident._index.tsx", forms: [{ intent: "support", fields: { subjectId: id("needs") }, allowed: ["resident"], gates: [subject()] }] },
  {
    route: "resident.needs.new.tsx",
    forms: [{ files: "evidence", fields: { ...NEED_FIELDS, channel: "", gridId: "" }, allowed: ["resident"], gates: [schema(residentNeedSchema), "file"] }],
  },
  {
    route: "survey.$code.tsx",
    params: (f) => ({ code: f.surveyCode }),
    forms: [{ fields: { "answers.0": "5", "answers.1": "4", "answers.2": "3", comment: T }, allowed: EVERYONE, gates: [{ schema: (s) => s.surveyAnswer }], writes: ["rate_limits"] }],
  },
  // A code nobody was given: refused however it is typed, and counted against the address.
  { route: "survey._index.tsx", forms: [{ fields: { code: T }, allowed: EVERYONE, gates: ["secret"], writes: ["rate_limits"] }] },
  { route: "tenders.$id.tsx", params: (f) => ({ id: f.openElderCare }), forms: [{ fields: { question: T }, allowed: AGENCIES, gates: [schema(questionSchema)] }] },
  {
    route: "tenders.$id_.bid.tsx",
    params: (f) => ({ id: f.openElderCare }),
    forms: [
      { intent: "withdraw", files: "attachments", fields: {}, allowed: ["agency"], gates: [] },
      { intent: "confirm", files: "attachments", fields: {}, allowed: ["agency"], gates: [] },
      { intent: "detach", files: "attachments", fields: { subjectId: id("bid_attachments") }, allowed: AGENCIES, gates: [subject()] },
      { intent: "attach", files: "attachments", fields: {}, allowed: AGENCIES, gates: ["file"] },
      {
        intent: "save",
        files: "attachments",
        fields: {
          proposalTitle: T,
          price: "1000.00",
          servicePlan: T,
          activities: T,
          beneficiaries: "100",
          sessions: "10",
          volunteerHours: "5",
          teamStaffIds: ids("staff", 3),
          "budget.0.item": T,
          "budget.0.amount": "1000.00",
        },
        allowed: AGENCIES,
        gates: [schema(bidSchema), "file"],
      },
    ],
  },
  {
    route: "tenders.$id_.challenge.tsx",
    params: (f) => ({ id: f.challenged }),
    forms: [{ files: "evidence", fields: { awardId: id("awards"), subject: T, grounds: T }, allowed: AGENCIES, gates: [schema(challengeSchema), "file"] }],
  },
];

// ---------------------------------------------------------------------------------------------
// Building one request
// ---------------------------------------------------------------------------------------------

interface Draft {
  action: Action;
  form: Form;
  actor: Actor;
  allowed: boolean;
  gate?: Gate;
  entries: [string, string][];
  files: File[];
  multipart: boolean;
  notAForm?: (typeof NOT_FORMS)[number];
  params: Record<string, string>;
  search: string;
  cookie?: string;
}

function instantiate(template: Template, rng: Rng, demo: Demo): [string, string][] {
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(template)) {
    const v = typeof value === "function" ? value(rng, demo) : value;
    for (const item of Array.isArray(v) ? v : [v]) entries.push([name, item]);
  }
  return entries;
}

/** One change that makes a submission more hostile; for allowed actors also one that breaks it. */
function mutate(entries: [string, string][], rng: Rng, demo: Demo, keepIntent: boolean): [string, string][] {
  const names = [...new Set(entries.map(([n]) => n))].filter((n) => !(keepIntent && n === "intent"));
  const target = names.length ? rng.pick(names) : undefined;
  const without = (name: string) => entries.filter(([n]) => n !== name);
  switch (rng.int(8)) {
    case 0: // a missing field
      return target ? without(target) : entries;
    case 1: // a value of the wrong type, a huge one, an edge case
      return target ? [...without(target), [target, junkValue(rng)]] : entries;
    case 2: // a field sent twice (the second one differing)
      return target ? [...entries, [target, junkValue(rng)]] : entries;
    case 3: // a field no form has
      return [...entries, [rng.pick(EXTRA_NAMES), junkValue(rng)]];
    case 4: // a real id of something else
      return target ? [...without(target), [target, id(rng.pick(POOLS))(rng, demo)]] : entries;
    case 5: // an id that does not exist
      return target ? [...without(target), [target, neverId(rng)]] : entries;
    case 6: // the same value many times (a checkbox group without end)
      return target ? [...entries, ...Array.from({ length: 50 + rng.int(500) }, (): [string, string] => [target, rng.pick(WRONG_TYPES)])] : entries;
    default: // unicode and markup around what was there
      return entries.map(([n, v]) => (n === target ? [n, `${rng.pick(UNICODE)}${v}${rng.pick(MARKUP)}`] : [n, v]));
  }
}

function draft(rng: Rng, demo: Demo, action: Action, form: Form, actor: Actor, cookies: Record<string, string | undefined>): Draft {
  const allowed = form.allowed.includes(actor);
  const params = action.params?.(demo.fixtures) ?? {};
  const style = rng.int(10);
  let entries: [string, string][] = style === 0 ? [] : instantiate(form.fields, rng, demo);
  if (style === 1) entries = entries.map(([n]) => [n, junkValue(rng)]);
  for (let i = rng.int(4); i > 0; i -= 1) entries = mutate(entries, rng, demo, allowed);
  // The intent first, as the route reads it (formData.get returns the first of a repeated name).
  // Forged: an intent the route does not know, or (for actors who may not act) another form's.
  const unknown = ["", "INTENT", "<script>alert(1)</script>", "delete", "__proto__", ` ${form.intent}`, form.intent?.toUpperCase() ?? "X"];
  const others = action.forms.flatMap((f) => (f.intent ? [f.intent] : []));
  let intent = form.intent;
  if (form.intent !== undefined && rng.chance(0.1)) {
    if (!allowed) intent = rng.pick([...unknown, ...others, "readAll"]);
    else if (action.strictIntents) intent = rng.pick(unknown);
  }
  if (intent !== undefined && !form.search) entries = [["intent", intent], ...entries.filter(([n]) => n !== "intent" || !allowed)];

  const d: Draft = {
    action,
    form,
    actor,
    allowed,
    entries,
    files: [],
    multipart: Boolean(form.files) && rng.chance(0.5),
    params,
    search: form.search ?? "",
    cookie: actor === "forged" ? rng.pick(HOSTILE_COOKIES) : cookies[actor],
  };
  if (d.multipart && rng.chance(0.6)) d.files = rng.chance(0.5) ? [rng.pick(GOOD_FILES)()] : rng.pick(BAD_FILES)(rng);
  if (!allowed) {
    // Forged route params: an id of another kind of object, one that does not exist, no id at
    // all. Never another object of the same kind: it might be one this actor may act on.
    if (action.params && rng.chance(0.1)) {
      const name = rng.pick(Object.keys(params));
      const kind = POOLS.find((pool) => demo.pools[pool].includes(params[name]));
      d.params = { ...params, [name]: rng.chance(0.5) ? id(rng.pick(POOLS.filter((pool) => pool !== kind)))(rng, demo) : neverId(rng) };
    }
    if (rng.chance(0.03)) d.search = `?redirectTo=${encodeURIComponent(rng.pick(UNSAFE_REDIRECTS))}&x=${encodeURIComponent(rng.pick(MARKUP))}`;
  }
  if (rng.chance(0.03)) d.notAForm = rng.pick(NOT_FORMS);
  return d;
}

function toRequest(d: Draft): Request {
  const url = ORIGIN + routePath(d.action.route, d.params) + d.search;
  const headers = new Headers();
  if (d.cookie) headers.set("Cookie", d.cookie);
  if (d.notAForm) {
    if (d.notAForm.contentType) headers.set("Content-Type", d.notAForm.contentType);
    return new Request(url, { method: "POST", body: d.notAForm.body(), headers });
  }
  if (d.multipart) {
    const body = new FormData();
    for (const [name, value] of d.entries) body.append(name, value);
    for (const file of d.files) body.append(d.form.files!, file);
    return new Request(url, { method: "POST", body, headers });
  }
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  return new Request(url, { method: "POST", body: new URLSearchParams(d.entries), headers });
}

/** The fields the route validates: the form's text fields, without the file input's name. */
async function submittedFields(d: Draft): Promise<FormData> {
  const parsed = await toRequest(d).formData();
  if (!d.multipart) return parsed;
  const fields = new FormData();
  for (const [name, value] of parsed.entries()) if (typeof value === "string" && name !== d.form.files) fields.append(name, value);
  return fields;
}

/**
 * Makes an allowed actor's submission one the action certainly refuses, by one of the form's
 * gates; false when that did not work out (the caller draws another request).
 */
async function enforceGate(d: Draft, rng: Rng, demo: Demo, schemas: DynamicSchemas): Promise<boolean> {
  if (d.notAForm) return true;
  const gate = rng.pick(d.form.gates);
  d.gate = gate;
  if (gate === "secret") return true;
  if (gate === "file") {
    d.multipart = true;
    d.files = [...(rng.chance(0.3) ? [rng.pick(GOOD_FILES)()] : []), ...rng.pick(BAD_FILES)(rng)];
    return true;
  }
  if ("subject" in gate) {
    // Never empty: an optional id left empty is no id, and the action might do without.
    d.entries = [...d.entries.filter(([n]) => n !== gate.subject), [gate.subject, neverId(rng) || rng.uuid()]];
    return true;
  }
  const s = gate.schema(schemas);
  for (let attempt = 0; attempt < 30; attempt += 1) {
    const { errors } = await validateSubmission(await submittedFields(d), s);
    if (errors) return true;
    d.entries = mutate(d.entries, rng, demo, true);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

type RouteModule = { action: (args: unknown) => Promise<unknown> };
const modules = new Map<string, RouteModule>();
async function moduleOf(route: string) {
  let module = modules.get(route);
  if (!module) {
    module = (await import(/* @vite-ignore */ `../../app/routes/${route.replace(/\.tsx?$/, "")}`)) as RouteModule;
    modules.set(route, module);
  }
  return module;
}

function describeDraft(d: Draft) {
  const short = (s: string) => (s.length > 60 ? `${JSON.stringify(s.slice(0, 60))}…(${s.length})` : JSON.stringify(s));
  const fields = d.entries.slice(0, 12).map(([n, v]) => `${short(n)}=${short(v)}`);
  if (d.entries.length > 12) fields.push(`…${d.entries.length - 12} more`);
  const body = d.notAForm ? `not a form (${d.notAForm.contentType ?? "no type"})` : `${d.multipart ? "multipart" : "urlencoded"} {${fields.join(", ")}}${d.files.length ? ` files [${d.files.map((f) => `${f.name.slice(0, 30)}:${f.size}`).join(", ")}]` : ""}`;
  const gate = d.gate ? ` gate ${typeof d.gate === "string" ? d.gate : "subject" in d.gate ? `subject ${d.gate.subject}` : "schema"}` : "";
  return `${d.action.route} ${d.form.intent ?? d.form.search ?? ""} by ${d.actor}${d.allowed ? ` (allowed,${gate})` : ""} params ${JSON.stringify(d.params)}${d.search}: ${body}`;
}

function isSafeLocation(location: string) {
  try {
    return new URL(location, ORIGIN).origin === ORIGIN;
  } catch {
    return false;
  }
}

/** The answer's status (a redirect to sign-in apart) and what is wrong with it, if anything. */
async function check(d: Draft): Promise<{ status: string; problem?: string }> {
  const module = await moduleOf(d.action.route);
  const request = toRequest(d);
  let response: Response;
  try {
    response = await settle(() => module.action({ request, params: d.params, context }));
  } catch (error) {
    return { status: "500", problem: `500: threw ${error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : String(error)}` };
  }
  const location = response.headers.get("Location");
  const signIn = response.status >= 300 && response.status < 400 && Boolean(location?.startsWith("/login?"));
  const status = signIn ? "sign-in" : String(response.status);
  const webhookOff = d.action.route === "api.stripe.webhook.ts" && response.status === 503;
  if (response.status >= 500 && !webhookOff) return { status, problem: `${status}: ${(await response.text()).slice(0, 200)}` };
  const refused = (response.status >= 400 && response.status < 500) || webhookOff || signIn;
  if (!refused && !d.form.anyAnswer && !(d.allowed && d.form.noop)) return { status, problem: `accepted (${status}${location ? ` → ${location}` : ""})` };
  if (location && !isSafeLocation(location)) return { status, problem: `redirects off the site: ${JSON.stringify(location)}` };
  const type = response.headers.get("Content-Type") ?? "";
  const body = await response.text();
  if (type.startsWith("application/json")) {
    try {
      const data = JSON.parse(body) as { values?: Record<string, unknown> };
      const leaked = Object.keys(data.values ?? {}).filter((k) => /password/i.test(k));
      if (leaked.length) return { status, problem: `answer repeats ${leaked.join(", ")}` };
    } catch {
      return { status, problem: `answer claims JSON but is not: ${body.slice(0, 100)}` };
    }
  } else {
    const lower = body.toLowerCase();
    const echoed = MARKUP_PROBES.find((probe) => lower.includes(probe));
    if (echoed) return { status, problem: `${type || "untyped"} answer contains posted markup (${echoed}): ${body.slice(0, 200)}` };
  }
  return { status };
}

/** Every table with its row count and the rows written since the transaction id `since`. */
async function writesSince(tables: string[], since: bigint) {
  const parts = tables.map(
    (t) => sql`select ${t} as t, count(*)::int as n, (count(*) filter (where xmin::text::bigint > ${since.toString()}::bigint))::int as w from ${sql.identifier(t)}`,
  );
  return sqlRows<{ t: string; n: number; w: number }>(sql.join(parts, sql` union all `));
}

async function currentTransactionId() {
  const [row] = await sqlRows<{ xid: string }>(sql`select (txid_current() % 4294967296)::text as xid`);
  return BigInt(row.xid);
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

describe("fuzzing every action", () => {
  let demo: Demo;
  let schemas: DynamicSchemas;
  let tables: string[];
  const users: Partial<Record<Actor, string>> = {};
  const cookies: Record<string, string | undefined> = {};

  async function signIn() {
    for (const [label] of ACTORS) cookies[label] = users[label] ? await cookieFor(users[label]!) : undefined;
  }

  beforeAll(async () => {
    demo = await loadDemo();
    for (const [label, name] of ACTORS) if (name) users[label] = await userId(name);
    await signIn();
    const [bureau, evaluator] = [await sessionUser({ username: "bureau.jinshui" }), await sessionUser({ username: "evaluator.demo" })];
    const f = demo.fixtures;
    schemas = {
      committee: committeeSchema(await committeeFormRules(db, bureau, f.scoring)) as Schema,
      scoreSheet: scoreSheetSchema(await criteriaMaxPoints(db, f.scoring)) as Schema,
      outcomeScore: outcomeScoreSchema(await evaluationMaxPoints(db, evaluator, f.evaluation)) as Schema,
      surveyAnswer: surveyAnswerSchema(Math.max(await questionCountForCode(db, f.surveyCode), 1)) as Schema,
    };
    for (const action of ACTIONS) await moduleOf(action.route);
    tables = (await sqlRows<{ name: string }>(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`)).map((r) => r.name);
  }, 120_000);

  it("has a fuzz target for every route module with an action", () => {
    const dir = path.resolve(__dirname, "../../app/routes");
    const withAction = fs
      .readdirSync(dir)
      .filter((f) => /\.tsx?$/.test(f))
      .filter((f) => /export (async function|const) action\b/.test(fs.readFileSync(path.join(dir, f), "utf8")));
    const covered = new Set(ACTIONS.map((a) => a.route));
    expect(withAction.filter((f) => !covered.has(f)), "routes with an action but no fuzz target").toEqual([]);
    expect([...covered].filter((f) => !withAction.includes(f)), "fuzz targets without a route action").toEqual([]);
  });

  it(`answers ${PAYLOADS} hostile submissions without a 5xx, a write or echoed markup`, { timeout: 900_000 }, async () => {
    console.log(`fuzz: FUZZ_SEED=${SEED}, ${PAYLOADS} payloads, ${CONCURRENCY} at a time`);
    const rng = new Rng(SEED);
    // A fair share for every form of every action, in random order.
    const forms = ACTIONS.flatMap((action) => action.forms.map((form) => ({ action, form })));
    const plan = Array.from({ length: PAYLOADS }, (_, i) => forms[i % forms.length]);
    for (let i = plan.length - 1; i > 0; i -= 1) {
      const j = rng.int(i + 1);
      [plan[i], plan[j]] = [plan[j], plan[i]];
    }

    const failures: string[] = [];
    const fail = (message: string) => {
      if (failures.length < 200) failures.push(message);
    };
    const counts = { sent: 0, allowed: 0, multipart: 0, notAForm: 0 };
    const statuses = new Map<string, number>();
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).join();
    const started = performance.now();
    let before: Map<string, number> | undefined;

    for (let offset = 0; offset < plan.length; offset += CONCURRENCY) {
      const batch: Draft[] = [];
      for (const { action, form } of plan.slice(offset, offset + CONCURRENCY)) {
        let d: Draft | undefined;
        while (!d) {
          // Allowed actors get a third of a form's payloads, if any gate can refuse them.
          const gated = (form.gates.length > 0 || form.anyAnswer) && form.allowed.length > 0;
          const others = EVERYONE.filter((a) => !form.allowed.includes(a));
          // The same role for another bureau, community or organization passes the role check:
          // its hostile but valid submissions are the ones that test the commands' own scoping.
          const near = others.filter((a) => a.endsWith("*") && form.allowed.includes(a.slice(0, -1) as Actor));
          const pool = gated && rng.chance(1 / 3) ? form.allowed : near.length && rng.chance(0.4) ? near : others;
          const actor = rng.pick(pool.length ? pool : form.allowed);
          const candidate = draft(rng, demo, action, form, actor, cookies);
          if (candidate.allowed && !form.anyAnswer && !(await enforceGate(candidate, rng, demo, schemas))) continue;
          d = candidate;
        }
        // Signing out ends sessions: never the ones the other requests of the batch use.
        if (form.writes?.includes("sessions") && users[d.actor]) {
          d.cookie = await cookieFor(users[d.actor]!);
          before = undefined;
        }
        batch.push(d);
      }

      const since = await currentTransactionId();
      // Row counts as the last batch left them, unless signing in or out wrote sessions since.
      before ??= new Map((await writesSince(tables, since)).map((r) => [r.t, r.n]));
      const outcomes = await Promise.all(batch.map((d) => check(d)));
      outcomes.forEach(({ status, problem }, i) => {
        const key = `${batch[i].allowed ? "allowed" : "others"} ${status}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (problem) fail(`${problem}\n    ${describeDraft(batch[i])}`);
      });

      const mayWrite = new Set(batch.flatMap((d) => d.form.writes ?? []));
      const after = await writesSince(tables, since);
      const written = after.filter((r) => !mayWrite.has(r.t) && (r.w > 0 || r.n !== before!.get(r.t)));
      if (written.length) {
        fail(`batch ${offset / CONCURRENCY} wrote ${written.map((r) => `${r.t} (${r.w} rows written, ${before!.get(r.t)} → ${r.n})`).join(", ")}:\n${batch.map((d) => `    ${describeDraft(d)}`).join("\n")}`);
      }
      if (Object.getOwnPropertyNames(Object.prototype).join() !== prototypeKeys || "polluted" in {}) fail(`batch ${offset / CONCURRENCY} polluted Object.prototype`);
      before = new Map(after.map((r) => [r.t, r.n]));
      if (batch.some((d) => d.form.writes?.includes("sessions") && d.action.route === "account.tsx")) {
        await signIn();
        before = undefined;
      }

      for (const d of batch) {
        counts.sent += 1;
        if (d.allowed) counts.allowed += 1;
        if (d.multipart) counts.multipart += 1;
        if (d.notAForm) counts.notAForm += 1;
      }
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const answers = [...statuses].sort().map(([key, n]) => `${key}: ${n}`).join(", ");
    console.log(`fuzz: ${counts.sent} sent in ${seconds} s (${counts.allowed} by allowed actors, ${counts.multipart} multipart, ${counts.notAForm} not a form); answers ${answers}; ${failures.length} failures`);
    expect(counts.sent).toBe(PAYLOADS);
    expect(failures.slice(0, 25).join("\n\n"), `FUZZ_SEED=${SEED} reproduces these payloads`).toBe("");
  });
});
