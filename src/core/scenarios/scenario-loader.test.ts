import { parseScenario, ScenarioError } from './scenario-loader.js';
import { bundledScenarioFiles, loadBundledScenarios, resolveScenario } from './bundled-scenarios.js';
import { basename } from 'node:path';

const valid = `name: ok
description: a scenario
request: { patientId: pat-lumbar-meets, procedureCode: "72148" }
expected: { outcome: APPROVED }
`;

function problemsOf(text: string): string[] {
  try {
    parseScenario(text, 'scenarios/bad.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).problems;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('scenario files', () => {
  it('applies defaults to a minimal valid file', () => {
    const s = parseScenario(valid, 'x.yaml');
    expect(s.seed).toBe(42);
    expect(s.clock).toEqual({ kind: 'virtual' });
    expect(s.payer.webhooks).toBe(true);
    expect(s.faults).toEqual([]);
  });

  it('names the file, the line, the path and what was expected', () => {
    const text = valid.replace('expected: { outcome: APPROVED }', 'expected:\n  outcome: MAYBE');
    const [problem] = problemsOf(text);
    expect(problem).toMatch(/^scenarios\/bad\.yaml:5:\d+ expected\.outcome: /);
    expect(problem).toContain('APPROVED');
  });

  it('reports nested paths inside payer rules and fault rules', () => {
    const text = `${valid}payer:\n  rules:\n    "72148": { decision: A9 }\nfaults:\n  - fault: { kind: explode }\n`;
    const problems = problemsOf(text);
    expect(problems.some((p) => /payer\.rules\.72148\.decision/.test(p))).toBe(true);
    expect(problems.some((p) => /faults\.0\.fault\.kind/.test(p))).toBe(true);
  });

  it('rejects unknown top-level keys and YAML syntax errors with a position', () => {
    expect(problemsOf(`${valid}payr: {}\n`).join()).toMatch(/payr/);
    expect(problemsOf('name: [unclosed\n')[0]).toMatch(/^scenarios\/bad\.yaml:\d+:\d+ YAML: /);
  });

  it('loads every bundled scenario, each named like its file', () => {
    const scenarios = loadBundledScenarios();
    expect(scenarios.length).toBeGreaterThanOrEqual(14);
    expect(scenarios.map((s) => s.name)).toEqual(bundledScenarioFiles().map((f) => basename(f, '.yaml')));
    expect(new Set(scenarios.map((s) => String(s.seed))).size).toBe(scenarios.length);
  });

  it('resolves a bundled name and explains an unknown one', () => {
    expect(resolveScenario('physician-rejects').expected.outcome).toBe('REJECTED');
    expect(() => resolveScenario('no-such-scenario')).toThrow(/bundled: .*happy-path-webhooks/);
  });
});
