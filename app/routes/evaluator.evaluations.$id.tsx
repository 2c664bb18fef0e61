import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useMemo } from "react";
import { useRemixFormContext } from "remix-hook-form";
import { CheckboxField, FileField, SubmitButton, TextArea, TextField, useFieldErrorObject, ZodForm } from "~/components/form";
import { Flash, PageHeader } from "~/components/layout";
import { IndicatorScores, PartsTable, ProjectFileView, SurveySummary } from "~/components/outcome";
import { EvidenceLinks } from "~/components/needs";
import { requireRole } from "~/modules/auth/auth.server";
import { formatFen } from "~/modules/budgets/money";
import { parseUpload } from "~/modules/documents/uploads.server";
import { EVIDENCE_FIELD, evidenceFilesSchema, outcomeScoreSchema, SITE_VISIT_PHOTOS_FIELD, siteVisitSchema } from "~/modules/outcomes/outcomes-schema";
import { addEvidence, evaluationMaxPoints, getEvaluatorWorkspace, recordSiteVisit, saveOutcomeScores } from "~/modules/outcomes/outcomes.server";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { formatDate, formatDateTime, useLocale, useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.contract.title }, { name: "robots", content: "noindex" }] : []);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "evaluator");
  return json(await getEvaluatorWorkspace(db, user, params.id ?? ""));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "evaluator");
  const id = params.id ?? "";
  const done = (flash: string) => redirect(`/evaluator/evaluations/${id}?done=${flash}`);
  const isMultipart = /^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "");
  if (isMultipart) {
    const url = new URL(request.url);
    const intent = url.searchParams.get("intent");
    if (intent === "visit") {
      const upload = await parseUpload(request, { field: SITE_VISIT_PHOTOS_FIELD, allowed: ["image/jpeg", "image/png"] });
      const { data, errors, values } = await validateSubmission(upload.fields, siteVisitSchema);
      if (errors || Object.keys(upload.errors).length > 0) return fieldErrors({ ...errors, ...upload.errors }, { ...values, intent: "visit" });
      const result = await runCommand({ ...values, intent: "visit" }, () => recordSiteVisit(db, user, id, data, upload.files));
      return result.ok ? done("visit") : result.response;
    }
    if (intent === "evidence") {
      const upload = await parseUpload(request, { field: EVIDENCE_FIELD });
      if (Object.keys(upload.errors).length > 0) return fieldErrors(upload.errors, { intent: "evidence" });
      const result = await runCommand({ intent: "evidence" }, () => addEvidence(db, user, id, upload.files));
      return result.ok ? done("evidence") : result.response;
    }
    throw new Response("Bad Request", { status: 400 });
  }
  const formData = await readFormData(request);
  if (formData.get("intent") === "score") {
    const { data, errors, values } = await validateSubmission(formData, outcomeScoreSchema(await evaluationMaxPoints(db, user, id)));
    if (errors) return fieldErrors(errors, values);
    const result = await runCommand(values, () => saveOutcomeScores(db, user, id, data), { onRoot: true });
    return result.ok ? done(result.value.submitted ? "submitted" : "saved") : result.response;
  }
  throw new Response("Bad Request", { status: 400 });
}

const FLASH = { visit: "outcomes.evaluator.done.visit", evidence: "outcomes.evaluator.done.evidence", saved: "outcomes.evaluator.done.saved", submitted: "outcomes.evaluator.done.submitted" } as const;

export default function EvaluationWorkspace() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const done = params.get("done") as keyof typeof FLASH | null;
  const { evaluation, contract } = data;
  return (
    <>
      <PageHeader title={t("outcomes.evaluator.title", { title: contract.title })}>
        <p>
          <span className={`badge ${data.locked ? "badge-ok" : "badge-warn"}`}>{t(`outcomes.status.${evaluation.status}`)}</span> {contract.organizationName} ·{" "}
          {t("outcomes.dueOnValue", { date: formatDate(locale, evaluation.dueOn) })} {evaluation.overdue ? <span className="badge badge-bad">{t("outcomes.overdue")}</span> : null}
        </p>
        <p>
          <Link to="/evaluator">{t("common.back")}</Link>
        </p>
      </PageHeader>
      <Flash message={done && done in FLASH ? t(FLASH[done]) : null} />

      <section className="card" aria-labelledby="contract">
        <h2 id="contract">{t("outcomes.file.title")}</h2>
        <dl className="facts">
          <dt>{t("outcomes.contract.number")}</dt>
          <dd>{contract.number}</dd>
          <dt>{t("outcomes.contract.amount")}</dt>
          <dd>{formatFen(contract.amount)}</dd>
          <dt>{t("outcomes.contract.period")}</dt>
          <dd>
            {formatDate(locale, contract.serviceStartOn)}–{formatDate(locale, contract.serviceEndOn)}
          </dd>
          <dt>{t("outcomes.contract.communities")}</dt>
          <dd>{contract.communities.map((c) => (locale === "en" ? c.nameEn : c.nameZh)).join("、")}</dd>
          <dt>{t("outcomes.contract.bureau")}</dt>
          <dd>{locale === "en" ? contract.bureauNameEn : contract.bureauName}</dd>
        </dl>
        <ProjectFileView indicators={contract.indicators} file={data.projectFile} />
      </section>

      <section className="card" aria-labelledby="survey">
        <h2 id="survey">{t("surveys.results")}</h2>
        <SurveySummary survey={data.survey} />
        {data.comments.length > 0 ? (
          <>
            <h3>{t("surveys.comments")}</h3>
            <ul>
              {data.comments.map((c, i) => (
                <li key={i} className="prose">
                  {c.comment}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="card" aria-labelledby="visits">
        <h2 id="visits">{t("outcomes.visits")}</h2>
        {data.siteVisits.length === 0 ? <p className="muted">{t("outcomes.visits.none")}</p> : null}
        <ul className="stack">
          {data.siteVisits.map((v) => (
            <li key={v.id}>
              <strong>
                {formatDate(locale, v.visitedOn)} · {v.place}
              </strong>
              <div>{t("outcomes.visit.peopleMetShown", { people: v.peopleMet })}</div>
              <div className="prose">{v.notes}</div>
              <EvidenceLinks files={v.photos} />
              <div className="muted">
                {v.by} · {formatDateTime(locale, v.createdAt)}
              </div>
            </li>
          ))}
        </ul>
        {!data.locked ? (
          <ZodForm schema={siteVisitSchema} intent="visit" action="?intent=visit" encType="multipart/form-data" className="stack form-section" aria-label={t("outcomes.visit.add")}>
            <h3>{t("outcomes.visit.add")}</h3>
            <TextField name="visitedOn" label={t("outcomes.visit.visitedOn")} type="date" />
            <TextField name="place" label={t("outcomes.visit.place")} />
            <TextField name="peopleMet" label={t("outcomes.visit.peopleMet")} help={t("outcomes.visit.peopleMet.help")} />
            <TextArea name="notes" label={t("outcomes.visit.notes")} rows={4} />
            <FileField name={SITE_VISIT_PHOTOS_FIELD} label={t("outcomes.visit.photos")} help={t("outcomes.visit.photos.help")} accept="image/jpeg,image/png" multiple />
            <div>
              <SubmitButton variant="secondary">{t("outcomes.visit.submit")}</SubmitButton>
            </div>
          </ZodForm>
        ) : null}
      </section>

      <section className="card" aria-labelledby="evidence">
        <h2 id="evidence">{t("outcomes.evidence")}</h2>
        {data.evidence.length === 0 ? <p className="muted">{t("outcomes.evidence.none")}</p> : <EvidenceLinks files={data.evidence} />}
        {!data.locked ? (
          <ZodForm schema={evidenceFilesSchema} intent="evidence" action="?intent=evidence" encType="multipart/form-data" className="stack" aria-label={t("outcomes.evidence.add")}>
            <FileField name={EVIDENCE_FIELD} label={t("outcomes.evidence.files")} help={t("outcomes.evidence.files.help")} multiple />
            <div>
              <SubmitButton variant="secondary">{t("outcomes.evidence.add")}</SubmitButton>
            </div>
          </ZodForm>
        ) : null}
      </section>

      <section className="card" aria-labelledby="scores">
        <h2 id="scores">{t("outcomes.scores")}</h2>
        {data.locked ? (
          <>
            <p className="alert alert-info">{t("outcomes.scores.locked", { at: evaluation.submittedAt ? formatDateTime(locale, evaluation.submittedAt) : "" })}</p>
            <IndicatorScores indicators={data.indicators} dimensions={data.dimensions} />
            <PartsTable parts={evaluation} />
          </>
        ) : (
          <ScoreSheetForm indicators={data.indicators} />
        )}
      </section>
    </>
  );
}

type Indicator = ReturnType<typeof useLoaderData<typeof loader>>["indicators"][number];

function ScoreSheetForm({ indicators }: { indicators: Indicator[] }) {
  const t = useT();
  const schema = useMemo(() => outcomeScoreSchema(indicators.map((i) => i.maxPoints)), [indicators]);
  const defaults = {
    final: false,
    scores: indicators.map((i) => ({ indicatorId: i.id, score: i.score === null ? "" : String(i.score), justification: i.justification, evidence: i.evidence })),
  };
  return (
    <ZodForm schema={schema} intent="score" defaultValues={defaults as never} className="stack" aria-label={t("outcomes.scores")}>
      <p className="help">{t("outcomes.scores.help")}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("outcomes.indicator.name")}</th>
              <th scope="col">{t("outcomes.indicator.score")}</th>
              <th scope="col">{t("outcomes.indicator.justification")}</th>
              <th scope="col">{t("outcomes.indicator.evidence")}</th>
            </tr>
          </thead>
          <tbody>
            {indicators.map((indicator, index) => (
              <ScoreRow key={indicator.id} index={index} indicator={indicator} />
            ))}
          </tbody>
        </table>
      </div>
      <CheckboxField name="final" label={t("outcomes.scores.final")} />
      <div>
        <SubmitButton>{t("outcomes.scores.save")}</SubmitButton>
      </div>
    </ZodForm>
  );
}

function useCellError(index: number, key: string): string | undefined {
  const { formState } = useRemixFormContext();
  const actionData = useActionData<{ values?: Record<string, unknown> }>();
  const whole = useFieldErrorObject("scores") as unknown as Record<number, Record<string, { message?: string } | undefined> | undefined> | undefined;
  const flat = useFieldErrorObject(`scores.${index}.${key}`);
  if (actionData?.values?.intent !== "score" && formState.submitCount === 0) return undefined;
  return whole?.[index]?.[key]?.message ?? flat?.message;
}

function ScoreRow({ index, indicator }: { index: number; indicator: Indicator }) {
  const t = useT();
  const { register } = useRemixFormContext();
  const scoreError = useCellError(index, "score");
  const justificationError = useCellError(index, "justification");
  const id = `indicator-${index}`;
  const label = `${indicator.dimension} · ${indicator.name}（${t("outcomes.indicator.max", { max: indicator.maxPoints })}）`;
  return (
    <tr>
      <td>
        <strong>{indicator.name}</strong> <span className="muted">（{indicator.dimension} · {t("outcomes.indicator.max", { max: indicator.maxPoints })}）</span>
        <p className="help" id={`${id}-help`}>
          {indicator.guidance}
        </p>
        <input type="hidden" {...register(`scores.${index}.indicatorId`)} />
      </td>
      <td style={{ width: "7rem" }}>
        <div className={`field${scoreError ? " field-invalid" : ""}`}>
          <input
            type="text"
            inputMode="decimal"
            aria-label={`${t("outcomes.indicator.score")}：${label}`}
            aria-invalid={scoreError ? true : undefined}
            aria-describedby={scoreError ? `${id}-score-error` : `${id}-help`}
            {...register(`scores.${index}.score`)}
          />
          {scoreError ? (
            <p className="field-error" id={`${id}-score-error`} role="alert">
              {t(scoreError)}
            </p>
          ) : null}
        </div>
      </td>
      <td>
        <div className={`field${justificationError ? " field-invalid" : ""}`}>
          <textarea
            rows={2}
            aria-label={`${t("outcomes.indicator.justification")}：${label}`}
            aria-invalid={justificationError ? true : undefined}
            aria-describedby={justificationError ? `${id}-justification-error` : undefined}
            {...register(`scores.${index}.justification`)}
          />
          {justificationError ? (
            <p className="field-error" id={`${id}-justification-error`} role="alert">
              {t(justificationError)}
            </p>
          ) : null}
        </div>
      </td>
      <td>
        <textarea rows={2} aria-label={`${t("outcomes.indicator.evidence")}：${label}`} {...register(`scores.${index}.evidence`)} />
      </td>
    </tr>
  );
}
