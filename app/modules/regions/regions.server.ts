import { and, asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "#db/client";
import { bureaus, organizations, regions } from "#db/schema";
import { connectionOf } from "~/utils/prepared.server";

/**
 * Districts with their bureau and the counts the home page shows. The counts come from one
 * grouped pass over communities and over verified organizations' districts: counted per
 * district in a correlated subquery, PostgreSQL scanned every organization once per district,
 * which grew with districts × organizations (15 s at ten cities).
 */
export async function listDistricts(db: Queryable) {
  const communityCounts = sql`(select s.parent_id as cc_district, count(*)::int as cc_n from regions s join regions c on c.parent_id = s.id
    where c.level = 'community' group by s.parent_id) community_counts`;
  const organizationCounts = sql`(select od.district_id as oc_district, count(*)::int as oc_n from organization_districts od
    join organizations o on o.id = od.organization_id where o.verification_status = 'verified' group by od.district_id) organization_counts`;
  return db
    .select({
      id: regions.id,
      code: regions.code,
      nameZh: regions.nameZh,
      nameEn: regions.nameEn,
      bureauId: bureaus.id,
      bureauNameZh: bureaus.nameZh,
      bureauNameEn: bureaus.nameEn,
      communities: sql<number>`coalesce(cc_n, 0)`,
      organizations: sql<number>`coalesce(oc_n, 0)`,
    })
    .from(regions)
    .leftJoin(bureaus, eq(bureaus.districtId, regions.id))
    .leftJoin(communityCounts, sql`cc_district = ${regions.id}`)
    .leftJoin(organizationCounts, sql`oc_district = ${regions.id}`)
    .where(eq(regions.level, "district"))
    .orderBy(asc(regions.code));
}

const readDistrictNames = (db: Queryable) =>
  db.select({ id: regions.id, code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn }).from(regions).where(eq(regions.level, "district")).orderBy(asc(regions.code));
type DistrictName = Awaited<ReturnType<typeof readDistrictNames>>[number];

const districtNamesByConnection = new WeakMap<object, { version: number; names: Promise<DistrictName[]> }>();

/**
 * Districts' names for a filter's choices: no counts, so it costs the same at any data size.
 * Given the public data version the caller has read (a write to regions moves it), they are read
 * once per version and database instead of on every page.
 */
export function listDistrictNames(db: Queryable, version?: number): Promise<DistrictName[]> {
  const connection = connectionOf(db);
  if (version === undefined || !connection) return readDistrictNames(db);
  const known = districtNamesByConnection.get(connection);
  if (known?.version === version) return known.names;
  const names = readDistrictNames(db);
  districtNamesByConnection.set(connection, { version, names });
  names.catch(() => {
    if (districtNamesByConnection.get(connection)?.names === names) districtNamesByConnection.delete(connection);
  });
  return names;
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
