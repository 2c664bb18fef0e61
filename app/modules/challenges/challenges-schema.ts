import { z } from "zod";
import { msg } from "~/i18n";
import { choice, optionalChoice, optionalUuid, text } from "~/utils/form-fields";

/** The file input of the challenge form: evidence, checked like every upload (size, type by content). */
export const CHALLENGE_EVIDENCE_FIELD = "evidence";

/** A challenge (质疑): what it objects to and why. With several awards (venture call) it names one. */
export const challengeSchema = z.object({
  awardId: optionalUuid(),
  subject: text(200),
  grounds: text(5000),
});
export type ChallengeInput = z.infer<typeof challengeSchema>;

export const CHALLENGE_DECISIONS = ["reject", "uphold"] as const;
export const CHALLENGE_REMEDIES = ["reaward", "reevaluate"] as const;

/** The bureau's answer: rejected with reasons, or upheld with a remedy (政府采购法 art. 53). */
export const answerChallengeSchema = z
  .object({
    decision: choice(CHALLENGE_DECISIONS),
    answer: text(5000),
    remedy: optionalChoice(CHALLENGE_REMEDIES),
  })
  .superRefine((value, ctx) => {
    if (value.decision === "uphold" && !value.remedy) ctx.addIssue({ code: "custom", path: ["remedy"], message: msg("challenges.remedyRequired") });
  })
  .transform((value) => (value.decision === "reject" ? { ...value, remedy: undefined } : value));
export type AnswerChallengeInput = z.infer<typeof answerChallengeSchema>;
