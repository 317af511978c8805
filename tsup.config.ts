/**
 * The bundled parts of the package; the rest is plain `tsc -p tsconfig.build.json` (one .js per
 * source file, so the CLI's worker threads and the bundled scenarios keep their paths).
 * - CommonJS (`require('prior-auth-sim')`, jest's default set-up): the two light entries as
 *   `dist/cjs/*.cjs` with `.d.cts` types; zod, yaml and msw stay external, jose (ESM-only) is bundled.
 * - faker is ESM-only and large: both halves carry the part the EHR uses (src/ehr/faker-en.ts,
 *   bundled over tsc's output of it) instead of depending on the whole package.
 * Maps carry mappings without the sources' text, like tsc's.
 */
import { defineConfig } from 'tsup';

const noSourcesContent = (o: { sourcesContent?: boolean }) => {
  o.sourcesContent = false;
};

export default defineConfig([
  {
    entry: { index: 'src/index.ts', msw: 'src/adapters/msw.ts' },
    outDir: 'dist/cjs',
    format: ['cjs'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    shims: true,
    clean: true,
    splitting: false,
    // jose (SMART auth) is ESM-only too: the CommonJS build carries it
    noExternal: ['@faker-js/faker', 'jose'],
    tsconfig: 'tsconfig.build.json',
    esbuildOptions: noSourcesContent,
  },
  {
    entry: { 'faker-en': 'src/ehr/faker-en.ts' },
    outDir: 'dist/src/ehr',
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: false,
    sourcemap: true,
    clean: false,
    noExternal: ['@faker-js/faker'],
    tsconfig: 'tsconfig.build.json',
    esbuildOptions: noSourcesContent,
  },
]);
