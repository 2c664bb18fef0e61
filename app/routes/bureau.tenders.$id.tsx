import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { CheckboxField, FileField, SubmitButton, TextArea, TextField, ZodForm } from "~/components/form";
import { IntentButton, IntentRefusal } from "~/components/intent-button";
import { Flash, PageHeader } from "~/components/layout";
import { Countdown, EnquiryList, OpeningRecord, TenderBody, TenderPhaseBadge } from "~/components/tender";
import { requireRole } from "~/modules/auth/auth.server";
import { formatFen } from "~/modules/budgets/money";
import { amendmentSchema, answerSchema, cancelSchema, documentsSchema, TENDER_DOCUMENTS_FIELD } from "~/modules/tenders/tenders-schema";
import { settleAward } from "~/modules/awards/awards.server";
import { countLiveBids, decideWithTwoBids, getOpeningRecord, openBids } from "~/modules/bids/bids.server";
import { addTenderDocuments, amendTender, answerQuestion, copyTender, cancelTender, getBureauTender, publishTender, requireOwnTender } from "~/modules/tenders/tenders.server";
import { db } from "~/utils/db.server";
import { parseUpload } from "~/modules/documents/uploads.server";
import { UPLOAD_ACCEPT } from "~/modules/documents/file-types";
import { fieldError, fieldErrors, validateSubmission } from "~/utils/forms.server";
import { formatDateTime, useLocale, useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  await settleAward(db, params.id ?? "");
  const detail = await getBureauTender(db, user, params.id ?? "");
  const [opening, bidCount] = await Promise.all([getOpeningRecord(db, detail.tender.id), countLiveBids(db, detail.tender.id)]);
  return json({ ...detail, opening, bidCount, serverNow: new Date().toISOString() });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  const id = params.id ?? "";
  await requireOwnTender(db, user, id);
  const upload = await parseUpload(request, { field: TENDER_DOCUMENTS_FIELD });
  const formData = upload.fields;
  const intent = formData.get("intent");
  const done = (flash: string) => redirect(`/bureau/tenders/${id}?done=${flash}`);
  if (intent === "publish") {
    const result = await runCommand({ intent }, () => publishTender(db, user, id), { onRoot: true });
    return result.ok ? done("published") : result.response;
  }
  if (intent === "open") {
    const result = await runCommand({ intent }, () => openBids(db, user, id), { onRoot: true });
    return result.ok ? done("opened") : result.response;
  }
  if (intent === "proceed" || intent === "end") {
    const result = await runCommand({ intent }, () => decideWithTwoBids(db, user, id, intent === "proceed"), { onRoot: true });
    return result.ok ? done(intent === "proceed" ? "opened" : "ended") : result.response;
  }
  if (intent === "copy") {
    const result = await runCommand({ intent }, () => copyTender(db, user, id), { onRoot: true });
    return result.ok ? redirect(`/bureau/tenders/${result.value.id}/edit`) : result.response;
  }
  if (intent === "documents") {
    if (Object.keys(upload.errors).length > 0) return fieldErrors(upload.errors, { intent });
    if (upload.files.length === 0) return fieldError(TENDER_DOCUMENTS_FIELD, "errors.chooseOne", { intent });
    const result = await runCommand({ intent }, () => addTenderDocuments(db, user, id, upload.files));
    return result.ok ? done("documents") : result.response;
  }
  if (intent === "amend") {
    const { data, errors, values } = await validateSubmission(formData, amendmentSchema);
    if (errors) return fieldErrors(errors, values);
    const result = await runCommand(values, () => amendTender(db, user, id, data));
    return result.ok ? done("amended") : result.response;
  }
  if (intent === "cancel") {
    const { data, errors, values } = await validateSubmission(formData, cancelSchema);
    if (errors) return fieldErrors(errors, values);
    const result = await runCommand(values, () => cancelTender(db, user, id, data.reason));
    return result.ok ? done("cancelled") : result.response;
  }
  if (intent === "answer") {
    const { data, errors, values } = await validateSubmission(formData, answerSchema);
    if (errors) return fieldErrors(errors, values);
    const result = await runCommand(values, () => answerQuestion(db, user, String(formData.get("subjectId") ?? ""), data.answer));
    return result.ok ? done("answered") : result.response;
  }
  throw new Response("Bad Request", { status: 400 });
}

export default function BureauTender() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const tender = data.tender;
  const done = params.get("done") ?? (params.get("saved") ? "saved" : null);
  const flash =
    done === "published"
      ? t("tenders.bureau.published", { amount: formatFen(tender.ceilingPrice) })
      : done === "opened"
        ? t("bids.opening.done")
        : done && ["saved", "amended", "cancelled", "answered", "documents"].includes(done)
        ? t(`tenders.bureau.${done}`)
        : null;
  const actions = new Set(data.actions);
  const bidActions = [
    data.phase === "closed" ? (
      <IntentButton key="open" intent="open">
        {t("bids.opening.open")}
      </IntentButton>
    ) : null,
    data.opening?.outcome === "choose" && data.phase === "opened" ? (
      <IntentButton key="proceed" intent="proceed">
        {t("bids.opening.proceed")}
      </IntentButton>
    ) : null,
    data.opening?.outcome === "choose" && data.phase === "opened" ? (
      <IntentButton key="end" intent="end" variant="danger">
        {t("bids.opening.end")}
      </IntentButton>
    ) : null,
    ["opened", "evaluating", "recommended"].includes(data.phase) && data.opening?.outcome !== "choose" ? (
      <Link key="committee" to={`/bureau/tenders/${tender.id}/committee`} className="button button-secondary">
        {t("tenders.bureau.committee")}
      </Link>
    ) : null,
    ["recommended", "publicity", "awarded"].includes(data.phase) ? (
      <Link key="award" to={`/bureau/tenders/${tender.id}/award`} className="button button-secondary">
        {t("tenders.bureau.award")}
      </Link>
    ) : null,
    data.opening ? (
      <Link key="files" to={`/bureau/tenders/${tender.id}/bids`} className="button button-secondary">
        {t("bids.attachments.bureauLink")}
      </Link>
    ) : null,
    data.phase === "unsuccessful" || data.phase === "cancelled" ? (
      <IntentButton key="copy" intent="copy" variant="secondary">
        {t("bids.copy")}
      </IntentButton>
    ) : null,
  ].filter(Boolean);
  return (
    <>
      <PageHeader title={tender.title}>
        <p>
          <TenderPhaseBadge phase={data.phase} /> {tender.status !== "draft" ? <Link to={`/tenders/${tender.id}`}>{t("tenders.bureau.viewPublic")}</Link> : null}
          {" · "}
          <Link to={`/bureau/tenders/${tender.id}/indicators`}>{t("outcomes.indicators.link")}</Link>
        </p>
      </PageHeader>
      <Flash message={flash} />
      <IntentRefusal intents={["publish", "open", "proceed", "end", "copy"]} />
      {tender.status === "cancelled" ? <p className="alert alert-error">{t("tenders.detail.cancelled", { reason: tender.cancelReason ?? "" })}</p> : null}
      {data.phase === "open" || data.phase === "closed" ? <Countdown deadline={tender.bidDeadline} serverNow={data.serverNow} /> : null}
      {tender.status === "unsuccessful" ? <p className="alert alert-error">{t("bids.unsuccessful", { reason: t(tender.cancelReason ?? "") })}</p> : null}
      {data.phase === "open" || data.phase === "closed" ? <p className="muted">{t("bids.count", { count: data.bidCount })}</p> : null}
      {data.phase === "open" ? (
        <p className="alert alert-info">{t("bids.bureau.sealedUntil", { deadline: formatDateTime(locale, tender.bidDeadline) })}</p>
      ) : null}
      {bidActions.length > 0 || data.phase === "closed" ? (
        <section className="card actions-card" aria-label={t("common.actions")}>
          {data.opening?.outcome === "choose" && data.phase === "opened" ? <p className="alert alert-warn">{t("bids.opening.choose")}</p> : null}
          <div className="actions">{bidActions}</div>
          {data.phase === "closed" ? <p className="help">{t("bids.opening.help")}</p> : null}
        </section>
      ) : null}
      {data.opening ? <OpeningRecord tenderId={tender.id} opening={data.opening} /> : null}
      {actions.has("edit") || actions.has("publish") ? (
        <section className="card actions-card">
          <div className="actions">
            {actions.has("edit") ? (
              <Link to={`/bureau/tenders/${tender.id}/edit`} className="button button-secondary">
                {t("tenders.bureau.edit")}
              </Link>
            ) : null}
            {actions.has("publish") ? <IntentButton intent="publish">{t("tenders.bureau.publish")}</IntentButton> : null}
          </div>
          <p className="help">{t("tenders.bureau.publishHelp")}</p>
          {actions.has("edit") ? (
            <ZodForm schema={documentsSchema} intent="documents" encType="multipart/form-data" className="stack" aria-label={t("tenders.field.documents")}>
              <FileField name={TENDER_DOCUMENTS_FIELD} label={t("tenders.field.documents")} help={t("tenders.bureau.documentsHelp")} accept={UPLOAD_ACCEPT} multiple required />
              <div>
                <SubmitButton variant="secondary">{t("tenders.bureau.uploadDocuments")}</SubmitButton>
              </div>
            </ZodForm>
          ) : null}
        </section>
      ) : null}
      <TenderBody data={data} />
      <section className="card" aria-labelledby="enquiries">
        <h2 id="enquiries">{t("tenders.detail.enquiries")}</h2>
        <EnquiryList
          enquiries={data.enquiries}
          renderAnswerForm={
            actions.has("answer")
              ? (e) => (
                  <ZodForm schema={answerSchema} intent="answer" subjectId={e.id} className="stack" aria-label={`${t("tenders.bureau.answer")}: ${e.question}`}>
                    <TextArea name="answer" label={t("tenders.bureau.answer")} rows={2} />
                    <div>
                      <SubmitButton variant="secondary">{t("tenders.bureau.answer")}</SubmitButton>
                    </div>
                  </ZodForm>
                )
              : undefined
          }
        />
      </section>
      {actions.has("amend") ? (
        <section className="card" aria-labelledby="amend">
          <h2 id="amend">{t("tenders.bureau.amend")}</h2>
          <ZodForm schema={amendmentSchema} intent="amend" defaultValues={{ affectsBids: true }} className="stack" aria-label={t("tenders.bureau.amend")}>
            <TextArea name="changes" label={t("tenders.detail.amendment.changes")} rows={3} />
            <TextArea name="reason" label={t("tenders.detail.amendment.reason")} rows={2} />
            <CheckboxField name="affectsBids" label={t("tenders.bureau.amend.affectsBids")} />
            <TextField name="newBidDeadline" label={t("tenders.bureau.amend.newBidDeadline")} help={t("tenders.field.deadline.help")} type="datetime-local" required={false} />
            <div>
              <SubmitButton>{t("tenders.bureau.amend")}</SubmitButton>
            </div>
          </ZodForm>
        </section>
      ) : null}
      {actions.has("cancel") ? (
        <section className="card" aria-labelledby="cancel">
          <h2 id="cancel">{t("tenders.bureau.cancel")}</h2>
          <ZodForm schema={cancelSchema} intent="cancel" className="stack" aria-label={t("tenders.bureau.cancel")}>
            <TextArea name="reason" label={t("tenders.bureau.cancel.reason")} rows={2} />
            <div>
              <SubmitButton variant="danger">{t("tenders.bureau.cancel")}</SubmitButton>
            </div>
          </ZodForm>
        </section>
      ) : null}
    </>
  );
}
