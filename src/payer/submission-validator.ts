/**
 * Semantic validation of a `$submit` Bundle after its envelope passed zod: the Claim comes first
 * and is a PAS prior-authorization request, codes are well formed in the systems this payer
 * accepts, and every reference resolves inside the Bundle. Every failure is a 400 whose message
 * names the element, says what was expected and what arrived.
 */
import { CodeSystems, type Coding, type Resource } from '../contracts/fhir-base.js';
import { PasClaimSchema, type PasClaim, type PasRequestBundle } from '../contracts/pas.js';
import { badRequest, fromZodError } from '../core/operation-outcome.js';
import { BundleIndex } from './bundle-index.js';
import type { Evidence } from './evidence.js';

export interface SubmittedItem {
  sequence: number;
  coding: Required<Pick<Coding, 'system' | 'code'>> & Coding;
  quantity: number;
  path: string;
}

export interface Submission {
  bundle: PasRequestBundle;
  claim: PasClaim;
  index: BundleIndex;
  items: SubmittedItem[];
  /** Claim.diagnosis codes and the resources hanging off supportingInfo / diagnosisReference. */
  evidence: Omit<Evidence, 'now'>;
}

const CPT = /^\d{5}$/;
const RXNORM = /^\d{1,8}$/;
const ICD10 = /^[A-TV-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$/;

function itemCoding(item: PasClaim['item'][number], path: string): SubmittedItem['coding'] {
  const codings = item.productOrService.coding;
  const known = codings.find((c) => c.system === CodeSystems.cpt || c.system === CodeSystems.rxnorm);
  if (!known) {
    throw badRequest(`${path}: code system "${codings[0]?.system ?? '(none)'}" is not supported: expected CPT (${CodeSystems.cpt}) or RxNorm (${CodeSystems.rxnorm})`, path);
  }
  const ok = known.system === CodeSystems.cpt ? CPT.test(known.code ?? '') : RXNORM.test(known.code ?? '');
  if (!ok) throw badRequest(`${path}: expected a CPT code (5 digits) or an RxNorm code, got "${known.code ?? ''}"`, path);
  return known as SubmittedItem['coding'];
}

function diagnosisCodings(claim: PasClaim, index: BundleIndex): { codes: Coding[]; conditions: Resource[] } {
  const codes: Coding[] = [];
  const conditions: Resource[] = [];
  claim.diagnosis.forEach((d, i) => {
    const path = `Claim.diagnosis[${i}]`;
    if (d.diagnosisReference) {
      conditions.push(index.require(`${path}.diagnosisReference`, d.diagnosisReference.reference, ['Condition']));
      return;
    }
    const icd = d.diagnosisCodeableConcept?.coding?.find((c) => c.system === CodeSystems.icd10cm);
    if (!icd) throw badRequest(`${path}.diagnosisCodeableConcept: expected an ICD-10-CM coding (${CodeSystems.icd10cm}) or a diagnosisReference to a Condition`, `${path}.diagnosisCodeableConcept`);
    if (!ICD10.test(icd.code ?? '')) throw badRequest(`${path}.diagnosisCodeableConcept: expected an ICD-10-CM code such as "M54.50", got "${icd.code ?? ''}"`, `${path}.diagnosisCodeableConcept`);
    codes.push(icd);
  });
  return { codes, conditions };
}

/** Validate a parsed request Bundle into a Submission, or throw a 400 OperationOutcomeError. */
export function validateSubmission(bundle: PasRequestBundle): Submission {
  const first = bundle.entry[0]!.resource;
  if (first.resourceType !== 'Claim') {
    throw badRequest(`Bundle.entry[0].resource.resourceType: the first entry of a PAS request Bundle must be the Claim, got "${first.resourceType}"`, 'Bundle.entry[0].resource.resourceType');
  }
  const parsed = PasClaimSchema.safeParse(first);
  if (!parsed.success) throw fromZodError('Bundle.entry[0].resource', parsed.error);
  const claim = parsed.data;
  if (claim.use !== 'preauthorization') {
    throw badRequest(`Claim.use: expected "preauthorization" (this endpoint adjudicates prior-authorization requests), got "${claim.use}"`, 'Claim.use');
  }
  const index = new BundleIndex(bundle.entry);
  index.require('Claim.patient', claim.patient.reference, ['Patient']);
  index.require('Claim.insurer', claim.insurer.reference, ['Organization']);
  index.require('Claim.provider', claim.provider.reference, ['Practitioner', 'PractitionerRole', 'Organization']);
  claim.insurance.forEach((ins, i) => index.require(`Claim.insurance[${i}].coverage`, ins.coverage.reference, ['Coverage']));
  claim.careTeam?.forEach((ct, i) => index.require(`Claim.careTeam[${i}].provider`, ct.provider.reference));
  const attached = (claim.supportingInfo ?? []).flatMap((s, i) =>
    s.valueReference ? [index.require(`Claim.supportingInfo[${i}].valueReference`, s.valueReference.reference)] : [],
  );
  const { codes, conditions } = diagnosisCodings(claim, index);
  const items = claim.item.map((item, i) => {
    const path = `Claim.item[${i}].productOrService`;
    return { sequence: item.sequence, coding: itemCoding(item, path), quantity: item.quantity?.value ?? 1, path };
  });
  return { bundle, claim, index, items, evidence: { resources: [...attached, ...conditions], diagnoses: codes } };
}
