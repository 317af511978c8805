/**
 * `prior-auth-sim serve` on a non-loopback address, as a user runs it: refused without an
 * admin token (exit 2, saying why), and with one it listens and warns, naming what it exposes.
 */
import { execFile, spawn } from 'node:child_process';

describe('prior-auth-sim serve --host', () => {
  it('refuses a non-loopback host without --admin-token, with exit 2 and the reason', async () => {
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--host', '0.0.0.0', '--port', '0'], { timeout: 60_000 }, (err, _stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stderr });
      });
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refusing to bind 0.0.0.0');
    expect(r.stderr).toContain('--admin-token');
  }, 60_000);

  it('with --admin-token listens on 0.0.0.0 and prints a warning naming the exposed surfaces', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--host', '0.0.0.0', '--port', '0', '--admin-token', 'a-long-enough-admin-token'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const stderr = await new Promise<string>((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          if (err.includes('Outbound deliveries')) resolve(err);
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
      });
      expect(stderr).toMatch(/WARNING: prior-auth-sim is listening on 0\.0\.0\.0:\d+/);
      expect(stderr).toContain('/__admin (behind the admin token)');
      expect(stderr).toContain('Outbound deliveries go only to: localhost, 127.0.0.1, ::1');
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
