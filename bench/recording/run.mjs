#!/usr/bin/env node
// Argus recording cost benchmark: N push cameras in the copy live profile, each fed a 2 Mbps 720p30 H.264/AAC stream,
// measured twice in the same run: live only (recording off) and with recording on (one recorder per camera writing
// fragmented-MP4 chunks under DATA_DIR/recordings). The difference is what recording costs: CPU, memory and processes
// of Argus's whole process tree (Node, nginx, the pipelines, the recorders), from /proc. See bench/README.md.
//
// Exit code: 0 when every phase ran; 1 when the benchmark itself broke (a camera never went online or never started
// recording, a recording did not grow, a process it measures or feeds died). The figures and targets never decide it.

import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  api,
  argusPidfiles,
  CLK_TCK,
  describeServerBuild,
  encodeSource,
  envInt,
  fmt,
  installCleanupHandlers,
  listCameras,
  login,
  machineTicks,
  makeTempDir,
  pgrep,
  pool,
  processTree,
  pssMbOfTree,
  publisherSpeed,
  readStat,
  removeTempDir,
  sleep,
  startArgus,
  startPublisher,
  stopArgus,
  stopGroups,
  table,
  TreeSampler,
} from '../live-capacity/media-helpers.mjs';

const parseNs = (v) => {
  const ns = (v ?? '10').split(',').map((s) => Number(s.trim()));
  if (!ns.length || ns.some((n) => !Number.isInteger(n) || n < 1 || n > 1000))
    throw new Error(`BENCH_N must look like "10" or "5,10" (got "${v}")`);
  return ns;
};

const CFG = {
  ns: parseNs(process.env.BENCH_N || undefined),
  seconds: envInt('BENCH_SECONDS', 30, 5),
  warmupS: envInt('BENCH_WARMUP_S', 10, 0),
  staggerMs: envInt('BENCH_STAGGER_MS', 50, 0),
  /** Unset: Argus's default RECORDING_CHUNK_SECONDS (3600). */
  chunkSeconds: process.env.BENCH_CHUNK_SECONDS ? envInt('BENCH_CHUNK_SECONDS', 3600, 10) : null,
  fileSeconds: 20,
  held: 0.99,
  targetPct: 0.5,
  startTimeoutMs: (n) => 60_000 + 600 * n,
};

const t0 = Date.now();
const broken = [];
const notes = [];
let workDir = null;
const live = { argus: null, publishers: [] };

async function cleanupPhase() {
  await stopGroups(live.publishers);
  live.publishers = [];
  if (live.argus) {
    const a = live.argus;
    live.argus = null;
    const { leftovers } = await stopArgus(a);
    if (leftovers.length)
      broken.push(
        `BROKEN: ${leftovers.length} Argus child process(es) were still alive after the server exited (killed): ${leftovers.join(' ')}`,
      );
  }
}

// A signal runs the clean-up and exits; main() must then neither exit early nor clean up a second time.
let stopping = false;
installCleanupHandlers(async () => {
  stopping = true;
  await cleanupPhase();
  removeTempDir(workDir);
});

const log = (msg) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);

// ---------------------------------------------------------------------------------------------

/** Bytes (apparent size) of every file under `dir`, recursively; 0 when it does not exist. */
function dirBytes(dir) {
  let n = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n += dirBytes(p);
    else
      try {
        n += statSync(p).size;
      } catch {
        /* renamed meanwhile */
      }
  }
  return n;
}

/** Role of each process Argus names in its pidfiles (pipeline-<id>, recorder-<id>, nginx, ...). */
function rolesOf(argus) {
  const m = new Map();
  for (const r of argusPidfiles(argus)) m.set(r.pid, r.name.replace(/-[0-9a-f-]{36}$/, ''));
  return m;
}

function countBy(xs) {
  const o = {};
  for (const x of xs) o[x] = (o[x] ?? 0) + 1;
  return o;
}

/** One phase: a fresh Argus, N cameras with recording on or off, N publishers, warm-up, then the measured window. */
async function phase(n, file, recording) {
  const tag = `N=${n} ${recording ? 'recording' : 'live only'}`;
  log(`${tag}: starting Argus`);
  const argus = await startArgus({
    segmentSeconds: 1,
    extraEnv: CFG.chunkSeconds ? { RECORDING_CHUNK_SECONDS: String(CFG.chunkSeconds) } : {},
  });
  live.argus = argus;
  const token = await login(argus.base);
  const cams = await pool(
    Array.from({ length: n }, (_, i) => i),
    8,
    async (i) => {
      const r = await api(argus.base, 'POST', '/api/cameras', {
        token,
        body: {
          name: `recording-${String(i).padStart(3, '0')}`,
          sourceType: 'push',
          liveProfile: { type: 'copy' },
          recordingEnabled: recording,
        },
      });
      if (r.status !== 201 || !r.json?.streamKey) throw new Error(`POST /api/cameras -> ${r.status} ${r.text.slice(0, 300)}`);
      return { id: r.json.camera.id, key: r.json.streamKey };
    },
  );
  log(`${tag}: ${n} cameras created; starting ${n} publishers, ${CFG.staggerMs} ms apart`);
  const tPub = performance.now();
  for (const c of cams) {
    live.publishers.push(startPublisher(file, `rtmp://127.0.0.1:${argus.rtmpPort}/live/${c.key}`));
    if (CFG.staggerMs) await sleep(CFG.staggerMs);
  }
  const deadline = performance.now() + CFG.startTimeoutMs(n);
  let readyAfterS;
  for (;;) {
    if (argus.child.exitInfo) throw new Error(`Argus exited while cameras were starting: ${JSON.stringify(argus.child.exitInfo)}`);
    const dead = live.publishers.filter((p) => p.exitInfo);
    if (dead.length)
      throw new Error(`${dead.length} publisher(s) exited while cameras were starting: ${dead[0].stderrTail.slice(-2).join(' | ')}`);
    const st = await listCameras(argus.base, token);
    const up = st.filter((c) => (c.status === 'online' || c.status === 'degraded') && (!recording || c.recordingState === 'recording'));
    if (up.length === n) {
      readyAfterS = (performance.now() - tPub) / 1000;
      break;
    }
    if (performance.now() > deadline) {
      const by = countBy(st.map((c) => `${c.status}/${c.recordingState}${c.recordingReason ? ` (${c.recordingReason})` : ''}`));
      throw new Error(
        `only ${up.length}/${n} cameras ${recording ? 'online and recording' : 'online'} after ${CFG.startTimeoutMs(n) / 1000} s (status/recording: ${Object.entries(
          by,
        )
          .map(([k, v]) => `${v} ${k}`)
          .join('; ')})`,
      );
    }
    await sleep(1000);
  }
  log(`${tag}: all ${n} cameras ready after ${fmt(readyAfterS)} s; warm-up ${CFG.warmupS} s, then ${CFG.seconds} s of samples`);
  await sleep(CFG.warmupS * 1000);

  // The window: CPU/RSS of Argus's tree every second, by role; the recordings folder at both ends.
  let roles = rolesOf(argus);
  const classify = (pid, st) => {
    const r = roles.get(pid);
    if (r) return r === 'nginx' ? 'nginx' : r; // pipeline, recorder, nginx (master), ...
    if (st.comm === 'node' || st.comm === 'MainThread') return 'node';
    return st.comm; // nginx workers, ffprobe
  };
  const sampler = new TreeSampler(() => [argus.child.pid], { classify });
  const pubSampler = new TreeSampler(() => live.publishers.map((p) => p.pid));
  const recDir = join(argus.dataDir, 'recordings');
  const camBytes0 = cams.map((c) => dirBytes(join(recDir, c.id)));
  const bytes0 = dirBytes(recDir);
  const pids0 = new Map(argusPidfiles(argus).map((r) => [r.name, r.pid]));
  const benchCpu0 = process.cpuUsage();
  const mach0 = machineTicks();
  const from = Date.now();
  const tw0 = performance.now();
  sampler.sample();
  pubSampler.sample();
  let dead = null;
  for (let i = 1; i <= CFG.seconds; i++) {
    await sleep(Math.max(0, tw0 + i * 1000 - performance.now()));
    roles = rolesOf(argus);
    sampler.sample();
    pubSampler.sample();
    if (argus.child.exitInfo) dead = `the Argus server exited (${JSON.stringify(argus.child.exitInfo)})`;
    const deadP = live.publishers.filter((p) => p.exitInfo);
    if (deadP.length) dead = `${deadP.length} publisher(s) exited`;
    if (dead) break;
  }
  const to = Date.now();
  const windowS = (performance.now() - tw0) / 1000;
  const bytes1 = dirBytes(recDir);
  const camBytes1 = cams.map((c) => dirBytes(join(recDir, c.id)));
  const pssMb = pssMbOfTree([argus.child.pid]);
  const benchCpu = process.cpuUsage(benchCpu0);
  const mach1 = machineTicks();
  const pids1 = new Map(argusPidfiles(argus).map((r) => [r.name, r.pid]));
  const s = sampler.summary();
  const pub = pubSampler.summary();
  const tree = processTree([argus.child.pid]).map(readStat).filter(Boolean);
  const replaced = [...pids0.entries()]
    .filter(([name, pid]) => pids1.get(name) !== pid)
    .map(([name]) => name.replace(/-[0-9a-f-]{36}$/, ''));

  // Argus's view, read after the window so the requests do not land in the CPU figures.
  const end = await listCameras(argus.base, token);
  const rows = recording
    ? (
        await pool(cams, 8, async (c) => {
          const r = await api(argus.base, 'GET', `/api/recordings?cameraId=${c.id}&limit=50`, { token });
          return r.json?.items ?? [];
        })
      ).flat()
    : [];
  const machinePct = ((mach1.busy - mach0.busy) / CLK_TCK / ((to - from) / 1000)) * 100;
  const benchCpuPct = ((benchCpu.user + benchCpu.system) / 1000 / (to - from)) * 100;
  const pubSpeeds = live.publishers.map((p) => publisherSpeed(p, from, to));
  const warnLines = [...argus.log, ...argus.stderr].filter((l) => l.trim() && !l.startsWith('Argus is running'));
  await cleanupPhase();
  return {
    n,
    recording,
    dead,
    readyAfterS,
    ...s,
    pssMb,
    nprocTree: tree.filter((x) => x.state !== 'Z').length,
    procs: countBy(tree.filter((x) => x.state !== 'Z').map((x) => classify(x.pid, x))),
    windowS,
    writeBps: (bytes1 - bytes0) / windowS,
    growing: camBytes1.filter((b, i) => b > camBytes0[i]).length,
    camRates: camBytes1.map((b, i) => (b - camBytes0[i]) / windowS),
    rowsByState: countBy(rows.map((r) => r.state)),
    statusesAtEnd: countBy(end.map((c) => `${c.status}${recording ? `/${c.recordingState}` : ''}`)),
    replaced,
    pub: { cpuPct: pub.cpuPct, held: pubSpeeds.filter((v) => v >= CFG.held).length, minSpeed: Math.min(...pubSpeeds) },
    benchCpuPct,
    machinePct,
    otherPct: machinePct - s.cpuPct - pub.cpuPct - benchCpuPct,
    loadavg: loadavg()[0],
    warnLines,
  };
}

async function runPhase(n, file, recording) {
  try {
    const r = await phase(n, file, recording);
    if (r.dead) return { failed: `a process died during the window: ${r.dead}` };
    return r;
  } catch (e) {
    await cleanupPhase();
    return { failed: e.message.split('\n')[0].slice(0, 600) };
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const classes = (byClass, unit = '%', d = 1) =>
  Object.entries(byClass)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${fmt(v, d)} ${unit}`)
    .join(', ');
const procList = (p) =>
  Object.entries(p)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
const signed = (v, d = 1) => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${v.toFixed(d)}` : 'n/a');

function reportN(n, a, b, sourceBps) {
  console.log(
    `\n=== N = ${n} cameras (copy profile; publishers ${CFG.staggerMs} ms apart; window ${CFG.seconds} s after ${CFG.warmupS} s warm-up; ` +
      `RECORDING_CHUNK_SECONDS=${CFG.chunkSeconds ?? '3600 (default)'}) ===`,
  );
  if (a.failed) console.log(`live-only phase could not run: ${a.failed}`);
  if (b.failed) console.log(`recording phase could not run: ${b.failed}`);
  const A = a.failed ? {} : a;
  const B = b.failed ? {} : b;
  const dCpu = (B.cpuPct - A.cpuPct) / n;
  const rows = [
    [
      'CPU, % of one core (mean over window)',
      fmt(A.cpuPct),
      fmt(B.cpuPct),
      signed(B.cpuPct - A.cpuPct),
      `${signed(dCpu, 2)} %`,
      `<= ${CFG.targetPct} %  ${Number.isFinite(dCpu) ? (dCpu <= CFG.targetPct ? 'met' : 'MISSED') : ''}`,
    ],
    ['CPU, % of one core (p95 of 1 s samples)', fmt(A.cpuPctP95), fmt(B.cpuPctP95), signed(B.cpuPctP95 - A.cpuPctP95), '', ''],
    [
      'RSS, MB (sum of VmRSS, mean)',
      fmt(A.rssMeanMb, 0),
      fmt(B.rssMeanMb, 0),
      signed(B.rssMeanMb - A.rssMeanMb, 0),
      `${signed((B.rssMeanMb - A.rssMeanMb) / n, 1)} MB`,
      '',
    ],
    [
      'PSS, MB (sum, at window end)',
      fmt(A.pssMb, 0),
      fmt(B.pssMb, 0),
      signed(B.pssMb - A.pssMb, 0),
      `${signed((B.pssMb - A.pssMb) / n, 1)} MB`,
      '',
    ],
    [
      'processes in the tree',
      String(A.nprocTree ?? 'n/a'),
      String(B.nprocTree ?? 'n/a'),
      signed(B.nprocTree - A.nprocTree, 0),
      signed((B.nprocTree - A.nprocTree) / n, 2),
      '',
    ],
  ];
  console.log(table(['', 'live only', 'recording', 'extra', 'extra per camera', 'target'], rows));
  for (const [name, x] of [
    ['live only', A],
    ['recording', B],
  ]) {
    if (!x.byClass) continue;
    console.log(
      `${name.padEnd(9)}: processes ${procList(x.procs)}; CPU by role: ${classes(x.byClass)}; RSS: ${classes(x.byClassRssMb, 'MB', 0)}`,
    );
  }
  if (A.byClass && B.byClass) {
    const keys = [...new Set([...Object.keys(A.byClass), ...Object.keys(B.byClass)])];
    const delta = Object.fromEntries(keys.map((k) => [k, (B.byClass[k] ?? 0) - (A.byClass[k] ?? 0)]));
    console.log(
      `extra CPU by role (recording − live only): ${Object.entries(delta)
        .sort((x, y) => Math.abs(y[1]) - Math.abs(x[1]))
        .map(([k, v]) => `${k} ${signed(v, 2)} %`)
        .join(', ')}`,
    );
    const rec = B.byClass.recorder ?? 0;
    console.log(
      `the recorders themselves: ${fmt(rec, 2)} % of one core in all = ${fmt(rec / n, 2)} % per camera (their own utime+stime; the rest of the extra is nginx serving one more RTMP reader per camera and Node's bookkeeping)`,
    );
  }
  if (!b.failed) {
    const perCam = B.writeBps / n;
    const rates = [...B.camRates].sort((x, y) => x - y);
    console.log(
      `recording: DATA_DIR/recordings grew ${fmt(B.writeBps / 1e6, 2)} MB/s = ${fmt(perCam / 1e3, 0)} kB/s per camera (source ${fmt(sourceBps / 8 / 1e3, 0)} kB/s: ${fmt(perCam / (sourceBps / 8), 2)}x; ` +
        `slowest camera ${fmt(rates[0] / 1e3, 0)} kB/s); growing: ${B.growing}/${n} cameras ${B.growing === n ? '(all)' : 'NOT ALL'}; index rows: ${procList(B.rowsByState) || 'none'}`,
    );
  }
  for (const [name, x] of [
    ['live only', A],
    ['recording', B],
  ]) {
    if (!x.byClass) continue;
    console.log(
      `${name.padEnd(9)}: ready after ${fmt(x.readyAfterS)} s; status at end: ${procList(x.statusesAtEnd)}; processes replaced during the window: ${x.replaced.length ? x.replaced.join(', ') : 'none'}; ` +
        `publishers ${x.pub.held}/${n} >= ${CFG.held}x (min ${fmt(x.pub.minSpeed, 3)}x), ${fmt(x.pub.cpuPct)} % CPU (not counted); machine busy ${fmt(x.machinePct)} % of one core, other processes ${fmt(x.otherPct)} %, load ${fmt(x.loadavg, 2)}`,
    );
  }
  const noisy = [A, B].filter((x) => x.otherPct > 20);
  if (noisy.length)
    console.log(
      'NOTE: processes outside this benchmark used more than 20 % of a core during a window: the difference between the phases is less certain',
    );
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const nginxV = spawnSync('nginx', ['-v'], { encoding: 'utf8' }).stderr.trim();
  const ffV = execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' }).split('\n')[0].split(' Copyright')[0];
  console.log(
    `Argus recording cost benchmark — node ${process.version}, ${availableParallelism()} CPUs, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${ffV}, ${nginxV.replace('nginx version: ', '')}`,
  );
  console.log(describeServerBuild());
  console.log(
    `N = ${CFG.ns.join(', ')}; per N two phases on a fresh Argus each: live only (recordingEnabled false), then recording (recordingEnabled true); ${CFG.warmupS} s warm-up + ${CFG.seconds} s measured; copy profile, HLS_SEGMENT_SECONDS=1; loopback only`,
  );
  workDir = makeTempDir('argus-recording-bench-');
  log('encoding the source file');
  const { file, probe } = encodeSource(workDir, CFG.fileSeconds);
  const v = probe.streams.find((s) => s.codec_name === 'h264');
  const sourceBps = Number(probe.format.bit_rate);
  console.log(
    `source: ${CFG.fileSeconds} s ${v?.width}x${v?.height} ${v?.r_frame_rate} H.264 (x264 veryfast, 2M VBV, 1 s GOP) + AAC, ${fmt(sourceBps / 1000, 0)} kb/s in FLV; each publisher: ffmpeg -re -stream_loop -1 -i <file> -c copy -f flv rtmp://...`,
  );

  const results = [];
  for (const n of CFG.ns) {
    const a = await runPhase(n, file, false);
    const b = await runPhase(n, file, true);
    if (a.failed) broken.push(`BROKEN: N=${n} live only: ${a.failed}`);
    if (b.failed) broken.push(`BROKEN: N=${n} recording: ${b.failed}`);
    if (!b.failed && b.growing < n) broken.push(`BROKEN: N=${n}: only ${b.growing}/${n} cameras' recordings grew during the window`);
    for (const x of [a, b])
      if (!x.failed && x.replaced.length)
        broken.push(
          `BROKEN: N=${n} ${x.recording ? 'recording' : 'live only'}: processes replaced during the window: ${x.replaced.join(', ')}`,
        );
    reportN(n, a, b, sourceBps);
    for (const x of [a, b])
      if (!x.failed && x.warnLines.length) {
        notes.push(
          `N=${n} ${x.recording ? 'recording' : 'live only'}: Argus logged ${x.warnLines.length} line(s) at warn or above; first ones:`,
        );
        for (const l of x.warnLines.slice(0, 5)) notes.push(`    ${l.slice(0, 300)}`);
      }
    results.push({ n, a, b });
  }

  console.log('\n=== summary (recording − live only, same machine, same run) ===');
  console.log(
    table(
      [
        'N',
        'CPU live %',
        'CPU rec %',
        'extra CPU / camera',
        'recorder CPU / camera',
        'extra RSS / camera',
        'extra procs / camera',
        'write rate',
        'growing',
        'target',
      ],
      results.map(({ n, a, b }) => {
        const ok = !a.failed && !b.failed;
        const d = ok ? (b.cpuPct - a.cpuPct) / n : NaN;
        return [
          String(n),
          a.failed ? 'FAILED' : fmt(a.cpuPct),
          b.failed ? 'FAILED' : fmt(b.cpuPct),
          ok ? `${signed(d, 2)} %` : 'n/a',
          b.failed ? 'n/a' : `${fmt((b.byClass.recorder ?? 0) / n, 2)} %`,
          ok ? `${signed((b.rssMeanMb - a.rssMeanMb) / n, 1)} MB` : 'n/a',
          ok ? signed((b.nprocTree - a.nprocTree) / n, 2) : 'n/a',
          b.failed ? 'n/a' : `${fmt(b.writeBps / 1e6, 2)} MB/s`,
          b.failed ? 'n/a' : `${b.growing}/${n}`,
          Number.isFinite(d) ? `<= ${CFG.targetPct} %  ${d <= CFG.targetPct ? 'met' : 'MISSED'}` : '',
        ];
      }),
    ),
  );
  console.log(
    `target: recording adds <= ${CFG.targetPct} % of one core per 2 Mbps camera (extra CPU of Argus's whole tree ÷ N; never decides the exit code)`,
  );
  for (const l of notes) console.log(l);
  for (const l of broken) console.log(l);
  removeTempDir(workDir);
  workDir = null;
  const left = [...pgrep('argus-live-bench-'), ...pgrep('argus-recording-bench-')];
  if (left.length) {
    console.log(`LEAK: ${left.length} process(es) still running after cleanup: ${left.map((p) => `${p.pid} ${p.cmd}`).join('; ')}`);
    broken.push('leak');
  }
  console.log(`\ntotal ${fmt((Date.now() - t0) / 1000)} s`);
  return broken.length ? 1 : 0;
}

main().then(
  (code) => {
    if (!stopping) process.exit(code);
  },
  async (err) => {
    if (stopping) return;
    console.error(`bench failed: ${err?.stack ?? err}`);
    await cleanupPhase().catch(() => {});
    removeTempDir(workDir);
    process.exit(1);
  },
);
