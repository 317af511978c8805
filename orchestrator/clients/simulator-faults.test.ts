/** Every fault the simulator can inject reaches the orchestrator's clients as a TransientError. */
import type { FaultRuleInput } from '../../src/contracts/faults.js';
import { createSimulator } from '../../src/simulator.js';
import { TransientError } from './client-errors.js';
import { createClients } from './clients.js';

function clientsWith(fault: FaultRuleInput['fault']) {
  const sim = createSimulator({ config: { seed: 1, faults: [{ match: { system: 'ehr' }, fault }] } });
  const url = 'http://sim.test';
  return createClients({ ehrUrl: url, payerUrl: url, reviewUrl: url, fetch: (i, init) => sim.handle(new Request(i, init)), timeoutMs: 1000 });
}

describe('simulator faults are transient', () => {
  test.each<[string, FaultRuleInput['fault'], object]>([
    ['503 with Retry-After', { kind: 'http-status', status: 503, retryAfterSeconds: 30 }, { status: 503, retryAfterSeconds: 30 }],
    ['429 with Retry-After', { kind: 'http-status', status: 429, retryAfterSeconds: 5 }, { status: 429, retryAfterSeconds: 5 }],
    ['502 HTML gateway page', { kind: 'http-status', status: 502 }, { status: 502 }],
    ['connection reset', { kind: 'connection-reset' }, {}],
    ['hang', { kind: 'hang' }, {}],
    ['response lost after commit', { kind: 'response-lost-after-commit' }, {}],
    ['truncated body', { kind: 'truncated-body' }, {}],
    ['malformed JSON', { kind: 'malformed-json' }, {}],
    ['wrong content type', { kind: 'wrong-content-type' }, {}],
    ['empty 200', { kind: 'empty-200' }, {}],
  ])('%s', async (_what, fault, expected) => {
    const { ehr } = clientsWith(fault);
    const err = await ehr.readPatient('pat-lumbar-meets').then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect(err).toMatchObject({ retryable: true, ...expected });
  });
});
