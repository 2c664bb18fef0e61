import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { RadioGroup, SubmitButton, TextArea, ZodForm } from "~/components/form";
import { Flash, PageHeader } from "~/components/layout";
import { requireRole } from "~/modules/auth/auth.server";
import { proposalDecisionSchema } from "~/modules/credit/credit-schema";
import { decideProposal, listProposals } from "~/modules/credit/credit.server";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { formatDate, formatDateTime, useLocale, useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { runCommand } from "~/utils/route-errors.server";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "credit.bureau.title")];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  return json({ proposals: await listProposals(db, user) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  const formData = await readFormData(request);
  const { data, errors, values } = await validateSubmission(formData, proposalDecisionSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => decideProposal(db, user, String(formData.get("subjectId") ?? ""), data));
  return result.ok ? redirect(`/bureau/credit?done=${result.value.status}`) : result.response;
}

export default function CreditProposals() {
  const { proposals } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const done = params.get("done");
  return (
    <>
      <PageHeader title={t("credit.bureau.title")} intro={t("credit.bureau.intro")} />
      <Flash message={done === "confirmed" || done === "dismissed" ? t(`credit.bureau.done.${done}`) : null} />
      {proposals.length === 0 ? <p className="muted">{t("credit.bureau.none")}</p> : null}
      {proposals.map((p) => (
        <section key={p.id} className="card" aria-labelledby={`proposal-${p.id}`}>
          <h2 id={`proposal-${p.id}`}>
            <Link to={`/organizations/${p.organizationId}`}>{p.organizationName}</Link>{" "}
            <span className={`badge ${p.status === "proposed" ? "badge-warn" : p.status === "confirmed" ? "badge-bad" : ""}`}>{t(`credit.proposal.${p.status}`)}</span>
          </h2>
          <p>{p.reason}</p>
          <ul>
            {p.projects.map((pr) => (
              <li key={pr.evaluationId}>
                <Link to={`/projects/${pr.contractId}`}>{pr.title}</Link> · {pr.compositeScore} · {pr.gradedAt ? formatDate(locale, pr.gradedAt) : ""}
              </li>
            ))}
          </ul>
          <p className="muted">{t("credit.proposal.proposedAt", { at: formatDateTime(locale, p.proposedAt) })}</p>
          {p.status === "proposed" ? (
            <ZodForm schema={proposalDecisionSchema} intent="decide" subjectId={p.id} className="stack" aria-label={t("credit.decide", { name: p.organizationName })}>
              <RadioGroup
                name="decision"
                label={t("credit.decision")}
                options={[
                  { value: "confirm", label: t("credit.decision.confirm") },
                  { value: "dismiss", label: t("credit.decision.dismiss") },
                ]}
              />
              <TextArea name="reason" label={t("credit.decision.reason")} help={t("credit.decision.reason.help")} rows={3} />
              <div>
                <SubmitButton>{t("credit.decide.submit")}</SubmitButton>
              </div>
            </ZodForm>
          ) : (
            <p>
              {t("credit.proposal.decided", { at: p.decidedAt ? formatDateTime(locale, p.decidedAt) : "" })} {p.decisionReason}
            </p>
          )}
        </section>
      ))}
    </>
  );
}
