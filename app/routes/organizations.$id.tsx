import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { PageHeader } from "~/components/layout";
import { CategoryTags, CreditBadge, GradeText } from "~/components/organization";
import { CreditRecordCard } from "~/components/outcome";
import { getCreditRecord } from "~/modules/credit/credit.server";
import { QUALIFICATIONS } from "~/modules/orgs/orgs-schema";
import { getPublicProfile } from "~/modules/orgs/orgs.server";
import { parseUscc } from "~/modules/orgs/uscc";
import { formatDate, useLocale, useT } from "~/utils/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.organization.name }] : []);

export async function loader({ params }: LoaderFunctionArgs) {
  const organization = await getPublicProfile(db, params.id ?? "");
  return json({ organization, credit: await getCreditRecord(db, organization.id) });
}

export default function OrganizationProfile() {
  const { organization: o, credit } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const decoded = parseUscc(o.uscc);
  const counts = Object.fromEntries(o.staffByQualification.map((s) => [s.qualification, s.count]));
  const total = o.staffByQualification.reduce((sum, s) => sum + s.count, 0);
  return (
    <>
      <PageHeader title={o.name}>
        <p>
          <span className="badge badge-ok">{t("verification.verified")}</span> <span className="badge">{t(`orgKind.${o.kind}`)}</span>
        </p>
      </PageHeader>
      <div className="grid grid-2">
        <section className="card" aria-labelledby="facts-title">
          <h2 id="facts-title">{t("register.section.organization")}</h2>
          <dl className="facts">
            <dt>{t("org.profile.uscc")}</dt>
            <dd>
              <code>{o.uscc}</code>
            </dd>
            <dt>{t("org.profile.type")}</dt>
            <dd>{t(`regType.${decoded.organizationType === "other" ? o.registrationType : decoded.organizationType}`)}</dd>
            <dt>{t("org.profile.grade")}</dt>
            <dd>
              <GradeText grade={o.grade} awardedOn={o.gradeAwardedOn} />
            </dd>
            <dt>{t("org.profile.districts")}</dt>
            <dd>{o.districts.join("、")}</dd>
            <dt>{t("org.profile.credit")}</dt>
            <dd>
              <CreditBadge status={o.creditStatus} />
              {o.creditStatus !== "normal" && o.creditReason ? <div className="muted">{o.creditReason}</div> : null}
            </dd>
            {o.verifiedAt ? (
              <>
                <dt>{t("org.profile.verifiedAt")}</dt>
                <dd>{formatDate(locale, o.verifiedAt)}</dd>
              </>
            ) : null}
          </dl>
          <h3>{t("org.profile.categories")}</h3>
          <CategoryTags categories={o.serviceCategories} />
        </section>
        <section className="card" aria-labelledby="staff-title">
          <h2 id="staff-title">{t("org.profile.staff")}</h2>
          <p>{t("org.profile.staffTotal", { count: total })}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("agency.staff.qualification")}</th>
                <th scope="col" className="num">
                  {t("common.count")}
                </th>
              </tr>
            </thead>
            <tbody>
              {QUALIFICATIONS.map((q) => (
                <tr key={q}>
                  <td>{t(`qualification.${q}`)}</td>
                  <td className="num">{counts[q] ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <CreditRecordCard record={credit} />
    </>
  );
}
