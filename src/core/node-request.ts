/**
 * The Request the Node transport hands the engine, built without undici. Constructing a Fetch
 * Request costs about as much as the rest of a cheap route (header conversion, an
 * AbortController and its signal, a finalizer registration), and on `serve`'s path nobody needs
 * most of it: the engine reads the method, the URL, a few headers and the body the transport
 * already holds. So this is a Request on the outside — `instanceof Request`, every property and
 * body method of one — made cheaply: its headers are the record Node's parser made
 * (RecordHeaders), its AbortSignal (never aborted: the transport watches its own socket) is made
 * only if somebody asks.
 *
 * It is not undici's, so it cannot be passed to undici (`new Request(it)`, `fetch(it)`): the
 * engine never does that with an incoming request. msw and `sim.handle` keep passing real Requests.
 */
import { RecordHeaders } from './record-headers.js';

const utf8 = new TextDecoder('utf-8');

export class NodeRequest {
  readonly #url: string;
  readonly #method: string;
  readonly #record: Record<string, string>;
  readonly #body: Uint8Array | undefined;
  #headers?: Headers;
  #signal?: AbortSignal;
  #used = false;

  /** `headers`: lower-case names (Node's parser gives them so), one value each. */
  constructor(url: string, method: string, headers: Record<string, string>, body?: Uint8Array) {
    this.#url = url;
    this.#method = method;
    this.#record = headers;
    this.#body = method === 'GET' || method === 'HEAD' ? undefined : body ?? new Uint8Array(0);
  }

  /** The body the transport read, whole (or cut one byte past the body limit). */
  held(): Uint8Array | undefined {
    return this.#body;
  }

  get url(): string {
    return this.#url;
  }
  get method(): string {
    return this.#method;
  }
  get headers(): Headers {
    return (this.#headers ??= new RecordHeaders(this.#record) as unknown as Headers);
  }
  get signal(): AbortSignal {
    return (this.#signal ??= new AbortController().signal);
  }
  get body(): ReadableStream<Uint8Array> | null {
    if (!this.#body) return null;
    const bytes = this.#take();
    return new ReadableStream({
      type: 'bytes',
      start(controller) {
        if (bytes.byteLength) controller.enqueue(bytes.slice());
        controller.close();
      },
    });
  }
  get bodyUsed(): boolean {
    return this.#used;
  }
  get cache(): RequestCache {
    return 'default';
  }
  get credentials(): RequestCredentials {
    return 'same-origin';
  }
  get destination(): RequestDestination {
    return '';
  }
  get integrity(): string {
    return '';
  }
  get keepalive(): boolean {
    return false;
  }
  get mode(): RequestMode {
    return 'cors';
  }
  get redirect(): RequestRedirect {
    return 'follow';
  }
  get referrer(): string {
    return 'about:client';
  }
  get referrerPolicy(): ReferrerPolicy {
    return '';
  }
  get isReloadNavigation(): boolean {
    return false;
  }
  get isHistoryNavigation(): boolean {
    return false;
  }
  get duplex(): 'half' {
    return 'half';
  }

  #take(): Uint8Array {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#body ?? new Uint8Array(0);
  }
  async text(): Promise<string> {
    return utf8.decode(this.#take());
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#take().slice().buffer as ArrayBuffer;
  }
  async bytes(): Promise<Uint8Array> {
    return this.#take().slice();
  }
  async blob(): Promise<Blob> {
    return new Blob([this.#take().slice()], { type: this.headers.get('content-type') ?? '' });
  }
  async formData(): Promise<FormData> {
    return new Request(this.#url, { method: this.#method, headers: this.#record, body: this.#take().slice() }).formData();
  }
  clone(): Request {
    if (this.#used) throw new TypeError('Request.clone: Body has already been consumed.');
    return nodeRequest(this.#url, this.#method, { ...this.#record }, this.#body);
  }
}
// every `instanceof Request` check and Request.prototype lookup sees a Request; no undici constructor runs
Object.setPrototypeOf(NodeRequest.prototype, Request.prototype);

/** A Request for the engine from what the Node transport read (see NodeRequest). */
export function nodeRequest(url: string, method: string, headers: Record<string, string>, body?: Uint8Array): Request {
  return new NodeRequest(url, method, headers, body) as unknown as Request;
}
