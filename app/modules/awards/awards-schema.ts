import { z } from "zod";
import { optionalText, optionalUuid } from "~/utils/form-fields";

/**
 * Confirming the award. An open tender or a consultation names the candidate (bidId); a
 * venture call confirms the funded proposals and names none. The reason is required only when
 * the bureau passes over a higher-ranked candidate, which the command knows.
 */
export const confirmAwardSchema = z.object({
  bidId: optionalUuid(),
  skipReason: optionalText(2000),
});
export type ConfirmAwardInput = z.infer<typeof confirmAwardSchema>;
