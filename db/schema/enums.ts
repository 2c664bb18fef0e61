import { pgEnum } from "drizzle-orm/pg-core";

export const regionLevel = pgEnum("region_level", ["city", "district", "street", "community", "grid"]);

export const userStatus = pgEnum("user_status", ["active", "disabled"]);

/** Roles held through `memberships`; agency and evaluator roles come from `organization_members`. */
export const membershipRole = pgEnum("membership_role", ["admin", "bureau", "community", "resident", "expert"]);

export const organizationKind = pgEnum("organization_kind", ["agency", "evaluator"]);

export const registrationType = pgEnum("registration_type", [
  "social_group",
  "private_non_enterprise",
  "foundation",
  "other",
]);

export const verificationStatus = pgEnum("verification_status", ["pending", "verified", "rejected"]);

export const creditStatus = pgEnum("credit_status", ["normal", "abnormal", "serious_dishonesty"]);

export const memberRole = pgEnum("member_role", ["owner", "member"]);

export const qualificationLevel = pgEnum("qualification_level", [
  "assistant_social_worker",
  "social_worker",
  "senior_social_worker",
  "none",
]);

export const calendarDayKind = pgEnum("calendar_day_kind", ["holiday", "adjusted_workday"]);
