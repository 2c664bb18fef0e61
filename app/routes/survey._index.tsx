import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { SubmitButton, TextField, ZodForm } from "~/components/form";
import { PageHeader } from "~/components/layout";
import { surveyCodeSchema } from "~/modules/surveys/surveys-schema";
import { lookupSurvey } from "~/modules/surveys/surveys.server";
import { db } from "~/utils/db.server";
import { fieldError, fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { msg } from "~/i18n";
import { useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "surveys.public.title")];

/** For people without a phone camera: type the code printed on the card (no account needed). */
export async function action({ request, context }: ActionFunctionArgs) {
  const { data, errors, values } = await validateSubmission(await readFormData(request), surveyCodeSchema);
  if (errors) return fieldErrors(errors, values);
  const found = await lookupSurvey(db, data.code, context.clientIp);
  if (found.state === "open") return redirect(`/survey/${found.code}`);
  if (found.state === "blocked") return fieldError("code", msg("surveys.code.blocked", { minutes: found.minutes }), values);
  return fieldError("code", `surveys.state.${found.state}`, values);
}

export default function SurveyCode() {
  const t = useT();
  return (
    <div className="narrow">
      <PageHeader title={t("surveys.public.title")} intro={t("surveys.public.intro")} />
      <ZodForm schema={surveyCodeSchema} className="stack card" aria-label={t("surveys.public.open")}>
        <TextField name="code" label={t("surveys.public.code")} help={t("surveys.public.code.help")} autoComplete="off" />
        <div>
          <SubmitButton>{t("surveys.public.open")}</SubmitButton>
        </div>
      </ZodForm>
    </div>
  );
}
