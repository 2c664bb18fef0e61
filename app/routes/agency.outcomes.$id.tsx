import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { SubmitButton, TextArea, ZodForm } from "~/components/form";
import { Flash, PageHeader } from "~/components/layout";
import { IndicatorScores, LowConfidence, PartsTable } from "~/components/outcome";
import { requireRole } from "~/modules/auth/auth.server";
import { agencyResponseSchema } from "~/modules/outcomes/outcomes-schema";
import { getAgencyOutcome, requireAgencyEvaluation, respondToEvaluation } from "~/modules/outcomes/outcomes.server";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { formatDate, formatDateTime, useLocale, useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.contract.title }, { name: "robots", content: "noindex" }] : []);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "agency");
  return json(await getAgencyOutcome(db, user, params.id ?? ""));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "agency");
  const id = params.id ?? "";
  await requireAgencyEvaluation(db, user, id);
  const formData = await readFormData(request);
  const { data, errors, values } = await validateSubmission(formData, agencyResponseSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => respondToEvaluation(db, user, id, data.response));
  return result.ok ? redirect(`/agency/outcomes/${id}?done=responded`) : result.response;
}

export default function AgencyOutcome() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const { evaluation, contract } = data;
  return (
    <>
      <PageHeader title={t("outcomes.evaluator.title", { title: contract.title })}>
        <p>
          {evaluation.evaluatorName} · {t("outcomes.dueOnValue", { date: formatDate(locale, evaluation.dueOn) })} ·{" "}
          <span className={`badge ${evaluation.status === "submitted" ? "badge-ok" : "badge-warn"}`}>{t(`outcomes.status.${evaluation.status}`)}</span>
        </p>
        <p>
          <Link to="/agency/outcomes">{t("common.back")}</Link>
        </p>
      </PageHeader>
      <Flash message={params.get("done") === "responded" ? t("outcomes.agency.done.responded") : null} />
      <section className="card" aria-labelledby="parts">
        <h2 id="parts">{t("outcomes.title")}</h2>
        {evaluation.status !== "submitted" ? <p className="alert alert-info">{t("outcomes.agency.notYet")}</p> : null}
        <PartsTable parts={evaluation} />
        <p>
          {t("surveys.countsShown", { responses: data.survey.responses, issued: data.survey.issued, rate: data.survey.rate === null ? "—" : `${data.survey.rate}%` })}{" "}
          {data.survey.lowConfidence && data.survey.responses > 0 ? <LowConfidence /> : null}
        </p>
      </section>
      {data.scored ? (
        <section className="card" aria-labelledby="scores">
          <h2 id="scores">{t("outcomes.thirdParty.title")}</h2>
          <IndicatorScores indicators={data.scored.indicators} dimensions={data.scored.dimensions} />
          {data.siteVisits.length > 0 ? (
            <>
              <h3>{t("outcomes.visits")}</h3>
              <ul>
                {data.siteVisits.map((v) => (
                  <li key={v.id}>
                    {formatDate(locale, v.visitedOn)} · {v.place}
                    <div className="prose muted">{v.notes}</div>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
      {evaluation.agencyResponse ? (
        <section className="card" aria-labelledby="response">
          <h2 id="response">{t("outcomes.agencyResponse")}</h2>
          <p className="prose">{evaluation.agencyResponse}</p>
          {evaluation.agencyRespondedAt ? <p className="muted">{formatDateTime(locale, evaluation.agencyRespondedAt)}</p> : null}
        </section>
      ) : null}
      {data.canRespond ? (
        <section className="card" aria-labelledby="respond">
          <h2 id="respond">{t("outcomes.agency.respond")}</h2>
          <ZodForm schema={agencyResponseSchema} className="stack" aria-label={t("outcomes.agency.respond")}>
            <TextArea name="response" label={t("outcomes.agencyResponse")} help={t("outcomes.agency.respond.help")} rows={6} />
            <div>
              <SubmitButton>{t("outcomes.agency.respond.submit")}</SubmitButton>
            </div>
          </ZodForm>
        </section>
      ) : null}
    </>
  );
}
