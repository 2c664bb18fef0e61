import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { PageHeader } from "~/components/layout";
import { requireRole } from "~/modules/auth/auth.server";
import { navigationFor } from "~/modules/auth/permissions";
import { portalCounts } from "~/modules/regions/regions.server";
import { formatNumber, useLocale, useT } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "admin");
  return json({ counts: await portalCounts(db), links: navigationFor(user).filter((n) => n.to.startsWith("/admin/")) });
}

export default function AdminHome() {
  const { counts, links } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader title={t("admin.title")} />
      <div className="grid grid-4">
        <div className="stat">
          <span className="stat-value">{formatNumber(locale, counts.pendingOrganizations)}</span>
          <span className="stat-label">{t("home.stat.pending")}</span>
        </div>
        <div className="stat">
          <span className="stat-value">{formatNumber(locale, counts.verifiedOrganizations)}</span>
          <span className="stat-label">{t("home.stat.organizations")}</span>
        </div>
        <div className="stat">
          <span className="stat-value">{formatNumber(locale, counts.communities)}</span>
          <span className="stat-label">{t("home.stat.communities")}</span>
        </div>
      </div>
      <h2>{t("common.actions")}</h2>
      <ul>
        {links.map((l) => (
          <li key={l.to}>
            <Link to={l.to}>{t(l.label)}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}
