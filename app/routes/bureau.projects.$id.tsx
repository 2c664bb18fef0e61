import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { SubmitButton, TextArea, TextField, ZodForm } from "~/components/form";
import { Flash, PageHeader } from "~/components/layout";
import { ContractStatusBadge, ContractSummary, ContractTerms, MilestoneSection, MilestoneTable, SignContractForm, Signatures, SpendingTable, Timeline } from "~/components/project";
import { requireRole } from "~/modules/auth/auth.server";
import { fenToYuanString } from "~/modules/budgets/money";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { reviseContractSchema, signContractSchema, terminateContractSchema } from "~/modules/contracts/contracts-schema";
import { reviseContract, signContract, terminateContract } from "~/modules/contracts/contracts.server";
import { acceptMilestoneSchema, returnMilestoneSchema } from "~/modules/contracts/progress-schema";
import { acceptMilestone, returnMilestone } from "~/modules/contracts/progress.server";
import { getProject, projectTimeline, requireProject } from "~/modules/contracts/projects.server";
import { paymentSchema } from "~/modules/payments/payments-schema";
import { recordPayment } from "~/modules/payments/payments.server";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  const project = await getProject(db, { as: "bureau", user }, params.id ?? "");
  return json({ project, timeline: await projectTimeline(db, project), today: shanghaiToday() });
}

const DONE = ["generated", "revised", "signed", "active", "terminated", "accepted", "returned", "paid", "completed"] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  const id = params.id ?? "";
  await requireProject(db, { as: "bureau", user }, id);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const subjectId = String(formData.get("subjectId") ?? "");
  const done = (key: (typeof DONE)[number]) => redirect(`/bureau/projects/${id}?done=${key}`);
  switch (intent) {
    case "revise": {
      const { data, errors, values } = await validateSubmission(formData, reviseContractSchema);
      if (errors) return fieldErrors(errors, values);
      const result = await runCommand(values, () => reviseContract(db, user, id, data));
      return result.ok ? done("revised") : result.response;
    }
    case "sign": {
      const { data, errors, values } = await validateSubmission(formData, signContractSchema);
      if (errors) return fieldErrors(errors, values);
      const result = await runCommand(values, () => signContract(db, user, id, data));
      return result.ok ? done(result.value.active ? "active" : "signed") : result.response;
    }
    case "terminate": {
      const { data, errors, values } = await validateSubmission(formData, terminateContractSchema);
      if (errors) return fieldErrors(errors, values);
      const result = await runCommand(values, () => terminateContract(db, user, id, data));
      return result.ok ? done("terminated") : result.response;
    }
    case "accept": {
      const { values } = await validateSubmission(formData, acceptMilestoneSchema);
      const result = await runCommand(values, () => acceptMilestone(db, user, subjectId), { onRoot: true });
      return result.ok ? done("accepted") : result.response;
    }
    case "return": {
      const { data, errors, values } = await validateSubmission(formData, returnMilestoneSchema);
      if (errors) return fieldErrors(errors, values);
      const result = await runCommand(values, () => returnMilestone(db, user, subjectId, data));
      return result.ok ? done("returned") : result.response;
    }
    case "pay": {
      const { data, errors, values } = await validateSubmission(formData, paymentSchema);
      if (errors) return fieldErrors(errors, values);
      const result = await runCommand(values, () => recordPayment(db, user, data));
      return result.ok ? done(result.value.completed ? "completed" : "paid") : result.response;
    }
    default:
      throw new Response("Bad Request", { status: 400 });
  }
}

export default function BureauProject() {
  const { project, timeline, today } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const done = params.get("done");
  const c = project.contract;
  return (
    <>
      <PageHeader title={c.title}>
        <p>
          <ContractStatusBadge status={c.status} /> {c.number} · <Link to="/bureau/projects">{t("common.back")}</Link>
          {c.status !== "draft" ? (
            <>
              {" "}
              · <Link to={`/projects/${c.id}`}>{t("projects.publicPage")}</Link>
              · <Link to={`/bureau/projects/${c.id}/outcome`}>{t("outcomes.title")}</Link>
            </>
          ) : null}
        </p>
      </PageHeader>
      <Flash message={done && (DONE as readonly string[]).includes(done) ? t(`projects.done.${done}`) : null} />
      <ContractSummary project={project} pdfHref={`/projects/${c.id}/contract.pdf`} />
      <Signatures project={project}>
        {project.viewer.canSign ? (
          <SignContractForm contract={c} />
        ) : null}
      </Signatures>
      {project.viewer.mayRevise ? (
        <section className="card" aria-labelledby="revise">
          <h2 id="revise">{t("projects.revise")}</h2>
          <p className="help">{t("projects.revise.help")}</p>
          <ZodForm schema={reviseContractSchema} intent="revise" defaultValues={{ serviceStartOn: c.serviceStartOn, serviceEndOn: c.serviceEndOn }} className="row-form" aria-label={t("projects.revise")}>
            <TextField name="serviceStartOn" type="date" label={t("projects.field.serviceStartOn")} />
            <TextField name="serviceEndOn" type="date" label={t("projects.field.serviceEndOn")} />
            <div>
              <SubmitButton variant="secondary">{t("projects.revise.submit")}</SubmitButton>
            </div>
          </ZodForm>
        </section>
      ) : null}
      <section className="card" aria-labelledby="milestones">
        <h2 id="milestones">{t("projects.milestones")}</h2>
        <MilestoneTable milestones={project.milestones} />
      </section>
      {project.milestones.map((m) => (
        <MilestoneSection key={m.id} milestone={m}>
          {m.status === "submitted" && c.status === "active" ? (
            <div className="grid grid-2">
              <ZodForm schema={acceptMilestoneSchema} intent="accept" subjectId={m.id} className="stack" aria-label={`${t("progress.accept")}：${m.name}`}>
                <p className="help">{t("progress.accept.help")}</p>
                <div>
                  <SubmitButton>{t("progress.accept")}</SubmitButton>
                </div>
              </ZodForm>
              <ZodForm schema={returnMilestoneSchema} intent="return" subjectId={m.id} className="stack" aria-label={`${t("progress.return")}：${m.name}`}>
                <TextArea name="reason" label={t("progress.return.reason")} rows={2} />
                <div>
                  <SubmitButton variant="secondary">{t("progress.return")}</SubmitButton>
                </div>
              </ZodForm>
            </div>
          ) : null}
          {m.tranche.state === "payable" ? (
            <ZodForm
              schema={paymentSchema}
              intent="pay"
              subjectId={m.tranche.id}
              defaultValues={{ trancheId: m.tranche.id, paidOn: today, amount: fenToYuanString(m.tranche.amount) }}
              className="row-form"
              aria-label={`${t("payments.record")}：${m.name}`}
            >
              <input type="hidden" name="trancheId" value={m.tranche.id} />
              <TextField name="paidOn" type="date" label={t("payments.field.paidOn")} />
              <TextField name="amount" label={t("payments.field.amount")} inputMode="decimal" />
              <TextField name="reference" label={t("payments.field.reference")} help={t("payments.field.reference.help")} />
              <div>
                <SubmitButton>{t("payments.record")}</SubmitButton>
              </div>
            </ZodForm>
          ) : null}
        </MilestoneSection>
      ))}
      <SpendingTable project={project} />
      <ContractTerms project={project} />
      <Timeline events={timeline} project={project} />
      {project.viewer.mayTerminate ? (
        <section className="card" aria-labelledby="terminate">
          <h2 id="terminate">{t("projects.terminate")}</h2>
          <p className="help">{t("projects.terminate.help")}</p>
          <ZodForm schema={terminateContractSchema} intent="terminate" className="stack" aria-label={t("projects.terminate")}>
            <TextArea name="reason" label={t("projects.terminate.reason")} rows={3} />
            <div>
              <SubmitButton variant="danger">{t("projects.terminate")}</SubmitButton>
            </div>
          </ZodForm>
        </section>
      ) : null}
    </>
  );
}
