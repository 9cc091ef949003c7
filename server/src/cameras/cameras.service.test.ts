import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CameraCreate, PullUrl } from './camera.schemas';
import { maskUrl, mergeMaskedPassword, publishUrl } from './cameras.service';

describe('camera URL helpers', () => {
  it('masks a source URL password and leaves URLs without one alone', () => {
    assert.equal(maskUrl('rtsp://admin:hunter2@10.0.0.9:554/h264'), 'rtsp://admin:***@10.0.0.9:554/h264');
    assert.equal(maskUrl('rtsp://10.0.0.9/h264'), 'rtsp://10.0.0.9/h264');
    assert.equal(maskUrl(null), null);
  });

  it('keeps the stored password only when the masked URL comes back for the same user and host', () => {
    const stored = 'rtsp://admin:hunter2@10.0.0.9:554/h264';
    assert.equal(mergeMaskedPassword('rtsp://admin:***@10.0.0.9:554/other', stored), 'rtsp://admin:hunter2@10.0.0.9:554/other');
    assert.equal(mergeMaskedPassword('rtsp://admin:***@10.0.0.10:554/h264', stored), 'rtsp://admin:***@10.0.0.10:554/h264');
    assert.equal(mergeMaskedPassword('rtsp://admin:new@10.0.0.9:554/h264', stored), 'rtsp://admin:new@10.0.0.9:554/h264');
  });

  it('builds the publish URL, omitting the default RTMP port and bracketing IPv6', () => {
    assert.equal(publishUrl('cams.example.com', 1935, 'KEY'), 'rtmp://cams.example.com/live/KEY');
    assert.equal(publishUrl('10.0.0.2', 1936, 'KEY'), 'rtmp://10.0.0.2:1936/live/KEY');
    assert.equal(publishUrl('::1', 1935, 'KEY'), 'rtmp://[::1]/live/KEY');
  });

  it('accepts only rtsp, rtsps and rtmp URLs that do not target link-local or metadata hosts', () => {
    for (const ok of ['rtsp://10.0.0.1/s', 'rtsps://cam.local:322/s', 'rtmp://1.2.3.4/live/x', 'rtsp://u:p@[2001:db8::5]:554/s']) {
      assert.equal(PullUrl.safeParse(ok).success, true, ok);
    }
    for (const bad of [
      'http://x/y',
      'file:///etc/passwd',
      'rtsp://169.254.169.254/',
      'rtsp://[fe80::1]/s',
      'rtsp://metadata.google.internal/',
      'rtsp:// space/x',
      'not a url',
    ]) {
      assert.equal(PullUrl.safeParse(bad).success, false, bad);
    }
  });

  it('requires a pull URL exactly for pull cameras', () => {
    assert.equal(CameraCreate.safeParse({ name: 'a', sourceType: 'pull' }).success, false);
    assert.equal(CameraCreate.safeParse({ name: 'a', sourceType: 'push', pullUrl: 'rtsp://10.0.0.1/s' }).success, false);
    assert.equal(CameraCreate.safeParse({ name: 'a', sourceType: 'pull', pullUrl: 'rtsp://10.0.0.1/s' }).success, true);
  });
});
