import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccessTokens } from '../auth/access-tokens';
import { PublishTokens, urlSafeToken } from './publish-tokens';

const CAM = '2917b4a4-10cf-41f1-a914-0aeb3b340b1e';

describe('publish tokens', () => {
  const pt = new PublishTokens('a-secret-a-secret-a-secret-a-secret');

  it('round-trips, also in the RTMP-URL form, and fits nginx-rtmp’s 256-byte name+args', async () => {
    const t = await pt.sign({ cameraId: CAM, keyPrefix: 'abc123', source: 'push' }, Date.now(), 30 * 86_400);
    assert.deepEqual(await pt.verify(t), { cameraId: CAM, keyPrefix: 'abc123', source: 'push' });
    assert.deepEqual(await pt.verify(urlSafeToken(t)), { cameraId: CAM, keyPrefix: 'abc123', source: 'push' });
    assert.ok(`${CAM}?token=${urlSafeToken(t)}`.length < 240);
  });

  it('rejects expired, tampered and foreign tokens', async () => {
    const old = await pt.sign({ cameraId: CAM, keyPrefix: null, source: 'pull' }, Date.now() - 3_600_000, 60);
    assert.equal(await pt.verify(old), null);
    const t = await pt.sign({ cameraId: CAM, keyPrefix: null, source: 'pull' }, Date.now(), 60);
    assert.equal(await pt.verify(t.slice(0, -2) + (t.endsWith('A') ? 'BB' : 'AA')), null);
    assert.equal(await new PublishTokens('another-secret-another-secret-xx').verify(t), null);
    // An access token signed with the same server secret is not a publish token.
    const access = await new AccessTokens('a-secret-a-secret-a-secret-a-secret', 900).sign(CAM, 'admin', Date.now());
    assert.equal(await pt.verify(access), null);
  });
});
