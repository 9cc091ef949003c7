import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { CameraWithKey } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { useToast } from '../../components/Toast';
import { useCreateCamera } from './api';
import { CameraForm } from './CameraForm';
import { emptyCameraValues, toCreateBody } from './cameraForm';
import { StreamKeyModal } from './StreamKeyModal';

export function CameraNewPage() {
  const navigate = useNavigate();
  const toast = useToast();
  const create = useCreateCamera();
  const [created, setCreated] = useState<CameraWithKey | null>(null);
  const [initial] = useState(emptyCameraValues);

  return (
    <>
      <PageHeader
        eyebrow={
          <Link to="/cameras" className="breadcrumb">
            Cameras
          </Link>
        }
        title="Add camera"
        description="Register a camera that pushes to Argus, or one Argus pulls from."
      />
      <div className="card card-padded">
        <CameraForm
          initial={initial}
          camera={null}
          submitLabel="Create camera"
          pendingLabel="Creating camera…"
          pending={create.isPending}
          error={create.error}
          onSubmit={(values) =>
            create.mutate(toCreateBody(values), {
              onSuccess: (result) => {
                if (result.streamKey || result.publishUrl) {
                  setCreated(result);
                } else {
                  toast(`Camera “${result.camera.name}” created`);
                  void navigate(`/cameras/${result.camera.id}`);
                }
              },
            })
          }
          secondaryActions={
            <Link to="/cameras" className="btn btn-ghost">
              Cancel
            </Link>
          }
        />
      </div>
      {created && (
        <StreamKeyModal
          title="Camera created"
          cameraName={created.camera.name}
          streamKey={created.streamKey}
          publishUrl={created.publishUrl}
          onClose={() => void navigate(`/cameras/${created.camera.id}`)}
        />
      )}
    </>
  );
}
