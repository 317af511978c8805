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
    const security = input.security?.(e);
    if (security) {
      const challenge = { 'WWW-Authenticate': { description: 'Bearer challenge: error="invalid_token" or "insufficient_scope"', schema: { type: 'string' } } };
      responses[401] ??= { description: 'auth: smart and no valid bearer token (missing, unknown, expired, revoked)', headers: challenge, content: { [defaultContentType(e, 401)]: { schema: { $ref: '#/components/schemas/OperationOutcome' } } } };
      responses[403] ??= { description: "auth: smart and the token's scopes do not allow this interaction", headers: challenge, content: { [defaultContentType(e, 403)]: { schema: { $ref: '#/components/schemas/OperationOutcome' } } } };
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
    components: { schemas: componentSchemas(input.schemas), ...(input.securitySchemes ? { securitySchemes: input.securitySchemes } : {}) },
  };
}
