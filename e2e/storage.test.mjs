/* global window, document */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { apiClient, launchChromium, publishTestSource, startArgus, waitFor } from './lib.mjs';

const require = createRequire(import.meta.url);
const { startS3rver, S3RVER_KEY } = require('../server/dist/test/s3rver.js');
const HLS_JS = require.resolve('hls.js/dist/hls.min.js', { paths: [new URL('../web', import.meta.url).pathname] });

const rowsOf = async (api, cameraId) => (await api.get(`/api/recordings?cameraId=${cameraId}&sort=startAt&limit=100`)).body.items;

describe('storage with real recording', () => {
  const cleanup = [];
  after(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => undefined);
  });

  it('with a small hot-tier quota, recording goes on while the oldest chunks are deleted; a legal hold keeps its chunk', async () => {
    const argus = await startArgus({ STREAMING: 'on', RECORDING_CHUNK_SECONDS: '10' });
    cleanup.push(() => argus.dispose());
    const api = await apiClient(argus.base);
    const { camera, streamKey } = (await api.post('/api/cameras', { name: 'Quota', sourceType: 'push' })).body;
    const pub = publishTestSource(`rtmp://127.0.0.1:${argus.rtmpPort}/live/${streamKey}`, { seconds: 55 });
    cleanup.push(() => pub.stop());
    const first = await waitFor(async () => (await rowsOf(api, camera.id))[0] ?? null, { what: 'the first chunk' });
    // The first chunk is evidence: held. The hot tier may hold about two and a half chunks.
    const hold = await api.post('/api/storage/holds', {
      cameraId: camera.id,
      from: first.startAt,
      to: new Date(Date.parse(first.startAt) + 1000).toISOString(),
      reason: 'incident 7',
    });
    assert.equal(hold.status, 201);
    assert.equal((await api.patch('/api/storage/tiers/local', { quotaBytes: 2_600_000 })).status, 200);
    const publishedAt = Date.now();

    const r = await pub.exited;
    assert.equal(r.code, 0, r.stderr);
    const endedAt = Date.now();
    await waitFor(async () => (await rowsOf(api, camera.id)).every((x) => x.state !== 'writing'), {
      timeoutMs: 20_000,
      what: 'the last chunk to close',
    });
    await api.post('/api/storage/run');

    const deletions = (await api.get(`/api/audit?action=recording.delete&target=${camera.id}&limit=100`)).body.items;
    assert.ok(deletions.length >= 2, `${deletions.length} chunks deleted`);
    assert.ok(
      deletions.some((d) => Date.parse(d.at) < endedAt - 2000 && Date.parse(d.at) > publishedAt),
      'deletions happened while the camera was recording',
    );
    for (const d of deletions) assert.match(d.details.why, /tier-quota|disk-floor/);

    const rows = await rowsOf(api, camera.id);
    assert.ok(
      rows.some((x) => x.id === first.id),
      'the held chunk is kept',
    );
    const last = rows.at(-1);
    assert.equal(last.state, 'complete');
    assert.ok(Date.parse(last.endAt) > endedAt - 5000, 'recording went on to the end');
    const unheldBytes = rows.filter((x) => x.id !== first.id).reduce((n, x) => n + x.bytes, 0);
    assert.ok(
      unheldBytes + first.bytes <= 2_600_000 || rows.length === 2,
      `hot tier holds ${unheldBytes + first.bytes} bytes in ${rows.length} chunks`,
    );

    // The timeline shows exactly what is left.
    const tl = (
      await api.get(
        `/api/cameras/${camera.id}/timeline?from=${new Date(Date.parse(first.startAt) - 1000).toISOString()}&to=${new Date(Date.parse(last.endAt) + 1000).toISOString()}`,
      )
    ).body;
    const covered = tl.ranges.reduce((n, x) => n + (Date.parse(x.to) - Date.parse(x.from)), 0);
    const kept = rows.reduce((n, x) => n + x.durationMs, 0);
    assert.ok(Math.abs(covered - kept) <= 100, `timeline covers ${covered} ms, chunks hold ${kept} ms`);
    assert.equal((await api.get(`/api/cameras/${camera.id}`)).body.recordingState, 'idle');
  });

  it('a move to S3 killed after the copy is finished after the restart, and the chunk plays in Chromium through a pre-signed URL', async () => {
    const work = mkdtempSync(join(tmpdir(), 'argus-e2e-s3-'));
    cleanup.push(async () => rmSync(work, { recursive: true, force: true }));
    const s3 = await startS3rver(join(work, 's3'), 'argus-e2e', { cors: true });
    cleanup.push(() => s3.stop());

    const env = { STREAMING: 'on', RECORDING_CHUNK_SECONDS: '10' };
    const first = await startArgus({ ...env, ARGUS_FAULT: 'storage-after-copy' }, { keepData: true });
    cleanup.push(async () => {
      await first.dispose();
      rmSync(first.dataDir, { recursive: true, force: true });
    });
    const api = await apiClient(first.base);
    const tier = await api.post('/api/storage/tiers', {
      name: 'cloud',
      kind: 's3',
      rank: 2,
      s3: { endpoint: s3.endpoint, bucket: 'argus-e2e', accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY },
    });
    assert.equal(tier.status, 201, JSON.stringify(tier.body));
    const { camera, streamKey } = (await api.post('/api/cameras', { name: 'To S3', sourceType: 'push' })).body;
    const pub = publishTestSource(`rtmp://127.0.0.1:${first.rtmpPort}/live/${streamKey}`, { seconds: 13 });
    cleanup.push(() => pub.stop());
    await pub.exited;
    const rows = await waitFor(
      async () => {
        const items = await rowsOf(api, camera.id);
        return items.length === 2 && items.every((x) => x.state === 'complete') ? items : null;
      },
      { timeoutMs: 20_000, what: 'two complete chunks' },
    );
    const chunk = rows[0];
    const hotPath = join(first.dataDir, 'recordings', camera.id, chunk.startAt.slice(0, 10));
    const range = { cameraId: camera.id, from: chunk.startAt, to: new Date(Date.parse(chunk.endAt) - 500).toISOString() };
    const started = await api.post('/api/storage/actions', { ...range, action: 'move', toTierId: tier.body.id, dryRun: false });
    assert.equal(started.status, 200);
    assert.equal(started.body.chunks, 1);
    // The fault kills the server (SIGKILL) once the copy is verified, before the index changes.
    await waitFor(() => first.child.signalCode === 'SIGKILL', { timeoutMs: 20_000, what: 'the server to be killed mid-move' });
    assert.ok(existsSync(hotPath), 'the source is still on the hot tier');

    const second = await startArgus(env, { dataDir: first.dataDir, keepData: true });
    cleanup.push(() => second.dispose());
    const api2 = await apiClient(second.base);
    // The journal is replayed as the server starts its media side.
    const after = await waitFor(
      async () => {
        const items = await rowsOf(api2, camera.id);
        return items.find((x) => x.id === chunk.id)?.tier === tier.body.id ? items : null;
      },
      { timeoutMs: 20_000, what: 'the interrupted move to be finished' },
    );
    assert.equal(after.length, 2, 'no duplicate index row');
    const file = readdirSync(hotPath).filter((f) => f.endsWith('.mp4'));
    assert.equal(file.length, 1, 'only the second chunk is left on the hot tier');

    const pb = await api2.post(`/api/cameras/${camera.id}/playback`, { from: chunk.startAt, to: chunk.endAt });
    assert.equal(pb.status, 200, JSON.stringify(pb.body));
    const browser = await launchChromium();
    cleanup.push(() => browser.close());
    const page = await browser.newPage();
    const s3Requests = [];
    page.on('requestfinished', async (req) => {
      if (req.url().startsWith(s3.endpoint)) s3Requests.push((await req.response())?.status());
    });
    await page.goto(`${second.base}/login`);
    await page.addScriptTag({ path: HLS_JS });
    await page.evaluate((url) => {
      const v = document.createElement('video');
      v.id = 'v';
      v.muted = true;
      document.body.appendChild(v);
      const hls = new window.Hls();
      hls.loadSource(url);
      hls.attachMedia(v);
      hls.on(window.Hls.Events.MANIFEST_PARSED, () => void v.play());
    }, pb.body.url);
    await waitFor(async () => (await page.evaluate(() => document.getElementById('v').currentTime)) > 2, {
      timeoutMs: 30_000,
      what: 'the S3 chunk to play',
    });
    assert.ok(s3Requests.length > 0 && s3Requests.every((s) => s === 206 || s === 200), `S3 answered ${s3Requests}`);
  });
});
