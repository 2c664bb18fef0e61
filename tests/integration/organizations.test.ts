import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditLog, organizations, staff, users } from "#db/schema";
import { attemptLogin } from "~/modules/auth/auth.server";
import { createSession, userForSessionToken } from "~/modules/auth/session.server";
import { reviewSchema, type RegistrationInput } from "~/modules/orgs/orgs-schema";
import {
  addMember,
  addStaff,
  getOwnOrganization,
  getPublicProfile,
  listMembers,
  listOrganizationsForReview,
  listVerifiedOrganizations,
  registerOrganization,
  removeMember,
  removeStaff,
  reviewOrganization,
  setCreditStatus,
} from "~/modules/orgs/orgs.server";
import { makeUscc } from "~/modules/orgs/uscc";
import { mayBid } from "~/modules/orgs/verification";
import * as agencyHome from "~/routes/agency._index";
import * as agencyMembers from "~/routes/agency.members";
import * as bureauOrganizations from "~/routes/bureau.organizations";
import * as organizationProfile from "~/routes/organizations.$id";
import * as register from "~/routes/register";
import {
  context,
  cookieFor,
  countRows,
  getRequest,
  isPostgres,
  postRequest,
  randomIp,
  randomUscc,
  regionId,
  sessionCookieOf,
  sessionUser,
  settle,
  unique,
  useDemoData,
} from "../helpers/demo";

useDemoData();

const PASSWORD = "owner-secret-1";
const args = (request: Request, params: Record<string, string> = {}) => ({ request, context, params });

async function registrationForm(overrides: Record<string, string | string[]> = {}) {
  return {
    kind: "agency",
    name: `郑州市金水区测试社会工作服务中心${unique("")}`,
    uscc: randomUscc("private_non_enterprise"),
    registrationType: "private_non_enterprise",
    serviceCategories: ["elderly_care", "disability"],
    districtIds: [await regionId("金水区")],
    contactName: "测试联系人",
    contactPhone: "13800138000",
    username: unique("owner."),
    displayName: "测试负责人",
    password: PASSWORD,
    ...overrides,
  };
}

async function postRegistration(fields: Record<string, string | string[]>) {
  return settle(() => register.action(args(postRequest("/register", fields))));
}

async function errorsOf(response: Response) {
  return ((await response.json()) as { errors: Record<string, { message: string }> }).errors;
}

/** A pending organization and its owner, registered as a visitor would, serving the given districts. */
async function registerFresh(districtNames: string[] = ["金水区"]) {
  const input: RegistrationInput = {
    kind: "agency",
    name: `测试社会工作服务中心${unique("")}`,
    uscc: randomUscc(),
    registrationType: "private_non_enterprise",
    serviceCategories: ["elderly_care"],
    districtIds: await Promise.all(districtNames.map(regionId)),
    contactName: "测试联系人",
    contactPhone: "0371-12345678",
    username: unique("owner."),
    displayName: "测试负责人",
    password: PASSWORD,
  };
  const { organization, owner } = await registerOrganization(db, input);
  return { organization, owner: await sessionUser({ id: owner.id }) };
}

async function nothingWritten(form: Record<string, string | string[]>) {
  expect(await db.select().from(organizations).where(eq(organizations.name, String(form.name)))).toEqual([]);
  expect(await db.select().from(users).where(eq(users.username, String(form.username)))).toEqual([]);
}

describe("registering an organization", () => {
  it("creates a pending organization and its owner, signs the owner in and records it in the audit log", async () => {
    const form = await registrationForm();
    const response = await postRegistration(form);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/agency");

    const page = await settle(() => agencyHome.loader(args(getRequest("/agency", sessionCookieOf(response)))));
    expect(page.status).toBe(200);
    const { organization } = (await page.json()) as { organization: Record<string, unknown> };
    expect(organization).toMatchObject({
      name: form.name,
      uscc: form.uscc,
      registrationType: "private_non_enterprise",
      verificationStatus: "pending",
      creditStatus: "normal",
      serviceCategories: ["elderly_care", "disability"],
      districts: ["金水区"],
      isOwner: true,
    });

    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "organization.register"), eq(auditLog.subjectId, String(organization.id))));
    expect(entries).toHaveLength(1);
    expect(entries[0].after).toMatchObject({ name: form.name, uscc: form.uscc });
  });

  it("accepts the code as people paste it: lower case, full-width, with spaces", async () => {
    const uscc = randomUscc();
    const fullWidth = uscc.toLowerCase().replace(/[0-9a-z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    const form = await registrationForm({ uscc: `  ${fullWidth} ` });
    const response = await postRegistration(form);
    expect(response.status).toBe(302);
    const [row] = await db.select().from(organizations).where(eq(organizations.name, String(form.name)));
    expect(row.uscc).toBe(uscc);
  });

  it("a wrong check character answers 400 on the USCC field with the expected character, and writes nothing", async () => {
    const valid = randomUscc();
    const expected = valid[17];
    const wrong = valid.slice(0, 17) + (expected === "0" ? "1" : "0");
    const form = await registrationForm({ uscc: wrong });
    const before = { organizations: await countRows("organizations"), users: await countRows("users") };

    const response = await postRegistration(form);
    expect(response.status).toBe(400);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    const errors = await errorsOf(response);
    expect(errors.uscc.message).toBe(`errors.uscc.checkCharacter|{"expected":"${expected}"}`);
    await nothingWritten(form);
    // Counting is exact only where no other test file writes at the same time.
    if (!isPostgres()) expect({ organizations: await countRows("organizations"), users: await countRows("users") }).toEqual(before);
  });

  it("a USCC already registered answers 400 on the USCC field, and creates no account", async () => {
    const taken = (await registerFresh()).organization.uscc;
    const form = await registrationForm({ uscc: taken });
    const response = await postRegistration(form);
    expect(response.status).toBe(400);
    expect((await errorsOf(response)).uscc.message).toBe("errors.uscc.taken");
    await nothingWritten(form);
  });

  it("a username already taken answers 400 on the username field, and creates no organization", async () => {
    const form = await registrationForm({ username: "Agency.Anyuan" });
    const before = await countRows("users");
    const response = await postRegistration(form);
    expect(response.status).toBe(400);
    expect((await errorsOf(response)).username.message).toBe("errors.usernameTaken");
    expect(await db.select().from(organizations).where(eq(organizations.uscc, String(form.uscc)))).toEqual([]);
    if (!isPostgres()) expect(await countRows("users")).toBe(before);
  });

  it("a civil-affairs code for a social group registered as a foundation answers 400 on the registration type", async () => {
    const socialGroup = randomUscc("social_group");
    expect(socialGroup.slice(0, 2)).toBe("51");
    const form = await registrationForm({ uscc: socialGroup, registrationType: "foundation" });
    const response = await postRegistration(form);
    expect(response.status).toBe(400);
    const errors = await errorsOf(response);
    expect(errors.registrationType.message).toBe('errors.uscc.typeMismatch|{"decoded":"regType.social_group"}');
    expect(errors.uscc).toBeUndefined();
    await nothingWritten(form);
  });

  it("a code of another registering authority may go with any registration type", async () => {
    const marketRegulation = makeUscc(`91410105${unique("").toUpperCase().replace(/[IOSVZ]/g, "1").slice(0, 9)}`);
    const form = await registrationForm({ uscc: marketRegulation, registrationType: "foundation" });
    const response = await postRegistration(form);
    expect(response.status).toBe(302);
  });

  it("a grade without the date it was awarded answers 400 on that date", async () => {
    const form = await registrationForm({ grade: "4A" });
    const response = await postRegistration(form);
    expect(response.status).toBe(400);
    expect((await errorsOf(response)).gradeAwardedOn.message).toBe("errors.gradeDateRequired");
    await nothingWritten(form);
  });

  it.runIf(Boolean(process.env.DATABASE_URL))("two applicants sending the same USCC at once: one is registered, the other gets the field message", async () => {
    const uscc = randomUscc();
    const forms = [await registrationForm({ uscc }), await registrationForm({ uscc })];
    const responses = await Promise.all(forms.map(postRegistration));
    expect(responses.map((r) => r.status).sort()).toEqual([302, 400]);
    const refused = responses.find((r) => r.status === 400)!;
    expect((await errorsOf(refused)).uscc.message).toBe("errors.uscc.taken");
    expect(await db.select().from(organizations).where(eq(organizations.uscc, uscc))).toHaveLength(1);
  });

  it.runIf(Boolean(process.env.DATABASE_URL))("two applicants choosing the same username at once: one is registered, the other gets the field message", async () => {
    const username = unique("same.");
    const forms = [await registrationForm({ username }), await registrationForm({ username })];
    const responses = await Promise.all(forms.map(postRegistration));
    expect(responses.map((r) => r.status).sort()).toEqual([302, 400]);
    const refused = responses.find((r) => r.status === 400)!;
    expect((await errorsOf(refused)).username.message).toBe("errors.usernameTaken");
    expect(await db.select().from(users).where(eq(users.username, username))).toHaveLength(1);
  });

  it("a place that is not a district answers 400 on the districts field, and writes nothing", async () => {
    const form = await registrationForm({ districtIds: [await regionId("丰乐社区")] });
    const response = await postRegistration(form);
    expect(response.status).toBe(400);
    expect((await errorsOf(response)).districtIds.message).toBe("errors.invalidChoice");
    await nothingWritten(form);
  });
});

describe("reviewing organizations", () => {
  it("a bureau sees and reviews only organizations serving its district", async () => {
    const { organization } = await registerFresh(["金水区"]);
    const erqi = await sessionUser({ username: "bureau.erqi" });
    const jinshui = await sessionUser({ username: "bureau.jinshui" });

    expect((await listOrganizationsForReview(db, erqi)).map((o) => o.id)).not.toContain(organization.id);
    await expect(reviewOrganization(db, erqi, organization.id, { decision: "verify" })).rejects.toMatchObject({ status: 404 });
    const [unchanged] = await db.select().from(organizations).where(eq(organizations.id, organization.id));
    expect(unchanged.verificationStatus).toBe("pending");

    const listed = await listOrganizationsForReview(db, jinshui, { status: "pending" });
    expect(listed.find((o) => o.id === organization.id)).toMatchObject({ verificationStatus: "pending", districts: ["金水区"] });
  });

  it("an organization serving two districts is reviewed by either bureau", async () => {
    const { organization } = await registerFresh(["金水区", "二七区"]);
    const erqi = await sessionUser({ username: "bureau.erqi" });
    const listed = await listOrganizationsForReview(db, erqi);
    expect(listed.find((o) => o.id === organization.id)?.districts).toEqual(["二七区", "金水区"]);
    await expect(reviewOrganization(db, erqi, organization.id, { decision: "verify" })).resolves.toMatchObject({ verificationStatus: "verified" });
  });

  it("once verified the profile is public, with staff counted by qualification and no certificate numbers", async () => {
    const { organization, owner } = await registerFresh(["金水区"]);
    const certificates = [`ZS2020${unique("")}`, `ZS2021${unique("")}`, `ZS2022${unique("")}`];
    await addStaff(db, owner, { name: "张社工", qualification: "social_worker", certificateNo: certificates[0] });
    await addStaff(db, owner, { name: "李社工", qualification: "social_worker", certificateNo: certificates[1] });
    await addStaff(db, owner, { name: "王助理", qualification: "assistant_social_worker", certificateNo: certificates[2] });
    await addStaff(db, owner, { name: "赵干事", qualification: "none" });

    // Pending: not public yet, neither in the list nor by its address.
    await expect(getPublicProfile(db, organization.id)).rejects.toMatchObject({ status: 404 });
    expect((await listVerifiedOrganizations(db)).map((o) => o.id)).not.toContain(organization.id);

    const jinshui = await sessionUser({ username: "bureau.jinshui" });
    const verified = await reviewOrganization(db, jinshui, organization.id, { decision: "verify" });
    expect(verified).toMatchObject({ verificationStatus: "verified", verifiedBy: jinshui.id });
    expect(verified.verifiedAt).toBeInstanceOf(Date);

    const profile = await getPublicProfile(db, organization.id);
    expect(profile).toMatchObject({ id: organization.id, name: organization.name, districts: ["金水区"], creditStatus: "normal" });
    expect(Object.fromEntries(profile.staffByQualification.map((s) => [s.qualification, Number(s.count)]))).toEqual({
      social_worker: 2,
      assistant_social_worker: 1,
      none: 1,
    });
    const everything = JSON.stringify(profile);
    for (const certificate of certificates) expect(everything).not.toContain(certificate);
    expect(everything).not.toContain("张社工");

    // The public page's loader answers the same, and so does the public list.
    const page = await settle(() => organizationProfile.loader(args(getRequest(`/organizations/${organization.id}`), { id: organization.id })));
    expect(page.status).toBe(200);
    const body = await page.text();
    for (const certificate of certificates) expect(body).not.toContain(certificate);
    const inList = (await listVerifiedOrganizations(db, { districtId: await regionId("金水区") })).find((o) => o.id === organization.id);
    expect(inList).toMatchObject({ districts: ["金水区"], staffCount: 4 });
    expect((await listVerifiedOrganizations(db, { districtId: await regionId("二七区") })).map((o) => o.id)).not.toContain(organization.id);
  });

  it("the public list counts each demo organization's staff and names its districts", async () => {
    const list = await listVerifiedOrganizations(db);
    expect(list.find((o) => o.name === "郑州市金水区安园社会工作服务中心")).toMatchObject({ staffCount: 7, districts: ["管城回族区", "金水区"], grade: "5A" });
  });

  it("an unknown or malformed organization address answers 404", async () => {
    for (const id of ["not-a-uuid", crypto.randomUUID()]) {
      const response = await settle(() => organizationProfile.loader(args(getRequest(`/organizations/${id}`), { id })));
      expect(response.status, id).toBe(404);
    }
  });

  it("rejecting needs a reason; the owner then sees the rejection and why", async () => {
    expect(reviewSchema.safeParse({ decision: "reject" }).success).toBe(false);
    expect(reviewSchema.safeParse({ decision: "reject", reason: "  " }).success).toBe(false);
    expect(reviewSchema.safeParse({ decision: "verify" }).success).toBe(true);

    const { organization, owner } = await registerFresh(["金水区"]);
    const cookie = await cookieFor((await sessionUser({ username: "bureau.jinshui" })).id);
    const noReason = await settle(() =>
      bureauOrganizations.action(args(postRequest("/bureau/organizations", { subjectId: organization.id, decision: "reject" }, cookie))),
    );
    expect(noReason.status).toBe(400);
    expect((await errorsOf(noReason)).reason.message).toBe("errors.reasonRequired");
    expect((await getOwnOrganization(db, owner)).verificationStatus).toBe("pending");

    const reason = "登记证书扫描件不清晰，请重新上传。";
    const done = await settle(() =>
      bureauOrganizations.action(args(postRequest("/bureau/organizations?status=pending", { subjectId: organization.id, decision: "reject", reason }, cookie))),
    );
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/bureau/organizations?status=pending");
    expect(await getOwnOrganization(db, owner)).toMatchObject({ verificationStatus: "rejected", verificationReason: reason });

    // A rejection is final until the organization appeals: rejecting again is refused on the form.
    const again = await settle(() =>
      bureauOrganizations.action(args(postRequest("/bureau/organizations", { subjectId: organization.id, decision: "reject", reason }, cookie))),
    );
    expect(again.status).toBe(400);
  });
});

describe("credit lists", () => {
  it("only an admin may put an organization on the abnormal list, and it must say why", async () => {
    const { organization } = await registerFresh(["金水区"]);
    const admin = await sessionUser({ username: "admin" });
    await reviewOrganization(db, admin, organization.id, { decision: "verify" });

    const bureau = await sessionUser({ username: "bureau.jinshui" });
    await expect(setCreditStatus(db, bureau, organization.id, { creditStatus: "abnormal", reason: "测试" })).rejects.toMatchObject({ status: 403 });
    expect((await getPublicProfile(db, organization.id)).creditStatus).toBe("normal");

    const reason = "未按规定报送年度工作报告（民政部令第60号第四条）";
    const updated = await setCreditStatus(db, admin, organization.id, { creditStatus: "abnormal", reason });
    expect(updated).toMatchObject({ creditStatus: "abnormal", creditReason: reason });
    expect(mayBid(updated)).toBe(false);
    expect(await getPublicProfile(db, organization.id)).toMatchObject({ creditStatus: "abnormal", creditReason: reason });
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "organization.credit"), eq(auditLog.subjectId, organization.id)));
    expect(entry).toMatchObject({ actorId: admin.id, before: { creditStatus: "normal" }, after: { creditStatus: "abnormal", reason } });
  });
});

describe("members and staff", () => {
  it("an owner adds a member, who can sign in as the organization but cannot add members", async () => {
    const { organization, owner } = await registerFresh();
    const username = unique("member.");
    const member = await addMember(db, owner, { username, displayName: "新成员", password: "member-secret-1" });
    expect(await attemptLogin(db, { username, password: "member-secret-1", ip: randomIp() })).toEqual({ ok: true, userId: member.id });

    const asMember = await sessionUser({ id: member.id });
    expect(asMember.grants).toEqual([{ role: "agency", organizationId: organization.id, organizationName: organization.name, memberRole: "member" }]);
    expect((await getOwnOrganization(db, asMember)).isOwner).toBe(false);
    await expect(addMember(db, asMember, { username: unique("x."), displayName: "x", password: "member-secret-2" })).rejects.toMatchObject({
      name: "UserError",
      messageKey: "agency.ownerOnly",
      options: { status: 403 },
    });

    // Through the page, the same refusal is a 403.
    const cookie = await cookieFor(member.id);
    const attempt = unique("y.");
    const response = await settle(() =>
      agencyMembers.action(args(postRequest("/agency/members", { username: attempt, displayName: "y", password: "member-secret-3" }, cookie))),
    );
    expect(response.status).toBe(403);
    expect(await db.select().from(users).where(eq(users.username, attempt))).toEqual([]);
  });

  it("removing a member ends their sessions and their access to the organization", async () => {
    const { owner } = await registerFresh();
    const member = await addMember(db, owner, { username: unique("member."), displayName: "离职成员", password: "member-secret-1" });
    const session = await createSession(db, { userId: member.id, ip: "127.0.0.1", userAgent: null });
    const other = await createSession(db, { userId: owner.id, ip: "127.0.0.1", userAgent: null });

    const membership = (await listMembers(db, owner)).find((m) => m.userId === member.id);
    expect(membership).toMatchObject({ memberRole: "member" });
    await removeMember(db, owner, membership!.id);

    expect(await userForSessionToken(db, session.token)).toBeNull();
    expect(await userForSessionToken(db, other.token)).not.toBeNull();
    expect((await sessionUser({ id: member.id })).grants).toEqual([]);
    expect((await listMembers(db, owner)).map((m) => m.userId)).toEqual([owner.id]);
  });

  it("an owner cannot remove the owner, nor a member of another organization", async () => {
    const a = await registerFresh();
    const b = await registerFresh();
    const ownerRow = (await listMembers(db, a.owner)).find((m) => m.userId === a.owner.id)!;
    await expect(removeMember(db, a.owner, ownerRow.id)).rejects.toMatchObject({ name: "UserError", messageKey: "errors.lastOwner" });
    const bOwnerRow = (await listMembers(db, b.owner)).find((m) => m.userId === b.owner.id)!;
    await expect(removeMember(db, a.owner, bOwnerRow.id)).rejects.toMatchObject({ status: 404 });
    expect(await listMembers(db, b.owner)).toHaveLength(1);
  });

  it("staff are added to and removed from the owner's own organization only", async () => {
    const a = await registerFresh();
    const b = await registerFresh();
    const mine = await addStaff(db, a.owner, { name: "社工甲", qualification: "social_worker", certificateNo: "ZS2019410100999" });
    const theirs = await addStaff(db, b.owner, { name: "社工乙", qualification: "assistant_social_worker" });
    expect(mine.organizationId).toBe(a.organization.id);

    await expect(removeStaff(db, a.owner, theirs.id)).rejects.toMatchObject({ status: 404 });
    expect(await db.select().from(staff).where(eq(staff.id, theirs.id))).toHaveLength(1);
    await expect(removeStaff(db, a.owner, "not-a-uuid")).rejects.toMatchObject({ status: 404 });

    await removeStaff(db, a.owner, mine.id);
    expect(await db.select().from(staff).where(eq(staff.id, mine.id))).toEqual([]);

    // The audit entry says a certificate was given, never its number.
    const entries = await db.select().from(auditLog).where(and(eq(auditLog.action, "organization.staff.add"), eq(auditLog.subjectId, a.organization.id)));
    expect(JSON.stringify(entries)).not.toContain("ZS2019410100999");
    expect(entries[0].after).toMatchObject({ hasCertificate: true });
  });
});
