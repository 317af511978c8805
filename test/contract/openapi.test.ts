import { validate } from '@readme/openapi-parser';
import { createSimulator } from '../../src/simulator.js';
import { ENDPOINTS, openApiDocument } from '../../src/contracts/endpoints.js';
import { contractTargets } from './targets.js';

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(structuredClone(openApiDocument()) as never);
    if (!result.valid) console.error(result.errors);
    expect(result.valid).toBe(true);
  });

  it('documents every route the simulator serves, and nothing it does not', () => {
    const routes = createSimulator().routes().map((r) => `${r.method} ${r.path}`).sort();
    const documented = ENDPOINTS.map((e) => `${e.method} ${e.path}`).sort();
    expect(documented).toEqual(routes);
  });

  it('has a response schema for every 2xx JSON response except the document itself', () => {
    const missing = ENDPOINTS.flatMap((e) =>
      Object.entries(e.responses)
        .filter(([status, r]) => Number(status) < 300 && status !== '204' && !r.schema && !r.contentType && e.path !== '/openapi.json')
        .map(([status]) => `${e.method} ${e.path} ${status}`),
    );
    expect(missing).toEqual([]);
  });
});

describe.each(contractTargets())('GET /openapi.json on %s', (_name, makeTarget) => {
  it('serves the same document', async () => {
    const target = await makeTarget();
    try {
      const res = await target.fetch('/openapi.json');
      expect(res.status).toBe(200);
      const body = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
      expect(body.openapi).toBe('3.1.0');
      if (target.controllable) expect(body).toEqual(openApiDocument());
    } finally {
      await target.close();
    }
  });
});
