import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apiClient, freePort, isRunning, pidsMatching, publishTestSource, run, startArgus, waitFor } from './lib.mjs';

/**
 * Real processes end to end: FFmpeg publishers → nginx-rtmp (supervised by Argus) → Argus's
 * FFmpeg pipelines → signed HLS served by nginx, checked with ffprobe.
 */
describe('live streaming with real nginx-rtmp and FFmpeg', () => {
  let argus;
  let api;
  const publishers = [];

  const status = async (id) => (await api.get(`/api/cameras/${id}`)).body.status;
  const waitStatus = (id, want, timeoutMs = 20_000) =>
    waitFor(async () => (await status(id)) === want, { timeoutMs, intervalMs: 50, what: `camera ${id} to be ${want}` });
  const rtmp = (name) => `rtmp://127.0.0.1:${argus.rtmpPort}/live/${name}`;
  const publish = (name, opts) => {
    const p = publishTestSource(rtmp(name), opts);
    publishers.push(p);
    return p;
  };
  const createPush = async (name, extra = {}) => {
    const r = await api.post('/api/cameras', { name, sourceType: 'push', ...extra });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };

  before(async () => {
    argus = await startArgus({ STREAMING: 'on', HLS_SEGMENT_SECONDS: '1' });
    api = await apiClient(argus.base);
  });
  after(async () => {
    for (const p of publishers) await p.stop();
    await argus?.dispose();
  });

  it('goes online when FFmpeg publishes with the stream key, and serves valid signed HLS', async () => {
    const { camera, streamKey } = await createPush('E2E push');
    assert.equal(await status(camera.id), 'offline');
    publish(streamKey);
    await waitStatus(camera.id, 'online');

    const live = await api.get(`/api/cameras/${camera.id}/live`);
    assert.equal(live.status, 200);
    assert.match(live.body.hlsUrl, new RegExp(`/live/[A-Za-z0-9_-]{22}/\\d+/${camera.id}/master\\.m3u8$`));
    assert.ok(!live.body.hlsUrl.includes(streamKey), 'the stream key never appears in playback URLs');

    const master = await fetch(live.body.hlsUrl);
    assert.equal(master.status, 200);
    const masterText = await master.text();
    assert.match(masterText, /#EXT-X-STREAM-INF:BANDWIDTH=\d+.*RESOLUTION=640x360.*CODECS="avc1\.[0-9A-Fa-f]{6},mp4a\.40\.2"/);
    const variant = masterText.split('\n').find((l) => l && !l.startsWith('#'));
    const mediaUrl = new URL(variant, live.body.hlsUrl).toString();
    const media = await (await fetch(mediaUrl)).text();
    assert.match(media, /#EXT-X-PROGRAM-DATE-TIME:/);
    const segments = media.split('\n').filter((l) => l.endsWith('.ts'));
    assert.ok(segments.length >= 1);
    const seg = await fetch(new URL(segments[0], mediaUrl));
    assert.equal(seg.status, 200);

    const probe = JSON.parse(await run('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', live.body.hlsUrl]));
    const kinds = probe.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort();
    assert.deepEqual(kinds, ['audio:aac', 'video:h264']);

    // No stream key on disk either: HLS lives under the camera id.
    const dirs = await run('ls', [join(argus.dataDir, 'live')]);
    assert.equal(dirs.trim(), camera.id);

    const health = await api.get(`/api/cameras/${camera.id}/health`);
    assert.equal(health.status, 200);
    await waitFor(async () => (await api.get(`/api/cameras/${camera.id}/health`)).body.current?.fps > 0, { what: 'fps in health' });
    const sessions = await api.get(`/api/cameras/${camera.id}/sessions`);
    assert.equal(sessions.body.items[0].endedAt, null);
    assert.equal(sessions.body.items[0].publisherIp, '127.0.0.1');
  });

  it('refuses tampered, foreign and expired HLS URLs with 403', async () => {
    const cams = (await api.get('/api/cameras?status=online')).body.items;
    const id = cams[0].id;
    const { hlsUrl } = (await api.get(`/api/cameras/${id}/live`)).body;
    const u = new URL(hlsUrl);
    const [, , sig, exp] = u.pathname.split('/');
    const flip = (c) => (c === 'A' ? 'B' : 'A');
    const tampered = hlsUrl.replace(`/${sig}/`, `/${flip(sig[0])}${sig.slice(1)}/`);
    assert.equal((await fetch(tampered)).status, 403);
    assert.equal((await fetch(hlsUrl.replace(`/${exp}/`, `/${Number(exp) + 1}/`))).status, 403, 'a changed expiry breaks the signature');
    assert.equal((await fetch(`${u.origin}/live/${id}/master.m3u8`)).status, 403, 'no signature');
    const secret = readFileSync(join(argus.dataDir, 'secrets', 'link-secret'), 'utf8').trim();
    const past = Math.floor(Date.now() / 1000) - 10;
    const expiredSig = createHash('md5').update(`${past}:${id}:${secret}`).digest('base64url');
    assert.equal((await fetch(`${u.origin}/live/${expiredSig}/${past}/${id}/master.m3u8`)).status, 403, 'expired');
    const future = Math.floor(Date.now() / 1000) + 60;
    const goodSig = createHash('md5').update(`${future}:${id}:${secret}`).digest('base64url');
    assert.equal(
      (await fetch(`${u.origin}/live/${goodSig}/${future}/${id}/master.m3u8`)).status,
      200,
      'the same scheme with a valid expiry works',
    );
  });

  it('refuses a wrong key and a revoked (rotated) key; the camera stays offline', async () => {
    const { camera, streamKey } = await createPush('E2E refused');
    const wrong = publish('this-is-not-a-valid-stream-key-123');
    const w = await wrong.exited;
    assert.notEqual(w.code, 0);
    const rot = await api.post(`/api/cameras/${camera.id}/rotate-key`);
    assert.equal(rot.status, 200);
    const old = publish(streamKey);
    const o = await old.exited;
    assert.notEqual(o.code, 0);
    assert.equal(await status(camera.id), 'offline');
    const audit = await api.get('/api/audit?action=stream.publish&outcome=denied');
    assert.ok(audit.body.total >= 2, 'both refusals are audited');
    assert.ok(audit.body.items.some((e) => e.details?.reason === 'unknown or revoked stream key'));
  });

  it('accepts a JWT publish token and rejects a second live publisher', async () => {
    const { camera } = await createPush('E2E token');
    const t = await api.post(`/api/cameras/${camera.id}/publish-token`, { lifetimeSeconds: 600 });
    assert.equal(t.status, 200);
    const url = t.body.publishUrl.replace(/^rtmp:\/\/[^/]+/, `rtmp://127.0.0.1:${argus.rtmpPort}`);
    const first = publishTestSource(url);
    publishers.push(first);
    await waitStatus(camera.id, 'online');
    const second = publishTestSource(url);
    publishers.push(second);
    const r = await second.exited;
    assert.notEqual(r.code, 0, 'a second publisher is refused while the first is sending');
    assert.equal(await status(camera.id), 'online');
    await first.stop();
    await waitStatus(camera.id, 'offline', 2000);
  });

  it('lets a new publisher replace one that sent nothing for 5 s', async () => {
    const { camera, streamKey } = await createPush('E2E stale');
    const stale = publish(streamKey);
    await waitStatus(camera.id, 'online');
    const firstSession = (await api.get(`/api/cameras/${camera.id}/sessions`)).body.items[0].id;
    stale.child.kill('SIGSTOP'); // connected, but no frames
    const started = Date.now();
    let fresh = null;
    // Refused while the old one may still be alive; accepted once it has been silent for 5 s.
    await waitFor(
      async () => {
        fresh = publish(streamKey);
        const r = await Promise.race([fresh.exited, new Promise((res) => setTimeout(() => res(null), 2500))]);
        return r === null; // still publishing after 2.5 s: accepted
      },
      { timeoutMs: 20_000, intervalMs: 200, what: 'the new publisher to be accepted' },
    );
    assert.ok(Date.now() - started >= 5000, 'not accepted before the old publisher was silent for 5 s');
    await waitFor(
      async () => {
        const items = (await api.get(`/api/cameras/${camera.id}/sessions`)).body.items;
        return (
          items[0].id !== firstSession &&
          items[0].endedAt === null &&
          items.find((x) => x.id === firstSession)?.endReason === 'replaced by a new publisher'
        );
      },
      { what: 'the session to be replaced' },
    );
    await waitStatus(camera.id, 'online');
    stale.child.kill('SIGCONT');
    await fresh.stop();
  });

  it('marks a camera degraded below its fps threshold, with the reason, and back online when lifted', async () => {
    const { camera, streamKey } = await createPush('E2E degraded', { minFps: 60 });
    const p = publish(streamKey);
    await waitStatus(camera.id, 'degraded', 30_000);
    const cam = (await api.get(`/api/cameras/${camera.id}`)).body;
    assert.match(cam.statusReason, /^fps [\d.]+ < 60/);
    await api.patch(`/api/cameras/${camera.id}`, { minFps: 10 });
    await waitStatus(camera.id, 'online', 15_000);
    await p.stop();
  });

  it('restarts a killed pipeline and comes back live', async () => {
    const { camera, streamKey } = await createPush('E2E restart');
    publish(streamKey);
    await waitStatus(camera.id, 'online');
    const pidFile = join(argus.dataDir, 'run', `pipeline-${camera.id}.pid`);
    const before = JSON.parse(readFileSync(pidFile, 'utf8')).pid;
    process.kill(before, 'SIGKILL');
    const after = await waitFor(
      () => {
        try {
          const p = JSON.parse(readFileSync(pidFile, 'utf8')).pid;
          return p !== before ? p : null;
        } catch {
          return null;
        }
      },
      { what: 'a new pipeline pid' },
    );
    assert.ok(after > 0);
    const { hlsUrl } = (await api.get(`/api/cameras/${camera.id}/live`)).body;
    const mediaUrl = new URL('v0/index.m3u8', hlsUrl).toString();
    const seq = async () => Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(await (await fetch(mediaUrl)).text())?.[1] ?? -1);
    const s0 = await seq();
    await waitFor(async () => (await seq()) > s0, { what: 'new segments after the restart' });
    assert.equal(await status(camera.id), 'online');
    const h = (await api.get(`/api/cameras/${camera.id}/health`)).body;
    assert.ok(h.current.restarts >= 1);
  });

  it('goes offline within 1 s of the publisher disconnecting', async () => {
    const { camera, streamKey } = await createPush('E2E offline');
    const p = publish(streamKey);
    await waitStatus(camera.id, 'online');
    await p.stop();
    const t0 = Date.now();
    await waitStatus(camera.id, 'offline', 1000);
    const took = Date.now() - t0;
    assert.ok(took <= 1000, `took ${took} ms`);
    const s = (await api.get(`/api/cameras/${camera.id}/sessions`)).body.items[0];
    assert.equal(s.endReason, 'publisher disconnected');
  });

  it('pulls an RTSP camera from a stand-in RTSP server, and goes offline when it goes silent', async () => {
    const port = await freePort();
    const server = spawn('/usr/bin/python3', [join(import.meta.dirname, 'rtsp-server.py'), String(port), 'cam'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await waitFor(() => new Promise((r) => server.stdout.once('data', (d) => r(String(d).includes('ready')))), {
        what: 'the RTSP server',
      });
      const r = await api.post('/api/cameras', { name: 'E2E RTSP', sourceType: 'pull', pullUrl: `rtsp://127.0.0.1:${port}/cam` });
      assert.equal(r.status, 201);
      const id = r.body.camera.id;
      await waitStatus(id, 'online', 30_000);
      const { hlsUrl } = (await api.get(`/api/cameras/${id}/live`)).body;
      const probe = JSON.parse(await run('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', hlsUrl]));
      assert.ok(probe.streams.some((s) => s.codec_name === 'h264'));
      server.kill('SIGKILL');
      const t0 = Date.now();
      await waitStatus(id, 'offline', 10_000);
      assert.ok(Date.now() - t0 <= 10_000);
    } finally {
      server.kill('SIGKILL');
    }
  });

  it('marks a pull camera whose video RTMP/FLV cannot carry (HEVC) as error, with the reason', async () => {
    const port = await freePort();
    const server = spawn('/usr/bin/python3', [join(import.meta.dirname, 'rtsp-server.py'), String(port), 'cam', 'h265'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await waitFor(() => new Promise((r) => server.stdout.once('data', (d) => r(String(d).includes('ready')))), {
        what: 'the RTSP server',
      });
      const r = await api.post('/api/cameras', { name: 'E2E HEVC', sourceType: 'pull', pullUrl: `rtsp://127.0.0.1:${port}/cam` });
      const id = r.body.camera.id;
      await waitStatus(id, 'error', 30_000);
      const cam = (await api.get(`/api/cameras/${id}`)).body;
      assert.match(cam.statusReason, /HEVC video, which RTMP\/FLV cannot carry/);
      await api.patch(`/api/cameras/${id}`, { enabled: false });
    } finally {
      server.kill('SIGKILL');
    }
  });

  it('writes a master playlist with correct variants for an ABR ladder', async () => {
    const liveProfile = { type: 'abr', sourceCopy: true, renditions: [{ height: 240, videoKbps: 400, audioKbps: 64 }] };
    const { camera, streamKey } = await createPush('E2E ABR', { liveProfile });
    const p = publish(streamKey);
    await waitStatus(camera.id, 'online', 30_000);
    const { hlsUrl } = (await api.get(`/api/cameras/${camera.id}/live`)).body;
    const master = await (await fetch(hlsUrl)).text();
    const inf = master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF'));
    assert.equal(inf.length, 2, master);
    assert.match(inf[0], /RESOLUTION=640x360/);
    assert.match(inf[1], /RESOLUTION=426x240/);
    assert.match(inf[1], /CODECS="avc1\.4d40[0-9a-f]{2},mp4a\.40\.2"/i);
    const bw = Number(/BANDWIDTH=(\d+)/.exec(inf[1])[1]);
    assert.ok(bw >= 464_000 && bw <= 600_000, `declared 464 kbps, master says ${bw}`);
    const probe = JSON.parse(
      await run('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', new URL('v1/index.m3u8', hlsUrl).toString()]),
    );
    assert.equal(probe.streams.find((s) => s.codec_type === 'video').height, 240);
    await p.stop();
  });

  it('leaves no ffmpeg or nginx process behind when the server stops', async () => {
    for (const p of publishers) await p.stop();
    const { camera, streamKey } = await createPush('E2E last');
    publish(streamKey);
    await waitStatus(camera.id, 'online');
    await publishers.at(-1).stop();
    const ours = async () => [...(await pidsMatching(argus.dataDir)), ...(await pidsMatching(`127.0.0.1:${argus.rtmpPort}/live/`))];
    const before = await ours();
    assert.ok(before.length >= 1, 'nginx is running');
    await argus.stop();
    await waitFor(async () => (await ours()).length === 0, { timeoutMs: 10_000, what: 'children to exit' });
    for (const pid of before) assert.equal(isRunning(pid), false, `pid ${pid} still alive`);
    argus = null;
  });
});
