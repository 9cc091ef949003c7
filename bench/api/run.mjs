#!/usr/bin/env node
// Argus API benchmark: starts a throw-away server on SQLite, seeds 1,000 cameras, then measures
// a few read endpoints and the login path with autocannon. See bench/README.md.
//
// Exit code: 0 when every scenario answered only 2xx without transport errors; 1 when the
// benchmark itself is broken (setup failed, non-2xx responses, errors, timeouts). Timings never
// decide the exit code.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const HERE = dirname(fileURLToPath(import.meta.url));
const SERVER_MAIN = resolve(HERE, '../../server/dist/src/main.js');

const envInt = (name, def) => {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer (got "${v}")`);
  return n;
};

const CFG = {
  cameras: envInt('BENCH_CAMERAS', 1000),
  seedConcurrency: 8,
  connections: envInt('BENCH_CONNECTIONS', 10),
  loginConnections: envInt('BENCH_LOGIN_CONNECTIONS', 4),
  warmupS: envInt('BENCH_WARMUP_S', 2),
  durationS: envInt('BENCH_DURATION_S', 8),
  startupTimeoutMs: 30_000,
};

const ADMIN_EMAIL = 'bench@argus.local';
const ADMIN_PASSWORD = 'bench-Argus-pw-2024!x';

// ---------------------------------------------------------------------------------------------
// Server lifecycle

let server = null; // ChildProcess
let dataDir = null;
const serverLog = []; // stderr/stdout lines at LOG_LEVEL=warn (and anything it prints on failure)

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function startServer() {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} not found: build the server first (npm run build -w server)`);
  const port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'argus-bench-'));
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: '', // SQLite in DATA_DIR, whatever the caller's environment says
    REDIS_URL: '',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    LOGIN_IP_MAX_PER_MINUTE: '100000',
    LOGIN_MAX_FAILURES: '1000',
  };
  server = spawn(process.execPath, [SERVER_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const collect = (stream) => {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.trim() && !line.startsWith('Argus is running') && !/received, shutting down/.test(line)) serverLog.push(line);
      }
    });
  };
  collect(server.stdout);
  collect(server.stderr);
  let exited = null;
  server.once('exit', (code, signal) => (exited = { code, signal }));

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + CFG.startupTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`server exited during startup (code ${exited.code}, signal ${exited.signal}):\n${serverLog.join('\n')}`);
    try {
      const r = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(1000) });
      if (r.status === 200) return base;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline)
      throw new Error(`server did not answer 200 on /api/health within ${CFG.startupTimeoutMs} ms:\n${serverLog.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopServer() {
  const child = server;
  server = null;
  if (child && child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(t);
  }
  if (dataDir) {
    rmSync(dataDir, { recursive: true, force: true });
    dataDir = null;
  }
}

// Last resort if we die without reaching stopServer (synchronous, so it works in 'exit').
process.on('exit', () => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    process.stderr.write(`\nbench: ${sig} received, stopping the server\n`);
    stopServer().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// Setup through the API

async function api(base, method, path, { token, body } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: r.status, json, text };
}

async function login(base) {
  const r = await api(base, 'POST', '/api/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
  if (r.status !== 200 || typeof r.json?.accessToken !== 'string') throw new Error(`login failed: ${r.status} ${r.text.slice(0, 300)}`);
  return r.json.accessToken;
}

const SITES = ['Warehouse', 'Lobby', 'Parking', 'Loading Dock', 'Rooftop', 'Server Room', 'Garden', 'Gate'];
const BUILDINGS = ['HQ', 'North Plant', 'Depot 3', 'Annex'];

function cameraBody(i) {
  const site = SITES[i % SITES.length];
  const body = {
    name: `cam-${i} ${site}`,
    location: `${BUILDINGS[i % BUILDINGS.length]}, floor ${i % 5}`,
    description: i % 4 === 0 ? `Bench camera ${i} watching the ${site.toLowerCase()}` : undefined,
    enabled: i % 7 !== 0, // ~14% disabled, so enabled=true actually filters
  };
  if (i % 3 === 0) {
    body.sourceType = 'pull';
    body.pullUrl = `rtsp://user:pw@10.0.0.${(i % 254) + 1}:554/stream`;
  } else {
    body.sourceType = 'push';
  }
  return body;
}

async function seedCameras(base, token) {
  let next = 1;
  const failures = [];
  const worker = async () => {
    while (next <= CFG.cameras && failures.length === 0) {
      const i = next++;
      const body = cameraBody(i);
      const r = await api(base, 'POST', '/api/cameras', { token, body });
      if (r.status !== 201) failures.push(`POST /api/cameras ${JSON.stringify(body)} -> ${r.status} ${r.text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: CFG.seedConcurrency }, worker));
  if (failures.length) throw new Error(`seeding cameras failed:\n${failures.join('\n')}`);
}

// ---------------------------------------------------------------------------------------------
// Measurement

// Runs autocannon (no progress bar or table: we print our own summary). autocannon's own latency
// histogram has 1 ms resolution, which is too coarse for sub-millisecond endpoints, so we also
// keep every 2xx response time (float ms from its 'response' event) and take percentiles from those.
function cannon(opts) {
  return new Promise((res, rej) => {
    const times = [];
    const inst = autocannon(opts, (err, result) => (err ? rej(err) : res({ result, times })));
    inst.on('response', (_client, statusCode, _bytes, ms) => {
      if (statusCode >= 200 && statusCode < 300) times.push(ms);
    });
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

async function measure(base, sc) {
  const common = {
    url: base + sc.path,
    method: sc.method ?? 'GET',
    headers: sc.headers,
    body: sc.body,
    connections: sc.connections,
    timeout: 10,
  };
  let warm = null;
  if (CFG.warmupS > 0) warm = (await cannon({ ...common, duration: CFG.warmupS })).result;
  const { result: r, times } = await cannon({ ...common, duration: CFG.durationS });
  const sorted = Float64Array.from(times).sort();
  const codes = Object.entries(r.statusCodeStats ?? {})
    .map(([c, s]) => `${c}x${s.count}`)
    .join(' ');
  return {
    name: sc.name,
    connections: sc.connections,
    rps: r.requests.total / r.duration, // r.duration: the measured run's wall time in seconds
    total: r.requests.total,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    codes,
    warmBad: warm ? warm.errors + warm.timeouts + warm.non2xx : 0,
  };
}

const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

function table(rows) {
  const head = ['scenario', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors', 'non-2xx'];
  const body = rows.map((r) => [
    r.name,
    String(r.connections),
    fmt(r.rps),
    fmt(r.p50, 2),
    fmt(r.p99, 2),
    String(r.total),
    String(r.errors),
    String(r.non2xx),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...body.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const t0 = Date.now();
  console.log(`Argus API benchmark — node ${process.version}, ${availableParallelism()} CPUs, SQLite, loopback only`);
  console.log(`warm-up ${CFG.warmupS} s + measure ${CFG.durationS} s per scenario; ${CFG.cameras} cameras seeded`);

  const base = await startServer();
  console.log(`server up at ${base} after ${Date.now() - t0} ms`);
  const token = await login(base);

  const ts = Date.now();
  await seedCameras(base, token);
  const seedMs = Date.now() - ts;

  // Sanity checks so we do not benchmark an error page.
  const list = await api(base, 'GET', '/api/cameras?limit=50', { token });
  if (list.status !== 200 || list.json?.total !== CFG.cameras || list.json?.items?.length !== Math.min(50, CFG.cameras))
    throw new Error(`unexpected camera list: ${list.status} total=${list.json?.total} items=${list.json?.items?.length}`);
  const filteredPath = '/api/cameras?limit=50&name=cam-1&enabled=true';
  const filtered = await api(base, 'GET', filteredPath, { token });
  if (filtered.status !== 200) throw new Error(`filtered list failed: ${filtered.status} ${filtered.text.slice(0, 300)}`);
  const me = await api(base, 'GET', '/api/auth/me', { token });
  if (me.status !== 200) throw new Error(`/api/auth/me failed: ${me.status} ${me.text.slice(0, 300)}`);
  const listBytes = Buffer.byteLength(list.text);
  console.log(
    `seeded ${CFG.cameras} cameras in ${seedMs} ms (${fmt((CFG.cameras * 1000) / seedMs)} creates/s at ${CFG.seedConcurrency} in flight); ` +
      `filtered query matches ${filtered.json.total}, returns ${filtered.json.items.length}; list page ${listBytes} bytes, /me ${Buffer.byteLength(me.text)} bytes`,
  );
  console.log('');

  const auth = { authorization: `Bearer ${token}` };
  const scenarios = [
    { name: 'GET /api/auth/me (baseline)', path: '/api/auth/me', headers: auth, connections: CFG.connections },
    { name: 'GET /api/cameras?limit=50', path: '/api/cameras?limit=50', headers: auth, connections: CFG.connections },
    { name: 'GET /api/cameras (filtered)', path: filteredPath, headers: auth, connections: CFG.connections },
    {
      name: 'POST /api/auth/login',
      path: '/api/auth/login',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
      connections: CFG.loginConnections,
    },
  ];

  const results = [];
  for (const sc of scenarios) {
    process.stderr.write(`running: ${sc.name} ...\n`);
    results.push(await measure(base, sc));
  }

  console.log(table(results));
  console.log('');
  const [meR, listR, filtR, loginR] = results;
  console.log(`filtered = ${filteredPath}`);
  console.log(`logins/s (argon2id verify, ${loginR.connections} in flight): ${fmt(loginR.rps)}`);
  console.log('');
  console.log('ratios vs GET /api/auth/me (same run):');
  const ratio = (a, b) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : 'n/a');
  console.log(`  cameras list / auth/me      throughput ${ratio(listR.rps, meR.rps)}   p99 latency ${ratio(listR.p99, meR.p99)}`);
  console.log(`  cameras filtered / auth/me  throughput ${ratio(filtR.rps, meR.rps)}   p99 latency ${ratio(filtR.p99, meR.p99)}`);

  const broken = results.filter((r) => r.errors > 0 || r.non2xx > 0 || r.warmBad > 0);
  for (const r of broken)
    console.log(
      `BROKEN: ${r.name}: ${r.errors} errors/timeouts, ${r.non2xx} non-2xx, status codes: ${r.codes || 'none'}; warm-up bad: ${r.warmBad}`,
    );
  if (serverLog.length) {
    console.log(`\nserver logged ${serverLog.length} line(s) at warn or above; first ones:`);
    for (const l of serverLog.slice(0, 10)) console.log(`  ${l.slice(0, 400)}`);
  }
  await stopServer();
  console.log(`\ntotal ${fmt((Date.now() - t0) / 1000)} s`);
  return broken.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(`bench failed: ${err?.stack ?? err}`);
    await stopServer().catch(() => {});
    process.exit(1);
  },
);
