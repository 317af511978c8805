/**
 * Supervises child processes (`npm start`: the simulator and the orchestrator): starts them in
 * order, each once the previous says it listens; prefixes their output with their name; restarts
 * one that dies (with backoff, alone: the others keep running); and stops all of them on
 * `stop()`. A child that exits with EXIT_PORT_IN_USE before it ever listened is fatal: restarting
 * cannot free its port. Control endpoints, as an express router others can mount beside theirs:
 * `GET /supervisor/processes` and `POST /supervisor/processes/{name}/kill` (SIGKILL; the
 * supervisor restarts it). Messages to a child go as JSON lines on its stdin pipe (`send`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import express, { type Router } from 'express';
import { EXIT_PORT_IN_USE } from '../adapters/listen.js';

export interface ChildSpec {
  readonly name: string;
  /** Address it serves once ready. */
  readonly url: string;
  /** How to run it (see child-command.ts); called on every (re)start. */
  readonly command: () => { command: string; args: string[]; env?: Record<string, string> };
  /** A stdout line that says it is ready (default: one containing "listening on"). */
  readonly ready?: RegExp;
}

export type ChildStatus = 'starting' | 'running' | 'restarting' | 'stopped' | 'failed';

export interface ChildState {
  name: string;
  pid: number | null;
  status: ChildStatus;
  restarts: number;
  url: string;
}

export interface SupervisorOptions {
  children: readonly ChildSpec[];
  /** Where prefixed child output goes (default: this process's stdout). */
  log?: (line: string) => void;
  /** Called once when a child cannot start at all (its port is taken). */
  onFatal?: (message: string) => void;
}

interface Managed {
  spec: ChildSpec;
  state: ChildState;
  process?: ChildProcess;
  everReady: boolean;
  failures: number;
  ready?: () => void;
  /** Waiting for a stdout line (see `waitForLine`). */
  watchers: Set<(line: string) => void>;
}

const MAX_BACKOFF_MS = 5_000;

export function createSupervisor(options: SupervisorOptions) {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const width = Math.max(...options.children.map((c) => c.name.length));
  const managed = options.children.map<Managed>((spec) => ({
    spec, everReady: false, failures: 0, watchers: new Set(),
    state: { name: spec.name, pid: null, status: 'stopped', restarts: 0, url: spec.url },
  }));
  let stopping = false;

  function spawnChild(m: Managed): void {
    const { command, args, env } = m.spec.command();
    const prefix = `[${m.spec.name.padEnd(width)}]`;
    // own process group: a Ctrl-C reaches the supervisor only, which stops the children in order;
    // stdin is a pipe the child watches: if the supervisor dies, the child does not linger
    // env: secrets (the admin token) go there rather than on a command line anyone can read with ps
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true, ...(env ? { env: { ...process.env, ...env } } : {}) });
    m.process = child;
    m.state.pid = child.pid ?? null;
    m.state.status = m.state.restarts === 0 && !m.everReady ? 'starting' : 'restarting';
    const ready = m.spec.ready ?? /listening on/;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      log(`${prefix} ${line}`);
      if (m.process === child) for (const w of [...m.watchers]) w(line);
      if (m.process === child && m.state.status !== 'running' && ready.test(line)) {
        m.state.status = 'running';
        m.everReady = true;
        m.failures = 0;
        m.ready?.();
      }
    });
    createInterface({ input: child.stderr! }).on('line', (line) => log(`${prefix} ${line}`));
    child.on('exit', (code, signal) => {
      if (m.process !== child) return;
      m.process = undefined;
      m.state.pid = null;
      if (stopping) {
        m.state.status = 'stopped';
        return;
      }
      if (code === EXIT_PORT_IN_USE && !m.everReady) {
        m.state.status = 'failed';
        options.onFatal?.(`${m.spec.name} could not bind ${m.spec.url}: the port is in use`);
        return;
      }
      m.failures += 1;
      m.state.restarts += 1;
      m.state.status = 'restarting';
      const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** (m.failures - 1));
      log(`${prefix} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms`);
      setTimeout(() => {
        if (!stopping) spawnChild(m);
      }, delay).unref();
    });
  }

  const find = (name: string) => managed.find((m) => m.spec.name === name);

  const router: Router = express.Router();
  router.get('/supervisor/processes', (_req, res) => {
    res.json({ processes: managed.map((m) => ({ ...m.state })) });
  });
  router.post('/supervisor/processes/:name/kill', (req, res) => {
    const m = find(req.params.name);
    if (!m) {
      res.status(404).type('application/problem+json').json({
        type: 'about:blank', title: 'not found', status: 404,
        detail: `no process named "${req.params.name}" (there are ${managed.map((x) => x.spec.name).join(', ')})`,
      });
      return;
    }
    const pid = kill(m.spec.name);
    if (pid === undefined) {
      res.status(409).type('application/problem+json').json({ type: 'about:blank', title: 'conflict', status: 409, detail: `${m.spec.name} is not running (${m.state.status}); it is being restarted` });
      return;
    }
    res.status(202).json({ name: m.spec.name, killed: pid, signal: 'SIGKILL', restarting: true });
  });

  /** SIGKILL a child (it is restarted automatically); the pid killed, or undefined if none ran. */
  function kill(name: string): number | undefined {
    const m = find(name);
    const pid = m?.process?.pid;
    if (!m?.process || pid === undefined) return undefined;
    m.process.kill('SIGKILL');
    return pid;
  }

  /** Write one JSON line to a child's stdin pipe; false when it does not run. */
  function send(name: string, message: unknown): boolean {
    const stdin = find(name)?.process?.stdin;
    if (!stdin?.writable) return false;
    stdin.write(`${JSON.stringify(message)}\n`);
    return true;
  }

  /** Resolves true once the child prints exactly `line` (from now on), false after `timeoutMs`. */
  function waitForLine(name: string, line: string, timeoutMs = 10_000): Promise<boolean> {
    const m = find(name);
    if (!m) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        m.watchers.delete(watch);
        clearTimeout(timer);
        resolve(ok);
      };
      const watch = (l: string) => {
        if (l === line) done(true);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      timer.unref();
      m.watchers.add(watch);
    });
  }

  return {
    router,
    kill,
    send,
    waitForLine,
    processes: (): ChildState[] => managed.map((m) => ({ ...m.state })),
    /** Start every child in order, each once the previous is ready; resolves when all are. */
    async start(): Promise<void> {
      for (const m of managed) {
        const ready = new Promise<void>((resolve) => (m.ready = resolve));
        spawnChild(m);
        await ready;
      }
    },
    /** Wait until `name` is running again (after a kill). */
    whenRunning(name: string): Promise<void> {
      const m = find(name)!;
      if (m.state.status === 'running') return Promise.resolve();
      return new Promise((resolve) => {
        const previous = m.ready;
        m.ready = () => {
          previous?.();
          resolve();
        };
      });
    },
    /** SIGTERM every child (SIGKILL after `graceMs`), last started first; resolves when all exited. */
    async stop(graceMs = 5_000): Promise<void> {
      stopping = true;
      for (const m of [...managed].reverse()) {
        const child = m.process;
        if (!child) continue;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(force);
        m.state.status = 'stopped';
      }
    },
  };
}

export type Supervisor = ReturnType<typeof createSupervisor>;
