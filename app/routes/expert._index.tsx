import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { requireRole } from "~/modules/auth/auth.server";
import { useT } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "expert");
  return json({ displayName: user.displayName });
}

export default function ExpertHome() {
  const { displayName } = useLoaderData<typeof loader>();
  const t = useT();
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
        <p className="muted">{t("workspace.nothingYet")}</p>
      </section>
    </>
  );
}
