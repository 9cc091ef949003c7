import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ffmpegPublishArgs, formatCommand, rtmpAddressOf, rtmpPublishUrl, rtmpServerUrl } from './publishInstructions';

describe('rtmpServerUrl', () => {
  it('leaves out the default port, like the server does', () => {
    assert.equal(rtmpServerUrl('argus.example'), 'rtmp://argus.example/live');
    assert.equal(rtmpServerUrl('argus.example', 1935), 'rtmp://argus.example/live');
  });

  it('includes any other port', () => {
    assert.equal(rtmpServerUrl('10.0.0.2', 19350), 'rtmp://10.0.0.2:19350/live');
  });

  it('brackets an IPv6 address', () => {
    assert.equal(rtmpServerUrl('fd00::2', 1936), 'rtmp://[fd00::2]:1936/live');
    assert.equal(rtmpServerUrl('[fd00::2]'), 'rtmp://[fd00::2]/live');
  });
});

describe('rtmpPublishUrl', () => {
  it('appends the key, or a placeholder for it', () => {
    assert.equal(rtmpPublishUrl('argus.example', 1935, 'abc'), 'rtmp://argus.example/live/abc');
    assert.equal(rtmpPublishUrl('argus.example'), 'rtmp://argus.example/live/<stream key>');
  });
});

describe('rtmpAddressOf', () => {
  it('reads the host and port of an issued URL', () => {
    assert.deepEqual(rtmpAddressOf('rtmp://argus.example:19350/live/jwt.token.here'), { host: 'argus.example', port: 19350 });
    assert.deepEqual(rtmpAddressOf('rtmp://argus.example/live/key'), { host: 'argus.example', port: 1935 });
    assert.deepEqual(rtmpAddressOf('rtmp://[fd00::2]:1936/live/key'), { host: 'fd00::2', port: 1936 });
  });

  it('is null for anything else', () => {
    assert.equal(rtmpAddressOf('https://argus.example/live/key'), null);
    assert.equal(rtmpAddressOf('rtmp://'), null);
  });

  it('round-trips with rtmpPublishUrl', () => {
    const address = rtmpAddressOf(rtmpPublishUrl('fd00::2', 1936, 'k'))!;
    assert.equal(rtmpPublishUrl(address.host, address.port, 'k'), 'rtmp://[fd00::2]:1936/live/k');
  });
});

describe('ffmpeg example', () => {
  it('publishes FLV to the URL with a keyframe every second', () => {
    const args = ffmpegPublishArgs('rtmp://argus.example/live/key');
    assert.equal(args[0], 'ffmpeg');
    assert.equal(args.at(-1), 'rtmp://argus.example/live/key');
    assert.equal(args[args.indexOf('-f') + 1], 'flv');
    assert.equal(args[args.indexOf('-force_key_frames') + 1], 'expr:gte(t,n_forced*1)');
  });

  it('quotes arguments the shell would otherwise mangle', () => {
    assert.equal(
      formatCommand(['ffmpeg', '-i', 'my clip.mp4', 'expr:gte(t,n_forced*1)', "it's", 'rtmp://h/live/<stream key>']),
      `ffmpeg -i 'my clip.mp4' 'expr:gte(t,n_forced*1)' 'it'\\''s' 'rtmp://h/live/<stream key>'`,
    );
  });
});
