import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLive, parseColumns } from './liveGrid';

describe('parseColumns', () => {
  it('accepts 1 to 4 columns', () => {
    assert.deepEqual(['1', '2', '3', '4'].map(parseColumns), ['1', '2', '3', '4']);
  });

  it('falls back to automatic for anything else', () => {
    assert.deepEqual([null, undefined, '', '0', '5', 'three', 'auto'].map(parseColumns), [
      'auto',
      'auto',
      'auto',
      'auto',
      'auto',
      'auto',
      'auto',
    ]);
  });
});

describe('isLive', () => {
  it('plays online and degraded cameras only', () => {
    assert.deepEqual(['online', 'degraded', 'starting', 'offline', 'error'].map(isLive), [true, true, false, false, false]);
  });
});
