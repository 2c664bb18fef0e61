import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { Flash, PageHeader } from "~/components/layout";
import { NeedOutcome, NeedStatusBadge } from "~/components/needs";
import { requirePermission, requireRole } from "~/modules/auth/auth.server";
import { canSupport } from "~/modules/needs/need-states";
import { listCommunityNeeds, supportNeed } from "~/modules/needs/needs.server";
import { formatNumber, useLocale, useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";
import { readFormData } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, grant } = await requireRole(request, "resident");
  const needs = grant.communityId ? await listCommunityNeeds(db, grant.communityId, { supporterId: user.id }) : [];
  return json({ communityName: grant.communityName ?? "", needs });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "needs.support");
  const formData = await readFormData(request);
  const needId = String(formData.get("subjectId") ?? "");
  const result = await runCommand({ intent: "support", subjectId: needId }, () => supportNeed(db, user, needId));
  return result.ok ? redirect("/resident?supported=1") : result.response;
}

export default function ResidentHome() {
  const { communityName, needs } = useLoaderData<typeof loader>();
  const actionData = useActionData<{ errors?: { root?: { message?: string } } }>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const refusal = actionData?.errors?.root?.message;
  return (
    <>
      <PageHeader title={t("resident.title")} intro={t("needs.resident.intro")}>
        <p>
          <Link to="/resident/needs/new" className="button button-primary">
            {t("needs.new.title")}
          </Link>
        </p>
      </PageHeader>
      <Flash message={params.get("posted") ? t("needs.posted") : params.get("supported") ? t("needs.supported") : null} />
      {refusal ? (
        <div className="alert alert-error" role="alert">
          {t(refusal)}
        </div>
      ) : null}
      <section className="card" aria-labelledby="needs-title">
        <h2 id="needs-title">
          {t("needs.list.title")} · {communityName}
        </h2>
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
                  <th scope="col">{t("needs.list.supports")}</th>
                  <th scope="col">{t("needs.list.outcome")}</th>
                </tr>
              </thead>
              <tbody>
                {needs.map((n) => (
                  <tr key={n.id}>
                    <td data-label={t("needs.list.need")}>
                      <Link to={`/needs/${n.id}`}>{n.title}</Link>
                    </td>
                    <td data-label={t("needs.field.category")}>{t(`category.${n.category}`)}</td>
                    <td data-label={t("common.status")}>
                      <NeedStatusBadge status={n.status} />
                    </td>
                    <td data-label={t("needs.list.supports")}>
                      <span>{formatNumber(locale, n.supportCount)}</span>{" "}
                      {n.supportedByMe ? (
                        <span className="badge badge-ok">{t("needs.supportedByMe")}</span>
                      ) : canSupport(n.status) ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="support" />
                          <input type="hidden" name="subjectId" value={n.id} />
                          <button type="submit" className="button button-small" aria-label={t("needs.support.label", { title: n.title })}>
                            {t("needs.support")}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                    <td data-label={t("needs.list.outcome")}>
                      <NeedOutcome reviewReason={n.reviewReason} tenderId={n.tenderId} />
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
