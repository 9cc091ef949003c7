import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { apiClient, isRunning, pidsMatching, publishTestSource, startArgus, waitFor } from './lib.mjs';

describe('after a crash of the server (kill -9)', () => {
  const cleanup = [];
  after(async () => {
    for (const f of cleanup.reverse()) await f();
  });

  it('reaps the nginx and FFmpeg children it left and marks its cameras offline', async () => {
    const first = await startArgus({ STREAMING: 'on' }, { keepData: true });
    cleanup.push(async () => {
      await first.dispose();
      rmSync(first.dataDir, { recursive: true, force: true });
    });
    const api = await apiClient(first.base);
    const { camera, streamKey } = (await api.post('/api/cameras', { name: 'Crash', sourceType: 'push' })).body;
    const pub = publishTestSource(`rtmp://127.0.0.1:${first.rtmpPort}/live/${streamKey}`);
    cleanup.push(() => pub.stop());
    await waitFor(async () => (await api.get(`/api/cameras/${camera.id}`)).body.status === 'online', { what: 'online' });
    const orphans = await pidsMatching(first.dataDir);
    assert.ok(orphans.length >= 2, 'nginx and the pipeline run');

    await first.crash();
    await pub.stop();
    assert.ok((await pidsMatching(first.dataDir)).length > 0, 'children outlive a kill -9 of the server');

    const second = await startArgus({ STREAMING: 'on' }, { dataDir: first.dataDir, keepData: true });
    cleanup.push(() => second.dispose());
    for (const pid of orphans) assert.equal(isRunning(pid), false, `orphan ${pid} was reaped`);
    const api2 = await apiClient(second.base);
    const cam = (await api2.get(`/api/cameras/${camera.id}`)).body;
    assert.equal(cam.status, 'offline');
    assert.equal(cam.statusReason, 'server restarted');
    const s = (await api2.get(`/api/cameras/${camera.id}/sessions`)).body.items[0];
    assert.equal(s.endReason, 'server restarted');
  });

  it('recovers the chunk a killed server was writing, records on after the restart, and signed playback URLs expire', async () => {
    const env = { STREAMING: 'on', RECORDING_CHUNK_SECONDS: '60', LIVE_URL_TTL_SECONDS: '6' };
    const first = await startArgus(env, { keepData: true });
    cleanup.push(async () => {
      await first.dispose();
      rmSync(first.dataDir, { recursive: true, force: true });
    });
    const api = await apiClient(first.base);
    const { camera, streamKey } = (await api.post('/api/cameras', { name: 'Crash rec', sourceType: 'push' })).body;
    const pub = publishTestSource(`rtmp://127.0.0.1:${first.rtmpPort}/live/${streamKey}`);
    cleanup.push(() => pub.stop());
    await waitFor(async () => (await api.get(`/api/cameras/${camera.id}`)).body.recordingState === 'recording', { what: 'recording' });
    const writing = await waitFor(
      async () => (await api.get(`/api/recordings?cameraId=${camera.id}&state=writing`)).body.items[0] ?? null,
      { what: 'the open chunk' },
    );
    await new Promise((r) => setTimeout(r, 6000));
    await first.crash();
    const crashedAt = Date.now();
    await pub.stop();

    const second = await startArgus(env, { dataDir: first.dataDir, keepData: true });
    cleanup.push(() => second.dispose());
    const api2 = await apiClient(second.base);
    const row = (await api2.get(`/api/recordings?cameraId=${camera.id}`)).body.items.find((x) => x.id === writing.id);
    assert.equal(row.state, 'recovered');
    // The recorder outlived the server until it was reaped: what it wrote up to the crash is kept (1 s slack for the open fragment).
    const upToCrash = crashedAt - Date.parse(row.startAt);
    assert.ok(row.durationMs >= upToCrash - 1000, `recovered ${row.durationMs} ms, ${upToCrash} ms recorded before the crash`);

    // Recording goes on after the restart.
    const pub2 = publishTestSource(`rtmp://127.0.0.1:${second.rtmpPort}/live/${streamKey}`);
    cleanup.push(() => pub2.stop());
    await waitFor(async () => (await api2.get(`/api/recordings?cameraId=${camera.id}&state=writing`)).body.total === 1, {
      what: 'a new chunk after the restart',
    });
    await pub2.stop();

    // The recovered chunk plays back; the URL works before its expiry and is refused after it.
    const pb = await api2.post(`/api/cameras/${camera.id}/playback`, { from: row.startAt, to: row.endAt });
    assert.equal(pb.status, 200, JSON.stringify(pb.body));
    const playlist = await fetch(pb.body.url);
    assert.equal(playlist.status, 200);
    const segment = new URL(
      (await playlist.text()).split('\n').find((l) => l.startsWith('r/')),
      pb.body.url,
    ).href;
    assert.equal((await fetch(segment, { headers: { range: 'bytes=0-99' } })).status, 206);
    await new Promise((r) => setTimeout(r, Date.parse(pb.body.expiresAt) - Date.now() + 1500));
    assert.equal((await fetch(pb.body.url)).status, 403, 'playlist after expiry');
    assert.equal((await fetch(segment, { headers: { range: 'bytes=0-99' } })).status, 403, 'segment after expiry');
  });
});
