/**
 * `prior-auth-sim serve | openapi | start`: the command line. Flags are validated here, once,
 * and passed inward as typed configuration.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { bindRefusal, exposureWarning, isLoopbackHost } from './adapters/bind-check.js';
import { openApiDocument } from './contracts/endpoints.js';
import { loadBundledScenarios, resolveScenario } from './core/scenarios/bundled-scenarios.js';
import { scenarioConfig } from './core/scenarios/scenario-config.js';
import type { Scenario } from './contracts/scenario.js';
import { parseClockSpec, type ClockSpec } from './core/clock-resume.js';
import { parseClockAnchor, type ClockAnchor } from './contracts/clock-anchor.js';
import { SimulatorConfigSchema, type SimulatorConfigInput } from './contracts/config.js';
import { EXIT_PORT_IN_USE, ListenError } from './adapters/listen.js';
import { startSimulatorService } from './process/simulator-service.js';
import { startDemoRequest } from './process/demo-request.js';
import { writeRunReport } from './harness/run-report.js';
import type { ChaosRunResult } from './harness/chaos.js';
import { createProgress } from './harness/progress.js';
import { formatCliError, isUsageError, loadWithPeers } from './cli/cli-error.js';
import { packageVersion } from './cli/package-version.js';

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number 0–65535');
  return n;
}

function parseBaseUrl(v: string): string {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new InvalidArgumentError('expected an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('expected an http or https URL');
  return v;
}

function parseSeed(v: string): number | string {
  return /^\d+$/.test(v) ? Number(v) : v;
}

function parseAuthMode(v: string): 'none' | 'smart' {
  if (v === 'none' || v === 'smart') return v;
  throw new InvalidArgumentError('expected none or smart');
}

function parseOrchestratorAuth(v: string): 'none' | 'smart' | 'auto' {
  if (v === 'none' || v === 'smart' || v === 'auto') return v;
  throw new InvalidArgumentError('expected none, smart or auto');
}

function parseClock(v: string): ClockSpec {
  const spec = parseClockSpec(v);
  if (!spec) throw new InvalidArgumentError('expected virtual, real or dilated[:factor]');
  return spec;
}

function parseAnchor(v: string): ClockAnchor {
  const anchor = parseClockAnchor(v);
  if (!anchor) throw new InvalidArgumentError('expected <simulated-epoch-ms>@<wall-epoch-ms>');
  return anchor;
}

function parseConfigJson(v: string): SimulatorConfigInput {
  let raw: unknown;
  try {
    raw = JSON.parse(v);
  } catch (err) {
    throw new InvalidArgumentError(`not JSON: ${(err as Error).message}`);
  }
  const parsed = SimulatorConfigSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues.map((i) => `${['config', ...i.path].join('.')}: ${i.message}`).join('; '));
  return raw as SimulatorConfigInput;
}

/** A supervised child exits when the supervisor's pipe closes (the supervisor died) and on SIGTERM/SIGINT, after closing cleanly. */
function exitCleanlyOn(close: () => Promise<void>, supervised: boolean) {
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    void close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (supervised) {
    process.stdin.on('end', stop);
    process.stdin.resume();
  }
}

const program = new Command('prior-auth-sim').description('Deterministic payer, EHR and physician-review simulator for prior authorization').version(packageVersion());
// the orchestrator, the chaos harness and their optional peers (AWS durable SDK, better-sqlite3) load only for the commands that use them
const heavy = {
  supervisor: () => loadWithPeers('prior-auth-sim start', () => import('./process/demo-supervisor.js')),
  orchestrator: () => loadWithPeers('prior-auth-sim orchestrator', () => import('./process/orchestrator-service.js')),
  run: () => loadWithPeers('prior-auth-sim run', () => import('./harness/scenario-run.js')),
  chaos: () => loadWithPeers('prior-auth-sim chaos', async () => ({ ...(await import('./harness/chaos-exploration.js')), ...(await import('./harness/chaos-workers.js')), ...(await import('./harness/chaos.js')) })),
};

program
  .command('serve')
  .description('serve the simulator over HTTP')
  .option('--port <port>', 'port to listen on', parsePort, 4010)
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('--seed <seed>', 'seed for every random choice (overrides the scenario\'s)', parseSeed)
  .option('--clock <clock>', 'virtual | real | dilated[:simulated-seconds-per-second] (overrides the scenario\'s)', parseClock)
  .option('--scenario <name|path>', 'a bundled scenario name or a YAML file')
  .option('--data <dir>', 'keep state in DIR/simulator.sqlite and resume it when started again')
  .option('--reset', 'with --data: forget the stored state and start afresh')
  .option('--config-json <json>', 'the simulator configuration as JSON (a fresh data directory only)', parseConfigJson)
  .option('--clock-anchor <simulated@wall>', 'follow a shared time line (npm start passes one)', parseAnchor)
  .option('--supervised', 'run as a child of npm start (exit when its pipe closes)')
  .option('--auth <mode>', 'none | smart: SMART Backend Services on the payer and EHR (overrides the scenario\'s; see docs/auth.md)', parseAuthMode)
  .option('--public-url <url>', 'base of absolute URLs in responses (Bundle.link, fullUrl, Location); default: the listening address')
  .addOption(new Option('--admin-token <token>', 'require Authorization: Bearer <token> on every /__admin call (required with a non-loopback --host); the console sends it server-side').env('PRIOR_AUTH_SIM_ADMIN_TOKEN'))
  .option('--allow-outbound <hosts>', 'comma-separated hosts the simulator may POST review decisions and notifications to (* for any)', 'localhost,127.0.0.1,::1')
  .option('--manual-review', 'you are the physician: review tasks wait in the console\'s inbox (overrides the configured reviewer)')
  .option('--no-console', 'do not serve the web console at /')
  .action(async (opts: { port: number; host: string; seed?: number | string; clock?: ClockSpec; scenario?: string; data?: string; reset?: boolean; configJson?: SimulatorConfigInput; clockAnchor?: ClockAnchor; supervised?: boolean; auth?: 'none' | 'smart'; publicUrl?: string; adminToken?: string; allowOutbound: string; manualReview?: boolean; console: boolean }) => {
    const refused = bindRefusal(opts.host, opts.adminToken);
    if (refused) throw new InvalidArgumentError(refused);
    const scenario: Scenario | undefined = opts.scenario ? resolveScenario(opts.scenario) : undefined;
    const seed = opts.seed ?? scenario?.seed ?? opts.configJson?.seed ?? 42;
    const clock: ClockSpec = opts.clock ?? scenario?.clock ?? { kind: 'real' };
    const auth = opts.auth ? { ...scenario?.auth, mode: opts.auth } : scenario?.auth;
    const allowHosts = opts.allowOutbound.split(',').map((h) => h.trim()).filter(Boolean);
    const deployment = {
      ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
      ...(opts.adminToken ? { admin: { token: opts.adminToken } } : {}),
      outbound: { allowHosts },
    };
    const config = { ...(scenario ? scenarioConfig(scenario, { seed, ...(auth ? { auth } : {}) }) : { ...opts.configJson, seed, ...(auth ? { auth } : {}) }), ...deployment };
    const parsed = SimulatorConfigSchema.safeParse(config);
    if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    // under npm start the console is the supervisor's; its pipe carries the shared time line
    const service = await startSimulatorService({
      host: opts.host, port: opts.port, data: opts.data, reset: opts.reset, clock, anchor: opts.clockAnchor, config, scenario,
      manualReview: !!opts.manualReview, console: opts.console && !opts.supervised, ...(opts.supervised ? { control: process.stdin } : {}),
    });
    const { sim } = service;
    const loaded = sim.loaded.scenario;
    console.log(`prior-auth-sim listening on ${service.url} (seed ${sim.config.seed}, ${sim.clock.kind} clock at ${new Date(sim.clock.now()).toISOString()}${loaded ? `, scenario ${loaded.name}` : ''}${opts.manualReview ? ', manual review' : ''})`);
    if (opts.console && !opts.supervised) console.log(`console       ${service.url}/   (simulator-only views: review inbox, payer desk, chaos controls)`);
    if (opts.data) {
      console.log(service.resumed
        ? `resumed ${opts.data}: ${service.resumed.claims} claim(s), ${service.resumed.reviewTasks} review task(s); its stored configuration wins over flags (--reset starts afresh)`
        : `state kept in ${opts.data}`);
    }
    if (!isLoopbackHost(opts.host)) console.warn(exposureWarning(opts.host, Number(new URL(service.url).port), allowHosts));
    exitCleanlyOn(service.close, !!opts.supervised);
  });

program
  .command('orchestrator')
  .description('serve the prior-auth orchestrator (durable runtime on SQLite) over HTTP; npm start runs it as a child')
  .option('--port <port>', 'port to listen on', parsePort, 4020)
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('--db <path>', 'SQLite file of the durable runtime', 'data/orchestrator.sqlite')
  .option('--simulator-url <url>', 'base URL of the simulator', 'http://127.0.0.1:4010')
  .option('--factor <n>', 'simulated seconds per real second', (v) => Number(v), 3600)
  .option('--clock-anchor <simulated@wall>', 'follow a shared time line (npm start passes one)', parseAnchor)
  .option('--supervised', 'run as a child of npm start (exit when its pipe closes)')
  .option('--auth <mode>', 'none | smart | auto: authenticate to the simulator with SMART Backend Services, registering its own key (kept in DB.smart-key.json); auto follows the simulator\'s mode (see docs/auth.md)', parseOrchestratorAuth, 'none')
  .addOption(new Option('--simulator-admin-token <token>', 'the simulator\'s admin token (the SMART client is registered through its /__admin)').env('PRIOR_AUTH_SIM_ADMIN_TOKEN'))
  .action(async (opts: { port: number; host: string; db: string; simulatorUrl: string; factor: number; clockAnchor?: ClockAnchor; supervised?: boolean; auth: 'none' | 'smart' | 'auto'; simulatorAdminToken?: string }) => {
    if (!(opts.factor > 0)) throw new InvalidArgumentError('--factor must be a positive number');
    const { startOrchestratorService } = await heavy.orchestrator();
    const service = await startOrchestratorService({
      host: opts.host, port: opts.port, db: opts.db, simulatorUrl: opts.simulatorUrl, factor: opts.factor, anchor: opts.clockAnchor, auth: opts.auth,
      ...(opts.simulatorAdminToken ? { simulatorAdminToken: opts.simulatorAdminToken } : {}), ...(opts.supervised ? { control: process.stdin } : {}),
    });
    if (service.smartClient) console.log(`SMART client ${service.smartClient} registered with the simulator`);
    console.log(`orchestrator listening on ${service.url} (database ${opts.db}, simulator ${opts.simulatorUrl}, ${service.running} running execution(s) resumed)`);
    exitCleanlyOn(service.close, !!opts.supervised);
  });

program
  .command('start')
  .description('npm start: supervise the simulator and the orchestrator as two processes on a dilated clock, with one demo request')
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('--console-port <port>', 'supervisor (and console) port', parsePort, 4000)
  .option('--port <port>', 'simulator port', parsePort, 4010)
  .option('--orchestrator-port <port>', 'orchestrator port', parsePort, 4020)
  .option('--seed <seed>', 'seed for every random choice (a fresh data directory only)', parseSeed, 42)
  .option('--factor <n>', 'simulated seconds per real second', (v) => Number(v), 3600)
  .option('--data <dir>', 'data directory of both processes', 'data')
  .option('--no-demo-request', 'do not start a demo request')
  .option('--manual-review', 'you are the physician: review tasks wait in the console\'s inbox')
  .addOption(new Option('--admin-token <token>', 'the simulator\'s /__admin and the supervisor\'s /supervisor routes need Authorization: Bearer <token> (required with a non-loopback --host); the console sends it server-side').env('PRIOR_AUTH_SIM_ADMIN_TOKEN'))
  .option('--auth <mode>', 'none | smart: SMART Backend Services on the payer and EHR, the orchestrator a registered client with its own key (a fresh data directory only; see docs/auth.md)', parseAuthMode)
  .action(async (opts: { host: string; consolePort: number; port: number; orchestratorPort: number; seed: number | string; factor: number; data: string; demoRequest: boolean; manualReview?: boolean; adminToken?: string; auth?: 'none' | 'smart' }) => {
    if (!(opts.factor > 0)) throw new InvalidArgumentError('--factor must be a positive number');
    const refused = bindRefusal(opts.host, opts.adminToken);
    if (refused) throw new InvalidArgumentError(refused);
    if (opts.adminToken !== undefined && opts.adminToken.length < 16) throw new InvalidArgumentError('--admin-token: an admin token of at least 16 characters');
    const log = (line: string) => console.log(line);
    const { startSupervised } = await heavy.supervisor();
    const system = await startSupervised({
      host: opts.host, consolePort: opts.consolePort, simulatorPort: opts.port, orchestratorPort: opts.orchestratorPort,
      seed: opts.seed, factor: opts.factor, dataDir: opts.data, log, manualReview: !!opts.manualReview, ...(opts.adminToken ? { adminToken: opts.adminToken } : {}), ...(opts.auth ? { auth: opts.auth } : {}),
      onFatal: (message, stop) => {
        console.error(`prior-auth-sim: ${message}`);
        void stop().then(() => process.exit(1));
      },
    });
    log(`simulator     ${system.simulatorUrl}   (OpenAPI: ${system.simulatorUrl}/openapi.json, data ${opts.data}/simulator)`);
    log(`orchestrator  ${system.orchestratorUrl}   (executions: ${system.orchestratorUrl}/executions, data ${opts.data}/orchestrator.sqlite)`);
    log(`clock         dilated: ${opts.factor} simulated seconds per real second, from ${new Date(system.anchor.simulated).toISOString()}`);
    if (opts.auth === 'smart') log(`auth          SMART Backend Services on the payer and EHR; the orchestrator is client prior-auth-orchestrator, its key in ${opts.data}/orchestrator.sqlite.smart-key.json`);
    if (opts.manualReview) log(`review        you are the physician: decide review tasks in the console's inbox (${system.consoleUrl}/#/inbox)`);
    const bearer = opts.adminToken ? ` -H 'authorization: Bearer <admin token>'` : '';
    log(`crash one:    curl -s -XPOST${bearer} ${system.consoleUrl}/supervisor/processes/orchestrator/kill`);
    log(`start one:    curl -s -XPOST ${system.orchestratorUrl}/prior-auth -H 'content-type: application/json' -d '{"patientId":"pat-knee-meets","procedureCode":"27447"}'`);
    const demo = opts.demoRequest ? await startDemoRequest({ simulatorUrl: system.simulatorUrl, orchestratorUrl: system.orchestratorUrl, log, ...(opts.adminToken ? { adminToken: opts.adminToken } : {}) }) : undefined;
    const stop = () => {
      demo?.stop();
      log('stopping: simulator and orchestrator are shutting down…');
      void system.stop().then(() => {
        log(`stopped cleanly; state kept in ${opts.data}/ (npm start resumes it)`);
        process.exit(0);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('run [scenario]')
  .description('run the orchestrator against a scenario on the virtual clock; exit 1 on a wrong outcome or a broken invariant')
  .option('--all', 'run every bundled scenario and print a table')
  .option('--quiet', 'no timeline')
  .option('--report <file>', 'write the run as an HTML page with the swimlane timeline (one scenario only)')
  .action(async (name: string | undefined, opts: { all?: boolean; quiet?: boolean; report?: string }) => {
    if (opts.all && opts.report) throw new InvalidArgumentError('--report takes one scenario, not --all');
    if (!opts.all && !name) throw new InvalidArgumentError('name a scenario (see `prior-auth-sim scenarios`) or pass --all');
    const scenarios = opts.all ? loadBundledScenarios() : [resolveScenario(name!)];
    const { runScenario } = await heavy.run();
    let failed = 0;
    for (const scenario of scenarios) {
      const r = await runScenario(scenario);
      const ok = r.violations.length === 0;
      if (!ok) failed += 1;
      if (!opts.all && !opts.quiet) {
        console.log(`scenario ${scenario.name}: ${scenario.description}`);
        for (const line of r.timeline) console.log(`  ${line}`);
      }
      console.log(`${ok ? 'PASS' : 'FAIL'}  ${scenario.name.padEnd(30)} expected ${scenario.expected.outcome.padEnd(18)} got ${(r.outcome ?? r.status).padEnd(18)} ${r.simulatedHours.toFixed(1).padStart(7)} h simulated ${r.wallMs.toFixed(0).padStart(6)} ms wall${r.authorizationNumber ? `  auth ${r.authorizationNumber}` : ''}`);
      for (const v of r.violations) console.log(`      invariant ${v.invariant}: ${v.detail}`);
      if (opts.report) {
        writeRunReport(opts.report, r);
        console.log(`report: ${opts.report}`);
      }
    }
    if (scenarios.length > 1) console.log(`${scenarios.length - failed} passed, ${failed} failed`);
    process.exitCode = failed ? 1 : 0;
  });

program
  .command('chaos')
  .description('seeded runs with injected faults and runtime crashes, checked against the exactly-once invariants')
  .option('--runs <n>', 'number of seeds', (v) => Number(v), 50)
  .option('--seed <n>', 'first seed', (v) => Number(v), 1)
  .option('--scenario <name>', 'one bundled scenario (default: drawn per seed)')
  .option('--crash-points <mode>', 'random | all | all-twice (each also crashing during recovery) | none', 'random')
  .option('--crash-at <point:n[+recovery]>', 'crash exactly here (as printed by a failing run)')
  .option('--as-written', 'run the scenario exactly as written: no drawn faults or parameter variation, only crashes')
  .option('--keep-faults <ids>', 'keep only these drawn fault rules: id or id@n (a first-n rule firing n times), comma-separated, or none; as printed by a shrunk repro')
  .option('--plant-bug <bug>', 'testing only: plant a known bug to see its invariant catch it (docs/invariants.md lists them)')
  .option('--reports <dir>', 'where a failing run\'s JSON and HTML report go', 'reports')
  .option('--no-shrink', 'do not shrink a failing run\'s fault schedule')
  .option('--concurrency <n>', 'runs in flight at once per worker', (v) => Number(v), 8)
  .option('--workers <n>', 'worker threads (default: one per core, at most 8)', (v) => Number(v))
  .action(async (opts: { runs: number; seed: number; scenario?: string; crashPoints: string; crashAt?: string; keepFaults?: string; asWritten?: boolean; plantBug?: string; reports: string; shrink: boolean; concurrency: number; workers?: number }) => {
    const { chaosSummary, parseCrashPlan, PLANTED_BUGS, reportFailure, defaultWorkers, exploreChaosInWorkers, formatCrashPlan } = await heavy.chaos();
    // a bad scenario name fails here, in this thread, before any worker starts
    if (opts.scenario) resolveScenario(opts.scenario);
    const workers = opts.workers ?? defaultWorkers();
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new InvalidArgumentError('--workers must be 1–64');
    if (!Number.isInteger(opts.runs) || opts.runs < 1 || opts.runs > 100_000) throw new InvalidArgumentError('--runs must be 1–100000');
    if (!Number.isInteger(opts.seed) || opts.seed < 0) throw new InvalidArgumentError('--seed must be a whole number');
    if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1 || opts.concurrency > 64) throw new InvalidArgumentError('--concurrency must be 1–64');
    if (!['random', 'all', 'all-twice', 'none'].includes(opts.crashPoints)) throw new InvalidArgumentError('--crash-points must be random, all, all-twice or none');
    const crashAt = opts.crashAt === undefined ? undefined : parseCrashPlan(opts.crashAt);
    if (opts.crashAt !== undefined && !crashAt) throw new InvalidArgumentError('--crash-at must be POINT:N or POINT:N+recovery, POINT one of before-checkpoint-persist, after-checkpoint-persist, after-side-effect');
    const keepFaults = opts.keepFaults === undefined ? undefined : opts.keepFaults === 'none' ? [] : opts.keepFaults.split(',');
    const plantedBug = PLANTED_BUGS.find((b) => b === opts.plantBug);
    if (opts.plantBug && !plantedBug) throw new InvalidArgumentError(`--plant-bug must be one of ${PLANTED_BUGS.join(', ')}`);
    const progress = createProgress(opts.crashPoints.startsWith('all') && !crashAt ? 0 : opts.runs, process.stderr);
    const failures: ChaosRunResult[] = [];
    const results = await exploreChaosInWorkers(
      { firstSeed: opts.seed, runs: opts.runs, scenario: opts.scenario, crashPoints: opts.crashPoints as 'random' | 'all' | 'all-twice' | 'none', crashAt, keepFaults, plantedBug, concurrency: opts.concurrency, ...(opts.asWritten ? { asWritten: true } : {}) },
      workers,
      (r) => {
        progress.tick(r.violations.length > 0);
        if (r.violations.length) failures.push(r);
      },
    );
    progress.done();
    for (const r of failures) {
      console.log(`VIOLATION seed ${r.seed} ${r.scenario}${r.crash ? ` crash ${formatCrashPlan(r.crash)}` : ''}`);
      for (const v of r.violations) console.log(`  invariant ${v.invariant}: ${v.detail}`);
      console.log(`  reproduce: ${r.repro}`);
    }
    // shrink and report the first few failures (each shrink is up to 24 more runs)
    for (const r of failures.slice(0, 5)) {
      const { report, paths } = await reportFailure(r, opts.reports, opts.shrink);
      if (report.shrunk) console.log(`shrunk seed ${r.seed} in ${report.shrunk.attempts} runs: ${report.shrunk.repro}`);
      console.log(`report: ${paths.html} (and ${paths.json})`);
    }
    for (const line of chaosSummary(results)) console.log(line);
    process.exitCode = failures.length ? 1 : 0;
  });

program
  .command('scenarios')
  .description('list the bundled scenarios')
  .action(() => {
    const all = loadBundledScenarios();
    const width = Math.max(...all.map((s) => s.name.length));
    for (const s of all) console.log(`${s.name.padEnd(width)}  ${s.expected.outcome.padEnd(18)}  ${s.description}`);
  });

program
  .command('contract')
  .description('run the contract suite against a running implementation (ours, or a payer sandbox) and print a conformance table; exit 1 on a failure')
  .requiredOption('--base-url <url>', 'where the implementation listens, e.g. http://127.0.0.1:4010', parseBaseUrl)
  .option('--admin', 'also check the simulator admin API (clock, reset): only for prior-auth-sim itself')
  .option('--only <ids>', 'comma-separated check ids', (v) => v.split(','))
  .option('--body-limit <bytes>', 'the implementation\'s request body limit, for the 413 check', (v) => Number(v))
  .option('--bearer-token <token>', 'send Authorization: Bearer <token> with every request')
  .action(async (opts: { baseUrl: string; admin?: boolean; only?: string[]; bodyLimit?: number; bearerToken?: string }) => {
    const { httpTarget, runContractSuite, formatConformanceTable, CONTRACT_CHECKS } = await import('./index.js');
    const unknown = opts.only?.filter((id) => !CONTRACT_CHECKS.some((c) => c.id === id));
    if (unknown?.length) throw new InvalidArgumentError(`--only: no check ${unknown.join(', ')}; checks: ${CONTRACT_CHECKS.map((c) => c.id).join(', ')}`);
    const token = opts.bearerToken;
    const target = httpTarget(opts.baseUrl, { controllable: opts.admin ?? false, ...(token ? { auth: { token: () => token } } : {}) });
    const results = await runContractSuite(target, { ...(opts.only ? { only: opts.only } : {}), ...(opts.bodyLimit ? { bodyLimitBytes: opts.bodyLimit } : {}) });
    console.log(formatConformanceTable(results, target.baseUrl));
    process.exitCode = results.some((r) => r.status === 'fail') ? 1 : 0;
  });

program
  .command('openapi')
  .description('print the OpenAPI 3.1 document (built from the zod contracts)')
  .action(() => {
    process.stdout.write(`${JSON.stringify(openApiDocument(), null, 2)}\n`);
  });

// an error outside an action (e.g. a server that cannot bind its port) is one line too
process.on('uncaughtException', (err) => {
  console.error(formatCliError(err));
  if (process.env.PRIOR_AUTH_SIM_DEBUG) console.error(err.stack);
  process.exit(1);
});

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ListenError) {
    console.error(`prior-auth-sim: ${err.message}`);
    process.exit(err.code === 'EADDRINUSE' ? EXIT_PORT_IN_USE : 1);
  }
  console.error(formatCliError(err));
  if (process.env.PRIOR_AUTH_SIM_DEBUG && err instanceof Error) console.error(err.stack);
  process.exit(err instanceof InvalidArgumentError || isUsageError(err) ? 2 : 1);
}
