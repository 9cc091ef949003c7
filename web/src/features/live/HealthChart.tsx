import { chartMax, linePath, seriesSummary, ticks, yFor, type ChartFrame, type ChartPoint } from './chart';

export interface ChartSeries {
  label: string;
  points: ChartPoint[];
  /** Colour: chart-line-accent, chart-line-violet */
  tone: 'accent' | 'violet';
}

interface HealthChartProps {
  title: string;
  series: ChartSeries[];
  /** A dashed line (e.g. the camera's minimum fps). */
  threshold?: { value: number; label: string } | null;
  format: (value: number) => string;
  t0: number;
  t1: number;
}

const WIDTH = 600;
const HEIGHT = 120;
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** A small line chart of health readings over time, drawn as SVG. */
export function HealthChart({ title, series, threshold, format, t0, t1 }: HealthChartProps) {
  const yMax = chartMax(
    series.flatMap((s) => s.points),
    threshold?.value ?? 0,
  );
  const frame: ChartFrame = { width: WIDTH, height: HEIGHT, t0, t1, yMax };
  const gridLines = ticks(yMax, 2);

  const summary = series
    .map((s) => {
      const stats = seriesSummary(s.points.filter((p) => p.t >= t0 && p.t <= t1));
      return stats
        ? `${s.label}: latest ${format(stats.latest)}, lowest ${format(stats.min)}, highest ${format(stats.max)}`
        : `${s.label}: no data`;
    })
    .join('. ');

  return (
    <figure className="chart">
      <figcaption className="chart-head">
        <span className="chart-title">{title}</span>
        <span className="chart-legend">
          {series.map((s) => (
            <span key={s.label} className="chart-legend-item">
              <span className={`chart-swatch chart-swatch-${s.tone}`} aria-hidden="true" />
              {s.label}
            </span>
          ))}
          {threshold && (
            <span className="chart-legend-item">
              <span className="chart-swatch chart-swatch-threshold" aria-hidden="true" />
              {threshold.label}
            </span>
          )}
        </span>
      </figcaption>
      <div className="chart-body">
        <div className="chart-y" aria-hidden="true">
          {gridLines.map((tick) => (
            <span key={tick} style={{ top: `${(yFor(tick, frame) / HEIGHT) * 100}%` }}>
              {format(tick)}
            </span>
          ))}
        </div>
        <svg
          className="chart-plot"
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={`${title}, ${timeFormat.format(t0)} to ${timeFormat.format(t1)}. ${summary}.`}
        >
          {gridLines.map((tick) => (
            <line
              key={tick}
              className="chart-grid"
              x1={0}
              x2={WIDTH}
              y1={yFor(tick, frame)}
              y2={yFor(tick, frame)}
              vectorEffect="non-scaling-stroke"
            />
          ))}
          {threshold && (
            <line
              className="chart-threshold"
              x1={0}
              x2={WIDTH}
              y1={yFor(threshold.value, frame)}
              y2={yFor(threshold.value, frame)}
              vectorEffect="non-scaling-stroke"
            />
          )}
          {series.map((s) => (
            <path
              key={s.label}
              className={`chart-line chart-line-${s.tone}`}
              d={linePath(s.points, frame)}
              vectorEffect="non-scaling-stroke"
            />
          ))}
        </svg>
      </div>
      <div className="chart-x" aria-hidden="true">
        <span>{timeFormat.format(t0)}</span>
        <span>{timeFormat.format(t1)}</span>
      </div>
    </figure>
  );
}
