/**
 * The shape of one documented endpoint. The simulator's API is a contract: every route is
 * listed with its zod schemas (see endpoints.ts), the OpenAPI document is generated from that
 * list, and a test checks that the list and the router agree.
 */
import type { z } from 'zod';

export interface ApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  description: string;
  required?: boolean;
  schema?: z.ZodType;
}

export interface ApiResponse {
  description: string;
  /** A key of the named-schema table; omitted for bodies we do not model (HTML, NDJSON). */
  schema?: string;
  contentType?: string;
}

export interface ApiEndpoint {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Router-style path: `/ehr/fhir/Patient/:id`. */
  path: string;
  operationId: string;
  summary: string;
  tag: 'ehr' | 'payer' | 'review' | 'model' | 'admin' | 'meta';
  parameters?: ApiParameter[];
  request?: { schema: string; contentType?: string };
  responses: Record<number, ApiResponse>;
}
