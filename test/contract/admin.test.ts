/**
 * The admin API's contract checks (src/testkit/contract: clock, reset) on every target we
 * control; each gets a fresh simulator.
 */
import { CONTRACT_CHECKS } from '../../src/testkit/contract/contract-checks.js';
import { contractTargets, type ContractTarget } from './targets.js';

const admin = CONTRACT_CHECKS.filter((c) => c.needs === 'admin').map((c) => [c.id, c] as const);

describe.each(contractTargets().filter(([n]) => n !== 'external'))('admin API on %s', (_name, makeTarget) => {
  let target: ContractTarget;
  beforeEach(async () => {
    target = await makeTarget();
  });
  afterEach(() => target.close());

  it('has admin checks to run', () => {
    expect(admin.map(([id]) => id)).toEqual(['admin-clock', 'admin-reset']);
  });

  it.each(admin)('%s', async (_id, check) => {
    await check.run(target, {});
  });
});
