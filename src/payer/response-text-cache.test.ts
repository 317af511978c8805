import { PayerConfigSchema } from '../contracts/payer-config.js';
import { PasRequestBundleSchema } from '../contracts/pas.js';
import { VirtualClock } from '../core/clock.js';
import { Rng } from '../core/rng.js';
import { ClaimStore } from './claim-store.js';
import { buildResponseBundle } from './response-builder.js';
import { createResponseText } from './response-text-cache.js';
import { validateSubmission } from './submission-validator.js';
import { pasBundle } from './testing/pas-fixtures.js';

describe('createResponseText', () => {
  const config = PayerConfigSchema.parse({ rules: { '72148': { decision: 'A4', pendSeconds: 60, finalDecision: 'A1' } } });
  const setup = () => {
    const clock = new VirtualClock();
    const store = new ClaimStore({ clock, rng: new Rng(1).fork('payer.claims'), config });
    const submit = (bundle: ReturnType<typeof pasBundle>) => store.create(validateSubmission(PasRequestBundleSchema.parse(bundle)), { client: 'anonymous', fingerprint: 'f' });
    return { clock, store, submit };
  };
  const built = (claim: Parameters<typeof buildResponseBundle>[0], origin: string, now: number) => JSON.stringify(buildResponseBundle(claim, config, origin, now));

  it('answers the same bytes as building the Bundle, on a miss and on every hit, whatever the time', async () => {
    const { clock, submit } = setup();
    const text = createResponseText(config);
    const claim = submit(pasBundle());
    for (const now of [clock.now(), clock.now() + 1, clock.now() + 86_400_000 * 400, 253_402_300_800_000 /* year 10000 */]) {
      expect(text(claim, 'http://a', now)).toBe(built(claim, 'http://a', now));
      expect(text(claim, 'http://a', now)).toBe(built(claim, 'http://a', now));
    }
    // a request Bundle whose identifier holds what a naive split would cut at
    const odd = submit({ ...pasBundle({ claimId: 'C-2', bundleId: 'B-2' }), identifier: { system: 'urn:x', value: '","timestamp":"x' } });
    expect(text(odd, 'http://a', 5)).toBe(built(odd, 'http://a', 5));
    expect(text(odd, 'http://a', 6)).toBe(built(odd, 'http://a', 6));
  });

  it('answers a claim anew once it changed, and per origin', async () => {
    const { clock, submit } = setup();
    const text = createResponseText(config);
    const claim = submit(pasBundle());
    const pended = text(claim, 'http://a', clock.now());
    expect(pended).toContain('"A4"');
    await clock.advance(60_000); // the pend resolves: version and updatedAt move
    const decided = text(claim, 'http://a', clock.now());
    expect(decided).toBe(built(claim, 'http://a', clock.now()));
    expect(decided).not.toContain('"A4"');
    expect(text(claim, 'http://b', clock.now())).toBe(built(claim, 'http://b', clock.now()));
    expect(text(claim, 'http://b', clock.now())).toContain('"fullUrl":"http://b/payer/fhir/ClaimResponse/');
  });

  it('keeps at most its capacity', () => {
    const { submit } = setup();
    const text = createResponseText(config, 2);
    const claims = [1, 2, 3].map((n) => submit(pasBundle({ claimId: `C-${n}`, bundleId: `B-${n}` })));
    for (const c of claims) text(c, 'http://a', 1);
    // the first was evicted: still the right bytes (built again)
    expect(text(claims[0]!, 'http://a', 2)).toBe(built(claims[0]!, 'http://a', 2));
  });
});
