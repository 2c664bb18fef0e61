import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FilterForm, FilterInput, FilterSelect } from "~/components/filters";
import { PageHeader } from "~/components/layout";
import { TenderTable } from "~/components/tender";
import { translator } from "~/i18n";
import { SERVICE_CATEGORIES } from "~/modules/needs/service-categories";
import { listDistrictNames } from "~/modules/regions/regions.server";
import { publicDataVersion } from "~/modules/stats/data-version.server";
import { PROCUREMENT_METHODS } from "~/modules/tenders/tender-rules";
import { PUBLIC_STATUS_GROUPS, type PublicStatusGroup } from "~/modules/tenders/tender-states";
import { listPublicTenders } from "~/modules/tenders/tenders.server";
import { db } from "~/utils/db.server";
import { useLocale, useT } from "~/utils/i18n";

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
  // Read once: the count and the districts are kept per version of the public data.
  const version = await publicDataVersion(db);
  const [result, districts] = await Promise.all([listPublicTenders(db, filter, version), listDistrictNames(db, version)]);
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
      <FilterForm submitLabel={t("tenders.filter.submit")} role="search" aria-label={t("tenders.filter.submit")}>
        <FilterInput id="f-q" type="search" name="q" label={t("tenders.filter.q")} defaultValue={filter.q} />
        <FilterSelect
          id="f-district"
          name="district"
          label={t("tenders.filter.district")}
          allLabel={t("tenders.filter.all")}
          defaultValue={filter.districtId}
          options={districts.map((d) => ({ value: d.id, label: locale === "en" ? d.nameEn : d.nameZh }))}
        />
        <FilterSelect
          id="f-category"
          name="category"
          label={t("tenders.filter.category")}
          allLabel={t("tenders.filter.all")}
          defaultValue={filter.category}
          options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        />
        <FilterSelect
          id="f-method"
          name="method"
          label={t("tenders.filter.method")}
          allLabel={t("tenders.filter.all")}
          defaultValue={filter.method}
          options={PROCUREMENT_METHODS.map((m) => ({ value: m, label: t(`tenders.method.${m}`) }))}
        />
        <FilterSelect
          id="f-status"
          name="status"
          label={t("tenders.filter.status")}
          allLabel={t("tenders.filter.all")}
          defaultValue={filter.status}
          options={GROUPS.map((g) => ({ value: g, label: t(`tenders.group.${g}`) }))}
        />
      </FilterForm>
      <p className="muted">{t("tenders.resultCount", { total })}</p>
      {tenders.length === 0 ? (
        <p className="muted">{t("tenders.empty")}</p>
      ) : (
        <TenderTable
          tenders={tenders}
          href={(row) => `/tenders/${row.id}`}
          bureau={(row) => (locale === "en" ? row.bureauNameEn : row.bureauName)}
          note={(row) => t(`category.${row.category}`)}
        />
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
