/**
 * `npm run docs:gen`: writes the files generated from the zod scenario schema (see
 * scripts/docs/scenario-docs.ts). Run it after changing a scenario contract or a bundled scenario.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedDocs, ROOT } from './docs/scenario-docs.js';

for (const [path, content] of Object.entries(generatedDocs())) {
  mkdirSync(dirname(join(ROOT, path)), { recursive: true });
  writeFileSync(join(ROOT, path), content);
  console.log(`wrote ${path}`);
}
