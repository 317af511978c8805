/**
 * The transport-free simulator engine: systems (EHR, payer, review, admin) contribute routes;
 * `handle(Request)` answers with a Response on the standard Fetch types. State lives in one
 * generation; `reset()` builds a fresh generation from the same seed and cancels every timer
 * the old one scheduled, so nothing stale fires afterwards. `dispatch(Request)` is `handle` plus
 * what the transport must do: around the router sit the fault engine and the request journal.
 */
import { SimulatorConfigSchema, type SimulatorConfig, type SimulatorConfigInput } from '../contracts/config.js';
import { VirtualClock, type Clock, type TimerHandle } from './clock.js';
import { dispatch, type Dispatched, type DispatchDeps, type DispatchOptions } from './faults/dispatch.js';
import { FaultEngine } from './faults/fault-engine.js';
import { inProcess } from './faults/transport-directive.js';
import { assertFaultRoutes } from './faults/route-check.js';
import { RequestJournal } from './journal.js';
import { LEDGER_TABLE, Ledger } from './ledger.js';
import type { Rng } from './rng.js';
import { Router, type Route } from './router.js';
import { guardOutbound } from './outbound-guard.js';
import { checkAdminCall } from './admin-guard.js';
import type { Scenario } from '../contracts/scenario.js';
import { trackRngPositions } from './store/rng-positions.js';
import { createStateStore, type StateStore } from './store/state-store.js';
import type { FaultEngineSnapshot } from './faults/fault-engine.js';

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
  /** This generation's state tables; systems keep what a restart must not lose here. */
  readonly store: StateStore;
  /** Whether this generation was rebuilt from stored state (systems then re-arm their timers from it). */
  readonly restored: boolean;
  /** The clock instant this generation began (kept across restarts: the EHR panel is dated from it). */
  readonly startedAt: number;
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
  /**
   * Where state lives (default: in memory, nothing serialized). A store that already holds
   * state is resumed: its configuration and scenario win over `config` and `scenario`.
   */
  store?: StateStore;
  /**
   * A person reviews (`serve --manual-review`, `npm start -- --manual-review`): review tasks wait
   * for a decision posted to the review API, whatever reviewer the configuration names. A setting
   * of this process, not of the stored state: a later start without it has the configured reviewer back.
   */
  manualReview?: boolean;
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
  /** Whether this engine resumed state from its store rather than starting fresh. */
  readonly resumed: boolean;
  /** Commit, then close the store. */
  close(): void;
}

interface GenerationMeta {
  config: SimulatorConfig;
  scenario?: Scenario;
  startedAt: number;
}

/**
 * A clock view whose timers can all be cancelled at once when a generation ends. Each timer
 * commits the store after it ran (a pend resolved, a delivery attempted); while a generation is
 * restored from the store its timers are held and then set in due order, so those that fell due
 * while the process was down fire once, oldest first.
 */
class GenerationClock implements Clock {
  private readonly live = new Map<number, TimerHandle>();
  private held?: { own: TimerHandle; run: () => void | Promise<void> }[];
  private nextId = 1;
  constructor(private readonly inner: Clock, private readonly commit: () => void) {}
  get kind() {
    return this.inner.kind;
  }
  now() {
    return this.inner.now();
  }
  setTimer(at: number, fn: () => void | Promise<void>): TimerHandle {
    const own: TimerHandle = { id: this.nextId++, at };
    const run = () => {
      this.live.delete(own.id);
      const result = fn();
      if (result instanceof Promise) return result.finally(this.commit);
      this.commit();
      return result;
    };
    if (this.held) this.held.push({ own, run });
    else this.live.set(own.id, this.inner.setTimer(at, run));
    return own;
  }
  clearTimer(h: TimerHandle) {
    const inner = this.live.get(h.id);
    this.live.delete(h.id);
    if (inner) this.inner.clearTimer(inner);
    if (this.held) this.held = this.held.filter((t) => t.own.id !== h.id);
  }
  cancelAll() {
    for (const h of this.live.values()) this.inner.clearTimer(h);
    this.live.clear();
    this.held = undefined;
  }
  /** Hold new timers until `release` (while restoring). */
  hold() {
    this.held = [];
  }
  release() {
    const held = (this.held ?? []).sort((a, b) => a.own.at - b.own.at || a.own.id - b.own.id);
    this.held = undefined;
    for (const { own, run } of held) this.live.set(own.id, this.inner.setTimer(own.at, run));
  }
}

export function createEngine(options: EngineOptions): Engine {
  const clock = options.clock ?? new VirtualClock();
  const store = options.store ?? createStateStore();
  const meta = store.table<GenerationMeta | FaultEngineSnapshot | number>('engine.meta');
  const saved = store.resumed ? (meta.get('generation') as GenerationMeta | undefined) : undefined;
  const serverSettings = (c: SimulatorConfig) => ({ publicUrl: c.publicUrl, outbound: c.outbound, admin: c.admin });
  // where it is served and who may administer it are this server's settings, over a resumed store's too (a new --admin-token holds)
  let config = !saved ? SimulatorConfigSchema.parse(options.config ?? {})
    : options.config === undefined ? saved.config
      : { ...saved.config, ...serverSettings(SimulatorConfigSchema.parse(options.config)) };
  const outboundFetch = guardOutbound(options.fetch ?? globalThis.fetch.bind(globalThis), () => config.outbound);
  let generation: { router: Router; context: SimulatorContext; clock: GenerationClock };
  // arming in code is checked like the admin API (routes are read when a rule is armed, after build())
  const faults = new FaultEngine(config.seed, clock, (rules) => assertFaultRoutes(rules, routePaths(), 'rule'));
  // fixed when the engine is made: a reset with another capacity keeps this one
  const journal = new RequestJournal(config.journal.capacity, config.journal.maxBytes);
  const scenario = saved ? saved.scenario : options.scenario;
  const commit = () => store.commit();

  const control: SimulatorControl = {
    reset(next) {
      if (next) {
        // where it is served and who may administer it are the server's, not a scenario's: kept across resets
        const parsed = SimulatorConfigSchema.parse({ ...next, publicUrl: config.publicUrl, outbound: config.outbound, admin: config.admin });
        assertFaultRoutes(parsed.faults, routePaths());
        config = parsed;
      }
      build(false);
    },
    clock,
    routes: () => generation.router.list(),
    loaded: scenario ? { scenario } : {},
    faults,
    journal,
  };

  if (store.durable) {
    store.onCommit(() => {
      meta.set('faults', faults.snapshot());
      if (meta.get('clock') !== clock.now()) meta.set('clock', clock.now());
    });
  }

  function routePaths(): string[] {
    return generation.router.list().map((r) => r.path);
  }

  function build(restore: boolean) {
    journal.clear();
    generation?.clock.cancelAll();
    let startedAt = clock.now();
    if (restore) {
      startedAt = saved!.startedAt;
      const snapshot = meta.get('faults') as FaultEngineSnapshot | undefined;
      faults.reset(config.seed);
      if (snapshot) faults.restore(snapshot);
    } else {
      faults.reset(config.seed, config.faults);
      store.clearAll();
      meta.set('generation', { config, ...(control.loaded.scenario ? { scenario: control.loaded.scenario } : {}), startedAt });
    }
    const genClock = new GenerationClock(clock, commit);
    const rng = trackRngPositions(config.seed, store);
    const context: SimulatorContext = {
      config: options.manualReview ? { ...config, review: { ...config.review, behaviour: 'manual' } } : config, clock: genClock, rng: rng.root as Rng, ledger: new Ledger(store.table('engine.ledger', undefined, LEDGER_TABLE)), fetch: outboundFetch, control,
      store, restored: restore, startedAt,
    };
    const router = new Router({ bodyLimitBytes: config.bodyLimitBytes, ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}) });
    if (restore) genClock.hold();
    for (const factory of options.systems) router.add(...factory(context).routes);
    if (restore) {
      rng.restore();
      genClock.release();
    }
    generation = { router, context, clock: genClock };
    store.commit();
  }
  build(!!saved);
  if (!saved) assertFaultRoutes(config.faults, routePaths());

  // one object for every request (its closures too); the getters read the config as it is now
  const dispatchDeps: DispatchDeps = {
    faults, journal, clock,
    get journalAdmin() {
      return config.journal.includeAdmin;
    },
    get bodyLimitBytes() {
      return config.bodyLimitBytes;
    },
    admit: (r, path) => checkAdminCall(r, path, config.admin.token),
    handle: (r, url) => generation.router.handle(r, url),
  };
  const dispatchOne = async (request: Request, opts?: DispatchOptions) => {
    const out = await dispatch(dispatchDeps, request, opts);
    // a response leaves only for committed state: a crash from here on loses the response, never the state
    store.commit();
    return out;
  };

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
    resumed: !!saved,
    close() {
      generation.clock.cancelAll();
      store.commit();
      store.close();
    },
  };
}
