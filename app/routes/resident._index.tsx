import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { requireRole } from "~/modules/auth/auth.server";
import { useT } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const { grant } = await requireRole(request, "resident");
  return json({ communityName: grant.communityName ?? "" });
}

export default function ResidentHome() {
  const { communityName } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("resident.title")} intro={t("resident.intro")} />
      <section className="card">
        <dl className="facts">
          <dt>{t("workspace.scope")}</dt>
          <dd>
            {t("role.resident")} · {communityName}
          </dd>
        </dl>
        <p className="muted">{t("workspace.nothingYet")}</p>
      </section>
    </>
  );
}
