import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ChallengeList, EvidenceLinks } from "~/components/award";
import { FileField, SelectField, SubmitButton, TextArea, TextField, ZodForm } from "~/components/form";
import { Flash, PageHeader } from "~/components/layout";
import { TenderPhaseBadge } from "~/components/tender";
import { requireRole } from "~/modules/auth/auth.server";
import { formatFen } from "~/modules/budgets/money";
import { CHALLENGE_EVIDENCE_FIELD, challengeSchema } from "~/modules/challenges/challenges-schema";
import { fileChallenge, getChallengePage } from "~/modules/challenges/challenges.server";
import { UPLOAD_ACCEPT } from "~/modules/documents/file-types";
import { parseUpload } from "~/modules/documents/uploads.server";
import { db } from "~/utils/db.server";
import { fieldErrors, validateSubmission } from "~/utils/forms.server";
import { formatDate, useLocale, useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

// A file of its own (not nested in the tender page, which has no outlet), at /tenders/:id/challenge.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "agency");
  return json(await getChallengePage(db, user, params.id ?? ""));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "agency");
  const id = params.id ?? "";
  const upload = await parseUpload(request, { field: CHALLENGE_EVIDENCE_FIELD });
  const { data, errors, values } = await validateSubmission(upload.fields, challengeSchema);
  if (errors || Object.keys(upload.errors).length > 0) return fieldErrors({ ...errors, ...upload.errors }, values);
  const result = await runCommand(values, () => fileChallenge(db, user, id, data, upload.files));
  return result.ok ? redirect(`/tenders/${id}/challenge?done=filed`) : result.response;
}

export default function ChallengePage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const period = data.window;
  return (
    <>
      <PageHeader title={t("challenges.page.title", { title: data.tender.title })}>
        <p>
          <TenderPhaseBadge phase={data.phase} /> <Link to={`/tenders/${data.tender.id}`}>{t("common.back")}</Link>
        </p>
      </PageHeader>
      <Flash message={params.get("done") === "filed" ? t("challenges.filed") : null} />
      <section className="card" aria-labelledby="window">
        <h2 id="window">{t("challenges.period.title")}</h2>
        {period ? (
          <>
            <dl className="facts">
              <dt>{t("challenges.period.awarded")}</dt>
              <dd>{data.awards.map((a) => `${a.organizationName} · ${formatFen(a.amount)}`).join("；")}</dd>
              <dt>{t("challenges.period.from")}</dt>
              <dd>{formatDate(locale, period.from)}</dd>
              <dt>{t("awards.publicityEndsOn")}</dt>
              <dd>{formatDate(locale, period.publicityEndsOn)}</dd>
              <dt>{t("awards.challengeDeadline")}</dt>
              <dd>
                <strong>{formatDate(locale, period.to)}</strong>
              </dd>
            </dl>
            <p className="help">{t("challenges.period.rule")}</p>
            {!period.open ? <p className="alert alert-warn">{t("challenges.period.closed", { from: formatDate(locale, period.from), to: formatDate(locale, period.to) })}</p> : null}
          </>
        ) : (
          <p className="muted">{t("challenges.period.noAward")}</p>
        )}
        {!data.isBidder ? <p className="alert alert-warn">{t("challenges.refused.notBidder")}</p> : null}
      </section>
      {data.canFile ? (
        <section className="card" aria-labelledby="file">
          <h2 id="file">{t("challenges.file")}</h2>
          <p className="help">{t("challenges.file.help")}</p>
          <ZodForm schema={challengeSchema} encType="multipart/form-data" className="stack" aria-label={t("challenges.file")}>
            {data.awards.length > 1 ? (
              <SelectField
                name="awardId"
                label={t("challenges.field.award")}
                placeholder=""
                options={data.awards.map((a) => ({ value: a.id, label: `${a.organizationName} · ${formatFen(a.amount)}` }))}
              />
            ) : null}
            <TextField name="subject" label={t("challenges.field.subject")} help={t("challenges.field.subject.help")} />
            <TextArea name="grounds" label={t("challenges.field.grounds")} help={t("challenges.field.grounds.help")} rows={6} />
            <FileField name={CHALLENGE_EVIDENCE_FIELD} label={t("challenges.evidence")} help={t("challenges.evidence.help")} accept={UPLOAD_ACCEPT} multiple />
            <div>
              <SubmitButton>{t("challenges.file.submit")}</SubmitButton>
            </div>
          </ZodForm>
        </section>
      ) : null}
      <section className="card" aria-labelledby="own">
        <h2 id="own">{t("challenges.own")}</h2>
        <ChallengeList
          challenges={data.challenges}
          renderExtra={(c) => <EvidenceLinks files={data.challenges.find((x) => x.id === c.id)?.evidence ?? []} />}
        />
      </section>
    </>
  );
}
