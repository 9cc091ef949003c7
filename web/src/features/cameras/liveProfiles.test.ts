import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeProfile, PROFILE_PRESETS, presetFor } from './liveProfiles';

describe('live profile presets', () => {
  it('offers copy, source+480+360 and 720+480+360 with the agreed bitrates', () => {
    assert.deepEqual(
      PROFILE_PRESETS.map((p) => p.label),
      ['Copy (no transcoding)', 'Source + 480p + 360p', '720p + 480p + 360p'],
    );
    const ladder = PROFILE_PRESETS[2]?.profile;
    assert.deepEqual(ladder, {
      type: 'abr',
      sourceCopy: false,
      renditions: [
        { height: 720, videoKbps: 2800, audioKbps: 128 },
        { height: 480, videoKbps: 1400, audioKbps: 128 },
        { height: 360, videoKbps: 800, audioKbps: 96 },
      ],
    });
  });

  it("recognises each preset's own profile", () => {
    for (const preset of PROFILE_PRESETS) assert.equal(presetFor(preset.profile)?.id, preset.id);
  });

  it('treats any other ladder as custom and describes it by its heights', () => {
    const custom = {
      type: 'abr' as const,
      sourceCopy: true,
      renditions: [{ height: 240, videoKbps: 400, audioKbps: 64 }],
    };
    assert.equal(presetFor(custom), null);
    assert.equal(describeProfile(custom), 'Source + 240p');
  });
});
