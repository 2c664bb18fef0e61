import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { GradeBadge } from "~/components/outcome";
import { requireRole } from "~/modules/auth/auth.server";
import { listAgencyEvaluations } from "~/modules/outcomes/outcomes.server";
import { db } from "~/utils/db.server";
import { formatDate, useLocale, useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "outcomes.agency.title")];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "agency");
  return json({ evaluations: await listAgencyEvaluations(db, user) });
}

export default function AgencyOutcomes() {
  const { evaluations } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader title={t("outcomes.agency.title")} intro={t("outcomes.agency.intro")} />
      {evaluations.length === 0 ? (
        <p className="muted">{t("workspace.nothingYet")}</p>
      ) : (
        <div className="table-wrap">
          <table className="responsive">
            <thead>
              <tr>
                <th scope="col">{t("outcomes.project")}</th>
                <th scope="col">{t("outcomes.evaluatorOrganization")}</th>
                <th scope="col">{t("outcomes.dueOn")}</th>
                <th scope="col">{t("common.status")}</th>
              </tr>
            </thead>
            <tbody>
              {evaluations.map((e) => (
                <tr key={e.id}>
                  <td data-label={t("outcomes.project")}>
                    <Link to={`/agency/outcomes/${e.id}`}>{e.title}</Link>
                    <div className="muted">{e.number}</div>
                  </td>
                  <td data-label={t("outcomes.evaluatorOrganization")}>{e.evaluatorName}</td>
                  <td data-label={t("outcomes.dueOn")}>{formatDate(locale, e.dueOn)}</td>
                  <td data-label={t("common.status")}>
                    <span className={`badge ${e.status === "submitted" ? "badge-ok" : "badge-warn"}`}>{t(`outcomes.status.${e.status}`)}</span> {e.grade ? <GradeBadge grade={e.grade} /> : null}
                    {e.status === "submitted" && !e.responded ? <div className="muted">{t("outcomes.agency.mayRespond")}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
