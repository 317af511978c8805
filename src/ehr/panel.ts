/**
 * The synthetic panel: the shared practitioners and organizations, and one chart per persona,
 * generated once from the seed and the clock, then indexed for reads, searches and
 * `$everything`. Ids are stable across seeds; names, addresses and dates are not.
 */
import { createReseededFaker } from './reseeded-faker.js';
import type { ProcedureKey } from '../contracts/clinical-codes.js';
import type { EhrResource, EhrResourceType, Organization, Patient, Practitioner } from '../contracts/ehr.js';
import type { Rng } from '../core/rng.js';
import { ChartBuilder } from './chart-builder.js';
import { CHART_RECIPES } from './charts/index.js';
import { DAY_MS, instant, NPI_SYSTEM, npi } from './fhir-builders.js';
import { PERSONAS } from '../contracts/personas.js';

// the panel's own generator, reseeded per panel (its draws end before the charts are built)
const fakerFor = createReseededFaker();

export const PAYER_ORG_ID = 'org-payer';
export const CLINIC_ORG_ID = 'org-clinic';

const SPECIALISTS = { 'pra-primary-care': 'Family Medicine', 'pra-orthopedics': 'Orthopaedic Surgery', 'pra-sleep-medicine': 'Sleep Medicine' };
type PractitionerId = keyof typeof SPECIALISTS;
const BY_PROCEDURE: Record<ProcedureKey, { practitioner: PractitionerId; ages: [number, number] }> = {
  lumbarMri: { practitioner: 'pra-primary-care', ages: [30, 64] },
  totalKnee: { practitioner: 'pra-orthopedics', ages: [55, 80] },
  polysomnography: { practitioner: 'pra-sleep-medicine', ages: [40, 70] },
  semaglutide: { practitioner: 'pra-primary-care', ages: [40, 70] },
};

export class Panel {
  private readonly byKey = new Map<string, EhrResource>();
  private readonly byType = new Map<EhrResourceType, EhrResource[]>();
  private readonly charts = new Map<string, EhrResource[]>();

  constructor(rng: Rng, now: number) {
    const f = fakerFor(rng.fork('shared').uint32(), now);
    const meta = { versionId: '1', lastUpdated: instant(now - 500 * DAY_MS) };
    const names = new Map<PractitionerId, string>();
    const orgs: Organization[] = [
      { resourceType: 'Organization', id: CLINIC_ORG_ID, meta, active: true, identifier: [{ system: NPI_SYSTEM, value: npi(`1${f.string.numeric(8)}`) }],
        type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov', display: 'Healthcare Provider' }] }],
        name: `${f.location.city()} Medical Group`, address: [{ line: [f.location.streetAddress()], city: f.location.city(), state: f.location.state({ abbreviated: true }), postalCode: f.location.zipCode('#####'), country: 'US' }] },
      { resourceType: 'Organization', id: PAYER_ORG_ID, meta, active: true, identifier: [{ system: 'http://prior-auth-sim.dev/payer-id', value: 'PASIM' }],
        type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'pay', display: 'Payer' }] }],
        name: 'Prior Auth Sim Health Plan' },
    ];
    orgs.forEach((o) => this.add(o));
    for (const [id, specialty] of Object.entries(SPECIALISTS) as [PractitionerId, string][]) {
      const given = f.person.firstName();
      const family = f.person.lastName();
      names.set(id, `Dr. ${given} ${family}`);
      const practitioner: Practitioner = {
        resourceType: 'Practitioner', id, meta, active: true,
        identifier: [{ system: NPI_SYSTEM, value: npi(`1${f.string.numeric(8)}`) }],
        name: [{ use: 'official', family, given: [given], prefix: ['Dr.'], text: `${given} ${family}, MD (${specialty})` }],
      };
      this.add(practitioner);
    }
    for (const persona of PERSONAS) {
      const setting = BY_PROCEDURE[persona.procedure];
      const chart = new ChartBuilder(persona, {
        now, rng: rng.fork(persona.id), clinicId: CLINIC_ORG_ID, payerId: PAYER_ORG_ID, ageRange: setting.ages,
        practitioner: { id: setting.practitioner, name: names.get(setting.practitioner)! },
      });
      const recipe = CHART_RECIPES[persona.id];
      recipe(chart);
      chart.resources.forEach((r) => this.add(r));
      this.charts.set(persona.id, chart.resources);
    }
  }

  get(type: string, id: string): EhrResource | undefined {
    return this.byKey.get(`${type}/${id}`);
  }

  all(type: EhrResourceType): readonly EhrResource[] {
    return this.byType.get(type) ?? [];
  }

  patients(): readonly Patient[] {
    return this.all('Patient') as Patient[];
  }

  /** The patient's chart (Patient first, then its resources in creation order), or undefined. */
  chart(patientId: string): readonly EhrResource[] | undefined {
    return this.charts.get(patientId);
  }

  private add(r: EhrResource) {
    this.byKey.set(`${r.resourceType}/${r.id}`, r);
    const list = this.byType.get(r.resourceType) ?? [];
    list.push(r);
    this.byType.set(r.resourceType, list);
  }
}
