import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { RowsField, SubmitButton, TextField, ZodForm } from "~/components/form";
import { Flash, PageHeader } from "~/components/layout";
import { QuestionText, SurveySummary } from "~/components/outcome";
import { requireRole } from "~/modules/auth/auth.server";
import { issueTokensSchema, questionsSchema } from "~/modules/surveys/surveys-schema";
import { getCommunitySurvey, issueTokens, requireCommunityContract, saveQuestions } from "~/modules/surveys/surveys.server";
import { MAX_QUESTIONS, TOKEN_VALID_DAYS } from "~/modules/surveys/survey-rules";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { formatDate, formatDateTime, useLocale, useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.contract.title }, { name: "robots", content: "noindex" }] : []);

// A file of its own, at /community/projects/:id/survey.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "community");
  return json(await getCommunitySurvey(db, user, params.id ?? ""));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "community");
  const id = params.id ?? "";
  await requireCommunityContract(db, user, id);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent === "questions") {
    const { data, errors, values } = await validateSubmission(formData, questionsSchema);
    if (errors) return fieldErrors(errors, values);
    const result = await runCommand(values, () => saveQuestions(db, user, id, data));
    return result.ok ? redirect(`/community/projects/${id}/survey?done=questions`) : result.response;
  }
  if (intent === "issue") {
    const { data, errors, values } = await validateSubmission(formData, issueTokensSchema);
    if (errors) return fieldErrors(errors, values);
    const result = await runCommand(values, () => issueTokens(db, user, id, data));
    return result.ok ? redirect(`/community/projects/${id}/survey?done=issued&count=${result.value.count}`) : result.response;
  }
  throw new Response("Bad Request", { status: 400 });
}

// Responses arrive while the community hands tokens out: the counts refresh on their own.
const REFRESH_MS = 20_000;

export default function CommunitySurvey() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!data.open) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [data.open, revalidator]);
  const done = params.get("done");
  const flash = done === "questions" ? t("surveys.done.questions") : done === "issued" ? t("surveys.done.issued", { count: params.get("count") ?? "" }) : null;
  const { contract, results } = data;
  return (
    <>
      <PageHeader title={t("surveys.community.projectTitle", { title: contract.title })}>
        <p>
          {contract.organizationName} · {locale === "en" ? data.community.nameEn : data.community.nameZh} ·{" "}
          <span className={`badge ${data.open ? "badge-ok" : ""}`}>{t(data.open ? "surveys.open" : "surveys.closed")}</span>
        </p>
        <p>
          <Link to="/community/surveys">{t("common.back")}</Link>
        </p>
      </PageHeader>
      <Flash message={flash} />
      {data.graded ? <p className="alert alert-info">{t("surveys.closedGraded")}</p> : null}

      <section className="card" aria-labelledby="results" aria-live="polite">
        <h2 id="results">{t("surveys.results")}</h2>
        <p className="help">{t("surveys.results.help")}</p>
        <SurveySummary survey={results} />
      </section>

      <section className="card" aria-labelledby="tokens">
        <h2 id="tokens">{t("surveys.tokens")}</h2>
        <p className="help">{t("surveys.tokens.help", { days: TOKEN_VALID_DAYS })}</p>
        {data.open ? (
          <ZodForm schema={issueTokensSchema} intent="issue" className="stack" aria-label={t("surveys.tokens.issue")}>
            <TextField
              name="count"
              label={t("surveys.tokens.count")}
              help={t("surveys.tokens.count.help", { served: data.served, issued: results.issued, available: data.available })}
              type="number"
              inputMode="numeric"
            />
            <div>
              <SubmitButton>{t("surveys.tokens.issue")}</SubmitButton>
            </div>
          </ZodForm>
        ) : null}
        {data.batches.length > 0 ? (
          <div className="table-wrap">
            <table className="responsive">
              <caption>{t("surveys.batches")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("surveys.batch.issuedAt")}</th>
                  <th scope="col" className="num">
                    {t("surveys.issued")}
                  </th>
                  <th scope="col" className="num">
                    {t("surveys.batch.used")}
                  </th>
                  <th scope="col">{t("surveys.batch.expiresOn")}</th>
                  <th scope="col">{t("common.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {data.batches.map((b) => (
                  <tr key={b.batch}>
                    <td data-label={t("surveys.batch.issuedAt")}>{formatDateTime(locale, b.issuedAt)}</td>
                    <td data-label={t("surveys.issued")} className="num">
                      {b.issued}
                    </td>
                    <td data-label={t("surveys.batch.used")} className="num">
                      {b.used}
                    </td>
                    <td data-label={t("surveys.batch.expiresOn")}>{formatDate(locale, b.expiresOn)}</td>
                    <td data-label={t("common.actions")}>
                      <a href={`/community/projects/${contract.id}/survey/tokens.pdf?batch=${encodeURIComponent(b.batch)}`} download>
                        {t("surveys.batch.pdf")}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section className="card" aria-labelledby="questions">
        <h2 id="questions">{t("surveys.questions")}</h2>
        {data.questionsEditable ? (
          <ZodForm
            schema={questionsSchema}
            intent="questions"
            defaultValues={{ questions: [...results.questions.map((q) => ({ text: q.text })), { text: "" }, { text: "" }].slice(0, MAX_QUESTIONS) } as never}
            className="stack"
            aria-label={t("surveys.questions.save")}
          >
            <RowsField name="questions" label={t("surveys.questions")} help={t("surveys.questions.help")} columns={[{ key: "text", label: t("surveys.question") }]} />
            <div>
              <SubmitButton variant="secondary">{t("surveys.questions.save")}</SubmitButton>
            </div>
          </ZodForm>
        ) : (
          <>
            <ol>
              {results.questions.map((q) => (
                <li key={q.key}>
                  <QuestionText question={q} />
                </li>
              ))}
            </ol>
            <p className="muted">{t("surveys.questions.lockedNote")}</p>
          </>
        )}
      </section>
    </>
  );
}
