/**
 * The AWS relays against a mocked Lambda client: what each sends to the Lambda API, and how
 * AWS's answers (success, CallbackTimeoutException for late and repeated completions,
 * throttling) come back to the review system, the payer and the starter.
 */
import { mockClient } from 'aws-sdk-client-mock';
import {
  CallbackTimeoutException,
  DurableExecutionAlreadyStartedException,
  InvokeCommand,
  LambdaClient,
  ResourceNotFoundException,
  SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackHeartbeatCommand,
  SendDurableExecutionCallbackSuccessCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { CodeSystems } from '../../src/contracts/fhir-base.js';
import { ADJUDICATION_CATEGORY_SYSTEM, PasExtensions } from '../../src/contracts/pas.js';
import { deriveCallbackSecret, signCallbackBody } from '../../src/contracts/callback-signature.js';
import { createCallbackRelay } from './callback-relay.js';
import type { FunctionUrlEvent } from './function-url.js';
import { createNotificationRelay } from './notification-relay.js';
import { createStartRelay } from './start-relay.js';

const KEY = 'k'.repeat(48);
// AWS callback ids are base64: they may hold '/' and '+'
const CALLBACK_ID = 'Ab+c/dE9==';
const lambdaMock = mockClient(LambdaClient);
const lambda = new LambdaClient({ region: 'us-east-1' });
const timeout = () => new CallbackTimeoutException({ message: 'Callback timed out or already completed', $metadata: { httpStatusCode: 400 } });

beforeEach(() => lambdaMock.reset());

async function signedEvent(path: string, body: string, callbackId = CALLBACK_ID, method = 'POST'): Promise<FunctionUrlEvent> {
  const signature = await signCallbackBody(await deriveCallbackSecret(KEY, callbackId), body);
  return { rawPath: path, body, headers: { 'x-callback-signature': signature }, requestContext: { http: { method } } };
}

const cbPath = (action: string, id = CALLBACK_ID) => `/callbacks/${encodeURIComponent(id)}/${action}`;
const bytes = (blob: unknown) => new TextDecoder().decode(blob as Uint8Array);
const parse = (body: string) => JSON.parse(body) as Record<string, unknown>;

describe('callback relay', () => {
  const relay = createCallbackRelay({ lambda, key: KEY });

  it('completes a signed decision with SendDurableExecutionCallbackSuccess, the body as the result bytes', async () => {
    lambdaMock.on(SendDurableExecutionCallbackSuccessCommand).resolves({});
    const body = '{"approved":true,"reviewer":"dr-a"}';
    const res = await relay(await signedEvent(cbPath('succeed'), body));
    expect(res.statusCode).toBe(200);
    expect(parse(res.body)).toEqual({ callbackId: CALLBACK_ID, status: 'SUCCEEDED' });
    const calls = lambdaMock.commandCalls(SendDurableExecutionCallbackSuccessCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input.CallbackId).toBe(CALLBACK_ID);
    expect(bytes(calls[0]!.args[0].input.Result)).toBe(body);
  });

  it('fails a callback with SendDurableExecutionCallbackFailure and the validated error object', async () => {
    lambdaMock.on(SendDurableExecutionCallbackFailureCommand).resolves({});
    const res = await relay(await signedEvent(cbPath('fail'), '{"ErrorType":"Declined","ErrorMessage":"reviewer unavailable"}'));
    expect(res.statusCode).toBe(200);
    expect(parse(res.body)).toMatchObject({ status: 'FAILED' });
    expect(lambdaMock.commandCalls(SendDurableExecutionCallbackFailureCommand)[0]!.args[0].input)
      .toEqual({ CallbackId: CALLBACK_ID, Error: { ErrorType: 'Declined', ErrorMessage: 'reviewer unavailable' } });
  });

  it('forwards a signed heartbeat with SendDurableExecutionCallbackHeartbeat; a heartbeat of a closed callback is a 400 too', async () => {
    lambdaMock.on(SendDurableExecutionCallbackHeartbeatCommand).resolvesOnce({}).rejects(timeout());
    const event = await signedEvent(cbPath('heartbeat'), '');
    const first = await relay(event);
    expect([first.statusCode, parse(first.body).status]).toEqual([200, 'STARTED']);
    expect(lambdaMock.commandCalls(SendDurableExecutionCallbackHeartbeatCommand)[0]!.args[0].input).toEqual({ CallbackId: CALLBACK_ID });
    expect((await relay(event)).statusCode).toBe(400);
  });

  it('answers a late completion (CallbackTimeoutException) as the local runtime does: 400 callback-timeout', async () => {
    lambdaMock.on(SendDurableExecutionCallbackSuccessCommand).rejects(timeout());
    const res = await relay(await signedEvent(cbPath('succeed'), '{"approved":true}'));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(parse(res.body)).toMatchObject({ type: 'urn:durable-runtime:problem:callback-timeout', status: 400 });
  });

  it('completes once and refuses the duplicate: the second send is AWS\'s CallbackTimeoutException, answered 400', async () => {
    lambdaMock.on(SendDurableExecutionCallbackSuccessCommand).resolvesOnce({}).rejects(timeout());
    const event = await signedEvent(cbPath('succeed'), '{"approved":false,"reason":"no"}');
    const first = await relay(event);
    const second = await relay(event);
    expect([first.statusCode, second.statusCode]).toEqual([200, 400]);
    expect(lambdaMock.commandCalls(SendDurableExecutionCallbackSuccessCommand)).toHaveLength(2);
  });

  it('refuses an unsigned, wrongly signed or re-targeted completion with 401 and never calls AWS', async () => {
    const body = '{"approved":true}';
    const unsigned = { ...(await signedEvent(cbPath('succeed'), body)), headers: {} };
    const tampered = { ...(await signedEvent(cbPath('succeed'), body)), body: '{"approved":false}' };
    const otherCallback = { ...(await signedEvent(cbPath('succeed'), body, 'Other==')), rawPath: cbPath('succeed') };
    for (const event of [unsigned, tampered, otherCallback]) expect((await relay(event)).statusCode).toBe(401);
    expect(lambdaMock.calls()).toHaveLength(0);
  });

  it('maps unknown callbacks to 404, throttling to 503 with Retry-After, other AWS failures to 502', async () => {
    lambdaMock.on(SendDurableExecutionCallbackSuccessCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: 'no', $metadata: {} }))
      .rejectsOnce(new TooManyRequestsException({ message: 'slow down', retryAfterSeconds: '7', $metadata: {} }))
      .rejects(new Error('socket hang up'));
    const event = await signedEvent(cbPath('succeed'), '{}');
    expect((await relay(event)).statusCode).toBe(404);
    const throttled = await relay(event);
    expect([throttled.statusCode, throttled.headers['retry-after']]).toEqual([503, '7']);
    expect((await relay(event)).statusCode).toBe(502);
  });

  it('refuses bad input with a 4xx naming the problem', async () => {
    expect((await relay(await signedEvent(cbPath('fail'), '{"ErrorMessage": 5}'))).body).toContain('body.ErrorMessage');
    expect((await relay(await signedEvent(cbPath('fail'), '{nope'))).statusCode).toBe(400);
    expect((await relay(await signedEvent(cbPath('succeed'), 'x'.repeat(256 * 1024 + 1)))).statusCode).toBe(413);
    expect((await relay(await signedEvent('/callbacks/x/explode', '{}', 'x'))).statusCode).toBe(404);
    expect((await relay(await signedEvent(cbPath('succeed'), '{}', CALLBACK_ID, 'GET'))).statusCode).toBe(405);
    expect(lambdaMock.calls()).toHaveLength(0);
  });
});

describe('notification relay', () => {
  const relay = createNotificationRelay({ lambda, key: KEY });
  const path = `/notifications/payer/${encodeURIComponent(CALLBACK_ID)}`;
  // a PAS ClaimResponse as the payer sends it: one item whose review action carries the X12 306 code
  const claimResponse = (code: string) => ({
    resourceType: 'ClaimResponse', id: 'cr-1', identifier: [{ system: 'urn:claims', value: 'cr-1' }], status: 'active',
    type: { coding: [{ code: 'professional' }] }, use: 'preauthorization', patient: { reference: 'Patient/p1' }, created: '2026-01-01T00:00:00Z',
    insurer: { reference: 'Organization/payer' }, requestor: { reference: 'Organization/clinic' }, request: { identifier: { system: 'urn:claims', value: 'c-1' } },
    outcome: code === 'A4' ? 'queued' : 'complete', preAuthRef: 'AUTH-1',
    item: [{
      itemSequence: 1,
      adjudication: [{
        category: { coding: [{ system: ADJUDICATION_CATEGORY_SYSTEM, code: 'submitted' }] },
        extension: [{ url: PasExtensions.reviewAction, extension: [
          { url: PasExtensions.reviewActionCode, valueCodeableConcept: { coding: [{ system: CodeSystems.x12ReviewAction, code }] } },
          { url: 'number', valueString: 'AUTH-1-1' },
        ] }],
      }],
    }],
  });
  const notification = (code?: string) => JSON.stringify({ resourceType: 'Bundle', type: 'history', entry: code ? [{ resource: claimResponse(code) }] : [] });

  it('completes the callback with the decision of a final ClaimResponse, and acknowledges a duplicate without changing anything', async () => {
    lambdaMock.on(SendDurableExecutionCallbackSuccessCommand).resolvesOnce({}).rejects(timeout());
    const event = await signedEvent(path, notification('A1'));
    const first = await relay(event);
    expect(first.statusCode).toBe(200);
    expect(parse(first.body)).toEqual({ outcome: 'completed' });
    const result = JSON.parse(bytes(lambdaMock.commandCalls(SendDurableExecutionCallbackSuccessCommand)[0]!.args[0].input.Result)) as Record<string, unknown>;
    expect(result).toMatchObject({ outcome: 'APPROVED', reviewActionCode: 'A1', authorizationNumber: 'AUTH-1' });
    expect(parse((await relay(event)).body)).toEqual({ outcome: 'duplicate' });
  });

  it('acknowledges handshakes and stale (pended) notifications without calling AWS; refuses unsigned ones', async () => {
    expect(parse((await relay(await signedEvent(path, notification()))).body)).toEqual({ outcome: 'acknowledged' });
    expect(parse((await relay(await signedEvent(path, notification('A4')))).body)).toEqual({ outcome: 'stale' });
    expect((await relay({ ...(await signedEvent(path, notification('A1'))), headers: {} })).statusCode).toBe(401);
    expect((await relay(await signedEvent(path, '{"resourceType":"Patient"}'))).statusCode).toBe(400);
    expect(lambdaMock.calls()).toHaveLength(0);
  });
});

describe('start relay', () => {
  const functionArn = 'arn:aws:lambda:us-east-1:123456789012:function:prior-auth:live';
  const relay = createStartRelay({ lambda, functionArn });
  const start = (body: unknown) => relay({ rawPath: '/prior-auth', body: JSON.stringify(body), requestContext: { http: { method: 'POST' } } });
  const arn = `${functionArn}/durable-execution/req-1/abc`;

  it('invokes the workflow asynchronously with the request id as the durable execution name', async () => {
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202, DurableExecutionArn: arn });
    const res = await start({ patientId: 'p1', procedureCode: '72148', requestId: 'req-1' });
    expect(res.statusCode).toBe(202);
    expect(parse(res.body)).toEqual({ executionId: arn, requestId: 'req-1' });
    const input = lambdaMock.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ FunctionName: functionArn, InvocationType: 'Event', DurableExecutionName: 'req-1' });
    expect(JSON.parse(bytes(input.Payload))).toEqual({ patientId: 'p1', procedureCode: '72148' });
  });

  it('answers 409 when the name is taken by a different input, and 400 for a request id AWS cannot use as a name', async () => {
    lambdaMock.on(InvokeCommand).rejects(new DurableExecutionAlreadyStartedException({ message: 'taken', $metadata: {} }));
    expect((await start({ patientId: 'p2', procedureCode: '72148', requestId: 'req-1' })).statusCode).toBe(409);
    const bad = await start({ patientId: 'p1', procedureCode: '72148', requestId: 'has spaces' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('body.requestId');
    expect((await start({ patientId: 'p1', procedureCode: '72148' })).statusCode).toBe(400);
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(1);
  });
});
