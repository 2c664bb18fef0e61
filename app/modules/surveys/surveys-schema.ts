import { z } from "zod";
import { msg } from "~/i18n";
import { formRows, optionalText, text, wholeNumber } from "~/utils/form-fields";
import { MAX_QUESTIONS, MAX_TOKENS_PER_ISSUE } from "./survey-rules";

/** The community's questions, each answered on the 5-point scale. */
export const questionsSchema = z.object({
  questions: formRows(z.object({ text: text(200) }), msg("surveys.questions.required"), MAX_QUESTIONS),
});
export type QuestionsInput = z.infer<typeof questionsSchema>;

/** How many tokens to issue now; the command checks the limit of people served. */
export const issueTokensSchema = z.object({ count: wholeNumber(1, MAX_TOKENS_PER_ISSUE) });
export type IssueTokensInput = z.infer<typeof issueTokensSchema>;

/** The code typed by someone without a phone camera. */
export const surveyCodeSchema = z.object({ code: text(30) });

const answer = z.enum(["1", "2", "3", "4", "5"], { error: msg("surveys.answer.required") });

/** A resident's answers: one per question, 1-5, and an optional comment. */
export function surveyAnswerSchema(questionCount: number) {
  return z.object({
    answers: z.preprocess(
      // A plain form leaves an unanswered question out: a hole in the array, read as missing.
      (v) => (Array.isArray(v) ? Array.from({ length: Math.max(v.length, questionCount) }, (_, i) => v[i] ?? undefined) : Array.from({ length: questionCount }, () => undefined)),
      z.array(answer).length(questionCount, msg("surveys.answer.required")),
    ),
    comment: optionalText(500),
  });
}
export type SurveyAnswerInput = z.infer<ReturnType<typeof surveyAnswerSchema>>;
