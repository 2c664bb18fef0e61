import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { endAllSessions, requireUser } from "~/modules/auth/auth.server";
import { countUserSessions } from "~/modules/auth/session.server";
import { db } from "~/utils/db.server";
import { useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";
import { readFormData } from "~/utils/forms.server";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "account.title"), { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ username: user.username, displayName: user.displayName, sessions: await countUserSessions(db, user.id) });
}

/** "Sign out on all devices": every session of the user ends, the one of this browser too. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  if (formData.get("intent") !== "signOutEverywhere") throw new Response("Bad Request", { status: 400 });
  return endAllSessions(request, user.id);
}

export default function Account() {
  const { username, displayName, sessions } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="card narrow">
      <PageHeader title={t("account.title")} />
      <dl>
        <dt>{t("account.name")}</dt>
        <dd>{displayName}</dd>
        <dt>{t("login.username")}</dt>
        <dd>{username}</dd>
        <dt>{t("account.sessions")}</dt>
        <dd>{t("account.sessionCount", { count: sessions })}</dd>
      </dl>
      <p>{t("account.signOutEverywhere.intro")}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="signOutEverywhere" />
        <button type="submit" className="button">
          {t("account.signOutEverywhere")}
        </button>
      </Form>
    </div>
  );
}
