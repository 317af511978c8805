import type { NotificationConfigInput, PayerConfigInput } from '../../contracts/payer-config.js';
import { createKit, eventSummary, HOUR, submitClaim, subscribe } from './testing/subscription-kit.js';
import { startHttpReceiver } from '../../../test/support/http-receiver.js';

/** The kit plus a real HTTP receiver. */
async function startKit(payer: PayerConfigInput = {}, seed = 7) {
  return { ...createKit(payer, seed), receiver: await startHttpReceiver() };
}
type Kit = Awaited<ReturnType<typeof startKit>>;

const KEY = 'urn:trnorg:1234567890|CLM-C';

/** One pended claim decided at +1h, under `chaos`; returns what the receiver got by +1h and by +2h. */
async function run(chaos: NotificationConfigInput, seed = 7) {
  const kit = await startKit({ notifications: chaos }, seed);
  await subscribe(kit.sim, kit.receiver.url);
  await submitClaim(kit.sim, 'CLM-C');
  await kit.clock.advance(HOUR);
  const atDecision = eventSummary(kit.receiver);
  await kit.clock.advance(HOUR);
  return { kit, atDecision, all: eventSummary(kit.receiver), ledger: kit.sim.ledger.get(KEY) };
}

describe('notification chaos', () => {
  let kit: Kit | undefined;
  afterEach(async () => {
    await kit?.receiver.close();
    kit = undefined;
  });

  it('drop: nothing is sent, the ledger counts it dropped', async () => {
    const r = await run({ dropProbability: 1 });
    kit = r.kit;
    expect(r.all).toEqual([]);
    expect(r.ledger).toMatchObject({ notificationsSent: 0, notificationsDropped: 1 });
  });

  it('dropFirstN: the first event is dropped, the next one shows the gap', async () => {
    kit = await startKit({ notifications: { dropFirstN: 1 } });
    await subscribe(kit.sim, kit.receiver.url);
    await submitClaim(kit.sim, 'CLM-1');
    await submitClaim(kit.sim, 'CLM-2');
    await kit.clock.advance(HOUR);
    expect(eventSummary(kit.receiver)).toEqual([[2, 'A1']]);
  });

  it('delay: not before the delay, then delivered', async () => {
    const r = await run({ delaySeconds: { min: 600, max: 600 } });
    kit = r.kit;
    expect(r.atDecision).toEqual([]);
    expect(r.all).toEqual([[1, 'A1']]);
    expect(r.kit.receiver.received.at(-1)!.body).toContain('"timestamp":"2026-01-05T10:10:00.000Z"');
  });

  it('duplicate: the same notification twice, byte for byte, counted duplicated', async () => {
    const r = await run({ duplicateProbability: 1, gapSeconds: 5 });
    kit = r.kit;
    expect(r.all).toEqual([[1, 'A1'], [1, 'A1']]);
    const [a, b] = r.kit.receiver.received.slice(1).map((x) => x.body);
    expect(b).toBe(a);
    expect(r.ledger).toMatchObject({ notificationsSent: 1, notificationsDuplicated: 1 });
  });

  it('stale: after the final one, the older pended response with a higher event number', async () => {
    const r = await run({ staleProbability: 1 });
    kit = r.kit;
    expect(r.all).toEqual([[1, 'A1'], [2, 'A4']]);
    expect(r.kit.receiver.received.at(-1)!.body).toContain('"outcome":"queued"');
  });

  it('reorder: the final one first, then the interim pended one with the lower number', async () => {
    const r = await run({ reorderProbability: 1 });
    kit = r.kit;
    expect(r.all).toEqual([[2, 'A1'], [1, 'A4']]);
  });

  it('draws the same chaos from the same seed, and different chaos from another', async () => {
    const chaos: NotificationConfigInput = { dropProbability: 0.5, duplicateProbability: 0.5, staleProbability: 0.5, reorderProbability: 0.5, delaySeconds: { min: 0, max: 60 } };
    const outcomes = async (seed: number) => {
      const k = await startKit({ notifications: chaos }, seed);
      try {
        await subscribe(k.sim, k.receiver.url);
        for (let i = 0; i < 6; i++) await submitClaim(k.sim, `CLM-${i}`);
        await k.clock.advance(2 * HOUR);
        // the fixture numbers Claim.id per call across the test file: normalize it, everything else must match
        const bodies = k.receiver.received.map((x) => x.body.replace(/Claim\/claim-\d+/g, 'Claim/claim-n'));
        return { events: eventSummary(k.receiver), bodies, ledger: k.sim.ledger.all() };
      } finally {
        await k.receiver.close();
      }
    };
    const [a, b, c] = [await outcomes(11), await outcomes(11), await outcomes(12)];
    expect(b).toEqual(a);
    expect(c.events).not.toEqual(a.events);
  });
});
