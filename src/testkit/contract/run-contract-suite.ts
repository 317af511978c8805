/**
 * Runs the contract checks against one target and reports each as passed, failed (with what
 * broke) or skipped (with why), then formats a conformance table — what
 * `prior-auth-sim contract --base-url URL` prints.
 *
 * @example
 * const results = await runContractSuite(httpTarget('http://127.0.0.1:4010', { controllable: true }));
 * console.log(formatConformanceTable(results));
 */
import { CONTRACT_CHECKS, ContractViolation, type ContractCheck, type ContractCheckOptions } from './contract-checks.js';
import type { ContractTarget } from './contract-target.js';

export { CONTRACT_CHECKS, type ContractCheck };

export interface ContractSuiteOptions extends ContractCheckOptions {
  /** Run only these check ids. */
  only?: readonly string[];
}

export interface ContractResult {
  readonly id: string;
  readonly system: ContractCheck['system'];
  readonly title: string;
  readonly status: 'pass' | 'fail' | 'skip';
  /** Why it failed or was skipped. */
  readonly detail?: string;
}

export async function runContractSuite(target: ContractTarget, options: ContractSuiteOptions = {}): Promise<ContractResult[]> {
  const checks = options.only ? CONTRACT_CHECKS.filter((c) => options.only!.includes(c.id)) : CONTRACT_CHECKS;
  const results: ContractResult[] = [];
  for (const check of checks) {
    const base = { id: check.id, system: check.system, title: check.title };
    if (check.needs === 'admin' && !target.controllable) {
      results.push({ ...base, status: 'skip', detail: 'needs the simulator admin API (pass --admin)' });
      continue;
    }
    try {
      await check.run(target, options);
      results.push({ ...base, status: 'pass' });
    } catch (err) {
      // a violation reads as what broke; anything else (a refused connection) as the error it was
      const detail = err instanceof ContractViolation ? err.message : `${err instanceof Error ? err.name : 'Error'}: ${err instanceof Error ? err.message : String(err)}`;
      results.push({ ...base, status: 'fail', detail });
    }
  }
  return results;
}

/** A plain-text table: one line per check, then the counts. */
export function formatConformanceTable(results: readonly ContractResult[], targetName?: string): string {
  const idWidth = Math.max(5, ...results.map((r) => r.id.length));
  const mark = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;
  const lines = [
    ...(targetName ? [`conformance of ${targetName}`] : []),
    `${'result'.padEnd(6)}  ${'system'.padEnd(6)}  ${'check'.padEnd(idWidth)}  what`,
    ...results.flatMap((r) => [
      `${mark[r.status].padEnd(6)}  ${r.system.padEnd(6)}  ${r.id.padEnd(idWidth)}  ${r.title}`,
      ...(r.detail ? [`${''.padEnd(6)}  ${''.padEnd(6)}  ${''.padEnd(idWidth)}  ${r.status === 'fail' ? '✗' : '–'} ${r.detail}`] : []),
    ]),
    `${results.filter((r) => r.status === 'pass').length} passed, ${results.filter((r) => r.status === 'fail').length} failed, ${results.filter((r) => r.status === 'skip').length} skipped`,
  ];
  return lines.join('\n');
}
