/**
 * A local durable-function runtime: register handlers made with `withDurableExecution`,
 * start executions, complete callbacks, and let the scheduler run them on an injected
 * clock. State lives in SQLite; a new runtime on the same file (or `recover()` after a
 * simulated crash) resumes every running execution from its checkpoints.
 */
import type { ErrorObject } from '@aws/durable-execution-sdk-js';
import { createCrashSwitch, SimulatedCrash, type CrashPoint, type CrashPoints } from './crash-switch.js';
import { createExecutionRunner } from './execution-runner.js';
import { toExecutionView, type ExecutionSummary, type ExecutionView } from './execution-view.js';
import { createExternalEvents } from './external-events.js';
import { asExecutionId, randomIds, type ExecutionId, type IdGenerator } from './ids.js';
import type { DurableHandler } from './invoke-handler.js';
import { createDilatedClock, isSteppable, type RuntimeClock } from './runtime-clock.js';
import type { HistoryEvent } from './history.js';
import { replayExecution, type ReplayOutcome } from './replay.js';
import { openRuntimeDb, type RuntimeDb } from './runtime-db.js';
import { badRequest, conflict, notFound, unavailable } from './runtime-problem.js';
import { createRuntimeStore, type ExecutionStatus } from './runtime-store.js';
import { createScheduler, type IdleOptions, type IdleResult, type ParkedInvocations } from './scheduler.js';
import { createSqliteDurableClient } from './sqlite-durable-client.js';
import { installSuspensionCooldownSkip } from './suspension-cooldown.js';
import { installCryptoSettle } from './crypto-settle.js';
import { invocationScope } from './invocation-scope.js';

export interface DurableRuntimeOptions {
  /** A file path (':memory:' for tests) or an open database. */
  db: string | RuntimeDb;
  /** Default: real time. Pass a virtual clock (or the simulator's) for tests and runs. */
  clock?: RuntimeClock;
  ids?: IdGenerator;
  crashPoints?: CrashPoints;
  /** Invocations that throw are retried (1 s, 2 s, 4 s, ...) up to this many, then fail the execution. Default 5. */
  maxInvocationAttempts?: number;
  /**
   * 'skip' (default): suspend as soon as the SDK decides to, without its fixed 20 ms real-time
   * cooldown, which guards nothing here (see suspension-cooldown.ts). 'sdk': keep it.
   */
  suspensionCooldown?: 'skip' | 'sdk';
  /**
   * Hand WebCrypto results back to invocation code only after the SDK's pending checkpoint flush,
   * so checkpoint batches do not depend on the machine's load (see crypto-settle.ts). Default:
   * on with a steppable (virtual) clock, where a run must be a function of its seed.
   */
  settleCrypto?: boolean;
  /** Testing only: a known runtime bug the chaos harness must catch. Never set in production. */
  plantedBug?: 'callback-resolved-twice';
  /**
   * Invocations parked on a shared steppable clock (a harness whose simulator answers model calls
   * after their latency on that clock): `runUntilIdle` advances past them instead of waiting.
   */
  parked?: ParkedInvocations;
}

/** Per-handler settings, as a Lambda function's DurableConfig holds them. */
export interface HandlerOptions {
  /** Like DurableConfig.ExecutionTimeout: a RUNNING execution older than this ends TIMED_OUT. Default: none. */
  executionTimeoutSeconds?: number;
}

export interface StartRequest {
  handler: string;
  input?: unknown;
  /** Idempotent start: the same name returns the existing execution. */
  name?: string;
}

/**
 * @example
 * const runtime = createDurableRuntime({ db: ':memory:', clock: createVirtualClock() });
 * runtime.register('greet', withDurableExecution(async (e, ctx) => ctx.step('hi', async () => `hi ${e.who}`)));
 * const { executionId } = runtime.start({ handler: 'greet', input: { who: 'ada' } });
 * await runtime.runUntilIdle();
 * runtime.getExecution(executionId).status; // 'SUCCEEDED'
 */
export function createDurableRuntime(options: DurableRuntimeOptions) {
  const db = typeof options.db === 'string' ? openRuntimeDb(options.db) : options.db;
  const clock = options.clock ?? createDilatedClock(1);
  const ids = options.ids ?? randomIds;
  const store = createRuntimeStore(db);
  const crash = createCrashSwitch(options.crashPoints);
  const handlers = new Map<string, DurableHandler>();
  const handlerOptions = new Map<string, HandlerOptions>();
  const owner = {};
  const skipCooldown = options.suspensionCooldown !== 'sdk';
  if (skipCooldown) installSuspensionCooldownSkip();
  const settleCrypto = options.settleCrypto ?? isSteppable(clock);
  if (settleCrypto) installCryptoSettle();
  const scope = () => { const s = invocationScope.getStore(); return s?.owner === owner ? s : undefined; };
  const events = createExternalEvents(store, clock, { plantedBug: options.plantedBug });
  const client = createSqliteDurableClient({ store, clock, ids, crash, onTimersChanged: () => scheduler.arm() });
  const recovering = new Set<ExecutionId>();
  const runOnce = createExecutionRunner({
    store, clock, crash, client, handlers, recovering, maxInvocationAttempts: options.maxInvocationAttempts ?? 5,
    inScope: (s, fn) => invocationScope.run({ ...s, owner, skipCooldown, settleCrypto }, fn),
  });
  const scheduler = createScheduler({ clock, store, events, crash, runOnce, parked: options.parked });
  const alive = () => {
    if (crash.crashed) throw unavailable('the runtime crashed (simulated); call recover()');
  };
  const find = (id: string) => store.getExecution(id) ?? (() => { throw notFound(`execution ${id} does not exist`); })();

  return {
    clock,
    get crashed() { return crash.crashed; },
    /** Invocations started since this runtime was created. */
    get invocations() { return scheduler.invocations; },

    register(name: string, handler: DurableHandler, opts: HandlerOptions = {}): void {
      if (handlers.has(name)) throw new Error(`handler "${name}" is already registered`);
      handlers.set(name, handler);
      handlerOptions.set(name, opts);
    },

    start(req: StartRequest): { executionId: ExecutionId; status: ExecutionStatus; created: boolean } {
      alive();
      if (!handlers.has(req.handler)) throw badRequest(`no handler named "${req.handler}" is registered`);
      const input = JSON.stringify(req.input ?? {});
      const existing = req.name === undefined ? undefined : store.getExecutionByName(req.name);
      if (existing) {
        if (existing.handler !== req.handler || existing.input !== input) throw conflict(`execution name "${req.name}" is taken by a start with a different handler or input`);
        return { executionId: existing.id, status: existing.status, created: false };
      }
      const id = asExecutionId(ids('execution'));
      const executionOpId = ids('execution-op');
      const now = clock.now();
      store.tx(() => {
        store.insertExecution({ id, name: req.name, handler: req.handler, input, executionOpId, now });
        store.saveOperation(id, { id: executionOpId, type: 'EXECUTION', status: 'STARTED', startTs: now, details: { InputPayload: input }, ord: 0, seq: 0 });
        const timeout = handlerOptions.get(req.handler)?.executionTimeoutSeconds;
        if (timeout !== undefined) store.setTimer({ executionId: id, operationId: executionOpId, kind: 'execution-timeout', dueAt: now + timeout * 1000 });
      });
      scheduler.arm();
      scheduler.wake(id);
      return { executionId: id, status: 'RUNNING', created: true };
    },

    getExecution(id: string): ExecutionView {
      return toExecutionView(find(id), store.loadOperations(id));
    },

    /**
     * Replays a finished execution over its whole history without persisting anything
     * (invariant 8; see replay.ts). The handler must still be registered.
     */
    replay(id: string): Promise<ReplayOutcome> {
      const exec = find(id);
      const handler = handlers.get(exec.handler);
      if (!handler) throw badRequest(`no handler named "${exec.handler}" is registered`);
      return replayExecution(store, handler, id);
    },

    /** The newest history event's `seq`, across executions (for ordering outside events against the history). */
    historySeq(): number {
      return store.history.lastSeq();
    },

    /** Everything that happened to an execution, in commit order (see history.ts). */
    history(id: string): HistoryEvent[] {
      find(id);
      return store.history.load(id);
    },

    listExecutions(status?: ExecutionStatus): ExecutionSummary[] {
      return store.listExecutions(status).map((e) => toExecutionView(e, []).summary);
    },

    /** Completes a callback with its raw result string (the SDK hands it to the callback's serdes). */
    succeedCallback(callbackId: string, result?: string): void {
      alive();
      scheduler.wake(events.completeCallback(callbackId, { kind: 'succeed', result }));
      scheduler.arm();
    },

    failCallback(callbackId: string, error: ErrorObject): void {
      alive();
      scheduler.wake(events.completeCallback(callbackId, { kind: 'fail', error }));
      scheduler.arm();
    },

    /** AWS's StopDurableExecution: the execution ends STOPPED and is never invoked again. */
    stopExecution(id: string, error?: ErrorObject): void {
      alive();
      events.stop(id, error);
      scheduler.arm();
    },

    heartbeatCallback(callbackId: string): void {
      alive();
      events.heartbeat(callbackId);
      scheduler.arm();
    },

    /** Invokes what is runnable until nothing is, advancing a virtual clock between due timers. */
    runUntilIdle: (opts?: IdleOptions): Promise<IdleResult> => scheduler.runUntilIdle(opts),
    /** Waits for in-flight invocations only. */
    settle: (): Promise<void> => scheduler.settle(),

    /** The execution whose invocation is running the caller (e.g. step code), if any. */
    currentExecution(): ExecutionId | undefined {
      return scope()?.executionId;
    },

    /**
     * For step code: a named crash point, e.g. after a side effect and before its checkpoint.
     * A no-op unless the `crashPoints` hook decides to crash here.
     */
    crashHook(point: Extract<CrashPoint, 'after-side-effect'>, detail?: unknown): void {
      const s = scope();
      // code of an invocation whose process died (simulated) is a zombie: it reaches no crash point
      if (s && s.generation !== crash.generation) throw new SimulatedCrash(undefined, `invocation ${s.invocation} of ${s.executionId} belongs to a crashed process`);
      crash.trip(point, { executionId: s?.executionId, invocation: s?.invocation, detail });
    },

    /**
     * The execution and invocation whose code is running in this async context, if any (to tag
     * its outbound requests). `crashed`: the invocation's process died (simulated) — its code
     * still runs on in this process, but a dead process sends nothing, so a harness refuses it.
     */
    currentInvocation(): { executionId: ExecutionId; invocation: number; crashed: boolean } | undefined {
      const s = scope();
      return s ? { executionId: s.executionId, invocation: s.invocation, crashed: crash.crashed || s.generation !== crash.generation } : undefined;
    },

    /** Resumes after a simulated crash (or on a fresh process): re-invokes every RUNNING execution. */
    recover(): void {
      crash.revive();
      recovering.clear();
      scheduler.reset();
      for (const e of store.listExecutions('RUNNING')) {
        store.history.append({ executionId: e.id, at: clock.now(), kind: 'recovered', invocation: e.invocation });
        recovering.add(e.id);
        scheduler.wake(e.id);
      }
      scheduler.fireDue();
    },

    /** Stops scheduling; in-flight invocations are fenced from writing. Closes the db if the runtime opened it. */
    async close(): Promise<void> {
      scheduler.close();
      await scheduler.settle();
      if (typeof options.db === 'string') db.close();
    },
  };
}

export type DurableRuntime = ReturnType<typeof createDurableRuntime>;
