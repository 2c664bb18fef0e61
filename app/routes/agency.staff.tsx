import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { SelectField, SubmitButton, TextField, ZodForm } from "~/components/form";
import { PageHeader } from "~/components/layout";
import { requirePermission } from "~/modules/auth/auth.server";
import { QUALIFICATIONS, staffSchema } from "~/modules/orgs/orgs-schema";
import { addStaff, getOwnOrganization, listStaff, removeStaff } from "~/modules/orgs/orgs.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "organization.manage");
  const [organization, staff] = await Promise.all([getOwnOrganization(db, user), listStaff(db, user)]);
  return json({ organization, staff });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "organization.manage");
  const formData = await readFormData(request);
  if (formData.get("intent") === "remove") {
    const result = await runCommand({ intent: "remove" }, () => removeStaff(db, user, String(formData.get("subjectId") ?? "")));
    return result.ok ? redirect("/agency/staff") : result.response;
  }
  const { data, errors, values } = await validateSubmission(formData, staffSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => addStaff(db, user, data));
  return result.ok ? redirect("/agency/staff") : result.response;
}

export default function Staff() {
  const { organization, staff } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("agency.staff.title")} intro={t("agency.staff.intro")} />
      {staff.length === 0 ? (
        <p className="muted">{t("agency.staff.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="responsive">
            <thead>
              <tr>
                <th scope="col">{t("agency.staff.name")}</th>
                <th scope="col">{t("agency.staff.qualification")}</th>
                <th scope="col">{t("agency.staff.certificateNo")}</th>
                {organization.isOwner ? <th scope="col">{t("common.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {staff.map((s) => (
                <tr key={s.id}>
                  <td data-label={t("agency.staff.name")}>{s.name}</td>
                  <td data-label={t("agency.staff.qualification")}>{t(`qualification.${s.qualification}`)}</td>
                  <td data-label={t("agency.staff.certificateNo")}>{s.certificateNo ?? "—"}</td>
                  {organization.isOwner ? (
                    <td data-label={t("common.actions")}>
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="subjectId" value={s.id} />
                        <button type="submit" className="button button-danger" aria-label={`${t("agency.staff.remove")} ${s.name}`}>
                          {t("agency.staff.remove")}
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {organization.isOwner ? (
        <section className="card" aria-labelledby="add-staff">
          <h2 id="add-staff">{t("agency.staff.add")}</h2>
          <ZodForm schema={staffSchema} intent="add" defaultValues={{ qualification: "social_worker" }} className="stack" aria-label={t("agency.staff.add")}>
            <TextField name="name" label={t("agency.staff.name")} autoComplete="off" />
            <SelectField name="qualification" label={t("agency.staff.qualification")} options={QUALIFICATIONS.map((q) => ({ value: q, label: t(`qualification.${q}`) }))} />
            <TextField name="certificateNo" label={t("agency.staff.certificateNo")} help={t("agency.staff.certificateNo.help")} required={false} autoComplete="off" />
            <div>
              <SubmitButton>{t("agency.staff.add")}</SubmitButton>
            </div>
          </ZodForm>
        </section>
      ) : (
        <p className="alert alert-info">{t("agency.ownerOnly")}</p>
      )}
    </>
  );
}
