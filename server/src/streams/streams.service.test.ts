import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unsupportedSourceReason } from './streams.service';

describe('unsupportedSourceReason (why a pull camera cannot be relayed)', () => {
  it('explains video that FLV cannot carry', () => {
    assert.equal(
      unsupportedSourceReason(['[flv @ 0x55] Video codec hevc not compatible with flv', 'Could not write header for output file #0']),
      'The camera sends HEVC video, which RTMP/FLV cannot carry; configure the camera for H.264',
    );
    assert.match(unsupportedSourceReason(['[flv @ 0x1] codec vp9 is not supported in container']) ?? '', /VP9 video/);
  });

  it('explains refused credentials and wrong paths', () => {
    assert.match(unsupportedSourceReason(['[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized']) ?? '', /refused the credentials/);
    assert.match(unsupportedSourceReason(['[rtsp @ 0x1] method DESCRIBE failed: 404 Not Found']) ?? '', /no stream at that path/);
  });

  it('says nothing for ordinary network failures (those are retried)', () => {
    assert.equal(unsupportedSourceReason(['Connection to tcp://10.0.0.1:554 failed: Connection refused']), null);
  });
});
