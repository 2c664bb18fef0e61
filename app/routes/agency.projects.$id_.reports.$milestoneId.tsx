import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FileField, RadioGroup, RowsField, SubmitButton, TextArea, TextField, ZodForm } from "~/components/form";
import { PageHeader } from "~/components/layout";
import { requireRole } from "~/modules/auth/auth.server";
import { fenToYuanString } from "~/modules/budgets/money";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { progressReportSchema, REPORT_EVIDENCE_FIELD } from "~/modules/contracts/progress-schema";
import { saveProgressReport } from "~/modules/contracts/progress.server";
import { getProject } from "~/modules/contracts/projects.server";
import { UPLOAD_ACCEPT } from "~/modules/documents/file-types";
import { parseUpload } from "~/modules/documents/uploads.server";
import { db } from "~/utils/db.server";
import { fieldErrors, validateSubmission } from "~/utils/forms.server";
import { formatDate, useLocale, useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

// Without JavaScript rows cannot be added in place: the form offers this many spare rows.
const SPARE_ROWS = 3;

/** The project and the milestone to report on; a report that cannot be edited now sends the reader back to the project. */
async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const { user } = await requireRole(request, "agency");
  const project = await getProject(db, { as: "agency", user }, params.id ?? "");
  const milestone = project.milestones.find((m) => m.id === params.milestoneId);
  if (!milestone || !milestone.needsReport) throw new Response("Not Found", { status: 404 });
  const editable = project.contract.status === "active" && (milestone.status === "pending" || milestone.status === "returned");
  return { user, project, milestone, editable };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { project, milestone, editable } = await load(request, params);
  if (!editable) throw redirect(`/agency/projects/${project.contract.id}`);
  const report = milestone.report;
  const previous = project.milestones.find((m) => m.position === milestone.position - 1);
  const today = shanghaiToday();
  const dueOrToday = milestone.dueOn < today ? milestone.dueOn : today;
  const budget = project.terms?.budget ?? [];
  const spentOn = new Map((report?.spending ?? []).map((s) => [s.line, s.amount]));
  const defaults = {
    intent: "save",
    periodStart: report?.periodStart ?? (previous && previous.dueOn > project.contract.serviceStartOn ? previous.dueOn : project.contract.serviceStartOn),
    periodEnd: report?.periodEnd ?? (dueOrToday < project.contract.serviceStartOn ? project.contract.serviceStartOn : dueOrToday),
    activities: [
      ...(report?.activities ?? []).map((a) => ({ date: a.date, title: a.title, place: a.place, participants: String(a.participants) })),
      ...Array.from({ length: SPARE_ROWS }, () => ({ date: "", title: "", place: "", participants: "" })),
    ],
    beneficiaries: report ? String(report.beneficiaries) : "",
    volunteerHours: report ? String(report.volunteerHours) : "",
    spending: budget.map((b) => ({ line: b.item, amount: spentOn.has(b.item) ? fenToYuanString(spentOn.get(b.item)!) : "" })),
    narrative: report?.narrative ?? "",
  };
  return json({
    contract: { id: project.contract.id, title: project.contract.title, serviceStartOn: project.contract.serviceStartOn, serviceEndOn: project.contract.serviceEndOn },
    milestone: { id: milestone.id, position: milestone.position, name: milestone.name, dueOn: milestone.dueOn, status: milestone.status, returnReason: milestone.returnReason },
    evidence: report?.evidence ?? [],
    budget,
    defaults,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, project, milestone } = await load(request, params);
  const upload = await parseUpload(request, { field: REPORT_EVIDENCE_FIELD });
  const { data, errors, values } = await validateSubmission(upload.fields, progressReportSchema);
  if (errors || Object.keys(upload.errors).length > 0) return fieldErrors({ ...errors, ...upload.errors }, values);
  const result = await runCommand(values, () => saveProgressReport(db, user, milestone.id, data, upload.files));
  return result.ok ? redirect(`/agency/projects/${project.contract.id}?done=${data.intent === "submit" ? "submitted" : "saved"}`) : result.response;
}

export default function ReportForm() {
  const { contract, milestone, evidence, budget, defaults } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader title={t("progress.form.title", { milestone: milestone.name })} intro={contract.title}>
        <p>
          <Link to={`/agency/projects/${contract.id}`}>{t("common.back")}</Link>
        </p>
      </PageHeader>
      {milestone.status === "returned" && milestone.returnReason ? <p className="alert alert-warn">{t("progress.returnedWith", { reason: milestone.returnReason })}</p> : null}
      <section className="card">
        <p className="help">
          {t("progress.form.help", { start: formatDate(locale, contract.serviceStartOn), end: formatDate(locale, contract.serviceEndOn), due: formatDate(locale, milestone.dueOn) })}
        </p>
        <ZodForm schema={progressReportSchema} defaultValues={defaults as never} encType="multipart/form-data" className="stack" aria-label={t("progress.form.title", { milestone: milestone.name })}>
          <div className="field-row">
            <TextField name="periodStart" type="date" label={t("progress.field.periodStart")} />
            <TextField name="periodEnd" type="date" label={t("progress.field.periodEnd")} />
          </div>
          <RowsField
            name="activities"
            label={t("progress.activities")}
            help={t("progress.activities.help")}
            columns={[
              { key: "date", label: t("progress.activity.date"), type: "date" },
              { key: "title", label: t("progress.activity.title") },
              { key: "place", label: t("progress.activity.place") },
              { key: "participants", label: t("progress.activity.participants"), type: "number" },
            ]}
          />
          <div className="field-row">
            <TextField name="beneficiaries" label={t("progress.beneficiaries")} help={t("progress.beneficiaries.help")} inputMode="numeric" />
            <TextField name="volunteerHours" label={t("progress.volunteerHours")} inputMode="decimal" />
          </div>
          <fieldset className="field">
            <legend>{t("progress.spending")}</legend>
            <p className="help">{t("progress.spending.help")}</p>
            {budget.map((b, i) => (
              <div key={b.item}>
                <input type="hidden" name={`spending.${i}.line`} value={b.item} />
                <TextField name={`spending.${i}.amount`} label={b.item} help={t("progress.spending.budgeted", { amount: fenToYuanString(b.amount) })} inputMode="decimal" required={false} />
              </div>
            ))}
          </fieldset>
          <TextArea name="narrative" label={t("progress.narrative")} help={t("progress.narrative.help")} rows={6} />
          {evidence.length ? (
            <p>
              {t("progress.evidence")}：
              {evidence.map((f, i) => (
                <span key={f.id}>
                  {i > 0 ? "、" : null}
                  <a href={`/attachments/${f.id}`}>{f.filename}</a>
                </span>
              ))}
            </p>
          ) : null}
          <FileField name={REPORT_EVIDENCE_FIELD} label={t("progress.evidence.add")} help={t("progress.evidence.help")} accept={UPLOAD_ACCEPT} multiple />
          <RadioGroup
            name="intent"
            label={t("progress.intent")}
            options={[
              { value: "save", label: t("progress.intent.save") },
              { value: "submit", label: t("progress.intent.submit") },
            ]}
          />
          <div>
            <SubmitButton>{t("progress.form.submit")}</SubmitButton>
          </div>
        </ZodForm>
      </section>
    </>
  );
}
