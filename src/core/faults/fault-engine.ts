/**
 * The fault engine: armed rules, their per-rule counters and RNG streams, and the decision for
 * each call — which latency to add, which fault (if any) to apply before the handler and which
 * after it. It decides what goes wrong; transports decide how (STYLE.md §3).
 */
import { BEFORE_KINDS, HANDLER_KINDS, FaultRuleSchema, type ArmedFault, type Fault, type FaultRule, type FaultRuleInput } from '../../contracts/faults.js';
import type { Clock } from '../clock.js';
import { fromZodError } from '../operation-outcome.js';
import { Rng } from '../rng.js';
import { ruleMatches, type FaultCall } from './call-match.js';
import { drawLatency } from './latency.js';
import { scheduleFires, type ScheduleState } from './schedule.js';

export interface FiredFault {
  readonly ruleId: string;
  readonly fault: Fault;
  /** Real milliseconds, for latency faults. */
  readonly latencyMs?: number;
}

export interface FaultDecision {
  /** Every latency fault that fired; their delays add up. */
  readonly latency: readonly FiredFault[];
  readonly latencyMs: number;
  /** The first non-latency before-fault that fired: the handler does not run. */
  readonly before?: FiredFault;
  /** The first after-fault that fired: applied to the handler's response. */
  readonly after?: FiredFault;
  /** Every handler fault (auth kinds) that fired: the handler applies them (see handler-faults.ts). */
  readonly within: readonly FiredFault[];
}

interface Armed extends ScheduleState {
  readonly rule: FaultRule & { id: string };
  readonly latencyRng: Rng;
  fired: number;
  preempted: number;
}

/** Everything a restart needs to go on where the engine stood: rules, counters, stream positions. */
export interface FaultEngineSnapshot {
  generated: number;
  rules: { rule: FaultRule & { id: string }; matched: number; fired: number; preempted: number; armedAt: number; rng: number; latencyRng: number }[];
}

export class FaultEngine {
  private rules: Armed[] = [];
  private generated = 0;
  private root: Rng;

  /**
   * @param checkRoutes refuses rules whose route no simulator route can match (the engine passes
   *   the router's check), so `arm` in code refuses what `POST /__admin/faults` refuses.
   */
  constructor(seed: number | string, private readonly clock: Clock, private readonly checkRoutes: (rules: readonly FaultRule[]) => void = () => {}) {
    this.root = new Rng(seed);
  }

  /** Forget every rule and counter, then arm `rules` afresh from `seed` (a run reset). */
  reset(seed: number | string, rules: readonly FaultRule[] = []): void {
    this.root = new Rng(seed);
    this.rules = [];
    this.generated = 0;
    for (const r of rules) this.armValid(r);
  }

  /**
   * Arm a rule; an existing rule with the same id is replaced and its counters start over. The
   * rule is validated as `POST /__admin/faults` validates it: an invalid one throws an
   * `OperationOutcomeError` (status 400) whose message names the field, e.g.
   * `rule.schedule.kind: Invalid input`.
   */
  arm(input: FaultRuleInput): ArmedFault {
    const parsed = FaultRuleSchema.safeParse(input);
    if (!parsed.success) throw fromZodError('rule', parsed.error);
    this.checkRoutes([parsed.data]);
    return this.armValid(parsed.data);
  }

  private armValid(rule: FaultRule): ArmedFault {
    let id = rule.id;
    while (!id || (rule.id === undefined && this.rules.some((a) => a.rule.id === id))) id = `fault-${++this.generated}`;
    this.disarm(id);
    const rng = this.root.fork(`fault.${id}`);
    const armed: Armed = { rule: { ...rule, id }, rng, latencyRng: rng.fork('latency'), matched: 0, fired: 0, preempted: 0, armedAt: this.clock.now() };
    this.rules.push(armed);
    return view(armed);
  }

  disarm(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((a) => a.rule.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  snapshot(): FaultEngineSnapshot {
    return {
      generated: this.generated,
      rules: this.rules.map((a) => ({ rule: a.rule, matched: a.matched, fired: a.fired, preempted: a.preempted, armedAt: a.armedAt, rng: a.rng.position, latencyRng: a.latencyRng.position })),
    };
  }

  /** Replace every rule with the saved ones (the root seed must be the one they were armed under). */
  restore(snapshot: FaultEngineSnapshot): void {
    this.generated = snapshot.generated;
    this.rules = snapshot.rules.map((s) => {
      const rng = this.root.fork(`fault.${s.rule.id}`);
      const latencyRng = rng.fork('latency');
      rng.position = s.rng;
      latencyRng.position = s.latencyRng;
      return { rule: s.rule, rng, latencyRng, matched: s.matched, fired: s.fired, preempted: s.preempted, armedAt: s.armedAt };
    });
  }

  list(): ArmedFault[] {
    return this.rules.map(view);
  }

  /** Whether some rule can only decide by looking at the request body. */
  needsBody(call: FaultCall): boolean {
    return this.rules.some((a) => ruleMatches(a.rule, call) === 'needs-body');
  }

  /**
   * Count the call against every matching rule (a schedule like first-n counts matched calls)
   * and choose the faults to inject: every latency, the first before-fault, and the first
   * after-fault unless a before-fault keeps the handler from running. Only injected faults
   * count as fired; a rule pre-empted by another on the same call still used up that call.
   */
  decide(call: FaultCall): FaultDecision {
    const latency: FiredFault[] = [];
    const chosen: { before?: Armed; after?: Armed } = {};
    const within: Armed[] = [];
    const now = this.clock.now();
    for (const a of this.rules) {
      if (ruleMatches(a.rule, call) !== true) continue;
      a.matched += 1;
      if (!scheduleFires(a.rule.schedule, a, now)) continue;
      const { fault, id: ruleId } = a.rule;
      if (fault.kind === 'latency') {
        a.fired += 1;
        latency.push({ ruleId, fault, latencyMs: drawLatency(fault.distribution, a.latencyRng) });
        continue;
      }
      if (HANDLER_KINDS.has(fault.kind)) {
        within.push(a);
        continue;
      }
      const slot = BEFORE_KINDS.has(fault.kind) ? 'before' : 'after';
      if (chosen[slot]) a.preempted += 1;
      else chosen[slot] = a;
    }
    // a before-fault keeps the handler from running, so an after-fault has nothing to act on
    if (chosen.before && chosen.after) {
      chosen.after.preempted += 1;
      delete chosen.after;
    }
    if (chosen.before) for (const a of within) a.preempted += 1;
    const fire = (a?: Armed): FiredFault | undefined => {
      if (!a) return undefined;
      a.fired += 1;
      return { ruleId: a.rule.id, fault: a.rule.fault };
    };
    const latencyMs = latency.reduce((sum, f) => sum + (f.latencyMs ?? 0), 0);
    const handlerFaults = chosen.before ? [] : within.map((a) => fire(a)!);
    return { latency, latencyMs, before: fire(chosen.before), after: fire(chosen.after), within: handlerFaults };
  }
}

function view(a: Armed): ArmedFault {
  return { ...a.rule, matched: a.matched, fired: a.fired, preempted: a.preempted, armedAt: new Date(a.armedAt).toISOString() };
}
