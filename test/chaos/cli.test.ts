/**
 * `prior-auth-sim chaos` as a user runs it (a real child process): the summary does not
 * depend on the number of worker threads, and a violation exits 1 with the repro command,
 * the shrunk repro and the path of a report that exists.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'chaos', ...args], { timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('prior-auth-sim chaos', () => {
  it('gives the same summary on one worker thread and on two', async () => {
    const [one, two] = await Promise.all([cli(['--runs', '8', '--seed', '21', '--workers', '1']), cli(['--runs', '8', '--seed', '21', '--workers', '2'])]);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout).toMatch(/^8 passed, 0 failed$/m);
    expect(one.stdout).toMatch(/^runs {8}8$/m);
  }, 120_000);

  it('exits 1 on a violation and prints the repro, the shrunk repro and the report', async () => {
    const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-cli-'));
    const r = await cli(['--scenario', 'response-lost-after-commit', '--plant-bug', 'resubmit-on-lost-response', '--runs', '1', '--seed', '3', '--reports', reports]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('invariant 1 one adjudication per request');
    expect(r.stdout).toContain('reproduce: npx prior-auth-sim chaos --scenario response-lost-after-commit --seed 3 --runs 1');
    expect(r.stdout).toMatch(/shrunk seed 3 in \d+ runs: npx prior-auth-sim chaos .*--plant-bug resubmit-on-lost-response/);
    const html = /report: (\S+\.html)/.exec(r.stdout)?.[1];
    expect(html && fs.existsSync(html)).toBe(true);
    expect(r.stdout).toMatch(/^0 passed, 1 failed$/m);
  }, 120_000);

  it('reproduces and reports a scenario from a file by its path', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-file-'));
    const file = path.join(dir, 'mine.yaml');
    fs.writeFileSync(file, fs.readFileSync('scenarios/response-lost-after-commit.yaml', 'utf8').replace('name: response-lost-after-commit', 'name: my-lost-response'));
    const r = await cli(['--scenario', file, '--plant-bug', 'key-per-attempt', '--runs', '1', '--seed', '3', '--reports', dir, '--workers', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`reproduce: npx prior-auth-sim chaos --scenario ${file} --seed 3`);
    expect(fs.existsSync(path.join(dir, 'chaos-my-lost-response-seed3.html'))).toBe(true);
  }, 120_000);

  it('refuses bad arguments with exit 2 and a message, not a stack trace', async () => {
    const r = await cli(['--crash-at', 'mid-air:3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--crash-at must be');
    expect(r.stderr.split('\n').some((line) => line.trimStart().startsWith('at '))).toBe(false);
  }, 60_000);
});
