/**
 * The package as its users install it: `npm pack` of a fresh build, installed from the tarball
 * into scratch projects under the OS temp dir, each with only what that kind of user has —
 * plain Node (ESM, CommonJS, the CLI), msw, jest 30 with its default configuration, vitest, and
 * `tsc --strict` with `tsc --init`'s options and skipLibCheck off. Measurements (tarball, install
 * time and size) are printed, never asserted on time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { installScripts, mustRun, scratchProject, treeBytes, type ScratchProject } from './scratch-project.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const MSW = 'msw@^2.15.0';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'prior-auth-sim-pack-'));
const measured: Record<string, string> = {};
/** Per test: npx, node and tsc start-ups on a shared 2-core machine take their time. */
const SLOW = 300_000;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

let tarball: string;
let packed: { size: number; unpackedSize: number; entryCount: number; files: { path: string }[] };
let light: ScratchProject;
let withMsw: ScratchProject;
let jestProject: ScratchProject;
let vitestProject: ScratchProject;
let tscProject: ScratchProject;

const SUBMIT_ESM = `
import { createSimulator, createTestClient, pasBundle, meetsCriteria, PERSONAS, VirtualClock, FaultRuleSchema, resolveScenario } from 'prior-auth-sim';
const sim = createSimulator({ config: { seed: 7 }, clock: new VirtualClock() });
const client = createTestClient({ baseUrl: 'http://sim.test', fetch: sim.handle });
const r = await client.submit(pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') }));
let refused = '';
try { sim.faults.arm({ match: { route: '/nope/x' }, fault: { kind: 'connection-reset' } }); } catch (e) { refused = e.message; }
console.log(JSON.stringify({ status: r.status, action: r.reviewActions[0]?.code, personas: PERSONAS.length, schema: FaultRuleSchema.safeParse({ schedule: { kind: 'sometimes' }, fault: { kind: 'hang' } }).success, refused, scenario: resolveScenario('happy-path-webhooks').name }));
`;

const SUBMIT_CJS = `
const { createSimulator, createTestClient, pasBundle, meetsCriteria, resolveScenario } = require('prior-auth-sim');
(async () => {
  const sim = createSimulator({ config: { seed: 7 } });
  const r = await createTestClient({ baseUrl: 'http://sim.test', fetch: sim.handle }).submit(pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') }));
  console.log(JSON.stringify({ status: r.status, action: r.reviewActions[0]?.code, scenario: resolveScenario('physician-rejects').expected.outcome }));
})();
`;

const MSW_ESM = `
import { setupServer } from 'msw/node';
import { createSimulator, createTestClient, pasBundle, meetsCriteria } from 'prior-auth-sim';
import { createHandlers } from 'prior-auth-sim/msw';
const sim = createSimulator({ config: { seed: 7 } });
const server = setupServer(...createHandlers(sim, { origin: 'http://payer.test' }));
server.listen({ onUnhandledRequest: 'error' });
const r = await createTestClient({ baseUrl: 'http://payer.test' }).submit(pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') }));
sim.faults.arm({ match: { route: '/ehr/fhir/Patient' }, fault: { kind: 'connection-reset' } });
const reset = await fetch('http://payer.test/ehr/fhir/Patient').then(() => 'answered', (e) => e.name);
server.close();
console.log(JSON.stringify({ status: r.status, action: r.reviewActions[0]?.code, reset }));
`;

const MSW_CJS = `
const { setupServer } = require('msw/node');
const { createSimulator, createTestClient, pasBundle, meetsCriteria } = require('prior-auth-sim');
const { createHandlers } = require('prior-auth-sim/msw');
(async () => {
  const sim = createSimulator({ config: { seed: 7 } });
  const server = setupServer(...createHandlers(sim, { origin: 'http://payer.test' }));
  server.listen({ onUnhandledRequest: 'error' });
  const r = await createTestClient({ baseUrl: 'http://payer.test' }).submit(pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') }));
  sim.faults.arm({ match: { route: '/ehr/fhir/Patient' }, fault: { kind: 'connection-reset' } });
  const reset = await fetch('http://payer.test/ehr/fhir/Patient').then(() => 'answered', (e) => e.name);
  server.close();
  console.log(JSON.stringify({ status: r.status, action: r.reviewActions[0]?.code, reset }));
})();
`;

// no msw here: msw 2.15's own CommonJS build requires an ES-module-only dependency (rettime),
// which jest's default set-up can load only on Node 24.9+ — msw's limit, not this package's
const JEST_TEST = `
const { createSimulator, createTestClient, pasBundle, meetsCriteria, ScenarioSchema } = require('prior-auth-sim');
const sim = createSimulator({ config: { seed: 7 } });
test('a PAS submission in-process is certified', async () => {
  const r = await createTestClient({ baseUrl: 'http://payer.test', fetch: sim.handle }).submit(pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') }));
  expect(r.status).toBe(200);
  expect(r.reviewActions[0].code).toBe('A1');
});
test('the scenario schema refuses a bad file', () => {
  expect(ScenarioSchema.safeParse({ name: 'Bad Name' }).success).toBe(false);
});
`;

const VITEST_TEST = `
import { afterAll, beforeAll, expect, test } from 'vitest';
import { setupServer } from 'msw/node';
import { createSimulator, createTestClient, pasBundle, meetsCriteria } from 'prior-auth-sim';
import { createHandlers } from 'prior-auth-sim/msw';
const sim = createSimulator({ config: { seed: 7, payer: { rules: { '72148': { decision: 'A3', reason: 'not covered' } } } } });
const server = setupServer(...createHandlers(sim, { origin: 'http://payer.test' }));
beforeAll(() => server.listen());
afterAll(() => server.close());
test('a forced denial comes back A3', async () => {
  const r = await createTestClient({ baseUrl: 'http://payer.test' }).submit(pasBundle({ procedure: 'lumbarMri' }));
  expect(r.reviewActions[0]?.code).toBe('A3');
});
`;

const TSC_ESM = `
import { createSimulator, createTestClient, pasBundle, meetsCriteria, ScenarioSchema, VirtualClock, PERSONAS, httpTarget, runContractSuite, type Clock, type Scenario, type FaultRuleInput, type PersonaId, type SubmitResult } from 'prior-auth-sim';
import { createHandlers } from 'prior-auth-sim/msw';
import { setupServer } from 'msw/node';
const clock: Clock = new VirtualClock();
const sim = createSimulator({ config: { seed: 1 }, clock });
setupServer(...createHandlers(sim, { origin: 'http://x.test' }));
const rule: FaultRuleInput = { schedule: { kind: 'first-n', n: 2 }, fault: { kind: 'http-status', status: 503, retryAfterSeconds: 1 } };
sim.faults.arm(rule);
const scenario: Scenario = ScenarioSchema.parse({});
const persona: PersonaId = PERSONAS[0].id;
const client = createTestClient({ baseUrl: 'http://x.test', fetch: sim.handle, auth: { token: async () => 'token' } });
const result: Promise<SubmitResult> = client.submit(pasBundle({ procedure: 'totalKnee', evidence: meetsCriteria('totalKnee') }));
void runContractSuite(httpTarget('http://127.0.0.1:4010'));
export { scenario, persona, result };
`;

const TSC_CJS = `
import prior = require('prior-auth-sim');
import mswEntry = require('prior-auth-sim/msw');
import mswNode = require('msw/node');
const sim = prior.createSimulator({ config: { seed: 1 }, clock: new prior.VirtualClock() });
mswNode.setupServer(...mswEntry.createHandlers(sim, { origin: 'http://x.test' }));
const rule: prior.FaultRuleInput = { fault: { kind: 'connection-reset' } };
sim.faults.arm(rule);
const outcome: prior.OrchestratorOutcome = 'APPROVED';
export = { outcome };
`;

beforeAll(async () => {
  const started = performance.now();
  await mustRun('npm', ['run', 'build'], REPO, 900_000);
  measured.build = `${((performance.now() - started) / 1000).toFixed(0)} s`;
  const pack = await mustRun('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', root], REPO);
  packed = (JSON.parse(pack.stdout) as (typeof packed & { filename: string })[])[0]!;
  tarball = path.join(root, (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename);
  measured.tarball = `${mb(packed.size)} packed, ${mb(packed.unpackedSize)} unpacked, ${packed.entryCount} files`;
  // the two light consumers one after the other, so their install times mean something; then the
  // rest side by side, all through the shared npm cache
  light = await scratchProject(root, 'light', tarball, []);
  withMsw = await scratchProject(root, 'msw', tarball, [MSW]);
  [jestProject, vitestProject, tscProject] = await Promise.all([
    scratchProject(root, 'jest', tarball, ['jest@30.5.2']),
    scratchProject(root, 'vitest', tarball, [MSW, 'vitest@4.1.12', 'vite@8.3.8'], { type: 'module' }),
    scratchProject(root, 'tsc', tarball, [MSW, 'typescript@5.9.3'], { type: 'module' }),
  ]);
  measured['install (tarball alone)'] = `${(light.installMs / 1000).toFixed(1)} s, ${mb(treeBytes(path.join(light.dir, 'node_modules')))}`;
  measured['install (tarball + msw)'] = `${(withMsw.installMs / 1000).toFixed(1)} s, ${mb(treeBytes(path.join(withMsw.dir, 'node_modules')))}`;
}, 1_800_000);

afterAll(() => {
  console.log(`packed-package measurements (${root}):\n${Object.entries(measured).map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds the compiled entries, types, maps, scenarios, docs, schema and LICENSE, and no tests or TypeScript sources', () => {
    const files = packed.files.map((f) => f.path);
    for (const f of ['LICENSE', 'README.md', 'bin/prior-auth-sim.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/index.js.map', 'dist/cjs/index.cjs', 'dist/cjs/index.d.cts', 'dist/cjs/msw.cjs', 'dist/src/adapters/msw.d.ts', 'dist/src/orchestrator.js', 'dist/src/cli.js', 'schemas/scenario.schema.json', 'docs/README.md', 'scenarios/happy-path-webhooks.yaml']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /\.test\.|(^|\/)test\/|\.fixture\.|^\.ci\/|^bench\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  }, SLOW);

  it('resolves its own exports map: every target exists', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(light.dir, 'node_modules/prior-auth-sim/package.json'), 'utf8')) as { exports: Record<string, unknown> };
    const leaves = (v: unknown): string[] => (typeof v === 'string' ? [v] : Object.values(v as Record<string, unknown>).flatMap(leaves));
    const targets = leaves(pkg.exports);
    expect(targets.length).toBeGreaterThan(10);
    for (const t of targets) expect(`${t}: ${fs.existsSync(path.join(light.dir, 'node_modules/prior-auth-sim', t))}`).toBe(`${t}: true`);
  }, SLOW);
});

describe('a consumer without msw or the orchestrator\'s peers', () => {
  it('installs no native module, no AWS SDK and nothing with an install script', () => {
    const nm = path.join(light.dir, 'node_modules');
    expect(installScripts(nm)).toEqual([]);
    for (const heavy of ['better-sqlite3', '@aws/durable-execution-sdk-js', '@aws-sdk', 'tsx', 'esbuild', '@faker-js/faker']) expect(`${heavy}: ${fs.existsSync(path.join(nm, heavy))}`).toBe(`${heavy}: false`);
  }, SLOW);

  it('imports the simulator as plain Node ESM', async () => {
    light.write('esm.mjs', SUBMIT_ESM);
    const r = await light.run('node', ['esm.mjs']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ status: 200, action: 'A1', personas: 13, schema: false, scenario: 'happy-path-webhooks' });
    expect(out.refused).toMatch(/match\.route/);
  }, SLOW);

  it('requires the simulator from CommonJS', async () => {
    light.write('cjs.cjs', SUBMIT_CJS);
    const r = await light.run('node', ['cjs.cjs']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ status: 200, action: 'A1', scenario: 'REJECTED' });
  }, SLOW);

  it('runs the compiled CLI: --version, and a one-line error naming the missing peers for run and chaos', async () => {
    const version = await light.run('npx', ['prior-auth-sim', '--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version);
    for (const args of [['run', 'happy-path-webhooks'], ['chaos', '--runs', '1']]) {
      const r = await light.run('npx', ['prior-auth-sim', ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^prior-auth-sim: prior-auth-sim (run|chaos) needs the optional peer dependencies .*npm install/)]);
    }
  }, SLOW);

  it('serves the simulator and passes its own contract suite over HTTP (prior-auth-sim contract)', async () => {
    const server = light.spawn('node', ['node_modules/prior-auth-sim/bin/prior-auth-sim.js', 'serve', '--port', '0', '--clock', 'virtual']);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        server.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
      });
      const r = await light.run('npx', ['prior-auth-sim', 'contract', '--base-url', url, '--admin']);
      expect(r.stdout).toMatch(/^\d+ passed, 0 failed, 0 skipped$/m);
      expect(r.stdout).toMatch(/^PASS +payer +payer-idempotency/m);
      expect(r.code).toBe(0);
    } finally {
      server.kill();
    }
  }, SLOW);
});

describe('an msw consumer', () => {
  it('gets a network error for a reset and a certified claim, from ESM and from CommonJS', async () => {
    withMsw.write('msw.mjs', MSW_ESM);
    withMsw.write('msw.cjs', MSW_CJS);
    for (const file of ['msw.mjs', 'msw.cjs']) {
      const r = await withMsw.run('node', [file]);
      expect(`${file}: ${r.stderr}`).toBe(`${file}: `);
      expect(JSON.parse(r.stdout)).toEqual({ status: 200, action: 'A1', reset: 'TypeError' });
    }
  }, SLOW);
});

describe('test runners with their default configuration', () => {
  it('jest 30 (no config, CommonJS test file)', async () => {
    jestProject.write('sim.test.js', JEST_TEST);
    const r = await jestProject.run('npx', ['jest', '--ci']);
    expect(r.stderr).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(r.code).toBe(0);
  }, SLOW);

  it('vitest (no config, TypeScript test file)', async () => {
    vitestProject.write('sim.test.ts', VITEST_TEST);
    const r = await vitestProject.run('npx', ['vitest', 'run']);
    // eslint-disable-next-line no-control-regex -- vitest colours its summary
    expect(`${r.stdout}${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/Tests\s+1 passed/);
    expect(r.code).toBe(0);
  }, SLOW);
});

describe('tsc --strict with tsc --init options and skipLibCheck off', () => {
  it('type-checks an ESM and a CommonJS consumer', async () => {
    await mustRun('npx', ['tsc', '--init'], tscProject.dir);
    const config = fs.readFileSync(path.join(tscProject.dir, 'tsconfig.json'), 'utf8').replace(/"skipLibCheck": true/, '"skipLibCheck": false');
    expect(config).toContain('"skipLibCheck": false');
    expect(config).toContain('"strict": true');
    tscProject.write('tsconfig.json', config);
    tscProject.write('esm-consumer.mts', TSC_ESM);
    tscProject.write('cjs-consumer.cts', TSC_CJS);
    const r = await tscProject.run('npx', ['tsc', '--noEmit', '-p', '.']);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  }, SLOW);
});
