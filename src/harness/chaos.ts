/**
 * Chaos exploration: each run derives from its seed — a bundled scenario, extra fault rules
 * drawn from a palette of recoverable faults across payer, EHR and review, and (optionally)
 * a crash of the runtime at one crash point, optionally followed by a second crash while it
 * recovers — then the invariants are checked from the simulator's ledger and journal and the
 * runtime's history. A violation carries the one command that reproduces it, and can be
 * shrunk to a minimal fault schedule (see shrink.ts).
 */
import type { FaultRuleInput } from '../contracts/faults.js';
import type { Scenario } from '../contracts/scenario.js';
import { Rng } from '../core/rng.js';
import { scenarioConfig } from '../core/scenarios/scenario-config.js';
import { SimulatedCrash, type CrashPoint } from '../../orchestrator/runtime/index.js';
import type { PlantedBug } from './planted-bugs.js';
import { DEFAULT_WORKFLOW_CONFIG } from '../../orchestrator/workflow-types.js';
import { startE2eEnvironment } from './e2e-environment.js';
import { checkInvariants, type Violation } from './invariants.js';
import { collectEvidence } from './evidence.js';
import { buildTimeline } from './timeline.js';
import { runTrace } from './run-trace.js';
import type { TimelineEvent } from './chaos-report.js';
import { modelUsage, type ModelUsage } from './model-usage.js';

/** The crash points a plan can name first (`during-recovery` only follows a crash). */
export const CRASH_POINTS = ['before-checkpoint-persist', 'after-checkpoint-persist', 'after-side-effect'] as const;

export interface CrashPlan {
  point: (typeof CRASH_POINTS)[number];
  /** Crash at the n-th time this point is reached (1-based). */
  occurrence: number;
  /** Then crash again as the restarted runtime resumes the execution. */
  thenDuringRecovery?: boolean;
}

export interface ChaosRunOptions {
  /** The scenario exactly as written: no drawn fault rules, no parameter variation (only the crash). */
  asWritten?: boolean;
  crash?: CrashPlan;
  plantedBug?: PlantedBug;
  /**
   * The drawn fault rules to keep (default: all), by id; `id@n` keeps a first-n rule with a
   * smaller n (how shrinking writes it). The scenario's own rules always stay.
   */
  keepFaults?: readonly string[];
  /** Benchmarking only: the agents run without the model (no gateway in the loop). */
  withoutModel?: boolean;
  /** Keep the run's whole trace (every history event and request, in order): how two runs are compared step by step. */
  trace?: boolean;
}

export interface ChaosRunResult {
  seed: number;
  /** The scenario as `--scenario` takes it: a bundled name, or the path of the YAML file it came from. */
  scenario: string;
  crash?: CrashPlan;
  plantedBug?: PlantedBug;
  asWritten?: boolean;
  /** The drawn fault rules armed on top of the scenario's (after `keepFaults`). */
  schedule: FaultRuleInput[];
  /** How this seed varied the scenario's parameters. */
  variation: ScenarioVariation;
  crashed: number;
  /** Fault kinds the simulator actually injected, from its journal. */
  faults: string[];
  status: string;
  outcome?: string;
  violations: Violation[];
  /** Tokens and cost the run spent on the model, and the retry overhead by cause. */
  model: ModelUsage;
  /** Crash-point hits of each kind during the run (to enumerate `--crash-points all`). */
  pointHits: Record<CrashPoint, number>;
  repro: string;
  /** The merged simulator + runtime timeline, kept only when an invariant broke (for the report). */
  timeline?: TimelineEvent[];
  /** With `trace`: every runtime history event and simulator request of the run, one line each (see run-trace.ts). */
  trace?: string[];
}

/**
 * Recoverable SMART auth faults, drawn (from their own stream, so other scenarios' draws stay as
 * they were) only for scenarios running `auth: smart`: a token expiring mid-flow, the token
 * endpoint down for a while, an auth server clock off by ten minutes.
 */
function drawAuthFaults(seed: number): FaultRuleInput[] {
  const rng = new Rng(`chaos/${seed}`).fork('auth-faults');
  const palette: Array<(n: number) => FaultRuleInput> = [
    // one expiry per call: the client renews once, and a second 401 on the renewed token is (rightly) not retried
    () => ({ match: { system: 'payer', route: '/payer/fhir/Claim/$submit' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'token-expired' } }),
    () => ({ match: { system: 'ehr', route: '/ehr/fhir' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'token-expired' } }),
    (n) => ({ match: { system: 'payer', route: '/payer/auth/token' }, schedule: { kind: 'first-n', n }, fault: { kind: 'http-status', status: 503, retryAfterSeconds: 5 } }),
    () => ({ match: { system: 'ehr', route: '/ehr/auth/token' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'connection-reset' } }),
    () => ({ match: { system: 'payer', route: '/payer/auth/token' }, fault: { kind: 'clock-skew', seconds: rng.pick([-600, 600]) } }),
  ];
  return rng.chance(0.5) ? [{ ...rng.pick(palette)(rng.int(1, 3)), id: 'chaos-auth-1' }] : [];
}

/**
 * Recoverable model API faults (src/model), drawn from their own stream so the other draws
 * stay as they were: Bedrock errors, latency, a reset connection, and a response lost (or
 * mangled) after its tokens were spent. One run in four: each adds step retries (invocations),
 * and chaos throughput is budgeted.
 */
function drawModelFaults(seed: number): FaultRuleInput[] {
  const rng = new Rng(`chaos/${seed}`).fork('model-faults');
  const error = (error: 'ThrottlingException' | 'ServiceUnavailableException' | 'ModelTimeoutException' | 'ModelNotReadyException' | 'InternalServerException') =>
    (n: number): FaultRuleInput => ({ match: { system: 'model' }, schedule: { kind: 'first-n', n }, fault: { kind: 'model-error', error } });
  const palette: Array<(n: number) => FaultRuleInput> = [
    error('ThrottlingException'), error('ServiceUnavailableException'), error('ModelTimeoutException'), error('ModelNotReadyException'), error('InternalServerException'),
    () => ({ match: { system: 'model' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'response-lost-after-commit' } }),
    () => ({ match: { system: 'model' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'connection-reset' } }),
    () => ({ match: { system: 'model' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'malformed-json' } }),
    (n) => ({ match: { system: 'model' }, schedule: { kind: 'every-kth', k: n + 1 }, fault: { kind: 'latency', distribution: { kind: 'lognormal', median: 2000, p99: 20000 } } }),
  ];
  return rng.chance(0.25) ? [{ ...rng.pick(palette)(rng.int(1, 3)), id: 'chaos-model-1' }] : [];
}

/** Recoverable faults only (bounded counts within the step retry budget): the expected outcome must still hold. */
export function drawFaults(seed: number, scenario?: Pick<Scenario, 'auth'>): FaultRuleInput[] {
  const rng = new Rng(`chaos/${seed}`).fork('faults');
  const palette: Array<(n: number) => FaultRuleInput> = [
    (n) => ({ match: { system: 'payer', route: '/payer/fhir/Claim/$submit' }, schedule: { kind: 'first-n', n }, fault: { kind: 'http-status', status: 503, retryAfterSeconds: 5 } }),
    () => ({ match: { system: 'payer', route: '/payer/fhir/Claim/$submit' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'response-lost-after-commit' } }),
    () => ({ match: { system: 'payer', route: '/payer/fhir/Claim/$submit' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'connection-reset' } }),
    (n) => ({ match: { system: 'payer' }, schedule: { kind: 'first-n', n }, fault: { kind: 'http-status', status: 429, retryAfterSeconds: 30 } }),
    (n) => ({ match: { system: 'payer', route: '/payer/fhir/Claim/$inquire' }, schedule: { kind: 'first-n', n }, fault: { kind: 'http-status', status: 500 } }),
    () => ({ match: { system: 'payer', route: '/payer/fhir/Claim/$inquire' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'malformed-json' } }),
    (n) => ({ match: { system: 'ehr' }, schedule: { kind: 'first-n', n }, fault: { kind: 'http-status', status: 503, retryAfterSeconds: 10 } }),
    () => ({ match: { system: 'ehr' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'truncated-body', fraction: 0.5 } }),
    (n) => ({ match: { system: 'review', route: '/review/tasks' }, schedule: { kind: 'first-n', n }, fault: { kind: 'http-status', status: 503 } }),
    () => ({ match: { system: 'review', route: '/review/tasks', method: 'POST' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'response-lost-after-commit' } }),
    () => ({ match: { system: 'payer', route: '/payer/fhir/Claim/$inquire' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'hang' } }),
    () => ({ match: { system: 'payer', route: '/payer/fhir/Claim/$submit' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'http-status', status: 502, body: 'html' } }),
    () => ({ match: { system: 'payer' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'http-status', status: 401 } }),
    () => ({ match: { system: 'ehr' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'wrong-content-type' } }),
    () => ({ match: { system: 'payer', route: '/payer/cds-services' }, schedule: { kind: 'first-n', n: 1 }, fault: { kind: 'empty-200' } }),
    (n) => ({ match: { system: 'ehr' }, schedule: { kind: 'every-kth', k: n + 1 }, fault: { kind: 'latency', distribution: { kind: 'lognormal', median: 200, p99: 2000 } } }),
  ];
  const count = rng.int(0, 2);
  const drawn = Array.from({ length: count }, (_, i): FaultRuleInput => ({ ...rng.pick(palette)(rng.int(1, 3)), id: `chaos-${i + 1}` }));
  return [...drawn, ...(scenario?.auth.mode === 'smart' ? drawAuthFaults(seed) : []), ...drawModelFaults(seed)];
}

/**
 * The scenario's parameters as this seed varies them, within what keeps its expected outcome:
 * the reviewer answers sooner or later (never past the 7-day review window, nor before a DTR
 * questionnaire revision the scenario's request is meant to miss), and a payer with
 * webhooks may delay, duplicate, reorder, follow with a stale notification, or drop it (the
 * orchestrator must then fall back to polling). Empty when nothing is varied.
 */
export interface ScenarioVariation {
  reviewDelaySeconds?: number;
  notifications?: Partial<Record<'dropProbability' | 'duplicateProbability' | 'staleProbability' | 'reorderProbability', number>> & { delaySeconds?: { min: number; max: number } };
}

export function drawVariation(seed: number, scenario: Scenario): ScenarioVariation {
  const rng = new Rng(`chaos/${seed}`).fork('variation');
  const v: ScenarioVariation = {};
  const timed = ['approve', 'reject', 'approve-twice'].includes(scenario.review.behaviour);
  // a payer that revises its DTR questionnaire mid-flow: the outcome needs the request sent after the revision
  const revisedAt = scenario.payer.dtr?.revise?.afterSeconds;
  const earliest = revisedAt === undefined || scenario.review.delaySeconds <= revisedAt ? 0 : revisedAt + 60;
  if (timed && rng.int(1, 2) === 1) v.reviewDelaySeconds = Math.max(earliest, Math.min(Math.round(scenario.review.delaySeconds * (0.25 + rng.int(0, 5) * 0.25)), 6.5 * 86_400));
  const n = scenario.payer.notifications;
  if (scenario.payer.webhooks && rng.int(1, 2) === 1) {
    const kind = rng.pick(['dropProbability', 'duplicateProbability', 'staleProbability', 'reorderProbability', 'delaySeconds'] as const);
    if (kind === 'delaySeconds') {
      if (n.delaySeconds.max === 0) v.notifications = { delaySeconds: { min: 0, max: 3600 } };
    } else if (n[kind] === 0) {
      v.notifications = { [kind]: 1 };
    }
  }
  return v;
}

/** The scenario with a variation applied. */
function varied(scenario: Scenario, v: ScenarioVariation): Scenario {
  return {
    ...scenario,
    review: v.reviewDelaySeconds === undefined ? scenario.review : { ...scenario.review, delaySeconds: v.reviewDelaySeconds },
    payer: v.notifications ? { ...scenario.payer, notifications: { ...scenario.payer.notifications, ...v.notifications } } : scenario.payer,
  };
}

export function formatCrashPlan(c: CrashPlan): string {
  return `${c.point}:${c.occurrence}${c.thenDuringRecovery ? '+recovery' : ''}`;
}

/** `before-checkpoint-persist:7` or `after-side-effect:1+recovery` → a crash plan; undefined when malformed. */
export function parseCrashPlan(text: string): CrashPlan | undefined {
  const m = /^(before-checkpoint-persist|after-checkpoint-persist|after-side-effect):([1-9]\d*)(\+recovery)?$/.exec(text);
  return m ? { point: m[1] as CrashPlan['point'], occurrence: Number(m[2]), ...(m[3] ? { thenDuringRecovery: true } : {}) } : undefined;
}

export function reproCommand(scenario: string, seed: number, o: ChaosRunOptions = {}): string {
  return [
    `npx prior-auth-sim chaos --scenario ${scenario} --seed ${seed} --runs 1`,
    ...(o.asWritten ? ['--as-written'] : []),
    o.crash ? `--crash-at ${formatCrashPlan(o.crash)}` : '--crash-points none',
    ...(o.keepFaults ? [`--keep-faults ${o.keepFaults.length ? o.keepFaults.join(',') : 'none'}`] : []),
    ...(o.plantedBug ? [`--plant-bug ${o.plantedBug}`] : []),
  ].join(' ');
}

/** The drawn rules `keep` names, in draw order, with `id@n` lowering a first-n rule's n. */
export function keptFaults(drawn: readonly FaultRuleInput[], keep: readonly string[]): FaultRuleInput[] {
  const wanted = new Map(keep.map((k) => {
    const [id, n] = k.split('@');
    return [id!, n === undefined ? undefined : Number(n)] as const;
  }));
  return drawn.filter((f) => wanted.has(f.id!)).map((f) => {
    const n = wanted.get(f.id!);
    return n !== undefined && f.schedule?.kind === 'first-n' && n >= 1 && n < f.schedule.n ? { ...f, schedule: { kind: 'first-n', n } } : f;
  });
}

/** A run that polls far past its cap has run away: the harness stops driving it (invariants 4 and 7 say why). */
const RUNAWAY_INQUIRIES = 3 * DEFAULT_WORKFLOW_CONFIG.polling.maxAttempts;

/** `ref`: how a repro command names the scenario (its path when it came from a file). */
export async function chaosRun(bundled: Scenario, seed: number, o: ChaosRunOptions = {}, ref = bundled.name): Promise<ChaosRunResult> {
  const variation = o.asWritten ? {} : drawVariation(seed, bundled);
  const scenario = varied(bundled, variation);
  const drawn = o.asWritten ? [] : drawFaults(seed, scenario);
  const schedule = o.keepFaults ? keptFaults(drawn, o.keepFaults) : drawn;
  const pointHits: Record<CrashPoint, number> = { 'before-checkpoint-persist': 0, 'after-checkpoint-persist': 0, 'after-side-effect': 0, 'during-recovery': 0 };
  let crashes = 0;
  const env = await startE2eEnvironment({ ...scenarioConfig(scenario), seed: `${String(scenario.seed)}/${seed}`, faults: [...scenario.faults, ...schedule] }, {
    transport: 'in-process',
    crashPoints: (point) => {
      pointHits[point] += 1;
      const c = o.crash;
      if (!c) return;
      const first = crashes === 0 && point === c.point && pointHits[point] === c.occurrence;
      const second = crashes === 1 && c.thenDuringRecovery && point === 'during-recovery';
      if (first || second) {
        crashes += 1;
        throw new SimulatedCrash(point);
      }
    },
    ...(o.plantedBug ? { plantedBug: o.plantedBug } : {}),
    ...(o.withoutModel ? { model: false as const } : {}),
  });
  try {
    const inquiries = () => env.sim.journal.query().filter((e) => e.url.startsWith('/payer/fhir/Claim/$inquire')).length;
    const run = await env.run(scenario.request, { stopWhen: () => inquiries() > RUNAWAY_INQUIRIES });
    const evidence = await collectEvidence(env, scenario, run);
    const violations = checkInvariants(evidence);
    return {
      seed, scenario: ref, ...(o.asWritten ? { asWritten: true } : {}), ...(o.crash ? { crash: o.crash } : {}), ...(o.plantedBug ? { plantedBug: o.plantedBug } : {}), schedule, variation,
      crashed: run.crashes, faults: evidence.journal.flatMap((e) => e.faults.map((f) => f.kind)), status: run.status, outcome: run.result?.outcome,
      violations, model: modelUsage(evidence.modelCalls ?? []), pointHits, repro: reproCommand(ref, seed, o),
      ...(violations.length ? { timeline: buildTimeline(evidence.journal, evidence.history ?? [], env.historyMarks) } : {}),
      ...(o.trace ? { trace: runTrace(evidence.journal, evidence.history ?? [], evidence.ledger) } : {}),
    };
  } finally {
    await env.close();
  }
}

/** Every crash point of a scenario's run: one plan per (point, occurrence) a clean run reaches. */
export async function allCrashPlans(scenario: Scenario, seed: number, o: Omit<ChaosRunOptions, 'crash'> = {}): Promise<CrashPlan[]> {
  const clean = await chaosRun(scenario, seed, o);
  return CRASH_POINTS.flatMap((point) => Array.from({ length: clean.pointHits[point] }, (_, i) => ({ point, occurrence: i + 1 })));
}

/** A random crash plan for a seed: a point, an occurrence early enough to be reached most of the time, and one time in four a second crash during recovery. */
export function randomCrashPlan(seed: number): CrashPlan {
  const rng = new Rng(`chaos/${seed}`).fork('crash');
  const point = rng.pick(CRASH_POINTS);
  const occurrence = point === 'after-side-effect' ? 1 : rng.int(1, 24);
  return { point, occurrence, ...(rng.int(1, 4) === 1 ? { thenDuringRecovery: true } : {}) };
}
