/**
 * `npm run bench`: every figure next to an anchor measured in the same run, each section in a
 * process of its own (clean peak RSS; the AWS test runner's fake timers stay in theirs). Bounded:
 * fixed run counts and durations, 127.0.0.1 only. Sizes via environment (defaults in brackets):
 * BENCH_RUNS [5] pipeline runs, BENCH_HTTP_SECONDS [3] and BENCH_HTTP_ROUNDS [3] per HTTP target,
 * BENCH_RUNTIME_SIZES [10,100,1000,10000], BENCH_WORKFLOW_SIZES [10,100,1000],
 * BENCH_CLAIMS [1,1000,10000,100000] and BENCH_LOOKUP_STORE [memory,durable] (the lookup table), BENCH_CHAOS_RUNS [400] and BENCH_CHAOS_COMPILED [1] (also sweep the built package: runs `npm run build`), BENCH_MEMORY_REQUESTS [1000000] and
 * BENCH_MEMORY_CLAIMS [50000] (the memory section's mixed run), BENCH_MEMORY_STORE [memory,durable] (without / with a data directory), BENCH_MODEL_RUNS [100], BENCH_MODEL_ROUNDS [3].
 * docs/performance.md explains each figure.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const env = (name: string, fallback: string) => process.env[name] ?? fallback;
const RUNS = env('BENCH_RUNS', '5');

/** Runs bench/<file> in a new node process and returns the JSON line it printed last. */
function section<T>(file: string, ...args: (string | number)[]): T {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(new URL(file, import.meta.url)), ...args.map(String)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as T;
}
const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const ms = (v: number) => `${v.toFixed(0)} ms`;

/** The performance targets (docs/performance.md), checked where their figure is measured and listed together at the end. */
const targets: { what: string; measured: string; bound: string; met: boolean }[] = [];
function check(what: string, value: number, op: '≥' | '≤', bound: number, unit = '') {
  const shown = (v: number) => `${Number.isInteger(v) ? v : v.toFixed(2)}${unit}`;
  targets.push({ what, measured: shown(value), bound: `${op} ${shown(bound)}`, met: op === '≥' ? value >= bound : value <= bound });
}
const row = (...cells: string[]) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(44) : c.padStart(16))).join(''));

console.log(`prior-auth-sim bench: node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);

// 1. Pipeline: the 7-day review + 48 polls shape, anchored on AWS's LocalDurableTestRunner.
{
  const aws = section<{ medianMs: number }>('pipeline-aws-runner.ts', RUNS);
  const ours = section<{ medianMs: number; sdkCooldownMedianMs: number; byPolls: Record<string, number>; byPollsCpu: Record<string, number> }>('pipeline-runtime.ts', RUNS);
  const e2e = section<{ fullMedianMs: number; fullP90Ms: number; longestMedianMs: number }>('pipeline-e2e.ts', RUNS);
  console.log('pipeline (median wall per run; anchor: AWS LocalDurableTestRunner, same shape, no I/O)');
  row('', 'wall', 'vs AWS runner');
  row('AWS runner: 7-day wait + 48 polls', ms(aws.medianMs), '1.00×');
  row('our runtime: same shape', ms(ours.medianMs), x(ours.medianMs, aws.medianMs));
  row('our runtime: same shape, SDK cooldown kept', ms(ours.sdkCooldownMedianMs), x(ours.sdkCooldownMedianMs, aws.medianMs));
  row('e2e over HTTP: 7-day review + 48 polls', ms(e2e.longestMedianMs), x(e2e.longestMedianMs, aws.medianMs));
  row('e2e over HTTP: full execution (median)', ms(e2e.fullMedianMs), x(e2e.fullMedianMs, aws.medianMs));
  row('e2e over HTTP: full execution (p90)', ms(e2e.fullP90Ms), x(e2e.fullP90Ms, aws.medianMs));
  check('pipeline: 7-day review + 48 polls, median wall', Math.round(e2e.longestMedianMs), '≤', 250, ' ms');
  check('pipeline: full execution, median wall', Math.round(e2e.fullMedianMs), '≤', 150, ' ms');
  for (const [what, byPolls] of [['wall', ours.byPolls], ['process CPU', ours.byPollsCpu]] as const) {
    const polls = Object.entries(byPolls);
    const [p0, w0] = polls[0]!;
    console.log(`  replay cost vs poll count (our runtime, ${what}; per poll relative to ${p0} polls): ${polls.map(([p, w]) => `${p}: ${ms(w)} (${((w / Number(p)) / (w0 / Number(p0))).toFixed(2)})`).join(', ')}`);
  }
  console.log('');
}

// 2. Scaling: throughput and peak RSS with N executions at once; anchor: the smallest N.
for (const [kind, sizes] of [['runtime', env('BENCH_RUNTIME_SIZES', '10,100,1000,10000')], ['workflow', env('BENCH_WORKFLOW_SIZES', '10,100,1000')]] as const) {
  console.log(`${kind} scaling (${kind === 'runtime' ? 'step → 1-day wait → step, runtime alone' : 'prior-auth workflow over HTTP'}; anchor: the first size)`);
  row('concurrent executions', 'executions/s', 'vs first', 'peak RSS', 'RSS/execution');
  let first: { perSecond: number; peakRssMb: number } | undefined;
  const bySize = new Map<number, number>();
  for (const n of sizes.split(',').map(Number)) {
    const r = section<{ perSecond: number; peakRssMb: number }>('scaling.ts', kind, n);
    first ??= r;
    bySize.set(n, r.perSecond);
    row(String(n), r.perSecond.toFixed(r.perSecond < 10 ? 2 : 0), x(r.perSecond, first.perSecond), `${r.peakRssMb} MB`, `${(((r.peakRssMb - first.peakRssMb) * 1024) / n).toFixed(1)} KB`);
  }
  if (kind === 'workflow' && bySize.has(100) && bySize.has(1000)) check('workflow: executions/s at 1,000 at once ÷ at 100', bySize.get(1000)! / bySize.get(100)!, '≥', 1, '×');
  console.log('');
}

// 3. Simulator: $inquire over HTTP, anchored on a bare node:http server sending the same bytes, and on WireMock.
{
  type T = { rps: number; p50: number; p99: number };
  const h = section<{ responseBytes: number; connections: number; wiremockSkipped?: string; targets: Record<'bare' | 'simulator' | 'simulator-express' | 'wiremock', T | undefined>; submit: T }>('http-anchors.ts', env('BENCH_HTTP_SECONDS', '3'), env('BENCH_HTTP_ROUNDS', '3'));
  console.log(`$inquire over HTTP (${h.responseBytes} B answer, ${h.connections} connections; anchors: bare node:http, WireMock)`);
  row('', 'req/s', 'p50 / p99 ms', 'vs bare', 'vs WireMock');
  for (const name of ['bare', 'wiremock', 'simulator', 'simulator-express'] as const) {
    const t = h.targets[name];
    if (!t) continue;
    row(name, t.rps.toFixed(0), `${t.p50} / ${t.p99}`, x(t.rps, h.targets.bare!.rps), h.targets.wiremock ? x(t.rps, h.targets.wiremock.rps) : '-');
  }
  if (h.wiremockSkipped) console.log(`  WireMock skipped: ${h.wiremockSkipped}`);
  row('$submit, unique keys', h.submit.rps.toFixed(0), `${h.submit.p50} / ${h.submit.p99}`, x(h.submit.rps, h.targets.bare!.rps), '-');
  const sim = h.targets.simulator!;
  check('$inquire over HTTP ÷ bare node:http', sim.rps / h.targets.bare!.rps, '≥', 0.5, '×');
  if (h.targets.wiremock) check('$inquire over HTTP ÷ WireMock', sim.rps / h.targets.wiremock.rps, '≥', 3, '×');
  check('$inquire over HTTP: p99 at 50 connections', sim.p99, '≤', 10, ' ms');
  check('$submit over HTTP, unique keys', Math.round(h.submit.rps), '≥', 5000, ' req/s');
  console.log('');
}

// 4. Simulator: lookup latency by path and stored claims (in process); anchor: the same path with one claim stored.
for (const store of env('BENCH_LOOKUP_STORE', 'memory,durable').split(',')) {
  const c = section<{ microsecondsPerLookup: Record<string, Record<string, number>> }>('claim-lookup.ts', env('BENCH_CLAIMS', '1,1000,10000,100000'), store);
  const sizes = Object.keys(c.microsecondsPerLookup);
  const first = c.microsecondsPerLookup[sizes[0]!]!;
  console.log(`lookups in process, ${store === 'durable' ? 'with a data directory' : 'no data directory'}: µs per lookup by path and stored claims (× the same path with ${sizes[0]} claim(s) stored)`);
  row('path', ...sizes.map((n) => `${n} claims`));
  for (const path of Object.keys(first)) row(path, ...sizes.map((n) => `${c.microsecondsPerLookup[n]![path]!.toFixed(0)} (${x(c.microsecondsPerLookup[n]![path]!, first[path]!)})`));
  console.log('');
}

// 5. Memory: heap per stored claim, RSS growth over many requests (in process); anchor: RSS after warm-up.
{
  type Run = { requests: number; uniqueClaims: number; rssBeforeMb: number; rssAfterMb: number; growthMb: number; heapGrowthMb: number; rssCurveMb: number[]; peakRssMb: number; rssSettledMb: number; settledGrowthMb: number };
  // `durable`: each simulator on a temporary data directory, big tables paged to SQLite
  for (const store of env('BENCH_MEMORY_STORE', 'memory,durable').split(',')) {
    const m = section<{ claim: { bytesPerClaim: number; bytesPerClaimWithoutIdempotency: number; bufferBytesPerClaim: number; bufferBytesPerClaimWithoutIdempotency: number; requestBundleJsonBytes: number }; mixed: Run; readOnly: Run }>('memory.ts', 5000, env('BENCH_MEMORY_REQUESTS', '1000000'), env('BENCH_MEMORY_CLAIMS', '50000'), 'both', store);
    const where = store === 'durable' ? 'with a data directory' : 'no data directory';
    console.log(`memory, ${where} (in process; a stored claim's request Bundle is ${m.claim.requestBundleJsonBytes} B of JSON)`);
    row('', 'live heap', 'buffers', 'total');
    row('per stored claim', `${m.claim.bytesPerClaimWithoutIdempotency} B`, `${m.claim.bufferBytesPerClaimWithoutIdempotency} B`, `${m.claim.bytesPerClaimWithoutIdempotency + m.claim.bufferBytesPerClaimWithoutIdempotency} B (≤ 4096)`);
    check(`memory (${where}): a stored claim`, m.claim.bytesPerClaimWithoutIdempotency + m.claim.bufferBytesPerClaimWithoutIdempotency, '≤', 4096, ' B');
    row('  with its idempotency record (until the TTL)', `${m.claim.bytesPerClaim} B`, `${m.claim.bufferBytesPerClaim} B`, `${m.claim.bytesPerClaim + m.claim.bufferBytesPerClaim} B`);
    row('RSS (growth from the warm-up)', 'after warm-up', 'peak', 'at the end', '5 s later', 'heap growth');
    for (const [name, r, target] of [[`mixed: ${m.mixed.requests} requests, ${m.mixed.uniqueClaims} claims`, m.mixed, 300], [`read-only: ${m.readOnly.requests} requests`, m.readOnly, 50]] as const) {
      row(name, `${r.rssBeforeMb} MB`, `${r.peakRssMb} MB`, `${r.rssAfterMb} (+${r.growthMb})`, `${r.rssSettledMb} (+${r.settledGrowthMb})`, `${r.heapGrowthMb} MB`);
      check(`memory (${where}): RSS growth that stays, ${name.split(':')[0]}`, r.settledGrowthMb, '≤', target, ' MB');
    }
    console.log(`  RSS every 10% (mixed): ${m.mixed.rssCurveMb.join(' ')} MB; (read-only): ${m.readOnly.rssCurveMb.join(' ')} MB\n`);
  }
}

// 6. Chaos: runs per minute, CPU per run and peak RSS; anchor: one worker thread. Digests must match.
{
  const runs = Number(env('BENCH_CHAOS_RUNS', '400'));
  const cores = Math.max(1, Math.min(os.availableParallelism(), 8));
  type Sweep = { perMinute: number; cpuMsPerRun: number; peakRssMb: number; digest: string; violations: number };
  const one = section<Sweep>('chaos-sweep.ts', runs, 1, 8);
  const all = cores > 1 ? section<Sweep>('chaos-sweep.ts', runs, cores, 8) : undefined;
  const serial = section<Sweep>('chaos-sweep.ts', Math.min(runs, 100), 1, 1);
  // the installed package runs dist/ (`prior-auth-sim chaos --workers`): build it, then the same sweep
  let built: Sweep | undefined;
  if (env('BENCH_CHAOS_COMPILED', '1') === '1' && cores > 1) {
    execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
    built = section<Sweep>('chaos-sweep.ts', runs, cores, 8, 'compiled');
  }
  console.log(`chaos (${runs} runs: random faults, a crash plan each, all invariants; anchor: 1 worker thread)`);
  row('', 'runs/min', 'vs 1 worker', 'CPU/run', 'peak RSS', 'violations');
  const line = (name: string, r: Sweep) => row(name, r.perMinute.toFixed(0), x(r.perMinute, one.perMinute), `${r.cpuMsPerRun.toFixed(0)} ms`, `${r.peakRssMb} MB`, String(r.violations));
  line('1 worker, 8 runs in flight', one);
  if (all) line(`${cores} workers, 8 runs in flight each`, all);
  if (built) line(`${cores} workers × 8, the compiled package`, built);
  line('1 worker, 1 run in flight (first 100 seeds)', serial);
  const widest = built ?? all ?? one;
  check(`chaos: runs/min on ${cores} core(s)${built ? ', compiled package' : ''}`, Math.round(widest.perMinute), '≥', 4000);
  check(`chaos: peak RSS of a ${runs}-run sweep${built ? ', compiled package' : ''}`, widest.peakRssMb, '≤', 400, ' MB');
  const digests = [one, all, built].filter((r): r is Sweep => !!r).map((r) => r.digest);
  const same = digests.every((d) => d === digests[0]);
  console.log(`  results identical whatever the workers: ${same ? 'yes' : 'NO'} (digests ${digests.join(' / ')})`);
  if (!same) process.exitCode = 1;
}

// 7. Model gateway: tokens and simulated cost per execution, clean vs chaos; chaos runs/min with the gateway vs model-less agents (the anchor).
{
  type Usage = { tokens: number; costUsd: number; calls: number; overheadShare: number; overhead: Record<string, number>; violations: number };
  const m = section<{ runs: number; rounds: number; clean: Usage; chaos: Usage; perMinute: { withoutModel: number; withModel: number; ratio: number }; cpuMsPerRun: { ratio: number } }>('model-gateway.ts', env('BENCH_MODEL_RUNS', '100'), env('BENCH_MODEL_ROUNDS', '3'));
  console.log(`model gateway (tokens by the 4-characters-per-token approximation; cost at the default model's list price)`);
  row('', 'tokens/exec', '$/exec', 'calls/exec', 'overhead');
  row('clean: every bundled scenario as written', m.clean.tokens.toFixed(0), m.clean.costUsd.toFixed(4), m.clean.calls.toFixed(1), `${(m.clean.overheadShare * 100).toFixed(0)}%`);
  row(`chaos palette: ${m.runs} seeded runs`, m.chaos.tokens.toFixed(0), m.chaos.costUsd.toFixed(4), m.chaos.calls.toFixed(1), `${(m.chaos.overheadShare * 100).toFixed(0)}%`);
  console.log(`  chaos overhead by cause (tokens): ${Object.entries(m.chaos.overhead).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  row(`chaos runs/min (${m.runs} runs, median of ${m.rounds} rounds, 1 thread)`, 'runs/min', 'vs no model');
  row('agents without the model (anchor)', m.perMinute.withoutModel.toFixed(0), '1.00×');
  row('agents with the model gateway', m.perMinute.withModel.toFixed(0), `${m.perMinute.ratio.toFixed(2)}× (CPU per run ${m.cpuMsPerRun.ratio.toFixed(2)}×; medians of the rounds' ratios)`);
  check('chaos runs/min with the model gateway ÷ model-less agents', m.perMinute.ratio, '≥', 0.8, '×');
  console.log('');
}

// 8. Durable simulator state: $submit/$inquire with the SQLite store vs in memory, restart-to-ready (bench/store.ts).
await (await import('./store.js')).benchStore();

// The targets, together: a figure outside its bound is reported, not fatal (the machine may be busy).
console.log('\ntargets (docs/performance.md)');
for (const t of [{ what: '', measured: 'measured', bound: 'target', met: undefined }, ...targets]) {
  console.log(`${t.what.padEnd(64)}${t.measured.padStart(14)}${t.bound.padStart(14)}${(t.met === undefined ? 'met' : t.met ? 'yes' : 'NO').padStart(6)}`);
}
