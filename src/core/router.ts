/**
 * A small method + path router over the Fetch API. Routes are data; the router's `handle`
 * holds the single catch that turns any thrown error into a response: an OperationOutcome on
 * FHIR routes, RFC 9457 problem JSON elsewhere.
 */
import type { z } from 'zod';
import {
  badRequest, FHIR_JSON, fromZodError, methodNotAllowed, normalizeError, outcome,
  OperationOutcomeError, outcomeResponse, payloadTooLarge, unsupportedMediaType,
} from './operation-outcome.js';

export type ErrorStyle = 'fhir' | 'problem';

export interface SimRequest {
  readonly request: Request;
  readonly method: string;
  readonly url: URL;
  /** scheme://host of the request, for absolute links (Bundle.link, fullUrl). */
  readonly origin: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The raw body text, read once, size-limited. */
  text(): Promise<string>;
  /** The body parsed as JSON and validated by `schema`; errors name the failing path under `root`. */
  json<T extends z.ZodType>(schema: T, root?: string): Promise<z.infer<T>>;
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

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const style: ErrorStyle = /\/fhir(\/|$)/.test(url.pathname) ? 'fhir' : 'problem';
    try {
      const found = this.match(request.method, url.pathname);
      if (found === 'method-not-allowed') throw methodNotAllowed(request.method, url.pathname);
      if (!found) throw new OperationOutcomeError(outcome('not-found', `no endpoint at ${url.pathname}: see GET /openapi.json for the API`), 404);
      const req = this.toSimRequest(request, url, found.params);
      return await found.route.handler(req);
    } catch (err) {
      const e = normalizeError(err);
      if (e.status >= 500) console.error('[prior-auth-sim] unhandled error', err);
      return style === 'fhir' ? outcomeResponse(e) : problemResponse(e, url.pathname);
    }
  }

  private toSimRequest(request: Request, url: URL, params: Record<string, string>): SimRequest {
    const limit = this.options.bodyLimitBytes;
    let textPromise: Promise<string> | undefined;
    const text = () => (textPromise ??= readLimited(request, limit));
    return {
      request,
      method: request.method,
      url,
      origin: url.origin,
      params,
      query: url.searchParams,
      text,
      async json(schema, root = 'body') {
        const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
        if (!JSON_TYPES.includes(type)) throw unsupportedMediaType(type || '(none)', `${FHIR_JSON} or application/json`);
        const raw = await text();
        if (raw.trim() === '') throw badRequest('request body is empty: expected a JSON document', root);
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch (e) {
          throw badRequest(`request body is not valid JSON: ${(e as Error).message}`, root);
        }
        const result = schema.safeParse(parsed);
        if (!result.success) throw fromZodError(root, result.error);
        return result.data;
      },
    };
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw badRequest(`path segment "${s}" is not valid percent-encoding`);
  }
}

async function readLimited(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) throw payloadTooLarge(limit);
  if (!request.body) return '';
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
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
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
  return new Response(JSON.stringify(body), {
    status: err.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...err.headers },
  });
}
