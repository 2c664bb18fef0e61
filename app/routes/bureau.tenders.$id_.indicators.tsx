import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { RowsField, SubmitButton, ZodForm } from "~/components/form";
import { Flash, PageHeader } from "~/components/layout";
import { TenderPhaseBadge } from "~/components/tender";
import { requireRole } from "~/modules/auth/auth.server";
import { indicatorTemplateSchema } from "~/modules/outcomes/outcomes-schema";
import { getIndicatorTemplatePage, saveIndicatorTemplate } from "~/modules/outcomes/indicators.server";
import { requireOwnTender } from "~/modules/tenders/tenders.server";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.tender.title }, { name: "robots", content: "noindex" }] : []);

// A file of its own (the tender page has no outlet), at /bureau/tenders/:id/indicators.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  return json(await getIndicatorTemplatePage(db, user, params.id ?? ""));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  const id = params.id ?? "";
  await requireOwnTender(db, user, id);
  const { data, errors, values } = await validateSubmission(await readFormData(request), indicatorTemplateSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => saveIndicatorTemplate(db, user, id, data));
  return result.ok ? redirect(`/bureau/tenders/${id}/indicators?done=saved`) : result.response;
}

// Without JavaScript rows cannot be added in place: the form offers this many spare rows.
const SPARE_ROWS = 3;

export default function IndicatorTemplate() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const rows = data.indicators.map(({ dimension, name, maxPoints, guidance }) => ({ dimension, name, maxPoints: String(maxPoints), guidance }));
  return (
    <>
      <PageHeader title={t("outcomes.indicators.title", { title: data.tender.title })} intro={t("outcomes.indicators.intro")}>
        <p>
          <TenderPhaseBadge phase={data.phase} /> <Link to={`/bureau/tenders/${data.tender.id}`}>{t("common.back")}</Link>
        </p>
      </PageHeader>
      <Flash message={params.get("done") === "saved" ? t("outcomes.indicators.saved") : null} />
      <section className="card" aria-labelledby="dimensions">
        <h2 id="dimensions">{t("outcomes.indicators.dimensions")}</h2>
        <ul>
          {data.dimensions.map((d) => (
            <li key={d.dimension}>
              {d.dimension}：{t("outcomes.indicator.max", { max: d.maxPoints })}
            </li>
          ))}
        </ul>
      </section>
      {data.editable ? (
        <ZodForm
          schema={indicatorTemplateSchema}
          defaultValues={{ indicators: [...rows, ...Array.from({ length: SPARE_ROWS }, () => ({ dimension: "", name: "", maxPoints: "", guidance: "" }))] } as never}
          className="stack wide"
          aria-label={t("outcomes.indicators.save")}
        >
          <RowsField
            name="indicators"
            label={t("outcomes.indicators.rows")}
            help={t("outcomes.indicators.rows.help")}
            columns={[
              { key: "dimension", label: t("outcomes.indicator.dimension") },
              { key: "name", label: t("outcomes.indicator.name") },
              { key: "maxPoints", label: t("outcomes.indicator.maxPoints"), type: "number" },
              { key: "guidance", label: t("outcomes.indicator.guidance") },
            ]}
          />
          <div>
            <SubmitButton>{t("outcomes.indicators.save")}</SubmitButton>
          </div>
        </ZodForm>
      ) : (
        <section className="card" aria-labelledby="template">
          <h2 id="template">{t("outcomes.indicators.rows")}</h2>
          <p className="alert alert-info">{t("outcomes.indicators.lockedNote")}</p>
          <div className="table-wrap">
            <table className="responsive">
              <thead>
                <tr>
                  <th scope="col">{t("outcomes.indicator.dimension")}</th>
                  <th scope="col">{t("outcomes.indicator.name")}</th>
                  <th scope="col" className="num">
                    {t("outcomes.indicator.maxPoints")}
                  </th>
                  <th scope="col">{t("outcomes.indicator.guidance")}</th>
                </tr>
              </thead>
              <tbody>
                {data.indicators.map((i) => (
                  <tr key={i.id}>
                    <td data-label={t("outcomes.indicator.dimension")}>{i.dimension}</td>
                    <td data-label={t("outcomes.indicator.name")}>{i.name}</td>
                    <td data-label={t("outcomes.indicator.maxPoints")} className="num">
                      {i.maxPoints}
                    </td>
                    <td data-label={t("outcomes.indicator.guidance")}>{i.guidance}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
