import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { daysUntilFullTone, formatDays, formatDaysUntilFull, formatRate, formatSpan, GB, parseSize, toGbInput } from './units';

describe('parseSize', () => {
  it('reads a bare number as gigabytes', () => {
    assert.deepEqual(parseSize('500'), { ok: true, bytes: 500 * GB });
    assert.deepEqual(parseSize(' 1.5 '), { ok: true, bytes: 1_500_000_000 });
    assert.deepEqual(parseSize('0.25'), { ok: true, bytes: 250_000_000 });
  });

  it('honours a unit, in any case, with or without a space', () => {
    assert.deepEqual(parseSize('2 TB'), { ok: true, bytes: 2e12 });
    assert.deepEqual(parseSize('750mb'), { ok: true, bytes: 750e6 });
    assert.deepEqual(parseSize('3t'), { ok: true, bytes: 3e12 });
    assert.deepEqual(parseSize('10 GB'), { ok: true, bytes: 10 * GB });
  });

  it('reads a decimal comma, but refuses what may be a thousands separator', () => {
    assert.deepEqual(parseSize('1,5'), { ok: true, bytes: 1_500_000_000 });
    const grouped = parseSize('1,000');
    assert.ok(!grouped.ok && /thousands separators/.test(grouped.error));
    assert.equal(parseSize('2,500 GB').ok, false);
  });

  it('treats an empty field as no value', () => {
    assert.deepEqual(parseSize(''), { ok: true, bytes: null });
    assert.deepEqual(parseSize('   '), { ok: true, bytes: null });
  });

  it('refuses negative numbers, words and unknown units', () => {
    for (const text of ['-5', 'lots', '5 XB', '1.2.3', 'GB']) {
      const r = parseSize(text);
      assert.equal(r.ok, false, text);
    }
    const unknown = parseSize('5 parsecs');
    assert.ok(!unknown.ok && /Unknown unit/.test(unknown.error));
  });

  it('refuses sizes beyond what the API can store', () => {
    assert.equal(parseSize('99999999 PB').ok, false);
  });
});

describe('toGbInput', () => {
  it('writes bytes as gigabytes without trailing zeros', () => {
    assert.equal(toGbInput(500 * GB), '500');
    assert.equal(toGbInput(1_500_000_000), '1.5');
    assert.equal(toGbInput(2e12), '2000');
    assert.equal(toGbInput(123_456_789), '0.123');
  });

  it('is empty for no value, and reads back through parseSize', () => {
    assert.equal(toGbInput(null), '');
    assert.equal(toGbInput(undefined), '');
    for (const bytes of [GB, 250_000_000, 7 * GB + 500_000_000]) {
      assert.deepEqual(parseSize(toGbInput(bytes)), { ok: true, bytes });
    }
  });
});

describe('formatDaysUntilFull', () => {
  it('says when nothing fills the tier', () => {
    assert.equal(formatDaysUntilFull(null), 'not filling up');
  });

  it('is precise when it is close, and rounder further out', () => {
    assert.equal(formatDaysUntilFull(0), 'full now');
    assert.equal(formatDaysUntilFull(0.4), 'less than a day');
    assert.equal(formatDaysUntilFull(1), '1 day');
    assert.equal(formatDaysUntilFull(3.46), '3.5 days');
    assert.equal(formatDaysUntilFull(18.4), '18 days');
    assert.equal(formatDaysUntilFull(120), 'about 4 months');
    assert.equal(formatDaysUntilFull(1000), 'over 2 years');
  });

  it('warns at a week and alarms at two days', () => {
    assert.equal(daysUntilFullTone(null), 'neutral');
    assert.equal(daysUntilFullTone(30), 'neutral');
    assert.equal(daysUntilFullTone(7), 'warning');
    assert.equal(daysUntilFullTone(1.5), 'danger');
  });
});

describe('formatRate, formatSpan and formatDays', () => {
  it('shows a daily write rate', () => {
    assert.equal(formatRate(12 * GB), '12 GB/day');
    assert.equal(formatRate(0), 'nothing in the last 24 h');
  });

  it('measures footage from the oldest to the newest chunk', () => {
    assert.equal(formatSpan('2026-03-01T00:00:00.000Z', '2026-03-04T05:00:00.000Z'), '3 d 5 h');
    assert.equal(formatSpan(null, '2026-03-04T05:00:00.000Z'), '—');
  });

  it('counts days with the right word', () => {
    assert.equal(formatDays(1), '1 day');
    assert.equal(formatDays(30), '30 days');
    assert.equal(formatDays(null), 'never');
  });
});
