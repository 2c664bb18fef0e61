import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { ProjectTable } from "~/components/project";
import { requireRole } from "~/modules/auth/auth.server";
import { listCommunityProjects } from "~/modules/contracts/projects.server";
import { db } from "~/utils/db.server";
import { useT } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, grant } = await requireRole(request, "community");
  return json({ communityName: grant.communityName ?? "", projects: await listCommunityProjects(db, user) });
}

export default function CommunityProjects() {
  const { communityName, projects } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("projects.community.title", { community: communityName })} intro={t("projects.community.intro")} />
      <section className="card" aria-labelledby="projects">
        <h2 id="projects">{t("projects.list")}</h2>
        {projects.length === 0 ? (
          <p className="muted">{t("projects.none")}</p>
        ) : (
          <ProjectTable
            projects={projects}
            href={(p) => `/community/projects/${p.id}`}
            showBureau
            note={(p) => (p.toConfirm > 0 ? <div className="badge badge-warn">{t("projects.community.toConfirm", { n: p.toConfirm })}</div> : null)}
          />
        )}
      </section>
    </>
  );
}
