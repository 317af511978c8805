/** The payer client against the real simulator: policies, $submit with Idempotency-Key, $inquire, capabilities, decision summaries. */
import type { SimulatorConfigInput } from '../../src/contracts/config.js';
import { PasResponseBundleSchema } from '../../src/contracts/pas.js';
import { createSimulator } from '../../src/simulator.js';
import { createAgents } from '../agents/agents.js';
import { buildPasBundle } from '../agents/pas-bundle.js';
import { PermanentError, TransientError } from './client-errors.js';
import { createClients } from './clients.js';

function setup(config: SimulatorConfigInput = {}) {
  const sim = createSimulator({ config: { seed: 1, ...config } });
  const url = 'http://sim.test';
  const clients = createClients({ ehrUrl: url, payerUrl: url, reviewUrl: url, fetch: (i, init) => sim.handle(new Request(i, init)), timeoutMs: 1000, clientId: 'orchestrator-test' });
  return { sim, ...clients };
}

async function lumbarBundle(s: ReturnType<typeof setup>, executionId = 'ex-1') {
  const now = s.sim.clock.now();
  const facts = await createAgents({ ehr: s.ehr }).clinicalExtraction.run({ patientId: 'pat-lumbar-meets', procedureCode: '72148', now });
  return buildPasBundle({ facts, procedureCode: '72148', executionId, now });
}

describe('payer client', () => {
  test('reads a coverage policy; an unknown code is permanent', async () => {
    const s = setup();
    await expect(s.payer.getPolicy('72148')).resolves.toMatchObject({ code: '72148', requiresPriorAuth: true });
    await expect(s.payer.getPolicy('00000')).rejects.toBeInstanceOf(PermanentError);
  });

  test('submit returns the parsed response; the same key and payload is a replay', async () => {
    const s = setup();
    const bundle = await lumbarBundle(s);
    const first = await s.payer.submit(bundle, 'key-1');
    expect(PasResponseBundleSchema.safeParse(first.bundle).success).toBe(true);
    expect(first).toMatchObject({ replayed: false, decision: { outcome: 'APPROVED', reviewActionCode: 'A1' } });
    const again = await s.payer.submit(bundle, 'key-1');
    expect(again.replayed).toBe(true);
    expect(again.decision.authorizationNumber).toBe(first.decision.authorizationNumber);
    expect(s.sim.ledger.totals()).toMatchObject({ claims: 1, duplicates: { 'idempotency-key-replay': 1 } });
  });

  test('the same key with another payload is permanent (422); a malformed bundle is permanent (400)', async () => {
    const s = setup();
    const bundle = await lumbarBundle(s);
    await s.payer.submit(bundle, 'key-2');
    await expect(s.payer.submit({ ...bundle, timestamp: '2030-01-01T00:00:00Z' }, 'key-2')).rejects.toMatchObject({ status: 422, retryable: false });
    const broken = { ...bundle, entry: bundle.entry.slice(1) };
    const err = await s.payer.submit(broken, 'key-3').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as PermanentError).diagnostics.join(' ')).toContain('Claim');
  });

  test('the same key while the first request is in flight is transient (409)', async () => {
    const s = setup({ payer: { submitDelayMs: 30 } });
    const bundle = await lumbarBundle(s);
    const results = await Promise.allSettled([s.payer.submit(bundle, 'key-4'), s.payer.submit(bundle, 'key-4')]);
    const rejected = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toBeInstanceOf(TransientError);
    expect(rejected[0]).toMatchObject({ status: 409 });
  });

  test('inquire finds the claim by our Claim.identifier; an unknown one is permanent', async () => {
    const s = setup();
    const bundle = await lumbarBundle(s);
    const submitted = await s.payer.submit(bundle, 'key-5');
    const claimIdentifier = (bundle.entry[0]!.resource as unknown as { identifier: { system: string; value: string }[] }).identifier[0]!;
    const found = await s.payer.inquire({ claimIdentifier });
    expect(found.decision).toMatchObject({ outcome: 'APPROVED', authorizationNumber: submitted.decision.authorizationNumber, claimIdentifier });
    await expect(s.payer.inquire({ claimIdentifier: { system: 'urn:x', value: 'nope' } })).rejects.toBeInstanceOf(PermanentError);
  });

  test('capabilities tell whether the payer takes subscriptions', async () => {
    await expect(setup().payer.getCapabilities()).resolves.toMatchObject({ webhooks: true, fhirVersion: '4.0.1' });
    await expect(setup({ payer: { webhooks: false } }).payer.getCapabilities()).resolves.toMatchObject({ webhooks: false });
  });

  test.each([
    ['A1', 'APPROVED'], ['A2', 'PARTIALLY_APPROVED'], ['A3', 'DENIED'], ['A4', 'PENDED'], ['A6', 'MODIFIED'], ['CT', 'CONTACT_PAYER'],
  ] as const)('a forced %s is summarised as %s', async (code, outcome) => {
    const s = setup({ payer: { rules: { '72148': { decision: code, reason: `forced ${code}` } } } });
    const { decision } = await s.payer.submit(await lumbarBundle(s), 'key');
    expect(decision).toMatchObject({ outcome, reviewActionCode: code });
    expect(decision.authorizationNumber).toMatch(/^PA\d+/);
    if (code === 'A3') expect(decision.reason).toMatchObject({ text: 'forced A3' });
  });
});
