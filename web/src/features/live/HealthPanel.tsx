import type { Camera } from '../../api/types';
import { ErrorAlert } from '../../components/Alert';
import { LoadingBlock } from '../../components/Spinner';
import { RelativeTime } from '../../components/Time';
import { useCameraHealth } from './api';
import { HealthChart } from './HealthChart';
import { formatCodecs, formatCount, formatFps, formatKbps, formatResolution, formatSpeed, HEALTH_WINDOW_MS, historySeries } from './health';

/** The camera's current stream readings, updated live. */
export function HealthNow({ camera }: { camera: Camera }) {
  const health = useCameraHealth(camera.id);
  const current = health.data?.current ?? null;

  return (
    <section className="card card-padded health-now" aria-labelledby="health-now-title">
      <div className="card-title-row">
        <h2 id="health-now-title" className="card-title">
          Stream health
        </h2>
        {current && (
          <span className="muted small">
            Updated <RelativeTime value={current.at} />
          </span>
        )}
      </div>
      {health.isPending ? (
        <LoadingBlock label="Loading health…" />
      ) : health.isError ? (
        <ErrorAlert error={health.error} title="Could not load stream health" />
      ) : !current ? (
        <p className="muted">No readings yet. They appear while the camera streams.</p>
      ) : (
        <dl className="health-stats" data-testid="health-current">
          <HealthStat
            label="Frame rate"
            value={formatFps(current.fps)}
            warn={camera.minFps !== null && current.fps !== null && current.fps < camera.minFps}
          />
          <HealthStat label="Output bitrate" value={formatKbps(current.bitrateKbps)} />
          <HealthStat
            label="Input bitrate"
            value={formatKbps(current.inputKbps)}
            warn={camera.minBitrateKbps !== null && current.inputKbps !== null && current.inputKbps < camera.minBitrateKbps}
          />
          <HealthStat label="Speed" value={formatSpeed(current.speed)} warn={current.speed !== null && current.speed < 0.95} />
          <HealthStat label="Dropped frames" value={formatCount(current.droppedFrames)} />
          <HealthStat label="Duplicated frames" value={formatCount(current.duplicatedFrames)} />
          <HealthStat label="Codec" value={formatCodecs(current.videoCodec, current.audioCodec)} />
          <HealthStat label="Resolution" value={formatResolution(current.width, current.height)} />
          <HealthStat label="Restarts" value={formatCount(current.restarts)} warn={current.restarts > 0} />
        </dl>
      )}
    </section>
  );
}

function HealthStat({ label, value, warn = false }: { label: string; value: string; warn?: boolean }) {
  return (
    <div className={`health-stat${warn ? ' health-stat-warn' : ''}`}>
      <dt>{label}</dt>
      <dd>
        {value}
        {warn && <span className="health-flag">Low</span>}
      </dd>
    </div>
  );
}

/** Frame rate and bitrate over the last minutes, extended live by health events. */
export function HealthHistory({ camera }: { camera: Camera }) {
  const health = useCameraHealth(camera.id);
  const history = health.data?.history ?? [];
  const last = history.length ? Date.parse(history[history.length - 1]!.at) : Date.now();
  const t1 = Number.isNaN(last) ? Date.now() : last;
  const t0 = t1 - HEALTH_WINDOW_MS;
  const minutes = Math.round(HEALTH_WINDOW_MS / 60_000);

  return (
    <section className="card card-padded" aria-labelledby="health-history-title">
      <div className="card-title-row">
        <h2 id="health-history-title" className="card-title">
          Last {minutes} minutes
        </h2>
      </div>
      {health.isPending ? (
        <LoadingBlock label="Loading history…" />
      ) : health.isError ? null : history.length === 0 ? (
        <p className="muted">No history yet.</p>
      ) : (
        <div className="chart-grid-2">
          <HealthChart
            title="Frame rate"
            series={[{ label: 'fps', points: historySeries(history, 'fps'), tone: 'accent' }]}
            threshold={camera.minFps !== null ? { value: camera.minFps, label: `Minimum ${camera.minFps} fps` } : null}
            format={(v) => `${Math.round(v * 10) / 10}`}
            t0={t0}
            t1={t1}
          />
          <HealthChart
            title="Bitrate"
            series={[
              { label: 'Output', points: historySeries(history, 'bitrateKbps'), tone: 'accent' },
              { label: 'Input', points: historySeries(history, 'inputKbps'), tone: 'violet' },
            ]}
            threshold={
              camera.minBitrateKbps !== null
                ? { value: camera.minBitrateKbps, label: `Minimum input ${formatKbps(camera.minBitrateKbps)}` }
                : null
            }
            format={formatKbps}
            t0={t0}
            t1={t1}
          />
        </div>
      )}
    </section>
  );
}
