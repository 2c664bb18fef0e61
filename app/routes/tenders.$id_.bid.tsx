import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { CheckboxGroup, FileField, RowsField, SubmitButton, TextArea, TextField, ZodForm } from "~/components/form";
import { IntentButton, IntentRefusal } from "~/components/intent-button";
import { Flash, PageHeader } from "~/components/layout";
import { Countdown, TenderPhaseBadge } from "~/components/tender";
import { requireRole } from "~/modules/auth/auth.server";
import { BID_ATTACHMENTS_FIELD, bidAttachmentsSchema, bidSchema } from "~/modules/bids/bids-schema";
import { attachToBid, confirmBid, getOwnBid, removeBidAttachment, submitBid, withdrawBid } from "~/modules/bids/bids.server";
import { fenToYuanString, formatFen } from "~/modules/budgets/money";
import { UPLOAD_ACCEPT } from "~/modules/documents/file-types";
import { parseUpload } from "~/modules/documents/uploads.server";
import { listStaff } from "~/modules/orgs/orgs.server";
import { getPublicTender } from "~/modules/tenders/tenders.server";
import { db } from "~/utils/db.server";
import { fieldErrors, validateSubmission } from "~/utils/forms.server";
import { formatDateTime, formatNumber, useLocale, useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "agency");
  const detail = await getPublicTender(db, params.id ?? "");
  const [bid, team] = await Promise.all([getOwnBid(db, user, detail.tender.id), listStaff(db, user)]);
  return json({
    tender: {
      id: detail.tender.id,
      title: detail.tender.title,
      method: detail.tender.method,
      ceilingPrice: detail.tender.ceilingPrice,
      bidDeadline: detail.tender.bidDeadline,
    },
    phase: detail.phase,
    bid,
    staff: team.map((s) => ({ id: s.id, name: s.name, qualification: s.qualification })),
    serverNow: new Date().toISOString(),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "agency");
  const id = params.id ?? "";
  const upload = await parseUpload(request, { field: BID_ATTACHMENTS_FIELD });
  const formData = upload.fields;
  const intent = formData.get("intent");
  const done = (key: string) => redirect(`/tenders/${id}/bid?done=${key}`);
  if (intent === "withdraw") {
    const result = await runCommand({ intent }, () => withdrawBid(db, user, id), { onRoot: true });
    return result.ok ? done("withdrawn") : result.response;
  }
  if (intent === "confirm") {
    const result = await runCommand({ intent }, () => confirmBid(db, user, id), { onRoot: true });
    return result.ok ? done("confirmed") : result.response;
  }
  if (intent === "detach") {
    const result = await runCommand({ intent }, () => removeBidAttachment(db, user, id, String(formData.get("subjectId") ?? "")), { onRoot: true });
    return result.ok ? done("detached") : result.response;
  }
  if (intent === "attach") {
    if (Object.keys(upload.errors).length > 0) return fieldErrors(upload.errors, { intent });
    const result = await runCommand({ intent }, () => attachToBid(db, user, id, upload.files));
    return result.ok ? done("attached") : result.response;
  }
  const { data, errors, values } = await validateSubmission(formData, bidSchema);
  if (errors || Object.keys(upload.errors).length > 0) return fieldErrors({ ...errors, ...upload.errors }, values);
  const result = await runCommand(values, () => submitBid(db, user, id, data, new Date(), upload.files));
  return result.ok ? done(result.value.replaced ? "replaced" : "submitted") : result.response;
}

const FLASH: Record<string, string> = {
  submitted: "bids.submitted",
  replaced: "bids.replaced",
  withdrawn: "bids.withdrawn",
  confirmed: "bids.confirmed",
  attached: "bids.attachments.added",
  detached: "bids.attachments.removed",
};

const BLANK_ROW = { item: "", amount: "" };

export default function BidPage() {
  const { tender, phase, bid, staff, serverNow } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const done = params.get("done");
  const open = phase === "open";
  const venture = tender.method === "venture_call";
  const content = bid?.content;
  const defaults = content
    ? {
        ...content,
        price: fenToYuanString(content.price),
        budget: [...content.budget.map((r) => ({ item: r.item, amount: fenToYuanString(r.amount) })), BLANK_ROW, BLANK_ROW],
      }
    : { teamStaffIds: [], budget: [BLANK_ROW, BLANK_ROW, BLANK_ROW, BLANK_ROW], volunteerHours: 0 };
  return (
    <>
      <PageHeader title={`${t("bids.yourBid")}：${tender.title}`}>
        <p>
          <TenderPhaseBadge phase={phase} /> <Link to={`/tenders/${tender.id}`}>{t("common.back")}</Link>
        </p>
      </PageHeader>
      <Flash message={done && done in FLASH ? t(FLASH[done]) : null} />
      <IntentRefusal intents={["withdraw", "confirm", "detach"]} />
      <Countdown deadline={tender.bidDeadline} serverNow={serverNow} />
      <p className="alert alert-info">{t("bids.sealedNote")}</p>
      {bid?.needsConfirmation ? (
        <div className="alert alert-warn" role="status">
          <p>{t("bids.needsConfirmation")}</p>
          {open ? <IntentButton intent="confirm">{t("bids.confirm")}</IntentButton> : null}
        </div>
      ) : null}
      {bid ? (
        <section className="card" aria-labelledby="own-bid">
          <h2 id="own-bid">{t("bids.yourBid")}</h2>
          <dl className="facts">
            <dt>{venture ? t("bids.field.priceVenture") : t("bids.field.price")}</dt>
            <dd>
              <strong>{formatFen(bid.content.price)}</strong>
            </dd>
            <dt>{t("bids.submittedAt")}</dt>
            <dd>{formatDateTime(locale, bid.submittedAt)}</dd>
            <dt>{t("bids.updatedAt")}</dt>
            <dd>{formatDateTime(locale, bid.updatedAt)}</dd>
          </dl>
          <h3 id="own-attachments">{t("bids.attachments.title")}</h3>
          {bid.attachments.length === 0 ? (
            <p className="muted">{t("bids.attachments.none")}</p>
          ) : (
            <ul className="file-list" aria-labelledby="own-attachments">
              {bid.attachments.map((file) => (
                <li key={file.id}>
                  <a href={`/tenders/${tender.id}/bid-attachments/${file.id}`}>{file.filename}</a>{" "}
                  <span className="muted">· {t("bids.attachments.size", { size: formatNumber(locale, Math.max(1, Math.round(file.size / 1024))) })}</span>{" "}
                  {open ? (
                    <IntentButton intent="detach" subjectId={file.id} variant="secondary" inline aria-label={t("bids.attachments.removeFile", { file: file.filename })}>
                      {t("bids.attachments.remove")}
                    </IntentButton>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {open ? (
            // Keyed by the bid's last change: after an upload the form starts empty again.
            <ZodForm
              key={bid.updatedAt}
              schema={bidAttachmentsSchema}
              intent="attach"
              encType="multipart/form-data"
              className="stack"
              aria-label={t("bids.attachments.add")}
            >
              <FileField name={BID_ATTACHMENTS_FIELD} label={t("bids.attachments.field")} help={t("bids.attachments.help")} accept={UPLOAD_ACCEPT} multiple required />
              <div>
                <SubmitButton variant="secondary">{t("bids.attachments.add")}</SubmitButton>
              </div>
            </ZodForm>
          ) : null}
          {open ? (
            <div className="actions" style={{ marginTop: "1.5rem" }}>
              <IntentButton intent="withdraw" variant="danger">
                {t("bids.withdraw")}
              </IntentButton>
            </div>
          ) : null}
        </section>
      ) : (
        <p className="muted">{t("bids.none")}</p>
      )}
      {open ? (
        <section className="card" aria-labelledby="bid-form">
          <h2 id="bid-form">{bid ? t("bids.replace") : t("bids.submit")}</h2>
          <ZodForm
            key={bid?.updatedAt ?? "new"}
            schema={bidSchema}
            defaultValues={defaults}
            encType="multipart/form-data"
            className="stack wide"
            aria-label={bid ? t("bids.replace") : t("bids.submit")}
          >
            {venture ? <TextField name="proposalTitle" label={t("bids.field.proposalTitle")} /> : null}
            <TextField
              name="price"
              label={venture ? t("bids.field.priceVenture") : t("bids.field.price")}
              help={`${venture ? t("tenders.field.pot") : t("tenders.detail.ceiling")}：${formatFen(tender.ceilingPrice)}`}
              inputMode="decimal"
            />
            <TextArea name="servicePlan" label={t("bids.field.servicePlan")} rows={5} />
            <TextArea name="activities" label={t("bids.field.activities")} rows={3} />
            <div className="field-row">
              <TextField name="beneficiaries" label={t("bids.field.beneficiaries")} type="number" inputMode="numeric" />
              <TextField name="sessions" label={t("bids.field.sessions")} type="number" inputMode="numeric" />
              <TextField name="volunteerHours" label={t("bids.field.volunteerHours")} type="number" inputMode="numeric" />
            </div>
            <CheckboxGroup
              name="teamStaffIds"
              label={t("bids.field.team")}
              help={t("bids.field.team.help")}
              options={staff.map((s) => ({ value: s.id, label: `${s.name}（${t(`qualification.${s.qualification}`)}）` }))}
            />
            <RowsField
              name="budget"
              label={t("bids.field.budget")}
              help={t("bids.field.budget.help")}
              columns={[
                { key: "item", label: t("bids.field.budget.item") },
                { key: "amount", label: t("bids.field.budget.amount"), type: "number" },
              ]}
            />
            <FileField
              name={BID_ATTACHMENTS_FIELD}
              label={t("bids.attachments.field")}
              help={bid ? `${t("bids.attachments.help")} ${t("bids.attachments.replaceHelp")}` : t("bids.attachments.help")}
              accept={UPLOAD_ACCEPT}
              multiple
            />
            <div>
              <SubmitButton>{bid ? t("bids.replace") : t("bids.submit")}</SubmitButton>
            </div>
          </ZodForm>
        </section>
      ) : null}
    </>
  );
}
