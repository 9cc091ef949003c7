import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apiClient, publishTestSource, run, startArgus, waitFor } from './lib.mjs';

const FRAME_MS = 40; // 25 fps

describe('recording and playback with real processes', () => {
  let argus;
  let api;
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
