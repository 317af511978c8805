/**
 * Field descriptions for the generated scenario docs and JSON Schema, read from the JSDoc
 * comments in src/contracts/*.ts — the comments stay the one place a field is explained. The
 * TypeScript AST of a schema expression is walked along the shape zod's JSON Schema takes
 * (`properties/x`, `items`, `additionalProperties`, `opt/i` for the i-th option of a union),
 * following identifiers to the schema constants they name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** JSON-Schema-shaped path (segments joined by "/") → description; `…/enum:value` for enum members. */
export type Descriptions = Map<string, string>;

interface Decl {
  readonly file: ts.SourceFile;
  readonly init: ts.Expression;
  readonly doc?: string;
}

/** The text of the last `/** … *\/` comment right before `node`, tags other than @example dropped. */
function docOf(node: ts.Node, file: ts.SourceFile): string | undefined {
  const ranges = ts.getLeadingCommentRanges(file.text, node.getFullStart()) ?? [];
  const last = ranges.filter((r) => file.text.startsWith('/**', r.pos)).at(-1);
  if (!last) return undefined;
  const raw = file.text.slice(last.pos + 3, last.end - 2);
  const lines = raw.split('\n').map((l) => l.replace(/^\s*\* ?/, '').trimEnd());
  const out: string[] = [];
  let example = false;
  for (const line of lines) {
    if (line.startsWith('@example')) {
      example = true;
      const rest = line.slice('@example'.length).trim();
      if (rest) out.push(`Example: \`${rest}\``);
      continue;
    }
    if (line.startsWith('@')) {
      example = false;
      continue;
    }
    if (example && line.trim()) out.push(`Example: \`${line.trim()}\``);
    else if (!example) out.push(line);
  }
  const text = out.join(' ').replace(/\s+/g, ' ').trim();
  return text || undefined;
}

/** Every top-level `const X = …` of the contract files, by name. */
function loadDeclarations(dir: string): Map<string, Decl[]> {
  const decls = new Map<string, Decl[]>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const file = ts.createSourceFile(name, readFileSync(join(dir, name), 'utf8'), ts.ScriptTarget.Latest, true);
    for (const stmt of file.statements) {
      if (!ts.isVariableStatement(stmt)) continue;
      for (const d of stmt.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer) continue;
        const doc = docOf(stmt, file);
        decls.set(d.name.text, [...(decls.get(d.name.text) ?? []), { file, init: d.initializer, ...(doc ? { doc } : {}) }]);
      }
    }
  }
  return decls;
}

const OBJECT_CALLS = new Set(['object', 'looseObject', 'strictObject', 'extend', 'safeExtend']);

/** Descriptions for the schema constant `root` (e.g. `ScenarioSchema`) of the contracts in `dir`. */
export function schemaDescriptions(dir: string, root: string): Descriptions {
  const decls = loadDeclarations(dir);
  const out: Descriptions = new Map();
  const set = (path: string, doc: string | undefined) => {
    if (doc && !out.has(path)) out.set(path, doc);
  };
  const resolve = (name: string, from: ts.SourceFile): Decl | undefined => {
    const all = decls.get(name) ?? [];
    return all.find((d) => d.file === from) ?? all[0];
  };

  function walk(expr: ts.Expression, path: string, file: ts.SourceFile, depth: number): void {
    if (depth > 40) return;
    if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr)) return walk(expr.expression, path, file, depth + 1);
    if (ts.isIdentifier(expr)) {
      const d = resolve(expr.text, file);
      if (!d) return;
      set(path, d.doc);
      return walk(d.init, path, d.file, depth + 1);
    }
    if (!ts.isCallExpression(expr)) return;
    const callee = expr.expression;
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
    const [a0, a1] = expr.arguments;
    if (OBJECT_CALLS.has(method) && a0 && ts.isObjectLiteralExpression(a0)) {
      for (const p of a0.properties) {
        if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
        const child = `${path}/properties/${p.name.text}`;
        set(child, docOf(p, file));
        walk(p.initializer, child, file, depth + 1);
      }
    }
    const options = method === 'discriminatedUnion' ? a1 : method === 'union' ? a0 : undefined;
    if (options && ts.isArrayLiteralExpression(options)) {
      options.elements.forEach((el, i) => {
        set(`${path}/opt/${i}`, docOf(el, file));
        walk(el, `${path}/opt/${i}`, file, depth + 1);
      });
    }
    if (method === 'enum' && a0 && ts.isArrayLiteralExpression(a0)) {
      for (const el of a0.elements) if (ts.isStringLiteral(el)) set(`${path}/enum:${el.text}`, docOf(el, file));
    }
    if (method === 'array' && a0) walk(a0, `${path}/items`, file, depth + 1);
    if (method === 'record' && a1) walk(a1, `${path}/additionalProperties`, file, depth + 1);
    // a method on a schema (`.optional()`, `.default()`, `.refine()`, `.extend()`…): the receiver is the same field
    if (ts.isPropertyAccessExpression(callee) && !(ts.isIdentifier(callee.expression) && callee.expression.text === 'z')) {
      walk(callee.expression, path, file, depth + 1);
    }
  }

  const rootDecl = resolve(root, undefined as unknown as ts.SourceFile);
  if (!rootDecl) throw new Error(`no schema constant ${root} in ${dir}`);
  set('', rootDecl.doc);
  walk(rootDecl.init, '', rootDecl.file, 0);
  return out;
}
