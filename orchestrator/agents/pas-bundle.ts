/**
 * `buildPasBundle`: the Da Vinci PAS 2.0.1 `$submit` request Bundle for one execution — the
 * Claim first, then every resource it references exactly once (Patient, Coverage, insurer,
 * provider, the organizations and practitioners those reference, the letter of medical
 * necessity and the clinical evidence on `Claim.supportingInfo`). Pure: the same inputs give
 * byte-identical JSON, and Bundle.identifier / Claim.identifier depend only on the execution
 * id, so a resubmission of the same execution carries the same business identifiers.
 */
import { createHash } from 'node:crypto';
import { ProcedureCodes } from '../../src/contracts/clinical-codes.js';
import { CodeSystems, type Resource } from '../../src/contracts/fhir-base.js';
import { PAS_CANONICAL, type PasClaim, type PasRequestBundle } from '../../src/contracts/pas.js';
import type { ReviewLetter } from '../../src/contracts/review.js';
import type { QuestionnaireResponse } from '../../src/contracts/dtr.js';
import type { ClinicalFacts } from './clinical-facts.js';
import { CLINICAL_GUIDELINES } from './clinical-guidelines.js';
import { toInstant } from './fhir-values.js';

export const PAS_BUNDLE_ID_SYSTEM = 'http://prior-auth-sim.dev/orchestrator/pas-request-bundle';
export const PAS_CLAIM_ID_SYSTEM = 'http://prior-auth-sim.dev/orchestrator/pas-claim';
const INFO_CATEGORY = 'http://terminology.hl7.org/CodeSystem/claiminformationcategory';
const ICD10 = /^[A-TV-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$/;

export interface PasBundleInput {
  readonly facts: ClinicalFacts;
  readonly procedureCode: string;
  readonly executionId: string;
  /** The physician-approved letter, attached as a DocumentReference. */
  readonly letter?: ReviewLetter;
  /** The payer's DTR questionnaire as filled, attached as supporting information. */
  readonly questionnaireResponse?: QuestionnaireResponse;
  /** Epoch ms for Bundle.timestamp and Claim.created: pass a checkpointed value, or a retried submit changes the payload (422). */
  readonly now: number;
}

/** The stable business identifiers of an execution's request. */
export function pasIdentifiers(executionId: string) {
  const h = createHash('sha256').update(executionId).digest('hex');
  return {
    bundle: { system: PAS_BUNDLE_ID_SYSTEM, value: `PAB-${h.slice(0, 24)}` },
    claim: { system: PAS_CLAIM_ID_SYSTEM, value: `PAC-${h.slice(0, 24)}` },
    claimId: `par-${h.slice(0, 16)}`,
    letterId: `lmn-${h.slice(0, 16)}`,
    questionnaireResponseId: `dtr-${h.slice(0, 16)}`,
  };
}

function productOrService(code: string) {
  const known = Object.values(ProcedureCodes).find((p) => p.code === code);
  return known ?? { system: /^\d{5}$/.test(code) ? CodeSystems.cpt : CodeSystems.rxnorm, code };
}

const refs = (r: unknown) => [...JSON.stringify(r).matchAll(/"reference":"([A-Za-z]+\/[A-Za-z0-9\-.]{1,64})"/g)].map((m) => m[1]!);
const keyOf = (r: Resource) => `${r.resourceType}/${r.id}`;

/** @example const bundle = buildPasBundle({ facts, procedureCode: '72148', executionId, letter, now }) */
export function buildPasBundle({ facts, procedureCode, executionId, letter, now, questionnaireResponse }: PasBundleInput): PasRequestBundle {
  const ids = pasIdentifiers(executionId);
  const { patient, coverage, practitioners, organizations, evidence } = facts.resources;
  const practitioner = practitioners.find((p) => p.id === facts.practitioner?.id) ?? practitioners[0];
  if (!coverage) throw new Error(`buildPasBundle: patient ${facts.patientId} has no active Coverage`);
  if (!practitioner) throw new Error(`buildPasBundle: no Practitioner in the chart of ${facts.patientId}`);
  const created = toInstant(now);
  const indication = CLINICAL_GUIDELINES[procedureCode]?.indication ?? [];
  const diagnoses = facts.diagnoses
    .filter((d) => d.system === CodeSystems.icd10cm && ICD10.test(d.code))
    .map((d, i) => ({ d, rank: indication.some((p) => d.code.startsWith(p)) ? 0 : 1, i }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i);
  if (diagnoses.length === 0) throw new Error(`buildPasBundle: no ICD-10-CM diagnosis in the chart of ${facts.patientId}`);
  const letterDoc: Resource[] = letter ? [{
    resourceType: 'DocumentReference', id: ids.letterId, status: 'current',
    type: { text: 'Letter of medical necessity' }, subject: { reference: keyOf(patient) }, date: created,
    author: [{ reference: keyOf(practitioner) }], description: letter.subject,
    content: [{ attachment: { contentType: 'text/plain', data: Buffer.from(letter.body, 'utf-8').toString('base64'), title: letter.subject } }],
  } as Resource] : [];
  const dtr: Resource[] = questionnaireResponse ? [{ ...questionnaireResponse, id: ids.questionnaireResponseId } as Resource] : [];
  const attached = [...letterDoc, ...dtr, ...evidence];
  const claim: PasClaim = {
    resourceType: 'Claim', id: ids.claimId,
    meta: { profile: [`${PAS_CANONICAL}/StructureDefinition/profile-claim`] },
    identifier: [ids.claim], status: 'active',
    type: { coding: [{ system: CodeSystems.claimType, code: productOrService(procedureCode).system === CodeSystems.rxnorm ? 'pharmacy' : 'professional' }] },
    use: 'preauthorization', patient: { reference: keyOf(patient) }, created,
    insurer: { reference: coverage.payor[0]!.reference }, provider: { reference: keyOf(practitioner) },
    priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }] },
    careTeam: [{ sequence: 1, provider: { reference: keyOf(practitioner) } }],
    diagnosis: diagnoses.map(({ d }, i) => ({ sequence: i + 1, diagnosisCodeableConcept: { coding: [{ system: d.system, code: d.code, display: d.display }] } })),
    supportingInfo: attached.map((r, i) => ({
      sequence: i + 1,
      category: { coding: [{ system: INFO_CATEGORY, code: r.resourceType === 'DocumentReference' ? 'attachment' : 'info' }] },
      valueReference: { reference: keyOf(r) },
    })),
    insurance: [{ sequence: 1, focal: true, coverage: { reference: keyOf(coverage) } }],
    item: [{ sequence: 1, productOrService: { coding: [productOrService(procedureCode)] }, quantity: { value: 1 }, diagnosisSequence: [1], informationSequence: attached.map((_, i) => i + 1) }],
  };
  const pool = new Map<string, Resource>([...practitioners, ...organizations, patient, coverage].map((r) => [keyOf(r), r]));
  const included = new Map<string, Resource>();
  const include = (r: Resource) => {
    if (included.has(keyOf(r))) return;
    included.set(keyOf(r), r);
    for (const ref of refs(r)) if (pool.has(ref)) include(pool.get(ref)!);
  };
  [claim as Resource, patient, coverage, ...attached].forEach(include);
  return {
    resourceType: 'Bundle',
    meta: { profile: [`${PAS_CANONICAL}/StructureDefinition/profile-pas-request-bundle`] },
    identifier: ids.bundle, type: 'collection', timestamp: created,
    entry: [...included.values()].map((resource) => ({ fullUrl: `${facts.source}/${keyOf(resource)}`, resource })),
  };
}
