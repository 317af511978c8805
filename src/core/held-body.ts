/**
 * Bodies held in full beside their Fetch objects, so the hot path reads the bytes it already has
 * instead of pushing them through a web ReadableStream once more. A profile of `$inquire` in
 * process put about half of each request's CPU in undici's body machinery: the stream behind a
 * Request built from a Node stream, reading it back, and the stream behind every Response.
 *
 * - A transport that has read the whole request (the Node adapter) builds the Request with
 *   `bufferedRequest`: a NodeRequest (node-request.ts), no body stream at all, its bytes held in
 *   it. The three readers of request bodies — the body limit, the router and fault matching —
 *   ask `heldRequestBody` first and take the bytes as they are.
 * - A Response made from a string (`fhirResponse`, `jsonResponse`, problem bodies) holds the
 *   string and has no stream until somebody asks for `body`; the transport sends the string.
 *   Read directly (`text()`, `json()`, `clone()`, `body`…) it behaves as a plain Response.
 */
import { NodeRequest, nodeRequest } from './node-request.js';
import { RecordHeaders } from './record-headers.js';

const utf8 = new TextEncoder();

/** A Request whose body is `body`, held inside it (a NodeRequest: no stream, no undici Request). */
export function bufferedRequest(url: string, method: string, headers: Record<string, string>, body: Uint8Array): Request {
  return nodeRequest(url, method, headers, body);
}

/** The body a transport already read in full, if this Request came from `bufferedRequest`. */
export function heldRequestBody(request: Request): Uint8Array | undefined {
  return request instanceof NodeRequest ? request.held() : undefined;
}

/** The body as text, without consuming `request` (fault matching reads it before the handler does). */
export async function peekRequestText(request: Request): Promise<string> {
  const held = heldRequestBody(request);
  if (held) return new TextDecoder('utf-8').decode(held);
  return request.clone().text();
}

/**
 * A Response whose body is a string it holds, built without undici: constructing a Response
 * converts its headers and sets up its body machinery (~4% of a cheap request's CPU, more in
 * garbage), and on the hot path nobody needs it — the transport sends the string and copies the
 * headers. So this is a Response on the outside (`instanceof Response`, every property and body
 * method of one; headers in a RecordHeaders), with a real Response made only when somebody asks
 * for `body` as a stream. It is not undici's, so it is never handed to undici as a Response:
 * callers outside the engine get `plainResponse`.
 */
class HeldTextResponse {
  readonly #text: string;
  readonly #status: number;
  readonly #statusText: string;
  readonly #headers: Headers;
  #used = false;
  #plain?: Response;
  constructor(text: string, init: ResponseInit) {
    const status = init.status ?? 200;
    if (!(Number.isInteger(status) && status >= 200 && status <= 599)) throw new RangeError(`init["status"] must be in the range of 200 to 599, inclusive, got ${status}`);
    this.#text = text;
    this.#status = status;
    this.#statusText = init.statusText ?? '';
    this.#headers = headersOf(init.headers);
  }
  /** The held text, for the transport; undefined once the body was read. */
  held(): string | undefined {
    return this.bodyUsed ? undefined : this.#text;
  }
  /** The same answer as a plain Response (for callers outside the engine, e.g. msw). */
  plain(): Response {
    if (this.bodyUsed) return this as unknown as Response;
    return new Response(this.#text, { status: this.#status, statusText: this.#statusText, headers: this.#headers });
  }
  get status(): number {
    return this.#status;
  }
  get statusText(): string {
    return this.#statusText;
  }
  get ok(): boolean {
    return this.#status >= 200 && this.#status <= 299;
  }
  get headers(): Headers {
    return this.#headers;
  }
  get type(): ResponseType {
    return 'default';
  }
  get url(): string {
    return '';
  }
  get redirected(): boolean {
    return false;
  }
  #stream(): Response {
    return (this.#plain ??= new Response(this.#used ? '' : this.#text, { status: this.#status, statusText: this.#statusText, headers: this.#headers }));
  }
  #take(): string {
    if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#text;
  }
  get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#stream().body;
  }
  get bodyUsed(): boolean {
    return this.#used || (this.#plain?.bodyUsed ?? false);
  }
  async text(): Promise<string> {
    return this.#take();
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.#take());
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return utf8.encode(this.#take()).buffer as ArrayBuffer;
  }
  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return utf8.encode(this.#take());
  }
  async blob(): Promise<Blob> {
    return new Blob([this.#take()], { type: this.#headers.get('content-type') ?? '' });
  }
  async formData(): Promise<FormData> {
    return new Response(this.#take(), { headers: this.#headers }).formData();
  }
  clone(): Response {
    if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
    return new HeldTextResponse(this.#text, { status: this.#status, statusText: this.#statusText, headers: this.#headers }) as unknown as Response;
  }
}
// every `instanceof Response` check and Response.prototype lookup sees a Response; no undici constructor runs
Object.setPrototypeOf(HeldTextResponse.prototype, Response.prototype);

/**
 * `init` as the lower-case, validated header record a RecordHeaders (and so a NodeRequest) holds:
 * a plain record (what every caller passes) copied with lower-case names, else via a Headers object.
 */
export function headerRecord(init: HeadersInit | undefined): Record<string, string> {
  const record: Record<string, string> = Object.create(null) as Record<string, string>;
  if (init === undefined) return record;
  const headers = new RecordHeaders(record);
  if (init instanceof Headers || Array.isArray(init)) new Headers(init).forEach((v, k) => headers.append(k, v));
  else for (const k of Object.keys(init)) headers.append(k, init[k]!);
  return record;
}

/** Headers of a held response. */
function headersOf(init: HeadersInit | undefined): Headers {
  return new RecordHeaders(headerRecord(init)) as unknown as Headers;
}

/** A Response with a text body held as a string (see HeldTextResponse). */
export function textResponse(text: string, init: ResponseInit): Response {
  return new HeldTextResponse(text, init) as unknown as Response;
}

/** The text a `textResponse` still holds (nobody read it), else undefined. */
export function heldResponseText(response: Response): string | undefined {
  return response instanceof HeldTextResponse ? response.held() : undefined;
}

/** `response` as a plain Fetch Response, for callers outside the engine. */
export function plainResponse(response: Response): Response {
  return response instanceof HeldTextResponse ? response.plain() : response;
}

/** The whole body of `response`: the held text when there is one and nobody read it, else the stream. */
export async function responseBytes(response: Response): Promise<Uint8Array<ArrayBuffer>> {
  const text = heldResponseText(response);
  if (text !== undefined) return utf8.encode(text);
  return new Uint8Array(await response.arrayBuffer());
}
