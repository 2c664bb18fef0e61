import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { TenderPhaseBadge } from "~/components/tender";
import { requireRole } from "~/modules/auth/auth.server";
import { listOwnBids } from "~/modules/bids/bids.server";
import { formatFen } from "~/modules/budgets/money";
import { tenderPhase } from "~/modules/tenders/tender-states";
import { db } from "~/utils/db.server";
import { formatDateTime, useLocale, useT } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "agency");
  const now = new Date();
  const bids = await listOwnBids(db, user);
  return json({ bids: bids.map((b) => ({ ...b, phase: tenderPhase({ status: b.tenderStatus, bidDeadline: b.bidDeadline }, now) })) });
}

export default function AgencyBids() {
  const { bids } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader title={t("bids.title")} />
      {bids.length === 0 ? (
        <p className="muted">{t("bids.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="responsive">
            <thead>
              <tr>
                <th scope="col">{t("tenders.field.title")}</th>
                <th scope="col">{t("tenders.detail.bidDeadline")}</th>
                <th scope="col">{t("bids.updatedAt")}</th>
                <th scope="col" className="num">
                  {t("bids.opening.price")}
                </th>
                <th scope="col">{t("common.status")}</th>
              </tr>
            </thead>
            <tbody>
              {bids.map((b) => (
                <tr key={b.bidId}>
                  <td data-label={t("tenders.field.title")}>
                    <Link to={b.phase === "open" ? `/tenders/${b.tenderId}/bid` : `/tenders/${b.tenderId}`}>{b.title}</Link>
                    {b.status === "withdrawn" ? <div className="muted">{t("bids.withdrawn")}</div> : null}
                  </td>
                  <td data-label={t("tenders.detail.bidDeadline")}>{formatDateTime(locale, b.bidDeadline)}</td>
                  <td data-label={t("bids.updatedAt")}>{formatDateTime(locale, b.updatedAt)}</td>
                  <td data-label={t("bids.opening.price")} className="num">
                    {b.price === null ? "—" : formatFen(b.price)}
                  </td>
                  <td data-label={t("common.status")}>
                    <TenderPhaseBadge phase={b.phase} />
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
