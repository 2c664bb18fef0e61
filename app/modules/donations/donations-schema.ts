import { z } from "zod";
import { msg } from "~/i18n";
import { formatFen, parseYuan } from "~/modules/budgets/money";
import { DONATION_MESSAGE_MAX, DONOR_NAME_MAX, MAX_DONATION, MIN_DONATION, publicName, publicText } from "./donation-rules";

// A name or message shown publicly: hidden characters removed before the length is counted.
const shownText = (max: number, clean: (value: string) => string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? clean(v) || undefined : v),
    z.string().max(max, msg("errors.tooLong", { max })).optional(),
  );

/** The donation form: an amount in yuan (at least ¥1), optionally a name to show and a message. */
export const donationSchema = z.object({
  amount: z
    .string({ error: msg("errors.required") })
    .trim()
    .min(1, msg("errors.required"))
    .transform((value, ctx) => {
      const fen = parseYuan(value);
      if (fen === null) {
        ctx.addIssue({ code: "custom", message: msg("errors.money") });
        return z.NEVER;
      }
      if (fen < MIN_DONATION) {
        ctx.addIssue({ code: "custom", message: msg("donations.error.tooSmall", { min: formatFen(MIN_DONATION) }) });
        return z.NEVER;
      }
      if (fen > MAX_DONATION) {
        ctx.addIssue({ code: "custom", message: msg("donations.error.tooLarge", { max: formatFen(MAX_DONATION) }) });
        return z.NEVER;
      }
      return fen;
    }),
  donorName: shownText(DONOR_NAME_MAX, publicName),
  message: shownText(DONATION_MESSAGE_MAX, publicText),
});
export type DonationInput = z.infer<typeof donationSchema>;
