/**
 * deploy/template.yaml: linted with cfn-lint (which also runs SAM's transform) when cfn-lint is
 * on PATH — skipped with a printed notice otherwise — and checked here against the code it
 * deploys: every function's Handler names the file SAM's esbuild build writes for its entry
 * point (`<entry>.mjs` at the artifact root) and an export that file really has.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseDocument } from 'yaml';

const TEMPLATE = 'deploy/template.yaml';
const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
const hasCfnLint = cfnLint.status === 0;
if (!hasCfnLint) console.warn(`NOTICE: cfn-lint is not on PATH, so ${TEMPLATE} is not linted (pip install cfn-lint to lint it)`);

(hasCfnLint ? it : it.skip)(`${TEMPLATE} passes cfn-lint (${hasCfnLint ? cfnLint.stdout.trim() : 'not installed'})`, () => {
  const run = spawnSync('cfn-lint', [TEMPLATE], { encoding: 'utf8' });
  expect(`${run.stdout}${run.stderr}`.trim()).toBe('');
  expect(run.status).toBe(0);
}, 120_000);

interface FunctionResource {
  Type: string;
  Properties: { Handler: string };
  Metadata: { BuildMethod: string; BuildProperties: { EntryPoints: string[]; OutExtension: string[] } };
}

// CloudFormation's short tags (!Ref, !Sub, …) are unknown to the yaml package: it warns and keeps the values
const resources = (parseDocument(readFileSync(TEMPLATE, 'utf8')).toJS() as { Resources: Record<string, FunctionResource> }).Resources;
const functions = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Serverless::Function');

it('deploys the workflow and three relays', () => {
  expect(functions.map(([name]) => name).sort()).toEqual(['CallbackRelayFunction', 'NotificationRelayFunction', 'PriorAuthFunction', 'StartRelayFunction']);
});

it.each(functions)('%s: Handler names the built file and one of its exports', (_name, fn) => {
  const [file, exportName] = fn.Properties.Handler.split('.');
  const { EntryPoints, OutExtension } = fn.Metadata.BuildProperties;
  expect(fn.Metadata.BuildMethod).toBe('esbuild');
  expect(EntryPoints).toHaveLength(1);
  expect(OutExtension).toEqual(['.js=.mjs']);
  expect(file).toBe(basename(EntryPoints[0]!, '.ts'));
  expect(readFileSync(EntryPoints[0]!, 'utf8')).toMatch(new RegExp(`^export const ${exportName} =`, 'm'));
});
