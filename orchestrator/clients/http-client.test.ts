/** Error classification of the HTTP core, with a fake fetch that misbehaves in each way a server or network can. */
import { z } from 'zod';
import { isRetryable, PermanentError, TransientError } from './client-errors.js';
import { createHttpClient, type FetchLike } from './http-client.js';

const Schema = z.object({ ok: z.literal(true) });
const FHIR = { 'content-type': 'application/fhir+json' };
const respond = (body: BodyInit | null, status = 200, headers: Record<string, string> = FHIR): FetchLike => async () => new Response(body, { status, headers });
const call = (fetch: FetchLike, extra: { transientStatuses?: number[] } = {}) =>
  createHttpClient({ baseUrl: 'http://x.test/', fetch, timeoutMs: 50 }).call({ method: 'GET', path: '/thing', schema: Schema, mediaType: 'application/fhir+json', ...extra });
const outcome = (diagnostics: string) => JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', diagnostics }] });

async function failure(p: Promise<unknown>): Promise<TransientError | PermanentError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TransientError || err instanceof PermanentError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('http client error classification', () => {
  test('a valid body is returned parsed', async () => {
    await expect(call(respond('{"ok":true}'))).resolves.toMatchObject({ status: 200, data: { ok: true } });
  });

  test.each([500, 502, 503, 504, 408, 401])('%i is transient', async (status) => {
    const err = await failure(call(respond(outcome('down'), status)));
    expect(err).toBeInstanceOf(TransientError);
    expect(isRetryable(err)).toBe(true);
    expect(err.status).toBe(status);
  });

  test('429 and 503 carry Retry-After, as seconds or as an HTTP-date relative to Date', async () => {
    const a = await failure(call(respond(outcome('slow down'), 429, { ...FHIR, 'retry-after': '7' })));
    expect(a).toMatchObject({ retryable: true, retryAfterSeconds: 7 });
    const b = await failure(call(respond('', 503, { 'retry-after': 'Wed, 21 Oct 2026 07:28:30 GMT', date: 'Wed, 21 Oct 2026 07:28:00 GMT' })));
    expect(b).toMatchObject({ retryable: true, retryAfterSeconds: 30 });
  });

  test.each([400, 403, 404, 409, 422])('%i is permanent and keeps the diagnostics', async (status) => {
    const err = await failure(call(respond(outcome(`Claim.use: expected "preauthorization"`), status)));
    expect(err).toBeInstanceOf(PermanentError);
    expect(isRetryable(err)).toBe(false);
    expect(err.diagnostics).toEqual(['Claim.use: expected "preauthorization"']);
  });

  test('problem+json detail is read too', async () => {
    const err = await failure(call(respond(JSON.stringify({ type: 't', title: 'invalid', status: 400, detail: 'no such status' }), 400, { 'content-type': 'application/problem+json' })));
    expect(err.diagnostics).toEqual(['no such status']);
  });

  test('409 is transient where the caller says so ($submit: same key in flight)', async () => {
    expect(await failure(call(respond(outcome('in flight'), 409, { ...FHIR, 'retry-after': '1' }), { transientStatuses: [409] }))).toMatchObject({ retryable: true, retryAfterSeconds: 1 });
  });

  test('network errors are transient', async () => {
    const reset: FetchLike = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    };
    const err = await failure(call(reset));
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toContain('ECONNRESET');
  });

  test('a call that never answers times out (transient)', async () => {
    const hang: FetchLike = (_url, init) => new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)));
    const err = await failure(call(hang));
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toContain('timed out');
  });

  test('a body cut mid-stream is transient', async () => {
    const stream = new ReadableStream({ start: (c) => { c.enqueue(new TextEncoder().encode('{"ok":')); c.error(new TypeError('terminated')); } });
    expect(await failure(call(respond(stream)))).toBeInstanceOf(TransientError);
  });

  test.each([
    ['malformed JSON', respond('{"ok":tr')],
    ['an empty 200', respond('')],
    ['a wrong content type', respond('<html>gateway</html>', 200, { 'content-type': 'text/html' })],
    ['a body off the contract', respond('{"ok":"yes"}')],
  ])('%s is transient', async (_what, fetch) => {
    expect(await failure(call(fetch))).toBeInstanceOf(TransientError);
  });

  test('errors that are not client errors are not retryable', () => {
    expect(isRetryable(new Error('bug'))).toBe(false);
    expect(isRetryable(undefined)).toBe(false);
  });
});
