import { scaleBand, scaleLinear } from "d3-scale";
import { useId } from "react";

/**
 * Vertical columns over a few periods (years), with an optional dashed reference line: the
 * Zhengzhou study's baseline next to the portal's own figure. SVG drawn on the server.
 */
export interface Column {
  key: string;
  label: string;
  /** Null: nothing to show for that period (no bar, a dash). */
  value: number | null;
  valueLabel: string;
}

const WIDTH = 360;
const HEIGHT = 220;
const LEFT = 44;
const TOP = 24;
const BOTTOM = 28;

export function ColumnChart({
  title,
  description,
  columns,
  domainMax,
  tickFormat,
  reference,
}: {
  title: string;
  description: string;
  columns: Column[];
  domainMax?: number;
  tickFormat: (value: number) => string;
  reference?: { value: number; label: string };
}) {
  const id = useId();
  const largest = Math.max(0, reference?.value ?? 0, ...columns.map((c) => c.value ?? 0));
  const y = scaleLinear()
    .domain([0, domainMax ?? (largest > 0 ? largest : 1)])
    .range([HEIGHT - BOTTOM, TOP]);
  if (domainMax === undefined) y.nice(4);
  const x = scaleBand()
    .domain(columns.map((c) => c.key))
    .range([LEFT, WIDTH - 4])
    .paddingInner(0.35)
    .paddingOuter(0.2);
  const barWidth = Math.min(x.bandwidth(), 56);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart-svg">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {y.ticks(4).map((tick) => (
          <g key={tick} transform={`translate(0,${y(tick)})`}>
            <line x1={LEFT} x2={WIDTH} className="chart-grid" />
            <text x={LEFT - 6} y={4} textAnchor="end" className="chart-tick">
              {tickFormat(tick)}
            </text>
          </g>
        ))}
        {columns.map((c) => {
          const center = (x(c.key) ?? 0) + x.bandwidth() / 2;
          const top = c.value === null ? y(0) : y(c.value);
          return (
            <g key={c.key}>
              {c.value !== null && c.value > 0 ? <rect x={center - barWidth / 2} y={top} width={barWidth} height={y(0) - top} className="tone-blue" /> : null}
              <text x={center} y={top - 6} textAnchor="middle" className="chart-value">
                {c.valueLabel}
              </text>
              <text x={center} y={HEIGHT - 8} textAnchor="middle" className="chart-label">
                {c.label}
              </text>
            </g>
          );
        })}
        {reference ? (
          <g transform={`translate(0,${y(reference.value)})`}>
            <line x1={LEFT} x2={WIDTH} className="chart-reference" />
            <text x={WIDTH - 4} y={-5} textAnchor="end" className="chart-reference-label">
              {reference.label}
            </text>
          </g>
        ) : null}
      </svg>
    </figure>
  );
}
