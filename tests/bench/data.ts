/**
 * npm run bench:data -- --scale N [--reset]
 *
 * Fills the DATABASE_URL PostgreSQL database with generated, internally consistent data: at
 * scale 1 one city the size of Zhengzhou (616 communities, 4,650 organizations, 3,000 tenders
 * with their needs, 15,000 bids, the audit entries of all of it), N cities at scale N.
 *
 * Rows are built in memory one city at a time and written with one INSERT … SELECT FROM
 * unnest(…) per 5,000 rows (set-based: no statement per row). What only Node can compute is
 * computed here: USCC check characters, AES-GCM sealed bids (the app's own `seal`, so the
 * server opens them with the same BID_SEALING_KEY), scrypt for the shared password, and the
 * audit hash chain (the app's own `hashEntry`), so `npm run audit:verify` passes afterwards.
 *
 * The data follows the domain's rules: a tender's needs are in its bureau's district and were
 * accepted before it; bids come from verified organizations of that district before the
 * deadline, one per organization; opened tenders have their opening record; recommended and
 * later ones their ranking, awarded ones an award to rank 1; budget lines hold exactly what
 * their tenders reserve and commit, movement by movement. What is not generated yet: committees
 * and score sheets (the ranking is stored as the committee would leave it), enquiries,
 * amendments, documents.
 *
 * One section per domain (`SECTIONS` below). Contracts, milestones, payments, progress reports
 * and survey answers get a section of their own, after `awards`, once their tables settle
 * (issues 5 and 6): a section receives the city's generated world and adds rows and audit
 * entries to it.
 */
import postgres from "postgres";
import { translator } from "~/i18n";
import { GENESIS_HASH, hashEntry } from "~/modules/audit/audit.server";
import { hashPassword } from "~/modules/auth/password.server";
import { seal } from "~/modules/bids/sealing.server";
import { SERVICE_CATEGORIES } from "~/modules/needs/service-categories";
import { makeUscc } from "~/modules/orgs/uscc";
import { DEFAULT_INDICATORS } from "~/modules/outcomes/indicators";
import { BENCH_PASSWORD, BENCH_SEALING_KEY, elapsed, parseScale, PER_CITY } from "./common";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const YUAN = 100;
const BATCH = 5_000;

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
// Writing: one INSERT … SELECT FROM unnest(…) per batch
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

async function insert(table: string, columns: Column[], rows: Row[]) {
  for (let start = 0; start < rows.length; start += BATCH) {
    const chunk = rows.slice(start, start + BATCH);
    // Every column travels as text[] and is cast on the server: one statement per batch.
    const params = columns.map((_, c) => chunk.map((row) => asText(row[c])));
    const args = columns.map((_, i) => `$${i + 1}::text[]`).join(", ");
    const select = columns.map(([name, type]) => (type === "bytea" ? `decode(u.${name}, 'hex')` : `u.${name}::${type}`)).join(", ");
    const names = columns.map(([name]) => name).join(", ");
    await client.unsafe(`insert into ${table} (${names}) select ${select} from unnest(${args}) as u(${names})`, params as never[]);
  }
  written[table] = (written[table] ?? 0) + rows.length;
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
  staff: { id: string; name: string; qualification: string }[];
}
interface BudgetLine {
  id: string;
  bureauId: string;
  fiscalYear: number;
  fundSource: string;
  reserved: number;
  committed: number;
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
      staff: [],
    };
    const roll = random();
    const verification = roll < 0.92 ? "verified" : roll < 0.97 ? "pending" : "rejected";
    const creditRoll = random();
    const credit = verification !== "verified" ? "normal" : creditRoll < 0.01 ? "abnormal" : creditRoll < 0.013 ? "serious_dishonesty" : "normal";
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
      pick(PEOPLE),
      `0371-6${String(int(0, 9_999_999)).padStart(7, "0")}`,
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

function statusAt(fraction: number): Status {
  let acc = 0;
  for (const [status, share] of STATUS_SHARES) if (fraction < (acc += share)) return status;
  return "awarded";
}

/** Bids per tender before the city's total is made exact. */
function initialBidCount(status: Status) {
  if (status === "draft" || status === "cancelled") return 0;
  if (status === "unsuccessful") return int(1, 2);
  if (status === "open") return int(0, 6);
  return int(3, 8);
}

function lineFor(district: District, year: number): BudgetLine {
  const source = random() < 0.6 ? "general_budget" : pick(FUND_SOURCES);
  const key = `${year}:${source}`;
  let line = district.lines.get(key);
  if (!line) {
    line = { id: uuid(), bureauId: district.bureauId, fiscalYear: year, fundSource: source, reserved: 0, committed: 0 };
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
  for (let i = 0; i < PER_CITY.tenders; i++) {
    const district = city.districts[i % city.districts.length];
    const status = statusAt(random());
    const category = weightedCategory();
    const method = status === "unsuccessful" ? "open_tender" : random() < 0.6 ? "open_tender" : random() < 0.75 ? "competitive_consultation" : "venture_call";
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
                : NOW - int(30, 720) * DAY;
    const publishedAt = status === "draft" ? 0 : Math.min(NOW - HOUR, bidDeadline - (minDays + int(0, 10)) * DAY);
    const createdAt = (publishedAt || NOW) - int(2, 20) * DAY;
    const openedAt = bidDeadline + int(1, 3) * HOUR;
    const awardedAt = status === "publicity" ? NOW - int(1, 3) * DAY : status === "awarded" ? bidDeadline + int(10, 25) * DAY : 0;
    const year = new Date(publishedAt || NOW).getFullYear();
    const ceiling = int(50, 1_500) * 1_000 * YUAN;
    const communities = sample(district.communities, random() < 0.8 ? 1 : 2);
    const tender: Tender = {
      id: uuid(),
      district,
      line: lineFor(district, year),
      title: `${communities[0].nameZh}${t(`category.${category}`)}项目（${year}-${String(i + 1).padStart(4, "0")}）`,
      category,
      method,
      ceiling,
      pricePoints: method === "open_tender" ? 30 : 20,
      status,
      createdAt,
      publishedAt,
      enquiryDeadline: publishedAt ? publishedAt + Math.floor((bidDeadline - publishedAt) / 2) : bidDeadline - 10 * DAY,
      bidDeadline,
      openedAt,
      awardedAt,
      bidCount: initialBidCount(status),
      needIds: [],
      communityIds: communities.map((c) => c.id),
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
    const [first, second] = [40, 100 - 40 - tender.pricePoints];
    criteria.push([uuid(), tender.id, 1, "服务方案", "方案的针对性与可行性", first], [uuid(), tender.id, 2, "团队与经验", "持证社工与同类项目经验", second]);
    tranches.push([uuid(), tender.id, 1, "合同签订", 30], [uuid(), tender.id, 2, "中期验收", 40], [uuid(), tender.id, 3, "绩效评估", 30]);
    DEFAULT_INDICATORS.forEach((indicator, k) => indicators.push([uuid(), tender.id, k + 1, indicator.dimension, indicator.name, indicator.maxPoints, indicator.guidance]));
    const tenderStatus = status === "open" || status === "closed" ? "published" : status;
    tenderRows.push([
      tender.id,
      district.bureauId,
      tender.line.id,
      tender.title,
      `为${communities.map((c) => c.nameZh).join("、")}提供${t(`category.${category}`)}。\n服务期限：合同签订之日起12个月。`,
      category,
      method,
      method === "venture_call" ? "一老一小" : null,
      ceiling,
      12,
      "依法登记的社会组织，未被列入活动异常名录或严重违法失信名单。",
      tender.pricePoints,
      `${pick(PEOPLE)}`,
      "0371-65951826",
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
    const postedAt = NOW - int(1, 300) * DAY;
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

/** Makes the city's bid count exact (15,000 at scale 1) by adding to or taking from tenders past opening. */
function settleBidCounts(city: City) {
  const target = PER_CITY.bids;
  let total = city.tenders.reduce((s, t) => s + t.bidCount, 0);
  const adjustable = city.tenders.filter((t) => t.status === "awarded");
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

interface PlacedBid {
  id: string;
  org: Organization;
  price: number;
  submittedAt: number;
  content: Record<string, unknown>;
}
const bidsByTender = new Map<string, PlacedBid[]>();

async function bids(city: City) {
  settleBidCounts(city);
  const rows: Row[] = [];
  const openings: Row[] = [];
  for (const tender of city.tenders) {
    const placed: PlacedBid[] = [];
    for (const org of sample(tender.district.bidders, tender.bidCount)) {
      const price = Math.round((tender.ceiling * (0.8 + random() * 0.19)) / (100 * YUAN)) * 100 * YUAN;
      const team = org.staff.slice(0, 2);
      const people = Math.floor(price * 0.6);
      const content = {
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
        proposalTitle: (b.content.proposalTitle as string | undefined) ?? null,
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

// ---- awards: the ranking the committee left, the award to rank 1, budget movements -----------

function isoDate(ms: number) {
  return new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
}

async function awards(city: City) {
  const results: Row[] = [];
  const awardRows: Row[] = [];
  const movements: Row[] = [];
  for (const tender of city.tenders) {
    const placed = bidsByTender.get(tender.id) ?? [];
    const officer = tender.district.officerId;
    const move = (kind: string, amount: number, at: number) => movements.push([uuid(), tender.line.id, kind, amount, "tender", tender.id, officer, new Date(at)]);
    if (tender.publishedAt) move("reserve", tender.ceiling, tender.publishedAt);
    if (tender.status === "cancelled") move("release", tender.ceiling, tender.publishedAt + 3 * DAY);
    if (tender.status === "unsuccessful") move("release", tender.ceiling, tender.openedAt);
    if (["open", "closed", "opened", "evaluating", "recommended"].includes(tender.status)) tender.line.reserved += tender.ceiling;
    if (!RANKED.includes(tender.status) || placed.length === 0) continue;
    // Price score against the lowest price; the committee's mean scores are drawn once.
    const lowest = Math.min(...placed.map((b) => b.price));
    const ranked = placed
      .map((b) => {
        const priceScore = Math.round(((lowest / b.price) * tender.pricePoints) * 100) / 100;
        const criteriaScore = Math.round((40 + random() * 28) * 100) / 100;
        return { bid: b, priceScore, total: Math.round((priceScore + criteriaScore) * 100) / 100 };
      })
      .sort((a, b) => b.total - a.total || a.bid.price - b.bid.price);
    const computedAt = tender.openedAt + int(3, 6) * DAY;
    ranked.forEach((r, k) => results.push([tender.id, r.bid.id, r.priceScore.toFixed(2), r.total.toFixed(2), k + 1, k < 3, null, new Date(computedAt)]));
    audit.push({ at: computedAt, actorId: officer, action: "evaluation.complete", subjectType: "tender", subjectId: tender.id, before: { status: "evaluating" }, after: { status: "recommended", ranking: ranked.slice(0, 3).map((r) => r.bid.id) } });
    if (tender.status === "recommended") continue;
    const winner = ranked[0].bid;
    const final = tender.status === "awarded";
    const publicityEndsOn = isoDate(tender.awardedAt + DAY);
    const challengeDeadline = isoDate(tender.awardedAt + 10 * DAY);
    const awardId = uuid();
    awardRows.push([awardId, tender.id, winner.id, winner.org.id, winner.price, final ? "final" : "publicity", officer, new Date(tender.awardedAt), publicityEndsOn, challengeDeadline, final ? new Date(tender.awardedAt + 14 * DAY) : null]);
    move("commit", winner.price, tender.awardedAt);
    if (tender.ceiling > winner.price) move("release", tender.ceiling - winner.price, tender.awardedAt);
    tender.line.committed += winner.price;
    audit.push({
      at: tender.awardedAt,
      actorId: officer,
      action: "tender.award",
      subjectType: "tender",
      subjectId: tender.id,
      before: { status: "recommended" },
      after: { status: "publicity", awards: [{ awardId, bidId: winner.id, organizationId: winner.org.id, amount: winner.price }], committed: winner.price, released: tender.ceiling - winner.price },
    });
    if (final) audit.push({ at: tender.awardedAt + 14 * DAY, actorId: null, action: "tender.awardFinal", subjectType: "tender", subjectId: tender.id, before: { status: "publicity" }, after: { status: "awarded" } });
  }
  await insert("evaluation_results", [["tender_id", "uuid"], ["bid_id", "uuid"], ["price_score", "numeric"], ["total", "numeric"], ["rank", "int4"], ["recommended", "bool"], ["funded", "bool"], ["computed_at", "timestamptz"]], results);
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
  await insert("budget_movements", [["id", "uuid"], ["budget_line_id", "uuid"], ["kind", "budget_movement_kind"], ["amount", "int8"], ["subject_type", "text"], ["subject_id", "uuid"], ["actor_id", "uuid"], ["at", "timestamptz"]], movements);
  // Each line holds exactly what its tenders reserve and commit, with room left (the CHECK holds).
  const lines = city.districts.flatMap((d) => [...d.lines.values()]);
  await client.unsafe(
    `update budget_lines b set amount = u.amount, reserved = u.reserved, committed = u.committed
     from unnest($1::uuid[], $2::int8[], $3::int8[], $4::int8[]) as u(id, amount, reserved, committed) where b.id = u.id`,
    [
      lines.map((l) => l.id),
      lines.map((l) => Math.ceil(((l.reserved + l.committed) * 1.25 + 2_000_000 * YUAN) / (10_000 * YUAN)) * 10_000 * YUAN),
      lines.map((l) => l.reserved),
      lines.map((l) => l.committed),
    ] as never[],
  );
  return `${results.length} ranked bids, ${awardRows.length} awards, ${movements.length} budget movements`;
}

/**
 * The sections, in the order their rows depend on each other. Contracts, milestones, payments,
 * progress reports, outcome evaluations and survey answers go after `awards` (issues 5 and 6).
 */
const SECTIONS: [name: string, fill: (city: City) => Promise<string>][] = [
  ["places", places],
  ["organizations", organizations],
  ["tenders and needs", tenders],
  ["bids", bids],
  ["awards", awards],
];

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
    // jsonb keeps what JSON keeps: the hash is taken over what will be read back.
    const entry = {
      seq: k + 1,
      id: uuid(),
      at: new Date(input.at),
      actorId: input.actorId,
      action: input.action,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      before: input.before === undefined ? null : JSON.parse(JSON.stringify(input.before)),
      after: input.after === undefined ? null : JSON.parse(JSON.stringify(input.after)),
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

  client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [{ n }] = await client<{ n: number }[]>`select count(*)::int as n from users`;
    if (n > 0 && !reset) throw new Error(`${name} already has ${n} users: add --reset to empty every table first`);
    if (reset) {
      const tables = await client<{ t: string }[]>`select tablename as t from pg_tables where schemaname = 'public'`;
      await client.unsafe(`truncate ${tables.map((r) => `"${r.t}"`).join(", ")} cascade`);
      console.log(`emptied ${tables.length} tables`);
    }
    console.log(`bench data at scale ${scale} into ${name}: ${scale} × (${PER_CITY.communities} communities, ${PER_CITY.organizations} organizations, ${PER_CITY.tenders} tenders, ${PER_CITY.bids} bids)`);

    passwordHash = await hashPassword(BENCH_PASSWORD);
    adminId = uuid();
    await insert("users", [["id", "uuid"], ["username", "text"], ["display_name", "text"], ["password_hash", "text"]], [[adminId, "admin", "平台管理员", passwordHash]]);
    await insert("memberships", [["id", "uuid"], ["user_id", "uuid"], ["role", "membership_role"]], [[uuid(), adminId, "admin"]]);

    for (let c = 1; c <= scale; c++) {
      const city: City = { index: c, id: uuid(), code: String(400_000 + c * 10_000 + 100), nameZh: c === 1 ? "郑州市" : `样例${c}市`, districts: [], tenders: [] };
      for (const [section, fill] of SECTIONS) {
        const t0 = performance.now();
        const summary = await fill(city);
        console.log(`  city ${c}/${scale} ${section}: ${summary} (${elapsed(t0)}; total ${elapsed(started)})`);
      }
      bidsByTender.clear();
    }
    await auditChain();
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
