import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartMax, linePath, niceCeil, seriesSummary, ticks, xFor, yFor, type ChartFrame } from './chart';

describe('niceCeil', () => {
  it('rounds up to a round multiple of a power of ten', () => {
    assert.deepEqual([0.7, 1.2, 2.1, 7, 27, 33, 240, 2870, 5001, 9000].map(niceCeil), [0.8, 1.5, 2.5, 8, 30, 40, 250, 3000, 6000, 10000]);
  });

  it('keeps round numbers', () => {
    assert.deepEqual([1, 2, 25, 30, 500, 1000].map(niceCeil), [1, 2, 25, 30, 500, 1000]);
  });

  it('gives 1 when there is nothing to scale', () => {
    assert.deepEqual([0, -5, NaN, Infinity].map(niceCeil), [1, 1, 1, 1]);
  });
});

describe('chartMax', () => {
  it('leaves headroom above the highest value', () => {
    assert.equal(
      chartMax([
        { t: 0, v: 25 },
        { t: 1, v: 30 },
        { t: 2, v: null },
      ]),
      40,
    );
    assert.equal(chartMax([{ t: 0, v: 2200 }]), 2500);
  });

  it('includes a floor such as a threshold', () => {
    assert.equal(chartMax([{ t: 0, v: 10 }], 40), 50);
    assert.equal(chartMax([{ t: 0, v: 10 }], 0), 15);
  });

  it('is 1 with no values', () => {
    assert.equal(chartMax([{ t: 0, v: null }]), 1);
  });
});

describe('linePath', () => {
  const frame: ChartFrame = { width: 100, height: 50, t0: 0, t1: 10_000, yMax: 30 };

  it('maps time to x and value to y, 0 at the bottom', () => {
    assert.equal(xFor(5000, frame), 50);
    assert.equal(yFor(30, frame), 0);
    assert.equal(yFor(15, frame), 25);
    assert.equal(yFor(0, frame), 50);
  });

  it('clamps values outside the axis', () => {
    assert.equal(yFor(60, frame), 0);
    assert.equal(yFor(-1, frame), 50);
  });

  it('draws one line through the points in time order', () => {
    const path = linePath(
      [
        { t: 10_000, v: 30 },
        { t: 0, v: 0 },
        { t: 5000, v: 15 },
      ],
      frame,
    );
    assert.equal(path, 'M0 50L50 25L100 0');
  });

  it('breaks the line at gaps and keeps a lone point visible', () => {
    const path = linePath(
      [
        { t: 0, v: 30 },
        { t: 2000, v: 30 },
        { t: 4000, v: null },
        { t: 6000, v: 15 },
        { t: 8000, v: null },
      ],
      frame,
    );
    assert.equal(path, 'M0 0L20 0M60 25h0.01');
  });

  it('leaves out points outside the time range', () => {
    assert.equal(
      linePath(
        [
          { t: -1000, v: 30 },
          { t: 0, v: 30 },
          { t: 10_000, v: 30 },
          { t: 11_000, v: 0 },
        ],
        frame,
      ),
      'M0 0L100 0',
    );
  });

  it('is empty with no values', () => {
    assert.equal(linePath([], frame), '');
    assert.equal(linePath([{ t: 1000, v: null }], frame), '');
  });
});

describe('ticks', () => {
  it('splits the axis evenly', () => {
    assert.deepEqual(ticks(50), [0, 25, 50]);
    assert.deepEqual(ticks(2.5, 5), [0, 0.5, 1, 1.5, 2, 2.5]);
  });
});

describe('seriesSummary', () => {
  it('finds the latest, lowest and highest values, skipping gaps', () => {
    assert.deepEqual(
      seriesSummary([
        { t: 3, v: 20 },
        { t: 1, v: 30 },
        { t: 2, v: 10 },
        { t: 4, v: null },
      ]),
      { latest: 20, min: 10, max: 30 },
    );
  });

  it('is null without values', () => {
    assert.equal(seriesSummary([{ t: 1, v: null }]), null);
    assert.equal(seriesSummary([]), null);
  });
});
