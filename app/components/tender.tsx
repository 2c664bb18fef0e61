import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { SerializeFrom } from "@remix-run/node";
import { formatFen } from "~/modules/budgets/money";
import type { ProcurementMethod } from "~/modules/tenders/tender-rules";
import type { TenderPhase } from "~/modules/tenders/tender-states";
import type { getPublicTender } from "~/modules/tenders/tenders.server";
import { formatDateTime, useLocale, useT } from "~/utils/i18n";

const PHASE_TONE: Partial<Record<TenderPhase, string>> = {
  open: "badge-ok",
  draft: "badge",
  cancelled: "badge-bad",
  unsuccessful: "badge-bad",
  closed: "badge-warn",
};

export function TenderPhaseBadge({ phase }: { phase: TenderPhase }) {
  const t = useT();
  return <span className={`badge ${PHASE_TONE[phase] ?? "badge-warn"}`}>{t(`tenders.phase.${phase}`)}</span>;
}

interface TenderRow {
  id: string;
  title: string;
  method: ProcurementMethod;
  ceilingPrice: number;
  bidDeadline: string;
  phase: TenderPhase;
}

/**
 * Tenders as a table, cards on a phone: title, method, ceiling, bid deadline and phase. The public
 * list adds a column for the bureau that buys (`bureau`) and a line under the title (`note`).
 */
export function TenderTable<T extends TenderRow>({
  tenders,
  href,
  bureau,
  note,
}: {
  tenders: T[];
  href: (tender: T) => string;
  bureau?: (tender: T) => string;
  note?: (tender: T) => string;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="table-wrap">
      <table className="responsive">
        <thead>
          <tr>
            <th scope="col">{t("tenders.field.title")}</th>
            {bureau ? <th scope="col">{t("tenders.detail.bureau")}</th> : null}
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
                <Link to={href(row)}>{row.title}</Link>
                {note ? <div className="muted">{note(row)}</div> : null}
              </td>
              {bureau ? <td data-label={t("tenders.detail.bureau")}>{bureau(row)}</td> : null}
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
  );
}

/**
 * Time left until the bid deadline. Rendered on the server from its own clock, then ticks
 * each minute in the browser; the deadline itself is always shown in Beijing time.
 */
export function Countdown({ deadline, serverNow }: { deadline: string; serverNow: string }) {
  const t = useT();
  const locale = useLocale();
  const [now, setNow] = useState(() => new Date(serverNow).getTime());
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const left = new Date(deadline).getTime() - now;
  const shown = formatDateTime(locale, deadline);
  if (left <= 0) return <p className="alert alert-warn">{t("tenders.detail.deadlinePassed", { deadline: shown })}</p>;
  const minutes = Math.floor(left / 60_000);
  return (
    <p className="alert alert-info" role="timer" aria-live="off">
      {t("tenders.detail.countdown", { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60, deadline: shown })}
    </p>
  );
}

type PublicTender = SerializeFrom<typeof getPublicTender>;

/** Everything a bidder needs to know, shared by the public page and the officer's page. */
export function TenderBody({ data }: { data: Pick<PublicTender, "tender" | "bureauName" | "bureauNameEn" | "budgetLineName" | "fiscalYear" | "fundSource" | "criteria" | "tranches" | "needs" | "communities" | "amendments" | "documents"> }) {
  const t = useT();
  const locale = useLocale();
  const tender = data.tender;
  const criteriaTotal = data.criteria.reduce((sum, c) => sum + c.maxPoints, 0) + tender.pricePoints;
  return (
    <>
      <section className="card" aria-labelledby="facts">
        <h2 id="facts">{t("tenders.section.basics")}</h2>
        <dl className="facts">
          <dt>{t("tenders.detail.bureau")}</dt>
          <dd>{locale === "en" ? data.bureauNameEn : data.bureauName}</dd>
          <dt>{t("tenders.detail.method")}</dt>
          <dd>{t(`tenders.method.${tender.method}`)}</dd>
          <dt>{t("tenders.field.category")}</dt>
          <dd>{t(`category.${tender.category}`)}</dd>
          {tender.theme ? (
            <>
              <dt>{t("tenders.detail.theme")}</dt>
              <dd>{tender.theme}</dd>
            </>
          ) : null}
          <dt>{tender.method === "venture_call" ? t("tenders.field.pot") : t("tenders.detail.ceiling")}</dt>
          <dd>
            <strong>{formatFen(tender.ceilingPrice)}</strong>
          </dd>
          <dt>{t("tenders.detail.budget")}</dt>
          <dd>
            {data.fiscalYear} · {t(`fundSource.${data.fundSource}`)} · {data.budgetLineName}
          </dd>
          <dt>{t("tenders.detail.period")}</dt>
          <dd>{t("tenders.detail.periodMonths", { months: tender.servicePeriodMonths })}</dd>
          {tender.publishedAt ? (
            <>
              <dt>{t("tenders.detail.published")}</dt>
              <dd>{formatDateTime(locale, tender.publishedAt)}</dd>
            </>
          ) : null}
          <dt>{t("tenders.detail.enquiryDeadline")}</dt>
          <dd>{formatDateTime(locale, tender.enquiryDeadline)}</dd>
          <dt>{t("tenders.detail.bidDeadline")}</dt>
          <dd>
            <strong>{formatDateTime(locale, tender.bidDeadline)}</strong>
          </dd>
          <dt>{t("tenders.detail.contact")}</dt>
          <dd>
            {tender.contactName} · {tender.contactPhone}
          </dd>
        </dl>
        <h3>{t("tenders.field.description")}</h3>
        <p className="prose">{tender.description}</p>
      </section>

      <section className="card" aria-labelledby="needs">
        <h2 id="needs">{t("tenders.detail.needs")}</h2>
        <ul>
          {data.needs.map((n) => (
            <li key={n.id}>
              <Link to={`/needs/${n.id}`}>{n.title}</Link> <span className="muted">· {n.communityName}</span>
            </li>
          ))}
        </ul>
        <h3>{t("tenders.detail.communities")}</h3>
        <p>{data.communities.map((c) => (locale === "en" ? c.nameEn : c.nameZh)).join("、")}</p>
      </section>

      <section className="card" aria-labelledby="criteria">
        <h2 id="criteria">{t("tenders.detail.criteria")}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("tenders.field.criterion.name")}</th>
                <th scope="col">{t("tenders.field.criterion.description")}</th>
                <th scope="col" className="num">
                  {t("tenders.field.criterion.maxPoints")}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.criteria.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td>{c.description}</td>
                  <td className="num">{c.maxPoints}</td>
                </tr>
              ))}
              <tr>
                <td colSpan={2}>{t("tenders.detail.priceCriterion")}</td>
                <td className="num">{tender.pricePoints}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={2}>
                  {t("tenders.detail.total")}
                </th>
                <td className="num">
                  <strong>{criteriaTotal}</strong>
                </td>
              </tr>
            </tbody>
          </table>
        </div>
        <h3>{t("tenders.detail.eligibility")}</h3>
        <p className="prose">{tender.eligibility}</p>
      </section>

      <div className="grid grid-2">
        <section className="card" aria-labelledby="tranches">
          <h2 id="tranches">{t("tenders.detail.tranches")}</h2>
          <table>
            <tbody>
              {data.tranches.map((r) => (
                <tr key={r.id}>
                  <td>{r.milestone}</td>
                  <td className="num">{r.percentage}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card" aria-labelledby="weights">
          <h2 id="weights">{t("tenders.detail.weights")}</h2>
          <table>
            <tbody>
              <tr>
                <td>{t("tenders.field.weightPurchaser")}</td>
                <td className="num">{tender.weightPurchaser}%</td>
              </tr>
              <tr>
                <td>{t("tenders.field.weightThirdParty")}</td>
                <td className="num">{tender.weightThirdParty}%</td>
              </tr>
              <tr>
                <td>{t("tenders.field.weightSatisfaction")}</td>
                <td className="num">{tender.weightSatisfaction}%</td>
              </tr>
            </tbody>
          </table>
        </section>
      </div>

      <section className="card" aria-labelledby="documents">
        <h2 id="documents">{t("tenders.detail.documents")}</h2>
        {tender.status !== "draft" ? (
          <p>
            <a href={`/tenders/${tender.id}/notice.pdf`} className="button button-secondary" download>
              {t("tenders.detail.noticePdf")}
            </a>
          </p>
        ) : null}
        {data.documents.length === 0 ? (
          <p className="muted">{t("tenders.detail.noDocuments")}</p>
        ) : (
          <ul>
            {data.documents.map((d) => (
              <li key={d.id}>
                <a href={`/attachments/${d.id}`}>{d.filename}</a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="amendments">
        <h2 id="amendments">{t("tenders.detail.amendments")}</h2>
        {data.amendments.length === 0 ? <p className="muted">{t("tenders.detail.noAmendments")}</p> : null}
        {data.amendments.map((a) => (
          <article key={a.id} className="amendment">
            <h3>
              {formatDateTime(locale, a.publishedAt)} · <a href={`/tenders/${tender.id}/amendments/${a.id}.pdf`}>{t("tenders.detail.amendmentPdf")}</a>
            </h3>
            <dl className="facts">
              <dt>{t("tenders.detail.amendment.changes")}</dt>
              <dd className="prose">{a.changes}</dd>
              <dt>{t("tenders.detail.amendment.reason")}</dt>
              <dd className="prose">{a.reason}</dd>
            </dl>
            {a.deadlineMoved ? (
              <p className="alert alert-warn">
                {t(new Date(a.newBidDeadline) > new Date(a.previousBidDeadline) && a.affectsBids ? "tenders.detail.amendment.moved" : "tenders.detail.amendment.extended", {
                  from: formatDateTime(locale, a.previousBidDeadline),
                  to: formatDateTime(locale, a.newBidDeadline),
                })}
              </p>
            ) : null}
          </article>
        ))}
      </section>
    </>
  );
}

type Enquiry = PublicTender["enquiries"][number];

export function EnquiryList({ enquiries, renderAnswerForm }: { enquiries: Enquiry[]; renderAnswerForm?: (e: Enquiry) => React.ReactNode }) {
  const t = useT();
  const locale = useLocale();
  if (enquiries.length === 0) return <p className="muted">{t("tenders.detail.noEnquiries")}</p>;
  return (
    <ol className="enquiries">
      {enquiries.map((e) => (
        <li key={e.id}>
          <p>
            <strong>{t("tenders.detail.question")}：</strong>
            {e.question} <span className="muted">{formatDateTime(locale, e.askedAt)}</span>
          </p>
          {e.answer ? (
            <p>
              <strong>{t("tenders.detail.answer")}：</strong>
              {e.answer} <span className="muted">{e.answeredAt ? formatDateTime(locale, e.answeredAt) : null}</span>
            </p>
          ) : renderAnswerForm ? (
            renderAnswerForm(e)
          ) : (
            <p className="muted">{t("tenders.detail.unanswered")}</p>
          )}
        </li>
      ))}
    </ol>
  );
}

interface OpeningRow {
  bidId: string;
  organizationName: string;
  uscc: string;
  price: number;
  proposalTitle: string | null;
  /** Files attached to the bid; absent in records made before bids had files. */
  attachments?: number;
  valid: boolean;
  invalidReason: string | null;
}

/** The public opening record: bidders and prices once the bids are opened. */
export function OpeningRecord({ tenderId, opening }: { tenderId: string; opening: { openedAt: string; validCount: number; record: OpeningRow[]; unsuccessfulReason: string | null } }) {
  const t = useT();
  const locale = useLocale();
  const withFiles = opening.record.some((r) => r.attachments !== undefined);
  return (
    <section className="card" aria-labelledby="opening">
      <h2 id="opening">{t("bids.opening.title")}</h2>
      <p>
        {t("bids.opening.openedAt")}：{formatDateTime(locale, opening.openedAt)} · {t("bids.opening.validCount", { count: opening.validCount })} ·{" "}
        <a href={`/tenders/${tenderId}/opening.pdf`}>{t("bids.opening.pdf")}</a>
      </p>
      <div className="table-wrap">
        <table className="responsive">
          <thead>
            <tr>
              <th scope="col">{t("bids.opening.bidder")}</th>
              <th scope="col">{t("org.profile.uscc")}</th>
              <th scope="col" className="num">
                {t("bids.opening.price")}
              </th>
              {withFiles ? (
                <th scope="col" className="num">
                  {t("bids.attachments.title")}
                </th>
              ) : null}
              <th scope="col">{t("common.status")}</th>
            </tr>
          </thead>
          <tbody>
            {opening.record.map((r) => (
              <tr key={r.bidId}>
                <td data-label={t("bids.opening.bidder")}>
                  {r.organizationName}
                  {r.proposalTitle ? <div className="muted">{r.proposalTitle}</div> : null}
                </td>
                <td data-label={t("org.profile.uscc")}>
                  <code>{r.uscc}</code>
                </td>
                <td data-label={t("bids.opening.price")} className="num">
                  {formatFen(r.price)}
                </td>
                {withFiles ? (
                  <td data-label={t("bids.attachments.title")} className="num">
                    {t("bids.attachments.count", { count: r.attachments ?? 0 })}
                  </td>
                ) : null}
                <td data-label={t("common.status")}>
                  {r.valid ? <span className="badge badge-ok">{t("bids.opening.valid")}</span> : <span className="badge badge-bad">{t("bids.opening.invalid", { reason: t(r.invalidReason ?? "") })}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {opening.unsuccessfulReason ? <p className="alert alert-error">{t(opening.unsuccessfulReason)}</p> : null}
    </section>
  );
}
