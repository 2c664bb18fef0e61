import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { PageHeader } from "~/components/layout";
import { NeedStatusBadge, usePlaceName } from "~/components/needs";
import { getPublicNeed } from "~/modules/needs/needs.server";
import { formatDate, formatNumber, useLocale, useT } from "~/utils/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.need.title }] : []);

export async function loader({ params }: LoaderFunctionArgs) {
  const need = await getPublicNeed(db, params.id ?? "");
  return json({ need });
}

export default function PublicNeed() {
  const { need } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const placeName = usePlaceName();
  return (
    <>
      <PageHeader title={need.title}>
        <p>
          <NeedStatusBadge status={need.status} /> <span className="badge">{t(`category.${need.category}`)}</span>
        </p>
      </PageHeader>
      <section className="card" aria-labelledby="need-facts">
        <h2 id="need-facts" className="visually-hidden">
          {need.title}
        </h2>
        <dl className="facts">
          <dt>{t("needs.fact.community")}</dt>
          <dd>{placeName(need.communityName, need.communityNameEn)}</dd>
          <dt>{t("needs.public.district")}</dt>
          <dd>{placeName(need.districtName, need.districtNameEn)}</dd>
          <dt>{t("needs.field.category")}</dt>
          <dd>{t(`category.${need.category}`)}</dd>
          <dt>{t("common.status")}</dt>
          <dd>
            <NeedStatusBadge status={need.status} />
          </dd>
          <dt>{t("needs.list.supports")}</dt>
          <dd>{formatNumber(locale, need.supportCount)}</dd>
          <dt>{t("needs.public.postedAt")}</dt>
          <dd>{formatDate(locale, need.createdAt)}</dd>
          {need.reviewReason ? (
            <>
              <dt>{t("needs.public.rejected")}</dt>
              <dd>{need.reviewReason}</dd>
            </>
          ) : null}
          <dt>{t("needs.public.tender")}</dt>
          <dd>{need.tender ? <Link to={`/tenders/${need.tender.id}`}>{need.tender.title}</Link> : <span className="muted">{t("needs.public.noTender")}</span>}</dd>
        </dl>
        <p className="muted">{t("needs.public.privacy")}</p>
      </section>
    </>
  );
}
