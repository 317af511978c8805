/**
 * The scenarios shipped in `scenarios/`: listing them, and resolving a name or a path to a
 * validated scenario.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { basename, dirname, join, resolve } from 'node:path';
import type { Scenario } from '../../contracts/scenario.js';
import { loadScenarioFile, ScenarioError } from './scenario-loader.js';

/**
 * The package root's `scenarios/` folder, found by walking up from this module: it sits three
 * levels up in the sources, four in the compiled `dist/src/…`, and the CommonJS bundle is flatter.
 */
function findScenariosDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scenarios'))) return join(dir, 'scenarios');
    const up = dirname(dir);
    if (up === dir) throw new Error('prior-auth-sim: the bundled scenarios/ folder is missing from the installed package');
    dir = up;
  }
}

/** Absolute path of the bundled scenarios folder. */
export const SCENARIOS_DIR = findScenariosDir();

export function bundledScenarioFiles(): string[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(SCENARIOS_DIR, f));
}

export function loadBundledScenarios(): Scenario[] {
  return bundledScenarioFiles().map(loadScenarioFile);
}

/** A bundled scenario's name (`happy-path-webhooks`) or a path to a YAML file. */
export function resolveScenario(nameOrPath: string): Scenario {
  if (/[/\\]|\.ya?ml$/.test(nameOrPath)) return loadScenarioFile(resolve(nameOrPath));
  const file = bundledScenarioFiles().find((f) => basename(f).replace(/\.ya?ml$/, '') === nameOrPath);
  if (!file || !existsSync(file)) {
    const names = bundledScenarioFiles().map((f) => basename(f).replace(/\.ya?ml$/, ''));
    throw new ScenarioError(nameOrPath, [`no bundled scenario named "${nameOrPath}"; bundled: ${names.join(', ')}`]);
  }
  return loadScenarioFile(file);
}
