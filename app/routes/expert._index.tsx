import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { TenderPhaseBadge } from "~/components/tender";
import { requireRole } from "~/modules/auth/auth.server";
import { listMyCommittees } from "~/modules/bid-evaluation/evaluation.server";
import { db } from "~/utils/db.server";
import { useLocale, useT } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "expert");
  return json({ displayName: user.displayName, committees: await listMyCommittees(db, user) });
}

export default function ExpertHome() {
  const { displayName, committees } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader title={t("expert.title")} intro={t("expert.intro")} />
      <section className="card">
        <dl className="facts">
          <dt>{t("workspace.scope")}</dt>
          <dd>
            {t("role.expert")} · {displayName}
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="committees">
        <h2 id="committees">{t("evaluation.committee.title")}</h2>
        {committees.length === 0 ? (
          <p className="muted">{t("evaluation.expert.none")}</p>
        ) : (
          <div className="table-wrap">
            <table className="responsive">
              <thead>
                <tr>
                  <th scope="col">{t("evaluation.expert.tender")}</th>
                  <th scope="col">{t("evaluation.expert.bureau")}</th>
                  <th scope="col">{t("evaluation.expert.phase")}</th>
                  <th scope="col">{t("evaluation.expert.pending")}</th>
                </tr>
              </thead>
              <tbody>
                {committees.map((c) => (
                  <tr key={c.tenderId}>
                    <td data-label={t("evaluation.expert.tender")}>
                      <Link to={`/committee/${c.tenderId}`}>{c.title}</Link>
                      <div className="muted">{t(`tenders.method.${c.method}`)}</div>
                    </td>
                    <td data-label={t("evaluation.expert.bureau")}>{locale === "en" ? c.bureauNameEn : c.bureauName}</td>
                    <td data-label={t("evaluation.expert.phase")}>
                      <TenderPhaseBadge phase={c.phase} />
                    </td>
                    <td data-label={t("evaluation.expert.pending")}>{t(c.pending.key, "vars" in c.pending ? c.pending.vars : undefined)}</td>
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
