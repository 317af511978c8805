/**
 * Request headers over the plain record Node's parser already made (lower-case names, one value
 * each), for the NodeRequest: `instanceof Headers` and every method of one, without undici's
 * copy of the record and its per-call name conversion. The engine reads a handful of headers per
 * request (content type and length, the journal's few, authorization); a lookup here is a
 * property read. Iteration is sorted by name, as a Headers object's is.
 */

const lower = (name: string) => String(name).toLowerCase();

/** RFC 9110 token characters: what a Headers object accepts as a name. */
function assertName(name: string): void {
  if (name === '' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) throw new TypeError(`Headers: invalid header name "${name}"`);
}

/** No CR, LF or NUL, as a Headers object requires; surrounding whitespace is dropped. */
function normalizedValue(value: string): string {
  const v = String(value).trim();
  if (/[\r\n\0]/.test(v)) throw new TypeError('Headers: invalid header value');
  return v;
}

export class RecordHeaders {
  readonly #record: Record<string, string>;

  /** `record`: lower-case names; owned by this object from now on. */
  constructor(record: Record<string, string>) {
    this.#record = record;
  }

  get(name: string): string | null {
    const k = lower(name);
    return Object.hasOwn(this.#record, k) ? this.#record[k]! : null;
  }
  has(name: string): boolean {
    return Object.hasOwn(this.#record, lower(name));
  }
  set(name: string, value: string): void {
    assertName(name);
    this.#record[lower(name)] = normalizedValue(value);
  }
  append(name: string, value: string): void {
    assertName(name);
    const k = lower(name);
    const v = normalizedValue(value);
    this.#record[k] = Object.hasOwn(this.#record, k) ? `${this.#record[k]}, ${v}` : v;
  }
  delete(name: string): void {
    delete this.#record[lower(name)];
  }
  getSetCookie(): string[] {
    const v = this.get('set-cookie');
    return v === null ? [] : [v];
  }
  forEach(fn: (value: string, name: string, parent: Headers) => void, thisArg?: unknown): void {
    // no iterator on the way: the transport copies every response's headers with this
    for (const k of Object.keys(this.#record).sort()) fn.call(thisArg, this.#record[k]!, k, this as unknown as Headers);
  }
  *entries(): IterableIterator<[string, string]> {
    for (const k of Object.keys(this.#record).sort()) yield [k, this.#record[k]!];
  }
  *keys(): IterableIterator<string> {
    for (const [k] of this.entries()) yield k;
  }
  *values(): IterableIterator<string> {
    for (const [, v] of this.entries()) yield v;
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}
// `instanceof Headers` holds, and `new Headers(it)` copies it through its iterator
Object.setPrototypeOf(RecordHeaders.prototype, Headers.prototype);
