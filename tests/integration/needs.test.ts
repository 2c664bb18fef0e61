import crypto from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { attachmentBlobs, attachments, auditLog, budgetLines, bureaus, memberships, needSupports, needs, regions, tenders, users } from "#db/schema";
import { saveAttachments } from "~/modules/documents/uploads.server";
import { needSchema } from "~/modules/needs/needs-schema";
import { postNeed, reviewNeed, supportNeed } from "~/modules/needs/needs.server";
import * as attachmentDownload from "~/routes/attachments.$id";
import * as bureauNeeds from "~/routes/bureau.needs";
import * as communityHome from "~/routes/community._index";
import * as communityPostNeed from "~/routes/community.needs.new";
import * as publicNeed from "~/routes/needs.$id";
import * as residentHome from "~/routes/resident._index";
import * as residentPostNeed from "~/routes/resident.needs.new";
import { context, cookieFor, getRequest, postRequest, regionId, sessionUser, settle, unique, useDemoData, userId } from "../helpers/demo";
import { needInput } from "../helpers/procurement";

useDemoData();

const args = (request: Request, params: Record<string, string> = {}) => ({ request, context, params });

const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]);
const EXE = Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]);
const ZIP = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0]);

interface Upload {
  name: string;
  bytes: Uint8Array;
  /** What the browser claims; the server must not care. */
  type?: string;
}

/** A multipart POST as a browser sends the form with encType="multipart/form-data". */
function multipartRequest(path: string, fields: Record<string, string>, files: Upload[], cookie: string) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const f of files) form.append("evidence", new File([new Uint8Array(f.bytes)], f.name, { type: f.type ?? "application/pdf" }));
  // An empty file input is sent too: a part with no name and no bytes.
  if (files.length === 0) form.append("evidence", new File([], "", { type: "application/octet-stream" }));
  return new Request(`http://localhost${path}`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

let staffCookie: string;
let residentCookie: string;
let jinshuiCookie: string;
let erqiCookie: string;
let fengleGrid: string;

beforeAll(async () => {
  staffCookie = await cookieFor(await userId("community.fengle"));
  residentCookie = await cookieFor(await userId("resident.fengle"));
  jinshuiCookie = await cookieFor(await userId("bureau.jinshui"));
  erqiCookie = await cookieFor(await userId("bureau.erqi"));
  fengleGrid = await regionId("丰乐一网格");
});

function needForm(overrides: Record<string, string> = {}) {
  return {
    title: `独居老人助餐服务${unique("-")}`,
    description: "丰乐社区 80 岁以上独居老人 46 人，午餐无人照料，希望引入助餐和探访服务。",
    category: "elderly_care",
    targetGroup: "80 岁以上独居老人",
    beneficiariesEstimate: "46",
    suggestedBudget: "150,000.50",
    urgency: "high",
    channel: "visit",
    gridId: fengleGrid,
    ...overrides,
  };
}

/**
 * Nothing of a refused post is in the database: no need, no file, no audit entry. Checked by
 * the post's own title and file names, so that other test files writing to a shared
 * PostgreSQL at the same time cannot disturb the check.
 */
async function expectNothingWritten(title: string, filenames: string[]) {
  expect(await db.select().from(needs).where(eq(needs.title, title))).toEqual([]);
  expect(await db.select().from(attachments).where(inArray(attachments.filename, filenames))).toEqual([]);
  expect(await db.select().from(auditLog).where(sql`${auditLog.after}->>'title' = ${title}`)).toEqual([]);
}

async function needTitled(title: string) {
  const [row] = await db.select().from(needs).where(eq(needs.title, title)).limit(1);
  return row;
}

async function errorsOf(response: Response) {
  return (await response.json()) as { errors: Record<string, { message: string }>; values: Record<string, unknown> };
}

/** A mental-health need of 丰乐社区 (金水区) taken on the hotline and posted by its staff, optionally with evidence. */
async function fengleNeed(evidence: Upload[] = []) {
  const user = await sessionUser({ username: "community.fengle" });
  const input = needInput({
    title: `社区心理支持${unique("-")}`,
    description: "疫情后部分居民有焦虑情绪。",
    category: "mental_health",
    targetGroup: "有需要的居民",
    channel: "hotline",
  });
  return postNeed(db, user, input, {
    evidence: evidence.map((f) => ({ filename: f.name, bytes: f.bytes, size: f.bytes.length, contentType: "application/pdf" })),
  });
}

describe("community staff post a need", () => {
  it("with a PDF through the multipart form: submitted, evidence stored with its hash, audited", async () => {
    const fields = needForm();
    const response = await settle(() => communityPostNeed.action(args(multipartRequest("/community/needs/new", fields, [{ name: "走访记录.pdf", bytes: PDF }], staffCookie))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/community?posted=1");

    const need = await needTitled(fields.title);
    expect(need).toMatchObject({
      status: "submitted",
      channel: "visit",
      gridId: fengleGrid,
      communityId: await regionId("丰乐社区"),
      suggestedBudget: 15_000_050,
      urgency: "high",
      beneficiariesEstimate: 46,
    });
    const files = await db.select().from(attachments).where(and(eq(attachments.ownerType, "need"), eq(attachments.ownerId, need.id)));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({
      filename: "走访记录.pdf",
      contentType: "application/pdf",
      size: PDF.length,
      sha256: crypto.createHash("sha256").update(PDF).digest("hex"),
      uploadedBy: await userId("community.fengle"),
    });
    const [blob] = await db.select().from(attachmentBlobs).where(eq(attachmentBlobs.attachmentId, files[0].id));
    expect(Buffer.compare(blob.content, Buffer.from(PDF))).toBe(0);

    const [entry] = await db.select().from(auditLog).where(eq(auditLog.subjectId, need.id)).orderBy(desc(auditLog.seq)).limit(1);
    expect(entry.action).toBe("need.post");
    expect(entry.actorId).toBe(await userId("community.fengle"));
    expect(entry.after).toMatchObject({ channel: "visit", evidence: [{ filename: "走访记录.pdf", sha256: files[0].sha256 }] });

    const list = (await (await settle(() => communityHome.loader(args(getRequest("/community", staffCookie))))).json()) as {
      needs: { id: string; status: string; evidence: { filename: string }[] }[];
    };
    expect(list.needs.find((n) => n.id === need.id)).toMatchObject({ status: "submitted", evidence: [{ filename: "走访记录.pdf" }] });
  });

  it("without files, the empty file input is ignored", async () => {
    const fields = needForm({ gridId: "" });
    const response = await settle(() => communityPostNeed.action(args(multipartRequest("/community/needs/new", fields, [], staffCookie))));
    expect(response.status).toBe(302);
    const need = await needTitled(fields.title);
    expect(need.gridId).toBeNull();
    expect(await db.select().from(attachments).where(eq(attachments.ownerId, need.id))).toEqual([]);
  });

  it("stores a PNG named .pdf as a PNG: the content decides", async () => {
    const fields = needForm();
    const response = await settle(() =>
      communityPostNeed.action(args(multipartRequest("/community/needs/new", fields, [{ name: "scan.pdf", bytes: PNG, type: "application/pdf" }], staffCookie))),
    );
    expect(response.status).toBe(302);
    const need = await needTitled(fields.title);
    const [file] = await db.select().from(attachments).where(eq(attachments.ownerId, need.id));
    expect(file).toMatchObject({ filename: "scan.pdf", contentType: "image/png" });
  });

  it.each([
    ["an executable", EXE],
    ["a ZIP archive", ZIP],
  ])("refuses %s named .pdf with a message on the evidence field, and writes nothing", async (_kind, bytes) => {
    const good = `${unique("走访")}.pdf`;
    const bad = `${unique("材料")}.pdf`;
    const fields = needForm();
    const response = await settle(() =>
      communityPostNeed.action(args(multipartRequest("/community/needs/new", fields, [{ name: good, bytes: PDF }, { name: bad, bytes }], staffCookie))),
    );
    expect(response.status).toBe(400);
    const body = await errorsOf(response);
    expect(body.errors.evidence.message).toBe(`needs.upload.wrongType|{"file":"${bad}","types":"PDF/JPG/PNG"}`);
    expect(body.values).toMatchObject({ title: fields.title, suggestedBudget: "150,000.50", channel: "visit" });
    expect(body.values).not.toHaveProperty("evidence");
    await expectNothingWritten(fields.title, [good, bad]);
  });

  it("refuses a file over 10 MB with a message naming it, and writes nothing", async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    const name = `${unique("全部扫描件")}.pdf`;
    const fields = needForm();
    const response = await settle(() => communityPostNeed.action(args(multipartRequest("/community/needs/new", fields, [{ name, bytes: big }], staffCookie))));
    expect(response.status).toBe(400);
    const body = await errorsOf(response);
    expect(body.errors.evidence.message).toBe(`needs.upload.tooLarge|{"file":"${name}","max":10}`);
    expect(body.values.title).toBe(fields.title);
    await expectNothingWritten(fields.title, [name]);
  });

  it("reports field errors and file errors together, keeping what was typed", async () => {
    const description = unique("描述");
    const response = await settle(() =>
      communityPostNeed.action(
        args(multipartRequest("/community/needs/new", needForm({ title: "", description, suggestedBudget: "十五万" }), [{ name: "a.exe", bytes: EXE }], staffCookie)),
      ),
    );
    expect(response.status).toBe(400);
    const body = await errorsOf(response);
    expect(Object.keys(body.errors).sort()).toEqual(["evidence", "suggestedBudget", "title"]);
    expect(body.values).toMatchObject({ description, suggestedBudget: "十五万" });
    expect(await db.select().from(needs).where(eq(needs.description, description))).toEqual([]);
  });

  it("refuses a grid of another community on the grid field, and writes nothing", async () => {
    const otherGrid = await regionId("民乐一网格");
    const name = `${unique("记录")}.pdf`;
    const fields = needForm({ gridId: otherGrid });
    const response = await settle(() => communityPostNeed.action(args(multipartRequest("/community/needs/new", fields, [{ name, bytes: PDF }], staffCookie))));
    expect(response.status).toBe(400);
    expect((await errorsOf(response)).errors.gridId.message).toBe("errors.invalidChoice");
    await expectNothingWritten(fields.title, [name]);
  });

  it("refuses in the command too a file that did not come through the form, rolling the need back", async () => {
    const user = await sessionUser({ username: "community.fengle" });
    const title = unique("直接调用");
    const name = `${unique("伪装")}.pdf`;
    const error = await postNeed(
      db,
      user,
      needSchema.parse(needForm({ title })),
      { evidence: [{ filename: name, bytes: EXE, size: EXE.length, contentType: "application/pdf" }] },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ messageKey: "needs.upload.wrongType", options: { field: "evidence" } });
    await expectNothingWritten(title, [name]);
  });

  it("offers the grids of the staff's own community on the form", async () => {
    const data = (await (await settle(() => communityPostNeed.loader(args(getRequest("/community/needs/new", staffCookie))))).json()) as {
      grids: { nameZh: string }[];
    };
    expect(data.grids.map((g) => g.nameZh)).toEqual(["丰乐一网格", "丰乐二网格"]);
  });

  it("is closed to residents, bureau officers and the public", async () => {
    expect((await settle(() => communityPostNeed.action(args(multipartRequest("/community/needs/new", needForm(), [], residentCookie))))).status).toBe(403);
    expect((await settle(() => communityPostNeed.action(args(multipartRequest("/community/needs/new", needForm(), [], jinshuiCookie))))).status).toBe(403);
    const anonymous = await settle(() => communityPostNeed.loader(args(getRequest("/community/needs/new"))));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("residents", () => {
  it("post through the online channel, without a grid, whatever the form sends", async () => {
    const fields = needForm({ channel: "meeting" });
    const response = await settle(() => residentPostNeed.action(args(multipartRequest("/resident/needs/new", fields, [{ name: "photo.png", bytes: PNG }], residentCookie))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/resident?posted=1");
    const need = await needTitled(fields.title);
    expect(need).toMatchObject({ channel: "resident_online", gridId: null, createdBy: await userId("resident.fengle"), status: "submitted" });
  });

  it("support a need of their community once; the count shows it and a second time is refused", async () => {
    const need = await fengleNeed();
    const first = await settle(() => residentHome.action(args(postRequest("/resident", { intent: "support", subjectId: need.id }, residentCookie))));
    expect(first.status).toBe(302);

    const second = await settle(() => residentHome.action(args(postRequest("/resident", { intent: "support", subjectId: need.id }, residentCookie))));
    expect(second.status).toBe(400);
    expect((await errorsOf(second)).errors.root.message).toBe("needs.alreadySupported");

    const list = (await (await settle(() => residentHome.loader(args(getRequest("/resident", residentCookie))))).json()) as {
      needs: { id: string; supportCount: number; supportedByMe: boolean; evidence: unknown[] }[];
    };
    expect(list.needs.find((n) => n.id === need.id)).toMatchObject({ supportCount: 1, supportedByMe: true, evidence: [] });
    const audited = await db.select().from(auditLog).where(and(eq(auditLog.subjectId, need.id), eq(auditLog.action, "need.support")));
    expect(audited).toHaveLength(1);
  });

  it("of another community are refused (403)", async () => {
    const need = await fengleNeed();
    const [other] = await db
      .insert(users)
      .values({ username: unique("resident.daxue."), displayName: "大学路居民", passwordHash: "x" })
      .returning({ id: users.id });
    await db.insert(memberships).values({ userId: other.id, role: "resident", communityId: await regionId("大学路社区") });
    const cookie = await cookieFor(other.id);
    const response = await settle(() => residentHome.action(args(postRequest("/resident", { intent: "support", subjectId: need.id }, cookie))));
    expect(response.status).toBe(403);
    expect(await db.select().from(needSupports).where(eq(needSupports.needId, need.id))).toEqual([]);
  });

  it("cannot support a rejected need", async () => {
    const need = await fengleNeed();
    await reviewNeed(db, await sessionUser({ username: "bureau.jinshui" }), need.id, { decision: "reject", reason: "与已有项目重复" });
    const response = await settle(() => residentHome.action(args(postRequest("/resident", { intent: "support", subjectId: need.id }, residentCookie))));
    expect(response.status).toBe(400);
    expect((await errorsOf(response)).errors.root.message).toBe("needs.supportClosed");
  });
});

describe("the bureau's need pool", () => {
  const review = (needId: string, fields: Record<string, string>, cookie: string, search = "") =>
    settle(() => bureauNeeds.action(args(postRequest(`/bureau/needs${search}`, { intent: "review", subjectId: needId, ...fields }, cookie))));

  it("lists the district's needs with evidence, filtered by category, community, status and support", async () => {
    const need = await fengleNeed([{ name: "热线记录.pdf", bytes: PDF }]);
    await supportNeed(db, await sessionUser({ username: "resident.fengle" }), need.id);
    const load = async (search: string, cookie = jinshuiCookie) =>
      (await (await settle(() => bureauNeeds.loader(args(getRequest(`/bureau/needs${search}`, cookie))))).json()) as {
        needs: { id: string; communityName: string; supportCount: number; evidence: { id: string; filename: string }[] }[];
        communities: { nameZh: string }[];
      };
    const all = await load("");
    expect(all.needs.find((n) => n.id === need.id)).toMatchObject({ communityName: "丰乐社区", supportCount: 1, evidence: [{ filename: "热线记录.pdf" }] });
    expect(all.communities.map((c) => c.nameZh)).toEqual(["丰乐社区", "民乐社区", "四月天社区", "文博社区", "金沙社区"]);

    const fengle = await regionId("丰乐社区");
    const matching = await load(`?category=mental_health&communityId=${fengle}&status=submitted&minSupport=1`);
    expect(matching.needs.map((n) => n.id)).toContain(need.id);
    for (const search of ["?category=elderly_care", `?communityId=${await regionId("民乐社区")}`, "?status=accepted", "?minSupport=2"]) {
      expect((await load(search)).needs.map((n) => n.id)).not.toContain(need.id);
    }
    // Nonsense in the address bar is ignored, not a 500.
    expect((await load("?status=bogus&minSupport=abc&communityId=1")).needs.map((n) => n.id)).toContain(need.id);

    expect((await load("", erqiCookie)).needs.map((n) => n.id)).not.toContain(need.id);
  });

  it("accepts a need: accepted, audited", async () => {
    const need = await fengleNeed();
    const response = await review(need.id, { decision: "accept", reason: "" }, jinshuiCookie, "?status=submitted");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/bureau/needs?status=submitted");
    const [row] = await db.select().from(needs).where(eq(needs.id, need.id));
    expect(row).toMatchObject({ status: "accepted", reviewedBy: await userId("bureau.jinshui"), reviewReason: null });
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.subjectId, need.id), eq(auditLog.action, "need.accept")));
    expect(entry.before).toEqual({ status: "submitted" });
  });

  it("rejects only with a reason, which the community and the public see", async () => {
    const need = await fengleNeed();
    const missing = await review(need.id, { decision: "reject", reason: "  " }, jinshuiCookie);
    expect(missing.status).toBe(400);
    expect((await errorsOf(missing)).errors.reason.message).toBe("errors.reasonRequired");
    expect((await db.select().from(needs).where(eq(needs.id, need.id)))[0].status).toBe("submitted");

    const response = await review(need.id, { decision: "reject", reason: "建议并入已立项的心理健康项目" }, jinshuiCookie);
    expect(response.status).toBe(302);
    const community = (await (await settle(() => communityHome.loader(args(getRequest("/community", staffCookie))))).json()) as {
      needs: { id: string; status: string; reviewReason: string }[];
    };
    expect(community.needs.find((n) => n.id === need.id)).toMatchObject({ status: "rejected", reviewReason: "建议并入已立项的心理健康项目" });
    const page = (await (await settle(() => publicNeed.loader(args(getRequest(`/needs/${need.id}`), { id: need.id })))).json()) as {
      need: { status: string; reviewReason: string };
    };
    expect(page.need).toMatchObject({ status: "rejected", reviewReason: "建议并入已立项的心理健康项目" });

    const again = await review(need.id, { decision: "accept" }, jinshuiCookie);
    expect(again.status).toBe(400);
    expect((await errorsOf(again)).errors.decision.message).toBe("needs.notReviewable");
  });

  it("answers 404 to an officer of 二七区 reviewing a 金水区 need, and changes nothing", async () => {
    const need = await fengleNeed();
    const response = await review(need.id, { decision: "accept" }, erqiCookie);
    expect(response.status).toBe(404);
    expect((await db.select().from(needs).where(eq(needs.id, need.id)))[0].status).toBe("submitted");
  });

  it("is closed to community staff and residents", async () => {
    expect((await settle(() => bureauNeeds.loader(args(getRequest("/bureau/needs", staffCookie))))).status).toBe(403);
    expect((await settle(() => bureauNeeds.loader(args(getRequest("/bureau/needs", residentCookie))))).status).toBe(403);
  });
});

describe("the public need page", () => {
  it("shows the need without its evidence, description or poster", async () => {
    const need = await fengleNeed([{ name: "王某某家访记录.pdf", bytes: PDF }]);
    const [file] = await db.select().from(attachments).where(eq(attachments.ownerId, need.id));
    const response = await settle(() => publicNeed.loader(args(getRequest(`/needs/${need.id}`), { id: need.id })));
    expect(response.status).toBe(200);
    const text = await response.text();
    const data = JSON.parse(text) as { need: Record<string, unknown> };
    expect(data.need).toMatchObject({ title: need.title, communityName: "丰乐社区", districtName: "金水区", category: "mental_health", status: "submitted", supportCount: 0, tender: null });
    expect(text).not.toContain(file.id);
    expect(text).not.toContain("王某某");
    expect(text).not.toContain(need.description);
    expect(data.need).not.toHaveProperty("evidence");
    expect(data.need).not.toHaveProperty("createdBy");
  });

  it("answers 404 for an unknown or malformed id", async () => {
    expect((await settle(() => publicNeed.loader(args(getRequest("/needs/x"), { id: "not-a-uuid" })))).status).toBe(404);
    const id = crypto.randomUUID();
    expect((await settle(() => publicNeed.loader(args(getRequest(`/needs/${id}`), { id })))).status).toBe(404);
  });
});

describe("downloads", () => {
  const download = (id: string, cookie?: string) => settle(() => attachmentDownload.loader(args(getRequest(`/attachments/${id}`, cookie), { id })));

  it("serve need evidence to the community's staff, the poster and the district's officers only", async () => {
    const need = await fengleNeed([{ name: "走访 记录.pdf", bytes: PDF }]);
    const [file] = await db.select().from(attachments).where(eq(attachments.ownerId, need.id));

    const staff = await download(file.id, staffCookie);
    expect(staff.status).toBe(200);
    expect(staff.headers.get("Content-Type")).toBe("application/pdf");
    expect(staff.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(staff.headers.get("Content-Disposition")).toBe(`attachment; filename="__ __.pdf"; filename*=UTF-8''%E8%B5%B0%E8%AE%BF%20%E8%AE%B0%E5%BD%95.pdf`);
    expect(staff.headers.get("Cache-Control")).toBe("private, no-store");
    expect(Buffer.compare(Buffer.from(await staff.arrayBuffer()), Buffer.from(PDF))).toBe(0);

    expect((await download(file.id, jinshuiCookie)).status).toBe(200);
    expect((await download(file.id)).status).toBe(404);
    expect((await download(file.id, residentCookie)).status).toBe(404);
    expect((await download(file.id, erqiCookie)).status).toBe(404);
    expect((await download(crypto.randomUUID(), staffCookie)).status).toBe(404);
    expect((await download("../../etc/passwd", staffCookie)).status).toBe(404);
  });

  it("serve a resident the evidence of the need they posted, under the extension of its content", async () => {
    const fields = needForm();
    await settle(() => residentPostNeed.action(args(multipartRequest("/resident/needs/new", fields, [{ name: "坏掉的路灯.pdf", bytes: PNG }], residentCookie))));
    const need = await needTitled(fields.title);
    const [file] = await db.select().from(attachments).where(eq(attachments.ownerId, need.id));
    const response = await download(file.id, residentCookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/png");
    expect(response.headers.get("Content-Disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("坏掉的路灯.png")}`);
  });

  it("serve tender documents to everyone once the tender is published, a draft's only to its bureau", async () => {
    // A district and bureau of this test's own: nothing another test reads changes.
    const code = String(crypto.randomInt(900_000, 999_999));
    const [district] = await db
      .insert(regions)
      .values({ level: "district", code, nameZh: unique("测试区"), nameEn: unique("Test District "), parentId: await regionId("郑州市") })
      .returning({ id: regions.id });
    const [bureau] = await db.insert(bureaus).values({ districtId: district.id, nameZh: unique("测试区民政局"), nameEn: unique("Test Bureau ") }).returning({ id: bureaus.id });
    const [officer] = await db.insert(users).values({ username: unique("bureau.test."), displayName: "测试科员", passwordHash: "x" }).returning({ id: users.id });
    await db.insert(memberships).values({ userId: officer.id, role: "bureau", bureauId: bureau.id });
    const [line] = await db
      .insert(budgetLines)
      .values({ bureauId: bureau.id, fiscalYear: 2026, fundSource: "general_budget", name: unique("测试指标"), amount: 0 })
      .returning({ id: budgetLines.id });
    const [tender] = await db
      .insert(tenders)
      .values({
        bureauId: bureau.id,
        budgetLineId: line.id,
        title: unique("测试采购"),
        description: "d",
        category: "elderly_care",
        method: "open_tender",
        ceilingPrice: 0,
        servicePeriodMonths: 12,
        eligibility: "e",
        pricePoints: 10,
        contactName: "c",
        contactPhone: "0371-12345678",
        enquiryDeadline: new Date(Date.now() + 10 * 86_400_000),
        bidDeadline: new Date(Date.now() + 30 * 86_400_000),
        createdBy: officer.id,
      })
      .returning({ id: tenders.id });
    const [doc] = await db.transaction((tx) => saveAttachments(tx, { ownerType: "tender", ownerId: tender.id, files: [{ filename: "采购文件.pdf", bytes: PDF }], uploadedBy: officer.id }));

    expect((await download(doc.id)).status).toBe(404);
    expect((await download(doc.id, jinshuiCookie)).status).toBe(404);
    expect((await download(doc.id, await cookieFor(officer.id))).status).toBe(200);

    await db.update(tenders).set({ status: "published", publishedAt: new Date() }).where(eq(tenders.id, tender.id));
    const response = await download(doc.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=3600");
  });
});
