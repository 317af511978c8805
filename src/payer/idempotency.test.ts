import type { VirtualClock } from '../core/clock.js';
import { createSimulator } from '../simulator.js';
import { pasBundle } from './testing/pas-fixtures.js';
import { reviewActions, submit, submitOk } from './testing/payer-client.js';

const KEY = 'urn:trnorg:1234567890|IDEM-1';

describe('Idempotency-Key on $submit', () => {
  it('replays the first response for the same key and payload, marked Idempotent-Replayed', async () => {
    const sim = createSimulator({ config: { seed: 5 } });
    const body = pasBundle({ claimId: 'IDEM-1' });
    const first = await submit(sim, body, { 'idempotency-key': 'k1' });
    const firstText = await first.text();
    await (sim.clock as VirtualClock).advance(60_000);
    // same payload with keys in another order: the fingerprint is of canonical JSON
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const replay = await submit(sim, reordered, { 'idempotency-key': 'k1' });

    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.text()).toBe(firstText);
    expect(sim.ledger.get(KEY)).toMatchObject({ adjudications: 1, duplicates: { 'idempotency-key-replay': 1 } });
    expect(sim.ledger.totals().claims).toBe(1);
  });

  it('answers 422 when the key is reused with a different payload', async () => {
    const sim = createSimulator();
    await submitOk(sim, pasBundle({ claimId: 'IDEM-1' }), { 'idempotency-key': 'k1' });
    const res = await submit(sim, pasBundle({ claimId: 'IDEM-2' }), { 'idempotency-key': 'k1' });
    expect(res.status).toBe(422);
    const oo = (await res.json()) as { issue: { diagnostics: string; expression: string[] }[] };
    expect(oo.issue[0]!.diagnostics).toContain('already used with a different payload');
    expect(oo.issue[0]!.expression).toEqual(['Idempotency-Key']);
    expect(sim.ledger.get(KEY)?.duplicates['idempotency-key-conflict']).toBe(1);
    expect(sim.ledger.totals().claims).toBe(1);
  });

  it('answers 409 to a truly concurrent request with the same key', async () => {
    const sim = createSimulator({ config: { payer: { submitDelayMs: 25 } } });
    const body = pasBundle({ claimId: 'IDEM-1' });
    const [a, b] = await Promise.all([submit(sim, body, { 'idempotency-key': 'k1' }), submit(sim, body, { 'idempotency-key': 'k1' })]);
    expect([a.status, b.status]).toEqual([200, 409]);
    expect(b.headers.get('retry-after')).toBe('1');
    expect(sim.ledger.get(KEY)).toMatchObject({ adjudications: 1, duplicates: { 'idempotency-key-in-flight': 1 } });
    // once the first finished, the same request replays it
    expect((await submit(sim, body, { 'idempotency-key': 'k1' })).headers.get('idempotent-replayed')).toBe('true');
  });

  it('scopes keys per client', async () => {
    const sim = createSimulator();
    await submitOk(sim, pasBundle({ claimId: 'A-1' }), { 'idempotency-key': 'k1', 'x-client-id': 'clinic-a' });
    const other = await submit(sim, pasBundle({ claimId: 'B-1' }), { 'idempotency-key': 'k1', 'x-client-id': 'clinic-b' });
    expect(other.status).toBe(200);
    expect(sim.ledger.totals().claims).toBe(2);
  });

  it('answers 400 when a key is required and missing', async () => {
    const sim = createSimulator({ config: { payer: { requireIdempotencyKey: true } } });
    const res = await submit(sim, pasBundle());
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issue: { expression: string[] }[] }).issue[0]!.expression).toEqual(['Idempotency-Key']);
    expect(sim.ledger.all()).toEqual([]);
  });

  it('does not store a 4xx: the client may fix the request and retry with the same key', async () => {
    const sim = createSimulator();
    const bad = pasBundle({ claimId: 'IDEM-1' });
    (bad.entry[0]!.resource as { use: string }).use = 'claim';
    expect((await submit(sim, bad, { 'idempotency-key': 'k1' })).status).toBe(400);
    expect((await submit(sim, pasBundle({ claimId: 'IDEM-1' }), { 'idempotency-key': 'k1' })).status).toBe(200);
  });

  it('deduplicates business identifiers: the same request resent (new Bundle.identifier or none) → the existing claim', async () => {
    const sim = createSimulator({ config: { payer: { rules: { '72148': { decision: 'A4', pendSeconds: 600, finalDecision: 'A1' } } } } });
    const first = await submitOk(sim, pasBundle({ claimId: 'IDEM-1', bundleId: 'TX-A' }), { 'idempotency-key': 'k1' });
    const sameClaim = await submitOk(sim, pasBundle({ claimId: 'IDEM-1', bundleId: 'TX-B' }), { 'idempotency-key': 'k2' });
    await (sim.clock as VirtualClock).advance(600_000);
    const sameBundle = await submitOk(sim, pasBundle({ claimId: 'IDEM-1', bundleId: 'TX-A' }));

    expect(sameClaim.entry[0].resource.id).toBe(first.entry[0].resource.id);
    expect(reviewActions(sameClaim)[0]!.code).toBe('A4');
    expect(sameBundle.entry[0].resource.id).toBe(first.entry[0].resource.id);
    expect(reviewActions(sameBundle)[0]!.code).toBe('A1');
    expect(sim.ledger.get(KEY)).toMatchObject({ claimIds: [first.entry[0].resource.id], duplicates: { 'business-identifier': 2 } });
    expect(sim.ledger.totals().claims).toBe(1);
  });

  it('refuses a reused Bundle.identifier or Claim.identifier with another payload (409 naming it), never answering with the first claim', async () => {
    const sim = createSimulator({ config: { seed: 3 } });
    const first = await submitOk(sim, pasBundle({ claimId: 'IDEM-1', bundleId: 'TX-A' }));
    const ledger = JSON.stringify(sim.ledger.all());
    const otherPatient = pasBundle({ claimId: 'IDEM-1', bundleId: 'TX-Z' });
    (otherPatient.entry[1]!.resource as unknown as { name: unknown }).name = [{ family: 'Other', given: ['Pat'] }];
    const byClaim = await submit(sim, otherPatient);
    expect(byClaim.status).toBe(409);
    const outcome = await byClaim.json();
    expect(outcome).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'duplicate', expression: ['Claim.identifier[0]'] }] });
    expect(JSON.stringify(outcome)).not.toContain(first.entry[0].resource.id);
    const otherCode = await submit(sim, pasBundle({ claimId: 'IDEM-1', procedure: 'totalKnee' }));
    expect(otherCode.status).toBe(409);
    const byBundle = await submit(sim, pasBundle({ claimId: 'IDEM-2', bundleId: 'TX-A', procedure: 'totalKnee' }));
    expect(byBundle.status).toBe(409);
    expect((await byBundle.json()).issue[0].expression).toEqual(['Bundle.identifier']);
    expect(JSON.stringify(sim.ledger.all())).toBe(ledger);
  });

  it('scopes business identifiers per client: another client reusing one gets its own claim, never the first client\'s', async () => {
    const sim = createSimulator({ config: { seed: 4 } });
    const a = await submitOk(sim, pasBundle({ claimId: 'SHARED-1', bundleId: 'TX-S' }), { 'x-client-id': 'clinic-a' });
    const b = await submitOk(sim, pasBundle({ claimId: 'SHARED-1', bundleId: 'TX-S' }), { 'x-client-id': 'clinic-b' });
    expect(b.entry[0].resource.id).not.toBe(a.entry[0].resource.id);
    // an inquiry by another client does not find the first client's claim
    const inquiry = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Claim', identifier: [{ system: 'urn:trnorg:1234567890', value: 'SHARED-1' }] } }] };
    const other = await sim.handle(new Request('http://sim.test/payer/fhir/Claim/$inquire', { method: 'POST', headers: { 'content-type': 'application/fhir+json', 'x-client-id': 'clinic-c' }, body: JSON.stringify(inquiry) }));
    expect(other.status).toBe(404);
    const own = await sim.handle(new Request('http://sim.test/payer/fhir/Claim/$inquire', { method: 'POST', headers: { 'content-type': 'application/fhir+json', 'x-client-id': 'clinic-b' }, body: JSON.stringify(inquiry) }));
    expect((await own.json()).entry[0].resource.id).toBe(b.entry[0].resource.id);
  });

  it('forgets a key after idempotencyKeyTtlHours on the clock', async () => {
    const sim = createSimulator({ config: { payer: { idempotencyKeyTtlHours: 1 } } });
    await submitOk(sim, pasBundle({ claimId: 'IDEM-1' }), { 'idempotency-key': 'k1' });
    await (sim.clock as VirtualClock).advance(3_599_000);
    expect((await submit(sim, pasBundle({ claimId: 'IDEM-2' }), { 'idempotency-key': 'k1' })).status).toBe(422);
    await (sim.clock as VirtualClock).advance(1000);
    const fresh = await submit(sim, pasBundle({ claimId: 'IDEM-2' }), { 'idempotency-key': 'k1' });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    expect(sim.ledger.totals().claims).toBe(2);
  });
});
