/**
 * OCDS 1.1.5 open data (issue 7): every kind of release the demo data produces is valid against
 * the official release-package schema, every tender's record against the record-package schema
 * (draft-04, with ajv; the schemas are read from ../shared/ocds/1.1.5, nothing is fetched). Also:
 * the feed's paging, `since` and bad input; stable ids and snapshots; the ocid prefix; amounts in
 * yuan; codelist values; no personal data; an upheld challenge's awardCancellation.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv-draft-04";
import addFormats from "ajv-formats";
import { eq, isNotNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, type Queryable } from "#db/client";
import { awards, contracts, organizations, staff, tenders, users } from "#db/schema";
import { DEMO_TENDERS } from "#db/seed-procurement";
import { confirmAward } from "~/modules/awards/awards.server";
import { terminateContract } from "~/modules/contracts/contracts.server";
import { acceptMilestone, confirmService, saveProgressReport } from "~/modules/contracts/progress.server";
import { recordPayment } from "~/modules/payments/payments.server";
import { answerChallenge, fileChallenge } from "~/modules/challenges/challenges.server";
import type { OcdsContext } from "~/modules/ocds/ocds-ids";
import { releaseFeed, tenderRecordPackage, tenderReleasePackage } from "~/modules/ocds/ocds.server";
import { amendTender, saveDraft } from "~/modules/tenders/tenders.server";
import * as feedRoute from "~/routes/api.ocds.releases";
import * as recordRoute from "~/routes/api.ocds.tenders.$id.record";
import * as releasesRoute from "~/routes/api.ocds.tenders.$id.releases";
import * as openDataRoute from "~/routes/open-data";
import { context, getRequest, settle, thrownResponse, useDemoData } from "../helpers/demo";
import { reportInput } from "../helpers/contracts";
import { acceptedNeedAt, awardAt, bidAndOpen, districtBudgetLine, districtContract, districtTender, testAgency, testDistrict } from "../helpers/district";
import { minuteNow, plus, tenderInput, YUAN } from "../helpers/procurement";

useDemoData();

type Json = Record<string, unknown>;
type Release = Json & { ocid: string; id: string; date: string; tag: string[] };

const SCHEMAS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/ocds/1.1.5");
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), "utf8"));
/** The rows of a CSV file (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    }
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/** The codes of a codelist (its "Code" column). */
function codes(codelist: string) {
  const [header, ...rows] = csvRows(fs.readFileSync(path.join(SCHEMAS, "codelists", codelist), "utf8"));
  const column = header.indexOf("Code");
  return new Set(rows.map((r) => r[column]).filter(Boolean));
}

let validateReleasePackage: ValidateFunction;
let validateRecordPackage: ValidateFunction;
let validateRelease: ValidateFunction;

const ctx: OcdsContext = { origin: "https://portal.example.cn", prefix: "sanshe" };

function expectValid(validate: ValidateFunction, data: unknown) {
  const valid = validate(data);
  // The errors in the failure message say what is wrong and where.
  expect(valid ? [] : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)).toEqual([]);
}

/** The whole feed, page after page, as a harvester would read it. */
async function harvest(pageSize = 100, on: Queryable = db) {
  const pages = [];
  for (let page = 1; ; page += 1) {
    const pkg = await releaseFeed(on, ctx, { page }, new Date(), pageSize);
    pages.push(pkg);
    if (!pkg.links?.next) break;
  }
  return pages;
}

/** Every page of the feed from `since` on. */
async function releaseFeedFrom(on: Queryable, since: Date) {
  const pages = [];
  for (let page = 1; ; page += 1) {
    const pkg = await releaseFeed(on, ctx, { page, since });
    pages.push(pkg);
    if (!pkg.links?.next) return pages;
  }
}

const tenderId = async (title: string) => (await db.select({ id: tenders.id }).from(tenders).where(eq(tenders.title, title)))[0].id;

beforeAll(() => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(readJson("release-schema.json"));
  // The record package schema refers to the versioned release schema for the optional
  // `versionedRelease`, which shared/ does not hold and the portal does not publish: it stands
  // here as a schema nothing satisfies, so a record that did carry one would fail.
  ajv.addSchema({ id: "https://standard.open-contracting.org/schema/1__1__5/versioned-release-validation-schema.json", not: {} });
  validateReleasePackage = ajv.compile(readJson("release-package-schema.json"));
  validateRecordPackage = ajv.compile(readJson("record-package-schema.json"));
  validateRelease = ajv.getSchema("https://standard.open-contracting.org/schema/1__1__5/release-schema.json")!;
});

describe("the feed on the demo data", () => {
  it("validates every page against the release package schema and covers every kind of release the demo has", async () => {
    const pages = await harvest();
    const releases = pages.flatMap((p) => p.releases) as Release[];
    for (const pkg of pages) expectValid(validateReleasePackage, pkg);
    const tags = new Set(releases.flatMap((r) => r.tag));
    // The demo has contracts in force, paid milestones and a terminated contract.
    expect([...tags].sort()).toEqual(
      expect.arrayContaining(["award", "awardUpdate", "contract", "contractTermination", "implementation", "planning", "tender", "tenderAmendment", "tenderCancellation", "tenderUpdate"]),
    );
    // Oldest first, unique ids, one ocid per tender with the prefix.
    const dates = releases.map((r) => r.date);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(releases.map((r) => r.id)).size).toBe(releases.length);
    for (const r of releases) expect(r.ocid).toMatch(/^ocds-sanshe-[0-9a-f-]{36}$/);
  });

  it("pages the same releases in the same order whatever the page size, and a page past the last is a 404", async () => {
    // One snapshot for both readings: other test files may be writing tenders meanwhile.
    const { big, small } = await db.transaction(
      async (tx) => ({ big: (await harvest(100, tx)).flatMap((p) => p.releases as Release[]).map((r) => r.id), small: await harvest(7, tx) }),
      { isolationLevel: "repeatable read" },
    );
    expect(small.length).toBeGreaterThan(1);
    expect(small.flatMap((p) => p.releases as Release[]).map((r) => r.id)).toEqual(big);
    expect(small[1].links?.prev).toBe("https://portal.example.cn/api/ocds/releases?page=1");

    // A package holds at least one release (minItems: 1): a page past the last is a 404 that
    // points back to the first page, not an empty package.
    const past = await thrownResponse(releaseFeed(db, ctx, { page: 10_000 }));
    expect(past.status).toBe(404);
    expect(await past.json()).toEqual({ error: "No releases on this page", links: { first: "https://portal.example.cn/api/ocds/releases?page=1" } });
  });

  it("gives the releases dated from `since` on", async () => {
    await db.transaction(
      async (tx) => {
        const all = (await harvest(100, tx)).flatMap((p) => p.releases as Release[]);
        const middle = new Date(all[Math.floor(all.length / 2)].date);
        const since = (await releaseFeedFrom(tx, middle)).flatMap((p) => p.releases as Release[]);
        expect(since.map((r) => r.id)).toEqual(all.filter((r) => new Date(r.date) >= middle).map((r) => r.id));
      },
      { isolationLevel: "repeatable read" },
    );
  });

  it("uses codes of the partyRole and documentType codelists, CN-USCC identifiers and amounts in yuan", async () => {
    const releases = (await harvest()).flatMap((p) => p.releases) as Release[];
    const roles = codes("partyRole.csv");
    const documentTypes = codes("documentType.csv");
    const parties = releases.flatMap((r) => r.parties as { id: string; roles: string[]; identifier?: { scheme: string; id: string } }[]);
    for (const party of parties) for (const role of party.roles) expect(roles).toContain(role);
    const organizationsListed = parties.filter((p) => p.identifier);
    expect(organizationsListed.length).toBeGreaterThan(0);
    for (const p of organizationsListed) {
      expect(p.identifier!.scheme).toBe("CN-USCC");
      expect(p.id).toBe(`CN-USCC-${p.identifier!.id}`);
    }
    const json = JSON.stringify(releases);
    for (const [, type] of json.matchAll(/"documentType":"([^"]+)"/g)) expect(documentTypes).toContain(type);

    const awarded = await tenderId(DEMO_TENDERS.awarded);
    const [award] = await db.select().from(awards).where(eq(awards.tenderId, awarded));
    const awardRelease = releases.find((r) => r.id === `ocds-sanshe-${awarded}-award-${award.id}`)!;
    expect((awardRelease.awards as { value: unknown }[])[0].value).toEqual({ amount: award.amount / 100, currency: "CNY" });
  });

  it("carries no personal data: no contact person, phone, user or staff name", async () => {
    const json = JSON.stringify((await harvest()).flatMap((p) => p.releases));
    const [tenderContacts, orgContacts, people, staffNames] = await Promise.all([
      db.select({ name: tenders.contactName, phone: tenders.contactPhone, title: tenders.title }).from(tenders).where(isNotNull(tenders.publishedAt)),
      db.select({ name: organizations.contactName, phone: organizations.contactPhone, email: organizations.contactEmail, orgName: organizations.name }).from(organizations),
      db.select({ username: users.username, displayName: users.displayName }).from(users),
      db.select({ name: staff.name }).from(staff),
    ]);
    const organizationNames = orgContacts.map((o) => o.orgName).join("|");
    // Other test files (sharing the database on PostgreSQL) name contacts and people with plain
    // words such as 测试 or 并发测试 that their organizations' names and tender titles also contain:
    // a word of a published title or an organization's name is not a person found in the feed.
    const publicNames = `${organizationNames}|${tenderContacts.map((c) => c.title).join("|")}`;
    const personal = [
      ...tenderContacts.flatMap((c) => [c.name, c.phone]),
      ...orgContacts.flatMap((c) => [c.name, c.phone, c.email ?? ""]),
      ...people.map((u) => u.username),
      ...people.map((u) => u.displayName),
      ...staffNames.map((s) => s.name),
    ].filter((s) => s.length >= 2 && !publicNames.includes(s));
    expect(personal.filter((s) => json.includes(s))).toEqual([]);
  });
});

describe("one tender's releases and record", () => {
  it("validates every demo tender's record against the record package schema, its compiled release against the release schema", async () => {
    const published = await db.select({ id: tenders.id }).from(tenders).where(isNotNull(tenders.publishedAt));
    for (const { id } of published.slice(0, 40)) {
      const record = await tenderRecordPackage(db, ctx, id);
      expectValid(validateRecordPackage, record);
      expectValid(validateRelease, record.records[0].compiledRelease);
      expectValid(validateReleasePackage, await tenderReleasePackage(db, ctx, id));
    }
  });

  it("compiles the awarded demo tender: complete, the award active, the winner a supplier, the tenderers listed", async () => {
    const id = await tenderId(DEMO_TENDERS.awarded);
    const { records } = await tenderRecordPackage(db, ctx, id);
    const compiled = records[0].compiledRelease as Json & { tender: Json; awards: Json[]; parties: { roles: string[]; name: string }[] };
    expect(compiled.tag).toEqual(["compiled"]);
    expect(compiled.tender).toMatchObject({ id, status: "complete", procurementMethod: "open", procurementMethodDetails: "公开招标", mainProcurementCategory: "services" });
    expect(compiled.awards).toHaveLength(1);
    expect(compiled.awards[0]).toMatchObject({ status: "active" });
    const [winner] = await db.select({ name: organizations.name }).from(awards).innerJoin(organizations, eq(organizations.id, awards.organizationId)).where(eq(awards.tenderId, id));
    expect(compiled.parties.find((p) => p.name === winner.name)!.roles).toEqual(["tenderer", "supplier"]);
    expect(compiled.parties.filter((p) => p.roles.includes("tenderer")).length).toBe((compiled.tender.numberOfTenderers as number) ?? 0);
    expect(compiled.parties.find((p) => p.roles.includes("buyer"))).toMatchObject({ name: "中原区民政局", roles: ["buyer", "procuringEntity"] });
  });

  it("keeps earlier releases as they were when a tender is amended, and adds one release for the amendment", async () => {
    const district = await testDistrict("开放数据测试区");
    const line = await districtBudgetLine(district, 500_000, 2026);
    const publishedAt = minuteNow();
    const tender = await districtTender(district, { budgetLineId: line.id, needIds: [await acceptedNeedAt(district, plus(publishedAt, -3))], publishedAt, ceilingYuan: 200_000 });
    const before = await tenderReleasePackage(db, ctx, tender.id);
    expect(before.releases.map((r) => (r as Release).id)).toEqual([`ocds-sanshe-${tender.id}-planning`, `ocds-sanshe-${tender.id}-tender`]);

    const amendment = await amendTender(db, district.officer, tender.id, { changes: "服务内容增加周末探访。", reason: "回应社区补充需求。", affectsBids: true, newBidDeadline: plus(tender.bidDeadline, 5) }, plus(publishedAt, 0, 5));
    const after = await tenderReleasePackage(db, ctx, tender.id);
    expect(after.releases.slice(0, 2)).toEqual(before.releases);
    const added = after.releases[2] as Release & { tender: { tenderPeriod: { endDate: string }; amendments: Json[] } };
    expect(added.id).toBe(`ocds-sanshe-${tender.id}-amendment-${amendment.id}`);
    expect(added.tag).toEqual(["tenderAmendment"]);
    expect(added.tender.tenderPeriod.endDate).toBe(amendment.newBidDeadline.toISOString());
    expect(added.tender.amendments).toEqual([expect.objectContaining({ id: amendment.id, rationale: "回应社区补充需求。", amendsReleaseID: `ocds-sanshe-${tender.id}-tender` })]);
    expectValid(validateReleasePackage, after);

    // With another prefix the ocid and every id change with it.
    const other = await tenderReleasePackage(db, { ...ctx, prefix: "abc123" }, tender.id);
    expect((other.releases as Release[]).every((r) => r.ocid === `ocds-abc123-${tender.id}` && r.id.startsWith(`ocds-abc123-${tender.id}-`))).toBe(true);
  });

  it("publishes an award revoked by an upheld challenge as an awardCancellation, then the new award", async () => {
    const bj = (local: string) => new Date(`${local}:00+08:00`);
    const district = await testDistrict("撤销测试区");
    const [a, b, c] = [await testAgency(district, "甲", bj("2026-01-05T10:00")), await testAgency(district, "乙", bj("2026-01-05T10:00")), await testAgency(district, "丙", bj("2026-01-05T10:00"))];
    const line = await districtBudgetLine(district, 500_000, 2026);
    const tender = await districtTender(district, { budgetLineId: line.id, needIds: [await acceptedNeedAt(district, bj("2026-02-25T10:00"))], publishedAt: bj("2026-03-02T10:00"), ceilingYuan: 300_000 });
    const { bidOf } = await bidAndOpen(district, tender, [
      [a, 250_000],
      [b, 260_000],
      [c, 270_000],
    ]);
    const ranked = [a, b, c].map((x) => bidOf.get(x.organizationId)!);
    const first = await awardAt(district, tender.id, ranked, bj("2026-04-20T10:00"));
    const challenge = await fileChallenge(db, b.member, tender.id, { subject: "评分有误", grounds: "第一名的团队资质与投标文件不符。" }, [], bj("2026-04-22T10:00"));
    await answerChallenge(db, district.officer, challenge.id, { decision: "uphold", answer: "经复核质疑成立，改由排名第二的供应商成交。", remedy: "reaward" }, bj("2026-04-24T10:00"));
    const second = await confirmAward(db, district.officer, tender.id, { bidId: ranked[1] }, bj("2026-04-27T10:00"));

    const pkg = await tenderReleasePackage(db, ctx, tender.id);
    expectValid(validateReleasePackage, pkg);
    const releases = pkg.releases as Release[];
    // The second award's challenge window passed long ago (the clock is today's): it is final.
    expect(releases.map((r) => r.tag[0])).toEqual(["planning", "tender", "tenderUpdate", "award", "awardCancellation", "award", "awardUpdate"]);
    const cancellation = releases[4] as Release & { awards: { id: string; status: string }[]; parties: { name: string; roles: string[] }[] };
    expect(cancellation.awards).toEqual([expect.objectContaining({ id: first.awards[0].id, status: "cancelled" })]);
    expect(cancellation.parties.find((p) => p.name === a.name)!.roles).toEqual(["tenderer"]);

    const recordPackage = await tenderRecordPackage(db, ctx, tender.id);
    expectValid(validateRecordPackage, recordPackage);
    const { records } = recordPackage;
    const compiled = records[0].compiledRelease as { tender: { status: string }; awards: { id: string; status: string; value: unknown }[] };
    expect(compiled.tender.status).toBe("complete");
    expect(compiled.awards.map((x) => [x.id, x.status])).toEqual([
      [first.awards[0].id, "cancelled"],
      [second.awards[0].id, "active"],
    ]);
    expect(compiled.awards[1].value).toEqual({ amount: 260_000, currency: "CNY" });
    expect(second.awards[0].amount).toBe(260_000 * YUAN);
  });

  it("validates the record of every demo tender with a contract", async () => {
    const withContracts = await db.selectDistinct({ id: contracts.tenderId }).from(contracts);
    expect(withContracts.length).toBeGreaterThan(0);
    for (const { id } of withContracts) {
      const record = await tenderRecordPackage(db, ctx, id);
      expectValid(validateRecordPackage, record);
      expectValid(validateRelease, record.records[0].compiledRelease);
    }
  });

  it("publishes a contract, its implementation (milestones met, payments as transactions) and its early termination", async () => {
    const bj = (local: string) => new Date(`${local}:00+08:00`);
    const district = await testDistrict("合同数据区");
    const [a, b] = [await testAgency(district, "甲", bj("2026-01-05T10:00")), await testAgency(district, "乙", bj("2026-01-05T10:00"))];
    const line = await districtBudgetLine(district, 500_000, 2026);
    const tender = await districtTender(district, { budgetLineId: line.id, needIds: [await acceptedNeedAt(district, bj("2026-02-25T10:00"))], publishedAt: bj("2026-03-02T10:00"), ceilingYuan: 300_000 });
    const { bidOf } = await bidAndOpen(district, tender, [
      [a, 250_000],
      [b, 260_000],
    ]);
    const { awards: confirmed } = await awardAt(district, tender.id, [bidOf.get(a.organizationId)!, bidOf.get(b.organizationId)!], bj("2026-04-20T10:00"));
    const c = await districtContract(district, a, confirmed[0].id, bj("2026-05-20T10:00"));
    // The first tranche (on signing, 30% = ¥75,000) paid; the mid-term milestone reported, confirmed and accepted.
    const { payment } = await recordPayment(db, district.officer, { trancheId: c.tranches[0].id, paidOn: "2026-05-22", amount: c.tranches[0].amount, reference: "OCDS-1" }, bj("2026-05-22T15:00"));
    const mid = c.milestones[1];
    await saveProgressReport(db, a.member, mid.id, await reportInput(c));
    await confirmService(db, district.communityStaff, mid.id, { status: "confirmed" });
    await acceptMilestone(db, district.officer, mid.id);
    await terminateContract(db, district.officer, c.contractId, { reason: "服务机构负责人变更，双方协商一致解除合同。" });

    const pkg = await tenderReleasePackage(db, ctx, tender.id);
    expectValid(validateReleasePackage, pkg);
    const releases = pkg.releases as (Release & { contracts?: Json[]; parties: { id: string; roles: string[] }[] })[];
    const ocid = `ocds-sanshe-${tender.id}`;
    expect(releases.slice(5).map((r) => [r.id, r.tag[0]])).toEqual([
      [`${ocid}-contract-${c.contractId}`, "contract"],
      [`${ocid}-implementation-${payment.id}`, "implementation"],
      [`${ocid}-implementation-${mid.id}`, "implementation"],
      [`${ocid}-contractEnded-${c.contractId}`, "contractTermination"],
    ]);
    const [signed, paid, met, ended] = releases.slice(5);
    expect(signed.contracts![0]).toMatchObject({
      id: c.contractId,
      awardID: confirmed[0].id,
      status: "active",
      value: { amount: 250_000, currency: "CNY" },
      dateSigned: bj("2026-05-20T10:00").toISOString(),
      milestones: c.milestones.map((m) => expect.objectContaining({ id: m.id, status: "scheduled", dueDate: `${m.dueOn}T23:59:59+08:00` })),
    });
    const supplier = `CN-USCC-${a.uscc}`;
    expect(signed.parties.find((p) => p.id === supplier)!.roles).toEqual(["tenderer", "supplier", "payee"]);
    expect((paid.contracts![0] as { implementation: unknown }).implementation).toEqual({
      // The first milestone is met on signing; the mid-term one not yet when the payment was recorded.
      milestones: c.milestones.map((m, i) => expect.objectContaining({ id: m.id, status: i === 0 ? "met" : "scheduled" })),
      transactions: [{ id: payment.id, date: "2026-05-22T00:00:00+08:00", value: { amount: 75_000, currency: "CNY" }, payer: { id: `bureau-${district.districtCode}`, name: expect.any(String) }, payee: { id: supplier, name: a.name } }],
    });
    const metMilestones = (met.contracts![0] as { implementation: { milestones: { id: string; status: string; dateMet?: string }[] } }).implementation.milestones;
    expect(metMilestones.find((m) => m.id === mid.id)).toMatchObject({ status: "met", dateMet: met.date });
    expect(ended.contracts![0]).toMatchObject({ id: c.contractId, status: "terminated" });
    // The reason is an insider's text: not published.
    expect(JSON.stringify(releases)).not.toContain("负责人变更");

    const { records } = await tenderRecordPackage(db, ctx, tender.id);
    const compiled = records[0].compiledRelease as { contracts: { id: string; status: string; value: unknown; implementation: { transactions: unknown[]; milestones: { status: string }[] } }[] };
    expect(compiled.contracts).toHaveLength(1);
    expect(compiled.contracts[0]).toMatchObject({ id: c.contractId, status: "terminated", value: { amount: 250_000, currency: "CNY" } });
    expect(compiled.contracts[0].implementation.transactions).toHaveLength(1);
    expect(compiled.contracts[0].implementation.milestones.map((m) => m.status)).toEqual(["met", "met", "scheduled"]);
  });
});

describe("the endpoints", () => {
  const call = (route: { loader: (args: never) => Promise<Response> }, url: string, params: Record<string, string> = {}) =>
    settle(() => route.loader({ request: getRequest(url), context, params } as never));

  it("answer JSON anyone may read from any site", async () => {
    const response = await call(feedRoute, "/api/ocds/releases?page=1");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const body = await response.json();
    expect(body.uri).toBe("http://localhost/api/ocds/releases?page=1");
    expect(body.releases[0].ocid).toMatch(/^ocds-sanshe-/);
    expectValid(validateReleasePackage, body);
  });

  it("refuse a bad page or date with 400 and a message", async () => {
    for (const query of ["page=0", "page=abc", "page=1.5", "page=-1", "since=2026-02-30", "since=yesterday", "since=2026-11-01T10:00"]) {
      const response = await call(feedRoute, `/api/ocds/releases?${query}`);
      expect(response.status, query).toBe(400);
      // The message names the parameter that was wrong.
      expect((await response.json()).error, query).toMatch(query.startsWith("page") ? /^page must be a whole number/ : /^since must be a date/);
    }
    const ok = await call(feedRoute, "/api/ocds/releases?since=2026-01-01");
    expect(ok.status).toBe(200);
  });

  it("answer 404 for a draft, an unknown id and nonsense; serve a published tender's releases and record", async () => {
    const district = await testDistrict("草稿测试区");
    const line = await districtBudgetLine(district, 100_000, 2026);
    const now = minuteNow();
    const draft = await saveDraft(db, district.officer, tenderInput({ budgetLineId: line.id, needIds: [await acceptedNeedAt(district, now)], communityIds: [district.communityId], enquiryDeadline: plus(now, 5), bidDeadline: plus(now, 30), ceilingPrice: 50_000 * YUAN }));
    for (const id of [draft.id, "00000000-0000-4000-8000-000000000000", "not-a-tender"]) {
      expect((await call(releasesRoute, `/api/ocds/tenders/${id}/releases`, { id })).status).toBe(404);
      expect((await call(recordRoute, `/api/ocds/tenders/${id}/record`, { id })).status).toBe(404);
    }
    const id = await tenderId(DEMO_TENDERS.amended);
    const releases = await call(releasesRoute, `/api/ocds/tenders/${id}/releases`, { id });
    expect(releases.status).toBe(200);
    expect((await releases.json()).releases.map((r: Release) => r.tag[0])).toEqual(["planning", "tender", "tenderAmendment", "tenderAmendment"]);
    const record = await call(recordRoute, `/api/ocds/tenders/${id}/record`, { id });
    expectValid(validateRecordPackage, await record.json());
  });

  it("document the feed on a public developer page with the prefix in force and a tender to try", async () => {
    const response = await call(openDataRoute, "/open-data");
    expect(response.status).toBe(200);
    const page = await response.json();
    expect(page).toMatchObject({ prefix: "sanshe", pageSize: 100 });
    expect((await call(releasesRoute, `/api/ocds/tenders/${page.sample.id}/releases`, { id: page.sample.id })).status).toBe(200);
  });
});
