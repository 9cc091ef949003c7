import { useState, type FormEvent, type ReactNode } from 'react';
import { fieldErrors } from '../../api/errors';
import type { Camera } from '../../api/types';
import { ErrorAlert } from '../../components/Alert';
import { CheckboxField, Field } from '../../components/Field';
import { focusFirstError } from '../../lib/focusFirstError';
import { describeProfile, PROFILE_PRESETS } from './liveProfiles';
import { CAMERA_FIELDS, THRESHOLD_LIMITS, validateCamera, type CameraFormValues } from './cameraForm';

interface CameraFormProps {
  initial: CameraFormValues;
  /** The camera being edited; null when creating one. */
  camera: Camera | null;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  error: unknown;
  readOnly?: boolean;
  onSubmit: (values: CameraFormValues) => void;
  /** Extra buttons beside submit (e.g. Cancel). */
  secondaryActions?: ReactNode;
}

export function CameraForm({
  initial,
  camera,
  submitLabel,
  pendingLabel,
  pending,
  error,
  readOnly = false,
  onSubmit,
  secondaryActions,
}: CameraFormProps) {
  const [values, setValues] = useState(initial);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const editing = camera !== null;
  const pullUrlChanged = !editing || values.pullUrl !== initial.pullUrl;
  const dirty = JSON.stringify(values) !== JSON.stringify(initial);
  const errors = { ...fieldErrors(error), ...clientErrors };
  const selectedPreset = PROFILE_PRESETS.find((p) => p.id === values.profileId);

  const set = <K extends keyof CameraFormValues>(key: K, value: CameraFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (clientErrors[key]) setClientErrors(({ [key]: _removed, ...rest }) => rest);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (pending || readOnly) return;
    const problems = validateCamera(values, { pullUrlChanged });
    setClientErrors(problems);
    if (Object.keys(problems).length > 0) {
      focusFirstError(event.currentTarget as HTMLFormElement);
      return;
    }
    onSubmit(values);
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-busy={pending}>
      <ErrorAlert error={error} title={editing ? 'Could not save the camera' : 'Could not create the camera'} fields={CAMERA_FIELDS} />
      <fieldset className="form-fieldset" disabled={readOnly || pending}>
        <section className="form-section">
          <div className="form-section-head">
            <h2 className="form-section-title">General</h2>
            <p className="form-section-description">How the camera appears across Argus.</p>
          </div>
          <div className="form-section-body">
            <Field label="Name" error={errors.name} required>
              {(control) => (
                <input
                  {...control}
                  name="name"
                  className="input"
                  maxLength={100}
                  autoComplete="off"
                  placeholder="Front door"
                  value={values.name}
                  onChange={(e) => set('name', e.target.value)}
                />
              )}
            </Field>
            <Field label="Description" error={errors.description}>
              {(control) => (
                <textarea
                  {...control}
                  name="description"
                  className="textarea"
                  rows={2}
                  maxLength={500}
                  value={values.description}
                  onChange={(e) => set('description', e.target.value)}
                />
              )}
            </Field>
            <Field label="Location" error={errors.location} hint="Where the camera is, e.g. “Warehouse, north wall”.">
              {(control) => (
                <input
                  {...control}
                  name="location"
                  className="input"
                  maxLength={200}
                  value={values.location}
                  onChange={(e) => set('location', e.target.value)}
                />
              )}
            </Field>
          </div>
        </section>

        <section className="form-section">
          <div className="form-section-head">
            <h2 className="form-section-title">Source</h2>
            <p className="form-section-description">How video gets from the camera to Argus.</p>
          </div>
          <div className="form-section-body">
            <Field
              label="Source type"
              error={errors.sourceType}
              hint={
                editing
                  ? "The source type can't be changed after a camera is created."
                  : values.sourceType === 'push'
                    ? 'The camera (or an encoder such as OBS) publishes RTMP to Argus with a stream key.'
                    : 'Argus connects to the camera and pulls its stream.'
              }
            >
              {(control) => (
                <select
                  {...control}
                  name="sourceType"
                  className="select"
                  disabled={editing}
                  value={values.sourceType}
                  onChange={(e) => set('sourceType', e.target.value === 'pull' ? 'pull' : 'push')}
                >
                  <option value="push">Push — camera publishes RTMP to Argus</option>
                  <option value="pull">Pull — Argus reads RTSP/RTMP from the camera</option>
                </select>
              )}
            </Field>
            {values.sourceType === 'pull' && (
              <Field
                label="Pull URL"
                error={errors.pullUrl}
                required
                hint={
                  editing && camera?.pullUrl?.includes('***')
                    ? 'The password is hidden. Leave the URL as it is to keep it, or enter the full URL to replace it.'
                    : 'rtsp://, rtsps:// or rtmp://. Include credentials if the camera needs them.'
                }
              >
                {(control) => (
                  <input
                    {...control}
                    name="pullUrl"
                    className="input input-mono"
                    type="url"
                    inputMode="url"
                    autoComplete="off"
                    spellCheck={false}
                    placeholder="rtsp://user:password@192.168.1.20:554/stream1"
                    value={values.pullUrl}
                    onChange={(e) => set('pullUrl', e.target.value)}
                  />
                )}
              </Field>
            )}
          </div>
        </section>

        <section className="form-section">
          <div className="form-section-head">
            <h2 className="form-section-title">Live streaming</h2>
            <p className="form-section-description">The qualities viewers can choose between.</p>
          </div>
          <div className="form-section-body">
            <Field
              label="Live profile"
              error={errors.liveProfile}
              hint={selectedPreset?.description ?? 'A custom profile set through the API. Pick a preset to replace it.'}
            >
              {(control) => (
                <select
                  {...control}
                  name="liveProfile"
                  className="select"
                  value={values.profileId}
                  onChange={(e) => set('profileId', e.target.value)}
                >
                  {PROFILE_PRESETS.map((preset) => (
                    <option key={preset.id} value={preset.id}>
                      {preset.label}
                    </option>
                  ))}
                  {initial.profileId === 'custom' && camera && (
                    <option value="custom">Custom: {describeProfile(camera.liveProfile)}</option>
                  )}
                </select>
              )}
            </Field>
          </div>
        </section>

        <section className="form-section">
          <div className="form-section-head">
            <h2 className="form-section-title">Health thresholds</h2>
            <p className="form-section-description">
              Argus marks the camera degraded when its stream falls below these. Leave a field empty for no check.
            </p>
          </div>
          <div className="form-section-body">
            <div className="form-row">
              <Field
                label="Minimum frame rate (fps)"
                error={errors.minFps}
                hint={`Frames per second, ${THRESHOLD_LIMITS.minFps.min}–${THRESHOLD_LIMITS.minFps.max}.`}
              >
                {(control) => (
                  <input
                    {...control}
                    name="minFps"
                    className="input input-narrow"
                    type="number"
                    inputMode="numeric"
                    min={THRESHOLD_LIMITS.minFps.min}
                    max={THRESHOLD_LIMITS.minFps.max}
                    step={1}
                    placeholder="None"
                    value={values.minFps}
                    onChange={(e) => set('minFps', e.target.value)}
                  />
                )}
              </Field>
              <Field label="Minimum input bitrate (kbps)" error={errors.minBitrateKbps} hint="What the camera sends, in kbit/s.">
                {(control) => (
                  <input
                    {...control}
                    name="minBitrateKbps"
                    className="input input-narrow"
                    type="number"
                    inputMode="numeric"
                    min={THRESHOLD_LIMITS.minBitrateKbps.min}
                    max={THRESHOLD_LIMITS.minBitrateKbps.max}
                    step={1}
                    placeholder="None"
                    value={values.minBitrateKbps}
                    onChange={(e) => set('minBitrateKbps', e.target.value)}
                  />
                )}
              </Field>
            </div>
          </div>
        </section>

        <section className="form-section">
          <div className="form-section-head">
            <h2 className="form-section-title">Recording & state</h2>
            <p className="form-section-description">Whether Argus ingests and records this camera.</p>
          </div>
          <div className="form-section-body">
            <CheckboxField
              name="enabled"
              label="Enable camera"
              hint="Disabled cameras keep their settings but Argus stops ingesting them."
              error={errors.enabled}
              checked={values.enabled}
              onChange={(checked) => set('enabled', checked)}
            />
            <CheckboxField
              name="recordingEnabled"
              label="Record to disk"
              hint="Keep recordings of this camera for the retention period."
              error={errors.recordingEnabled}
              checked={values.recordingEnabled}
              onChange={(checked) => set('recordingEnabled', checked)}
            />
            <Field label="Retention (days)" error={errors.retentionDays} hint="Recordings older than this are deleted. 1 to 3650.">
              {(control) => (
                <input
                  {...control}
                  name="retentionDays"
                  className="input input-narrow"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={3650}
                  step={1}
                  value={values.retentionDays}
                  onChange={(e) => set('retentionDays', e.target.value)}
                />
              )}
            </Field>
          </div>
        </section>
      </fieldset>

      {!readOnly && (
        <div className="form-actions">
          {secondaryActions}
          {editing && dirty && (
            <button
              type="button"
              className="btn btn-ghost"
              disabled={pending}
              onClick={() => {
                setValues(initial);
                setClientErrors({});
              }}
            >
              Discard changes
            </button>
          )}
          <button type="submit" className="btn btn-primary" disabled={pending || (editing && !dirty)} aria-busy={pending}>
            {pending ? pendingLabel : submitLabel}
          </button>
        </div>
      )}
    </form>
  );
}
