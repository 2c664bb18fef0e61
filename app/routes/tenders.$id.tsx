import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SubmitButton, TextArea, ZodForm } from "~/components/form";
import { PageHeader } from "~/components/layout";
import { Countdown, EnquiryList, OpeningRecord, TenderBody, TenderPhaseBadge } from "~/components/tender";
import { AwardSection } from "~/components/award";
import { TenderProjects } from "~/components/project";
import { getUser, requireRole } from "~/modules/auth/auth.server";
import { questionSchema } from "~/modules/tenders/tenders-schema";
import { getTenderPage } from "~/modules/tenders/tender-page.server";
import { askQuestion } from "~/modules/tenders/tenders.server";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.tender.title }, { name: "description", content: data.tender.description.slice(0, 150) }] : []);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  return json({ ...(await getTenderPage(db, params.id ?? "", user)), serverNow: new Date().toISOString() });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "agency");
  const { data, errors, values } = await validateSubmission(await readFormData(request), questionSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => askQuestion(db, user, params.id ?? "", data.question));
  return result.ok ? redirect(`/tenders/${params.id}#enquiries`) : result.response;
}

export default function TenderPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const tender = data.tender;
  return (
    <>
      <PageHeader title={tender.title}>
        <p>
          <TenderPhaseBadge phase={data.phase} />
        </p>
      </PageHeader>
      {tender.status === "cancelled" ? <p className="alert alert-error">{t("tenders.detail.cancelled", { reason: tender.cancelReason ?? "" })}</p> : null}
      {data.phase === "open" || data.phase === "closed" ? <Countdown deadline={tender.bidDeadline} serverNow={data.serverNow} /> : null}
      {tender.status === "unsuccessful" ? <p className="alert alert-error">{t("bids.unsuccessful", { reason: t(tender.cancelReason ?? "") })}</p> : null}
      {data.phase === "open" || data.phase === "closed" ? (
        <p className="muted">
          {t("bids.count", { count: data.bidCount ?? 0 })}{" "}
          {data.canBid ? (
            <Link to={`/tenders/${tender.id}/bid`} className="button button-primary">
              {t("bids.title")}
            </Link>
          ) : null}
        </p>
      ) : null}
      <AwardSection award={data.award} canReadLetter={data.canReadLetter} />
      <TenderProjects projects={data.projects} />
      {data.opening ? <OpeningRecord tenderId={tender.id} opening={data.opening} /> : null}
      <TenderBody data={data} />
      <section className="card" aria-labelledby="enquiries">
        <h2 id="enquiries">{t("tenders.detail.enquiries")}</h2>
        <EnquiryList enquiries={data.enquiries} />
        {data.canAsk ? (
          <ZodForm schema={questionSchema} className="stack" aria-label={t("tenders.detail.ask")}>
            <TextArea name="question" label={t("tenders.detail.ask")} help={t("tenders.detail.ask.help")} rows={3} />
            <div>
              <SubmitButton>{t("tenders.detail.ask")}</SubmitButton>
            </div>
          </ZodForm>
        ) : null}
      </section>
    </>
  );
}
