/**
 * A client for one's own contract tests against the simulator (or any PAS payer): it submits
 * and inquires the way a well-behaved prior-auth client must — one Idempotency-Key per logical
 * submission, reused on every retry, Retry-After honoured — and lets the caller plug in how
 * requests are authorized (a SMART backend-services token, a static header), so the same tests
 * run against an open simulator and a secured one.
 *
 * @example
 * const sim = createSimulator({ config: { seed: 7 } });
 * const client = createTestClient({ baseUrl: 'http://sim.test', fetch: sim.handle });
 * const result = await client.submit(pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') }));
 * result.reviewActions[0]?.code; // 'A1'
 */
import { PasResponseBundleSchema, readReviewAction, type PasResponseBundle } from '../contracts/pas.js';

/** Anything that answers a Request: `globalThis.fetch`, `sim.handle`, an msw-patched fetch. */
export type RequestHandler = (request: Request) => Promise<Response>;

/**
 * How requests are authorized. `token` returns a bearer token (asked again with
 * `{ refresh: true }` once after a 401); `authorize` may rewrite the request in any other way.
 */
export interface TestClientAuth {
  token?: (options: { refresh: boolean }) => string | Promise<string>;
  authorize?: (request: Request) => Request | Promise<Request>;
}

export interface TestClientOptions {
  /** The simulator's (or a payer sandbox's) origin, e.g. `http://127.0.0.1:4010`; the PAS base is `${baseUrl}/payer/fhir`. */
  baseUrl: string;
  /** Default: the global `fetch`. Pass `sim.handle` to stay in-process. */
  fetch?: RequestHandler;
  auth?: TestClientAuth;
  /** Retries of a submission after a network error, 429, 503, 500/502/504 or 409 (in flight). Default 3. */
  retries?: number;
  /** Waits between retries (default: a real timer). Tests on a virtual clock pass a no-op or advance the clock here. */
  sleep?: (ms: number) => Promise<void>;
  /** Upper bound of one wait, whatever Retry-After says. Default 2000 ms. */
  maxRetryDelayMs?: number;
  /** Makes the Idempotency-Key of a submission that names none. Default: `crypto.randomUUID()`. */
  newIdempotencyKey?: () => string;
}

export interface SubmitResult {
  readonly status: number;
  /** The parsed PAS response Bundle (200 only). */
  readonly bundle?: PasResponseBundle;
  /** The raw JSON body (an OperationOutcome on errors). */
  readonly body: unknown;
  /** The payer answered with the stored response of an earlier request with this key. */
  readonly replayed: boolean;
  readonly idempotencyKey: string;
  /** Requests sent for this submission (1 + retries). */
  readonly attempts: number;
  /** X12 306 review action of each ClaimResponse item (`A1` certified … `A4` pended). */
  readonly reviewActions: ReturnType<typeof readReviewAction>[];
}

export interface TestClient {
  /** POST `Claim/$submit` with one Idempotency-Key across retries. */
  submit(bundle: unknown, options?: { idempotencyKey?: string }): Promise<SubmitResult>;
  /** POST `Claim/$inquire` with an inquiry Bundle (see `inquiryBundleFor`). */
  inquire(bundle: unknown): Promise<SubmitResult>;
  /** Any request relative to `baseUrl`, authorized like the others. */
  request(path: string, init?: RequestInit): Promise<Response>;
}

const RETRYABLE = new Set([409, 429, 500, 502, 503, 504]);
const FHIR_JSON = 'application/fhir+json';

/** Reads a body we do not need to the end: cancelling the stream can stall under msw's interception. */
const discard = (res: Response) => res.arrayBuffer().then(() => undefined, () => undefined);

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds or an HTTP date → milliseconds to wait (undefined when absent or unreadable). */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
  return undefined;
}

export function createTestClient(options: TestClientOptions): TestClient {
  const base = options.baseUrl.replace(/\/$/, '');
  const send: RequestHandler = options.fetch ?? ((r) => globalThis.fetch(r));
  const retries = options.retries ?? 3;
  const sleep = options.sleep ?? realSleep;
  const maxDelay = options.maxRetryDelayMs ?? 2000;
  const newKey = options.newIdempotencyKey ?? (() => globalThis.crypto.randomUUID());

  async function authorized(make: () => Request, refresh: boolean): Promise<Request> {
    let request = make();
    if (options.auth?.token) request.headers.set('authorization', `Bearer ${await options.auth.token({ refresh })}`);
    if (options.auth?.authorize) request = await options.auth.authorize(request);
    return request;
  }

  /** Send once; a 401 with a token provider is retried once with a refreshed token. */
  async function once(make: () => Request): Promise<Response> {
    const first = await send(await authorized(make, false));
    if (first.status !== 401 || !options.auth?.token) return first;
    await discard(first);
    return send(await authorized(make, true));
  }

  async function post(path: string, bundle: unknown, key?: string): Promise<SubmitResult> {
    const body = typeof bundle === 'string' ? bundle : JSON.stringify(bundle);
    const idempotencyKey = key ?? '';
    const make = () => new Request(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': FHIR_JSON, accept: FHIR_JSON, ...(key ? { 'idempotency-key': key } : {}) },
      body,
    });
    let attempts = 0;
    for (;;) {
      attempts += 1;
      let response: Response;
      try {
        response = await once(make);
      } catch (err) {
        // a network error: the request may have been committed, so only a keyed submission is safe to repeat
        if (!key || attempts > retries) throw err;
        await sleep(Math.min(maxDelay, 100 * 2 ** attempts));
        continue;
      }
      if (key && RETRYABLE.has(response.status) && attempts <= retries) {
        await discard(response);
        await sleep(Math.min(maxDelay, retryAfterMs(response.headers.get('retry-after')) ?? 100 * 2 ** attempts));
        continue;
      }
      const text = await response.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = text;
      }
      const parsed = response.status === 200 ? PasResponseBundleSchema.safeParse(json) : undefined;
      const resultBundle = parsed?.success ? parsed.data : undefined;
      return {
        status: response.status,
        body: json,
        replayed: response.headers.get('idempotent-replayed') === 'true',
        idempotencyKey,
        attempts,
        reviewActions: resultBundle ? resultBundle.entry[0].resource.item.map(readReviewAction) : [],
        ...(resultBundle ? { bundle: resultBundle } : {}),
      };
    }
  }

  return {
    submit: (bundle, o = {}) => post('/payer/fhir/Claim/$submit', bundle, o.idempotencyKey ?? newKey()),
    inquire: (bundle) => post('/payer/fhir/Claim/$inquire', bundle),
    request: (path, init) => once(() => new Request(`${base}${path}`, init)),
  };
}

/**
 * The inquiry Bundle for a submitted PAS request Bundle: its Claim and identifiers, which is
 * what the payer matches an inquiry on.
 */
export function inquiryBundleFor(request: { identifier?: unknown; entry: readonly { resource: unknown }[] }): Record<string, unknown> {
  const claim = request.entry[0]?.resource;
  return { resourceType: 'Bundle', type: 'collection', ...(request.identifier ? { identifier: request.identifier } : {}), entry: [{ resource: claim }] };
}
