/**
 * The demo data set (DESIGN §9): places, bureaus, accounts for every role, organizations in every
 * verification and credit state, their staff, the working-day calendar, and the procurement demo
 * (budget lines, needs, tenders: db/seed-procurement.ts, made through the domain commands).
 *
 * Everything here is invented: organization names, people, phone numbers, certificate numbers and
 * unified social credit codes (valid check characters, made with makeUscc). Place names and
 * division codes of the city and its districts are real so that the demo reads naturally; street,
 * community and grid codes follow the official shape but are not the official ones.
 *
 * Each part is a small function that takes the open transaction and returns the ids later parts
 * (needs, tenders, bids, ...) need, so that later stages add a function and a line to seedAll.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { appendAudit } from "~/modules/audit/audit.server";
import { hashPassword } from "~/modules/auth/password.server";
import type { Role } from "~/modules/auth/permissions";
import { SERVICE_CATEGORIES, type ServiceCategory } from "~/modules/needs/service-categories";
import type { Grade } from "~/modules/orgs/grade";
import { makeUscc } from "~/modules/orgs/uscc";
import type { Database, Tx } from "./client";
import { seedDonations } from "./seed-donations";
import { seedOutcomes } from "./seed-outcomes";
import { seedProcurement, type SeededProcurement } from "./seed-procurement";
import { seedSubscriptions } from "./seed-notifications";
import {
  bureaus,
  calendarDays,
  calendarYears,
  memberships,
  organizationDistricts,
  organizationMembers,
  organizations,
  regions,
  staff,
  users,
} from "./schema";

export const DEMO_PASSWORD = "demo-2026";

// Titles and names tests look demo records up by (ids are not stable between seeds).
export { DEMO_BUDGET_LINES, DEMO_FISCAL_YEAR, DEMO_NEEDS, DEMO_TENDERS, type DemoTenderKey } from "./seed-procurement";

// Two processes seeding one empty PostgreSQL at once (two app instances started together) must
// not both insert: the second waits, then finds the users of the first and does nothing.
const SEED_LOCK = 72_000_003;

const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Places
// ---------------------------------------------------------------------------------------------

export type DistrictKey = "zhongyuan" | "erqi" | "guancheng" | "jinshui" | "huiji";

interface CommunitySpec {
  zh: string;
  en: string;
  /** Short forms used to name the community's grids: 丰乐一网格 / Fengle Grid 1. */
  shortZh: string;
  shortEn: string;
}

interface StreetSpec {
  zh: string;
  en: string;
  communities: CommunitySpec[];
}

interface DistrictSpec {
  key: DistrictKey;
  code: string;
  zh: string;
  en: string;
  /** Pinyin of the district name, for the bureau's English name. */
  bureauEn: string;
  streets: StreetSpec[];
}

const c = (zh: string, en: string, shortZh: string, shortEn: string): CommunitySpec => ({ zh, en, shortZh, shortEn });

const CITY = { code: "410100", zh: "郑州市", en: "Zhengzhou City" };

/** In division-code order. */
const DISTRICTS: DistrictSpec[] = [
  {
    key: "zhongyuan",
    code: "410102",
    zh: "中原区",
    en: "Zhongyuan District",
    bureauEn: "Zhongyuan District",
    streets: [
      { zh: "林山寨街道", en: "Linshanzhai Subdistrict", communities: [c("友爱社区", "Youai Community", "友爱", "Youai")] },
      { zh: "桐柏路街道", en: "Tongbai Road Subdistrict", communities: [c("秦岭社区", "Qinling Community", "秦岭", "Qinling")] },
    ],
  },
  {
    key: "erqi",
    code: "410103",
    zh: "二七区",
    en: "Erqi District",
    bureauEn: "Erqi District",
    streets: [
      {
        zh: "五里堡街道",
        en: "Wulibao Subdistrict",
        communities: [c("大学路社区", "Daxue Road Community", "大学路", "Daxue Road"), c("兴华社区", "Xinghua Community", "兴华", "Xinghua")],
      },
      { zh: "淮河路街道", en: "Huaihe Road Subdistrict", communities: [c("庆丰社区", "Qingfeng Community", "庆丰", "Qingfeng")] },
    ],
  },
  {
    key: "guancheng",
    code: "410104",
    zh: "管城回族区",
    en: "Guancheng Hui District",
    bureauEn: "Guancheng Hui District",
    streets: [
      { zh: "航海东路街道", en: "Hanghai East Road Subdistrict", communities: [c("映月路社区", "Yingyue Road Community", "映月路", "Yingyue Road")] },
      { zh: "城东路街道", en: "Chengdong Road Subdistrict", communities: [c("硝滩社区", "Xiaotan Community", "硝滩", "Xiaotan")] },
    ],
  },
  {
    key: "jinshui",
    code: "410105",
    zh: "金水区",
    en: "Jinshui District",
    bureauEn: "Jinshui District",
    streets: [
      {
        zh: "南阳新村街道",
        en: "Nanyang Xincun Subdistrict",
        communities: [c("丰乐社区", "Fengle Community", "丰乐", "Fengle"), c("民乐社区", "Minle Community", "民乐", "Minle")],
      },
      {
        zh: "丰庆路街道",
        en: "Fengqing Road Subdistrict",
        communities: [c("四月天社区", "Siyuetian Community", "四月天", "Siyuetian"), c("文博社区", "Wenbo Community", "文博", "Wenbo")],
      },
      { zh: "大石桥街道", en: "Dashiqiao Subdistrict", communities: [c("金沙社区", "Jinsha Community", "金沙", "Jinsha")] },
    ],
  },
  {
    key: "huiji",
    code: "410108",
    zh: "惠济区",
    en: "Huiji District",
    bureauEn: "Huiji District",
    streets: [
      { zh: "新城街道", en: "Xincheng Subdistrict", communities: [c("英才社区", "Yingcai Community", "英才", "Yingcai")] },
      { zh: "花园口镇", en: "Huayuankou Town", communities: [c("花园口村", "Huayuankou Village", "花园口村", "Huayuankou Village")] },
    ],
  },
];

const GRID_NUMERALS = ["一", "二"];

const pad3 = (n: number) => String(n).padStart(3, "0");

export interface SeededRegions {
  cityId: string;
  districts: Record<DistrictKey, string>;
  /** By Chinese name of the street, e.g. streets["南阳新村街道"]. */
  streets: Record<string, string>;
  /** By Chinese name, e.g. communities["丰乐社区"]. */
  communities: Record<string, string>;
  /** By Chinese name, e.g. grids["丰乐一网格"]. */
  grids: Record<string, string>;
  /** Community name → the district it lies in. */
  communityDistrict: Record<string, DistrictKey>;
  count: number;
}

/**
 * Street codes: district code + 3 digits (9); community codes: street code + 3 digits (12);
 * grid codes: community code + 3 digits (15). Every community has two grids.
 */
export async function seedRegions(tx: Tx): Promise<SeededRegions> {
  const insertRegion = async (values: typeof regions.$inferInsert) => {
    const [row] = await tx.insert(regions).values(values).returning({ id: regions.id });
    return row.id;
  };
  const cityId = await insertRegion({ level: "city", code: CITY.code, nameZh: CITY.zh, nameEn: CITY.en, parentId: null });
  const result: SeededRegions = {
    cityId,
    districts: {} as Record<DistrictKey, string>,
    streets: {},
    communities: {},
    grids: {},
    communityDistrict: {},
    count: 1,
  };
  for (const district of DISTRICTS) {
    const districtId = await insertRegion({ level: "district", code: district.code, nameZh: district.zh, nameEn: district.en, parentId: cityId });
    result.districts[district.key] = districtId;
    result.count += 1;
    for (const [s, street] of district.streets.entries()) {
      const streetCode = district.code + pad3(s + 1);
      const streetId = await insertRegion({ level: "street", code: streetCode, nameZh: street.zh, nameEn: street.en, parentId: districtId });
      result.streets[street.zh] = streetId;
      result.count += 1;
      for (const [k, community] of street.communities.entries()) {
        const communityCode = streetCode + pad3(k + 1);
        const communityId = await insertRegion({ level: "community", code: communityCode, nameZh: community.zh, nameEn: community.en, parentId: streetId });
        result.communities[community.zh] = communityId;
        result.communityDistrict[community.zh] = district.key;
        result.count += 1;
        const gridRows = GRID_NUMERALS.map((numeral, g) => ({
          level: "grid" as const,
          code: communityCode + pad3(g + 1),
          nameZh: `${community.shortZh}${numeral}网格`,
          nameEn: `${community.shortEn} Grid ${g + 1}`,
          parentId: communityId,
        }));
        const inserted = await tx.insert(regions).values(gridRows).returning({ id: regions.id, nameZh: regions.nameZh });
        for (const grid of inserted) result.grids[grid.nameZh] = grid.id;
        result.count += inserted.length;
      }
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Bureaus
// ---------------------------------------------------------------------------------------------

export async function seedBureaus(tx: Tx, places: SeededRegions): Promise<Record<DistrictKey, string>> {
  const rows = await tx
    .insert(bureaus)
    .values(
      DISTRICTS.map((d) => ({
        districtId: places.districts[d.key],
        nameZh: `${d.zh}民政局`,
        nameEn: `${d.bureauEn} Civil Affairs Bureau`,
      })),
    )
    .returning({ id: bureaus.id, districtId: bureaus.districtId });
  const byDistrict = {} as Record<DistrictKey, string>;
  for (const d of DISTRICTS) byDistrict[d.key] = rows.find((r) => r.districtId === places.districts[d.key])!.id;
  return byDistrict;
}

// ---------------------------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------------------------

interface AccountSpec {
  username: string;
  displayName: string;
  role: Role;
  descriptionZh: string;
  descriptionEn: string;
  /** For the membership row; agency and evaluator roles come from organization_members. */
  bureau?: DistrictKey;
  community?: string;
  phone?: string;
}

const EXPERTS: Array<{ name: string; fieldZh: string; fieldEn: string }> = [
  { name: "王建华", fieldZh: "社会工作", fieldEn: "social work" },
  { name: "李淑芬", fieldZh: "养老服务", fieldEn: "elderly care" },
  { name: "张卫东", fieldZh: "财务审计", fieldEn: "finance and audit" },
  { name: "刘晓燕", fieldZh: "青少年服务", fieldEn: "youth services" },
  { name: "陈志刚", fieldZh: "政府采购法务", fieldEn: "procurement law" },
  { name: "杨丽娟", fieldZh: "心理健康", fieldEn: "mental health" },
  { name: "赵国庆", fieldZh: "社区治理", fieldEn: "community governance" },
];

interface CommunityStaffSpec {
  username: string;
  displayName: string;
  community: string;
  communityEn: string;
  /** District and street (or town), for the account's description. */
  placeZh: string;
  placeEn: string;
}

const cs = (username: string, displayName: string, community: string, communityEn: string, placeZh: string, placeEn: string): CommunityStaffSpec => ({
  username,
  displayName,
  community,
  communityEn,
  placeZh,
  placeEn,
});

/** Staff of the communities (one account each) whose needs the procurement demo posts. */
const COMMUNITY_STAFF: CommunityStaffSpec[] = [
  cs("community.siyuetian", "朱慧敏", "四月天社区", "Siyuetian Community", "金水区丰庆路街道", "Fengqing Road Subdistrict, Jinshui District"),
  cs("community.jinsha", "崔红霞", "金沙社区", "Jinsha Community", "金水区大石桥街道", "Dashiqiao Subdistrict, Jinshui District"),
  cs("community.daxuelu", "任晓峰", "大学路社区", "Daxue Road Community", "二七区五里堡街道", "Wulibao Subdistrict, Erqi District"),
  cs("community.qingfeng", "田秀英", "庆丰社区", "Qingfeng Community", "二七区淮河路街道", "Huaihe Road Subdistrict, Erqi District"),
  cs("community.yingyuelu", "马文娟", "映月路社区", "Yingyue Road Community", "管城回族区航海东路街道", "Hanghai East Road Subdistrict, Guancheng Hui District"),
  cs("community.xiaotan", "金永福", "硝滩社区", "Xiaotan Community", "管城回族区城东路街道", "Chengdong Road Subdistrict, Guancheng Hui District"),
  cs("community.youai", "杜春梅", "友爱社区", "Youai Community", "中原区林山寨街道", "Linshanzhai Subdistrict, Zhongyuan District"),
  cs("community.yingcai", "葛丽", "英才社区", "Yingcai Community", "惠济区新城街道", "Xincheng Subdistrict, Huiji District"),
  cs("community.huayuankou", "闫保国", "花园口村", "Huayuankou Village", "惠济区花园口镇", "Huayuankou Town, Huiji District"),
];

/** More residents of 丰乐社区, so that the support counts of its needs differ. */
const EXTRA_RESIDENTS = [
  { username: "resident2.fengle", displayName: "张秀珍" },
  { username: "resident3.fengle", displayName: "陈国强" },
  { username: "resident4.fengle", displayName: "刘玉兰" },
];

const ACCOUNTS: AccountSpec[] = [
  {
    username: "admin",
    displayName: "平台管理员",
    role: "admin",
    descriptionZh: "平台管理员：用户、社会组织认证、工作日历、审计日志",
    descriptionEn: "Platform administrator: users, organization verification, calendar, audit log",
  },
  {
    username: "bureau.jinshui",
    displayName: "孙立新",
    role: "bureau",
    bureau: "jinshui",
    descriptionZh: "金水区民政局工作人员",
    descriptionEn: "Officer of the Jinshui District Civil Affairs Bureau",
  },
  {
    username: "bureau.erqi",
    displayName: "郭红梅",
    role: "bureau",
    bureau: "erqi",
    descriptionZh: "二七区民政局工作人员",
    descriptionEn: "Officer of the Erqi District Civil Affairs Bureau",
  },
  {
    username: "bureau.guancheng",
    displayName: "穆建国",
    role: "bureau",
    bureau: "guancheng",
    descriptionZh: "管城回族区民政局工作人员",
    descriptionEn: "Officer of the Guancheng Hui District Civil Affairs Bureau",
  },
  {
    username: "bureau.zhongyuan",
    displayName: "常玉珍",
    role: "bureau",
    bureau: "zhongyuan",
    descriptionZh: "中原区民政局工作人员",
    descriptionEn: "Officer of the Zhongyuan District Civil Affairs Bureau",
  },
  {
    username: "bureau.huiji",
    displayName: "付志强",
    role: "bureau",
    bureau: "huiji",
    descriptionZh: "惠济区民政局工作人员",
    descriptionEn: "Officer of the Huiji District Civil Affairs Bureau",
  },
  // Purchaser's representatives on the demo evaluation committees (db/seed-evaluation.ts).
  {
    username: "bureau2.jinshui",
    displayName: "吕建民",
    role: "bureau",
    bureau: "jinshui",
    descriptionZh: "金水区民政局社会事务科工作人员（评标委员会采购人代表）",
    descriptionEn: "Officer of the Jinshui District Civil Affairs Bureau (purchaser's representative on evaluation committees)",
  },
  {
    username: "bureau2.erqi",
    displayName: "邵丽萍",
    role: "bureau",
    bureau: "erqi",
    descriptionZh: "二七区民政局社会事务科工作人员（评标委员会采购人代表）",
    descriptionEn: "Officer of the Erqi District Civil Affairs Bureau (purchaser's representative on evaluation committees)",
  },
  {
    username: "community.fengle",
    displayName: "何静",
    role: "community",
    community: "丰乐社区",
    descriptionZh: "金水区南阳新村街道丰乐社区居委会工作人员",
    descriptionEn: "Staff of the Fengle Community residents' committee (Nanyang Xincun Subdistrict, Jinshui District)",
  },
  {
    username: "resident.fengle",
    displayName: "马桂兰",
    role: "resident",
    community: "丰乐社区",
    descriptionZh: "丰乐社区居民",
    descriptionEn: "Resident of Fengle Community",
  },
  ...COMMUNITY_STAFF.map(
    (s): AccountSpec => ({
      username: s.username,
      displayName: s.displayName,
      role: "community",
      community: s.community,
      descriptionZh: `${s.placeZh}${s.community}${s.community.endsWith("村") ? "村民委员会" : "居委会"}工作人员`,
      descriptionEn: `Staff of the ${s.communityEn} ${s.community.endsWith("村") ? "villagers'" : "residents'"} committee (${s.placeEn})`,
    }),
  ),
  ...EXTRA_RESIDENTS.map(
    (r): AccountSpec => ({
      username: r.username,
      displayName: r.displayName,
      role: "resident",
      community: "丰乐社区",
      descriptionZh: "丰乐社区居民",
      descriptionEn: "Resident of Fengle Community",
    }),
  ),
  {
    username: "agency.anyuan",
    displayName: "林晓",
    role: "agency",
    phone: "13838107264",
    descriptionZh: "郑州市金水区安园社会工作服务中心负责人（已认证，5A）",
    descriptionEn: "Owner of Anyuan Social Work Service Centre (verified, grade 5A)",
  },
  {
    username: "agency.hexie",
    displayName: "高文娟",
    role: "agency",
    phone: "13937125806",
    descriptionZh: "郑州市金水区和谐家园社会工作服务中心负责人（已认证，4A）",
    descriptionEn: "Owner of Hexie Jiayuan Social Work Service Centre (verified, grade 4A)",
  },
  {
    username: "agency.xinyuan",
    displayName: "冯志远",
    role: "agency",
    phone: "15038216473",
    descriptionZh: "郑州市金水区心远社会工作服务中心负责人（已认证，3A等级已过期）",
    descriptionEn: "Owner of Xinyuan Social Work Service Centre (verified, its 3A grade has expired)",
  },
  {
    username: "agency.nuancheng",
    displayName: "韩雪",
    role: "agency",
    descriptionZh: "郑州市暖程公益基金会负责人（已认证，基金会）",
    descriptionEn: "Owner of the Nuancheng Charity Foundation (verified foundation)",
  },
  {
    username: "agency.linli",
    displayName: "曹永军",
    role: "agency",
    descriptionZh: "郑州市惠济区邻里互助协会负责人（已认证，社会团体）",
    descriptionEn: "Owner of the Huiji Neighbourhood Mutual Aid Association (verified social group)",
  },
  {
    username: "agency.huilin",
    displayName: "彭海涛",
    role: "agency",
    descriptionZh: "郑州市管城回族区惠邻社会工作服务中心负责人（已认证，列入活动异常名录，不能投标）",
    descriptionEn: "Owner of Huilin Social Work Service Centre (verified but on the abnormal-activity list: may not bid)",
  },
  {
    username: "applicant.jinshui",
    displayName: "邓雅琴",
    role: "agency",
    descriptionZh: "郑州市金水区青禾社会工作服务中心申请人（待认证，服务金水区）",
    descriptionEn: "Applicant for Qinghe Social Work Service Centre (pending verification, serves Jinshui District)",
  },
  {
    username: "applicant.erqi",
    displayName: "袁博",
    role: "agency",
    descriptionZh: "郑州市二七区乐龄社会工作服务中心申请人（待认证，服务二七区）",
    descriptionEn: "Applicant for Leling Social Work Service Centre (pending verification, serves Erqi District)",
  },
  {
    username: "applicant.rejected",
    displayName: "蒋晨",
    role: "agency",
    descriptionZh: "郑州市中原区晨曦青少年服务中心申请人（认证被驳回）",
    descriptionEn: "Applicant for Chenxi Youth Service Centre (verification rejected)",
  },
  ...EXPERTS.map(
    (e, i): AccountSpec => ({
      username: `expert${i + 1}`,
      displayName: e.name,
      role: "expert",
      descriptionZh: `评审专家（${e.fieldZh}）`,
      descriptionEn: `Bid-evaluation expert (${e.fieldEn})`,
    }),
  ),
  {
    username: "evaluator.demo",
    displayName: "钱明",
    role: "evaluator",
    descriptionZh: "河南明鉴社会组织评估中心负责人（第三方评估机构）",
    descriptionEn: "Owner of Henan Mingjian Social Organization Evaluation Centre (third-party evaluator)",
  },
];

export interface DemoAccount {
  username: string;
  role: Role;
  descriptionZh: string;
  descriptionEn: string;
}

/** Every demo login (password DEMO_PASSWORD), for the README and for tests. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = ACCOUNTS.map(({ username, role, descriptionZh, descriptionEn }) => ({
  username,
  role,
  descriptionZh,
  descriptionEn,
}));

/** User ids by username. */
export type SeededUsers = Record<string, string>;

export async function seedUsers(
  tx: Tx,
  places: SeededRegions,
  bureauIds: Record<DistrictKey, string>,
  passwordHash: string,
  now: Date,
): Promise<SeededUsers> {
  const createdAt = new Date(now.getTime() - 200 * DAY_MS);
  const rows = await tx
    .insert(users)
    .values(
      ACCOUNTS.map((a) => ({
        username: a.username,
        displayName: a.displayName,
        passwordHash,
        phone: a.phone ?? null,
        // Applicants registered recently; everyone else has been around for a while.
        createdAt: a.username.startsWith("applicant.") ? new Date(now.getTime() - 3 * DAY_MS) : createdAt,
      })),
    )
    .returning({ id: users.id, username: users.username });
  const ids: SeededUsers = Object.fromEntries(rows.map((r) => [r.username, r.id]));

  const membershipRows = ACCOUNTS.flatMap((a) => {
    if (a.role === "agency" || a.role === "evaluator") return [];
    return [
      {
        userId: ids[a.username],
        role: a.role,
        bureauId: a.bureau ? bureauIds[a.bureau] : null,
        communityId: a.community ? places.communities[a.community] : null,
      },
    ];
  });
  await tx.insert(memberships).values(membershipRows);
  return ids;
}

// ---------------------------------------------------------------------------------------------
// Organizations and their staff
// ---------------------------------------------------------------------------------------------

type RegistrationType = "social_group" | "private_non_enterprise" | "foundation";

const TYPE_DIGIT: Record<RegistrationType, string> = { social_group: "1", private_non_enterprise: "2", foundation: "3" };

interface StaffSpec {
  name: string;
  qualification: "assistant_social_worker" | "social_worker" | "senior_social_worker" | "none";
}

interface OrganizationSpec {
  key: string;
  kind: "agency" | "evaluator";
  name: string;
  registrationType: RegistrationType;
  /** Positions 3-8 of the USCC: the registering civil-affairs bureau's division. */
  division: string;
  /** Positions 9-17 (invented). */
  organizationCode: string;
  serviceCategories: ServiceCategory[];
  districts: DistrictKey[];
  contactName: string;
  contactPhone: string;
  contactEmail?: string;
  address: string;
  grade?: { grade: Grade; awardedDaysAgo: number };
  status: "verified" | "pending" | "rejected";
  /** Days before the seed run the organization registered. */
  registeredDaysAgo: number;
  verificationReason?: string;
  credit?: { status: "abnormal" | "serious_dishonesty"; reason: string; daysAgo: number };
  owner: string;
  staff: StaffSpec[];
}

const S = (name: string, qualification: StaffSpec["qualification"]): StaffSpec => ({ name, qualification });

const ORGANIZATIONS: OrganizationSpec[] = [
  {
    key: "anyuan",
    kind: "agency",
    name: "郑州市金水区安园社会工作服务中心",
    registrationType: "private_non_enterprise",
    division: "410105",
    organizationCode: "MJ6031847",
    serviceCategories: ["elderly_care", "disability", "social_assistance"],
    districts: ["jinshui", "guancheng"],
    contactName: "林晓",
    contactPhone: "0371-63817520",
    contactEmail: "contact@anyuan-sw.example.cn",
    address: "郑州市金水区丰乐路18号院3号楼2层",
    grade: { grade: "5A", awardedDaysAgo: 700 },
    status: "verified",
    registeredDaysAgo: 190,
    owner: "agency.anyuan",
    staff: [
      S("林晓", "senior_social_worker"),
      S("周雨桐", "social_worker"),
      S("吴嘉怡", "social_worker"),
      S("郑凯", "assistant_social_worker"),
      S("黄思敏", "assistant_social_worker"),
      S("谢明辉", "assistant_social_worker"),
      S("宋佳", "none"),
    ],
  },
  {
    key: "hexie",
    kind: "agency",
    name: "郑州市金水区和谐家园社会工作服务中心",
    registrationType: "private_non_enterprise",
    division: "410105",
    organizationCode: "MJ6042958",
    serviceCategories: ["children_youth", "family_women", "mental_health"],
    districts: ["jinshui", "erqi"],
    contactName: "高文娟",
    contactPhone: "0371-65932146",
    address: "郑州市金水区文博东路7号",
    grade: { grade: "4A", awardedDaysAgo: 1100 },
    status: "verified",
    registeredDaysAgo: 185,
    owner: "agency.hexie",
    staff: [
      S("高文娟", "social_worker"),
      S("罗晓婷", "social_worker"),
      S("唐磊", "assistant_social_worker"),
      S("许丹", "assistant_social_worker"),
      S("韦晨阳", "none"),
    ],
  },
  {
    key: "xinyuan",
    kind: "agency",
    name: "郑州市金水区心远社会工作服务中心",
    registrationType: "private_non_enterprise",
    division: "410105",
    organizationCode: "MJ6053069",
    serviceCategories: ["mental_health", "community_corrections", "employment"],
    districts: ["jinshui", "zhongyuan"],
    contactName: "冯志远",
    contactPhone: "13603712958",
    address: "郑州市金水区大石桥路45号",
    // Awarded more than five years ago: the grade shows as expired (民政部令第39号).
    grade: { grade: "3A", awardedDaysAgo: 6 * 365 + 40 },
    status: "verified",
    registeredDaysAgo: 180,
    owner: "agency.xinyuan",
    staff: [S("冯志远", "social_worker"), S("程琳", "assistant_social_worker"), S("曾浩然", "assistant_social_worker"), S("蔡欣", "none")],
  },
  {
    key: "nuancheng",
    kind: "agency",
    name: "郑州市暖程公益基金会",
    registrationType: "foundation",
    division: "410100",
    organizationCode: "MJ5920736",
    serviceCategories: ["social_assistance", "children_youth", "elderly_care"],
    districts: ["zhongyuan", "erqi", "huiji"],
    contactName: "韩雪",
    contactPhone: "0371-67719305",
    address: "郑州市中原区桐柏路96号",
    status: "verified",
    registeredDaysAgo: 170,
    owner: "agency.nuancheng",
    staff: [S("韩雪", "social_worker"), S("于洋", "assistant_social_worker"), S("董芳", "none"), S("潘立", "none")],
  },
  {
    key: "linli",
    kind: "agency",
    name: "郑州市惠济区邻里互助协会",
    registrationType: "social_group",
    division: "410108",
    organizationCode: "MJ6187402",
    serviceCategories: ["governance_volunteering", "culture_sports", "elderly_care"],
    districts: ["huiji"],
    contactName: "曹永军",
    contactPhone: "15937106628",
    address: "郑州市惠济区英才街12号",
    grade: { grade: "3A", awardedDaysAgo: 420 },
    status: "verified",
    registeredDaysAgo: 160,
    owner: "agency.linli",
    staff: [S("曹永军", "assistant_social_worker"), S("孟庆华", "none"), S("田甜", "assistant_social_worker"), S("姜涛", "none")],
  },
  {
    key: "huilin",
    kind: "agency",
    name: "郑州市管城回族区惠邻社会工作服务中心",
    registrationType: "private_non_enterprise",
    division: "410104",
    organizationCode: "MJ6075291",
    serviceCategories: ["elderly_care", "social_assistance"],
    districts: ["guancheng", "jinshui"],
    contactName: "彭海涛",
    contactPhone: "0371-66285417",
    address: "郑州市管城回族区城东路101号",
    status: "verified",
    registeredDaysAgo: 175,
    credit: {
      status: "abnormal",
      reason: "未按规定报送2025年度工作报告，管城回族区民政局将其列入活动异常名录（民政部令第60号第四条）。",
      daysAgo: 40,
    },
    owner: "agency.huilin",
    staff: [S("彭海涛", "social_worker"), S("范文静", "assistant_social_worker"), S("贾鹏", "none"), S("白露", "none")],
  },
  {
    key: "qinghe",
    kind: "agency",
    name: "郑州市金水区青禾社会工作服务中心",
    registrationType: "private_non_enterprise",
    division: "410105",
    organizationCode: "MJ6208513",
    serviceCategories: ["children_youth", "culture_sports"],
    districts: ["jinshui"],
    contactName: "邓雅琴",
    contactPhone: "18638259417",
    address: "郑州市金水区民乐东里5号",
    status: "pending",
    registeredDaysAgo: 3,
    owner: "applicant.jinshui",
    staff: [S("邓雅琴", "social_worker"), S("毛宇航", "assistant_social_worker"), S("江悦", "assistant_social_worker"), S("石磊", "none")],
  },
  {
    key: "leling",
    kind: "agency",
    name: "郑州市二七区乐龄社会工作服务中心",
    registrationType: "private_non_enterprise",
    division: "410103",
    organizationCode: "MJ6219624",
    serviceCategories: ["elderly_care", "family_women"],
    districts: ["erqi"],
    contactName: "袁博",
    contactPhone: "0371-68903362",
    address: "郑州市二七区大学路78号",
    status: "pending",
    registeredDaysAgo: 1,
    owner: "applicant.erqi",
    staff: [S("袁博", "assistant_social_worker"), S("秦露", "assistant_social_worker"), S("史可", "none"), S("顾晓明", "none"), S("侯蕾", "social_worker")],
  },
  {
    key: "chenxi",
    kind: "agency",
    name: "郑州市中原区晨曦青少年服务中心",
    registrationType: "private_non_enterprise",
    division: "410102",
    organizationCode: "MJ6230735",
    serviceCategories: ["children_youth"],
    districts: ["zhongyuan"],
    contactName: "蒋晨",
    contactPhone: "13783592046",
    address: "郑州市中原区林山寨友爱路9号",
    status: "rejected",
    registeredDaysAgo: 30,
    verificationReason: "填写的统一社会信用代码与上传的登记证书不一致，请核对民政部门核发的登记证书后重新提交。",
    owner: "applicant.rejected",
    staff: [S("蒋晨", "assistant_social_worker"), S("魏思远", "none"), S("薛婷", "none"), S("雷鸣", "none")],
  },
  {
    key: "mingjian",
    kind: "evaluator",
    name: "河南明鉴社会组织评估中心",
    registrationType: "private_non_enterprise",
    division: "410000",
    organizationCode: "MJ5817293",
    serviceCategories: ["elderly_care", "children_youth", "disability", "social_assistance", "governance_volunteering"],
    districts: ["zhongyuan", "erqi", "guancheng", "jinshui", "huiji"],
    contactName: "钱明",
    contactPhone: "0371-65528870",
    contactEmail: "pingu@mingjian-eval.example.cn",
    address: "郑州市金水区农业路东段33号",
    status: "verified",
    registeredDaysAgo: 195,
    owner: "evaluator.demo",
    staff: [S("钱明", "senior_social_worker"), S("邱慧", "social_worker"), S("戴文博", "social_worker"), S("夏琪", "none")],
  },
];

export interface SeededOrganization {
  id: string;
  uscc: string;
  name: string;
}

export type SeededOrganizations = Record<string, SeededOrganization>;

/** The USCC of a demo organization: 5 (civil affairs) + type digit + division + code + check. */
export function demoUscc(spec: Pick<OrganizationSpec, "registrationType" | "division" | "organizationCode">): string {
  return makeUscc(`5${TYPE_DIGIT[spec.registrationType]}${spec.division}${spec.organizationCode}`);
}

/** Asia/Shanghai calendar date of an instant, as YYYY-MM-DD. */
function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export async function seedOrganizations(
  tx: Tx,
  places: SeededRegions,
  userIds: SeededUsers,
  now: Date,
): Promise<{ organizations: SeededOrganizations; staffCount: number }> {
  const daysAgo = (n: number) => new Date(now.getTime() - n * DAY_MS);
  const adminId = userIds.admin;
  const seeded: SeededOrganizations = {};
  let staffCount = 0;
  let certificateSerial = 100;

  for (const spec of ORGANIZATIONS) {
    for (const category of spec.serviceCategories) {
      if (!(SERVICE_CATEGORIES as readonly string[]).includes(category)) throw new Error(`unknown service category ${category}`);
    }
    const registeredAt = daysAgo(spec.registeredDaysAgo);
    // Reviews took a week; the rejected applicant was answered after two days.
    const reviewedAt = spec.status === "pending" ? null : daysAgo(spec.registeredDaysAgo - (spec.status === "verified" ? 7 : 2));
    const uscc = demoUscc(spec);
    const [org] = await tx
      .insert(organizations)
      .values({
        kind: spec.kind,
        name: spec.name,
        uscc,
        registrationType: spec.registrationType,
        serviceCategories: spec.serviceCategories,
        contactName: spec.contactName,
        contactPhone: spec.contactPhone,
        contactEmail: spec.contactEmail ?? null,
        address: spec.address,
        grade: spec.grade?.grade ?? null,
        gradeAwardedOn: spec.grade ? shanghaiDate(daysAgo(spec.grade.awardedDaysAgo)) : null,
        verificationStatus: spec.status,
        verificationReason: spec.verificationReason ?? null,
        // As reviewOrganization records it: the reviewer on every decision, the time on verification.
        verifiedAt: spec.status === "verified" ? reviewedAt : null,
        verifiedBy: reviewedAt ? adminId : null,
        creditStatus: spec.credit?.status ?? "normal",
        creditReason: spec.credit?.reason ?? null,
        creditChangedAt: spec.credit ? daysAgo(spec.credit.daysAgo) : null,
        createdAt: registeredAt,
      })
      .returning({ id: organizations.id });
    seeded[spec.key] = { id: org.id, uscc, name: spec.name };

    await tx.insert(organizationDistricts).values(spec.districts.map((d) => ({ organizationId: org.id, districtId: places.districts[d] })));
    const ownerId = userIds[spec.owner];
    if (!ownerId) throw new Error(`demo organization ${spec.key}: unknown owner ${spec.owner}`);
    await tx.insert(organizationMembers).values({ organizationId: org.id, userId: ownerId, memberRole: "owner", createdAt: registeredAt });

    const staffRows = spec.staff.map((s, i) => {
      // Certificates: ZS + year passed + city division code + serial, e.g. ZS2019410100123.
      const year = 2014 + ((spec.key.length + i * 3) % 11);
      const certificateNo = s.qualification === "none" ? null : `ZS${year}${CITY.code}${pad3(++certificateSerial)}`;
      return { organizationId: org.id, name: s.name, qualification: s.qualification, certificateNo, createdAt: registeredAt };
    });
    await tx.insert(staff).values(staffRows);
    staffCount += staffRows.length;
  }
  return { organizations: seeded, staffCount };
}

// ---------------------------------------------------------------------------------------------
// Working-day calendar
// ---------------------------------------------------------------------------------------------

interface CalendarFile {
  source: string;
  years: Record<string, { holidays: string[]; adjustedWorkdays: string[]; source?: string }>;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The copy committed in db/data; the shared original only if the copy has gone missing. */
export function readCalendarFile(): CalendarFile {
  const candidates = [path.join(HERE, "data", "cn-workday-calendar.json"), path.resolve(HERE, "../../shared/data/cn-workday-calendar.json")];
  for (const file of candidates) {
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as CalendarFile;
  }
  throw new Error(`working-day calendar not found (looked in ${candidates.join(", ")})`);
}

/** Same rows as saveCalendarYear, without its own transaction and audit entry (the seed audits once). */
export async function seedCalendar(tx: Tx): Promise<{ years: number[]; days: number }> {
  const file = readCalendarFile();
  const years: number[] = [];
  let days = 0;
  for (const [yearText, entry] of Object.entries(file.years)) {
    const year = Number(yearText);
    await tx.insert(calendarYears).values({ year, source: entry.source ?? file.source });
    const rows = [
      ...[...new Set(entry.holidays)].map((day) => ({ day, year, kind: "holiday" as const })),
      ...[...new Set(entry.adjustedWorkdays)].map((day) => ({ day, year, kind: "adjusted_workday" as const })),
    ];
    if (rows.length) await tx.insert(calendarDays).values(rows);
    years.push(year);
    days += rows.length;
  }
  return { years, days };
}

// ---------------------------------------------------------------------------------------------
// All together
// ---------------------------------------------------------------------------------------------

export interface DemoSeedCounts {
  regions: number;
  bureaus: number;
  users: number;
  organizations: number;
  staff: number;
  calendarYears: number;
  calendarDays: number;
  budgetLines: number;
  needs: number;
  needSupports: number;
  subscriptions: number;
  tenders: number;
  enquiries: number;
  amendments: number;
}

export interface DemoSeed {
  regions: SeededRegions;
  bureaus: Record<DistrictKey, string>;
  users: SeededUsers;
  organizations: SeededOrganizations;
  procurement: SeededProcurement;
  counts: DemoSeedCounts;
}

async function seedAll(tx: Tx, passwordHash: string, now: Date): Promise<DemoSeed> {
  const places = await seedRegions(tx);
  const bureauIds = await seedBureaus(tx, places);
  const userIds = await seedUsers(tx, places, bureauIds, passwordHash, now);
  const orgs = await seedOrganizations(tx, places, userIds, now);
  const calendar = await seedCalendar(tx);
  const subscriptions = await seedSubscriptions(tx, userIds, now);
  // Through the domain commands, each in a savepoint of this transaction and with its own audit entry.
  const procurement = await seedProcurement(tx, places, userIds, now);
  // Donations need the projects in force, so they come after the contracts.
  await seedDonations(tx, now);
  // Outcome evaluations, surveys and credit proposals (issue 6) on projects of their own and one in force.
  await seedOutcomes(tx, { now, userIds, contracts: procurement.contracts });
  const counts: DemoSeedCounts = {
    regions: places.count,
    bureaus: Object.keys(bureauIds).length,
    users: Object.keys(userIds).length,
    organizations: Object.keys(orgs.organizations).length,
    staff: orgs.staffCount,
    calendarYears: calendar.years.length,
    calendarDays: calendar.days,
    subscriptions,
    ...procurement.counts,
  };
  await appendAudit(tx, { actorId: null, action: "seed.demo", subjectType: "system", subjectId: "demo", after: counts });
  return { regions: places, bureaus: bureauIds, users: userIds, organizations: orgs.organizations, procurement, counts };
}

export async function hasUsers(db: Database | Tx): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).limit(1);
  return Boolean(row);
}

/**
 * Seeds the demo in one transaction when the database has no users yet; returns what it
 * created, or null (and changes nothing) when there are users already.
 */
export async function seedDemoIfEmpty(db: Database): Promise<DemoSeed | null> {
  // Hashed once outside the transaction: scrypt is slow and every demo account shares the password.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = new Date();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    if (await hasUsers(tx)) return null;
    return seedAll(tx, passwordHash, now);
  });
}

/** Seeds the demo data set into an empty database; does nothing when it already has users. */
export async function seedDemo(db: Database): Promise<void> {
  await seedDemoIfEmpty(db);
}
