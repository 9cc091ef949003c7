import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ADMIN, apiClient, launchChromium, publishTestSource, startArgus, waitFor } from './lib.mjs';

describe('recordings search and clip export in Chromium', () => {
  let argus;
  let browser;
  let publisher;

  before(async () => {
    argus = await startArgus({ STREAMING: 'on', RECORDING_CHUNK_SECONDS: '10' });
    browser = await launchChromium();
  });
  after(async () => {
    await publisher?.stop();
    await browser?.close();
    await argus?.dispose();
  });

  it('lists a camera’s chunks, exports one with live progress, downloads the MP4 and deletes the export', async () => {
    const api = await apiClient(argus.base);
    const { camera, streamKey } = (await api.post('/api/cameras', { name: 'Export cam', sourceType: 'push', recordingEnabled: true })).body;
    // A second camera, so the camera filter has a choice to make.
    assert.equal((await api.post('/api/cameras', { name: 'Idle cam', sourceType: 'push', recordingEnabled: true })).status, 201);

    publisher = publishTestSource(`rtmp://127.0.0.1:${argus.rtmpPort}/live/${streamKey}`, { fps: 25, seconds: 15 });
    await waitFor(async () => (await api.get(`/api/cameras/${camera.id}`)).body.recordingState === 'recording', { what: 'recording' });
    const published = await publisher.exited;
    assert.equal(published.code, 0, published.stderr);
    const chunks = await waitFor(
      async () => {
        const items = (await api.get(`/api/recordings?cameraId=${camera.id}&sort=startAt`)).body.items;
        return items.length === 2 && items.every((x) => x.state === 'complete') ? items : null;
      },
      { timeoutMs: 30_000, what: 'two complete chunks (10 s + 5 s)' },
    );

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page.setDefaultTimeout(20_000);
    await page.goto(argus.base + '/login');
    await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Recordings', exact: true }).click();
    await page.getByRole('heading', { name: 'Recordings', level: 1 }).waitFor();

    // Both chunks are listed, newest first by default, with sizes and durations made readable.
    for (const chunk of chunks) await page.getByTestId(`recording-${chunk.id}`).waitFor();
    const firstRow = page.getByTestId(`recording-${chunks[0].id}`);
    assert.match(await firstRow.textContent(), /Export cam/);
    assert.match(await firstRow.textContent(), /(9\.\d|10) s/, 'the 10 s chunk shows its duration');
    assert.match(await firstRow.textContent(), /\d(\.\d)? (kB|MB)/, 'and its size');

    // Filter by camera: the choice goes into the URL, and the other camera's (empty) set is left out.
    await page.getByRole('button', { name: /^Cameras/ }).click();
    await page.getByRole('checkbox', { name: 'Idle cam' }).waitFor();
    await Promise.all([
      page.waitForRequest((r) => r.url().includes('/api/recordings?') && new URL(r.url()).searchParams.get('cameraId') === camera.id),
      page.getByRole('checkbox', { name: 'Export cam' }).check(),
    ]);
    await page.getByRole('button', { name: 'Done' }).click();
    await waitFor(() => new URL(page.url()).searchParams.get('camera') === camera.id, { what: 'the camera filter in the URL' });
    await waitFor(async () => (await page.locator('tbody tr').count()) === 2, { what: 'the two rows of the filtered search' });

    // Export the first chunk: the dialog opens on its range.
    await firstRow.getByRole('button', { name: /^Export/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Export clip' });
    await dialog.waitFor();
    const expected = await page.evaluate(
      ([from, to]) => {
        const local = (iso) => {
          const d = new Date(iso);
          const p = (n) => String(n).padStart(2, '0');
          return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
        };
        return { from: local(from), to: local(to) };
      },
      [chunks[0].startAt, chunks[0].endAt],
    );
    assert.equal(await dialog.getByLabel('From').inputValue(), expected.from);
    assert.equal(await dialog.getByLabel('To').inputValue(), expected.to);

    // A range that ends where it starts is refused in the browser, before anything is sent.
    await dialog.getByLabel('To').fill(expected.from);
    await dialog.getByRole('button', { name: 'Start export' }).click();
    await dialog.getByText('The end must be after the start.').waitFor();
    assert.equal((await api.get('/api/exports')).body.total, 0, 'nothing was requested');
    await dialog.getByLabel('To').fill(expected.to);

    await dialog.getByRole('button', { name: 'Start export' }).click();
    const state = dialog.getByTestId('export-state');
    await waitFor(
      async () => {
        const text = (await state.textContent())?.trim();
        assert.notEqual(text, 'Failed', await dialog.textContent());
        return text === 'Complete';
      },
      { timeoutMs: 60_000, what: 'the export to show complete' },
    );
    assert.equal(await dialog.getByRole('progressbar', { name: 'Export progress' }).getAttribute('aria-valuenow'), '100');
    const [made] = (await api.get(`/api/exports?cameraId=${camera.id}`)).body.items;
    assert.equal(made.state, 'complete');
    assert.equal(made.from, chunks[0].startAt, 'the chunk’s exact start was requested');
    assert.equal(made.to, chunks[0].endAt, 'and its exact end');

    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()]);
    assert.match(download.suggestedFilename(), /^Export-cam_\d{8}T\d{6}Z\.mp4$/);
    const file = readFileSync(await download.path());
    assert.ok(file.length > 0, 'the file is not empty');
    assert.equal(file.length, made.bytes, 'the whole file arrived');
    assert.equal(file.subarray(4, 8).toString('latin1'), 'ftyp', 'an MP4 starts with its ftyp box');
    await waitFor(async () => (await api.get(`/api/audit?action=recording.download&target=${made.id}`)).body.total === 1, {
      what: 'the download in the audit log',
    });

    // The Exports page lists it; deleting asks first, then removes it and its file.
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByRole('link', { name: 'Exports', exact: true }).first().click();
    const row = page.getByTestId(`export-${made.id}`);
    await row.waitFor();
    assert.match(await row.textContent(), /Export cam/);
    assert.equal((await row.getByTestId(`export-state-${made.id}`).textContent()).trim(), 'Complete');
    await row.getByRole('button', { name: /^Delete/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete export?' });
    await confirm.getByRole('button', { name: 'Delete export' }).click();
    await row.waitFor({ state: 'detached' });
    assert.equal((await api.get('/api/exports')).body.total, 0);
    await page.close();
  });
});
