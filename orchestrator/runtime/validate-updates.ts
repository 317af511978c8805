/**
 * Checkpoint validation, mirroring the rules of the testing library's checkpoint server
 * (which documents the service's): which actions each operation type accepts, from which
 * status, parent ids, duplicates within one request, and the EXECUTION update coming last.
 */
import type { OperationAction, OperationStatus, OperationType, OperationUpdate } from '@aws/durable-execution-sdk-js';
import type { OperationRecord } from './operation-record.js';

/** A checkpoint the service would answer with InvalidParameterValueException. */
export class CheckpointRejected extends Error {
  override readonly name = 'InvalidParameterValueException';
}

const ACTIONS: Record<OperationType, readonly OperationAction[]> = {
  STEP: ['START', 'FAIL', 'RETRY', 'SUCCEED'],
  CONTEXT: ['START', 'FAIL', 'SUCCEED'],
  WAIT: ['START', 'CANCEL'],
  CALLBACK: ['START', 'CANCEL'],
  CHAINED_INVOKE: ['START', 'CANCEL'],
  EXECUTION: ['SUCCEED', 'FAIL'],
};

/** AWS's limit on one operation's checkpointed payload (a step result, a callback result): 256 KB. */
export const MAX_CHECKPOINT_PAYLOAD_BYTES = 256 * 1024;
/** The testing library's (and the service's) limit on an update carrying an error. */
const MAX_ERROR_UPDATE_BYTES = 32 * 1024;

const reject = (message: string): never => {
  throw new CheckpointRejected(message);
};

function validateTransition(u: OperationUpdate, op: OperationRecord | undefined): void {
  const is = (...s: OperationStatus[]) => op !== undefined && s.includes(op.status);
  const closing = u.Action === 'SUCCEED' || u.Action === 'FAIL';
  if (closing && u.Action === 'FAIL' && u.Payload != null) reject('Cannot provide a Payload for FAIL action.');
  if (closing && u.Action === 'SUCCEED' && u.Error != null) reject('Cannot provide an Error for SUCCEED action.');
  switch (u.Type) {
    case 'STEP':
      if (u.Action === 'START' && op && !is('READY')) reject('Invalid current STEP state to start.');
      if (closing && op && !is('STARTED', 'READY')) reject('Invalid current STEP state to close.');
      if (u.Action === 'RETRY') {
        if (op && !is('STARTED', 'READY')) reject('Invalid current STEP state to re-attempt.');
        if (u.StepOptions == null) reject('Invalid StepOptions for the given action.');
        if (u.Error != null && u.Payload != null) reject('Cannot provide both error and payload to RETRY a STEP.');
      }
      return;
    case 'CONTEXT':
      if (u.Action === 'START' && op) reject('Cannot start a CONTEXT that already exists.');
      if (closing && op && !is('STARTED')) reject('Invalid current CONTEXT state to close.');
      return;
    case 'WAIT':
    case 'CALLBACK':
    case 'CHAINED_INVOKE':
      if (u.Action === 'START' && op) reject(`Cannot start a ${u.Type} that already exists.`);
      if (u.Action === 'CANCEL' && !is('STARTED')) reject(`Cannot cancel a ${u.Type} that does not exist or has already completed.`);
      return;
    default:
      return;
  }
}

/**
 * Throws CheckpointRejected when `updates` is not a valid checkpoint against `ops`.
 *
 * @example
 * validateUpdates([{ Id: 'a', Type: 'WAIT', Action: 'SUCCEED' }], new Map()); // throws
 */
export function validateUpdates(updates: readonly OperationUpdate[], ops: ReadonlyMap<string, OperationRecord>): void {
  const execUpdates = updates.filter((u) => u.Type === 'EXECUTION');
  if (execUpdates.length > 1) reject('Cannot checkpoint multiple EXECUTION updates.');
  if (execUpdates.length === 1 && updates.at(-1)?.Type !== 'EXECUTION') reject('EXECUTION checkpoint must be the last update.');
  const started = new Map<string, OperationUpdate>();
  const lastSeen = new Map<string, OperationUpdate>();
  for (const [i, u] of updates.entries()) {
    if (!u.Id) reject('Operation update must have an Id.');
    // the EXECUTION update is exempt: the SDK checkpoints a result too large to return that way
    if (u.Type !== 'EXECUTION' && u.Payload != null && Buffer.byteLength(u.Payload, 'utf8') > MAX_CHECKPOINT_PAYLOAD_BYTES) {
      reject(`1 validation error detected: Value at 'updates.${i + 1}.member.payload' failed to satisfy constraint: Member must have length less than or equal to ${MAX_CHECKPOINT_PAYLOAD_BYTES}`);
    }
    if (u.Error != null && Buffer.byteLength(JSON.stringify(u), 'utf8') > MAX_ERROR_UPDATE_BYTES) reject(`Error object size must be less than ${MAX_ERROR_UPDATE_BYTES} bytes.`);
    const id = u.Id as string;
    const prev = lastSeen.get(id);
    if (prev) {
      const allowed = (prev.Type === 'STEP' || prev.Type === 'CONTEXT') && prev.Action === 'START' && u.Action !== 'START';
      if (!allowed) reject('Cannot update the same operation twice in a single request.');
    }
    if (u.ParentId) {
      const parentType = started.get(u.ParentId)?.Type ?? ops.get(u.ParentId)?.type;
      if (parentType !== 'CONTEXT') reject('Invalid parent operation id.');
    }
    if (u.Action === 'START') started.set(id, u);
    lastSeen.set(id, u);
    if (!u.Type || !(u.Type in ACTIONS)) reject('Unknown operation type.');
    if (!u.Action || !ACTIONS[u.Type as OperationType].includes(u.Action)) reject('Invalid action for the given operation type.');
    validateTransition(u, ops.get(id));
  }
}
