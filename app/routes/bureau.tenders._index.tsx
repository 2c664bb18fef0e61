import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { TenderPhaseBadge } from "~/components/tender";
import { requireRole } from "~/modules/auth/auth.server";
import { formatFen } from "~/modules/budgets/money";
import { listBureauTenders } from "~/modules/tenders/tenders.server";
import { db } from "~/utils/db.server";
import { formatDateTime, useLocale, useT } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  return json({ tenders: await listBureauTenders(db, user) });
}

export default function BureauTenders() {
  const { tenders } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader title={t("tenders.bureau.title")}>
        <Link to="/bureau/tenders/new" className="button button-primary">
          {t("tenders.bureau.new")}
        </Link>
      </PageHeader>
      {tenders.length === 0 ? (
        <p className="muted">{t("tenders.bureau.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="responsive">
            <thead>
              <tr>
                <th scope="col">{t("tenders.field.title")}</th>
                <th scope="col">{t("tenders.field.method")}</th>
                <th scope="col" className="num">
                  {t("tenders.detail.ceiling")}
                </th>
                <th scope="col">{t("tenders.detail.bidDeadline")}</th>
                <th scope="col">{t("common.status")}</th>
              </tr>
            </thead>
            <tbody>
              {tenders.map((row) => (
                <tr key={row.id}>
                  <td data-label={t("tenders.field.title")}>
                    <Link to={`/bureau/tenders/${row.id}`}>{row.title}</Link>
                  </td>
                  <td data-label={t("tenders.field.method")}>{t(`tenders.method.${row.method}`)}</td>
                  <td data-label={t("tenders.detail.ceiling")} className="num">
                    {formatFen(row.ceilingPrice)}
                  </td>
                  <td data-label={t("tenders.detail.bidDeadline")}>{formatDateTime(locale, row.bidDeadline)}</td>
                  <td data-label={t("common.status")}>
                    <TenderPhaseBadge phase={row.phase} />
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
