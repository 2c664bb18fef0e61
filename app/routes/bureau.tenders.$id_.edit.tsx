import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { TenderForm } from "~/components/tender-form";
import { requireRole } from "~/modules/auth/auth.server";
import { tenderSchema } from "~/modules/tenders/tenders-schema";
import { draftFormValues, getBureauTender, loadTenderFormOptions, requireOwnTender, saveDraft } from "~/modules/tenders/tenders.server";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  const detail = await getBureauTender(db, user, params.id ?? "");
  if (!detail.actions.includes("edit")) throw redirect(`/bureau/tenders/${detail.tender.id}`);
  const values = draftFormValues(detail);
  // Two spare rows for adding criteria or tranches without JavaScript.
  values.criteria.push(...Array.from({ length: 2 }, () => ({ name: "", description: "", maxPoints: "" as unknown as number })));
  values.tranches.push({ milestone: "", percentage: "" as unknown as number });
  return json({ id: detail.tender.id, values, options: await loadTenderFormOptions(db, user, values.needIds) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  await requireOwnTender(db, user, params.id ?? "");
  const { data, errors, values } = await validateSubmission(await readFormData(request), tenderSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => saveDraft(db, user, data, params.id));
  return result.ok ? redirect(`/bureau/tenders/${result.value.id}?saved=1`) : result.response;
}

export default function EditTender() {
  const { values, options } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("tenders.bureau.edit")} />
      <TenderForm defaultValues={values} options={options} submitLabel={t("tenders.bureau.saveDraft")} />
    </>
  );
}
