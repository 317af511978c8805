/**
 * The payer's CRD service on CDS Hooks 2.0: discovery at `GET /payer/cds-services` and the
 * `order-select`, `order-sign` and `appointment-book` hooks at `POST /payer/cds-services/{id}`.
 * Each order in scope (order-select: the selected draft orders; order-sign: all of them;
 * appointment-book: every Appointment, by its serviceType) gets a coverage card and a
 * systemAction that updates the order with the coverage-information extension (order-coverage.ts).
 * Not a FHIR route: errors are problem JSON, as elsewhere outside the FHIR bases. With
 * `auth.cdsHooks: jwt` a hook call must carry the client's signed JWT (cds-hooks-jwt.ts);
 * discovery stays open, as CDS Hooks has it.
 */
import { authOf } from '../../auth/auth-state.js';
import { verifyCdsHooksJwt } from '../../auth/cds-hooks-jwt.js';
import { CdsHookRequestSchema, type CdsDiscovery, type CdsHookResponse, type CrdHook } from '../../contracts/cds-hooks.js';
import type { Resource } from '../../contracts/fhir-base.js';
import type { PayerConfig } from '../../contracts/payer-config.js';
import type { SimulatorContext } from '../../core/engine.js';
import { badRequest, jsonResponse, notFound } from '../../core/operation-outcome.js';
import type { Route } from '../../core/router.js';
import type { QuestionnaireRegistry } from '../dtr/questionnaire-registry.js';
import { assessOrder } from './order-coverage.js';

type Json = Record<string, unknown>;

/** What the service asks the EHR to prefetch (CDS Hooks prefetch templates over the EHR's FHIR API). */
export const CRD_PREFETCH: Record<string, string> = {
  patient: 'Patient/{{context.patientId}}',
  coverage: 'Coverage?patient={{context.patientId}}',
  conditions: 'Condition?patient={{context.patientId}}',
  observations: 'Observation?patient={{context.patientId}}',
  procedures: 'Procedure?patient={{context.patientId}}',
  medications: 'MedicationRequest?patient={{context.patientId}}',
  documents: 'DocumentReference?patient={{context.patientId}}',
};

const SERVICES: Record<string, { hook: CrdHook; title: string; description: string }> = {
  'crd-order-select': { hook: 'order-select', title: 'Coverage requirements (order-select)', description: 'Da Vinci CRD: whether the selected draft orders are covered, need prior authorization and need documentation (with the DTR questionnaire)' },
  'crd-order-sign': { hook: 'order-sign', title: 'Coverage requirements (order-sign)', description: 'Da Vinci CRD: coverage, prior authorization and documentation needs of every order about to be signed' },
  'crd-appointment-book': { hook: 'appointment-book', title: 'Coverage requirements (appointment-book)', description: 'Da Vinci CRD: coverage, prior authorization and documentation needs of the services of the appointments being booked' },
};

export function discovery(): CdsDiscovery {
  return {
    services: Object.entries(SERVICES).map(([id, s]) => ({
      hook: s.hook, id, title: s.title, description: s.description, prefetch: CRD_PREFETCH,
      usageRequirements: s.hook === 'appointment-book'
        ? 'Send context.appointments as a Bundle of Appointment whose serviceType carries the CPT code. Without prefetch the service cannot see the chart and asks for documentation (DTR).'
        : 'Send context.draftOrders as a Bundle of ServiceRequest/MedicationRequest/DeviceRequest. Without prefetch the service cannot see the chart and asks for documentation (DTR).',
    })),
  };
}

/** Resources of the prefetch (searchset entries flattened); null values mean "the EHR found none". */
function prefetched(prefetch: Record<string, Resource | null> | undefined): { evidence: Resource[]; coverage?: string } {
  const evidence: Resource[] = [];
  for (const value of Object.values(prefetch ?? {})) {
    if (!value) continue;
    if (value.resourceType === 'Bundle') for (const e of ((value as Json).entry as { resource?: Resource }[] | undefined) ?? []) { if (e.resource) evidence.push(e.resource); }
    else evidence.push(value);
  }
  const coverage = evidence.find((r) => r.resourceType === 'Coverage');
  return { evidence, ...(coverage?.id ? { coverage: `Coverage/${coverage.id}` } : {}) };
}

export function createCrdRoutes(ctx: SimulatorContext, config: PayerConfig, questionnaires: QuestionnaireRegistry): Route[] {
  return [
    { method: 'GET', path: '/payer/cds-services', handler: () => jsonResponse(discovery()) },
    {
      method: 'POST',
      path: '/payer/cds-services/:id',
      handler: async (req) => {
        const service = Object.hasOwn(SERVICES, req.params.id!) ? SERVICES[req.params.id!] : undefined;
        if (!service) throw notFound(`CDS service "${req.params.id}" (this payer offers ${Object.keys(SERVICES).join(', ')})`);
        // the aud a client signs is the URL of the service it calls
        if (authOf(ctx).config.cdsHooks === 'jwt') await verifyCdsHooksJwt(ctx, req, `${req.origin}/payer/cds-services/${req.params.id}`);
        const body = await req.json(CdsHookRequestSchema, 'request');
        if (body.hook !== service.hook) throw badRequest(`hook is "${body.hook}" but service ${req.params.id} answers "${service.hook}"`, 'request.hook');
        // appointment-book: the Appointments stand for their services (serviceType) and get the extension
        const orders = ((body.hook === 'appointment-book' ? body.context.appointments : body.context.draftOrders)?.entry ?? []).map((e) => e.resource).filter((r): r is Resource => !!r);
        const selected = body.hook === 'order-select' && body.context.selections
          ? orders.filter((o) => body.context.selections!.includes(`${o.resourceType}/${o.id}`))
          : orders;
        const { evidence, coverage } = prefetched(body.prefetch);
        const orderCoverage = (o: Resource) => {
          const insurance = ((o as Json).insurance as { reference?: string }[] | undefined)?.[0]?.reference;
          return assessOrder(o as Json, {
            hookInstance: body.hookInstance, evidence, now: ctx.clock.now(), payerName: config.payerName,
            questionnaireVersion: questionnaires.version(), contradictPas: config.crd.contradictPas, fhirBase: `${req.origin}/payer/fhir`,
            ...(insurance ?? coverage ? { coverage: insurance ?? coverage } : {}),
          });
        };
        const assessed = selected.map(orderCoverage);
        const response: CdsHookResponse = {
          cards: assessed.map((a) => a.card),
          systemActions: assessed.map((a) => ({ type: 'update' as const, description: `Annotate the ${a.annotated.resourceType === 'Appointment' ? 'appointment' : 'order'} with the payer's coverage information`, resource: a.annotated as Resource })),
        };
        return jsonResponse(response);
      },
    },
  ];
}
