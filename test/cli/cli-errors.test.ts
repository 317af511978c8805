/**
 * The command line as a user meets it (a real child process, from the sources): `--version`,
 * and every error as one line without a stack — also when the error happens in a chaos worker
 * thread's setup.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('prior-auth-sim command line', () => {
  it('prints its version', async () => {
    const r = await cli(['--version']);
    expect(r.stdout.trim()).toBe((JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string }).version);
  }, 120_000);

  it.each([
    ['chaos on worker threads with an unknown scenario', ['chaos', '--scenario', 'nope', '--runs', '2', '--workers', '2'], /^prior-auth-sim: nope: invalid scenario; no bundled scenario named "nope"; bundled: /],
    ['run with an unreadable scenario file', ['run', 'missing/file.yaml'], /^prior-auth-sim: .*missing\/file\.yaml: invalid scenario; cannot read the file: ENOENT$/],
    ['contract with an unreachable implementation', ['contract', '--base-url', 'http://127.0.0.1:9', '--only', 'openapi'], null],
    ['contract with an unknown check', ['contract', '--base-url', 'http://127.0.0.1:9', '--only', 'nope'], /^prior-auth-sim: --only: no check nope; checks: /],
  ])('%s fails with one line and no stack', async (_what, args, line) => {
    const r = await cli(args as string[]);
    expect(r.code).not.toBe(0);
    if (line) expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(line as RegExp)]);
    else expect(r.stdout).toMatch(/^FAIL +api +openapi .*\n.*fetch failed/m);
    expect(r.stderr.split('\n').filter((l) => /^\s+at /.test(l))).toEqual([]);
  }, 120_000);
});
