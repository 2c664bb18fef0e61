import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { db } from "~/utils/db.server";
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
      <Form method="get" className="filters" aria-label={t("orgs.filter.submit")}>
        <div className="field">
          <label htmlFor="filter-district">{t("orgs.filter.district")}</label>
          <select id="filter-district" name="district" defaultValue={params.get("district") ?? ""}>
            <option value="">{t("orgs.filter.all")}</option>
            {districts.map((d) => (
              <option key={d.id} value={d.id}>
                {locale === "en" ? d.nameEn : d.nameZh}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-category">{t("orgs.filter.category")}</label>
          <select id="filter-category" name="category" defaultValue={params.get("category") ?? ""}>
            <option value="">{t("orgs.filter.all")}</option>
            {SERVICE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          {t("orgs.filter.submit")}
        </button>
      </Form>
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
