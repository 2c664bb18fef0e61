import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { AllScores, BidComparison, DeclarationForm, ResultsSection, ScoreSheet } from "~/components/evaluation";
import { Flash, PageHeader } from "~/components/layout";
import { CreditRecordCard } from "~/components/outcome";
import { TenderPhaseBadge } from "~/components/tender";
import { requireUser } from "~/modules/auth/auth.server";
import { declarationSchema, scoreSheetSchema } from "~/modules/bid-evaluation/evaluation-schema";
import { criteriaMaxPoints, declareConflicts, getMemberEvaluation, requireCommitteeSeat, saveScoreSheet } from "~/modules/bid-evaluation/evaluation.server";
import { getCreditRecords } from "~/modules/credit/credit.server";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { formatDateTime, useLocale, useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const evaluation = await getMemberEvaluation(db, user, params.tenderId ?? "");
  // Past performance beside each bidder (DESIGN §4.9): an aid to the members, never a score.
  return json({ ...evaluation, credit: await getCreditRecords(db, evaluation.bidders.map((b) => b.organizationId)) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = params.tenderId ?? "";
  await requireCommitteeSeat(db, user, id);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const done = (flash: string) => redirect(`/committee/${id}?done=${flash}`);
  if (intent === "declare") {
    const { data, errors, values } = await validateSubmission(formData, declarationSchema);
    if (errors) return fieldErrors(errors, values);
    const result = await runCommand(values, () => declareConflicts(db, user, id, data));
    return result.ok ? done(result.value.recused ? "recused" : "declared") : result.response;
  }
  if (intent === "score") {
    const { data, errors, values } = await validateSubmission(formData, scoreSheetSchema(await criteriaMaxPoints(db, id)));
    if (errors) return fieldErrors(errors, values);
    const result = await runCommand(values, () => saveScoreSheet(db, user, id, String(formData.get("subjectId") ?? ""), data));
    if (!result.ok) return result.response;
    return done(result.value.completed ? "completed" : result.value.status === "submitted" ? "submitted" : "saved");
  }
  throw new Response("Bad Request", { status: 400 });
}

const FLASH = { declared: "evaluation.member.declared", saved: "evaluation.member.saved", submitted: "evaluation.member.submitted", completed: "evaluation.member.completed" } as const;

export default function CommitteeMember() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const done = params.get("done") as keyof typeof FLASH | null;
  const { tender, member } = data;
  const declared = data.declarations.length > 0;
  const allOwnSubmitted = data.sheets.length > 0 && data.sheets.every((s) => s.status === "submitted");
  return (
    <>
      <PageHeader title={t("evaluation.member.title", { title: tender.title })}>
        <p>
          <TenderPhaseBadge phase={data.phase} /> {locale === "en" ? data.bureauNameEn : data.bureauName} · {t(`tenders.method.${tender.method}`)}
        </p>
      </PageHeader>
      <Flash message={done && done in FLASH ? t(FLASH[done]) : null} />

      {member.status === "recused" ? <p className="alert alert-warn">{t("evaluation.member.recused")}</p> : null}

      {member.mayDeclare ? (
        <section className="card" aria-labelledby="declare">
          <h2 id="declare">{t("evaluation.member.declare")}</h2>
          <p className="help">{t("evaluation.member.declareIntro")}</p>
          <DeclarationForm bidders={data.bidders} />
        </section>
      ) : null}

      {declared ? (
        <section className="card" aria-labelledby="my-declarations">
          <h2 id="my-declarations">{t("evaluation.member.declare")}</h2>
          <ul>
            {data.declarations.map((d) => (
              <li key={d.organizationId}>
                {data.bidders.find((b) => b.organizationId === d.organizationId)?.organizationName}：
                {t(d.hasConflict ? "evaluation.member.conflict" : "evaluation.member.noConflict")}
                {d.note ? <span className="muted">（{d.note}）</span> : null}
                <span className="muted"> · {formatDateTime(locale, d.declaredAt)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {member.status === "active" && member.declared && !data.committeeComplete && !data.results && data.phase === "evaluating" ? (
        <p className="alert alert-info">{t("evaluation.member.waiting")}</p>
      ) : null}
      {!member.mayDeclare && !declared && member.status === "active" && data.phase !== "evaluating" && !data.results ? (
        <p className="alert alert-info">{t("evaluation.member.notStarted")}</p>
      ) : null}

      {data.bids.length ? (
        <section className="card" aria-labelledby="bids">
          <h2 id="bids">{t("evaluation.member.bids")}</h2>
          <p className="help">{t("evaluation.member.bidsIntro")}</p>
          <BidComparison tenderId={tender.id} bids={data.bids} />
        </section>
      ) : null}

      {data.bidders.length > 0 ? (
        <section className="card" aria-labelledby="past-performance">
          <h2 id="past-performance">{t("credit.committee.title")}</h2>
          <p className="help">{t("credit.committee.help")}</p>
          {data.bidders.map((b) =>
            data.credit[b.organizationId] ? (
              <div key={b.organizationId}>
                <h3>{b.organizationName}</h3>
                <CreditRecordCard record={data.credit[b.organizationId]} headingLevel={3} compact />
              </div>
            ) : null,
          )}
        </section>
      ) : null}

      {data.scoring ? (
        <section aria-labelledby="scoring">
          <h2 id="scoring">{t("evaluation.member.scoring")}</h2>
          <p className="help">{t("evaluation.member.scoringIntro")}</p>
          {allOwnSubmitted ? <p className="alert alert-info">{t("evaluation.member.allSubmitted")}</p> : null}
          {data.sheets.map((sheet) => (
            <ScoreSheet key={sheet.bidId} sheet={sheet} criteria={data.criteria} />
          ))}
        </section>
      ) : null}

      {data.results ? (
        <>
          <ResultsSection results={data.results} method={tender.method} pdfHref={`/bureau/tenders/${tender.id}/evaluation.pdf`} />
          <AllScores results={data.results} />
        </>
      ) : null}
    </>
  );
}
