import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { ProjectTable } from "~/components/project";
import { requireRole } from "~/modules/auth/auth.server";
import { listAgencyProjects } from "~/modules/contracts/projects.server";
import { db } from "~/utils/db.server";
import { useT } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "agency");
  return json({ projects: await listAgencyProjects(db, user) });
}

export default function AgencyProjects() {
  const { projects } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("projects.agency.title")} intro={t("projects.agency.intro")} />
      <section className="card" aria-labelledby="projects">
        <h2 id="projects">{t("projects.list")}</h2>
        {projects.length === 0 ? (
          <p className="muted">{t("projects.none")}</p>
        ) : (
          <ProjectTable
            projects={projects}
            href={(p) => `/agency/projects/${p.id}`}
            showBureau
            note={(p) => (
              <>
                {p.awaitingSignature ? <div className="badge badge-warn">{t("projects.agency.toSign")}</div> : null}
                {p.reportsDue > 0 ? <div className="badge badge-warn">{t("projects.agency.reportsDue", { n: p.reportsDue })}</div> : null}
              </>
            )}
          />
        )}
      </section>
    </>
  );
}
