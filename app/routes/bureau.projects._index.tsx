import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SubmitButton, TextField, ZodForm } from "~/components/form";
import { PageHeader } from "~/components/layout";
import { ProjectTable } from "~/components/project";
import { requireRole } from "~/modules/auth/auth.server";
import { formatFen } from "~/modules/budgets/money";
import { generateContractSchema } from "~/modules/contracts/contracts-schema";
import { generateContract } from "~/modules/contracts/contracts.server";
import { listBureauProjects } from "~/modules/contracts/projects.server";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { formatDate, useLocale, useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  return json(await listBureauProjects(db, user));
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  const formData = await readFormData(request);
  if (formData.get("intent") !== "generate") throw new Response("Bad Request", { status: 400 });
  const { data, errors, values } = await validateSubmission(formData, generateContractSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => generateContract(db, user, data));
  return result.ok ? redirect(`/bureau/projects/${result.value.id}?done=generated`) : result.response;
}

export default function BureauProjects() {
  const { projects, awaiting } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader title={t("projects.bureau.title")} intro={t("projects.bureau.intro")} />
      <section className="card" aria-labelledby="awaiting">
        <h2 id="awaiting">{t("projects.awaiting")}</h2>
        {awaiting.length === 0 ? (
          <p className="muted">{t("projects.awaiting.none")}</p>
        ) : (
          <ul className="notification-list">
            {awaiting.map((a) => (
              <li key={a.awardId}>
                <p>
                  <Link to={`/bureau/tenders/${a.tenderId}/award`}>{a.tenderTitle}</Link> · {a.organizationName} · {formatFen(a.amount)}
                </p>
                {a.ready ? (
                  <ZodForm
                    schema={generateContractSchema}
                    intent="generate"
                    subjectId={a.awardId}
                    defaultValues={{ awardId: a.awardId, serviceStartOn: a.defaultStart }}
                    className="row-form"
                    aria-label={`${t("projects.generate")}：${a.tenderTitle} · ${a.organizationName}`}
                  >
                    <input type="hidden" name="awardId" value={a.awardId} />
                    <TextField name="serviceStartOn" type="date" label={t("projects.field.serviceStartOn")} help={t("projects.field.serviceStartOn.help")} />
                    <div>
                      <SubmitButton>{t("projects.generate")}</SubmitButton>
                    </div>
                  </ZodForm>
                ) : (
                  <p className="alert alert-warn">
                    {t(a.reason!)} {a.reason === "contracts.refused.notFinal" ? t("projects.awaiting.until", { date: formatDate(locale, a.challengeDeadline) }) : null}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="projects">
        <h2 id="projects">{t("projects.list")}</h2>
        {projects.length === 0 ? <p className="muted">{t("projects.none")}</p> : <ProjectTable projects={projects} href={(p) => `/bureau/projects/${p.id}`} />}
      </section>
    </>
  );
}
