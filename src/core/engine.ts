/**
 * The transport-free simulator engine: systems (EHR, payer, review, admin) contribute routes;
 * `handle(Request)` answers with a Response on the standard Fetch types. State lives in one
 * generation; `reset()` builds a fresh generation from the same seed and cancels every timer
 * the old one scheduled, so nothing stale fires afterwards. `dispatch(Request)` is `handle` plus
 * what the transport must do: around the router sit the fault engine and the request journal.
 */
import { SimulatorConfigSchema, type SimulatorConfig, type SimulatorConfigInput } from '../contracts/config.js';
import { VirtualClock, type Clock, type TimerHandle } from './clock.js';
import { dispatch, type Dispatched, type DispatchOptions } from './faults/dispatch.js';
import { FaultEngine } from './faults/fault-engine.js';
import { inProcess } from './faults/transport-directive.js';
import { assertFaultRoutes } from './faults/route-check.js';
import { RequestJournal } from './journal.js';
import { Ledger } from './ledger.js';
import { Rng } from './rng.js';
import { Router, type Route } from './router.js';
import type { Scenario } from '../contracts/scenario.js';

export interface SimulatorControl {
  /** Rebuild all state from the seed (optionally with a new configuration). */
  reset(config?: SimulatorConfigInput): void;
  readonly clock: Clock;
  /** All routes, for the OpenAPI document and diagnostics. */
  routes(): readonly Route[];
  /** What survives a reset besides the clock: the scenario loaded last, if any. */
  readonly loaded: { scenario?: Scenario };
  /** Armed fault rules; `reset` re-arms the configured ones and drops the rest. */
  readonly faults: FaultEngine;
  /** Every request answered since the last reset (bounded). */
  readonly journal: RequestJournal;
}

export interface SimulatorContext {
  readonly config: SimulatorConfig;
  readonly clock: Clock;
  /** The root stream of this run; systems fork named streams from it. */
  readonly rng: Rng;
  readonly ledger: Ledger;
  /** Outbound HTTP (review decisions, webhook notifications). */
  readonly fetch: typeof fetch;
  readonly control: SimulatorControl;
}

export interface SimSystem {
  readonly name: string;
  readonly routes: Route[];
}

export type SystemFactory = (ctx: SimulatorContext) => SimSystem;

export interface EngineOptions {
  config?: SimulatorConfigInput;
  clock?: Clock;
  fetch?: typeof fetch;
  systems: SystemFactory[];
  /** The scenario this engine was configured from, reported by GET /__admin/scenario. */
  scenario?: Scenario;
}

export interface Engine extends SimulatorControl {
  /**
   * The simulator as a fetch-like function. Faults apply: a reset or hang rejects with a
   * `SimulatedNetworkError` (TypeError 'fetch failed'), a truncated body errors mid-stream;
   * latency is journaled but not waited.
   */
  handle(request: Request): Promise<Response>;
  /** The response and what the transport must do with it (reset, hang, truncate); see adapters/. */
  dispatch(request: Request, options?: DispatchOptions): Promise<Dispatched>;
  readonly config: SimulatorConfig;
  readonly ledger: Ledger;
  readonly context: SimulatorContext;
}

/** A clock view whose timers can all be cancelled at once when a generation ends. */
class GenerationClock implements Clock {
  private readonly handles = new Set<TimerHandle>();
  constructor(private readonly inner: Clock) {}
  get kind() {
    return this.inner.kind;
  }
  now() {
    return this.inner.now();
  }
  setTimer(at: number, fn: () => void | Promise<void>): TimerHandle {
    const h: TimerHandle = this.inner.setTimer(at, () => {
      this.handles.delete(h);
      return fn();
    });
    this.handles.add(h);
    return h;
  }
  clearTimer(h: TimerHandle) {
    this.handles.delete(h);
    this.inner.clearTimer(h);
  }
  cancelAll() {
    for (const h of this.handles) this.inner.clearTimer(h);
    this.handles.clear();
  }
}

export function createEngine(options: EngineOptions): Engine {
  const clock = options.clock ?? new VirtualClock();
  const outboundFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let config = SimulatorConfigSchema.parse(options.config ?? {});
  let generation: { router: Router; context: SimulatorContext; clock: GenerationClock };
  // arming in code is checked like the admin API (routes are read when a rule is armed, after build())
  const faults = new FaultEngine(config.seed, clock, (rules) => assertFaultRoutes(rules, routePaths(), 'rule'));
  // fixed when the engine is made: a reset with another capacity keeps this one
  const journal = new RequestJournal(config.journal.capacity);

  const control: SimulatorControl = {
    reset(next) {
      if (next) {
        const parsed = SimulatorConfigSchema.parse(next);
        assertFaultRoutes(parsed.faults, routePaths());
        config = parsed;
      }
      build();
    },
    clock,
    routes: () => generation.router.list(),
    loaded: options.scenario ? { scenario: options.scenario } : {},
    faults,
    journal,
  };

  function routePaths(): string[] {
    return generation.router.list().map((r) => r.path);
  }

  function build() {
    faults.reset(config.seed, config.faults);
    journal.clear();
    generation?.clock.cancelAll();
    const genClock = new GenerationClock(clock);
    const context: SimulatorContext = { config, clock: genClock, rng: new Rng(config.seed), ledger: new Ledger(), fetch: outboundFetch, control };
    const router = new Router({ bodyLimitBytes: config.bodyLimitBytes });
    for (const factory of options.systems) router.add(...factory(context).routes);
    generation = { router, context, clock: genClock };
  }
  build();
  assertFaultRoutes(config.faults, routePaths());

  const dispatchOne = (request: Request, opts?: DispatchOptions) =>
    dispatch({ faults, journal, clock, journalAdmin: config.journal.includeAdmin, handle: (r) => generation.router.handle(r) }, request, opts);

  return {
    ...control,
    dispatch: dispatchOne,
    handle: async (request) => {
      const { response, directive } = await dispatchOne(request);
      return inProcess(response, directive);
    },
    get config() {
      return config;
    },
    get ledger() {
      return generation.context.ledger;
    },
    get context() {
      return generation.context;
    },
  };
}
