import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  changeSearch,
  clearFilters,
  DEFAULT_LIMIT,
  hasFilters,
  parseRecordingSearch,
  rangeIsInverted,
  recordingSearchParams,
  recordingsApiQuery,
  toggleSort,
  type RecordingSearch,
} from './search';

const empty: RecordingSearch = {
  cameraIds: [],
  from: null,
  to: null,
  minDurationMs: null,
  state: null,
  sort: '-startAt',
  limit: DEFAULT_LIMIT,
  offset: 0,
};

const parse = (query: string) => parseRecordingSearch(new URLSearchParams(query));

describe('parseRecordingSearch', () => {
  it('gives the default search for an empty query', () => {
    assert.deepEqual(parse(''), empty);
  });

  it('reads every filter, sort and page', () => {
    assert.deepEqual(
      parse(
        'camera=a,b&from=2026-03-01T10:00:00.000Z&to=2026-03-01T12:00:00.000Z&minDuration=5m&state=recovered&sort=-bytes&limit=25&offset=75',
      ),
      {
        cameraIds: ['a', 'b'],
        from: '2026-03-01T10:00:00.000Z',
        to: '2026-03-01T12:00:00.000Z',
        minDurationMs: 300_000,
        state: 'recovered',
        sort: '-bytes',
        limit: 25,
        offset: 75,
      },
    );
  });

  it('normalizes times to UTC ISO', () => {
    assert.equal(parse('from=2026-03-01T11:00:00%2B01:00').from, '2026-03-01T10:00:00.000Z');
  });

  it('drops what it cannot read instead of failing', () => {
    assert.deepEqual(parse('camera=,a,a,bad%20id,&from=yesterday&minDuration=soon&state=lost&sort=name&limit=x&offset=-3'), {
      ...empty,
      cameraIds: ['a'],
    });
  });

  it('keeps page size and offset within bounds and minimum durations within a day', () => {
    assert.equal(parse('limit=0').limit, 1);
    assert.equal(parse('limit=5000').limit, 100);
    assert.equal(parse('minDuration=25h').minDurationMs, null);
    assert.equal(parse('minDuration=0').minDurationMs, null);
  });
});

describe('recordingSearchParams', () => {
  it('leaves defaults out, so the plain page has a plain URL', () => {
    assert.equal(recordingSearchParams(empty).toString(), '');
  });

  it('round-trips through parseRecordingSearch', () => {
    const search: RecordingSearch = {
      cameraIds: ['cam-1', 'cam-2'],
      from: '2026-03-01T10:00:00.000Z',
      to: '2026-03-02T10:00:00.000Z',
      minDurationMs: 5_400_000,
      state: 'corrupt',
      sort: 'durationMs',
      limit: 10,
      offset: 20,
    };
    const params = recordingSearchParams(search);
    assert.equal(
      params.toString(),
      'camera=cam-1%2Ccam-2&from=2026-03-01T10%3A00%3A00.000Z&to=2026-03-02T10%3A00%3A00.000Z&minDuration=1h30m&state=corrupt&sort=durationMs&limit=10&offset=20',
    );
    assert.deepEqual(parseRecordingSearch(params), search);
  });
});

describe('changeSearch', () => {
  it('goes back to the first page when a filter or the sort changes', () => {
    const onPage3 = { ...empty, offset: 100 };
    assert.equal(changeSearch(onPage3, { state: 'missing' }).offset, 0);
    assert.equal(changeSearch(onPage3, { sort: 'bytes' }).offset, 0);
  });

  it('keeps the offset it is given when paging', () => {
    assert.equal(changeSearch(empty, { offset: 50 }).offset, 50);
  });
});

describe('hasFilters and clearFilters', () => {
  it('counts filters but not sort or paging', () => {
    assert.equal(hasFilters({ ...empty, sort: 'bytes', limit: 10, offset: 10 }), false);
    assert.equal(hasFilters({ ...empty, cameraIds: ['a'] }), true);
    assert.equal(hasFilters({ ...empty, minDurationMs: 1000 }), true);
  });

  it('clears the filters, keeps sort and page size, and goes to the first page', () => {
    const search = { ...empty, cameraIds: ['a'], state: 'complete' as const, sort: 'bytes' as const, limit: 10, offset: 30 };
    assert.deepEqual(clearFilters(search), { ...empty, sort: 'bytes', limit: 10 });
  });
});

describe('rangeIsInverted', () => {
  it('is true only when both ends are set and from is after to', () => {
    assert.equal(rangeIsInverted({ ...empty, from: '2026-03-02T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' }), true);
    assert.equal(rangeIsInverted({ ...empty, from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' }), false);
    assert.equal(rangeIsInverted({ ...empty, from: '2026-03-02T00:00:00.000Z' }), false);
  });
});

describe('recordingsApiQuery', () => {
  it('sends only the filters that are set, cameras comma-separated', () => {
    assert.deepEqual(recordingsApiQuery(empty), { sort: '-startAt', limit: 50, offset: 0 });
    assert.deepEqual(recordingsApiQuery({ ...empty, cameraIds: ['a', 'b'], minDurationMs: 60_000, state: 'writing', offset: 50 }), {
      cameraId: 'a,b',
      minDurationMs: 60_000,
      state: 'writing',
      sort: '-startAt',
      limit: 50,
      offset: 50,
    });
  });
});

describe('toggleSort', () => {
  it('sorts a new column largest or newest first', () => {
    assert.equal(toggleSort('-startAt', 'bytes'), '-bytes');
    assert.equal(toggleSort('durationMs', 'startAt'), '-startAt');
  });

  it('flips the direction of the current column', () => {
    assert.equal(toggleSort('-bytes', 'bytes'), 'bytes');
    assert.equal(toggleSort('bytes', 'bytes'), '-bytes');
  });
});
