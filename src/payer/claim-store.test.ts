import { PayerConfigSchema } from '../contracts/payer-config.js';
import { PasRequestBundleSchema } from '../contracts/pas.js';
import { VirtualClock } from '../core/clock.js';
import { Rng } from '../core/rng.js';
import { ClaimStore, type DecisionEvent } from './claim-store.js';
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
