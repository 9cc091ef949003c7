import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, errorMessage, fieldErrors, issueField, otherIssues } from './errors';

function response(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers });
}

describe('ApiError.fromResponse', () => {
  it("carries the server's message and field issues", () => {
    const error = ApiError.fromResponse(response(400), {
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid body: name',
      issues: [{ path: 'name', message: 'must not be empty' }],
    });
    assert.equal(error.status, 400);
    assert.equal(error.message, 'Invalid body: name');
    assert.deepEqual(error.issues, [{ path: 'name', message: 'must not be empty' }]);
  });

  it('reads Retry-After seconds on 429', () => {
    const error = ApiError.fromResponse(response(429, { 'Retry-After': '120' }), { message: 'Too many attempts' });
    assert.equal(error.retryAfter, 120);
  });

  it('falls back to a generic message when the body is not JSON', () => {
    const error = ApiError.fromResponse(response(502), undefined);
    assert.match(error.message, /502/);
  });
});

describe('field issues', () => {
  const error = new ApiError(400, 'Invalid body', {
    issues: [
      { path: 'body.pullUrl', message: 'must use rtsp://' },
      { path: 'pullUrl', message: 'second message is ignored' },
      { path: 'liveProfile.renditions.0.height', message: 'too small' },
      { path: '', message: 'something general' },
    ],
  });

  it('maps nested and prefixed paths to the top-level field', () => {
    assert.equal(issueField('body.pullUrl'), 'pullUrl');
    assert.equal(issueField('/retentionDays'), 'retentionDays');
    assert.equal(issueField('liveProfile.renditions[0].height'), 'liveProfile');
  });

  it('keeps the first message per field', () => {
    assert.deepEqual(fieldErrors(error), {
      pullUrl: 'must use rtsp://',
      liveProfile: 'too small',
    });
  });

  it('lists the issues no field on screen can show', () => {
    assert.deepEqual(
      otherIssues(error, ['pullUrl']).map((i) => i.message),
      ['too small', 'something general'],
    );
  });

  it('explains a network failure in words', () => {
    assert.match(errorMessage(new TypeError('Failed to fetch')), /Cannot reach/);
  });
});
