import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN, apiClient, launchChromium, publishTestSource, startArgus, waitFor } from './lib.mjs';

describe('alerts in Chromium', () => {
  let argus;
  let browser;
  let publisher;

  before(async () => {
    argus = await startArgus({ STREAMING: 'on' });
    browser = await launchChromium();
  });
  after(async () => {
    await publisher?.stop();
    await browser?.close();
    await argus?.dispose();
  });

  it('toasts a camera going offline without a reload, counts it on the bell, and acknowledges it from the bell', async () => {
    const api = await apiClient(argus.base);
    const { camera, streamKey } = (await api.post('/api/cameras', { name: 'Bell cam', sourceType: 'push' })).body;
    const url = `rtmp://127.0.0.1:${argus.rtmpPort}/live/${streamKey}`;

    // Online first, then the rule: a rule made while the camera is still offline would open an alert at once.
    publisher = publishTestSource(url);
    await waitFor(async () => (await api.get(`/api/cameras/${camera.id}`)).body.status === 'online', { what: 'the camera online' });
    const rule = await api.post('/api/alert-rules', {
      name: 'Bell cam offline',
      kind: 'camera_offline',
      forSeconds: 3,
      clearForSeconds: 1,
      severity: 'critical',
      scope: { type: 'camera', cameraId: camera.id },
    });
    assert.equal(rule.status, 201, JSON.stringify(rule.body));

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(20_000);
    await page.goto(argus.base + '/login');
    await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Live', exact: true }).click();
    await page.getByText('Live updates on').waitFor();

    const bell = page.getByTestId('alerts-bell');
    const count = page.getByTestId('alerts-bell-count');
    await bell.waitFor();
    assert.equal(await count.getAttribute('data-count'), '0', 'no alert while the camera is online');
    assert.equal(await count.isHidden(), true, 'the bell shows no number for 0');
    assert.equal((await api.get('/api/alerts')).body.total, 0);

    // Anything that reloads the page loses this marker; in-app navigation is recorded too.
    await page.evaluate(() => {
      globalThis.__argusNoReload = true;
    });
    const navigations = [];
    page.on('framenavigated', (f) => f === page.mainFrame() && navigations.push(f.url()));

    await publisher.stop();
    const alert = await waitFor(async () => (await api.get(`/api/alerts?cameraId=${camera.id}`)).body.items[0] ?? null, {
      timeoutMs: 20_000,
      what: 'the offline alert in the API',
    });
    assert.equal(alert.state, 'open');

    const toast = page.getByTestId(`toast-alert-${alert.id}`);
    await toast.waitFor({ timeout: 10_000 });
    assert.equal(await toast.getAttribute('data-kind'), 'opened');
    assert.equal(await toast.getAttribute('data-severity'), 'critical');
    assert.equal(await toast.getAttribute('role'), 'alert', 'a critical alert is announced assertively');
    assert.match(await toast.textContent(), /Critical alert/);
    assert.match(await toast.textContent(), /Bell cam offline: camera "Bell cam" is offline/);
    assert.equal(await toast.getByRole('link', { name: 'View alert' }).getAttribute('href'), `/alerts?alert=${alert.id}`);
    assert.equal(await toast.getByRole('link', { name: 'Open camera' }).getAttribute('href'), `/cameras/${camera.id}`);

    await waitFor(async () => (await count.getAttribute('data-count')) === '1', { timeoutMs: 10_000, what: 'the bell count to become 1' });
    assert.equal((await count.textContent()).trim(), '1');
    assert.equal(await count.isVisible(), true);
    assert.equal(await bell.getAttribute('aria-label'), 'Alerts: 1 unacknowledged');

    assert.equal(await page.evaluate(() => globalThis.__argusNoReload === true), true, 'the page was not reloaded');
    assert.deepEqual(navigations, [], 'no navigation happened');
    assert.match(page.url(), /\/live$/);

    // The bell's dropdown lists the alert; acknowledging it there brings the count to 0.
    await bell.click();
    const panel = page.getByTestId('alerts-bell-panel');
    await panel.waitFor();
    const item = panel.getByTestId(`bell-alert-${alert.id}`);
    await item.waitFor();
    assert.match(await item.textContent(), /camera "Bell cam" is offline/);
    await item.getByRole('button', { name: /^Acknowledge/ }).click();

    await waitFor(async () => (await count.getAttribute('data-count')) === '0', {
      timeoutMs: 10_000,
      what: 'the bell count to go back to 0',
    });
    assert.equal(await count.isHidden(), true);
    await item.waitFor({ state: 'detached' });
    await panel.getByText('Nothing needs attention.').waitFor();
    const acked = (await api.get(`/api/alerts/${alert.id}`)).body;
    assert.equal(acked.state, 'acknowledged');
    assert.equal(acked.acknowledgedBy, ADMIN.email);
    assert.deepEqual(
      acked.history.map((h) => h.type),
      ['opened', 'acknowledged'],
    );
    assert.equal((await api.get('/api/alerts/summary')).body.unacknowledged, 0);

    // The camera comes back: the alert resolves by itself and its toast turns into a quiet "resolved" one.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    publisher = publishTestSource(url);
    await waitFor(async () => (await toast.getAttribute('data-kind')) === 'resolved', { timeoutMs: 30_000, what: 'the resolved toast' });
    assert.equal(await toast.getAttribute('role'), 'status');
    assert.match(await toast.textContent(), /Alert resolved/);
    assert.equal((await api.get(`/api/alerts/${alert.id}`)).body.state, 'resolved');
    assert.equal(await page.evaluate(() => globalThis.__argusNoReload === true), true, 'still no reload');
    assert.deepEqual(navigations, []);
    await page.close();
  });
});
