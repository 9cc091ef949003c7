/**
 * Child-process adapter used by every supervisor (nginx, pipelines, pullers).
 * Implementations spawn with an argument array (never a shell), in a new process group, and
 * record a pidfile so a crashed predecessor's children can be reaped at the next start.
 */
export interface ProcessSpec {
  /** Stable, unique name, used for the pidfile (e.g. "nginx", "pipeline-<cameraId>"). */
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Last lines the process wrote to stderr (at most ~50), for error reasons. */
  stderrTail: string[];
  /** How long it ran. */
  uptimeMs: number;
}

export interface ManagedProcess {
  readonly pid: number;
  readonly name: string;
  /** Called once per complete stdout line (e.g. ffmpeg `-progress pipe:1` output). */
  onStdoutLine(cb: (line: string) => void): void;
  onStderrLine(cb: (line: string) => void): void;
  /** Resolves when the process has exited and been reaped. */
  readonly exited: Promise<ExitInfo>;
  /** SIGTERM to the whole group, SIGKILL after graceMs; resolves once reaped. Idempotent. */
  stop(graceMs?: number): Promise<ExitInfo>;
  /** Signal the whole process group. */
  signal(sig: NodeJS.Signals): void;
}

export interface ProcessRunner {
  start(spec: ProcessSpec): ManagedProcess;
  /** Kills (SIGKILL, whole group) every process recorded in pidfiles by a previous run; returns what it reaped. */
  reapOrphans(): Promise<{ name: string; pid: number }[]>;
  /** Stops every process this runner started. */
  stopAll(graceMs?: number): Promise<void>;
}

export const PROCESS_RUNNER = Symbol('PROCESS_RUNNER');
