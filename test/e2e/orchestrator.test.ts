import { startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.js';

let env: E2eEnvironment | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('the prior-auth workflow on our runtime against the simulator over HTTP', () => {
  it('approves a request that meets the criteria, decided by polling', async () => {
    env = await startE2eEnvironment({
      payer: { webhooks: false, rules: { '72148': { decision: 'A4', pendSeconds: 7200, finalDecision: 'evidence' } } },
      review: { behaviour: 'approve', delaySeconds: 3600 },
    });
    const run = await env.run({ patientId: 'pat-lumbar-meets', procedureCode: '72148' });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.result).toMatchObject({ outcome: 'APPROVED', stages: { decision: { via: 'polling' } } });
    expect(run.result?.authorizationNumber).toBeTruthy();
    expect(env.sim.ledger.totals().claims).toBe(1);
  });
});
