/**
 * One request through the simulator with faults and the journal around the router: decide the
 * faults, wait out latency (if the transport can), run the handler unless a before-fault
 * answers, apply an after-fault, journal the exchange, and tell the transport what to do.
 */
import type { JournalFault, WireOutcome } from '../../contracts/journal.js';
import type { Clock } from '../clock.js';
import type { RequestJournal } from '../journal.js';
import { systemOf, type FaultCall } from './call-match.js';
import type { FaultEngine } from './fault-engine.js';
import { afterResponse, statusResponse } from './fault-responses.js';
import { attachHandlerFaults } from './handler-faults.js';
import type { TransportAction, TransportDirective } from './transport-directive.js';
import { withBufferedBody } from '../body-limit.js';
import { heldResponseText, peekRequestText, plainResponse, responseBytes } from '../held-body.js';
import { normalizeError } from '../operation-outcome.js';
import { errorResponse } from '../router.js';
import { attachClockWait, type ClockWait } from '../clock-wait.js';
import { countedStream, isStreamed, streamedResponse } from '../streamed-body.js';

export interface DispatchOptions {
  /** Real-time sleep of the transport; latency faults wait on it before the handler runs. Without it, latency is only reported. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Waits simulated time on the simulator's clock for a handler whose answer takes it (the model
   * gateway's latency; see clock-wait.ts). Without it, that time is reported, not waited.
   */
  clockWait?: ClockWait;
}

export interface Dispatched {
  /** What to send. Under a reset or hang action, a 503 placeholder for transports that cannot drop a connection. */
  readonly response: Response;
  readonly directive?: TransportDirective;
  /**
   * The same answer as bytes (or the text the handler made it from), when the handler's answer
   * went out unchanged (no after-fault): a transport that writes to a socket sends these and
   * never builds `response` (made on first read).
   */
  readonly wire?: { readonly status: number; readonly statusText: string; readonly headers: Headers; readonly body: Uint8Array | string };
}

export interface DispatchDeps {
  readonly faults: FaultEngine;
  readonly journal: RequestJournal;
  readonly clock: Clock;
  readonly journalAdmin: boolean;
  /** Largest request body; checked before fault matching reads it (a 413 takes no fault). */
  readonly bodyLimitBytes: number;
  /** Refuses a call before its body is read or any fault is chosen (the admin gate); throws an OperationOutcomeError. */
  readonly admit?: (request: Request, pathname: string) => void;
  /** Runs the handler; `url` is `request.url` already parsed. */
  readonly handle: (request: Request, url: URL) => Promise<Response>;
}

const REQUEST_HEADERS = ['content-type', 'content-length', 'idempotency-key', 'prefer', 'x-request-id'];
const RESPONSE_HEADERS = /^(content-type|retry-after|location|etag|www-authenticate|.*idempot.*)$/;
const NULL_BODY = new Set([101, 204, 205, 304]);

export async function dispatch(deps: DispatchDeps, incoming: Request, options: DispatchOptions = {}): Promise<Dispatched> {
  const url = new URL(incoming.url);
  const started = deps.clock.now();
  let call: FaultCall = { method: incoming.method, path: url.pathname, target: decode(url.pathname + url.search), system: systemOf(url.pathname) };
  let request: Request;
  try {
    deps.admit?.(incoming, url.pathname);
    request = await withBufferedBody(incoming, deps.bodyLimitBytes);
  } catch (err) {
    // refused, over the limit, or a body stream that failed: answered before any fault rule sees the call
    const response = errorResponse(normalizeError(err), url.pathname);
    record(deps, { request: incoming, url, call, started, response, handled: false, applied: [], body: await responseBytes(response.clone()) });
    return { response: plainResponse(response) };
  }
  if (deps.faults.needsBody(call)) call = { ...call, body: await peekRequestText(request).catch(() => '') };
  const decision = deps.faults.decide(call);
  const applied: JournalFault[] = decision.latency.map((f) => ({ kind: f.fault.kind, ruleId: f.ruleId, latencyMs: f.latencyMs }));
  if (decision.latencyMs > 0 && options.sleep) await options.sleep(decision.latencyMs);

  let response: Response | undefined;
  let action: TransportAction | undefined;
  let body: Uint8Array | string = new Uint8Array(0);
  const before = decision.before;
  if (before) {
    applied.push({ kind: before.fault.kind, ruleId: before.ruleId });
    if (before.fault.kind === 'http-status') response = statusResponse(before.fault, before.ruleId, url.pathname);
    else action = before.fault.kind === 'hang' ? { kind: 'hang', capMs: before.fault.capMs } : { kind: 'reset' };
  }
  const handled = !before;
  if (handled) {
    applied.push(...decision.within.map((f) => ({ kind: f.fault.kind, ruleId: f.ruleId })));
    // the model gateway also learns of an after-fault: the tokens it is about to spend will be lost on the wire
    attachHandlerFaults(request, decision.after && call.system === 'model' ? [...decision.within, decision.after] : decision.within);
    attachClockWait(request, options.clockWait);
    const real = await deps.handle(request, url);
    const after = decision.after;
    if (!after && isStreamed(real) && real.body) {
      // written as it is produced: journaled once the last byte left (or the client stopped reading)
      const body = countedStream(real.body, (bytes) => record(deps, { request, url, call, started, response: real, handled, applied, body: '', bytes }));
      const response = streamedResponse(body, { status: real.status, statusText: real.statusText, headers: real.headers });
      return { response, ...(decision.latencyMs > 0 ? { directive: { delayMs: decision.latencyMs } } : {}) };
    }
    if (!after) {
      // the common case: the answer goes out as the handler made it, as text when it was made from text
      const out = heldResponseText(real) ?? await responseBytes(real);
      record(deps, { request, url, call, started, response: real, handled, applied, body: out });
      return answered(real, out, decision.latencyMs > 0 ? { delayMs: decision.latencyMs } : undefined);
    }
    const bytes = await responseBytes(real);
    body = bytes;
    response = new Response(NULL_BODY.has(real.status) ? null : bytes, { status: real.status, statusText: real.statusText, headers: real.headers });
    applied.push({ kind: after.fault.kind, ruleId: after.ruleId });
    if (after.fault.kind === 'response-lost-after-commit') action = { kind: 'reset' };
    else if (after.fault.kind === 'truncated-body') action = { kind: 'truncate', bytes: Math.floor(bytes.byteLength * after.fault.fraction) };
    else response = afterResponse(after.fault, response, bytes) ?? response;
  }
  if (response && !handled) body = await responseBytes(response.clone());

  record(deps, { request, url, call, started, response, action, handled, applied, body });
  const directive = decision.latencyMs > 0 || action ? { delayMs: decision.latencyMs, action } : undefined;
  return { response: response ? plainResponse(response) : placeholder(action), directive };
}

interface Exchange {
  request: Request;
  url: URL;
  call: FaultCall;
  started: number;
  response?: Response;
  action?: TransportAction;
  handled: boolean;
  applied: JournalFault[];
  body: Uint8Array | string;
  /** A streamed answer's size, counted as it went out (its `body` is not kept). */
  bytes?: number;
}

function record(deps: DispatchDeps, x: Exchange): void {
  const { request, url, call, response, action } = x;
  if (!deps.journalAdmin && call.system === 'admin') return;
  const outcome: WireOutcome = action ? (action.kind === 'truncate' ? 'truncated' : action.kind) : 'responded';
  const declared = Number(request.headers.get('content-length') ?? NaN);
  deps.journal.capture({
    atMs: x.started,
    method: request.method,
    url: url.pathname + url.search,
    system: call.system,
    status: response?.status ?? 0,
    outcome,
    handled: x.handled,
    requestHeaders: picked(request.headers, REQUEST_HEADERS),
    responseHeaders: response ? pick(response.headers, (k) => RESPONSE_HEADERS.test(k)) : {},
    requestBytes: Number.isFinite(declared) ? declared : call.body !== undefined ? new TextEncoder().encode(call.body).byteLength : null,
    responseBytes: action?.kind === 'truncate' ? action.bytes : x.bytes ?? (action ? 0 : typeof x.body === 'string' ? Buffer.byteLength(x.body) : x.body.byteLength),
    faults: x.applied,
    durationMs: Math.max(0, deps.clock.now() - x.started),
  });
}

/** The handler's answer as bytes, with its Response built only if someone reads it. */
function answered(real: Response, body: Uint8Array<ArrayBuffer> | string, directive: TransportDirective | undefined): Dispatched {
  return new Answered({ status: real.status, statusText: real.statusText, headers: real.headers, body }, directive);
}

/** A class rather than an object literal with a getter: no getter closure made per request. */
class Answered implements Dispatched {
  #response: Response | undefined;
  declare readonly directive?: TransportDirective;

  constructor(readonly wire: { readonly status: number; readonly statusText: string; readonly headers: Headers; readonly body: Uint8Array<ArrayBuffer> | string }, directive: TransportDirective | undefined) {
    if (directive) this.directive = directive;
  }

  get response(): Response {
    const { status, statusText, headers, body } = this.wire;
    return (this.#response ??= new Response(NULL_BODY.has(status) ? null : body, { status, statusText, headers }));
  }
}

function placeholder(action: TransportAction | undefined): Response {
  const detail = `simulated network fault (${action?.kind ?? 'none'}): this transport cannot drop a connection`;
  return new Response(JSON.stringify({ title: 'network fault', status: 503, detail }), { status: 503, headers: { 'content-type': 'application/problem+json' } });
}

/** The named headers present (a lookup each: iterating a Headers object sorts it first). */
function picked(headers: Headers, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null) out[name] = value;
  }
  return out;
}

function pick(headers: Headers, keep: (name: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((v, k) => {
    if (keep(k)) out[k] = v;
  });
  return out;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
