import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/errors';
import type { Camera, CameraWithKey } from '../../api/types';
import { useCan } from '../../auth/AuthProvider';
import { Alert, ErrorAlert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { DateTime, RelativeTime } from '../../components/Time';
import { useToast } from '../../components/Toast';
import { HealthHistory, HealthNow } from '../live/HealthPanel';
import { SessionsTable } from '../live/SessionsTable';
import { CameraViewer } from '../playback/CameraViewer';
import { useCamera, useDeleteCamera, useRotateCameraKey, useUpdateCamera } from './api';
import { CameraForm } from './CameraForm';
import { cameraToValues, toUpdateBody } from './cameraForm';
import { describeProfile } from './liveProfiles';
import { PublishInstructions, PullSource } from './PublishInstructions';
import { CameraStatusBadge } from './status';
import { StreamKeyModal } from './StreamKeyModal';

export function CameraDetailPage() {
  const { id = '' } = useParams();
  const camera = useCamera(id);

  if (camera.isPending) return <LoadingBlock label="Loading camera…" />;
  if (camera.isError) {
    if (camera.error instanceof ApiError && camera.error.status === 404) {
      return (
        <EmptyState
          icon="camera"
          title="Camera not found"
          description="It may have been deleted."
          action={
            <Link to="/cameras" className="btn btn-secondary">
              Back to cameras
            </Link>
          }
        />
      );
    }
    return <ErrorAlert error={camera.error} title="Could not load the camera" />;
  }
  return <CameraDetail key={camera.data.id} camera={camera.data} />;
}

function CameraDetail({ camera }: { camera: Camera }) {
  const canWrite = useCan('cameras:write');
  const navigate = useNavigate();
  const toast = useToast();
  const update = useUpdateCamera(camera.id);
  const remove = useDeleteCamera(camera.id);
  const rotate = useRotateCameraKey(camera.id);
  const [dialog, setDialog] = useState<'delete' | 'rotate' | null>(null);
  const [newKey, setNewKey] = useState<CameraWithKey | null>(null);
  // Bumped after a save so the form restarts from the saved camera, not on every status poll.
  const [formVersion, setFormVersion] = useState(0);
  const [formCamera, setFormCamera] = useState(camera);

  return (
    <>
      <PageHeader
        eyebrow={
          <Link to="/cameras" className="breadcrumb">
            Cameras
          </Link>
        }
        documentTitle={camera.name}
        title={
          <span className="title-with-badge">
            {camera.name}
            <CameraStatusBadge status={camera.status} reason={camera.statusReason} testId={`status-${camera.id}`} />
          </span>
        }
        description={camera.location || undefined}
        actions={
          canWrite && (
            <>
              {camera.sourceType === 'push' && (
                <button type="button" className="btn btn-secondary" onClick={() => setDialog('rotate')}>
                  <Icon name="refresh" size={16} />
                  Rotate stream key
                </button>
              )}
              <button type="button" className="btn btn-danger-outline" onClick={() => setDialog('delete')}>
                <Icon name="trash" size={16} />
                Delete
              </button>
            </>
          )
        }
      />

      {camera.status === 'error' || camera.status === 'degraded' ? (
        <div className="page-alert">
          <Alert
            tone={camera.status === 'error' ? 'danger' : 'warning'}
            title={camera.status === 'error' ? 'Camera error' : 'Stream degraded'}
          >
            {camera.statusReason ?? 'The camera reported a problem.'}
          </Alert>
        </div>
      ) : null}

      <div className="detail-stack">
        <CameraViewer camera={camera} aside={<HealthNow camera={camera} />} />
        <HealthHistory camera={camera} />
        {camera.sourceType === 'push' ? (
          <PublishInstructions camera={camera} onRotateKey={canWrite ? () => setDialog('rotate') : undefined} />
        ) : (
          <PullSource camera={camera} />
        )}
        <SessionsTable cameraId={camera.id} />
      </div>

      <h2 className="section-title">Settings</h2>
      <div className="detail-grid">
        <div className="card card-padded">
          <CameraForm
            key={formVersion}
            initial={cameraToValues(formCamera)}
            camera={formCamera}
            readOnly={!canWrite}
            submitLabel="Save changes"
            pendingLabel="Saving…"
            pending={update.isPending}
            error={update.error}
            onSubmit={(values) => {
              const body = toUpdateBody(formCamera, values);
              update.mutate(body, {
                onSuccess: (saved) => {
                  setFormCamera(saved);
                  setFormVersion((v) => v + 1);
                  toast('Camera saved');
                },
              });
            }}
          />
        </div>
        <CameraFacts camera={camera} />
      </div>

      {dialog === 'delete' && (
        <ConfirmDialog
          title="Delete camera?"
          confirmLabel="Delete camera"
          pendingLabel="Deleting…"
          pending={remove.isPending}
          error={remove.error}
          onCancel={() => {
            setDialog(null);
            remove.reset();
          }}
          onConfirm={() =>
            remove.mutate(undefined, {
              onSuccess: () => {
                toast(`Camera “${camera.name}” deleted`);
                void navigate('/cameras', { replace: true });
              },
            })
          }
        >
          <p>
            <strong>{camera.name}</strong> will stop streaming and be removed from Argus. This can't be undone.
          </p>
        </ConfirmDialog>
      )}

      {dialog === 'rotate' && (
        <ConfirmDialog
          title="Rotate stream key?"
          confirmLabel="Rotate key"
          pendingLabel="Rotating…"
          tone="primary"
          pending={rotate.isPending}
          error={rotate.error}
          onCancel={() => {
            setDialog(null);
            rotate.reset();
          }}
          onConfirm={() =>
            rotate.mutate(undefined, {
              onSuccess: (result) => {
                setDialog(null);
                setNewKey(result);
              },
            })
          }
        >
          <p>
            The current key for <strong>{camera.name}</strong> stops working immediately and any live publish is disconnected. You'll need
            to configure the camera with the new key.
          </p>
        </ConfirmDialog>
      )}

      {newKey && (
        <StreamKeyModal
          title="New stream key"
          cameraName={newKey.camera.name}
          streamKey={newKey.streamKey}
          publishUrl={newKey.publishUrl}
          onClose={() => setNewKey(null)}
        />
      )}
    </>
  );
}

function CameraFacts({ camera }: { camera: Camera }) {
  return (
    <aside className="card card-padded facts" aria-labelledby="camera-facts-title">
      <h2 id="camera-facts-title" className="card-title">
        Overview
      </h2>
      <dl className="facts-list">
        <div>
          <dt>Status</dt>
          <dd>
            <CameraStatusBadge status={camera.status} reason={camera.statusReason} />
            {camera.statusReason && <p className="facts-note">{camera.statusReason}</p>}
          </dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd>{camera.sourceType === 'push' ? 'Push (RTMP publish)' : 'Pull'}</dd>
        </div>
        {camera.sourceType === 'pull' && camera.pullUrl && (
          <div>
            <dt>Pull URL</dt>
            <dd className="mono break">{camera.pullUrl}</dd>
          </div>
        )}
        {camera.sourceType === 'push' && (
          <div>
            <dt>Stream key</dt>
            <dd className="mono">{camera.streamKeyPrefix ? `${camera.streamKeyPrefix}…` : '—'}</dd>
          </div>
        )}
        <div>
          <dt>Live profile</dt>
          <dd>{describeProfile(camera.liveProfile)}</dd>
        </div>
        <div>
          <dt>Recording</dt>
          <dd>
            {camera.recordingEnabled ? (
              <Badge tone="danger" dot>
                Recording · {camera.retentionDays} days
              </Badge>
            ) : (
              <Badge>Off</Badge>
            )}
          </dd>
        </div>
        <div>
          <dt>Enabled</dt>
          <dd>{camera.enabled ? <Badge tone="success">Enabled</Badge> : <Badge>Disabled</Badge>}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <DateTime value={camera.createdAt} />
          </dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>
            <RelativeTime value={camera.updatedAt} />
          </dd>
        </div>
        <div>
          <dt>ID</dt>
          <dd className="mono break">{camera.id}</dd>
        </div>
      </dl>
    </aside>
  );
}
