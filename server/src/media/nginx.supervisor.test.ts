import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signLivePath, type NginxConfigInput } from './nginx-config';
import { NginxSupervisor, type NginxState, restartDelayMs, tcpProbe, type Timers } from './nginx.supervisor';
import type { ExitInfo, ManagedProcess, ProcessRunner, ProcessSpec } from './process';
import { NodeProcessRunner } from './process-runner';

const RTMP_MODULE = '/usr/lib/nginx/modules/ngx_rtmp_module.so';
const CAM = '0b8e3c52-2f6e-4c1a-9d1e-3f1f5e0c9a11';
const LINK_SECRET = 'link-secret-for-tests-0123';
const CALLBACK_SECRET = 'callback-secret-for-tests-0123';

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const addr = srv.address();
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  return addr.port;
}

/** Polls a condition with a deadline (no fixed sleeps). */
async function until<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 10_000, stepMs = 25): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

// ---------------------------------------------------------------------------------------------
// Unit: backoff and the restart state machine, against a fake runner, fake timers and a fake clock.
// ---------------------------------------------------------------------------------------------

describe('restartDelayMs', () => {
  it('doubles from 0.5 s and caps at 30 s', () => {
    assert.deepEqual(
      Array.from({ length: 10 }, (_, i) => restartDelayMs(i)),
      [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000],
    );
    assert.equal(restartDelayMs(1000), 30000);
  });
});

class FakeProc implements ManagedProcess {
  readonly exited: Promise<ExitInfo>;
  done = false;
  signals: NodeJS.Signals[] = [];
  private resolveExit!: (i: ExitInfo) => void;
  constructor(
    readonly pid: number,
    readonly name: string,
    private readonly onExit: () => void,
  ) {
    this.exited = new Promise((r) => (this.resolveExit = r));
  }
  onStdoutLine(): void {}
  onStderrLine(): void {}
  exit(code: number | null, signal: NodeJS.Signals | null = null, stderrTail: string[] = []): void {
    if (this.done) return;
    this.done = true;
    this.onExit();
    this.resolveExit({ code, signal, stderrTail, uptimeMs: 0 });
  }
  stop(): Promise<ExitInfo> {
    this.exit(null, 'SIGTERM');
    return this.exited;
  }
  signal(sig: NodeJS.Signals): void {
    this.signals.push(sig);
  }
}

/** nginx -t always passes; "nginx" listens as soon as it is spawned unless told to die at start. */
class FakeRunner implements ProcessRunner {
  listening = false;
  procs: FakeProc[] = [];
  dieAtStart = 0;
  private nextPid = 1000;
  start(spec: ProcessSpec): ManagedProcess {
    const p = new FakeProc(this.nextPid++, spec.name, () => {
      if (spec.name === 'nginx') this.listening = false;
    });
    if (spec.name === 'nginx-config-test') {
      queueMicrotask(() => p.exit(0));
      return p;
    }
    this.procs.push(p);
    if (this.dieAtStart > 0) {
      this.dieAtStart--;
      queueMicrotask(() => p.exit(1, null, ['nginx: [emerg] bind() to 0.0.0.0:1935 failed (98: Address already in use)']));
    } else {
      this.listening = true;
    }
    return p;
  }
  async reapOrphans() {
    return [];
  }
  async stopAll() {}
  get current(): FakeProc {
    const p = this.procs.at(-1);
    if (!p) throw new Error('nothing started');
    return p;
  }
}

class FakeTimers implements Timers {
  pending = new Map<number, { fn: () => void; ms: number }>();
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { fn, ms });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.pending.delete(h as number);
  }
  delays(): number[] {
    return [...this.pending.values()].map((t) => t.ms);
  }
  fireAll(): void {
    const all = [...this.pending.entries()];
    this.pending.clear();
    for (const [, t] of all) t.fn();
  }
}

describe('NginxSupervisor restart policy (fake runner)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'argus-nginx-unit-'));
    writeFileSync(join(dir, 'fake-module.so'), '');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function setup() {
    const runner = new FakeRunner();
    const timers = new FakeTimers();
    const clock = {
      t: 1_000_000,
      now() {
        return this.t;
      },
    };
    const states: string[] = [];
    const input: NginxConfigInput = {
      prefix: join(dir, 'nginx'),
      rtmpModulePath: join(dir, 'fake-module.so'),
      rtmpPort: 11935,
      httpHost: '127.0.0.1',
      httpPort: 18080,
      apiUpstream: '127.0.0.1:18081',
      liveDir: join(dir, 'live'),
      callbackSecret: CALLBACK_SECRET,
      linkSecret: LINK_SECRET,
      workerProcesses: 1,
    };
    const sup = new NginxSupervisor(input, runner, {
      nginxBin: '/bin/sh', // any executable: the fake runner never runs it
      timers,
      clock,
      probe: async () => runner.listening,
      onStateChange: (s, reason) => states.push(reason ? `${s}: ${reason}` : s),
    });
    return { runner, timers, clock, states, sup };
  }

  it('restarts a crashed nginx after 0.5 s, 1 s, 2 s … capped at 30 s, and kills the rest of its group', async () => {
    const { runner, timers, sup, states } = setup();
    await sup.start();
    assert.equal(sup.state, 'running');
    assert.deepEqual(states, ['starting', 'running']);
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      const crashed = runner.current;
      crashed.exit(null, 'SIGKILL');
      await until('restart scheduled', () => timers.pending.size === 1);
      assert.equal(sup.state, 'restarting');
      assert.ok(crashed.signals.includes('SIGKILL'), 'orphaned workers of the dead master are killed');
      seen.push(...timers.delays());
      timers.fireAll();
      await until('running again', () => sup.state === 'running');
    }
    assert.deepEqual(seen, [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    assert.match(states.find((s) => s.startsWith('restarting')) ?? '', /nginx exited unexpectedly \(signal SIGKILL\)/);
    await sup.stop();
  });

  it('resets the delay after 60 s of stable running', async () => {
    const { runner, timers, clock, sup } = setup();
    await sup.start();
    for (const expected of [500, 1000, 2000]) {
      runner.current.exit(1);
      await until('restart scheduled', () => timers.pending.size === 1);
      assert.deepEqual(timers.delays(), [expected]);
      timers.fireAll();
      await until('running again', () => sup.state === 'running');
    }
    clock.t += 59_000;
    runner.current.exit(1);
    await until('restart scheduled', () => timers.pending.size === 1);
    assert.deepEqual(timers.delays(), [4000], '59 s is not stable enough');
    timers.fireAll();
    await until('running again', () => sup.state === 'running');
    clock.t += 60_000;
    runner.current.exit(1);
    await until('restart scheduled', () => timers.pending.size === 1);
    assert.deepEqual(timers.delays(), [500]);
    await sup.stop();
  });

  it('keeps retrying with growing delays when a restart fails, and reports why', async () => {
    const { runner, timers, sup, states } = setup();
    await sup.start();
    runner.dieAtStart = 2;
    runner.current.exit(1);
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      await until('restart scheduled', () => timers.pending.size === 1);
      delays.push(...timers.delays());
      timers.fireAll();
    }
    await until('running again', () => sup.state === 'running');
    assert.deepEqual(delays, [500, 1000, 2000]);
    assert.ok(
      states.some((s) => /restart failed: nginx exited while starting .*Address already in use/.test(s)),
      states.join('\n'),
    );
    await sup.stop();
  });

  it('does not restart after stop(), cancels a pending restart, and stop() is idempotent', async () => {
    const { runner, timers, sup, states } = setup();
    await sup.start();
    runner.current.exit(1);
    await until('restart scheduled', () => timers.pending.size === 1);
    await sup.stop();
    assert.equal(timers.pending.size, 0);
    assert.equal(sup.state, 'stopped');
    await sup.stop();
    assert.equal(runner.procs.length, 1);

    await sup.start();
    const p = runner.current;
    await sup.stop();
    assert.ok(p.done);
    p.exit(1); // a late exit event after stop
    assert.equal(timers.pending.size, 0);
    assert.equal(states.at(-1), 'stopped');
  });

  it('fails start() when the ports are taken by something else', async () => {
    const { runner, sup, states } = setup();
    runner.listening = true; // someone else answers on the ports
    await assert.rejects(sup.start(), /port 11935 is already in use/);
    assert.equal(sup.state, 'failed');
    assert.match(states.at(-1) ?? '', /^failed: port 11935 is already in use/);
    assert.equal(runner.procs.length, 0);
  });
});

// ---------------------------------------------------------------------------------------------
// Integration: the real nginx + RTMP module, the real process runner, real ffmpeg.
// ---------------------------------------------------------------------------------------------

/** Live (non-zombie) pids of a process group, from /proc. */
function liveGroupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const state = rest[0];
      const pg = Number(rest[2]);
      if (pg === pgid && state !== 'Z' && state !== 'X') out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function pgrepF(pattern: string): number[] {
  const r = spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map(Number)
    .filter((pid) => pid !== process.pid);
}

interface Callback {
  path: string;
  query: URLSearchParams;
  form: URLSearchParams;
}

describe('NginxSupervisor with the real nginx', { timeout: 120_000 }, () => {
  let root: string;
  let runner: NodeProcessRunner;
  const supervisors: NginxSupervisor[] = [];
  const groups = new Set<number>();
  let api: Server;
  let apiPort: number;
  const callbacks: Callback[] = [];

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'argus-nginx-int-'));
    // nginx workers run as "nobody" when the tests run as root: let them reach live/ and tmp/.
    chmodSync(root, 0o755);
    runner = new NodeProcessRunner(join(root, 'run'));
    // Stand-in for the Argus API: records the RTMP callbacks; a publish of "key-<x>" is renamed to "cam-<x>".
    api = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const form = new URLSearchParams(body);
        callbacks.push({ path: url.pathname, query: url.searchParams, form });
        const name = form.get('name') ?? '';
        if (url.pathname === '/api/internal/rtmp/publish' && name.startsWith('key-')) {
          res.writeHead(302, { Location: `cam-${name.slice(4)}` });
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      });
    });
    apiPort = await new Promise<number>((resolve) => api.listen(0, '127.0.0.1', () => resolve((api.address() as { port: number }).port)));
  });

  after(async () => {
    for (const s of supervisors) await s.stop().catch(() => undefined);
    await runner.stopAll(1000).catch(() => undefined);
    for (const g of groups) {
      try {
        process.kill(-g, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await new Promise<void>((resolve) => api.close(() => resolve()));
    rmSync(root, { recursive: true, force: true });
  });

  async function makeSupervisor(name: string) {
    const states: NginxState[] = [];
    const stateLog: string[] = [];
    const prefix = join(root, name, 'nginx');
    const input: NginxConfigInput = {
      prefix,
      rtmpModulePath: RTMP_MODULE,
      rtmpPort: await freePort(),
      httpHost: '127.0.0.1',
      httpPort: await freePort(),
      apiUpstream: `127.0.0.1:${apiPort}`,
      liveDir: join(root, name, 'live'),
      callbackSecret: CALLBACK_SECRET,
      linkSecret: LINK_SECRET,
      workerProcesses: 1,
    };
    mkdirSync(join(root, name), { recursive: true, mode: 0o755 });
    const logs: string[] = [];
    const sup = new NginxSupervisor(input, runner, {
      log: (level, msg) => logs.push(`${level}: ${msg}`),
      onStateChange: (s, reason) => {
        states.push(s);
        stateLog.push(reason ? `${s}: ${reason}` : s);
      },
    });
    supervisors.push(sup);
    return { sup, input, prefix, logs, states, stateLog };
  }

  it('starts, serves, survives kill -9 of the master, and stops without leaving a process', async () => {
    const { sup, input, prefix, states, stateLog } = await makeSupervisor('lifecycle');

    await sup.start();
    assert.equal(sup.state, 'running');
    assert.deepEqual(states, ['starting', 'running']);
    const firstPid = sup.pid;
    assert.ok(firstPid);
    groups.add(firstPid);
    assert.ok(await tcpProbe('127.0.0.1', input.rtmpPort), 'RTMP port answers');
    assert.ok(await tcpProbe('127.0.0.1', input.httpPort), 'HTTP port answers');
    assert.equal(readFileSync(join(prefix, 'nginx.pid'), 'utf8').trim(), String(firstPid));
    assert.deepEqual((await sup.fetchStat()).streams, []);
    assert.equal(sup.statUrl, `http://127.0.0.1:${input.httpPort}/internal/stat`);

    // Signed live HLS straight from disk.
    mkdirSync(join(input.liveDir, CAM, 'v0'), { recursive: true });
    writeFileSync(join(input.liveDir, CAM, 'master.m3u8'), '#EXTM3U\n');
    writeFileSync(join(input.liveDir, CAM, 'v0', 'seg_000001.ts'), 'segment');
    const base = `http://127.0.0.1:${input.httpPort}`;
    const now = Math.floor(Date.now() / 1000);
    const signed = signLivePath(CAM, now + 600, LINK_SECRET);
    const playlist = await fetch(`${base}${signed}master.m3u8`);
    assert.equal(playlist.status, 200);
    assert.equal(await playlist.text(), '#EXTM3U\n');
    assert.equal(playlist.headers.get('cache-control'), 'no-cache');
    assert.equal(playlist.headers.get('access-control-allow-origin'), '*');
    assert.equal(playlist.headers.get('content-type'), 'application/vnd.apple.mpegurl');
    const segment = await fetch(`${base}${signed}v0/seg_000001.ts`);
    assert.equal(segment.status, 200);
    assert.equal(segment.headers.get('cache-control'), 'max-age=10');
    assert.equal(segment.headers.get('content-type'), 'video/mp2t');
    const expired = signLivePath(CAM, now - 1, LINK_SECRET);
    assert.equal((await fetch(`${base}${expired}master.m3u8`)).status, 403, 'expired');
    const forged = signLivePath(CAM, now + 600, 'another-secret-0123456789');
    assert.equal((await fetch(`${base}${forged}master.m3u8`)).status, 403, 'wrong secret');
    const swapped = signed.replace(String(now + 600), String(now + 6000));
    assert.equal((await fetch(`${base}${swapped}master.m3u8`)).status, 403, 'expiry changed after signing');
    assert.equal((await fetch(`${base}/live/${CAM}/master.m3u8`)).status, 403, 'unsigned');
    assert.equal(
      (await fetch(`${base}/api/internal/rtmp/publish`, { method: 'POST' })).status,
      404,
      'callbacks are not reachable through the front door',
    );

    // kill -9 the master: its worker must not survive, and a new nginx must serve again.
    const workersBefore = liveGroupMembers(firstPid).filter((p) => p !== firstPid);
    assert.ok(workersBefore.length >= 1, 'nginx has a worker');
    process.kill(firstPid, 'SIGKILL');
    await until('nginx restarted', () => sup.state === 'running' && sup.pid !== null && sup.pid !== firstPid, 15_000);
    const secondPid = sup.pid!;
    groups.add(secondPid);
    assert.deepEqual(states.slice(2), ['restarting', 'running']);
    assert.match(stateLog[2] ?? '', /^restarting: nginx exited unexpectedly \(signal SIGKILL/);
    assert.deepEqual(liveGroupMembers(firstPid), [], 'no process of the killed nginx is left');
    assert.ok(await tcpProbe('127.0.0.1', input.rtmpPort), 'RTMP port answers after the restart');
    assert.ok(await tcpProbe('127.0.0.1', input.httpPort), 'HTTP port answers after the restart');
    assert.equal((await fetch(`${base}${signed}master.m3u8`)).status, 200);

    await sup.stop();
    assert.equal(sup.state, 'stopped');
    assert.deepEqual(pgrepF(prefix), [], 'no nginx master left');
    assert.deepEqual(liveGroupMembers(secondPid), [], 'no nginx worker left');
    assert.equal(await tcpProbe('127.0.0.1', input.httpPort), false);
    await sup.stop();
    assert.equal(states.at(-1), 'stopped');
    assert.equal(states.filter((s) => s === 'stopped').length, 1);
  });

  it('explains a missing nginx or RTMP module', async () => {
    await assert.rejects(NginxSupervisor.check('/nonexistent/sbin/nginx', RTMP_MODULE), {
      message: /^nginx is not installed: apt-get install nginx/,
    });
    await assert.rejects(NginxSupervisor.check('no-such-nginx-binary', RTMP_MODULE), /^Error: nginx is not installed/);
    await assert.rejects(NginxSupervisor.check('nginx', '/nonexistent/ngx_rtmp_module.so'), {
      message: /^the nginx RTMP module is not installed: apt-get install libnginx-mod-rtmp/,
    });
    await NginxSupervisor.check('nginx', RTMP_MODULE); // found via PATH or /usr/sbin
  });

  it('surfaces the error when another process holds the HTTP port', async () => {
    const { sup, input } = await makeSupervisor('busy');
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(input.httpPort, '127.0.0.1', resolve));
    try {
      await assert.rejects(sup.start(), new RegExp(`port ${input.httpPort} is already in use`));
      assert.equal(sup.state, 'failed');
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  it('nginx-rtmp: an on_publish 3xx renames the stream locally, later callbacks keep the published name', async () => {
    const { sup, input } = await makeSupervisor('rename');
    await sup.start();
    groups.add(sup.pid!);
    callbacks.length = 0;
    const publish = (n: number) => {
      const p = runner.start({
        name: `test-publisher-${n}`,
        command: 'ffmpeg',
        args: [
          '-hide_banner',
          '-nostdin',
          '-loglevel',
          'error',
          '-re',
          '-f',
          'lavfi',
          '-i',
          'testsrc2=size=320x180:rate=25',
          '-t',
          '30',
          '-c:v',
          'libx264',
          '-preset',
          'ultrafast',
          '-g',
          '25',
          '-f',
          'flv',
          `rtmp://127.0.0.1:${input.rtmpPort}/live/key-abc?token=t${n}`,
        ],
      });
      groups.add(p.pid);
      return p;
    };
    const first = publish(1);

    const stream = await until('renamed stream in /stat', async () =>
      (await sup.fetchStat()).streams.find((s) => s.publishing && s.name === 'cam-abc'),
    );
    assert.equal(stream.app, 'live');
    assert.equal(
      (await sup.fetchStat()).streams.some((s) => s.name === 'key-abc'),
      false,
      'no stream under the published name',
    );

    const pub = callbacks.find((c) => c.path === '/api/internal/rtmp/publish');
    assert.ok(pub);
    assert.equal(pub.query.get('secret'), CALLBACK_SECRET, 'the secret rides in the query string');
    assert.equal(pub.form.get('call'), 'publish');
    assert.equal(pub.form.get('name'), 'key-abc');
    assert.equal(pub.form.get('token'), 't1', 'publish URL query args arrive as extra form fields');
    assert.equal(pub.form.get('clientid'), stream.publisherClientId);

    // A second publisher with the same key is refused by nginx ("already publishing") after our 302 —
    // and nginx still sends publish_done for it, with the same name but its own clientid.
    const dup = publish(2);
    const dupExit = await dup.exited;
    assert.notEqual(dupExit.code, 0);
    const dupDone = await until('publish_done of the refused duplicate', () =>
      callbacks.find((c) => c.path === '/api/internal/rtmp/publish-done' && c.form.get('token') === 't2'),
    );
    assert.equal(dupDone.form.get('name'), 'key-abc');
    assert.notEqual(dupDone.form.get('clientid'), stream.publisherClientId);
    assert.ok(
      (await sup.fetchStat()).streams.some((s) => s.name === 'cam-abc' && s.publishing),
      'the first publisher is still live',
    );

    const update = await until(
      'on_update for the publisher',
      () => callbacks.find((c) => c.path === '/api/internal/rtmp/update' && c.form.get('call') === 'update_publish'),
      12_000,
    );
    assert.equal(update.form.get('name'), 'key-abc', 'on_update carries the published name, not the local one');
    assert.equal(update.form.get('clientid'), stream.publisherClientId);

    assert.equal(await sup.dropPublisher('live', 'key-abc'), false, 'drop works on the local name only');
    assert.equal(await sup.dropPublisher('live', 'cam-abc'), true);
    const done = await until('publish_done of the dropped publisher', () =>
      callbacks.find((c) => c.path === '/api/internal/rtmp/publish-done' && c.form.get('clientid') === stream.publisherClientId),
    );
    assert.equal(done.form.get('name'), 'key-abc', 'on_publish_done carries the published name, not the local one');
    assert.equal(done.form.get('token'), 't1');
    await first.exited;
    await until('stream gone from /stat', async () => (await sup.fetchStat()).streams.length === 0);
    assert.equal(await sup.dropPublisher('live', 'cam-abc'), false);
    await sup.stop();
  });
});
