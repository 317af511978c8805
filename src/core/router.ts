/**
 * A small method + path router over the Fetch API. Routes are data; the router's `handle`
 * holds the single catch that turns any thrown error into a response: an OperationOutcome on
 * FHIR routes, RFC 9457 problem JSON elsewhere.
 */
import type { z } from 'zod';
import {
  badRequest, FHIR_JSON, fromZodError, methodNotAllowed, normalizeError, outcome,
  OperationOutcomeError, outcomeResponse, unsupportedMediaType,
} from './operation-outcome.js';
import { readBodyLimited } from './body-limit.js';
import { jsonDepth, MAX_JSON_DEPTH } from './json-depth.js';
import { assertFhirJsonAccepted } from './fhir-rest/format-negotiation.js';
import { textResponse } from './held-body.js';

export type ErrorStyle = 'fhir' | 'problem';

export interface SimRequest {
  readonly request: Request;
  readonly method: string;
  readonly url: URL;
  /**
   * The public base URL for absolute links (Bundle.link, fullUrl, Location): the configured
   * `publicUrl`, else the origin of the request URL the transport built — never the Host header.
   */
  readonly origin: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The raw body text, read once, size-limited. */
  text(): Promise<string>;
  /** The body parsed as JSON and validated by `schema`; errors name the failing path under `root`. */
  json<T extends z.ZodType>(schema: T, root?: string): Promise<z.infer<T>>;
  /**
   * What `JSON.parse` gave `json()`, before its schema ran (undefined until then). Read only: a
   * handler that needs the body as sent (the idempotency fingerprint) takes it from here instead
   * of parsing the text again.
   */
  parsedBody?(): unknown;
}

export type RouteHandler = (req: SimRequest) => Promise<Response> | Response;

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** `/ehr/fhir/Patient/:id`; a `:name` segment matches one path segment (URL-decoded). */
  readonly path: string;
  readonly handler: RouteHandler;
  readonly errors?: ErrorStyle;
}

interface CompiledRoute extends Route {
  readonly regex: RegExp;
  readonly keys: string[];
}

const JSON_TYPES = ['application/json', FHIR_JSON];

function compile(route: Route): CompiledRoute {
  const keys: string[] = [];
  const pattern = route.path
    .split('/')
    .map((seg) => {
      if (seg.startsWith(':')) {
        keys.push(seg.slice(1));
        return '([^/]+)';
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, regex: new RegExp(`^${pattern}/?$`), keys };
}

export interface RouterOptions {
  bodyLimitBytes: number;
  /** Origin of absolute URLs in responses (`serve --public-url`); default: the request URL's origin. */
  publicUrl?: string;
}

/** Methods a route may declare; anything else (TRACE, PROPFIND, …) is a 405 wherever it is sent. */
const ROUTE_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);

/** `/ehr/fhir/…` and `/payer/fhir/…` answer errors as OperationOutcome; everything else as problem JSON. */
export function errorStyleOf(pathname: string): ErrorStyle {
  return /\/fhir(?:\/|$)/.test(pathname) ? 'fhir' : 'problem';
}

/** An error in the format of the route family that `pathname` belongs to. */
export function errorResponse(err: OperationOutcomeError, pathname: string): Response {
  return errorStyleOf(pathname) === 'fhir' ? outcomeResponse(err) : problemResponse(err, pathname);
}

/** The 405 for a method no route offers at `pathname`, with `Allow` listing what is offered there. */
export function methodNotAllowedResponse(routes: readonly Route[], method: string, pathname: string): Response {
  const err = methodNotAllowed(method, pathname);
  return errorResponse(new OperationOutcomeError(err.outcome, 405, { allow: allowHeader(routes, pathname) }), pathname);
}

function allowHeader(routes: readonly Route[], pathname: string): string {
  const methods = new Set<string>();
  for (const r of routes) if ((r as CompiledRoute).regex?.test(pathname) ?? r.path === pathname) methods.add(r.method);
  if (methods.size === 0) for (const m of ROUTE_METHODS) methods.add(m);
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  return [...methods].join(', ');
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  constructor(private readonly options: RouterOptions) {}

  add(...routes: Route[]): this {
    for (const r of routes) this.routes.push(compile(r));
    return this;
  }

  list(): readonly Route[] {
    return this.routes;
  }

  /** Find the route for a request, or undefined when nothing matches the path. */
  match(method: string, pathname: string): { route: CompiledRoute; params: Record<string, string> } | 'method-not-allowed' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.regex.exec(pathname);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((k, i) => {
        params[k] = safeDecode(m[i + 1] ?? '');
      });
      return { route, params };
    }
    return pathMatched ? 'method-not-allowed' : undefined;
  }

  /** `url`: `request.url` parsed, when the caller already did. */
  async handle(request: Request, url = new URL(request.url)): Promise<Response> {
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    try {
      if (method === 'OPTIONS') return new Response(null, { status: 204, headers: { allow: allowHeader(this.routes, url.pathname) } });
      if (!ROUTE_METHODS.has(method)) return methodNotAllowedResponse(this.routes, request.method, url.pathname);
      const found = this.match(method, url.pathname);
      if (found === 'method-not-allowed') return methodNotAllowedResponse(this.routes, request.method, url.pathname);
      if (!found) throw new OperationOutcomeError(outcome('not-found', `no endpoint at ${url.pathname}: see GET /openapi.json for the API`), 404);
      if (errorStyleOf(url.pathname) === 'fhir') assertFhirJsonAccepted(request, url);
      const req = this.toSimRequest(request, url, found.params);
      const response = await found.route.handler(req);
      return request.method === 'HEAD' ? new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers }) : response;
    } catch (err) {
      const e = normalizeError(err);
      if (e.status >= 500) console.error('[prior-auth-sim] unhandled error', err);
      return errorResponse(e, url.pathname);
    }
  }

  private toSimRequest(request: Request, url: URL, params: Record<string, string>): SimRequest {
    const limit = this.options.bodyLimitBytes;
    let textPromise: Promise<string> | undefined;
    const text = () => (textPromise ??= readLimited(request, limit));
    const origin = this.options.publicUrl ?? url.origin;
    let parsedBody: unknown;
    return {
      request,
      method: request.method,
      url,
      origin,
      params,
      query: url.searchParams,
      text,
      async json(schema, root = 'body') {
        assertJsonBody(request);
        const raw = await text();
        if (raw.trim() === '') throw badRequest('request body is empty: expected a JSON document', root);
        if (jsonDepth(raw) > MAX_JSON_DEPTH) throw badRequest(`request body nests deeper than ${MAX_JSON_DEPTH} levels: no document of this API does`, root);
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch (e) {
          throw badRequest(`request body is not valid JSON: ${(e as Error).message}`, root);
        }
        parsedBody = parsed;
        const result = schema.safeParse(parsed);
        if (!result.success) throw fromZodError(root, result.error);
        return result.data;
      },
      parsedBody() {
        return parsedBody;
      },
    };
  }
}

/** A JSON body is declared (`application/fhir+json` or `application/json`), else the 415. */
export function assertJsonBody(request: Request): void {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!JSON_TYPES.includes(type)) throw unsupportedMediaType(type || '(none)', `${FHIR_JSON} or application/json`);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw badRequest(`path segment "${s}" is not valid percent-encoding`);
  }
}

async function readLimited(request: Request, limit: number): Promise<string> {
  return new TextDecoder('utf-8').decode(await readBodyLimited(request, limit));
}

/** RFC 9457 problem details from an OperationOutcomeError: the one conversion for non-FHIR routes. */
export function problemResponse(err: OperationOutcomeError, instance: string): Response {
  const issues = err.outcome.issue;
  const body = {
    type: `https://prior-auth-sim.dev/problems/${issues[0]?.code ?? 'error'}`,
    title: issues[0]?.code ?? 'error',
    status: err.status,
    detail: issues.map((i) => i.diagnostics).filter(Boolean).join('; '),
    instance,
    errors: issues.flatMap((i) => (i.expression ?? []).map((path) => ({ path, message: i.diagnostics ?? i.code }))),
  };
  return textResponse(JSON.stringify(body), {
    status: err.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...err.headers },
  });
}
