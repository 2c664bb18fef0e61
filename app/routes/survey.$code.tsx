import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { RadioGroup, SubmitButton, TextArea, ZodForm } from "~/components/form";
import { PageHeader } from "~/components/layout";
import { questionLabel } from "~/components/outcome";
import { surveyAnswerSchema } from "~/modules/surveys/surveys-schema";
import { answerSurvey, lookupSurvey, questionCountForCode } from "~/modules/surveys/surveys.server";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { formatDate, useLocale, useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { runCommand } from "~/utils/route-errors.server";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "surveys.public.title"), { name: "robots", content: "noindex" }];

/** The survey a token opens, for anyone holding it; no account, no cookie needed. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = await lookupSurvey(db, params.code ?? "", context.clientIp);
  const status = found.state === "open" ? 200 : found.state === "unknown" ? 404 : found.state === "blocked" ? 429 : 410;
  return json(found, { status, headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const code = params.code ?? "";
  const formData = await readFormData(request);
  const count = await questionCountForCode(db, code);
  const { data, errors, values } = await validateSubmission(formData, surveyAnswerSchema(Math.max(count, 1)));
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => answerSurvey(db, code, context.clientIp, data), { onRoot: true });
  return result.ok ? redirect("/survey/thanks") : result.response;
}

const SCALE = ["5", "4", "3", "2", "1"] as const;

export default function AnswerSurvey() {
  const found = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const schema = useMemo(() => surveyAnswerSchema(found.state === "open" ? found.questions.length : 1), [found]);
  if (found.state !== "open") {
    return (
      <div className="narrow">
        <PageHeader title={t("surveys.public.title")} />
        <p className="alert alert-warn" role="alert">
          {found.state === "blocked" ? t("surveys.code.blocked", { minutes: found.minutes }) : t(`surveys.state.${found.state}`)}
        </p>
        <p>
          <Link to="/survey">{t("surveys.public.typeCode")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <PageHeader title={t("surveys.public.title")} intro={t("surveys.public.answerIntro", { project: found.projectTitle, organization: found.organizationName })}>
        <p className="muted">{t("surveys.public.expires", { date: formatDate(locale, found.expiresOn) })}</p>
      </PageHeader>
      <ZodForm schema={schema} className="stack card survey-form" aria-label={t("surveys.public.form")}>
        {found.questions.map((q, i) => (
          <RadioGroup
            key={q.key}
            name={`answers.${i}`}
            label={`${i + 1}. ${questionLabel(q, t)}`}
            options={SCALE.map((v) => ({ value: v, label: t(`surveys.scale.${v}`) }))}
          />
        ))}
        <TextArea name="comment" label={t("surveys.public.comment")} help={t("surveys.public.comment.help")} required={false} rows={3} />
        <p className="help">{t("surveys.public.privacy")}</p>
        <div>
          <SubmitButton>{t("surveys.public.submit")}</SubmitButton>
        </div>
      </ZodForm>
    </div>
  );
}
