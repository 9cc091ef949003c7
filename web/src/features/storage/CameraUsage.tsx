import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { SortHeader } from '../../components/SortHeader';
import { DateTime } from '../../components/Time';
import { formatNumber } from '../../lib/format';
import { sortTiers } from './tiers';
import type { CameraUsage, UsageTier } from './types';
import { formatBytes } from './units';
import { cameraChart, sortCameraUsage, tierColorClass, tierLegendLabel, toggleCameraSort, type CameraSort } from './usage';

interface Props {
  cameras: readonly CameraUsage[];
  tiers: readonly UsageTier[];
  nameOf: (id: string) => string | null;
}

/** Bytes per camera per tier as stacked horizontal bars (plain CSS), hot to cold, largest camera first. */
export function CameraUsageChart({ cameras, tiers, nameOf }: Props) {
  const chart = useMemo(() => cameraChart(cameras, tiers, nameOf), [cameras, tiers, nameOf]);
  const legend = sortTiers(tiers).filter((t) => cameras.some((c) => (c.tiers[t.id] ?? 0) > 0));
  return (
    <figure className="camera-chart" data-testid="camera-chart">
      <figcaption className="visually-hidden">Bytes per camera and tier</figcaption>
      <ul className="camera-chart-legend" aria-label="Tiers">
        {legend.map((t) => (
          <li key={t.id}>
            <span className={`legend-dot ${tierColorClass(t.rank)}`} aria-hidden="true" />
            {tierLegendLabel(t)}
          </li>
        ))}
      </ul>
      <ul className="camera-chart-rows">
        {chart.rows.map((row) => {
          const description = row.segments.map((s) => `${s.tierName} ${formatBytes(s.bytes)}`).join(', ');
          return (
            <li key={row.cameraId} className="camera-chart-row" data-testid={`camera-chart-${row.cameraId}`}>
              <span className="camera-chart-name" title={row.name}>
                {row.name}
              </span>
              <span className="camera-chart-track" role="img" aria-label={`${row.name}: ${formatBytes(row.bytes)} (${description})`}>
                {row.segments.map((s) => (
                  <span
                    key={s.tierId}
                    className={`camera-chart-part ${tierColorClass(s.rank)}`}
                    style={{ width: `${s.percent}%` }}
                    title={`${s.tierName}: ${formatBytes(s.bytes)}`}
                  />
                ))}
              </span>
              <span className="camera-chart-total">{formatBytes(row.bytes)}</span>
            </li>
          );
        })}
      </ul>
      {chart.hidden > 0 && (
        <p className="muted small">
          {chart.hidden} smaller {chart.hidden === 1 ? 'camera is' : 'cameras are'} left out of the chart; the table lists them all.
        </p>
      )}
    </figure>
  );
}

/** Every camera's footage: size, chunks, oldest and newest, sortable by any column. */
export function CameraUsageTable({ cameras, nameOf }: Omit<Props, 'tiers'>) {
  const [sort, setSort] = useState<CameraSort>({ field: 'bytes', direction: 'desc' });
  const rows = useMemo(
    () =>
      sortCameraUsage(
        cameras.map((c) => ({ ...c, name: nameOf(c.cameraId) ?? `Camera ${c.cameraId}` })),
        sort,
      ),
    [cameras, nameOf, sort],
  );
  const onSort = (field: CameraSort['field']) => setSort((current) => toggleCameraSort(current, field));
  return (
    <div className="table-wrap">
      <table className="table camera-usage-table" data-testid="camera-usage-table">
        <caption className="visually-hidden">Footage per camera</caption>
        <thead>
          <tr>
            <SortHeader field="name" sort={sort} onSort={onSort}>
              Camera
            </SortHeader>
            <SortHeader field="bytes" sort={sort} onSort={onSort}>
              Size
            </SortHeader>
            <SortHeader field="chunks" sort={sort} onSort={onSort}>
              Chunks
            </SortHeader>
            <SortHeader field="oldest" sort={sort} onSort={onSort}>
              Oldest
            </SortHeader>
            <SortHeader field="newest" sort={sort} onSort={onSort}>
              Newest
            </SortHeader>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.cameraId} data-testid={`camera-usage-${row.cameraId}`}>
              <td>
                <Link to={`/cameras/${row.cameraId}`} className="table-primary-link">
                  {row.name}
                </Link>
              </td>
              <td className="nowrap">{formatBytes(row.bytes)}</td>
              <td className="nowrap">{formatNumber(row.chunks)}</td>
              <td className="nowrap">
                <DateTime value={row.oldest} />
              </td>
              <td className="nowrap">
                <DateTime value={row.newest} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
