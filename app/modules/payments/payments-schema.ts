import { z } from "zod";
import { isoDate, text, uuid, yuan } from "~/utils/form-fields";

/** A payment recorded by the bureau: the bank transfer's date, amount (the tranche's) and reference. */
export const paymentSchema = z.object({
  trancheId: uuid(),
  paidOn: isoDate(),
  amount: yuan(),
  reference: text(100),
});
export type PaymentInput = z.infer<typeof paymentSchema>;
