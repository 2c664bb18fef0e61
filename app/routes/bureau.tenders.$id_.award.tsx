import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ChallengeList, ChallengeStatus, EvidenceLinks } from "~/components/award";
import { RadioGroup, SubmitButton, TextArea, ZodForm } from "~/components/form";
import { Flash, PageHeader } from "~/components/layout";
import { TenderPhaseBadge } from "~/components/tender";
import { requireRole } from "~/modules/auth/auth.server";
import { confirmAwardSchema } from "~/modules/awards/awards-schema";
import { confirmAward, getAwardPage } from "~/modules/awards/awards.server";
import { formatFen } from "~/modules/budgets/money";
import { answerChallengeSchema } from "~/modules/challenges/challenges-schema";
import { answerChallenge } from "~/modules/challenges/challenges.server";
import { requireOwnTender } from "~/modules/tenders/tenders.server";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { formatDate, formatDateTime, useLocale, useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

// A file of its own (not nested in the tender page, which has no outlet), at /bureau/tenders/:id/award.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  return json(await getAwardPage(db, user, params.id ?? ""));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  const id = params.id ?? "";
  await requireOwnTender(db, user, id);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const done = (key: string) => redirect(`/bureau/tenders/${id}/award?done=${key}`);
  if (intent === "confirm") {
    const { data, errors, values } = await validateSubmission(formData, confirmAwardSchema);
    if (errors) return fieldErrors(errors, values);
    const result = await runCommand(values, () => confirmAward(db, user, id, data));
    return result.ok ? done("confirmed") : result.response;
  }
  if (intent === "answer") {
    const { data, errors, values } = await validateSubmission(formData, answerChallengeSchema);
    if (errors) return fieldErrors(errors, values);
    const result = await runCommand(values, () => answerChallenge(db, user, String(formData.get("subjectId") ?? ""), data));
    return result.ok ? done(result.value.status === "upheld" ? "upheld" : "rejected") : result.response;
  }
  throw new Response("Bad Request", { status: 400 });
}

export default function AwardPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const done = params.get("done");
  const tender = data.tender;
  const venture = tender.method === "venture_call";
  const word = t(tender.method === "open_tender" ? "awards.word.tender" : "awards.word.deal");
  return (
    <>
      <PageHeader title={t("awards.bureau.title", { title: tender.title, word })}>
        <p>
          <TenderPhaseBadge phase={data.phase} /> <Link to={`/bureau/tenders/${tender.id}`}>{t("common.back")}</Link>
        </p>
      </PageHeader>
      <Flash message={done && ["confirmed", "upheld", "rejected"].includes(done) ? t(`awards.bureau.done.${done}`) : null} />

      <section className="card" aria-labelledby="ranking">
        <h2 id="ranking">{t("awards.ranking")}</h2>
        {data.ranking.length === 0 ? (
          <p className="muted">{t("awards.ranking.none")}</p>
        ) : (
          <div className="table-wrap">
            <table className="responsive">
              <thead>
                <tr>
                  <th scope="col">{t("awards.rank")}</th>
                  <th scope="col">{t("bids.opening.bidder")}</th>
                  <th scope="col" className="num">
                    {t("bids.opening.price")}
                  </th>
                  <th scope="col" className="num">
                    {t("awards.priceScore")}
                  </th>
                  <th scope="col" className="num">
                    {t("awards.total")}
                  </th>
                  <th scope="col">{t("common.status")}</th>
                </tr>
              </thead>
              <tbody>
                {data.ranking.map((r) => (
                  <tr key={r.bidId}>
                    <td data-label={t("awards.rank")}>{r.rank}</td>
                    <td data-label={t("bids.opening.bidder")}>
                      {r.organizationName}
                      {r.proposalTitle ? <div className="muted">{r.proposalTitle}</div> : null}
                    </td>
                    <td data-label={t("bids.opening.price")} className="num">
                      {formatFen(r.price)}
                    </td>
                    <td data-label={t("awards.priceScore")} className="num">
                      {r.priceScore}
                    </td>
                    <td data-label={t("awards.total")} className="num">
                      <strong>{r.total}</strong>
                    </td>
                    <td data-label={t("common.status")}>
                      {(venture ? r.funded : r.recommended) ? <span className="badge badge-ok">{t(venture ? "awards.funded" : "awards.recommended")}</span> : null}{" "}
                      {r.excluded ? <span className="badge badge-bad">{t("awards.excluded")}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {data.canConfirm ? (
        <section className="card" aria-labelledby="confirm">
          <h2 id="confirm">{t("awards.confirm.title", { word })}</h2>
          <p className="help">{t("awards.confirm.help")}</p>
          <ZodForm schema={confirmAwardSchema} intent="confirm" defaultValues={{ bidId: data.candidates[0]?.bidId ?? "" }} className="stack" aria-label={t("awards.confirm.title", { word })}>
            {venture ? (
              <ul>
                {data.funded.map((f) => (
                  <li key={f.bidId}>
                    {t("awards.rankOf", { rank: f.rank })} · {f.organizationName}
                    {f.proposalTitle ? `（${f.proposalTitle}）` : ""} · {formatFen(f.price)}
                  </li>
                ))}
              </ul>
            ) : (
              <>
                <RadioGroup
                  name="bidId"
                  label={t("awards.confirm.candidate")}
                  options={data.candidates.map((c) => ({ value: c.bidId, label: `${t("awards.rankOf", { rank: c.rank })} · ${c.organizationName} · ${formatFen(c.price)}` }))}
                />
                <TextArea name="skipReason" label={t("awards.skipReason")} help={t("awards.skipReason.help")} required={false} rows={3} />
              </>
            )}
            <div>
              <SubmitButton>{venture ? t("awards.confirm.venture") : t("awards.confirm.submit", { word })}</SubmitButton>
            </div>
          </ZodForm>
        </section>
      ) : null}

      {data.awards.length > 0 ? (
        <section className="card" aria-labelledby="awards">
          <h2 id="awards">{t("awards.bureau.awards")}</h2>
          <div className="table-wrap">
            <table className="responsive">
              <thead>
                <tr>
                  <th scope="col">{t("awards.winner", { word })}</th>
                  <th scope="col" className="num">
                    {t("awards.amount", { word })}
                  </th>
                  <th scope="col">{t("common.status")}</th>
                  <th scope="col">{t("awards.confirmedAt")}</th>
                  <th scope="col">{t("awards.publicityEndsOn")}</th>
                  <th scope="col">{t("awards.challengeDeadline")}</th>
                  <th scope="col">{t("common.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {data.awards.map((a) => (
                  <tr key={a.id}>
                    <td data-label={t("awards.winner", { word })}>
                      {a.organizationName}
                      {a.proposalTitle ? <div className="muted">{a.proposalTitle}</div> : null}
                      {a.skipReason ? <div className="muted">{t("awards.skipReasonShown", { reason: a.skipReason })}</div> : null}
                    </td>
                    <td data-label={t("awards.amount", { word })} className="num">
                      {formatFen(a.amount)}
                    </td>
                    <td data-label={t("common.status")}>
                      <span className={`badge ${a.status === "final" ? "badge-ok" : a.status === "revoked" ? "badge-bad" : "badge-warn"}`}>{t(`awards.status.${a.status}`)}</span>
                    </td>
                    <td data-label={t("awards.confirmedAt")}>{formatDateTime(locale, a.confirmedAt)}</td>
                    <td data-label={t("awards.publicityEndsOn")}>{formatDate(locale, a.publicityEndsOn)}</td>
                    <td data-label={t("awards.challengeDeadline")}>{formatDate(locale, a.challengeDeadline)}</td>
                    <td data-label={t("common.actions")}>
                      {a.status !== "revoked" ? <a href={`/tenders/${tender.id}/award-letter.pdf?award=${a.id}`}>{t("awards.letterPdf", { word })}</a> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.liveAwardIds.length > 0 ? (
            <p>
              <a href={`/tenders/${tender.id}/result.pdf`} className="button button-secondary">
                {t("awards.resultPdf")}
              </a>
            </p>
          ) : null}
          {tender.status === "awarded" ? (
            <p className="alert alert-success">
              {t(data.mayContract ? "awards.bureau.final" : "awards.bureau.finalPending")} {data.mayContract ? <Link to="/bureau/projects">{t("projects.bureau.title")}</Link> : null}
            </p>
          ) : null}
        </section>
      ) : null}

      <section className="card" aria-labelledby="challenges">
        <h2 id="challenges">{t("challenges.title")}</h2>
        <p className="help">{t("challenges.bureau.help")}</p>
        <ChallengeList
          challenges={data.challenges}
          renderExtra={(c) => {
            const row = data.challenges.find((x) => x.id === c.id)!;
            return (
              <>
                <EvidenceLinks files={row.evidence} />
                {row.canAnswer ? (
                  <ZodForm schema={answerChallengeSchema} intent="answer" subjectId={c.id} className="stack" aria-label={`${t("challenges.answer.submit")}: ${c.subject}`}>
                    <p>
                      <ChallengeStatus challenge={c} /> {t("challenges.answerDueOn", { date: formatDate(locale, c.answerDueOn) })}
                    </p>
                    <RadioGroup
                      name="decision"
                      label={t("challenges.decision")}
                      options={[
                        { value: "reject", label: t("challenges.decision.reject") },
                        { value: "uphold", label: t("challenges.decision.uphold") },
                      ]}
                    />
                    <RadioGroup
                      name="remedy"
                      label={t("challenges.remedy")}
                      options={[
                        { value: "reaward", label: t("challenges.remedy.reaward") },
                        { value: "reevaluate", label: t("challenges.remedy.reevaluate") },
                      ]}
                    />
                    <TextArea name="answer" label={t("challenges.answer")} help={t("challenges.answer.help")} rows={4} />
                    <div>
                      <SubmitButton>{t("challenges.answer.submit")}</SubmitButton>
                    </div>
                  </ZodForm>
                ) : null}
              </>
            );
          }}
        />
      </section>
    </>
  );
}
