/**
 * The payer's DTR operations (Da Vinci DTR STU 2.x): `POST Questionnaire/$questionnaire-package`
 * takes Parameters (`coverage`, `order` 0..*, `questionnaire` canonical 0..*, `context`) and
 * answers Parameters with one `packagebundle` (a collection Bundle: the Questionnaire first, the
 * ValueSets it uses and a draft QuestionnaireResponse for the coverage's beneficiary) per
 * questionnaire that applies, or an `outcome` when none does; `POST Questionnaire/$next-question`
 * (SDC adaptive forms, next-question.ts) asks the policy's questions one at a time;
 * `GET Questionnaire/{id}` reads the current version. No CQL Libraries: prepopulation is FHIRPath `initialExpression` (see
 * policy-questionnaire.ts).
 */
import { splitCanonical, QUESTIONNAIRE_BASE } from '../../contracts/dtr.js';
import type { Resource } from '../../contracts/fhir-base.js';
import { ParametersSchema } from '../../contracts/parameters.js';
import type { CoveragePolicy } from '../../contracts/policy.js';
import type { SimulatorContext } from '../../core/engine.js';
import { badRequest, fhirResponse, notFound, OperationOutcomeError, outcome } from '../../core/operation-outcome.js';
import type { Route } from '../../core/router.js';
import { readElements, readSummary, shapeResource } from '../../core/fhir-rest/result-params.js';
import { COVERAGE_POLICIES } from '../coverage-policies.js';
import { orderCodings } from '../crd/order-coverage.js';
import { buildQuestionnaire, questionnaireValueSets } from './policy-questionnaire.js';
import { advance, containedQuestionnaire, NextQuestionBodySchema, nextQuestionInput } from './next-question.js';
import type { QuestionnaireRegistry } from './questionnaire-registry.js';

const ORDER_TYPES = ['ServiceRequest', 'MedicationRequest', 'DeviceRequest', 'NutritionOrder', 'Appointment', 'Encounter', 'CommunicationRequest'];
const WHERE = 'Questionnaire.$questionnaire-package';

/** The policy a questionnaire canonical names (`…/Questionnaire/policy-72148[|version]`). */
function policyOfCanonical(canonical: string, where: string): CoveragePolicy {
  const { url } = splitCanonical(canonical);
  const code = url.startsWith(`${QUESTIONNAIRE_BASE}/policy-`) ? url.slice(`${QUESTIONNAIRE_BASE}/policy-`.length) : undefined;
  const policy = code ? COVERAGE_POLICIES.get(code) : undefined;
  if (!policy) throw badRequest(`questionnaire ${canonical} is not one of this payer's: they are ${QUESTIONNAIRE_BASE}/policy-{code} for ${[...COVERAGE_POLICIES.keys()].join(', ')}`, where);
  return policy;
}

export function createDtrRoutes(ctx: SimulatorContext, questionnaires: QuestionnaireRegistry): Route[] {
  const date = () => new Date(ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    {
      method: 'POST',
      path: '/payer/fhir/Questionnaire/$questionnaire-package',
      handler: async (req) => {
        const params = await req.json(ParametersSchema, 'Parameters');
        const list = params.parameter ?? [];
        const coverages = list.filter((p) => p.name === 'coverage');
        if (coverages.length === 0) throw badRequest(`${WHERE}: the coverage parameter (a Coverage resource) is required`, 'Parameters.parameter');
        const policies = new Map<string, CoveragePolicy>();
        list.forEach((p, i) => {
          const where = `Parameters.parameter[${i}]`;
          if (p.name === 'coverage' && p.resource?.resourceType !== 'Coverage') throw badRequest('coverage must carry a Coverage resource', `${where}.resource`);
          if (p.name === 'order') {
            const order = p.resource as (Resource & Record<string, unknown>) | undefined;
            if (!order || !ORDER_TYPES.includes(order.resourceType)) throw badRequest(`order must carry one of ${ORDER_TYPES.join(', ')}`, `${where}.resource`);
            const policy = orderCodings(order).map((c) => (c.code ? COVERAGE_POLICIES.get(c.code) : undefined)).find(Boolean);
            if (policy) policies.set(policy.code, policy);
          }
          if (p.name === 'questionnaire') {
            if (!p.valueCanonical) throw badRequest('questionnaire must carry valueCanonical', `${where}.valueCanonical`);
            const policy = policyOfCanonical(p.valueCanonical, `${where}.valueCanonical`);
            policies.set(policy.code, policy);
          }
        });
        const version = questionnaires.version();
        const beneficiary = (coverages[0]!.resource as { beneficiary?: { reference?: string } }).beneficiary;
        const bundles = [...policies.values()].map((policy) => {
          const questionnaire = buildQuestionnaire(policy, version, date());
          const draft = {
            resourceType: 'QuestionnaireResponse', id: `draft-${questionnaire.id}`, questionnaire: `${questionnaire.url}|${version}`, status: 'in-progress',
            ...(beneficiary?.reference ? { subject: { reference: beneficiary.reference } } : {}), authored: date(),
          };
          return {
            name: 'packagebundle',
            resource: {
              resourceType: 'Bundle', type: 'collection', timestamp: date(),
              entry: [
                ...[questionnaire, ...questionnaireValueSets(policy, version)].map((r) => ({ fullUrl: r.url, resource: r })),
                // no fullUrl: the draft lives with the client, the payer does not serve it
                { resource: draft },
              ],
            },
          };
        });
        const parameter: Record<string, unknown>[] = bundles;
        if (bundles.length === 0) {
          parameter.push({ name: 'outcome', resource: outcome('informational', 'no documentation is required for these orders: no questionnaire applies', undefined, 'information') });
        }
        return fhirResponse({ resourceType: 'Parameters', parameter });
      },
    },
    {
      method: 'POST',
      path: '/payer/fhir/Questionnaire/$next-question',
      handler: async (req) => {
        const { qr, where } = nextQuestionInput(await req.json(NextQuestionBodySchema, 'QuestionnaireResponse'));
        const { canonical, index } = containedQuestionnaire(qr, where);
        const policy = policyOfCanonical(canonical, `${where}.contained[${index}].url`);
        const version = questionnaires.version();
        const adapts = splitCanonical(canonical).version;
        if (adapts !== undefined && adapts !== version) {
          throw badRequest(`the contained Questionnaire adapts version ${adapts} of ${splitCanonical(canonical).url}, but version ${version} is current: start again from an empty Questionnaire`, `${where}.contained[${index}].version`);
        }
        return fhirResponse(advance(policy, version, date(), qr, where));
      },
    },
    {
      method: 'GET',
      path: '/payer/fhir/Questionnaire/:id',
      handler: (req) => {
        const id = req.params.id!;
        if (id.startsWith('$')) throw new OperationOutcomeError(outcome('not-supported', `GET is not supported on ${req.url.pathname}: ${id} takes POST`), 405, { allow: 'POST, OPTIONS' });
        const policy = id.startsWith('policy-') ? COVERAGE_POLICIES.get(id.slice('policy-'.length)) : undefined;
        if (!policy) throw notFound(`Questionnaire/${id}`);
        const summary = readSummary(req.query);
        return fhirResponse(shapeResource(buildQuestionnaire(policy, questionnaires.version(), date()), summary === 'count' ? undefined : summary, readElements(req.query)));
      },
    },
  ];
}
