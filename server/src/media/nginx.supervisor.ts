import { constants as fsConstants } from 'node:fs';
import { access, chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { type Clock, systemClock } from '../common/clock';
import { buildNginxConfig, type NginxConfigInput } from './nginx-config';
import { parseRtmpStat, type RtmpStat } from './nginx-stat';
import type { ExitInfo, ManagedProcess, ProcessRunner } from './process';

export type NginxState = 'starting' | 'running' | 'restarting' | 'stopped' | 'failed';
export type NginxLogLevel = 'info' | 'warn' | 'error';

/** Timer adapter (tests drive restarts and polling by hand). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface BackoffPolicy {
  /** Delay before the first restart. */
  initialMs: number;
  /** Delays double up to this. */
  maxMs: number;
  /** A run at least this long resets the delay to initialMs. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, resetAfterMs: 60_000 };

/** Delay before restart number `attempt` (0-based): 0.5 s, 1 s, 2 s, … capped at 30 s. */
export function restartDelayMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const n = Math.max(0, Math.floor(attempt));
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(n, 30));
}

/** Does something accept TCP connections on host:port? */
export type PortProbe = (host: string, port: number) => Promise<boolean>;

export const tcpProbe: PortProbe = (host, port) =>
  new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

export interface NginxSupervisorOptions {
  /** Absolute path, or a bare name looked up in PATH and then /usr/sbin, /usr/local/sbin, /sbin. Default 'nginx'. */
  nginxBin?: string;
  log?: (level: NginxLogLevel, msg: string) => void;
  onStateChange?: (state: NginxState, reason?: string) => void;
  clock?: Clock;
  timers?: Timers;
  backoff?: Partial<BackoffPolicy>;
  /** How long start (and each restart) waits for both ports to accept connections. Default 10 s. */
  readyTimeoutMs?: number;
  /** Interval between readiness probes. Default 100 ms. */
  pollIntervalMs?: number;
  /** Grace before SIGKILL when stopping. Default 5 s. */
  stopGraceMs?: number;
  probe?: PortProbe;
  fetch?: typeof fetch;
}

const SBIN_FALLBACK = ['/usr/sbin', '/usr/local/sbin', '/sbin'];

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, fsConstants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Resolves a binary like the shell would, plus the sbin directories a non-root PATH often lacks. */
export async function resolveExecutable(bin: string, pathEnv: string = process.env.PATH ?? ''): Promise<string | null> {
  if (bin.includes('/')) return (await isExecutableFile(bin)) ? bin : null;
  const dirs = [...pathEnv.split(delimiter).filter(Boolean), ...SBIN_FALLBACK];
  for (const dir of dirs) {
    const candidate = join(dir, bin);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return null;
}

const TEMP_DIRS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];

function describeExit(info: ExitInfo): string {
  const how = info.signal ? `signal ${info.signal}` : `code ${info.code}`;
  const tail = info.stderrTail
    .filter((l) => l.trim() !== '')
    .slice(-5)
    .join(' | ');
  return tail ? `${how}: ${tail}` : how;
}

/** Host to probe / fetch for a listen address: wildcard and unspecified addresses are reached on loopback. */
const STAT_HOST = '127.0.0.1';

/**
 * Runs nginx (+ RTMP module) as a supervised child: writes the generated config under
 * `prefix`, validates it with `nginx -t`, starts it in the foreground through the process
 * runner, waits until the RTMP and HTTP ports accept connections, and restarts it with
 * exponential backoff if it dies. `stop()` ends it for good.
 */
export class NginxSupervisor {
  private readonly log: (level: NginxLogLevel, msg: string) => void;
  private readonly onStateChange?: (state: NginxState, reason?: string) => void;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly backoff: BackoffPolicy;
  private readonly readyTimeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly stopGraceMs: number;
  private readonly probe: PortProbe;
  private readonly fetchImpl: typeof fetch;
  private readonly nginxBin: string;

  private currentState: NginxState = 'stopped';
  private proc: ManagedProcess | null = null;
  /** Bumped whenever the current process is replaced or given up, so stale exit handlers do nothing. */
  private generation = 0;
  private stopRequested = true;
  private startPromise: Promise<void> | null = null;
  private stopPromise: Promise<void> | null = null;
  private restartTimer: unknown = null;
  private restartAttempt = 0;
  private runningSince: number | null = null;
  private resolvedBin: string | null = null;

  constructor(
    private readonly input: NginxConfigInput,
    private readonly runner: ProcessRunner,
    opts: NginxSupervisorOptions = {},
  ) {
    this.nginxBin = opts.nginxBin ?? 'nginx';
    this.log = opts.log ?? (() => undefined);
    this.onStateChange = opts.onStateChange;
    this.clock = opts.clock ?? systemClock;
    this.timers = opts.timers ?? systemTimers;
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    this.readyTimeoutMs = opts.readyTimeoutMs ?? 10_000;
    this.pollIntervalMs = opts.pollIntervalMs ?? 100;
    this.stopGraceMs = opts.stopGraceMs ?? 5_000;
    this.probe = opts.probe ?? tcpProbe;
    this.fetchImpl = opts.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  }

  /** Fails with an actionable message when nginx or its RTMP module is missing. */
  static async check(nginxBin: string, rtmpModulePath: string): Promise<void> {
    if ((await resolveExecutable(nginxBin)) === null) {
      throw new Error(`nginx is not installed: apt-get install nginx (no executable "${nginxBin}" found)`);
    }
    try {
      await access(rtmpModulePath, fsConstants.R_OK);
    } catch {
      throw new Error(`the nginx RTMP module is not installed: apt-get install libnginx-mod-rtmp (missing ${rtmpModulePath})`);
    }
  }

  get state(): NginxState {
    return this.currentState;
  }

  /** pid of the running nginx master, or null. */
  get pid(): number | null {
    return this.proc?.pid ?? null;
  }

  get configPath(): string {
    return join(this.input.prefix, 'nginx.conf');
  }

  get statUrl(): string {
    return `http://${STAT_HOST}:${this.input.httpPort}/internal/stat`;
  }

  /** Starts nginx; resolves once both ports accept connections. Rejects (state 'failed') if it cannot. */
  start(): Promise<void> {
    if (this.startPromise) return this.startPromise;
    if (this.currentState === 'running' || this.currentState === 'restarting') return Promise.resolve();
    this.stopRequested = false;
    this.restartAttempt = 0;
    const p = this.initialStart().finally(() => {
      if (this.startPromise === p) this.startPromise = null;
    });
    this.startPromise = p;
    return p;
  }

  /** Stops nginx for good (no restart). Idempotent. */
  stop(): Promise<void> {
    if (this.stopPromise) return this.stopPromise;
    const p = this.doStop().finally(() => {
      if (this.stopPromise === p) this.stopPromise = null;
    });
    this.stopPromise = p;
    return p;
  }

  async fetchStat(): Promise<RtmpStat> {
    const res = await this.fetchImpl(this.statUrl, { signal: AbortSignal.timeout(2000) });
    const body = await res.text();
    if (!res.ok) throw new Error(`nginx stat answered HTTP ${res.status}`);
    return parseRtmpStat(body);
  }

  /** Disconnects the publisher of app/name (the local stream name nginx uses). True if one was dropped. */
  async dropPublisher(app: string, name: string): Promise<boolean> {
    return this.drop('publisher', app, name);
  }

  /** Closes every player of a stream (Argus's own pipelines and recorders), so they see the end of the stream. */
  async dropSubscribers(app: string, name: string): Promise<boolean> {
    return this.drop('subscriber', app, name);
  }

  private async drop(kind: 'publisher' | 'subscriber', app: string, name: string): Promise<boolean> {
    const url =
      `http://${STAT_HOST}:${this.input.httpPort}/internal/control/drop/${kind}` +
      `?app=${encodeURIComponent(app)}&name=${encodeURIComponent(name)}`;
    const res = await this.fetchImpl(url, { signal: AbortSignal.timeout(2000) });
    const body = (await res.text()).trim();
    if (!res.ok) throw new Error(`nginx control answered HTTP ${res.status}`);
    const dropped = Number(body);
    return Number.isFinite(dropped) && dropped > 0;
  }

  // ------------------------------------------------------------------ internals

  private setState(state: NginxState, reason?: string): void {
    if (this.currentState === state && reason === undefined) return;
    this.currentState = state;
    try {
      this.onStateChange?.(state, reason);
    } catch (e) {
      this.log('error', `onStateChange threw: ${(e as Error).message}`);
    }
  }

  private async initialStart(): Promise<void> {
    this.setState('starting');
    try {
      await this.launch();
    } catch (e) {
      const msg = (e as Error).message;
      if (!this.stopRequested) {
        this.setState('failed', msg);
        this.log('error', `nginx failed to start: ${msg}`);
      }
      throw e;
    }
  }

  /** Writes the config, validates it, spawns nginx and waits until it serves. */
  private async launch(): Promise<void> {
    await this.prepare();
    await this.assertPortsFree();
    if (this.stopRequested) throw new Error('nginx start aborted: stop() was called');
    const prefix = this.input.prefix;
    const bin = this.resolvedBin ?? this.nginxBin;
    const proc = this.runner.start({
      name: 'nginx',
      command: bin,
      args: ['-p', prefix, '-c', this.configPath, '-g', 'daemon off;'],
    });
    const gen = ++this.generation;
    this.proc = proc;
    const exitBox: { info: ExitInfo | null } = { info: null };
    proc.exited.then(
      (info) => {
        exitBox.info = info;
        this.onExit(gen, proc, info);
      },
      (e: unknown) => this.log('error', `nginx exit tracking failed: ${(e as Error).message}`),
    );

    try {
      await this.waitReady(() => exitBox.info);
      // The exit callback may have run between the last probe and here, while the state was not 'running' yet.
      const gone = exitBox.info;
      if (gone) throw new Error(`nginx exited while starting (${describeExit(gone)})`);
    } catch (e) {
      if (this.generation === gen) {
        this.generation++;
        this.proc = null;
      }
      await this.killGroup(proc);
      throw e;
    }
    this.runningSince = this.clock.now();
    this.setState('running');
    this.log(
      'info',
      `nginx is running (pid ${proc.pid}): rtmp :${this.input.rtmpPort}, http ${this.input.httpHost}:${this.input.httpPort}`,
    );
  }

  /** Directories, config file, binary and module checks, `nginx -t`. */
  private async prepare(): Promise<void> {
    const { prefix } = this.input;
    const conf = buildNginxConfig(this.input);
    await NginxSupervisor.check(this.nginxBin, this.input.rtmpModulePath);
    this.resolvedBin = await resolveExecutable(this.nginxBin);
    await mkdir(join(prefix, 'logs'), { recursive: true });
    for (const d of TEMP_DIRS) await mkdir(join(prefix, 'tmp', d), { recursive: true });
    await mkdir(this.input.liveDir, { recursive: true });
    // The config holds the callback and link secrets.
    await writeFile(this.configPath, conf, { mode: 0o600 });
    await chmod(this.configPath, 0o600);
    await this.warnIfWorkersCannotReach();
    await this.validateConfig();
  }

  private async validateConfig(): Promise<void> {
    const test = this.runner.start({
      name: 'nginx-config-test',
      command: this.resolvedBin ?? this.nginxBin,
      args: ['-t', '-p', this.input.prefix, '-c', this.configPath],
    });
    const info = await test.exited;
    if (info.code !== 0) {
      const errors = info.stderrTail.filter((l) => !/syntax is ok|test is successful|test failed/.test(l) && l.trim() !== '');
      throw new Error(`nginx rejected the generated config ${this.configPath}: ${errors.join(' | ') || describeExit(info)}`);
    }
  }

  /**
   * When Argus runs as root, nginx workers run as "nobody": they must be able to traverse to the
   * live HLS folder and to the temp folders, or they answer 403/500 while the master looks fine.
   */
  private async warnIfWorkersCannotReach(): Promise<void> {
    if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
    for (const target of [this.input.liveDir, join(this.input.prefix, 'tmp')]) {
      for (let dir = target; ; dir = dirname(dir)) {
        try {
          if (((await stat(dir)).mode & 0o001) === 0) {
            this.log(
              'warn',
              `nginx workers run as "nobody" because Argus runs as root, and ${dir} is not searchable by others: ` +
                `they cannot read ${target}. Run "chmod o+x ${dir}" or run Argus as an unprivileged user.`,
            );
            break;
          }
        } catch {
          break;
        }
        if (dir === dirname(dir)) break;
      }
    }
  }

  private probeTargets(): [string, number][] {
    return [
      [STAT_HOST, this.input.rtmpPort],
      [STAT_HOST, this.input.httpPort],
    ];
  }

  /** Something else answering on our ports would make the readiness check lie: fail clearly instead. */
  private async assertPortsFree(): Promise<void> {
    for (const [host, port] of this.probeTargets()) {
      if (await this.probe(host, port)) {
        throw new Error(`port ${port} is already in use on ${host} (another nginx or service?); nginx cannot listen on it`);
      }
    }
  }

  private async waitReady(exited: () => ExitInfo | null): Promise<void> {
    const deadline = this.clock.now() + this.readyTimeoutMs;
    for (;;) {
      if (this.stopRequested) throw new Error('nginx start aborted: stop() was called');
      const early = exited();
      if (early) throw new Error(`nginx exited while starting (${describeExit(early)})`);
      const answers = await Promise.all(this.probeTargets().map(([h, p]) => this.probe(h, p)));
      const late = exited();
      if (late) throw new Error(`nginx exited while starting (${describeExit(late)})`);
      if (answers.every(Boolean)) return;
      if (this.clock.now() >= deadline) {
        throw new Error(
          `nginx did not accept connections on ports ${this.input.rtmpPort} (rtmp) and ${this.input.httpPort} (http) within ${this.readyTimeoutMs} ms`,
        );
      }
      await new Promise<void>((resolve) => this.timers.setTimeout(resolve, this.pollIntervalMs));
    }
  }

  private onExit(gen: number, proc: ManagedProcess, info: ExitInfo): void {
    if (gen !== this.generation || this.stopRequested) return;
    // An exit while starting is handled by waitReady; here only a running nginx that died.
    if (this.currentState !== 'running') return;
    this.generation++;
    this.proc = null;
    // The master is gone but its workers may still hold the ports: kill the rest of the group.
    void this.killGroup(proc);
    const ranMs = this.runningSince === null ? 0 : this.clock.now() - this.runningSince;
    if (ranMs >= this.backoff.resetAfterMs) this.restartAttempt = 0;
    this.scheduleRestart(`nginx exited unexpectedly (${describeExit(info)})`);
  }

  private scheduleRestart(reason: string): void {
    const delay = restartDelayMs(this.restartAttempt, this.backoff);
    this.restartAttempt++;
    this.log('error', `${reason}; restarting in ${delay} ms`);
    this.setState('restarting', reason);
    this.restartTimer = this.timers.setTimeout(() => {
      this.restartTimer = null;
      void this.restart();
    }, delay);
  }

  private async restart(): Promise<void> {
    if (this.stopRequested) return;
    try {
      await this.launch();
    } catch (e) {
      if (this.stopRequested) return;
      this.scheduleRestart(`nginx restart failed: ${(e as Error).message}`);
    }
  }

  private async killGroup(proc: ManagedProcess): Promise<void> {
    try {
      await proc.stop(this.stopGraceMs);
    } catch (e) {
      this.log('warn', `stopping nginx pid ${proc.pid} failed: ${(e as Error).message}`);
    }
    try {
      // The leader may be reaped while workers of its group live on (after a SIGKILL of the master).
      proc.signal('SIGKILL');
    } catch {
      // group already gone
    }
  }

  private async doStop(): Promise<void> {
    this.stopRequested = true;
    if (this.restartTimer !== null) {
      this.timers.clearTimeout(this.restartTimer);
      this.restartTimer = null;
    }
    const proc = this.proc;
    this.proc = null;
    this.generation++;
    if (proc) {
      this.log('info', `stopping nginx (pid ${proc.pid})`);
      await this.killGroup(proc);
    }
    if (this.startPromise) await this.startPromise.catch(() => undefined);
    this.runningSince = null;
    if (this.currentState !== 'stopped') this.setState('stopped');
  }
}
