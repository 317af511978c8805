/**
 * Reads and validates scenario files. An invalid file is rejected with the file name, the
 * line and the path inside it, and what was expected:
 * `scenarios/x.yaml:12:5 payer.rules.72148.decision: Invalid option: expected one of "A1"|…`.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { ScenarioSchema, type Scenario } from '../../contracts/scenario.js';

export class ScenarioError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: invalid scenario\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

/** Parse scenario text; `file` names it in errors. */
export function parseScenario(text: string, file: string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    throw new ScenarioError(file, doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return `${file}:${pos.line}:${pos.col} YAML: ${e.message.split('\n')[0]}`;
    }));
  }
  const result = ScenarioSchema.safeParse(doc.toJS());
  if (result.success) return result.data;
  throw new ScenarioError(file, result.error.issues.map((issue) => {
    const path = issue.path.map(String);
    const node = doc.getIn(path, true);
    const where = isNode(node) && node.range ? lineCounter.linePos(node.range[0]) : undefined;
    const at = where ? `${file}:${where.line}:${where.col}` : file;
    return `${at} ${path.join('.') || '(root)'}: ${issue.message}`;
  }));
}

export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ScenarioError(path, [`cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`]);
  }
  return parseScenario(text, path);
}
