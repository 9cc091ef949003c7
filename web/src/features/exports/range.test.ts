import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkExportRange, exportRefusalTitle, MAX_EXPORT_MS, parseLocalInput, toLocalInput } from './range';

// Local times built with the Date constructor, so the tests mean the same in any time zone.
const local = (h: number, m: number, s = 0, ms = 0, day = 1) => new Date(2026, 2, day, h, m, s, ms);
const NOW = local(18, 0).getTime();

describe('toLocalInput', () => {
  it('writes local date and time with seconds', () => {
    assert.equal(toLocalInput(local(9, 5, 7, 450)), '2026-03-01T09:05:07');
  });

  it('leaves zero seconds out when asked to', () => {
    assert.equal(toLocalInput(local(9, 5), 'auto'), '2026-03-01T09:05');
    assert.equal(toLocalInput(local(9, 5, 7), 'auto'), '2026-03-01T09:05:07');
  });
});

describe('parseLocalInput', () => {
  it('reads the values of a datetime-local input, with or without seconds', () => {
    assert.equal(parseLocalInput('2026-03-01T09:05')?.getTime(), local(9, 5).getTime());
    assert.equal(parseLocalInput('2026-03-01T09:05:07')?.getTime(), local(9, 5, 7).getTime());
    assert.equal(parseLocalInput('2026-03-01T09:05:07.25')?.getTime(), local(9, 5, 7, 250).getTime());
  });

  it('refuses anything else, including dates that do not exist', () => {
    for (const text of ['', 'now', '2026-03-01', '2026-03-01 09:05', '2026-02-30T10:00', '2026-03-01T24:10', '2026-03-01T10:60']) {
      assert.equal(parseLocalInput(text), null, text);
    }
  });
});

describe('checkExportRange', () => {
  it('accepts a range and returns it', () => {
    const check = checkExportRange({ from: '2026-03-01T10:00:00', to: '2026-03-01T10:05:00' }, { now: NOW });
    assert.deepEqual(check.errors, {});
    assert.deepEqual(check.range, { from: local(10, 0), to: local(10, 5) });
  });

  it('keeps the exact times it was opened with while the fields still show them', () => {
    const initialFrom = local(10, 0, 0, 345);
    const initialTo = local(10, 0, 10, 345);
    const check = checkExportRange({ from: toLocalInput(initialFrom), to: toLocalInput(initialTo) }, { initialFrom, initialTo, now: NOW });
    assert.equal(check.range?.from, initialFrom);
    assert.equal(check.range?.to, initialTo);

    const edited = checkExportRange({ from: toLocalInput(initialFrom), to: '2026-03-01T10:00:20' }, { initialFrom, initialTo, now: NOW });
    assert.equal(edited.range?.from, initialFrom);
    assert.equal(edited.range?.to.getTime(), local(10, 0, 20).getTime());
  });

  it('asks for both ends', () => {
    assert.deepEqual(checkExportRange({ from: '', to: ' ' }, { now: NOW }), {
      errors: { from: 'Enter the start date and time.', to: 'Enter the end date and time.' },
      range: null,
    });
    assert.equal(checkExportRange({ from: 'soon', to: '2026-03-01T10:05' }, { now: NOW }).errors.from, 'Enter a valid date and time.');
  });

  it('refuses an end at or before the start', () => {
    for (const to of ['2026-03-01T10:00:00', '2026-03-01T09:59:59']) {
      const check = checkExportRange({ from: '2026-03-01T10:00:00', to }, { now: NOW });
      assert.equal(check.errors.to, 'The end must be after the start.');
      assert.equal(check.range, null);
    }
  });

  it('refuses more than 24 hours, and accepts exactly 24', () => {
    const from = local(10, 0, 0, 0, 1);
    const ok = checkExportRange(
      { from: toLocalInput(from), to: toLocalInput(new Date(from.getTime() + MAX_EXPORT_MS)) },
      { now: NOW + 2 * MAX_EXPORT_MS },
    );
    assert.deepEqual(ok.errors, {});
    const tooLong = checkExportRange(
      { from: toLocalInput(from), to: toLocalInput(new Date(from.getTime() + MAX_EXPORT_MS + 1000)) },
      { now: NOW + 2 * MAX_EXPORT_MS },
    );
    assert.match(tooLong.errors.to ?? '', /at most 24 hours/);
  });

  it('refuses a start in the future', () => {
    const check = checkExportRange({ from: '2026-03-01T18:00:01', to: '2026-03-01T18:10:00' }, { now: NOW });
    assert.match(check.errors.from ?? '', /future/);
    assert.equal(check.range, null);
  });
});

describe('exportRefusalTitle', () => {
  it('says what kind of refusal the status is', () => {
    assert.equal(exportRefusalTitle(404), 'Nothing is recorded in this range');
    assert.equal(exportRefusalTitle(409), 'The export can’t be made');
    assert.equal(exportRefusalTitle(400), 'This range can’t be exported');
    assert.equal(exportRefusalTitle(500), 'The export could not be started');
  });
});
