import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cmdlineMatches, isAlive, LineSplitter, NodeProcessRunner } from './process-runner';

const dirs: string[] = [];
function runDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'argus-runner-'));
  dirs.push(d);
  return d;
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Polls a condition with a deadline instead of sleeping. */
async function eventually(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** First stdout line of a process. */
function firstLine(p: { onStdoutLine(cb: (l: string) => void): void }): Promise<string> {
  return new Promise((resolve) => {
    let got = false;
    p.onStdoutLine((l) => {
      if (!got) {
        got = true;
        resolve(l);
      }
    });
  });
}

describe('NodeProcessRunner', () => {
  it('writes a pidfile for a started process and removes it once a stop has reaped the process', async () => {
    const dir = runDir();
    const runner = new NodeProcessRunner(dir);
    const p = runner.start({ name: 'sleeper', command: 'sleep', args: ['30'] });
    assert.ok(p.pid > 0);
    const pidfile = join(dir, 'sleeper.pid');
    const rec = JSON.parse(readFileSync(pidfile, 'utf8')) as { pid: number; command: string; startedAt: string };
    assert.equal(rec.pid, p.pid);
    assert.equal(rec.command, 'sleep');
    assert.ok(!Number.isNaN(Date.parse(rec.startedAt)));
    assert.equal(isAlive(p.pid), true);

    const info = await p.stop(2000);
    assert.equal(info.signal, 'SIGTERM');
    assert.equal(info.code, null);
    assert.equal(existsSync(pidfile), false);
    assert.equal(isAlive(p.pid), false);
    // Idempotent: a second stop resolves to the same exit.
    assert.deepEqual(await p.stop(), info);
  });

  it('SIGKILLs a process that ignores SIGTERM once the grace period is over', async () => {
    const runner = new NodeProcessRunner(runDir());
    const p = runner.start({ name: 'stubborn', command: 'bash', args: ['-c', 'trap "" TERM; echo ready; sleep 30'] });
    assert.equal(await firstLine(p), 'ready'); // the trap is installed
    const t0 = Date.now();
    const info = await p.stop(300);
    assert.equal(info.signal, 'SIGKILL');
    assert.ok(Date.now() - t0 >= 250, 'waited for the grace period before SIGKILL');
    assert.equal(isAlive(p.pid), false);
  });

  it("kills the child's own children with the group", async () => {
    const runner = new NodeProcessRunner(runDir());
    // bash is the leader; the background sleep is its child in the same group.
    const p = runner.start({ name: 'parent', command: 'bash', args: ['-c', 'sleep 30 & echo $!; wait'] });
    const grandchild = Number(await firstLine(p));
    assert.ok(grandchild > 0 && isAlive(grandchild));
    await p.stop(2000);
    await eventually(() => !isAlive(grandchild), 5000, 'the grandchild to die');
  });

  it('kills what is left of the group when the leader exits on its own', async () => {
    const runner = new NodeProcessRunner(runDir());
    const p = runner.start({ name: 'leaver', command: 'bash', args: ['-c', 'sleep 30 & echo $!; read -t 0.2 || true; exit 3'] });
    const grandchild = Number(await firstLine(p));
    const info = await p.exited;
    assert.equal(info.code, 3);
    await eventually(() => !isAlive(grandchild), 5000, 'the leftover group member to die');
  });

  it('reaps a process recorded by a previous runner on the same run dir, and leaves other pidfiles clean', async () => {
    const dir = runDir();
    const a = new NodeProcessRunner(dir);
    const orphan = a.start({ name: 'pipeline-cam1', command: 'sleep', args: ['30'] });
    // "Crash": runner A is dropped without stopping anything. Also leave behind a stale pidfile for a dead pid,
    // and one whose pid is alive but runs something else (pid reuse), and a garbage one.
    writeFileSync(join(dir, 'stale.pid'), JSON.stringify({ pid: 2147483000, command: 'ffmpeg', startedAt: new Date().toISOString() }));
    writeFileSync(join(dir, 'reused.pid'), JSON.stringify({ pid: process.pid, command: 'ffmpeg', startedAt: new Date().toISOString() }));
    writeFileSync(join(dir, 'garbage.pid'), 'not json');

    const b = new NodeProcessRunner(dir);
    const reaped = await b.reapOrphans();
    assert.deepEqual(reaped, [{ name: 'pipeline-cam1', pid: orphan.pid }]);
    assert.equal(isAlive(orphan.pid), false);
    assert.equal(isAlive(process.pid), true, 'a pid reused by another program is left alone');
    for (const f of ['pipeline-cam1', 'stale', 'reused', 'garbage']) assert.equal(existsSync(join(dir, `${f}.pid`)), false, f);
    const info = await orphan.exited;
    assert.equal(info.signal, 'SIGKILL');
  });

  it('reaps the leftovers of a recorded process whose leader already died', async () => {
    const dir = runDir();
    // A "previous run" that crashed after its child's leader had exited: the leader's background child lives on in
    // the leader's session, outside any runner.
    const leader = spawn('bash', ['-c', 'sleep 30 & echo $!'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    const leftover = Number(
      await new Promise<string>((resolve) => leader.stdout.once('data', (b: Buffer) => resolve(b.toString().trim()))),
    );
    await new Promise((r) => leader.once('exit', r));
    writeFileSync(
      join(dir, 'pipeline-cam2.pid'),
      JSON.stringify({ pid: leader.pid, command: 'bash', startedAt: new Date().toISOString() }),
    );
    assert.equal(isAlive(leftover), true);

    const reaped = await new NodeProcessRunner(dir).reapOrphans();
    assert.deepEqual(reaped, [{ name: 'pipeline-cam2', pid: leader.pid }]);
    assert.equal(isAlive(leftover), false);
    assert.equal(existsSync(join(dir, 'pipeline-cam2.pid')), false);
  });

  it('does not treat its own running processes as orphans, and stopAll stops them all', async () => {
    const dir = runDir();
    const runner = new NodeProcessRunner(dir);
    const p1 = runner.start({ name: 'one', command: 'sleep', args: ['30'] });
    const p2 = runner.start({ name: 'two', command: 'sleep', args: ['30'] });
    assert.deepEqual(await runner.reapOrphans(), []);
    assert.equal(isAlive(p1.pid) && isAlive(p2.pid), true);
    assert.throws(() => runner.start({ name: 'one', command: 'sleep', args: ['1'] }), /already running/);
    await runner.stopAll(2000);
    assert.equal(isAlive(p1.pid) || isAlive(p2.pid), false);
    assert.equal(existsSync(join(dir, 'one.pid')) || existsSync(join(dir, 'two.pid')), false);
  });

  it('splits stdout into lines, keeps the stderr tail, and passes arguments without a shell', async () => {
    const runner = new NodeProcessRunner(runDir());
    const p = runner.start({
      name: 'talker',
      command: 'bash',
      // $1 is passed as one argument: no shell ever interprets it.
      args: [
        '-c',
        'printf "a\\nb\\r\\nc"; printf "partial"; printf " line\\n"; echo "$1"; for i in $(seq 1 60); do echo "err $i" >&2; done',
        'x',
        '$(touch /tmp/pwned); x',
      ],
    });
    const lines: string[] = [];
    p.onStdoutLine((l) => lines.push(l));
    const info = await p.exited;
    assert.equal(info.code, 0);
    assert.deepEqual(lines, ['a', 'b', 'cpartial line', '$(touch /tmp/pwned); x']);
    assert.equal(info.stderrTail.length, 50);
    assert.equal(info.stderrTail[0], 'err 11');
    assert.equal(info.stderrTail[49], 'err 60');
  });

  it('survives a line listener that throws: the others still get every line and a warning says what happened', async () => {
    const runner = new NodeProcessRunner(runDir());
    const warning = new Promise<Error>((resolve) => process.once('warning', resolve));
    const p = runner.start({ name: 'echoer', command: 'printf', args: ['one\ntwo\n'] });
    p.onStdoutLine(() => {
      throw new Error('parser bug');
    });
    const lines: string[] = [];
    p.onStdoutLine((l) => lines.push(l));
    assert.equal((await p.exited).code, 0);
    assert.deepEqual(lines, ['one', 'two']);
    assert.match((await warning).message, /line listener of echoer threw: parser bug/);
  });

  it('reports a command that cannot be spawned as an exit with the reason', async () => {
    const dir = runDir();
    const runner = new NodeProcessRunner(dir);
    const p = runner.start({ name: 'missing', command: 'argus-no-such-binary', args: [] });
    const info = await p.exited;
    assert.equal(info.code, null);
    assert.match(info.stderrTail.join('\n'), /spawn failed: .*ENOENT/);
    assert.equal(existsSync(join(dir, 'missing.pid')), false);
    await p.stop(); // harmless
  });

  it('rejects names that are not safe file names', () => {
    const runner = new NodeProcessRunner(runDir());
    assert.throws(() => runner.start({ name: '../evil', command: 'true', args: [] }), /invalid process name/);
  });
});

describe('LineSplitter', () => {
  it('handles \\r\\n split across chunks, lone \\r, multi-byte characters split across chunks and a final partial line', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    const euro = Buffer.from('€'); // 3 bytes
    s.push(Buffer.from('one\r'));
    s.push(Buffer.from('\ntwo\rthree\n'));
    s.push(Buffer.concat([Buffer.from('x'), euro.subarray(0, 1)]));
    s.push(Buffer.concat([euro.subarray(1), Buffer.from('\n\nlast')]));
    s.end();
    assert.deepEqual(lines, ['one', 'two', 'three', 'x€', '', 'last']);
  });
});

describe('cmdlineMatches', () => {
  it('matches the recorded command or its base name at the start of the command line, nothing else', () => {
    assert.equal(cmdlineMatches('ffmpeg\0-i\0x\0', 'ffmpeg'), true);
    assert.equal(cmdlineMatches('/usr/bin/ffmpeg\0-i\0', '/usr/bin/ffmpeg'), true);
    assert.equal(cmdlineMatches('nginx: master process /usr/sbin/nginx -p /run', '/usr/sbin/nginx'), true);
    assert.equal(cmdlineMatches('node\0server.js\0', 'ffmpeg'), false);
    assert.equal(cmdlineMatches('', 'ffmpeg'), false);
    assert.equal(cmdlineMatches(null, 'ffmpeg'), false);
  });
});
