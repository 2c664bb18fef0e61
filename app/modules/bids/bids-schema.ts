import { z } from "zod";
import { msg } from "~/i18n";
import { formRows, optionalText, text, uuidList, wholeNumber, yuan } from "~/utils/form-fields";

const budgetRow = z.object({ item: text(100), amount: yuan() });

/** The file input of the bid forms: a bid's attachments, checked by content like every upload and sealed with the bid. */
export const BID_ATTACHMENTS_FIELD = "attachments";
/** The form that adds files to a live bid: the files themselves are checked on upload. */
export const bidAttachmentsSchema = z.object({ [BID_ATTACHMENTS_FIELD]: z.any() });

/** A bid's content: everything here is sealed until opening. */
export const bidSchema = z
  .object({
    proposalTitle: optionalText(120),
    price: yuan(),
    servicePlan: text(5000),
    activities: text(3000),
    beneficiaries: wholeNumber(1, 1_000_000),
    sessions: wholeNumber(1, 100_000),
    volunteerHours: wholeNumber(0, 1_000_000),
    teamStaffIds: uuidList(),
    budget: formRows(budgetRow, msg("bids.rule.budgetRequired"), 20),
  })
  .superRefine((b, ctx) => {
    if (!Number.isInteger(b.price) || !Array.isArray(b.budget) || !b.budget.every((r) => Number.isInteger(r?.amount))) return;
    if (b.price <= 0) ctx.addIssue({ code: "custom", path: ["price"], message: msg("errors.atLeast", { min: "0.01" }) });
    const sum = b.budget.reduce((a, r) => a + r.amount, 0);
    if (sum !== b.price) ctx.addIssue({ code: "custom", path: ["budget"], message: msg("bids.rule.budgetSum") });
  });
export type BidInput = z.infer<typeof bidSchema>;

/** What is sealed: the input as stored, with the team's qualifications at the time of bidding. */
export interface BidContent extends BidInput {
  team: { staffId: string; name: string; qualification: string }[];
}
