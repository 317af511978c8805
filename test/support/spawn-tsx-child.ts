/**
 * Spawns a TypeScript fixture as a real child process (node --import tsx) and resolves with
 * the JSON object it prints on its first stdout line — how crash and restart tests learn a
 * child's port and pid before they kill it.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export function spawnTsxChild<Hello>(file: string, argv: string[], options: { stdin?: 'pipe' | 'ignore' } = {}): Promise<{ child: ChildProcess; hello: Hello }> {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...argv], { stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve({ child, hello: JSON.parse(line) as Hello });
    });
    child.on('exit', (code, signal) => reject(new Error(`${file} exited (${code ?? signal}) before it said hello: ${err}`)));
  });
}
