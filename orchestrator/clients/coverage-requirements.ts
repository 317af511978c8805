/**
 * What the payer requires for an order, asked the way a Prior Authorization API client asks:
 * CRD first (the `order-sign` CDS hook: is prior auth needed, is documentation needed, which
 * questionnaire), then, when documentation is needed or CRD did not answer, DTR
 * (`Questionnaire/$questionnaire-package`); each call gets a few immediate attempts. The criteria come from the DTR Questionnaire's items
 * (criteria as data on each item). CDS Hooks clients proceed without cards, so a CRD timeout or
 * error is a note, not a failure; DTR being down is one too (the request then goes without a
 * questionnaire, and PAS adjudicates the attached evidence alone).
 */
import { createHash } from 'node:crypto';
import { CdsHookResponseSchema, readCoverageInformation, type CoverageInformation } from '../../src/contracts/cds-hooks.js';
import { CRITERION_EXTENSION, QuestionnairePackageSchema, REQUIRED_DOCUMENT_EXTENSION, type Questionnaire } from '../../src/contracts/dtr.js';
import { ProcedureCodes } from '../../src/contracts/clinical-codes.js';
import { CodeSystems } from '../../src/contracts/fhir-base.js';
import { CriterionSchema, RequiredDocumentSchema, type CoveragePolicy } from '../../src/contracts/policy.js';
import type { CdsHooksSigner } from './cds-hooks-signer.js';
import type { createHttpClient } from './http-client.js';

/** The part of a coverage policy the payer-criteria agent reads. */
export type PolicyCriteria = Pick<CoveragePolicy, 'code' | 'requiresPriorAuth' | 'criteria' | 'requiredDocuments'>;

export interface CoverageRequirements {
  readonly policy: PolicyCriteria;
  /** The DTR Questionnaire to fill and send with the PAS request. */
  readonly questionnaire?: Questionnaire;
  /** CRD's coverage-information for the order; absent when CRD did not answer. */
  readonly crd?: CoverageInformation;
  /** What went without (CRD or DTR unavailable), for the record. */
  readonly notes: string[];
}

export interface OrderRef {
  readonly patientId: string;
  readonly procedureCode: string;
  /** `Coverage/{id}` when known. */
  readonly coverage?: string;
}

const DOC_NEEDED = new Set(['clinical', 'admin', 'both', 'conditional']);

/** CDS Hooks wants a UUID per hook call; derived from the order, so a retried step sends the same one. */
function hookInstance({ patientId, procedureCode }: OrderRef): string {
  const h = createHash('sha256').update(`${patientId}|${procedureCode}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The draft order CRD and DTR are asked about: a ServiceRequest, or a MedicationRequest for a drug. */
export function draftOrder({ patientId, procedureCode, coverage }: OrderRef): Record<string, unknown> {
  const known = Object.values(ProcedureCodes).find((p) => p.code === procedureCode);
  const coding = known ?? { system: /^\d{5}$/.test(procedureCode) ? CodeSystems.cpt : CodeSystems.rxnorm, code: procedureCode };
  const common = { id: `order-${procedureCode}`, status: 'draft', intent: 'order', subject: { reference: `Patient/${patientId}` }, ...(coverage ? { insurance: [{ reference: coverage }] } : {}) };
  return coding.system === CodeSystems.rxnorm
    ? { resourceType: 'MedicationRequest', ...common, medicationCodeableConcept: { coding: [coding] } }
    : { resourceType: 'ServiceRequest', ...common, code: { coding: [coding] } };
}

/** The policy criteria a DTR Questionnaire carries on its items. */
export function criteriaOf(questionnaire: Questionnaire, code: string, requiresPriorAuth: boolean): PolicyCriteria {
  const criteria: PolicyCriteria['criteria'] = [];
  const requiredDocuments: PolicyCriteria['requiredDocuments'] = [];
  for (const item of questionnaire.item ?? []) {
    const value = (url: string) => (item.extension ?? []).find((e) => e.url === url)?.valueString as string | undefined;
    const criterion = value(CRITERION_EXTENSION);
    const document = value(REQUIRED_DOCUMENT_EXTENSION);
    if (criterion) criteria.push(CriterionSchema.parse(JSON.parse(criterion)));
    if (document) requiredDocuments.push(RequiredDocumentSchema.parse(JSON.parse(document)));
  }
  return { code, requiresPriorAuth, criteria, requiredDocuments };
}

type Http = ReturnType<typeof createHttpClient>;
const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Attempts per CRD or DTR call before going without it. Immediate: a CDS Hooks client has a
 * short budget and no durable wait here, so a brief blip is absorbed and an outage is not.
 */
export const ADVISORY_ATTEMPTS = 4;

async function attempt<T>(call: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i += 1) {
    try {
      return await call();
    } catch (err) {
      if (i >= ADVISORY_ATTEMPTS) throw err;
    }
  }
}

/**
 * `signCds`: sign each CRD hook call (CDS Hooks JWT), for a payer that requires it.
 * @example const req = await coverageRequirements(http, '/payer', '/payer/fhir', { patientId, procedureCode })
 */
export async function coverageRequirements(http: Http, payerBase: string, fhirBase: string, order: OrderRef, headers: Record<string, string> = {}, signCds?: CdsHooksSigner): Promise<CoverageRequirements> {
  const notes: string[] = [];
  const resource = draftOrder(order);
  let crd: CoverageInformation | undefined;
  const service = `${payerBase}/cds-services/crd-order-sign`;
  const instance = hookInstance(order);
  try {
    const { data } = await attempt(() => http.call({
      method: 'POST', path: service, schema: CdsHookResponseSchema, mediaType: 'application/json', headers,
      // CDS Hooks authenticates each call with its own JWT (aud = the service URL), not the SMART token
      ...(signCds ? { bearer: () => signCds(http.resolve(service), instance) } : {}),
      body: {
        hook: 'order-sign', hookInstance: instance,
        context: { userId: 'Device/prior-auth-orchestrator', patientId: order.patientId, draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource }] } },
      },
    }));
    crd = data.systemActions?.map((a) => readCoverageInformation(a.resource)[0]).find(Boolean);
  } catch (err) {
    notes.push(`CRD order-sign hook did not answer (${why(err)}): proceeding without cards`);
  }
  const requiresPriorAuth = crd ? crd.covered !== 'not-covered' && crd.paNeeded !== 'no-auth' : true;
  let questionnaire: Questionnaire | undefined;
  if (!crd || (crd.docNeeded && DOC_NEEDED.has(crd.docNeeded))) {
    try {
      const parameter = [
        { name: 'coverage', resource: { resourceType: 'Coverage', status: 'active', beneficiary: { reference: `Patient/${order.patientId}` }, payor: [{ display: 'payer' }] } },
        { name: 'order', resource },
        ...(crd?.questionnaires ?? []).map((valueCanonical) => ({ name: 'questionnaire', valueCanonical })),
      ];
      const { data } = await attempt(() => http.call({ method: 'POST', path: `${fhirBase}/Questionnaire/$questionnaire-package`, schema: QuestionnairePackageSchema, mediaType: 'application/fhir+json', headers, body: { resourceType: 'Parameters', parameter } }));
      const bundle = data.parameter?.find((p) => p.name === 'packagebundle')?.resource as { entry?: { resource?: { resourceType?: string } }[] } | undefined;
      questionnaire = bundle?.entry?.map((e) => e.resource).find((r) => r?.resourceType === 'Questionnaire') as Questionnaire | undefined;
    } catch (err) {
      notes.push(`DTR $questionnaire-package did not answer (${why(err)}): submitting without a questionnaire`);
    }
  }
  const policy = questionnaire ? criteriaOf(questionnaire, order.procedureCode, requiresPriorAuth) : { code: order.procedureCode, requiresPriorAuth, criteria: [], requiredDocuments: [] };
  return { policy, ...(questionnaire ? { questionnaire } : {}), ...(crd ? { crd } : {}), notes };
}

