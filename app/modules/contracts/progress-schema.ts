import { z } from "zod";
import { msg } from "~/i18n";
import { choice, formRows, isoDate, optionalText, text, wholeNumber, yuan } from "~/utils/form-fields";

/** The file input of the report form (evidence: photos, sign-in sheets, minutes). */
export const REPORT_EVIDENCE_FIELD = "evidence";

const activityRow = z.object({
  date: isoDate(),
  title: text(100),
  place: text(100),
  participants: wholeNumber(1, 100_000),
});

// One row per line of the bid's budget breakdown; a line with nothing spent may be left blank.
const spendingRow = z.object({
  line: text(100),
  amount: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? "0" : v), yuan()),
});

/** Volunteer hours with at most one decimal (12.5), as the report's numeric(10,1) keeps them. */
const hours = () =>
  z
    .string({ error: msg("errors.required") })
    .trim()
    .min(1, msg("errors.required"))
    .regex(/^\d{1,7}(\.\d)?$/, msg("progress.rule.hours"))
    .transform(Number);

/**
 * A progress report (进度报告) for a milestone, saved as a draft or submitted (`intent`). The
 * same rules hold for both, so a draft is always a report that could be submitted.
 */
export const progressReportSchema = z
  .object({
    intent: choice(["save", "submit"]),
    periodStart: isoDate(),
    periodEnd: isoDate(),
    activities: formRows(activityRow, msg("progress.rule.activitiesRequired"), 60),
    beneficiaries: wholeNumber(0, 1_000_000),
    volunteerHours: hours(),
    spending: formRows(spendingRow, msg("progress.rule.spendingRequired"), 20),
    narrative: text(5000),
  })
  .superRefine((r, ctx) => {
    if (typeof r.periodStart !== "string" || typeof r.periodEnd !== "string") return;
    if (r.periodEnd < r.periodStart) ctx.addIssue({ code: "custom", path: ["periodEnd"], message: msg("progress.rule.periodOrder") });
    if (!Array.isArray(r.activities)) return;
    const outside = r.activities.findIndex((a) => typeof a?.date === "string" && (a.date < r.periodStart || a.date > r.periodEnd));
    if (outside >= 0) ctx.addIssue({ code: "custom", path: ["activities"], message: msg("progress.rule.activityOutside", { row: outside + 1 }) });
  });
export type ProgressReportInput = z.infer<typeof progressReportSchema>;

/** A service community's confirmation that the service happened there, or a problem with a note. */
export const confirmationSchema = z
  .object({
    status: choice(["confirmed", "problem"]),
    note: optionalText(1000),
  })
  .superRefine((c, ctx) => {
    if (c.status === "problem" && !c.note) ctx.addIssue({ code: "custom", path: ["note"], message: msg("progress.rule.problemNote") });
  });
export type ConfirmationInput = z.infer<typeof confirmationSchema>;

/** The bureau returns a milestone's report with a reason the agency can act on. */
export const returnMilestoneSchema = z.object({
  reason: text(1000),
});
export type ReturnMilestoneInput = z.infer<typeof returnMilestoneSchema>;

/** Accepting a milestone takes no input: the button is the decision. */
export const acceptMilestoneSchema = z.object({});
