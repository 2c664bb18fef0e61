import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { formatFen } from "~/modules/budgets/money";
import { getDonationReceipt } from "~/modules/donations/donations.server";
import { db } from "~/utils/db.server";
import { formatDateTime, useLocale, useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";

// A donor back from Stripe usually arrives a moment before the webhook: while a fresh donation is
// pending, the page reloads itself every few seconds (without JavaScript too).
const REFRESH_WHILE_PENDING_MS = 30 * 60_000;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, "donations.receipt.title"),
  { name: "robots", content: "noindex" },
  ...(data?.donation.status === "pending" && Date.now() - new Date(data.donation.createdAt).getTime() < REFRESH_WHILE_PENDING_MS
    ? [{ httpEquiv: "refresh" as const, content: "5" }]
    : []),
];

// The donor's page behind the unguessable token of Stripe's return link: status and receipt.
export async function loader({ params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const receipt = await getDonationReceipt(db, params.id ?? "", token);
  return json({ ...receipt, token }, { headers: { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
}

const STATUS_BADGE = { pending: "badge badge-warn", paid: "badge badge-ok", expired: "badge badge-bad" } as const;

export default function DonationReceiptPage() {
  const { project, donation, token } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const base = `/projects/${project.id}/donations/${encodeURIComponent(token)}`;
  return (
    <>
      <PageHeader title={t("donations.receipt.title")}>
        <p>
          <span className={STATUS_BADGE[donation.status]}>{t(`donations.status.${donation.status}`)}</span>
        </p>
      </PageHeader>
      {donation.status === "paid" ? <p className="alert alert-success">{t("donations.receipt.paid")}</p> : null}
      {donation.status === "pending" ? (
        <p className="alert alert-info">
          {t("donations.receipt.pending")} <a href={base}>{t("donations.receipt.refresh")}</a>
        </p>
      ) : null}
      {donation.status === "expired" ? <p className="alert alert-warn">{t("donations.receipt.expired")}</p> : null}
      <section className="card" aria-labelledby="receipt">
        <h2 id="receipt">{project.title}</h2>
        <dl className="facts">
          {donation.receiptNumber ? (
            <>
              <dt>{t("donations.receipt.number")}</dt>
              <dd>
                <code>{donation.receiptNumber}</code>
              </dd>
            </>
          ) : null}
          <dt>{t("donations.receipt.donor")}</dt>
          <dd>{donation.donorName ?? t("donations.anonymous")}</dd>
          <dt>{t("donations.receipt.amount")}</dt>
          <dd>
            <strong>{formatFen(donation.amount)}</strong>
          </dd>
          <dt>{t("donations.page.organization")}</dt>
          <dd>{project.organizationName}</dd>
          <dt>{t("donations.page.contract")}</dt>
          <dd>{project.number}</dd>
          <dt>{t("donations.receipt.startedAt")}</dt>
          <dd>{formatDateTime(locale, donation.createdAt)}</dd>
          {donation.paidAt ? (
            <>
              <dt>{t("donations.receipt.paidAt")}</dt>
              <dd>{formatDateTime(locale, donation.paidAt)}</dd>
            </>
          ) : null}
          {donation.message ? (
            <>
              <dt>{t("donations.receipt.message")}</dt>
              <dd className="prose">{donation.message}</dd>
            </>
          ) : null}
        </dl>
        {donation.status === "paid" ? (
          <p className="actions">
            <a href={`${base}/receipt.pdf`} className="button button-primary">
              {t("donations.receipt.download")}
            </a>
          </p>
        ) : null}
        {donation.status === "paid" ? <p className="muted">{t("donations.receipt.notTaxReceipt")}</p> : null}
        <p className="muted">{t("donations.receipt.keepLink")}</p>
      </section>
      <p>
        <Link to={`/projects/${project.id}`}>{t("donations.receipt.backToProject")}</Link>
      </p>
    </>
  );
}
