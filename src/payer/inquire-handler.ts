/**
 * `POST /payer/fhir/Claim/$inquire`: a PAS inquiry Bundle whose first entry is a Claim carrying
 * the identifiers of the original request. Matched, in order, by Claim.identifier, by
 * Bundle.identifier, then by patient + provider references (+ item code when given); answers
 * the claim's current response Bundle. Each inquiry counts toward a rule's `pendInquiries`.
 */
import type { Identifier } from '../contracts/fhir-base.js';
import { PasInquiryBundleSchema } from '../contracts/pas.js';
import type { PayerConfig } from '../contracts/payer-config.js';
import type { SimulatorContext } from '../core/engine.js';
import { badRequest, fhirTextResponse, notFound } from '../core/operation-outcome.js';
import type { RouteHandler } from '../core/router.js';
import { identifierKey, type ClaimStore } from './claim-store.js';
import { createResponseText } from './response-text-cache.js';
import { createParsedBodyCache } from '../core/parsed-body-cache.js';
import { clientOf } from './client-identity.js';

type Json = Record<string, unknown> & {
  identifier?: Identifier[];
  patient?: { reference?: string };
  provider?: { reference?: string };
  item?: { productOrService?: { coding?: { code?: string }[] } }[];
};

export function createInquireHandler(deps: { ctx: SimulatorContext; config: PayerConfig; claims: ClaimStore }): RouteHandler {
  const { ctx, config, claims } = deps;
  const responseText = createResponseText(config);
  const inquiryOf = createParsedBodyCache(PasInquiryBundleSchema, 'Bundle');
  return async (req) => {
    const bundle = await inquiryOf(req);
    const first = bundle.entry[0]!.resource as Json;
    if (first.resourceType !== 'Claim') {
      throw badRequest(`Bundle.entry[0].resource.resourceType: the first entry of a PAS inquiry Bundle must be the Claim to match, got "${String(first.resourceType)}"`, 'Bundle.entry[0].resource.resourceType');
    }
    const ids = Array.isArray(first.identifier) ? first.identifier : [];
    const patient = first.patient?.reference;
    const provider = first.provider?.reference;
    const code = first.item?.[0]?.productOrService?.coding?.[0]?.code;
    // only this client's claims: an identifier or patient another client used finds nothing
    const client = clientOf(req.request);
    const claim =
      claims.findByIdentifiers([...ids, bundle.identifier], client)?.claim ??
      (patient && provider ? claims.findByParties(patient, provider, client, code) : undefined);
    if (!claim) {
      const tried = [...ids, bundle.identifier].map(identifierKey).filter(Boolean).join(', ');
      throw notFound(`prior authorization matching ${tried || 'no identifier'}${patient ? ` or patient ${patient} + provider ${provider ?? '(none)'}` : ''}`);
    }
    claims.inquire(claim);
    return fhirTextResponse(responseText(claim, req.origin, ctx.clock.now()));
  };
}
