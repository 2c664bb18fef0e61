import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import type { NavItem, Role } from "~/modules/auth/permissions";
import { useLocale, useT } from "~/utils/i18n";

interface HeaderUser {
  displayName: string;
  username: string;
  roles: Role[];
  unread?: number;
}

export function SiteHeader({ user, navigation }: { user: HeaderUser | null; navigation: NavItem[] }) {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <div className="container header-row">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            三社
          </span>
          <span className="brand-name">{t("app.name")}</span>
        </Link>
        <nav aria-label={t("nav.main")} className="main-nav">
          <NavLink to="/" end>
            {t("nav.home")}
          </NavLink>
          <NavLink to="/tenders">{t("nav.tenders")}</NavLink>
          <NavLink to="/projects">{t("nav.projects")}</NavLink>
          <NavLink to="/organizations">{t("nav.organizations")}</NavLink>
          <NavLink to="/statistics">{t("nav.statistics")}</NavLink>
          {user ? null : <NavLink to="/register">{t("nav.register")}</NavLink>}
        </nav>
        <div className="header-tools">
          <Form method="post" action="/lang" className="inline-form">
            <input type="hidden" name="lang" value={locale === "zh-CN" ? "en" : "zh-CN"} />
            <input type="hidden" name="redirectTo" value={here} />
            <button type="submit" className="link-button" lang={locale === "zh-CN" ? "en" : "zh-CN"} aria-label={`${t("lang.label")}: ${t("lang.switch")}`}>
              {t("lang.switch")}
            </button>
          </Form>
          {user ? (
            <>
              <Link to="/notifications" className="header-bell" aria-label={t("notifications.bell", { count: user.unread ?? 0 })}>
                {t("notifications.short")}
                {user.unread ? <span className="count">{user.unread}</span> : null}
              </Link>
              <Link to="/account" className="user-chip" title={user.username}>
                {user.displayName}
              </Link>
              <Form method="post" action="/logout" className="inline-form">
                <button type="submit" className="link-button">
                  {t("nav.signOut")}
                </button>
              </Form>
            </>
          ) : (
            <Link to="/login" className="button button-small">
              {t("nav.signIn")}
            </Link>
          )}
        </div>
      </div>
      {navigation.length > 0 ? (
        <nav aria-label={t("nav.workspaceNav")} className="workspace-nav">
          <div className="container">
            {navigation.map((item) => (
              <NavLink key={item.to} to={item.to} end>
                {t(item.label)}
              </NavLink>
            ))}
          </div>
        </nav>
      ) : null}
    </header>
  );
}

export function SiteFooter() {
  const t = useT();
  return (
    <footer className="site-footer">
      <div className="container">
        {t("app.footer")}
        <nav aria-label={t("footer.links")} className="footer-links">
          <Link to="/statistics">{t("nav.statistics")}</Link>
          <Link to="/open-data">{t("nav.openData")}</Link>
        </nav>
      </div>
    </footer>
  );
}

export function PageHeader({ title, intro, children }: { title: string; intro?: string; children?: React.ReactNode }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {intro ? <p className="lead">{intro}</p> : null}
      {children}
    </div>
  );
}

export function Flash({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div className="alert alert-success" role="status">
      {message}
    </div>
  );
}
