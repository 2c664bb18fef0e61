import { useFieldArray } from "react-hook-form";
import { useRemixFormContext } from "remix-hook-form";
import { SERVICE_CATEGORIES } from "~/modules/needs/service-categories";
import { PROCUREMENT_METHODS } from "~/modules/tenders/tender-rules";
import { tenderSchema } from "~/modules/tenders/tenders-schema";
import { useT } from "~/utils/i18n";
import { CheckboxField, CheckboxGroup, SelectField, SubmitButton, TextArea, TextField, useFieldErrorObject, ZodForm } from "./form";

export interface TenderFormOptions {
  budgetLines: { value: string; label: string }[];
  needs: { value: string; label: string }[];
  communities: { value: string; label: string }[];
}

/** The tender form, shared by "new" and "edit draft"; every rule of DESIGN §4.3 is in its schema. */
export function TenderForm({ defaultValues, options, submitLabel }: { defaultValues: Record<string, unknown>; options: TenderFormOptions; submitLabel: string }) {
  const t = useT();
  return (
    <ZodForm schema={tenderSchema} defaultValues={defaultValues} className="stack wide" aria-label={submitLabel}>
      <fieldset className="form-section">
        <legend>{t("tenders.field.title")}</legend>
        <TextField name="title" label={t("tenders.field.title")} />
        <TextArea name="description" label={t("tenders.field.description")} rows={5} />
        <SelectField name="category" label={t("tenders.field.category")} options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} />
        <SelectField name="method" label={t("tenders.field.method")} options={PROCUREMENT_METHODS.map((m) => ({ value: m, label: t(`tenders.method.${m}`) }))} />
        <TextField name="theme" label={t("tenders.field.theme")} help={t("tenders.field.theme.help")} required={false} />
        <CheckboxGroup name="needIds" label={t("tenders.field.needIds")} help={t("tenders.field.needIds.help")} options={options.needs} />
        <CheckboxGroup name="communityIds" label={t("tenders.field.communityIds")} options={options.communities} />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t("tenders.detail.budget")}</legend>
        <TextField name="ceilingPrice" label={t("tenders.field.ceilingPrice")} help={t("tenders.field.ceilingPrice.help")} inputMode="decimal" />
        <SelectField name="budgetLineId" label={t("tenders.field.budgetLineId")} options={options.budgetLines} />
        <TextField name="servicePeriodMonths" label={t("tenders.field.servicePeriodMonths")} help={t("tenders.field.servicePeriodMonths.help")} type="number" inputMode="numeric" />
        <CheckboxField name="recurringService" label={t("tenders.field.recurringService")} />
        <RowsField kind="tranches" />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t("tenders.detail.criteria")}</legend>
        <TextArea name="eligibility" label={t("tenders.field.eligibility")} rows={3} />
        <TextField name="pricePoints" label={t("tenders.field.pricePoints")} help={t("tenders.field.pricePoints.help")} type="number" inputMode="numeric" />
        <RowsField kind="criteria" />
        <div className="field-row">
          <TextField name="weightPurchaser" label={t("tenders.field.weightPurchaser")} type="number" inputMode="numeric" />
          <TextField name="weightThirdParty" label={t("tenders.field.weightThirdParty")} type="number" inputMode="numeric" />
          <TextField name="weightSatisfaction" label={t("tenders.field.weightSatisfaction")} type="number" inputMode="numeric" />
        </div>
        <p className="help">{t("tenders.field.weights.help")}</p>
      </fieldset>
      <fieldset className="form-section">
        <legend>{t("tenders.detail.bidDeadline")}</legend>
        <TextField name="enquiryDeadline" label={t("tenders.field.enquiryDeadline")} help={t("tenders.field.deadline.help")} type="datetime-local" />
        <TextField name="bidDeadline" label={t("tenders.field.bidDeadline")} help={t("tenders.field.deadline.help")} type="datetime-local" />
        <TextField name="contactName" label={t("tenders.field.contactName")} />
        <TextField name="contactPhone" label={t("tenders.field.contactPhone")} type="tel" />
      </fieldset>
      <div>
        <SubmitButton>{submitLabel}</SubmitButton>
      </div>
    </ZodForm>
  );
}

const ROW_FIELDS = {
  criteria: [
    { key: "name", label: "tenders.field.criterion.name", type: "text" },
    { key: "description", label: "tenders.field.criterion.description", type: "text" },
    { key: "maxPoints", label: "tenders.field.criterion.maxPoints", type: "number" },
  ],
  tranches: [
    { key: "milestone", label: "tenders.field.tranche.milestone", type: "text" },
    { key: "percentage", label: "tenders.field.tranche.percentage", type: "number" },
  ],
} as const;

/**
 * Editable rows (criteria, payment tranches). With JavaScript rows are added and removed in
 * place; without it the page offers two spare rows, and blank rows are ignored.
 */
function RowsField({ kind }: { kind: keyof typeof ROW_FIELDS }) {
  const t = useT();
  const { control, register } = useRemixFormContext();
  const { fields, append, remove } = useFieldArray({ control, name: kind });
  const error = useFieldErrorObject(kind);
  const message = error?.message ?? error?.root?.message;
  const columns = ROW_FIELDS[kind];
  const labelKey = kind === "criteria" ? "tenders.field.criteria" : "tenders.field.tranches";
  const helpKey = kind === "criteria" ? "tenders.field.criteria.help" : "tenders.field.tranches.help";
  return (
    <fieldset className={`field rows-field${message ? " field-invalid" : ""}`} aria-describedby={`${kind}-help${message ? ` ${kind}-error` : ""}`}>
      <legend>{t(labelKey)}</legend>
      <p className="help" id={`${kind}-help`}>
        {t(helpKey)}
      </p>
      <table className="rows-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col">
                {t(c.label)}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">{t("common.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {fields.map((row, index) => (
            <tr key={row.id}>
              {columns.map((c) => {
                const rowErrors = (error as unknown as Record<number, Record<string, { message?: string }>> | undefined)?.[index];
                const cellError = rowErrors?.[c.key]?.message;
                return (
                  <td key={c.key}>
                    <input
                      aria-label={`${t(c.label)} ${index + 1}`}
                      type={c.type}
                      inputMode={c.type === "number" ? "numeric" : undefined}
                      aria-invalid={cellError ? true : undefined}
                      className={c.type === "number" ? "input-narrow" : undefined}
                      {...register(`${kind}.${index}.${c.key}`)}
                    />
                    {cellError ? <span className="field-error">{t(cellError)}</span> : null}
                  </td>
                );
              })}
              <td>
                <button type="button" className="link-button" onClick={() => remove(index)} aria-label={`${t("tenders.removeRow")} ${index + 1}`}>
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="button button-secondary button-compact"
        onClick={() => append(kind === "criteria" ? { name: "", description: "", maxPoints: "" } : { milestone: "", percentage: "" })}
      >
        {t("tenders.addRow")}
      </button>
      {message ? (
        <p className="field-error" id={`${kind}-error`} role="alert">
          {t(message)}
        </p>
      ) : null}
    </fieldset>
  );
}
