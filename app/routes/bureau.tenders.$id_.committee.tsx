import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { MemberRoleLabel, MemberStatusBadge, ResultsSection } from "~/components/evaluation";
import { CheckboxGroup, SelectField, SubmitButton, ZodForm } from "~/components/form";
import { Flash, PageHeader } from "~/components/layout";
import { TenderPhaseBadge } from "~/components/tender";
import { requireRole } from "~/modules/auth/auth.server";
import { committeeSchema, replacementSchema } from "~/modules/bid-evaluation/evaluation-schema";
import { committeeFormRules, formCommittee, getCommitteeOverview, replaceMember, requireCommitteeTender } from "~/modules/bid-evaluation/evaluation.server";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  return json(await getCommitteeOverview(db, user, params.id ?? ""));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  const id = params.id ?? "";
  await requireCommitteeTender(db, user, id);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const done = (flash: string) => redirect(`/bureau/tenders/${id}/committee?done=${flash}`);
  if (intent === "form") {
    const { data, errors, values } = await validateSubmission(formData, committeeSchema(await committeeFormRules(db, user, id)));
    if (errors) return fieldErrors(errors, values);
    const result = await runCommand(values, () => formCommittee(db, user, id, data));
    return result.ok ? done("formed") : result.response;
  }
  if (intent === "replace") {
    const { data, errors, values } = await validateSubmission(formData, replacementSchema);
    if (errors) return fieldErrors(errors, values);
    const result = await runCommand(values, () => replaceMember(db, user, id, String(formData.get("subjectId") ?? ""), data));
    return result.ok ? done("replaced") : result.response;
  }
  throw new Response("Bad Request", { status: 400 });
}

export default function BureauCommittee() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const done = params.get("done");
  const { tender, rules, state } = data;
  const schema = committeeSchema(rules);
  const candidateOptions = data.candidates.map((c) => ({
    value: c.userId,
    label: t("evaluation.committee.candidate", { role: c.isExpert ? "evaluation.role.expert" : "evaluation.role.bureau", name: c.displayName }),
  }));
  const summary = t("committee.summary", { body: rules.body, source: rules.source, min: rules.min });
  return (
    <>
      <PageHeader title={`${t("evaluation.committee.title")}：${tender.title}`} intro={t("evaluation.committee.intro")}>
        <p>
          <TenderPhaseBadge phase={data.phase} /> <Link to={`/bureau/tenders/${tender.id}`}>{t("evaluation.committee.back")}</Link>
        </p>
      </PageHeader>
      <Flash message={done === "formed" || done === "replaced" ? t(`evaluation.committee.${done}`) : null} />
      {data.isMember ? (
        <p className="alert alert-info">
          {t("evaluation.committee.youAreMember")} <Link to={`/committee/${tender.id}`}>{t("evaluation.committee.yourPage")}</Link>
        </p>
      ) : null}

      {!state.formed && data.awaitingTwoBidDecision ? <p className="alert alert-warn">{t("evaluation.committee.decideFirst")}</p> : null}
      {!state.formed && !data.mayChange && !data.awaitingTwoBidDecision ? (
        <p className="alert alert-info">{t("evaluation.committee.notYet", { phase: `tenders.phase.${data.phase}` })}</p>
      ) : null}

      {!state.formed && data.mayChange ? (
        <section className="card" aria-labelledby="form-committee">
          <h2 id="form-committee">{t("evaluation.committee.form")}</h2>
          <ZodForm schema={schema} intent="form" className="stack wide" aria-label={t("evaluation.committee.form")}>
            <CheckboxGroup name="memberIds" label={t("evaluation.committee.membersField")} help={summary} options={candidateOptions} />
            <div>
              <SubmitButton>{t("evaluation.committee.submit")}</SubmitButton>
            </div>
          </ZodForm>
        </section>
      ) : null}

      {state.formed ? (
        <section className="card" aria-labelledby="members">
          <h2 id="members">{t("evaluation.committee.members")}</h2>
          <p className="help">{summary}</p>
          <div className="table-wrap">
            <table className="responsive">
              <thead>
                <tr>
                  <th scope="col">{t("evaluation.committee.member")}</th>
                  <th scope="col">{t("evaluation.committee.role")}</th>
                  <th scope="col">{t("common.status")}</th>
                  <th scope="col">{t("evaluation.committee.declarations")}</th>
                  <th scope="col" className="num">
                    {t("evaluation.committee.sheets")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.members.map((m) => (
                  <tr key={m.id}>
                    <td data-label={t("evaluation.committee.member")}>
                      {m.displayName}
                      {m.replaces ? <span className="muted"> · {t("evaluation.replaces", { name: m.replaces })}</span> : null}
                    </td>
                    <td data-label={t("evaluation.committee.role")}>
                      <MemberRoleLabel isExpert={m.isExpert} />
                    </td>
                    <td data-label={t("common.status")}>
                      <MemberStatusBadge status={m.status} />
                      {m.status === "recused" ? (
                        <span className="muted"> · {m.replacedBy ? t("evaluation.replacedBy", { name: m.replacedBy }) : t("evaluation.awaitingReplacement")}</span>
                      ) : null}
                    </td>
                    <td data-label={t("evaluation.committee.declarations")}>
                      {m.declared === 0 ? t("evaluation.committee.notDeclared") : t("evaluation.committee.declared", { count: m.declared, total: data.bidders.length })}
                      {m.conflicts.length ? (
                        <div className="muted">{t("evaluation.committee.conflictWith", { names: m.conflicts.map((c) => c.organizationName).join("、") })}</div>
                      ) : null}
                    </td>
                    <td data-label={t("evaluation.committee.sheets")} className="num">
                      {m.status === "active" ? `${m.sheetsSubmitted}/${data.bidders.length}` : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {tender.status === "evaluating" ? (
            state.complete ? (
              <p className="alert alert-success">{t("evaluation.committee.complete")}</p>
            ) : (
              <div className="alert alert-warn">
                <p>{t("evaluation.committee.incomplete")}</p>
                <ul>
                  {state.ruleMessages.map((m) => (
                    <li key={m}>{t(m)}</li>
                  ))}
                  {state.awaitingReplacement.length ? <li>{t("evaluation.committee.pendingReplacements", { count: state.awaitingReplacement.length })}</li> : null}
                  {state.undeclared ? <li>{t("evaluation.committee.pendingDeclarations", { count: state.undeclared })}</li> : null}
                </ul>
              </div>
            )
          ) : null}
          {tender.status === "evaluating" ? <p>{t("evaluation.committee.progress", data.progress)}</p> : null}
        </section>
      ) : null}

      {data.mayChange && state.awaitingReplacement.length ? (
        <section className="card" aria-labelledby="replace">
          <h2 id="replace">{t("evaluation.committee.replace")}</h2>
          {data.members
            .filter((m) => state.awaitingReplacement.includes(m.id))
            .map((m) => (
              <ZodForm key={m.id} schema={replacementSchema} intent="replace" subjectId={m.id} className="stack" aria-label={t("evaluation.committee.replaceField", { name: m.displayName })}>
                <SelectField name="newUserId" label={t("evaluation.committee.replaceField", { name: m.displayName })} options={candidateOptions} placeholder="" />
                <div>
                  <SubmitButton>{t("evaluation.committee.replaceSubmit")}</SubmitButton>
                </div>
              </ZodForm>
            ))}
        </section>
      ) : null}

      {data.results ? <ResultsSection results={data.results} method={tender.method} pdfHref={`/bureau/tenders/${tender.id}/evaluation.pdf`} /> : null}
    </>
  );
}
