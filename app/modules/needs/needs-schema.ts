import { z } from "zod";
import { msg } from "~/i18n";
import { choice, optionalText, optionalUuid, text, yuan } from "~/utils/form-fields";
import { NEED_CHANNELS, NEED_STATUSES, NEED_URGENCIES } from "./need-states";
import { SERVICE_CATEGORIES } from "./service-categories";

/** The evidence files' input: read by parseUpload, not by the zod schemas (files are not text). */
export const EVIDENCE_FIELD = "evidence";

/** A need as community staff post it: any channel, optionally one of the community's grids. */
export const needSchema = z.object({
  title: text(100),
  description: text(2000),
  category: choice(SERVICE_CATEGORIES),
  targetGroup: text(100),
  // An empty box is "required", not "at least 1" (what coercing "" to 0 would say).
  beneficiariesEstimate: z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim())) : v),
    z
      .number({ error: (issue) => (issue.input === undefined ? msg("errors.required") : msg("errors.wholeNumber")) })
      .int(msg("errors.wholeNumber"))
      .min(1, msg("errors.atLeast", { min: 1 }))
      .max(1_000_000, msg("errors.atMost", { max: 1_000_000 })),
  ),
  suggestedBudget: yuan(),
  urgency: choice(NEED_URGENCIES),
  channel: choice(NEED_CHANNELS),
  gridId: optionalUuid(),
});
export type NeedInput = z.infer<typeof needSchema>;

/** A resident posts online (居民线上) for their own community: no channel, no grid to choose. */
export const residentNeedSchema = needSchema.omit({ channel: true, gridId: true });
export type ResidentNeedInput = z.infer<typeof residentNeedSchema>;

export const needReviewSchema = z
  .object({ decision: choice(["accept", "reject"] as const), reason: optionalText(500) })
  .superRefine((value, ctx) => {
    if (value.decision === "reject" && !value.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: msg("errors.reasonRequired") });
  });

// A filter typed into the address bar is a search, not a form: a value that makes no sense is ignored.
const ignoreInvalid = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** The bureau's pool filters, read from the query string of a GET form. */
export const needPoolFilterSchema = z.object({
  category: ignoreInvalid(z.enum(SERVICE_CATEGORIES)),
  communityId: ignoreInvalid(z.uuid()),
  status: ignoreInvalid(z.enum(NEED_STATUSES)),
  minSupport: ignoreInvalid(z.coerce.number().int().min(0).max(1_000_000)),
});
export type NeedPoolFilter = z.infer<typeof needPoolFilterSchema>;
