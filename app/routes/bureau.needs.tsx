import type { ActionFunctionArgs, LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { FilterForm, FilterInput, FilterSelect } from "~/components/filters";
import { RadioGroup, SubmitButton, TextArea, ZodForm } from "~/components/form";
import { PageHeader } from "~/components/layout";
import { EvidenceLinks, NeedOutcome, NeedStatusBadge, usePlaceName } from "~/components/needs";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatFen } from "~/modules/budgets/money";
import { canReview, NEED_STATUSES } from "~/modules/needs/need-states";
import { needPoolFilterSchema, needReviewSchema } from "~/modules/needs/needs-schema";
import { listNeedPool, listPoolCommunities, reviewNeed } from "~/modules/needs/needs.server";
import { SERVICE_CATEGORIES } from "~/modules/needs/service-categories";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { formatDateTime, formatNumber, useLocale, useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "needs.review");
  const filter = needPoolFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [needs, communities] = await Promise.all([listNeedPool(db, user, filter), listPoolCommunities(db, user)]);
  return json({ needs, communities, filter });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "needs.review");
  const formData = await readFormData(request);
  const needId = String(formData.get("subjectId") ?? "");
  const { data, errors, values } = await validateSubmission(formData, needReviewSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => reviewNeed(db, user, needId, data));
  const back = new URL(request.url);
  return result.ok ? redirect(back.pathname + back.search) : result.response;
}

type Need = SerializeFrom<typeof loader>["needs"][number];

export default function BureauNeedPool() {
  const { needs, communities, filter } = useLoaderData<typeof loader>();
  const t = useT();
  const placeName = usePlaceName();
  return (
    <>
      <PageHeader title={t("needs.pool.title")} intro={t("needs.pool.intro")} />
      <FilterForm submitLabel={t("needs.filter.submit")} aria-label={t("needs.filter.submit")} after={<Link to="/bureau/needs">{t("needs.filter.clear")}</Link>}>
        <FilterSelect
          id="filter-category"
          name="category"
          label={t("needs.filter.category")}
          allLabel={t("needs.filter.all")}
          defaultValue={filter.category}
          options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        />
        <FilterSelect
          id="filter-community"
          name="communityId"
          label={t("needs.filter.community")}
          allLabel={t("needs.filter.all")}
          defaultValue={filter.communityId}
          options={communities.map((c) => ({ value: c.id, label: placeName(c.nameZh, c.nameEn) }))}
        />
        <FilterSelect
          id="filter-status"
          name="status"
          label={t("needs.filter.status")}
          allLabel={t("needs.filter.all")}
          defaultValue={filter.status}
          options={NEED_STATUSES.map((s) => ({ value: s, label: t(`needs.status.${s}`) }))}
        />
        <FilterInput id="filter-min-support" name="minSupport" type="number" min={0} inputMode="numeric" label={t("needs.filter.minSupport")} defaultValue={filter.minSupport} />
      </FilterForm>
      <p className="muted" aria-live="polite">
        {t("needs.pool.count", { count: needs.length })}
      </p>
      {needs.length === 0 ? <p className="muted">{t("needs.pool.empty")}</p> : null}
      {needs.map((n) => (
        <PoolNeed key={n.id} need={n} />
      ))}
    </>
  );
}

function PoolNeed({ need: n }: { need: Need }) {
  const t = useT();
  const locale = useLocale();
  const placeName = usePlaceName();
  return (
    <article className="card" aria-labelledby={`need-${n.id}`}>
      <h2 id={`need-${n.id}`}>
        <Link to={`/needs/${n.id}`}>{n.title}</Link> <NeedStatusBadge status={n.status} />
      </h2>
      <p>{n.description}</p>
      <dl className="facts">
        <dt>{t("needs.fact.community")}</dt>
        <dd>
          {placeName(n.communityName, n.communityNameEn)}
          {n.gridName ? ` · ${placeName(n.gridName, n.gridNameEn)}` : null}
        </dd>
        <dt>{t("needs.field.category")}</dt>
        <dd>{t(`category.${n.category}`)}</dd>
        <dt>{t("needs.field.channel")}</dt>
        <dd>{t(`needs.channel.${n.channel}`)}</dd>
        <dt>{t("needs.field.targetGroup")}</dt>
        <dd>{n.targetGroup}</dd>
        <dt>{t("needs.field.beneficiariesEstimate")}</dt>
        <dd>{formatNumber(locale, n.beneficiariesEstimate)}</dd>
        <dt>{t("needs.field.suggestedBudget")}</dt>
        <dd>{formatFen(n.suggestedBudget)}</dd>
        <dt>{t("needs.field.urgency")}</dt>
        <dd>{n.urgency === "high" ? <span className="badge badge-warn">{t("needs.urgency.high")}</span> : t(`needs.urgency.${n.urgency}`)}</dd>
        <dt>{t("needs.list.supports")}</dt>
        <dd>{formatNumber(locale, n.supportCount)}</dd>
        <dt>{t("needs.fact.postedAt")}</dt>
        <dd>{formatDateTime(locale, n.createdAt)}</dd>
        <dt>{t("needs.list.evidence")}</dt>
        <dd>
          <EvidenceLinks files={n.evidence} />
        </dd>
        {n.reviewReason || n.tenderId ? (
          <>
            <dt>{t("needs.list.outcome")}</dt>
            <dd>
              <NeedOutcome reviewReason={n.reviewReason} tenderId={n.tenderId} />
            </dd>
          </>
        ) : null}
      </dl>
      {canReview(n.status) ? (
        <>
          <h3>{t("needs.review.title")}</h3>
          <ZodForm
            schema={needReviewSchema}
            intent="review"
            subjectId={n.id}
            defaultValues={{ decision: "accept" }}
            className="stack"
            aria-label={t("needs.review.label", { title: n.title })}
          >
            <RadioGroup
              name="decision"
              label={t("needs.review.decision")}
              options={[
                { value: "accept", label: t("needs.review.accept") },
                { value: "reject", label: t("needs.review.reject") },
              ]}
            />
            <TextArea name="reason" label={t("needs.review.reason")} help={t("needs.review.reason.help")} required={false} rows={2} />
            <div>
              <SubmitButton>{t("needs.review.submit")}</SubmitButton>
            </div>
          </ZodForm>
        </>
      ) : null}
    </article>
  );
}
