/**
 * `/__admin/claims`: see the payer's claims and release a pended one with a chosen decision
 * now, instead of waiting for its pend on the clock (the demo's and a tester's shortcut).
 * A release fires the same decision event as a pend ending, so subscribers are notified.
 */
import type { Route } from '../core/router.js';
import { conflict, jsonResponse, notFound } from '../core/operation-outcome.js';
import { ReleaseClaimSchema } from '../contracts/admin.js';
import { isPended, type ClaimRecord, type ClaimStore } from './claim-store.js';

const view = (c: ClaimRecord) => ({
  id: c.id,
  businessKey: c.businessKey,
  authorizationNumber: c.authorizationNumber,
  createdAt: new Date(c.createdAt).toISOString(),
  pended: isPended(c),
  reviewActions: c.decisions.map((d) => d.code),
  reasons: c.decisions.map((d) => d.reason?.text ?? null),
});

export function claimAdminRoutes(claims: ClaimStore): Route[] {
  const find = (id: string) => claims.get(id) ?? claims.list().find((c) => c.businessKey === id || c.businessKey.endsWith(`|${id}`));
  return [
    { method: 'GET', path: '/__admin/claims', handler: () => jsonResponse({ claims: claims.list().map(view) }) },
    {
      method: 'POST',
      path: '/__admin/claims/:id/release',
      handler: async (req) => {
        const body = await req.json(ReleaseClaimSchema);
        const claim = find(req.params.id!);
        if (!claim) throw notFound(`claim ${req.params.id} (give the claim id or its Claim.identifier value)`);
        if (!claims.release(claim, body.decision, body.reason)) throw conflict(`claim ${claim.id} has no pended item to release: it is ${claim.decisions.map((d) => d.code).join(', ')}`);
        return jsonResponse(view(claim));
      },
    },
  ];
}
