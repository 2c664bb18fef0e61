import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { PageHeader } from "~/components/layout";
import { OrganizationStatusCard } from "~/components/org-status";
import { requireRole } from "~/modules/auth/auth.server";
import { getOwnOrganization } from "~/modules/orgs/orgs.server";
import { useT } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "evaluator");
  return json({ organization: await getOwnOrganization(db, user) });
}

export default function EvaluatorHome() {
  const { organization } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("evaluator.title")} intro={t("evaluator.intro")} />
      <OrganizationStatusCard organization={organization} />
      <p className="muted">{t("workspace.nothingYet")}</p>
    </>
  );
}
