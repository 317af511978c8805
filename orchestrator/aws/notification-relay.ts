/**
 * The payer-notification relay on AWS (a Lambda function URL): the payer's rest-hook
 * Subscription POSTs to `/notifications/payer/{callbackId}`, as it would to the local
 * receiver, and a final ClaimResponse completes the waiting durable callback through the Lambda
 * API. Signed like every callback completion (`X-Callback-Signature`). Handshakes, heartbeats,
 * stale (pended) and duplicate notifications are acknowledged with 200 and change nothing, so
 * the payer stops retrying: on AWS a duplicate is the CallbackTimeoutException of a callback
 * already completed.
 */
import { CALLBACK_SIGNATURE_HEADER, verifyCallbackSignature } from '../../src/contracts/callback-signature.js';
import { readNotification } from '../notification-decision.js';
import type { NotificationOutcome } from '../notification-receiver.js';
import type { RelayDeps } from './callback-relay.js';
import { bodyText, callbackIdFrom, header, json, problem, type FunctionUrlEvent, type FunctionUrlResult } from './function-url.js';
import { completeCallback } from './complete-callback.js';

/** @example export const handler = createNotificationRelay({ lambda: new LambdaClient({}), key }); */
export function createNotificationRelay(deps: RelayDeps) {
  return async function handle(event: FunctionUrlEvent): Promise<FunctionUrlResult> {
    if (event.requestContext.http.method !== 'POST') return problem(405, 'method-not-allowed', 'Method not allowed', 'notifications are delivered with POST', { allow: 'POST' });
    const route = callbackIdFrom(event.rawPath, 'notifications/payer', []);
    if (!route) return problem(404, 'not-found', 'Not found', `no route POST ${event.rawPath}`);
    const { callbackId } = route;
    const body = bodyText(event);
    if (body === undefined) return problem(413, 'payload-too-large', 'Payload too large', 'notification exceeds 256kb (the Lambda callback API limit)');
    if (!(await verifyCallbackSignature(deps.key, callbackId, body, header(event, CALLBACK_SIGNATURE_HEADER)))) {
      return problem(401, 'bad-signature', 'Unauthorized', `${CALLBACK_SIGNATURE_HEADER}: missing or not a valid signature of this body for callback ${callbackId}`);
    }
    const reading = readNotification(body);
    if (reading.kind === 'invalid') return problem(400, 'bad-request', 'invalid notification', reading.detail);
    const reply = (outcome: NotificationOutcome) => json(200, { outcome });
    if (reading.kind !== 'final') return reply(reading.kind);
    let outcome;
    try {
      outcome = await completeCallback(deps.lambda, callbackId, { kind: 'succeed', result: JSON.stringify(reading.decision) });
    } catch (err) {
      return problem(502, 'upstream', 'Bad gateway', `the Lambda API failed: ${(err as Error).name}`);
    }
    switch (outcome.kind) {
      case 'completed': return reply('completed');
      case 'closed': return reply('duplicate');
      case 'not-found': return problem(404, 'not-found', 'not found', `no callback ${callbackId} is waiting`);
      case 'throttled': return problem(503, 'throttled', 'Service unavailable', 'the Lambda API throttled the completion; retry', { 'retry-after': String(outcome.retryAfterSeconds) });
    }
  };
}
