import { Link } from "@remix-run/react";
import { formatFen } from "~/modules/budgets/money";
import { formatDate, useLocale, useT } from "~/utils/i18n";

/** What the panel needs: `donationsSummary(db, contractId)` from the donations module, as JSON. */
export interface DonationsPanelData {
  projectId: string;
  accepting: boolean;
  configured: boolean;
  total: number;
  count: number;
  donations: { id: string; donorName: string | null; amount: number; message: string | null; paidAt: string | Date }[];
}

/**
 * The public project page's co-funding (社会捐赠) section: the total of paid donations, each
 * donation (the name the donor chose or 匿名, amount, date, message), and the donate button —
 * or, when the portal has no Stripe keys, a note that online donation is not configured.
 * Names and messages are the donors' own text: React escapes them, and they were cleaned of
 * hidden characters and limited in length when given.
 */
export function DonationsPanel({ summary }: { summary: DonationsPanelData }) {
  const t = useT();
  const locale = useLocale();
  const shown = summary.donations.length;
  return (
    <section className="card" aria-labelledby="donations">
      <div className="section-head">
        <h2 id="donations">{t("donations.panel.title")}</h2>
        {summary.accepting && summary.configured ? (
          <Link to={`/projects/${summary.projectId}/donate`} className="button button-primary">
            {t("donations.donate")}
          </Link>
        ) : null}
        {summary.accepting && !summary.configured ? (
          <button type="button" className="button button-secondary" disabled aria-describedby="donations-unavailable">
            {t("donations.donate")}
          </button>
        ) : null}
      </div>
      <p className="muted">{t("donations.panel.intro")}</p>
      {summary.accepting && !summary.configured ? (
        <p className="alert alert-info" id="donations-unavailable">
          <strong>{t("donations.unavailable")}</strong> {t("donations.notConfigured")}
        </p>
      ) : null}
      {!summary.accepting ? <p className="alert alert-info">{t("donations.notAccepting")}</p> : null}
      <dl className="facts">
        <dt>{t("donations.panel.total")}</dt>
        <dd>
          <strong>{formatFen(summary.total)}</strong> <span className="muted">{t("donations.panel.count", { count: summary.count })}</span>
        </dd>
      </dl>
      {shown === 0 ? (
        <p className="muted">{t("donations.panel.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="responsive">
            <thead>
              <tr>
                <th scope="col">{t("donations.panel.donor")}</th>
                <th scope="col" className="num">
                  {t("donations.panel.amount")}
                </th>
                <th scope="col">{t("donations.panel.date")}</th>
                <th scope="col">{t("donations.panel.message")}</th>
              </tr>
            </thead>
            <tbody>
              {summary.donations.map((d) => (
                <tr key={d.id}>
                  <td data-label={t("donations.panel.donor")}>{d.donorName ?? <span className="muted">{t("donations.anonymous")}</span>}</td>
                  <td data-label={t("donations.panel.amount")} className="num">
                    {formatFen(d.amount)}
                  </td>
                  <td data-label={t("donations.panel.date")}>{formatDate(locale, d.paidAt)}</td>
                  <td data-label={t("donations.panel.message")} className="prose">
                    {d.message ?? ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {summary.count > shown && shown > 0 ? <p className="muted">{t("donations.panel.latest", { shown, count: summary.count })}</p> : null}
    </section>
  );
}
