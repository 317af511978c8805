/**
 * The one place the orchestrator makes HTTP calls: a timeout on every call
 * (`AbortSignal.timeout`), every body validated with a src/contracts zod schema, and every
 * failure classified into a `TransientError` or a `PermanentError` (see client-errors.ts).
 */
import type { z } from 'zod';
import { PermanentError, TransientError } from './client-errors.js';
import { parseRetryAfter } from './retry-after.js';
import type { TokenSource } from './smart-token-source.js';
import { trimTrailingSlashes } from '../../src/contracts/trim-trailing-slashes.js';

/** `fetch`, or anything shaped like it (the in-process simulator, a test double). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpClientConfig {
  /** `http://localhost:4010`; paths are appended to it. */
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  /** Per call, covering the response body too. */
  readonly timeoutMs: number;
  /** SMART Backend Services: every call carries its bearer token; a 401 fetches a new one and retries once. */
  readonly auth?: TokenSource;
}

export interface CallSpec<S extends z.ZodType> {
  readonly method: 'GET' | 'POST';
  /** A path under `baseUrl`, or an absolute URL (a `link[relation=next]`). */
  readonly path: string;
  readonly schema: S;
  readonly body?: unknown;
  /** Media type of the request body and of the expected response family. */
  readonly mediaType: 'application/fhir+json' | 'application/json';
  readonly headers?: Readonly<Record<string, string>>;
  /** Statuses that mean "try again later" here beyond 408, 429 and 5xx (409 from `$submit`). */
  readonly transientStatuses?: readonly number[];
  /** A credential of this call alone (a CDS Hooks JWT), sent instead of the SMART access token. */
  readonly bearer?: () => Promise<string>;
}

export interface CallResult<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly data: T;
}

/** FHIR servers may answer plain JSON; JSON endpoints never answer FHIR. */
const ACCEPTED: Record<CallSpec<z.ZodType>['mediaType'], readonly string[]> = {
  'application/fhir+json': ['application/fhir+json', 'application/json'],
  'application/json': ['application/json'],
};

/** Server-sent explanations: OperationOutcome diagnostics or RFC 9457 `detail`/`errors`. */
function diagnosticsOf(text: string): string[] {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (Array.isArray(body.issue)) return body.issue.map((i: Record<string, unknown>) => String(i.diagnostics ?? i.code ?? 'error'));
    const out = typeof body.detail === 'string' ? [body.detail] : typeof body.title === 'string' ? [body.title] : [];
    return out;
  } catch {
    return text ? [text.slice(0, 200)] : [];
  }
}

function networkMessage(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  if (e?.name === 'AbortError') return 'aborted';
  const code = e?.cause?.code ? ` (${e.cause.code})` : '';
  return `network error: ${e?.message ?? String(err)}${code}`;
}


export function createHttpClient(config: HttpClientConfig) {
  const base = trimTrailingSlashes(config.baseUrl);

  /** The absolute URL of a path under `baseUrl` (absolute URLs pass through). */
  const resolve = (path: string) => (/^https?:\/\//.test(path) ? path : `${base}${path}`);

  /**
   * Make one call and return its validated body, or throw a classified error.
   * @example await http.call({ method: 'GET', path: '/ehr/fhir/Patient/p1', schema: PatientSchema, mediaType: 'application/fhir+json' })
   */
  async function call<S extends z.ZodType>(spec: CallSpec<S>): Promise<CallResult<z.infer<S>>> {
    const url = resolve(spec.path);
    const operation = `${spec.method} ${new URL(url).pathname}`;
    const headers: Record<string, string> = { accept: spec.mediaType, ...spec.headers };
    if (spec.body !== undefined) headers['content-type'] = spec.mediaType;
    const send = async (token: string | undefined) => {
      try {
        const res = await config.fetch(url, {
          method: spec.method, headers: token === undefined ? headers : { ...headers, authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(config.timeoutMs),
          body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        });
        return { res, text: await res.text() };
      } catch (cause) {
        throw new TransientError(networkMessage(cause), { operation, cause });
      }
    };
    let token = spec.bearer ? undefined : await config.auth?.token();
    let { res, text } = await send(spec.bearer ? await spec.bearer() : token);
    if (res.status === 401 && config.auth && token !== undefined) {
      // expired or revoked mid-flow: one new token, one retry; a second 401 is not ours to fix
      config.auth.invalidate(token);
      token = await config.auth.token();
      ({ res, text } = await send(token));
      if (res.status === 401) {
        const diagnostics = diagnosticsOf(text);
        throw new PermanentError(`HTTP 401 again with a fresh access token: ${res.headers.get('www-authenticate') ?? diagnostics.join('; ')}`, { operation, status: 401, diagnostics });
      }
    }
    const status = res.status;
    if (status < 200 || status > 299) {
      const details = { operation, status, diagnostics: diagnosticsOf(text) };
      const why = `HTTP ${status}${details.diagnostics.length ? `: ${details.diagnostics.join('; ')}` : ''}`;
      // 401 without SMART auth configured: a gateway's session expired mid-flow; a later retry may pass
      if (status >= 500 || status === 408 || status === 429 || status === 401 || spec.transientStatuses?.includes(status)) {
        throw new TransientError(why, { ...details, retryAfterSeconds: parseRetryAfter(res.headers) });
      }
      throw new PermanentError(why, details);
    }
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!ACCEPTED[spec.mediaType].includes(type)) {
      throw new TransientError(`expected ${spec.mediaType}, got content-type "${type || '(none)'}"`, { operation, status });
    }
    if (text.trim() === '') throw new TransientError(`HTTP ${status} with an empty body`, { operation, status });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new TransientError(`HTTP ${status} with a body that is not JSON (truncated or malformed)`, { operation, status, cause });
    }
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      throw new TransientError(`HTTP ${status} with a body that does not match the contract`, { operation, status, diagnostics: issues, cause: parsed.error });
    }
    return { status, headers: res.headers, data: parsed.data };
  }

  return { call, resolve, baseUrl: base };
}

export type HttpClient = ReturnType<typeof createHttpClient>;
