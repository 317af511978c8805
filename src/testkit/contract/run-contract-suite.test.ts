/**
 * The contract runner: the simulator passes every check; an implementation that breaks one
 * behaviour (no Idempotent-Replayed header) fails exactly that check, with what broke; admin
 * checks are skipped when the target is not ours.
 */
import { createSimulator } from '../../simulator.js';
import { handlerTarget, httpTarget } from './contract-target.js';
import { CONTRACT_CHECKS, formatConformanceTable, runContractSuite } from './run-contract-suite.js';

describe('runContractSuite', () => {
  it('passes the simulator on every check, admin included', async () => {
    const results = await runContractSuite(handlerTarget(createSimulator({ config: { seed: 2 } })));
    expect(results.map((r) => `${r.id} ${r.status}${r.detail ? ` ${r.detail}` : ''}`)).toEqual(CONTRACT_CHECKS.map((c) => `${c.id} pass`));
  });

  it('fails a broken implementation on the broken behaviour only, and skips admin checks', async () => {
    const sim = createSimulator({ config: { seed: 2 } });
    const forgetful = async (req: Request) => {
      const res = await sim.handle(req);
      const headers = new Headers(res.headers);
      headers.delete('idempotent-replayed');
      return new Response(res.body, { status: res.status, headers });
    };
    const results = await runContractSuite(httpTarget('http://sandbox.test', { fetch: forgetful }));
    const byStatus = (s: string) => results.filter((r) => r.status === s).map((r) => r.id);
    expect(byStatus('fail')).toEqual(['payer-idempotency']);
    expect(byStatus('skip')).toEqual(['admin-clock', 'admin-reset']);
    expect(results.find((r) => r.status === 'fail')?.detail).toBe('replayed $submit: no Idempotent-Replayed: true header');
    const table = formatConformanceTable(results, 'http://sandbox.test');
    expect(table).toMatch(/^FAIL +payer +payer-idempotency/m);
    expect(table.split('\n').at(-1)).toBe(`${CONTRACT_CHECKS.length - 3} passed, 1 failed, 2 skipped`);
  });

  it('reports an unreachable implementation as failures, not a crash', async () => {
    const results = await runContractSuite(httpTarget('http://down.test', { fetch: async () => { throw new TypeError('fetch failed'); } }), { only: ['ehr-reads'] });
    expect(results).toEqual([expect.objectContaining({ id: 'ehr-reads', status: 'fail', detail: 'TypeError: fetch failed' })]);
  });
});
