import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../api/errors';
import { playbackErrorMessage } from './messages';

describe('playbackErrorMessage', () => {
  it('says plainly that nothing was recorded (404) or that playback is not allowed (403)', () => {
    assert.equal(playbackErrorMessage(new ApiError(404, 'Recording in that range not found')), 'Nothing was recorded at this time.');
    assert.equal(playbackErrorMessage(new ApiError(403, 'Forbidden')), 'You are not allowed to play back recordings of this camera.');
  });

  it("passes the server's message on for other failures", () => {
    assert.equal(playbackErrorMessage(new ApiError(400, 'A playback range is at most 7 days')), 'A playback range is at most 7 days');
  });

  it('recognises a network failure', () => {
    assert.equal(playbackErrorMessage(new TypeError('Failed to fetch')), 'Cannot reach the Argus server.');
  });
});
