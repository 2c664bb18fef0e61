import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { SubmitButton, TextField, ZodForm } from "~/components/form";
import { PageHeader } from "~/components/layout";
import { requirePermission } from "~/modules/auth/auth.server";
import { memberSchema } from "~/modules/orgs/orgs-schema";
import { addMember, getOwnOrganization, listMembers, removeMember } from "~/modules/orgs/orgs.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "organization.manage");
  const [organization, members] = await Promise.all([getOwnOrganization(db, user), listMembers(db, user)]);
  return json({ organization, members, me: user.id });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "organization.manage");
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent === "remove") {
    const result = await runCommand({ intent }, () => removeMember(db, user, String(formData.get("subjectId") ?? "")));
    return result.ok ? redirect("/agency/members") : result.response;
  }
  const { data, errors, values } = await validateSubmission(formData, memberSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => addMember(db, user, data));
  return result.ok ? redirect("/agency/members") : result.response;
}

export default function Members() {
  const { organization, members, me } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <PageHeader title={t("agency.members.title")} intro={t("agency.members.intro")} />
      <div className="table-wrap">
        <table className="responsive">
          <thead>
            <tr>
              <th scope="col">{t("admin.users.username")}</th>
              <th scope="col">{t("admin.users.displayName")}</th>
              <th scope="col">{t("admin.users.role")}</th>
              {organization.isOwner ? <th scope="col">{t("common.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td data-label={t("admin.users.username")}>{m.username}</td>
                <td data-label={t("admin.users.displayName")}>{m.displayName}</td>
                <td data-label={t("admin.users.role")}>{t(`agency.members.${m.memberRole}`)}</td>
                {organization.isOwner ? (
                  <td data-label={t("common.actions")}>
                    {m.memberRole !== "owner" && m.userId !== me ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="subjectId" value={m.id} />
                        <button type="submit" className="button button-danger" aria-label={t("agency.members.removeConfirm", { name: m.displayName })}>
                          {t("agency.members.remove")}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {organization.isOwner ? (
        <section className="card" aria-labelledby="add-member">
          <h2 id="add-member">{t("agency.members.add")}</h2>
          <ZodForm schema={memberSchema} intent="add" className="stack" aria-label={t("agency.members.add")}>
            <TextField name="username" label={t("register.accountUsername")} help={t("register.accountUsername.help")} autoComplete="off" />
            <TextField name="displayName" label={t("register.accountDisplayName")} autoComplete="off" />
            <TextField name="password" label={t("admin.users.password")} help={t("register.accountPassword.help")} type="password" autoComplete="new-password" />
            <div>
              <SubmitButton>{t("agency.members.add")}</SubmitButton>
            </div>
          </ZodForm>
        </section>
      ) : (
        <p className="alert alert-info">{t("agency.ownerOnly")}</p>
      )}
    </>
  );
}
