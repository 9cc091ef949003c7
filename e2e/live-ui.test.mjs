import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN, apiClient, launchChromium, publishTestSource, startArgus, waitFor } from './lib.mjs';

describe('live grid in Chromium', () => {
  let argus;
  let browser;
  let publisher;

  before(async () => {
    argus = await startArgus({ STREAMING: 'on', HLS_SEGMENT_SECONDS: '1' });
    browser = await launchChromium();
  });
  after(async () => {
    await publisher?.stop();
    await browser?.close();
    await argus?.dispose();
  });

  it('turns a camera’s badge online without a reload and plays its video', async () => {
    const api = await apiClient(argus.base);
    const { camera, streamKey } = (await api.post('/api/cameras', { name: 'Browser cam', sourceType: 'push' })).body;

    const page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(argus.base + '/login');
    await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Live', exact: true }).click();

    const badge = page.getByTestId(`status-${camera.id}`);
    await badge.waitFor();
    assert.equal((await badge.textContent()).trim().toLowerCase(), 'offline');
    const navigations = [];
    page.on('framenavigated', (f) => f === page.mainFrame() && navigations.push(f.url()));

    publisher = publishTestSource(`rtmp://127.0.0.1:${argus.rtmpPort}/live/${streamKey}`);
    await waitFor(async () => (await badge.textContent()).trim().toLowerCase() === 'online', {
      timeoutMs: 20_000,
      what: 'the badge to turn online',
    });
    assert.deepEqual(navigations, [], 'no reload happened');

    const video = page.getByTestId(`player-${camera.id}`);
    await video.waitFor();
    const t0 = await waitFor(
      async () => {
        const t = await video.evaluate((v) => v.currentTime);
        return t > 0 ? t : null;
      },
      { timeoutMs: 20_000, what: 'playback to start' },
    );
    await waitFor(async () => (await video.evaluate((v) => v.currentTime)) > t0 + 1.5, {
      timeoutMs: 15_000,
      what: 'currentTime to advance',
    });
    const size = await video.evaluate((v) => [v.videoWidth, v.videoHeight]);
    assert.deepEqual(size, [640, 360]);
    await page.close();
  });
});
