/**
 * The idempotent start endpoint on AWS (a Lambda function URL with IAM auth): `POST /prior-auth`
 * with the same body as the local orchestrator's, invoking the workflow function
 * asynchronously with the request id as the durable execution name. Lambda returns the
 * existing execution for a name it has seen with the same input, so a retried start never
 * makes a second execution; the same name with a different input is a 409, as locally.
 */
import { DurableExecutionAlreadyStartedException, InvokeCommand, TooManyRequestsException, type LambdaClient } from '@aws-sdk/client-lambda';
import { PriorAuthRequestSchema } from '../workflow-types.js';
import { bodyText, json, problem, type FunctionUrlEvent, type FunctionUrlResult } from './function-url.js';

/** AWS's rule for durable execution names (the local runtime accepts any 1–128 characters). */
const StartRequestSchema = PriorAuthRequestSchema.extend({
  requestId: PriorAuthRequestSchema.shape.requestId.unwrap().regex(/^[A-Za-z0-9_-]{1,64}$/, '1–64 letters, digits, - or _ (it names the durable execution)'),
});

export interface StartRelayDeps {
  readonly lambda: Pick<LambdaClient, 'send'>;
  /** The workflow function's qualified ARN (durable functions are invoked by version or alias). */
  readonly functionArn: string;
}

/** @example export const handler = createStartRelay({ lambda: new LambdaClient({}), functionArn }); */
export function createStartRelay(deps: StartRelayDeps) {
  return async function handle(event: FunctionUrlEvent): Promise<FunctionUrlResult> {
    if (event.rawPath !== '/prior-auth') return problem(404, 'not-found', 'Not found', `no route ${event.requestContext.http.method} ${event.rawPath}`);
    if (event.requestContext.http.method !== 'POST') return problem(405, 'method-not-allowed', 'Method not allowed', 'start a request with POST', { allow: 'POST' });
    const text = bodyText(event);
    if (text === undefined) return problem(413, 'payload-too-large', 'Payload too large', 'request body exceeds 256kb');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      return problem(400, 'bad-request', 'invalid request', `body is not JSON: ${(err as Error).message}`);
    }
    const parsed = StartRequestSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return problem(400, 'bad-request', 'invalid request', `body.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    const { requestId, ...input } = parsed.data;
    try {
      const out = await deps.lambda.send(new InvokeCommand({
        FunctionName: deps.functionArn,
        InvocationType: 'Event',
        DurableExecutionName: requestId,
        Payload: new TextEncoder().encode(JSON.stringify(input)),
      }));
      return json(202, { executionId: out.DurableExecutionArn, requestId });
    } catch (err) {
      if (err instanceof DurableExecutionAlreadyStartedException) return problem(409, 'conflict', 'Conflict', `execution name "${requestId}" is taken by a start with a different input`);
      if (err instanceof TooManyRequestsException) return problem(503, 'throttled', 'Service unavailable', 'the Lambda API throttled the start; retry with the same requestId', { 'retry-after': String(Number(err.retryAfterSeconds) || 1) });
      return problem(502, 'upstream', 'Bad gateway', `the Lambda API failed: ${(err as Error).name}; retry with the same requestId`);
    }
  };
}
