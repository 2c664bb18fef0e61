import type { SerializeFrom } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useMemo } from "react";
import { useRemixFormContext } from "remix-hook-form";
import type { BidContent } from "~/modules/bids/bids-schema";
import { formatFen } from "~/modules/budgets/money";
import { declarationSchema, scoreSheetSchema } from "~/modules/bid-evaluation/evaluation-schema";
import type { EvaluationResults } from "~/modules/bid-evaluation/evaluation.server";
import { formatDateTime, useLocale, useT } from "~/utils/i18n";
import { CheckboxField, SubmitButton, useFieldErrorObject, ZodForm } from "./form";

type Results = SerializeFrom<EvaluationResults>;

const points = (value: number | null) => (value === null ? "" : value.toFixed(2));

/**
 * The error of one cell of a row field: nested (the schema) or flat (a command's refusal).
 * remix-hook-form hands the last action's errors to every form on the page; several score
 * sheets share field names, so errors count only for the form that was posted (intent and
 * subject) or once this form has validated itself in the browser.
 */
function useCellError(array: string, index: number, key: string, form: { intent: string; subjectId?: string }): string | undefined {
  const { formState } = useRemixFormContext();
  const actionData = useActionData<{ values?: Record<string, unknown> }>();
  const whole = useFieldErrorObject(array) as unknown as Record<number, Record<string, { message?: string } | undefined> | undefined> | undefined;
  const flat = useFieldErrorObject(`${array}.${index}.${key}`);
  const mine = actionData?.values?.intent === form.intent && (!form.subjectId || actionData?.values?.subjectId === form.subjectId);
  if (!mine && formState.submitCount === 0) return undefined;
  return whole?.[index]?.[key]?.message ?? flat?.message;
}

function useArrayError(array: string, form: { intent: string; subjectId?: string }): string | undefined {
  const { formState } = useRemixFormContext();
  const actionData = useActionData<{ values?: Record<string, unknown> }>();
  const error = useFieldErrorObject(array);
  const mine = actionData?.values?.intent === form.intent && (!form.subjectId || actionData?.values?.subjectId === form.subjectId);
  if (!mine && formState.submitCount === 0) return undefined;
  return error?.message ?? error?.root?.message;
}

export function MemberRoleLabel({ isExpert }: { isExpert: boolean }) {
  const t = useT();
  return <>{t(isExpert ? "evaluation.role.expert" : "evaluation.role.bureau")}</>;
}

export function MemberStatusBadge({ status }: { status: "active" | "recused" }) {
  const t = useT();
  return <span className={`badge ${status === "active" ? "badge-ok" : "badge-bad"}`}>{t(`evaluation.status.${status}`)}</span>;
}

// ---------------------------------------------------------------------------------------------
// Declarations
// ---------------------------------------------------------------------------------------------

const DECLARE = { intent: "declare" };

/** One row per bidder: conflict or not, and a note; sent once, before any bid is shown. */
export function DeclarationForm({ bidders }: { bidders: { organizationId: string; organizationName: string }[] }) {
  const t = useT();
  return (
    <ZodForm
      schema={declarationSchema}
      intent={DECLARE.intent}
      defaultValues={{ declarations: bidders.map((b) => ({ organizationId: b.organizationId, conflict: "", note: "" })) } as never}
      className="stack wide"
      aria-label={t("evaluation.member.declare")}
    >
      {bidders.map((b, index) => (
        <DeclarationRow key={b.organizationId} index={index} organizationName={b.organizationName} />
      ))}
      <ArrayError name="declarations" form={DECLARE} />
      <div>
        <SubmitButton>{t("evaluation.member.declareSubmit")}</SubmitButton>
      </div>
    </ZodForm>
  );
}

function DeclarationRow({ index, organizationName }: { index: number; organizationName: string }) {
  const t = useT();
  const { register, formState } = useRemixFormContext();
  const name = `declarations.${index}`;
  const conflictError = useCellError("declarations", index, "conflict", DECLARE);
  const noteError = useCellError("declarations", index, "note", DECLARE);
  const initial = (formState.defaultValues as { declarations?: { conflict?: string }[] } | undefined)?.declarations?.[index]?.conflict;
  const radio = (value: "no" | "yes") => {
    const { defaultValue: _v, defaultChecked: _c, ...props } = register(`${name}.conflict`) as ReturnType<typeof register> & { defaultValue?: unknown; defaultChecked?: unknown };
    return <input type="radio" value={value} defaultChecked={initial === value} aria-invalid={conflictError ? true : undefined} {...props} />;
  };
  const noteId = `declaration-note-${index}`;
  return (
    <fieldset className={`field radio-group${conflictError ? " field-invalid" : ""}`}>
      <legend>{organizationName}</legend>
      <input type="hidden" {...register(`${name}.organizationId`)} />
      <div className="radio-row">
        <label className="checkbox">
          {radio("no")}
          <span>{t("evaluation.member.noConflict")}</span>
        </label>
        <label className="checkbox">
          {radio("yes")}
          <span>{t("evaluation.member.conflict")}</span>
        </label>
      </div>
      {conflictError ? (
        <p className="field-error" role="alert">
          {t(conflictError)}
        </p>
      ) : null}
      <label htmlFor={noteId}>
        {t("evaluation.member.note")}
        <span className="muted"> {t("common.optional")}</span>
      </label>
      <input id={noteId} type="text" aria-invalid={noteError ? true : undefined} {...register(`${name}.note`)} />
      {noteError ? (
        <p className="field-error" role="alert">
          {t(noteError)}
        </p>
      ) : null}
    </fieldset>
  );
}

function ArrayError({ name, form }: { name: string; form: { intent: string; subjectId?: string } }) {
  const t = useT();
  const message = useArrayError(name, form);
  return message ? (
    <p className="field-error" role="alert">
      {t(message)}
    </p>
  ) : null;
}

// ---------------------------------------------------------------------------------------------
// The bids side by side
// ---------------------------------------------------------------------------------------------

type OpenedBid = { bidId: string; organizationName: string; price: number; content: SerializeFrom<BidContent>; attachments: { id: string; filename: string }[] };

/**
 * The valid bids in columns, one row per part of the bid, for reading them against each other.
 * Each file links to its download, which checks the reader again and audits the read.
 */
export function BidComparison({ tenderId, bids }: { tenderId: string; bids: OpenedBid[] }) {
  const t = useT();
  const rows: { label: string; cell: (b: OpenedBid) => React.ReactNode }[] = [
    { label: t("evaluation.member.price"), cell: (b) => <strong>{formatFen(b.price)}</strong> },
    ...(bids.some((b) => b.content.proposalTitle) ? [{ label: t("evaluation.member.proposalTitle"), cell: (b: OpenedBid) => b.content.proposalTitle ?? "" }] : []),
    { label: t("evaluation.member.servicePlan"), cell: (b) => <div className="prose">{b.content.servicePlan}</div> },
    { label: t("evaluation.member.activities"), cell: (b) => <div className="prose">{b.content.activities}</div> },
    {
      label: t("evaluation.member.indicators"),
      cell: (b) => t("evaluation.member.indicatorValues", { beneficiaries: b.content.beneficiaries, sessions: b.content.sessions, volunteerHours: b.content.volunteerHours }),
    },
    {
      label: t("evaluation.member.team"),
      cell: (b) => (
        <ul>
          {b.content.team.map((m) => (
            <li key={m.staffId}>
              {m.name} <span className="muted">· {t(`qualification.${m.qualification}`)}</span>
            </li>
          ))}
        </ul>
      ),
    },
    {
      label: t("evaluation.member.budget"),
      cell: (b) => (
        <ul>
          {b.content.budget.map((line, i) => (
            <li key={i}>
              {line.item}：{formatFen(line.amount)}
            </li>
          ))}
        </ul>
      ),
    },
    {
      label: t("bids.attachments.title"),
      cell: (b) =>
        b.attachments.length === 0 ? (
          <span className="muted">{t("bids.attachments.none")}</span>
        ) : (
          <ul>
            {b.attachments.map((file) => (
              <li key={file.id}>
                <a href={`/tenders/${tenderId}/bid-attachments/${file.id}`}>{file.filename}</a>
              </li>
            ))}
          </ul>
        ),
    },
  ];
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("evaluation.member.field")}</th>
            {bids.map((b) => (
              <th key={b.bidId} scope="col">
                {b.organizationName}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              {bids.map((b) => (
                <td key={b.bidId}>{row.cell(b)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Score sheets
// ---------------------------------------------------------------------------------------------

interface Criterion {
  id: string;
  name: string;
  description: string;
  maxPoints: number;
}

interface Sheet {
  bidId: string;
  organizationName: string;
  status: "draft" | "submitted" | null;
  submittedAt: string | null;
  updatedAt: string | null;
  scores: { criterionId: string; points: string; justification: string }[];
}

/** A member's sheet for one bid: editable until submitted, then shown as it was submitted. */
export function ScoreSheet({ sheet, criteria }: { sheet: Sheet; criteria: Criterion[] }) {
  const t = useT();
  const locale = useLocale();
  const schema = useMemo(() => scoreSheetSchema(criteria.map((c) => c.maxPoints)), [criteria]);
  const headingId = `sheet-${sheet.bidId}`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t("evaluation.member.sheetFor", { bidder: sheet.organizationName })}{" "}
        <span className={`badge ${sheet.status === "submitted" ? "badge-ok" : "badge-warn"}`}>{t(`evaluation.member.sheetStatus.${sheet.status ?? "none"}`)}</span>
      </h3>
      {sheet.status === "submitted" ? (
        <>
          {sheet.submittedAt ? <p className="muted">{t("evaluation.member.submittedAt", { at: formatDateTime(locale, sheet.submittedAt) })}</p> : null}
          <div className="table-wrap">
            <table className="responsive">
              <thead>
                <tr>
                  <th scope="col">{t("evaluation.member.criterion")}</th>
                  <th scope="col" className="num">
                    {t("evaluation.member.points")}
                  </th>
                  <th scope="col">{t("evaluation.member.justification")}</th>
                </tr>
              </thead>
              <tbody>
                {criteria.map((c, i) => (
                  <tr key={c.id}>
                    <td data-label={t("evaluation.member.criterion")}>
                      {c.name} <span className="muted">（{t("evaluation.member.maxPoints", { max: c.maxPoints })}）</span>
                    </td>
                    <td data-label={t("evaluation.member.points")} className="num">
                      {sheet.scores[i]?.points}
                    </td>
                    <td data-label={t("evaluation.member.justification")} className="prose">
                      {sheet.scores[i]?.justification}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <ZodForm
          key={sheet.updatedAt ?? "new"}
          schema={schema}
          intent="score"
          subjectId={sheet.bidId}
          defaultValues={{ final: false, scores: sheet.scores } as never}
          className="form-section"
          aria-label={t("evaluation.member.sheetFor", { bidder: sheet.organizationName })}
        >
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("evaluation.member.criterion")}</th>
                  <th scope="col">{t("evaluation.member.points")}</th>
                  <th scope="col">{t("evaluation.member.justification")}</th>
                </tr>
              </thead>
              <tbody>
                {criteria.map((c, index) => (
                  <ScoreRow key={c.id} index={index} criterion={c} bidId={sheet.bidId} />
                ))}
              </tbody>
            </table>
          </div>
          <ArrayError name="scores" form={{ intent: "score", subjectId: sheet.bidId }} />
          <CheckboxField name="final" label={t("evaluation.member.final")} />
          <div>
            <SubmitButton>{t("evaluation.member.saveSheet")}</SubmitButton>
          </div>
        </ZodForm>
      )}
    </section>
  );
}

/** One criterion of a sheet: its score and justification side by side. */
function ScoreRow({ index, criterion, bidId }: { index: number; criterion: Criterion; bidId: string }) {
  const t = useT();
  const { register } = useRemixFormContext();
  const pointsError = useCellError("scores", index, "points", { intent: "score", subjectId: bidId });
  const justificationError = useCellError("scores", index, "justification", { intent: "score", subjectId: bidId });
  const id = `score-${bidId}-${index}`;
  const label = `${criterion.name}（${t("evaluation.member.maxPoints", { max: criterion.maxPoints })}）`;
  return (
    <tr>
      <td id={`${id}-name`}>
        <strong>{criterion.name}</strong> <span className="muted">（{t("evaluation.member.maxPoints", { max: criterion.maxPoints })}）</span>
        <p className="help" id={`${id}-help`}>
          {criterion.description}
        </p>
        <input type="hidden" {...register(`scores.${index}.criterionId`)} />
      </td>
      <td style={{ width: "8rem" }}>
        <div className={`field${pointsError ? " field-invalid" : ""}`}>
          <input
            type="text"
            inputMode="decimal"
            aria-label={`${t("evaluation.member.points")}：${label}`}
            aria-invalid={pointsError ? true : undefined}
            aria-describedby={pointsError ? `${id}-points-error` : `${id}-help`}
            {...register(`scores.${index}.points`)}
          />
          {pointsError ? (
            <p className="field-error" id={`${id}-points-error`} role="alert">
              {t(pointsError)}
            </p>
          ) : null}
        </div>
      </td>
      <td style={{ minWidth: "20rem" }}>
        <div className={`field${justificationError ? " field-invalid" : ""}`}>
          <textarea
            rows={5}
            aria-label={`${t("evaluation.member.justification")}：${label}`}
            aria-invalid={justificationError ? true : undefined}
            aria-describedby={justificationError ? `${id}-justification-error` : undefined}
            {...register(`scores.${index}.justification`)}
          />
          {justificationError ? (
            <p className="field-error" id={`${id}-justification-error`} role="alert">
              {t(justificationError)}
            </p>
          ) : null}
        </div>
      </td>
    </tr>
  );
}

// ---------------------------------------------------------------------------------------------
// The result
// ---------------------------------------------------------------------------------------------

/** Ranking, price scores and totals, the draw seed if a draw decided, and the deviation flags. */
export function ResultsSection({ results, method, pdfHref }: { results: Results; method: string; pdfHref: string }) {
  const t = useT();
  const locale = useLocale();
  const venture = method === "venture_call";
  return (
    <section className="card" aria-labelledby="results">
      <h2 id="results">{t("evaluation.results.title")}</h2>
      <p className="muted">{t("evaluation.results.computedAt", { at: formatDateTime(locale, results.computedAt) })}</p>
      <div className="table-wrap">
        <table className="responsive">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t("evaluation.results.rank")}
              </th>
              <th scope="col">{t("evaluation.results.bidder")}</th>
              <th scope="col" className="num">
                {t("evaluation.results.price")}
              </th>
              {results.criteria.map((c) => (
                <th key={c.id} scope="col" className="num">
                  {c.name}
                </th>
              ))}
              <th scope="col" className="num">
                {t("evaluation.results.priceScore")}
              </th>
              <th scope="col" className="num">
                {t("evaluation.results.total")}
              </th>
              <th scope="col">{t("evaluation.results.recommended")}</th>
              {venture ? <th scope="col">{t("evaluation.results.funded")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {results.ranking.map((r) => (
              <tr key={r.bidId}>
                <td data-label={t("evaluation.results.rank")} className="num">
                  {r.rank}
                </td>
                <td data-label={t("evaluation.results.bidder")}>{r.organizationName}</td>
                <td data-label={t("evaluation.results.price")} className="num">
                  {formatFen(r.price)}
                </td>
                {results.criteria.map((c, i) => (
                  <td key={c.id} data-label={c.name} className="num">
                    {points(r.criterionMeans[i])}
                  </td>
                ))}
                <td data-label={t("evaluation.results.priceScore")} className="num">
                  {points(r.priceScore)}
                </td>
                <td data-label={t("evaluation.results.total")} className="num">
                  <strong>{points(r.total)}</strong>
                </td>
                <td data-label={t("evaluation.results.recommended")}>{r.recommended ? t("evaluation.results.candidate", { rank: r.rank }) : ""}</td>
                {venture ? (
                  <td data-label={t("evaluation.results.funded")}>{r.funded ? t("evaluation.results.fundedYes") : t("evaluation.results.fundedNo")}</td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="help">{t("evaluation.results.benchmark", { price: formatFen(results.benchmarkPrice), points: results.pricePoints })}</p>
      {results.drawSeed ? <p className="alert alert-info">{t("evaluation.results.draw", { seed: results.drawSeed })}</p> : null}
      <h3>{t("evaluation.results.flags")}</h3>
      {results.flags.length ? (
        <ul>
          {results.flags.map((f) => (
            <li key={`${f.memberId}-${f.bidId}`}>
              {t("evaluation.results.flag", { member: f.memberName, bidder: f.organizationName, total: points(f.memberTotal), others: points(f.othersMean), z: f.z.toFixed(2) })}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("evaluation.results.noFlags")}</p>
      )}
      <p>
        <a href={pdfHref} className="button button-secondary">
          {t("evaluation.results.pdf")}
        </a>
      </p>
    </section>
  );
}

/** Every member's scores per bid, shown once all sheets are in. */
export function AllScores({ results }: { results: Results }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="all-scores">
      <h2 id="all-scores">{t("evaluation.member.allScores")}</h2>
      {results.ranking.map((r) => (
        <div key={r.bidId}>
          <h3>{r.organizationName}</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("evaluation.committee.member")}</th>
                  {results.criteria.map((c) => (
                    <th key={c.id} scope="col">
                      {c.name}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    {t("evaluation.member.sum")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {results.sheets.map((sheet) => {
                  const own = sheet.bids.find((b) => b.bidId === r.bidId);
                  const sum = (own?.scores ?? []).reduce((acc, s) => acc + Math.round((s.points ?? 0) * 100), 0) / 100;
                  return (
                    <tr key={sheet.memberId}>
                      <th scope="row">{sheet.memberName}</th>
                      {(own?.scores ?? []).map((s) => (
                        <td key={s.criterionId}>
                          <strong>{points(s.points)}</strong>
                          <div className="muted prose">{s.justification}</div>
                        </td>
                      ))}
                      <td className="num">{points(sum)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </section>
  );
}
