import { z } from "zod";
import { msg } from "~/i18n";
import { isoDate, text, uuid, wholeNumber } from "~/utils/form-fields";

/** The bureau generates the contract of a final award; the service period starts on the date given. */
export const generateContractSchema = z.object({
  awardId: uuid(),
  serviceStartOn: isoDate(),
});
export type GenerateContractInput = z.infer<typeof generateContractSchema>;

/** Before both parties have signed, the bureau may change the service period (a new version). */
export const reviseContractSchema = z
  .object({
    serviceStartOn: isoDate(),
    serviceEndOn: isoDate(),
  })
  .superRefine((v, ctx) => {
    if (typeof v.serviceStartOn !== "string" || typeof v.serviceEndOn !== "string") return;
    if (v.serviceEndOn <= v.serviceStartOn) ctx.addIssue({ code: "custom", path: ["serviceEndOn"], message: msg("contracts.rule.endAfterStart") });
  });
export type ReviseContractInput = z.infer<typeof reviseContractSchema>;

/** The signer confirms the version they read: a contract changed meanwhile is not signed blind. */
export const signContractSchema = z.object({
  version: wholeNumber(1, 1_000_000),
});
export type SignContractInput = z.infer<typeof signContractSchema>;

export const terminateContractSchema = z.object({
  reason: text(1000),
});
export type TerminateContractInput = z.infer<typeof terminateContractSchema>;
