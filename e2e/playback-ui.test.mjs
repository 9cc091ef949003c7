import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN, apiClient, launchChromium, publishTestSource, startArgus, waitFor } from './lib.mjs';

describe('recordings timeline and playback in Chromium', () => {
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

  it('plays a recording from the time clicked on the timeline and shows its wall-clock time', async () => {
    const api = await apiClient(argus.base);
    const { camera, streamKey } = (await api.post('/api/cameras', { name: 'Timeline cam', sourceType: 'push', recordingEnabled: true }))
      .body;

    publisher = publishTestSource(`rtmp://127.0.0.1:${argus.rtmpPort}/live/${streamKey}`, { fps: 25, seconds: 25 });
    await waitFor(async () => (await api.get(`/api/cameras/${camera.id}`)).body.recordingState === 'recording', { what: 'recording' });
    const published = await publisher.exited;
    assert.equal(published.code, 0, published.stderr);
    const rows = await waitFor(
      async () => {
        const items = (await api.get(`/api/recordings?cameraId=${camera.id}&sort=startAt`)).body.items;
        return items.length >= 2 && items.every((x) => x.state === 'complete') ? items : null;
      },
      { timeoutMs: 30_000, what: 'the recorded chunks to be complete' },
    );
    const recStart = Date.parse(rows[0].startAt);
    const recEnd = Date.parse(rows.at(-1).endAt);
    assert.ok(recEnd - recStart > 20_000, `recorded ${recEnd - recStart} ms`);

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(20_000);
    await page.goto(argus.base + '/login');
    await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Cameras' }).first().click();
    await page.getByRole('link', { name: 'Timeline cam' }).first().click();

    // The day the recording was made, in the browser's time zone (a run just after midnight).
    const date = await page.evaluate((t) => {
      const d = new Date(t);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    }, recStart);
    await page.getByLabel('Date', { exact: true }).fill(date);
    await page.getByRole('button', { name: 'Show 1 h' }).click();

    const timeline = page.getByTestId('timeline');
    const range = timeline.getByTestId('timeline-range').first();
    await range.waitFor();
    assert.ok(Number(await range.getAttribute('data-from')) <= recStart + 1000, 'the drawn range starts with the recording');

    // A real click on the timeline, 8 s into the recording.
    const target = recStart + 8000;
    const view = {
      start: Number(await timeline.getAttribute('data-view-start')),
      end: Number(await timeline.getAttribute('data-view-end')),
    };
    assert.ok(target > view.start && target < view.end, `the recording (${target}) is in the 1 h view ${JSON.stringify(view)}`);
    const box = await timeline.boundingBox();
    const msPerPx = (view.end - view.start) / box.width;
    await page.mouse.click(box.x + ((target - view.start) / (view.end - view.start)) * box.width, box.y + box.height - 12);
    const clicked = Number(await waitFor(() => timeline.getAttribute('data-last-seek-ms'), { what: 'the click to be taken' }));
    assert.ok(Math.abs(clicked - target) <= 1.5 * msPerPx, `clicked ${clicked - recStart} ms into the recording, aimed at 8000 ms`);
    assert.equal(await page.getByTestId('mode-playback').getAttribute('aria-pressed'), 'true', 'switched to playback');

    // The player's wall-clock time (from the playlist's program dates) and the video's media time, read together.
    const player = page.getByTestId(`recorded-player-${camera.id}`);
    const sample = () =>
      player.evaluate((root) => {
        const video = root.querySelector('video');
        const wall = root.getAttribute('data-wallclock-ms');
        return { wall: wall ? Number(wall) : null, t: video.currentTime, paused: video.paused, readyState: video.readyState };
      });

    const first = await waitFor(
      async () => {
        const s = await sample();
        return s.wall !== null && !s.paused && s.readyState >= 3 ? s : null;
      },
      { timeoutMs: 30_000, what: 'recorded playback to start' },
    );
    assert.ok(Math.abs(first.wall - clicked) <= 2000, `playback started at ${first.wall - clicked} ms from the clicked time`);

    const later = await waitFor(
      async () => {
        const s = await sample();
        return s.t >= first.t + 2 ? s : null;
      },
      { timeoutMs: 20_000, what: 'currentTime to advance' },
    );
    const played = (later.t - first.t) * 1000;
    assert.ok(
      Math.abs(later.wall - (clicked + played)) <= 2000,
      `after ${played} ms of media the wall clock is ${later.wall - clicked} ms past the click`,
    );
    assert.ok(later.wall > first.wall, 'the wall clock advances with the video');

    // The time shown to the user is that wall-clock time, in local time.
    const shown = (await page.getByTestId('playback-clock').textContent()).trim();
    const expected = await page.evaluate((wall) => {
      const out = [];
      for (let t = wall - 2000; t <= wall + 2000; t += 500) out.push(new Date(t).toLocaleTimeString('en-GB', { hour12: false }));
      return out;
    }, later.wall);
    assert.ok(expected.includes(shown.slice(-8)), `the player shows ${shown}, expected one of ${expected.join(', ')}`);
    await page.close();
  });
});
