/**
 * `$inquire` latency in process (`sim.handle`, no sockets) with 1 to N stored claims, for each
 * lookup path: Claim.identifier, Bundle.identifier, and patient + provider (+ code), the last a
 * scan of every claim (`findByParties`). The anchor is the same lookup with one claim stored.
 */
import { createSimulator } from '../src/simulator.js';
import { VirtualClock } from '../src/core/clock.js';
import { meetsCriteria, pasBundle } from '../src/payer/testing/pas-fixtures.js';
import { inquire, inquiryBundle, submit } from '../src/payer/testing/payer-client.js';
import { emit } from './shapes.js';

const sizes = (process.argv[2] ?? '1,1000,10000').split(',').map(Number);
const LOOKUPS = 200;

const sim = createSimulator({ config: { seed: 1, journal: { capacity: 1000 } }, clock: new VirtualClock() });
const evidence = meetsCriteria('lumbarMri');
let stored = 0;
let target: ReturnType<typeof pasBundle> | undefined;
const paths = {
  'Claim.identifier': () => inquiryBundle({ identifier: (target!.entry[0]!.resource as { identifier: unknown }).identifier }),
  'Bundle.identifier': () => inquiryBundle({}, target!.identifier),
  'patient + provider': () => inquiryBundle({ patient: { reference: 'Patient/pat-target' }, provider: { reference: 'Practitioner/dr-1' } }),
};

const perSize: Record<number, Record<string, number>> = {};
for (const size of sizes) {
  while (stored < size) {
    // the claim looked up is the oldest: a scan finds the newest match first only by walking them all
    const bundle = pasBundle({ procedure: 'lumbarMri', evidence, patientId: stored === 0 ? 'pat-target' : `pat-${stored}` });
    if (stored === 0) target = bundle;
    const res = await submit(sim, bundle, { 'idempotency-key': `k-${stored}` });
    if (res.status !== 200) throw new Error(`submit: ${res.status}`);
    await res.arrayBuffer();
    stored++;
  }
  perSize[size] = {};
  for (const [path, body] of Object.entries(paths)) {
    const b = body();
    const once = async () => {
      const res = await inquire(sim, b);
      if (res.status !== 200) throw new Error(`${path} at ${size}: ${res.status}`);
      await res.arrayBuffer();
    };
    for (let i = 0; i < LOOKUPS / 4; i++) await once(); // warm-up
    const t0 = performance.now();
    for (let i = 0; i < LOOKUPS; i++) await once();
    perSize[size]![path] = ((performance.now() - t0) / LOOKUPS) * 1000;
  }
}
emit({ lookups: LOOKUPS, microsecondsPerInquiry: perSize });
