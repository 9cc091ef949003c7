#!/usr/bin/env node
// Argus storage mover benchmark: how fast the real StorageMover (server/dist/src/storage/mover.js) moves recorded
// chunks between tiers, next to a plain copy of the same bytes in the same run, and what a running move does to live
// pipelines on the same machine. Three parts:
//   1. local → local: the mover (journal row → putFile with copy + size/MD5 verification → index update → delete
//      source) against a real SQLite database made by the server's own migrations, vs. copyFile + fsync;
//   2. local → S3 (s3rver on 127.0.0.1): the mover with the real S3Driver vs. a plain @aws-sdk/lib-storage Upload
//      with the same part size and queue size, to the same s3rver;
//   3. K live copy-mode cameras through a real Argus while the mover runs (unthrottled, then throttled): the lowest
//      `speed` any pipeline reported (GET /api/cameras/:id/health) during the move window.
// See bench/README.md.
//
// Exit code: 0 when every part ran; 1 when the benchmark itself broke (a move failed or left the wrong state, s3rver
// or Argus died, a camera never came online, a publisher died). Timings and targets never decide the exit code.

import { spawnSync, execFileSync } from 'node:child_process';
import { createHash, randomFillSync, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, linkSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { copyFile, open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, totalmem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
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
  median,
  pgrep,
  PlaylistTracker,
  pool,
  publisherSpeed,
  readStat,
  removeTempDir,
  REPO,
  SERVER_MAIN,
  sleep,
  spawnGroup,
  startArgus,
  startPublisher,
  stopArgus,
  stopGroup,
  stopGroups,
  table,
  TreeSampler,
} from '../live-capacity/media-helpers.mjs';

const MiB = 1024 * 1024;
const MB = 1_000_000;

const PARTS = (process.env.BENCH_PARTS || 'local,s3,live').split(',').map((s) => s.trim());
for (const p of PARTS)
  if (!['local', 's3', 'live'].includes(p)) throw new Error(`BENCH_PARTS must be a list of local, s3, live (got "${p}")`);

const CFG = {
  files: envInt('BENCH_FILES', 20, 1),
  fileMiB: envInt('BENCH_MB', 64, 1),
  reps: envInt('BENCH_REPS', 3, 1),
  cameras: envInt('BENCH_CAMERAS', 10, 1),
  liveSeconds: envInt('BENCH_LIVE_S', 30, 5),
  warmupS: envInt('BENCH_WARMUP_S', 10, 0),
  throttleMBps: envInt('BENCH_THROTTLE_MBPS', 100, 0),
  staggerMs: envInt('BENCH_STAGGER_MS', 50, 0),
  fileSeconds: 20,
  targetRatio: 0.8,
  targetSpeed: 0.99,
  startTimeoutMs: (n) => 60_000 + 600 * n,
};

// The server's compiled modules, next to the server build that is measured (ARGUS_SERVER_MAIN points elsewhere).
const DIST_SRC = dirname(SERVER_MAIN);
const dist = createRequire(join(DIST_SRC, 'main.js'));
// npm packages (AWS SDK, s3rver) from the repository's server workspace.
const serverReq = createRequire(join(REPO, 'server/package.json'));

const t0 = Date.now();
const broken = [];
const notes = [];
const st = { workDir: null, db: null, s3rver: null, s3Clients: [], argus: null, publishers: [], stopPolling: null };
/** DATA_DIRs of the Argus instances this run started (for the final leak check: other benchmarks use the same prefix). */
const argusDirs = [];

const log = (msg) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);

async function cleanupAll() {
  st.stopPolling?.();
  await stopGroups(st.publishers);
  st.publishers = [];
  if (st.argus) {
    const a = st.argus;
    st.argus = null;
    const { leftovers } = await stopArgus(a);
    if (leftovers.length)
      broken.push(`BROKEN: ${leftovers.length} Argus child process(es) outlived the server (killed): ${leftovers.join(' ')}`);
  }
  for (const c of st.s3Clients) c.destroy();
  st.s3Clients = [];
  if (st.s3rver) {
    await stopGroup(st.s3rver);
    st.s3rver = null;
  }
  if (st.db) {
    const db = st.db;
    st.db = null;
    await db.destroy().catch(() => {});
  }
  if (st.workDir) {
    removeTempDir(st.workDir);
    st.workDir = null;
  }
}

installCleanupHandlers(cleanupAll);

// ---------------------------------------------------------------------------------------------
// Setup: the chunk files, the database, the tiers

/** `count` files of random bytes (so nothing compresses or dedupes), fsynced so their write-back is over before timing. */
async function makeChunkFiles(dir, count, bytes) {
  const block = Buffer.allocUnsafe(Math.min(bytes, 8 * MiB));
  const files = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `chunk-${String(i).padStart(3, '0')}.bin`);
    const fh = await open(path, 'wx');
    for (let done = 0; done < bytes;) {
      const n = Math.min(block.length, bytes - done);
      randomFillSync(block, 0, n);
      await fh.write(block, 0, n);
      done += n;
    }
    await fh.sync();
    await fh.close();
    files.push(path);
  }
  return files;
}

/** A SQLite database made by the server's createDb + migrateToLatest, with one `recordings` row per chunk. */
async function makeDatabase(path, sources, bytes) {
  const { createDb, parseDatabaseUrl } = dist('./db/database.js');
  const { migrateToLatest } = dist('./db/migrate.js');
  const target = parseDatabaseUrl(`sqlite:${path}`);
  const db = createDb(target);
  st.db = db;
  const applied = await migrateToLatest(db, target.dialect);
  const cameras = Array.from({ length: 4 }, () => randomUUID());
  const start = Date.UTC(2026, 10, 25, 0, 0, 0);
  const chunks = sources.map((source, i) => {
    const at = start + i * 3_600_000;
    const stamp = new Date(at)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    const cameraId = cameras[i % cameras.length];
    return {
      id: randomUUID(),
      cameraId,
      source,
      path: `${cameraId}/${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}/${stamp}-b${i}.mp4`,
      at,
    };
  });
  await db
    .insertInto('recordings')
    .values(
      chunks.map((c) => ({
        id: c.id,
        cameraId: c.cameraId,
        sessionId: null,
        path: c.path,
        tier: 'local',
        startAt: c.at,
        endAt: c.at + 3_600_000,
        durationMs: 3_600_000,
        bytes,
        videoCodec: 'h264',
        audioCodec: 'aac',
        width: 1280,
        height: 720,
        state: 'complete',
        createdAt: c.at,
        updatedAt: c.at,
      })),
    )
    .execute();
  return { db, chunks, migrations: applied.length };
}

const clearDir = (dir) => {
  for (const e of readdirSync(dir)) rmSync(join(dir, e), { recursive: true, force: true });
};

/** Puts every chunk back on the hot tier: a hard link of its pristine file (same inode, same cached pages), row tier = local. */
async function resetToHot(ctx) {
  for (const c of ctx.chunks) {
    const p = ctx.hot.localPath(c.path);
    mkdirSync(dirname(p), { recursive: true });
    rmSync(p, { force: true });
    linkSync(c.source, p);
  }
  await ctx.db.updateTable('recordings').set({ tier: 'local' }).execute();
}

/** All rows, in chunk order. */
const rows = (db) => db.selectFrom('recordings').selectAll().orderBy('startAt').execute();

/** After a pass to `tier`: every row says so, the journal is empty, the source is gone and the target has the right size. */
async function checkMoved(ctx, tier, driver) {
  const problems = [];
  for (const r of await rows(ctx.db)) {
    if (r.tier !== tier) problems.push(`${r.path}: row on tier ${r.tier}`);
    if (existsSync(ctx.hot.localPath(r.path))) problems.push(`${r.path}: source still on the hot tier`);
    const s = await driver.stat(r.path);
    if (!s || s.size !== ctx.bytes) problems.push(`${r.path}: ${s ? `${s.size} bytes` : 'missing'} on ${tier}`);
  }
  const journal = await ctx.db.selectFrom('storageMoves').selectAll().execute();
  if (journal.length) problems.push(`${journal.length} journal row(s) left`);
  if (problems.length) throw new Error(`the mover left the wrong state: ${problems.slice(0, 3).join('; ')}`);
}

/** Runs fn and returns its wall time (s) and this process's CPU (% of one core) meanwhile. */
async function timed(fn) {
  const cpu0 = process.cpuUsage();
  const a = performance.now();
  await fn();
  const secs = (performance.now() - a) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { secs, cpuPct: ((cpu.user + cpu.system) / 1e6 / secs) * 100 };
}

async function fsyncFile(path) {
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Part 1: local → local

async function partLocal(ctx) {
  const baseDir = join(ctx.work, 'baseline-copy');
  mkdirSync(baseDir);
  const total = ctx.bytes * ctx.chunks.length;
  const runs = [];
  const opts = {};
  for (let rep = 1; rep <= CFG.reps; rep++) {
    // Alternate the order (baseline first in odd reps, mover first in even ones) so neither always runs on a warmer machine.
    const order = rep % 2 ? ['copyFile', 'stream', 'mover'] : ['mover', 'stream', 'copyFile'];
    for (const kind of order) {
      let r;
      if (kind === 'mover') {
        await resetToHot(ctx);
        const list = await rows(ctx.db);
        r = await timed(async () => {
          for (const row of list) await ctx.mover.move(row, 'warm', 'bench', opts);
        });
        await checkMoved(ctx, 'warm', ctx.warm);
        clearDir(ctx.warmDir);
      } else {
        r = await timed(async () => {
          for (const [i, c] of ctx.chunks.entries()) {
            const dest = join(baseDir, `copy-${i}.bin`);
            if (kind === 'copyFile') await copyFile(c.source, dest);
            else await pipeline(createReadStream(c.source, { highWaterMark: MiB }), createWriteStream(dest));
            await fsyncFile(dest);
          }
        });
        for (const [i] of ctx.chunks.entries())
          if (statSync(join(baseDir, `copy-${i}.bin`)).size !== ctx.bytes) throw new Error('baseline copy has the wrong size');
        clearDir(baseDir);
      }
      runs.push({ rep, kind, ...r, mbps: total / MB / r.secs });
      log(
        `local→local rep ${rep}: ${kind.padEnd(8)} ${fmt(total / MB / r.secs, 0)} MB/s (${fmt(r.secs, 2)} s, this process ${fmt(r.cpuPct, 0)} % CPU)`,
      );
      await sleep(500);
    }
  }
  // Diagnosis, on one cached chunk: a single MD5 pass, and the server's hashFile (PartHasher). The local driver does
  // hashFile's work twice per move (while copying, and reading the copy back), so that bounds it however fast the disk is.
  const { hashFile } = dist('./storage/drivers/transfer.js');
  const rateOf = async (fn) => {
    const xs = [];
    for (let i = 0; i < 3; i++) {
      const a = performance.now();
      await fn(ctx.chunks[0].source);
      xs.push(ctx.bytes / MB / ((performance.now() - a) / 1000));
    }
    return median(xs);
  };
  runs.md5MBps = await rateOf(async (path) => {
    const h = createHash('md5');
    for await (const chunk of createReadStream(path, { highWaterMark: MiB })) h.update(chunk);
    h.digest();
  });
  runs.hashFileMBps = await rateOf((path) => hashFile(path, Number.MAX_SAFE_INTEGER));
  return runs;
}

// ---------------------------------------------------------------------------------------------
// Part 2: local → S3 (s3rver on loopback)

const S3RVER_KEY = 'S3RVER'; // s3rver's one built-in account (access key id = secret)
const BUCKET = 'argus';

/** s3rver in a child process (its own process group), as server/test/s3rver.ts starts it. */
async function startS3rver(directory) {
  const script = `
    const S3rver = require(${JSON.stringify(serverReq.resolve('s3rver'))});
    new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.argv[1], configureBuckets: [{ name: process.argv[2], configs: [] }] })
      .run()
      .then((a) => console.log(JSON.stringify(a)), (e) => { console.error(e); process.exit(1); });`;
  let resolvePort;
  const port = new Promise((r) => (resolvePort = r));
  // --openssl-legacy-provider: s3rver's list continuation tokens are DES-encrypted (see server/test/s3rver.ts).
  const child = spawnGroup(process.execPath, ['--openssl-legacy-provider', '-e', script, directory, BUCKET], {
    onStdoutLine: (l) => {
      try {
        resolvePort(JSON.parse(l).port);
      } catch {
        /* not the address line */
      }
    },
  });
  st.s3rver = child;
  const p = await Promise.race([port, child.exited.then(() => null), sleep(15_000).then(() => null)]);
  if (!p) throw new Error(`s3rver did not start: ${JSON.stringify(child.exitInfo)} ${child.stderrTail.join(' | ')}`);
  return { child, endpoint: `http://127.0.0.1:${p}` };
}

async function partS3(ctx) {
  const { S3Driver } = dist('./storage/drivers/s3-driver.js');
  const { SafeStorage } = dist('./storage/drivers/safe-keys.js');
  const { S3Client, DeleteObjectCommand, HeadObjectCommand } = serverReq('@aws-sdk/client-s3');
  const { Upload } = serverReq('@aws-sdk/lib-storage');

  log('starting s3rver on 127.0.0.1');
  const s3dir = join(ctx.work, 's3rver');
  mkdirSync(s3dir);
  const { child, endpoint } = await startS3rver(s3dir);
  const inner = new S3Driver({
    endpoint,
    region: 'us-east-1',
    bucket: BUCKET,
    prefix: 'tier',
    accessKeyId: S3RVER_KEY,
    secretAccessKey: S3RVER_KEY,
  });
  st.s3Clients.push(inner.client);
  const s3 = new SafeStorage(inner);
  await s3.check();
  ctx.tiers.s3 = s3;
  // The driver's own settings (private fields of the compiled class), so the baseline follows its defaults.
  const partSize = inner.partSize;
  const queueSize = inner.queueSize;
  // A plain client: only the settings the driver also uses. The driver turns the SDK's default CRC32 checksums off
  // (WHEN_REQUIRED); a baseline with them on would hash every byte once more and flatter the driver.
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  st.s3Clients.push(client);

  const total = ctx.bytes * ctx.chunks.length;
  const runs = [];
  const s3rverTicks = () => {
    const s = readStat(child.pid);
    return s ? s.utime + s.stime : 0;
  };
  for (let rep = 1; rep <= CFG.reps; rep++) {
    const order = rep % 2 ? ['upload', 'mover'] : ['mover', 'upload'];
    for (const kind of order) {
      let r;
      const k0 = s3rverTicks();
      if (kind === 'mover') {
        await resetToHot(ctx);
        const list = await rows(ctx.db);
        r = await timed(async () => {
          for (const row of list) await ctx.mover.move(row, 's3', 'bench', {});
        });
        await checkMoved(ctx, 's3', s3);
        for (const c of ctx.chunks) await s3.delete(c.path);
      } else {
        const keys = ctx.chunks.map((_, i) => `baseline/chunk-${i}.mp4`);
        r = await timed(async () => {
          for (const [i, c] of ctx.chunks.entries()) {
            const upload = new Upload({
              client,
              params: {
                Bucket: BUCKET,
                Key: keys[i],
                Body: createReadStream(c.source, { highWaterMark: MiB }),
                ContentLength: ctx.bytes,
                ContentType: 'video/mp4',
              },
              partSize,
              queueSize,
              leavePartsOnError: false,
            });
            await upload.done();
          }
        });
        for (const key of keys) {
          const h = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
          if (h.ContentLength !== ctx.bytes) throw new Error(`baseline upload ${key} holds ${h.ContentLength} bytes`);
          await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
        }
      }
      if (child.exitInfo) throw new Error(`s3rver exited: ${JSON.stringify(child.exitInfo)} ${child.stderrTail.join(' | ')}`);
      const s3rverPct = ((s3rverTicks() - k0) / CLK_TCK / r.secs) * 100;
      runs.push({ rep, kind, ...r, s3rverPct, mbps: total / MB / r.secs });
      log(
        `local→S3 rep ${rep}: ${kind.padEnd(6)} ${fmt(total / MB / r.secs, 0)} MB/s (${fmt(r.secs, 2)} s, this process ${fmt(r.cpuPct, 0)} % CPU, s3rver ${fmt(s3rverPct, 0)} %)`,
      );
      await sleep(500);
    }
  }
  await stopGroup(child);
  st.s3rver = null;
  return { runs, partSize, queueSize };
}

// ---------------------------------------------------------------------------------------------
// Part 3: live pipelines while the mover runs

/** Polls every camera's health once a second; keeps each distinct sample (by its `at`). */
function startHealthPolling(base, token, cams) {
  const samples = cams.map(() => new Map()); // at (epoch ms) -> { speed, fps, polledAt }
  let stop = false;
  let failures = 0;
  const loop = (async () => {
    while (!stop) {
      const t = performance.now();
      await pool(cams, 4, async (c, i) => {
        const r = await api(base, 'GET', `/api/cameras/${c.id}/health?minutes=1`, { token, timeoutMs: 10_000 }).catch(() => null);
        const cur = r?.status === 200 ? r.json?.current : null;
        if (!cur) {
          failures++;
          return;
        }
        const at = Date.parse(cur.at);
        if (!samples[i].has(at)) samples[i].set(at, { speed: cur.speed, fps: cur.fps, polledAt: Date.now() });
      });
      await sleep(Math.max(0, 1000 - (performance.now() - t)));
    }
  })();
  return {
    samples,
    failures: () => failures,
    async stop() {
      stop = true;
      await loop;
    },
  };
}

/** What the live side saw inside [from, to] (epoch ms). */
function liveWindow(cams, health, trackers, from, to) {
  const perCam = cams.map((_, i) => {
    const hs = [...health.samples[i].entries()].filter(([at]) => at >= from && at <= to).map(([, s]) => s.speed);
    const known = hs.filter((v) => typeof v === 'number');
    const t = trackers[i];
    const obs = t.obs.filter((o) => o.mtime >= from && o.mtime <= to);
    let maxGap = 0;
    for (let k = 1; k < obs.length; k++) maxGap = Math.max(maxGap, (obs[k].mtime - obs[k - 1].mtime) / 1000);
    return { healthMin: known.length ? Math.min(...known) : NaN, healthN: known.length, out: t.speed(from, to).speed, maxGap };
  });
  const finite = (xs) => xs.filter(Number.isFinite);
  return {
    healthMin: Math.min(...finite(perCam.map((c) => c.healthMin))),
    healthSamples: perCam.reduce((a, c) => a + c.healthN, 0),
    camsWithHealth: perCam.filter((c) => c.healthN > 0).length,
    below: perCam.filter((c) => c.healthMin < CFG.targetSpeed).length,
    outMin: Math.min(...perCam.map((c) => c.out)),
    outMedian: median(perCam.map((c) => c.out)),
    maxGap: Math.max(...perCam.map((c) => c.maxGap)),
  };
}

/** Moves chunks to the other local tier, one after the other, until `seconds` have passed; the window ends with the last move. */
async function moveFor(ctx, seconds, bytesPerSecond) {
  const opts = bytesPerSecond ? { bytesPerSecond } : {};
  const start = performance.now();
  let bytes = 0;
  let moves = 0;
  for (;;) {
    for (const row of await rows(ctx.db)) {
      const res = await ctx.mover.move(row, row.tier === 'local' ? 'warm' : 'local', 'bench', opts);
      bytes += res.bytes;
      moves++;
      if (performance.now() - start >= seconds * 1000) return { moves, bytes, secs: (performance.now() - start) / 1000 };
    }
  }
}

async function partLive(ctx) {
  log('encoding the source file for the publishers');
  const { file } = encodeSource(ctx.work, CFG.fileSeconds);
  log(`starting Argus and ${CFG.cameras} copy-mode cameras (recording off)`);
  const argus = await startArgus({ segmentSeconds: 1 });
  st.argus = argus;
  argusDirs.push(argus.dataDir);
  const token = await login(argus.base);
  const cams = await pool(
    Array.from({ length: CFG.cameras }, (_, i) => i),
    4,
    async (i) => {
      const r = await api(argus.base, 'POST', '/api/cameras', {
        token,
        body: { name: `mover-${String(i).padStart(3, '0')}`, sourceType: 'push', liveProfile: { type: 'copy' }, recordingEnabled: false },
      });
      if (r.status !== 201 || !r.json?.streamKey) throw new Error(`POST /api/cameras -> ${r.status} ${r.text.slice(0, 300)}`);
      return { id: r.json.camera.id, key: r.json.streamKey };
    },
  );
  for (const c of cams) {
    st.publishers.push(startPublisher(file, `rtmp://127.0.0.1:${argus.rtmpPort}/live/${c.key}`));
    if (CFG.staggerMs) await sleep(CFG.staggerMs);
  }
  const deadline = performance.now() + CFG.startTimeoutMs(CFG.cameras);
  for (;;) {
    if (argus.child.exitInfo) throw new Error(`Argus exited while the cameras started: ${JSON.stringify(argus.child.exitInfo)}`);
    const dead = st.publishers.filter((p) => p.exitInfo);
    if (dead.length) throw new Error(`${dead.length} publisher(s) exited: ${dead[0].stderrTail.slice(-3).join(' | ')}`);
    const up = (await listCameras(argus.base, token)).filter((c) => c.status === 'online' || c.status === 'degraded').length;
    if (up === cams.length) break;
    if (performance.now() > deadline)
      throw new Error(`only ${up}/${cams.length} cameras online after ${CFG.startTimeoutMs(CFG.cameras) / 1000} s`);
    await sleep(1000);
  }
  log(`all ${cams.length} cameras online; warm-up ${CFG.warmupS} s`);

  const trackers = cams.map((c) => new PlaylistTracker(join(argus.dataDir, 'live', c.id, 'v0', 'index.m3u8')));
  const pollTimer = setInterval(() => trackers.forEach((t) => t.poll()), 500);
  const health = startHealthPolling(argus.base, token, cams);
  st.stopPolling = () => {
    clearInterval(pollTimer);
    void health.stop();
  };
  const pipelines = () =>
    new Map(
      argusPidfiles(argus)
        .filter((r) => r.name.startsWith('pipeline-'))
        .map((r) => [r.name, r.pid]),
    );
  await sleep(CFG.warmupS * 1000);
  await resetToHot(ctx);

  const windows = [];
  const plan = [
    { name: 'no move (reference)', bps: null },
    { name: 'mover, unthrottled', bps: 0 },
    ...(CFG.throttleMBps ? [{ name: `mover, ${CFG.throttleMBps} MB/s throttle`, bps: CFG.throttleMBps * MB }] : []),
  ];
  for (const w of plan) {
    log(`live window: ${w.name}, ${CFG.liveSeconds} s`);
    const before = pipelines();
    const argusCpu = new TreeSampler(() => [argus.child.pid]);
    const pubCpu = new TreeSampler(() => st.publishers.map((p) => p.pid));
    argusCpu.sample();
    pubCpu.sample();
    const mach0 = machineTicks();
    const bench0 = process.cpuUsage();
    const from = Date.now();
    let moved = null;
    if (w.bps === null) await sleep(CFG.liveSeconds * 1000);
    else moved = await moveFor(ctx, CFG.liveSeconds, w.bps);
    const to = Date.now();
    argusCpu.sample();
    pubCpu.sample();
    const mach1 = machineTicks();
    const bench = process.cpuUsage(bench0);
    await sleep(1500); // the last health samples and segments closed inside the window
    trackers.forEach((t) => t.poll());
    const after = pipelines();
    const secs = (to - from) / 1000;
    const machinePct = ((mach1.busy - mach0.busy) / CLK_TCK / secs) * 100;
    const benchPct = ((bench.user + bench.system) / 1e6 / secs) * 100;
    const a = argusCpu.summary();
    const p = pubCpu.summary();
    const pubSpeeds = st.publishers.map((pub) => publisherSpeed(pub, from, to));
    const replaced = [...before.entries()].filter(([name, pid]) => after.get(name) !== pid).length;
    if (argus.child.exitInfo) throw new Error(`Argus exited during the window: ${JSON.stringify(argus.child.exitInfo)}`);
    const deadPubs = st.publishers.filter((pub) => pub.exitInfo);
    if (deadPubs.length) throw new Error(`${deadPubs.length} publisher(s) exited during the window`);
    windows.push({
      ...w,
      secs,
      moved,
      replaced,
      ...liveWindow(cams, health, trackers, from, to),
      argusPct: a.cpuPct,
      pubPct: p.cpuPct,
      benchPct,
      machinePct,
      otherPct: machinePct - a.cpuPct - p.cpuPct - benchPct,
      pubMin: Math.min(...pubSpeeds),
      loadavg: loadavg()[0],
    });
    const last = windows.at(-1);
    log(
      `  health speed min ${fmt(last.healthMin, 3)}x, HLS output min ${fmt(last.outMin, 3)}x, max segment gap ${fmt(last.maxGap, 1)} s${moved ? `, moved ${moved.moves} chunks at ${fmt(moved.bytes / MB / moved.secs, 0)} MB/s` : ''}`,
    );
  }
  clearInterval(pollTimer);
  await health.stop();
  st.stopPolling = null;
  const healthFailures = health.failures();
  const warnLines = [...argus.log, ...argus.stderr].filter((l) => l.trim() && !l.startsWith('Argus is running'));
  await stopGroups(st.publishers);
  st.publishers = [];
  st.argus = null;
  const { leftovers } = await stopArgus(argus);
  if (leftovers.length) broken.push(`BROKEN: ${leftovers.length} Argus child process(es) outlived the server (killed)`);
  clearDir(ctx.hotDir);
  clearDir(ctx.warmDir);
  return { windows, cams: cams.length, healthFailures, warnLines };
}

// ---------------------------------------------------------------------------------------------
// Report

const verdict = (ok) => (ok === null ? 'n/a' : ok ? 'PASS' : 'MISS');
const rx = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}x` : 'n/a');

function reportThroughput(title, runs, kinds) {
  console.log(`\n=== ${title} ===`);
  console.log(
    table(
      ['rep', ...kinds.map((k) => `${k} MB/s`)],
      [
        ...Array.from({ length: CFG.reps }, (_, i) => [
          String(i + 1),
          ...kinds.map((k) => {
            const r = runs.find((x) => x.rep === i + 1 && x.kind === k);
            return `${fmt(r.mbps, 0)} (${fmt(r.cpuPct, 0)} % CPU${r.s3rverPct !== undefined ? `, s3rver ${fmt(r.s3rverPct, 0)} %` : ''})`;
          }),
        ]),
        ['median', ...kinds.map((k) => fmt(median(runs.filter((x) => x.kind === k).map((x) => x.mbps)), 0))],
      ],
    ),
  );
  console.log('(CPU = this process, which runs the mover or the baseline, as % of one core over the run)');
}

async function main() {
  const ffV = execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' }).split('\n')[0].split(' Copyright')[0];
  const fsType = spawnSync('findmnt', ['-n', '-o', 'FSTYPE', '-T', tmpdir()], { encoding: 'utf8' }).stdout?.trim() || '?';
  console.log(
    `Argus storage mover benchmark — node ${process.version}, ${availableParallelism()} CPUs, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${ffV}; load average at start ${fmt(loadavg()[0], 2)}`,
  );
  console.log(describeServerBuild());
  const bytes = CFG.fileMiB * MiB;
  console.log(
    `chunks: ${CFG.files} x ${CFG.fileMiB} MiB = ${fmt((CFG.files * bytes) / MB, 0)} MB of random bytes in ${tmpdir()} (${fsType}); ${CFG.reps} alternating reps per side; parts: ${PARTS.join(', ')}`,
  );
  console.log(
    'MB = 10^6 bytes (as STORAGE_MOVE_MBPS); file sizes in MiB. Every tier, copy and s3rver directory is on that same filesystem.',
  );

  const work = makeTempDir('argus-mover-bench-');
  st.workDir = work;
  const hotDir = join(work, 'tier-local');
  const warmDir = join(work, 'tier-warm');
  const srcDir = join(work, 'pristine');
  for (const d of [hotDir, warmDir, srcDir]) mkdirSync(d);
  log(`writing ${CFG.files} x ${CFG.fileMiB} MiB of random chunk files`);
  const sources = await makeChunkFiles(srcDir, CFG.files, bytes);
  const { db, chunks, migrations } = await makeDatabase(join(work, 'argus.db'), sources, bytes);
  console.log(`database: SQLite by the server's createDb + migrateToLatest (${migrations} migrations), ${chunks.length} recordings rows`);

  const { StorageMover } = dist('./storage/mover.js');
  const { LocalDriver } = dist('./storage/drivers/local-driver.js');
  const { SafeStorage } = dist('./storage/drivers/safe-keys.js');
  const hot = new SafeStorage(new LocalDriver(hotDir));
  const warm = new SafeStorage(new LocalDriver(warmDir));
  const tiers = { local: hot, warm };
  const driver = (id) => {
    const d = tiers[id];
    if (!d) throw new Error(`no tier ${id}`);
    return d;
  };
  const mover = new StorageMover(db, { now: () => Date.now() }, driver, join(work, 'mover-tmp'));
  const ctx = { work, db, chunks, bytes, hot, warm, hotDir, warmDir, mover, tiers };

  const results = {};
  const runPart = async (name, fn) => {
    if (!PARTS.includes(name)) return;
    try {
      results[name] = await fn();
    } catch (e) {
      broken.push(
        `BROKEN: part ${name}: ${String(e?.stack ?? e)
          .split('\n')
          .slice(0, 3)
          .join(' | ')}`,
      );
      results[name] = { failed: true };
      st.stopPolling?.();
      st.stopPolling = null;
      await stopGroups(st.publishers);
      st.publishers = [];
      if (st.argus) {
        const a = st.argus;
        st.argus = null;
        if (e?.message && a.log) for (const l of [...a.log, ...a.stderr].slice(-5)) notes.push(`  Argus: ${l.slice(0, 300)}`);
        await stopArgus(a);
      }
      clearDir(hotDir);
      clearDir(warmDir);
    }
  };
  await runPart('local', () => partLocal(ctx));
  await runPart('s3', () => partS3(ctx));
  await runPart('live', () => partLive(ctx));

  // ------------------------------------------------------------------ output
  const summary = [];
  const L = results.local;
  if (L && !L.failed) {
    reportThroughput('1. local → local (median of the reps)', L, ['copyFile', 'stream', 'mover']);
    const m = median(L.filter((r) => r.kind === 'mover').map((r) => r.mbps));
    const b = median(L.filter((r) => r.kind === 'copyFile').map((r) => r.mbps));
    const s = median(L.filter((r) => r.kind === 'stream').map((r) => r.mbps));
    console.log(
      `diagnosis (one cached chunk, median of 3): a single MD5 pass runs at ${fmt(L.md5MBps, 0)} MB/s in this process, the server's hashFile at ${fmt(L.hashFileMBps, 0)} MB/s ` +
        '(its PartHasher feeds every byte to two MD5s, the whole-file one and the part one, also when there is a single part). ' +
        `The local driver does that work twice per move (while copying, and reading the copy back), four MD5 passes per byte: at most about ${fmt(L.hashFileMBps / 2, 0)} MB/s before any copying.`,
    );
    console.log(
      'copyFile = fs.copyFile (in-kernel copy) + fsync per file; stream = createReadStream (1 MiB) → createWriteStream + fsync; mover = StorageMover.move per chunk ' +
        '(journal, LocalDriver copy into .part + MD5 while reading + fsync + MD5 re-read of the copy + rename + dir fsync, index update, source unlink). ' +
        'All read the same inodes, which stay in the page cache (the files were just written and RAM holds them): reads are from cache on every side, writes go to disk through fsync.',
    );
    summary.push([
      'local → local throughput',
      `${fmt(m, 0)} MB/s`,
      `${fmt(b, 0)} MB/s (copyFile)`,
      rx(m / b),
      `>= ${CFG.targetRatio}x`,
      verdict(m / b >= CFG.targetRatio),
    ]);
    summary.push([
      'local → local, vs stream copy',
      `${fmt(m, 0)} MB/s`,
      `${fmt(s, 0)} MB/s (stream)`,
      rx(m / s),
      `>= ${CFG.targetRatio}x`,
      verdict(m / s >= CFG.targetRatio),
    ]);
  }
  const S = results.s3;
  if (S && !S.failed) {
    reportThroughput('2. local → S3 (s3rver on 127.0.0.1; median of the reps)', S.runs, ['upload', 'mover']);
    const m = median(S.runs.filter((r) => r.kind === 'mover').map((r) => r.mbps));
    const b = median(S.runs.filter((r) => r.kind === 'upload').map((r) => r.mbps));
    console.log(
      `upload = @aws-sdk/lib-storage Upload of a 1 MiB-read file stream, partSize ${S.partSize / MiB} MiB, queueSize ${S.queueSize} (the driver's), checksums WHEN_REQUIRED like the driver; ` +
        'mover = StorageMover.move per chunk with S3Driver (hash while uploading, HeadObject + ETag check, index update, source unlink). s3rver runs in its own process.',
    );
    summary.push([
      'local → S3 throughput',
      `${fmt(m, 0)} MB/s`,
      `${fmt(b, 0)} MB/s (Upload)`,
      rx(m / b),
      `>= ${CFG.targetRatio}x`,
      verdict(m / b >= CFG.targetRatio),
    ]);
  }
  const V = results.live;
  if (V && !V.failed) {
    console.log(`\n=== 3. live pipelines while the mover runs (N = ${V.cams} copy-mode cameras, 720p30 2 Mbps, recording off) ===`);
    console.log(
      table(
        [
          'window',
          's',
          'moved',
          'mover MB/s',
          'health speed min',
          'cams < 0.99',
          'HLS out min',
          'max seg gap s',
          'replaced',
          'Argus CPU %',
          'mover CPU %',
          'machine %',
          'others %',
          'publishers min',
        ],
        V.windows.map((w) => [
          w.name,
          fmt(w.secs, 0),
          w.moved ? `${w.moved.moves} x ${CFG.fileMiB} MiB` : '-',
          w.moved ? fmt(w.moved.bytes / MB / w.moved.secs, 0) : '-',
          `${fmt(w.healthMin, 3)}x (${w.healthSamples})`,
          `${w.below}/${V.cams}`,
          `${fmt(w.outMin, 3)}x`,
          fmt(w.maxGap, 1),
          String(w.replaced),
          fmt(w.argusPct, 0),
          fmt(w.benchPct, 0),
          fmt(w.machinePct, 0),
          fmt(w.otherPct, 0),
          `${fmt(w.pubMin, 3)}x`,
        ]),
      ),
    );
    console.log(
      'health speed = `current.speed` from GET /api/cameras/:id/health, polled every second, every distinct sample whose `at` is inside the window (count in brackets). ' +
        "It is ffmpeg's own figure, which ffmpeg 5.1 computes as output time ÷ wall time since the pipeline started: a short stall hardly moves it, " +
        'and it can sit above 1 for minutes after a start. ' +
        'HLS out = media seconds written per wall second over the window, from the playlists on disk; max seg gap = longest time between two segment closings ' +
        '(1 s segments: ~1 s when nothing stalls). The mover runs in this benchmark process (not inside Argus), moving chunks between two local tiers on the same disk as DATA_DIR. ' +
        'CPU columns are % of one core; others = everything else on the machine, kernel threads included (the write-back of the copies, for one).',
    );
    for (const w of V.windows.filter((x) => x.bps !== null)) {
      const ok = w.camsWithHealth === V.cams ? w.below === 0 && w.replaced === 0 : null;
      summary.push([
        `live: min health speed, ${w.name}`,
        `${fmt(w.healthMin, 3)}x`,
        `${fmt(V.windows[0].healthMin, 3)}x (no move)`,
        '',
        `>= ${CFG.targetSpeed}, N=${V.cams}`,
        verdict(ok),
      ]);
      summary.push([
        `live: min HLS output speed, ${w.name}`,
        `${fmt(w.outMin, 3)}x`,
        `${fmt(V.windows[0].outMin, 3)}x (no move)`,
        '',
        `>= ${CFG.targetSpeed}, N=${V.cams}`,
        verdict(w.outMin >= CFG.targetSpeed && w.replaced === 0),
      ]);
      if (w.replaced) notes.push(`${w.name}: ${w.replaced} pipeline process(es) were replaced during the window (counted as MISS)`);
      if (w.camsWithHealth < V.cams) notes.push(`${w.name}: only ${w.camsWithHealth}/${V.cams} cameras reported health inside the window`);
    }
    for (const w of V.windows) {
      if (w.pubMin < CFG.targetSpeed)
        notes.push(`NOTE: ${w.name}: a publisher (the load generator) fell to ${fmt(w.pubMin, 3)}x: the machine was short of CPU`);
      if (w.otherPct > 20)
        notes.push(`NOTE: ${w.name}: processes outside this benchmark (kernel threads included) used ${fmt(w.otherPct, 0)} % of a core`);
    }
    const unthrottled = V.windows.find((w) => w.bps === 0);
    const throttled = V.windows.find((w) => w.bps > 0);
    if (unthrottled?.moved && throttled && unthrottled.moved.bytes / MB / unthrottled.moved.secs < CFG.throttleMBps)
      notes.push(
        `NOTE: unthrottled, the mover reached only ${fmt(unthrottled.moved.bytes / MB / unthrottled.moved.secs, 0)} MB/s next to the cameras, below the ${CFG.throttleMBps} MB/s throttle: ` +
          'the throttled window hardly differs from the unthrottled one on this machine.',
      );
    if (V.healthFailures) notes.push(`${V.healthFailures} health poll(s) got no current sample`);
    if (V.warnLines.length) {
      notes.push(`Argus logged ${V.warnLines.length} line(s) at warn or above; first ones:`);
      for (const l of V.warnLines.slice(0, 5)) notes.push(`    ${l.slice(0, 300)}`);
    }
  }

  console.log('\n=== summary ===');
  console.log(table(['measurement', 'Argus', 'baseline', 'ratio', 'target', 'result'], summary));
  console.log(
    `settings: BENCH_FILES=${CFG.files} BENCH_MB=${CFG.fileMiB} BENCH_REPS=${CFG.reps} BENCH_CAMERAS=${CFG.cameras} BENCH_LIVE_S=${CFG.liveSeconds} ` +
      `BENCH_WARMUP_S=${CFG.warmupS} BENCH_THROTTLE_MBPS=${CFG.throttleMBps} BENCH_PARTS=${PARTS.join(',')}`,
  );
  console.log('targets never change the exit code; only a broken benchmark does (BROKEN lines).');
  for (const l of notes) console.log(l);
  for (const l of broken) console.log(l);

  await cleanupAll();
  const left = [...pgrep('argus-mover-bench-'), ...argusDirs.flatMap((d) => pgrep(d))];
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
    await cleanupAll().catch(() => {});
    process.exit(1);
  },
);
