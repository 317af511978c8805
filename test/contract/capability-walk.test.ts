/**
 * The CapabilityStatements declare exactly what is implemented: this walks every interaction,
 * search parameter and operation each FHIR base declares and exercises it against a running
 * server (express on port 0). A declared item the walker has no check for fails the test, so
 * declaring something new means proving it here.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expressServer, type ContractTarget } from './targets.js';
import { PERSONAS } from '../../src/contracts/personas.js';
import { meetsCriteria, pasBundle } from '../../src/payer/testing/pas-fixtures.js';
import { inquiryBundle } from '../../src/payer/testing/payer-client.js';
import { subscriptionBody } from '../../src/payer/subscriptions/testing/subscription-kit.js';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver.js';
import { draftOrder, packageRequest } from '../../src/payer/testing/crd-fixtures.js';
import { questionnaireUrl } from '../../src/contracts/dtr.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const FHIR = { 'content-type': 'application/fhir+json' };

let target: ContractTarget;
let receiver: HttpReceiver;
beforeAll(async () => {
  receiver = await startHttpReceiver();
  target = await expressServer({ payer: { webhooks: true } });
});
afterAll(async () => {
  await target?.close();
  await receiver?.close();
});

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: Json }> {
  const res = await target.fetch(path, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
async function ok(path: string, init: RequestInit = {}): Promise<Json> {
  const res = await call(path, init);
  if (res.status >= 300) throw new Error(`${init.method ?? 'GET'} ${path} → ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}
const idsOf = (b: Json) => ((b.entry ?? []) as Json[]).map((e) => e.resource.id as string);

/** One resource of each type from the charts, and the patient it belongs to. */
async function samples(): Promise<Map<string, { resource: Json; patient: string }>> {
  const out = new Map<string, { resource: Json; patient: string }>();
  for (const p of PERSONAS) {
    const bundle = await ok(`/ehr/fhir/Patient/${p.id}/$everything?_count=1000`);
    for (const e of bundle.entry as Json[]) if (!out.has(e.resource.resourceType)) out.set(e.resource.resourceType, { resource: e.resource, patient: p.id });
  }
  return out;
}

/** For a declared search parameter: a query the sample must match and one it must not. */
type Example = (r: Json, patient: string) => [string, string];
const EXAMPLES: Record<string, Example> = {
  patient: (_r, p) => [`patient=Patient/${p}`, `patient=${PERSONAS.find((x) => x.id !== p)!.id}`],
  _id: (r) => [`_id=${r.id}`, '_id=no-such-id'],
  identifier: (r) => [`identifier=${encodeURIComponent(`${r.identifier[0].system}|${r.identifier[0].value}`)}`, `identifier=${encodeURIComponent(`${r.identifier[0].system}|no-such-value`)}`],
  name: (r) => [`name=${encodeURIComponent(r.name[0].family)}`, 'name=Zzyzx'],
  birthdate: (r) => [`birthdate=${r.birthDate}`, 'birthdate=1800-01-01'],
  gender: (r) => [`gender=${r.gender}`, `gender=${r.gender === 'female' ? 'male' : 'female'}`],
  category: (r) => [`category=${r.category[0].coding[0].code}`, 'category=no-such-category'],
  code: (r) => [`code=${encodeURIComponent(`${r.code.coding[0].system}|${r.code.coding[0].code}`)}`, `code=${encodeURIComponent(`${r.code.coding[0].system}|0000-0`)}`],
  date: (r) => [`date=${String(r.effectiveDateTime).slice(0, 10)}`, 'date=1900'],
};

/** Result parameters: a check of their own rather than match / no-match. */
const RESULT_CHECKS: Record<string, (path: string, base: string) => Promise<void>> = {
  _count: async (path, base) => {
    const page = await ok(`${path}?${base}&_count=1`);
    expect((page.entry ?? []).length).toBeLessThanOrEqual(1);
  },
  _offset: async (path, base) => {
    const all = await ok(`${path}?${base}&_count=1000`);
    const second = await ok(`${path}?${base}&_count=1&_offset=1`);
    expect(idsOf(second)).toEqual(idsOf(all).slice(1, 2));
  },
  _summary: async (path, base) => {
    const count = await ok(`${path}?${base}&_summary=count`);
    expect(count.entry).toBeUndefined();
    expect(count.total).toBe((await ok(`${path}?${base}`)).total);
  },
  _elements: async (path, base) => {
    const page = await ok(`${path}?${base}&_elements=id&_count=1`);
    expect(page.entry[0].resource.meta.tag).toContainEqual(expect.objectContaining({ code: 'SUBSETTED' }));
  },
};

describe('EHR CapabilityStatement: every declaration works', () => {
  it('walks every interaction, search parameter and operation', async () => {
    const cs = await ok('/ehr/fhir/metadata');
    const found = await samples();
    const walked: string[] = [];
    for (const res of cs.rest[0].resource as Json[]) {
      const type = res.type as string;
      const sample = found.get(type);
      expect({ type, sample: !!sample }).toEqual({ type, sample: true });
      const { resource, patient } = sample!;
      const needsPatient = (res.searchParam as Json[]).some((p) => p.name === 'patient');
      const base = needsPatient ? `patient=${patient}` : '';
      for (const interaction of res.interaction as Json[]) {
        if (interaction.code === 'read') expect(await ok(`/ehr/fhir/${type}/${resource.id}`)).toEqual(resource);
        else if (interaction.code === 'search-type') {
          expect(idsOf(await ok(`/ehr/fhir/${type}?${base}&_count=1000`))).toContain(resource.id);
          const post = await ok(`/ehr/fhir/${type}/_search`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `${base}&_count=1000` });
          expect(idsOf(post)).toContain(resource.id);
        } else throw new Error(`${type}: declared interaction ${interaction.code} has no check in the walker`);
        walked.push(`${type}.${interaction.code}`);
      }
      for (const param of res.searchParam as Json[]) {
        const name = param.name as string;
        if (RESULT_CHECKS[name]) await RESULT_CHECKS[name](`/ehr/fhir/${type}`, base);
        else {
          const example = EXAMPLES[name];
          if (!example) throw new Error(`${type}: declared search parameter ${name} has no check in the walker`);
          const [match, miss] = example(resource, patient);
          const extra = needsPatient && name !== 'patient' ? `${base}&` : '';
          expect(idsOf(await ok(`/ehr/fhir/${type}?${extra}${match}&_count=1000`))).toContain(resource.id);
          expect(idsOf(await ok(`/ehr/fhir/${type}?${extra}${miss}&_count=1000`))).not.toContain(resource.id);
        }
        walked.push(`${type}?${name}`);
      }
      for (const op of (res.operation ?? []) as Json[]) {
        if (type === 'Patient' && op.name === 'everything') {
          const get = await ok(`/ehr/fhir/Patient/${patient}/$everything?_count=1000`);
          const post = await ok(`/ehr/fhir/Patient/${patient}/$everything`, { method: 'POST', headers: FHIR, body: JSON.stringify({ resourceType: 'Parameters', parameter: [{ name: '_count', valueInteger: 1000 }] }) });
          expect(idsOf(post)).toEqual(idsOf(get));
        } else throw new Error(`${type}: declared operation ${op.name} has no check in the walker`);
        walked.push(`${type}/$${op.name}`);
      }
    }
    for (const compartment of cs.rest[0].compartment as string[]) {
      expect(compartment).toBe('http://hl7.org/fhir/CompartmentDefinition/patient');
      for (const type of ['Condition', 'Observation', 'Procedure', 'MedicationRequest', 'Coverage', 'DocumentReference']) {
        const { patient } = found.get(type)!;
        expect(idsOf(await ok(`/ehr/fhir/Patient/${patient}/${type}?_count=1000`))).toEqual(idsOf(await ok(`/ehr/fhir/${type}?patient=${patient}&_count=1000`)));
      }
    }
    expect(walked).toEqual(expect.arrayContaining(['Patient.read', 'Patient?name', 'Patient?birthdate', 'Patient?gender', 'Observation?date', 'Patient/$everything']));
  });
});

describe('payer CapabilityStatement: every declaration works', () => {
  it('walks every interaction and operation', async () => {
    const cs = await ok('/payer/fhir/metadata');
    const request = pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri') });
    let submitted: Json | undefined;
    const submit = async () => (submitted ??= await ok('/payer/fhir/Claim/$submit', { method: 'POST', headers: { ...FHIR, 'idempotency-key': 'walk-1' }, body: JSON.stringify(request) }));
    const claimResponseId = async () => (await submit()).entry[0].resource.id as string;
    const walked: string[] = [];
    const CHECKS: Record<string, () => Promise<void>> = {
      'Claim/$submit': async () => expect((await submit()).entry[0].resource.resourceType).toBe('ClaimResponse'),
      'Claim/$inquire': async () => {
        await submit();
        const inquiry = await ok('/payer/fhir/Claim/$inquire', { method: 'POST', headers: FHIR, body: JSON.stringify(inquiryBundle(request.entry[0]!.resource as Json, request.identifier)) });
        expect(inquiry.entry[0].resource.id).toBe(await claimResponseId());
      },
      'Claim.read': async () => {
        const ref = (await submit()).entry[0].resource.request.reference as string;
        expect((await ok(`/payer/fhir/${ref}`)).identifier).toEqual(request.entry[0]!.resource.identifier);
      },
      'ClaimResponse.read': async () => expect((await ok(`/payer/fhir/ClaimResponse/${await claimResponseId()}`)).resourceType).toBe('ClaimResponse'),
      'Subscription.create': async () => {
        const sub = await ok('/payer/fhir/Subscription', { method: 'POST', headers: FHIR, body: JSON.stringify(subscriptionBody(`${receiver.url}/hook`)) });
        expect(sub.status).toBe('active');
        subscriptionId = sub.id;
      },
      'Questionnaire.read': async () => expect((await ok('/payer/fhir/Questionnaire/policy-72148')).url).toBe(questionnaireUrl('72148')),
      'Questionnaire/$questionnaire-package': async () => {
        const out = await ok('/payer/fhir/Questionnaire/$questionnaire-package', { method: 'POST', headers: FHIR, body: JSON.stringify(packageRequest({ orders: [draftOrder('totalKnee')] })) });
        expect(out.parameter[0].resource.entry[0].resource.url).toBe(questionnaireUrl('27447'));
      },
      'Questionnaire/$next-question': async () => {
        const start = { resourceType: 'QuestionnaireResponse', questionnaire: '#q', status: 'in-progress', contained: [{ resourceType: 'Questionnaire', id: 'q', url: questionnaireUrl('27447'), status: 'active' }] };
        const out = await ok('/payer/fhir/Questionnaire/$next-question', { method: 'POST', headers: FHIR, body: JSON.stringify(start) });
        expect(out.contained[0].item.map((i: Json) => i.linkId)).toEqual(['knee-osteoarthritis-diagnosis']);
      },
      'Subscription.read': async () => expect((await ok(`/payer/fhir/Subscription/${subscriptionId}`)).id).toBe(subscriptionId),
      'Subscription.delete': async () => expect((await ok(`/payer/fhir/Subscription/${subscriptionId}`, { method: 'DELETE' })).status).toBe('off'),
    };
    let subscriptionId: string | undefined;
    for (const res of cs.rest[0].resource as Json[]) {
      for (const interaction of (res.interaction ?? []) as Json[]) walked.push(`${res.type}.${interaction.code}`);
      for (const op of (res.operation ?? []) as Json[]) walked.push(`${res.type}/$${op.name}`);
      expect((res.searchParam ?? []).length).toBe(0);
    }
    for (const item of walked) {
      const check = CHECKS[item];
      if (!check) throw new Error(`payer: declared ${item} has no check in the walker`);
      await check();
    }
    expect(walked).toEqual(expect.arrayContaining(['Claim/$submit', 'Claim/$inquire', 'Claim.read', 'ClaimResponse.read', 'Subscription.create', 'Questionnaire/$questionnaire-package']));
  });
});
