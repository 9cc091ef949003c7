import { useId, useState } from 'react';
import type { Camera } from '../../api/types';
import { useCan } from '../../auth/AuthProvider';
import { Alert, ErrorAlert } from '../../components/Alert';
import { CopyButton, SecretValue } from '../../components/CopyButton';
import { Icon } from '../../components/Icon';
import { DateTime } from '../../components/Time';
import { useCreatePublishToken } from '../live/api';
import type { PublishToken } from '../live/types';
import {
  ffmpegPublishArgs,
  formatCommand,
  LIFETIMES,
  RTMP_DEFAULT_PORT,
  rtmpAddressOf,
  rtmpPublishUrl,
  rtmpServerUrl,
  STREAM_KEY_PLACEHOLDER,
} from './publishInstructions';

/** How to point a camera or encoder at a push camera, and temporary publish URLs. */
export function PublishInstructions({ camera, onRotateKey }: { camera: Camera; onRotateKey?: () => void }) {
  const [issued, setIssued] = useState<PublishToken | null>(null);
  // The page is served from the same host that takes RTMP; the port is only known for sure once
  // the server has issued a URL.
  const address = (issued && rtmpAddressOf(issued.publishUrl)) ?? { host: window.location.hostname, port: RTMP_DEFAULT_PORT };
  const portKnown = issued !== null;
  const server = rtmpServerUrl(address.host, address.port);
  const pattern = rtmpPublishUrl(address.host, address.port);
  const ffmpeg = formatCommand(ffmpegPublishArgs(pattern));

  return (
    <section className="card card-padded publish" aria-labelledby="publish-title">
      <h2 id="publish-title" className="card-title">
        Publish instructions
      </h2>
      <p className="publish-intro">
        Point the camera or encoder at this RTMP address. The stream key was shown when the camera was created
        {camera.streamKeyPrefix ? (
          <>
            {' '}
            (it starts with <code>{camera.streamKeyPrefix}</code>)
          </>
        ) : null}
        ; if it's lost,{' '}
        {onRotateKey ? (
          <button type="button" className="link-button" onClick={onRotateKey}>
            rotate the key
          </button>
        ) : (
          'rotate the key'
        )}{' '}
        to get a new one.
      </p>

      <h3 className="subheading">Publish URL</h3>
      <CodeLine value={pattern} testId="publish-url-pattern" />
      {!portKnown && (
        <p className="field-hint">RTMP port {RTMP_DEFAULT_PORT} (left out of the URL) unless your administrator changed it.</p>
      )}

      <h3 className="subheading">OBS Studio</h3>
      <dl className="settings-list">
        <div>
          <dt>Service</dt>
          <dd>Custom…</dd>
        </div>
        <div>
          <dt>Server</dt>
          <dd>
            <code>{server}</code>
          </dd>
        </div>
        <div>
          <dt>Stream key</dt>
          <dd>The camera's stream key</dd>
        </div>
        <div>
          <dt>Keyframe interval</dt>
          <dd>1 s (Output › Streaming)</dd>
        </div>
        <div>
          <dt>Rate control</dt>
          <dd>CBR</dd>
        </div>
      </dl>

      <h3 className="subheading">ffmpeg</h3>
      <CodeLine value={ffmpeg} block label="Copy command" />
      <p className="field-hint">
        Replace {STREAM_KEY_PLACEHOLDER} with the key, and input.mp4 with your source (a file, a capture device, an RTSP URL).
      </p>

      <TemporaryPublishUrl camera={camera} issued={issued} onIssued={setIssued} />
    </section>
  );
}

function CodeLine({ value, testId, block = false, label = 'Copy' }: { value: string; testId?: string; block?: boolean; label?: string }) {
  return (
    <div className={`code-line${block ? ' code-line-block' : ''}`}>
      <code data-testid={testId}>{value}</code>
      <CopyButton value={value} label={label} />
    </div>
  );
}

function TemporaryPublishUrl({
  camera,
  issued,
  onIssued,
}: {
  camera: Camera;
  issued: PublishToken | null;
  onIssued: (token: PublishToken | null) => void;
}) {
  const canWrite = useCan('cameras:write');
  const lifetimeId = useId();
  const [lifetime, setLifetime] = useState<number>(LIFETIMES[0].seconds);
  const [shown, setShown] = useState(false);
  const create = useCreatePublishToken(camera.id);
  if (!canWrite) return null;

  return (
    <div className="publish-temp">
      <h3 className="subheading">Temporary publish URL</h3>
      <p className="muted small">
        A URL with a signed token instead of the stream key, for a one-off broadcast or a device you don't fully trust. It stops working
        when it expires or when the stream key is rotated.
      </p>
      <div className="publish-temp-form">
        <div className="toolbar-field">
          <label htmlFor={lifetimeId}>Valid for</label>
          <select id={lifetimeId} className="select" value={lifetime} onChange={(event) => setLifetime(Number(event.target.value))}>
            {LIFETIMES.map((option) => (
              <option key={option.seconds} value={option.seconds}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="btn btn-secondary"
          disabled={create.isPending}
          aria-busy={create.isPending}
          onClick={() =>
            create.mutate(lifetime, {
              onSuccess: (token) => {
                onIssued(token);
                setShown(true);
              },
            })
          }
        >
          <Icon name="key" size={16} />
          {create.isPending ? 'Creating…' : 'Create a temporary publish URL'}
        </button>
      </div>
      <ErrorAlert error={create.error} title="Could not create a publish URL" />
      {issued && shown && (
        <div className="publish-temp-result">
          <Alert tone="warning" title="Shown once">
            Copy it now; Argus doesn't keep it. Anyone with this URL can publish to {camera.name} until{' '}
            <DateTime value={issued.expiresAt} />.
          </Alert>
          <SecretValue label="Temporary publish URL" value={issued.publishUrl} testId="temp-publish-url" />
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setShown(false)}>
            Done
          </button>
        </div>
      )}
    </div>
  );
}

/** Where a pull camera's video comes from, and why it is in its current state. */
export function PullSource({ camera }: { camera: Camera }) {
  return (
    <section className="card card-padded" aria-labelledby="pull-source-title">
      <h2 id="pull-source-title" className="card-title">
        Source
      </h2>
      <dl className="settings-list">
        <div>
          <dt>Pulled from</dt>
          <dd className="mono break" data-testid="pull-url">
            {camera.pullUrl ?? '—'}
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{camera.statusReason ?? 'No problems reported.'}</dd>
        </div>
      </dl>
      <p className="field-hint">Passwords in the URL are hidden. Edit the pull URL below to replace it.</p>
    </section>
  );
}
