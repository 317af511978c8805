/**
 * Test helpers that talk to a simulator's payer the way a client would: `submit`, `inquire`,
 * and `reviewActions` to read the X12 306 code of each ClaimResponse item.
 */
import { PasResponseBundleSchema, readReviewAction, type PasResponseBundle } from '../../contracts/pas.js';

interface Handles {
  handle(request: Request): Promise<Response>;
}

export const BASE = 'http://sim.test/payer/fhir';

export function submitRequest(body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}/Claim/$submit`, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function submit(sim: Handles, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return sim.handle(submitRequest(body, headers));
}

/** Submit and parse a 200 response with the PAS response schema (throws with the body otherwise). */
export async function submitOk(sim: Handles, body: unknown, headers: Record<string, string> = {}): Promise<PasResponseBundle> {
  return parseOk(await submit(sim, body, headers));
}

/** An inquiry Bundle carrying a Claim with these identifiers (and optionally patient/provider). */
export function inquiryBundle(claim: Record<string, unknown>, bundleIdentifier?: { system: string; value: string }) {
  return { resourceType: 'Bundle', type: 'collection', ...(bundleIdentifier ? { identifier: bundleIdentifier } : {}), entry: [{ resource: { resourceType: 'Claim', ...claim } }] };
}

export function inquire(sim: Handles, body: unknown): Promise<Response> {
  return sim.handle(new Request(`${BASE}/Claim/$inquire`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) }));
}

export async function parseOk(res: Response): Promise<PasResponseBundle> {
  const text = await res.text();
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${text}`);
  return PasResponseBundleSchema.parse(JSON.parse(text));
}

/** `[{ code: 'A1', number: 'PA…-1', reason }]` per ClaimResponse item. */
export function reviewActions(bundle: PasResponseBundle) {
  return bundle.entry[0].resource.item.map(readReviewAction);
}
