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
});
