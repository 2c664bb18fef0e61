import { z } from "zod";
import { msg } from "~/i18n";
import { optionalText, uuid, uuidList } from "~/utils/form-fields";
import { checkCommittee, type CommitteeMethod } from "./committee-rules";

/**
 * The committee form: the members chosen among the candidates. The size and expert-share rules
 * of the method are checked here too, so the browser shows the broken rule on the field before
 * the server (which decides who counts as an expert from its own records) checks it again.
 */
export function committeeSchema(rules: { method: CommitteeMethod; ceilingFen: number; expertIds: readonly string[] }) {
  return z.object({ memberIds: uuidList() }).superRefine((value, ctx) => {
    const chosen = [...new Set(value.memberIds)];
    const [broken] = checkCommittee(
      rules.method,
      rules.ceilingFen,
      chosen.map((id) => ({ isExpert: rules.expertIds.includes(id) })),
    );
    if (broken) ctx.addIssue({ code: "custom", path: ["memberIds"], message: broken });
  });
}
export type CommitteeInput = z.infer<ReturnType<typeof committeeSchema>>;

/** The bureau replaces one recused member (the form's subjectId) with one candidate. */
export const replacementSchema = z.object({ newUserId: uuid() });
export type ReplacementInput = z.infer<typeof replacementSchema>;

export const CONFLICT_CHOICES = ["no", "yes"] as const;

const declarationRow = z.object({
  organizationId: uuid(),
  conflict: z.enum(CONFLICT_CHOICES, { error: msg("errors.required") }),
  note: optionalText(500),
});

/** One declaration per bidder, all sent at once, before any bid is seen. */
export const declarationSchema = z.object({
  declarations: z.array(declarationRow).min(1, msg("evaluation.rule.declareEveryBidder")),
});
export type DeclarationInput = z.infer<typeof declarationSchema>;

// Scores have at most two decimals (the committee's means are then exact decimals too).
const SCORE_PATTERN = /^\d{1,3}(?:\.\d{1,2})?$/;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const scoreRow = z.object({
  criterionId: uuid(),
  points: z.preprocess(blankToUndefined, z.string().trim().regex(SCORE_PATTERN, msg("evaluation.rule.pointsFormat")).optional()),
  justification: optionalText(1000),
});

const checkbox = z.preprocess((v) => v === true || v === "true" || v === "on" || v === "1", z.boolean());

/**
 * One member's sheet for one bid: a row per non-price criterion, in the tender's order, with
 * the criteria's maximum points. A draft may leave rows empty; a submitted sheet (`final`)
 * needs a score and a justification in every row.
 */
export function scoreSheetSchema(maxPoints: readonly number[]) {
  return z
    .object({
      final: checkbox,
      scores: z.array(scoreRow).length(maxPoints.length, msg("evaluation.rule.scoresMismatch")),
    })
    .superRefine((sheet, ctx) => {
      sheet.scores.forEach((row, index) => {
        const max = maxPoints[index];
        if (row.points !== undefined && max !== undefined && Number(row.points) > max) {
          ctx.addIssue({ code: "custom", path: ["scores", index, "points"], message: msg("evaluation.rule.pointsRange", { max }) });
        }
        if (row.points === undefined && (sheet.final || row.justification)) {
          ctx.addIssue({ code: "custom", path: ["scores", index, "points"], message: msg("evaluation.rule.pointsRequired") });
        }
        if (sheet.final && !row.justification) {
          ctx.addIssue({ code: "custom", path: ["scores", index, "justification"], message: msg("evaluation.rule.justificationRequired") });
        }
      });
    });
}
export type ScoreSheetInput = z.infer<ReturnType<typeof scoreSheetSchema>>;
