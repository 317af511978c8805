/**
 * CRD's coverage assertion for one draft order (or an Appointment being booked), from the same coverage policies that adjudicate
 * PAS (so CRD, DTR and PAS agree unless a scenario sets `crd.contradictPas`): the order's code
 * picks the policy, the policy is evaluated over whatever the EHR prefetched, and the answer is
 * a card plus the order annotated with the Da Vinci coverage-information extension.
 * - no policy: not covered (PAS would refuse the code);
 * - no prior auth required by the policy (or the contradicting scenario): covered, no-auth;
 * - a criterion the prefetched chart contradicts: conditional, auth-needed, documentation needed;
 * - evidence missing from the prefetch (or no prefetch at all): covered, auth-needed,
 *   documentation needed, with the policy's DTR Questionnaire (`url|version`);
 * - every criterion and document proven by the prefetch: covered, auth-needed, no-doc.
 */
import { createHash } from 'node:crypto';
import type { CdsCard } from '../../contracts/cds-hooks.js';
import { COVERAGE_INFORMATION_URL, CRD_TEMP_CODES, type CoverageInformation } from '../../contracts/cds-hooks.js';
import type { Coding, Resource } from '../../contracts/fhir-base.js';
import type { CoveragePolicy } from '../../contracts/policy.js';
import { questionnaireUrl } from '../../contracts/dtr.js';
import { COVERAGE_POLICIES } from '../coverage-policies.js';
import { evaluatePolicy } from '../criteria-evaluator.js';

type Json = Record<string, unknown>;

export interface OrderContext {
  readonly hookInstance: string;
  /** Resources the EHR prefetched (searchset entries flattened). */
  readonly evidence: readonly Resource[];
  readonly coverage?: string;
  readonly now: number;
  readonly payerName: string;
  readonly questionnaireVersion: string;
  readonly contradictPas: boolean;
  /** Where the Questionnaire can be read, for the card's link. */
  readonly fhirBase: string;
}

export interface OrderCoverage {
  readonly card: CdsCard;
  /** The order with the coverage-information extension added. */
  readonly annotated: Json;
  readonly info: CoverageInformation;
}

const codingsOf = (cc: unknown): Coding[] => ((cc as { coding?: Coding[] } | undefined)?.coding ?? []);

/**
 * The codes that say what an order is for: ServiceRequest.code, MedicationRequest.medicationCodeableConcept,
 * DeviceRequest.codeCodeableConcept, Appointment.serviceType (appointment-book).
 */
export function orderCodings(order: Json): Coding[] {
  const serviceTypes = Array.isArray(order.serviceType) ? (order.serviceType as unknown[]).flatMap(codingsOf) : [];
  return [...codingsOf(order.code), ...codingsOf(order.medicationCodeableConcept), ...codingsOf(order.codeCodeableConcept), ...serviceTypes];
}

function decide(policy: CoveragePolicy | undefined, ctx: OrderContext, order: Json): { info: CoverageInformation; reason: string; indicator: CdsCard['indicator'] } {
  if (!policy) return { info: { covered: 'not-covered', questionnaires: [] }, reason: 'no coverage policy covers this code under this plan', indicator: 'warning' };
  if (ctx.contradictPas || !policy.requiresPriorAuth) {
    return { info: { covered: 'covered', paNeeded: 'no-auth', questionnaires: [] }, reason: 'no prior authorization is needed', indicator: 'info' };
  }
  const diagnoses = (order.reasonCode as unknown[] | undefined ?? []).flatMap(codingsOf);
  const result = evaluatePolicy(policy, { resources: ctx.evidence, diagnoses, now: ctx.now });
  // without a stated or prefetched diagnosis, "no qualifying diagnosis" means unknown, not unmet
  const diagnosisKnown = diagnoses.length > 0 || ctx.evidence.some((r) => r.resourceType === 'Condition');
  const isDiagnosis = (id: string) => policy.criteria.some((c) => c.id === id && c.kind === 'diagnosis');
  const unmet = result.criteria.filter((c) => c.status === 'unmet' && (diagnosisKnown || !isDiagnosis(c.id)));
  const missing = result.criteria.some((c) => c.status === 'missing' || (c.status === 'unmet' && !unmet.includes(c))) || result.missingDocuments.length > 0;
  const questionnaire = `${questionnaireUrl(policy.code)}|${ctx.questionnaireVersion}`;
  if (unmet.length > 0) {
    return {
      info: { covered: 'conditional', paNeeded: 'auth-needed', docNeeded: 'clinical', questionnaires: [questionnaire] },
      reason: `prior authorization is needed and the chart does not meet: ${unmet.map((c) => c.detail).join('; ')}`, indicator: 'warning',
    };
  }
  if (missing) {
    return { info: { covered: 'covered', paNeeded: 'auth-needed', docNeeded: 'clinical', questionnaires: [questionnaire] }, reason: 'prior authorization is needed: complete the payer questionnaire (DTR) and send it with the request', indicator: 'info' };
  }
  return { info: { covered: 'covered', paNeeded: 'auth-needed', docNeeded: 'no-doc', questionnaires: [] }, reason: 'prior authorization is needed; the chart meets the policy criteria', indicator: 'info' };
}

function extension(info: CoverageInformation, ctx: OrderContext, why: string): Json {
  const parts: Json[] = [{ url: 'coverage', valueReference: ctx.coverage ? { reference: ctx.coverage } : { display: 'coverage not identified in the request' } }, { url: 'covered', valueCode: info.covered }];
  if (info.paNeeded) parts.push({ url: 'pa-needed', valueCode: info.paNeeded });
  if (info.docNeeded) parts.push({ url: 'doc-needed', valueCode: info.docNeeded });
  if (info.docNeeded && info.docNeeded !== 'no-doc') parts.push({ url: 'doc-purpose', valueCode: 'withpa' });
  for (const q of info.questionnaires) parts.push({ url: 'questionnaire', valueCanonical: q });
  parts.push({ url: 'reason', valueCodeableConcept: { text: why } });
  parts.push({ url: 'date', valueDate: new Date(ctx.now).toISOString().slice(0, 10) });
  parts.push({ url: 'coverage-assertion-id', valueString: info.assertionId! });
  return { url: COVERAGE_INFORMATION_URL, extension: parts };
}

/** The card and annotated order for one draft order. */
export function assessOrder(order: Json, ctx: OrderContext): OrderCoverage {
  const coding = orderCodings(order).find((c) => c.code && COVERAGE_POLICIES.has(c.code)) ?? orderCodings(order)[0];
  const policy = coding?.code ? COVERAGE_POLICIES.get(coding.code) : undefined;
  const decided = decide(policy, ctx, order);
  const assertionId = `crd-${createHash('sha256').update(`${ctx.hookInstance}|${String(order.resourceType)}/${String(order.id)}`).digest('hex').slice(0, 20)}`;
  const info = { ...decided.info, assertionId };
  const what = coding?.display ?? coding?.code ?? 'this order';
  const summary = `${what}: ${decided.reason}`;
  const card: CdsCard = {
    uuid: assertionId,
    summary: summary.length > 140 ? `${summary.slice(0, 139)}…` : summary,
    detail: summary,
    indicator: decided.indicator,
    source: { label: ctx.payerName, topic: { system: CRD_TEMP_CODES, code: 'coverage-info', display: 'Coverage Information' } },
    ...(policy && info.questionnaires.length ? { links: [{ label: 'Payer questionnaire (DTR)', url: `${ctx.fhirBase}/Questionnaire/policy-${policy.code}`, type: 'absolute' as const }] } : {}),
  };
  const annotated = { ...order, extension: [...((order.extension as Json[] | undefined) ?? []), extension(info, ctx, decided.reason)] };
  return { card, annotated, info };
}
