import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { db } from "~/utils/db.server";
import { PageHeader } from "~/components/layout";
import { requireRole } from "~/modules/auth/auth.server";
import { getBudgetLine } from "~/modules/budgets/budgets.server";
import { formatFen } from "~/modules/budgets/money";
import { formatDateTime, useLocale, useT } from "~/utils/i18n";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  const line = await getBudgetLine(db, user, params.id ?? "");
  return json({ line });
}

const FIGURES = ["amount", "reserved", "committed", "paid", "available"] as const;
const MOVEMENT_BADGE = { reserve: "badge-warn", release: "", commit: "badge-warn", pay: "badge-ok", uncommit: "" } as const;

export default function BudgetLine() {
  const { line } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <p>
        <Link to="/bureau/budgets">← {t("budgets.backToList")}</Link>
      </p>
      <PageHeader title={line.name} />
      <section className="card" aria-labelledby="line-figures">
        <h2 id="line-figures">{t("budgets.detail.figures")}</h2>
        <dl className="facts">
          <dt>{t("budgets.fiscalYear")}</dt>
          <dd>{line.fiscalYear}</dd>
          <dt>{t("budgets.fundSource")}</dt>
          <dd>{t(`fundSource.${line.fundSource}`)}</dd>
          {FIGURES.map((key) => (
            <Fragment key={key}>
              <dt>{t(`budgets.${key}`)}</dt>
              <dd>{key === "available" ? <strong>{formatFen(line[key])}</strong> : formatFen(line[key])}</dd>
            </Fragment>
          ))}
          <dt>{t("budgets.detail.createdAt")}</dt>
          <dd>{formatDateTime(locale, line.createdAt)}</dd>
        </dl>
      </section>
      <section aria-labelledby="line-movements">
        <h2 id="line-movements">{t("budgets.movements")}</h2>
        <p className="muted">{t("budgets.movements.intro")}</p>
        {line.movements.length === 0 ? (
          <p className="muted">{t("budgets.movements.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table className="responsive">
              <thead>
                <tr>
                  <th scope="col">{t("budgets.movement.at")}</th>
                  <th scope="col">{t("budgets.movement.kind")}</th>
                  <th scope="col" className="num">
                    {t("budgets.movement.amount")}
                  </th>
                  <th scope="col">{t("budgets.movement.subject")}</th>
                  <th scope="col">{t("budgets.movement.actor")}</th>
                </tr>
              </thead>
              <tbody>
                {line.movements.map((m) => (
                  <tr key={m.id}>
                    <td data-label={t("budgets.movement.at")}>{formatDateTime(locale, m.at)}</td>
                    <td data-label={t("budgets.movement.kind")}>
                      <span className={`badge ${MOVEMENT_BADGE[m.kind]}`}>{t(`budgetMovement.${m.kind}`)}</span>
                    </td>
                    <td className="num" data-label={t("budgets.movement.amount")}>
                      {formatFen(m.amount)}
                    </td>
                    <td data-label={t("budgets.movement.subject")}>
                      <span className="muted">{t(`budgets.subject.${m.subjectType}`)}</span> {m.subjectTitle ?? ""}
                    </td>
                    <td data-label={t("budgets.movement.actor")}>{m.actorName ?? t("budgets.system")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
