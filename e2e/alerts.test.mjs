import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { after, describe, it } from 'node:test';
import { apiClient, freePort, publishTestSource, startArgus, waitFor } from './lib.mjs';

const require = createRequire(import.meta.url);
const serverDir = new URL('../server/', import.meta.url).pathname;
const { SMTPServer } = require(require.resolve('smtp-server', { paths: [serverDir] }));
const { simpleParser } = require(require.resolve('mailparser', { paths: [serverDir] }));
const { verifyWebhookSignature } = require('../server/dist/src/notifications/channels/webhook.js');

const SECRET = 'webhook-secret-0123456789';

/** An SMTP server on loopback that keeps every message it receives. */
async function startSmtp() {
  const mails = [];
  const server = new SMTPServer({
    disableReverseLookup: true,
    logger: false,
    authOptional: true,
    // Plain SMTP on loopback (smtp-server's built-in STARTTLS certificate has expired).
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (m) => {
          mails.push(m);
          callback();
        },
        (e) => callback(e),
      );
    },
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, mails, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** A webhook receiver that checks signatures. */
async function startWebhookPeer() {
  const hooks = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const valid = verifyWebhookSignature(SECRET, req.headers['x-argus-timestamp'], raw, req.headers['x-argus-signature'], 300);
      hooks.push({ valid, headers: req.headers, body: JSON.parse(raw) });
      res.writeHead(valid ? 204 : 401).end();
    });
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/argus`, hooks, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('alerts with a real publisher, SMTP server and webhook peer', () => {
  const cleanup = [];
  after(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => undefined);
  });

  it('a publisher that stops opens exactly one "camera offline" alert, one email and one webhook; resuming resolves it by itself', async () => {
    const smtp = await startSmtp();
    cleanup.push(smtp.close);
    const peer = await startWebhookPeer();
    cleanup.push(peer.close);
    const argus = await startArgus({ STREAMING: 'on' });
    cleanup.push(() => argus.dispose());
    const api = await apiClient(argus.base);

    const email = await api.post('/api/notification-channels', {
      name: 'ops mail',
      kind: 'email',
      minSeverity: 'warning',
      email: { host: '127.0.0.1', port: smtp.port, secure: false, requireTLS: false, from: 'argus@test.local', to: ['ops@test.local'] },
    });
    assert.equal(email.status, 201, JSON.stringify(email.body));
    const hook = await api.post('/api/notification-channels', {
      name: 'ops hook',
      kind: 'webhook',
      minSeverity: 'info',
      webhook: { url: peer.url, secret: SECRET },
    });
    assert.equal(hook.status, 201, JSON.stringify(hook.body));
    assert.equal(hook.body.webhook.hasSecret, true);
    assert.ok(!JSON.stringify(hook.body).includes(SECRET));

    const { camera, streamKey } = (await api.post('/api/cameras', { name: 'Front door', sourceType: 'push' })).body;
    const url = `rtmp://127.0.0.1:${argus.rtmpPort}/live/${streamKey}`;
    let pub = publishTestSource(url);
    cleanup.push(() => pub.stop());
    await waitFor(async () => (await api.get(`/api/cameras/${camera.id}`)).body.status === 'online', { what: 'online' });
    const rule = await api.post('/api/alert-rules', {
      name: 'Camera offline',
      kind: 'camera_offline',
      forSeconds: 3,
      clearForSeconds: 2,
      severity: 'critical',
      scope: { type: 'camera', cameraId: camera.id },
    });
    assert.equal(rule.status, 201, JSON.stringify(rule.body));
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal((await api.get('/api/alerts')).body.total, 0, 'nothing while online');

    await pub.stop();
    const stoppedAt = Date.now();
    const alert = await waitFor(async () => (await api.get(`/api/alerts?cameraId=${camera.id}`)).body.items[0] ?? null, {
      timeoutMs: 15_000,
      what: 'the offline alert',
    });
    const openedAfter = Date.parse(alert.openedAt) - stoppedAt;
    assert.ok(openedAfter >= 3000 && openedAfter < 6000, `opened ${openedAfter} ms after the publisher stopped`);
    assert.equal(alert.state, 'open');
    assert.equal(alert.severity, 'critical');
    assert.match(alert.message, /Front door/);

    await waitFor(() => smtp.mails.length >= 1 && peer.hooks.length >= 1, { timeoutMs: 15_000, what: 'the email and the webhook' });
    // Stays offline a while longer: still exactly one alert and one notification per channel.
    await new Promise((r) => setTimeout(r, 4000));
    assert.equal((await api.get(`/api/alerts?cameraId=${camera.id}`)).body.total, 1);
    assert.equal(smtp.mails.length, 1);
    assert.match(smtp.mails[0].subject, /^\[CRITICAL\] Alert: Camera offline: camera "Front door" is offline/);
    assert.match(smtp.mails[0].text, /Severity: critical/);
    assert.ok(smtp.mails[0].html.includes('Front door'));
    assert.equal(peer.hooks.length, 1);
    assert.equal(peer.hooks[0].valid, true, 'signed with the channel secret');
    assert.equal(peer.hooks[0].body.event, 'alert.opened');
    assert.equal(peer.hooks[0].body.data.id, alert.id);
    assert.equal((await api.get('/api/alerts/summary')).body.unacknowledged, 1);

    // The camera comes back: the alert resolves by itself, and says so.
    pub = publishTestSource(url);
    await waitFor(async () => (await api.get(`/api/alerts/${alert.id}`)).body.state === 'resolved', {
      timeoutMs: 20_000,
      what: 'the alert to resolve',
    });
    const detail = (await api.get(`/api/alerts/${alert.id}`)).body;
    assert.equal(detail.resolvedBy, null, 'resolved automatically');
    assert.deepEqual(
      detail.history.map((h) => h.type),
      ['opened', 'resolved'],
    );
    await waitFor(() => peer.hooks.length === 2 && smtp.mails.length === 2, { timeoutMs: 15_000, what: 'the resolve notifications' });
    assert.equal(peer.hooks[1].body.event, 'alert.resolved');
    assert.notEqual(peer.hooks[1].headers['x-argus-delivery'], peer.hooks[0].headers['x-argus-delivery']);
    const log = (await api.get(`/api/notification-deliveries?alertId=${alert.id}`)).body;
    assert.equal(log.total, 4);
    assert.ok(log.items.every((d) => d.state === 'sent' && d.attempts === 1));
  });
});
