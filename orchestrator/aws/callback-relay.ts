/**
 * The callback relay on AWS (a Lambda function URL): the review system POSTs the physician's
 * decision to `/callbacks/{callbackId}/succeed` (or `/fail`, `/heartbeat`), exactly as it would to the local
 * runtime, and the relay completes the durable callback through the Lambda API. It first
 * checks `X-Callback-Signature` against the secret derived for that callback from the
 * orchestrator's key, so only the system handed the callback can complete it.
 *
 * Answers match the local runtime's HTTP API: 200 on completion; 400 `callback-timeout` for a
 * late or repeated completion (AWS's CallbackTimeoutException); 401 for a missing or wrong
 * signature; 404 for an unknown callback; 503 with Retry-After when AWS throttles.
 */
import type { ErrorObject, LambdaClient } from '@aws-sdk/client-lambda';
import { z } from 'zod';
import { CALLBACK_SIGNATURE_HEADER, verifyCallbackSignature } from '../../src/contracts/callback-signature.js';
import { bodyText, callbackClosed, callbackIdFrom, header, json, problem, type FunctionUrlEvent, type FunctionUrlResult } from './function-url.js';
import { completeCallback, type CallbackCompletion } from './complete-callback.js';

const ErrorObjectSchema = z.object({
  ErrorMessage: z.string().max(32_768).optional(),
  ErrorType: z.string().max(256).optional(),
  ErrorData: z.string().max(32_768).optional(),
  StackTrace: z.array(z.string()).max(64).optional(),
});

export interface RelayDeps {
  readonly lambda: Pick<LambdaClient, 'send'>;
  /** The orchestrator's callback key (the same one the workflow derives per-callback secrets from). */
  readonly key: string;
}

/** @example export const handler = createCallbackRelay({ lambda: new LambdaClient({}), key }); */
export function createCallbackRelay(deps: RelayDeps) {
  return async function handle(event: FunctionUrlEvent): Promise<FunctionUrlResult> {
    if (event.requestContext.http.method !== 'POST') return problem(405, 'method-not-allowed', 'Method not allowed', 'callbacks are completed with POST', { allow: 'POST' });
    const route = callbackIdFrom(event.rawPath, 'callbacks', ['succeed', 'fail', 'heartbeat']);
    if (!route) return problem(404, 'not-found', 'Not found', `no route POST ${event.rawPath}`);
    const { callbackId, action } = route;
    const body = bodyText(event);
    if (body === undefined) return problem(413, 'payload-too-large', 'Payload too large', 'request body exceeds 256kb (the Lambda callback API limit)');
    if (!(await verifyCallbackSignature(deps.key, callbackId, body, header(event, CALLBACK_SIGNATURE_HEADER)))) {
      return problem(401, 'bad-signature', 'Unauthorized', `${CALLBACK_SIGNATURE_HEADER}: missing or not a valid signature of this body for callback ${callbackId}`);
    }
    let completion: CallbackCompletion;
    if (action === 'succeed') {
      completion = { kind: 'succeed', result: body };
    } else if (action === 'heartbeat') {
      completion = { kind: 'heartbeat' };
    } else {
      let parsed: unknown = {};
      try {
        if (body.trim() !== '') parsed = JSON.parse(body);
      } catch (err) {
        return problem(400, 'bad-request', 'Bad request', `body: malformed JSON (${(err as Error).message})`);
      }
      const error = ErrorObjectSchema.safeParse(parsed);
      if (!error.success) {
        const issue = error.error.issues[0];
        return problem(400, 'bad-request', 'Bad request', `body${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}`);
      }
      completion = { kind: 'fail', error: error.data as ErrorObject };
    }
    let outcome;
    try {
      outcome = await completeCallback(deps.lambda, callbackId, completion);
    } catch (err) {
      // anything else from AWS (ServiceException, a network error): a 5xx, so the sender retries
      return problem(502, 'upstream', 'Bad gateway', `the Lambda API failed: ${(err as Error).name}`);
    }
    switch (outcome.kind) {
      case 'completed': return json(200, { callbackId, status: ({ succeed: 'SUCCEEDED', fail: 'FAILED', heartbeat: 'STARTED' } as const)[action as 'succeed' | 'fail' | 'heartbeat'] });
      case 'closed': return callbackClosed(callbackId);
      case 'not-found': return problem(404, 'not-found', 'Not found', `callback ${callbackId} does not exist`);
      case 'throttled': return problem(503, 'throttled', 'Service unavailable', 'the Lambda API throttled the completion; retry', { 'retry-after': String(outcome.retryAfterSeconds) });
    }
  };
}
