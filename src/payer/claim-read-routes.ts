/**
 * `GET /payer/fhir/Claim/{id}` and `GET /payer/fhir/ClaimResponse/{id}`: the payer serves what
 * its responses reference (ClaimResponse.request → `Claim/{id}`, the response Bundle's fullUrl
 * → `ClaimResponse/{id}`), so a generic client can follow them. `{id}` is the payer's claim id;
 * another client's claim is as absent as one that never existed. `_elements` and
 * `_summary=data` apply as on the EHR.
 */
import type { PayerConfig } from '../contracts/payer-config.js';
import { fhirResponse, notFound, OperationOutcomeError, outcome } from '../core/operation-outcome.js';
import type { Route, SimRequest } from '../core/router.js';
import { readElements, readSummary, shapeResource } from '../core/fhir-rest/result-params.js';
import type { ClaimStore } from './claim-store.js';
import { clientOf } from './client-identity.js';
import { withResolvableReferences } from './resolvable-references.js';
import { buildClaimResponse } from './response-builder.js';

export function claimReadRoutes(claims: ClaimStore, config: PayerConfig): Route[] {
  const find = (req: SimRequest, type: string) => {
    // `GET Claim/$submit` names an operation, not an id: the operation is POST-only (ClaimResponse has none: 404)
    if (type === 'Claim' && (req.params.id === '$submit' || req.params.id === '$inquire')) throw new OperationOutcomeError(outcome('not-supported', `GET is not supported on ${req.url.pathname}: ${req.params.id} takes POST`), 405, { allow: 'POST, OPTIONS' });
    const claim = claims.get(req.params.id!);
    if (!claim || claim.client !== clientOf(req.request)) throw notFound(`${type}/${req.params.id}`);
    return claim;
  };
  const shaped = <T extends { resourceType: string }>(req: SimRequest, resource: T) => {
    const summary = readSummary(req.query);
    return fhirResponse(shapeResource(resource, summary === 'count' ? undefined : summary, readElements(req.query)));
  };
  return [
    {
      method: 'GET',
      path: '/payer/fhir/Claim/:id',
      handler: (req) => {
        const claim = find(req, 'Claim');
        const { claim: submitted, index } = claim.submission;
        return shaped(req, withResolvableReferences({ ...submitted, id: claim.id }, index));
      },
    },
    {
      method: 'GET',
      path: '/payer/fhir/ClaimResponse/:id',
      handler: (req) => {
        const claim = find(req, 'ClaimResponse');
        return shaped(req, withResolvableReferences(buildClaimResponse(claim, config), claim.submission.index, ['request']));
      },
    },
  ];
}
