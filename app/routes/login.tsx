import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useSearchParams } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { PageHeader } from "~/components/layout";
import { SubmitButton, TextField, ZodForm } from "~/components/form";
import { attemptLogin, loadGrants, requireAnonymous, startSession } from "~/modules/auth/auth.server";
import { loginSchema } from "~/modules/auth/auth-schema";
import { workspacePath } from "~/modules/auth/permissions";
import { pageTitle } from "~/utils/meta";
import { fieldError, fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { formatDateTime, useT } from "~/utils/i18n";
import { getLocale } from "~/utils/i18n.server";
import { safeRedirect } from "~/utils/safe-redirect";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "login.title")];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { data, errors, values } = await validateSubmission(await readFormData(request), loginSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await attemptLogin(db, { username: data.username, password: data.password, ip: context.clientIp });
  if (!result.ok) {
    if (result.reason === "locked") {
      const time = formatDateTime(getLocale(request), result.until);
      return fieldError("root", `login.locked|${JSON.stringify({ time })}`, values);
    }
    return fieldError("root", "login.failed", values);
  }
  const grants = await loadGrants(db, result.userId);
  const destination = safeRedirect(data.redirectTo, workspacePath({ grants }) ?? "/");
  return startSession(request, result.userId, context.clientIp, destination);
}

export default function Login() {
  const t = useT();
  const [params] = useSearchParams();
  return (
    <div className="card narrow">
      <PageHeader title={t("login.title")} intro={t("login.intro")} />
      <ZodForm schema={loginSchema} defaultValues={{ redirectTo: params.get("redirectTo") ?? "" }} className="stack" aria-label={t("login.title")}>
        <TextField name="username" label={t("login.username")} autoComplete="username" />
        <TextField name="password" label={t("login.password")} type="password" autoComplete="current-password" />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <div>
          <SubmitButton>{t("login.submit")}</SubmitButton>
        </div>
      </ZodForm>
    </div>
  );
}
