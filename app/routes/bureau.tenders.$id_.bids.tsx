import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { TenderPhaseBadge } from "~/components/tender";
import { requireRole } from "~/modules/auth/auth.server";
import { getOpeningRecord, listOpenedBidAttachments } from "~/modules/bids/bids.server";
import { formatFen } from "~/modules/budgets/money";
import { getBureauTender } from "~/modules/tenders/tenders.server";
import { db } from "~/utils/db.server";
import { formatNumber, useLocale, useT } from "~/utils/i18n";

// A page of its own (not nested in the tender page, which has no outlet): /bureau/tenders/:id/bids.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  const detail = await getBureauTender(db, user, params.id ?? "");
  const opening = await getOpeningRecord(db, detail.tender.id);
  // Before opening there is nothing to read; after it, reading the files' names is audited.
  const files = opening ? await listOpenedBidAttachments(db, user, detail.tender.id, "bureau.review") : null;
  return json({
    tender: { id: detail.tender.id, title: detail.tender.title },
    phase: detail.phase,
    bids: (opening?.record ?? []).map((r) => ({
      bidId: r.bidId,
      organizationName: r.organizationName,
      proposalTitle: r.proposalTitle,
      price: r.price,
      valid: r.valid,
      invalidReason: r.invalidReason,
      files: (files?.get(r.bidId) ?? []).map((f) => ({ id: f.id, filename: f.filename, size: f.size })),
    })),
    opened: Boolean(opening),
  });
}

export default function BureauBidAttachments() {
  const { tender, phase, bids, opened } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader title={t("bids.attachments.bureauTitle", { title: tender.title })}>
        <p>
          <TenderPhaseBadge phase={phase} /> <Link to={`/bureau/tenders/${tender.id}`}>{t("common.back")}</Link>
        </p>
      </PageHeader>
      {!opened ? (
        <p className="alert alert-info">{t("bids.attachments.notOpened")}</p>
      ) : (
        <>
          <p className="help">{t("bids.attachments.bureauIntro")}</p>
          {bids.map((bid) => (
            <section key={bid.bidId} className="card" aria-labelledby={`bid-${bid.bidId}`}>
              <h2 id={`bid-${bid.bidId}`}>{bid.organizationName}</h2>
              <p>
                {bid.proposalTitle ? `${bid.proposalTitle} · ` : null}
                {t("bids.opening.price")}：<strong>{formatFen(bid.price)}</strong> ·{" "}
                {bid.valid ? <span className="badge badge-ok">{t("bids.opening.valid")}</span> : <span className="badge badge-bad">{t("bids.opening.invalid", { reason: t(bid.invalidReason ?? "") })}</span>}
              </p>
              {bid.files.length === 0 ? (
                <p className="muted">{t("bids.attachments.none")}</p>
              ) : (
                <ul>
                  {bid.files.map((file) => (
                    <li key={file.id}>
                      <a href={`/tenders/${tender.id}/bid-attachments/${file.id}`}>{file.filename}</a>{" "}
                      <span className="muted">· {t("bids.attachments.size", { size: formatNumber(locale, Math.max(1, Math.round(file.size / 1024))) })}</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))}
        </>
      )}
    </>
  );
}
