/**
 * Scratch projects for the packed-package tests: a folder under the OS temp dir with its own
 * package.json, the packed tarball and what that kind of user installs beside it, installed
 * with npm from the registry through the machine's one npm cache.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], cwd: string, timeoutMs = 600_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

export function mustRun(cmd: string, args: string[], cwd: string, timeoutMs?: number): Promise<Run> {
  return run(cmd, args, cwd, timeoutMs).then((r) => {
    if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} in ${cwd} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r;
  });
}

/** Apparent size of a directory tree in bytes. */
export function treeBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += treeBytes(p);
    else if (e.isFile()) total += fs.statSync(p).size;
  }
  return total;
}

/** Installed packages (name@version) that declare an install-time script. */
export function installScripts(nodeModules: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory() || e.name === '.bin') continue;
      const p = path.join(dir, e.name);
      if (e.name.startsWith('@')) {
        visit(p);
        continue;
      }
      const pkgFile = path.join(p, 'package.json');
      if (fs.existsSync(pkgFile)) {
        const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { name?: string; version?: string; scripts?: Record<string, string>; gypfile?: boolean };
        if (['preinstall', 'install', 'postinstall'].some((s) => pkg.scripts?.[s]) || pkg.gypfile || fs.existsSync(path.join(p, 'binding.gyp'))) found.push(`${pkg.name}@${pkg.version}`);
      }
      visit(path.join(p, 'node_modules'));
    }
  };
  visit(nodeModules);
  return found;
}

export interface ScratchProject {
  readonly dir: string;
  /** Wall time of `npm install`, ms. */
  readonly installMs: number;
  write(file: string, content: string): void;
  run(cmd: string, args: string[], timeoutMs?: number): Promise<Run>;
  /** Start a long-running child (killed by the caller by its pid). */
  spawn(cmd: string, args: string[]): ChildProcess;
}

/**
 * @param packageJson fields beside name/version/private (e.g. `{ type: 'module' }`)
 * @param deps what `npm install` adds besides the tarball, e.g. `msw@^2.15.0`
 */
export async function scratchProject(root: string, name: string, tarball: string, deps: string[], packageJson: Record<string, unknown> = {}): Promise<ScratchProject> {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `scratch-${name}`, version: '1.0.0', private: true, ...packageJson }, null, 2));
  const started = performance.now();
  await mustRun('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball, ...deps], dir);
  const installMs = performance.now() - started;
  return {
    dir,
    installMs,
    write: (file, content) => fs.writeFileSync(path.join(dir, file), content),
    run: (cmd, args, timeoutMs) => run(cmd, args, dir, timeoutMs),
    spawn: (cmd, args) => spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }),
  };
}
