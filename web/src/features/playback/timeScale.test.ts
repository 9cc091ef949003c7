import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  dayWindow,
  DEFAULT_ZOOM,
  followPlayhead,
  formatClock,
  formatJump,
  HOUR,
  localDateOf,
  MINUTE,
  panView,
  shiftDate,
  ticks,
  timeToX,
  viewAround,
  xToTime,
  zoomSpan,
} from './timeScale';

// A zone with daylight saving time (and an hour off UTC) so local days are really local.
process.env.TZ = 'Europe/Paris';

const at = (iso: string) => Date.parse(iso);

describe('local days', () => {
  it('runs from local midnight to the next', () => {
    assert.deepEqual(dayWindow('2026-01-15'), { start: at('2026-01-14T23:00:00Z'), end: at('2026-01-15T23:00:00Z') });
  });

  it('is 23 h on the day the clocks go forward and 25 h when they go back', () => {
    const spring = dayWindow('2026-03-29')!;
    assert.equal(spring.end - spring.start, 23 * HOUR);
    const autumn = dayWindow('2026-10-25')!;
    assert.equal(autumn.end - autumn.start, 25 * HOUR);
  });

  it('rejects values that are not dates', () => {
    assert.equal(dayWindow(''), null);
    assert.equal(dayWindow('2026-02-30'), null);
    assert.equal(dayWindow('15/01/2026'), null);
  });

  it('names the local day of a time, and steps across months and years', () => {
    assert.equal(localDateOf(at('2026-01-14T23:30:00Z')), '2026-01-15');
    assert.equal(shiftDate('2026-03-01', -1), '2026-02-28');
    assert.equal(shiftDate('2026-12-31', 1), '2027-01-01');
    assert.equal(shiftDate('2026-03-29', 1), '2026-03-30');
    assert.equal(shiftDate('nonsense', 1), 'nonsense');
  });
});

describe('the visible window', () => {
  const day = dayWindow('2026-01-15')!;

  it('shows the whole day in the widest zoom, even a 25 h day', () => {
    assert.deepEqual(viewAround(day, zoomSpan(DEFAULT_ZOOM), day.start + 5 * HOUR), day);
    const autumn = dayWindow('2026-10-25')!;
    assert.deepEqual(viewAround(autumn, zoomSpan('24h'), autumn.start), autumn);
  });

  it('centres a zoomed view on a time and keeps it inside the day', () => {
    assert.deepEqual(viewAround(day, HOUR, day.start + 10 * HOUR), { start: day.start + 9.5 * HOUR, end: day.start + 10.5 * HOUR });
    assert.deepEqual(viewAround(day, HOUR, day.start + 10 * MINUTE), { start: day.start, end: day.start + HOUR });
    assert.deepEqual(viewAround(day, HOUR, day.end - MINUTE), { start: day.end - HOUR, end: day.end });
  });

  it('pans by a fraction of its width, stopping at the edges of the day', () => {
    const view = viewAround(day, HOUR, day.start + 10 * HOUR);
    assert.deepEqual(panView(view, day, 0.5), { start: view.start + 30 * MINUTE, end: view.end + 30 * MINUTE });
    assert.deepEqual(panView(view, day, -100), { start: day.start, end: day.start + HOUR });
  });

  it('follows a playhead that leaves the view', () => {
    const view = viewAround(day, HOUR, day.start + 10 * HOUR); // 09:30–10:30
    assert.equal(followPlayhead(view, day, day.start + 10 * HOUR), view, 'inside: unchanged');
    const paged = followPlayhead(view, day, view.end - MINUTE);
    assert.equal(paged.start, view.end - MINUTE - 6 * MINUTE, 'next page with the playhead a tenth in');
    const jumped = followPlayhead(view, day, day.start + 20 * HOUR);
    assert.deepEqual(jumped, viewAround(day, HOUR, day.start + 20 * HOUR), 'a far jump centres');
    assert.equal(followPlayhead(view, day, day.end + HOUR), view, 'another day: unchanged');
  });
});

describe('time ↔ position', () => {
  const view = { start: at('2026-01-15T09:00:00Z'), end: at('2026-01-15T10:00:00Z') };

  it('maps both ways across the track', () => {
    assert.equal(xToTime(0, 600, view), view.start);
    assert.equal(xToTime(600, 600, view), view.end);
    assert.equal(xToTime(300, 600, view), at('2026-01-15T09:30:00Z'));
    assert.equal(timeToX(at('2026-01-15T09:15:00Z'), 600, view), 150);
    for (const x of [0, 1, 77.5, 599]) assert.ok(Math.abs(timeToX(xToTime(x, 600, view), 600, view) - x) < 0.01);
  });

  it('clamps positions outside the track, and survives a track without width', () => {
    assert.equal(xToTime(-20, 600, view), view.start);
    assert.equal(xToTime(900, 600, view), view.end);
    assert.equal(xToTime(10, 0, view), view.start);
  });
});

describe('ticks', () => {
  const day = dayWindow('2026-01-15')!;

  it('labels every hour on a wide day view, with quarter-hour minor ticks', () => {
    const list = ticks(day, day.start, 1600);
    const labelled = list.filter((t) => t.label);
    assert.equal(labelled.length, 25);
    assert.equal(labelled[0]!.label, '00:00');
    assert.equal(labelled[13]!.label, '13:00');
    assert.equal(list.length, 24 * 4 + 1);
    assert.ok(labelled.every((t) => t.hour));
  });

  it('labels fewer hours on a narrow track', () => {
    const labelled = ticks(day, day.start, 600).filter((t) => t.label);
    assert.deepEqual(
      labelled.map((t) => t.label),
      ['00:00', '03:00', '06:00', '09:00', '12:00', '15:00', '18:00', '21:00', '00:00'],
    );
  });

  it('labels minutes in a zoomed view, aligned on the local clock', () => {
    const view = { start: day.start + 9 * HOUR + 7 * MINUTE, end: day.start + 9 * HOUR + 22 * MINUTE };
    const labelled = ticks(view, day.start, 900).filter((t) => t.label);
    assert.deepEqual(
      labelled.map((t) => t.label),
      ['09:08', '09:10', '09:12', '09:14', '09:16', '09:18', '09:20', '09:22'],
    );
  });

  it('follows the local clock across a change to summer time', () => {
    const spring = dayWindow('2026-03-29')!;
    const labels = ticks(spring, spring.start, 2300)
      .filter((t) => t.label)
      .map((t) => t.label);
    assert.deepEqual(labels.slice(0, 4), ['00:00', '01:00', '03:00', '04:00']);
    assert.equal(labels.length, 24);
  });

  it('gives nothing for an empty view or track', () => {
    assert.deepEqual(ticks({ start: 5, end: 5 }, 0, 600), []);
    assert.deepEqual(ticks(day, day.start, 0), []);
  });
});

describe('formatting', () => {
  it('shows local 24 h time', () => {
    assert.equal(formatClock(at('2026-01-15T13:05:09Z')), '14:05:09');
    assert.equal(formatClock(at('2026-01-15T13:05:09Z'), false), '14:05');
  });

  it('labels jumps', () => {
    assert.equal(formatJump(-60_000), '−1 min');
    assert.equal(formatJump(10_000), '+10 s');
    assert.equal(formatJump(-10_000), '−10 s');
  });
});
