import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { SubmitButton, TextArea, TextField, ZodForm } from "~/components/form";
import { PageHeader } from "~/components/layout";
import { donationSchema } from "~/modules/donations/donations-schema";
import { getDonationPage, startDonation } from "~/modules/donations/donations.server";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { getLocale, getT } from "~/utils/i18n.server";
import { useLocale, useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.title }] : []);

// Public (no login): anyone may donate to a project in force. A page of its own at
// /projects/:id/donate, not nested in the project page.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await getDonationPage(db, params.id ?? "");
  return json({ ...page, title: getT(request)("donations.page.title", { title: page.project.title }) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { data, errors, values } = await validateSubmission(await readFormData(request), donationSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => startDonation(db, params.id ?? "", data, { origin: new URL(request.url).origin, locale: getLocale(request) }));
  // 303: the browser follows to Stripe's page with a GET (without JavaScript too).
  return result.ok ? redirect(result.value.url, 303) : result.response;
}

export default function DonatePage() {
  const { project, accepting, configured, title } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader title={title}>
        <p>
          <Link to={`/projects/${project.id}`}>{t("donations.receipt.backToProject")}</Link>
        </p>
      </PageHeader>
      {params.get("cancelled") ? <p className="alert alert-warn">{t("donations.page.cancelled")}</p> : null}
      <div className="card">
        <dl className="facts">
          <dt>{t("donations.page.project")}</dt>
          <dd>{project.title}</dd>
          <dt>{t("donations.page.contract")}</dt>
          <dd>{project.number}</dd>
          <dt>{t("donations.page.organization")}</dt>
          <dd>{project.organizationName}</dd>
          <dt>{t("donations.page.purchaser")}</dt>
          <dd>{locale === "en" ? project.bureauNameEn : project.bureauName}</dd>
        </dl>
      </div>
      {!accepting ? (
        <p className="alert alert-info">{t("donations.notAccepting")}</p>
      ) : !configured ? (
        <p className="alert alert-info">
          <strong>{t("donations.unavailable")}</strong> {t("donations.notConfigured")}
        </p>
      ) : (
        <section className="card" aria-labelledby="donate">
          <h2 id="donate">{t("donations.donate")}</h2>
          <p className="help">{t("donations.page.intro", { title: project.title, organization: project.organizationName })}</p>
          <ZodForm schema={donationSchema} className="stack narrow" aria-label={t("donations.donate")}>
            <TextField name="amount" label={t("donations.field.amount")} help={t("donations.field.amount.help")} inputMode="decimal" autoComplete="off" />
            <TextField name="donorName" label={t("donations.field.donorName")} help={t("donations.field.donorName.help")} required={false} autoComplete="off" />
            <TextArea name="message" label={t("donations.field.message")} help={t("donations.field.message.help")} required={false} rows={3} />
            <div>
              <SubmitButton>{t("donations.submit")}</SubmitButton>
            </div>
          </ZodForm>
        </section>
      )}
    </>
  );
}
