/**
 * The pieces of a project page (contract, milestones, reports, confirmations, tranches, spending,
 * timeline), shared by the bureau's, the agency's, the community's and the public pages. No data
 * access: each page passes what its reader may see.
 */
import { Link } from "@remix-run/react";
import type { SerializeFrom } from "@remix-run/node";
import type { ReactNode } from "react";
import { SubmitButton, ZodForm } from "~/components/form";
import { isMessageKey } from "~/i18n";
import { formatFen } from "~/modules/budgets/money";
import { signContractSchema } from "~/modules/contracts/contracts-schema";
import type { ProjectView, projectTimeline } from "~/modules/contracts/projects.server";
import { formatDate, formatDateTime, formatNumber, useLocale, useT } from "~/utils/i18n";

export type Project = SerializeFrom<ProjectView>;
export type Milestone = Project["milestones"][number];
type TimelineEvent = SerializeFrom<Awaited<ReturnType<typeof projectTimeline>>>[number];

const CONTRACT_TONE = { draft: "badge-warn", active: "badge-ok", completed: "", terminated: "badge-bad" } as const;

export function ContractStatusBadge({ status }: { status: keyof typeof CONTRACT_TONE }) {
  const t = useT();
  return <span className={`badge ${CONTRACT_TONE[status]}`}>{t(`contracts.status.${status}`)}</span>;
}

const MILESTONE_TONE = { pending: "", submitted: "badge-warn", returned: "badge-bad", accepted: "badge-ok" } as const;

export function MilestoneStatusBadge({ milestone }: { milestone: Pick<Milestone, "status" | "needsReport"> }) {
  const t = useT();
  const key = !milestone.needsReport ? (milestone.status === "accepted" ? "milestones.status.signed" : "milestones.status.awaitingSignature") : `milestones.status.${milestone.status}`;
  return <span className={`badge ${MILESTONE_TONE[milestone.status]}`}>{t(key)}</span>;
}

const TRANCHE_TONE = { paid: "badge-ok", payable: "badge-warn", planned: "", locked: "badge-bad" } as const;

export function TrancheState({ tranche }: { tranche: Milestone["tranche"] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <span className={`badge ${TRANCHE_TONE[tranche.state]}`}>{t(`payments.state.${tranche.state}`)}</span>
      {tranche.payment ? (
        <div className="muted">
          {t("payments.paidOn", { date: formatDate(locale, tranche.payment.paidOn!) })}
          {tranche.payment.reference ? ` · ${tranche.payment.reference}` : null}
        </div>
      ) : null}
      {tranche.reason ? <div className="muted">{t(tranche.reason)}</div> : null}
    </>
  );
}

/** Parties, amount, period and communities: the summary published once both have signed. */
export function ContractSummary({ project, pdfHref }: { project: Project; pdfHref?: string }) {
  const t = useT();
  const locale = useLocale();
  const c = project.contract;
  return (
    <section className="card" aria-labelledby="summary">
      <h2 id="summary">{t("projects.summary")}</h2>
      <dl className="grid grid-2">
        <div>
          <dt>{t("projects.number")}</dt>
          <dd>{c.number}</dd>
        </div>
        <div>
          <dt>{t("common.status")}</dt>
          <dd>
            <ContractStatusBadge status={c.status} />
          </dd>
        </div>
        <div>
          <dt>{t("projects.purchaser")}</dt>
          <dd>{locale === "en" ? project.purchaser.nameEn : project.purchaser.name}</dd>
        </div>
        <div>
          <dt>{t("projects.supplier")}</dt>
          <dd>
            <Link to={`/organizations/${project.supplier.organizationId}`}>{project.supplier.name}</Link>
            <div className="muted">
              {t("projects.uscc")} {project.supplier.uscc}
            </div>
          </dd>
        </div>
        <div>
          <dt>{t("projects.amount")}</dt>
          <dd>
            <strong>{formatFen(c.amount)}</strong>
            <div className="muted">{t("projects.paidSoFar", { paid: formatFen(project.paid) })}</div>
          </dd>
        </div>
        <div>
          <dt>{t("projects.period")}</dt>
          <dd>
            {formatDate(locale, c.serviceStartOn)} – {formatDate(locale, c.serviceEndOn)}
          </dd>
        </div>
        <div>
          <dt>{t("projects.communities")}</dt>
          <dd>{project.communities.map((x) => (locale === "en" ? x.nameEn : x.nameZh)).join(locale === "en" ? ", " : "、")}</dd>
        </div>
        <div>
          <dt>{t("projects.tender")}</dt>
          <dd>
            <Link to={`/tenders/${c.tenderId}`}>{c.tenderTitle}</Link>
            {c.proposalTitle ? <div className="muted">{c.proposalTitle}</div> : null}
          </dd>
        </div>
        {c.activatedAt ? (
          <div>
            <dt>{t("projects.activatedAt")}</dt>
            <dd>{formatDateTime(locale, c.activatedAt)}</dd>
          </div>
        ) : null}
        {c.completedAt ? (
          <div>
            <dt>{t("projects.completedAt")}</dt>
            <dd>{formatDateTime(locale, c.completedAt)}</dd>
          </div>
        ) : null}
        {c.terminatedAt ? (
          <div>
            <dt>{t("projects.terminatedAt")}</dt>
            <dd>
              {formatDateTime(locale, c.terminatedAt)}
              {c.terminationReason ? <div className="muted">{t("projects.terminationReason", { reason: c.terminationReason })}</div> : null}
            </dd>
          </div>
        ) : null}
      </dl>
      {pdfHref ? (
        <p>
          <a href={pdfHref}>{t("projects.pdf", { version: c.version })}</a>
          {c.pdfSha256 ? <span className="muted"> · SHA-256 {c.pdfSha256.slice(0, 16)}…</span> : null}
        </p>
      ) : null}
    </section>
  );
}

/** Who signed the current version, and when; earlier versions' signatures no longer count. */
/** A party's signature on the current version: it names the version and the PDF's SHA-256 signed. */
export function SignContractForm({ contract }: { contract: Project["contract"] }) {
  const t = useT();
  const { version } = contract;
  return (
    <ZodForm schema={signContractSchema} intent="sign" defaultValues={{ version }} className="stack" aria-label={t("projects.sign", { version })}>
      <input type="hidden" name="version" value={version} />
      <p className="help">{t("projects.signConfirm", { version, sha: contract.pdfSha256 ?? "" })}</p>
      <div>
        <SubmitButton>{t("projects.sign", { version })}</SubmitButton>
      </div>
    </ZodForm>
  );
}

export function Signatures({ project, children }: { project: Project; children?: ReactNode }) {
  const t = useT();
  const locale = useLocale();
  const c = project.contract;
  const line = (party: "agency" | "bureau") => {
    const s = project.signatures[party];
    return (
      <li>
        {t(`projects.party.${party}`)}：
        {s ? (
          <>
            <span className="badge badge-ok">{t("projects.signed")}</span> {s.name} · {formatDateTime(locale, s.signedAt)}
          </>
        ) : (
          <span className="badge badge-warn">{t("projects.unsigned")}</span>
        )}
      </li>
    );
  };
  return (
    <section className="card" aria-labelledby="signing">
      <h2 id="signing">{t("projects.signing", { version: c.version })}</h2>
      {c.status === "draft" ? <p className="help">{t("projects.signingHelp")}</p> : null}
      <ul>
        {line("agency")}
        {line("bureau")}
      </ul>
      {project.signatures.history.length ? (
        <p className="muted">
          {t("projects.earlierSignatures", {
            list: project.signatures.history.map((s) => `${t(`projects.party.${s.party}`)} ${s.name}（${t("projects.versionN", { version: s.version })}）`).join("、"),
          })}
        </p>
      ) : null}
      {children}
    </section>
  );
}

/** Milestones with their tranches at a glance: due date, status, amount, paid / payable / planned / locked and why. */
export function MilestoneTable({ milestones }: { milestones: Milestone[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="table-wrap">
      <table className="responsive">
        <thead>
          <tr>
            <th scope="col">{t("projects.milestone")}</th>
            <th scope="col">{t("projects.dueOn")}</th>
            <th scope="col">{t("common.status")}</th>
            <th scope="col" className="num">
              {t("projects.tranche")}
            </th>
            <th scope="col">{t("projects.payment")}</th>
          </tr>
        </thead>
        <tbody>
          {milestones.map((m) => (
            <tr key={m.id}>
              <td data-label={t("projects.milestone")}>
                {m.position + 1}. {m.name}
                {m.tranche.isFinal ? <div className="muted">{t("projects.finalTranche")}</div> : null}
              </td>
              <td data-label={t("projects.dueOn")}>{formatDate(locale, m.dueOn)}</td>
              <td data-label={t("common.status")}>
                <MilestoneStatusBadge milestone={m} />
              </td>
              <td data-label={t("projects.tranche")} className="num">
                {formatFen(m.tranche.amount)}
                <div className="muted">{m.tranche.percentage}%</div>
              </td>
              <td data-label={t("projects.payment")}>
                <TrancheState tranche={m.tranche} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A progress report as submitted (or the agency's draft). */
export function ReportView({ report }: { report: NonNullable<Milestone["report"]> }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="stack">
      <p>
        <span className={`badge ${report.status === "submitted" ? "badge-ok" : "badge-warn"}`}>{t(`progress.reportStatus.${report.status}`)}</span>{" "}
        {report.revision > 0 ? t("progress.revision", { revision: report.revision }) : null}
        {report.submittedAt ? <span className="muted"> · {t("progress.submittedAt", { at: formatDateTime(locale, report.submittedAt) })}</span> : null}
      </p>
      <dl className="grid grid-4">
        <div>
          <dt>{t("progress.period")}</dt>
          <dd>
            {formatDate(locale, report.periodStart)} – {formatDate(locale, report.periodEnd)}
          </dd>
        </div>
        <div>
          <dt>{t("progress.beneficiaries")}</dt>
          <dd>{formatNumber(locale, report.beneficiaries)}</dd>
        </div>
        <div>
          <dt>{t("progress.volunteerHours")}</dt>
          <dd>{formatNumber(locale, report.volunteerHours)}</dd>
        </div>
        <div>
          <dt>{t("progress.activityCount")}</dt>
          <dd>{formatNumber(locale, report.activities.length)}</dd>
        </div>
      </dl>
      <div className="table-wrap">
        <table className="responsive">
          <caption className="visually-hidden">{t("progress.activities")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("progress.activity.date")}</th>
              <th scope="col">{t("progress.activity.title")}</th>
              <th scope="col">{t("progress.activity.place")}</th>
              <th scope="col" className="num">
                {t("progress.activity.participants")}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.activities.map((a, i) => (
              <tr key={i}>
                <td data-label={t("progress.activity.date")}>{formatDate(locale, a.date)}</td>
                <td data-label={t("progress.activity.title")}>{a.title}</td>
                <td data-label={t("progress.activity.place")}>{a.place}</td>
                <td data-label={t("progress.activity.participants")} className="num">
                  {formatNumber(locale, a.participants)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <strong>{t("progress.spending")}：</strong>
        {report.spending.map((s) => `${s.line} ${formatFen(s.amount)}`).join(locale === "en" ? "; " : "；")}
      </p>
      <p className="prose">{report.narrative}</p>
      {report.evidence.length ? (
        <p>
          {t("progress.evidence")}：
          {report.evidence.map((f, i) => (
            <span key={f.id}>
              {i > 0 ? "、" : null}
              <a href={`/attachments/${f.id}`}>{f.filename}</a>
            </span>
          ))}
        </p>
      ) : null}
    </div>
  );
}

/** Each service community's answer, marked when it was given for an earlier revision. */
export function Confirmations({ milestone }: { milestone: Milestone }) {
  const t = useT();
  const locale = useLocale();
  if (milestone.confirmations.length === 0) return null;
  return (
    <ul>
      {milestone.confirmations.map((c) => (
        <li key={c.communityId}>
          {locale === "en" ? c.nameEn : c.nameZh}：
          {c.answer ? (
            <>
              <span className={`badge ${c.answer.status === "confirmed" ? "badge-ok" : "badge-bad"}`}>{t(`progress.confirmation.${c.answer.status}`)}</span>{" "}
              {c.answer.current ? null : <span className="badge">{t("progress.confirmation.outdated")}</span>}
              <span className="muted">
                {" "}
                {c.answer.name} · {formatDateTime(locale, c.answer.at)}
              </span>
              {c.answer.note ? <div className="muted">{c.answer.note}</div> : null}
            </>
          ) : (
            <span className="badge badge-warn">{t("progress.confirmation.waiting")}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** A milestone's section: status, the report and the communities' confirmations, plus the reader's actions. */
export function MilestoneSection({ milestone, children }: { milestone: Milestone; children?: ReactNode }) {
  const t = useT();
  const locale = useLocale();
  const m = milestone;
  return (
    <article className="card" aria-labelledby={`milestone-${m.id}`}>
      <div className="section-head">
        <h3 id={`milestone-${m.id}`}>
          {m.position + 1}. {m.name}
        </h3>
        <MilestoneStatusBadge milestone={m} />
      </div>
      <p className="muted">
        {t("projects.dueOn")} {formatDate(locale, m.dueOn)} · {t("projects.tranche")} {m.tranche.percentage}% {formatFen(m.tranche.amount)}
        {m.decidedAt && m.status === "accepted" && m.needsReport ? ` · ${t("progress.acceptedAt", { at: formatDateTime(locale, m.decidedAt) })}` : null}
      </p>
      {m.status === "returned" && m.returnReason ? <p className="alert alert-warn">{t("progress.returnedWith", { reason: m.returnReason })}</p> : null}
      {m.report ? <ReportView report={m.report} /> : m.needsReport ? <p className="muted">{t("progress.noReport")}</p> : <p className="muted">{t("progress.signingMilestone")}</p>}
      {m.needsReport && m.confirmations.length && m.status !== "pending" ? (
        <>
          <h4>{t("progress.confirmations")}</h4>
          <Confirmations milestone={m} />
        </>
      ) : null}
      <TrancheState tranche={m.tranche} />
      {children}
    </article>
  );
}

/** Spending reported against the bid's budget, line by line, and what was delivered against the contracted indicators. */
export function SpendingTable({ project }: { project: Project }) {
  const t = useT();
  const locale = useLocale();
  if (!project.terms) return null;
  const total = project.spending.reduce((a, s) => a + s.spent, 0);
  const budget = project.spending.reduce((a, s) => a + s.budget, 0);
  const indicators = project.terms.indicators;
  return (
    <section className="card" aria-labelledby="spending">
      <h2 id="spending">{t("projects.spending")}</h2>
      <div className="table-wrap">
        <table className="responsive">
          <thead>
            <tr>
              <th scope="col">{t("projects.budgetLine")}</th>
              <th scope="col" className="num">
                {t("projects.budgeted")}
              </th>
              <th scope="col" className="num">
                {t("projects.spent")}
              </th>
              <th scope="col" className="num">
                {t("projects.share")}
              </th>
            </tr>
          </thead>
          <tbody>
            {[...project.spending, { line: t("projects.total"), budget, spent: total }].map((s) => (
              <tr key={s.line}>
                <td data-label={t("projects.budgetLine")}>{s.line}</td>
                <td data-label={t("projects.budgeted")} className="num">
                  {formatFen(s.budget)}
                </td>
                <td data-label={t("projects.spent")} className="num">
                  {formatFen(s.spent)}
                  {s.spent > s.budget ? <div className="badge badge-bad">{t("projects.overBudget")}</div> : null}
                </td>
                <td data-label={t("projects.share")} className="num">
                  {s.budget > 0 ? `${Math.round((s.spent * 100) / s.budget)}%` : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {project.delivered ? (
        <p>
          {t("projects.delivered", {
            beneficiaries: formatNumber(locale, project.delivered.beneficiaries),
            targetBeneficiaries: formatNumber(locale, indicators.beneficiaries),
            hours: formatNumber(locale, project.delivered.volunteerHours),
            targetHours: formatNumber(locale, indicators.volunteerHours),
            activities: formatNumber(locale, project.delivered.activities),
            targetSessions: formatNumber(locale, indicators.sessions),
          })}
        </p>
      ) : null}
      <p className="help">{t("projects.spendingHelp")}</p>
    </section>
  );
}

/** What the contract promises: deliverables, indicators and (for the parties) the team. */
export function ContractTerms({ project }: { project: Project }) {
  const t = useT();
  const locale = useLocale();
  if (!project.terms) return null;
  const { deliverables, indicators, team } = project.terms;
  return (
    <section className="card" aria-labelledby="terms">
      <h2 id="terms">{t("projects.terms")}</h2>
      <h3>{t("projects.servicePlan")}</h3>
      <p className="prose">{deliverables.servicePlan}</p>
      <h3>{t("projects.activities")}</h3>
      <p className="prose">{deliverables.activities}</p>
      <h3>{t("projects.indicators")}</h3>
      <ul>
        <li>{t("projects.indicator.beneficiaries", { n: formatNumber(locale, indicators.beneficiaries) })}</li>
        <li>{t("projects.indicator.sessions", { n: formatNumber(locale, indicators.sessions) })}</li>
        <li>{t("projects.indicator.volunteerHours", { n: formatNumber(locale, indicators.volunteerHours) })}</li>
      </ul>
      {team.length ? (
        <>
          <h3>{t("projects.team")}</h3>
          <p>{team.map((m) => `${m.name}（${t(`qualification.${m.qualification}`)}）`).join(locale === "en" ? ", " : "、")}</p>
        </>
      ) : null}
    </section>
  );
}

/** Everything that happened, oldest first. */
export function Timeline({ events, project }: { events: TimelineEvent[]; project: Project }) {
  const t = useT();
  const locale = useLocale();
  const milestoneName = (position: number | null) => (position === null ? "" : (project.milestones.find((m) => m.position === position)?.name ?? ""));
  return (
    <section className="card" aria-labelledby="timeline">
      <h2 id="timeline">{t("projects.timeline")}</h2>
      <ol className="notification-list">
        {events.map((e) => (
          <li key={e.id}>
            <time dateTime={String(e.at)}>{formatDateTime(locale, e.at)}</time> ·{" "}
            {isMessageKey(`projects.event.${e.action}`)
              ? t(`projects.event.${e.action}`, { milestone: milestoneName(e.milestone), party: e.party ? t(`projects.party.${e.party}`) : "", amount: e.amount !== null ? formatFen(e.amount) : "" })
              : t("projects.event.other", { action: e.action })}
            {e.actorName ? <span className="muted"> · {e.actorName}</span> : null}
            {e.reason ? <div className="muted">{e.reason}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export interface ProjectListRow {
  id: string;
  number: string;
  title: string;
  status: "draft" | "active" | "completed" | "terminated";
  amount: number;
  serviceStartOn: string;
  serviceEndOn: string;
  organizationName: string;
  bureauName: string;
  bureauNameEn: string;
  paid: number;
  milestonesMet: number;
  milestoneCount: number;
}

/** Projects as a table (cards on a phone); `note` adds what waits for the reader. */
export function ProjectTable<T extends ProjectListRow>({ projects, href, note, showBureau = false }: { projects: T[]; href: (p: T) => string; note?: (p: T) => ReactNode; showBureau?: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="table-wrap">
      <table className="responsive">
        <thead>
          <tr>
            <th scope="col">{t("projects.project")}</th>
            {showBureau ? <th scope="col">{t("projects.purchaser")}</th> : null}
            <th scope="col">{t("projects.supplier")}</th>
            <th scope="col" className="num">
              {t("projects.amount")}
            </th>
            <th scope="col">{t("projects.period")}</th>
            <th scope="col">{t("common.status")}</th>
            <th scope="col">{t("projects.progress")}</th>
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => (
            <tr key={p.id}>
              <td data-label={t("projects.project")}>
                <Link to={href(p)}>{p.title}</Link>
                <div className="muted">{p.number}</div>
                {note ? note(p) : null}
              </td>
              {showBureau ? <td data-label={t("projects.purchaser")}>{locale === "en" ? p.bureauNameEn : p.bureauName}</td> : null}
              <td data-label={t("projects.supplier")}>{p.organizationName}</td>
              <td data-label={t("projects.amount")} className="num">
                {formatFen(p.amount)}
              </td>
              <td data-label={t("projects.period")}>
                {formatDate(locale, p.serviceStartOn)} – {formatDate(locale, p.serviceEndOn)}
              </td>
              <td data-label={t("common.status")}>
                <ContractStatusBadge status={p.status} />
              </td>
              <td data-label={t("projects.progress")}>
                {t("projects.milestonesMet", { met: p.milestonesMet, total: p.milestoneCount })}
                <div className="muted">{t("projects.paidSoFar", { paid: formatFen(p.paid) })}</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The projects (signed contracts) a tender led to, for the tender page; nothing before there is one. */
export function TenderProjects({ projects }: { projects: { id: string; title: string; organizationName: string; status: "draft" | "active" | "completed" | "terminated" }[] }) {
  const t = useT();
  if (projects.length === 0) return null;
  return (
    <section className="card" aria-labelledby="tender-projects">
      <h2 id="tender-projects">{t("projects.ofTender")}</h2>
      <ul>
        {projects.map((p) => (
          <li key={p.id}>
            <Link to={`/projects/${p.id}`}>{p.title}</Link> · {p.organizationName} <ContractStatusBadge status={p.status} />
          </li>
        ))}
      </ul>
    </section>
  );
}
