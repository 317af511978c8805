/**
 * Bodies held in full beside their Fetch objects, so the hot path reads the bytes it already has
 * instead of pushing them through a web ReadableStream once more. A profile of `$inquire` in
 * process put about half of each request's CPU in undici's body machinery: the stream behind a
 * Request built from a Node stream, reading it back, and the stream behind every Response.
 *
 * - A transport that has read the whole request (the express adapter) builds the Request with
 *   `bufferedRequest`: no body stream at all, its bytes held here. The three readers of request
 *   bodies — the body limit, the router and fault matching — ask `heldRequestBody` first, so such
 *   a Request must never be read any other way.
 * - A Response made from a string (`fhirResponse`, `jsonResponse`, problem bodies) keeps the
 *   string here; `responseBytes` reads that instead of the stream. Those Responses still carry
 *   their body as usual for anyone who reads them directly.
 */

const requestBodies = new WeakMap<Request, Uint8Array>();
const responseTexts = new WeakMap<Response, string>();
const utf8 = new TextEncoder();

/** A Request whose body is `body`, held beside it (no stream: read it only through the helpers here and body-limit.ts). */
export function bufferedRequest(url: string, method: string, headers: Headers, body: Uint8Array): Request {
  const request = new Request(url, { method, headers });
  requestBodies.set(request, body);
  return request;
}

/** The body a transport already read in full, if this Request came from `bufferedRequest`. */
export function heldRequestBody(request: Request): Uint8Array | undefined {
  return requestBodies.get(request);
}

/** The body as text, without consuming `request` (fault matching reads it before the handler does). */
export async function peekRequestText(request: Request): Promise<string> {
  const held = requestBodies.get(request);
  if (held) return new TextDecoder('utf-8').decode(held);
  return request.clone().text();
}

/** A Response with a text body that `responseBytes` can read without its stream. */
export function textResponse(text: string, init: ResponseInit): Response {
  const response = new Response(text, init);
  responseTexts.set(response, text);
  return response;
}

/** The whole body of `response`: the held text when there is one and nobody read the stream, else the stream. */
export async function responseBytes(response: Response): Promise<Uint8Array<ArrayBuffer>> {
  const text = responseTexts.get(response);
  if (text !== undefined && !response.bodyUsed) return utf8.encode(text);
  return new Uint8Array(await response.arrayBuffer());
}
