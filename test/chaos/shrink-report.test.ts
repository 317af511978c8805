/**
 * A failing run becomes something a person can act on: shrunk to a minimal fault schedule
 * whose printed repro command reproduces the violation exactly, and written as a JSON and an
 * HTML report with the run's timeline.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveScenario } from '../../src/core/scenarios/bundled-scenarios.js';
import { chaosRun, drawFaults, parseCrashPlan } from '../../src/harness/chaos.js';
import { reportFailure } from '../../src/harness/chaos-exploration.js';
import { shrinkFailure } from '../../src/harness/shrink.js';

/** The options a printed repro command stands for (the CLI's own parsing, in small). */
function parseRepro(cmd: string) {
  const arg = (name: string) => new RegExp(`--${name} (\\S+)`).exec(cmd)?.[1];
  const keep = arg('keep-faults');
  const crash = arg('crash-at');
  return {
    scenario: arg('scenario')!, seed: Number(arg('seed')),
    options: {
      ...(crash ? { crash: parseCrashPlan(crash)! } : {}),
      ...(keep ? { keepFaults: keep === 'none' ? [] : keep.split(',') } : {}),
      ...(arg('plant-bug') ? { plantedBug: arg('plant-bug') as 'key-per-attempt' } : {}),
    },
  };
}

// a seed whose draw has two extra fault rules, so there is something to shrink
const seed = Array.from({ length: 200 }, (_, i) => i + 1).find((s) => drawFaults(s).length === 2)!;

describe('shrinking and reporting a failing run', () => {
  it('drops the faults and crashes the violation does not need; the shrunk repro reproduces it', async () => {
    const scenario = resolveScenario('response-lost-after-commit');
    const failing = await chaosRun(scenario, seed, { crash: { point: 'after-checkpoint-persist', occurrence: 3, thenDuringRecovery: true }, plantedBug: 'key-per-attempt' });
    expect(failing.schedule).toHaveLength(2);
    expect(failing.violations.map((v) => v.invariant)).toContain('3 stable keys');

    const shrunk = await shrinkFailure(scenario, failing);
    // the scenario's own lost response is enough to expose a key per attempt: no extra fault, no crash
    expect(shrunk.options).toEqual({ plantedBug: 'key-per-attempt', keepFaults: [] });
    expect(shrunk.attempts).toBeLessThanOrEqual(24);

    const again = parseRepro(shrunk.repro);
    const rerun = await chaosRun(resolveScenario(again.scenario), again.seed, again.options);
    expect(rerun.violations).toEqual(shrunk.result.violations);
    expect(rerun.violations.map((v) => v.invariant)).toContain('3 stable keys');
  }, 120_000);

  it('lowers a first-n rule to the one firing the violation needs', async () => {
    // a seed that draws a 503 burst of two or three on $submit beside another rule
    const burst = (s: number) => drawFaults(s).find((f) => f.match?.route === '/payer/fhir/Claim/$submit' && f.fault.kind === 'http-status' && f.schedule?.kind === 'first-n' && f.schedule.n >= 2);
    const s = Array.from({ length: 2000 }, (_, i) => i + 1).find((x) => drawFaults(x).length === 2 && burst(x))!;
    const scenario = resolveScenario('happy-path-webhooks'); // no lost response of its own: the retry comes from the burst
    const failing = await chaosRun(scenario, s, { plantedBug: 'key-per-attempt' });
    expect(failing.violations.map((v) => v.invariant)).toContain('3 stable keys');

    const shrunk = await shrinkFailure(scenario, failing);
    expect(shrunk.options).toEqual({ plantedBug: 'key-per-attempt', keepFaults: [`${burst(s)!.id}@1`] });
    expect(shrunk.result.schedule).toEqual([{ ...burst(s), schedule: { kind: 'first-n', n: 1 } }]);
    expect(shrunk.repro).toContain(`--keep-faults ${burst(s)!.id}@1`);
  }, 120_000);

  it('writes a JSON and an HTML report with the violation, both repro commands and the timeline', async () => {
    const failing = await chaosRun(resolveScenario('response-lost-after-commit'), seed, { plantedBug: 'key-outside-step' });
    expect(failing.timeline?.length).toBeGreaterThan(10);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-report-'));
    const { report, paths } = await reportFailure(failing, dir);
    const json = JSON.parse(fs.readFileSync(paths.json, 'utf8')) as unknown;
    expect(json).toEqual(JSON.parse(JSON.stringify(report)));
    expect(report.violations.map((v) => v.invariant)).toContain('3 stable keys');
    expect(report.shrunk?.repro).toContain('--keep-faults');
    const html = fs.readFileSync(paths.html, 'utf8');
    expect(html).toContain('3 stable keys');
    expect(html).toContain(`--seed ${seed}`);
    expect(html).toContain('step submit');
    expect(html).toContain('POST /payer/fhir/Claim/$submit');
  }, 120_000);
});
