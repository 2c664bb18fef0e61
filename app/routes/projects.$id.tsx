import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DonationsPanel } from "~/components/donations-panel";
import { PageHeader } from "~/components/layout";
import { OutcomePanel } from "~/components/outcome";
import { ContractStatusBadge, ContractSummary, MilestoneTable } from "~/components/project";
import { translator } from "~/i18n";
import { formatFen } from "~/modules/budgets/money";
import { getProject } from "~/modules/contracts/projects.server";
import { donationsSummary } from "~/modules/donations/donations.server";
import { getPublicOutcome } from "~/modules/outcomes/outcomes.server";
import { db } from "~/utils/db.server";
import { formatDate, useLocale, useT } from "~/utils/i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = (matches[0]?.data as { locale?: "zh-CN" | "en" } | undefined)?.locale ?? "zh-CN";
  const t = translator(locale);
  return [{ title: `${data?.project.contract.title ?? t("projects.public.title")} · ${t("app.name")}` }];
};

/** The public project page (102号令 art. 23): summary, milestones met, payments made, co-funding. */
export async function loader({ params }: LoaderFunctionArgs) {
  const project = await getProject(db, { as: "public" }, params.id ?? "");
  return json({ project, donations: await donationsSummary(db, project.contract.id), outcome: await getPublicOutcome(db, project.contract.id) });
}

export default function PublicProject() {
  const { project, donations, outcome } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const c = project.contract;
  const met = project.milestones.filter((m) => m.status === "accepted").length;
  return (
    <>
      <PageHeader title={c.title} intro={t("projects.public.pageIntro")}>
        <p>
          <ContractStatusBadge status={c.status} /> {c.number} · <Link to="/projects">{t("projects.public.title")}</Link>
        </p>
      </PageHeader>
      <ContractSummary project={project} />
      <section className="card" aria-labelledby="milestones">
        <h2 id="milestones">{t("projects.milestones")}</h2>
        <p>{t("projects.milestonesMet", { met, total: project.milestones.length })}</p>
        <MilestoneTable milestones={project.milestones} />
      </section>
      <section className="card" aria-labelledby="payments">
        <h2 id="payments">{t("projects.payments")}</h2>
        {project.payments.length === 0 ? (
          <p className="muted">{t("projects.payments.none")}</p>
        ) : (
          <ul>
            {project.payments.map((p) => (
              <li key={p.position}>
                {formatDate(locale, p.paidOn!)} · {p.position + 1}. {p.milestone} · <strong>{formatFen(p.amount!)}</strong>
              </li>
            ))}
          </ul>
        )}
        <p>{t("projects.paidOfTotal", { paid: formatFen(project.paid), total: formatFen(c.amount) })}</p>
      </section>
      <OutcomePanel outcome={outcome} contractId={c.id} />
      {/* Co-funding (社会捐赠): the donations module's panel, fed by donationsSummary. */}
      <DonationsPanel summary={donations} />
    </>
  );
}
