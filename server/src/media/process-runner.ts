import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import type { ExitInfo, ManagedProcess, ProcessRunner, ProcessSpec } from './process';

/** What a pidfile records: enough to find the process again and to tell it from a stranger that reuses its pid. */
export interface PidRecord {
  pid: number;
  command: string;
  /** ISO 8601 wall-clock time of the spawn. */
  startedAt: string;
}

const STDERR_TAIL_LINES = 50;
/** A "line" longer than this is cut and delivered, so a child that never writes a newline cannot grow our memory. */
const MAX_LINE_CHARS = 64 * 1024;
/** How long to wait, after the leader exited and its group was killed, for the pipes to drain. */
const PIPE_DRAIN_MS = 1000;
/** How long reapOrphans waits for a killed orphan to disappear. */
const ORPHAN_GONE_MS = 5000;
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Splits a byte stream into lines. Accepts \n, \r\n and a lone \r (ffmpeg's in-place stats) as line ends,
 * decodes UTF-8 across chunk boundaries, and never emits the empty line between a \r and a \n that arrive
 * in different chunks.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private lastWasCR = false;

  constructor(private readonly emit: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) {
        if (this.lastWasCR && i === start && this.partial === '') {
          // The \n of a \r\n whose \r ended the previous line.
          start = i + 1;
          this.lastWasCR = false;
          continue;
        }
        this.deliver(text.slice(start, i));
        start = i + 1;
        this.lastWasCR = false;
      } else if (c === 13 /* \r */) {
        this.deliver(text.slice(start, i));
        start = i + 1;
        this.lastWasCR = true;
      } else {
        this.lastWasCR = false;
      }
    }
    this.partial += text.slice(start);
    while (this.partial.length > MAX_LINE_CHARS) {
      this.emit(this.partial.slice(0, MAX_LINE_CHARS));
      this.partial = this.partial.slice(MAX_LINE_CHARS);
    }
  }

  /** Delivers whatever is left after the stream ended without a final newline. */
  end(): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest !== '') this.emit(rest);
  }

  private deliver(tail: string): void {
    const line = this.partial + tail;
    this.partial = '';
    this.emit(line);
  }
}

/**
 * Whether a pid names a live process. A zombie (exited, not yet reaped by its parent) counts as gone: it holds no
 * resources but its pid, and in a container whose init does not reap, it may never disappear from /proc.
 */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) S ..." — comm may contain spaces and parentheses, the state follows the last ')'.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X' && state !== 'x';
  } catch {
    return false;
  }
}

/** Reads /proc/<pid>/cmdline as one string (arguments separated by NUL); null when unreadable. */
function readCmdline(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Whether a live pid still runs what the pidfile recorded. The command line must start with the recorded command, or
 * with its base name (a child spawned as `/usr/sbin/nginx` retitles itself "nginx: master process ...").
 */
export function cmdlineMatches(cmdline: string | null, command: string): boolean {
  if (!cmdline || !command) return false;
  return cmdline.startsWith(command) || cmdline.startsWith(basename(command));
}

/**
 * Live processes by session id, from one scan of /proc. Children started by this runner lead their own session
 * (setsid), and Linux does not hand an id out again while a session or group still uses it, so the members found for
 * a dead leader's pid are that leader's own leftovers.
 */
export function sessionIndex(): Map<number, number[]> {
  const index = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return index;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // After "pid (comm) ": state ppid pgrp session ...
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (f[0] === 'Z' || f[0] === 'X') continue;
      const sid = Number(f[3]);
      const list = index.get(sid);
      if (list) list.push(Number(e));
      else index.set(sid, [Number(e)]);
    } catch {
      // exited while we looked
    }
  }
  return index;
}

function killGroup(pid: number, sig: NodeJS.Signals): boolean {
  if (pid <= 0) return false; // never -0 (our own group) or -(-1)
  try {
    process.kill(-pid, sig);
    return true;
  } catch {
    return false; // ESRCH: the group is already gone
  }
}

function parsePidRecord(text: string): PidRecord | null {
  try {
    const v = JSON.parse(text) as Partial<PidRecord>;
    if (typeof v.pid === 'number' && Number.isInteger(v.pid) && v.pid > 1 && typeof v.command === 'string' && v.command) {
      return { pid: v.pid, command: v.command, startedAt: typeof v.startedAt === 'string' ? v.startedAt : '' };
    }
  } catch {
    // fall through
  }
  return null;
}

async function waitUntil(cond: () => boolean, deadlineMs: number, stepMs = 20): Promise<boolean> {
  const end = performance.now() + deadlineMs;
  while (!cond()) {
    if (performance.now() >= end) return false;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return true;
}

/** A throwing line listener must not take the whole server down from inside a stream event: warn and go on. */
function notify(listeners: ((line: string) => void)[], line: string, name: string): void {
  for (const cb of listeners) {
    try {
      cb(line);
    } catch (e) {
      process.emitWarning(`line listener of ${name} threw: ${e instanceof Error ? e.message : String(e)}`, 'ArgusProcessRunner');
    }
  }
}

class NodeManagedProcess implements ManagedProcess {
  readonly pid: number;
  readonly exited: Promise<ExitInfo>;
  private readonly stdoutListeners: ((line: string) => void)[] = [];
  private readonly stderrListeners: ((line: string) => void)[] = [];
  private readonly stderrTail: string[] = [];
  private readonly startedAt = performance.now();
  private done = false;
  private stopping: Promise<ExitInfo> | null = null;
  private killTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly name: string,
    child: ChildProcess,
    onGone: () => void,
  ) {
    this.pid = child.pid ?? 0;
    const out = new LineSplitter((l) => notify(this.stdoutListeners, l, name));
    const err = new LineSplitter((l) => {
      this.stderrTail.push(l);
      if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
      notify(this.stderrListeners, l, name);
    });
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stdout?.on('end', () => out.end());
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.stderr?.on('end', () => err.end());

    this.exited = new Promise<ExitInfo>((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.done) return;
        this.done = true;
        if (this.killTimer) clearTimeout(this.killTimer);
        // The leader is gone: whatever else is left in its group is an orphan in the making.
        if (this.pid > 0) killGroup(this.pid, 'SIGKILL');
        onGone();
        const uptimeMs = Math.round(performance.now() - this.startedAt);
        const settle = () => resolve({ code, signal, stderrTail: [...this.stderrTail], uptimeMs });
        // 'close' follows once stdout/stderr are drained, so the tail holds the last words; do not wait forever
        // if something outside the group inherited the pipes.
        const t = setTimeout(settle, PIPE_DRAIN_MS);
        child.once('close', () => {
          clearTimeout(t);
          settle();
        });
      };
      child.once('exit', (code, signal) => finish(code, signal));
      child.on('error', (e) => {
        // Spawn failure (ENOENT, EACCES): there is no process and no 'exit' will follow.
        if (this.pid === 0) {
          this.stderrTail.push(`spawn failed: ${e.message}`);
          finish(null, null);
        }
      });
    });
  }

  onStdoutLine(cb: (line: string) => void): void {
    this.stdoutListeners.push(cb);
  }

  onStderrLine(cb: (line: string) => void): void {
    this.stderrListeners.push(cb);
  }

  signal(sig: NodeJS.Signals): void {
    if (!this.done) killGroup(this.pid, sig);
  }

  stop(graceMs = 3000): Promise<ExitInfo> {
    if (this.done) return this.exited;
    if (!this.stopping) {
      killGroup(this.pid, 'SIGTERM');
      this.killTimer = setTimeout(() => killGroup(this.pid, 'SIGKILL'), Math.max(0, graceMs));
      this.stopping = this.exited;
    }
    return this.stopping;
  }
}

/**
 * The real child-process adapter. Every child is spawned with an argument array (never a shell) as the leader of a
 * new process group (and session), so signals reach everything it started. A pidfile `<runDir>/<name>.pid` lives as
 * long as the child, so the next run can reap what a crashed predecessor left behind.
 */
export class NodeProcessRunner implements ProcessRunner {
  private readonly running = new Map<string, NodeManagedProcess>();

  constructor(private readonly runDir: string) {}

  pidfilePath(name: string): string {
    return join(this.runDir, `${name}.pid`);
  }

  start(spec: ProcessSpec): ManagedProcess {
    if (!NAME_RE.test(spec.name)) throw new Error(`invalid process name ${JSON.stringify(spec.name)}: use letters, digits, . _ -`);
    if (this.running.has(spec.name)) throw new Error(`a process named ${spec.name} is already running`);
    mkdirSync(this.runDir, { recursive: true });

    const child = spawn(spec.command, spec.args, {
      detached: true, // setsid(): the child leads its own process group
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: spec.cwd,
      env: spec.env ? { ...process.env, ...spec.env } : process.env,
      shell: false,
    });

    const pidfile = this.pidfilePath(spec.name);
    const mp = new NodeManagedProcess(spec.name, child, () => {
      if (this.running.get(spec.name) === mp) this.running.delete(spec.name);
      // Only remove the pidfile if it is still ours (a later start of the same name may have rewritten it).
      try {
        const rec = parsePidRecord(readFileSync(pidfile, 'utf8'));
        if (rec && rec.pid === mp.pid) rmSync(pidfile, { force: true });
      } catch {
        // already gone
      }
    });
    if (mp.pid > 0) {
      const rec: PidRecord = { pid: mp.pid, command: spec.command, startedAt: new Date().toISOString() };
      const tmp = `${pidfile}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(rec));
      renameSync(tmp, pidfile);
      this.running.set(spec.name, mp);
    }
    return mp;
  }

  async reapOrphans(): Promise<{ name: string; pid: number }[]> {
    let files: string[];
    try {
      files = readdirSync(this.runDir).filter((f) => f.endsWith('.pid'));
    } catch {
      return [];
    }
    const reaped: { name: string; pid: number }[] = [];
    const sessions = sessionIndex();
    for (const file of files) {
      const name = file.slice(0, -'.pid'.length);
      const path = join(this.runDir, file);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue;
      }
      const rec = parsePidRecord(text);
      const mine = this.running.get(name);
      if (rec && mine && mine.pid === rec.pid) continue; // started by this runner: not an orphan
      if (rec && (rec.pid === process.pid || rec.pid === process.ppid)) {
        rmSync(path, { force: true }); // never ourselves or our parent, whatever a pidfile says
        continue;
      }
      // Either the recorded leader still runs what we started, or it is gone but left members of its session behind.
      const members = rec ? (sessions.get(rec.pid) ?? []).filter((pid) => pid !== rec.pid) : [];
      const ours = rec !== null && (isAlive(rec.pid) ? cmdlineMatches(readCmdline(rec.pid), rec.command) : members.length > 0);
      if (rec && ours) {
        killGroup(rec.pid, 'SIGKILL');
        for (const pid of members) {
          try {
            process.kill(pid, 'SIGKILL'); // also those that moved to a group of their own
          } catch {
            // already gone
          }
        }
        const gone = await waitUntil(() => !isAlive(rec.pid) && members.every((pid) => !isAlive(pid)), ORPHAN_GONE_MS);
        if (!gone) continue; // keep the pidfile: the next start tries again
        reaped.push({ name, pid: rec.pid });
      }
      // Unreadable record, dead pid, reused pid, or reaped now: the pidfile has served its purpose.
      rmSync(path, { force: true });
    }
    return reaped;
  }

  async stopAll(graceMs?: number): Promise<void> {
    await Promise.all([...this.running.values()].map((p) => p.stop(graceMs)));
  }
}
