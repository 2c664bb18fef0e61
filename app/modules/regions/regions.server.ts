import { and, asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "#db/client";
import { bureaus, organizationDistricts, organizations, regions } from "#db/schema";

// Correlated subqueries name the outer row explicitly: drizzle leaves columns of a
// single-table select unqualified, and an inner table with the same column name would capture them.
const outerRegions = sql.raw('"regions"."id"');

/** Districts with their bureau and the counts the home page shows. */
export async function listDistricts(db: Queryable) {
  return db
    .select({
      id: regions.id,
      code: regions.code,
      nameZh: regions.nameZh,
      nameEn: regions.nameEn,
      bureauId: bureaus.id,
      bureauNameZh: bureaus.nameZh,
      bureauNameEn: bureaus.nameEn,
      communities: sql<number>`(select count(*)::int from regions s join regions c on c.parent_id = s.id where s.parent_id = ${outerRegions} and c.level = 'community')`,
      organizations: sql<number>`(select count(*)::int from ${organizationDistricts} od join ${organizations} o on o.id = od.organization_id where od.district_id = ${outerRegions} and o.verification_status = 'verified')`,
    })
    .from(regions)
    .leftJoin(bureaus, eq(bureaus.districtId, regions.id))
    .where(eq(regions.level, "district"))
    .orderBy(asc(regions.code));
}

export async function listCommunities(db: Queryable) {
  const street = alias(regions, "street");
  const district = alias(regions, "district");
  return db
    .select({ id: regions.id, nameZh: regions.nameZh, nameEn: regions.nameEn, streetZh: street.nameZh, districtZh: district.nameZh, districtId: district.id })
    .from(regions)
    .innerJoin(street, eq(street.id, regions.parentId))
    .innerJoin(district, eq(district.id, street.parentId))
    .where(eq(regions.level, "community"))
    .orderBy(asc(district.code), asc(regions.code));
}

export async function listBureaus(db: Queryable) {
  return db.select({ id: bureaus.id, nameZh: bureaus.nameZh, nameEn: bureaus.nameEn, districtId: bureaus.districtId }).from(bureaus).orderBy(asc(bureaus.nameZh));
}

export async function portalCounts(db: Queryable) {
  const [row] = await db
    .select({
      districts: sql<number>`count(*) filter (where ${regions.level} = 'district')::int`,
      communities: sql<number>`count(*) filter (where ${regions.level} = 'community')::int`,
    })
    .from(regions);
  const [orgs] = await db
    .select({
      verified: sql<number>`count(*) filter (where ${organizations.verificationStatus} = 'verified')::int`,
      pending: sql<number>`count(*) filter (where ${organizations.verificationStatus} = 'pending')::int`,
    })
    .from(organizations);
  return { districts: row?.districts ?? 0, communities: row?.communities ?? 0, verifiedOrganizations: orgs?.verified ?? 0, pendingOrganizations: orgs?.pending ?? 0 };
}

export async function getCommunity(db: Queryable, communityId: string) {
  const [row] = await db
    .select({ id: regions.id, nameZh: regions.nameZh, nameEn: regions.nameEn })
    .from(regions)
    .where(and(eq(regions.id, communityId), eq(regions.level, "community")))
    .limit(1);
  return row ?? null;
}
