import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeVideo, formatBytes, formatDurationInput, formatDurationMs, parseDuration } from './units';

describe('formatBytes', () => {
  it('shows bytes below a kilobyte as whole bytes', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(999), '999 B');
  });

  it('uses one decimal below 10 units and whole numbers above, in decimal units', () => {
    assert.equal(formatBytes(1000), '1.0 kB');
    assert.equal(formatBytes(1_234_567), '1.2 MB');
    assert.equal(formatBytes(38_400_000), '38 MB');
    assert.equal(formatBytes(4_700_000_000), '4.7 GB');
    assert.equal(formatBytes(2_500_000_000_000), '2.5 TB');
  });

  it('rounds up into the next unit instead of showing 1000 of the smaller one', () => {
    assert.equal(formatBytes(999_700), '1.0 MB');
    assert.equal(formatBytes(9_960_000), '10 MB');
  });

  it('shows a dash for unknown or nonsense sizes', () => {
    assert.equal(formatBytes(null), '—');
    assert.equal(formatBytes(undefined), '—');
    assert.equal(formatBytes(-1), '—');
    assert.equal(formatBytes(Number.NaN), '—');
  });
});

describe('formatDurationMs', () => {
  it('shows tenths of a second below 10 s', () => {
    assert.equal(formatDurationMs(0), '0.0 s');
    assert.equal(formatDurationMs(400), '0.4 s');
    assert.equal(formatDurationMs(9_840), '9.8 s');
  });

  it('shows whole seconds, then minutes and seconds, hours and minutes, days and hours', () => {
    assert.equal(formatDurationMs(9_960), '10 s');
    assert.equal(formatDurationMs(10_000), '10 s');
    assert.equal(formatDurationMs(42_300), '42 s');
    assert.equal(formatDurationMs(59_600), '1 min 00 s');
    assert.equal(formatDurationMs(245_000), '4 min 05 s');
    assert.equal(formatDurationMs(3_600_000), '1 h 00 min');
    assert.equal(formatDurationMs(3_720_000), '1 h 02 min');
    assert.equal(formatDurationMs(183_600_000), '2 d 3 h');
  });

  it('shows a dash for an unknown duration (a chunk still being written)', () => {
    assert.equal(formatDurationMs(null), '—');
    assert.equal(formatDurationMs(-5), '—');
  });
});

describe('parseDuration', () => {
  it('reads a bare number as seconds', () => {
    assert.equal(parseDuration('90'), 90_000);
    assert.equal(parseDuration(' 2.5 '), 2_500);
  });

  it('reads units, alone or combined largest first', () => {
    assert.equal(parseDuration('45s'), 45_000);
    assert.equal(parseDuration('5m'), 300_000);
    assert.equal(parseDuration('5 min'), 300_000);
    assert.equal(parseDuration('1.5h'), 5_400_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('1h 30m 10s'), 5_410_000);
    assert.equal(parseDuration('2 Hours'), 7_200_000);
  });

  it('reads clock notation as min:s or h:min:s', () => {
    assert.equal(parseDuration('05:00'), 300_000);
    assert.equal(parseDuration('1:30:00'), 5_400_000);
  });

  it('refuses what it cannot read', () => {
    for (const text of ['', 'abc', '5x', '1h30', '30m 1h', '5m5m', '1:75', '-5s', 'm']) {
      assert.equal(parseDuration(text), null, text);
    }
  });
});

describe('formatDurationInput', () => {
  it('writes the compact form that parseDuration reads back', () => {
    for (const [ms, text] of [
      [300_000, '5m'],
      [5_410_000, '1h30m10s'],
      [45_000, '45s'],
      [3_600_000, '1h'],
      [2_500, '2.5s'],
    ] as const) {
      assert.equal(formatDurationInput(ms), text);
      assert.equal(parseDuration(text), ms);
    }
  });
});

describe('describeVideo', () => {
  it('names the codec family and the frame size', () => {
    assert.equal(describeVideo('avc1.64001f', 1280, 720), 'H.264 · 1280×720');
    assert.equal(describeVideo('hvc1.1.6.L93.B0', null, null), 'H.265');
    assert.equal(describeVideo(null, 640, 360), '640×360');
    assert.equal(describeVideo('mp4v.20.9', 320, 240), 'mp4v.20.9 · 320×240');
    assert.equal(describeVideo(null, null, null), '—');
  });
});
