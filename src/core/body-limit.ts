/**
 * The body limit, enforced once for every route before anything reads the body: the fault
 * engine (a rule matching a business key reads the body), the journal and the handlers all
 * see a body that is already known to fit. A declared Content-Length over the limit is refused
 * without reading; a chunked body is counted as it streams and abandoned at the first byte over.
 */
import { payloadTooLarge } from './operation-outcome.js';
import { heldRequestBody } from './held-body.js';

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Read at most `limit` bytes of `request`'s body; throws the 413 OperationOutcomeError beyond. */
export async function readBodyLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) throw payloadTooLarge(limit);
  const held = heldRequestBody(request);
  if (held) {
    if (held.byteLength > limit) throw payloadTooLarge(limit);
    return held;
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // not awaited: some body sources (msw's tee'd stream) never settle a cancel
      reader.cancel().catch(() => undefined);
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0]! : new Uint8Array(Buffer.concat(chunks));
}

/**
 * The same request with its body buffered (at most `limit` bytes), so later readers (fault
 * matching, the handler) can neither exceed the limit nor be starved by a slow stream.
 * It does not follow the incoming request's signal: undici keeps a Request that follows
 * another's signal alive through its finalizer (nodejs/undici#1823, #5822), which cost about
 * 2.3 KB of RSS per POST that was never given back. Nothing reads the copy's signal (a
 * transport that aborts on disconnect watches its own request).
 */
export async function withBufferedBody(request: Request, limit: number): Promise<Request> {
  if (heldRequestBody(request)) {
    // already in memory: only the limit is left to check
    await readBodyLimited(request, limit);
    return request;
  }
  if (BODYLESS.has(request.method) || !request.body) return request;
  const body = await readBodyLimited(request, limit);
  const headers = new Headers(request.headers);
  headers.delete('transfer-encoding');
  headers.set('content-length', String(body.byteLength));
  return new Request(request.url, { method: request.method, headers, body: body as Uint8Array<ArrayBuffer> });
}
