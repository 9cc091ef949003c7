import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { nextAttemptDelay, shouldGiveUp } from '../src/notifications/channels/retry';
import { TwilioSmsSender } from '../src/notifications/channels/sms';
import type { ChannelSender, DeliveryResult, Notification } from '../src/notifications/channels/types';
import { verifyWebhookSignature, WebhookSender } from '../src/notifications/channels/webhook';

// A node:http server on 127.0.0.1 (free port) plays the SMS provider and the webhook receiver.
// Each test sets `respond` to script the peer; every request that reached it is in `hits`.

interface Hit {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Responder = (hit: Hit, res: ServerResponse, n: number) => void;

const reply = (res: ServerResponse, status: number, body: unknown = {}, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const note = (over: Partial<Notification> = {}): Notification => ({
  id: 'ntf_01J9Z3K4',
  subject: "Camera 'Front door' offline",
  text: "Camera 'Front door' stopped sending video at 02:13.",
  html: "<p>Camera <b>'Front door'</b> stopped sending video.</p>",
  severity: 'critical',
  event: 'alert.opened',
  data: { alertId: 'al_1', cameraId: 'cam_1', nested: { fps: 0, tags: ['door', 'ünïcode ✓'] } },
  at: '2026-01-01T02:13:05.000Z',
  ...over,
});

/** The retry loop a notification service would run, with the waiting injected. */
async function deliverWithRetries(
  sender: ChannelSender,
  n: Notification,
  opts: { maxAttempts: number; wait: (ms: number) => Promise<void>; random?: () => number },
): Promise<DeliveryResult[]> {
  const results: DeliveryResult[] = [];
  for (let attempt = 1; ; attempt++) {
    const r = await sender.send(n);
    results.push(r);
    if (r.ok || !r.retryable || shouldGiveUp(attempt, opts.maxAttempts)) return results;
    await opts.wait(nextAttemptDelay(attempt, opts.random));
  }
}

describe('HTTP channels against a node:http peer on loopback', () => {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hit: Hit = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      hits.push(hit);
      respond(hit, res, hits.length);
    });
  });
  let base: string;
  let hits: Hit[] = [];
  let respond: Responder;
  /** Replies a test left unanswered on purpose; ended after each test. */
  const hung: ServerResponse[] = [];

  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    for (const res of hung.splice(0)) res.destroy();
  });
  beforeEach(() => {
    hits = [];
    respond = (_hit, res) => reply(res, 200);
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  describe('TwilioSmsSender', () => {
    const SID = 'AC0123456789abcdef0123456789abcdef';
    const TOKEN = 'tw-auth-token-9f8e7d';
    const sms = (over: { to?: string[]; baseUrl?: string; timeoutMs?: number } = {}) =>
      new TwilioSmsSender({
        baseUrl: base,
        accountSid: SID,
        authToken: TOKEN,
        from: '+15550001111',
        to: ['+15550002222', '+15550003333'],
        ...over,
      });
    const form = (h: Hit) => Object.fromEntries(new URLSearchParams(h.body));

    it("sends one request per recipient in Twilio's form: path, Basic auth, To/From/Body", async () => {
      respond = (hit, res, n) => reply(res, 201, { sid: `SM${n}`, status: 'queued', to: form(hit).To });
      const r = await sms().send(note());
      assert.equal(r.ok, true, r.detail);
      assert.equal(hits.length, 2);
      for (const [i, hit] of hits.entries()) {
        assert.equal(hit.method, 'POST');
        assert.equal(hit.url, `/2010-04-01/Accounts/${SID}/Messages.json`);
        assert.equal(hit.headers.authorization, `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
        assert.equal(hit.headers['content-type'], 'application/x-www-form-urlencoded');
        assert.deepEqual(form(hit), { To: ['+15550002222', '+15550003333'][i], From: '+15550001111', Body: note().text });
      }
    });

    it('keeps a path prefix of the base URL (a Twilio-compatible gateway)', async () => {
      respond = (_hit, res) => reply(res, 201, { sid: 'SM1' });
      const r = await sms({ baseUrl: `${base}/gateway/`, to: ['+15550002222'] }).send(note());
      assert.equal(r.ok, true, r.detail);
      assert.equal(hits[0].url, `/gateway/2010-04-01/Accounts/${SID}/Messages.json`);
    });

    it('sends the plain text only, cut to 1600 characters', async () => {
      respond = (_hit, res) => reply(res, 201, { sid: 'SM1' });
      const r = await sms({ to: ['+15550002222'] }).send(note({ text: 'é'.repeat(2500) }));
      assert.equal(r.ok, true, r.detail);
      const body = form(hits[0]).Body;
      assert.equal(body.length, 1600);
      assert.ok(body.endsWith('é…'));
      assert.doesNotMatch(body, /<b>/);
    });

    it("fails permanently on a 400, with Twilio's error code and message", async () => {
      respond = (_hit, res) =>
        reply(res, 400, { code: 21211, message: "The 'To' number +15550002222 is not a valid phone number.", status: 400, more_info: 'x' });
      const r = await sms({ to: ['+15550002222'] }).send(note());
      assert.deepEqual([r.ok, r.retryable, r.status], [false, false, 400]);
      assert.match(r.detail, /HTTP 400: 21211 The 'To' number/);
    });

    it('fails permanently on 401 and never shows the token', async () => {
      respond = (hit, res) => reply(res, 401, { code: 20003, message: `Authenticate ${String(hit.headers.authorization)} ${TOKEN}` });
      const r = await sms({ to: ['+15550002222'] }).send(note());
      assert.deepEqual([r.ok, r.retryable, r.status], [false, false, 401]);
      assert.doesNotMatch(r.detail, new RegExp(TOKEN));
      assert.doesNotMatch(r.detail, /Basic [A-Za-z0-9+/=]{8,}/);
    });

    it('retries on 429 and 5xx', async () => {
      for (const status of [429, 500, 503]) {
        hits = [];
        respond = (_hit, res) => reply(res, status, { code: 20429, message: 'Too Many Requests' });
        const r = await sms({ to: ['+15550002222'] }).send(note());
        assert.deepEqual([r.ok, r.retryable, r.status], [false, true, status]);
      }
    });

    it('after a partial failure, a retry texts only the recipient that did not get it', async () => {
      let failOnce = true;
      respond = (hit, res) => {
        if (form(hit).To === '+15550003333' && failOnce) {
          failOnce = false;
          reply(res, 503, { message: 'unavailable' });
        } else reply(res, 201, { sid: 'SM1' });
      };
      const sender = sms();
      const first = await sender.send(note());
      assert.deepEqual([first.ok, first.retryable], [false, true]);
      assert.match(first.detail, /^1\/2 sent; \+1•••3333: Twilio: HTTP 503/);
      const second = await sender.send(note());
      assert.equal(second.ok, true, second.detail);
      assert.deepEqual(
        hits.map((h) => form(h).To),
        ['+15550002222', '+15550003333', '+15550003333'],
      );
    });

    it('retries when the provider does not answer in time', async () => {
      respond = (_hit, res) => void hung.push(res); // never answers
      const started = Date.now();
      const r = await sms({ to: ['+15550002222'], timeoutMs: 200 }).send(note());
      assert.deepEqual([r.ok, r.retryable], [false, true]);
      assert.match(r.detail, /no reply within 0.2 s/);
      assert.ok(Date.now() - started < 5_000);
    });
  });

  describe('WebhookSender', () => {
    const SECRET = 'whsec_9b1c2d3e4f';
    const hook = (over: { url?: string; headers?: Record<string, string>; timeoutMs?: number } = {}) =>
      new WebhookSender({ url: `${base}/hooks/argus?team=ops`, secret: SECRET, ...over });

    it('posts the JSON with the Argus headers and a signature the receiver can verify', async () => {
      const before = Math.floor(Date.now() / 1000);
      const r = await hook({
        headers: { Authorization: 'Bearer rcv-token', 'X-Argus-Signature': 'forged', 'content-type': 'text/plain' },
      }).send(note());
      const afterTs = Math.floor(Date.now() / 1000);
      assert.equal(r.ok, true, r.detail);
      assert.equal(r.status, 200);
      assert.equal(hits.length, 1);
      const h = hits[0];
      assert.equal(h.method, 'POST');
      assert.equal(h.url, '/hooks/argus?team=ops');
      assert.equal(h.headers['content-type'], 'application/json');
      assert.equal(h.headers['x-argus-event'], 'alert.opened');
      assert.equal(h.headers['x-argus-delivery'], 'ntf_01J9Z3K4');
      assert.equal(h.headers.authorization, 'Bearer rcv-token');
      const ts = String(h.headers['x-argus-timestamp']);
      assert.match(ts, /^\d+$/);
      assert.ok(Number(ts) >= before && Number(ts) <= afterTs);
      const sig = String(h.headers['x-argus-signature']);
      // Recomputed here from the raw body, independently of the sender's code …
      assert.equal(sig, `sha256=${createHmac('sha256', SECRET).update(`${ts}.${h.body}`).digest('hex')}`);
      // … and with the helper receivers are told to use.
      assert.equal(verifyWebhookSignature(SECRET, ts, h.body, sig, 300), true);
      assert.equal(verifyWebhookSignature('another-secret', ts, h.body, sig, 300), false);
      assert.equal(verifyWebhookSignature(SECRET, ts, h.body.replace('critical', 'info'), sig, 300), false);
      const n = note();
      assert.deepEqual(JSON.parse(h.body), {
        id: n.id,
        event: n.event,
        severity: n.severity,
        subject: n.subject,
        text: n.text,
        at: n.at,
        data: n.data,
      });
    });

    it('sends credentials in the URL as Basic auth, not in the request line', async () => {
      const r = await hook({ url: base.replace('http://', 'http://rcv:p%40ss@') + '/in' }).send(note());
      assert.equal(r.ok, true, r.detail);
      assert.equal(hits[0].url, '/in');
      assert.equal(hits[0].headers.authorization, `Basic ${Buffer.from('rcv:p@ss').toString('base64')}`);
    });

    it('a peer failing twice with 503 gets exactly one delivery after three attempts', async () => {
      const accepted = new Map<string, unknown>();
      const deliveryIds: string[] = [];
      respond = (hit, res, n) => {
        const id = String(hit.headers['x-argus-delivery']);
        deliveryIds.push(id);
        assert.equal(
          verifyWebhookSignature(SECRET, String(hit.headers['x-argus-timestamp']), hit.body, String(hit.headers['x-argus-signature']), 300),
          true,
        );
        if (n <= 2) return reply(res, 503, { error: 'down for maintenance' });
        if (!accepted.has(id)) accepted.set(id, JSON.parse(hit.body));
        reply(res, 202, { ok: true });
      };
      const asked: number[] = [];
      const results = await deliverWithRetries(hook(), note(), {
        maxAttempts: 6,
        random: () => 0.5,
        // The schedule says 5 s then 30 s; wait a thousandth of it.
        wait: (ms) => {
          asked.push(ms);
          return sleep(ms / 1000);
        },
      });
      assert.deepEqual(
        results.map((r) => [r.ok, r.retryable, r.status]),
        [
          [false, true, 503],
          [false, true, 503],
          [true, false, 202],
        ],
      );
      assert.deepEqual(asked, [5_000, 30_000]);
      assert.equal(hits.length, 3);
      assert.deepEqual(deliveryIds, ['ntf_01J9Z3K4', 'ntf_01J9Z3K4', 'ntf_01J9Z3K4']);
      assert.equal(accepted.size, 1);
    });

    it('when a reply is lost, the retry carries the same delivery id and the receiver drops the duplicate', async () => {
      const accepted: string[] = [];
      respond = (hit, res, n) => {
        const id = String(hit.headers['x-argus-delivery']);
        if (n === 1) return reply(res, 503);
        const duplicate = accepted.includes(id);
        if (!duplicate) accepted.push(id);
        // Attempt 2 is stored, but its reply comes after the sender stopped waiting.
        if (n === 2) setTimeout(() => reply(res, 200), 400).unref();
        else reply(res, 200, { duplicate });
      };
      const results = await deliverWithRetries(hook({ timeoutMs: 150 }), note(), {
        maxAttempts: 6,
        wait: (ms) => sleep(ms / 1000),
      });
      assert.deepEqual(
        results.map((r) => [r.ok, r.retryable]),
        [
          [false, true],
          [false, true],
          [true, false],
        ],
      );
      assert.match(results[1].detail, /no reply within/);
      assert.equal(hits.length, 3);
      assert.deepEqual(accepted, ['ntf_01J9Z3K4']);
    });

    it('stops retrying after the maximum number of attempts', async () => {
      respond = (_hit, res) => reply(res, 500);
      const results = await deliverWithRetries(hook(), note(), { maxAttempts: 3, wait: (ms) => sleep(ms / 10_000) });
      assert.equal(results.length, 3);
      assert.equal(hits.length, 3);
      assert.equal(results.at(-1)?.retryable, true);
    });

    it('fails permanently on 400 and the retry loop stops at once', async () => {
      respond = (_hit, res) => reply(res, 400, { error: 'unknown event type' });
      const results = await deliverWithRetries(hook(), note(), { maxAttempts: 6, wait: () => Promise.reject(new Error('must not wait')) });
      assert.equal(results.length, 1);
      assert.deepEqual([results[0].ok, results[0].retryable, results[0].status], [false, false, 400]);
      assert.equal(hits.length, 1);
    });

    it('retries on 408 and 429, fails permanently on 401, 404 and 410', async () => {
      for (const [status, retryable] of [
        [408, true],
        [429, true],
        [401, false],
        [404, false],
        [410, false],
      ] as const) {
        respond = (_hit, res) => reply(res, status);
        const r = await hook().send(note());
        assert.deepEqual([r.ok, r.retryable, r.status], [false, retryable, status], String(status));
      }
    });

    it('does not follow a redirect: permanent, and the new location is not called', async () => {
      respond = (hit, res) => (hit.url.startsWith('/moved') ? reply(res, 200) : reply(res, 302, {}, { Location: `${base}/moved` }));
      const r = await hook().send(note());
      assert.deepEqual([r.ok, r.retryable, r.status], [false, false, 302]);
      assert.match(r.detail, /redirect/);
      assert.deepEqual(
        hits.map((h) => h.url),
        ['/hooks/argus?team=ops'],
      );
    });

    it('retries when the receiver does not answer within the timeout', async () => {
      respond = (_hit, res) => void hung.push(res); // never answers
      const started = Date.now();
      const r = await hook({ timeoutMs: 200 }).send(note());
      assert.deepEqual([r.ok, r.retryable], [false, true]);
      assert.match(r.detail, /no reply within 0.2 s/);
      assert.ok(Date.now() - started < 5_000);
    });

    it('retries when the connection is refused', async () => {
      const closed = createServer();
      closed.listen(0, '127.0.0.1');
      await once(closed, 'listening');
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const r = await hook({ url: `http://127.0.0.1:${port}/hook` }).send(note());
      assert.deepEqual([r.ok, r.retryable], [false, true]);
      assert.match(r.detail, /ECONNREFUSED/);
    });

    it('stops when the caller aborts, as a retryable failure', async () => {
      respond = (_hit, res) => void hung.push(res);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100).unref();
      const r = await hook().send(note(), controller.signal);
      assert.deepEqual([r.ok, r.retryable], [false, true]);
      assert.match(r.detail, /aborted/);
    });
  });
});
