/**
 * The `$submit` example in docs/api.md (inline) and docs/examples/submit-lumbar-mri.json (what
 * its curl command posts) are accepted by the simulator and certified, so the docs cannot rot.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulator, createTestClient } from '../../src/index.js';
import { ROOT } from '../../scripts/docs/scenario-docs.js';

const inline = /```json\n(\{\n {2}"resourceType": "Bundle"[\s\S]*?)\n```/.exec(readFileSync(join(ROOT, 'docs/api.md'), 'utf8'))?.[1];
const file = readFileSync(join(ROOT, 'docs/examples/submit-lumbar-mri.json'), 'utf8');

describe('docs/api.md $submit example', () => {
  it.each([['the inline Bundle', inline], ['examples/submit-lumbar-mri.json', file]])('%s is certified (A1) on a seed-42 simulator', async (_what, body) => {
    expect(body).toBeDefined();
    const sim = createSimulator({ config: { seed: 42 } });
    const client = createTestClient({ baseUrl: 'http://127.0.0.1:4010', fetch: sim.handle });
    const r = await client.submit(JSON.parse(body!), { idempotencyKey: '5f0c2e9a-prior-auth-0001' });
    expect(r.status).toBe(200);
    expect(r.reviewActions.map((a) => a.code)).toEqual(['A1']);
    const replay = await client.submit(JSON.parse(body!), { idempotencyKey: '5f0c2e9a-prior-auth-0001' });
    expect(replay.replayed).toBe(true);
  });
});
