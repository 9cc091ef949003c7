// Shared helpers for end-to-end tests: a real Argus server process and Debian's Chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const ADMIN = { email: 'e2e-admin@argus.local', password: 'e2e-admin-password-1' };

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Polls `fn` until it returns a truthy value or the deadline passes. */
export async function waitFor(fn, { timeoutMs = 20_000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

/** Starts `node server/dist/src/main.js` on a free port with a fresh data directory. */
export async function startArgus(env = {}, { dataDir = mkdtempSync(join(tmpdir(), 'argus-e2e-')), keepData = false } = {}) {
  const port = await freePort();
  const rtmpPort = await freePort();
  const child = spawn(process.execPath, [join(root, 'server/dist/src/main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      RTMP_PORT: String(rtmpPort),
      STREAMING: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => child.exitCode === null && (await fetch(`${base}/api/health`)).ok, { what: 'Argus to start' });
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n${output}`, { cause: e });
  }
  return {
    base,
    dataDir,
    rtmpPort,
    pid: child.pid,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await waitFor(() => child.exitCode !== null || child.signalCode !== null, { timeoutMs: 20_000, what: 'Argus to stop' }).catch(() =>
          child.kill('SIGKILL'),
        );
      }
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
    /**
     * For after() hooks: stop, then kill whatever a failed or crashed run left (the tests that
     * check for leaks call stop() and look themselves, before this safety net runs).
     */
    async dispose() {
      await this.stop().catch(() => undefined);
      // Whole process groups: an nginx master's workers do not name the data folder.
      for (const pid of await pidsMatching(dataDir)) {
        try {
          process.kill(-processGroupOf(pid), 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
    /** kill -9 of the server process alone (its children are left, as after a crash). */
    crash() {
      child.kill('SIGKILL');
      return waitFor(() => child.exitCode !== null || child.signalCode !== null, { what: 'the server to die' });
    },
  };
}

export async function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A signed-in JSON client for the API. */
export async function apiClient(base, email = ADMIN.email, password = ADMIN.password) {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (r.status !== 200) throw new Error(`login failed: ${r.status}`);
  const { accessToken } = await r.json();
  const call = async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, body: json };
  };
  return {
    get: (p) => call('GET', p),
    post: (p, b) => call('POST', p, b ?? {}),
    patch: (p, b) => call('PATCH', p, b),
    del: (p) => call('DELETE', p),
  };
}

/** Publishes an FFmpeg test pattern (1 s GOP, AAC audio) to an RTMP URL until stopped. */
export function publishTestSource(url, { width = 640, height = 360, fps = 25, seconds = 0 } = {}) {
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-re',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${width}x${height}:rate=${fps}`,
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=44100',
  ];
  if (seconds) args.push('-t', String(seconds));
  args.push(
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-tune',
    'zerolatency',
    '-g',
    String(fps),
    '-pix_fmt',
    'yuv420p',
    '-b:v',
    '800k',
    '-c:a',
    'aac',
    '-b:a',
    '64k',
    '-f',
    'flv',
    url,
  );
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  return {
    child,
    exited,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}

/** Runs a command and returns its stdout (rejects on a non-zero exit). */
export function run(cmd, args, timeoutMs = 20_000) {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (err += d));
    const t = setTimeout(() => c.kill('SIGKILL'), timeoutMs);
    c.on('exit', (code) => {
      clearTimeout(t);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err}`));
    });
  });
}

/** PIDs of processes whose command line contains `needle`. */
export async function pidsMatching(needle) {
  try {
    return (await run('pgrep', ['-f', needle]))
      .split('\n')
      .filter(Boolean)
      .map(Number)
      .filter((p) => p !== process.pid);
  } catch {
    return [];
  }
}

/** True while a process runs (a zombie — dead, not yet reaped by its parent — does not count). */
export function isRunning(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The process group id of a process (field 5 of /proc/<pid>/stat). */
export function processGroupOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}
