/**
 * The organization state machines: verification (pending → verified | rejected; a rejected
 * applicant may be verified later on appeal) and credit lists (民政部令第60号). Only a
 * verified organization on neither list may bid (DESIGN §3).
 */
export const VERIFICATION_STATUSES = ["pending", "verified", "rejected"] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];
export const CREDIT_STATUSES = ["normal", "abnormal", "serious_dishonesty"] as const;
export type CreditStatus = (typeof CREDIT_STATUSES)[number];

export type VerificationAction = "verify" | "reject";

const VERIFICATION: Record<VerificationAction, { from: readonly VerificationStatus[]; to: VerificationStatus }> = {
  verify: { from: ["pending", "rejected"], to: "verified" },
  reject: { from: ["pending"], to: "rejected" },
};

export function canTransition(status: VerificationStatus, action: VerificationAction): boolean {
  return VERIFICATION[action].from.includes(status);
}

export function nextVerificationStatus(status: VerificationStatus, action: VerificationAction): VerificationStatus | null {
  return canTransition(status, action) ? VERIFICATION[action].to : null;
}

export function mayBid(org: { verificationStatus: VerificationStatus; creditStatus: CreditStatus }): boolean {
  return org.verificationStatus === "verified" && org.creditStatus === "normal";
}
