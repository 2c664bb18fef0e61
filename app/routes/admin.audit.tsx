import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { FilterForm, FilterInput } from "~/components/filters";
import { PageHeader } from "~/components/layout";
import { listAuditEntries, verifyAuditChain } from "~/modules/audit/audit.server";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatDateTime, useLocale, useT } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "audit.read");
  const params = new URL(request.url).searchParams;
  const filter = {
    subject: params.get("subject")?.trim().slice(0, 100) || undefined,
    actor: params.get("actor")?.trim().slice(0, 100) || undefined,
    action: params.get("action")?.trim().slice(0, 100) || undefined,
    page: Number(params.get("page")) || 1,
  };
  const [result, chain] = await Promise.all([listAuditEntries(db, filter), verifyAuditChain(db)]);
  return json({ ...result, chain, filter });
}

export default function AdminAudit() {
  const { entries, hasMore, page, chain, filter } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const query = (p: number) =>
    `?${new URLSearchParams({ ...(filter.subject ? { subject: filter.subject } : {}), ...(filter.actor ? { actor: filter.actor } : {}), ...(filter.action ? { action: filter.action } : {}), page: String(p) })}`;
  return (
    <>
      <PageHeader title={t("admin.audit.title")} />
      {chain.ok ? (
        <p className="alert alert-success" role="status">
          {t("admin.audit.chainOk", { count: chain.count })}
        </p>
      ) : (
        <p className="alert alert-error" role="alert">
          {t("admin.audit.chainBroken", { id: chain.firstBadId })}
        </p>
      )}
      <FilterForm submitLabel={t("admin.audit.filter")}>
        <FilterInput id="audit-subject" name="subject" label={t("admin.audit.subject")} defaultValue={filter.subject} />
        <FilterInput id="audit-actor" name="actor" label={t("admin.audit.actor")} defaultValue={filter.actor} />
        <FilterInput id="audit-action" name="action" label={t("admin.audit.action")} defaultValue={filter.action} />
      </FilterForm>
      {entries.length === 0 ? (
        <p className="muted">{t("admin.audit.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="responsive">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t("admin.audit.time")}</th>
                <th scope="col">{t("admin.audit.actor")}</th>
                <th scope="col">{t("admin.audit.action")}</th>
                <th scope="col">{t("admin.audit.subject")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td data-label="#">{e.seq}</td>
                  <td data-label={t("admin.audit.time")}>{formatDateTime(locale, e.at)}</td>
                  <td data-label={t("admin.audit.actor")}>{e.actor ?? t("admin.audit.system")}</td>
                  <td data-label={t("admin.audit.action")}>
                    <code>{e.action}</code>
                  </td>
                  <td data-label={t("admin.audit.subject")}>
                    {e.subjectType} <span className="muted">{e.subjectId}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label={t("common.page", { page })}>
        {page > 1 ? <Link to={query(page - 1)}>{t("common.previous")}</Link> : null}
        <span>{t("common.page", { page })}</span>
        {hasMore ? <Link to={query(page + 1)}>{t("common.next")}</Link> : null}
      </nav>
    </>
  );
}
