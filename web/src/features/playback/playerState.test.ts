import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  hasMedia,
  nextRecordedState,
  RECORDED_STATE_LABELS,
  RECORDED_TRANSITIONS,
  type RecordedEvent,
  type RecordedState,
} from './playerState';

describe('recorded player state machine', () => {
  const cases: [RecordedState, RecordedEvent, RecordedState][] = [
    ['idle', 'load', 'loading'],
    ['loading', 'playing', 'playing'],
    ['loading', 'pause', 'paused'],
    ['loading', 'notFound', 'noRecording'],
    ['loading', 'fail', 'error'],
    ['loading', 'load', 'loading'],
    ['playing', 'pause', 'paused'],
    ['playing', 'waiting', 'buffering'],
    ['playing', 'ended', 'ended'],
    ['playing', 'load', 'loading'],
    ['paused', 'playing', 'playing'],
    ['buffering', 'playing', 'playing'],
    ['buffering', 'pause', 'paused'],
    ['ended', 'playing', 'playing'],
    ['ended', 'load', 'loading'],
    ['noRecording', 'load', 'loading'],
    ['error', 'load', 'loading'],
    ['playing', 'stop', 'idle'],
    ['noRecording', 'stop', 'idle'],
  ];
  for (const [from, event, to] of cases) {
    it(`goes from ${from} to ${to} on ${event}`, () => {
      assert.equal(nextRecordedState(from, event), to);
    });
  }

  it('ignores events that make no sense in a state', () => {
    assert.equal(nextRecordedState('idle', 'waiting'), 'idle');
    assert.equal(nextRecordedState('noRecording', 'playing'), 'noRecording');
    assert.equal(nextRecordedState('error', 'waiting'), 'error');
    assert.equal(nextRecordedState('paused', 'waiting'), 'paused');
  });

  it('can always start over and always be stopped, except when already idle', () => {
    for (const state of Object.keys(RECORDED_TRANSITIONS) as RecordedState[]) {
      assert.equal(nextRecordedState(state, 'load'), 'loading', state);
      if (state !== 'idle') assert.equal(nextRecordedState(state, 'stop'), 'idle', state);
    }
  });

  it('labels the states that hide the picture', () => {
    assert.equal(RECORDED_STATE_LABELS.playing, null);
    assert.equal(RECORDED_STATE_LABELS.noRecording, 'Nothing recorded here');
  });

  it('knows which states hold a seekable playlist', () => {
    assert.equal(hasMedia('paused'), true);
    assert.equal(hasMedia('loading'), false);
    assert.equal(hasMedia('noRecording'), false);
  });
});
