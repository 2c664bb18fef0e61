import { z } from "zod";
import { msg } from "~/i18n";
import { SERVICE_CATEGORIES } from "~/modules/needs/service-categories";
import { optionalText } from "~/utils/form-fields";

const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === null || v === "" || v === false ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/**
 * A subscription to new tenders: any of the chosen categories and districts (none chosen = any)
 * and, optionally, a word in the title. At least one condition, so nobody subscribes to
 * everything by accident without saying so.
 */
export const subscriptionSchema = z
  .object({
    categories: list(z.enum(SERVICE_CATEGORIES, { error: msg("errors.invalidChoice") })),
    districtIds: list(z.uuid({ error: msg("errors.invalidChoice") })),
    keyword: optionalText(40),
    everything: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()).optional(),
  })
  .superRefine((value, ctx) => {
    const empty = Array.isArray(value.categories) && value.categories.length === 0 && Array.isArray(value.districtIds) && value.districtIds.length === 0 && !value.keyword;
    if (empty && !value.everything) ctx.addIssue({ code: "custom", path: ["categories"], message: msg("notifications.subscribe.chooseSomething") });
  });

export type SubscriptionInput = z.infer<typeof subscriptionSchema>;
