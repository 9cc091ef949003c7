import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { pipelineArgs, testSourceArgs } from './ffmpeg-args';
import { buildMasterPlaylist, codecsFromProbe, parseRate, probeSegment, segmentInfoFromProbe } from './hls-master';

describe('buildMasterPlaylist', () => {
  it('lists variants highest bandwidth first with all attributes', () => {
    const text = buildMasterPlaylist([
      {
        uri: 'v1/index.m3u8',
        bandwidth: 1_500_000,
        averageBandwidth: 1_200_000,
        width: 854,
        height: 480,
        frameRate: 29.97,
        codecs: 'avc1.4d401e,mp4a.40.2',
      },
      { uri: 'v2/index.m3u8', bandwidth: 900_000, width: 640, height: 360, codecs: 'avc1.4d401e,mp4a.40.2' },
      {
        uri: 'v0/index.m3u8',
        bandwidth: 2_400_000.4,
        averageBandwidth: 2_000_000,
        width: 1280,
        height: 720,
        frameRate: 30,
        codecs: 'avc1.64001f,mp4a.40.2',
      },
    ]);
    assert.equal(
      text,
      [
        '#EXTM3U',
        '#EXT-X-VERSION:3',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-STREAM-INF:BANDWIDTH=2400000,AVERAGE-BANDWIDTH=2000000,RESOLUTION=1280x720,FRAME-RATE=30.000,CODECS="avc1.64001f,mp4a.40.2"',
        'v0/index.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=1500000,AVERAGE-BANDWIDTH=1200000,RESOLUTION=854x480,FRAME-RATE=29.970,CODECS="avc1.4d401e,mp4a.40.2"',
        'v1/index.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2"',
        'v2/index.m3u8',
        '',
      ].join('\n'),
    );
  });

  it('refuses an empty list and values that would break the playlist', () => {
    const ok = { uri: 'v0/index.m3u8', bandwidth: 1, width: 2, height: 2, codecs: 'avc1.42e01e' };
    assert.throws(() => buildMasterPlaylist([]), /at least one/);
    assert.throws(() => buildMasterPlaylist([{ ...ok, uri: 'a\n#EXT-X-ENDLIST' }]), /URI/);
    assert.throws(() => buildMasterPlaylist([{ ...ok, codecs: 'avc1"x' }]), /CODECS/);
    assert.throws(() => buildMasterPlaylist([{ ...ok, bandwidth: 0 }]), /bandwidth/);
    assert.throws(() => buildMasterPlaylist([{ ...ok, frameRate: Number.NaN }]), /frameRate/);
  });
});

describe('codecsFromProbe', () => {
  const v = (profile: string, level: number) => ({ codec_type: 'video', codec_name: 'h264', profile, level });
  const a = (profile: string) => ({ codec_type: 'audio', codec_name: 'aac', profile });

  it('maps H.264 profile and level to avc1.PPCCLL', () => {
    assert.equal(codecsFromProbe([v('Baseline', 30)]), 'avc1.42001e');
    assert.equal(codecsFromProbe([v('Constrained Baseline', 31)]), 'avc1.42e01f');
    assert.equal(codecsFromProbe([v('Main', 40)]), 'avc1.4d4028');
    assert.equal(codecsFromProbe([v('High', 31)]), 'avc1.64001f');
    assert.equal(codecsFromProbe([v('High', 51)]), 'avc1.640033');
    assert.equal(codecsFromProbe([v('High 10', 41)]), 'avc1.6e0029');
  });

  it('maps AAC profiles to mp4a.40.x, video first, and lists a codec once', () => {
    assert.equal(codecsFromProbe([a('LC'), v('Main', 30)]), 'avc1.4d401e,mp4a.40.2');
    assert.equal(codecsFromProbe([v('High', 31), a('HE-AAC')]), 'avc1.64001f,mp4a.40.5');
    assert.equal(codecsFromProbe([v('High', 31), a('HE-AACv2')]), 'avc1.64001f,mp4a.40.29');
    assert.equal(codecsFromProbe([v('High', 31), a('LC'), a('LC')]), 'avc1.64001f,mp4a.40.2');
  });

  it('refuses what it cannot describe', () => {
    assert.throws(
      () => codecsFromProbe([{ codec_type: 'video', codec_name: 'hevc', profile: 'Main', level: 93 }]),
      /unsupported video codec "hevc"/,
    );
    assert.throws(() => codecsFromProbe([v('Weird', 30)]), /unsupported H.264 profile/);
    assert.throws(() => codecsFromProbe([a('LC')]), /no video stream/);
    assert.throws(() => codecsFromProbe([{ codec_type: 'video', codec_name: 'h264', profile: 'High' }]), /level/);
  });
});

describe('segmentInfoFromProbe', () => {
  it('takes size and frame rate from the video stream and the bitrate from the format', () => {
    assert.deepEqual(
      segmentInfoFromProbe({
        streams: [
          {
            codec_type: 'video',
            codec_name: 'h264',
            profile: 'Main',
            level: 30,
            width: 640,
            height: 360,
            avg_frame_rate: '0/0',
            r_frame_rate: '30000/1001',
          },
          { codec_type: 'audio', codec_name: 'aac', profile: 'LC', avg_frame_rate: '0/0', r_frame_rate: '0/0' },
        ],
        format: { bit_rate: '912345' },
      }),
      { codecs: 'avc1.4d401e,mp4a.40.2', width: 640, height: 360, frameRate: 30000 / 1001, bitRate: 912345 },
    );
    assert.equal(parseRate('25/1'), 25);
    assert.equal(parseRate('0/0'), null);
    assert.equal(parseRate('N/A'), null);
  });
});

describe('probeSegment on real segments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'argus-master-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const run = promisify(execFile);

  it('describes the source copy and 360p variants of a real ABR run, and ffprobe accepts the master built from them', async () => {
    const src = join(dir, 'src.flv');
    await run(
      'ffmpeg',
      testSourceArgs({ publishUrl: src, width: 1280, height: 720, fps: 30, videoKbps: 1500, durationSeconds: 2 }).filter(
        (a) => a !== '-re',
      ),
    );
    const out = join(dir, 'live');
    await run(
      'ffmpeg',
      pipelineArgs({
        inputUrl: src,
        outDir: out,
        profile: { type: 'abr', sourceCopy: true, renditions: [{ height: 360, videoKbps: 600, audioKbps: 96 }] },
        hasAudio: true,
        segmentSeconds: 1,
        listSize: 10,
      }),
    );
    const [v0, v1] = await Promise.all([
      probeSegment('ffprobe', join(out, 'v0', 'seg_000000.ts')),
      probeSegment('ffprobe', join(out, 'v1', 'seg_000000.ts')),
    ]);
    // x264 ultrafast (the test source) is Constrained Baseline; the ladder encodes Main; 720p30 → level 3.1, 360p → 3.0.
    assert.equal(v0.codecs, 'avc1.42e01f,mp4a.40.2');
    assert.deepEqual([v0.width, v0.height, v0.frameRate], [1280, 720, 30]);
    assert.equal(v1.codecs, 'avc1.4d401e,mp4a.40.2');
    assert.deepEqual([v1.width, v1.height, v1.frameRate], [640, 360, 30]);
    assert.ok(v0.bitRate !== null && v1.bitRate !== null && v0.bitRate > v1.bitRate);

    const master = buildMasterPlaylist(
      [v0, v1].map((s, i) => ({
        uri: `v${i}/index.m3u8`,
        bandwidth: s.bitRate!,
        width: s.width,
        height: s.height,
        frameRate: s.frameRate,
        codecs: s.codecs,
      })),
    );
    writeFileSync(join(out, 'master.m3u8'), master);
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_type,height:program_tags=variant_bitrate',
      '-of',
      'json',
      join(out, 'master.m3u8'),
    ]);
    const heights = (JSON.parse(stdout) as { streams: { codec_type: string; height?: number }[] }).streams
      .filter((s) => s.codec_type === 'video')
      .map((s) => s.height ?? 0)
      .sort((x, y) => x - y);
    assert.deepEqual(heights, [360, 720]);
    assert.match(
      readFileSync(join(out, 'master.m3u8'), 'utf8'),
      /^#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-STREAM-INF:BANDWIDTH=\d+,RESOLUTION=1280x720,FRAME-RATE=30.000,CODECS="avc1.42e01f,mp4a.40.2"\nv0\/index.m3u8\n/,
    );
  });

  it('rejects with ffprobe stderr for a file that is not media', async () => {
    const bad = join(dir, 'bad.ts');
    writeFileSync(bad, 'not a transport stream');
    await assert.rejects(probeSegment('ffprobe', bad), /ffprobe failed on .*bad\.ts/);
  });
});
