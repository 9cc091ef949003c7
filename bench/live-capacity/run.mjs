#!/usr/bin/env node
// Argus live capacity benchmark: N push cameras in copy (remux) mode, each fed a 2 Mbps 720p30 H.264/AAC stream,
// against a baseline of bare nginx-rtmp plus N hand-written `ffmpeg -c copy -f hls` remuxers fed the same way.
// Both sides are measured the same way (CPU time and resident memory from /proc, HLS output rate from the
// playlists on disk), one after the other, on the same machine, in the same run. See bench/README.md.
//
// Exit code: 0 when every phase ran; 1 when the benchmark itself broke (a camera never went online, a process it
// measures or feeds died, a setup step failed). The figures and targets never decide the exit code.

import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  api,
  argusPidfiles,
  envInt,
  fmt,
  installCleanupHandlers,
  listCameras,
  login,
  makeTempDir,
  median,
  PlaylistTracker,
  pgrep,
  pool,
  processTree,
  pssMbOfTree,
  readStat,
  removeTempDir,
  RTMP_MODULE,
  sleep,
  spawnGroup,
  startArgus,
  stopArgus,
  stopGroup,
  stopGroups,
  table,
  TreeSampler,
  freePort,
  machineTicks,
  CLK_TCK,
  describeServerBuild,
  encodeSource,
  publisherSpeed,
  startPublisher,
} from './media-helpers.mjs';

const parseNs = (v) => {
  const ns = (v ?? '10,50,100').split(',').map((s) => Number(s.trim()));
  if (!ns.length || ns.some((n) => !Number.isInteger(n) || n < 1 || n > 1000))
    throw new Error(`BENCH_N must look like "10,50,100" (got "${v}")`);
  return ns;
};

const CFG = {
  ns: parseNs(process.env.BENCH_N || undefined),
  seconds: envInt('BENCH_SECONDS', 30, 5),
  warmupS: envInt('BENCH_WARMUP_S', 5, 0),
  staggerMs: envInt('BENCH_STAGGER_MS', 50, 0),
  retryStaggerMs: envInt('BENCH_RETRY_STAGGER_MS', 500, 0),
  fileSeconds: 20,
  held: 0.99,
  targetRatio: 1.1,
  startTimeoutMs: (n) => 60_000 + 600 * n,
};

const t0 = Date.now();
const broken = []; // "BROKEN: ..." lines
const notes = [];
let workDir = null;
// Everything a phase started, so a signal or an error can stop it.
const live = { argus: null, publishers: [], remuxers: [], nginx: null, baseDir: null, pollTimer: null };

async function cleanupPhase() {
  if (live.pollTimer) clearInterval(live.pollTimer);
  live.pollTimer = null;
  await stopGroups(live.publishers);
  await stopGroups(live.remuxers);
  live.publishers = [];
  live.remuxers = [];
  if (live.argus) {
    const a = live.argus;
    live.argus = null;
    const { leftovers } = await stopArgus(a);
    if (leftovers.length)
      broken.push(
        `BROKEN: ${leftovers.length} Argus child process(es) were still alive after the server exited (killed): ${leftovers.join(' ')}`,
      );
  }
  if (live.nginx) {
    await stopGroup(live.nginx);
    live.nginx = null;
  }
  if (live.baseDir) {
    removeTempDir(live.baseDir);
    live.baseDir = null;
  }
}

installCleanupHandlers(async () => {
  await cleanupPhase();
  removeTempDir(workDir);
});

const log = (msg) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);

// ---------------------------------------------------------------------------------------------
// The source file and the publishers (the load generator: never counted)

async function startPublishers(file, urls, staggerMs) {
  for (const url of urls) {
    live.publishers.push(startPublisher(file, url));
    if (staggerMs) await sleep(staggerMs);
  }
}

const deadPublishers = () => live.publishers.filter((p) => p.exitInfo);

function describeDead(kind, procs) {
  const first = procs[0];
  return `${procs.length} ${kind}(s) exited (first: ${JSON.stringify(first.exitInfo)}; last stderr: ${first.stderrTail.slice(-3).join(' | ') || 'none'})`;
}

// ---------------------------------------------------------------------------------------------
// Measurement window (identical for both sides)

/**
 * Warm-up, then CPU/RSS samples every second for CFG.seconds; playlists are polled every 0.5 s throughout.
 * `alive()` returns a string when something died (the window is then abandoned).
 */
async function measureWindow({ roots, trackers, alive }) {
  live.pollTimer = setInterval(() => {
    for (const t of trackers) t.poll();
  }, 500);
  if (CFG.warmupS) await sleep(CFG.warmupS * 1000);
  const sampler = new TreeSampler(roots);
  const pubSampler = new TreeSampler(() => live.publishers.map((p) => p.pid));
  const benchCpu0 = process.cpuUsage();
  const mach0 = machineTicks();
  const from = Date.now();
  sampler.sample();
  pubSampler.sample();
  let dead = null;
  const start = performance.now();
  for (let i = 1; i <= CFG.seconds; i++) {
    // Sample on a fixed 1 s grid, whatever each sample costs.
    await sleep(Math.max(0, start + i * 1000 - performance.now()));
    sampler.sample();
    pubSampler.sample();
    dead = alive();
    if (dead) break;
  }
  const to = Date.now();
  const pssMb = pssMbOfTree(roots());
  const benchCpu = process.cpuUsage(benchCpu0);
  const mach1 = machineTicks();
  await sleep(600); // let the last segment closed inside the window be seen
  for (const t of trackers) t.poll();
  clearInterval(live.pollTimer);
  live.pollTimer = null;
  const s = sampler.summary();
  const pubS = pubSampler.summary();
  const machinePct = ((mach1.busy - mach0.busy) / CLK_TCK / ((to - from) / 1000)) * 100;
  const benchCpuPct = ((benchCpu.user + benchCpu.system) / 1000 / (to - from)) * 100;
  const speeds = trackers.map((t) => t.speed(from, to).speed);
  const pubSpeeds = live.publishers.map((p) => publisherSpeed(p, from, to));
  return {
    dead,
    from,
    to,
    ...s,
    pssMb,
    speeds,
    held: speeds.filter((v) => v >= CFG.held).length,
    pub: { cpuPct: pubS.cpuPct, held: pubSpeeds.filter((v) => v >= CFG.held).length, minSpeed: Math.min(...pubSpeeds) },
    benchCpuPct,
    machinePct,
    otherPct: machinePct - s.cpuPct - pubS.cpuPct - benchCpuPct,
    loadavg: loadavg()[0],
  };
}

// ---------------------------------------------------------------------------------------------
// Phase A: Argus

function apiDiagnostics(ms) {
  const out = [`slowest GET /api/health while the cameras started: ${fmt(ms / 1000, 1)} s`];
  if (ms >= 9000)
    out.push(
      'hint: nginx-rtmp drops a publisher whose on_update callback (every 5 s here) gets no answer within 10 s, even with notify_update_strict off; it logs that only at info level ("notify: empty or broken HTTP response", "notify: update failed")',
    );
  return out;
}

/** What Argus and its nginx said, for a phase that broke: statuses and reasons, session end reasons, log tails. */
async function argusDiagnostics(argus, token) {
  const out = [];
  try {
    if (token && !argus.child.exitInfo) {
      const cams = await listCameras(argus.base, token);
      const by = countBy(cams.map((c) => `${c.status}${c.statusReason ? ` (${c.statusReason})` : ''}`));
      out.push(
        `camera statuses: ${Object.entries(by)
          .map(([k, v]) => `${v} ${k}`)
          .join('; ')}`,
      );
      const ended = countBy(
        (
          await pool(cams.slice(0, 200), 8, async (c) => {
            const r = await api(argus.base, 'GET', `/api/cameras/${c.id}/sessions?limit=5`, { token });
            return (r.json?.items ?? []).map((x) => x.endReason ?? 'open');
          })
        ).flat(),
      );
      out.push(
        `stream sessions by end reason: ${Object.entries(ended)
          .map(([k, v]) => `${v} ${k}`)
          .join('; ')}`,
      );
    }
  } catch (e) {
    out.push(`(could not read camera statuses: ${e.message})`);
  }
  const warn = [...argus.log, ...argus.stderr].filter((l) => l.trim() && !l.startsWith('Argus is running'));
  out.push(`Argus logged ${warn.length} line(s) at warn or above${warn.length ? '; first and last:' : ''}`);
  for (const l of [...new Set([...warn.slice(0, 4), ...warn.slice(-4)])]) out.push(`    ${l.slice(0, 300)}`);
  try {
    const lines = readFileSync(join(argus.dataDir, 'nginx', 'logs', 'error.log'), 'utf8')
      .split('\n')
      .filter(Boolean);
    const kinds = countBy(
      lines.map((l) =>
        l
          .replace(/^\S+ \S+ \[(\w+)\] \d+#\d+: (\*\d+ )?/, '[$1] ')
          .replace(/, client: .*$/, '')
          .replace(/\d+/g, 'N')
          .slice(0, 140),
      ),
    );
    out.push(`nginx error.log (level warn): ${lines.length} line(s)${lines.length ? '; by kind:' : ''}`);
    for (const [k, v] of Object.entries(kinds)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6))
      out.push(`    ${v} x ${k}`);
  } catch {
    out.push('nginx error.log: not readable');
  }
  return out;
}

async function argusPhase(n, file, staggerMs) {
  const ctx = { token: null };
  try {
    return await argusPhaseInner(n, file, ctx, staggerMs);
  } catch (e) {
    if (live.argus) {
      e.diagnostics = await argusDiagnostics(live.argus, ctx.token);
      if (ctx.apiMaxMs) e.diagnostics.unshift(...apiDiagnostics(ctx.apiMaxMs()));
    }
    throw e;
  }
}

async function argusPhaseInner(n, file, ctx, staggerMs) {
  log(`N=${n} Argus: starting the server`);
  const argus = await startArgus({ segmentSeconds: 1 });
  live.argus = argus;
  const token = await login(argus.base);
  ctx.token = token;
  const cams = await pool(
    Array.from({ length: n }, (_, i) => i),
    8,
    async (i) => {
      const r = await api(argus.base, 'POST', '/api/cameras', {
        token,
        body: {
          name: `capacity-${String(i).padStart(3, '0')}`,
          sourceType: 'push',
          liveProfile: { type: 'copy' },
          recordingEnabled: false,
        },
      });
      if (r.status !== 201 || !r.json?.streamKey) throw new Error(`POST /api/cameras -> ${r.status} ${r.text.slice(0, 300)}`);
      return { id: r.json.camera.id, key: r.json.streamKey };
    },
  );
  log(`N=${n} Argus: ${n} cameras created; starting ${n} publishers, ${staggerMs} ms apart`);
  const tPub = performance.now();
  // How long the API takes to answer while cameras start (nginx's callbacks go to the same Node process).
  let apiMaxMs = 0;
  const probeApi = setInterval(() => {
    const t = performance.now();
    api(argus.base, 'GET', '/api/health', { timeoutMs: 60_000 }).then(
      () => (apiMaxMs = Math.max(apiMaxMs, performance.now() - t)),
      () => (apiMaxMs = Math.max(apiMaxMs, performance.now() - t)),
    );
  }, 500);
  ctx.apiMaxMs = () => apiMaxMs;
  try {
    await startPublishers(
      file,
      cams.map((c) => `rtmp://127.0.0.1:${argus.rtmpPort}/live/${c.key}`),
      staggerMs,
    );
    return await argusSteady(
      n,
      argus,
      token,
      cams,
      tPub,
      () => clearInterval(probeApi),
      () => apiMaxMs,
    );
  } finally {
    clearInterval(probeApi);
  }
}

async function argusSteady(n, argus, token, cams, tPub, stopProbe, apiMax) {
  // All online (or degraded: live, but below its health thresholds).
  const deadline = performance.now() + CFG.startTimeoutMs(n);
  let statuses;
  let onlineAfterS;
  for (;;) {
    if (argus.child.exitInfo)
      throw new Error(
        `Argus exited while cameras were starting: ${JSON.stringify(argus.child.exitInfo)} ${argus.stderr.slice(-5).join(' | ')}`,
      );
    if (deadPublishers().length) {
      await sleep(5000); // drops come in a burst: let it finish so the count shows how far it went
      const e = new Error(`${describeDead('publisher', deadPublishers())} while the cameras were starting`);
      e.startup = true;
      throw e;
    }
    statuses = await listCameras(argus.base, token);
    const up = statuses.filter((c) => c.status === 'online' || c.status === 'degraded').length;
    if (up === n) {
      onlineAfterS = (performance.now() - tPub) / 1000;
      stopProbe();
      break;
    }
    if (performance.now() > deadline) {
      const by = {};
      for (const c of statuses) by[c.status] = (by[c.status] ?? 0) + 1;
      const reasons = [...new Set(statuses.filter((c) => c.statusReason).map((c) => c.statusReason))].slice(0, 3);
      return {
        diagnostics: [...apiDiagnostics(apiMax()), ...(await argusDiagnostics(argus, token))],
        failed: `only ${up}/${n} cameras online after ${(CFG.startTimeoutMs(n) / 1000).toFixed(0)} s (${Object.entries(by)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}${reasons.length ? `; reasons: ${reasons.join(' / ')}` : ''})`,
      };
    }
    await sleep(1000);
  }
  const apiMaxMs = apiMax();
  log(`N=${n} Argus: all ${n} cameras online after ${fmt(onlineAfterS)} s; warm-up ${CFG.warmupS} s, then ${CFG.seconds} s of samples`);

  const pipelinePids = () =>
    new Map(
      argusPidfiles(argus)
        .filter((r) => r.name.startsWith('pipeline-'))
        .map((r) => [r.name, r.pid]),
    );
  const trackers = cams.map((c) => new PlaylistTracker(join(argus.dataDir, 'live', c.id, 'v0', 'index.m3u8')));
  let before = null;
  const w = await measureWindow({
    roots: () => [argus.child.pid],
    trackers,
    alive: () => {
      if (!before) before = pipelinePids(); // first check: one second into the window
      if (argus.child.exitInfo) return `the Argus server exited (${JSON.stringify(argus.child.exitInfo)})`;
      const dead = deadPublishers();
      if (dead.length) return describeDead('publisher', dead);
      return null;
    },
  });
  const after = pipelinePids();
  const restarted = [...before.entries()].filter(([name, pid]) => after.get(name) !== pid).length;
  const tree = processTree([argus.child.pid]).map(readStat).filter(Boolean);

  // Argus's own view, read after the window so the requests do not land in the CPU figures.
  const health = await pool(cams, 8, async (c) => {
    const r = await api(argus.base, 'GET', `/api/cameras/${c.id}/health?minutes=1`, { token });
    return r.status === 200 ? (r.json?.current?.speed ?? null) : null;
  });
  const end = await listCameras(argus.base, token);
  const by = {};
  for (const c of end) by[c.status] = (by[c.status] ?? 0) + 1;
  const healthSpeeds = health.filter((v) => typeof v === 'number');
  const warnLines = [...argus.log, ...argus.stderr].filter((l) => l.trim() && !l.startsWith('Argus is running'));

  return {
    ...w,
    n,
    onlineAfterS,
    apiMaxMs,
    restarted,
    pipelines: after.size,
    procs: countBy(tree.map((s) => s.comm)),
    statusesAtEnd: by,
    healthHeld: healthSpeeds.filter((v) => v >= CFG.held).length,
    healthKnown: healthSpeeds.length,
    healthMin: Math.min(...healthSpeeds),
    healthMedian: median(healthSpeeds),
    warnLines,
  };
}

// ---------------------------------------------------------------------------------------------
// Phase B: baseline (bare nginx-rtmp + N hand-written remuxers)

function baselineNginxConf(dir, rtmpPort, httpPort) {
  return `# Argus live-capacity baseline: bare nginx-rtmp, nothing else.
load_module ${RTMP_MODULE};
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
rtmp {
    server {
        listen 127.0.0.1:${rtmpPort};
        application live { live on; }
    }
}
http {
    access_log off;
    client_body_temp_path ${dir}/tmp/client_body;
    proxy_temp_path ${dir}/tmp/proxy;
    fastcgi_temp_path ${dir}/tmp/fastcgi;
    uwsgi_temp_path ${dir}/tmp/uwsgi;
    scgi_temp_path ${dir}/tmp/scgi;
    types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
    server {
        listen 127.0.0.1:${httpPort};
        location /hls/ { alias ${dir}/hls/; }
    }
}
`;
}

/** The hand-written remuxer (quiet flags only added: no banner, no stats line, no stdin). */
const remuxArgs = (rtmpPort, i, hlsDir) =>
  // prettier-ignore
  [
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'warning',
    '-i', `rtmp://127.0.0.1:${rtmpPort}/live/s${i}`,
    '-c', 'copy', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '6', '-hls_flags', 'delete_segments',
    join(hlsDir, `s${i}.m3u8`),
  ];

async function waitPort(port, ms) {
  const { connect } = await import('node:net');
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise((res) => {
      const s = connect({ port, host: '127.0.0.1' });
      s.once('connect', () => (s.destroy(), res(true)));
      s.once('error', () => res(false));
    });
    if (ok) return true;
    await sleep(100);
  }
  return false;
}

async function baselinePhase(n, file, staggerMs) {
  log(`N=${n} baseline: starting bare nginx-rtmp`);
  const dir = makeTempDir('argus-live-baseline-');
  live.baseDir = dir;
  chmodSync(dir, 0o755);
  for (const d of ['hls', 'tmp']) mkdirSync(join(dir, d));
  const rtmpPort = await freePort();
  let httpPort = await freePort();
  while (httpPort === rtmpPort) httpPort = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), baselineNginxConf(dir, rtmpPort, httpPort));
  const nginx = spawnGroup('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;']);
  live.nginx = nginx;
  if (!(await waitPort(rtmpPort, 10_000))) throw new Error(`baseline nginx did not listen on ${rtmpPort}: ${nginx.stderrTail.join(' | ')}`);

  log(`N=${n} baseline: starting ${n} publishers and ${n} remuxers`);
  const hlsDir = join(dir, 'hls');
  const tPub = performance.now();
  for (let i = 0; i < n; i++) {
    live.publishers.push(startPublisher(file, `rtmp://127.0.0.1:${rtmpPort}/live/s${i}`));
    live.remuxers.push(spawnGroup('ffmpeg', remuxArgs(rtmpPort, i, hlsDir)));
    if (staggerMs) await sleep(staggerMs);
  }
  const trackers = Array.from({ length: n }, (_, i) => new PlaylistTracker(join(hlsDir, `s${i}.m3u8`)));
  const deadline = performance.now() + CFG.startTimeoutMs(n);
  let readyAfterS;
  for (;;) {
    for (const t of trackers) t.poll();
    const deadP = deadPublishers();
    if (deadP.length) throw new Error(describeDead('publisher', deadP));
    const deadR = live.remuxers.filter((r) => r.exitInfo);
    if (deadR.length) throw new Error(describeDead('remuxer', deadR));
    if (nginx.exitInfo) throw new Error(`baseline nginx exited: ${nginx.stderrTail.join(' | ')}`);
    const ready = trackers.filter((t) => t.segments > 0).length;
    if (ready === n) {
      readyAfterS = (performance.now() - tPub) / 1000;
      break;
    }
    if (performance.now() > deadline)
      return { failed: `only ${ready}/${n} remuxers wrote a segment after ${(CFG.startTimeoutMs(n) / 1000).toFixed(0)} s` };
    await sleep(500);
  }
  log(
    `N=${n} baseline: all ${n} playlists have a segment after ${fmt(readyAfterS)} s; warm-up ${CFG.warmupS} s, then ${CFG.seconds} s of samples`,
  );
  const w = await measureWindow({
    roots: () => [nginx.pid, ...live.remuxers.map((r) => r.pid)],
    trackers,
    alive: () => {
      if (nginx.exitInfo) return `baseline nginx exited (${JSON.stringify(nginx.exitInfo)})`;
      const deadR = live.remuxers.filter((r) => r.exitInfo);
      if (deadR.length) return describeDead('remuxer', deadR);
      const deadP = deadPublishers();
      if (deadP.length) return describeDead('publisher', deadP);
      return null;
    },
  });
  const tree = processTree([nginx.pid, ...live.remuxers.map((r) => r.pid)])
    .map(readStat)
    .filter(Boolean);
  return { ...w, n, readyAfterS, procs: countBy(tree.map((s) => s.comm)) };
}

// ---------------------------------------------------------------------------------------------
// Report

function countBy(xs) {
  const o = {};
  for (const x of xs) o[x] = (o[x] ?? 0) + 1;
  return o;
}

const ratioOf = (a, b) => (Number.isFinite(a / b) && b > 0 ? a / b : NaN);
const rx = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}x` : 'n/a');
const mark = (r) => (Number.isFinite(r) ? (r <= CFG.targetRatio ? 'met' : 'MISSED') : '');
const classes = (byClass, unit = '%', d = 1) =>
  Object.entries(byClass)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${fmt(v, d)} ${unit}`)
    .join(', ');
const procList = (p) =>
  Object.entries(p)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');

function reportN(n, a, b) {
  console.log(
    `\n=== N = ${n} cameras (publishers started ${a.staggerMs} ms apart; window ${CFG.seconds} s after ${CFG.warmupS} s warm-up; CPU/RSS sampled every 1 s) ===`,
  );
  if (a.firstAttempt) {
    console.log(`Argus FAILED to start ${n} cameras with publishers ${CFG.staggerMs} ms apart: ${a.firstAttempt.failed}`);
    for (const l of a.firstAttempt.diagnostics ?? []) console.log(`  ${l}`);
    console.log(
      `Retried with publishers ${a.staggerMs} ms apart${a.failed ? ' (failed too, see below)' : ''}; the figures below are from the retry:`,
    );
  }
  if (a.failed || b.failed) {
    if (a.failed) console.log(`Argus phase could not run: ${a.failed}`);
    for (const l of a.diagnostics ?? []) console.log(`  ${l}`);
    if (b.failed) console.log(`baseline phase could not run: ${b.failed}`);
  }
  const A = a.failed ? {} : a;
  const B = b.failed ? {} : b;
  const cpuR = ratioOf(A.cpuPct, B.cpuPct);
  const rssR = ratioOf(A.rssMeanMb, B.rssMeanMb);
  const pssR = ratioOf(A.pssMb, B.pssMb);
  const rows = [
    ['CPU, % of one core (mean over window)', fmt(A.cpuPct), fmt(B.cpuPct), rx(cpuR), `<= ${CFG.targetRatio.toFixed(2)}x  ${mark(cpuR)}`],
    ['CPU, % of one core (p95 of 1 s samples)', fmt(A.cpuPctP95), fmt(B.cpuPctP95), rx(ratioOf(A.cpuPctP95, B.cpuPctP95)), ''],
    [
      'RSS, MB (sum of VmRSS, mean)',
      fmt(A.rssMeanMb, 0),
      fmt(B.rssMeanMb, 0),
      rx(rssR),
      `<= ${CFG.targetRatio.toFixed(2)}x  ${mark(rssR)}`,
    ],
    ['PSS, MB (sum, at window end)', fmt(A.pssMb, 0), fmt(B.pssMb, 0), rx(pssR), ''],
    [
      `HLS output >= ${CFG.held}x real time over window`,
      a.failed ? 'n/a' : `${A.held}/${n}`,
      b.failed ? 'n/a' : `${B.held}/${n}`,
      '',
      `all ${n} (Argus)  ${a.failed ? '' : A.held === n ? 'met' : 'MISSED'}`,
    ],
  ];
  console.log(table(['', 'Argus', 'baseline', 'ratio', 'target'], rows));
  if (!a.failed) {
    const sp = [...A.speeds].sort((x, y) => x - y);
    console.log(
      `Argus: cameras online after ${fmt(A.onlineAfterS)} s (slowest GET /api/health meanwhile ${fmt(A.apiMaxMs / 1000, 2)} s); processes ${procList(A.procs)}; CPU by process: ${classes(A.byClass)}; RSS: ${classes(A.byClassRssMb, 'MB', 0)}`,
    );
    console.log(
      `       window output speed min ${fmt(sp[0], 3)}x, median ${fmt(median(sp), 3)}x; health speed (ffmpeg's, since pipeline start) >= ${CFG.held}x: ${A.healthHeld}/${A.healthKnown} (min ${fmt(A.healthMin, 2)}x, median ${fmt(A.healthMedian, 2)}x)`,
    );
    console.log(
      `       status at end: ${Object.entries(A.statusesAtEnd)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}; pipelines running ${A.pipelines}/${n}, replaced during window ${A.restarted}`,
    );
  }
  if (!b.failed) {
    const sp = [...B.speeds].sort((x, y) => x - y);
    console.log(
      `baseline: playlists ready after ${fmt(B.readyAfterS)} s; processes ${procList(B.procs)}; CPU by process: ${classes(B.byClass)}; RSS: ${classes(B.byClassRssMb, 'MB', 0)}`,
    );
    console.log(`       window output speed min ${fmt(sp[0], 3)}x, median ${fmt(median(sp), 3)}x`);
  }
  const pubs = [a, b]
    .filter((x) => !x.failed)
    .map((x) => `${x.pub.held}/${n} held >= ${CFG.held}x (min ${fmt(x.pub.minSpeed, 3)}x), ${fmt(x.pub.cpuPct)} % CPU`);
  if (pubs.length)
    console.log(
      `load generator (not counted): publishers ${pubs.join(' | baseline: ')}; this script ${fmt(a.benchCpuPct ?? NaN)} % / ${fmt(b.benchCpuPct ?? NaN)} % CPU`,
    );
  console.log(
    `machine during the windows (Argus | baseline): all CPUs busy ${fmt(a.machinePct ?? NaN)} % | ${fmt(b.machinePct ?? NaN)} % of one core; other processes (not ours) ${fmt(a.otherPct ?? NaN)} % | ${fmt(b.otherPct ?? NaN)} %; load average ${fmt(a.loadavg ?? NaN, 2)} | ${fmt(b.loadavg ?? NaN, 2)}`,
  );
  const noisy = [a, b].filter((x) => !x.failed && x.otherPct > 20);
  if (noisy.length)
    console.log(`NOTE: processes outside this benchmark used more than 20 % of a core during a window: compare the ratios with care`);
  const cores = availableParallelism();
  const saturated = [a, b].filter((x) => !x.failed && x.machinePct > 90 * cores);
  if (saturated.length)
    console.log(
      `NOTE: the machine was saturated (all ${cores} CPUs more than 90 % busy) during ${saturated.length === 2 ? 'both windows' : saturated[0] === a ? 'the Argus window' : 'the baseline window'}: ` +
        'CPU time is then capped by what was left, so the CPU ratio says little; "held" still says whether the pipelines kept up',
    );
}

/** One Argus phase, never throwing: { failed, startup, diagnostics } when it broke. */
async function runArgus(n, file, staggerMs) {
  let a;
  try {
    a = await argusPhase(n, file, staggerMs);
    if (a.failed) a.startup = true; // not all cameras came online in time
  } catch (e) {
    a = { failed: e.message.split('\n')[0], diagnostics: e.diagnostics, startup: e.startup === true };
    if (a.failed.length > 600) a.failed = `${a.failed.slice(0, 600)}…`;
  }
  await cleanupPhase();
  if (!a.failed && a.dead) a.failed = `a process died during the window: ${a.dead}`;
  return a;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const nginxV = spawnSync('nginx', ['-v'], { encoding: 'utf8' }).stderr.trim(); // nginx prints its version on stderr
  const ffV = execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' }).split('\n')[0].split(' Copyright')[0];
  console.log(
    `Argus live capacity benchmark — node ${process.version}, ${availableParallelism()} CPUs, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${ffV}, ${nginxV.replace('nginx version: ', '')}`,
  );
  console.log(describeServerBuild());
  console.log(
    `N = ${CFG.ns.join(', ')}; per phase: ${CFG.warmupS} s warm-up + ${CFG.seconds} s measured; copy profile, HLS_SEGMENT_SECONDS=1; loopback only`,
  );

  workDir = makeTempDir('argus-live-capacity-');
  log('encoding the source file');
  const { file, probe } = encodeSource(workDir, CFG.fileSeconds);
  const v = probe.streams.find((s) => s.codec_name === 'h264');
  console.log(
    `source: ${CFG.fileSeconds} s ${v?.width}x${v?.height} ${v?.r_frame_rate} H.264 (x264 veryfast, 2M VBV, 1 s GOP) + AAC, ${fmt(Number(probe.format.bit_rate) / 1000, 0)} kb/s in FLV; each publisher: ffmpeg -re -stream_loop -1 -i <file> -c copy -f flv rtmp://...`,
  );

  const results = [];
  for (const n of CFG.ns) {
    let a = await runArgus(n, file, CFG.staggerMs);
    let firstAttempt = null;
    if (a.failed && a.startup && CFG.retryStaggerMs > CFG.staggerMs) {
      // Report the failure (it is a finding), then measure the steady state with a gentler ramp.
      firstAttempt = a;
      broken.push(`BROKEN: N=${n} Argus with publishers ${CFG.staggerMs} ms apart: ${a.failed}`);
      log(`N=${n} Argus failed to start with a ${CFG.staggerMs} ms ramp; retrying with ${CFG.retryStaggerMs} ms`);
      a = await runArgus(n, file, CFG.retryStaggerMs);
    }
    const staggerMs = firstAttempt ? CFG.retryStaggerMs : CFG.staggerMs;
    let b;
    try {
      b = await baselinePhase(n, file, staggerMs);
    } catch (e) {
      b = { failed: e.message.split('\n')[0].slice(0, 600) };
    }
    await cleanupPhase();
    a.staggerMs = staggerMs;
    a.firstAttempt = firstAttempt;
    if (!b.failed && b.dead) b.failed = `a process died during the window: ${b.dead}`;
    if (a.failed) broken.push(`BROKEN: N=${n} Argus: ${a.failed}`);
    if (b.failed) broken.push(`BROKEN: N=${n} baseline: ${b.failed}`);
    if (!a.failed && a.restarted) broken.push(`BROKEN: N=${n} Argus: ${a.restarted} pipeline process(es) were replaced during the window`);
    reportN(n, a, b);
    if (!a.failed && a.warnLines.length) {
      notes.push(`N=${n}: Argus logged ${a.warnLines.length} line(s) at warn or above; first ones:`);
      for (const l of a.warnLines.slice(0, 5)) notes.push(`    ${l.slice(0, 300)}`);
    }
    results.push({ n, a, b });
  }

  console.log('\n=== summary (Argus ÷ baseline, same machine, same run) ===');
  console.log(
    table(
      ['N', 'ramp', 'Argus CPU %', 'base CPU %', 'CPU ratio', 'Argus RSS MB', 'base RSS MB', 'RSS ratio', `Argus held`, 'base held'],
      results.map(({ n, a, b }) => [
        String(n),
        `${a.staggerMs} ms${a.firstAttempt ? ' (retry)' : ''}`,
        a.failed ? 'FAILED' : fmt(a.cpuPct),
        b.failed ? 'FAILED' : fmt(b.cpuPct),
        rx(ratioOf(a.cpuPct, b.cpuPct)),
        a.failed ? 'FAILED' : fmt(a.rssMeanMb, 0),
        b.failed ? 'FAILED' : fmt(b.rssMeanMb, 0),
        rx(ratioOf(a.rssMeanMb, b.rssMeanMb)),
        a.failed ? 'n/a' : `${a.held}/${n}`,
        b.failed ? 'n/a' : `${b.held}/${n}`,
      ]),
    ),
  );
  console.log(
    'ramp = how far apart the publishers were started; "(retry)" = the first attempt, 50 ms apart by default, failed (see BROKEN)',
  );
  console.log(
    `targets: CPU and RSS ratio <= ${CFG.targetRatio.toFixed(2)}x; every Argus pipeline >= ${CFG.held}x real time at N = 100 (never decide the exit code)`,
  );
  for (const l of notes) console.log(l);
  for (const l of broken) console.log(l);

  removeTempDir(workDir);
  workDir = null;
  const left = [...pgrep('argus-live-bench-'), ...pgrep('argus-live-baseline-'), ...pgrep('argus-live-capacity-')];
  if (left.length) {
    console.log(`LEAK: ${left.length} process(es) still running after cleanup: ${left.map((p) => `${p.pid} ${p.cmd}`).join('; ')}`);
    broken.push('leak');
  }
  console.log(`\ntotal ${fmt((Date.now() - t0) / 1000)} s`);
  return broken.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(`bench failed: ${err?.stack ?? err}`);
    await cleanupPhase().catch(() => {});
    removeTempDir(workDir);
    process.exit(1);
  },
);
