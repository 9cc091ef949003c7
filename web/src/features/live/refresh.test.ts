import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_TIMER_MS, refreshDelayMs, serverNow } from './refresh';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const inSeconds = (s: number) => new Date(NOW + s * 1000).toISOString();

describe('refreshDelayMs', () => {
  it('refreshes 30 s before a long-lived URL expires', () => {
    assert.equal(refreshDelayMs(inSeconds(600), NOW), 570_000);
    assert.equal(refreshDelayMs(inSeconds(3600), NOW), 3_570_000);
  });

  it('refreshes halfway through a URL that lives less than twice the lead', () => {
    assert.equal(refreshDelayMs(inSeconds(40), NOW), 20_000);
    assert.equal(refreshDelayMs(inSeconds(20), NOW), 10_000);
  });

  it('never schedules sooner than the minimum delay, even for an expired URL', () => {
    assert.equal(refreshDelayMs(inSeconds(4), NOW), 5000);
    assert.equal(refreshDelayMs(inSeconds(0), NOW), 5000);
    assert.equal(refreshDelayMs(inSeconds(-600), NOW), 5000);
    assert.equal(refreshDelayMs(inSeconds(-600), NOW, { minDelayMs: 1000 }), 1000);
  });

  it('caps the delay at what setTimeout can hold', () => {
    assert.equal(refreshDelayMs(inSeconds(60 * 24 * 3600), NOW), MAX_TIMER_MS);
  });

  it('falls back to a fixed delay when the expiry is not a date', () => {
    assert.equal(refreshDelayMs('soon', NOW), 60_000);
    assert.equal(refreshDelayMs('soon', NOW, { fallbackMs: 15_000 }), 15_000);
  });

  it('honours a custom lead', () => {
    assert.equal(refreshDelayMs(inSeconds(600), NOW, { leadMs: 120_000 }), 480_000);
  });

  it('measures from the server clock, whatever the local clock says', () => {
    const serverTime = serverNow('Sun, 01 Mar 2026 12:00:00 GMT', NOW + 3_600_000);
    assert.equal(refreshDelayMs(inSeconds(600), serverTime), 570_000);
  });
});

describe('serverNow', () => {
  it('reads an HTTP Date header', () => {
    assert.equal(serverNow('Sun, 01 Mar 2026 12:00:00 GMT', 0), NOW);
  });

  it('falls back to the local clock without a usable header', () => {
    assert.equal(serverNow(null, 42), 42);
    assert.equal(serverNow('garbage', 42), 42);
  });
});
