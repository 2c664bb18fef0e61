import { scaleLinear } from "d3-scale";
import { useId } from "react";

/**
 * Horizontal bars drawn as SVG on the server (visible without JavaScript). Each bar's label sits
 * above it so that long Chinese names never squeeze the bars on a 360px screen; the exact
 * numbers are in the table beside the chart, the chart itself is one image with a title and a
 * description for screen readers.
 */
export type Tone = "blue" | "green" | "amber" | "red" | "pale" | "empty";

export interface ChartSeries {
  key: string;
  label: string;
  tone: Tone;
}

export interface BarRow {
  key: string;
  label: string;
  /** One value per series. */
  values: number[];
  /** The figure written at the end of the bar. */
  valueLabel: string;
}

const WIDTH = 360;
const LABEL_HEIGHT = 20;
const BAR_HEIGHT = 18;
const ROW_GAP = 12;
const AXIS_HEIGHT = 22;
const VALUE_SPACE = 78;

export function ChartLegend({ series }: { series: ChartSeries[] }) {
  if (series.length < 2) return null;
  return (
    <ul className="chart-legend">
      {series.map((s) => (
        <li key={s.key}>
          <span className={`swatch tone-${s.tone}`} aria-hidden="true" />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

export function BarChart({
  title,
  description,
  series,
  rows,
  mode = "stack",
  domainMax,
  tickFormat,
}: {
  title: string;
  description: string;
  series: ChartSeries[];
  rows: BarRow[];
  /** stack: segments one after another; overlay: every series from zero, drawn back to front. */
  mode?: "stack" | "overlay";
  /** A fixed end of the scale (1 for shares); otherwise the largest bar, rounded up. */
  domainMax?: number;
  tickFormat: (value: number) => string;
}) {
  const id = useId();
  const totals = rows.map((r) => (mode === "stack" ? r.values.reduce((a, b) => a + b, 0) : Math.max(0, ...r.values)));
  const max = domainMax ?? Math.max(0, ...totals);
  const x = scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .range([0, WIDTH - VALUE_SPACE]);
  if (domainMax === undefined) x.nice(4);
  const ticks = x.ticks(4);
  const rowHeight = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP;
  const height = rows.length * rowHeight + AXIS_HEIGHT;
  const axisY = rows.length * rowHeight;
  return (
    <figure className="chart">
      <ChartLegend series={series} />
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart-svg">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {ticks.map((tick) => (
          <g key={tick} transform={`translate(${x(tick)},0)`}>
            <line y1={0} y2={axisY} className="chart-grid" />
            <text y={axisY + 16} textAnchor={tick === 0 ? "start" : "middle"} className="chart-tick">
              {tickFormat(tick)}
            </text>
          </g>
        ))}
        {rows.map((row, i) => {
          const top = i * rowHeight;
          const barY = top + LABEL_HEIGHT;
          let start = 0;
          const order = mode === "stack" ? row.values.map((_, s) => s) : row.values.map((_, s) => s).sort((a, b) => row.values[b] - row.values[a]);
          return (
            <g key={row.key}>
              <text x={0} y={top + 15} className="chart-label">
                {row.label}
              </text>
              <rect x={0} y={barY} width={WIDTH - VALUE_SPACE} height={BAR_HEIGHT} className="chart-track" />
              {order.map((s) => {
                const value = Math.max(0, row.values[s]);
                const from = mode === "stack" ? start : 0;
                if (mode === "stack") start += value;
                const w = x(from + value) - x(from);
                return w > 0 ? <rect key={series[s].key} x={x(from)} y={barY} width={Math.max(w, 1.5)} height={BAR_HEIGHT} className={`tone-${series[s].tone}`} /> : null;
              })}
              <text x={Math.min(x(totals[i]), WIDTH - VALUE_SPACE) + 6} y={barY + 14} className="chart-value">
                {row.valueLabel}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
