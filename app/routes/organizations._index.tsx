import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { FilterForm, FilterSelect } from "~/components/filters";
import { PageHeader } from "~/components/layout";
import { CategoryTags, CreditBadge, GradeText } from "~/components/organization";
import { SERVICE_CATEGORIES } from "~/modules/needs/service-categories";
import { listVerifiedOrganizations } from "~/modules/orgs/orgs.server";
import { listDistricts } from "~/modules/regions/regions.server";
import { useLocale, useT } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const districtId = url.searchParams.get("district") ?? undefined;
  const categoryParam = url.searchParams.get("category") ?? undefined;
  const category = (SERVICE_CATEGORIES as readonly string[]).includes(categoryParam ?? "") ? categoryParam : undefined;
  const [organizations, districts] = await Promise.all([listVerifiedOrganizations(db, { districtId, category }), listDistricts(db)]);
  return json({ organizations, districts: districts.map((d) => ({ id: d.id, nameZh: d.nameZh, nameEn: d.nameEn })) });
}

export default function Organizations() {
  const { organizations, districts } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader title={t("orgs.title")} intro={t("orgs.intro")} />
      <FilterForm submitLabel={t("orgs.filter.submit")} aria-label={t("orgs.filter.submit")}>
        <FilterSelect
          id="filter-district"
          name="district"
          label={t("orgs.filter.district")}
          allLabel={t("orgs.filter.all")}
          defaultValue={params.get("district")}
          options={districts.map((d) => ({ value: d.id, label: locale === "en" ? d.nameEn : d.nameZh }))}
        />
        <FilterSelect
          id="filter-category"
          name="category"
          label={t("orgs.filter.category")}
          allLabel={t("orgs.filter.all")}
          defaultValue={params.get("category")}
          options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        />
      </FilterForm>
      {organizations.length === 0 ? (
        <p className="muted">{t("orgs.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="responsive">
            <thead>
              <tr>
                <th scope="col">{t("common.name")}</th>
                <th scope="col">{t("org.profile.categories")}</th>
                <th scope="col">{t("org.profile.districts")}</th>
                <th scope="col">{t("org.profile.grade")}</th>
                <th scope="col" className="num">
                  {t("org.profile.staff")}
                </th>
                <th scope="col">{t("org.profile.credit")}</th>
              </tr>
            </thead>
            <tbody>
              {organizations.map((o) => (
                <tr key={o.id}>
                  <td data-label={t("common.name")}>
                    <Link to={`/organizations/${o.id}`}>{o.name}</Link>
                    <div className="muted">{t(`orgKind.${o.kind}`)}</div>
                  </td>
                  <td data-label={t("org.profile.categories")}>
                    <CategoryTags categories={o.serviceCategories} />
                  </td>
                  <td data-label={t("org.profile.districts")}>{o.districts.join("、")}</td>
                  <td data-label={t("org.profile.grade")}>
                    <GradeText grade={o.grade} awardedOn={o.gradeAwardedOn} />
                  </td>
                  <td data-label={t("org.profile.staff")} className="num">
                    {o.staffCount}
                  </td>
                  <td data-label={t("org.profile.credit")}>
                    <CreditBadge status={o.creditStatus} />
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
