import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseEngine } from './engine';

describe('chooseEngine', () => {
  it("uses Safari's own HLS", () => {
    assert.equal(chooseEngine({ nativeHls: true, mse: true, apple: true }), 'native');
    assert.equal(chooseEngine({ nativeHls: true, mse: false, apple: true }), 'native');
  });

  it('prefers hls.js in Chromium even though it claims native HLS', () => {
    assert.equal(chooseEngine({ nativeHls: true, mse: true, apple: false }), 'hls.js');
  });

  it('uses hls.js where there is no native HLS', () => {
    assert.equal(chooseEngine({ nativeHls: false, mse: true, apple: false }), 'hls.js');
  });

  it('falls back to native HLS without MSE, and gives up with neither', () => {
    assert.equal(chooseEngine({ nativeHls: true, mse: false, apple: false }), 'native');
    assert.equal(chooseEngine({ nativeHls: false, mse: false, apple: false }), 'none');
  });
});
