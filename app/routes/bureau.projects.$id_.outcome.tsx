import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { SelectField, SubmitButton, TextArea, TextField, ZodForm } from "~/components/form";
import { Flash, PageHeader } from "~/components/layout";
import { GradeBadge, IndicatorScores, PartsTable, ProjectFileView, SurveySummary } from "~/components/outcome";
import { requireRole } from "~/modules/auth/auth.server";
import { formatFen } from "~/modules/budgets/money";
import { commissionSchema, purchaserScoreSchema } from "~/modules/outcomes/outcomes-schema";
import { commissionEvaluation, getBureauOutcomePage, requireBureauContract, scorePurchaser } from "~/modules/outcomes/outcomes.server";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { formatDate, formatDateTime, useLocale, useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.contract.title }, { name: "robots", content: "noindex" }] : []);

// A file of its own (the project page has no outlet), at /bureau/projects/:id/outcome.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  return json(await getBureauOutcomePage(db, user, params.id ?? ""));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  const id = params.id ?? "";
  await requireBureauContract(db, user, id);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const done = (flash: string) => redirect(`/bureau/projects/${id}/outcome?done=${flash}`);
  if (intent === "commission") {
    const { data, errors, values } = await validateSubmission(formData, commissionSchema);
    if (errors) return fieldErrors(errors, values);
    const result = await runCommand(values, () => commissionEvaluation(db, user, id, data));
    return result.ok ? done("commissioned") : result.response;
  }
  if (intent === "purchaser") {
    const { data, errors, values } = await validateSubmission(formData, purchaserScoreSchema);
    if (errors) return fieldErrors(errors, values);
    const result = await runCommand(values, () => scorePurchaser(db, user, id, data));
    return result.ok ? done("graded") : result.response;
  }
  throw new Response("Bad Request", { status: 400 });
}

const FLASH = { commissioned: "outcomes.bureau.done.commissioned", graded: "outcomes.bureau.done.graded" } as const;

export default function BureauOutcome() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const done = params.get("done") as keyof typeof FLASH | null;
  const { contract, evaluation } = data;
  return (
    <>
      <PageHeader title={t("outcomes.bureau.title", { title: contract.title })}>
        <p>
          {contract.number} · {contract.organizationName} · {formatFen(contract.amount)} · <span className="badge">{t(`outcomes.contractStatus.${contract.status}`)}</span>
        </p>
        <p>
          <Link to={`/projects/${contract.id}`}>{t("outcomes.publicPage")}</Link>
        </p>
      </PageHeader>
      <Flash message={done && done in FLASH ? t(FLASH[done]) : null} />

      <section className="card" aria-labelledby="evaluation">
        <h2 id="evaluation">{t("outcomes.title")}</h2>
        {!evaluation ? (
          data.canCommission ? (
            <>
              <p className="help">{t("outcomes.commission.help")}</p>
              {data.candidates.length === 0 ? <p className="alert alert-warn">{t("outcomes.commission.noCandidates")}</p> : null}
              <ZodForm schema={commissionSchema} intent="commission" className="stack" aria-label={t("outcomes.commission.submit")}>
                <SelectField
                  name="evaluatorOrganizationId"
                  label={t("outcomes.commission.evaluator")}
                  help={t("outcomes.commission.evaluator.help")}
                  placeholder={t("needs.choose")}
                  options={data.candidates.map((c) => ({ value: c.id, label: c.name }))}
                />
                <TextField name="dueOn" label={t("outcomes.commission.dueOn")} type="date" />
                <div>
                  <SubmitButton>{t("outcomes.commission.submit")}</SubmitButton>
                </div>
              </ZodForm>
            </>
          ) : (
            <p className="muted">{t("outcomes.commission.notActive", { status: `outcomes.contractStatus.${contract.status}` })}</p>
          )
        ) : (
          <>
            <dl className="facts">
              <dt>{t("outcomes.evaluatorOrganization")}</dt>
              <dd>{evaluation.evaluatorName}</dd>
              <dt>{t("outcomes.commissionedAt")}</dt>
              <dd>{formatDateTime(locale, evaluation.commissionedAt)}</dd>
              <dt>{t("outcomes.dueOn")}</dt>
              <dd>
                {formatDate(locale, evaluation.dueOn)} {evaluation.overdue ? <span className="badge badge-bad">{t("outcomes.overdue")}</span> : null}
              </dd>
              <dt>{t("common.status")}</dt>
              <dd>
                <span className={`badge ${evaluation.status === "submitted" ? "badge-ok" : "badge-warn"}`}>{t(`outcomes.status.${evaluation.status}`)}</span> <GradeBadge grade={evaluation.grade} />
              </dd>
            </dl>
            <PartsTable parts={evaluation} />
            {evaluation.grade ? (
              <p>
                <a className="button button-secondary" href={`/projects/${contract.id}/outcome.pdf`}>
                  {t("outcomes.report.download")}
                </a>
              </p>
            ) : null}
          </>
        )}
        <p className={`alert ${data.gate.open ? "alert-success" : "alert-info"}`}>{data.gate.open ? t("outcomes.gate.open") : t(data.gate.reason)}</p>
      </section>

      {evaluation?.scored ? (
        <section className="card" aria-labelledby="third-party">
          <h2 id="third-party">{t("outcomes.thirdParty.title")}</h2>
          <IndicatorScores indicators={evaluation.scored.indicators} dimensions={evaluation.scored.dimensions} />
          {evaluation.siteVisits.length > 0 ? (
            <>
              <h3>{t("outcomes.visits")}</h3>
              <ul>
                {evaluation.siteVisits.map((v) => (
                  <li key={v.id}>
                    {formatDate(locale, v.visitedOn)} · {v.place} · {t("outcomes.visit.peopleMetShown", { people: v.peopleMet })}
                    <div className="prose muted">{v.notes}</div>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {evaluation.agencyResponse ? (
            <>
              <h3>{t("outcomes.agencyResponse")}</h3>
              <p className="prose">{evaluation.agencyResponse}</p>
            </>
          ) : null}
        </section>
      ) : null}

      {evaluation && evaluation.canScorePurchaser ? (
        <section className="card" aria-labelledby="purchaser">
          <h2 id="purchaser">{t("outcomes.purchaser.title")}</h2>
          <p className="help">{t("outcomes.purchaser.help", { weight: data.weights.purchaser })}</p>
          <ZodForm schema={purchaserScoreSchema} intent="purchaser" className="stack" aria-label={t("outcomes.purchaser.submit")}>
            <TextField name="score" label={t("outcomes.purchaser.score")} help={t("outcomes.purchaser.score.help")} inputMode="decimal" />
            <TextArea name="reasons" label={t("outcomes.purchaser.reasons")} rows={4} />
            <div>
              <SubmitButton>{t("outcomes.purchaser.submit")}</SubmitButton>
            </div>
          </ZodForm>
        </section>
      ) : null}

      <section className="card" aria-labelledby="survey">
        <h2 id="survey">{t("surveys.results")}</h2>
        <SurveySummary survey={data.survey} />
      </section>

      <section className="card" aria-labelledby="file">
        <h2 id="file">{t("outcomes.file.title")}</h2>
        <ProjectFileView indicators={contract.indicators} file={data.projectFile} />
      </section>
    </>
  );
}
