import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { FilterForm, FilterInput } from "~/components/filters";
import { SelectField, SubmitButton, TextField, ZodForm } from "~/components/form";
import { Flash, PageHeader } from "~/components/layout";
import { requirePermission } from "~/modules/auth/auth.server";
import { listBureaus, listCommunities } from "~/modules/regions/regions.server";
import { ADMIN_ASSIGNABLE_ROLES, createUserSchema, resetPasswordSchema } from "~/modules/users/users-schema";
import { createUser, listUsers, resetPassword, setUserStatus } from "~/modules/users/users.server";
import { isUuid } from "~/utils/form-fields";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "users.manage");
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim() || undefined;
  const page = Number(url.searchParams.get("page")) || 1;
  const [result, bureaus, communities] = await Promise.all([listUsers(db, { q, page }), listBureaus(db), listCommunities(db)]);
  return json({ ...result, bureaus, communities, q: q ?? "", me: admin.id });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "users.manage");
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const subjectId = String(formData.get("subjectId") ?? "");
  const done = (key: string, username: string) => redirect(`/admin/users?${new URLSearchParams({ done: key, who: username })}`);
  if (intent === "create") {
    const { data, errors, values } = await validateSubmission(formData, createUserSchema);
    if (errors) return fieldErrors(errors, values);
    const result = await runCommand(values, () => createUser(db, admin.id, data));
    return result.ok ? done("created", result.value.username) : result.response;
  }
  if (!isUuid(subjectId)) throw new Response("Not Found", { status: 404 });
  if (intent === "disable" || intent === "enable") {
    const result = await runCommand({ intent, subjectId }, () => setUserStatus(db, admin.id, subjectId, intent === "disable" ? "disabled" : "active"));
    return result.ok ? done(intent === "disable" ? "disabled" : "enabled", result.value.username) : result.response;
  }
  if (intent === "reset") {
    const { data, errors, values } = await validateSubmission(formData, resetPasswordSchema);
    if (errors) return fieldErrors(errors, values);
    const result = await runCommand(values, () => resetPassword(db, admin.id, subjectId, data.password));
    return result.ok ? done("passwordReset", result.value.username) : result.response;
  }
  throw new Response("Bad Request", { status: 400 });
}

export default function AdminUsers() {
  const { users, hasMore, page, bureaus, communities, q, me } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const done = params.get("done");
  const flash = done && ["created", "disabled", "enabled", "passwordReset"].includes(done) ? t(`admin.users.${done}`, { username: params.get("who") ?? "" }) : null;
  return (
    <>
      <PageHeader title={t("admin.users.title")} />
      <Flash message={flash} />
      <FilterForm submitLabel={t("orgs.filter.submit")}>
        <FilterInput id="user-search" type="search" name="q" label={t("admin.users.search")} defaultValue={q} />
      </FilterForm>
      <div className="table-wrap">
        <table className="responsive">
          <thead>
            <tr>
              <th scope="col">{t("admin.users.username")}</th>
              <th scope="col">{t("admin.users.displayName")}</th>
              <th scope="col">{t("admin.users.role")}</th>
              <th scope="col">{t("admin.users.status")}</th>
              <th scope="col">{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td data-label={t("admin.users.username")}>{u.username}</td>
                <td data-label={t("admin.users.displayName")}>{u.displayName}</td>
                <td data-label={t("admin.users.role")}>{u.roles.map((r) => t(`role.${r}`)).join("、") || "—"}</td>
                <td data-label={t("admin.users.status")}>
                  <span className={`badge ${u.status === "active" ? "badge-ok" : "badge-bad"}`}>{t(`admin.users.status.${u.status}`)}</span>
                </td>
                <td data-label={t("common.actions")}>
                  <div className="actions">
                    {u.id === me ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value={u.status === "active" ? "disable" : "enable"} />
                      <input type="hidden" name="subjectId" value={u.id} />
                      <button type="submit" className={`button ${u.status === "active" ? "button-danger" : "button-secondary"}`} aria-label={`${t(u.status === "active" ? "admin.users.disable" : "admin.users.enable")} ${u.username}`}>
                        {t(u.status === "active" ? "admin.users.disable" : "admin.users.enable")}
                      </button>
                    </Form>
                    )}
                    <details>
                      <summary>{t("admin.users.resetPassword")}</summary>
                      <ZodForm schema={resetPasswordSchema} intent="reset" subjectId={u.id} className="row-form" aria-label={`${t("admin.users.resetPassword")} ${u.username}`}>
                        <TextField name="password" label={t("admin.users.newPassword")} type="password" autoComplete="new-password" />
                        <SubmitButton variant="secondary">{t("admin.users.resetPassword")}</SubmitButton>
                      </ZodForm>
                    </details>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label={t("common.page", { page })}>
        {page > 1 ? <Link to={`?${new URLSearchParams({ q, page: String(page - 1) })}`}>{t("common.previous")}</Link> : null}
        <span>{t("common.page", { page })}</span>
        {hasMore ? <Link to={`?${new URLSearchParams({ q, page: String(page + 1) })}`}>{t("common.next")}</Link> : null}
      </nav>
      <section className="card" aria-labelledby="create-user">
        <h2 id="create-user">{t("admin.users.create")}</h2>
        <ZodForm schema={createUserSchema} intent="create" defaultValues={{ role: "bureau" }} className="stack" aria-label={t("admin.users.create")}>
          <TextField name="username" label={t("admin.users.username")} help={t("register.accountUsername.help")} autoComplete="off" />
          <TextField name="displayName" label={t("admin.users.displayName")} autoComplete="off" />
          <TextField name="password" label={t("admin.users.password")} help={t("register.accountPassword.help")} type="password" autoComplete="new-password" />
          <SelectField name="role" label={t("admin.users.role")} options={ADMIN_ASSIGNABLE_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          <SelectField name="bureauId" label={t("admin.users.bureau")} required={false} placeholder="—" options={bureaus.map((b) => ({ value: b.id, label: b.nameZh }))} />
          <SelectField
            name="communityId"
            label={t("admin.users.community")}
            required={false}
            placeholder="—"
            options={communities.map((c) => ({ value: c.id, label: `${c.districtZh} · ${c.streetZh} · ${c.nameZh}` }))}
          />
          <div>
            <SubmitButton>{t("admin.users.create")}</SubmitButton>
          </div>
        </ZodForm>
      </section>
    </>
  );
}
