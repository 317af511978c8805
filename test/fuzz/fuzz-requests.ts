/**
 * Requests for every operation of the OpenAPI document: path and query parameters from their
 * schemas or hostile strings, bodies from the request schema (valid, mutated or raw junk),
 * valid PAS Bundles from the fixtures with one leaf changed, and the media types, headers and
 * methods clients get wrong.
 */
import fc from 'fast-check';
import { openApiDocument } from '../../src/contracts/endpoints.js';
import { pasBundle } from '../../src/payer/testing/pas-fixtures.js';
import { anyJson, fromSchema, hostileString, mutated, type JsonSchema } from './schema-arbitrary.js';

export interface FuzzRequest {
  readonly method: string;
  /** Path and query, already encoded. */
  readonly target: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** The operation it was generated for (`POST /payer/fhir/Claim/$submit`), for the coverage count. */
  readonly operation: string;
}

interface Parameter { name: string; in: string; required?: boolean; schema?: JsonSchema }
interface Operation { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }

const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, JsonSchema> } };

export const OPERATIONS = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));

/** Lone surrogates replaced (a URL cannot carry them; the raw-segment cases send broken encodings instead). */
const wellFormed = (s: string) => Buffer.from(s, 'utf8').toString('utf8');

/** Path-parameter values: schema values, known ids, or hostile strings; percent-encoded or raw-ish. */
const segment = (schema: JsonSchema | undefined) =>
  fc.oneof(
    schema ? fromSchema(schema, doc).map(String) : fc.string({ maxLength: 12 }),
    fc.constantFrom('pat-knee-meets', 'pat-lumbar-meets', 'rt-00001', 'sub-0000', 'pa-000000', '72148', '27447', 'x'),
    hostileString.map((s) => s.slice(0, 300)),
  ).map((v) => encodeURIComponent(wellFormed(v)));

/** Raw segments a client may send unencoded: broken percent-encoding, encoded NUL and slashes, dot segments. */
const rawSegment = fc.constantFrom('%ZZ', '%E0%A4%A', '%00', '%2F..%2F', '..', '.', '%C0%AF', '%u0041', '%', 'a%2500b');

const queryValue = (schema: JsonSchema | undefined) => fc.oneof(schema ? fromSchema(schema, doc).map(String) : fc.string(), hostileString.map((s) => s.slice(0, 2000)));

function body(op: Operation, path: string): fc.Arbitrary<string | undefined> {
  const content = op.requestBody?.content;
  if (!content) return fc.option(fc.oneof(fc.constant('{}'), anyJson.map((v) => JSON.stringify(v))), { nil: undefined });
  const schema = Object.values(content)[0]!.schema;
  const fromDoc = fromSchema(schema, doc);
  const variants: fc.Arbitrary<unknown>[] = [fromDoc, mutated(fromDoc)];
  if (path.endsWith('$submit') || path.endsWith('$inquire')) variants.push(validPasBundle(), mutated(validPasBundle()));
  return fc.oneof(
    { weight: 8, arbitrary: fc.oneof(...variants).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom('', '{', 'null', '[]', '"x"', '{"resourceType":', '\u0000', '{"a":1}{"b":2}') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
}

/** A PAS request Bundle that validates, with a random business identifier, procedure and patient. */
function validPasBundle(): fc.Arbitrary<unknown> {
  return fc.record({
    claimId: fc.stringMatching(/^[A-Z]{3}-\d{1,6}$/),
    bundleId: fc.stringMatching(/^TX-\d{1,6}$/),
    procedure: fc.constantFrom('lumbarMri', 'totalKnee', 'polysomnography', 'semaglutide'),
    patientId: fc.constantFrom('pat-1', 'pat-2', 'pat-knee-meets'),
  }).map((o) => pasBundle(o as Parameters<typeof pasBundle>[0]));
}

const contentType = (declared: string | undefined) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(declared) },
    { weight: 2, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', '', 'application/fhir+json;;;', undefined) },
  );

const extraHeaders = fc.record({
  'idempotency-key': fc.oneof(fc.uuid(), fc.constantFrom('', ' ', 'k'.repeat(300))),
  'x-client-id': fc.constantFrom('clinic-a', 'clinic-b', '\u00e9', ''),
  authorization: fc.constantFrom('Bearer x', 'Basic Zm9vOmJhcg==', ''),
  prefer: fc.constantFrom('return=minimal', 'respond-async'),
}, { requiredKeys: [] });

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'PURGE', 'REPORT', 'LINK'];

/** One request for `operation`: usually its own method, sometimes any other (Fetch cannot carry TRACE/CONNECT: the server slice sends those). */
export function requestFor(o: (typeof OPERATIONS)[number]): fc.Arbitrary<FuzzRequest> {
  const params = o.op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const declared = Object.keys(o.op.requestBody?.content ?? {})[0];
  const pathArb = fc.tuple(...pathParams.map((p) => fc.oneof({ weight: 9, arbitrary: segment(p.schema) }, { weight: 1, arbitrary: rawSegment }))).map((values) => {
    let path = o.path;
    pathParams.forEach((p, i) => (path = path.replace(`{${p.name}}`, values[i]!)));
    return path;
  });
  const queryArb = fc.oneof(
    fc.record(Object.fromEntries(queryParams.map((p) => [p.name, queryValue(p.schema)])), { requiredKeys: [] }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', '_count', 'status')), hostileString.map((s) => s.slice(0, 200)), { maxKeys: 3 }),
  ).map((q) => {
    const s = new URLSearchParams(Object.entries(q as Record<string, string>).map(([k, v]) => [wellFormed(k), wellFormed(String(v))])).toString();
    return s ? `?${s}` : '';
  });
  return fc.record({
    method: fc.oneof({ weight: 9, arbitrary: fc.constant(o.method) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
    path: pathArb,
    query: queryArb,
    body: body(o.op, o.path),
    type: contentType(declared ?? 'application/json'),
    headers: extraHeaders,
  }).map(({ method, path, query, body: b, type, headers }) => {
    const h: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) if (v) h[k] = v;
    if (type) h['content-type'] = type;
    const hasBody = method !== 'GET' && method !== 'HEAD' && b !== undefined;
    return { method, target: path + query, headers: h, ...(hasBody ? { body: b } : {}), operation: `${o.method} ${o.path}` };
  });
}

/** Every operation, equally often. */
export const anyRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(...OPERATIONS.map(requestFor));
