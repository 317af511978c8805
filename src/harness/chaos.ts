/**
 * Chaos exploration: each run derives from its seed — a bundled scenario, extra fault rules
 * drawn from a palette of recoverable faults, and (optionally) one crash point of the runtime —
 * then the invariants are checked from the simulator's ledger and journal and the runtime's
 * execution status. A violation carries the one command that reproduces it.
 */
import type { FaultRuleInput } from '../contracts/faults.js';
import type { Scenario } from '../contracts/scenario.js';
import { Rng } from '../core/rng.js';
import { scenarioConfig } from '../core/scenarios/scenario-config.js';
import { SimulatedCrash, type CrashPoint } from '../../orchestrator/runtime/index.js';
import type { PlantedBug } from '../../orchestrator/workflow.js';
import { DEFAULT_WORKFLOW_CONFIG } from '../../orchestrator/workflow-types.js';
import { startE2eEnvironment } from './e2e-environment.js';
import { checkInvariants, type Violation } from './invariants.js';

export interface CrashPlan {
  point: CrashPoint;
  /** Crash at the n-th time this point is reached (1-based). */
  occurrence: number;
}

export interface ChaosRunResult {
  seed: number;
  scenario: string;
  crash?: CrashPlan;
  crashed: number;
  /** Fault kinds the simulator actually injected, from its journal. */
  faults: string[];
  outcome?: string;
  violations: Violation[];
  /** Crash-point hits of each kind during the run (to enumerate `--crash-points all`). */
  pointHits: Record<CrashPoint, number>;
  repro: string;
}

/** Recoverable faults only (bounded counts within the step retry budget): the expected outcome must still hold. */
function drawFaults(rng: Rng): FaultRuleInput[] {
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
  ];
  const count = rng.int(0, 2);
  return Array.from({ length: count }, (_, i) => ({ ...rng.pick(palette)(rng.int(1, 3)), id: `chaos-${i + 1}` }));
}

export function reproCommand(scenario: string, seed: number, crash?: CrashPlan, plantedBug?: PlantedBug): string {
  return `npx prior-auth-sim chaos --scenario ${scenario} --seed ${seed} --runs 1${crash ? ` --crash-at ${crash.point}:${crash.occurrence}` : ' --crash-points none'}${plantedBug ? ` --plant-bug ${plantedBug}` : ''}`;
}

export async function chaosRun(scenario: Scenario, seed: number, crash?: CrashPlan, plantedBug?: PlantedBug): Promise<ChaosRunResult> {
  const rng = new Rng(`chaos/${seed}`);
  const faults = [...scenario.faults, ...drawFaults(rng.fork('faults'))];
  const pointHits: Record<CrashPoint, number> = { 'before-checkpoint-persist': 0, 'after-checkpoint-persist': 0, 'after-side-effect': 0 };
  let tripped = false;
  const env = await startE2eEnvironment({ ...scenarioConfig(scenario), seed: `${String(scenario.seed)}/${seed}`, faults }, {
    transport: 'in-process',
    crashPoints: (point) => {
      pointHits[point] += 1;
      if (!tripped && crash && crash.point === point && pointHits[point] === crash.occurrence) {
        tripped = true;
        throw new SimulatedCrash(point);
      }
    },
    ...(plantedBug ? { plantedBug } : {}),
  });
  try {
    const run = await env.run(scenario.request);
    const journal = env.sim.journal.query();
    const violations = checkInvariants({
      scenario, status: run.status, outcome: run.result?.outcome, reason: run.result?.reason,
      ledger: env.sim.ledger.totals(), journal, polling: DEFAULT_WORKFLOW_CONFIG.polling, crashes: run.crashes,
    });
    return {
      seed, scenario: scenario.name, ...(crash ? { crash } : {}), crashed: run.crashes,
      faults: journal.flatMap((e) => e.faults.map((f) => f.kind)), outcome: run.result?.outcome, violations, pointHits,
      repro: reproCommand(scenario.name, seed, crash, plantedBug),
    };
  } finally {
    await env.close();
  }
}

/** Every crash point of a scenario's run: one run per (point, occurrence) a clean run reaches. */
export async function allCrashPlans(scenario: Scenario, seed: number): Promise<CrashPlan[]> {
  const clean = await chaosRun(scenario, seed);
  return (Object.entries(clean.pointHits) as Array<[CrashPoint, number]>).flatMap(([point, hits]) =>
    Array.from({ length: hits }, (_, i) => ({ point, occurrence: i + 1 })));
}

/** A random crash plan for a seed: a point and an occurrence early enough to be reached most of the time. */
export function randomCrashPlan(seed: number): CrashPlan {
  const rng = new Rng(`chaos/${seed}`).fork('crash');
  const point = rng.pick(['before-checkpoint-persist', 'after-checkpoint-persist', 'after-side-effect'] as const);
  return { point, occurrence: point === 'after-side-effect' ? 1 : rng.int(1, 24) };
}
