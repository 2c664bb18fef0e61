import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Flash, PageHeader } from "~/components/layout";
import { ContractStatusBadge, ContractSummary, ContractTerms, MilestoneSection, MilestoneTable, SignContractForm, Signatures, SpendingTable, Timeline } from "~/components/project";
import { requireRole } from "~/modules/auth/auth.server";
import { signContractSchema } from "~/modules/contracts/contracts-schema";
import { signContract } from "~/modules/contracts/contracts.server";
import { getProject, projectTimeline, requireProject } from "~/modules/contracts/projects.server";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "agency");
  const project = await getProject(db, { as: "agency", user }, params.id ?? "");
  return json({ project, timeline: await projectTimeline(db, project) });
}

const DONE = ["signed", "active", "saved", "submitted"] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "agency");
  const id = params.id ?? "";
  await requireProject(db, { as: "agency", user }, id);
  const formData = await readFormData(request);
  if (formData.get("intent") !== "sign") throw new Response("Bad Request", { status: 400 });
  const { data, errors, values } = await validateSubmission(formData, signContractSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => signContract(db, user, id, data));
  return result.ok ? redirect(`/agency/projects/${id}?done=${result.value.active ? "active" : "signed"}`) : result.response;
}

export default function AgencyProject() {
  const { project, timeline } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const done = params.get("done");
  const c = project.contract;
  return (
    <>
      <PageHeader title={c.title}>
        <p>
          <ContractStatusBadge status={c.status} /> {c.number} · <Link to="/agency/projects">{t("common.back")}</Link>
          {c.status !== "draft" ? (
            <>
              {" "}
              · <Link to={`/projects/${c.id}`}>{t("projects.publicPage")}</Link>
            </>
          ) : null}
        </p>
      </PageHeader>
      <Flash message={done && (DONE as readonly string[]).includes(done) ? t(`projects.done.${done}`) : null} />
      <ContractSummary project={project} pdfHref={`/projects/${c.id}/contract.pdf`} />
      <Signatures project={project}>
        {project.viewer.canSign ? (
          <SignContractForm contract={c} />
        ) : c.status === "draft" && project.viewer.party === null ? (
          <p className="help">{t("contracts.refused.ownerOnly")}</p>
        ) : null}
      </Signatures>
      <section className="card" aria-labelledby="milestones">
        <h2 id="milestones">{t("projects.milestones")}</h2>
        <MilestoneTable milestones={project.milestones} />
      </section>
      {project.milestones.map((m) => (
        <MilestoneSection key={m.id} milestone={m}>
          {c.status === "active" && m.needsReport && (m.status === "pending" || m.status === "returned") ? (
            <p>
              <Link to={`/agency/projects/${c.id}/reports/${m.id}`} className="button button-primary">
                {m.report ? t("progress.edit") : t("progress.write")}
              </Link>
            </p>
          ) : null}
        </MilestoneSection>
      ))}
      <SpendingTable project={project} />
      <ContractTerms project={project} />
      <Timeline events={timeline} project={project} />
    </>
  );
}
