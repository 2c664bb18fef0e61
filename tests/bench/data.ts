/**
 * npm run bench:data -- --scale N [--reset]
 *
 * Fills the DATABASE_URL PostgreSQL database with generated, internally consistent data: at
 * scale 1 one city the size of Zhengzhou (616 communities, 4,650 organizations, 3,000 tenders
 * with their needs, 15,000 bids, 2,500 contracts with their milestones, progress reports and
 * payments, 100,000 survey answers, the audit entries of all of it), N cities at scale N.
 *
 * Rows are built in memory one city at a time and written set-based: one COPY per table and
 * city, and survey tokens and answers expanded on the server (INSERT … SELECT … generate_series
 * over their batches). Nothing goes through the app row by row. While loading, the session runs
 * with session_replication_role = replica (no per-row foreign-key or statistics triggers); every
 * foreign key is then checked with one query each, and the statistics version moves once.
 * What only Node can compute is computed here: USCC check characters, AES-GCM sealed bids (the
 * app's own `seal`, so the server opens them with the same BID_SEALING_KEY), scrypt for the
 * shared password, and the audit hash chain (the app's own `hashEntry`), so `npm run
 * audit:verify` passes afterwards.
 *
 * The data follows the domain's rules and the app's own arithmetic: a tender's needs are in its
 * bureau's district and were accepted before it; bids come from verified organizations of that
 * district before the deadline, one per organization; opened tenders have their opening record;
 * committees (the officer and experts, sized by the method's rules) declare and score, and the
 * ranking, deviation flags and venture funding are computed from their sheets (scoring.ts);
 * awards go to rank 1 or to every funded proposal. The oldest 2,500 final awards have contracts
 * (signatures, one milestone and tranche per row of the payment plan, amounts split in fen);
 * reports are submitted after their period, confirmed by the service communities (some returned
 * and revised), accepted, then paid; evaluations are commissioned near the end of the service
 * period, tokens go to the people served, answers come in before the grade, and the composite
 * and grade (composite.ts) decide the final tranche; two 不合格 within three years propose the
 * organization for the abnormal list. Budget lines hold exactly what their tenders reserve,
 * commit and have paid, movement by movement. Every step of a life happens before now, or not
 * yet. Not generated: enquiries, amendments, challenges, documents and attachments, donations.
 *
 * One section per domain (`SECTIONS` below): a section receives the city's generated world and
 * adds rows and audit entries to it.
 */
import crypto from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { translator } from "~/i18n";
import { GENESIS_HASH, hashEntry } from "~/modules/audit/audit.server";
import { canonicalJson } from "~/modules/audit/canonical-json";
import { hashPassword } from "~/modules/auth/password.server";
import { minCommitteeSize, toCommitteeMethod } from "~/modules/bid-evaluation/committee-rules";
import { criterionMeans, deviationFlags, fundVentureProposals, rankBidsWithDraw, recommendCandidates, round2 } from "~/modules/bid-evaluation/scoring";
import { seal } from "~/modules/bids/sealing.server";
import { formatFen, splitByPercentages } from "~/modules/budgets/money";
import type { ContractContent } from "~/modules/contracts/contract-content";
import { addDays, contractNumber, daysBetween, firstDayOfNextMonth, milestoneDueDates, servicePeriodEnd } from "~/modules/contracts/contract-rules";
import { FAILURE_WINDOW_YEARS, failuresToPropose } from "~/modules/credit/credit-rules";
import { SERVICE_CATEGORIES } from "~/modules/needs/service-categories";
import { makeUscc } from "~/modules/orgs/uscc";
import { compositeScore, GRADE_CODE_OF, satisfactionScore } from "~/modules/outcomes/composite";
import { DEFAULT_INDICATORS } from "~/modules/outcomes/indicators";
import { CODE_ALPHABET, CODE_LENGTH, DEFAULT_QUESTIONS, tokenExpiry } from "~/modules/surveys/survey-rules";
import { BENCH_PASSWORD, BENCH_SEALING_KEY, elapsed, parseScale, PER_CITY } from "./common";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const YUAN = 100;
const BATCH = 5_000;
/** The bureaus' procurement hotline, on every tender and contract. */
const TENDER_PHONE = "0371-65951826";

// ---------------------------------------------------------------------------------------------
// Randomness: seeded, so that two runs at one scale generate the same world.
// ---------------------------------------------------------------------------------------------

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let random = mulberry32(2026);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
/** UUIDs from the seeded generator (version 4 layout). */
function uuid(): string {
  const b = Buffer.alloc(16);
  for (let i = 0; i < 16; i += 4) b.writeUInt32LE(Math.floor(random() * 2 ** 32), i);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
function sample<T>(pool: readonly T[], k: number): T[] {
  const copy = pool.slice();
  const out: T[] = [];
  for (let i = 0; i < k && copy.length > 0; i++) {
    const j = Math.floor(random() * copy.length);
    out.push(copy[j]);
    copy[j] = copy[copy.length - 1];
    copy.pop();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writing: COPY for rows built here, INSERT … SELECT … generate_series for rows expanded on the server
// ---------------------------------------------------------------------------------------------

type Sql = postgres.Sql;
/** Column name and PostgreSQL type; jsonb, bytea (hex) and arrays (`{a,b}`) travel as text. */
type Column = [name: string, type: string];
type Row = unknown[];

let client: Sql;
const written: Record<string, number> = {};

/** A value as PostgreSQL's text input reads it. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** A value as a field of COPY's text format: \N for null, backslash escapes, bytea as \\x hex. */
function copyField(value: unknown, type: string): string {
  const text = asText(value);
  if (text === null) return "\\N";
  if (type === "bytea") return `\\\\x${text}`;
  return text.replace(/[\\\n\r\t]/g, (c) => (c === "\\" ? "\\\\" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\t"));
}

/** The rows as COPY text, BATCH lines at a time. */
function* copyLines(columns: Column[], rows: Row[]) {
  for (let start = 0; start < rows.length; start += BATCH) {
    let chunk = "";
    for (const row of rows.slice(start, start + BATCH)) chunk += `${columns.map(([, type], c) => copyField(row[c], type)).join("\t")}\n`;
    yield chunk;
  }
}

/** Writes rows with one COPY … FROM STDIN per table: the server parses each column as its own type. */
async function insert(table: string, columns: Column[], rows: Row[]) {
  if (rows.length > 0) {
    const names = columns.map(([name]) => name).join(", ");
    const stream = await client.unsafe(`copy ${table} (${names}) from stdin`).writable();
    await pipeline(Readable.from(copyLines(columns, rows)), stream);
  }
  written[table] = (written[table] ?? 0) + rows.length;
}

/** Budget movements of the city's tenders, written with the section that made them. */
const pendingMovements: Row[] = [];
function movement(tender: Tender, kind: string, amount: number, at: number) {
  pendingMovements.push([uuid(), tender.line.id, kind, amount, "tender", tender.id, tender.district.officerId, new Date(at)]);
}
async function flushMovements() {
  const rows = pendingMovements.splice(0);
  await insert("budget_movements", [["id", "uuid"], ["budget_line_id", "uuid"], ["kind", "budget_movement_kind"], ["amount", "int8"], ["subject_type", "text"], ["subject_id", "uuid"], ["actor_id", "uuid"], ["at", "timestamptz"]], rows);
  return rows.length;
}

// ---------------------------------------------------------------------------------------------
// The world of one city, filled section by section
// ---------------------------------------------------------------------------------------------

interface Region {
  id: string;
  code: string;
  nameZh: string;
}
interface District extends Region {
  bureauId: string;
  bureauName: string;
  officerId: string;
  communities: Community[];
  /** Verified agencies on no credit list whose home district this is: the bidders. */
  bidders: Organization[];
  lines: Map<string, BudgetLine>;
}
interface Community extends Region {
  staffUserId: string;
}
interface Organization {
  id: string;
  name: string;
  uscc: string;
  ownerId: string;
  contactName: string;
  contactPhone: string;
  credit: "normal" | "abnormal" | "serious_dishonesty";
  staff: { id: string; name: string; qualification: string }[];
}
interface BudgetLine {
  id: string;
  bureauId: string;
  fiscalYear: number;
  fundSource: string;
  reserved: number;
  committed: number;
  paid: number;
}
type Status = "draft" | "open" | "closed" | "opened" | "evaluating" | "recommended" | "publicity" | "awarded" | "cancelled" | "unsuccessful";
interface Tender {
  id: string;
  district: District;
  line: BudgetLine;
  title: string;
  category: string;
  method: "open_tender" | "competitive_consultation" | "venture_call";
  ceiling: number;
  pricePoints: number;
  status: Status;
  createdAt: number;
  publishedAt: number;
  enquiryDeadline: number;
  bidDeadline: number;
  openedAt: number;
  awardedAt: number;
  bidCount: number;
  needIds: string[];
  communityIds: string[];
  /** Its service communities, in official code order (the contract lists them so). */
  communities: Community[];
  contactName: string;
  servicePeriodMonths: number;
  /** The payment plan: one contract milestone and tranche per row. */
  tranchePlan: { milestone: string; percentage: number }[];
  /** Outcome indicators (DEFAULT_INDICATORS) in template order. */
  indicatorIds: string[];
  /** The non-price criteria; their points and the price points sum to 100. */
  criteria: { id: string; name: string; description: string; maxPoints: number }[];
}
interface AuditInput {
  at: number;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
}
interface City {
  index: number;
  id: string;
  code: string;
  nameZh: string;
  districts: District[];
  tenders: Tender[];
  /** Verified evaluation organizations on no credit list: who may be commissioned. */
  evaluators: Organization[];
}

const zh = translator("zh-CN");
const NOW = Date.now();
let adminId: string;
let passwordHash: string;
/** Audit entries of every city, chained at the end in time order. */
const audit: AuditInput[] = [];

const DISTRICT_NAMES = ["中原区", "二七区", "管城回族区", "金水区", "上街区", "惠济区", "中牟县", "巩义市", "荥阳市", "新密市", "新郑市", "登封市"];
const STREET_WORDS = ["建设路", "人民路", "文化路", "花园路", "解放路", "大学路", "嵩山路", "长江路", "黄河路", "紫荆山", "东风路", "农业路"];
const COMMUNITY_WORDS = ["和平", "幸福", "阳光", "春华", "秋实", "明德", "安居", "康宁", "同心", "锦绣", "丰乐", "映月", "金沙", "青峰", "友爱", "育才"];
const ORG_WORDS = ["暖心", "同行", "启航", "安源", "和谐", "馨苑", "惠民", "邻里", "众善", "乐群", "晨光", "益心", "守望", "同伴", "恒爱", "彩虹"];
const PEOPLE = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周婷", "吴昊", "徐丽", "孙强", "马琳", "朱红", "胡军", "郭佳"];
const QUALIFICATIONS = ["assistant_social_worker", "social_worker", "social_worker", "senior_social_worker"];
const FUND_SOURCES = ["general_budget", "welfare_lottery", "higher_transfer", "donations"];
/** Elderly care and children lead, as in the study; the rest share what is left. */
const CATEGORY_WEIGHTS: [string, number][] = SERVICE_CATEGORIES.map((c) => [c, c === "elderly_care" ? 30 : c === "children_youth" ? 15 : c === "other" ? 3 : 7]);

function weightedCategory() {
  const total = CATEGORY_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [c, w] of CATEGORY_WEIGHTS) if ((r -= w) < 0) return c;
  return "other";
}

// ---- places: city → districts → streets → communities; one bureau per district -------------

async function places(city: City) {
  const regions: Row[] = [[city.id, null, "city", city.code, city.nameZh, `Sample City ${city.index}`]];
  const bureaus: Row[] = [];
  const users: Row[] = [];
  const memberships: Row[] = [];
  let community = 0;
  const streetsPerCity = PER_CITY.districts * PER_CITY.streetsPerDistrict;
  const streets: { id: string; code: string; district: District }[] = [];
  for (let d = 0; d < PER_CITY.districts; d++) {
    const code = String(Number(city.code) + d + 1);
    const district: District = {
      id: uuid(),
      code,
      nameZh: city.index === 1 ? DISTRICT_NAMES[d] : `${city.nameZh.slice(0, -1)}${DISTRICT_NAMES[d]}`,
      bureauId: uuid(),
      bureauName: "",
      officerId: uuid(),
      communities: [],
      bidders: [],
      lines: new Map(),
    };
    district.bureauName = `${district.nameZh}民政局`;
    city.districts.push(district);
    regions.push([district.id, city.id, "district", code, district.nameZh, `District ${city.index}-${d + 1}`]);
    bureaus.push([district.bureauId, district.id, district.bureauName, `Civil Affairs Bureau ${city.index}-${d + 1}`]);
    users.push([district.officerId, `bureau.c${city.index}.d${d + 1}`, `${district.nameZh}民政局科员`, passwordHash]);
    memberships.push([uuid(), district.officerId, "bureau", district.bureauId, null]);
    for (let s = 0; s < PER_CITY.streetsPerDistrict; s++) {
      const street = { id: uuid(), code: `${code}${String(s + 1).padStart(3, "0")}`, district };
      streets.push(street);
      regions.push([street.id, district.id, "street", street.code, `${STREET_WORDS[(s + d) % STREET_WORDS.length]}街道`, `Street ${street.code}`]);
    }
  }
  // 616 communities spread over the 96 streets.
  for (let k = 0; k < PER_CITY.communities; k++) {
    const street = streets[k % streetsPerCity];
    const n = Math.floor(k / streetsPerCity) + 1;
    const c: Community = {
      id: uuid(),
      code: `${street.code}${String(n).padStart(3, "0")}`,
      nameZh: `${COMMUNITY_WORDS[(k * 7) % COMMUNITY_WORDS.length]}${n > 1 ? n : ""}社区`,
      staffUserId: uuid(),
    };
    street.district.communities.push(c);
    regions.push([c.id, street.id, "community", c.code, c.nameZh, `Community ${c.code}`]);
    users.push([c.staffUserId, `community.c${city.index}.${k + 1}`, `${c.nameZh}社工`, passwordHash]);
    memberships.push([uuid(), c.staffUserId, "community", null, c.id]);
    community += 1;
  }
  await insert("regions", [["id", "uuid"], ["parent_id", "uuid"], ["level", "region_level"], ["code", "text"], ["name_zh", "text"], ["name_en", "text"]], regions);
  await insert("bureaus", [["id", "uuid"], ["district_id", "uuid"], ["name_zh", "text"], ["name_en", "text"]], bureaus);
  await insert("users", [["id", "uuid"], ["username", "text"], ["display_name", "text"], ["password_hash", "text"]], users);
  await insert("memberships", [["id", "uuid"], ["user_id", "uuid"], ["role", "membership_role"], ["bureau_id", "uuid"], ["community_id", "uuid"]], memberships);
  return `${city.districts.length} districts, ${streets.length} streets, ${community} communities, ${city.districts.length} bureaus`;
}

// ---- organizations: agencies and evaluators, owners, districts served, social workers --------

async function organizations(city: City) {
  const orgs: Row[] = [];
  const users: Row[] = [];
  const members: Row[] = [];
  const served: Row[] = [];
  const staff: Row[] = [];
  for (let i = 0; i < PER_CITY.organizations; i++) {
    const district = city.districts[i % city.districts.length];
    const evaluator = i >= PER_CITY.organizations - PER_CITY.evaluators;
    const typeRoll = random();
    const [registrationType, typeDigit] = evaluator || typeRoll < 0.7 ? ["private_non_enterprise", "2"] : typeRoll < 0.9 ? ["social_group", "1"] : ["foundation", "3"];
    const org: Organization = {
      id: uuid(),
      name: evaluator ? `${district.nameZh}${pick(ORG_WORDS)}社会服务评估中心（样例${city.index}-${i + 1}）` : `${district.nameZh}${pick(ORG_WORDS)}${pick(ORG_WORDS)}社会工作服务中心（样例${city.index}-${i + 1}）`,
      uscc: makeUscc(`5${typeDigit}${district.code}${String(city.index * 100_000 + i).padStart(9, "0")}`),
      ownerId: uuid(),
      contactName: pick(PEOPLE),
      contactPhone: `0371-6${String(int(0, 9_999_999)).padStart(7, "0")}`,
      credit: "normal",
      staff: [],
    };
    const roll = random();
    const verification = roll < 0.92 ? "verified" : roll < 0.97 ? "pending" : "rejected";
    const creditRoll = random();
    const credit = verification !== "verified" ? "normal" : creditRoll < 0.01 ? "abnormal" : creditRoll < 0.013 ? "serious_dishonesty" : "normal";
    org.credit = credit;
    const createdAt = NOW - int(400, 1500) * DAY;
    const verifiedAt = createdAt + int(1, 20) * DAY;
    const categories = sample(SERVICE_CATEGORIES.slice(0, -1), int(1, 3));
    const grade = random() < 0.35 ? pick(["2A", "3A", "3A", "4A", "5A"]) : null;
    orgs.push([
      org.id,
      evaluator ? "evaluator" : "agency",
      org.name,
      org.uscc,
      registrationType,
      `{${categories.join(",")}}`,
      org.contactName,
      org.contactPhone,
      grade,
      grade ? new Date(verifiedAt).toISOString().slice(0, 10) : null,
      verification,
      verification === "rejected" ? "登记证书信息与登记管理机关记录不一致" : null,
      verification === "pending" ? null : new Date(verifiedAt),
      verification === "pending" ? null : adminId,
      credit,
      credit === "normal" ? null : "未按规定报送年度工作报告",
      credit === "normal" ? null : new Date(verifiedAt + 30 * DAY),
      new Date(createdAt),
    ]);
    users.push([org.ownerId, `org.c${city.index}.${i + 1}`, `${pick(PEOPLE)}`, passwordHash]);
    members.push([uuid(), org.id, org.ownerId, "owner"]);
    served.push([org.id, district.id]);
    if (random() < 0.3) {
      const other = pick(city.districts);
      if (other !== district) served.push([org.id, other.id]);
    }
    for (let s = 0; s < PER_CITY.staffPerOrganization; s++) {
      const person = { id: uuid(), name: `${pick(PEOPLE)}${s + 1}`, qualification: pick(QUALIFICATIONS) };
      org.staff.push(person);
      staff.push([person.id, org.id, person.name, person.qualification, null, new Date(createdAt)]);
    }
    if (!evaluator && verification === "verified" && credit === "normal") district.bidders.push(org);
    if (evaluator && verification === "verified" && credit === "normal") city.evaluators.push(org);
    audit.push({ at: createdAt, actorId: org.ownerId, action: "organization.register", subjectType: "organization", subjectId: org.id, after: { name: org.name, uscc: org.uscc } });
    if (verification !== "pending") {
      const decision = verification === "verified" ? "verify" : "reject";
      audit.push({ at: verifiedAt, actorId: adminId, action: `organization.${decision}`, subjectType: "organization", subjectId: org.id, before: { verificationStatus: "pending" }, after: { verificationStatus: verification } });
    }
  }
  await insert("users", [["id", "uuid"], ["username", "text"], ["display_name", "text"], ["password_hash", "text"]], users);
  await insert(
    "organizations",
    [
      ["id", "uuid"],
      ["kind", "organization_kind"],
      ["name", "text"],
      ["uscc", "text"],
      ["registration_type", "registration_type"],
      ["service_categories", "text[]"],
      ["contact_name", "text"],
      ["contact_phone", "text"],
      ["grade", "text"],
      ["grade_awarded_on", "date"],
      ["verification_status", "verification_status"],
      ["verification_reason", "text"],
      ["verified_at", "timestamptz"],
      ["verified_by", "uuid"],
      ["credit_status", "credit_status"],
      ["credit_reason", "text"],
      ["credit_changed_at", "timestamptz"],
      ["created_at", "timestamptz"],
    ],
    orgs,
  );
  await insert("organization_members", [["id", "uuid"], ["organization_id", "uuid"], ["user_id", "uuid"], ["member_role", "member_role"]], members);
  await insert("organization_districts", [["organization_id", "uuid"], ["district_id", "uuid"]], served);
  await insert("staff", [["id", "uuid"], ["organization_id", "uuid"], ["name", "text"], ["qualification", "qualification_level"], ["certificate_no", "text"], ["created_at", "timestamptz"]], staff);
  return `${orgs.length} organizations (${PER_CITY.evaluators} evaluators), ${staff.length} social workers`;
}

// ---- tenders with their needs, communities, criteria, tranches, indicators --------------------

/** Status shares: most tenders of two years are done; some open now, some in each later stage. */
const STATUS_SHARES: [Status, number][] = [
  ["draft", 0.03],
  ["open", 0.12],
  ["closed", 0.03],
  ["opened", 0.03],
  ["evaluating", 0.04],
  ["recommended", 0.03],
  ["publicity", 0.03],
  ["awarded", 0.59],
  ["cancelled", 0.05],
  ["unsuccessful", 0.05],
];

/**
 * Each tender's stage and method in exact shares, shuffled (a quota, not a draw per tender): a
 * tenth of each stage are venture calls, three tenths consultations, the rest open tenders (all
 * unsuccessful ones, left with too few bids). So a city's number of final awards, and with it
 * how many wait for a contract, varies little.
 */
function tenderSlots(n: number): [Status, Tender["method"]][] {
  const slots: [Status, Tender["method"]][] = [];
  STATUS_SHARES.forEach(([status, share], k) => {
    const count = k === STATUS_SHARES.length - 1 ? n - slots.length : Math.round(share * n);
    for (let j = 0; j < count; j++) {
      const f = (j + 0.5) / count;
      slots.push([status, status === "unsuccessful" || f < 0.6 ? "open_tender" : f < 0.9 ? "competitive_consultation" : "venture_call"]);
    }
  });
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [slots[i], slots[j]] = [slots[j], slots[i]];
  }
  return slots;
}

/** Bids per tender before the city's total is made exact; a venture call draws many small proposals. */
function initialBidCount(status: Status, method: Tender["method"]) {
  if (status === "draft" || status === "cancelled") return 0;
  if (status === "unsuccessful") return int(1, 2);
  if (status === "open") return int(0, 6);
  return method === "venture_call" ? int(7, 12) : int(3, 8);
}

/** The payment plan of every tender: on signing, mid-term acceptance, outcome evaluation. */
const TRANCHE_PLAN = [
  { milestone: "合同签订", percentage: 30 },
  { milestone: "中期验收", percentage: 40 },
  { milestone: "绩效评估", percentage: 30 },
];

function lineFor(district: District, year: number): BudgetLine {
  const source = random() < 0.6 ? "general_budget" : pick(FUND_SOURCES);
  const key = `${year}:${source}`;
  let line = district.lines.get(key);
  if (!line) {
    line = { id: uuid(), bureauId: district.bureauId, fiscalYear: year, fundSource: source, reserved: 0, committed: 0, paid: 0 };
    district.lines.set(key, line);
  }
  return line;
}

async function tenders(city: City) {
  const tenderRows: Row[] = [];
  const needRows: Row[] = [];
  const tenderNeeds: Row[] = [];
  const tenderCommunities: Row[] = [];
  const criteria: Row[] = [];
  const tranches: Row[] = [];
  const indicators: Row[] = [];
  const t = (key: string) => zh(key);
  const slots = tenderSlots(PER_CITY.tenders);
  for (let i = 0; i < PER_CITY.tenders; i++) {
    const district = city.districts[i % city.districts.length];
    const [status, method] = slots[i];
    const category = weightedCategory();
    const minDays = method === "open_tender" ? 20 : 10;
    // When the bids close, by stage: open ones in the future, the finished ones up to two years back.
    const bidDeadline =
      status === "draft" || status === "open"
        ? NOW + int(2, 25) * DAY + int(0, 8) * HOUR
        : status === "closed"
          ? NOW - int(1, 3) * DAY
          : status === "opened" || status === "evaluating"
            ? NOW - int(3, 8) * DAY
            : status === "recommended"
              ? NOW - int(8, 12) * DAY
              : status === "publicity"
                ? NOW - int(12, 15) * DAY
                : NOW - int(45, 720) * DAY;
    const publishedAt = status === "draft" ? 0 : Math.min(NOW - HOUR, bidDeadline - (minDays + int(0, 10)) * DAY);
    const createdAt = (publishedAt || NOW) - int(2, 20) * DAY;
    const openedAt = bidDeadline + int(1, 3) * HOUR;
    const awardedAt = status === "publicity" ? NOW - int(1, 3) * DAY : status === "awarded" ? bidDeadline + int(10, 25) * DAY : 0;
    const year = new Date(publishedAt || NOW).getFullYear();
    // A venture call's ceiling is the pot its funded proposals share.
    const ceiling = (method === "venture_call" ? int(400, 2_000) : int(50, 1_500)) * 1_000 * YUAN;
    const communities = sample(district.communities, random() < 0.8 ? 1 : 2).sort((a, b) => a.code.localeCompare(b.code));
    const pricePoints = method === "open_tender" ? 30 : 20;
    const tender: Tender = {
      id: uuid(),
      district,
      line: lineFor(district, year),
      title: `${communities[0].nameZh}${t(`category.${category}`)}项目（${year}-${String(i + 1).padStart(4, "0")}）`,
      category,
      method,
      ceiling,
      pricePoints,
      status,
      createdAt,
      publishedAt,
      enquiryDeadline: publishedAt ? publishedAt + Math.floor((bidDeadline - publishedAt) / 2) : bidDeadline - 10 * DAY,
      bidDeadline,
      openedAt,
      awardedAt,
      bidCount: initialBidCount(status, method),
      needIds: [],
      communityIds: communities.map((c) => c.id),
      communities,
      contactName: pick(PEOPLE),
      // Half-year to one-year projects, so that outcomes are graded in every year of the history.
      servicePeriodMonths: pick([6, 9, 12, 12]),
      tranchePlan: TRANCHE_PLAN,
      indicatorIds: DEFAULT_INDICATORS.map(() => uuid()),
      criteria: [
        { id: uuid(), name: "服务方案", description: "方案的针对性与可行性", maxPoints: 40 },
        { id: uuid(), name: "团队与经验", description: "持证社工与同类项目经验", maxPoints: 100 - 40 - pricePoints },
      ],
    };
    city.tenders.push(tender);
    // The needs it answers: accepted before the draft, tendered once published, back in the pool if it failed.
    const needStatus = status === "draft" || status === "cancelled" || status === "unsuccessful" ? "accepted" : "tendered";
    for (const community of communities) {
      const needId = uuid();
      tender.needIds.push(needId);
      const postedAt = createdAt - int(10, 60) * DAY;
      const reviewedAt = postedAt + int(1, 8) * DAY;
      needRows.push([
        needId,
        community.id,
        `${community.nameZh}${t(`category.${category}`)}需求`,
        "居民走访中反映的服务需求，经社区议事会讨论后提交。",
        category,
        "辖区居民",
        int(20, 400),
        Math.round(ceiling / communities.length / 1000) * 1000,
        pick(["low", "normal", "normal", "high"]),
        pick(["visit", "survey", "hotline", "meeting", "grid_staff"]),
        needStatus,
        district.officerId,
        new Date(reviewedAt),
        community.staffUserId,
        new Date(postedAt),
      ]);
      tenderNeeds.push([tender.id, needId]);
      tenderCommunities.push([tender.id, community.id]);
      audit.push({ at: postedAt, actorId: community.staffUserId, action: "need.post", subjectType: "need", subjectId: needId, after: { status: "submitted", communityId: community.id } });
      audit.push({ at: reviewedAt, actorId: district.officerId, action: "need.accept", subjectType: "need", subjectId: needId, before: { status: "submitted" }, after: { status: "accepted" } });
    }
    tender.criteria.forEach((c, k) => criteria.push([c.id, tender.id, k + 1, c.name, c.description, c.maxPoints]));
    TRANCHE_PLAN.forEach((p, k) => tranches.push([uuid(), tender.id, k + 1, p.milestone, p.percentage]));
    DEFAULT_INDICATORS.forEach((indicator, k) => indicators.push([tender.indicatorIds[k], tender.id, k + 1, indicator.dimension, indicator.name, indicator.maxPoints, indicator.guidance]));
    const tenderStatus = status === "open" || status === "closed" ? "published" : status;
    tenderRows.push([
      tender.id,
      district.bureauId,
      tender.line.id,
      tender.title,
      `为${communities.map((c) => c.nameZh).join("、")}提供${t(`category.${category}`)}。\n服务期限：合同签订之日起${tender.servicePeriodMonths}个月。`,
      category,
      method,
      method === "venture_call" ? "一老一小" : null,
      ceiling,
      tender.servicePeriodMonths,
      "依法登记的社会组织，未被列入活动异常名录或严重违法失信名单。",
      tender.pricePoints,
      tender.contactName,
      TENDER_PHONE,
      new Date(tender.enquiryDeadline),
      new Date(bidDeadline),
      tenderStatus,
      publishedAt ? new Date(publishedAt) : null,
      status === "cancelled" ? new Date(publishedAt + 3 * DAY) : status === "unsuccessful" ? new Date(openedAt) : null,
      status === "cancelled" ? "服务需求发生变化，经研究决定取消本项目采购。" : status === "unsuccessful" ? "bids.unsuccessful.openTender" : null,
      district.officerId,
      new Date(createdAt),
      new Date(Math.max(createdAt, awardedAt, publishedAt)),
    ]);
    audit.push({ at: createdAt, actorId: district.officerId, action: "tender.createDraft", subjectType: "tender", subjectId: tender.id, after: { status: "draft", title: tender.title } });
    if (publishedAt) {
      audit.push({
        at: publishedAt,
        actorId: district.officerId,
        action: "tender.publish",
        subjectType: "tender",
        subjectId: tender.id,
        before: { status: "draft" },
        after: { status: "published", publishedAt: new Date(publishedAt).toISOString(), reserved: ceiling, budgetLineId: tender.line.id, needIds: tender.needIds },
      });
    }
    if (status === "cancelled") {
      audit.push({ at: publishedAt + 3 * DAY, actorId: district.officerId, action: "tender.cancel", subjectType: "tender", subjectId: tender.id, before: { status: "published" }, after: { status: "cancelled" } });
    }
  }
  // Needs that never reached a tender: waiting for review, in the pool, or turned down.
  for (let k = 0; k < PER_CITY.poolNeeds; k++) {
    const district = city.districts[k % city.districts.length];
    const community = pick(district.communities);
    const category = weightedCategory();
    const status = pick(["submitted", "submitted", "accepted", "rejected"]);
    // Reviewed three days after posting, so posted at least four days ago.
    const postedAt = NOW - int(4, 300) * DAY;
    const needId = uuid();
    needRows.push([
      needId,
      community.id,
      `${community.nameZh}${zh(`category.${category}`)}需求（${k + 1}）`,
      "网格员入户时了解到的需求。",
      category,
      "辖区居民",
      int(10, 200),
      int(20, 300) * 1000 * YUAN,
      "normal",
      pick(["visit", "hotline", "grid_staff", "resident_online"]),
      status,
      status === "submitted" ? null : district.officerId,
      status === "submitted" ? null : new Date(postedAt + 3 * DAY),
      community.staffUserId,
      new Date(postedAt),
    ]);
    audit.push({ at: postedAt, actorId: community.staffUserId, action: "need.post", subjectType: "need", subjectId: needId, after: { status: "submitted", communityId: community.id } });
    if (status !== "submitted") {
      audit.push({ at: postedAt + 3 * DAY, actorId: district.officerId, action: `need.${status === "accepted" ? "accept" : "reject"}`, subjectType: "need", subjectId: needId, before: { status: "submitted" }, after: { status } });
    }
  }
  // Budget lines first: tenders point at them (amounts are settled after the awards).
  const lines = city.districts.flatMap((d) => [...d.lines.values()]);
  await insert("budget_lines", [["id", "uuid"], ["bureau_id", "uuid"], ["fiscal_year", "int4"], ["fund_source", "fund_source"], ["name", "text"], ["amount", "int8"]], lines.map((l) => [l.id, l.bureauId, l.fiscalYear, l.fundSource, `${l.fiscalYear}年度${zh(`fundSource.${l.fundSource}`)}`, 0]));
  await insert(
    "needs",
    [
      ["id", "uuid"],
      ["community_id", "uuid"],
      ["title", "text"],
      ["description", "text"],
      ["category", "text"],
      ["target_group", "text"],
      ["beneficiaries_estimate", "int4"],
      ["suggested_budget", "int8"],
      ["urgency", "need_urgency"],
      ["channel", "need_channel"],
      ["status", "need_status"],
      ["reviewed_by", "uuid"],
      ["reviewed_at", "timestamptz"],
      ["created_by", "uuid"],
      ["created_at", "timestamptz"],
    ],
    needRows,
  );
  await insert(
    "tenders",
    [
      ["id", "uuid"],
      ["bureau_id", "uuid"],
      ["budget_line_id", "uuid"],
      ["title", "text"],
      ["description", "text"],
      ["category", "text"],
      ["method", "procurement_method"],
      ["theme", "text"],
      ["ceiling_price", "int8"],
      ["service_period_months", "int4"],
      ["eligibility", "text"],
      ["price_points", "int4"],
      ["contact_name", "text"],
      ["contact_phone", "text"],
      ["enquiry_deadline", "timestamptz"],
      ["bid_deadline", "timestamptz"],
      ["status", "tender_status"],
      ["published_at", "timestamptz"],
      ["cancelled_at", "timestamptz"],
      ["cancel_reason", "text"],
      ["created_by", "uuid"],
      ["created_at", "timestamptz"],
      ["updated_at", "timestamptz"],
    ],
    tenderRows,
  );
  await insert("tender_needs", [["tender_id", "uuid"], ["need_id", "uuid"]], tenderNeeds);
  await insert("tender_communities", [["tender_id", "uuid"], ["community_id", "uuid"]], tenderCommunities);
  await insert("tender_criteria", [["id", "uuid"], ["tender_id", "uuid"], ["position", "int4"], ["name", "text"], ["description", "text"], ["max_points", "int4"]], criteria);
  await insert("tender_tranches", [["id", "uuid"], ["tender_id", "uuid"], ["position", "int4"], ["milestone", "text"], ["percentage", "int4"]], tranches);
  await insert("outcome_indicators", [["id", "uuid"], ["tender_id", "uuid"], ["position", "int4"], ["dimension", "text"], ["name", "text"], ["max_points", "int4"], ["guidance", "text"]], indicators);
  return `${tenderRows.length} tenders, ${needRows.length} needs, ${lines.length} budget lines`;
}

// ---- bids: sealed for every tender, opened with the opening record after the deadline --------

const OPENED: Status[] = ["opened", "evaluating", "recommended", "publicity", "awarded", "unsuccessful"];
const RANKED: Status[] = ["recommended", "publicity", "awarded"];

/** Makes the city's bid count exact (15,000 at scale 1) by adding to or taking from awarded tenders (venture calls keep theirs). */
function settleBidCounts(city: City) {
  const target = PER_CITY.bids;
  let total = city.tenders.reduce((s, t) => s + t.bidCount, 0);
  const adjustable = city.tenders.filter((t) => t.status === "awarded" && t.method !== "venture_call");
  for (let k = 0; total !== target && k < 1_000_000; k++) {
    const tender = adjustable[k % adjustable.length];
    if (total < target && tender.bidCount < 12) {
      tender.bidCount += 1;
      total += 1;
    } else if (total > target && tender.bidCount > 3) {
      tender.bidCount -= 1;
      total -= 1;
    }
  }
}

/** What a bid says once opened (the app's BidContent). */
interface BidContent {
  price: number;
  servicePlan: string;
  activities: string;
  beneficiaries: number;
  sessions: number;
  volunteerHours: number;
  teamStaffIds: string[];
  budget: { item: string; amount: number }[];
  proposalTitle?: string;
  team: { staffId: string; name: string; qualification: string }[];
}
interface PlacedBid {
  id: string;
  org: Organization;
  price: number;
  submittedAt: number;
  content: BidContent;
}
const bidsByTender = new Map<string, PlacedBid[]>();

async function bids(city: City) {
  settleBidCounts(city);
  const rows: Row[] = [];
  const openings: Row[] = [];
  for (const tender of city.tenders) {
    const placed: PlacedBid[] = [];
    for (const org of sample(tender.district.bidders, tender.bidCount)) {
      // A tender's bids come in under its ceiling; a venture proposal asks for a share of the pot.
      const share = tender.method === "venture_call" ? 0.11 + random() * 0.13 : 0.8 + random() * 0.19;
      const price = Math.round((tender.ceiling * share) / (100 * YUAN)) * 100 * YUAN;
      const team = org.staff.slice(0, 2);
      const people = Math.floor(price * 0.6);
      const content: BidContent = {
        price,
        servicePlan: `${org.name}的服务方案：入户探访、小组活动和社区活动相结合，建立服务档案。`,
        activities: "探访、小组、讲座、节日活动",
        beneficiaries: int(80, 400),
        sessions: int(20, 120),
        volunteerHours: int(100, 800),
        teamStaffIds: team.map((s) => s.id),
        budget: [
          { item: "人员经费", amount: people },
          { item: "活动经费", amount: price - people },
        ],
        ...(tender.method === "venture_call" ? { proposalTitle: `${org.name.slice(0, 8)}公益创投项目` } : {}),
        team: team.map((s) => ({ staffId: s.id, name: s.name, qualification: s.qualification })),
      };
      const window = Math.max(HOUR, Math.min(tender.bidDeadline, NOW) - tender.publishedAt - HOUR);
      const bid: PlacedBid = { id: uuid(), org, price, submittedAt: tender.publishedAt + Math.floor(random() * window), content };
      placed.push(bid);
      const sealed = seal(tender.id, org.id, content);
      const opened = OPENED.includes(tender.status);
      rows.push([
        bid.id,
        tender.id,
        org.id,
        sealed.sealedContent.toString("hex"),
        sealed.sealedIv.toString("hex"),
        sealed.sealedTag.toString("hex"),
        org.ownerId,
        new Date(bid.submittedAt),
        new Date(bid.submittedAt),
        new Date(bid.submittedAt),
        opened ? price : null,
        opened ? JSON.stringify(content) : null,
        opened ? true : null,
      ]);
      audit.push({ at: bid.submittedAt, actorId: org.ownerId, action: "bid.submit", subjectType: "bid", subjectId: bid.id, after: { tenderId: tender.id, organizationId: org.id } });
    }
    bidsByTender.set(tender.id, placed);
    if (OPENED.includes(tender.status)) {
      const record = placed.map((b) => ({
        bidId: b.id,
        organizationId: b.org.id,
        organizationName: b.org.name,
        uscc: b.org.uscc,
        price: b.price,
        proposalTitle: b.content.proposalTitle ?? null,
        submittedAt: new Date(b.submittedAt).toISOString(),
        valid: true,
        invalidReason: null,
      }));
      const outcome = tender.status === "unsuccessful" ? "unsuccessful" : "proceed";
      openings.push([tender.id, new Date(tender.openedAt), tender.district.officerId, placed.length, JSON.stringify(record), outcome, outcome === "unsuccessful" ? "bids.unsuccessful.openTender" : null]);
      audit.push({
        at: tender.openedAt,
        actorId: tender.district.officerId,
        action: "tender.openBids",
        subjectType: "tender",
        subjectId: tender.id,
        before: { status: "published" },
        after: { outcome, validCount: placed.length, record: record.map((r) => ({ bidId: r.bidId, organizationId: r.organizationId, price: r.price, valid: true })) },
      });
    }
  }
  await insert(
    "bids",
    [
      ["id", "uuid"],
      ["tender_id", "uuid"],
      ["organization_id", "uuid"],
      ["sealed_content", "bytea"],
      ["sealed_iv", "bytea"],
      ["sealed_tag", "bytea"],
      ["submitted_by", "uuid"],
      ["submitted_at", "timestamptz"],
      ["updated_at", "timestamptz"],
      ["confirmed_at", "timestamptz"],
      ["price", "int8"],
      ["opened_content", "jsonb"],
      ["valid", "bool"],
    ],
    rows,
  );
  await insert("bid_openings", [["tender_id", "uuid"], ["opened_at", "timestamptz"], ["opened_by", "uuid"], ["valid_count", "int4"], ["record", "jsonb"], ["outcome", "text"], ["unsuccessful_reason", "text"]], openings);
  return `${rows.length} bids, ${openings.length} opening records`;
}

// ---- committees: members, conflict declarations, score sheets (the ranking is computed from them)

/** Registered experts per city (账户 with the expert role): the committees draw on them. */
const EXPERTS_PER_CITY = 150;
const SCORED: Status[] = ["evaluating", ...RANKED];

/** What a tender's committee left: each valid bid's criterion means, when and by whom the last sheet was submitted. */
interface CommitteeResult {
  means: Map<string, number[]>;
  /** Per member, per bid (in opening order): the sheet totals the deviation aid compares. */
  memberTotals: { memberId: string; totals: number[] }[];
  /** Valid bids in the order of the opening record. */
  bidders: PlacedBid[];
  completedAt: number;
  completedBy: string;
}
const committeeResults = new Map<string, CommitteeResult>();

function sheetJustification(share: number) {
  if (share >= 0.85) return "方案针对性强，团队配置完整，同类项目经验丰富。";
  if (share >= 0.7) return "方案基本可行，服务指标和人员安排可进一步细化。";
  return "方案针对性不足，团队同类项目经验偏少。";
}

async function committees(city: City) {
  const users: Row[] = [];
  const memberships: Row[] = [];
  const experts = Array.from({ length: EXPERTS_PER_CITY }, (_, k) => {
    const id = uuid();
    users.push([id, `expert.c${city.index}.${k + 1}`, `${pick(PEOPLE)}（评审专家）`, passwordHash]);
    memberships.push([uuid(), id, "expert", null, null]);
    return id;
  });
  const members: Row[] = [];
  const declarations: Row[] = [];
  const sheets: Row[] = [];
  const scores: Row[] = [];
  let formed = 0;
  for (const tender of city.tenders) {
    const placed = bidsByTender.get(tender.id) ?? [];
    if (!SCORED.includes(tender.status) || placed.length === 0) continue;
    formed += 1;
    const officer = tender.district.officerId;
    // The smallest committee the method allows: the bureau's officer and experts (≥ 2/3).
    const size = minCommitteeSize(toCommitteeMethod(tender.method), tender.ceiling);
    const seats = [{ userId: officer, isExpert: false }, ...sample(experts, size - 1).map((userId) => ({ userId, isExpert: true }))].map((m) => ({ ...m, memberId: uuid() }));
    const formedAt = tender.openedAt + int(2, 20) * HOUR;
    for (const m of seats) members.push([m.memberId, tender.id, m.userId, m.isExpert, "active", officer, new Date(formedAt)]);
    audit.push({
      at: formedAt,
      actorId: officer,
      action: "evaluation.formCommittee",
      subjectType: "tender",
      subjectId: tender.id,
      before: { status: "opened" },
      after: { status: "evaluating", members: seats.map((m) => ({ memberId: m.memberId, userId: m.userId, isExpert: m.isExpert })) },
    });
    const bidders = placed.slice().sort((a, b) => a.submittedAt - b.submittedAt || a.id.localeCompare(b.id));
    // How good each proposal is, as the members see it, each with a bias of their own.
    const merit = bidders.map(() => 0.55 + random() * 0.38);
    // A committee still at work has its first members' sheets in; a finished one all of them.
    const scoring = tender.status === "evaluating" ? Math.floor(seats.length / 2) : seats.length;
    const points = new Map<string, number[][]>(bidders.map((b) => [b.id, []]));
    const memberTotals: CommitteeResult["memberTotals"] = [];
    let completedAt = 0;
    let completedBy = officer;
    seats.forEach((m, k) => {
      const declaredAt = formedAt + int(1, 8) * HOUR;
      declarations.push(...bidders.map((b) => [m.memberId, b.org.id, false, null, new Date(declaredAt)]));
      audit.push({
        at: declaredAt,
        actorId: m.userId,
        action: "evaluation.declare",
        subjectType: "tender",
        subjectId: tender.id,
        after: { memberId: m.memberId, recused: false, declarations: bidders.map((b) => ({ organizationId: b.org.id, hasConflict: false, note: null })) },
      });
      if (k >= scoring) return;
      const bias = (random() - 0.5) * 0.08;
      // Scoring starts once every member has declared.
      let at = formedAt + 9 * HOUR + int(0, 20) * HOUR;
      const totals: number[] = [];
      bidders.forEach((b, j) => {
        at += int(5, 40) * 60_000;
        const sheetId = uuid();
        const rows = tender.criteria.map((c) => {
          const share = Math.min(1, Math.max(0, merit[j] + bias + (random() - 0.5) * 0.08));
          return { criterionId: c.id, points: (Math.round(c.maxPoints * share * 100) / 100).toFixed(2), justification: sheetJustification(share) };
        });
        sheets.push([sheetId, m.memberId, b.id, "submitted", new Date(at), new Date(at)]);
        for (const r of rows) scores.push([sheetId, r.criterionId, r.points, r.justification]);
        points.get(b.id)!.push(rows.map((r) => Number(r.points)));
        totals.push(rows.reduce((sum, r) => sum + Math.round(Number(r.points) * 100), 0) / 100);
        audit.push({ at, actorId: m.userId, action: "evaluation.submitSheet", subjectType: "tender", subjectId: tender.id, after: { memberId: m.memberId, bidId: b.id, sheetId, status: "submitted", scores: rows } });
        if (at > completedAt) [completedAt, completedBy] = [at, m.userId];
      });
      memberTotals.push({ memberId: m.memberId, totals });
    });
    if (tender.status !== "evaluating") {
      committeeResults.set(tender.id, { means: new Map(bidders.map((b) => [b.id, criterionMeans(points.get(b.id)!)])), memberTotals, bidders, completedAt, completedBy });
    }
  }
  await insert("users", [["id", "uuid"], ["username", "text"], ["display_name", "text"], ["password_hash", "text"]], users);
  await insert("memberships", [["id", "uuid"], ["user_id", "uuid"], ["role", "membership_role"], ["bureau_id", "uuid"], ["community_id", "uuid"]], memberships);
  await insert("committee_members", [["id", "uuid"], ["tender_id", "uuid"], ["user_id", "uuid"], ["is_expert", "bool"], ["status", "committee_member_status"], ["added_by", "uuid"], ["added_at", "timestamptz"]], members);
  await insert("conflict_declarations", [["member_id", "uuid"], ["organization_id", "uuid"], ["has_conflict", "bool"], ["note", "text"], ["declared_at", "timestamptz"]], declarations);
  await insert("score_sheets", [["id", "uuid"], ["member_id", "uuid"], ["bid_id", "uuid"], ["status", "score_sheet_status"], ["submitted_at", "timestamptz"], ["updated_at", "timestamptz"]], sheets);
  await insert("scores", [["sheet_id", "uuid"], ["criterion_id", "uuid"], ["points", "numeric"], ["justification", "text"]], scores);
  return `${EXPERTS_PER_CITY} experts, ${formed} committees, ${members.length} members, ${declarations.length} conflict declarations, ${sheets.length} score sheets`;
}

// ---- awards: the committee's ranking, the award to rank 1 (or the funded proposals), budget movements

function isoDate(ms: number) {
  return new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
}

/** A final award: the contracts section makes its contract. */
interface FinalAward {
  id: string;
  tender: Tender;
  bid: PlacedBid;
  amount: number;
  finalAt: number;
}
const finalAwards: FinalAward[] = [];

async function awards(city: City) {
  const results: Row[] = [];
  const reports: Row[] = [];
  const awardRows: Row[] = [];
  for (const tender of city.tenders) {
    const placed = bidsByTender.get(tender.id) ?? [];
    const officer = tender.district.officerId;
    const move = (kind: string, amount: number, at: number) => movement(tender, kind, amount, at);
    if (tender.publishedAt) move("reserve", tender.ceiling, tender.publishedAt);
    if (tender.status === "cancelled") move("release", tender.ceiling, tender.publishedAt + 3 * DAY);
    if (tender.status === "unsuccessful") move("release", tender.ceiling, tender.openedAt);
    if (["open", "closed", "opened", "evaluating", "recommended"].includes(tender.status)) tender.line.reserved += tender.ceiling;
    if (!RANKED.includes(tender.status) || placed.length === 0) continue;
    // The ranking from the committee's sheets, with the app's own arithmetic (completeIfAllSubmitted).
    const { means, memberTotals, bidders, completedAt: computedAt, completedBy } = committeeResults.get(tender.id)!;
    const byId = new Map(placed.map((b) => [b.id, b]));
    const { ranking, drawSeed } = rankBidsWithDraw(
      bidders.map((b) => ({ id: b.id, price: b.price, criterionMeans: means.get(b.id)! })),
      tender.pricePoints,
      uuid().replaceAll("-", ""),
    );
    const flags = deviationFlags(memberTotals).map((f) => {
      const totals = memberTotals.map((t) => t.totals[f.bidIndex]);
      const others = totals.filter((_, i) => memberTotals[i].memberId !== f.memberId);
      return {
        memberId: f.memberId,
        bidId: bidders[f.bidIndex].id,
        z: round2(f.z),
        memberTotal: memberTotals.find((t) => t.memberId === f.memberId)!.totals[f.bidIndex],
        othersMean: round2(others.reduce((a, b) => a + b, 0) / others.length),
      };
    });
    const recommended = new Set(recommendCandidates(ranking).map((r) => r.id));
    const funded =
      tender.method === "venture_call"
        ? new Set(fundVentureProposals(ranking.map((r) => ({ id: r.id, price: byId.get(r.id)!.price })), tender.ceiling).funded)
        : null;
    const benchmarkPrice = Math.min(...placed.map((b) => b.price));
    for (const r of ranking) results.push([tender.id, r.id, r.priceScore.toFixed(2), r.total.toFixed(2), r.rank, recommended.has(r.id), funded ? funded.has(r.id) : null, new Date(computedAt)]);
    reports.push([tender.id, new Date(computedAt), drawSeed, JSON.stringify(flags), benchmarkPrice]);
    // The last sheet submitted completes the evaluation, in its member's name.
    audit.push({
      at: computedAt,
      actorId: completedBy,
      action: "evaluation.complete",
      subjectType: "tender",
      subjectId: tender.id,
      before: { status: "evaluating" },
      after: { status: "recommended", ranking, drawSeed, benchmarkPrice, recommended: [...recommended], funded: funded ? [...funded] : null, flags },
    });
    if (tender.status === "recommended") continue;
    // The first-ranked; for a venture call every funded proposal, one award each.
    const winners = (funded ? ranking.filter((r) => funded.has(r.id)) : ranking.slice(0, 1)).map((r) => byId.get(r.id)!);
    const final = tender.status === "awarded";
    const finalAt = tender.awardedAt + 14 * DAY;
    const publicityEndsOn = isoDate(tender.awardedAt + DAY);
    const challengeDeadline = isoDate(tender.awardedAt + 10 * DAY);
    const confirmed = winners.map((bid) => ({ id: uuid(), bid }));
    for (const { id, bid } of confirmed) {
      awardRows.push([id, tender.id, bid.id, bid.org.id, bid.price, final ? "final" : "publicity", officer, new Date(tender.awardedAt), publicityEndsOn, challengeDeadline, final ? new Date(finalAt) : null]);
      if (final) finalAwards.push({ id, tender, bid, amount: bid.price, finalAt });
    }
    const committed = winners.reduce((sum, b) => sum + b.price, 0);
    move("commit", committed, tender.awardedAt);
    if (tender.ceiling > committed) move("release", tender.ceiling - committed, tender.awardedAt);
    tender.line.committed += committed;
    audit.push({
      at: tender.awardedAt,
      actorId: officer,
      action: "tender.award",
      subjectType: "tender",
      subjectId: tender.id,
      before: { status: "recommended" },
      after: {
        status: "publicity",
        awards: confirmed.map(({ id, bid }) => ({ awardId: id, bidId: bid.id, organizationId: bid.org.id, amount: bid.price })),
        skipReason: null,
        confirmedOn: isoDate(tender.awardedAt),
        publicityEndsOn,
        challengeDeadline,
        committed,
        released: tender.ceiling - committed,
      },
    });
    if (final) audit.push({ at: finalAt, actorId: null, action: "tender.awardFinal", subjectType: "tender", subjectId: tender.id, before: { status: "publicity" }, after: { status: "awarded" } });
  }
  await insert("evaluation_results", [["tender_id", "uuid"], ["bid_id", "uuid"], ["price_score", "numeric"], ["total", "numeric"], ["rank", "int4"], ["recommended", "bool"], ["funded", "bool"], ["computed_at", "timestamptz"]], results);
  await insert("evaluation_reports", [["tender_id", "uuid"], ["computed_at", "timestamptz"], ["draw_seed", "text"], ["flags", "jsonb"], ["benchmark_price", "int8"]], reports);
  await insert(
    "awards",
    [
      ["id", "uuid"],
      ["tender_id", "uuid"],
      ["bid_id", "uuid"],
      ["organization_id", "uuid"],
      ["amount", "int8"],
      ["status", "award_status"],
      ["confirmed_by", "uuid"],
      ["confirmed_at", "timestamptz"],
      ["publicity_ends_on", "date"],
      ["challenge_deadline", "date"],
      ["final_at", "timestamptz"],
    ],
    awardRows,
  );
  const movements = await flushMovements();
  return `${results.length} ranked bids, ${awardRows.length} awards (${finalAwards.length} final), ${movements} budget movements`;
}

// ---- contracts: signatures, milestones, progress reports, confirmations, payments -------------

/**
 * A step of a contract's life `delta` after the one before: its time, or Infinity when it has not
 * happened by `horizon` (now, or the contract's termination). Infinity carries through every
 * later step, so a life cut short by now stays consistent however far it got.
 */
function after(from: number, delta: number, horizon: number) {
  const t = from + delta;
  return t < horizon ? t : Infinity;
}
const happened = (t: number | null) => t !== null && t < NOW;
/** An instant on a Beijing date at a time of day (HH:MM). */
const atTime = (date: string, time: string) => Date.parse(`${date}T${time}:00+08:00`);
/** An instant on a Beijing date during office hours. */
const during = (date: string) => Date.parse(`${date}T00:00:00+08:00`) + (int(9, 17) * 60 + int(0, 59)) * 60_000;

const ACTIVITY_TITLES = ["需求评估与服务对象建档", "入户探访", "主题小组活动", "社区宣传活动", "志愿者培训", "节日主题活动", "个案跟进", "健康讲座", "亲子共学活动", "居民议事协商会"];
const ACTIVITY_PLACES = ["党群服务中心", "活动室", "议事厅", "文化广场", "各楼院"];
const NARRATIVES = [
  "本期各项活动按服务计划开展，服务对象建档和回访记录完整；志愿者队伍稳定，下一阶段将加强个案跟进。",
  "本期完成需求评估和服务对象建档，小组和社区活动按月开展，居民参与积极；个别活动因天气顺延，已在期内补齐。",
  "本期服务人次和活动场次达到合同进度要求，培育居民骨干若干名；下一阶段重点做好服务成效测评和资料归档。",
];
const PROBLEM_NOTES = ["报告中的部分活动本社区未见开展，请机构核实服务人次。", "签到表与社区掌握的参加人数不一致，请补充说明。", "本社区的服务在报告期内中断约两周，报告未说明。"];
const RETURN_REASONS = ["服务社区反映报告与实际开展情况不符，请核实服务人次并补充签到表后重新提交。", "请补充停课（暂停服务）期间的情况说明及恢复服务后的记录后重新提交。"];
const TERMINATION_REASONS = ["项目负责人及骨干社工离职，机构无法按合同配备服务团队，经双方协商一致解除合同。", "服务场地被征收，项目无法继续实施，经双方协商一致解除合同；已支付款项用于已开展的服务。"];

interface Confirmation {
  community: Community;
  at: number;
  status: "confirmed" | "problem";
  note: string | null;
  revision: number;
}
interface ReportPlan {
  id: string;
  periodStart: string;
  periodEnd: string;
  activities: { date: string; title: string; place: string; participants: number }[];
  beneficiaries: number;
  volunteerHours: number;
  spending: { line: string; amount: number }[];
  narrative: string;
  /** A draft saved before submitting, or null. */
  saved: number | null;
  /** Submission times: revision 1, and revision 2 after a return. */
  submissions: number[];
  returned: { at: number; reason: string } | null;
  /** Every confirmation given, in time order (a later one replaces the community's earlier one). */
  confirmations: Confirmation[];
  acceptedAt: number;
}
interface MilestonePlan {
  id: string;
  trancheId: string;
  position: number;
  name: string;
  dueOn: string;
  needsReport: boolean;
  percentage: number;
  amount: number;
  isFinal: boolean;
  report: ReportPlan | null;
  acceptedAt: number;
  paidAt: number;
}
interface TokenBatch {
  community: Community;
  at: number;
  count: number;
  /** The day each used token was answered. */
  usedOn: string[];
}
interface EvaluationPlan {
  id: string;
  evaluator: Organization;
  commissionedAt: number;
  dueOn: string;
  visitAt: number;
  draftScoresAt: number | null;
  submittedAt: number;
  respondedAt: number;
  gradedAt: number;
  batches: TokenBatch[];
  /** Days answers can arrive on: after the last batch, before the grade, expiry, termination and today. */
  answerDays: string[];
  /** How the project went (0-1): drives the evaluator's, the purchaser's and the residents' scores. */
  quality: number;
  answers: { day: string; scores: number[] }[];
  indicatorScores: number[];
  thirdParty: number;
  purchaser: number;
  satisfaction: number;
  composite: number;
  grade: "excellent" | "good" | "pass" | "fail" | null;
}
interface ContractPlan {
  id: string;
  award: FinalAward;
  tender: Tender;
  org: Organization;
  officer: string;
  number: string;
  title: string;
  generatedAt: number;
  start: string;
  end: string;
  agencySignedAt: number;
  activatedAt: number;
  terminatedAt: number;
  terminationReason: string;
  milestones: MilestonePlan[];
  evaluation: EvaluationPlan | null;
  completedAt: number;
  /** The audit entry of the payment that completed the contract. */
  completion: AuditInput | null;
}
/** The city's contracts, from the contracts section to the outcomes section. */
let cityContracts: ContractPlan[] = [];
let paymentSerial = 0;

function planReport(contract: Pick<ContractPlan, "tender" | "award">, periodStart: string, periodEnd: string, spentPercent: number, horizon: number): ReportPlan {
  const communities = contract.tender.communities;
  // The period must be over before its report is written: saved or submitted from its last day on.
  const periodOver = atTime(periodEnd, "18:00");
  const saved = random() < 0.15 ? after(periodOver, int(0, 2) * DAY, horizon) : null;
  const first = after(saved ?? periodOver, int(1, 9) * DAY - 2 * HOUR, horizon);
  const submissions = [first];
  const confirmations: Confirmation[] = [];
  let returned: ReportPlan["returned"] = null;
  let current = first;
  if (random() < 0.07) {
    // A community flags a problem with the first submission; the bureau returns it; the agency revises.
    const problemAt = after(first, int(1, 3) * DAY + int(0, 6) * HOUR, horizon);
    confirmations.push({ community: communities[0], at: problemAt, status: "problem", note: pick(PROBLEM_NOTES), revision: 1 });
    returned = { at: after(problemAt, int(1, 3) * DAY, horizon), reason: pick(RETURN_REASONS) };
    current = after(returned.at, int(5, 15) * DAY, horizon);
    submissions.push(current);
  }
  // The first community always confirms the current revision, the others mostly.
  const confirmedAt: number[] = [];
  communities.forEach((community, k) => {
    if (k > 0 && random() < 0.15) return;
    const at = after(current, int(1, 5) * DAY + int(0, 8) * HOUR, horizon);
    confirmations.push({ community, at, status: "confirmed", note: null, revision: submissions.length });
    confirmedAt.push(at);
  });
  confirmations.sort((a, b) => a.at - b.at);
  const span = Math.max(0, daysBetween(periodStart, periodEnd));
  const n = int(3, 6);
  return {
    id: uuid(),
    periodStart,
    periodEnd,
    activities: Array.from({ length: n }, (_, i) => ({
      date: addDays(periodStart, Math.floor((span * (i + 0.5)) / n)),
      title: pick(ACTIVITY_TITLES),
      place: `${pick(communities).nameZh}${pick(ACTIVITY_PLACES)}`,
      participants: int(12, 90),
    })),
    beneficiaries: int(150, 600),
    volunteerHours: int(800, 6_000) / 10,
    spending: contract.award.bid.content.budget.map((b) => ({ line: b.item, amount: Math.round((b.amount * spentPercent) / 100) })),
    narrative: pick(NARRATIVES),
    saved,
    submissions,
    returned,
    confirmations,
    acceptedAt: after(Math.max(...confirmedAt), int(1, 4) * DAY, horizon),
  };
}

/**
 * A contract's life from the award's finality on: every time, and Infinity for what has not
 * happened yet. The bureau generates it `lag` after finality or a little sooner, to start on the
 * first of next month or soon after.
 */
function planContract(city: City, award: FinalAward, lag: number): ContractPlan {
  const { tender } = award;
  const generatedAt = award.finalAt + HOUR + Math.floor((lag - HOUR) * (0.5 + random() * 0.45));
  const generatedOn = isoDate(generatedAt);
  const start = random() < 0.7 ? firstDayOfNextMonth(generatedOn) : addDays(generatedOn, int(3, 15));
  const end = servicePeriodEnd(start, tender.servicePeriodMonths);
  // Most agencies sign within days; some take weeks (board approval), leaving recent contracts in draft.
  const agencySignedAt = after(generatedAt, (random() < 0.2 ? int(4, 30) * 24 : int(2, 72)) * HOUR, NOW);
  const activatedAt = after(agencySignedAt, int(1, 48) * HOUR, NOW);
  const terminatedAt = happened(activatedAt) && random() < 0.025 ? after(activatedAt, int(60, 330) * DAY, NOW) : Infinity;
  const horizon = Math.min(NOW, terminatedAt);
  const amounts = splitByPercentages(award.amount, tender.tranchePlan.map((p) => p.percentage));
  const dueDates = milestoneDueDates(start, end, tender.tranchePlan.length);
  const milestones: MilestonePlan[] = tender.tranchePlan.map((p, i) => ({
    id: uuid(),
    trancheId: uuid(),
    position: i,
    name: p.milestone,
    dueOn: dueDates[i],
    needsReport: i > 0,
    percentage: p.percentage,
    amount: amounts[i],
    isFinal: i === tender.tranchePlan.length - 1,
    report: null,
    // The first milestone is the signing itself.
    acceptedAt: i === 0 ? activatedAt : Infinity,
    paidAt: Infinity,
  }));
  milestones[0].paidAt = after(activatedAt, int(1, 12) * DAY + int(0, 6) * HOUR, horizon);
  let periodStart = start;
  let spent = 0;
  for (const m of milestones.slice(1)) {
    const percent = m.isFinal ? int(35, 100 - spent) : int(40, 55);
    spent += percent;
    m.report = planReport({ tender, award }, periodStart, m.dueOn, percent, horizon);
    periodStart = addDays(m.dueOn, 1);
    m.acceptedAt = m.report.acceptedAt;
    // The final tranche waits for the outcome grade (planned with the evaluation).
    if (!m.isFinal) m.paidAt = after(m.acceptedAt, int(2, 12) * DAY + int(0, 6) * HOUR, horizon);
  }
  const plan: ContractPlan = {
    id: uuid(),
    award,
    tender,
    org: award.bid.org,
    officer: tender.district.officerId,
    number: "",
    title: award.bid.content.proposalTitle ? `${tender.title}：${award.bid.content.proposalTitle}` : tender.title,
    generatedAt,
    start,
    end,
    agencySignedAt,
    activatedAt,
    terminatedAt,
    terminationReason: pick(TERMINATION_REASONS),
    milestones,
    evaluation: null,
    completedAt: Infinity,
    completion: null,
  };
  plan.evaluation = planEvaluation(city, plan, horizon);
  return plan;
}

/** The outcome evaluation, commissioned near the end of the service period, with its survey's timing. */
function planEvaluation(city: City, contract: ContractPlan, horizon: number): EvaluationPlan | null {
  const commissionedAt = happened(contract.activatedAt) ? after(during(addDays(contract.end, -int(5, 30))), 0, horizon) : Infinity;
  if (!happened(commissionedAt) || city.evaluators.length === 0) return null;
  const [, middle, last] = contract.milestones;
  const visitAt = after(commissionedAt, int(5, 25) * DAY + int(0, 6) * HOUR, horizon);
  const submittedAt = after(Math.max(last.report!.submissions.at(-1)!, visitAt), int(5, 20) * DAY, horizon);
  // Tokens go to people served: after the mid-term report is accepted, one batch per service community.
  const firstBatch = Math.max(commissionedAt + int(1, 6) * DAY, middle.acceptedAt + DAY);
  const batches = contract.tender.communities.map((community, k) => ({ community, at: after(firstBatch, k * int(1, 5) * HOUR, horizon), count: 0, usedOn: [] as string[] }));
  const lastBatch = Math.max(...batches.map((b) => b.at));
  const gradedAt = after(Math.max(submittedAt + int(3, 12) * DAY, lastBatch + int(12, 25) * DAY), 0, horizon);
  const issued = batches.filter((b) => happened(b.at));
  const answerDays: string[] = [];
  if (issued.length > 0) {
    const ends = [tokenExpiry(isoDate(Math.min(...issued.map((b) => b.at)))), addDays(isoDate(NOW), -1)];
    if (happened(gradedAt)) ends.push(addDays(isoDate(gradedAt), -1));
    if (happened(contract.terminatedAt)) ends.push(addDays(isoDate(contract.terminatedAt), -1));
    const lastDay = ends.sort()[0];
    for (let d = addDays(isoDate(Math.max(...issued.map((b) => b.at))), 1); d <= lastDay; d = addDays(d, 1)) answerDays.push(d);
  }
  const roll = random();
  const quality = roll < 0.05 ? 0.42 + random() * 0.14 : roll < 0.35 ? 0.62 + random() * 0.18 : roll < 0.8 ? 0.8 + random() * 0.1 : 0.9 + random() * 0.08;
  return {
    id: uuid(),
    evaluator: pick(city.evaluators),
    commissionedAt,
    dueOn: addDays(isoDate(commissionedAt), int(35, 60)),
    visitAt,
    draftScoresAt: !happened(submittedAt) && happened(visitAt) && random() < 0.5 ? after(visitAt, DAY, horizon) : null,
    submittedAt,
    respondedAt: random() < 0.25 ? after(submittedAt, int(1, 6) * DAY, horizon) : Infinity,
    gradedAt,
    batches,
    answerDays,
    quality,
    answers: [],
    indicatorScores: [],
    thirdParty: 0,
    purchaser: 0,
    satisfaction: 0,
    composite: 0,
    grade: null,
  };
}

/**
 * Shares the city's survey answers (100,000 at scale 1) among the contracts whose tokens are out,
 * by how long their survey has been open; every graded one has at least one answer.
 */
function allocateAnswers(plans: ContractPlan[]) {
  const open = plans.filter((p) => p.evaluation && p.evaluation.answerDays.length > 0).map((p) => p.evaluation!);
  if (open.length === 0) return;
  const weights = open.map((e) => (15 + random() * 130) * Math.min(1, e.answerDays.length / 14));
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w, i) => Math.max(happened(open[i].gradedAt) ? 1 : 0, Math.floor((w * PER_CITY.surveyAnswers) / total)));
  let left = PER_CITY.surveyAnswers - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; left !== 0; k = (k + 1) % open.length) {
    if (left > 0) {
      counts[k] += 1;
      left -= 1;
    } else if (counts[k] > 1) {
      counts[k] -= 1;
      left += 1;
    }
  }
  open.forEach((e, i) => {
    const n = counts[i];
    const mean = 1 + 4 * Math.min(1, Math.max(0.05, e.quality + (random() - 0.5) * 0.16));
    // Answers come in mostly in the first days after the tokens are handed out.
    e.answers = Array.from({ length: n }, () => ({
      day: e.answerDays[Math.floor(e.answerDays.length * random() ** 1.6)],
      scores: DEFAULT_QUESTIONS.map(() => Math.min(5, Math.max(1, Math.round(mean + (random() - 0.5) * 2.2)))),
    })).sort((a, b) => a.day.localeCompare(b.day));
    // Tokens: the answered ones and those still unanswered, split over the communities' batches.
    const issued = e.batches.filter((b) => happened(b.at));
    const tokens = happened(e.gradedAt) ? Math.ceil(n / (0.6 + random() * 0.3)) : n + int(5, 40) + Math.ceil(n * 0.3);
    issued.forEach((b, k) => (b.count = Math.floor(tokens / issued.length) + (k < tokens % issued.length ? 1 : 0)));
    let k = 0;
    for (const answer of e.answers) {
      while (issued[k % issued.length].usedOn.length >= issued[k % issued.length].count) k += 1;
      issued[k % issued.length].usedOn.push(answer.day);
      k += 1;
    }
  });
}

/** The evaluator's sheet, the purchaser's score, the residents' satisfaction, the composite and grade (the app's arithmetic). */
function scoreEvaluation(e: EvaluationPlan) {
  e.indicatorScores = DEFAULT_INDICATORS.map((indicator) => {
    const share = Math.min(1, Math.max(0, e.quality + (random() - 0.5) * 0.12));
    return Math.round(indicator.maxPoints * share * 100) / 100;
  });
  e.thirdParty = e.indicatorScores.reduce((sum, s) => sum + Math.round(s * 100), 0) / 100;
  e.purchaser = Math.min(100, Math.max(0, Math.round(e.quality * 100 + (random() - 0.5) * 8)));
  if (!happened(e.gradedAt)) return;
  e.satisfaction = satisfactionScore(e.answers.map((a) => a.scores)).score;
  const { score, grade } = compositeScore({ purchaser: e.purchaser, thirdParty: e.thirdParty, satisfaction: e.satisfaction }, OUTCOME_WEIGHTS);
  e.composite = score;
  e.grade = GRADE_CODE_OF[grade];
}

/** Tender weights of the three parts (the schema's defaults, which generated tenders keep). */
const OUTCOME_WEIGHTS = { purchaser: 30, thirdParty: 40, satisfaction: 30 };

/** Whether a report counts as submitted at `t` (what beneficiariesServed sums). */
function submittedAtTime(report: ReportPlan, t: number) {
  const last = report.submissions.filter((s) => s <= t).at(-1);
  return last !== undefined && !(report.returned && report.returned.at <= t && report.returned.at > last);
}

function contentOf(c: ContractPlan): ContractContent {
  const { tender, award, org } = c;
  const bid = award.bid.content;
  return {
    number: c.number,
    version: 1,
    tender: { id: tender.id, title: tender.title, method: tender.method, category: tender.category, servicePeriodMonths: tender.servicePeriodMonths },
    purchaser: { bureauId: tender.district.bureauId, name: tender.district.bureauName, contactName: tender.contactName, contactPhone: TENDER_PHONE },
    supplier: { organizationId: org.id, name: org.name, uscc: org.uscc, address: null, contactName: org.contactName, contactPhone: org.contactPhone },
    proposalTitle: bid.proposalTitle ?? null,
    amount: award.amount,
    serviceStartOn: c.start,
    serviceEndOn: c.end,
    communities: tender.communities.map((x) => ({ id: x.id, name: x.nameZh })),
    deliverables: { servicePlan: bid.servicePlan, activities: bid.activities },
    indicators: { beneficiaries: bid.beneficiaries, sessions: bid.sessions, volunteerHours: bid.volunteerHours },
    team: bid.team.map((m) => ({ name: m.name, qualification: m.qualification })),
    budget: bid.budget.map((b) => ({ item: b.item, amount: b.amount })),
    milestones: c.milestones.map((m) => ({ position: m.position, name: m.name, dueOn: m.dueOn, percentage: m.percentage, amount: m.amount, isFinal: m.isFinal, needsReport: m.needsReport })),
  };
}

async function contractsSection(city: City) {
  // The oldest final awards have their contracts; the newest wait for the bureau to generate theirs.
  // The bureaus' lag is what keeps those waiting: as long as the newest of them has been final
  // (a day at least, the 30 days the law allows at most), so the last contracts are recent.
  const ordered = finalAwards.slice().sort((a, b) => a.finalAt - b.finalAt);
  const chosen = ordered.slice(0, PER_CITY.contracts);
  const firstWaiting = ordered[PER_CITY.contracts]?.finalAt ?? NOW;
  const lag = Math.min(30 * DAY, Math.max(DAY, NOW - firstWaiting));
  const plans = chosen.map((award) => planContract(city, award, Math.min(lag, NOW - award.finalAt)));
  allocateAnswers(plans);
  for (const p of plans) {
    const e = p.evaluation;
    if (!e) continue;
    scoreEvaluation(e);
    // Tokens only for people served: the mid-term report's beneficiaries cover every token issued.
    const tokens = e.batches.reduce((sum, b) => sum + b.count, 0);
    const middle = p.milestones[1].report!;
    middle.beneficiaries = Math.max(middle.beneficiaries, tokens);
    // The final tranche is payable once the grade is 合格 or better.
    const final = p.milestones.at(-1)!;
    if (e.grade && e.grade !== "fail") final.paidAt = after(Math.max(final.acceptedAt, e.gradedAt), int(3, 15) * DAY + int(0, 6) * HOUR, Math.min(NOW, p.terminatedAt));
  }
  // Numbers run per bureau and year in the order the contracts were generated.
  const sequence = new Map<string, number>();
  for (const p of plans.slice().sort((a, b) => a.generatedAt - b.generatedAt)) {
    const year = Number(isoDate(p.generatedAt).slice(0, 4));
    const key = `${p.tender.district.bureauId}:${year}`;
    const n = (sequence.get(key) ?? 0) + 1;
    sequence.set(key, n);
    p.number = contractNumber(p.tender.district.nameZh, year, n);
  }

  const rows: Row[] = [];
  const signatures: Row[] = [];
  const communities: Row[] = [];
  const milestoneRows: Row[] = [];
  const trancheRows: Row[] = [];
  const paymentRows: Row[] = [];
  const reportRows: Row[] = [];
  const confirmationRows: Row[] = [];
  for (const p of plans) {
    const { tender, org, officer } = p;
    const content = contentOf(p);
    // Rendering 2,500 PDFs a city would take minutes: the hash stands for the PDF of this version.
    const pdfSha256 = crypto.createHash("sha256").update(canonicalJson(content)).update(new Date(p.generatedAt).toISOString()).digest("hex");
    const final = p.milestones.at(-1)!;
    p.completedAt = happened(final.paidAt) ? final.paidAt : Infinity;
    const status = happened(p.terminatedAt) ? "terminated" : happened(p.completedAt) ? "completed" : happened(p.activatedAt) ? "active" : "draft";
    const maybe = (t: number) => (happened(t) ? new Date(t) : null);
    rows.push([
      p.id,
      tender.id,
      p.award.id,
      p.award.bid.id,
      tender.district.bureauId,
      org.id,
      p.number,
      p.title,
      p.award.amount,
      p.start,
      p.end,
      JSON.stringify(content),
      pdfSha256,
      status,
      officer,
      new Date(p.generatedAt),
      new Date(p.generatedAt),
      maybe(p.activatedAt),
      maybe(p.completedAt),
      maybe(p.terminatedAt),
      happened(p.terminatedAt) ? officer : null,
      happened(p.terminatedAt) ? p.terminationReason : null,
    ]);
    for (const c of tender.communities) communities.push([p.id, c.id]);
    audit.push({ at: p.generatedAt, actorId: officer, action: "bid.read", subjectType: "bid", subjectId: p.award.bid.id, after: { tenderId: tender.id, purpose: "contract.generate" } });
    audit.push({
      at: p.generatedAt,
      actorId: officer,
      action: "contract.generate",
      subjectType: "contract",
      subjectId: p.id,
      after: {
        at: new Date(p.generatedAt).toISOString(),
        tenderId: tender.id,
        awardId: p.award.id,
        organizationId: org.id,
        number: p.number,
        amount: p.award.amount,
        serviceStartOn: p.start,
        serviceEndOn: p.end,
        version: 1,
        pdfSha256,
        tranches: p.milestones.map((m) => ({ position: m.position, percentage: m.percentage, amount: m.amount })),
      },
    });
    for (const [party, userId, at] of [["agency", org.ownerId, p.agencySignedAt], ["bureau", officer, p.activatedAt]] as const) {
      if (!happened(at)) continue;
      signatures.push([uuid(), p.id, party, 1, pdfSha256, userId, new Date(at)]);
      const active = party === "bureau";
      audit.push({ at, actorId: userId, action: "contract.sign", subjectType: "contract", subjectId: p.id, before: { status: "draft" }, after: { at: new Date(at).toISOString(), party, version: 1, pdfSha256, status: active ? "active" : "draft" } });
    }

    // Milestones and their reports, confirmations and decisions, as they stand now.
    let paid = 0;
    const payments: { m: MilestonePlan; at: number }[] = [];
    for (const m of p.milestones) {
      const r = m.report;
      let mStatus = "pending";
      let returnReason: string | null = null;
      let decidedBy: string | null = null;
      let decidedAt: number | null = null;
      if (!r) {
        if (happened(m.acceptedAt)) [mStatus, decidedAt] = ["accepted", m.acceptedAt];
      } else {
        const doneSubmissions = r.submissions.filter(happened);
        const returned = r.returned && happened(r.returned.at) ? r.returned : null;
        if (returned) [returnReason, decidedBy, decidedAt] = [returned.reason, officer, returned.at];
        if (happened(m.acceptedAt)) [mStatus, returnReason, decidedBy, decidedAt] = ["accepted", null, officer, m.acceptedAt];
        else if (returned && doneSubmissions.length === 1) mStatus = "returned";
        else if (doneSubmissions.length > 0) mStatus = "submitted";
        writeReport(p, m, r, reportRows, confirmationRows);
      }
      milestoneRows.push([m.id, p.id, m.position, m.name, m.dueOn, m.needsReport, mStatus, returnReason, decidedBy, decidedAt === null ? null : new Date(decidedAt)]);
      trancheRows.push([m.trancheId, p.id, m.id, m.position, m.percentage, m.amount, m.isFinal]);
      if (happened(m.paidAt)) payments.push({ m, at: m.paidAt });
    }
    for (const { m, at } of payments) {
      const paymentId = uuid();
      const paidOn = isoDate(at);
      paymentSerial += 1;
      const reference = `CZ${paidOn.replaceAll("-", "")}${String(paymentSerial % 100_000).padStart(5, "0")}`;
      paymentRows.push([paymentId, m.trancheId, p.id, m.amount, paidOn, reference, officer, new Date(at)]);
      movement(tender, "pay", m.amount, at);
      tender.line.committed -= m.amount;
      tender.line.paid += m.amount;
      paid += m.amount;
      const completes = m.isFinal;
      const entry: AuditInput = {
        at,
        actorId: officer,
        action: "payment.record",
        subjectType: "contract",
        subjectId: p.id,
        before: { status: "active" },
        after: { at: new Date(at).toISOString(), paymentId, tranche: m.position, amount: m.amount, paidOn, reference, status: completes ? "completed" : "active" },
      };
      audit.push(entry);
      if (completes) p.completion = entry;
    }
    if (happened(p.terminatedAt)) {
      // What was not paid is no longer owed: back to a reservation, then released.
      const released = p.award.amount - paid;
      if (released > 0) {
        movement(tender, "uncommit", released, p.terminatedAt);
        movement(tender, "release", released, p.terminatedAt);
        tender.line.committed -= released;
      }
      audit.push({
        at: p.terminatedAt,
        actorId: officer,
        action: "contract.terminate",
        subjectType: "contract",
        subjectId: p.id,
        before: { status: "active" },
        after: { at: new Date(p.terminatedAt).toISOString(), status: "terminated", reason: p.terminationReason, paid, released },
      });
    }
  }
  const served = serveNeeds(plans);
  cityContracts = plans;

  await insert(
    "contracts",
    [
      ["id", "uuid"],
      ["tender_id", "uuid"],
      ["award_id", "uuid"],
      ["bid_id", "uuid"],
      ["bureau_id", "uuid"],
      ["organization_id", "uuid"],
      ["number", "text"],
      ["title", "text"],
      ["amount", "int8"],
      ["service_start_on", "date"],
      ["service_end_on", "date"],
      ["content", "jsonb"],
      ["pdf_sha256", "text"],
      ["status", "contract_status"],
      ["created_by", "uuid"],
      ["created_at", "timestamptz"],
      ["updated_at", "timestamptz"],
      ["activated_at", "timestamptz"],
      ["completed_at", "timestamptz"],
      ["terminated_at", "timestamptz"],
      ["terminated_by", "uuid"],
      ["termination_reason", "text"],
    ],
    rows,
  );
  await insert("contract_signatures", [["id", "uuid"], ["contract_id", "uuid"], ["party", "contract_party"], ["contract_version", "int4"], ["pdf_sha256", "text"], ["user_id", "uuid"], ["signed_at", "timestamptz"]], signatures);
  await insert("contract_communities", [["contract_id", "uuid"], ["community_id", "uuid"]], communities);
  await insert(
    "contract_milestones",
    [["id", "uuid"], ["contract_id", "uuid"], ["position", "int4"], ["name", "text"], ["due_on", "date"], ["needs_report", "bool"], ["status", "milestone_status"], ["return_reason", "text"], ["decided_by", "uuid"], ["decided_at", "timestamptz"]],
    milestoneRows,
  );
  await insert("payment_tranches", [["id", "uuid"], ["contract_id", "uuid"], ["milestone_id", "uuid"], ["position", "int4"], ["percentage", "int4"], ["amount", "int8"], ["is_final", "bool"]], trancheRows);
  await insert("payments", [["id", "uuid"], ["tranche_id", "uuid"], ["contract_id", "uuid"], ["amount", "int8"], ["paid_on", "date"], ["reference", "text"], ["recorded_by", "uuid"], ["recorded_at", "timestamptz"]], paymentRows);
  await insert(
    "progress_reports",
    [
      ["id", "uuid"],
      ["milestone_id", "uuid"],
      ["contract_id", "uuid"],
      ["status", "progress_report_status"],
      ["period_start", "date"],
      ["period_end", "date"],
      ["activities", "jsonb"],
      ["beneficiaries", "int4"],
      ["volunteer_hours", "numeric"],
      ["spending", "jsonb"],
      ["narrative", "text"],
      ["revision", "int4"],
      ["updated_by", "uuid"],
      ["updated_at", "timestamptz"],
      ["submitted_at", "timestamptz"],
    ],
    reportRows,
  );
  await insert(
    "service_confirmations",
    [["milestone_id", "uuid"], ["community_id", "uuid"], ["status", "service_confirmation_status"], ["note", "text"], ["report_revision", "int4"], ["user_id", "uuid"], ["at", "timestamptz"]],
    confirmationRows,
  );
  const movements = await flushMovements();
  if (served.length) await client.unsafe(`update needs set status = 'served' where id = any($1::uuid[]) and status = 'tendered'`, [served] as never[]);
  const count = (s: string) => rows.filter((r) => r[13] === s).length;
  return (
    `${rows.length} contracts (${count("draft")} draft, ${count("active")} active, ${count("completed")} completed, ${count("terminated")} terminated; ${finalAwards.length - rows.length} final awards waiting), ` +
    `${milestoneRows.length} milestones, ${reportRows.length} progress reports, ${confirmationRows.length} confirmations, ${paymentRows.length} payments, ${movements} budget movements, ${served.length} needs served`
  );
}

/** The report row as it stands now, and the audit of every save, submission, confirmation and decision. */
function writeReport(p: ContractPlan, m: MilestonePlan, r: ReportPlan, reportRows: Row[], confirmationRows: Row[]) {
  const agency = p.org.ownerId;
  const spent = r.spending.reduce((sum, s) => sum + s.amount, 0);
  const body = (at: number, status: "draft" | "submitted", revision: number) => ({
    at: new Date(at).toISOString(),
    milestone: m.position,
    reportId: r.id,
    status,
    revision,
    beneficiaries: r.beneficiaries,
    volunteerHours: r.volunteerHours,
    activities: r.activities.length,
    spent,
    evidence: [],
  });
  const submissions = r.submissions.filter(happened);
  if (happened(r.saved)) {
    audit.push({ at: r.saved!, actorId: agency, action: "progressReport.save", subjectType: "contract", subjectId: p.id, before: { milestone: m.position, status: null, milestoneStatus: "pending" }, after: body(r.saved!, "draft", 0) });
  }
  submissions.forEach((at, k) => {
    const before = { milestone: m.position, status: k > 0 || happened(r.saved) ? "draft" : null, milestoneStatus: k > 0 ? "returned" : "pending" };
    audit.push({ at, actorId: agency, action: "progressReport.submit", subjectType: "contract", subjectId: p.id, before, after: body(at, "submitted", k + 1) });
  });
  const latest = new Map<string, Confirmation>();
  for (const c of r.confirmations.filter((x) => happened(x.at))) {
    const previous = latest.get(c.community.id);
    audit.push({
      at: c.at,
      actorId: c.community.staffUserId,
      action: c.status === "confirmed" ? "service.confirm" : "service.problem",
      subjectType: "contract",
      subjectId: p.id,
      before: previous ? { status: previous.status, reportRevision: previous.revision } : null,
      after: { at: new Date(c.at).toISOString(), milestone: m.position, communityId: c.community.id, status: c.status, note: c.note, reportRevision: c.revision },
    });
    latest.set(c.community.id, c);
  }
  for (const c of latest.values()) confirmationRows.push([m.id, c.community.id, c.status, c.note, c.revision, c.community.staffUserId, new Date(c.at)]);
  if (r.returned && happened(r.returned.at)) {
    audit.push({
      at: r.returned.at,
      actorId: p.officer,
      action: "milestone.return",
      subjectType: "contract",
      subjectId: p.id,
      before: { milestone: m.position, status: "submitted" },
      after: { at: new Date(r.returned.at).toISOString(), milestone: m.position, status: "returned", reason: r.returned.reason, reportRevision: 1 },
    });
  }
  if (happened(m.acceptedAt)) {
    audit.push({
      at: m.acceptedAt,
      actorId: p.officer,
      action: "milestone.accept",
      subjectType: "contract",
      subjectId: p.id,
      before: { milestone: m.position, status: "submitted" },
      after: { at: new Date(m.acceptedAt).toISOString(), milestone: m.position, status: "accepted", reportRevision: submissions.length },
    });
  }
  if (!happened(r.saved) && submissions.length === 0) return;
  const lastSubmission = submissions.at(-1) ?? null;
  const draft = submissions.length === 0 || (r.returned !== null && happened(r.returned.at) && submissions.length === 1);
  const updatedAt = Math.max(lastSubmission ?? 0, happened(r.saved) ? r.saved! : 0);
  reportRows.push([
    r.id,
    m.id,
    p.id,
    draft ? "draft" : "submitted",
    r.periodStart,
    r.periodEnd,
    JSON.stringify(r.activities),
    r.beneficiaries,
    r.volunteerHours.toFixed(1),
    JSON.stringify(r.spending),
    r.narrative,
    submissions.length,
    p.org.ownerId,
    new Date(updatedAt),
    lastSubmission === null ? null : new Date(lastSubmission),
  ]);
}

/**
 * Needs answered by a tender are served when the payment completing its last running contract
 * is recorded (a termination serves nothing): the ids, with the audit of that payment saying so.
 */
function serveNeeds(plans: ContractPlan[]): string[] {
  const byTender = new Map<Tender, ContractPlan[]>();
  for (const p of plans) byTender.set(p.tender, [...(byTender.get(p.tender) ?? []), p]);
  const served: string[] = [];
  for (const [tender, contracts] of byTender) {
    const completions = contracts.filter((c) => happened(c.completedAt)).map((c) => c.completedAt);
    if (completions.length === 0 || tender.needIds.length === 0) continue;
    const lastCompletion = Math.max(...completions);
    const running = contracts.some((c) => !happened(c.completedAt) && !(happened(c.terminatedAt) && c.terminatedAt < lastCompletion));
    if (running) continue;
    served.push(...tender.needIds);
    const entry = contracts.find((c) => c.completedAt === lastCompletion)!.completion!;
    entry.after = { ...(entry.after as object), needsServed: tender.needIds };
  }
  return served;
}

// ---- outcomes: evaluations, indicator scores, site visits, the survey, credit proposals -------

const VISIT_NOTES = [
  "服务台账与进度报告一致，随机回访的服务对象均能说出参加过的活动。",
  "活动场地整洁，签到记录齐全；个别服务对象反映活动时间与工作时间冲突。",
  "服务对象档案完整，但部分个案的跟进记录不够及时。",
];
const AGENCY_RESPONSES = ["感谢评估组的意见。我们已调整服务排期并补充志愿者，下一期将把改进措施落实到服务计划中。", "评估中指出的记录不完整问题，我们已完成补录并建立月度自查制度。"];
const DISMISS_REASON = "机构已提交整改报告并调整项目团队，整改情况经核实，暂不列入活动异常名录。";

function purchaserReasons(score: number) {
  if (score >= 90) return "服务按合同全面完成，台账规范，服务对象反映良好。";
  if (score >= 80) return "服务基本按计划完成，个别指标略有不足。";
  if (score >= 60) return "主要服务已完成，但记录不够完整，部分活动进度滞后。";
  return "服务人次和活动场次明显不足，资料不全，未达到合同要求。";
}

function justification(name: string, share: number) {
  const verdict = share >= 0.85 ? "达到或超过合同要求" : share >= 0.65 ? "基本达到要求，个别环节有欠缺" : "未达到合同要求";
  return `${name}：${verdict}，依据进度报告、服务台账和实地走访核实。`;
}

const CODE_SPACE = CODE_ALPHABET.length ** CODE_LENGTH;
let tokenSerial = 0;
/** The n-th survey code: an affine map of n onto the 31^8 codes (a bijection, so no code repeats). */
function surveyCode(n: number) {
  let v = (n * 387_420_489 + 1_234_567_891) % CODE_SPACE;
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) {
    code = CODE_ALPHABET[v % CODE_ALPHABET.length] + code;
    v = Math.floor(v / CODE_ALPHABET.length);
  }
  return code;
}

/** Expands batches into rows on the server: one INSERT … SELECT … generate_series per 1,000 batches. */
async function expand(table: string, statement: string, batches: Row[], rows: number) {
  for (let start = 0; start < batches.length; start += 1_000) {
    const chunk = batches.slice(start, start + 1_000);
    const params = chunk[0].map((_, c) => chunk.map((row) => asText(row[c])));
    await client.unsafe(statement, params as never[]);
  }
  written[table] = (written[table] ?? 0) + rows;
}

const QUESTIONS = DEFAULT_QUESTIONS.length;
const answerDigit = (q: number) => `substr(b.packed, (k - 1) * ${QUESTIONS} + ${q + 1}, 1)::smallint`;

async function outcomesSection() {
  const evaluations: Row[] = [];
  const scoreRows: Row[] = [];
  const visits: Row[] = [];
  const surveyRows: Row[] = [];
  const tokenBatches: Row[] = [];
  const answerBatches: Row[] = [];
  const graded: { p: ContractPlan; e: EvaluationPlan }[] = [];
  let tokens = 0;
  let answers = 0;
  for (const p of cityContracts) {
    const e = p.evaluation;
    if (!e) continue;
    const evaluator = e.evaluator.ownerId;
    audit.push({
      at: e.commissionedAt,
      actorId: p.officer,
      action: "outcome.commission",
      subjectType: "contract",
      subjectId: p.id,
      after: { evaluationId: e.id, evaluatorOrganizationId: e.evaluator.id, dueOn: e.dueOn, indicators: DEFAULT_INDICATORS.length },
    });
    if (happened(e.visitAt)) {
      const visitId = uuid();
      const visitedOn = isoDate(e.visitAt - int(0, 2) * DAY);
      const place = `${p.tender.communities.map((c) => c.nameZh).join("、")}服务对象家中及活动场地`;
      visits.push([visitId, e.id, visitedOn, place, `社区书记、项目社工、${int(3, 9)} 位服务对象`, pick(VISIT_NOTES), evaluator, new Date(e.visitAt)]);
      audit.push({ at: e.visitAt, actorId: evaluator, action: "outcome.siteVisit", subjectType: "outcome_evaluation", subjectId: e.id, after: { siteVisitId: visitId, visitedOn, place, photos: [] } });
    }
    // The evaluator's sheet: submitted (locked), or a draft of the first indicators.
    const submitted = happened(e.submittedAt);
    const sheet = submitted ? e.indicatorScores : happened(e.draftScoresAt) ? e.indicatorScores.slice(0, int(4, 8)) : [];
    const sheetAt = submitted ? e.submittedAt : (e.draftScoresAt ?? 0);
    sheet.forEach((score, k) => {
      const indicator = DEFAULT_INDICATORS[k];
      scoreRows.push([e.id, p.tender.indicatorIds[k], score.toFixed(2), justification(indicator.name, score / indicator.maxPoints), "进度报告、服务台账、走访记录", new Date(sheetAt)]);
    });
    if (sheet.length > 0) {
      audit.push({
        at: sheetAt,
        actorId: evaluator,
        action: submitted ? "outcome.submitScores" : "outcome.saveScores",
        subjectType: "outcome_evaluation",
        subjectId: e.id,
        before: { status: "commissioned" },
        after: { status: submitted ? "submitted" : "commissioned", scores: sheet.map((score, k) => ({ indicatorId: p.tender.indicatorIds[k], score })), ...(submitted ? { thirdPartyScore: e.thirdParty } : {}) },
      });
    }
    // The survey: a batch of tokens per service community, then the answers, a batch a day.
    const issued = e.batches.filter((b) => happened(b.at) && b.count > 0);
    let issuedBefore = 0;
    for (const b of issued) {
      const served = p.milestones.reduce((sum, m) => sum + (m.report && submittedAtTime(m.report, b.at) ? m.report.beneficiaries : 0), 0);
      const expiresOn = tokenExpiry(isoDate(b.at));
      const codes = Array.from({ length: b.count }, () => surveyCode(tokenSerial++)).join("");
      tokenBatches.push([p.id, b.community.id, b.community.staffUserId, new Date(b.at), expiresOn, b.count, b.usedOn.length, codes, b.usedOn.join("")]);
      // The codes stay out of the log, as issueTokens keeps them out.
      audit.push({ at: b.at, actorId: b.community.staffUserId, action: "survey.issueTokens", subjectType: "contract", subjectId: p.id, after: { communityId: b.community.id, count: b.count, expiresOn, issuedBefore, served } });
      issuedBefore += b.count;
    }
    tokens += issuedBefore;
    if (issued.length > 0) surveyRows.push([p.id, JSON.stringify(DEFAULT_QUESTIONS), new Date(issued[0].at)]);
    for (let i = 0; i < e.answers.length; ) {
      const day = e.answers[i].day;
      let j = i;
      while (j < e.answers.length && e.answers[j].day === day) j++;
      const batch = e.answers.slice(i, j);
      answerBatches.push([p.id, day, batch.length, batch.map((a) => a.scores.join("")).join("")]);
      audit.push({ at: atTime(day, "19:00") + int(0, 120) * 60_000, actorId: null, action: "survey.answer", subjectType: "contract", subjectId: p.id, after: { count: batch.length, answeredOn: day } });
      answers += batch.length;
      i = j;
    }
    const responded = happened(e.respondedAt);
    const response = pick(AGENCY_RESPONSES);
    if (responded) audit.push({ at: e.respondedAt, actorId: p.org.ownerId, action: "outcome.agencyResponse", subjectType: "outcome_evaluation", subjectId: e.id, after: { response } });
    const isGraded = happened(e.gradedAt) && e.grade !== null;
    const reasons = purchaserReasons(e.purchaser);
    if (isGraded) {
      graded.push({ p, e });
      audit.push({
        at: e.gradedAt,
        actorId: p.officer,
        action: "outcome.grade",
        subjectType: "outcome_evaluation",
        subjectId: e.id,
        after: {
          contractId: p.id,
          purchaserScore: e.purchaser,
          reasons,
          thirdPartyScore: e.thirdParty,
          satisfactionScore: e.satisfaction,
          satisfactionResponses: e.answers.length,
          weights: OUTCOME_WEIGHTS,
          compositeScore: e.composite,
          grade: e.grade,
        },
      });
    }
    const when = (ok: boolean, t: number) => (ok ? new Date(t) : null);
    evaluations.push([
      e.id,
      p.id,
      e.evaluator.id,
      p.officer,
      new Date(e.commissionedAt),
      e.dueOn,
      submitted ? "submitted" : "commissioned",
      submitted ? e.thirdParty.toFixed(2) : null,
      submitted ? evaluator : null,
      when(submitted, e.submittedAt),
      responded ? response : null,
      when(responded, e.respondedAt),
      isGraded ? e.purchaser.toFixed(2) : null,
      isGraded ? reasons : null,
      isGraded ? p.officer : null,
      when(isGraded, e.gradedAt),
      isGraded ? e.satisfaction.toFixed(2) : null,
      isGraded ? e.answers.length : null,
      isGraded ? e.composite.toFixed(2) : null,
      isGraded ? e.grade : null,
      when(isGraded, e.gradedAt),
    ]);
  }

  // Two 不合格 within 3 years propose the organization for the abnormal list (proposeAfterFailure).
  const proposals: Row[] = [];
  const failures = new Map<string, { id: string; gradedAt: Date; title: string; compositeScore: number }[]>();
  const openUntil = new Map<string, number>();
  for (const { p, e } of graded.sort((a, b) => a.e.gradedAt - b.e.gradedAt)) {
    if (e.grade !== "fail") continue;
    const list = [...(failures.get(p.org.id) ?? []), { id: e.id, gradedAt: new Date(e.gradedAt), title: p.title, compositeScore: e.composite }];
    failures.set(p.org.id, list);
    if (p.org.credit !== "normal" || (openUntil.get(p.org.id) ?? -Infinity) > e.gradedAt) continue;
    const counted = failuresToPropose(list, new Date(e.gradedAt));
    if (!counted) continue;
    const id = uuid();
    const reason = `${FAILURE_WINDOW_YEARS}年内${counted.length}个项目绩效评估为不合格：${counted.map((f) => `《${f.title}》（${f.compositeScore}分）`).join("、")}`;
    // Most proposals are dismissed after the agency's rectification; the recent ones wait for an officer.
    const decidedAt = after(e.gradedAt, int(15, 60) * DAY, NOW);
    const dismissed = happened(decidedAt) && random() < 0.7;
    openUntil.set(p.org.id, dismissed ? decidedAt : Infinity);
    const evaluationIds = counted.map((f) => f.id);
    proposals.push([id, p.org.id, reason, `{${evaluationIds.join(",")}}`, dismissed ? "dismissed" : "proposed", new Date(e.gradedAt), dismissed ? p.officer : null, dismissed ? new Date(decidedAt) : null, dismissed ? DISMISS_REASON : null]);
    audit.push({ at: e.gradedAt, actorId: null, action: "credit.propose", subjectType: "organization", subjectId: p.org.id, after: { proposalId: id, reason, evaluationIds } });
    if (dismissed) {
      audit.push({ at: decidedAt, actorId: p.officer, action: "credit.dismiss", subjectType: "organization", subjectId: p.org.id, before: { proposalId: id, status: "proposed" }, after: { proposalId: id, status: "dismissed", reason: DISMISS_REASON } });
    }
  }

  await insert(
    "outcome_evaluations",
    [
      ["id", "uuid"],
      ["contract_id", "uuid"],
      ["evaluator_organization_id", "uuid"],
      ["commissioned_by", "uuid"],
      ["commissioned_at", "timestamptz"],
      ["due_on", "date"],
      ["status", "outcome_evaluation_status"],
      ["third_party_score", "numeric"],
      ["submitted_by", "uuid"],
      ["submitted_at", "timestamptz"],
      ["agency_response", "text"],
      ["agency_responded_at", "timestamptz"],
      ["purchaser_score", "numeric"],
      ["purchaser_reasons", "text"],
      ["purchaser_scored_by", "uuid"],
      ["purchaser_scored_at", "timestamptz"],
      ["satisfaction_score", "numeric"],
      ["satisfaction_responses", "int4"],
      ["composite_score", "numeric"],
      ["grade", "outcome_grade"],
      ["graded_at", "timestamptz"],
    ],
    evaluations,
  );
  await insert("outcome_scores", [["evaluation_id", "uuid"], ["indicator_id", "uuid"], ["score", "numeric"], ["justification", "text"], ["evidence", "text"], ["updated_at", "timestamptz"]], scoreRows);
  await insert("site_visits", [["id", "uuid"], ["evaluation_id", "uuid"], ["visited_on", "date"], ["place", "text"], ["people_met", "text"], ["notes", "text"], ["created_by", "uuid"], ["created_at", "timestamptz"]], visits);
  await insert("surveys", [["contract_id", "uuid"], ["questions", "jsonb"], ["created_at", "timestamptz"]], surveyRows);
  // Tokens and answers are expanded on the server from their batches (codes and answers packed per batch).
  await expand(
    "survey_tokens",
    `insert into survey_tokens (id, contract_id, community_id, code, issued_by, issued_at, expires_on, used_on)
     select md5('survey-token:' || t.code)::uuid, b.contract_id, b.community_id, t.code, b.issued_by, b.issued_at, b.expires_on,
            case when k <= b.used then substr(b.used_on, (k - 1) * 10 + 1, 10)::date end
     from unnest($1::text[]::uuid[], $2::text[]::uuid[], $3::text[]::uuid[], $4::text[]::timestamptz[], $5::text[]::date[], $6::text[]::int4[], $7::text[]::int4[], $8::text[], $9::text[])
       as b(contract_id, community_id, issued_by, issued_at, expires_on, n, used, codes, used_on)
     cross join lateral generate_series(1, b.n) as k
     cross join lateral (select substr(b.codes, (k - 1) * ${CODE_LENGTH} + 1, ${CODE_LENGTH}) as code) as t`,
    tokenBatches,
    tokens,
  );
  const total = DEFAULT_QUESTIONS.map((_, q) => answerDigit(q)).join(" + ");
  await expand(
    "survey_responses",
    `insert into survey_responses (id, contract_id, scores, comment, answered_on)
     select md5(b.contract_id::text || ':' || b.answered_on::text || ':' || k)::uuid, b.contract_id, array[${DEFAULT_QUESTIONS.map((_, q) => answerDigit(q)).join(", ")}],
            case when k % 9 = 1 then
              case when ${total} >= ${Math.ceil(QUESTIONS * 4.2)} then '服务很贴心，希望项目能继续做下去。'
                   when ${total} >= ${QUESTIONS * 3} then '总体不错，希望活动时间安排得更方便一些。'
                   else '活动太少了，很多时候找不到人。' end
            end,
            b.answered_on
     from unnest($1::text[]::uuid[], $2::text[]::date[], $3::text[]::int4[], $4::text[]) as b(contract_id, answered_on, n, packed)
     cross join lateral generate_series(1, b.n) as k`,
    answerBatches,
    answers,
  );
  await insert(
    "credit_proposals",
    [["id", "uuid"], ["organization_id", "uuid"], ["reason", "text"], ["evaluation_ids", "uuid[]"], ["status", "credit_proposal_status"], ["proposed_at", "timestamptz"], ["decided_by", "uuid"], ["decided_at", "timestamptz"], ["decision_reason", "text"]],
    proposals,
  );
  const grades = (g: string) => graded.filter((x) => x.e.grade === g).length;
  return (
    `${evaluations.length} outcome evaluations (${graded.length} graded: ${grades("excellent")} 优秀, ${grades("good")} 良好, ${grades("pass")} 合格, ${grades("fail")} 不合格), ` +
    `${scoreRows.length} indicator scores, ${visits.length} site visits, ${tokens} survey tokens, ${answers} survey answers, ${proposals.length} credit proposals`
  );
}

// ---- budget lines: each holds exactly what its tenders reserve, commit and have paid ----------

async function budgetLinesSection(city: City) {
  const lines = city.districts.flatMap((d) => [...d.lines.values()]);
  const amountOf = (l: BudgetLine) => Math.ceil(((l.reserved + l.committed + l.paid) * 1.25 + 2_000_000 * YUAN) / (10_000 * YUAN)) * 10_000 * YUAN;
  // The amounts leave room on every line, so the CHECK (reserved + committed + paid <= amount) holds.
  await client.unsafe(
    `update budget_lines b set amount = u.amount, reserved = u.reserved, committed = u.committed, paid = u.paid
     from unnest($1::uuid[], $2::int8[], $3::int8[], $4::int8[], $5::int8[]) as u(id, amount, reserved, committed, paid) where b.id = u.id`,
    [lines.map((l) => l.id), lines.map(amountOf), lines.map((l) => l.reserved), lines.map((l) => l.committed), lines.map((l) => l.paid)] as never[],
  );
  const sum = (pick: (l: BudgetLine) => number) => formatFen(lines.reduce((s, l) => s + pick(l), 0));
  return `${lines.length} lines: ${sum(amountOf)} budgeted, ${sum((l) => l.reserved)} reserved, ${sum((l) => l.committed)} committed, ${sum((l) => l.paid)} paid`;
}

/** The sections, in the order their rows depend on each other. */
const SECTIONS: [name: string, fill: (city: City) => Promise<string>][] = [
  ["places", places],
  ["organizations", organizations],
  ["tenders and needs", tenders],
  ["bids", bids],
  ["committees", committees],
  ["awards", awards],
  ["contracts", contractsSection],
  ["outcomes and surveys", outcomesSection],
  ["budget lines", budgetLinesSection],
];

/** survey_counts as its triggers (migration 0011) would have kept it: tokens and answers per project and Beijing year. */
const SURVEY_COUNTS_FILL = `insert into survey_counts (contract_id, year, tokens, responses)
  select contract_id, year, sum(tokens)::int, sum(responses)::int from (
    select contract_id, extract(year from (issued_at at time zone 'Asia/Shanghai'))::int as year, count(*) as tokens, 0 as responses from survey_tokens group by 1, 2
    union all
    select contract_id, extract(year from answered_on)::int, 0, count(*) from survey_responses group by 1, 2
  ) x group by 1, 2`;

// ---- references: what the foreign keys would have checked row by row, one query per key -------

async function checkReferences() {
  const keys = await client<{ name: string; query: string }[]>`
    select c.conname as name,
           format('select count(*)::int as n from %s c where %s and not exists (select 1 from %s p where %s)',
             c.conrelid::regclass,
             (select string_agg(format('c.%I is not null', a.attname), ' and ')
                from unnest(c.conkey) as k(n) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n),
             c.confrelid::regclass,
             (select string_agg(format('p.%I = c.%I', pa.attname, a.attname), ' and ')
                from unnest(c.conkey, c.confkey) as k(n, pn)
                join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n
                join pg_attribute pa on pa.attrelid = c.confrelid and pa.attnum = k.pn)) as query
    from pg_constraint c where c.contype = 'f' and c.connamespace = 'public'::regnamespace`;
  for (const { name, query } of keys) {
    const [{ n }] = await client.unsafe<{ n: number }[]>(query);
    if (n > 0) throw new Error(`${n} rows break the foreign key ${name}`);
  }
  return keys.length;
}

// ---- audit: every city's entries in time order, chained like appendAudit does -----------------

async function auditChain() {
  audit.sort((a, b) => a.at - b.at);
  let prevHash = GENESIS_HASH;
  const columns: Column[] = [
    ["seq", "int8"],
    ["id", "uuid"],
    ["at", "timestamptz"],
    ["actor_id", "uuid"],
    ["action", "text"],
    ["subject_type", "text"],
    ["subject_id", "text"],
    ["before", "jsonb"],
    ["after", "jsonb"],
    ["prev_hash", "text"],
    ["hash", "text"],
  ];
  let rows: Row[] = [];
  for (let k = 0; k < audit.length; k++) {
    const input = audit[k];
    // The entries hold plain JSON values, so canonicalJson hashes them exactly as it will hash
    // what jsonb gives back (appendAudit's normalize would change nothing).
    const entry = {
      seq: k + 1,
      id: uuid(),
      at: new Date(input.at),
      actorId: input.actorId,
      action: input.action,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      before: input.before ?? null,
      after: input.after ?? null,
    };
    const hash = hashEntry(prevHash, entry);
    rows.push([entry.seq, entry.id, entry.at, entry.actorId, entry.action, entry.subjectType, entry.subjectId, entry.before === null ? null : JSON.stringify(entry.before), entry.after === null ? null : JSON.stringify(entry.after), prevHash, hash]);
    prevHash = hash;
    if (rows.length === 50_000) {
      await insert("audit_log", columns, rows);
      rows = [];
      process.stdout.write(`\r  audit: ${k + 1} of ${audit.length} entries`);
    }
  }
  await insert("audit_log", columns, rows);
  process.stdout.write(`\r  audit: ${audit.length} of ${audit.length} entries\n`);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const argv = process.argv.slice(2);
  const scale = parseScale(argv);
  const reset = argv.includes("--reset");
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL must name the PostgreSQL database to fill (it is created if missing)");
  process.env.BID_SEALING_KEY ??= BENCH_SEALING_KEY;
  random = mulberry32(2026 + scale);
  const started = performance.now();

  // The database itself, when missing.
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`database name ${name} must be [a-z0-9_]`);
  const server = new URL(url);
  server.pathname = "/postgres";
  const admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 as x from pg_database where datname = ${name}`;
    if (!exists) await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }

  const { connect } = await import("#db/client");
  const { runMigrations } = await import("#db/migrate-core");
  const migration = connect({ url, poolSize: 1 });
  try {
    await runMigrations(migration);
  } finally {
    await migration.close();
  }

  // Replica mode skips the per-row triggers (foreign keys, the statistics version) while loading;
  // checkReferences and the version bump below stand in for them once, set-based.
  client = postgres(url, { max: 1, onnotice: () => {}, connection: { session_replication_role: "replica" } });
  try {
    const [{ n }] = await client<{ n: number }[]>`select count(*)::int as n from users`;
    if (n > 0 && !reset) throw new Error(`${name} already has ${n} users: add --reset to empty every table first`);
    if (reset) {
      // stats_version is the statistics cache's counter, not data: it keeps its row.
      const tables = await client<{ t: string }[]>`select tablename as t from pg_tables where schemaname = 'public' and tablename <> 'stats_version'`;
      await client.unsafe(`truncate ${tables.map((r) => `"${r.t}"`).join(", ")} cascade`);
      console.log(`emptied ${tables.length} tables`);
    }
    console.log(`bench data at scale ${scale} into ${name}: ${scale} × (${PER_CITY.communities} communities, ${PER_CITY.organizations} organizations, ${PER_CITY.tenders} tenders, ${PER_CITY.bids} bids)`);

    passwordHash = await hashPassword(BENCH_PASSWORD);
    adminId = uuid();
    await insert("users", [["id", "uuid"], ["username", "text"], ["display_name", "text"], ["password_hash", "text"]], [[adminId, "admin", "平台管理员", passwordHash]]);
    await insert("memberships", [["id", "uuid"], ["user_id", "uuid"], ["role", "membership_role"]], [[uuid(), adminId, "admin"]]);

    for (let c = 1; c <= scale; c++) {
      const city: City = { index: c, id: uuid(), code: String(400_000 + c * 10_000 + 100), nameZh: c === 1 ? "郑州市" : `样例${c}市`, districts: [], tenders: [], evaluators: [] };
      for (const [section, fill] of SECTIONS) {
        const t0 = performance.now();
        const summary = await fill(city);
        console.log(`  city ${c}/${scale} ${section}: ${summary} (${elapsed(t0)}; total ${elapsed(started)})`);
      }
      bidsByTender.clear();
      committeeResults.clear();
      finalAwards.length = 0;
      cityContracts = [];
    }
    await auditChain();
    const t0 = performance.now();
    // What the survey_counts triggers keep while the portal runs, filled once for the load.
    await client.unsafe(SURVEY_COUNTS_FILL);
    const references = await checkReferences();
    // Cached statistics computed before the load must not be served after it.
    await client.unsafe("insert into stats_version (id, n) values (1, 1) on conflict (id) do update set n = stats_version.n + 1");
    console.log(`  references: ${references} foreign keys hold (${elapsed(t0)}; total ${elapsed(started)})`);
    console.log(`  analyze (${elapsed(started)})`);
    await client.unsafe("analyze");
    const rows = Object.entries(written)
      .map(([table, count]) => `${table} ${count}`)
      .join(", ");
    console.log(`done in ${elapsed(started)}: ${rows}`);
    console.log(`sign in as admin, bureau.c1.d1, community.c1.1 or org.c1.1 with the password "${BENCH_PASSWORD}"; the server needs BID_SEALING_KEY=${process.env.BID_SEALING_KEY === BENCH_SEALING_KEY ? "(the bench key in tests/bench/common.ts)" : "(the one set now)"}`);
  } finally {
    await client.end({ timeout: 5 });
  }
}

await main();
