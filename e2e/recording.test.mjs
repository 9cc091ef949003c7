import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { io } from 'socket.io-client';
import { apiClient, publishTestSource, run, startArgus, waitFor } from './lib.mjs';

const FRAME_MS = 40; // 25 fps

describe('recording and playback with real processes', () => {
  let argus;
  let api;
  /** The camera and chunks the first test recorded (the export test reuses them). */
  let recorded = null;
  before(async () => {
    argus = await startArgus({ STREAMING: 'on', RECORDING_CHUNK_SECONDS: '10' });
    api = await apiClient(argus.base);
  });
  after(async () => argus?.dispose());

  it('records 25 s in 10 s chunks with contiguous content times, and plays them back as one VOD playlist', async () => {
    const { camera, streamKey } = (await api.post('/api/cameras', { name: 'Rec', sourceType: 'push' })).body;
    const pub = publishTestSource(`rtmp://127.0.0.1:${argus.rtmpPort}/live/${streamKey}`, { fps: 25, seconds: 25 });
    await waitFor(async () => (await api.get(`/api/cameras/${camera.id}`)).body.recordingState === 'recording', { what: 'recording' });
    const r = await pub.exited;
    assert.equal(r.code, 0, r.stderr);
    await waitFor(async () => (await api.get(`/api/cameras/${camera.id}`)).body.status === 'offline', { what: 'offline' });
    const rows = await waitFor(
      async () => {
        const items = (await api.get(`/api/recordings?cameraId=${camera.id}&sort=startAt`)).body.items;
        return items.length === 3 && items.every((x) => x.state === 'complete') ? items : null;
      },
      { timeoutMs: 15_000, what: 'three complete chunks' },
    );
    for (let i = 0; i < 2; i++) assert.equal(rows[i].endAt, rows[i + 1].startAt, 'chunks butt together');
    const total = rows.reduce((n, x) => n + x.durationMs, 0);
    assert.ok(Math.abs(total - 25_000) <= FRAME_MS, `recorded ${total} ms of 25000`);
    assert.ok(Math.abs(rows[0].durationMs - 10_000) <= FRAME_MS);
    for (const x of rows) {
      assert.equal(x.videoCodec?.startsWith('avc1'), true);
      assert.equal(x.width, 640);
    }

    const tl = (
      await api.get(
        `/api/cameras/${camera.id}/timeline?from=${new Date(Date.parse(rows[0].startAt) - 60_000).toISOString()}&to=${new Date(Date.parse(rows[2].endAt) + 60_000).toISOString()}`,
      )
    ).body;
    assert.equal(tl.ranges.length, 1);
    assert.equal(tl.gaps.length, 2);

    const pb = await api.post(`/api/cameras/${camera.id}/playback`, { from: rows[0].startAt, to: rows[2].endAt });
    assert.equal(pb.status, 200, JSON.stringify(pb.body));
    assert.ok(Math.abs(pb.body.durationSec * 1000 - 25_000) <= FRAME_MS, `playlist ${pb.body.durationSec}s`);
    const text = await (await fetch(pb.body.url)).text();
    assert.match(text, /#EXT-X-PLAYLIST-TYPE:VOD/);
    assert.match(text, /#EXT-X-BYTERANGE:/);
    const probe = JSON.parse(
      await run(
        'ffprobe',
        ['-v', 'error', '-count_packets', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_packets', '-of', 'json', pb.body.url],
        60_000,
      ),
    );
    assert.ok(Math.abs(Number(probe.streams[0].nb_read_packets) - 625) <= 1, `read ${probe.streams[0].nb_read_packets} of 625 frames`);

    // Signed: any change to the URL is refused.
    const [, , sig] = new URL(pb.body.url).pathname.split('/');
    assert.equal((await fetch(pb.body.url.replace(sig, (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)))).status, 403);
    const audit = await api.get(`/api/audit?action=recording.playback&target=${camera.id}`);
    assert.equal(audit.body.total, 1);
    recorded = { camera, rows };
  });

  it('exports a range across chunks as one MP4 with progress over WebSocket, downloadable through a signed URL', async (t) => {
    if (!recorded) return t.skip('needs the recording of the first test');
    const { camera, rows } = recorded;
    const { ticket } = (await api.post('/api/realtime/ticket')).body;
    const socket = io(argus.base, { auth: { ticket }, transports: ['websocket'] });
    const events = [];
    socket.on('export:progress', (e) => events.push(e));
    await new Promise((resolve, reject) => {
      socket.on('connect', resolve);
      socket.on('connect_error', reject);
    });
    try {
      // 4.5 s into the first chunk to 3.2 s into the third: 18.7 s across two chunk boundaries.
      const from = new Date(Date.parse(rows[0].startAt) + 4500).toISOString();
      const to = new Date(Date.parse(rows[2].startAt) + 3200).toISOString();
      const created = await api.post(`/api/cameras/${camera.id}/exports`, { from, to });
      assert.equal(created.status, 202, JSON.stringify(created.body));
      assert.equal(created.body.state, 'queued');
      const done = await waitFor(
        async () => {
          const e = (await api.get(`/api/exports/${created.body.id}`)).body;
          assert.notEqual(e.state, 'failed', e.error);
          return e.state === 'complete' ? e : null;
        },
        { timeoutMs: 30_000, what: 'the export to complete' },
      );
      assert.equal(done.progress, 1);
      assert.ok(done.bytes > 100_000, `${done.bytes} bytes`);
      await waitFor(() => events.some((e) => e.exportId === done.id && e.state === 'complete'), { what: 'the WebSocket event' });
      assert.ok(
        events.some((e) => e.exportId === done.id && e.state === 'running'),
        'a running event came first',
      );

      const dl = await api.post(`/api/exports/${done.id}/download`);
      assert.equal(dl.status, 200, JSON.stringify(dl.body));
      const res = await fetch(dl.body.url);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="Rec_\d{8}T\d{6}Z\.mp4"$/);
      const file = join(argus.dataDir, 'download-check.mp4');
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      const probe = JSON.parse(
        await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type', '-of', 'json', file]),
      );
      const duration = Number(probe.format.duration);
      const requested = (Date.parse(to) - Date.parse(from)) / 1000;
      // Stream copy starts at the keyframe at or before "from": at most one GOP (1 s here) longer.
      assert.ok(
        duration >= requested - FRAME_MS / 1000 && duration <= requested + 1 + FRAME_MS / 1000,
        `file ${duration} s for ${requested} s`,
      );
      assert.deepEqual(probe.streams.map((x) => x.codec_type).sort(), ['audio', 'video']);
      const moov = readFileSync(file)
        .subarray(0, 64 * 1024)
        .indexOf('moov');
      assert.ok(moov > 0 && moov < 64 * 1024, 'faststart: the index is at the front');

      const [, , sig] = new URL(dl.body.url).pathname.split('/');
      assert.equal((await fetch(dl.body.url.replace(sig, (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)))).status, 403);
      assert.equal((await api.get(`/api/audit?action=recording.export&target=${camera.id}`)).body.total, 1);
      assert.equal((await api.get(`/api/audit?action=recording.download&target=${done.id}`)).body.total, 1);

      // Bad input changes nothing.
      assert.equal((await api.post(`/api/cameras/${camera.id}/exports`, { from: to, to: from })).status, 400);
      const none = new Date(Date.parse(rows[2].endAt) + 3_600_000).toISOString();
      assert.equal(
        (await api.post(`/api/cameras/${camera.id}/exports`, { from: none, to: new Date(Date.parse(none) + 60_000).toISOString() })).status,
        404,
      );
      assert.equal((await api.get(`/api/exports?cameraId=${camera.id}`)).body.total, 1);

      assert.equal((await api.del(`/api/exports/${done.id}`)).status, 204);
      assert.equal((await fetch(dl.body.url)).status, 404, 'the file is gone');
    } finally {
      socket.close();
    }
  });

  it('keeps a chunk whose recorder was killed (-9) mid-chunk, at most 1 s short, and records on', async () => {
    const { camera, streamKey } = (await api.post('/api/cameras', { name: 'Rec crash', sourceType: 'push' })).body;
    const pub = publishTestSource(`rtmp://127.0.0.1:${argus.rtmpPort}/live/${streamKey}`, { fps: 25, seconds: 16 });
    const t0 = Date.now();
    const pidFile = join(argus.dataDir, 'run', `recorder-${camera.id}.pid`);
    const first = await waitFor(
      () => {
        try {
          return JSON.parse(readFileSync(pidFile, 'utf8')).pid;
        } catch {
          return null;
        }
      },
      { what: 'the recorder' },
    );
    await waitFor(async () => (await api.get(`/api/cameras/${camera.id}`)).body.status === 'online', { what: 'online' });
    await new Promise((r) => setTimeout(r, 8000 - (Date.now() - t0)));
    process.kill(-first, 'SIGKILL');
    // Sent until the kill, less the publisher's own start-up (FFmpeg takes a few hundred ms to send its first frame).
    const sentMs = Date.now() - t0 - 500;
    await pub.exited;
    const rows = await waitFor(
      async () => {
        const items = (await api.get(`/api/recordings?cameraId=${camera.id}&sort=startAt`)).body.items;
        return items.length >= 2 && items.every((x) => x.state !== 'writing') ? items : null;
      },
      { timeoutMs: 20_000, what: 'the recovered chunk and the next one' },
    );
    assert.equal(rows[0].state, 'recovered');
    assert.ok(rows[0].durationMs >= sentMs - 1000, `recovered ${rows[0].durationMs} ms of about ${sentMs} ms sent`);
    assert.equal(rows.at(-1).state, 'complete', 'the restarted recorder went on recording');
  });
});
