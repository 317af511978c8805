/**
 * What the console offers to choose from: the personas with their clinical story (what the
 * chart shows and what the payer should decide), the procedures, the bundled scenarios and the
 * fault palette (per system: its routes and the faults worth arming live). Static data from
 * the contracts and the bundled scenario files; nothing here reads running state.
 */
import { ProcedureCodes, type ProcedureKey } from '../contracts/clinical-codes.js';
import { PERSONAS, type PersonaExpectation } from '../contracts/personas.js';
import { loadBundledScenarios } from '../core/scenarios/bundled-scenarios.js';

const EXPECTS: Record<PersonaExpectation, string> = {
  meets: 'meets every criterion: the payer should approve',
  fails: 'fails a criterion: the payer should deny, with that criterion as the reason',
  'missing-documentation': 'the chart lacks the document that proves a criterion: the payer should pend or deny for missing documentation',
};

/** Routes per system a fault rule can target (prefixes the fault engine matches). */
const ROUTES: Record<string, Array<{ route: string; method?: string; label: string }>> = {
  ehr: [
    { route: '/ehr/fhir/Patient', method: 'GET', label: 'Patient reads and $everything' },
    { route: '/ehr/fhir', label: 'every EHR route' },
  ],
  payer: [
    { route: '/payer/fhir/Claim/$submit', method: 'POST', label: 'Claim/$submit' },
    { route: '/payer/fhir/Claim/$inquire', method: 'POST', label: 'Claim/$inquire (polls)' },
    { route: '/payer/policies', method: 'GET', label: 'coverage policies' },
    { route: '/payer/fhir', label: 'every PAS route' },
  ],
  review: [
    { route: '/review/tasks', method: 'POST', label: 'create review task' },
  ],
};

/** Fault presets: a name, the fault and the schedule it is armed with. */
const FAULTS = [
  { id: '503-burst', label: '503 burst (3 calls, Retry-After 60 s)', fault: { kind: 'http-status', status: 503, retryAfterSeconds: 60 }, schedule: { kind: 'first-n', n: 3 } },
  { id: '500-once', label: '500 once', fault: { kind: 'http-status', status: 500 }, schedule: { kind: 'first-n', n: 1 } },
  { id: '429-throttle', label: '429 with Retry-After 120 s (2 calls)', fault: { kind: 'http-status', status: 429, retryAfterSeconds: 120 }, schedule: { kind: 'first-n', n: 2 } },
  { id: 'reset-once', label: 'connection reset once', fault: { kind: 'connection-reset' }, schedule: { kind: 'first-n', n: 1 } },
  { id: 'lost-after-commit', label: 'response lost after commit (once)', fault: { kind: 'response-lost-after-commit' }, schedule: { kind: 'first-n', n: 1 } },
  { id: 'malformed-once', label: 'malformed JSON once', fault: { kind: 'malformed-json' }, schedule: { kind: 'first-n', n: 1 } },
  { id: 'flaky-30', label: '502 HTML page on 30 % of calls', fault: { kind: 'http-status', status: 502 }, schedule: { kind: 'probability', p: 0.3 } },
  { id: 'slow-2s', label: 'latency 2 s (real) on every call', fault: { kind: 'latency', distribution: { kind: 'fixed', ms: 2000 } }, schedule: { kind: 'always' } },
];

export function consoleCatalog() {
  return {
    personas: PERSONAS.map((p) => {
      const proc = ProcedureCodes[p.procedure as ProcedureKey];
      return { id: p.id, procedure: { code: proc.code, display: proc.display }, expectation: p.expectation, criterion: p.criterion, story: p.summary, expects: EXPECTS[p.expectation] };
    }),
    procedures: Object.values(ProcedureCodes).map((c) => ({ code: c.code, display: c.display })),
    scenarios: loadBundledScenarios().map((s) => ({ name: s.name, description: s.description, expected: s.expected.outcome })),
    faultPalette: { routes: ROUTES, faults: FAULTS },
  };
}
