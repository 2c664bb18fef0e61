import type { Locale, Translate } from "~/i18n";
import { displayCell, type TableView } from "~/modules/stats/stat-tables";

/**
 * The numbers beside a chart: a captioned table and the link to the same table as CSV. On a
 * phone the table scrolls sideways with its first column held in place, which keeps a table of
 * figures comparable (cards would stretch it to several screens).
 */
export function StatTable({ view, csvHref, t, locale }: { view: TableView; csvHref: string; t: Translate; locale: Locale }) {
  return (
    <div className="stat-table">
      <div className="table-wrap">
        <table>
          <caption>{view.caption}</caption>
          <thead>
            <tr>
              {view.columns.map((c) => (
                <th key={c.label} scope="col" className={c.numeric ? "num" : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, i) => {
                  const column = view.columns[i];
                  const content = displayCell(cell, t, locale);
                  return i === 0 ? (
                    <th key={i} scope="row">
                      {content}
                    </th>
                  ) : (
                    <td key={i} className={column.numeric ? "num" : undefined}>
                      {content}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <a className="stat-download" href={csvHref} download aria-label={t("stats.downloadCsvOf", { table: view.caption })}>
        <span aria-hidden="true">⬇</span> {t("stats.downloadCsv")}
      </a>
    </div>
  );
}
