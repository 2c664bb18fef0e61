import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { TenderTable } from "~/components/tender";
import { requireRole } from "~/modules/auth/auth.server";
import { listBureauTenders } from "~/modules/tenders/tenders.server";
import { db } from "~/utils/db.server";
import { useT } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  return json({ tenders: await listBureauTenders(db, user) });
}

export default function BureauTenders() {
  const { tenders } = useLoaderData<typeof loader>();
  const t = useT();
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
        <TenderTable tenders={tenders} href={(row) => `/bureau/tenders/${row.id}`} />
      )}
    </>
  );
}
