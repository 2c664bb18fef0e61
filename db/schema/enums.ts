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

export const needStatus = pgEnum("need_status", ["submitted", "accepted", "rejected", "tendered", "served"]);
export const needChannel = pgEnum("need_channel", ["visit", "survey", "hotline", "meeting", "grid_staff", "resident_online"]);
export const needUrgency = pgEnum("need_urgency", ["low", "normal", "high"]);

export const fundSource = pgEnum("fund_source", ["general_budget", "welfare_lottery", "higher_transfer", "donations"]);
// "uncommit": a revoked award's commitment goes back to being a reservation (upheld challenge).
export const budgetMovementKind = pgEnum("budget_movement_kind", ["reserve", "release", "commit", "pay", "uncommit"]);

export const procurementMethod = pgEnum("procurement_method", ["open_tender", "competitive_consultation", "venture_call"]);
/** Stored tender states; "closed" (bid deadline passed) is derived from the time when read. */
export const tenderStatus = pgEnum("tender_status", [
  "draft",
  "published",
  "opened",
  "evaluating",
  "recommended",
  "publicity",
  "awarded",
  "cancelled",
  "unsuccessful",
]);

export const bidStatus = pgEnum("bid_status", ["submitted", "withdrawn"]);
export const committeeMemberStatus = pgEnum("committee_member_status", ["active", "recused"]);
export const scoreSheetStatus = pgEnum("score_sheet_status", ["draft", "submitted"]);
export const awardStatus = pgEnum("award_status", ["publicity", "final", "revoked"]);
export const challengeStatus = pgEnum("challenge_status", ["pending", "rejected", "upheld"]);
export const challengeRemedy = pgEnum("challenge_remedy", ["reevaluate", "reaward"]);

/** Contracts: "draft" awaits both signatures; "completed" once the final tranche is paid. */
export const contractStatus = pgEnum("contract_status", ["draft", "active", "completed", "terminated"]);
export const contractParty = pgEnum("contract_party", ["agency", "bureau"]);
export const milestoneStatus = pgEnum("milestone_status", ["pending", "submitted", "returned", "accepted"]);
export const progressReportStatus = pgEnum("progress_report_status", ["draft", "submitted"]);
export const serviceConfirmationStatus = pgEnum("service_confirmation_status", ["confirmed", "problem"]);
export const donationStatus = pgEnum("donation_status", ["pending", "paid", "expired"]);

export const outcomeEvaluationStatus = pgEnum("outcome_evaluation_status", ["commissioned", "submitted"]);
export const outcomeGrade = pgEnum("outcome_grade", ["excellent", "good", "pass", "fail"]);
export const creditProposalStatus = pgEnum("credit_proposal_status", ["proposed", "confirmed", "dismissed"]);
