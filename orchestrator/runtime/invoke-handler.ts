/**
 * The one place that injects our backend into the SDK. It wraps the invocation event in
 * `DurableExecutionInvocationInputWithClient`, which the SDK marks @internal: the SDK
 * version is pinned exactly (2.4.0) and nothing else in the runtime touches the class.
 *
 * Why the event and not `withDurableExecution(fn, { durableExecutionClient })`: handlers
 * arrive already wrapped (the same function deploys to Lambda), and the SDK lets an
 * event-injected client override the handler's own config for exactly this case.
 */
import {
  DurableExecutionInvocationInputWithClient,
  type DurableExecutionClient,
  type DurableExecutionInvocationOutput,
  type DurableLambdaHandler,
  type WireOperation,
} from '@aws/durable-execution-sdk-js';

/** What `withDurableExecution(fn)` returns. */
export type DurableHandler = DurableLambdaHandler;

export interface Invocation {
  executionArn: string;
  checkpointToken: string;
  operations: WireOperation[];
  updatedOperationIds: string[];
  requestId: string;
  functionName: string;
}

/**
 * Runs one invocation of `handler` against `client`.
 *
 * `getRemainingTimeInMillis` answers 0: the SDK then never arms an in-process timer for a
 * wait, retry or callback poll (it would compare our clock's timestamps with the host's
 * Date.now() and sleep on the wall clock) and always suspends with PENDING, leaving every
 * wake-up to the runtime's scheduler and its injected clock.
 */
export function invokeDurableHandler(handler: DurableHandler, inv: Invocation, client: DurableExecutionClient): Promise<DurableExecutionInvocationOutput> {
  const event = new DurableExecutionInvocationInputWithClient(
    {
      DurableExecutionArn: inv.executionArn,
      CheckpointToken: inv.checkpointToken,
      InitialExecutionState: { Operations: inv.operations },
    },
    client,
  );
  // The class copies only three fields of its input; UpdatedOperationIds (which tells the
  // SDK's plugins a completion is new, not replayed) has to be put back by hand.
  Object.assign(event, { UpdatedOperationIds: inv.updatedOperationIds });
  const lambdaContext = {
    awsRequestId: inv.requestId,
    functionName: inv.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:local:durable-runtime:function:${inv.functionName}`,
    memoryLimitInMB: '0',
    logGroupName: 'durable-runtime',
    logStreamName: inv.executionArn,
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 0,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  return handler(event, lambdaContext as Parameters<DurableHandler>[1]);
}
