import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ADMIN, apiClient, launchChromium, startArgus, waitFor } from './lib.mjs';

describe('storage page in Chromium', () => {
  let argus;
  let browser;
  // The warm tier's folder: outside the data folder, as the server requires.
  const warmDir = mkdtempSync(join(tmpdir(), 'argus-e2e-warm-'));

  before(async () => {
    // The server creates DATA_DIR/recordings only when a camera first records, and until then
    // reports the hot tier unreachable ("Storage directory … does not exist"). Create it, so this
    // test is about the page rather than that start-up gap of the server.
    const dataDir = mkdtempSync(join(tmpdir(), 'argus-e2e-'));
    mkdirSync(join(dataDir, 'recordings'));
    argus = await startArgus({ STREAMING: 'on' }, { dataDir });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await argus?.dispose();
    rmSync(warmDir, { recursive: true, force: true });
  });

  it('shows the hot tier, adds a warm tier, sets the default policy and places a legal hold', async () => {
    const api = await apiClient(argus.base);
    const created = await api.post('/api/cameras', { name: 'Dock cam', sourceType: 'push', recordingEnabled: true });
    assert.equal(created.status, 201);
    const camera = created.body.camera;

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(20_000);
    await page.goto(argus.base + '/login');
    await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Storage', exact: true }).click();
    await page.getByRole('heading', { name: 'Storage', level: 1 }).waitFor();

    // Overview: the built-in hot tier (the recordings folder) has its card, reachable, with a usage bar.
    const hot = page.getByTestId('tier-card-local');
    await hot.waitFor();
    assert.match(await hot.textContent(), /hot/);
    assert.equal((await page.getByTestId('tier-status-local').textContent()).trim(), 'Reachable');
    await hot.getByRole('meter', { name: 'Usage of tier hot' }).waitFor();
    assert.match(await hot.textContent(), /free/, 'a local tier shows its free space');

    // A storage pass on demand shows its report.
    await page.getByTestId('run-pass').click();
    await page.getByTestId('pass-report').waitFor();
    assert.equal((await page.getByTestId('pass-report-failed').textContent()).trim(), '0');

    // Tiers: a folder that does not exist is refused with the server's message, and nothing is added.
    await page.getByRole('tab', { name: 'Tiers' }).click();
    await page.getByTestId('tier-row-local').waitFor();
    await page.getByRole('button', { name: 'Add tier' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add storage tier' });
    await dialog.waitFor();
    const missing = join(warmDir, 'does-not-exist');
    await dialog.getByLabel('Name', { exact: true }).fill('nas');
    await dialog.getByLabel('Folder', { exact: true }).fill(missing);
    await dialog.getByRole('button', { name: 'Add tier' }).click();
    await dialog.getByText(`The folder ${missing} does not exist`).waitFor();
    await dialog.locator('.field-error', { hasText: 'does not exist' }).waitFor();
    assert.equal((await api.get('/api/storage/tiers')).body.length, 1, 'only the hot tier exists');

    // The right folder is added as a warm tier and listed.
    await dialog.getByLabel('Folder', { exact: true }).fill(warmDir);
    await dialog.getByRole('button', { name: 'Add tier' }).click();
    await dialog.waitFor({ state: 'detached' });
    const tiers = (await api.get('/api/storage/tiers')).body;
    const warm = tiers.find((t) => t.name === 'nas');
    assert.ok(warm, `the API lists the new tier: ${JSON.stringify(tiers)}`);
    assert.equal(warm.kind, 'local');
    assert.equal(warm.rank, 1);
    assert.equal(warm.local.path, warmDir);
    const row = page.getByTestId(`tier-row-${warm.id}`);
    await row.waitFor();
    assert.match(await row.textContent(), /nas.*Warm/);

    // …and gets its card on the Overview.
    await page.getByRole('tab', { name: 'Overview' }).click();
    const warmCard = page.getByTestId(`tier-card-${warm.id}`);
    await warmCard.waitFor();
    assert.match(await warmCard.textContent(), /Warm/);
    assert.match(await warmCard.textContent(), new RegExp(warmDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

    // Policies: ages that do not grow are refused in the browser, before anything is sent.
    await page.getByRole('tab', { name: 'Policies' }).click();
    const policy = page.getByTestId('default-policy');
    await policy.getByLabel('Warm after (days)').waitFor();
    await policy.getByLabel('Warm after (days)').fill('7');
    await policy.getByLabel('Warm tier').selectOption(warm.id);
    await policy.getByLabel('Delete after (days)').fill('5');
    await policy.getByRole('button', { name: 'Save default policy' }).click();
    await policy.getByText('Must be more than 7 days, after the moves.').waitFor();
    assert.equal((await api.get('/api/storage/policies/default')).body.warmAfterDays, null, 'nothing was saved');

    await policy.getByLabel('Delete after (days)').fill('30');
    await policy.getByRole('button', { name: 'Save default policy' }).click();
    const saved = await waitFor(
      async () => {
        const body = (await api.get('/api/storage/policies/default')).body;
        return body.warmAfterDays !== null ? body : null;
      },
      { what: 'the default policy to be saved' },
    );
    assert.deepEqual(
      {
        warmAfterDays: saved.warmAfterDays,
        warmTierId: saved.warmTierId,
        coldAfterDays: saved.coldAfterDays,
        coldTierId: saved.coldTierId,
        deleteAfterDays: saved.deleteAfterDays,
        quotaBytes: saved.quotaBytes,
      },
      { warmAfterDays: 7, warmTierId: warm.id, coldAfterDays: null, coldTierId: null, deleteAfterDays: 30, quotaBytes: null },
    );
    await waitFor(async () => (await page.getByTestId('default-policy-summary').textContent()).includes('Warm after 7 days (nas)'), {
      what: 'the policy summary',
    });
    const cameraPolicy = page.getByTestId(`camera-policy-${camera.id}`);
    await cameraPolicy.getByText('Inherits default').waitFor();

    // Legal holds: one camera, all its footage, with a reason.
    await page.getByRole('tab', { name: 'Legal holds' }).click();
    await page.getByRole('button', { name: 'Put footage on hold' }).click();
    const holdDialog = page.getByRole('dialog', { name: 'Put footage on legal hold' });
    await holdDialog.getByLabel('Camera').selectOption({ label: 'Dock cam' });
    await holdDialog.getByLabel('Reason').fill('Case 42: loading dock incident');
    await holdDialog.getByRole('button', { name: 'Place hold' }).click();
    await holdDialog.waitFor({ state: 'detached' });
    const holds = (await api.get('/api/storage/holds?active=true')).body;
    assert.equal(holds.length, 1, JSON.stringify(holds));
    assert.equal(holds[0].cameraId, camera.id);
    assert.equal(holds[0].reason, 'Case 42: loading dock incident');
    assert.equal(holds[0].from, null);
    assert.equal(holds[0].to, null);
    const holdRow = page.getByTestId(`hold-${holds[0].id}`);
    await holdRow.waitFor();
    assert.match(await holdRow.textContent(), /Dock cam.*All footage.*Case 42: loading dock incident/);
    assert.match(await holdRow.textContent(), /Active/);

    await page.close();
  });
});
