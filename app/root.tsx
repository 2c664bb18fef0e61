import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { SiteFooter, SiteHeader } from "./components/layout";
import { translator, type Locale } from "./i18n";
import { getUser } from "./modules/auth/auth.server";
import { navigationFor } from "./modules/auth/permissions";
import { unreadCount } from "./modules/notifications/notifications.server";
import { db } from "./utils/db.server";
import styles from "./styles/app.css";
import { getLocale } from "./utils/i18n.server";
import { useNonce, useRequestId } from "./utils/request-info";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = translator(data?.locale ?? "zh-CN");
  return [{ title: t("app.name") }, { name: "description", content: t("app.tagline") }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = getLocale(request);
  const user = await getUser(request);
  return json({
    locale,
    user: user
      ? { displayName: user.displayName, username: user.username, roles: [...new Set(user.grants.map((g) => g.role))], unread: await unreadCount(db, user.id) }
      : null,
    navigation: navigationFor(user),
  });
}

export type RootLoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function Document({ locale, children }: { locale: Locale; children: ReactNode }) {
  const nonce = useNonce();
  const requestId = useRequestId();
  return (
    <html lang={locale} data-request-id={requestId || undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  return (
    <Document locale={data.locale}>
      <SiteHeader user={data.user} navigation={data.navigation} />
      <main id="main" className="container">
        <Outlet />
      </main>
      <SiteFooter />
    </Document>
  );
}

export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <Document locale={data?.locale ?? "zh-CN"}>
      <SiteHeader user={data?.user ?? null} navigation={data?.navigation ?? []} />
      <main id="main" className="container">
        <GeneralErrorBoundary />
      </main>
      <SiteFooter />
    </Document>
  );
}
