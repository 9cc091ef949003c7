import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { pipelineArgs, pullerArgs, testSourceArgs, variantDir } from './ffmpeg-args';

const COMMON = ['-hide_banner', '-nostdin', '-loglevel', 'warning', '-progress', 'pipe:1', '-stats_period', '2'];
// prettier-ignore
const HLS = (out: string, map: string) => [
  '-f', 'hls',
  '-hls_time', '2',
  '-hls_list_size', '6',
  '-hls_flags', 'delete_segments+program_date_time+independent_segments+temp_file',
  '-hls_delete_threshold', '2',
  '-hls_segment_type', 'mpegts',
  '-hls_allow_cache', '0',
  '-var_stream_map', map,
  '-hls_segment_filename', `${out}/v%v/seg_%06d.ts`,
  `${out}/v%v/index.m3u8`,
];
const IN = 'rtmp://127.0.0.1/live/cam1';
const OUT = '/var/lib/argus/live/cam1';
const base = { inputUrl: IN, outDir: OUT, segmentSeconds: 2, listSize: 6 };

describe('pipelineArgs', () => {
  it('remuxes video and audio into one HLS variant v0 for the copy profile', () => {
    // prettier-ignore
    assert.deepEqual(pipelineArgs({ ...base, profile: { type: 'copy' }, hasAudio: true }), [
      ...COMMON,
      '-rw_timeout', '5000000', '-i', IN,
      '-map', '0:v:0', '-map', '0:a:0', '-c', 'copy',
      ...HLS(OUT, 'v:0,a:0'),
    ]);
  });

  it('maps only the video for a copy profile without audio, and ignores a trailing slash on outDir', () => {
    // prettier-ignore
    assert.deepEqual(pipelineArgs({ ...base, outDir: `${OUT}/`, profile: { type: 'copy' }, hasAudio: false }), [
      ...COMMON,
      '-rw_timeout', '5000000', '-i', IN,
      '-map', '0:v:0', '-c', 'copy',
      ...HLS(OUT, 'v:0'),
    ]);
  });

  it('builds source copy + 480p + 360p with audio per variant', () => {
    const profile = {
      type: 'abr' as const,
      sourceCopy: true,
      renditions: [
        { height: 480, videoKbps: 1400, audioKbps: 128 },
        { height: 360, videoKbps: 800, audioKbps: 96 },
      ],
    };
    // prettier-ignore
    assert.deepEqual(pipelineArgs({ ...base, profile, hasAudio: true }), [
      ...COMMON,
      '-rw_timeout', '5000000', '-i', IN,
      '-filter_complex', '[0:v:0]split=2[s0][s1];[s0]scale=-2:480,format=yuv420p[r0];[s1]scale=-2:360,format=yuv420p[r1]',
      '-map', '0:v:0', '-map', '0:a:0', '-c:v:0', 'copy', '-c:a:0', 'copy',
      '-map', '[r0]', '-map', '0:a:0',
      '-c:v:1', 'libx264', '-preset:v:1', 'veryfast', '-profile:v:1', 'main',
      '-b:v:1', '1400k', '-maxrate:v:1', '1680k', '-bufsize:v:1', '2800k', '-force_key_frames:v:1', 'source',
      '-c:a:1', 'aac', '-b:a:1', '128k', '-ac:a:1', '2',
      '-map', '[r1]', '-map', '0:a:0',
      '-c:v:2', 'libx264', '-preset:v:2', 'veryfast', '-profile:v:2', 'main',
      '-b:v:2', '800k', '-maxrate:v:2', '960k', '-bufsize:v:2', '1600k', '-force_key_frames:v:2', 'source',
      '-c:a:2', 'aac', '-b:a:2', '96k', '-ac:a:2', '2',
      '-sc_threshold', '0',
      ...HLS(OUT, 'v:0,a:0 v:1,a:1 v:2,a:2'),
    ]);
  });

  it('builds a 720p/480p/360p ladder without source copy and without audio', () => {
    const profile = {
      type: 'abr' as const,
      sourceCopy: false,
      renditions: [
        { height: 720, videoKbps: 2800, audioKbps: 128 },
        { height: 480, videoKbps: 1400, audioKbps: 128 },
        { height: 360, videoKbps: 800, audioKbps: 96 },
      ],
    };
    // prettier-ignore
    assert.deepEqual(pipelineArgs({ ...base, profile, hasAudio: false }), [
      ...COMMON,
      '-rw_timeout', '5000000', '-i', IN,
      '-filter_complex',
      '[0:v:0]split=3[s0][s1][s2];[s0]scale=-2:720,format=yuv420p[r0];[s1]scale=-2:480,format=yuv420p[r1];[s2]scale=-2:360,format=yuv420p[r2]',
      '-map', '[r0]',
      '-c:v:0', 'libx264', '-preset:v:0', 'veryfast', '-profile:v:0', 'main',
      '-b:v:0', '2800k', '-maxrate:v:0', '3360k', '-bufsize:v:0', '5600k', '-force_key_frames:v:0', 'source',
      '-map', '[r1]',
      '-c:v:1', 'libx264', '-preset:v:1', 'veryfast', '-profile:v:1', 'main',
      '-b:v:1', '1400k', '-maxrate:v:1', '1680k', '-bufsize:v:1', '2800k', '-force_key_frames:v:1', 'source',
      '-map', '[r2]',
      '-c:v:2', 'libx264', '-preset:v:2', 'veryfast', '-profile:v:2', 'main',
      '-b:v:2', '800k', '-maxrate:v:2', '960k', '-bufsize:v:2', '1600k', '-force_key_frames:v:2', 'source',
      '-sc_threshold', '0',
      ...HLS(OUT, 'v:0 v:1 v:2'),
    ]);
  });

  it('uses a plain scale without split for a single rendition', () => {
    const args = pipelineArgs({
      ...base,
      profile: { type: 'abr', sourceCopy: true, renditions: [{ height: 360, videoKbps: 800, audioKbps: 96 }] },
      hasAudio: false,
    });
    assert.equal(args[args.indexOf('-filter_complex') + 1], '[0:v:0]scale=-2:360,format=yuv420p[r0]');
    assert.equal(args[args.indexOf('-var_stream_map') + 1], 'v:0 v:1');
  });

  it('rejects parameters ffmpeg would choke on', () => {
    assert.equal(variantDir(`${OUT}/`, 2), `${OUT}/v2`);
    assert.throws(() => pipelineArgs({ ...base, segmentSeconds: 0, profile: { type: 'copy' }, hasAudio: true }), /segmentSeconds/);
    assert.throws(() => pipelineArgs({ ...base, listSize: -1, profile: { type: 'copy' }, hasAudio: true }), /listSize/);
    assert.throws(
      () =>
        pipelineArgs({
          ...base,
          profile: { type: 'abr', sourceCopy: true, renditions: [{ height: 361, videoKbps: 800, audioKbps: 96 }] },
          hasAudio: true,
        }),
      /even/,
    );
    assert.throws(
      () => pipelineArgs({ ...base, profile: { type: 'abr', sourceCopy: true, renditions: [] }, hasAudio: true }),
      /at least one/,
    );
  });
});

describe('pullerArgs', () => {
  it('pulls an RTSP camera over TCP with a socket timeout and publishes it to RTMP with AAC audio', () => {
    // prettier-ignore
    assert.deepEqual(pullerArgs({ sourceUrl: 'rtsp://admin:pw@10.0.0.9:554/h264', publishUrl: 'rtmp://127.0.0.1/live/k1' }), [
      ...COMMON,
      '-rtsp_transport', 'tcp', '-timeout', '5000000',
      '-i', 'rtsp://admin:pw@10.0.0.9:554/h264',
      '-map', '0:v:0', '-map', '0:a:0?', '-c:v', 'copy', '-c:a', 'aac', '-b:a', '128k', '-ar', '44100',
      '-f', 'flv', 'rtmp://127.0.0.1/live/k1',
    ]);
    // prettier-ignore
    assert.deepEqual(pullerArgs({ sourceUrl: 'rtsps://cam.example/s', publishUrl: 'rtmp://127.0.0.1/live/k1' }).slice(8, 12), [
      '-rtsp_transport', 'tcp', '-timeout', '5000000',
    ]);
  });

  it('pulls an RTMP source with -rw_timeout (never -timeout, which means listen for rtmp)', () => {
    // prettier-ignore
    assert.deepEqual(pullerArgs({ sourceUrl: 'rtmp://encoder.example/app/stream', publishUrl: 'rtmp://127.0.0.1/live/k2' }), [
      ...COMMON,
      '-rw_timeout', '5000000',
      '-i', 'rtmp://encoder.example/app/stream',
      '-map', '0:v:0', '-map', '0:a:0?', '-c:v', 'copy', '-c:a', 'aac', '-b:a', '128k', '-ar', '44100',
      '-f', 'flv', 'rtmp://127.0.0.1/live/k2',
    ]);
  });

  it('refuses other schemes', () => {
    assert.throws(() => pullerArgs({ sourceUrl: 'http://x/y', publishUrl: 'rtmp://127.0.0.1/live/k' }), /unsupported source scheme/);
    assert.throws(
      () => pullerArgs({ sourceUrl: 'file:///etc/passwd', publishUrl: 'rtmp://127.0.0.1/live/k' }),
      /unsupported source scheme/,
    );
  });
});

describe('testSourceArgs', () => {
  it('encodes a paced test pattern and tone with a one-second GOP', () => {
    // prettier-ignore
    assert.deepEqual(testSourceArgs({ publishUrl: 'rtmp://127.0.0.1/live/demo', width: 1280, height: 720, fps: 30, videoKbps: 2000 }), [
      ...COMMON,
      '-re',
      '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30',
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '30', '-keyint_min', '30',
      '-b:v', '2000k', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k',
      '-f', 'flv', 'rtmp://127.0.0.1/live/demo',
    ]);
  });

  it('draws a label and stops after a duration when asked, and refuses labels that need escaping', () => {
    const args = testSourceArgs({
      publishUrl: '/tmp/x.flv',
      width: 640,
      height: 360,
      fps: 25,
      videoKbps: 800,
      label: 'Lobby cam-2',
      durationSeconds: 3,
    });
    assert.deepEqual(args.slice(args.indexOf('-vf'), args.indexOf('-c:v')), [
      '-vf',
      'drawtext=text=Lobby cam-2:fontsize=30:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=6:x=16:y=16',
      '-t',
      '3',
    ]);
    for (const label of ["it's", 'a:b', 'x;y', 'back\\slash', '%{pts}', '']) {
      assert.throws(
        () => testSourceArgs({ publishUrl: '/tmp/x.flv', width: 640, height: 360, fps: 25, videoKbps: 800, label }),
        /label/,
        label,
      );
    }
    assert.throws(() => testSourceArgs({ publishUrl: '/tmp/x.flv', width: 641, height: 360, fps: 25, videoKbps: 800 }), /even/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Real runs with Debian's ffmpeg 5.1: the arrays above must be accepted by the real binary and produce what we expect.

const run = promisify(execFile);
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function ffmpeg(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('ffmpeg', args, { timeout: 20_000, maxBuffer: 16 * 1024 * 1024 });
}

async function probe(
  path: string,
): Promise<{ streams: { codec_type: string; codec_name: string; height?: number; profile?: string; start_time?: string }[] }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', path]);
  return JSON.parse(stdout) as {
    streams: { codec_type: string; codec_name: string; height?: number; profile?: string; start_time?: string }[];
  };
}

function segmentsOf(playlist: string): string[] {
  return playlist.split('\n').filter((l) => l.endsWith('.ts'));
}

/** Source file shared by the pipeline runs: 3 s of 720p30 H.264 + AAC in FLV, like nginx would hand it over. */
async function makeSource(dir: string): Promise<string> {
  const src = join(dir, 'src.flv');
  const args = testSourceArgs({
    publishUrl: src,
    width: 1280,
    height: 720,
    fps: 30,
    videoKbps: 1500,
    label: 'Argus test',
    durationSeconds: 3,
  });
  // Not paced: a file can be written as fast as the encoder goes.
  await ffmpeg(args.filter((a) => a !== '-re'));
  return src;
}

describe('ffmpeg 5.1 runs the built arguments', () => {
  let src: Promise<string> | null = null;
  const source = (): Promise<string> => {
    if (!src) {
      const d = mkdtempSync(join(tmpdir(), 'argus-ffsrc-'));
      dirs.push(d);
      src = makeSource(d);
    }
    return src;
  };

  it('copy profile: writes v0/index.m3u8 with program date times and readable H.264/AAC segments', async () => {
    const input = await source();
    const out = mkdtempSync(join(tmpdir(), 'argus-copy-'));
    dirs.push(out);
    const res = await ffmpeg(
      pipelineArgs({ inputUrl: input, outDir: out, profile: { type: 'copy' }, hasAudio: true, segmentSeconds: 1, listSize: 10 }),
    );
    assert.match(res.stdout, /progress=end/);
    const playlist = readFileSync(join(out, 'v0', 'index.m3u8'), 'utf8');
    assert.match(playlist, /#EXT-X-PROGRAM-DATE-TIME:/);
    assert.match(playlist, /#EXT-X-INDEPENDENT-SEGMENTS/);
    const segs = segmentsOf(playlist);
    assert.equal(segs.length, 3);
    const { streams } = await probe(join(out, 'v0', segs[1]!));
    assert.deepEqual(streams.map((s) => s.codec_name).sort(), ['aac', 'h264']);
    assert.equal(existsSync(join(out, 'v1')), false);
    assert.deepEqual(
      readdirSync(join(out, 'v0')).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });

  it('ABR profile: source copy + 360p variants, key frames aligned so both cut segments at the same instants', async () => {
    const input = await source();
    const out = mkdtempSync(join(tmpdir(), 'argus-abr-'));
    dirs.push(out);
    await ffmpeg(
      pipelineArgs({
        inputUrl: input,
        outDir: out,
        profile: { type: 'abr', sourceCopy: true, renditions: [{ height: 360, videoKbps: 800, audioKbps: 96 }] },
        hasAudio: true,
        segmentSeconds: 1,
        listSize: 10,
      }),
    );
    const lists = ['v0', 'v1'].map((v) => readFileSync(join(out, v, 'index.m3u8'), 'utf8'));
    for (const l of lists) assert.match(l, /#EXT-X-PROGRAM-DATE-TIME:/);
    const [segs0, segs1] = lists.map(segmentsOf) as [string[], string[]];
    assert.equal(segs0.length, 3);
    assert.equal(segs1.length, segs0.length);
    for (let i = 0; i < segs0.length; i++) {
      const [a, b] = await Promise.all([probe(join(out, 'v0', segs0[i]!)), probe(join(out, 'v1', segs1[i]!))]);
      const va = a.streams.find((s) => s.codec_type === 'video')!;
      const vb = b.streams.find((s) => s.codec_type === 'video')!;
      assert.equal(va.codec_name, 'h264');
      assert.equal(va.height, 720);
      assert.equal(vb.codec_name, 'h264');
      assert.equal(vb.height, 360);
      assert.equal(vb.profile, 'Main');
      assert.equal(b.streams.find((s) => s.codec_type === 'audio')?.codec_name, 'aac');
      // Each segment starts within one frame (1/30 s) of its sibling.
      assert.ok(
        Math.abs(Number(va.start_time) - Number(vb.start_time)) < 1 / 30 + 0.001,
        `segment ${i}: ${va.start_time} vs ${vb.start_time}`,
      );
    }
  });

  it('puller: an RTSP source with the built options fails on the connection, not on an option', async () => {
    const port = await freePort();
    const args = pullerArgs({ sourceUrl: `rtsp://127.0.0.1:${port}/cam`, publishUrl: 'rtmp://127.0.0.1:1/live/x' });
    const err = await ffmpeg(args).then(
      () => assert.fail('expected ffmpeg to fail'),
      (e: { stderr: string }) => e.stderr,
    );
    assert.match(err, /Connection refused/);
    assert.doesNotMatch(err, /Unrecognized option|Option not found|not found for any stream/);
  });

  it('puller: pulls an RTMP camera and publishes H.264 + 44.1 kHz AAC into an RTMP server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'argus-pull-'));
    dirs.push(dir);
    const [camPort, ingestPort] = [await freePort(), await freePort()];
    const received = join(dir, 'received.flv');
    // The "camera": an RTMP server (ffmpeg listen mode) serving 2 s of 8 kHz mono audio + video.
    // prettier-ignore
    const camera = spawnFfmpeg([
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-re',
      '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=8000', '-t', '2',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '15', '-c:a', 'aac', '-ar', '8000', '-ac', '1',
      '-f', 'flv', '-listen', '1', `rtmp://127.0.0.1:${camPort}/live/cam`,
    ]);
    // The "nginx": an RTMP server accepting a publish and writing it to a file.
    const ingest = spawnFfmpeg([
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-listen',
      '1',
      '-i',
      `rtmp://127.0.0.1:${ingestPort}/live/key`,
      '-c',
      'copy',
      '-f',
      'flv',
      received,
    ]);
    await Promise.all([waitListening(camPort), waitListening(ingestPort)]);
    await ffmpeg(pullerArgs({ sourceUrl: `rtmp://127.0.0.1:${camPort}/live/cam`, publishUrl: `rtmp://127.0.0.1:${ingestPort}/live/key` }));
    await Promise.all([camera, ingest]);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,sample_rate', '-of', 'csv=p=0', received]);
    assert.deepEqual(stdout.trim().split('\n').sort(), ['aac,44100', 'h264']);
  });
});

function spawnFfmpeg(args: string[]): Promise<number | null> {
  const child = spawn('ffmpeg', args, { stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    }),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Waits until something listens on 127.0.0.1:port, reading /proc/net/tcp (a probe connection would use up ffmpeg's one accept). */
async function waitListening(port: number, ms = 5000): Promise<void> {
  const needle = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const end = Date.now() + ms;
  for (;;) {
    const listening = readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .some((l) => {
        const f = l.trim().split(/\s+/);
        return f[1] === needle && f[3] === '0A';
      });
    if (listening) return;
    if (Date.now() > end) throw new Error(`nothing listens on ${port}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
