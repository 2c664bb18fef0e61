import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { OrganizationStatusCard } from "~/components/org-status";
import { GradeBadge } from "~/components/outcome";
import { requireRole } from "~/modules/auth/auth.server";
import { getOwnOrganization } from "~/modules/orgs/orgs.server";
import { listEvaluatorEvaluations } from "~/modules/outcomes/outcomes.server";
import { db } from "~/utils/db.server";
import { formatDate, useLocale, useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "evaluator.title")];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "evaluator");
  const [organization, evaluations] = await Promise.all([getOwnOrganization(db, user), listEvaluatorEvaluations(db, user)]);
  return json({ organization, evaluations });
}

export default function EvaluatorHome() {
  const { organization, evaluations } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader title={t("evaluator.title")} intro={t("evaluator.intro")} />
      <OrganizationStatusCard organization={organization} />
      <section className="card" aria-labelledby="evaluations">
        <h2 id="evaluations">{t("outcomes.evaluator.list")}</h2>
        {evaluations.length === 0 ? (
          <p className="muted">{t("workspace.nothingYet")}</p>
        ) : (
          <div className="table-wrap">
            <table className="responsive">
              <thead>
                <tr>
                  <th scope="col">{t("outcomes.project")}</th>
                  <th scope="col">{t("outcomes.agency")}</th>
                  <th scope="col">{t("outcomes.dueOn")}</th>
                  <th scope="col">{t("common.status")}</th>
                </tr>
              </thead>
              <tbody>
                {evaluations.map((e) => (
                  <tr key={e.id}>
                    <td data-label={t("outcomes.project")}>
                      <Link to={`/evaluator/evaluations/${e.id}`}>{e.title}</Link>
                      <div className="muted">{e.number}</div>
                    </td>
                    <td data-label={t("outcomes.agency")}>{e.organizationName}</td>
                    <td data-label={t("outcomes.dueOn")}>
                      {formatDate(locale, e.dueOn)} {e.overdue ? <span className="badge badge-bad">{t("outcomes.overdue")}</span> : null}
                    </td>
                    <td data-label={t("common.status")}>
                      <span className={`badge ${e.status === "submitted" ? "badge-ok" : "badge-warn"}`}>{t(`outcomes.status.${e.status}`)}</span> {e.grade ? <GradeBadge grade={e.grade} /> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
