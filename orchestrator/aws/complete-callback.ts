/**
 * Completing a durable callback on AWS: `SendDurableExecutionCallbackSuccess`/`Failure`/`Heartbeat` through
 * the Lambda API, with AWS's errors mapped onto the answers the local runtime gives. The one
 * that matters is `CallbackTimeoutException` (the callback was already completed, timed out,
 * or its execution ended): a late or repeated completion, answered as the runtime answers it.
 */
import {
  CallbackTimeoutException,
  ResourceNotFoundException,
  SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackHeartbeatCommand,
  SendDurableExecutionCallbackSuccessCommand,
  TooManyRequestsException,
  type ErrorObject,
  type LambdaClient,
} from '@aws-sdk/client-lambda';

/** A completion, or a heartbeat (which keeps a callback with a heartbeat timeout open). */
export type CallbackCompletion = { kind: 'succeed'; result: string } | { kind: 'fail'; error: ErrorObject } | { kind: 'heartbeat' };

/** What became of a completion: done, refused as closed (late or duplicate), unknown callback, or AWS asked to retry later. */
export type CompletionOutcome =
  | { kind: 'completed' }
  | { kind: 'closed' }
  | { kind: 'not-found' }
  | { kind: 'throttled'; retryAfterSeconds: number };

const encoder = new TextEncoder();

/** @example const outcome = await completeCallback(new LambdaClient({}), id, { kind: 'succeed', result: '{"approved":true}' }); */
export async function completeCallback(lambda: Pick<LambdaClient, 'send'>, callbackId: string, completion: CallbackCompletion): Promise<CompletionOutcome> {
  try {
    if (completion.kind === 'succeed') {
      await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: encoder.encode(completion.result) }));
    } else if (completion.kind === 'fail') {
      await lambda.send(new SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId, Error: completion.error }));
    } else {
      await lambda.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
    }
    return { kind: 'completed' };
  } catch (err) {
    if (err instanceof CallbackTimeoutException) return { kind: 'closed' };
    if (err instanceof ResourceNotFoundException) return { kind: 'not-found' };
    if (err instanceof TooManyRequestsException) return { kind: 'throttled', retryAfterSeconds: Number(err.retryAfterSeconds) || 1 };
    throw err;
  }
}
