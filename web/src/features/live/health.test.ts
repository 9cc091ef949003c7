import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  appendHealthSample,
  formatCodecs,
  formatFps,
  formatKbps,
  formatResolution,
  formatSpeed,
  historySeries,
  type HealthData,
  type HealthSample,
} from './health';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const sample = (seconds: number, fps: number | null = 25): HealthSample & { restarts: number } => ({
  at: new Date(T0 + seconds * 1000).toISOString(),
  fps,
  bitrateKbps: 2000,
  inputKbps: 2100,
  speed: 1,
  restarts: 0,
});
const empty: HealthData<ReturnType<typeof sample>> = { current: null, history: [] };
const ats = (data: HealthData<HealthSample>) => data.history.map((p) => (Date.parse(p.at) - T0) / 1000);

describe('appendHealthSample', () => {
  it('makes the sample current and adds it to the history without extra fields', () => {
    const next = appendHealthSample(empty, sample(0));
    assert.equal(next.current?.restarts, 0);
    assert.deepEqual(next.history, [{ at: sample(0).at, fps: 25, bitrateKbps: 2000, inputKbps: 2100, speed: 1 }]);
  });

  it('keeps the history in time order when a sample arrives late', () => {
    let data = appendHealthSample(empty, sample(0));
    data = appendHealthSample(data, sample(10));
    data = appendHealthSample(data, sample(5));
    assert.deepEqual(ats(data), [0, 5, 10]);
    assert.equal(data.current?.at, sample(10).at, 'a late sample does not replace a newer current one');
  });

  it('ignores a second sample for the same instant', () => {
    let data = appendHealthSample(empty, sample(0));
    data = appendHealthSample(data, sample(5));
    const again = appendHealthSample(data, sample(0, 10));
    assert.deepEqual(ats(again), [0, 5]);
  });

  it('drops samples older than the window', () => {
    let data: HealthData<ReturnType<typeof sample>> = empty;
    for (const s of [0, 30, 60, 90]) data = appendHealthSample(data, sample(s), { windowMs: 60_000 });
    assert.deepEqual(ats(data), [30, 60, 90]);
  });

  it('keeps at most the newest points', () => {
    let data: HealthData<ReturnType<typeof sample>> = empty;
    for (let s = 0; s < 10; s++) data = appendHealthSample(data, sample(s), { maxPoints: 4 });
    assert.deepEqual(ats(data), [6, 7, 8, 9]);
  });

  it('ignores a sample without a valid time', () => {
    const data = appendHealthSample(empty, sample(0));
    assert.equal(appendHealthSample(data, { ...sample(1), at: 'later' }), data);
  });
});

describe('historySeries', () => {
  it('turns one field of the history into chart points, keeping gaps', () => {
    const history = [sample(0), sample(1, null)];
    assert.deepEqual(historySeries(history, 'fps'), [
      { t: T0, v: 25 },
      { t: T0 + 1000, v: null },
    ]);
  });
});

describe('health formatting', () => {
  it('formats readings with units', () => {
    assert.equal(formatFps(29.97), `${(30.0).toFixed(1)} fps`);
    assert.equal(formatKbps(850), '850 kbps');
    assert.equal(formatKbps(2450), `${(2.5).toFixed(1)} Mbps`);
    assert.equal(formatSpeed(1), `${(1).toFixed(2)}×`);
    assert.equal(formatResolution(1920, 1080), '1920×1080');
    assert.equal(formatCodecs('h264', 'aac'), 'h264 / aac');
    assert.equal(formatCodecs('h264', null), 'h264');
  });

  it('shows a dash for a missing reading', () => {
    assert.deepEqual(
      [formatFps(null), formatKbps(null), formatSpeed(undefined), formatResolution(null, 1080), formatCodecs(null, null)],
      ['—', '—', '—', '—', '—'],
    );
  });
});
