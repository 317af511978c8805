/**
 * CDS Hooks client JWTs end to end (`cds-hooks-jwt` scenario, `auth.cdsHooks: jwt`): the
 * orchestrator signs its CRD hook call with its registered key, the payer verifies it, and the
 * pipeline uses CRD's answer. The JWTs are read off the orchestrator's outbound calls: their
 * claims come from the injected clock and a derived jti, so two runs sign the same claims, and
 * a step re-run after a crash signs a new jti that is not refused as a replay. A client whose key
 * the payer does not know is refused every time and, as a CDS Hooks client must, goes on without
 * cards.
 */
import { describe, expect, it } from '@jest/globals';
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { createClientKey, publicJwks } from '../../orchestrator/clients/client-key.js';
import { SimulatedCrash, type CrashPoints } from '../../orchestrator/runtime/index.js';
import { resolveScenario } from '../../src/core/scenarios/bundled-scenarios.js';
import { scenarioConfig } from '../../src/core/scenarios/scenario-config.js';
import { IN_PROCESS_URL, startE2eEnvironment, type E2eEnvironment } from '../../src/harness/e2e-environment.js';
import { ORCHESTRATOR_CLIENT_ID } from '../../src/harness/smart-client.js';

const scenario = resolveScenario('cds-hooks-jwt');
const SERVICE = `${IN_PROCESS_URL}/payer/cds-services/crd-order-sign`;

interface Signed {
  readonly header: ReturnType<typeof decodeProtectedHeader>;
  readonly claims: JWTPayload;
}

/** Runs the scenario in process, recording the Authorization JWT of every CRD hook call. */
async function runRecorded({ beforeRun, ...options }: Parameters<typeof startE2eEnvironment>[1] & { beforeRun?: (env: E2eEnvironment) => Promise<void> } = {}) {
  const signed: Signed[] = [];
  // the recording fetch runs only once the environment exists (during `run`)
  const env: E2eEnvironment = await startE2eEnvironment(scenarioConfig(scenario), {
    transport: 'in-process',
    fetch: async (input: string, { signal: _timeout, ...init }: RequestInit) => {
      if (input.includes('/cds-services/')) {
        const jwt = new Headers(init.headers).get('authorization')?.slice('Bearer '.length) ?? '';
        signed.push({ header: decodeProtectedHeader(jwt), claims: decodeJwt(jwt) });
      }
      return env.sim.handle(new Request(input, init));
    },
    ...options,
  });
  try {
    await beforeRun?.(env);
    const run = await env.run(scenario.request);
    const journal = env.sim.journal.query();
    const hookStatuses = journal.filter((e) => e.url === '/payer/cds-services/crd-order-sign').map((e) => e.status);
    const dtrStatuses = journal.filter((e) => e.url.startsWith('/payer/fhir/Questionnaire/$questionnaire-package')).map((e) => e.status);
    const replay = await env.replay(run.executionId);
    return { run, signed, hookStatuses, dtrStatuses, replay };
  } finally {
    await env.close();
  }
}

describe('CDS Hooks client JWTs end to end', () => {
  it('signs every CRD call as CDS Hooks defines it; the refused first JWT is followed by a fresh one that is accepted', async () => {
    const { run, signed, hookStatuses, dtrStatuses, replay } = await runRecorded();
    expect(run.status).toBe('SUCCEEDED');
    expect(run.result?.outcome).toBe('APPROVED');
    // the scenario's token-expired fault refuses the first JWT; the retry is signed anew and answered
    expect(hookStatuses).toEqual([401, 200]);
    expect(dtrStatuses).toEqual([200]);
    expect(signed).toHaveLength(2);
    for (const { header, claims } of signed) {
      expect(header).toMatchObject({ alg: 'ES384', typ: 'JWT', kid: expect.any(String) });
      expect(claims).toMatchObject({ iss: ORCHESTRATOR_CLIENT_ID, sub: ORCHESTRATOR_CLIENT_ID, aud: SERVICE, jti: expect.any(String) });
      expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(300);
    }
    expect(signed[0]!.claims.jti).not.toBe(signed[1]!.claims.jti);
    // a replay of the finished execution over its checkpoints asks for nothing new
    expect(replay.status).toBe('SUCCEEDED');
    expect(replay.updates).toEqual([]);
  });

  it('signs the same claims in two runs of the same scenario (clock and derived jti, no randomness)', async () => {
    const a = await runRecorded();
    const b = await runRecorded();
    expect(a.signed.map((s) => s.claims)).toEqual(b.signed.map((s) => s.claims));
    expect(a.signed.map((s) => s.header)).toEqual(b.signed.map((s) => s.header));
  });

  it('re-signs with a new jti when the payer-criteria step runs again after a crash, and is not refused as a replay', async () => {
    let crashed = false;
    const crashPoints: CrashPoints = (point, info) => {
      // lose the payer-criteria step's success: the step (and its CRD call) runs again after recovery
      if (!crashed && point === 'before-checkpoint-persist' && info.updates?.some((u) => u.Name === 'payer-criteria' && u.Action === 'SUCCEED')) {
        crashed = true;
        throw new SimulatedCrash(point);
      }
    };
    const { run, signed, hookStatuses } = await runRecorded({ crashPoints });
    expect(crashed).toBe(true);
    expect(run.crashes).toBe(1);
    expect(run.result?.outcome).toBe('APPROVED');
    expect(hookStatuses).toEqual([401, 200, 200]);
    expect(new Set(signed.map((s) => s.claims.jti)).size).toBe(3);
  });

  it('with SMART on as well, the CRD call carries the CDS Hooks JWT while FHIR calls carry access tokens', async () => {
    const smart = resolveScenario('smart-happy-path');
    const signed: string[] = [];
    const env: E2eEnvironment = await startE2eEnvironment(scenarioConfig(smart, { auth: { ...smart.auth, cdsHooks: 'jwt' } }), {
      transport: 'in-process',
      fetch: async (input: string, { signal: _timeout, ...init }: RequestInit) => {
        if (input.includes('/cds-services/')) signed.push(new Headers(init.headers).get('authorization') ?? '');
        return env.sim.handle(new Request(input, init));
      },
    });
    try {
      const run = await env.run(smart.request);
      expect(run.result?.outcome).toBe('APPROVED');
      expect(env.sim.journal.query().filter((e) => e.url === '/payer/cds-services/crd-order-sign').map((e) => e.status)).toEqual([200]);
      expect(decodeJwt(signed[0]!.slice('Bearer '.length))).toMatchObject({ sub: ORCHESTRATOR_CLIENT_ID, aud: SERVICE });
    } finally {
      await env.close();
    }
  });

  it("verifies against the JWK Set the orchestrator serves when the JWT names it (jku) and the payer registered that URL", async () => {
    const key = await createClientKey({ seed: 'jku-client' });
    const decoy = await createClientKey({ seed: 'registered-decoy' });
    const { run, signed, hookStatuses } = await runRecorded({
      cdsHooks: { clientId: 'jku-client', key, announceJwks: true },
      beforeRun: async (env) => {
        const jku = `${env.orchestratorUrl}/.well-known/jwks.json`;
        const jwks = await (await fetch(jku)).json() as { keys: Record<string, unknown>[] };
        expect(jwks.keys.map((k) => [k.kid, k.d])).toEqual([[key.kid, undefined]]);
        // registered keys that cannot verify: only the JWK Set at jku can
        const res = await env.sim.handle(new Request(`${IN_PROCESS_URL}/__admin/auth/clients`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ clientId: 'jku-client', jwks: publicJwks(decoy), systems: ['payer'], cdsHooks: { jku } }),
        }));
        expect(res.status).toBe(201);
      },
    });
    expect(run.result?.outcome).toBe('APPROVED');
    expect(hookStatuses).toEqual([401, 200]);
    expect(signed[1]!.header.jku).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\.well-known\/jwks\.json$/);
  });

  it('goes on without cards when the payer does not know its key: every hook call is refused, DTR still answers', async () => {
    const stranger = await createClientKey({ seed: 'never-registered' });
    const { run, hookStatuses, dtrStatuses } = await runRecorded({ cdsHooks: { clientId: 'unregistered-client', key: stranger } });
    expect(run.result?.outcome).toBe('APPROVED');
    expect(hookStatuses.length).toBeGreaterThan(1);
    expect(hookStatuses.every((s) => s === 401)).toBe(true);
    expect(dtrStatuses).toEqual([200]);
  });
});
