import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN, launchChromium, startArgus, waitFor } from './lib.mjs';

describe('web app in Chromium', () => {
  let argus;
  let browser;
  let page;

  before(async () => {
    argus = await startArgus();
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(15_000);
  });
  after(async () => {
    await browser?.close();
    await argus?.dispose();
  });

  it('signs in, creates a camera, creates an API token, uses it, and finds both actions in the audit log', async () => {
    await page.goto(argus.base + '/');
    await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Cameras' }).first().waitFor();

    // Create a push camera; the publish URL is shown once.
    await page.getByRole('link', { name: 'Cameras' }).first().click();
    await page
      .getByRole('link', { name: /add camera/i })
      .or(page.getByRole('button', { name: /add camera/i }))
      .first()
      .click();
    await page.getByLabel('Name', { exact: true }).fill('Loading dock');
    await page.getByLabel('Location', { exact: true }).fill('Warehouse');
    await page.getByRole('button', { name: 'Create camera' }).click();
    await page.getByRole('heading', { name: 'Camera created' }).waitFor();
    const publishUrl = (await page.getByTestId('publish-url').textContent()).trim();
    assert.match(publishUrl, /^rtmp:\/\/127\.0\.0\.1(:\d+)?\/live\/[A-Za-z0-9_-]{20,}$/);

    // It is listed.
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Cameras' }).first().click();
    await page
      .getByRole('cell', { name: 'Loading dock' })
      .or(page.getByRole('link', { name: 'Loading dock' }))
      .first()
      .waitFor();

    // Create an API token with one scope; the secret is shown once.
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('button', { name: 'New token' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('e2e script');
    await page.getByLabel('cameras:read', { exact: true }).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.getByTestId('token-secret').textContent()).trim();
    assert.match(secret, /^argus_/);

    // The token works against the API, within its scope.
    const list = await fetch(`${argus.base}/api/cameras`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(list.status, 200);
    const body = await list.json();
    assert.ok(body.items.some((c) => c.name === 'Loading dock'));
    const write = await fetch(`${argus.base}/api/cameras`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'nope', sourceType: 'push' }),
    });
    assert.equal(write.status, 403);

    // Both actions are in the audit log page.
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await waitFor(async () => (await page.locator('tr', { hasText: 'camera.create' }).count()) > 0, {
      what: 'camera.create in the audit log',
    });
    await waitFor(async () => (await page.locator('tr', { hasText: 'token.create' }).count()) > 0, {
      what: 'token.create in the audit log',
    });
    assert.ok((await page.locator('tr', { hasText: 'camera.create' }).first().textContent()).includes(ADMIN.email));
  });
});
