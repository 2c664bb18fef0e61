import { SERVICE_CATEGORIES } from "~/modules/needs/service-categories";
import { PROCUREMENT_METHODS } from "~/modules/tenders/tender-rules";
import { tenderSchema } from "~/modules/tenders/tenders-schema";
import { useT } from "~/utils/i18n";
import { CheckboxField, CheckboxGroup, RowsField, SelectField, SubmitButton, TextArea, TextField, ZodForm } from "./form";

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
        <legend>{t("tenders.section.basics")}</legend>
        <TextField name="title" label={t("tenders.field.title")} />
        <TextArea name="description" label={t("tenders.field.description")} rows={5} />
        <SelectField name="category" label={t("tenders.field.category")} options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} />
        <SelectField name="method" label={t("tenders.field.method")} options={PROCUREMENT_METHODS.map((m) => ({ value: m, label: t(`tenders.method.${m}`) }))} />
        <TextField name="theme" label={t("tenders.field.theme")} help={t("tenders.field.theme.help")} required={false} />
        <CheckboxGroup name="needIds" label={t("tenders.field.needIds")} help={t("tenders.field.needIds.help")} options={options.needs} layout="list" />
        <CheckboxGroup name="communityIds" label={t("tenders.field.communityIds")} options={options.communities} />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t("tenders.section.money")}</legend>
        <TextField name="ceilingPrice" label={t("tenders.field.ceilingPrice")} help={t("tenders.field.ceilingPrice.help")} inputMode="decimal" />
        <SelectField name="budgetLineId" label={t("tenders.field.budgetLineId")} options={options.budgetLines} />
        <TextField name="servicePeriodMonths" label={t("tenders.field.servicePeriodMonths")} help={t("tenders.field.servicePeriodMonths.help")} type="number" inputMode="numeric" />
        <CheckboxField name="recurringService" label={t("tenders.field.recurringService")} />
        <RowsField
          name="tranches"
          label={t("tenders.field.tranches")}
          help={t("tenders.field.tranches.help")}
          columns={[
            { key: "milestone", label: t("tenders.field.tranche.milestone") },
            { key: "percentage", label: t("tenders.field.tranche.percentage"), type: "number" },
          ]}
        />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t("tenders.section.evaluation")}</legend>
        <TextArea name="eligibility" label={t("tenders.field.eligibility")} rows={3} />
        <TextField name="pricePoints" label={t("tenders.field.pricePoints")} help={t("tenders.field.pricePoints.help")} type="number" inputMode="numeric" />
        <RowsField
          name="criteria"
          label={t("tenders.field.criteria")}
          help={t("tenders.field.criteria.help")}
          columns={[
            { key: "name", label: t("tenders.field.criterion.name") },
            { key: "description", label: t("tenders.field.criterion.description") },
            { key: "maxPoints", label: t("tenders.field.criterion.maxPoints"), type: "number" },
          ]}
        />
        <div className="field-row">
          <TextField name="weightPurchaser" label={t("tenders.field.weightPurchaser")} type="number" inputMode="numeric" />
          <TextField name="weightThirdParty" label={t("tenders.field.weightThirdParty")} type="number" inputMode="numeric" />
          <TextField name="weightSatisfaction" label={t("tenders.field.weightSatisfaction")} type="number" inputMode="numeric" />
        </div>
        <p className="help">{t("tenders.field.weights.help")}</p>
      </fieldset>
      <fieldset className="form-section">
        <legend>{t("tenders.section.timeline")}</legend>
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
