/** `auth:` in scenario files and the configuration: the short and long forms, defaults, and errors with their path. */
import { describe, expect, it } from '@jest/globals';
import { parseScenario, ScenarioError } from '../core/scenarios/scenario-loader.js';
import { parseScope, requiredScope, scopesAllow } from '../contracts/auth.js';

const base = `name: s
description: a scenario
request: { patientId: pat-lumbar-meets, procedureCode: "72148" }
expected: { outcome: APPROVED }
`;

describe('auth in a scenario file', () => {
  it('defaults to none, and takes smart as a short form', () => {
    expect(parseScenario(base, 's.yaml').auth).toMatchObject({ mode: 'none', clients: [] });
    expect(parseScenario(`${base}auth: smart\n`, 's.yaml').auth).toMatchObject({ mode: 'smart', tokenLifetimeSeconds: 300, clockLeewaySeconds: 60 });
  });

  it('registers clients by JWKS with defaults for scopes and systems', () => {
    const s = parseScenario(`${base}auth:\n  mode: smart\n  tokenLifetimeSeconds: 60\n  clients:\n    - clientId: team-a\n      jwks: { keys: [ { kty: RSA, n: abc, e: AQAB, kid: k1 } ] }\n`, 's.yaml');
    expect(s.auth.tokenLifetimeSeconds).toBe(60);
    expect(s.auth.clients[0]).toMatchObject({ clientId: 'team-a', scopes: ['system/*.read', 'system/*.write'], systems: ['payer', 'ehr'] });
  });

  it('names the file, line and path of a bad auth section', () => {
    const problems = (text: string) => {
      try {
        parseScenario(text, 's.yaml');
      } catch (err) {
        return (err as ScenarioError).problems.join('\n');
      }
      throw new Error('expected a rejection');
    };
    expect(problems(`${base}auth:\n  mode: smart\n  clients:\n    - clientId: a\n      jwks: { keys: [] }\n      scopes: [ user/Patient.read ]\n`)).toMatch(/auth\.clients\.0\.(jwks\.keys|scopes\.0)/);
    expect(problems(`${base}auth: oauth\n`)).toMatch(/s\.yaml:5:\d+ auth/);
  });
});

describe('scopes', () => {
  it('parses v1 and v2 system scopes and refuses others', () => {
    expect([...parseScope('system/Claim.write')!.permissions].sort()).toEqual(['c', 'd', 'u']);
    expect([...parseScope('system/*.cruds')!.permissions]).toEqual(['c', 'r', 'u', 'd', 's']);
    for (const bad of ['user/Claim.read', 'system/Claim.rc', 'system/claim.read', 'system/Claim.', `system/${'A'.repeat(80)}.read`]) expect(parseScope(bad)).toBeUndefined();
  });

  it('derives what each FHIR interaction needs', () => {
    expect(requiredScope('POST', ['Claim', '$submit'])).toEqual({ resourceType: 'Claim', permission: 'c' });
    expect(requiredScope('POST', ['Claim', '$inquire'])).toEqual({ resourceType: 'Claim', permission: 's' });
    expect(requiredScope('GET', ['Patient', 'p1', '$everything'])).toEqual({ resourceType: 'Patient', permission: 'r' });
    expect(requiredScope('GET', ['Observation'])).toEqual({ resourceType: 'Observation', permission: 's' });
    expect(requiredScope('DELETE', ['Subscription', 's1'])).toEqual({ resourceType: 'Subscription', permission: 'd' });
    expect(scopesAllow(['system/*.read'], { resourceType: 'Condition', permission: 's' })).toBe(true);
    expect(scopesAllow(['system/Condition.r'], { resourceType: 'Condition', permission: 's' })).toBe(false);
  });
});

describe('OpenAPI security', () => {
  it('declares an oauth2 scheme per system and the scope each protected operation needs', async () => {
    const { openApiDocument } = await import('../contracts/endpoints.js');
    const doc = openApiDocument() as { components: { securitySchemes: Record<string, { type: string; flows: { clientCredentials: { tokenUrl: string } } }> }; paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>> };
    expect(doc.components.securitySchemes.smartPayer).toMatchObject({ type: 'oauth2', flows: { clientCredentials: { tokenUrl: '/payer/auth/token' } } });
    expect(doc.components.securitySchemes.smartEhr!.flows.clientCredentials.tokenUrl).toBe('/ehr/auth/token');
    const submit = doc.paths['/payer/fhir/Claim/$submit']!.post!;
    expect(submit.security).toEqual([{ smartPayer: ['system/Claim.write'] }]);
    expect(Object.keys(submit.responses)).toEqual(expect.arrayContaining(['401', '403']));
    expect(doc.paths['/ehr/fhir/Patient/{id}/$everything']!.get!.security).toEqual([{ smartEhr: ['system/Patient.read'] }]);
    expect(doc.paths['/payer/fhir/metadata']!.get!.security).toBeUndefined();
    expect(doc.paths['/payer/policies/{code}']!.get!.security).toBeUndefined();
  });
});
