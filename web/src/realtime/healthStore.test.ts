import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LatestHealthStore } from './healthStore';

const report = (cameraId: string, second: number, fps = 25) => ({
  cameraId,
  at: new Date(Date.UTC(2026, 2, 1, 12, 0, second)).toISOString(),
  fps,
});

describe('LatestHealthStore', () => {
  it('keeps the newest report per camera', () => {
    const store = new LatestHealthStore<ReturnType<typeof report>>();
    store.set(report('a', 1, 20));
    store.set(report('a', 3, 30));
    store.set(report('a', 2, 10));
    store.set(report('b', 0, 5));
    assert.equal(store.get('a')?.fps, 30);
    assert.equal(store.get('b')?.fps, 5);
    assert.equal(store.get('c'), null);
  });

  it('notifies only the subscribers of the camera that changed', () => {
    const store = new LatestHealthStore<ReturnType<typeof report>>();
    const calls: string[] = [];
    const stopA = store.subscribe('a', () => calls.push('a'));
    store.subscribe('b', () => calls.push('b'));
    store.set(report('a', 1));
    store.set(report('a', 0));
    stopA();
    store.set(report('a', 2));
    store.set(report('b', 2));
    assert.deepEqual(calls, ['a', 'b']);
  });

  it('forgets every report on clear and tells the subscribers', () => {
    const store = new LatestHealthStore<ReturnType<typeof report>>();
    let calls = 0;
    store.subscribe('a', () => calls++);
    store.set(report('a', 1));
    store.clear();
    assert.equal(store.get('a'), null);
    assert.equal(calls, 2);
  });
});
