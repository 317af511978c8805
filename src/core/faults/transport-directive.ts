/**
 * What the transport must do with a dispatched response (the "how" half of a fault), and the
 * in-process rendering of it for callers without a socket (`engine.handle`, msw).
 */

export type TransportAction =
  /** Drop the connection without answering: the client sees ECONNRESET / "fetch failed". */
  | { readonly kind: 'reset' }
  /** Keep the connection open without answering; give up after `capMs` real milliseconds. */
  | { readonly kind: 'hang'; readonly capMs: number }
  /** Send status, headers and the full Content-Length, then only `bytes` of the body, then drop. */
  | { readonly kind: 'truncate'; readonly bytes: number };

export interface TransportDirective {
  /** Real milliseconds of latency the engine drew (already waited if the adapter passed `sleep`). */
  readonly delayMs: number;
  /** Absent: write the response as is. */
  readonly action?: TransportAction;
}

/** The rejection an in-process caller gets where a socket client would see a network error. */
export class SimulatedNetworkError extends TypeError {
  constructor(readonly code: 'ECONNRESET' | 'ETIMEDOUT', detail: string) {
    super('fetch failed', { cause: Object.assign(new Error(detail), { code }) });
    this.name = 'SimulatedNetworkError';
  }
}

/**
 * The response with its body cut after `bytes` and then errored, as a client reading a
 * truncated HTTP body would see it (`res.json()` rejects).
 */
export function truncatedResponse(res: Response, body: Uint8Array, bytes: number): Response {
  const prefix = body.subarray(0, bytes);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (prefix.byteLength) controller.enqueue(prefix);
      controller.error(new SimulatedNetworkError('ECONNRESET', `connection closed after ${bytes} of ${body.byteLength} body bytes`));
    },
  });
  const headers = new Headers(res.headers);
  headers.set('content-length', String(body.byteLength));
  return new Response(stream, { status: res.status, statusText: res.statusText, headers });
}

/**
 * Render a directive without a socket: reset and hang reject like fetch (a hang as the
 * timeout its client would eventually hit), truncation errors the body stream.
 */
export async function inProcess(response: Response, directive: TransportDirective | undefined): Promise<Response> {
  const action = directive?.action;
  if (!action) return response;
  if (action.kind === 'reset') throw new SimulatedNetworkError('ECONNRESET', 'simulated connection reset');
  if (action.kind === 'hang') throw new SimulatedNetworkError('ETIMEDOUT', `simulated hang: no answer within ${action.capMs} ms`);
  return truncatedResponse(response, new Uint8Array(await response.arrayBuffer()), action.bytes);
}
