import { and, asc, desc, eq, exists, inArray, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { organizationDistricts, organizationMembers, organizations, regions, staff, users } from "#db/schema";
import { appendAudit } from "~/modules/audit/audit.server";
import { grantsFor, hasRole, isOrganizationOwner, type SessionUser } from "~/modules/auth/permissions";
import { deleteUserSessions } from "~/modules/auth/session.server";
import { insertUser } from "~/modules/users/users.server";
import { USERNAME_TAKEN, withUniqueMessages } from "~/utils/db-errors.server";
import { UserError } from "~/utils/errors";
import { isUuid } from "~/utils/form-fields";
import { jsonValue } from "~/utils/json-list.server";
import { preparedQuery } from "~/utils/prepared.server";
import type { CreditInput, MemberInput, RegistrationInput, ReviewInput, StaffInput } from "./orgs-schema";
import { nextVerificationStatus } from "./verification";

// Correlated subqueries name the outer row explicitly: drizzle leaves columns of a
// single-table select unqualified, and an inner table with the same column name would capture them.
const outerOrganizations = sql.raw('"organizations"."id"');

function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}
function forbidden(): never {
  throw new Response("Forbidden", { status: 403 });
}

/**
 * A visitor registers an organization and its first (owner) account in one transaction:
 * nothing is half-created when the USCC or the username is taken.
 */
export async function registerOrganization(db: Queryable, input: RegistrationInput) {
  return withUniqueMessages(() => registerInTransaction(db, input), {
    ...USERNAME_TAKEN,
    organizations_uscc_unique: new UserError("errors.uscc.taken", { field: "uscc" }),
  });
}

async function registerInTransaction(db: Queryable, input: RegistrationInput) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.uscc, input.uscc)).limit(1);
    if (existing) throw new UserError("errors.uscc.taken", { field: "uscc" });
    const districts = await tx
      .select({ id: regions.id })
      .from(regions)
      .where(and(inArray(regions.id, input.districtIds), eq(regions.level, "district")));
    if (districts.length !== new Set(input.districtIds).size) throw new UserError("errors.invalidChoice", { field: "districtIds" });

    const owner = await insertUser(tx, { username: input.username, displayName: input.displayName, password: input.password });
    const [org] = await tx
      .insert(organizations)
      .values({
        kind: input.kind,
        name: input.name,
        uscc: input.uscc,
        registrationType: input.registrationType,
        serviceCategories: input.serviceCategories,
        contactName: input.contactName,
        contactPhone: input.contactPhone,
        contactEmail: input.contactEmail ?? null,
        address: input.address ?? null,
        grade: input.grade ?? null,
        gradeAwardedOn: input.grade ? (input.gradeAwardedOn ?? null) : null,
      })
      .returning();
    await tx.insert(organizationDistricts).values(districts.map((d) => ({ organizationId: org.id, districtId: d.id })));
    await tx.insert(organizationMembers).values({ organizationId: org.id, userId: owner.id, memberRole: "owner" });
    await appendAudit(tx, {
      actorId: owner.id,
      action: "organization.register",
      subjectType: "organization",
      subjectId: org.id,
      after: { name: org.name, uscc: org.uscc, kind: org.kind, registrationType: org.registrationType, districtIds: input.districtIds },
    });
    return { organization: org, owner };
  });
}

const districtNames = sql<string[]>`coalesce((select array_agg(r.name_zh order by r.code) from ${organizationDistricts} od join ${regions} r on r.id = od.district_id where od.organization_id = ${outerOrganizations}), '{}')`;

export async function listVerifiedOrganizations(db: Queryable, filter: { districtId?: string; category?: string } = {}) {
  const conditions: SQL[] = [eq(organizations.verificationStatus, "verified")];
  if (filter.districtId && isUuid(filter.districtId)) {
    conditions.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(organizationDistricts)
          .where(and(sql`${organizationDistricts.organizationId} = ${outerOrganizations}`, eq(organizationDistricts.districtId, filter.districtId))),
      ),
    );
  }
  if (filter.category) conditions.push(sql`${filter.category} = any(${organizations.serviceCategories})`);
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      kind: organizations.kind,
      registrationType: organizations.registrationType,
      grade: organizations.grade,
      gradeAwardedOn: organizations.gradeAwardedOn,
      serviceCategories: organizations.serviceCategories,
      creditStatus: organizations.creditStatus,
      districts: districtNames,
      staffCount: sql<number>`(select count(*)::int from ${staff} s where s.organization_id = ${outerOrganizations})`,
    })
    .from(organizations)
    .where(and(...conditions))
    .orderBy(asc(organizations.name));
}

/** The public profile: only verified organizations, and never staff personal data. */
const publicProfileQuery = preparedQuery((db) =>
  db
    .select({
      id: organizations.id,
      name: organizations.name,
      kind: organizations.kind,
      uscc: organizations.uscc,
      registrationType: organizations.registrationType,
      grade: organizations.grade,
      gradeAwardedOn: organizations.gradeAwardedOn,
      serviceCategories: organizations.serviceCategories,
      creditStatus: organizations.creditStatus,
      creditReason: organizations.creditReason,
      verifiedAt: organizations.verifiedAt,
      districts: districtNames,
      // Counts by qualification only: never a staff member's personal data.
      staffByQualification: jsonValue<{ qualification: (typeof staff.$inferSelect)["qualification"]; count: number }[]>(
        sql`select coalesce(json_agg(json_build_object('qualification', s.qualification, 'count', s.n)), '[]'::json)
          from (select qualification, count(*)::int as n from ${staff} where organization_id = ${outerOrganizations} group by qualification) s`,
      ),
    })
    .from(organizations)
    .where(and(eq(organizations.id, sql.placeholder("id")), eq(organizations.verificationStatus, "verified")))
    .limit(1)
    .prepare("public_profile"),
);

export async function getPublicProfile(db: Queryable, id: string) {
  if (!isUuid(id)) notFound();
  const [org] = await publicProfileQuery(db, { id });
  if (!org) notFound();
  return org;
}

/** Admins review every organization; a bureau officer only those serving the bureau's district. */
function reviewScope(db: Queryable, reviewer: SessionUser): SQL | undefined {
  if (hasRole(reviewer, "admin")) return undefined;
  const districtIds = grantsFor(reviewer, "bureau")
    .map((g) => g.districtId)
    .filter((d): d is string => Boolean(d));
  if (districtIds.length === 0) return sql`false`;
  return exists(
    db
      .select({ one: sql`1` })
      .from(organizationDistricts)
      .where(and(sql`${organizationDistricts.organizationId} = ${outerOrganizations}`, inArray(organizationDistricts.districtId, districtIds))),
  );
}

export async function listOrganizationsForReview(db: Queryable, reviewer: SessionUser, filter: { status?: "pending" | "verified" | "rejected" } = {}) {
  const conditions = [reviewScope(db, reviewer), filter.status ? eq(organizations.verificationStatus, filter.status) : undefined].filter(
    (c): c is SQL => Boolean(c),
  );
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      kind: organizations.kind,
      uscc: organizations.uscc,
      registrationType: organizations.registrationType,
      serviceCategories: organizations.serviceCategories,
      contactName: organizations.contactName,
      contactPhone: organizations.contactPhone,
      grade: organizations.grade,
      gradeAwardedOn: organizations.gradeAwardedOn,
      verificationStatus: organizations.verificationStatus,
      verificationReason: organizations.verificationReason,
      creditStatus: organizations.creditStatus,
      creditReason: organizations.creditReason,
      createdAt: organizations.createdAt,
      districts: districtNames,
    })
    .from(organizations)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(sql`case ${organizations.verificationStatus} when 'pending' then 0 else 1 end`, desc(organizations.createdAt));
}

export async function reviewOrganization(db: Queryable, reviewer: SessionUser, organizationId: string, input: ReviewInput) {
  if (!isUuid(organizationId)) notFound();
  return db.transaction(async (tx) => {
    const scope = reviewScope(tx, reviewer);
    const [org] = await tx
      .select()
      .from(organizations)
      .where(and(eq(organizations.id, organizationId), scope ?? sql`true`))
      .for("update")
      .limit(1);
    if (!org) notFound();
    const next = nextVerificationStatus(org.verificationStatus, input.decision);
    if (!next) throw new UserError("error.403.body", { field: "decision" });
    const [updated] = await tx
      .update(organizations)
      .set({
        verificationStatus: next,
        verificationReason: input.reason ?? null,
        verifiedAt: next === "verified" ? new Date() : null,
        verifiedBy: reviewer.id,
      })
      .where(eq(organizations.id, organizationId))
      .returning();
    await appendAudit(tx, {
      actorId: reviewer.id,
      action: `organization.${input.decision}`,
      subjectType: "organization",
      subjectId: org.id,
      before: { verificationStatus: org.verificationStatus },
      after: { verificationStatus: next, reason: input.reason ?? null },
    });
    return updated;
  });
}

export async function setCreditStatus(db: Queryable, actor: SessionUser, organizationId: string, input: CreditInput) {
  if (!isUuid(organizationId)) notFound();
  if (!hasRole(actor, "admin")) forbidden();
  return db.transaction(async (tx) => {
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, organizationId)).for("update").limit(1);
    if (!org) notFound();
    const [updated] = await tx
      .update(organizations)
      .set({ creditStatus: input.creditStatus, creditReason: input.reason, creditChangedAt: new Date() })
      .where(eq(organizations.id, organizationId))
      .returning();
    await appendAudit(tx, {
      actorId: actor.id,
      action: "organization.credit",
      subjectType: "organization",
      subjectId: org.id,
      before: { creditStatus: org.creditStatus },
      after: { creditStatus: input.creditStatus, reason: input.reason },
    });
    return updated;
  });
}

/** The organization the user acts for (agency or evaluator); 403 for anyone else. */
export function actingOrganizationId(user: SessionUser): string {
  const grant = user.grants.find((g) => g.organizationId);
  if (!grant?.organizationId) forbidden();
  return grant.organizationId;
}

export async function getOwnOrganization(db: Queryable, user: SessionUser) {
  const organizationId = actingOrganizationId(user);
  const [org] = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      kind: organizations.kind,
      uscc: organizations.uscc,
      registrationType: organizations.registrationType,
      verificationStatus: organizations.verificationStatus,
      verificationReason: organizations.verificationReason,
      creditStatus: organizations.creditStatus,
      creditReason: organizations.creditReason,
      grade: organizations.grade,
      gradeAwardedOn: organizations.gradeAwardedOn,
      serviceCategories: organizations.serviceCategories,
      districts: districtNames,
    })
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .limit(1);
  if (!org) notFound();
  return { ...org, isOwner: isOrganizationOwner(user, organizationId) };
}

function requireOwner(user: SessionUser) {
  const organizationId = actingOrganizationId(user);
  if (!isOrganizationOwner(user, organizationId)) throw new UserError("agency.ownerOnly", { status: 403 });
  return organizationId;
}

export async function listMembers(db: Queryable, user: SessionUser) {
  const organizationId = actingOrganizationId(user);
  return db
    .select({ id: organizationMembers.id, userId: users.id, username: users.username, displayName: users.displayName, memberRole: organizationMembers.memberRole })
    .from(organizationMembers)
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    .where(eq(organizationMembers.organizationId, organizationId))
    .orderBy(asc(organizationMembers.memberRole), asc(users.username));
}

/** "Inviting" creates the member's account; the owner hands over the initial password. */
export async function addMember(db: Queryable, user: SessionUser, input: MemberInput) {
  const organizationId = requireOwner(user);
  return withUniqueMessages(() => db.transaction(async (tx) => {
    const member = await insertUser(tx, input);
    await tx.insert(organizationMembers).values({ organizationId, userId: member.id, memberRole: "member" });
    await appendAudit(tx, {
      actorId: user.id,
      action: "organization.member.add",
      subjectType: "organization",
      subjectId: organizationId,
      after: { userId: member.id, username: member.username },
    });
    return member;
  }), USERNAME_TAKEN);
}

export async function removeMember(db: Queryable, user: SessionUser, membershipId: string) {
  const organizationId = requireOwner(user);
  if (!isUuid(membershipId)) notFound();
  return db.transaction(async (tx) => {
    const [member] = await tx
      .select()
      .from(organizationMembers)
      .where(and(eq(organizationMembers.id, membershipId), eq(organizationMembers.organizationId, organizationId)))
      .for("update")
      .limit(1);
    if (!member) notFound();
    if (member.memberRole === "owner") throw new UserError("errors.lastOwner");
    await tx.delete(organizationMembers).where(eq(organizationMembers.id, membershipId));
    // The removed member may still be signed in as the organization: end those sessions.
    await deleteUserSessions(tx, member.userId);
    await appendAudit(tx, {
      actorId: user.id,
      action: "organization.member.remove",
      subjectType: "organization",
      subjectId: organizationId,
      before: { userId: member.userId },
    });
  });
}

export async function listStaff(db: Queryable, user: SessionUser) {
  const organizationId = actingOrganizationId(user);
  return db.select().from(staff).where(eq(staff.organizationId, organizationId)).orderBy(asc(staff.createdAt));
}

export async function addStaff(db: Queryable, user: SessionUser, input: StaffInput) {
  const organizationId = requireOwner(user);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(staff)
      .values({ organizationId, name: input.name, qualification: input.qualification, certificateNo: input.certificateNo ?? null })
      .returning();
    // Certificate numbers are personal data: the audit entry records only that one was given.
    await appendAudit(tx, {
      actorId: user.id,
      action: "organization.staff.add",
      subjectType: "organization",
      subjectId: organizationId,
      after: { staffId: row.id, qualification: row.qualification, hasCertificate: Boolean(row.certificateNo) },
    });
    return row;
  });
}

export async function removeStaff(db: Queryable, user: SessionUser, staffId: string) {
  const organizationId = requireOwner(user);
  if (!isUuid(staffId)) notFound();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(staff)
      .where(and(eq(staff.id, staffId), eq(staff.organizationId, organizationId)))
      .returning();
    if (!row) notFound();
    await appendAudit(tx, {
      actorId: user.id,
      action: "organization.staff.remove",
      subjectType: "organization",
      subjectId: organizationId,
      before: { staffId: row.id, qualification: row.qualification },
    });
  });
}
