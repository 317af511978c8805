/**
 * An idempotency record of an answer about a claim that can no longer change keeps no body: the
 * replay renders it again. This proves the rendered body is the first answer byte for byte, for
 * every kind of decision, another origin, a clock moved on, other claims changed meanwhile, and a
 * restart on a data directory with claims evicted to it; and that an answer about a pended claim
 * (which changes when its pend ends) keeps its body.
 */
import { VirtualClock } from '../core/clock.js';
import { createMemoryBackend } from '../core/store/memory-backend.js';
import { createStateStore } from '../core/store/state-store.js';
import { createSimulator, type Simulator } from '../simulator.js';
import type { SimulatorConfigInput } from '../contracts/config.js';
import { meetsCriteria, pasBundle } from './testing/pas-fixtures.js';
import { reviewActions } from './testing/payer-client.js';
import { PasResponseBundleSchema } from '../contracts/pas.js';

const CONFIG: SimulatorConfigInput = { seed: 8, payer: { rules: { '72148': { decision: 'A4', pendSeconds: 600, finalDecision: 'A1' } } } };
const ORIGINS = ['http://sim.test', 'http://payer.example:8080'];

const cases = [
  pasBundle({ procedure: 'totalKnee', evidence: meetsCriteria('totalKnee'), claimId: 'R-approved' }),
  pasBundle({ procedure: 'totalKnee', claimId: 'R-no-evidence' }),
  pasBundle({ procedure: 'polysomnography', evidence: meetsCriteria('polysomnography'), claimId: 'R-sleep' }),
  pasBundle({ procedure: 'semaglutide', claimId: 'R-drug' }),
  pasBundle({ procedure: 'lumbarMri', evidence: meetsCriteria('lumbarMri'), claimId: 'R-pended' }),
  pasBundle({ procedure: 'totalKnee', evidence: meetsCriteria('totalKnee'), quantity: 3, claimId: 'R-quantity' }),
];

const send = (sim: Simulator, i: number) =>
  sim.handle(new Request(`${ORIGINS[i % 2]}/payer/fhir/Claim/$submit`, { method: 'POST', headers: { 'content-type': 'application/fhir+json', 'idempotency-key': `key-${i}` }, body: JSON.stringify(cases[i]) }));

describe('idempotency replays rendered again', () => {
  it('are the first answer byte for byte, and only pended answers keep their body', async () => {
    const backend = createMemoryBackend();
    const clock = new VirtualClock();
    const sim = createSimulator({ config: CONFIG, clock, store: createStateStore(backend, { maxCached: 1 }) });
    const first: string[] = [];
    const pended: boolean[] = [];
    for (let i = 0; i < cases.length; i++) {
      const res = await send(sim, i);
      const text = await res.text();
      first.push(`${res.status} ${text}`);
      pended.push(reviewActions(PasResponseBundleSchema.parse(JSON.parse(text))).some((a) => a.code === 'A4'));
      await clock.advance(90_000);
    }
    expect(first.every((f) => f.startsWith('200 '))).toBe(true);
    // both kinds are covered
    expect(new Set(pended)).toEqual(new Set([true, false]));
    const rows = new Map(backend.load('payer.idempotency').map(([k, v]) => [k.split('\u0000')[1], JSON.parse(v) as { response: { source?: unknown; body?: unknown; deflated?: unknown } }]));
    for (let i = 0; i < cases.length; i++) {
      const { response } = rows.get(`key-${i}`)!;
      if (pended[i]) {
        expect(response.source).toBeUndefined();
        expect(response.deflated ?? response.body).toBeDefined();
      } else {
        expect(response).toMatchObject({ source: { origin: ORIGINS[i % 2] } });
        expect(response.deflated ?? response.body).toBeUndefined();
      }
    }

    // the pend ends (the pended claim changes), time moves on
    await clock.advance(3_600_000);
    for (let i = 0; i < cases.length; i++) {
      const replay = await send(sim, i);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(`${replay.status} ${await replay.text()}`).toBe(first[i]);
    }

    const restarted = createSimulator({ config: { seed: 1 }, clock: new VirtualClock(clock.now()), store: createStateStore(backend, { maxCached: 1 }) });
    for (let i = cases.length - 1; i >= 0; i--) expect(`${(await send(restarted, i)).status} ${await (await send(restarted, i)).text()}`).toBe(first[i]);
    expect(restarted.ledger.totals()).toMatchObject({ claims: cases.length, duplicates: { 'idempotency-key-replay': 3 * cases.length } });
  });

  it('without a data directory as well', async () => {
    const clock = new VirtualClock();
    const sim = createSimulator({ config: CONFIG, clock });
    const first = [];
    for (let i = 0; i < cases.length; i++) first.push(await (await send(sim, i)).text());
    await clock.advance(7_200_000);
    for (let i = 0; i < cases.length; i++) expect(await (await send(sim, i)).text()).toBe(first[i]);
  });
});
