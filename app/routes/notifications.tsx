import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CheckboxField, CheckboxGroup, SubmitButton, TextField, ZodForm } from "~/components/form";
import { PageHeader } from "~/components/layout";
import { requireUser } from "~/modules/auth/auth.server";
import { SERVICE_CATEGORIES } from "~/modules/needs/service-categories";
import { subscriptionSchema } from "~/modules/notifications/notifications-schema";
import { listNotifications, listSubscriptions, markRead, subscribe, unsubscribe } from "~/modules/notifications/notifications.server";
import { listDistricts } from "~/modules/regions/regions.server";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { formatDateTime, useLocale, useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { runCommand } from "~/utils/route-errors.server";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "notifications.title"), { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [notifications, subscriptions, districts] = await Promise.all([listNotifications(db, user), listSubscriptions(db, user), listDistricts(db)]);
  return json({ notifications, subscriptions, districts });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const subjectId = String(formData.get("subjectId") ?? "");
  if (intent === "read" || intent === "readAll") {
    const result = await runCommand({ intent }, () => markRead(db, user, intent === "read" ? subjectId : null));
    return result.ok ? redirect("/notifications") : result.response;
  }
  if (intent === "unsubscribe") {
    const result = await runCommand({ intent }, () => unsubscribe(db, user, subjectId));
    return result.ok ? redirect("/notifications") : result.response;
  }
  const { data, errors, values } = await validateSubmission(formData, subscriptionSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => subscribe(db, user, data));
  return result.ok ? redirect("/notifications#subscriptions") : result.response;
}

export default function Notifications() {
  const { notifications, subscriptions, districts } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const districtName = (id: string) => {
    const d = districts.find((x) => x.id === id);
    return d ? (locale === "en" ? d.nameEn : d.nameZh) : "—";
  };
  const unread = notifications.filter((n) => !n.readAt).length;
  return (
    <>
      <PageHeader title={t("notifications.title")} intro={t("notifications.intro")} />
      <section aria-labelledby="notifications-list" className="stack">
        <div className="section-head">
          <h2 id="notifications-list">{t("notifications.list", { count: unread })}</h2>
          {unread > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="readAll" />
              <button type="submit" className="button button-small button-secondary">
                {t("notifications.readAll")}
              </button>
            </Form>
          ) : null}
        </div>
        {notifications.length === 0 ? <p className="muted">{t("notifications.empty")}</p> : null}
        <ul className="notification-list">
          {notifications.map((n) => (
            <li key={n.id} className={n.readAt ? "notification" : "notification notification-unread"}>
              <div>
                {n.readAt ? null : <span className="badge badge-ok">{t("notifications.new")}</span>} <Link to={n.link}>{t(n.message)}</Link>
                <div className="muted small">{formatDateTime(locale, n.createdAt)}</div>
              </div>
              {n.readAt ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="subjectId" value={n.id} />
                  <button type="submit" className="link-button">
                    {t("notifications.markRead")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="subscriptions" id="subscriptions" className="stack">
        <h2 id="subscriptions-heading">{t("notifications.subscriptions")}</h2>
        <p className="muted">{t("notifications.subscriptions.intro")}</p>
        {subscriptions.length === 0 ? <p className="muted">{t("notifications.subscriptions.empty")}</p> : null}
        <ul className="notification-list">
          {subscriptions.map((s) => (
            <li key={s.id} className="card section-head">
              <span>
                {s.categories.length ? s.categories.map((c) => t(`category.${c}`)).join("、") : t("notifications.anyCategory")}
                {" · "}
                {s.districtIds.length ? s.districtIds.map(districtName).join("、") : t("notifications.anyDistrict")}
                {s.keyword ? ` · ${t("notifications.keywordIs", { keyword: s.keyword })}` : null}
              </span>
              <Form method="post">
                <input type="hidden" name="intent" value="unsubscribe" />
                <input type="hidden" name="subjectId" value={s.id} />
                <button type="submit" className="link-button">
                  {t("notifications.unsubscribe")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <ZodForm schema={subscriptionSchema} intent="subscribe" defaultValues={{ categories: [], districtIds: [] }} className="card stack" aria-label={t("notifications.subscribe.title")}>
          <h3>{t("notifications.subscribe.title")}</h3>
          <CheckboxGroup name="categories" label={t("notifications.subscribe.categories")} options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} />
          <CheckboxGroup name="districtIds" label={t("notifications.subscribe.districts")} options={districts.map((d) => ({ value: d.id, label: locale === "en" ? d.nameEn : d.nameZh }))} />
          <TextField name="keyword" label={t("notifications.subscribe.keyword")} help={t("notifications.subscribe.keyword.help")} required={false} />
          <CheckboxField name="everything" label={t("notifications.subscribe.everything")} />
          <SubmitButton>{t("notifications.subscribe.submit")}</SubmitButton>
        </ZodForm>
      </section>
    </>
  );
}
