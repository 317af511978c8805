/**
 * Runs the prior-auth-sim CLI as a child process for end-to-end tests: `output()` is everything it
 * printed so far, `printed(pattern)` waits until the output matches, `exited` is its exit code.
 * The caller keeps the child in `procs` to kill it after the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { childCommand } from '../../src/process/child-command.js';

export function runCli(args: string[], procs: ChildProcess[], env: Record<string, string> = {}) {
  const { command, args: argv } = childCommand(args);
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  procs.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const printed = async (pattern: RegExp, timeoutMs = 120_000): Promise<RegExpMatchArray> => {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(out);
      if (m) return m;
      if (child.exitCode !== null || performance.now() > deadline) throw new Error(`never printed ${pattern}; exit ${child.exitCode}; output:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, exited, printed, output: () => out };
}
