import { z } from "zod";
import { choice, text } from "~/utils/form-fields";

/** The bureau officer's decision on a proposal for the abnormal list, with a reason either way. */
export const proposalDecisionSchema = z.object({
  decision: choice(["confirm", "dismiss"] as const),
  reason: text(1000),
});
export type ProposalDecisionInput = z.infer<typeof proposalDecisionSchema>;
