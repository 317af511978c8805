// Lint: typescript-eslint's recommended rules plus the import arrows of DESIGN.md §2:
// contracts ← core ← ehr, payer, review, admin ← adapters ← harness, cli; orchestrator → src/contracts only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

const restrict = (...groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map(([group, message]) => ({ group: [group].flat(), message })) }],
});

const NO_TEST = ['**/test/**', 'nothing imports from test/'];
const NO_ORCH = ['**/orchestrator/**', 'only src/harness may import the orchestrator'];
const NO_ADAPTERS = ['**/adapters/**', 'only harness and cli import the adapters'];
const NO_HARNESS = ['**/harness/**', 'only cli imports the harness'];
const NO_SYSTEMS = ['**/ehr/**', '**/payer/**', '**/review/**', '**/admin/**'];
const TRANSPORTS = ['express', 'msw', 'msw/*', 'supertest'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'reports/**', 'coverage/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // hostile input is the normal case: no regex whose cost grows super-linearly with its input
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': ['error', { ignoreSticky: false, ignorePartial: false }],
      'regexp/no-misleading-capturing-group': 'error',
    },
  },
  {
    // a Request built to follow another's signal is kept alive by undici's finalizer (nodejs/undici#1823, #5822): RSS grows per request
    files: ['src/**/*.ts', 'orchestrator/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "NewExpression[callee.name='Request'] > ObjectExpression > Property[key.name='signal']",
        message: 'a Request that follows another signal leaks native memory in undici on Node 20 (nodejs/undici#5822); do not pass `signal` to `new Request`',
      }],
    },
  },
  {
    // a clock's timers: Node may run a setTimeout a fraction of a millisecond before Date.now()
    // says it is due, which a dilated clock multiplies (a payer pend that never resolved)
    files: ['src/**/*clock*.ts', 'orchestrator/**/*clock*.ts'],
    // the runtime imports nothing of src: its dilated clock carries the same guard itself
    ignores: ['**/*.test.ts', 'orchestrator/runtime/runtime-clock.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.name='setTimeout']",
        message: 'schedule simulated time with startWallTimer (src/contracts/wall-timer.ts): a bare setTimeout can fire before the clock reads its due instant',
      }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // the console page's ES modules run in the browser
    files: ['src/console/static/**/*.js'],
    languageOptions: { globals: Object.fromEntries(['window', 'document', 'location', 'fetch', 'EventSource', 'addEventListener', 'removeEventListener', 'console'].map((g) => [g, 'readonly'])) },
  },
  {
    files: ['src/contracts/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict([['**/core/**', ...NO_SYSTEMS, '**/adapters/**', '**/harness/**', '**/cli.js'], 'contracts import nothing of src/'], NO_ORCH, NO_TEST, [TRANSPORTS, 'contracts are transport-free']),
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict([NO_SYSTEMS, 'core must not import the systems built on it'], NO_ADAPTERS, NO_HARNESS, NO_ORCH, NO_TEST, [TRANSPORTS, 'core is transport-free']),
  },
  {
    files: ['src/ehr/**/*.ts', 'src/payer/**/*.ts', 'src/review/**/*.ts', 'src/admin/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(NO_ADAPTERS, NO_HARNESS, NO_ORCH, NO_TEST, [TRANSPORTS, 'systems are transport-free']),
  },
  {
    files: ['src/adapters/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(NO_HARNESS, NO_ORCH, NO_TEST),
  },
  {
    files: ['orchestrator/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict([['**/src/core/**', '**/src/ehr/**', '**/src/payer/**', '**/src/review/**', '**/src/admin/**', '**/src/adapters/**', '**/src/harness/**', '**/src/cli.js'], 'the orchestrator reaches the simulator over HTTP: import only src/contracts'], NO_TEST),
  },
  {
    files: ['orchestrator/runtime/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict([['**/src/**', '../agents/**', '../clients/**', '../workflow*'], 'the runtime knows nothing of prior authorization'], NO_TEST),
  },
);
