import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { requireRole } from "~/modules/auth/auth.server";
import { listCommunitySurveys } from "~/modules/surveys/surveys.server";
import { db } from "~/utils/db.server";
import { formatDate, useLocale, useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "surveys.community.title")];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "community");
  return json({ projects: await listCommunitySurveys(db, user) });
}

export default function CommunitySurveys() {
  const { projects } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader title={t("surveys.community.title")} intro={t("surveys.community.intro")} />
      {projects.length === 0 ? (
        <p className="muted">{t("surveys.community.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="responsive">
            <thead>
              <tr>
                <th scope="col">{t("outcomes.project")}</th>
                <th scope="col">{t("outcomes.contract.period")}</th>
                <th scope="col" className="num">
                  {t("surveys.issued")}
                </th>
                <th scope="col" className="num">
                  {t("surveys.responses")}
                </th>
                <th scope="col">{t("common.status")}</th>
              </tr>
            </thead>
            <tbody>
              {projects.map((p) => (
                <tr key={p.id}>
                  <td data-label={t("outcomes.project")}>
                    <Link to={`/community/projects/${p.id}/survey`}>{p.title}</Link>
                    <div className="muted">{p.organizationName}</div>
                  </td>
                  <td data-label={t("outcomes.contract.period")}>
                    {formatDate(locale, p.serviceStartOn)}–{formatDate(locale, p.serviceEndOn)}
                  </td>
                  <td data-label={t("surveys.issued")} className="num">
                    {p.issued}
                  </td>
                  <td data-label={t("surveys.responses")} className="num">
                    {p.responses}
                    {p.rate !== null ? <span className="muted">（{p.rate}%）</span> : null}
                  </td>
                  <td data-label={t("common.status")}>
                    <span className={`badge ${p.open ? "badge-ok" : ""}`}>{t(p.open ? "surveys.open" : "surveys.closed")}</span>
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
