import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryRateLimiter } from './rate-limiter';

describe('MemoryRateLimiter', () => {
  it('allows up to the limit per window, then refuses until the window resets', async () => {
    let t = 1_000;
    const rl = new MemoryRateLimiter(() => t);
    for (let i = 0; i < 3; i++) assert.equal((await rl.hit('k', 3, 60_000)).allowed, true);
    const over = await rl.hit('k', 3, 60_000);
    assert.equal(over.allowed, false);
    assert.equal(over.retryAfterMs, 60_000);
    assert.equal((await rl.hit('other', 3, 60_000)).allowed, true, 'keys are independent');
    t += 60_000;
    assert.equal((await rl.hit('k', 3, 60_000)).allowed, true);
  });
});
