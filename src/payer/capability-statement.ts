/**
 * The payer's CapabilityStatement: Da Vinci PAS 2.0.1 server, `$submit` and `$inquire` on
 * Claim, reads of Claim and ClaimResponse (what responses reference), and Subscription support only when the payer is configured with webhooks (otherwise
 * clients must poll `$inquire`).
 */
import { FHIR_VERSION } from '../contracts/fhir-base.js';
import { PAS_CANONICAL, PAS_VERSION } from '../contracts/pas.js';
import type { PayerConfig } from '../contracts/payer-config.js';
import { BackportUrls, SUBSCRIPTION_TOPICS } from '../contracts/subscription.js';

/** `security`: the SMART block when auth is on (see src/auth/smart-configuration.ts). */
export function buildCapabilityStatement(config: PayerConfig, origin: string, now: number, security?: Record<string, unknown>) {
  const resources: Record<string, unknown>[] = [
    {
      type: 'Claim',
      supportedProfile: [`${PAS_CANONICAL}/StructureDefinition/profile-claim|${PAS_VERSION}`],
      interaction: [{ code: 'read', documentation: 'The submitted Claim under the payer id that ClaimResponse.request names; only its submitter may read it' }],
      operation: [
        { name: 'submit', definition: `${PAS_CANONICAL}/OperationDefinition/Claim-submit|${PAS_VERSION}` },
        { name: 'inquire', definition: `${PAS_CANONICAL}/OperationDefinition/Claim-inquiry|${PAS_VERSION}` },
      ],
    },
    {
      type: 'ClaimResponse',
      supportedProfile: [`${PAS_CANONICAL}/StructureDefinition/profile-claimresponse|${PAS_VERSION}`],
      interaction: [{ code: 'read', documentation: 'The current ClaimResponse of a submitted claim; only its submitter may read it' }],
    },
  ];
  resources.push({
    type: 'Questionnaire',
    supportedProfile: ['http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-std-questionnaire'],
    interaction: [{ code: 'read', documentation: 'policy-{code}: the current version of a coverage policy\'s DTR Questionnaire' }],
    operation: [{
      name: 'questionnaire-package',
      definition: 'http://hl7.org/fhir/us/davinci-dtr/OperationDefinition/questionnaire-package',
      documentation: 'Da Vinci DTR STU 2.x: Parameters in (coverage 1..*, order 0..*, questionnaire 0..*), Parameters out with a PackageBundle (Questionnaire + ValueSets) per questionnaire. Prepopulation is FHIRPath initialExpression, not CQL (no Libraries).',
    }, {
      name: 'next-question',
      definition: 'http://hl7.org/fhir/uv/sdc/OperationDefinition/Questionnaire-next-question',
      documentation: 'SDC adaptive form over a policy questionnaire: in = a QuestionnaireResponse whose contained Questionnaire names policy-{code} (url or derivedFrom); out = the response with the next needed question added, or completed.',
    }],
  });
  if (config.webhooks) {
    resources.push({
      type: 'Subscription',
      extension: SUBSCRIPTION_TOPICS.map((topic) => ({ url: BackportUrls.topicCanonical, valueCanonical: topic })),
      supportedProfile: [BackportUrls.subscriptionProfile],
      interaction: [{ code: 'create' }, { code: 'read' }, { code: 'delete' }],
    });
  }
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date(now).toISOString(),
    kind: 'instance',
    name: 'PriorAuthSimPayer',
    title: `${config.payerName} (prior-auth-sim payer)`,
    description: `Da Vinci PAS ${PAS_VERSION} (STU2) payer: the X12 306 review action is on ClaimResponse.item.adjudication.extension. ` +
      (config.webhooks
        ? `Pended decisions are notified by rest-hook Subscriptions (R5 Subscriptions Backport IG, topic ${SUBSCRIPTION_TOPICS[0]}, full-resource payloads).`
        : 'Subscriptions are not supported (POST Subscription is refused): poll Claim/$inquire.'),
    software: { name: 'prior-auth-sim payer' },
    implementation: { description: config.payerName, url: `${origin}/payer/fhir` },
    fhirVersion: FHIR_VERSION,
    format: ['json'],
    instantiates: [`${PAS_CANONICAL}/CapabilityStatement/IntermediaryCapabilities|${PAS_VERSION}`],
    implementationGuide: [`${PAS_CANONICAL}/ImplementationGuide/hl7.fhir.us.davinci-pas|${PAS_VERSION}`, 'http://hl7.org/fhir/us/davinci-dtr/ImplementationGuide/hl7.fhir.us.davinci-dtr|2.2.0'],
    rest: [{
      mode: 'server',
      documentation: 'Reads accept _elements and _summary=data. Only application/fhir+json is served: other _format or Accept values get 406.',
      ...(security ? { security } : {}),
      resource: resources,
    }],
  };
}
