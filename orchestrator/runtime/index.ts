/**
 * A local durable-function runtime for handlers written with `withDurableExecution`:
 * SQLite-backed checkpoints, a clock-driven scheduler, an HTTP API and crash injection.
 * It knows nothing of prior authorization.
 */
export { createDurableRuntime, type DurableRuntime, type DurableRuntimeOptions, type StartRequest } from './durable-runtime.js';
export { createRuntimeHttpApi } from './http-api.js';
export { createVirtualClock, createDilatedClock, isSteppable, DEFAULT_EPOCH, type RuntimeClock, type SteppableClock, type TimerHandle } from './runtime-clock.js';
export { SimulatedCrash, type CrashPoint, type CrashInfo, type CrashPoints } from './crash-switch.js';
export { asCallbackId, asExecutionId, randomIds, sequentialIds, type CallbackId, type ExecutionId, type IdGenerator } from './ids.js';
export { openRuntimeDb, type RuntimeDb } from './runtime-db.js';
export { CALLBACK_TIMEOUT_PROBLEM, RuntimeProblem, type ProblemDetails } from './runtime-problem.js';
export type { ExecutionSummary, ExecutionView, OperationView } from './execution-view.js';
export type { ExecutionStatus } from './runtime-store.js';
export type { HistoryEvent, HistoryEventKind } from './history.js';
export type { ReplayOutcome } from './replay.js';
export type { IdleOptions, IdleResult, ParkedInvocations } from './scheduler.js';
export type { DurableHandler } from './invoke-handler.js';
