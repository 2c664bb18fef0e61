import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { PageHeader } from "~/components/layout";
import { VerificationBadge } from "~/components/organization";
import { requireRole } from "~/modules/auth/auth.server";
import { listOrganizationsForReview } from "~/modules/orgs/orgs.server";
import { formatDateTime, useLocale, useT } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, grant } = await requireRole(request, "bureau");
  const pending = await listOrganizationsForReview(db, user, { status: "pending" });
  return json({ bureauName: grant.bureauName ?? "", pending: pending.map((o) => ({ id: o.id, name: o.name, createdAt: o.createdAt, districts: o.districts })) });
}

export default function BureauHome() {
  const { bureauName, pending } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader title={t("bureau.title", { bureau: bureauName })} intro={t("bureau.intro")} />
      <section className="card" aria-labelledby="pending-title">
        <h2 id="pending-title">{t("bureau.pendingOrgs")}</h2>
        {pending.length === 0 ? (
          <p className="muted">{t("bureau.noPending")}</p>
        ) : (
          <table className="responsive">
            <thead>
              <tr>
                <th scope="col">{t("common.name")}</th>
                <th scope="col">{t("org.profile.districts")}</th>
                <th scope="col">{t("review.submittedAt")}</th>
                <th scope="col">{t("common.status")}</th>
              </tr>
            </thead>
            <tbody>
              {pending.map((o) => (
                <tr key={o.id}>
                  <td data-label={t("common.name")}>
                    <Link to="/bureau/organizations?status=pending">{o.name}</Link>
                  </td>
                  <td data-label={t("org.profile.districts")}>{o.districts.join("、")}</td>
                  <td data-label={t("review.submittedAt")}>{formatDateTime(locale, o.createdAt)}</td>
                  <td data-label={t("common.status")}>
                    <VerificationBadge status="pending" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
