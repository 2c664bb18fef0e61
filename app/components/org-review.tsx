import { useLoaderData, useSearchParams } from "@remix-run/react";
import type { SerializeFrom } from "@remix-run/node";
import { CREDIT_STATUSES } from "~/modules/orgs/verification";
import { creditSchema, reviewSchema } from "~/modules/orgs/orgs-schema";
import type { reviewLoader } from "~/modules/orgs/review-route.server";
import { formatDateTime, useLocale, useT } from "~/utils/i18n";
import { FilterForm, FilterSelect } from "./filters";
import { RadioGroup, SelectField, SubmitButton, TextArea, ZodForm } from "./form";
import { CategoryTags, CreditBadge, GradeText, VerificationBadge } from "./organization";

type Organization = SerializeFrom<typeof reviewLoader>["organizations"][number];

/** The review queue: each organization with its facts and the decisions the reviewer may take. */
export function OrganizationReviewList() {
  const { organizations, status, canSetCredit } = useLoaderData<typeof reviewLoader>();
  const t = useT();
  const [params] = useSearchParams();
  return (
    <>
      <FilterForm submitLabel={t("orgs.filter.submit")}>
        <FilterSelect
          id="review-status"
          name="status"
          label={t("review.filter.status")}
          allLabel={t("orgs.filter.all")}
          defaultValue={status || params.get("status")}
          options={(["pending", "verified", "rejected"] as const).map((s) => ({ value: s, label: t(`verification.${s}`) }))}
        />
      </FilterForm>
      {organizations.length === 0 ? <p className="muted">{t("bureau.noPending")}</p> : null}
      {organizations.map((o) => (
        <ReviewCard key={o.id} organization={o} canSetCredit={canSetCredit} />
      ))}
    </>
  );
}

function ReviewCard({ organization: o, canSetCredit }: { organization: Organization; canSetCredit: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <article className="card" aria-labelledby={`org-${o.id}`}>
      <h2 id={`org-${o.id}`}>
        {o.name} <VerificationBadge status={o.verificationStatus} />
      </h2>
      <dl className="facts">
        <dt>{t("org.profile.kind")}</dt>
        <dd>{t(`orgKind.${o.kind}`)}</dd>
        <dt>{t("org.profile.uscc")}</dt>
        <dd>
          <code>{o.uscc}</code>
        </dd>
        <dt>{t("org.profile.type")}</dt>
        <dd>{t(`regType.${o.registrationType}`)}</dd>
        <dt>{t("org.profile.districts")}</dt>
        <dd>{o.districts.join("、")}</dd>
        <dt>{t("org.profile.categories")}</dt>
        <dd>
          <CategoryTags categories={o.serviceCategories} />
        </dd>
        <dt>{t("org.profile.grade")}</dt>
        <dd>
          <GradeText grade={o.grade} awardedOn={o.gradeAwardedOn} />
        </dd>
        <dt>{t("register.section.contact")}</dt>
        <dd>
          {o.contactName} · {o.contactPhone}
        </dd>
        <dt>{t("review.submittedAt")}</dt>
        <dd>{formatDateTime(locale, o.createdAt)}</dd>
        <dt>{t("org.profile.credit")}</dt>
        <dd>
          <CreditBadge status={o.creditStatus} /> {o.creditStatus !== "normal" ? o.creditReason : null}
        </dd>
        {o.verificationReason ? (
          <>
            <dt>{t("review.reason")}</dt>
            <dd>{o.verificationReason}</dd>
          </>
        ) : null}
      </dl>
      {o.verificationStatus !== "verified" ? (
        <ZodForm schema={reviewSchema} intent="review" subjectId={o.id} defaultValues={{ decision: "verify" }} className="stack" aria-label={`${t("review.title")}: ${o.name}`}>
          <RadioGroup
            name="decision"
            label={t("review.title")}
            options={[
              { value: "verify", label: t("review.verify") },
              ...(o.verificationStatus === "pending" ? [{ value: "reject", label: t("review.reject") }] : []),
            ]}
          />
          <TextArea name="reason" label={t("review.reason")} help={t("review.reason.help")} required={false} rows={2} />
          <div>
            <SubmitButton>{t("common.submit")}</SubmitButton>
          </div>
        </ZodForm>
      ) : null}
      {canSetCredit ? (
        <details>
          <summary>{t("admin.orgs.setCredit")}</summary>
          <ZodForm schema={creditSchema} intent="credit" subjectId={o.id} defaultValues={{ creditStatus: o.creditStatus }} className="stack" aria-label={`${t("admin.orgs.setCredit")}: ${o.name}`}>
            <SelectField name="creditStatus" label={t("admin.orgs.creditAction")} options={CREDIT_STATUSES.map((c) => ({ value: c, label: t(`credit.${c}`) }))} />
            <TextArea name="reason" label={t("common.reason")} rows={2} />
            <div>
              <SubmitButton variant="secondary">{t("admin.orgs.setCredit")}</SubmitButton>
            </div>
          </ZodForm>
        </details>
      ) : null}
    </article>
  );
}
