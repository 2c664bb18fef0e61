import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { formatFen } from "~/modules/budgets/money";
import type { CreditRecord } from "~/modules/credit/credit.server";
import type { PublicOutcome } from "~/modules/outcomes/outcomes.server";
import type { ProjectFile } from "~/modules/outcomes/project-file.server";
import type { SurveyResults } from "~/modules/surveys/surveys.server";
import { formatDate, useLocale, useT } from "~/utils/i18n";

type Grade = "excellent" | "good" | "pass" | "fail";

export function GradeBadge({ grade }: { grade: Grade | null }) {
  const t = useT();
  if (!grade) return <span className="badge">{t("outcomes.grade.none")}</span>;
  const tone = grade === "fail" ? "badge-bad" : grade === "pass" ? "badge-warn" : "badge-ok";
  return <span className={`badge ${tone}`}>{t(`outcomes.grade.${grade}`)}</span>;
}

/** Shown wherever a satisfaction score with fewer than 30 responses appears. */
export function LowConfidence() {
  const t = useT();
  return (
    <span className="badge badge-warn" title={t("outcomes.lowConfidence.help")}>
      {t("outcomes.lowConfidence")}
    </span>
  );
}

export interface PartsView {
  thirdPartyScore: number | null;
  purchaserScore: number | null;
  purchaserReasons: string | null;
  satisfactionScore: number | null;
  satisfactionResponses: number | null;
  satisfactionLowConfidence: boolean;
  compositeScore: number | null;
  grade: Grade | null;
  weights: { purchaser: number; thirdParty: number; satisfaction: number };
}

/** The three parts with their weights, the composite and the grade. */
export function PartsTable({ parts }: { parts: PartsView }) {
  const t = useT();
  const score = (v: number | null) => (v === null ? <span className="muted">{t("outcomes.part.pending")}</span> : v.toFixed(2));
  return (
    <div className="table-wrap">
      <table className="responsive">
        <thead>
          <tr>
            <th scope="col">{t("outcomes.part")}</th>
            <th scope="col" className="num">
              {t("outcomes.weight")}
            </th>
            <th scope="col" className="num">
              {t("outcomes.score")}
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td data-label={t("outcomes.part")}>{t("outcomes.part.purchaser")}</td>
            <td data-label={t("outcomes.weight")} className="num">
              {parts.weights.purchaser}%
            </td>
            <td data-label={t("outcomes.score")} className="num">
              {score(parts.purchaserScore)}
            </td>
          </tr>
          <tr>
            <td data-label={t("outcomes.part")}>{t("outcomes.part.thirdParty")}</td>
            <td data-label={t("outcomes.weight")} className="num">
              {parts.weights.thirdParty}%
            </td>
            <td data-label={t("outcomes.score")} className="num">
              {score(parts.thirdPartyScore)}
            </td>
          </tr>
          <tr>
            <td data-label={t("outcomes.part")}>
              {t("outcomes.part.satisfaction")}
              {parts.satisfactionResponses !== null ? <span className="muted"> · {t("outcomes.responses", { count: parts.satisfactionResponses })}</span> : null}{" "}
              {parts.satisfactionLowConfidence ? <LowConfidence /> : null}
            </td>
            <td data-label={t("outcomes.weight")} className="num">
              {parts.weights.satisfaction}%
            </td>
            <td data-label={t("outcomes.score")} className="num">
              {score(parts.satisfactionScore)}
            </td>
          </tr>
          <tr>
            <th scope="row">{t("outcomes.composite")}</th>
            <td />
            <td data-label={t("outcomes.composite")} className="num">
              <strong>{score(parts.compositeScore)}</strong> <GradeBadge grade={parts.grade} />
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

export interface ScoredIndicator {
  id: string;
  dimension: string;
  name: string;
  maxPoints: number;
  score: number | null;
  justification: string;
  evidence: string;
}

/** The evaluator's scores per sub-indicator, grouped by dimension, with justifications. */
export function IndicatorScores({ indicators, dimensions }: { indicators: ScoredIndicator[]; dimensions: { dimension: string; maxPoints: number; score: number }[] }) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table className="responsive">
        <thead>
          <tr>
            <th scope="col">{t("outcomes.indicator.dimension")}</th>
            <th scope="col">{t("outcomes.indicator.name")}</th>
            <th scope="col" className="num">
              {t("outcomes.indicator.score")}
            </th>
            <th scope="col">{t("outcomes.indicator.justification")}</th>
          </tr>
        </thead>
        <tbody>
          {dimensions.map((d) => (
            <DimensionRows key={d.dimension} dimension={d} indicators={indicators.filter((i) => i.dimension === d.dimension)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DimensionRows({ dimension, indicators }: { dimension: { dimension: string; maxPoints: number; score: number }; indicators: ScoredIndicator[] }) {
  const t = useT();
  return (
    <>
      {indicators.map((i, index) => (
        <tr key={i.id}>
          <td data-label={t("outcomes.indicator.dimension")}>
            {index === 0 ? (
              <strong>
                {dimension.dimension} {dimension.score}/{dimension.maxPoints}
              </strong>
            ) : null}
          </td>
          <td data-label={t("outcomes.indicator.name")}>{i.name}</td>
          <td data-label={t("outcomes.indicator.score")} className="num">
            {i.score ?? "—"}/{i.maxPoints}
          </td>
          <td data-label={t("outcomes.indicator.justification")} className="prose">
            {i.justification}
            {i.evidence ? <div className="muted">{t("outcomes.indicator.evidenceShown", { evidence: i.evidence })}</div> : null}
          </td>
        </tr>
      ))}
    </>
  );
}

/** Survey results in aggregate only: counts, rate, per-question means and distribution. */
export function SurveySummary({ survey }: { survey: SerializeFrom<SurveyResults> }) {
  const t = useT();
  return (
    <>
      <dl className="facts">
        <dt>{t("surveys.issued")}</dt>
        <dd>{survey.issued}</dd>
        <dt>{t("surveys.responses")}</dt>
        <dd>
          {survey.responses} {survey.lowConfidence && survey.responses > 0 ? <LowConfidence /> : null}
        </dd>
        <dt>{t("surveys.rate")}</dt>
        <dd>{survey.rate === null ? "—" : `${survey.rate}%`}</dd>
        <dt>{t("surveys.score")}</dt>
        <dd>{survey.score === null ? t("surveys.noResponses") : survey.score.toFixed(2)}</dd>
      </dl>
      {survey.responses > 0 ? (
        <div className="table-wrap">
          <table className="responsive">
            <thead>
              <tr>
                <th scope="col">{t("surveys.question")}</th>
                {[5, 4, 3, 2, 1].map((v) => (
                  <th key={v} scope="col" className="num">
                    {t(`surveys.scale.${v}`)}
                  </th>
                ))}
                <th scope="col" className="num">
                  {t("surveys.mean")}
                </th>
              </tr>
            </thead>
            <tbody>
              {survey.summaries.map((s) => (
                <tr key={s.question.key}>
                  <td data-label={t("surveys.question")}>
                    <QuestionText question={s.question} />
                  </td>
                  {[5, 4, 3, 2, 1].map((v) => (
                    <td key={v} data-label={t(`surveys.scale.${v}`)} className="num">
                      {s.counts[v - 1]}
                    </td>
                  ))}
                  <td data-label={t("surveys.mean")} className="num">
                    {s.mean ?? "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

const DEFAULT_KEYS = ["quality", "attitude", "usefulness", "recommend"];

/** A question's words: the default ones in the reader's language, the community's own as written. */
export function questionLabel(question: { key: string; text: string }, t: ReturnType<typeof useT>) {
  return DEFAULT_KEYS.includes(question.key) ? t(`surveys.question.${question.key}`) : question.text;
}

export function QuestionText({ question }: { question: { key: string; text: string } }) {
  const t = useT();
  return <>{questionLabel(question, t)}</>;
}

/** The project file: contracted vs delivered, reports, confirmations, spending, payments. */
export function ProjectFileView({ indicators, file }: { indicators: { beneficiaries: number; sessions: number; volunteerHours: number }; file: SerializeFrom<ProjectFile> }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h3>{t("outcomes.file.indicators")}</h3>
      <div className="table-wrap">
        <table className="responsive">
          <thead>
            <tr>
              <th scope="col">{t("outcomes.file.indicator")}</th>
              <th scope="col" className="num">
                {t("outcomes.file.contracted")}
              </th>
              <th scope="col" className="num">
                {t("outcomes.file.delivered")}
              </th>
            </tr>
          </thead>
          <tbody>
            {(["beneficiaries", "sessions", "volunteerHours"] as const).map((k) => (
              <tr key={k}>
                <td data-label={t("outcomes.file.indicator")}>{t(`outcomes.file.${k}`)}</td>
                <td data-label={t("outcomes.file.contracted")} className="num">
                  {indicators[k]}
                </td>
                <td data-label={t("outcomes.file.delivered")} className="num">
                  {file.delivered[k]}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t("outcomes.file.reports")}</h3>
      {file.reports.length === 0 ? (
        <p className="muted">{t("outcomes.file.noReports")}</p>
      ) : (
        <ul className="stack">
          {file.reports.map((r) => (
            <li key={r.id}>
              <strong>{r.milestoneName}</strong> · {formatDate(locale, r.periodStart)}–{formatDate(locale, r.periodEnd)} ·{" "}
              {t("outcomes.file.reportFigures", { beneficiaries: r.beneficiaries, sessions: r.sessions, hours: r.volunteerHours, spent: formatFen(r.spent) })}
              <div className="prose muted">{r.narrative}</div>
            </li>
          ))}
        </ul>
      )}
      <h3>{t("outcomes.file.confirmations")}</h3>
      {file.confirmations.length === 0 ? (
        <p className="muted">{t("outcomes.file.noConfirmations")}</p>
      ) : (
        <ul>
          {file.confirmations.map((c, i) => (
            <li key={i}>
              {c.milestoneName} · {c.communityName} · {t(`outcomes.file.confirmation.${c.status}`)}
              {c.note ? <span className="muted">（{c.note}）</span> : null}
            </li>
          ))}
        </ul>
      )}
      <h3>{t("outcomes.file.spending")}</h3>
      {file.spending.length === 0 ? (
        <p className="muted">{t("outcomes.file.noSpending")}</p>
      ) : (
        <ul>
          {file.spending.map((s) => (
            <li key={s.line}>
              {s.line}：{formatFen(s.amount)}
            </li>
          ))}
        </ul>
      )}
      <h3>{t("outcomes.file.payments")}</h3>
      <ul>
        {file.tranches.map((tr) => (
          <li key={tr.id}>
            {tr.milestoneName} · {tr.percentage}% · {formatFen(tr.amount)} ·{" "}
            {tr.paidOn ? t("outcomes.file.paidOn", { date: formatDate(locale, tr.paidOn) }) : <span className="muted">{t(tr.isFinal ? "outcomes.file.finalUnpaid" : "outcomes.file.unpaid")}</span>}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The public credit record (信用档案) of an organization. */
export function CreditRecordCard({ record, headingLevel = 2, compact = false }: { record: SerializeFrom<CreditRecord>; headingLevel?: 2 | 3; compact?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const headingId = `credit-${record.organizationId}`;
  return (
    <section className={compact ? "credit-record" : "card"} aria-labelledby={headingId}>
      <Heading id={headingId}>{t("credit.title")}</Heading>
      <dl className="facts">
        <dt>{t("credit.tenders")}</dt>
        <dd>{t("credit.tendersValue", { bid: record.tendersBid, won: record.tendersWon, amount: formatFen(record.amountWon) })}</dd>
        <dt>{t("credit.projects")}</dt>
        <dd>{t("credit.projectsValue", { contracts: record.contracts, amount: formatFen(record.contractAmount), completed: record.projectsCompleted, completedAmount: formatFen(record.amountCompleted) })}</dd>
        <dt>{t("credit.challengesUpheld")}</dt>
        <dd>{record.challengesUpheld.length}</dd>
        <dt>{t("credit.listStatus")}</dt>
        <dd>
          <span className={`badge ${record.creditStatus === "normal" ? "badge-ok" : "badge-bad"}`}>{t(`credit.${record.creditStatus}`)}</span>
          {record.proposedForAbnormalList ? <span className="badge badge-warn">{t("credit.proposed")}</span> : null}
          {record.creditStatus !== "normal" && record.creditReason ? <div className="muted">{record.creditReason}</div> : null}
        </dd>
      </dl>
      {record.evaluations.length === 0 ? (
        <p className="muted">{t("credit.noEvaluations")}</p>
      ) : (
        <div className="table-wrap">
          <table className="responsive">
            <caption className={compact ? "visually-hidden" : undefined}>{t("credit.evaluations")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("credit.project")}</th>
                <th scope="col" className="num">
                  {t("outcomes.composite")}
                </th>
                <th scope="col">{t("outcomes.grade")}</th>
                <th scope="col">{t("credit.gradedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {record.evaluations.map((e) => (
                <tr key={e.contractId}>
                  <td data-label={t("credit.project")}>
                    {compact ? e.title : <Link to={`/projects/${e.contractId}`}>{e.title}</Link>} <span className="muted">· {formatFen(e.amount)}</span>
                  </td>
                  <td data-label={t("outcomes.composite")} className="num">
                    {e.compositeScore.toFixed(2)}
                  </td>
                  <td data-label={t("outcomes.grade")}>
                    <GradeBadge grade={e.grade} /> {e.lowConfidence ? <LowConfidence /> : null}
                  </td>
                  <td data-label={t("credit.gradedAt")}>{e.gradedAt ? formatDate(locale, e.gradedAt) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {record.challengesUpheld.length > 0 && !compact ? (
        <>
          <h3>{t("credit.challengesUpheld")}</h3>
          <ul>
            {record.challengesUpheld.map((c, i) => (
              <li key={i}>
                <Link to={`/tenders/${c.tenderId}`}>{c.tenderTitle}</Link>
                {c.answeredAt ? <span className="muted"> · {formatDate(locale, c.answeredAt)}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** The outcome on the public project page: who evaluates until graded; then the parts, grade and report. */
export function OutcomePanel({ outcome, contractId }: { outcome: SerializeFrom<PublicOutcome> | null; contractId: string }) {
  const t = useT();
  const locale = useLocale();
  if (!outcome) return null;
  return (
    <section className="card" aria-labelledby="outcome">
      <h2 id="outcome">{t("outcomes.public.title")}</h2>
      {!outcome.parts ? (
        <p>{t("outcomes.public.pending", { evaluator: outcome.evaluatorName, date: formatDate(locale, outcome.dueOn) })}</p>
      ) : (
        <>
          <PartsTable parts={outcome.parts} />
          <p>
            {t("surveys.countsShown", { responses: outcome.survey.responses, issued: outcome.survey.issued, rate: outcome.survey.rate === null ? "—" : `${outcome.survey.rate}%` })}
          </p>
          <h3>{t("outcomes.public.dimensions")}</h3>
          <ul>
            {outcome.dimensions.map((d) => (
              <li key={d.dimension}>
                {d.dimension}：{d.score} / {d.maxPoints}
              </li>
            ))}
          </ul>
          {outcome.parts.agencyResponse ? (
            <>
              <h3>{t("outcomes.agencyResponse")}</h3>
              <p className="prose">{outcome.parts.agencyResponse}</p>
            </>
          ) : null}
          <p>
            <a className="button button-secondary" href={`/projects/${contractId}/outcome.pdf`}>
              {t("outcomes.report.download")}
            </a>
          </p>
        </>
      )}
    </section>
  );
}
