import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { Flash, PageHeader } from "~/components/layout";
import { EvidenceLinks, NeedOutcome, NeedStatusBadge } from "~/components/needs";
import { requireRole } from "~/modules/auth/auth.server";
import { listCommunityNeeds } from "~/modules/needs/needs.server";
import { formatNumber, useLocale, useT } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const { grant } = await requireRole(request, "community");
  const needs = grant.communityId ? await listCommunityNeeds(db, grant.communityId, { evidence: true }) : [];
  return json({ communityName: grant.communityName ?? "", needs });
}

export default function CommunityHome() {
  const { communityName, needs } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader title={t("community.title", { community: communityName })} intro={t("needs.community.intro")}>
        <p>
          <Link to="/community/needs/new" className="button button-primary">
            {t("needs.new.title")}
          </Link>
        </p>
      </PageHeader>
      <Flash message={params.get("posted") ? t("needs.posted") : null} />
      <section className="card" aria-labelledby="needs-title">
        <h2 id="needs-title">{t("needs.list.title")}</h2>
        {needs.length === 0 ? (
          <p className="muted">{t("needs.list.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table className="responsive">
              <thead>
                <tr>
                  <th scope="col">{t("needs.list.need")}</th>
                  <th scope="col">{t("needs.field.category")}</th>
                  <th scope="col">{t("common.status")}</th>
                  <th scope="col" className="num">
                    {t("needs.list.supports")}
                  </th>
                  <th scope="col">{t("needs.list.outcome")}</th>
                  <th scope="col">{t("needs.list.evidence")}</th>
                </tr>
              </thead>
              <tbody>
                {needs.map((n) => (
                  <tr key={n.id}>
                    <td data-label={t("needs.list.need")}>
                      <Link to={`/needs/${n.id}`}>{n.title}</Link>
                      <div className="muted">{t(`needs.channel.${n.channel}`)}</div>
                    </td>
                    <td data-label={t("needs.field.category")}>{t(`category.${n.category}`)}</td>
                    <td data-label={t("common.status")}>
                      <NeedStatusBadge status={n.status} />
                    </td>
                    <td data-label={t("needs.list.supports")} className="num">
                      {formatNumber(locale, n.supportCount)}
                    </td>
                    <td data-label={t("needs.list.outcome")}>
                      <NeedOutcome reviewReason={n.reviewReason} tenderId={n.tenderId} />
                    </td>
                    <td data-label={t("needs.list.evidence")}>
                      <EvidenceLinks files={n.evidence} />
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
