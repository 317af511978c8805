/**
 * The web console as an express Router: the page at `/`, its scripts and styles under
 * `/console/assets/` (Preact and htm straight from node_modules under `/console/vendor/`, no
 * build step), a server-sent event stream of snapshots at `/console/api/events`, an
 * execution's timeline at `/console/api/executions/:id`, and the actions a person takes, each
 * forwarded to the public API that owns it (orchestrator `/prior-auth`, review decisions,
 * payer-desk releases, fault rules, scenarios, the clock, the supervisor's kill switch).
 * It reads and changes nothing but through those APIs.
 *
 * @example
 * app.use(createConsoleRouter({ simulatorUrl: 'http://127.0.0.1:4010', orchestratorUrl: 'http://127.0.0.1:4020', supervisorUrl: 'http://127.0.0.1:4000' }));
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { isLoopbackHost } from '../adapters/bind-check.js';
import { buildTimeline, withModelUsage } from '../harness/timeline.js';
import { ModelLedgerSchema } from '../contracts/model-ledger.js';
import type { HistoryEvent } from '../../orchestrator/runtime/history.js';
import { consoleCatalog } from './console-catalog.js';
import { consoleAuth, createConsoleHub, type ConsoleTargets } from './console-hub.js';
import { renderTimelineSvg, TIMELINE_CSS } from './timeline-svg.js';

export type ConsoleOptions = ConsoleTargets & {
  /** Milliseconds between the server's reads of the public APIs while a page listens (default 250). */
  readonly refreshMs?: number;
};

const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));
const require = createRequire(import.meta.url);
/** The ES module builds the page imports (its import map names them). */
const VENDOR: Record<string, string> = {
  'preact.mjs': path.join(path.dirname(require.resolve('preact')), 'preact.mjs'),
  'hooks.mjs': path.join(path.dirname(require.resolve('preact/hooks')), 'hooks.mjs'),
  'htm.mjs': path.join(path.dirname(require.resolve('htm')), 'htm.mjs'),
};

type Target = 'simulator' | 'orchestrator' | 'supervisor';
interface Action { method: 'post' | 'delete' | 'get'; path: string; target: Target; to: (p: Record<string, string>) => string; viaSupervisor?: string }

const enc = encodeURIComponent;
/** Every action the page can take, and the public API route it becomes. */
const ACTIONS: Action[] = [
  { method: 'post', path: '/console/api/executions', target: 'orchestrator', to: () => '/prior-auth' },
  { method: 'get', path: '/console/api/review/:id', target: 'simulator', to: (p) => `/review/tasks/${enc(p.id!)}` },
  { method: 'get', path: '/console/api/ehr/:type/:id', target: 'simulator', to: (p) => `/ehr/fhir/${enc(p.type!)}/${enc(p.id!)}` },
  { method: 'post', path: '/console/api/review/:id/decision', target: 'simulator', to: (p) => `/review/tasks/${enc(p.id!)}/decision` },
  { method: 'post', path: '/console/api/claims/:id/release', target: 'simulator', to: (p) => `/__admin/claims/${enc(p.id!)}/release` },
  { method: 'post', path: '/console/api/faults', target: 'simulator', to: () => '/__admin/faults' },
  { method: 'delete', path: '/console/api/faults/:id', target: 'simulator', to: (p) => `/__admin/faults/${enc(p.id!)}` },
  { method: 'delete', path: '/console/api/faults', target: 'simulator', to: () => '/__admin/faults' },
  { method: 'post', path: '/console/api/scenario', target: 'simulator', to: () => '/__admin/scenario' },
  // with npm start's supervisor the clock is its time line, shared by both processes: it changes both at once
  { method: 'post', path: '/console/api/clock/advance', target: 'simulator', to: () => '/__admin/clock/advance', viaSupervisor: '/supervisor/clock/advance' },
  { method: 'post', path: '/console/api/clock/speed', target: 'simulator', to: () => '/__admin/clock/speed', viaSupervisor: '/supervisor/clock/speed' },
  { method: 'post', path: '/console/api/crash', target: 'supervisor', to: () => '/supervisor/processes/orchestrator/kill' },
];

function problem(res: Response, status: number, title: string, detail: string): void {
  res.status(status).type('application/problem+json').json({ type: 'about:blank', title, status, detail });
}

/** A state change must come from the console page: a custom header forces a CORS preflight that no other origin passes. */
function fromConsolePage(req: Request, res: Response, next: NextFunction): void {
  if (req.get('x-console') !== '1') return problem(res, 403, 'Forbidden', 'console actions need the header x-console: 1 (sent by the console page)');
  next();
}

/** The paths the console answers: its page at `/` and everything under `/console`. */
export function consoleOwns(pathname: string): boolean {
  return pathname === '/' || pathname === '/console' || pathname.startsWith('/console/');
}

export function createConsoleRouter(options: ConsoleOptions): Router {
  const doFetch = options.fetch ?? fetch;
  const hub = createConsoleHub(options, options.refreshMs);
  const base: Record<Target, string | undefined> = { simulator: options.simulatorUrl, orchestrator: options.orchestratorUrl, supervisor: options.supervisorUrl };
  const router = express.Router();

  // the console acts with the admin token, so with one it answers only the machine it runs on (an SSH tunnel reaches it from elsewhere)
  if (options.adminToken) {
    router.use((req, res, next) => {
      if (!consoleOwns(req.path)) return next();
      if (isLoopbackHost(req.socket.remoteAddress ?? '')) return next();
      problem(res, 403, 'Forbidden', 'with an admin token the console answers only loopback clients: open it on the machine it runs on, or through an SSH tunnel');
    });
  }

  router.get('/', (_req, res) => {
    res.set('cache-control', 'no-store').sendFile(path.join(STATIC_DIR, 'index.html'));
  });
  router.get('/console/assets/timeline.css', (_req, res) => {
    res.type('text/css').send(TIMELINE_CSS);
  });
  router.use('/console/assets', express.static(STATIC_DIR, { index: false }));
  router.get('/console/vendor/:file', (req, res) => {
    const file = VENDOR[req.params.file];
    if (!file) return problem(res, 404, 'Not Found', `no vendor module ${req.params.file}`);
    res.type('text/javascript').set('cache-control', 'max-age=3600').sendFile(file);
  });

  let catalog: ReturnType<typeof consoleCatalog> | undefined;
  router.get('/console/api/catalog', (_req, res) => {
    catalog ??= consoleCatalog();
    res.json({ ...catalog, orchestrator: !!options.orchestratorUrl, supervisor: !!options.supervisorUrl });
  });

  router.get('/console/api/events', (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    const off = hub.subscribe((s) => res.write(`event: snapshot\ndata: ${JSON.stringify(s)}\n\n`));
    req.on('close', off);
  });

  router.get('/console/api/executions/:id', async (req, res) => {
    const orch = options.orchestratorUrl;
    if (!orch) return problem(res, 404, 'Not Found', 'this console has no orchestrator (simulator-only: prior-auth-sim serve)');
    const id = enc(req.params.id);
    try {
      const ledgerUrl = `${options.simulatorUrl}/__admin/model/ledger?execution=${id}`;
      const [viewRes, historyRes, ledger] = await Promise.all([
        doFetch(`${orch}/executions/${id}`), doFetch(`${orch}/executions/${id}/history`),
        // the token ledger: optional (an older simulator has none; the admin token may be missing)
        doFetch(ledgerUrl, { headers: consoleAuth(options, ledgerUrl) }).then(async (r) => (r.ok ? ModelLedgerSchema.parse(await r.json()) : undefined)).catch(() => undefined),
        hub.catchUpJournal(),
      ]);
      if (!viewRes.ok) {
        res.status(viewRes.status).type(viewRes.headers.get('content-type') ?? 'application/json').send(await viewRes.text());
        return;
      }
      const view = (await viewRes.json()) as { operations?: Array<{ id: string }> };
      const history = historyRes.ok ? ((await historyRes.json()) as { events: HistoryEvent[] }).events : [];
      const ops = new Map((view.operations ?? []).map((o) => [o.id, o]));
      const events = withModelUsage(buildTimeline(hub.journalFor(req.params.id), history), ledger?.calls ?? []).map((e) => {
        const op = typeof e.detail?.operationId === 'string' ? ops.get(e.detail.operationId) : undefined;
        return op ? { ...e, detail: { ...e.detail, operation: op } } : e;
      });
      const model = ledger?.executions.find((x) => x.executionId === req.params.id);
      res.json({ execution: view, events, svg: renderTimelineSvg(events), ...(model ? { model } : {}) });
    } catch (err) {
      problem(res, 502, 'Bad Gateway', `the orchestrator at ${orch} is unreachable: ${(err as Error).message}`);
    }
  });

  const body = express.text({ type: () => true, limit: '64kb' });
  for (const action of ACTIONS) {
    router[action.method](action.path, fromConsolePage, body, async (req: Request, res: Response) => {
      const supervised = action.viaSupervisor !== undefined && options.supervisorUrl !== undefined;
      const target = supervised ? options.supervisorUrl : base[action.target];
      if (!target) return problem(res, 503, 'Service Unavailable', action.target === 'supervisor'
        ? 'no supervisor runs here: the crash button needs npm start\'s supervisor, which kills and restarts the orchestrator process'
        : `this console has no ${action.target}`);
      const text = typeof req.body === 'string' && req.body !== '' ? req.body : undefined;
      try {
        const url = `${target}${supervised ? action.viaSupervisor : action.to(req.params as Record<string, string>)}`;
        const upstream = await doFetch(url, {
          method: action.method.toUpperCase(),
          headers: { ...consoleAuth(options, url), ...(text === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(text === undefined ? {} : { body: text }),
          signal: AbortSignal.timeout(15_000),
        });
        const out = upstream.status === 204 ? '' : await upstream.text();
        res.status(upstream.status);
        const type = upstream.headers.get('content-type');
        if (type) res.type(type);
        res.send(out);
      } catch (err) {
        problem(res, 502, 'Bad Gateway', `the ${action.target} at ${target} is unreachable: ${(err as Error).message}`);
      }
      void hub.refresh();
    });
  }

  router.use('/console', (req, res) => problem(res, 404, 'Not Found', `no console route ${req.method} ${req.originalUrl}`));
  return router;
}
