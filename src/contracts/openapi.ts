/**
 * Builds the OpenAPI 3.1 document from the endpoint list and the named zod schemas, with
 * zod 4's own JSON Schema generator (draft 2020-12, which OpenAPI 3.1 uses). Nothing in the
 * document is written by hand except titles and descriptions.
 */
import { z } from 'zod';
import type { ApiEndpoint, ApiParameter } from './api-endpoint.js';

export interface OpenApiInput {
  title: string;
  version: string;
  description: string;
  endpoints: readonly ApiEndpoint[];
  schemas: Readonly<Record<string, z.ZodType>>;
  securitySchemes?: Record<string, unknown>;
  /** An endpoint's security requirement (its 401/403 answers are documented with it). */
  security?: (e: ApiEndpoint) => Record<string, string[]>[] | undefined;
}

type Json = Record<string, unknown>;

const FHIR = 'application/fhir+json';
const PROBLEM = 'application/problem+json';

function componentSchemas(schemas: OpenApiInput['schemas']): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
    cycles: 'ref',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Json> };
  for (const s of Object.values(out.schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  return out.schemas;
}

function parameter(p: ApiParameter): Json {
  const schema = p.schema ? (z.toJSONSchema(p.schema, { unrepresentable: 'any' }) as Json) : { type: 'string' };
  delete schema.$schema;
  return { name: p.name, in: p.in, description: p.description, required: p.in === 'path' ? true : (p.required ?? false), schema };
}

/** `/ehr/fhir/Patient/:id` → `/ehr/fhir/Patient/{id}` */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

function defaultContentType(e: ApiEndpoint, status: number): string {
  const fhir = e.path.includes('/fhir/') || e.path.endsWith('/fhir');
  if (status >= 400) return fhir ? FHIR : PROBLEM;
  return fhir ? FHIR : 'application/json';
}

const errorContent = (e: ApiEndpoint, status: number) => {
  const ct = defaultContentType(e, status);
  return { [ct]: { schema: { $ref: `#/components/schemas/${ct === FHIR ? 'OperationOutcome' : 'Problem'}` } } };
};

/**
 * Answers every route of a kind gives, added where an endpoint does not describe them itself:
 * a path segment that is not valid percent-encoding (400), a body over the limit (413) or of
 * the wrong media type (415), a FHIR route asked for a format other than FHIR JSON (406, by
 * Accept or _format), and the admin gate's 401 (with --admin-token) and 415 (a state-changing
 * admin call that is not JSON).
 */
function addGenericAnswers(e: ApiEndpoint, responses: Json, hasPathParams: boolean): void {
  const add = (status: number, description: string) => {
    responses[status] ??= { description, content: errorContent(e, status) };
  };
  if (hasPathParams) add(400, 'a path segment that is not valid percent-encoding');
  if (e.request) {
    add(413, 'body over the body limit (checked before it is read, chunked or not)');
    add(415, `body not ${e.request.contentType ?? 'application/json'}`);
  }
  if (e.path.includes('/fhir/')) add(406, 'a format other than FHIR JSON was asked for (Accept or _format)');
  if (e.path.startsWith('/__admin/')) {
    add(401, 'serve --admin-token is set and the call lacks Authorization: Bearer <admin token>');
    if (['POST', 'PUT', 'PATCH'].includes(e.method)) add(415, 'a state-changing admin call must be Content-Type: application/json');
  }
}

/** Answers that belong to a path rather than to one of its operations (OpenAPI has no place for those). */
const PATH_ANSWERS: Json = {
  MethodNotAllowed: {
    description: 'Any method a path does not offer (TRACE, PROPFIND, … or PUT where only GET is): 405 with Allow listing what the path offers; OperationOutcome under /fhir/, problem JSON elsewhere',
    headers: { Allow: { description: 'the methods this path offers', schema: { type: 'string' } } },
    content: { [FHIR]: { schema: { $ref: '#/components/schemas/OperationOutcome' } }, [PROBLEM]: { schema: { $ref: '#/components/schemas/Problem' } } },
  },
  Options: {
    description: 'OPTIONS on any path: 204 with Allow listing the methods it offers',
    headers: { Allow: { description: 'the methods this path offers', schema: { type: 'string' } } },
  },
};

export function buildOpenApi(input: OpenApiInput): Json {
  const paths: Record<string, Json> = {};
  for (const e of input.endpoints) {
    const item = (paths[toOpenApiPath(e.path)] ??= {});
    const responses: Json = {};
    for (const [status, r] of Object.entries(e.responses)) {
      const ct = r.contentType ?? defaultContentType(e, Number(status));
      responses[status] = {
        description: r.description,
        ...(r.schema || ct ? { content: { [ct]: r.schema ? { schema: { $ref: `#/components/schemas/${r.schema}` } } : {} } } : {}),
      };
    }
    const declared = e.parameters ?? [];
    const implicit = [...e.path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)]
      .map((m) => m[1]!)
      .filter((name) => !declared.some((p) => p.in === 'path' && p.name === name))
      .map((name): ApiParameter => ({ name, in: 'path', description: name }));
    const parameters = [...declared, ...implicit];
    addGenericAnswers(e, responses, parameters.some((p) => p.in === 'path'));
    const security = input.security?.(e);
    if (security) {
      const challenge = { 'WWW-Authenticate': { description: 'Bearer challenge: error="invalid_token" or "insufficient_scope"', schema: { type: 'string' } } };
      responses[401] ??= { description: 'auth: smart and no valid bearer token (missing, unknown, expired, revoked)', headers: challenge, content: { [defaultContentType(e, 401)]: { schema: { $ref: '#/components/schemas/OperationOutcome' } } } };
      // only OAuth scopes can be insufficient: a bare bearer scheme (the CDS Hooks JWT) has no 403
      if (security.some((r) => Object.values(r).some((scopes) => scopes.length > 0))) responses[403] ??= { description: "auth: smart and the token's scopes do not allow this interaction", headers: challenge, content: { [defaultContentType(e, 403)]: { schema: { $ref: '#/components/schemas/OperationOutcome' } } } };
    }
    item[e.method.toLowerCase()] = {
      operationId: e.operationId,
      summary: e.summary,
      tags: [e.tag],
      ...(parameters.length ? { parameters: parameters.map(parameter) } : {}),
      ...(e.request
        ? { requestBody: { required: true, content: { [e.request.contentType ?? defaultContentType(e, 200)]: { schema: { $ref: `#/components/schemas/${e.request.schema}` } } } } }
        : {}),
      responses,
      ...(security ? { security } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: input.title, version: input.version, description: input.description },
    servers: [{ url: 'http://127.0.0.1:4010', description: 'prior-auth-sim serve (default port)' }],
    tags: ['ehr', 'payer', 'review', 'model', 'admin', 'meta'].map((name) => ({ name })),
    paths,
    components: { schemas: componentSchemas(input.schemas), responses: PATH_ANSWERS, ...(input.securitySchemes ? { securitySchemes: input.securitySchemes } : {}) },
  };
}
