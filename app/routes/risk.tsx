import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { translator, type Locale } from "~/i18n";
import { requirePermission } from "~/modules/auth/auth.server";
import { formatFen } from "~/modules/budgets/money";
import { listRiskFlags, type RiskFlag } from "~/modules/risk/risk.server";
import { db } from "~/utils/db.server";
import { formatDate, useLocale, useT } from "~/utils/i18n";

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches[0]?.data as { locale?: Locale } | undefined)?.locale ?? "zh-CN";
  const t = translator(locale);
  return [{ title: `${t("risk.title")} · ${t("app.name")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "risk.read");
  return json(await listRiskFlags(db, user));
}

/** Amounts in a flag's figures are fen; the sentence shows them as money. */
const MONEY_VARS = new Set(["price", "mean", "amount", "total"]);

export default function RiskPage() {
  const { allBureaus, groups } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const detail = (flag: RiskFlag) =>
    t(`risk.detail.${flag.kind}`, Object.fromEntries(Object.entries(flag.vars).map(([k, v]) => [k, MONEY_VARS.has(k) ? formatFen(Number(v)) : v])));
  return (
    <>
      <PageHeader title={t("risk.title")} intro={t("risk.intro")}>
        <p className="muted">{t(allBureaus ? "risk.scopeAll" : "risk.scopeOwn")}</p>
      </PageHeader>
      <nav aria-label={t("risk.title")}>
        <ul className="tag-list">
          {groups.map((g) => (
            <li key={g.kind}>
              <a href={`#${g.kind}`} className={`badge${g.flags.length ? " badge-warn" : ""}`}>
                {t(`risk.kind.${g.kind}`)} · {t("risk.count", { count: g.flags.length })}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {groups.map((g) => (
        <section key={g.kind} aria-labelledby={g.kind}>
          <h2 id={g.kind}>
            {t(`risk.kind.${g.kind}`)} <span className="muted">({t("risk.count", { count: g.flags.length })})</span>
          </h2>
          <p className="muted">
            <strong>{t("risk.rule")}</strong>
            {t(`risk.rule.${g.kind}`)}
          </p>
          {g.flags.length === 0 ? (
            <p className="muted">{t("risk.none")}</p>
          ) : (
            <div className="table-wrap">
              <table className="responsive">
                <thead>
                  <tr>
                    <th scope="col">{t("risk.col.subject")}</th>
                    <th scope="col">{t("risk.col.district")}</th>
                    <th scope="col">{t("risk.col.detail")}</th>
                    <th scope="col">{t("risk.col.date")}</th>
                  </tr>
                </thead>
                <tbody>
                  {g.flags.map((flag) => (
                    <tr key={flag.key}>
                      <td data-label={t("risk.col.subject")}>
                        <Link to={flag.href}>{flag.subject}</Link>
                      </td>
                      <td data-label={t("risk.col.district")}>{locale === "en" ? flag.districtEn : flag.districtZh}</td>
                      <td data-label={t("risk.col.detail")}>{detail(flag)}</td>
                      <td data-label={t("risk.col.date")}>{formatDate(locale, flag.at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </>
  );
}
