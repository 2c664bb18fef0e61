import { z } from "zod";
import { msg } from "~/i18n";
import { passwordField, usernameField } from "~/modules/auth/auth-schema";
import { SERVICE_CATEGORIES } from "~/modules/needs/service-categories";
import { choice, choiceList, optionalChoice, optionalEmail, optionalIsoDate, optionalText, phone, text, uuidList } from "~/utils/form-fields";
import { CREDIT_STATUSES } from "./verification";
import { GRADES } from "./grade";
import { computeUsccCheckCharacter, normalizeUscc, parseUscc, UsccError, type ParsedUscc } from "./uscc";

export const REGISTRATION_TYPES = ["social_group", "private_non_enterprise", "foundation", "other"] as const;
export const ORGANIZATION_KINDS = ["agency", "evaluator"] as const;
export const QUALIFICATIONS = ["assistant_social_worker", "social_worker", "senior_social_worker", "none"] as const;

/** The USCC error as a field message in the reader's language, with the detail that helps fix it. */
export function usccMessage(code: string): string | null {
  const normalized = normalizeUscc(code);
  try {
    parseUscc(normalized);
    return null;
  } catch (error) {
    if (!(error instanceof UsccError)) throw error;
    switch (error.reason) {
      case "length":
        return msg("errors.uscc.length", { length: normalized.length });
      case "forbiddenCharacter": {
        const position = error.position ?? 0;
        const char = normalized[position - 1] ?? "?";
        return msg("errors.uscc.forbiddenCharacter", { position, char: char === " " ? "␠" : char });
      }
      case "checkCharacter":
        return msg("errors.uscc.checkCharacter", { expected: computeUsccCheckCharacter(normalized.slice(0, 17)) });
    }
  }
}

export function tryParseUscc(code: string): ParsedUscc | null {
  try {
    return parseUscc(code);
  } catch {
    return null;
  }
}

export const usccField = z
  .string({ error: msg("errors.required") })
  .trim()
  .min(1, msg("errors.required"))
  .superRefine((value, ctx) => {
    const problem = usccMessage(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform((value) => normalizeUscc(value));

export const registrationSchema = z
  .object({
    kind: choice(ORGANIZATION_KINDS),
    name: text(100),
    uscc: usccField,
    registrationType: choice(REGISTRATION_TYPES),
    serviceCategories: choiceList(SERVICE_CATEGORIES),
    districtIds: uuidList(),
    grade: optionalChoice(GRADES),
    gradeAwardedOn: optionalIsoDate(),
    contactName: text(50),
    contactPhone: phone(),
    contactEmail: optionalEmail(),
    address: optionalText(200),
    username: usernameField,
    displayName: text(50),
    password: passwordField,
  })
  .superRefine((value, ctx) => {
    const parsed = tryParseUscc(value.uscc);
    // Position 2 of a civil-affairs code states the registration type: the two must agree.
    if (parsed && parsed.authorityName === "civilAffairs" && parsed.organizationType !== "other" && parsed.organizationType !== value.registrationType) {
      ctx.addIssue({ code: "custom", path: ["registrationType"], message: msg("errors.uscc.typeMismatch", { decoded: `regType.${parsed.organizationType}` }) });
    }
    if (value.grade && !value.gradeAwardedOn) {
      ctx.addIssue({ code: "custom", path: ["gradeAwardedOn"], message: msg("errors.gradeDateRequired") });
    }
    if (value.gradeAwardedOn && value.gradeAwardedOn > new Date().toISOString().slice(0, 10)) {
      ctx.addIssue({ code: "custom", path: ["gradeAwardedOn"], message: msg("errors.futureDate") });
    }
  });
export type RegistrationInput = z.infer<typeof registrationSchema>;

export const staffSchema = z.object({
  name: text(50),
  qualification: choice(QUALIFICATIONS),
  certificateNo: optionalText(50),
});
export type StaffInput = z.infer<typeof staffSchema>;

export const memberSchema = z.object({
  username: usernameField,
  displayName: text(50),
  password: passwordField,
});
export type MemberInput = z.infer<typeof memberSchema>;

export const reviewSchema = z
  .object({
    decision: choice(["verify", "reject"] as const),
    reason: optionalText(500),
  })
  .superRefine((value, ctx) => {
    if (value.decision === "reject" && !value.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: msg("errors.reasonRequired") });
    }
  });
export type ReviewInput = z.infer<typeof reviewSchema>;

export const creditSchema = z.object({
  creditStatus: choice(CREDIT_STATUSES),
  reason: text(500),
});
export type CreditInput = z.infer<typeof creditSchema>;
