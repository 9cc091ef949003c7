// Shared plumbing for the media benchmarks (live-capacity, live-latency, recording and playback): starting a throw-away
// Argus with streaming on, the pre-encoded source and its publishers, spawning helper processes in their own process
// groups and stopping them again, reading CPU time and memory of process trees from /proc, and following HLS playlists
// on disk. Linux only, loopback only.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, '../..');
/** The built server to run; ARGUS_SERVER_MAIN points the benchmarks at another build (e.g. a snapshot of a commit). */
export const SERVER_MAIN = process.env.ARGUS_SERVER_MAIN ? resolve(process.env.ARGUS_SERVER_MAIN) : join(REPO, 'server/dist/src/main.js');

/** One line saying which server build is measured: its path, and for the repository's own build the commit and whether server/ is dirty. */
export function describeServerBuild() {
  let mtime = '';
  try {
    mtime = `, built ${statSync(SERVER_MAIN)
      .mtime.toISOString()
      .replace(/\.\d+Z$/, 'Z')}`;
  } catch {
    /* missing: startArgus says so */
  }
  if (process.env.ARGUS_SERVER_MAIN) return `server: ${SERVER_MAIN} (ARGUS_SERVER_MAIN${mtime})`;
  try {
    const head = execFileSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', REPO, 'status', '--porcelain', '--', 'server/src'], { encoding: 'utf8' }).trim() !== '';
    return `server: server/dist (HEAD ${head}${dirty ? ', server/src has uncommitted changes' : ''}${mtime})`;
  } catch {
    return `server: ${SERVER_MAIN}${mtime}`;
  }
}
export const RTMP_MODULE = '/usr/lib/nginx/modules/ngx_rtmp_module.so';

export const ADMIN_EMAIL = 'bench@argus.local';
export const ADMIN_PASSWORD = 'bench-Argus-pw-2024!x';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export function freePort() {
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

export const envInt = (name, def, min = 0) => {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min} (got "${v}")`);
  return n;
};

// ---------------------------------------------------------------------------------------------
// Our own helper processes. Every one leads its own process group (detached: true), so a stop reaches all of it.
// The registry lets the exit/signal handlers kill whatever is still running, synchronously.

const groups = new Set(); // ChildProcess
const tempDirs = new Set();

export function makeTempDir(prefix) {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(d);
  return d;
}

export function removeTempDir(d) {
  if (!d) return;
  rmSync(d, { recursive: true, force: true });
  tempDirs.delete(d);
}

/**
 * Spawns `cmd args` as the leader of a new process group. stdout/stderr are piped; the last `tail` stderr lines are
 * kept in child.stderrTail; `onStdoutLine` gets stdout line by line. child.exitInfo is set when it exits.
 */
/** Nest colours its log lines even into a pipe. */
export const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

export function spawnGroup(cmd, args, { env, onStdoutLine, tail = 20, cwd } = {}) {
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env, cwd });
  child.stderrTail = [];
  child.exitInfo = null;
  child.startedAt = performance.now();
  groups.add(child);
  const lines = (stream, cb) => {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.search(/[\r\n]/)) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line) cb(line);
      }
      if (buf.length > 65536) buf = buf.slice(-65536);
    });
  };
  lines(child.stderr, (l) => {
    child.stderrTail.push(stripAnsi(l));
    if (child.stderrTail.length > tail) child.stderrTail.shift();
  });
  if (onStdoutLine) lines(child.stdout, onStdoutLine);
  else child.stdout.resume();
  child.exited = new Promise((r) =>
    child.once('exit', (code, signal) => {
      child.exitInfo = { code, signal };
      groups.delete(child);
      r(child.exitInfo);
    }),
  );
  child.on('error', (e) => {
    child.stderrTail.push(`spawn failed: ${e.message}`);
  });
  return child;
}

function killPg(pid, sig) {
  if (!pid || pid <= 1) return false;
  try {
    process.kill(-pid, sig);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the child's group, SIGKILL after graceMs; resolves when the leader has exited. */
export async function stopGroup(child, graceMs = 3000) {
  if (!child) return;
  if (child.exitInfo === null && child.pid) {
    killPg(child.pid, 'SIGTERM');
    const t = setTimeout(() => killPg(child.pid, 'SIGKILL'), graceMs);
    await child.exited;
    clearTimeout(t);
  }
  killPg(child.pid, 'SIGKILL'); // anything left in the group after the leader went
}

export async function stopGroups(children, graceMs = 3000) {
  await Promise.all(children.map((c) => stopGroup(c, graceMs)));
}

let argusInstances = new Set();

/** Last resort (synchronous, works in 'exit'): kill every group we started and Argus's children, delete temp dirs. */
export function killEverythingSync() {
  for (const a of argusInstances) killArgusLeftovers(a);
  for (const c of groups) killPg(c.pid, 'SIGKILL');
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
}

let handlersInstalled = false;
export function installCleanupHandlers(asyncCleanup) {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killEverythingSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      process.stderr.write(`\nbench: ${sig} received, stopping everything\n`);
      Promise.resolve()
        .then(asyncCleanup)
        .catch(() => {})
        .finally(() => process.exit(130));
      setTimeout(() => process.exit(130), 20_000).unref();
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The load generator: one pre-encoded source file, and one `ffmpeg -re -stream_loop -1 -c copy` publisher per camera.

/**
 * Encodes the source every publisher loops: `seconds` of testsrc2 1280x720@30 + a tone, x264 veryfast at 2 Mbps (VBV
 * 2M/4M), 1 s GOP without scene cuts, AAC 128k, in FLV. Returns the file and its ffprobe summary.
 */
export function encodeSource(dir, seconds = 20) {
  const file = join(dir, 'source-720p30-2M.flv');
  // prettier-ignore
  execFileSync('ffmpeg', [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(seconds),
    '-map', '0:v', '-map', '1:a',
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p',
    '-b:v', '2M', '-maxrate', '2M', '-bufsize', '4M',
    '-g', '30', '-keyint_min', '30', '-sc_threshold', '0',
    '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
    '-f', 'flv', file,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  const probe = JSON.parse(
    execFileSync(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'format=duration,bit_rate:stream=codec_name,width,height,r_frame_rate', '-of', 'json', file],
      { encoding: 'utf8' },
    ),
  );
  return { file, probe };
}

/** ffmpeg -re -stream_loop -1 -i file -c copy -f flv <url>, with -progress so we can tell whether it kept real time. */
export function startPublisher(file, url) {
  const prog = { samples: [], cur: null };
  const child = spawnGroup(
    'ffmpeg',
    // prettier-ignore
    [
      '-hide_banner', '-nostdin', '-loglevel', 'warning', '-nostats', '-progress', 'pipe:1', '-stats_period', '1',
      '-re', '-stream_loop', '-1', '-i', file, '-c', 'copy', '-f', 'flv', url,
    ],
    {
      onStdoutLine: (l) => {
        if (l.startsWith('out_time_us=')) prog.cur = Number(l.slice(12));
        else if (l.startsWith('progress=') && Number.isFinite(prog.cur)) prog.samples.push({ wall: Date.now(), outUs: prog.cur });
      },
    },
  );
  child.prog = prog;
  return child;
}

/** Media seconds per wall second a publisher sent inside [from, to] (epoch ms). */
export function publisherSpeed(p, from, to) {
  const w = p.prog.samples.filter((s) => s.wall >= from && s.wall <= to);
  if (w.length < 2) return 0;
  return (w.at(-1).outUs - w[0].outUs) / 1e6 / ((w.at(-1).wall - w[0].wall) / 1000);
}

// ---------------------------------------------------------------------------------------------
// /proc

/** utime, stime, cutime, cstime (clock ticks), ppid, comm, state of one process; null when it is gone. */
export function readStat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = s.lastIndexOf(')');
    const comm = s.slice(s.indexOf('(') + 1, close);
    const f = s.slice(close + 2).split(' ');
    // f[0] = state (field 3), so field n is f[n - 3].
    return {
      pid,
      comm,
      state: f[0],
      ppid: Number(f[1]),
      utime: Number(f[11]),
      stime: Number(f[12]),
      cutime: Number(f[13]),
      cstime: Number(f[14]),
      starttime: Number(f[19]),
    };
  } catch {
    return null;
  }
}

/** VmRSS in kB (0 for a zombie or a process that is gone). */
export function readRssKb(pid) {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Pss in kB from smaps_rollup (shared pages divided among the processes that map them). */
export function readPssKb(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function childrenOf(pid) {
  const out = [];
  let tasks;
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const t of tasks) {
    try {
      const txt = readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim();
      if (txt) for (const c of txt.split(' ')) out.push(Number(c));
    } catch {
      // task gone
    }
  }
  return out;
}

/** The roots and all their descendants (pids), via /proc/<pid>/task/<tid>/children. */
export function processTree(roots) {
  const seen = new Set();
  const stack = roots.filter((p) => p > 0);
  while (stack.length) {
    const p = stack.pop();
    if (seen.has(p)) continue;
    seen.add(p);
    for (const c of childrenOf(p)) stack.push(c);
  }
  return [...seen];
}

const classOf = (comm) =>
  comm === 'ffmpeg' || comm === 'ffprobe' || comm === 'nginx' ? comm : comm === 'node' || comm === 'MainThread' ? 'node' : 'other';

/**
 * Samples the CPU time and resident memory of the process trees under `roots()` (a function, so the set may change).
 * CPU is accounted so that nothing is lost when a process exits inside the window: total = Σ over live processes of
 * utime + stime + cutime + cstime (cutime/cstime hold the children a process has already reaped). Per class
 * (node / nginx / ffmpeg / ffprobe / other) only utime + stime of processes seen alive is attributed.
 */
export class TreeSampler {
  /** `classify(pid, stat)` names the class a process counts under (default: by program, see classOf). */
  constructor(roots, { classify } = {}) {
    this.roots = roots;
    this.classify = classify ?? ((_pid, st) => classOf(st.comm));
    this.samples = []; // { t, ticks, rssKb, nproc, byClassRss }
    this.perPid = new Map(); // key pid:starttime -> { cls, first, last, seenAtStart }
    this.started = false;
  }

  sample() {
    const t = performance.now();
    const pids = processTree(this.roots());
    let ticks = 0;
    let rssKb = 0;
    let nproc = 0;
    const byClassCount = {};
    const byClassRssKb = {};
    for (const pid of pids) {
      const st = readStat(pid);
      if (!st) continue;
      ticks += st.utime + st.stime + st.cutime + st.cstime;
      if (st.state === 'Z') continue;
      nproc++;
      const cls = this.classify(pid, st);
      byClassCount[cls] = (byClassCount[cls] ?? 0) + 1;
      const rss = readRssKb(pid);
      rssKb += rss;
      byClassRssKb[cls] = (byClassRssKb[cls] ?? 0) + rss;
      const key = `${pid}:${st.starttime}`;
      const own = st.utime + st.stime;
      const rec = this.perPid.get(key);
      if (rec) rec.last = own;
      else this.perPid.set(key, { cls, first: this.started ? 0 : own, last: own });
    }
    this.started = true;
    const s = { t, ticks, rssKb, nproc, byClassCount, byClassRssKb };
    this.samples.push(s);
    return s;
  }

  /** CPU % of one core over the whole sampled window, mean/max RSS, per-class CPU %. */
  summary() {
    const a = this.samples[0];
    const b = this.samples.at(-1);
    const secs = (b.t - a.t) / 1000;
    const cpuPct = secs > 0 ? ((b.ticks - a.ticks) / CLK_TCK / secs) * 100 : NaN;
    const perSec = [];
    for (let i = 1; i < this.samples.length; i++) {
      const d = (this.samples[i].t - this.samples[i - 1].t) / 1000;
      perSec.push(((this.samples[i].ticks - this.samples[i - 1].ticks) / CLK_TCK / d) * 100);
    }
    const byClass = {};
    for (const r of this.perPid.values()) byClass[r.cls] = (byClass[r.cls] ?? 0) + (r.last - r.first);
    for (const k of Object.keys(byClass)) byClass[k] = secs > 0 ? (byClass[k] / CLK_TCK / secs) * 100 : NaN;
    const rss = this.samples.map((s) => s.rssKb);
    const byClassRssMb = {};
    for (const s of this.samples)
      for (const [k, v] of Object.entries(s.byClassRssKb)) byClassRssMb[k] = (byClassRssMb[k] ?? 0) + v / 1024 / this.samples.length;
    return {
      secs,
      cpuPct,
      cpuPctP95: percentile(
        [...perSec].sort((x, y) => x - y),
        95,
      ),
      rssMeanMb: rss.reduce((x, y) => x + y, 0) / rss.length / 1024,
      rssMaxMb: Math.max(...rss) / 1024,
      byClass,
      byClassRssMb,
      nproc: b.nproc,
      byClassCount: b.byClassCount,
    };
  }
}

/** Busy and total clock ticks of the whole machine, from the first line of /proc/stat. */
export function machineTicks() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0); // user nice system idle iowait irq softirq steal
  return { busy: total - f[3] - f[4], total };
}

export function pssMbOfTree(roots) {
  let kb = 0;
  for (const pid of processTree(roots)) kb += readPssKb(pid);
  return kb / 1024;
}

// ---------------------------------------------------------------------------------------------
// HLS playlists on disk: how much media a muxer wrote, and when (the playlist's mtime is when a segment closed).

export class PlaylistTracker {
  constructor(path) {
    this.path = path;
    this.lastMtime = 0;
    this.lastSeq = -1;
    this.mediaS = 0; // cumulative EXTINF of every segment seen
    this.obs = []; // { mtime (epoch ms), mediaS, wall (performance.now()) }
  }

  poll() {
    let st;
    try {
      st = statSync(this.path);
    } catch {
      return;
    }
    if (st.mtimeMs === this.lastMtime) return;
    let text;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return;
    }
    const segs = parseMediaPlaylist(text);
    if (!segs.length) return;
    // Only a playlist that ends with a segment line is complete (a muxer without temp_file rewrites in place).
    let added = false;
    for (const s of segs) {
      if (s.seq > this.lastSeq) {
        this.mediaS += s.duration;
        this.lastSeq = s.seq;
        added = true;
      }
    }
    this.lastMtime = st.mtimeMs;
    if (added) this.obs.push({ mtime: st.mtimeMs, mediaS: this.mediaS, wall: performance.now() });
  }

  get segments() {
    return this.lastSeq + 1;
  }

  /** Media seconds written per wall second between the first and last segment closed inside [fromMs, toMs] (epoch ms). */
  speed(fromMs, toMs) {
    const w = this.obs.filter((o) => o.mtime >= fromMs && o.mtime <= toMs);
    if (w.length < 2) return { speed: 0, segments: Math.max(0, w.length - 1), spanS: 0 };
    const a = w[0];
    const b = w.at(-1);
    const spanS = (b.mtime - a.mtime) / 1000;
    return { speed: spanS > 0 ? (b.mediaS - a.mediaS) / spanS : 0, segments: w.length - 1, spanS };
  }
}

/** Segments of a media playlist: { seq, duration, uri, pdt (epoch ms or null) }. */
export function parseMediaPlaylist(text) {
  const lines = text.split('\n').map((l) => l.trim());
  let seq = 0;
  let dur = null;
  let pdt = null;
  const out = [];
  for (const l of lines) {
    if (l.startsWith('#EXT-X-MEDIA-SEQUENCE:')) seq = Number(l.slice(22));
    else if (l.startsWith('#EXTINF:')) dur = parseFloat(l.slice(8));
    else if (l.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pdt = Date.parse(l.slice(25));
    else if (l && !l.startsWith('#') && dur !== null) {
      out.push({ seq, duration: dur, uri: l, pdt: Number.isFinite(pdt) ? pdt : null });
      seq++;
      dur = null;
      pdt = null;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Argus

export async function api(base, method, path, { token, body, timeoutMs = 15_000 } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(base + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await r.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: r.status, json, text };
}

export async function login(base, { timeoutMs } = {}) {
  const r = await api(base, 'POST', '/api/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, timeoutMs });
  if (r.status !== 200 || typeof r.json?.accessToken !== 'string') throw new Error(`login failed: ${r.status} ${r.text.slice(0, 300)}`);
  return r.json.accessToken;
}

/**
 * Starts server/dist/src/main.js with streaming on, a fresh DATA_DIR and free ports. Resolves once /api/health
 * answers 200 through nginx (the front door on PORT) and the RTMP port accepts connections. With `streaming: false`
 * the API alone answers on PORT and only /api/health is waited for.
 */
export async function startArgus({
  segmentSeconds = 1,
  startupTimeoutMs = 45_000,
  extraEnv = {},
  nodeArgs = [],
  dataDir: reuseDir,
  streaming = true,
} = {}) {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} not found: build the server first (npm run build -w server)`);
  const port = await freePort();
  let rtmpPort = await freePort();
  while (rtmpPort === port) rtmpPort = await freePort();
  // `dataDir`: start on a DATA_DIR a previous run left (stopArgus(argus, grace, { keepDataDir: true })), e.g. after seeding it.
  const dataDir = reuseDir ?? makeTempDir('argus-live-bench-');
  execFileSync('chmod', ['755', dataDir]); // nginx workers run as nobody when we are root
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    RTMP_PORT: String(rtmpPort),
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    REDIS_URL: '',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    // streaming false: the API alone on PORT (no nginx, no pipelines, no start-up disk reconcile of recordings).
    STREAMING: streaming ? 'on' : 'off',
    DEMO: 'false',
    HLS_SEGMENT_SECONDS: String(segmentSeconds),
    LOGIN_IP_MAX_PER_MINUTE: '100000',
    LOGIN_MAX_FAILURES: '1000',
    ...extraEnv,
  };
  const log = [];
  const child = spawnGroup(process.execPath, [...nodeArgs, SERVER_MAIN], { env, tail: 200, onStdoutLine: (l) => log.push(stripAnsi(l)) });
  const argus = { child, port, rtmpPort, dataDir, base: `http://127.0.0.1:${port}`, log, stderr: child.stderrTail };
  argusInstances.add(argus);
  const deadline = Date.now() + startupTimeoutMs;
  for (;;) {
    if (child.exitInfo)
      throw new Error(
        `Argus exited during startup (${JSON.stringify(child.exitInfo)}):\n${[...log, ...child.stderrTail].slice(-30).join('\n')}`,
      );
    try {
      const r = await fetch(`${argus.base}/api/health`, { signal: AbortSignal.timeout(1000) });
      if (r.status === 200 && (!streaming || (await canConnect(rtmpPort)))) return argus;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline)
      throw new Error(`Argus did not come up within ${startupTimeoutMs} ms:\n${[...log, ...child.stderrTail].slice(-30).join('\n')}`);
    await sleep(150);
  }
}

function canConnect(port) {
  return new Promise((res) => {
    import('node:net').then(({ connect }) => {
      const s = connect({ port, host: '127.0.0.1' });
      s.once('connect', () => {
        s.destroy();
        res(true);
      });
      s.once('error', () => res(false));
    });
  });
}

/** Pids Argus recorded in DATA_DIR/run/*.pid (pipelines, pullers, nginx...). */
export function argusPidfiles(argus) {
  const dir = join(argus.dataDir, 'run');
  const out = [];
  let files;
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.pid'));
  } catch {
    return out;
  }
  for (const f of files) {
    try {
      const rec = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      if (Number.isInteger(rec.pid)) out.push({ name: f.slice(0, -4), pid: rec.pid });
    } catch {
      /* being rewritten */
    }
  }
  return out;
}

function killArgusLeftovers(argus) {
  // Argus's children lead their own sessions: they do not die with Argus's group. Kill what is still in the tree under
  // the server, what its pidfiles name (if the command line still mentions this instance), and the children of those.
  const pids = new Set();
  if (argus.child.pid && !argus.child.exitInfo) for (const p of processTree([argus.child.pid])) pids.add(p);
  for (const r of argusPidfiles(argus)) if (argusOwned(argus, r.pid)) for (const p of processTree([r.pid])) pids.add(p);
  // And anything still running from its DATA_DIR (nginx -p <dataDir>/nginx, pipelines writing there) whose pidfile
  // is already gone, e.g. when the server was killed in the middle of its own shutdown.
  for (const p of pgrep(argus.dataDir)) for (const c of processTree([p.pid])) pids.add(c);
  pids.delete(process.pid);
  for (const p of pids) {
    killPg(p, 'SIGKILL');
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

/** Whether pid still runs something of this Argus instance (the server, or its data dir / RTMP port on the command line). */
function argusOwned(argus, pid) {
  if (pid === argus.child.pid) return true;
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes(argus.dataDir) || cmd.includes(`:${argus.rtmpPort}/`);
  } catch {
    return false;
  }
}

/**
 * SIGTERM to the server (it stops its pipelines and nginx), then make sure nothing of it is left; deletes DATA_DIR
 * unless `keepDataDir` (the caller then owns it: removeTempDir when done).
 */
export async function stopArgus(argus, graceMs = 15_000, { keepDataDir = false } = {}) {
  if (!argus) return { leftovers: [] };
  // Snapshot (pid, start time) of its tree first: after it exits, those still alive with the same start time are leftovers.
  const tree = (argus.child.exitInfo ? [] : processTree([argus.child.pid])).map((pid) => ({ pid, start: readStat(pid)?.starttime }));
  if (!argus.child.exitInfo) {
    argus.child.kill('SIGTERM');
    const t = setTimeout(() => killPg(argus.child.pid, 'SIGKILL'), graceMs);
    await argus.child.exited;
    clearTimeout(t);
  }
  // Whatever of its tree is still alive a moment later is a leftover.
  await sleep(300);
  const leftovers = tree
    .filter(({ pid, start }) => {
      const st = readStat(pid);
      return pid !== argus.child.pid && st && st.state !== 'Z' && st.starttime === start;
    })
    .map(({ pid }) => pid);
  killArgusLeftovers(argus);
  for (const p of leftovers) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  argusInstances.delete(argus);
  if (!keepDataDir) removeTempDir(argus.dataDir);
  return { leftovers };
}

/** All cameras (paged), as { id, status, statusReason }. */
export async function listCameras(base, token) {
  const out = [];
  for (let offset = 0; ; offset += 200) {
    const r = await api(base, 'GET', `/api/cameras?limit=200&offset=${offset}&sort=createdAt`, { token });
    if (r.status !== 200) throw new Error(`GET /api/cameras -> ${r.status} ${r.text.slice(0, 200)}`);
    out.push(...r.json.items);
    if (out.length >= r.json.total || r.json.items.length === 0) return out;
  }
}

/** Runs fn over items with `limit` in flight. */
export async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

// ---------------------------------------------------------------------------------------------
// numbers

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

export function table(head, rows, alignLeft = [0]) {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (alignLeft.includes(i) ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

/** Our own live processes whose command line mentions `needle` (for the final leak check). */
export function pgrep(needle) {
  const out = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const st = readStat(Number(e));
      if (st && st.state !== 'Z' && cmd.includes(needle)) out.push({ pid: Number(e), cmd: cmd.slice(0, 160) });
    } catch {
      /* gone */
    }
  }
  return out;
}
