import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextPlayerState, PLAYER_STATE_LABELS, PLAYER_TRANSITIONS, type PlayerEvent, type PlayerState } from './playerState';

describe('player state machine', () => {
  const cases: [PlayerState, PlayerEvent, PlayerState][] = [
    ['idle', 'load', 'connecting'],
    ['connecting', 'playing', 'playing'],
    ['connecting', 'notLive', 'offline'],
    ['connecting', 'recover', 'reconnecting'],
    ['connecting', 'fail', 'error'],
    ['playing', 'waiting', 'buffering'],
    ['buffering', 'playing', 'playing'],
    ['playing', 'recover', 'reconnecting'],
    ['reconnecting', 'playing', 'playing'],
    ['reconnecting', 'fail', 'error'],
    ['reconnecting', 'notLive', 'offline'],
    ['offline', 'load', 'connecting'],
    ['offline', 'fail', 'error'],
    ['error', 'load', 'connecting'],
    ['playing', 'stop', 'idle'],
  ];
  for (const [from, event, to] of cases) {
    it(`goes from ${from} to ${to} on ${event}`, () => {
      assert.equal(nextPlayerState(from, event), to);
    });
  }

  it('ignores events that make no sense in a state', () => {
    assert.equal(nextPlayerState('offline', 'waiting'), 'offline');
    assert.equal(nextPlayerState('offline', 'playing'), 'offline');
    assert.equal(nextPlayerState('error', 'recover'), 'error');
    assert.equal(nextPlayerState('connecting', 'waiting'), 'connecting');
    assert.equal(nextPlayerState('playing', 'load'), 'playing');
  });

  it('can get back to connecting from every state', () => {
    for (const state of Object.keys(PLAYER_TRANSITIONS) as PlayerState[]) {
      const reachable = new Set<PlayerState>([state]);
      for (let i = 0; i < 5; i++) {
        for (const s of [...reachable]) for (const to of Object.values(PLAYER_TRANSITIONS[s])) reachable.add(to);
      }
      assert.ok(reachable.has('connecting'), `${state} can't get back to connecting`);
    }
  });

  it('labels every state but playing', () => {
    for (const state of Object.keys(PLAYER_TRANSITIONS) as PlayerState[]) {
      assert.equal(PLAYER_STATE_LABELS[state] === null, state === 'playing', state);
    }
  });
});
