import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resignUrl } from './resign';

describe('resignUrl', () => {
  describe('with the signature in the path', () => {
    const first = 'https://argus.example/hls/sig-1/exp-100/cam-1/master.m3u8';
    const second = 'https://argus.example/hls/sig-2/exp-200/cam-1/master.m3u8';
    const third = 'https://argus.example/hls/sig-3/exp-300/cam-1/master.m3u8';

    it('moves a variant playlist onto the new signature', () => {
      assert.equal(
        resignUrl('https://argus.example/hls/sig-1/exp-100/cam-1/720p/index.m3u8', [first], second),
        'https://argus.example/hls/sig-2/exp-200/cam-1/720p/index.m3u8',
      );
    });

    it('moves segments, keeping their own query', () => {
      assert.equal(
        resignUrl('https://argus.example/hls/sig-1/exp-100/cam-1/720p/seg-42.ts?_HLS_msn=42', [first], second),
        'https://argus.example/hls/sig-2/exp-200/cam-1/720p/seg-42.ts?_HLS_msn=42',
      );
    });

    it('moves requests built from any earlier signature', () => {
      assert.equal(
        resignUrl('https://argus.example/hls/sig-1/exp-100/cam-1/seg-1.ts', [second, first], third),
        'https://argus.example/hls/sig-3/exp-300/cam-1/seg-1.ts',
      );
      assert.equal(
        resignUrl('https://argus.example/hls/sig-2/exp-200/cam-1/seg-9.ts', [second, first], third),
        'https://argus.example/hls/sig-3/exp-300/cam-1/seg-9.ts',
      );
    });

    it('leaves requests already on the current signature alone', () => {
      const url = 'https://argus.example/hls/sig-2/exp-200/cam-1/seg-1.ts';
      assert.equal(resignUrl(url, [first], second), url);
    });

    it('leaves unrelated URLs alone', () => {
      const url = 'https://cdn.example/other/seg-1.ts';
      assert.equal(resignUrl(url, [first], second), url);
    });
  });

  describe('with the signature in the query', () => {
    const first = 'https://argus.example/hls/cam-1/master.m3u8?token=aaa&expires=100';
    const second = 'https://argus.example/hls/cam-1/master.m3u8?token=bbb&expires=200';

    it('replaces the signature on requests that carry it', () => {
      assert.equal(
        resignUrl('https://argus.example/hls/cam-1/720p/index.m3u8?token=aaa&expires=100', [first], second),
        'https://argus.example/hls/cam-1/720p/index.m3u8?token=bbb&expires=200',
      );
    });

    it('leaves requests with a different query alone', () => {
      const url = 'https://argus.example/hls/cam-1/720p/index.m3u8?token=bbb&expires=200';
      assert.equal(resignUrl(url, [first], second), url);
    });
  });

  it('returns the URL unchanged when there is nothing to move from', () => {
    const url = 'https://argus.example/hls/sig-1/cam-1/seg-1.ts';
    assert.equal(resignUrl(url, [], 'https://argus.example/hls/sig-2/cam-1/master.m3u8'), url);
  });
});
