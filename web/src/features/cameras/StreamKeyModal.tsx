import { Alert } from '../../components/Alert';
import { SecretValue } from '../../components/CopyButton';
import { Modal } from '../../components/Modal';

interface StreamKeyModalProps {
  title: string;
  cameraName: string;
  streamKey: string | null;
  publishUrl: string | null;
  onClose: () => void;
}

/** Shows a push camera's stream key and publish URL — the only time they are visible. */
export function StreamKeyModal({ title, cameraName, streamKey, publishUrl, onClose }: StreamKeyModalProps) {
  return (
    <Modal
      title={title}
      description={`Point “${cameraName}” (or your encoder) at this address to start streaming.`}
      onClose={onClose}
      closeOnBackdrop={false}
      size="lg"
      footer={
        <button type="button" className="btn btn-primary" onClick={onClose} autoFocus>
          I've saved it
        </button>
      }
    >
      <Alert tone="warning" title="You won't see this again">
        Copy the publish URL and stream key now and keep them somewhere safe. Argus stores only a hash; if you lose them, rotate the key to
        get a new one.
      </Alert>
      <div className="secret-list">
        {publishUrl && (
          <SecretValue
            label="Publish URL"
            value={publishUrl}
            testId="publish-url"
            hint="The full RTMP address, stream key included. Paste it as the server URL in your camera or encoder."
          />
        )}
        {streamKey && (
          <SecretValue
            label="Stream key"
            value={streamKey}
            testId="stream-key"
            hint="For encoders that ask for the server and the key separately."
          />
        )}
      </div>
    </Modal>
  );
}
