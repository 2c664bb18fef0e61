import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { SelectField, SubmitButton, TextField, ZodForm } from "~/components/form";
import { Flash, PageHeader } from "~/components/layout";
import { requireRole } from "~/modules/auth/auth.server";
import { currentFiscalYear, groupByFiscalYear, type BudgetFigures } from "~/modules/budgets/budget-figures";
import { budgetLineSchema, FUND_SOURCES } from "~/modules/budgets/budgets-schema";
import { createBudgetLine, listBudgetLines } from "~/modules/budgets/budgets.server";
import { formatFen } from "~/modules/budgets/money";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  const lines = await listBudgetLines(db, user);
  const createdId = new URL(request.url).searchParams.get("created");
  const created = lines.find((l) => l.id === createdId);
  return json({
    years: groupByFiscalYear(lines),
    created: created ? { id: created.id, name: created.name } : null,
    defaultYear: currentFiscalYear(),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  const { data, errors, values } = await validateSubmission(await readFormData(request), budgetLineSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => createBudgetLine(db, user, data));
  return result.ok ? redirect(`/bureau/budgets?created=${result.value.id}`) : result.response;
}

const FIGURES = ["amount", "reserved", "committed", "paid", "available"] as const;

function FigureCells({ figures, strong }: { figures: BudgetFigures & { available: number }; strong?: boolean }) {
  const t = useT();
  return (
    <>
      {FIGURES.map((key) => (
        <td key={key} className="num" data-label={t(`budgets.${key}`)}>
          {strong ? <strong>{formatFen(figures[key])}</strong> : formatFen(figures[key])}
        </td>
      ))}
    </>
  );
}

export default function BudgetLines() {
  const { years, created, defaultYear } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("budgets.title")} intro={t("budgets.intro")} />
      <Flash message={created ? t("budgets.added", { name: created.name }) : null} />
      {years.length === 0 ? <p className="muted">{t("budgets.empty")}</p> : null}
      {years.map((year) => (
        <section key={year.fiscalYear} aria-labelledby={`year-${year.fiscalYear}`}>
          <h2 id={`year-${year.fiscalYear}`}>{t("budgets.yearCaption", { year: year.fiscalYear })}</h2>
          <div className="table-wrap">
            <table className="responsive">
              <thead>
                <tr>
                  <th scope="col">{t("budgets.name")}</th>
                  <th scope="col">{t("budgets.fundSource")}</th>
                  {FIGURES.map((key) => (
                    <th key={key} scope="col" className="num">
                      {t(`budgets.${key}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {year.lines.map((line) => (
                  <tr key={line.id}>
                    <td data-label={t("budgets.name")}>
                      <Link to={`/bureau/budgets/${line.id}`}>{line.name}</Link>
                    </td>
                    <td data-label={t("budgets.fundSource")}>{t(`fundSource.${line.fundSource}`)}</td>
                    <FigureCells figures={line} />
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <td data-label="" colSpan={2}>
                    <strong>{t("budgets.total")}</strong>
                  </td>
                  <FigureCells figures={year.totals} strong />
                </tr>
              </tfoot>
            </table>
          </div>
        </section>
      ))}
      <section aria-labelledby="add-budget-line">
        <h2 id="add-budget-line">{t("budgets.add")}</h2>
        <div className="card">
          {/* A new key after each added line gives an empty form, so the same line is not added twice by accident. */}
          <ZodForm
            key={created?.id ?? "new"}
            schema={budgetLineSchema}
            defaultValues={{ fiscalYear: String(defaultYear), fundSource: "general_budget" }}
            className="stack"
            aria-label={t("budgets.add")}
          >
            <TextField name="fiscalYear" label={t("budgets.fiscalYear")} inputMode="numeric" autoComplete="off" />
            <SelectField name="fundSource" label={t("budgets.fundSource")} options={FUND_SOURCES.map((s) => ({ value: s, label: t(`fundSource.${s}`) }))} />
            <TextField name="name" label={t("budgets.name")} help={t("budgets.name.help")} autoComplete="off" />
            <TextField name="amount" label={t("budgets.amount")} help={t("budgets.amount.help")} inputMode="decimal" autoComplete="off" />
            <div>
              <SubmitButton>{t("budgets.add")}</SubmitButton>
            </div>
          </ZodForm>
        </div>
      </section>
    </>
  );
}
