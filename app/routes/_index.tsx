import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { getUser } from "~/modules/auth/auth.server";
import { listDistricts, portalCounts } from "~/modules/regions/regions.server";
import { formatNumber, useLocale, useT } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const [counts, districts, user] = await Promise.all([portalCounts(db), listDistricts(db), getUser(request)]);
  return json({ counts, districts, signedIn: Boolean(user) });
}

const CYCLE = ["need", "tender", "bid", "evaluate", "award", "contract", "outcome"] as const;

export default function Home() {
  const { counts, districts, signedIn } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const stats = [
    { label: t("home.stat.districts"), value: counts.districts },
    { label: t("home.stat.communities"), value: counts.communities },
    { label: t("home.stat.organizations"), value: counts.verifiedOrganizations },
    { label: t("home.stat.pending"), value: counts.pendingOrganizations },
  ];
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{t("home.heroTitle")}</h1>
        <p className="lead">{t("home.heroBody")}</p>
        <div className="actions">
          {signedIn ? (
            <Link to="/workspace" className="button button-primary">
              {t("nav.workspace")}
            </Link>
          ) : (
            <>
              <Link to="/login" className="button button-primary">
                {t("home.ctaSignIn")}
              </Link>
              <Link to="/register" className="button button-secondary">
                {t("home.ctaRegister")}
              </Link>
            </>
          )}
          <Link to="/organizations" className="button button-secondary">
            {t("home.ctaOrganizations")}
          </Link>
        </div>
      </section>

      <section aria-labelledby="stats-title">
        <h2 id="stats-title">{t("home.statsTitle")}</h2>
        <div className="grid grid-4">
          {stats.map((s) => (
            <div className="stat" key={s.label}>
              <span className="stat-value">{formatNumber(locale, s.value)}</span>
              <span className="stat-label">{s.label}</span>
            </div>
          ))}
        </div>
      </section>

      <section aria-labelledby="cycle-title">
        <h2 id="cycle-title">{t("home.cycleTitle")}</h2>
        <ol className="cycle">
          {CYCLE.map((step) => (
            <li key={step}>{t(`home.cycle.${step}`)}</li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="districts-title">
        <h2 id="districts-title">{t("home.districtsTitle")}</h2>
        <div className="grid grid-2">
          {districts.map((d) => (
            <div className="card" key={d.id}>
              <h3>{locale === "en" ? d.nameEn : d.nameZh}</h3>
              <p className="muted">{locale === "en" ? d.bureauNameEn : d.bureauNameZh}</p>
              <p>
                {t("home.district.communities", { count: d.communities })} · {t("home.district.organizations", { count: d.organizations })}
              </p>
            </div>
          ))}
        </div>
      </section>
    </>
  );
}
