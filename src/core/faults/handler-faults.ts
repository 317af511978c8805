/**
 * Handler faults (the auth kinds) travel from the fault engine to the code that applies them on
 * the Request itself: dispatch attaches the fired ones, the auth middleware reads them. A
 * WeakMap, so nothing outlives the request and no handler signature changes.
 */
import type { Fault } from '../../contracts/faults.js';
import type { FiredFault } from './fault-engine.js';

const attached = new WeakMap<Request, readonly FiredFault[]>();

export function attachHandlerFaults(request: Request, faults: readonly FiredFault[]): void {
  if (faults.length) attached.set(request, faults);
}

/** The handler faults fired for this request, optionally only those of one kind. */
export function handlerFaultsOf<K extends Fault['kind']>(request: Request, kind?: K): Array<FiredFault & { fault: Extract<Fault, { kind: K }> }> {
  const all = attached.get(request) ?? [];
  return (kind ? all.filter((f) => f.fault.kind === kind) : all) as Array<FiredFault & { fault: Extract<Fault, { kind: K }> }>;
}

/** Whether any handler fault fired for this request (the common answer, no: nothing to filter). */
export function hasHandlerFaults(request: Request): boolean {
  return attached.has(request);
}
