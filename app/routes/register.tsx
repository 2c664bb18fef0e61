import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useRemixFormContext } from "remix-hook-form";
import { db } from "~/utils/db.server";
import { CheckboxGroup, RadioGroup, SelectField, SubmitButton, TextField, ZodForm } from "~/components/form";
import { PageHeader } from "~/components/layout";
import { startSession } from "~/modules/auth/auth.server";
import { SERVICE_CATEGORIES } from "~/modules/needs/service-categories";
import { GRADES } from "~/modules/orgs/grade";
import { ORGANIZATION_KINDS, REGISTRATION_TYPES, registrationSchema, tryParseUscc } from "~/modules/orgs/orgs-schema";
import { registerOrganization } from "~/modules/orgs/orgs.server";
import { listDistricts } from "~/modules/regions/regions.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { useLocale, useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export async function loader(_: LoaderFunctionArgs) {
  const districts = await listDistricts(db);
  return json({ districts: districts.map((d) => ({ id: d.id, nameZh: d.nameZh, nameEn: d.nameEn })) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { data, errors, values } = await validateSubmission(await readFormData(request), registrationSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => registerOrganization(db, data));
  if (!result.ok) return result.response;
  // The applicant is signed in at once and lands where the review status shows.
  return startSession(request, result.value.owner.id, context.clientIp, data.kind === "evaluator" ? "/evaluator" : "/agency");
}

function UsccDecoded() {
  const t = useT();
  const { watch } = useRemixFormContext();
  const parsed = tryParseUscc(String(watch("uscc") ?? ""));
  if (!parsed) return null;
  return (
    <p className="decoded" aria-live="polite">
      ✓{" "}
      {t("register.uscc.decoded", {
        authority: parsed.authorityName === "civilAffairs" ? "uscc.authority.civilAffairs" : "uscc.authority.other",
        type: `regType.${parsed.organizationType}`,
        division: parsed.divisionCode,
      })}
    </p>
  );
}

export default function Register() {
  const { districts } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <PageHeader title={t("register.title")} intro={t("register.intro")} />
      <ZodForm
        schema={registrationSchema}
        defaultValues={{ kind: "agency", registrationType: "private_non_enterprise", serviceCategories: [], districtIds: [], grade: "" }}
        className="stack"
        aria-label={t("register.title")}
      >
        <fieldset className="form-section">
          <legend>{t("register.section.organization")}</legend>
          <RadioGroup name="kind" label={t("register.kind")} options={ORGANIZATION_KINDS.map((k) => ({ value: k, label: t(`register.kind.${k}`) }))} />
          <TextField name="name" label={t("register.name")} help={t("register.name.help")} autoComplete="organization" />
          <TextField name="uscc" label={t("register.uscc")} help={t("register.uscc.help")} />
          <UsccDecoded />
          <SelectField name="registrationType" label={t("register.registrationType")} options={REGISTRATION_TYPES.map((r) => ({ value: r, label: t(`regType.${r}`) }))} />
          <CheckboxGroup
            name="serviceCategories"
            label={t("register.serviceCategories")}
            options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
          />
          <CheckboxGroup
            name="districtIds"
            label={t("register.districts")}
            options={districts.map((d) => ({ value: d.id, label: locale === "en" ? d.nameEn : d.nameZh }))}
          />
        </fieldset>
        <fieldset className="form-section">
          <legend>{t("register.section.grade")}</legend>
          <SelectField
            name="grade"
            label={t("register.grade")}
            required={false}
            placeholder={t("register.grade.none")}
            options={GRADES.map((g) => ({ value: g, label: g }))}
          />
          <TextField name="gradeAwardedOn" label={t("register.gradeAwardedOn")} help={t("register.gradeAwardedOn.help")} type="date" required={false} />
        </fieldset>
        <fieldset className="form-section">
          <legend>{t("register.section.contact")}</legend>
          <TextField name="contactName" label={t("register.contactName")} autoComplete="name" />
          <TextField name="contactPhone" label={t("register.contactPhone")} type="tel" autoComplete="tel" />
          <TextField name="contactEmail" label={t("register.contactEmail")} type="email" required={false} autoComplete="email" />
          <TextField name="address" label={t("register.address")} required={false} autoComplete="street-address" />
        </fieldset>
        <fieldset className="form-section">
          <legend>{t("register.section.account")}</legend>
          <TextField name="username" label={t("register.accountUsername")} help={t("register.accountUsername.help")} autoComplete="username" />
          <TextField name="displayName" label={t("register.accountDisplayName")} autoComplete="name" />
          <TextField name="password" label={t("register.accountPassword")} help={t("register.accountPassword.help")} type="password" autoComplete="new-password" />
        </fieldset>
        <div>
          <SubmitButton>{t("register.submit")}</SubmitButton>
        </div>
      </ZodForm>
    </>
  );
}
