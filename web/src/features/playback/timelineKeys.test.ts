import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyTarget } from './timelineKeys';
import { HOUR, MINUTE, SECOND } from './timeScale';

const DAY = { start: Date.parse('2026-01-15T00:00:00Z'), end: Date.parse('2026-01-16T00:00:00Z') };
const NOON = DAY.start + 12 * HOUR;
const LATER = DAY.end + HOUR;

describe('keyTarget', () => {
  it('steps 10 s with the arrows and a minute with Shift', () => {
    assert.equal(keyTarget('ArrowRight', false, NOON, DAY, LATER), NOON + 10 * SECOND);
    assert.equal(keyTarget('ArrowLeft', false, NOON, DAY, LATER), NOON - 10 * SECOND);
    assert.equal(keyTarget('ArrowLeft', true, NOON, DAY, LATER), NOON - MINUTE);
    assert.equal(keyTarget('ArrowUp', true, NOON, DAY, LATER), NOON + MINUTE);
  });

  it('pages 10 minutes', () => {
    assert.equal(keyTarget('PageUp', false, NOON, DAY, LATER), NOON + 10 * MINUTE);
    assert.equal(keyTarget('PageDown', false, NOON, DAY, LATER), NOON - 10 * MINUTE);
  });

  it('goes to the start of the day, and to its end or to now', () => {
    assert.equal(keyTarget('Home', false, NOON, DAY, LATER), DAY.start);
    assert.equal(keyTarget('End', false, NOON, DAY, LATER), DAY.end - SECOND);
    assert.equal(keyTarget('End', false, NOON - HOUR, DAY, NOON), NOON);
  });

  it('stays inside the day and before now', () => {
    assert.equal(keyTarget('ArrowLeft', false, DAY.start + SECOND, DAY, LATER), DAY.start);
    assert.equal(keyTarget('PageUp', false, NOON - MINUTE, DAY, NOON), NOON);
  });

  it('ignores other keys', () => {
    assert.equal(keyTarget('a', false, NOON, DAY, LATER), null);
    assert.equal(keyTarget('Enter', false, NOON, DAY, LATER), null);
  });
});
