/**
 * The transport-free simulator engine: systems (EHR, payer, review, admin) contribute routes;
 * `handle(Request)` answers with a Response on the standard Fetch types. State lives in one
 * generation; `reset()` builds a fresh generation from the same seed and cancels every timer
 * the old one scheduled, so nothing stale fires afterwards.
 */
import { SimulatorConfigSchema, type SimulatorConfig, type SimulatorConfigInput } from '../contracts/config.js';
import { VirtualClock, type Clock, type TimerHandle } from './clock.js';
import { Ledger } from './ledger.js';
import { Rng } from './rng.js';
import { Router, type Route } from './router.js';

export interface SimulatorControl {
  /** Rebuild all state from the seed (optionally with a new configuration). */
  reset(config?: SimulatorConfigInput): void;
  readonly clock: Clock;
  /** All routes, for the OpenAPI document and diagnostics. */
  routes(): readonly Route[];
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
}

export interface Engine extends SimulatorControl {
  handle(request: Request): Promise<Response>;
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

  const control: SimulatorControl = {
    reset(next) {
      if (next) config = SimulatorConfigSchema.parse(next);
      build();
    },
    clock,
    routes: () => generation.router.list(),
  };

  function build() {
    generation?.clock.cancelAll();
    const genClock = new GenerationClock(clock);
    const context: SimulatorContext = { config, clock: genClock, rng: new Rng(config.seed), ledger: new Ledger(), fetch: outboundFetch, control };
    const router = new Router({ bodyLimitBytes: config.bodyLimitBytes });
    for (const factory of options.systems) router.add(...factory(context).routes);
    generation = { router, context, clock: genClock };
  }
  build();

  return {
    ...control,
    handle: (request) => generation.router.handle(request),
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
