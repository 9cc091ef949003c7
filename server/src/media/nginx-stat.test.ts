import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseRtmpStat } from './nginx-stat';

/** Fixtures captured from the real nginx 1.22.1 + nginx-rtmp 1.2.2 with the config Argus generates. tsc does not copy them. */
const fixture = (name: string): string => readFileSync(join(__dirname, '../../../src/media/fixtures', name), 'utf8');

describe('parseRtmpStat', () => {
  it('parses a single publishing stream (ffmpeg testsrc2 640x360@25 H.264 + AAC)', () => {
    const stat = parseRtmpStat(fixture('rtmp-stat.xml'));
    assert.deepEqual(stat, {
      uptimeSec: 52,
      bwInKbps: 1285,
      bwOutKbps: 1,
      streams: [
        {
          app: 'live',
          name: 'teststream',
          publishing: true,
          bytesIn: 3037376,
          bwInKbps: 2069,
          timeMs: 12732,
          clients: 1,
          publisherAddr: '127.0.0.1',
          publisherClientId: '24',
          video: { codec: 'H264', width: 640, height: 360, fps: 25, profile: 'Baseline', level: '3.0' },
          audio: { codec: 'AAC', sampleRate: 44100, channels: 1 },
        },
      ],
    });
  });

  it('parses an empty server to no streams', () => {
    const stat = parseRtmpStat(fixture('rtmp-stat-empty.xml'));
    assert.deepEqual(stat, { uptimeSec: 4, bwInKbps: 0, bwOutKbps: 0, streams: [] });
  });

  it('parses several streams, a player next to the publisher, and a video-only stream', () => {
    const stat = parseRtmpStat(fixture('rtmp-stat-multi.xml'));
    assert.equal(stat.streams.length, 2);
    const [second, test] = stat.streams;
    assert.equal(second?.name, 'second');
    assert.deepEqual(second?.video, { codec: 'H264', width: 320, height: 240, fps: 30, profile: 'Baseline', level: '1.3' });
    assert.equal(second?.audio, null, 'an empty <audio></audio> means no audio track');
    assert.equal(second?.publisherClientId, '8');
    assert.equal(test?.name, 'teststream');
    assert.equal(test?.clients, 2, 'publisher + one player');
    assert.equal(test?.publisherClientId, '3', 'the publisher is the client flagged <publishing/>, not the first one');
    assert.equal(test?.publisherAddr, '127.0.0.1');
    assert.equal(test?.bwInKbps, 2033);
  });

  it('handles several servers and applications, and a stream whose publisher has gone', () => {
    const xml = `<?xml version="1.0" encoding="utf-8" ?>
<rtmp><uptime>7</uptime><bw_in>0</bw_in><bw_out>0</bw_out>
<server><application><name>live</name><live>
<stream><name>0123</name><time>10</time><bw_in>0</bw_in><bytes_in>0</bytes_in>
<client><id>5</id><address>10.0.0.9</address><time>10</time><flashver>LNX 9,0,124,2</flashver><active/></client>
<meta><video></video><audio></audio></meta><nclients>1</nclients></stream>
<nclients>1</nclients></live></application>
<application><name>other</name><live><nclients>0</nclients></live></application></server>
<server><application><name>edge</name><live>
<stream><name>a&amp;b</name><time>3</time><bw_in>8000</bw_in><bytes_in>1000</bytes_in><nclients>0</nclients><publishing/><active/></stream>
<nclients>0</nclients></live></application></server>
</rtmp>`;
    const stat = parseRtmpStat(xml);
    assert.deepEqual(
      stat.streams.map((s) => [s.app, s.name, s.publishing, s.publisherClientId, s.video, s.audio, s.bwInKbps]),
      [
        ['live', '0123', false, null, null, null, 0],
        ['edge', 'a&b', true, null, null, null, 8],
      ],
    );
  });

  it('rejects text that is not an rtmp stat document', () => {
    assert.throws(() => parseRtmpStat('<html><body>502 Bad Gateway</body></html>'), /no <rtmp> root element/);
    assert.throws(() => parseRtmpStat(''), /invalid nginx-rtmp stat XML/);
  });
});
