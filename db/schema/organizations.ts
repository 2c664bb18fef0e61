import { sql } from "drizzle-orm";
import { date, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { creditStatus, memberRole, organizationKind, qualificationLevel, registrationType, verificationStatus } from "./enums";
import { users } from "./identity";
import { regions } from "./places";

export const organizations = pgTable(
  "organizations",
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: organizationKind().notNull().default("agency"),
    name: text().notNull(),
    uscc: text().notNull().unique(),
    registrationType: registrationType().notNull(),
    serviceCategories: text().array().notNull().default(sql`'{}'::text[]`),
    contactName: text().notNull(),
    contactPhone: text().notNull(),
    contactEmail: text(),
    address: text(),
    grade: text(),
    gradeAwardedOn: date({ mode: "string" }),
    verificationStatus: verificationStatus().notNull().default("pending"),
    verificationReason: text(),
    verifiedAt: timestamp({ withTimezone: true }),
    verifiedBy: uuid().references(() => users.id),
    creditStatus: creditStatus().notNull().default("normal"),
    creditReason: text(),
    creditChangedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("organizations_status_idx").on(t.verificationStatus), index("organizations_name_idx").on(t.name)],
);

export const organizationDistricts = pgTable(
  "organization_districts",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    districtId: uuid()
      .notNull()
      .references(() => regions.id),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.districtId] }), index("organization_districts_district_idx").on(t.districtId)],
);

export const organizationMembers = pgTable(
  "organization_members",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    memberRole: memberRole().notNull().default("member"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("organization_members_unique_idx").on(t.organizationId, t.userId), index("organization_members_user_idx").on(t.userId)],
);

/** Social workers of an organization. Staff are not users; certificate numbers are never public. */
export const staff = pgTable(
  "staff",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    qualification: qualificationLevel().notNull(),
    certificateNo: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("staff_organization_idx").on(t.organizationId)],
);
