import { PayerConfigSchema } from '../contracts/payer-config.js';
import { PasRequestBundleSchema } from '../contracts/pas.js';
import { VirtualClock } from '../core/clock.js';
import { Rng } from '../core/rng.js';
import { ClaimStore, type DecisionEvent } from './claim-store.js';
import { createMemoryBackend } from '../core/store/memory-backend.js';
import { createStateStore } from '../core/store/state-store.js';
import { validateSubmission } from './submission-validator.js';
import { pasBundle } from './testing/pas-fixtures.js';

describe('ClaimStore.onDecision', () => {
  it('reports the submission and, when the pend timer fires, the resolution', async () => {
    const clock = new VirtualClock();
    const config = PayerConfigSchema.parse({ rules: { '72148': { decision: 'A4', pendSeconds: 60, finalDecision: 'A1' } } });
    const store = new ClaimStore({ clock, rng: new Rng(1).fork('payer.claims'), config });
    const events: string[] = [];
    const off = store.onDecision((e: DecisionEvent) => events.push(`${e.kind}:${e.claim.decisions[0]!.code}`));

    const claim = store.create(validateSubmission(PasRequestBundleSchema.parse(pasBundle())), { client: 'anonymous', fingerprint: 'f' });
    await clock.advance(59_999);
    expect(events).toEqual(['submitted:A4']);
    await clock.advance(1);
    expect(events).toEqual(['submitted:A4', 'pend-resolved:A1']);
    expect(claim).toMatchObject({ version: 2, updatedAt: clock.now() });

    off();
    store.create(validateSubmission(PasRequestBundleSchema.parse(pasBundle())), { client: 'anonymous', fingerprint: 'f' });
    expect(events).toHaveLength(2);
  });
});

describe('ClaimStore keeps a claim compact', () => {
  const config = PayerConfigSchema.parse({});
  const submission = (patientId: string) => validateSubmission(PasRequestBundleSchema.parse(pasBundle({ patientId })));

  it('stores the request Bundle deflated, never the parsed tree, and parses it again once evicted from the cache', () => {
    const store = new ClaimStore({ clock: new VirtualClock(), rng: new Rng(1).fork('payer.claims'), config });
    const first = store.create(submission('pat-first'), { client: 'anonymous', fingerprint: 'f' });
    expect(Object.keys(first)).not.toContain('submission');
    expect(first.bundleDeflated.byteLength).toBeLessThan(JSON.stringify(first.submission.bundle).length);
    const parsedAtCreate = first.submission;
    // 600 newer claims push the first one's parsed submission out of the 512-entry cache
    for (let i = 0; i < 600; i++) store.create(submission(`pat-${i}`), { client: 'anonymous', fingerprint: 'f' });
    const reparsed = store.get(first.id)!.submission;
    expect(reparsed).not.toBe(parsedAtCreate);
    expect(reparsed.bundle).toEqual(parsedAtCreate.bundle);
    expect(reparsed.claim.patient.reference).toBe('Patient/pat-first');
    expect(store.findByParties('Patient/pat-first', 'Practitioner/dr-1', 'anonymous', '72148')?.id).toBe(first.id);
    expect(store.findByParties('Patient/pat-first', 'Practitioner/dr-1', 'other-client')).toBeUndefined();
  });

  it('survives a restart, and reads rows written with the parsed Bundle by an older version', () => {
    const backend = createMemoryBackend();
    const clock = new VirtualClock();
    const before = new ClaimStore({ clock, rng: new Rng(1).fork('payer.claims'), config, store: createStateStore(backend) });
    const stateStore = (before as unknown as { deps: { store: ReturnType<typeof createStateStore> } }).deps.store;
    const claim = before.create(submission('pat-restart'), { client: 'anonymous', fingerprint: 'f' });
    stateStore.commit();
    const row = JSON.parse(backend.load('payer.claims').find(([k]) => k === claim.id)![1]) as Record<string, unknown>;
    expect(row).not.toHaveProperty('submission');
    // base64 in the row, bytes in memory
    expect(Buffer.from(row.bundleDeflated as string, 'base64').equals(Buffer.from(claim.bundleDeflated))).toBe(true);

    const after = new ClaimStore({ clock, rng: new Rng(1).fork('payer.claims'), config, store: createStateStore(backend) });
    expect(after.get(claim.id)!.submission.claim.patient.reference).toBe('Patient/pat-restart');

    // an older row: the Bundle parsed, no `bundleDeflated`, no `parties`
    const { bundleDeflated: _dropped, parties: _p, ...rest } = row as { bundleDeflated: string; parties: unknown };
    backend.write([{ op: 'put', table: 'payer.claims', key: claim.id, value: JSON.stringify({ ...rest, bundle: claim.submission.bundle }) }]);
    const legacy = new ClaimStore({ clock, rng: new Rng(1).fork('payer.claims'), config, store: createStateStore(backend) });
    expect(legacy.get(claim.id)!.submission.bundle).toEqual(claim.submission.bundle);
    expect(legacy.findByParties('Patient/pat-restart', 'Practitioner/dr-1', 'anonymous')?.id).toBe(claim.id);
  });
});
