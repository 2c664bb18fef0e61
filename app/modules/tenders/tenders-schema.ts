import { z } from "zod";
import { msg } from "~/i18n";
import { SERVICE_CATEGORIES } from "~/modules/needs/service-categories";
import { choice, formRows, optionalText, phone, text, uuid, uuidList, wholeNumber, yuan } from "~/utils/form-fields";
import { isBidPeriodLongEnough, MIN_BID_PERIOD_DAYS, PROCUREMENT_METHODS, tenderRuleViolations, type TenderTerms } from "./tender-rules";

/**
 * A date and time typed in a datetime-local field, meant as Asia/Shanghai time (UTC+8, no
 * daylight saving), read as an instant.
 */
export const shanghaiDateTime = () =>
  z
    .string({ error: msg("errors.required") })
    .trim()
    .min(1, msg("errors.required"))
    .transform((value, ctx) => {
      const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2})?$/.exec(value);
      const date = match ? new Date(`${match[1]}T${match[2]}:00+08:00`) : null;
      // A date that does not exist (2026-02-30) rolls over in Date: the round trip catches it.
      if (!date || Number.isNaN(date.getTime()) || toShanghaiInput(date) !== `${match![1]}T${match![2]}`) {
        ctx.addIssue({ code: "custom", message: msg("errors.invalidDateTime") });
        return z.NEVER;
      }
      return date;
    });

/** The value a datetime-local field shows for an instant, in Asia/Shanghai time. */
export function toShanghaiInput(date: Date | string): string {
  const shifted = new Date(new Date(date).getTime() + 8 * 3600 * 1000);
  return shifted.toISOString().slice(0, 16);
}


const criterionRow = z.object({
  name: text(60),
  description: text(500),
  maxPoints: wholeNumber(1, 90),
});

const trancheRow = z.object({
  milestone: text(60),
  percentage: wholeNumber(1, 100),
});

const checkbox = z.preprocess((v) => v === true || v === "true" || v === "on" || v === "1", z.boolean());

export const tenderSchema = z
  .object({
    title: text(120),
    description: text(5000),
    category: choice(SERVICE_CATEGORIES),
    method: choice(PROCUREMENT_METHODS),
    theme: optionalText(200),
    ceilingPrice: yuan(),
    budgetLineId: uuid(),
    servicePeriodMonths: wholeNumber(1, 36),
    recurringService: checkbox,
    eligibility: text(3000),
    pricePoints: wholeNumber(0, 100),
    criteria: formRows(criterionRow, msg("tenders.rule.criteriaRequired"), 12),
    weightPurchaser: wholeNumber(0, 100),
    weightThirdParty: wholeNumber(0, 100),
    weightSatisfaction: wholeNumber(0, 100),
    tranches: formRows(trancheRow, msg("tenders.rule.tranchesRequired"), 8),
    enquiryDeadline: shanghaiDateTime(),
    bidDeadline: shanghaiDateTime(),
    needIds: uuidList(),
    communityIds: uuidList(),
    contactName: text(50),
    contactPhone: phone(),
  })
  .superRefine((t, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    // zod runs this even when some fields failed: the rules apply once their fields parsed.
    const deadlinesParsed = t.enquiryDeadline instanceof Date && t.bidDeadline instanceof Date;
    const termsParsed =
      deadlinesParsed &&
      (PROCUREMENT_METHODS as readonly unknown[]).includes(t.method) &&
      [t.ceilingPrice, t.servicePeriodMonths, t.pricePoints, t.weightPurchaser, t.weightThirdParty, t.weightSatisfaction].every(Number.isInteger) &&
      Array.isArray(t.criteria) &&
      t.criteria.every((c) => Number.isInteger(c?.maxPoints)) &&
      Array.isArray(t.tranches) &&
      t.tranches.every((r) => Number.isInteger(r?.percentage));
    if (termsParsed) for (const v of tenderRuleViolations(termsOf(t))) issue(v.field, msg(v.message, v.vars));
    if (!deadlinesParsed) return;
    const now = new Date();
    if (t.enquiryDeadline <= now) issue("enquiryDeadline", msg("tenders.rule.enquiryFuture"));
    // Checked against "published now"; publishing re-checks at the moment it happens.
    if ((PROCUREMENT_METHODS as readonly unknown[]).includes(t.method) && !isBidPeriodLongEnough(t.method, now, t.bidDeadline)) {
      issue("bidDeadline", msg(t.method === "open_tender" ? "tenders.rule.bidPeriodOpen" : "tenders.rule.bidPeriodConsultation", { days: MIN_BID_PERIOD_DAYS[t.method] }));
    }
  });
export type TenderInput = z.infer<typeof tenderSchema>;

export function termsOf(t: Omit<TenderInput, "budgetLineId" | "needIds" | "communityIds" | "title" | "description" | "category" | "eligibility" | "contactName" | "contactPhone">): TenderTerms {
  return {
    method: t.method,
    theme: t.theme,
    ceilingPrice: t.ceilingPrice,
    servicePeriodMonths: t.servicePeriodMonths,
    recurringService: t.recurringService,
    pricePoints: t.pricePoints,
    criteriaPoints: t.criteria.map((c) => c.maxPoints),
    weights: [t.weightPurchaser, t.weightThirdParty, t.weightSatisfaction],
    tranchePercentages: t.tranches.map((r) => r.percentage),
    enquiryDeadline: t.enquiryDeadline,
    bidDeadline: t.bidDeadline,
  };
}

export const amendmentSchema = z.object({
  changes: text(3000),
  reason: text(1000),
  affectsBids: checkbox,
  newBidDeadline: z.preprocess((v) => (v === "" ? undefined : v), shanghaiDateTime().optional()),
});
export type AmendmentInput = z.infer<typeof amendmentSchema>;

/** The file input of the documents form; the files themselves are checked by content on upload. */
export const TENDER_DOCUMENTS_FIELD = "documents";
export const documentsSchema = z.object({ [TENDER_DOCUMENTS_FIELD]: z.any() });

export const cancelSchema = z.object({ reason: text(1000) });
export const questionSchema = z.object({ question: text(1000) });
export const answerSchema = z.object({ answer: text(3000) });
