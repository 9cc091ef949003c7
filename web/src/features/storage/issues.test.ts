import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapIssues } from './issues';
import { tierIssueField } from './tiers';

describe('mapIssues', () => {
  it('puts the first message of each field on it and keeps the rest apart', () => {
    const mapped = mapIssues(
      [
        { path: 'local.path', message: 'does not exist' },
        { path: 'body.local.path', message: 'second message' },
        { path: 'quotaBytes', message: 'too big' },
        { path: 'mystery', message: 'unknown field' },
      ],
      tierIssueField,
    );
    assert.deepEqual(mapped.fields, { path: 'does not exist', quotaGb: 'too big' });
    assert.deepEqual(mapped.other, [{ path: 'mystery', message: 'unknown field' }]);
  });
});
