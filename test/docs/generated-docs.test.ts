/**
 * The scenario docs and JSON Schema are generated from the zod schema (`npm run docs:gen`);
 * this fails when a committed copy is stale — after a contract, a contract comment or a
 * bundled scenario changed without regenerating.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScenarioSchema } from '../../src/contracts/scenario.js';
import { generatedDocs, ROOT } from '../../scripts/docs/scenario-docs.js';

const generated = generatedDocs();

describe('generated scenario docs', () => {
  it.each(Object.keys(generated))('%s is up to date (else run npm run docs:gen)', (path) => {
    expect(readFileSync(join(ROOT, path), 'utf8')).toBe(generated[path]);
  });

  it('the reference has a section for every top-level scenario field', () => {
    for (const key of Object.keys(ScenarioSchema.shape)) expect(generated['docs/scenario-reference.md']).toContain(`## \`${key}\``);
  });

  it('carries the contracts\' comments into the JSON Schema editors show', () => {
    const schema = JSON.parse(generated['schemas/scenario.schema.json']!) as { properties: Record<string, { properties?: Record<string, { description?: string }> }> };
    expect(schema.properties.payer?.properties?.webhooks?.description).toMatch(/Subscriptions/);
    expect(schema.properties.review?.properties?.behaviour?.description).toMatch(/`approve-twice`: /);
  });

  it('every bundled scenario names the JSON Schema for editors on its first line', () => {
    const files = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(`${f}: ${readFileSync(join(ROOT, 'scenarios', f), 'utf8').split('\n')[0]}`).toBe(`${f}: # yaml-language-server: $schema=../schemas/scenario.schema.json`);
  });
});
