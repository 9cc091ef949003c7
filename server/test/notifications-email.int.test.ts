import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { generate } from 'selfsigned';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { EmailSender, type EmailSenderOptions } from '../src/notifications/channels/email';
import type { Notification } from '../src/notifications/channels/types';

// A real SMTP server (smtp-server, the server half of nodemailer's project) on 127.0.0.1, and
// mailparser to read what arrived. Every server listens on a free port chosen by the OS.

const USER = 'argus-relay';
const PASS = 'correct horse battery staple';

interface Arrived {
  envelopeFrom: string;
  envelopeTo: string[];
  /** The session was on TLS when the message was sent (implicit TLS or after STARTTLS). */
  secure: boolean;
  user: unknown;
  raw: string;
  parsed: ParsedMail;
}

interface Peer {
  port: number;
  arrived: Arrived[];
  auths: { method: string; username?: string; accepted: boolean; secure: boolean }[];
  close(): Promise<void>;
}

async function startSmtp(options: SMTPServerOptions): Promise<Peer> {
  const arrived: Arrived[] = [];
  const auths: Peer['auths'] = [];
  const server = new SMTPServer({
    disableReverseLookup: true,
    logger: false,
    onAuth(auth, session, callback) {
      const accepted = auth.username === USER && auth.password === PASS;
      auths.push({ method: auth.method, username: auth.username, accepted, secure: session.secure });
      if (!accepted) {
        const err = Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 });
        callback(err);
        return;
      }
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            arrived.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              secure: session.secure,
              user: session.user,
              raw: raw.toString('utf8'),
              parsed,
            });
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
    ...options,
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    arrived,
    auths,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on: bound by the OS, then released. */
async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

const note = (over: Partial<Notification> = {}): Notification => ({
  id: 'ntf_01J9Z3K4',
  subject: "Camera 'Front door' offline",
  text: "Camera 'Front door' stopped sending video at 02:13.\nLast seen: 2026-01-01T02:13:00Z",
  html: "<p>Camera <b>'Front door'</b> stopped sending video at 02:13.</p>",
  severity: 'critical',
  event: 'alert.opened',
  data: { alertId: 'al_1', cameraId: 'cam_1' },
  at: '2026-01-01T02:13:05.000Z',
  ...over,
});

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address));

describe('EmailSender against a real SMTP server on loopback', () => {
  let key: string;
  let cert: string;
  const peers: Peer[] = [];
  const stray: Server[] = [];

  async function peer(options: SMTPServerOptions): Promise<Peer> {
    const p = await startSmtp(options);
    peers.push(p);
    return p;
  }

  const sender = (port: number, over: Partial<EmailSenderOptions> = {}) =>
    new EmailSender({
      host: '127.0.0.1',
      port,
      secure: false,
      requireTLS: false,
      from: 'Argus <alerts@argus.test>',
      to: ['oncall@example.test', 'owner@example.test'],
      timeoutMs: 5_000,
      ...over,
    });

  before(async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    key = pems.private;
    cert = pems.cert;
  });

  after(async () => {
    await Promise.all(peers.map((p) => p.close()));
    for (const s of stray) s.close();
  });

  it('delivers a multipart text + HTML message with the severity in the subject to every recipient', async () => {
    const smtp = await peer({ authOptional: true, disabledCommands: ['STARTTLS'] });
    const r = await sender(smtp.port).send(note());
    assert.equal(r.ok, true, r.detail);
    assert.equal(r.status, 250);
    assert.equal(smtp.arrived.length, 1);
    const m = smtp.arrived[0];
    assert.equal(m.envelopeFrom, 'alerts@argus.test');
    assert.deepEqual(m.envelopeTo, ['oncall@example.test', 'owner@example.test']);
    assert.equal(m.parsed.subject, "[CRITICAL] Camera 'Front door' offline");
    assert.deepEqual(addresses(m.parsed.from), ['alerts@argus.test']);
    assert.equal(m.parsed.from?.value[0].name, 'Argus');
    assert.deepEqual(addresses(m.parsed.to), ['oncall@example.test', 'owner@example.test']);
    assert.equal(m.parsed.text?.trim(), note().text);
    assert.equal(m.parsed.html, note().html);
    assert.match(m.raw, /^Content-Type: multipart\/alternative;/im);
    assert.equal(m.parsed.headers.get('x-argus-delivery'), 'ntf_01J9Z3K4');
    assert.equal(m.parsed.headers.get('x-argus-event'), 'alert.opened');
    assert.equal(m.parsed.date?.toISOString(), '2026-01-01T02:13:05.000Z');
    assert.equal(m.secure, false);
  });

  it('gives a retried notification the same Message-ID, and another notification a different one', async () => {
    const smtp = await peer({ authOptional: true, disabledCommands: ['STARTTLS'] });
    const s = sender(smtp.port, { to: ['oncall@example.test'] });
    assert.equal((await s.send(note())).ok, true);
    assert.equal((await s.send(note())).ok, true);
    assert.equal((await s.send(note({ id: 'ntf_other' }))).ok, true);
    const ids = smtp.arrived.map((m) => m.parsed.messageId);
    assert.match(ids[0] ?? '', /^<[0-9a-f]{32}\.argus@argus\.test>$/);
    assert.equal(ids[0], ids[1]);
    assert.notEqual(ids[0], ids[2]);
  });

  it('upgrades with STARTTLS when required, then logs in (AUTH PLAIN)', async () => {
    const smtp = await peer({ key, cert, authMethods: ['PLAIN'] });
    const r = await sender(smtp.port, { requireTLS: true, user: USER, pass: PASS, tlsRejectUnauthorized: false }).send(note());
    assert.equal(r.ok, true, r.detail);
    assert.deepEqual(smtp.auths, [{ method: 'PLAIN', username: USER, accepted: true, secure: true }]);
    assert.equal(smtp.arrived.length, 1);
    assert.equal(smtp.arrived[0].secure, true);
    assert.equal(smtp.arrived[0].user, USER);
  });

  it('logs in with AUTH LOGIN when that is what the server offers', async () => {
    const smtp = await peer({ key, cert, authMethods: ['LOGIN'] });
    const r = await sender(smtp.port, { requireTLS: true, user: USER, pass: PASS, tlsRejectUnauthorized: false }).send(note());
    assert.equal(r.ok, true, r.detail);
    assert.deepEqual(
      smtp.auths.map((a) => [a.method, a.accepted, a.secure]),
      [['LOGIN', true, true]],
    );
    assert.equal(smtp.arrived.length, 1);
  });

  it('speaks implicit TLS (secure: true)', async () => {
    const smtp = await peer({ secure: true, key, cert, authMethods: ['PLAIN'] });
    const r = await sender(smtp.port, { secure: true, user: USER, pass: PASS, tlsRejectUnauthorized: false }).send(note());
    assert.equal(r.ok, true, r.detail);
    assert.equal(smtp.arrived[0].secure, true);
  });

  it('fails permanently on a wrong password (535), and keeps the password out of the detail', async () => {
    const smtp = await peer({ key, cert, authMethods: ['PLAIN', 'LOGIN'] });
    const r = await sender(smtp.port, { requireTLS: true, user: USER, pass: 'wrong-password-123', tlsRejectUnauthorized: false }).send(
      note(),
    );
    assert.equal(r.ok, false);
    assert.equal(r.retryable, false);
    assert.equal(r.status, 535);
    assert.match(r.detail, /authentication refused/);
    assert.doesNotMatch(r.detail, /wrong-password-123/);
    assert.equal(smtp.auths.length, 1);
    assert.equal(smtp.auths[0].accepted, false);
    assert.equal(smtp.arrived.length, 0);
  });

  it('fails permanently when the server certificate is not trusted (default verification)', async () => {
    const smtp = await peer({ key, cert, authOptional: true });
    const r = await sender(smtp.port, { requireTLS: true }).send(note());
    assert.equal(r.ok, false);
    assert.equal(r.retryable, false, r.detail);
    assert.match(r.detail, /certificate/);
    assert.equal(smtp.arrived.length, 0);
  });

  it('never sends in clear text when STARTTLS is required but not offered', async () => {
    const smtp = await peer({ authOptional: true, disabledCommands: ['STARTTLS'] });
    const r = await sender(smtp.port, { requireTLS: true }).send(note());
    assert.equal(r.ok, false);
    assert.equal(smtp.arrived.length, 0);
    assert.match(r.detail, /STARTTLS/);
  });

  it('retries when the server answers 421 at the greeting', async () => {
    const smtp = await peer({
      authOptional: true,
      onConnect(_session, callback) {
        callback(Object.assign(new Error('4.3.2 Service shutting down, try later'), { responseCode: 421 }));
      },
    });
    const r = await sender(smtp.port).send(note());
    assert.equal(r.ok, false);
    assert.equal(r.retryable, true, r.detail);
    assert.equal(r.status, 421);
  });

  it('retries when the server answers 451 to the message', async () => {
    const smtp = await peer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onMailFrom(_address, _session, callback) {
        callback(Object.assign(new Error('4.7.1 Greylisted, try again later'), { responseCode: 451 }));
      },
    });
    const r = await sender(smtp.port).send(note());
    assert.equal(r.ok, false);
    assert.equal(r.retryable, true, r.detail);
    assert.equal(r.status, 451);
    assert.match(r.detail, /Greylisted/);
  });

  it('fails permanently when every recipient is rejected (550)', async () => {
    const smtp = await peer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
      },
    });
    const r = await sender(smtp.port).send(note());
    assert.equal(r.ok, false);
    assert.equal(r.retryable, false, r.detail);
    assert.equal(r.status, 550);
    assert.equal(smtp.arrived.length, 0);
  });

  it('counts a message that some recipients took as sent, naming the refused ones', async () => {
    const smtp = await peer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo(address, _session, callback) {
        if (address.address === 'owner@example.test') callback(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
        else callback();
      },
    });
    const r = await sender(smtp.port).send(note());
    assert.equal(r.ok, true, r.detail);
    assert.match(r.detail, /accepted for 1 of 2.*owner@example\.test/);
    assert.deepEqual(smtp.arrived[0].envelopeTo, ['oncall@example.test']);
  });

  it('retries when the connection is refused', async () => {
    const r = await sender(await freePort()).send(note());
    assert.equal(r.ok, false);
    assert.equal(r.retryable, true, r.detail);
    assert.match(r.detail, /ECONNREFUSED/);
  });

  it('retries when the server accepts the connection but never greets', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    stray.push(silent);
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const started = Date.now();
    const r = await sender((silent.address() as AddressInfo).port, { timeoutMs: 300 }).send(note());
    for (const s of sockets) s.destroy();
    assert.equal(r.ok, false);
    assert.equal(r.retryable, true, r.detail);
    assert.match(r.detail, /ETIMEDOUT/);
    assert.ok(Date.now() - started < 5_000);
  });

  it('stops when the caller aborts, as a retryable failure', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    stray.push(silent);
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const controller = new AbortController();
    const pending = sender((silent.address() as AddressInfo).port).send(note(), controller.signal);
    setTimeout(() => controller.abort(), 100);
    const r = await pending;
    for (const s of sockets) s.destroy();
    assert.deepEqual([r.ok, r.retryable, r.detail], [false, true, 'SMTP: aborted']);
  });

  it('checks the settings without sending (connect, TLS, login)', async () => {
    const smtp = await peer({ key, cert, authMethods: ['PLAIN'] });
    const good = await sender(smtp.port, { requireTLS: true, user: USER, pass: PASS, tlsRejectUnauthorized: false }).check();
    assert.equal(good.ok, true, good.detail);
    const bad = await sender(smtp.port, { requireTLS: true, user: USER, pass: 'nope', tlsRejectUnauthorized: false }).check();
    assert.deepEqual([bad.ok, bad.retryable], [false, false]);
    assert.equal(smtp.arrived.length, 0);
  });
});
