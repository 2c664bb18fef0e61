import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { BarChart, type BarRow, type ChartSeries } from "~/components/charts/bar-chart";
import chartStyles from "~/components/charts/charts.css";
import { ColumnChart } from "~/components/charts/column-chart";
import { compactYuan, percent } from "~/components/charts/format";
import { StatTable } from "~/components/charts/stat-table";
import { FilterForm, FilterSelect } from "~/components/filters";
import { PageHeader } from "~/components/layout";
import { translator, type Locale, type Translate } from "~/i18n";
import { listDistrictNames } from "~/modules/regions/regions.server";
import { parseStatsFilter, statsQuery, type StatsFilter } from "~/modules/stats/stats-filter";
import { ZHENGZHOU_BASELINE } from "~/modules/stats/stats-rules";
import { displayCell, statTable, type StatTableName, type TableView } from "~/modules/stats/stat-tables";
import { GRADE_CODES } from "~/modules/outcomes/composite";
import { cachedStatistics } from "~/modules/stats/stats-cache.server";
import { publicDataVersion } from "~/modules/stats/data-version.server";
import { OTHER_DISTRICTS_ID, SHOWN_DISTRICTS, statisticsForPage } from "~/modules/stats/stats-display";
import type { Statistics } from "~/modules/stats/stats.server";
import { db } from "~/utils/db.server";
import { formatNumber, useLocale, useT } from "~/utils/i18n";
import { formatFen } from "~/modules/budgets/money";
import type { PureRenderHandle } from "~/utils/pure-render";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: chartStyles }];

// The charts and tables are drawn from the loader's figures alone: rendered once per state of the data.
export const handle: PureRenderHandle = { pureRender: true };

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches[0]?.data as { locale?: Locale } | undefined)?.locale ?? "zh-CN";
  const t = translator(locale);
  return [{ title: `${t("stats.title")} · ${t("app.name")}` }, { name: "description", content: t("stats.metaDescription") }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const version = await publicDataVersion(db);
  const districts = await listDistrictNames(db, version);
  const filter = parseStatsFilter(
    new URL(request.url).searchParams,
    districts.map((d) => d.id),
  );
  const { stats, years } = await cachedStatistics(db, filter, new Date(), version);
  return json({ filter, stats: statisticsForPage(stats), years, districts: districts.map((d) => ({ id: d.id, nameZh: d.nameZh, nameEn: d.nameEn })) });
}

function Section({ id, title, intro, children }: { id: string; title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <section className="stat-section" aria-labelledby={`h-${id}`}>
      <h2 id={`h-${id}`}>{title}</h2>
      {intro ? <p className="lead">{intro}</p> : null}
      {children}
    </section>
  );
}

/** Rough width of a text in em: CJK characters are square, Latin letters and digits about half as wide. */
const textWidth = (text: string) => [...text].reduce((w, ch) => w + (/[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 1 : 0.58), 0);

/** Whether a table fits in the column beside its chart (about 40em of table text on a desktop), or goes below it. */
function fitsBeside(view: TableView, t: Translate, locale: Locale) {
  const widths = view.columns.map((c, i) => Math.max(textWidth(c.label), ...view.rows.map((r) => textWidth(displayCell(r[i], t, locale)))) + 1.7);
  return widths.reduce((a, b) => a + b, 0) <= 40;
}

/** A chart (or "no data yet") with its table and CSV link beside it, or below it when the table is wide. */
function Figure({ name, chart, hasData, stats, filter, heading }: { name: StatTableName; chart: ReactNode; hasData: boolean; stats: Statistics; filter: StatsFilter; heading?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const view = statTable(name, stats, t, locale);
  return (
    <>
      {heading ? <h3 className="stat-heading">{view.caption}</h3> : null}
      <div className={fitsBeside(view, t, locale) ? "stat-body" : "stat-body stacked"}>
        {hasData ? chart : <p className="stat-empty">{t("stats.noData")}</p>}
        <StatTable view={view} csvHref={`/statistics/${name}.csv${statsQuery(filter)}`} t={t} locale={locale} />
      </div>
    </>
  );
}

const moneySeries = (t: Translate): ChartSeries[] => [
  { key: "ceiling", label: t("stats.series.ceiling"), tone: "pale" },
  { key: "awarded", label: t("stats.series.awarded"), tone: "blue" },
];

function moneyRows(rows: { key: string; label: string; tenders: number; ceiling: number; awarded: number }[], t: Translate, locale: Locale): BarRow[] {
  return rows
    .filter((r) => r.tenders > 0)
    .map((r) => ({ key: r.key, label: r.label, values: [r.ceiling, r.awarded], valueLabel: t("stats.chart.projects", { count: r.tenders, amount: compactYuan(r.ceiling, locale) }) }));
}

export default function StatisticsPage() {
  const { filter, stats: data, years, districts } = useLoaderData<typeof loader>();
  const stats = data as Statistics & { hiddenDistricts: number };
  const t = useT();
  const foldedNote = stats.hiddenDistricts ? <p className="muted">{t("stats.districtsFolded", { shown: SHOWN_DISTRICTS, hidden: stats.hiddenDistricts })}</p> : null;
  const locale = useLocale();
  const yuanTick = (fen: number) => compactYuan(fen, locale);
  const districtName = (d: { nameZh: string; nameEn: string }) => (locale === "en" ? d.nameEn : d.nameZh);
  const district = districts.find((d) => d.id === filter.districtId);
  const baseline = percent(ZHENGZHOU_BASELINE.share);

  const all = stats.competition.find((r) => r.method === "all");
  const tendersPublished = stats.districts.reduce((sum, d) => sum + d.tenders, 0);
  const awarded = stats.districts.reduce((sum, d) => sum + d.awarded, 0);
  const awardedTenders = stats.districts.reduce((sum, d) => sum + d.awardedTenders, 0);
  const latestGap = stats.gap[stats.gap.length - 1];
  const contracted = stats.contractMoney.reduce((sum, d) => sum + d.contracted, 0);
  const paid = stats.contractMoney.reduce((sum, d) => sum + d.paid, 0);
  const donated = stats.contractMoney.reduce((sum, d) => sum + d.donated, 0);
  const donationCount = stats.contractMoney.reduce((sum, d) => sum + d.donations, 0);
  const contractRows = stats.contractMoney.filter((d) => d.contracts > 0 || d.paid > 0 || d.donated > 0);
  // The row of the districts not named is in the tables, not the charts: its sum would dwarf every bar.
  const named = (d: { districtId: string }) => d.districtId !== OTHER_DISTRICTS_ID;
  const outcomeRows = stats.outcomes.filter((o) => o.category !== "all");
  const surveyRows = stats.surveys.filter((r) => r.category !== "all");
  const gradeTones = { excellent: "green", good: "blue", pass: "amber", fail: "red" } as const;

  const budgetRows: BarRow[] = stats.budget
    .filter((b) => b.amount > 0)
    .map((b) => ({
      key: b.fundSource,
      label: t(`fundSource.${b.fundSource}`),
      values: [b.paid, b.committed, b.reserved, b.amount - b.paid - b.committed - b.reserved],
      valueLabel: compactYuan(b.amount, locale),
    }));
  const methodLabel = (m: string) => (m === "all" ? t("stats.allMethods") : t(`tenders.method.${m}`));
  const opened = stats.competition.filter((r) => r.opened > 0);
  const concentrationRows = stats.concentration.filter((c) => c.total > 0);
  const timingRows = stats.timing.filter((r) => r.available && r.medianDays !== null);

  return (
    <>
      <PageHeader title={t("stats.title")} intro={t("stats.intro")} />
      <FilterForm
        submitLabel={t("stats.filter.submit")}
        aria-label={t("stats.filter.submit")}
        after={
          filter.districtId || filter.year ? (
            <Link to="/statistics" className="button button-secondary">
              {t("stats.filter.clear")}
            </Link>
          ) : null
        }
      >
        <FilterSelect
          id="f-district"
          name="district"
          label={t("stats.filter.district")}
          allLabel={t("stats.filter.allDistricts")}
          defaultValue={filter.districtId}
          options={districts.map((d) => ({ value: d.id, label: districtName(d) }))}
        />
        <FilterSelect
          id="f-year"
          name="year"
          label={t("stats.filter.year")}
          allLabel={t("stats.filter.allYears")}
          defaultValue={filter.year ? String(filter.year) : ""}
          options={years.map((y) => ({ value: String(y), label: t("stats.yearLabel", { year: y }) }))}
        />
      </FilterForm>
      <p className="muted">
        {t("stats.scope", {
          district: district ? districtName(district) : t("stats.filter.allDistricts"),
          year: filter.year ? t("stats.yearLabel", { year: filter.year }) : t("stats.filter.allYears"),
        })}
      </p>

      <section className="stats-summary" aria-labelledby="h-summary">
        <h2 id="h-summary" className="visually-hidden">
          {t("stats.summary.title")}
        </h2>
        <div className="grid grid-4">
          <div className="stat">
            <span className="stat-value">{formatNumber(locale, tendersPublished)}</span>
            <span className="stat-label">{t("stats.summary.tenders")}</span>
          </div>
          <div className="stat">
            <span className="stat-value small">{compactYuan(awarded, locale)}</span>
            <span className="stat-label">{t("stats.summary.awarded")}</span>
            <span className="stat-note">
              {formatFen(awarded)} · {t("stats.summary.awardedNote", { count: awardedTenders })}
            </span>
          </div>
          <div className="stat">
            <span className="stat-value small">{compactYuan(paid, locale)}</span>
            <span className="stat-label">{t("stats.summary.paid")}</span>
            <span className="stat-note">{t("stats.summary.paidNote", { amount: formatFen(contracted) })}</span>
          </div>
          <div className="stat">
            <span className="stat-value small">{compactYuan(donated, locale)}</span>
            <span className="stat-label">{t("stats.summary.donated")}</span>
            <span className="stat-note">
              {formatFen(donated)} · {t("stats.summary.donatedNote", { count: donationCount })}
            </span>
          </div>
          <div className="stat">
            <span className="stat-value">{all?.averageBids === null || !all ? "—" : all.averageBids.toFixed(2)}</span>
            <span className="stat-label">{t("stats.summary.averageBids")}</span>
            <span className="stat-note">{t("stats.summary.averageBidsNote", { count: all?.opened ?? 0 })}</span>
          </div>
          <div className="stat">
            <span className="stat-value">{latestGap?.share === null || !latestGap ? "—" : percent(latestGap.share)}</span>
            <span className="stat-label">{t("stats.summary.winnerShare")}</span>
            <span className="stat-note">{t("stats.summary.winnerShareNote", { baseline })}</span>
          </div>
        </div>
      </section>

      <Section id="money" title={t("stats.section.money")} intro={t("stats.section.moneyIntro")}>
        <Figure
          name="budget"
          stats={stats}
          filter={filter}
          hasData={budgetRows.length > 0}
          chart={
            <BarChart
              title={t("stats.chart.budget")}
              description={t("stats.chart.budgetDesc")}
              series={[
                { key: "paid", label: t("stats.series.paid"), tone: "green" },
                { key: "committed", label: t("stats.series.committed"), tone: "blue" },
                { key: "reserved", label: t("stats.series.reserved"), tone: "amber" },
                { key: "available", label: t("stats.series.available"), tone: "empty" },
              ]}
              rows={budgetRows}
              tickFormat={yuanTick}
            />
          }
        />
      </Section>

      <Section id="contracts" title={t("stats.section.contracts")} intro={t("stats.section.contractsIntro")}>
        {foldedNote}
        <Figure
          name="contracts"
          stats={stats}
          filter={filter}
          hasData={contractRows.length > 0}
          chart={
            <BarChart
              title={t("stats.chart.contracts")}
              description={t("stats.chart.contractsDesc")}
              series={[
                { key: "contracted", label: t("stats.series.contracted"), tone: "pale" },
                { key: "paid", label: t("stats.series.paid"), tone: "green" },
              ]}
              mode="overlay"
              rows={contractRows.filter(named).map((d) => ({
                key: d.districtId,
                label: districtName(d),
                values: [d.contracted, d.paid],
                valueLabel: t("stats.chart.contractsLabel", { count: d.contracts, donated: compactYuan(d.donated, locale) }),
              }))}
              tickFormat={yuanTick}
            />
          }
        />
      </Section>

      <Section id="categories" title={t("stats.section.categories")} intro={t("stats.section.categoriesIntro")}>
        <Figure
          name="categories"
          stats={stats}
          filter={filter}
          hasData={stats.categories.length > 0}
          chart={
            <BarChart
              title={t("stats.chart.categories")}
              description={t("stats.chart.moneyDesc")}
              series={moneySeries(t)}
              mode="overlay"
              rows={moneyRows(
                stats.categories.map((c) => ({ ...c, key: c.category, label: t(`category.${c.category}`) })),
                t,
                locale,
              )}
              tickFormat={yuanTick}
            />
          }
        />
      </Section>

      <Section id="districts" title={t("stats.section.districts")} intro={t("stats.section.districtsIntro")}>
        {foldedNote}
        <Figure
          name="districts"
          stats={stats}
          filter={filter}
          hasData={tendersPublished > 0}
          chart={
            <BarChart
              title={t("stats.chart.districts")}
              description={t("stats.chart.moneyDesc")}
              series={moneySeries(t)}
              mode="overlay"
              rows={moneyRows(
                stats.districts.filter(named).map((d) => ({ ...d, key: d.districtId, label: districtName(d) })),
                t,
                locale,
              )}
              tickFormat={yuanTick}
            />
          }
        />
      </Section>

      <Section id="competition" title={t("stats.section.competition")} intro={t("stats.section.competitionIntro")}>
        <Figure
          name="bids"
          heading
          stats={stats}
          filter={filter}
          hasData={opened.length > 0}
          chart={
            <BarChart
              title={t("stats.chart.bids")}
              description={t("stats.chart.bidsDesc")}
              series={[
                { key: "bids", label: t("stats.series.bids"), tone: "pale" },
                { key: "valid", label: t("stats.series.validBids"), tone: "blue" },
              ]}
              mode="overlay"
              rows={opened.map((r) => ({
                key: r.method,
                label: methodLabel(r.method),
                values: [r.averageBids ?? 0, r.averageValidBids ?? 0],
                valueLabel: `${(r.averageBids ?? 0).toFixed(2)} / ${(r.averageValidBids ?? 0).toFixed(2)}`,
              }))}
              tickFormat={(v) => String(v)}
            />
          }
        />
        <Figure
          name="competition"
          heading
          stats={stats}
          filter={filter}
          hasData={opened.length > 0}
          chart={
            <BarChart
              title={t("stats.chart.competition")}
              description={t("stats.chart.competitionDesc")}
              series={[{ key: "share", label: t("stats.col.singleOrUnsuccessful"), tone: "red" }]}
              rows={opened.map((r) => ({
                key: r.method,
                label: methodLabel(r.method),
                values: [r.singleOrUnsuccessfulShare ?? 0],
                valueLabel: percent(r.singleOrUnsuccessfulShare ?? 0),
              }))}
              domainMax={1}
              tickFormat={(v) => percent(v, 0)}
            />
          }
        />
      </Section>

      <Section
        id="gap"
        title={t("stats.section.gap")}
        intro={
          <>
            {t("stats.section.gapIntro", { surveyed: ZHENGZHOU_BASELINE.surveyed, baseline })}
            {filter.districtId ? ` ${t("stats.section.gapDistrict")}` : null}
          </>
        }
      >
        <Figure
          name="gap"
          stats={stats}
          filter={filter}
          hasData={stats.gap.some((g) => g.verified > 0)}
          chart={
            <ColumnChart
              title={t("stats.chart.gap")}
              description={t("stats.chart.gapDesc")}
              columns={stats.gap.map((g) => ({ key: String(g.year), label: String(g.year), value: g.share, valueLabel: g.share === null ? "—" : percent(g.share) }))}
              reference={{ value: ZHENGZHOU_BASELINE.share, label: t("stats.chart.baseline", { baseline }) }}
              tickFormat={(v) => percent(v, 0)}
            />
          }
        />
      </Section>

      <Section id="concentration" title={t("stats.section.concentration")} intro={t("stats.section.concentrationIntro")}>
        {foldedNote}
        <Figure
          name="concentration"
          stats={stats}
          filter={filter}
          hasData={concentrationRows.length > 0}
          chart={
            <BarChart
              title={t("stats.chart.concentration")}
              description={t("stats.chart.concentrationDesc")}
              series={[{ key: "topThree", label: t("stats.col.topThreeShare"), tone: "blue" }]}
              rows={concentrationRows.map((c) => ({
                key: c.districtId,
                label: districtName(c),
                values: [c.topThreeShare ?? 0],
                valueLabel: percent(c.topThreeShare ?? 0),
              }))}
              domainMax={1}
              tickFormat={(v) => percent(v, 0)}
            />
          }
        />
      </Section>

      <Section id="timing" title={t("stats.section.timing")} intro={t("stats.section.timingIntro")}>
        <Figure
          name="timing"
          stats={stats}
          filter={filter}
          hasData={timingRows.length > 0}
          chart={
            <BarChart
              title={t("stats.chart.timing")}
              description={t("stats.chart.timingDesc")}
              series={[{ key: "days", label: t("stats.col.medianDays"), tone: "green" }]}
              rows={timingRows.map((r) => ({
                key: r.stage,
                label: t(`stats.stage.${r.stage}`),
                values: [r.medianDays ?? 0],
                valueLabel: t("stats.days", { days: (r.medianDays ?? 0).toFixed(1) }),
              }))}
              tickFormat={(v) => String(v)}
            />
          }
        />
      </Section>

      <Section id="outcomes" title={t("stats.section.outcomes")} intro={t("stats.section.outcomesIntro")}>
        <Figure
          name="outcomes"
          stats={stats}
          filter={filter}
          hasData={outcomeRows.length > 0}
          chart={
            <BarChart
              title={t("stats.chart.outcomes")}
              description={t("stats.chart.outcomesDesc")}
              series={GRADE_CODES.map((g) => ({ key: g, label: t(`outcomes.grade.${g}`), tone: gradeTones[g] }))}
              rows={outcomeRows.map((o) => ({
                key: o.category,
                label: t(`category.${o.category}`),
                values: GRADE_CODES.map((g) => o.grades[g]),
                valueLabel: t("stats.chart.outcomesLabel", { score: o.averageComposite === null ? "—" : o.averageComposite.toFixed(2) }),
              }))}
              tickFormat={(v) => String(v)}
            />
          }
        />
      </Section>

      <Section id="surveys" title={t("stats.section.surveys")} intro={t("stats.section.surveysIntro")}>
        <Figure
          name="surveys"
          stats={stats}
          filter={filter}
          hasData={surveyRows.length > 0}
          chart={
            <BarChart
              title={t("stats.chart.surveys")}
              description={t("stats.chart.surveysDesc")}
              series={[{ key: "rate", label: t("stats.col.responseRate"), tone: "blue" }]}
              rows={surveyRows.map((r) => ({
                key: r.category,
                label: t(`category.${r.category}`),
                values: [r.responseRate ?? 0],
                valueLabel: r.lowConfidence ? t("stats.chart.lowConfidence", { rate: percent(r.responseRate ?? 0) }) : percent(r.responseRate ?? 0),
              }))}
              domainMax={1}
              tickFormat={(v) => percent(v, 0)}
            />
          }
        />
      </Section>
    </>
  );
}
