/**
 * The tables of the statistics page, defined once: the page shows them beside the charts and
 * the CSV downloads write the same rows, so the two never disagree. Cells keep their raw value
 * (fen, counts, ratios, days); the page formats them for reading, the CSV for spreadsheets.
 */
import type { Locale, Translate } from "~/i18n";
import { fenToYuanString, formatFen } from "~/modules/budgets/money";
import type { Statistics } from "./stats.server";
import { ZHENGZHOU_BASELINE } from "./stats-rules";
import { GRADE_CODES } from "~/modules/outcomes/composite";

export const STAT_TABLES = ["budget", "contracts", "categories", "districts", "bids", "competition", "gap", "concentration", "timing", "outcomes", "surveys"] as const;
export type StatTableName = (typeof STAT_TABLES)[number];

export function isStatTable(name: string): name is StatTableName {
  return (STAT_TABLES as readonly string[]).includes(name);
}

export type Cell =
  | { type: "text"; text: string }
  | { type: "fen"; fen: number }
  | { type: "count"; n: number }
  | { type: "decimal"; value: number | null }
  | { type: "share"; value: number | null }
  | { type: "days"; value: number | null; available: boolean };

export interface TableColumn {
  label: string;
  /** Unit for the CSV header ("元", "%", "天"), where the page shows it in the value itself. */
  unit?: string;
  numeric: boolean;
}

export interface TableView {
  name: StatTableName;
  caption: string;
  columns: TableColumn[];
  rows: Cell[][];
}

const text = (value: string): Cell => ({ type: "text", text: value });
const money = (fen: number): Cell => ({ type: "fen", fen });
const count = (n: number): Cell => ({ type: "count", n });
const share = (value: number | null): Cell => ({ type: "share", value });
const decimal = (value: number | null): Cell => ({ type: "decimal", value });

export function statTable(name: StatTableName, stats: Statistics, t: Translate, locale: Locale): TableView {
  const col = (key: string, unit?: "yuan" | "percent" | "days"): TableColumn => ({ label: t(key), unit: unit ? t(`stats.unit.${unit}`) : undefined, numeric: true });
  const label = (key: string): TableColumn => ({ label: t(key), numeric: false });
  const districtName = (d: { nameZh: string; nameEn: string }) => (locale === "en" ? d.nameEn : d.nameZh);
  const categoryName = (c: string) => (c === "all" ? t("stats.allCategories") : t(`category.${c}`));
  const methodName = (m: string) => (m === "all" ? t("stats.allMethods") : t(`tenders.method.${m}`));
  const caption = t(`stats.table.${name}`);
  switch (name) {
    case "budget":
      return {
        name,
        caption,
        columns: [label("stats.col.fundSource"), col("stats.col.lines"), col("stats.col.amount", "yuan"), col("stats.col.reserved", "yuan"), col("stats.col.committed", "yuan"), col("stats.col.paid", "yuan"), col("stats.col.available", "yuan")],
        rows: stats.budget.map((b) => [text(t(`fundSource.${b.fundSource}`)), count(b.lines), money(b.amount), money(b.reserved), money(b.committed), money(b.paid), money(b.amount - b.reserved - b.committed - b.paid)]),
      };
    case "contracts":
      return {
        name,
        caption,
        columns: [
          label("stats.col.district"),
          col("stats.col.contracts"),
          col("stats.col.contracted", "yuan"),
          col("stats.col.paid", "yuan"),
          col("stats.col.donations"),
          col("stats.col.donated", "yuan"),
        ],
        rows: stats.contractMoney.map((c) => [text(districtName(c)), count(c.contracts), money(c.contracted), money(c.paid), count(c.donations), money(c.donated)]),
      };
    case "outcomes":
      return {
        name,
        caption,
        columns: [
          label("stats.col.category"),
          col("stats.col.graded"),
          ...GRADE_CODES.map((g) => col(`outcomes.grade.${g}`)),
          col("stats.col.averageComposite"),
          col("stats.col.averageSatisfaction"),
        ],
        rows: stats.outcomes.map((o) => [
          text(categoryName(o.category)),
          count(o.graded),
          ...GRADE_CODES.map((g) => count(o.grades[g])),
          decimal(o.averageComposite),
          decimal(o.averageSatisfaction),
        ]),
      };
    case "surveys":
      return {
        name,
        caption,
        columns: [
          label("stats.col.category"),
          col("stats.col.surveyedProjects"),
          col("stats.col.tokens"),
          col("stats.col.responses"),
          col("stats.col.responseRate", "percent"),
          col("stats.col.lowConfidenceProjects"),
          label("stats.col.confidence"),
        ],
        rows: stats.surveys.map((r) => [
          text(categoryName(r.category)),
          count(r.projects),
          count(r.tokens),
          count(r.responses),
          share(r.responseRate),
          count(r.lowConfidenceProjects),
          text(t(r.lowConfidence ? "stats.confidence.low" : "stats.confidence.enough")),
        ]),
      };
    case "categories":
    case "districts": {
      const rows =
        name === "categories"
          ? stats.categories.map((c) => ({ name: t(`category.${c.category}`), ...c }))
          : stats.districts.map((d) => ({ name: districtName(d), ...d }));
      return {
        name,
        caption,
        columns: [
          label(name === "categories" ? "stats.col.category" : "stats.col.district"),
          col("stats.col.tenders"),
          col("stats.col.ceiling", "yuan"),
          col("stats.col.awardedTenders"),
          col("stats.col.awarded", "yuan"),
        ],
        rows: rows.map((r) => [text(r.name), count(r.tenders), money(r.ceiling), count(r.awardedTenders), money(r.awarded)]),
      };
    }
    case "bids":
      return {
        name,
        caption,
        columns: [label("stats.col.method"), col("stats.col.opened"), col("stats.col.bids"), col("stats.col.validBids"), col("stats.col.averageBids"), col("stats.col.averageValidBids")],
        rows: stats.competition.map((r) => [text(methodName(r.method)), count(r.opened), count(r.bids), count(r.validBids), decimal(r.averageBids), decimal(r.averageValidBids)]),
      };
    case "competition":
      return {
        name,
        caption,
        columns: [label("stats.col.method"), col("stats.col.opened"), col("stats.col.singleValidBid"), col("stats.col.unsuccessful"), col("stats.col.singleOrUnsuccessful"), col("stats.col.share", "percent")],
        rows: stats.competition.map((r) => [text(methodName(r.method)), count(r.opened), count(r.singleValidBid), count(r.unsuccessful), count(r.singleOrUnsuccessful), share(r.singleOrUnsuccessfulShare)]),
      };
    case "gap":
      return {
        name,
        caption,
        columns: [label("stats.col.year"), col("stats.col.verified"), col("stats.col.winners"), col("stats.col.winnerShare", "percent"), col("stats.col.baseline", "percent")],
        rows: stats.gap.map((g) => [text(String(g.year)), count(g.verified), count(g.winners), share(g.share), share(ZHENGZHOU_BASELINE.share)]),
      };
    case "concentration":
      return {
        name,
        caption,
        columns: [
          label("stats.col.district"),
          col("stats.col.awarded", "yuan"),
          col("stats.col.winningOrganizations"),
          col("stats.col.topThree", "yuan"),
          col("stats.col.topThreeShare", "percent"),
          label("stats.col.leader"),
          col("stats.col.leaderShare", "percent"),
        ],
        rows: stats.concentration.map((c) => [
          text(districtName(c)),
          money(c.total),
          count(c.winners),
          money(c.topThree),
          share(c.topThreeShare),
          text(c.leader?.name ?? ""),
          share(c.leader?.share ?? null),
        ]),
      };
    case "timing":
      return {
        name,
        caption,
        columns: [label("stats.col.stage"), col("stats.col.needsMeasured"), col("stats.col.medianDays", "days")],
        rows: stats.timing.map((r) => [text(t(`stats.stage.${r.stage}`)), r.available ? count(r.needs) : text(t("stats.notYetAvailable")), { type: "days", value: r.medianDays, available: r.available }]),
      };
  }
}

/** A cell as the page shows it: ¥1,234.56, 12.5%, 2.33, 12.5 天; "—" for nothing to show. */
export function displayCell(cell: Cell, t: Translate, locale: Locale): string {
  switch (cell.type) {
    case "text":
      return cell.text;
    case "fen":
      return formatFen(cell.fen);
    case "count":
      return cell.n.toLocaleString(locale);
    case "decimal":
      return cell.value === null ? "—" : cell.value.toFixed(2);
    case "share":
      return cell.value === null ? "—" : `${(Math.round(cell.value * 1000) / 10).toFixed(1)}%`;
    case "days":
      if (!cell.available) return t("stats.notYetAvailable");
      return cell.value === null ? "—" : t("stats.days", { days: cell.value.toFixed(1) });
  }
}

/** A cell for the CSV: amounts in yuan with 2 decimals, shares in percent, empty for nothing. */
export function csvCell(cell: Cell, t: Translate): string {
  switch (cell.type) {
    case "text":
      return cell.text;
    case "fen":
      return fenToYuanString(cell.fen);
    case "count":
      return String(cell.n);
    case "decimal":
      return cell.value === null ? "" : cell.value.toFixed(2);
    case "share":
      return cell.value === null ? "" : (Math.round(cell.value * 1000) / 10).toFixed(1);
    case "days":
      if (!cell.available) return t("stats.notYetAvailable");
      return cell.value === null ? "" : cell.value.toFixed(1);
  }
}

export function csvHeader(column: TableColumn): string {
  return column.unit ? `${column.label} (${column.unit})` : column.label;
}
