import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layoutSpans, nextSpanAfter, parseSpans, prevSpanBefore, recordedWithin, spanAt, unionSpans } from './spans';

const s = (start: number, end: number) => ({ start, end });
const round = (n: number) => Math.round(n * 1e6) / 1e6;

describe('parseSpans', () => {
  it('parses ISO pairs into sorted millisecond spans, dropping bad and empty ones', () => {
    assert.deepEqual(
      parseSpans([
        { from: '2026-01-15T10:00:10.000Z', to: '2026-01-15T10:00:20.000Z' },
        { from: '2026-01-15T09:00:00.000Z', to: '2026-01-15T09:30:00.000Z' },
        { from: 'garbage', to: '2026-01-15T09:30:00.000Z' },
        { from: '2026-01-15T11:00:00.000Z', to: '2026-01-15T11:00:00.000Z' },
      ]),
      [
        s(Date.parse('2026-01-15T09:00:00Z'), Date.parse('2026-01-15T09:30:00Z')),
        s(Date.parse('2026-01-15T10:00:10Z'), Date.parse('2026-01-15T10:00:20Z')),
      ],
    );
  });
});

describe('looking spans up', () => {
  const spans = [s(10, 20), s(30, 40), s(50, 60)];

  it('finds the span containing a time: start inclusive, end exclusive', () => {
    assert.deepEqual(spanAt(spans, 10), s(10, 20));
    assert.deepEqual(spanAt(spans, 39), s(30, 40));
    assert.equal(spanAt(spans, 40), null);
    assert.equal(spanAt(spans, 5), null);
    assert.equal(spanAt(spans, 60), null);
    assert.equal(spanAt([], 5), null);
  });

  it('finds the next and the previous recording around a gap', () => {
    assert.deepEqual(nextSpanAfter(spans, 25), s(30, 40));
    assert.deepEqual(nextSpanAfter(spans, 10), s(30, 40));
    assert.equal(nextSpanAfter(spans, 55), null);
    assert.deepEqual(prevSpanBefore(spans, 45), s(30, 40));
    assert.deepEqual(prevSpanBefore(spans, 40), s(30, 40));
    assert.equal(prevSpanBefore(spans, 15), null);
  });
});

describe('unionSpans', () => {
  it('merges the recordings of several cameras', () => {
    assert.deepEqual(unionSpans([[s(10, 20), s(50, 60)], [s(15, 30), s(70, 80)], []]), [s(10, 30), s(50, 60), s(70, 80)]);
  });

  it('joins spans that touch or nearly touch', () => {
    assert.deepEqual(unionSpans([[s(10, 20)], [s(20, 30)]]), [s(10, 30)]);
    assert.deepEqual(unionSpans([[s(10, 20)], [s(22, 30)]], 2), [s(10, 30)]);
    assert.deepEqual(unionSpans([[s(10, 20)], [s(23, 30)]], 2), [s(10, 20), s(23, 30)]);
  });

  it('does not change its input', () => {
    const a = [s(10, 20)];
    unionSpans([a, [s(15, 30)]]);
    assert.deepEqual(a, [s(10, 20)]);
  });
});

describe('recordedWithin', () => {
  it('adds up the recorded time inside a window', () => {
    assert.equal(recordedWithin([s(0, 10), s(20, 30), s(40, 50)], s(5, 45)), 5 + 10 + 5);
  });
});

describe('layoutSpans', () => {
  const view = s(1000, 2000);

  it('places spans as fractions of the track, clipped to the view', () => {
    const boxes = layoutSpans([s(0, 900), s(900, 1250), s(1500, 1600), s(1900, 2500), s(2100, 2200)], view);
    assert.deepEqual(
      boxes.map((b) => [b.span.start, round(b.left), round(b.width)]),
      [
        [900, 0, 0.25],
        [1500, 0.5, 0.1],
        [1900, 0.9, 0.1],
      ],
    );
  });

  it('keeps a very short recording visible, inside the track', () => {
    assert.deepEqual(layoutSpans([s(1500, 1501)], view, 0.01), [{ span: s(1500, 1501), left: 0.5, width: 0.01 }]);
    assert.deepEqual(layoutSpans([s(1999, 2000)], view, 0.01), [{ span: s(1999, 2000), left: 0.99, width: 0.01 }]);
  });
});
