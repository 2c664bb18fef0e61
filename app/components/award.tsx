import { Link } from "@remix-run/react";
import type { SerializeFrom } from "@remix-run/node";
import type { ReactNode } from "react";
import type { PublicAwardInfo } from "~/modules/awards/awards.server";
import { formatFen } from "~/modules/budgets/money";
import { formatDate, formatDateTime, useLocale, useT } from "~/utils/i18n";

type PublicAward = SerializeFrom<PublicAwardInfo>;

export interface ChallengeView {
  id: string;
  subject: string;
  grounds: string;
  filedAt: string;
  answerDueOn: string;
  status: "pending" | "rejected" | "upheld";
  answer: string | null;
  remedy: "reevaluate" | "reaward" | null;
  answeredAt: string | null;
  overdue: boolean;
}

const CHALLENGE_TONE = { pending: "badge-warn", rejected: "", upheld: "badge-bad" } as const;

export function ChallengeStatus({ challenge }: { challenge: Pick<ChallengeView, "status" | "remedy" | "overdue"> }) {
  const t = useT();
  return (
    <>
      <span className={`badge ${CHALLENGE_TONE[challenge.status]}`}>
        {t(`challenges.status.${challenge.status}`)}
        {challenge.status === "upheld" && challenge.remedy ? ` · ${t(`challenges.remedy.${challenge.remedy}`)}` : null}
      </span>
      {challenge.overdue ? <span className="badge badge-bad">{t("challenges.overdue")}</span> : null}
    </>
  );
}

/** A challenge's evidence files, for those who may read them (the download checks again). */
export function EvidenceLinks({ files }: { files: { id: string; filename: string }[] }) {
  const t = useT();
  if (files.length === 0) return null;
  return (
    <p>
      {t("challenges.evidence")}：
      {files.map((f, i) => (
        <span key={f.id}>
          {i > 0 ? "、" : null}
          <a href={`/attachments/${f.id}`}>{f.filename}</a>
        </span>
      ))}
    </p>
  );
}

/**
 * Challenges with their answers, as published (never who filed them). `renderExtra` adds what a
 * reader may see beyond that: evidence for the bureau and the challenger, the bureau's answer form.
 */
export function ChallengeList({ challenges, renderExtra }: { challenges: ChallengeView[]; renderExtra?: (c: ChallengeView) => ReactNode }) {
  const t = useT();
  const locale = useLocale();
  if (challenges.length === 0) return <p className="muted">{t("challenges.none")}</p>;
  return (
    <ol className="enquiries">
      {challenges.map((c) => (
        <li key={c.id}>
          <p>
            <ChallengeStatus challenge={c} /> <span className="muted">{t("challenges.filedAt", { date: formatDateTime(locale, c.filedAt) })}</span>
          </p>
          <dl className="facts">
            <dt>{t("challenges.field.subject")}</dt>
            <dd className="prose">{c.subject}</dd>
            <dt>{t("challenges.field.grounds")}</dt>
            <dd className="prose">{c.grounds}</dd>
            {c.answer ? (
              <>
                <dt>{t("challenges.answer")}</dt>
                <dd className="prose">
                  {c.answer} {c.answeredAt ? <span className="muted">{formatDateTime(locale, c.answeredAt)}</span> : null}
                </dd>
              </>
            ) : (
              <>
                <dt>{t("challenges.answerDue")}</dt>
                <dd>{formatDate(locale, c.answerDueOn)}</dd>
              </>
            )}
          </dl>
          {renderExtra?.(c)}
        </li>
      ))}
    </ol>
  );
}

/**
 * The award on the public tender page: the winners and amounts, the result notice, the publicity
 * and challenge dates, the challenges with answers; once final, that the needs are being served.
 * `award` comes from getPublicAwardInfo (null: no award yet, nothing shown); `canReadLetter`
 * (readableAwardLetters) offers the award letter to the bureau and the winner.
 */
export function AwardSection({ award, canReadLetter = false }: { award: PublicAward | null; canReadLetter?: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (!award) return null;
  const venture = award.method === "venture_call";
  const word = award.method === "open_tender" ? "awards.word.tender" : "awards.word.deal";
  return (
    <section className="card" aria-labelledby="award">
      <h2 id="award">{t("awards.public.title", { word: t(word) })}</h2>
      <p>
        {award.status === "final" ? (
          <span className="badge badge-ok">{t("awards.status.final")}</span>
        ) : award.status === "publicity" ? (
          <span className="badge badge-warn">{t("awards.status.publicity")}</span>
        ) : (
          <span className="badge badge-bad">{t("awards.status.revoked")}</span>
        )}
      </p>
      {award.winners.length > 0 ? (
        <div className="table-wrap">
          <table className="responsive">
            <thead>
              <tr>
                <th scope="col">{t("awards.winner", { word: t(word) })}</th>
                <th scope="col">{t("org.profile.uscc")}</th>
                {venture ? <th scope="col">{t("awards.proposal")}</th> : null}
                <th scope="col" className="num">
                  {t("awards.amount", { word: t(word) })}
                </th>
              </tr>
            </thead>
            <tbody>
              {award.winners.map((w) => (
                <tr key={w.organizationId}>
                  <td data-label={t("awards.winner", { word: t(word) })}>
                    <Link to={`/organizations/${w.organizationId}`}>{w.organizationName}</Link>
                  </td>
                  <td data-label={t("org.profile.uscc")}>
                    <code>{w.uscc}</code>
                  </td>
                  {venture ? <td data-label={t("awards.proposal")}>{w.proposalTitle}</td> : null}
                  <td data-label={t("awards.amount", { word: t(word) })} className="num">
                    <strong>{formatFen(w.amount)}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {award.status === "final" ? (
        <p className="alert alert-success">{t("awards.public.serving", { winners: award.winners.map((w) => w.organizationName).join("、") })}</p>
      ) : null}
      {award.status === "revoked" ? <p className="alert alert-warn">{t("awards.public.revoked")}</p> : null}
      {award.confirmedAt && award.publicityEndsOn && award.challengeDeadline ? (
        <dl className="facts">
          <dt>{t("awards.confirmedAt")}</dt>
          <dd>{formatDateTime(locale, award.confirmedAt)}</dd>
          <dt>{t("awards.publicityEndsOn")}</dt>
          <dd>{formatDate(locale, award.publicityEndsOn)}</dd>
          <dt>{t("awards.challengeDeadline")}</dt>
          <dd>{formatDate(locale, award.challengeDeadline)}</dd>
          {award.finalAt ? (
            <>
              <dt>{t("awards.finalAt")}</dt>
              <dd>{formatDateTime(locale, award.finalAt)}</dd>
            </>
          ) : null}
          {award.skipReason ? (
            <>
              <dt>{t("awards.skipReason")}</dt>
              <dd className="prose">{award.skipReason}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {award.revoked.length > 0 ? (
        <p className="muted">
          {t("awards.public.revokedList", { list: award.revoked.map((r) => `${r.organizationName}（${formatFen(r.amount)}）`).join("、") })}
        </p>
      ) : null}
      {award.status !== "revoked" ? (
        <p className="actions">
          <a href={`/tenders/${award.tenderId}/result.pdf`} className="button button-secondary">
            {t("awards.resultPdf")}
          </a>
          {canReadLetter ? (
            <a href={`/tenders/${award.tenderId}/award-letter.pdf`} className="button button-secondary">
              {t("awards.letterPdf", { word: t(word) })}
            </a>
          ) : null}
        </p>
      ) : null}
      {award.status === "publicity" && award.finalOn ? (
        <p className={`alert ${award.challengePending ? "alert-warn" : "alert-info"}`}>
          {award.challengePending ? t("awards.public.finalPending") : t("awards.public.finalOn", { date: formatDate(locale, award.finalOn) })}
        </p>
      ) : null}
      {award.challengeWindowOpen && award.challengeDeadline ? (
        <p className="alert alert-info">
          {t("awards.public.challengeOpen", { deadline: formatDate(locale, award.challengeDeadline) })} <Link to={`/tenders/${award.tenderId}/challenge`}>{t("challenges.file")}</Link>
        </p>
      ) : null}
      <h3>{t("challenges.title")}</h3>
      <ChallengeList challenges={award.challenges} />
    </section>
  );
}
