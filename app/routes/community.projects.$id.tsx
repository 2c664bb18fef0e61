import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { RadioGroup, SubmitButton, TextArea, ZodForm } from "~/components/form";
import { Flash, PageHeader } from "~/components/layout";
import { ContractStatusBadge, ContractSummary, ContractTerms, MilestoneSection, MilestoneTable } from "~/components/project";
import { requireRole } from "~/modules/auth/auth.server";
import { confirmationSchema } from "~/modules/contracts/progress-schema";
import { confirmService } from "~/modules/contracts/progress.server";
import { getProject, requireProject } from "~/modules/contracts/projects.server";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "community");
  return json({ project: await getProject(db, { as: "community", user }, params.id ?? "") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "community");
  const id = params.id ?? "";
  await requireProject(db, { as: "community", user }, id);
  const formData = await readFormData(request);
  if (formData.get("intent") !== "confirm") throw new Response("Bad Request", { status: 400 });
  const { data, errors, values } = await validateSubmission(formData, confirmationSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => confirmService(db, user, String(formData.get("subjectId") ?? ""), data));
  return result.ok ? redirect(`/community/projects/${id}?done=${data.status}`) : result.response;
}

export default function CommunityProject() {
  const { project } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const done = params.get("done");
  const c = project.contract;
  const reported = project.milestones.filter((m) => m.needsReport);
  return (
    <>
      <PageHeader title={c.title}>
        <p>
          <ContractStatusBadge status={c.status} /> {c.number} · <Link to="/community/projects">{t("common.back")}</Link> · <Link to={`/projects/${c.id}`}>{t("projects.publicPage")}</Link> ·{" "}
          <Link to={`/community/projects/${c.id}/survey`}>{t("surveys.community.title")}</Link>
        </p>
      </PageHeader>
      <Flash message={done === "confirmed" || done === "problem" ? t(`projects.done.${done}`) : null} />
      <ContractSummary project={project} />
      <section className="card" aria-labelledby="milestones">
        <h2 id="milestones">{t("projects.milestones")}</h2>
        <p className="help">{t("projects.community.help")}</p>
        <MilestoneTable milestones={project.milestones} />
      </section>
      {reported.map((m) => (
        <MilestoneSection key={m.id} milestone={m}>
          {m.awaitsMyConfirmation || (m.status === "submitted" && c.status === "active" && m.myConfirmation) ? (
            <ZodForm
              schema={confirmationSchema}
              intent="confirm"
              subjectId={m.id}
              defaultValues={{ status: m.myConfirmation?.current ? m.myConfirmation.status : "confirmed", note: m.myConfirmation?.current ? (m.myConfirmation.note ?? "") : "" }}
              className="stack"
              aria-label={`${t("progress.confirm.title")}：${m.name}`}
            >
              <h4>{m.awaitsMyConfirmation ? t("progress.confirm.title") : t("progress.confirm.change")}</h4>
              <RadioGroup
                name="status"
                label={t("progress.confirm.question")}
                options={[
                  { value: "confirmed", label: t("progress.confirm.yes") },
                  { value: "problem", label: t("progress.confirm.problem") },
                ]}
              />
              <TextArea name="note" label={t("progress.confirm.note")} help={t("progress.confirm.note.help")} required={false} rows={2} />
              <div>
                <SubmitButton>{t("progress.confirm.submit")}</SubmitButton>
              </div>
            </ZodForm>
          ) : null}
        </MilestoneSection>
      ))}
      <ContractTerms project={project} />
    </>
  );
}
