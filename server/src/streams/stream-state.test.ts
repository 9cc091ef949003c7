import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeHealth, transition } from './stream-state';

describe('stream state machine', () => {
  it('goes offline → starting → online on publish and the first segment', () => {
    const a = transition('offline', null, { type: 'publish_started' });
    assert.deepEqual(a, { status: 'starting', reason: null, changed: true });
    assert.deepEqual(transition(a.status, null, { type: 'pipeline_ready' }), { status: 'online', reason: null, changed: true });
  });

  it('moves between online and degraded by health, keeping the reason', () => {
    const d = transition('online', null, { type: 'health', healthy: false, reason: 'fps 3.0 < 10' });
    assert.deepEqual(d, { status: 'degraded', reason: 'fps 3.0 < 10', changed: true });
    assert.equal(transition('degraded', 'fps 3.0 < 10', { type: 'health', healthy: false, reason: 'fps 3.0 < 10' }).changed, false);
    assert.deepEqual(transition('degraded', 'x', { type: 'health', healthy: true }), { status: 'online', reason: null, changed: true });
  });

  it('ignores health while starting or offline', () => {
    assert.equal(transition('starting', null, { type: 'health', healthy: false }).changed, false);
    assert.equal(transition('offline', null, { type: 'health', healthy: true }).status, 'offline');
  });

  it('goes offline with the reason when the publisher leaves, from any live state', () => {
    for (const s of ['starting', 'online', 'degraded'] as const) {
      assert.deepEqual(transition(s, null, { type: 'publish_ended', reason: 'publisher disconnected' }), {
        status: 'offline',
        reason: 'publisher disconnected',
        changed: true,
      });
    }
  });

  it('enters error from anywhere and keeps the error when the publisher then leaves', () => {
    for (const s of ['offline', 'starting', 'online', 'degraded'] as const) {
      assert.equal(transition(s, null, { type: 'failed', reason: 'pipeline keeps failing' }).status, 'error');
    }
    assert.deepEqual(transition('error', 'HEVC', { type: 'publish_ended', reason: 'gone' }), {
      status: 'error',
      reason: 'HEVC',
      changed: false,
    });
    assert.equal(transition('error', 'HEVC', { type: 'publish_started' }).status, 'starting');
    assert.equal(transition('error', 'HEVC', { type: 'reset' }).status, 'offline');
  });
});

describe('judgeHealth', () => {
  const t = { minFps: 20, minBitrateKbps: 500 };
  it('is healthy within thresholds', () => {
    assert.deepEqual(judgeHealth({ fps: 25, inputKbps: 2000, speed: 1 }, t), { healthy: true });
  });
  it('names every threshold that is missed', () => {
    assert.deepEqual(judgeHealth({ fps: 12, inputKbps: 300, speed: 0.9 }, t), {
      healthy: false,
      reason: 'fps 12.0 < 20; bitrate 300 kbps < 500; speed 0.90x < 0.95x',
    });
  });
  it('ignores thresholds that are not set and values not yet known', () => {
    assert.deepEqual(judgeHealth({ fps: 1, inputKbps: 1, speed: null }, { minFps: null, minBitrateKbps: null }), { healthy: true });
    assert.deepEqual(judgeHealth({ fps: null, inputKbps: null, speed: 1 }, t), { healthy: true });
  });
});
