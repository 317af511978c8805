/**
 * CDS Hooks 2.0 JSON shapes (https://cds-hooks.hl7.org/2.0/) as the payer's CRD service uses
 * them, with the Da Vinci CRD STU 2.x additions: service discovery, the hook request for
 * `order-select` / `order-sign`, and the response (cards and systemActions that annotate the
 * order with the coverage-information extension). Not FHIR resources: plain JSON, errors as
 * problem JSON.
 */
import { z } from 'zod';
import { BundleSchema, CodingSchema, ResourceSchema } from './fhir-base.js';

export const CRD_HOOKS = ['order-select', 'order-sign', 'appointment-book'] as const;
export type CrdHook = (typeof CRD_HOOKS)[number];

export const CdsServiceSchema = z.looseObject({
  hook: z.string(),
  id: z.string(),
  title: z.string().optional(),
  description: z.string(),
  prefetch: z.record(z.string(), z.string()).optional(),
  usageRequirements: z.string().optional(),
});
export const CdsDiscoverySchema = z.looseObject({ services: z.array(CdsServiceSchema) });
export type CdsDiscovery = z.infer<typeof CdsDiscoverySchema>;

export const CdsHookRequestSchema = z.looseObject({
  hook: z.enum(CRD_HOOKS),
  hookInstance: z.string().min(1).max(200),
  fhirServer: z.string().max(2000).optional(),
  fhirAuthorization: z.looseObject({ access_token: z.string(), token_type: z.string(), scope: z.string(), subject: z.string() }).optional(),
  context: z.looseObject({
    userId: z.string().min(1).max(200),
    patientId: z.string().min(1).max(64),
    encounterId: z.string().max(64).optional(),
    /** order-select: the ids (`Type/id`) of the draft orders just selected. */
    selections: z.array(z.string().max(200)).max(100).optional(),
    /** order-select, order-sign: a Bundle of the draft orders (ServiceRequest, MedicationRequest, DeviceRequest). */
    draftOrders: BundleSchema.optional(),
    /** appointment-book: a Bundle of the Appointments being booked (status proposed). */
    appointments: BundleSchema.optional(),
  }),
  /** Prefetched data keyed as the service's discovery `prefetch` names them (null: the EHR found none). */
  prefetch: z.record(z.string(), z.union([ResourceSchema, z.null()])).optional(),
}).superRefine((request, ctx) => {
  const needs = request.hook === 'appointment-book' ? 'appointments' : 'draftOrders';
  if (!request.context[needs]) ctx.addIssue({ code: 'custom', path: ['context', needs], message: `the ${request.hook} hook needs context.${needs} (a Bundle)` });
});
export type CdsHookRequest = z.infer<typeof CdsHookRequestSchema>;

export const CdsCardSchema = z.looseObject({
  uuid: z.string().optional(),
  summary: z.string().max(140),
  detail: z.string().optional(),
  indicator: z.enum(['info', 'warning', 'critical']),
  source: z.looseObject({ label: z.string(), url: z.string().optional(), topic: CodingSchema.optional() }),
  links: z.array(z.looseObject({ label: z.string(), url: z.string(), type: z.enum(['absolute', 'smart']) })).optional(),
});
export type CdsCard = z.infer<typeof CdsCardSchema>;

export const CdsActionSchema = z.looseObject({
  type: z.enum(['create', 'update', 'delete']),
  description: z.string(),
  resource: ResourceSchema.optional(),
});

export const CdsHookResponseSchema = z.looseObject({
  cards: z.array(CdsCardSchema),
  systemActions: z.array(CdsActionSchema).optional(),
});
export type CdsHookResponse = z.infer<typeof CdsHookResponseSchema>;

/** Da Vinci CRD: the extension on an order that carries the payer's coverage assertion. */
export const COVERAGE_INFORMATION_URL = 'http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information';
/** CRD's temporary code system (card types, coverage-information codes). */
export const CRD_TEMP_CODES = 'http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp';

/** What a client reads back from one coverage-information extension. */
export interface CoverageInformation {
  covered: 'covered' | 'not-covered' | 'conditional';
  paNeeded?: 'no-auth' | 'auth-needed' | 'satisfied' | 'performpa' | 'conditional';
  docNeeded?: 'no-doc' | 'clinical' | 'admin' | 'both' | 'conditional';
  questionnaires: string[];
  assertionId?: string;
}

/** Read the coverage-information extensions of an order resource (an updated draft order). */
export function readCoverageInformation(resource: unknown): CoverageInformation[] {
  const exts = ((resource as { extension?: { url: string; extension?: Record<string, unknown>[] }[] })?.extension ?? [])
    .filter((e) => e.url === COVERAGE_INFORMATION_URL);
  return exts.map((e) => {
    const parts = e.extension ?? [];
    const value = (url: string) => parts.filter((p) => p.url === url).map((p) => (p.valueCode ?? p.valueCanonical ?? p.valueString) as string);
    return {
      covered: value('covered')[0] as CoverageInformation['covered'],
      ...(value('pa-needed')[0] ? { paNeeded: value('pa-needed')[0] as CoverageInformation['paNeeded'] } : {}),
      ...(value('doc-needed')[0] ? { docNeeded: value('doc-needed')[0] as CoverageInformation['docNeeded'] } : {}),
      questionnaires: value('questionnaire'),
      ...(value('coverage-assertion-id')[0] ? { assertionId: value('coverage-assertion-id')[0] } : {}),
    };
  });
}
