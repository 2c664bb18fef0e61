import { z } from "zod";
import { msg } from "~/i18n";
import { formRows, isoDate, optionalText, text, uuid, wholeNumber } from "~/utils/form-fields";
import { INDICATOR_TOTAL_POINTS } from "./indicators";

const indicatorRow = z.object({
  dimension: text(30),
  name: text(60),
  maxPoints: wholeNumber(1, INDICATOR_TOTAL_POINTS),
  guidance: text(500),
});

/** A tender's indicator template: rows of sub-indicators whose points sum to 100. */
export const indicatorTemplateSchema = z
  .object({ indicators: formRows(indicatorRow, msg("outcomes.indicators.required"), 40) })
  .superRefine((value, ctx) => {
    // zod runs this even when a row failed: the sum is checked once every row's points parsed.
    if (!Array.isArray(value.indicators) || !value.indicators.every((i) => Number.isInteger(i?.maxPoints))) return;
    const total = value.indicators.reduce((sum, i) => sum + i.maxPoints, 0);
    if (total !== INDICATOR_TOTAL_POINTS) ctx.addIssue({ code: "custom", path: ["indicators"], message: msg("outcomes.indicators.sum", { total }) });
  });
export type IndicatorTemplateInput = z.infer<typeof indicatorTemplateSchema>;

/** The bureau commissions a third-party evaluator for a project. */
export const commissionSchema = z.object({
  evaluatorOrganizationId: uuid(),
  dueOn: isoDate(),
});
export type CommissionInput = z.infer<typeof commissionSchema>;

/** The file input of the site-visit form (photos). */
export const SITE_VISIT_PHOTOS_FIELD = "photos";
export const siteVisitSchema = z.object({
  visitedOn: isoDate(),
  place: text(200),
  peopleMet: text(500),
  notes: text(5000),
  [SITE_VISIT_PHOTOS_FIELD]: z.any().optional(),
});
export type SiteVisitInput = z.infer<typeof siteVisitSchema>;

/** The file input for the evaluation's evidence documents. */
export const EVIDENCE_FIELD = "evidenceFiles";
export const evidenceFilesSchema = z.object({ [EVIDENCE_FIELD]: z.any() });

// Scores have at most two decimals, like the stored numeric(5,2).
const SCORE_PATTERN = /^\d{1,3}(?:\.\d{1,2})?$/;
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const checkbox = z.preprocess((v) => v === true || v === "true" || v === "on" || v === "1", z.boolean());

const scoreRow = z.object({
  indicatorId: uuid(),
  score: z.preprocess(blankToUndefined, z.string().trim().regex(SCORE_PATTERN, msg("outcomes.score.format")).optional()),
  justification: optionalText(2000),
  evidence: optionalText(1000),
});

/**
 * The evaluator's score sheet: a row per sub-indicator in the template's order. A draft may
 * leave rows empty; submitting (`final`) needs a score and a justification in every row.
 */
export function outcomeScoreSchema(maxPoints: readonly number[]) {
  return z
    .object({
      final: checkbox,
      scores: z.array(scoreRow).length(maxPoints.length, msg("outcomes.score.mismatch")),
    })
    .superRefine((sheet, ctx) => {
      if (!Array.isArray(sheet.scores)) return;
      sheet.scores.forEach((row, index) => {
        const max = maxPoints[index];
        if (row?.score !== undefined && max !== undefined && Number(row.score) > max) {
          ctx.addIssue({ code: "custom", path: ["scores", index, "score"], message: msg("outcomes.score.range", { max }) });
        }
        if (row?.score === undefined && (sheet.final || row?.justification)) {
          ctx.addIssue({ code: "custom", path: ["scores", index, "score"], message: msg("outcomes.score.required") });
        }
        if (sheet.final && !row?.justification) {
          ctx.addIssue({ code: "custom", path: ["scores", index, "justification"], message: msg("outcomes.score.justificationRequired") });
        }
      });
    });
}
export type OutcomeScoreInput = z.infer<ReturnType<typeof outcomeScoreSchema>>;

/** The agency's written response to the submitted evaluation, published with the report. */
export const agencyResponseSchema = z.object({ response: text(5000) });

/** The bureau's purchaser acceptance score (购买方验收), 0-100 with reasons. */
export const purchaserScoreSchema = z.object({
  score: z
    .string({ error: msg("errors.required") })
    .trim()
    .min(1, msg("errors.required"))
    .regex(SCORE_PATTERN, msg("outcomes.score.format"))
    .refine((v) => Number(v) <= 100, msg("outcomes.score.range", { max: 100 })),
  reasons: text(5000),
});
export type PurchaserScoreInput = z.infer<typeof purchaserScoreSchema>;
