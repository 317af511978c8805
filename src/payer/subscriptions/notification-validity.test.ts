import { Fhir } from 'fhir';
import { createKit, HOUR, submitClaim, subscribe } from './testing/subscription-kit.js';
import { startHttpReceiver } from '../../../test/support/http-receiver.js';
import type { PayerConfigInput } from '../../contracts/payer-config.js';

/** The kit plus a real HTTP receiver. */
async function startKit(payer: PayerConfigInput = {}, seed = 7) {
  return { ...createKit(payer, seed), receiver: await startHttpReceiver() };
}

const fhir = new Fhir();

describe('FHIR R4 validity of Subscription and notifications (independent validator)', () => {
  it('the Subscription and a final and a stale notification have no errors', async () => {
    const errorsOf = (r: unknown) => fhir.validate(JSON.parse(JSON.stringify(r))).messages.filter((m) => m.severity === 'error').map((m) => `${m.location}: ${m.message}`);
    const kit = await startKit({ notifications: { staleProbability: 1 } });
    try {
      const sub = await subscribe(kit.sim, kit.receiver.url, { filters: ['ClaimResponse?patient=Patient/pat-1'], headers: ['X-Token: t'] });
      expect(errorsOf(sub)).toEqual([]);
      await submitClaim(kit.sim, 'CLM-V');
      await kit.clock.advance(HOUR + 10_000);
      expect(kit.receiver.received).toHaveLength(3);
      for (const r of kit.receiver.received) expect(errorsOf(JSON.parse(r.body))).toEqual([]);
    } finally {
      await kit.receiver.close();
    }
  });
});
