import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { TenderPhaseBadge } from "~/components/tender";
import { translator } from "~/i18n";
import { formatFen } from "~/modules/budgets/money";
import { SERVICE_CATEGORIES } from "~/modules/needs/service-categories";
import { listDistricts } from "~/modules/regions/regions.server";
import { PROCUREMENT_METHODS } from "~/modules/tenders/tender-rules";
import { PUBLIC_STATUS_GROUPS, type PublicStatusGroup } from "~/modules/tenders/tender-states";
import { listPublicTenders } from "~/modules/tenders/tenders.server";
import { db } from "~/utils/db.server";
import { formatDateTime, useLocale, useT } from "~/utils/i18n";

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches[0]?.data as { locale?: "zh-CN" | "en" } | undefined)?.locale ?? "zh-CN";
  const t = translator(locale);
  return [{ title: `${t("tenders.title")} · ${t("app.name")}` }, { name: "description", content: t("tenders.intro") }];
};

const GROUPS = Object.keys(PUBLIC_STATUS_GROUPS) as PublicStatusGroup[];

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const filter = {
    districtId: params.get("district") || undefined,
    category: pick(params.get("category"), SERVICE_CATEGORIES),
    method: pick(params.get("method"), PROCUREMENT_METHODS),
    status: pick(params.get("status"), GROUPS),
    q: params.get("q")?.trim().slice(0, 100) || undefined,
    page: Number(params.get("page")) || 1,
  };
  const [result, districts] = await Promise.all([listPublicTenders(db, filter), listDistricts(db)]);
  return json({ ...result, filter, districts: districts.map((d) => ({ id: d.id, nameZh: d.nameZh, nameEn: d.nameEn })) });
}

export default function Tenders() {
  const { tenders, total, page, pageCount, filter, districts } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const pageLink = (p: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ district: filter.districtId, category: filter.category, method: filter.method, status: filter.status, q: filter.q })) {
      if (v) params.set(k, v);
    }
    params.set("page", String(p));
    return `?${params}`;
  };
  return (
    <>
      <PageHeader title={t("tenders.title")} intro={t("tenders.intro")} />
      <Form method="get" className="filters" role="search" aria-label={t("tenders.filter.submit")}>
        <div className="field">
          <label htmlFor="f-q">{t("tenders.filter.q")}</label>
          <input id="f-q" type="search" name="q" defaultValue={filter.q ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="f-district">{t("tenders.filter.district")}</label>
          <select id="f-district" name="district" defaultValue={filter.districtId ?? ""}>
            <option value="">{t("tenders.filter.all")}</option>
            {districts.map((d) => (
              <option key={d.id} value={d.id}>
                {locale === "en" ? d.nameEn : d.nameZh}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-category">{t("tenders.filter.category")}</label>
          <select id="f-category" name="category" defaultValue={filter.category ?? ""}>
            <option value="">{t("tenders.filter.all")}</option>
            {SERVICE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-method">{t("tenders.filter.method")}</label>
          <select id="f-method" name="method" defaultValue={filter.method ?? ""}>
            <option value="">{t("tenders.filter.all")}</option>
            {PROCUREMENT_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`tenders.method.${m}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-status">{t("tenders.filter.status")}</label>
          <select id="f-status" name="status" defaultValue={filter.status ?? ""}>
            <option value="">{t("tenders.filter.all")}</option>
            {GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`tenders.group.${g}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          {t("tenders.filter.submit")}
        </button>
      </Form>
      <p className="muted">{t("tenders.resultCount", { total })}</p>
      {tenders.length === 0 ? (
        <p className="muted">{t("tenders.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="responsive">
            <thead>
              <tr>
                <th scope="col">{t("tenders.field.title")}</th>
                <th scope="col">{t("tenders.detail.bureau")}</th>
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
                    <Link to={`/tenders/${row.id}`}>{row.title}</Link>
                    <div className="muted">{t(`category.${row.category}`)}</div>
                  </td>
                  <td data-label={t("tenders.detail.bureau")}>{locale === "en" ? row.bureauNameEn : row.bureauName}</td>
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
      <nav className="pager" aria-label={t("common.page", { page })}>
        {page > 1 ? <Link to={pageLink(page - 1)}>{t("common.previous")}</Link> : null}
        <span>
          {t("common.page", { page })} / {pageCount}
        </span>
        {page < pageCount ? <Link to={pageLink(page + 1)}>{t("common.next")}</Link> : null}
      </nav>
    </>
  );
}
