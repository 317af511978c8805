/**
 * The slice of a Lambda function URL event (payload format 2.0) and response the relays use,
 * plus RFC 9457 problem responses in the runtime's vocabulary, so a caller sees the same
 * answers from a relay on AWS as from the local runtime's HTTP API.
 */
import { CALLBACK_TIMEOUT_PROBLEM } from '../runtime/runtime-problem.js';

export interface FunctionUrlEvent {
  readonly rawPath: string;
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly requestContext: { readonly http: { readonly method: string } };
}

export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Largest body a relay reads: the Lambda callback APIs take at most 256 KB. */
export const MAX_RELAY_BODY_BYTES = 256 * 1024;

export function json(statusCode: number, value: unknown, headers: Record<string, string> = {}): FunctionUrlResult {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function problem(status: number, slug: string, title: string, detail: string, headers: Record<string, string> = {}): FunctionUrlResult {
  return { statusCode: status, headers: { 'content-type': 'application/problem+json', ...headers }, body: JSON.stringify({ type: `urn:durable-runtime:problem:${slug}`, title, status, detail }) };
}

/** AWS's CallbackTimeoutException as the local runtime words it: the callback is closed (late, repeated, or its execution ended). */
export function callbackClosed(callbackId: string): FunctionUrlResult {
  return problem(CALLBACK_TIMEOUT_PROBLEM.status, CALLBACK_TIMEOUT_PROBLEM.slug, CALLBACK_TIMEOUT_PROBLEM.title, `callback ${callbackId} has timed out or is already closed; a callback resolves at most once`);
}

/** The body as the exact text the sender signed; undefined when it is larger than the relay accepts. */
export function bodyText(event: FunctionUrlEvent): string | undefined {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return Buffer.byteLength(text, 'utf8') > MAX_RELAY_BODY_BYTES ? undefined : text;
}

/** A header by case-insensitive name (function URLs lower-case them; tests may not). */
export function header(event: FunctionUrlEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/**
 * The callback id in `/<prefix>/{id}[/<action>]`. AWS callback ids are base64 and may hold
 * `/` and `+`: the id is matched greedily and percent-decoded once.
 */
export function callbackIdFrom(rawPath: string, prefix: string, actions: readonly string[]): { callbackId: string; action?: string } | undefined {
  const tail = actions.length ? `/(${actions.join('|')})` : '';
  const m = new RegExp(`^/${prefix}/(.+)${tail}$`).exec(rawPath);
  if (!m) return undefined;
  try {
    const callbackId = decodeURIComponent(m[1]!);
    return callbackId.length > 0 && callbackId.length <= 1024 ? { callbackId, ...(m[2] ? { action: m[2] } : {}) } : undefined;
  } catch {
    return undefined;
  }
}
