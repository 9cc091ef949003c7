import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Camera } from '../../api/types';
import { cameraToValues, emptyCameraValues, toCreateBody, toUpdateBody, validateCamera } from './cameraForm';

const pullCamera: Camera = {
  id: 'cam-1',
  name: 'Garage',
  description: '',
  location: 'Side door',
  sourceType: 'pull',
  pullUrl: 'rtsp://admin:***@10.0.0.5:554/stream1',
  enabled: true,
  recordingEnabled: true,
  retentionDays: 30,
  liveProfile: { type: 'copy' },
  status: 'online',
  statusReason: null,
  statusSince: null,
  minFps: null,
  minBitrateKbps: null,
  publishAllowlist: [],
  recordingState: 'idle',
  recordingReason: null,
  streamKeyPrefix: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('toUpdateBody', () => {
  it('sends nothing when no field changed, never echoing the masked pull URL', () => {
    assert.deepEqual(toUpdateBody(pullCamera, cameraToValues(pullCamera)), {});
  });

  it('sends the pull URL only when the user replaced it', () => {
    const values = {
      ...cameraToValues(pullCamera),
      pullUrl: 'rtsp://admin:new@10.0.0.5:554/stream1',
    };
    assert.deepEqual(toUpdateBody(pullCamera, values), {
      pullUrl: 'rtsp://admin:new@10.0.0.5:554/stream1',
    });
  });

  it('sends only the changed fields, trimmed', () => {
    const values = {
      ...cameraToValues(pullCamera),
      name: '  Garage east ',
      retentionDays: '7',
      enabled: false,
    };
    assert.deepEqual(toUpdateBody(pullCamera, values), {
      name: 'Garage east',
      retentionDays: 7,
      enabled: false,
    });
  });

  it("sends the preset's live profile when another preset is chosen", () => {
    const values = {
      ...cameraToValues(pullCamera),
      profileId: 'source-480-360',
    };
    const body = toUpdateBody(pullCamera, values);
    assert.equal(body.liveProfile?.type, 'abr');
  });

  it('keeps a custom profile untouched', () => {
    const custom: Camera = {
      ...pullCamera,
      liveProfile: {
        type: 'abr',
        sourceCopy: false,
        renditions: [{ height: 1080, videoKbps: 5000, audioKbps: 128 }],
      },
    };
    const values = cameraToValues(custom);
    assert.equal(values.profileId, 'custom');
    assert.deepEqual(toUpdateBody(custom, values), {});
  });
});

describe('health thresholds', () => {
  const strict: Camera = { ...pullCamera, minFps: 20, minBitrateKbps: 1500 };

  it('shows thresholds as text and none as empty', () => {
    assert.equal(cameraToValues(strict).minFps, '20');
    assert.equal(cameraToValues(strict).minBitrateKbps, '1500');
    assert.equal(cameraToValues(pullCamera).minFps, '');
  });

  it('sends only a changed threshold', () => {
    assert.deepEqual(toUpdateBody(strict, { ...cameraToValues(strict), minFps: ' 25 ' }), { minFps: 25 });
    assert.deepEqual(toUpdateBody(strict, cameraToValues(strict)), {});
  });

  it('sends null for a cleared threshold', () => {
    assert.deepEqual(toUpdateBody(strict, { ...cameraToValues(strict), minBitrateKbps: '' }), { minBitrateKbps: null });
  });

  it('includes thresholds in a new camera only when set', () => {
    const base = { ...emptyCameraValues(), name: 'Porch' };
    assert.equal('minFps' in toCreateBody(base), false);
    const body = toCreateBody({ ...base, minFps: '15', minBitrateKbps: '800' });
    assert.equal(body.minFps, 15);
    assert.equal(body.minBitrateKbps, 800);
  });
});

describe('toCreateBody', () => {
  it('omits the pull URL for a push camera', () => {
    const body = toCreateBody({
      ...emptyCameraValues(),
      name: 'Porch',
      pullUrl: 'rtsp://left-over',
    });
    assert.equal(body.sourceType, 'push');
    assert.equal('pullUrl' in body, false);
    assert.deepEqual(body.liveProfile, { type: 'copy' });
  });

  it('includes the trimmed pull URL for a pull camera', () => {
    const body = toCreateBody({
      ...emptyCameraValues(),
      name: 'Yard',
      sourceType: 'pull',
      pullUrl: ' rtsp://cam/1 ',
    });
    assert.equal(body.pullUrl, 'rtsp://cam/1');
  });
});

describe('validateCamera', () => {
  const valid = {
    ...emptyCameraValues(),
    name: 'Yard',
    sourceType: 'pull' as const,
    pullUrl: 'rtsps://cam/1',
  };

  it('accepts a complete pull camera', () => {
    assert.deepEqual(validateCamera(valid), {});
  });

  it('requires a name', () => {
    assert.ok(validateCamera({ ...valid, name: '   ' }).name);
  });

  it('rejects pull URLs that are not rtsp, rtsps or rtmp', () => {
    assert.ok(validateCamera({ ...valid, pullUrl: 'http://cam/1' }).pullUrl);
    assert.ok(validateCamera({ ...valid, pullUrl: '' }).pullUrl);
  });

  it('does not re-check an unchanged (masked) pull URL when editing', () => {
    assert.deepEqual(validateCamera({ ...valid, pullUrl: 'rtsp://a:***@cam' }, { pullUrlChanged: false }), {});
  });

  it('accepts empty thresholds and whole numbers within bounds', () => {
    assert.deepEqual(validateCamera({ ...valid, minFps: '', minBitrateKbps: '' }), {});
    assert.deepEqual(validateCamera({ ...valid, minFps: '240', minBitrateKbps: '200000' }), {});
  });

  it('rejects thresholds out of bounds or not whole numbers', () => {
    assert.ok(validateCamera({ ...valid, minFps: '0' }).minFps);
    assert.ok(validateCamera({ ...valid, minFps: '241' }).minFps);
    assert.ok(validateCamera({ ...valid, minFps: '12.5' }).minFps);
    assert.ok(validateCamera({ ...valid, minBitrateKbps: '200001' }).minBitrateKbps);
    assert.ok(validateCamera({ ...valid, minBitrateKbps: '-5' }).minBitrateKbps);
  });

  it('bounds retention to 1..3650 whole days', () => {
    assert.ok(validateCamera({ ...valid, retentionDays: '0' }).retentionDays);
    assert.ok(validateCamera({ ...valid, retentionDays: '3651' }).retentionDays);
    assert.ok(validateCamera({ ...valid, retentionDays: '1.5' }).retentionDays);
    assert.equal(validateCamera({ ...valid, retentionDays: '3650' }).retentionDays, undefined);
  });
});
