import { z } from "zod";
import { msg } from "~/i18n";
import { choice, text, wholeNumber, yuan } from "~/utils/form-fields";

export const FUND_SOURCES = ["general_budget", "welfare_lottery", "higher_transfer", "donations"] as const;
export type FundSource = (typeof FUND_SOURCES)[number];

export const budgetLineSchema = z.object({
  fiscalYear: wholeNumber(2000, 2100),
  fundSource: choice(FUND_SOURCES),
  name: text(100),
  amount: yuan().refine((fen) => fen > 0, msg("budgets.amountPositive")),
});
export type BudgetLineInput = z.infer<typeof budgetLineSchema>;
