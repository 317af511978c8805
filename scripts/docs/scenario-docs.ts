/**
 * Generates the docs of the scenario file and the configuration from the zod schemas themselves,
 * so they cannot drift from the validation: `schemas/scenario.schema.json` (editors complete and check
 * `scenarios/*.yaml` with it), `docs/scenario-reference.md` (every field) and
 * `docs/scenario-guide.md` (how to write one, with the bundled scenarios as examples) and
 * `docs/configuration.md` (flags, clocks and every configuration field).
 * `npm run docs:gen` writes them; test/docs/generated-docs.test.ts fails when they are stale.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ScenarioSchema } from '../../src/contracts/scenario.js';
import { SimulatorConfigSchema } from '../../src/contracts/config.js';
import { schemaDescriptions } from './schema-descriptions.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Json = { [k: string]: unknown } & {
  type?: string | string[]; properties?: Record<string, Json>; required?: string[]; items?: Json; additionalProperties?: Json | boolean;
  oneOf?: Json[]; anyOf?: Json[]; enum?: unknown[]; const?: unknown; default?: unknown; description?: string; pattern?: string;
  minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number; minLength?: number; maxLength?: number; format?: string;
};

function nodeAt(root: Json, path: string): Json | undefined {
  let node: Json | undefined = root;
  const segs = path.split('/').filter(Boolean);
  for (let i = 0; i < segs.length && node; i++) {
    const s = segs[i]!;
    if (s === 'properties') node = node.properties?.[segs[++i]!];
    else if (s === 'items') node = node.items;
    else if (s === 'additionalProperties') node = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
    else if (s === 'opt') node = (node.oneOf ?? node.anyOf)?.[Number(segs[++i])];
    else return undefined;
  }
  return node;
}

/** A contract's JSON Schema with the contracts' JSDoc as descriptions (enum members listed). */
export function describedJsonSchema(zodSchema: z.ZodType, constName: string): Json {
  const descriptions = schemaDescriptions(join(ROOT, 'src/contracts'), constName);
  const schema = z.toJSONSchema(zodSchema, { io: 'input', unrepresentable: 'any' }) as Json;
  const enumDocs = new Map<string, string[]>();
  for (const [path, text] of descriptions) {
    const m = /^(.*)\/enum:(.*)$/.exec(path);
    if (m) enumDocs.set(m[1]!, [...(enumDocs.get(m[1]!) ?? []), `\`${m[2]}\`: ${text}`]);
  }
  for (const [path, text] of descriptions) {
    if (path.includes('/enum:')) continue;
    const node = nodeAt(schema, path);
    if (node && !node.description) node.description = text;
  }
  for (const [path, values] of enumDocs) {
    const node = nodeAt(schema, path);
    if (node) node.description = [node.description, `Values: ${values.join('; ')}`].filter(Boolean).join(' ');
  }
  return schema;
}

/** The scenario file's JSON Schema, for editors. */
export function scenarioJsonSchema(): Json {
  const schema = describedJsonSchema(ScenarioSchema, 'ScenarioSchema');
  return {
    $schema: schema.$schema,
    $id: 'https://prior-auth-sim.dev/schemas/scenario.schema.json',
    title: 'prior-auth-sim scenario',
    description: 'One situation a prior-auth pipeline meets: seed, clock, how the payer, EHR and reviewer behave, the faults, the request and the expected outcome. Generated from src/contracts/scenario.ts by `npm run docs:gen`.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

const code = (v: unknown) => `\`${JSON.stringify(v)}\``;

/** A short type description: `integer ≥ 0`, `"A1" | "A2"`, `string (pattern …)`. */
function typeOf(n: Json): string {
  if (n.const !== undefined) return code(n.const);
  if (n.enum) return n.enum.map(code).join(' | ');
  const alts = n.oneOf ?? n.anyOf;
  if (alts) return alts.map((a) => (a.properties?.kind?.const !== undefined ? `kind ${code(a.properties.kind.const)}` : typeOf(a))).join(' | ');
  const bounds = [
    n.minimum !== undefined && n.minimum !== 0 ? `≥ ${n.minimum}` : n.minimum === 0 ? '≥ 0' : '',
    n.exclusiveMinimum !== undefined ? `> ${n.exclusiveMinimum}` : '',
    n.maximum !== undefined && n.maximum < Number.MAX_SAFE_INTEGER ? `≤ ${n.maximum}` : '',
    n.exclusiveMaximum !== undefined ? `< ${n.exclusiveMaximum}` : '',
    n.minLength !== undefined && n.minLength > 0 ? `length ≥ ${n.minLength}` : '',
    n.maxLength !== undefined ? `length ≤ ${n.maxLength}` : '',
    // zod's date-time pattern is unreadable and `starts_with` is not a JSON Schema format: say what they mean
    n.format === 'date-time' ? 'ISO 8601 date-time with offset' : n.format && n.format !== 'starts_with' ? `format ${n.format}` : '',
    n.format === 'date-time' ? '' : n.format === 'starts_with' && n.pattern ? `starts with \`${n.pattern.replace(/^\^|\.\*$/g, '').replace(/\\/g, '')}\`` : n.pattern ? `pattern \`${n.pattern}\`` : '',
  ].filter(Boolean).join(', ');
  const t = n.type === 'array' ? `array of ${n.items ? typeOf(n.items) : 'any'}` : n.type === 'object' && n.additionalProperties && typeof n.additionalProperties === 'object' ? 'map' : Array.isArray(n.type) ? n.type.join(' | ') : (n.type ?? 'any');
  return bounds ? `${t} (${bounds})` : t;
}

const cell = (s: string | undefined) => (s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

interface Row { field: string; type: string; required: boolean; def?: unknown; description?: string }

/** One row per field, depth first; union options become `field (kind x).sub` rows. */
function rows(n: Json, prefix: string, out: Row[], required = false): void {
  if (prefix) out.push({ field: prefix, type: typeOf(n), required, def: n.default, ...(n.description ? { description: n.description } : {}) });
  const req = new Set(n.required ?? []);
  for (const [name, child] of Object.entries(n.properties ?? {})) rows(child, prefix ? `${prefix}.${name}` : name, out, req.has(name));
  if (n.items && (n.items.properties || n.items.oneOf || n.items.anyOf)) rows(n.items, `${prefix}[]`, out, true);
  if (typeof n.additionalProperties === 'object' && n.additionalProperties.properties) rows(n.additionalProperties, `${prefix}.{key}`, out, true);
  for (const alt of n.oneOf ?? n.anyOf ?? []) {
    const kind = alt.properties?.kind?.const;
    if (!alt.properties) continue;
    if (kind === undefined) {
      // the long form of a shorthand union (`auth: smart` or `auth: { … }`): its fields under the field itself
      const altReq = new Set(alt.required ?? []);
      for (const [name, child] of Object.entries(alt.properties)) rows(child, `${prefix}.${name}`, out, altReq.has(name));
      continue;
    }
    const altReq = new Set(alt.required ?? []);
    if (alt.description) out.push({ field: `${prefix} (kind ${String(kind)})`, type: 'object', required: false, description: alt.description });
    for (const [name, child] of Object.entries(alt.properties)) {
      if (name === 'kind') continue;
      rows(child, `${prefix} (kind ${String(kind)}).${name}`, out, altReq.has(name));
    }
  }
}

const HEADER = (title: string) => `<!-- GENERATED by \`npm run docs:gen\` from the zod contracts in src/contracts and their comments. Do not edit by hand. -->\n\n# ${title}\n`;

/** Tables of every field of `schema`, one section per top-level field. */
function fieldTables(schema: Json): string[] {
  const out: Row[] = [];
  rows(schema, '', out);
  const sections = new Map<string, Row[]>();
  for (const r of out) {
    const top = r.field.split(/[.[ ]/)[0]!;
    sections.set(top, [...(sections.get(top) ?? []), r]);
  }
  const parts: string[] = [];
  for (const [top, list] of sections) {
    parts.push(`### \`${top}\``, '', '| field | type | default | description |', '|---|---|---|---|');
    for (const r of list) {
      const def = r.def === undefined ? (r.required ? '**required**' : '') : code(r.def);
      parts.push(`| \`${r.field}\` | ${cell(r.type)} | ${cell(def)} | ${cell(r.description)} |`);
    }
    parts.push('');
  }
  return parts;
}

export function scenarioReference(schema: Json): string {
  const out: Row[] = [];
  rows(schema, '', out);
  const sections = new Map<string, Row[]>();
  for (const r of out) {
    const top = r.field.split(/[.[ ]/)[0]!;
    sections.set(top, [...(sections.get(top) ?? []), r]);
  }
  const parts = [
    HEADER('Scenario file reference'),
    'Every field of a scenario file (`scenarios/*.yaml`), generated from the zod schema the loader validates with. ',
    'How to write one: [scenario-guide.md](scenario-guide.md). JSON Schema for editors: [`schemas/scenario.schema.json`](../schemas/scenario.schema.json).',
    '',
    'A field marked **required** must be present when its parent is; every other field has the default shown or is optional. ',
    '`{key}` stands for a map key (a procedure code); `(kind x)` rows apply when the object\'s `kind` is `x`.',
    '',
  ];
  for (const [top, list] of sections) {
    parts.push(`## \`${top}\``, '', '| field | type | default | description |', '|---|---|---|---|');
    for (const r of list) {
      const def = r.def === undefined ? (r.required ? '**required**' : '') : code(r.def);
      parts.push(`| \`${r.field}\` | ${cell(r.type)} | ${cell(def)} | ${cell(r.description)} |`);
    }
    parts.push('');
  }
  return `${parts.join('\n').trimEnd()}\n`;
}

function bundled(): Array<{ file: string; name: string; description: string; outcome: string; text: string }> {
  const dir = join(ROOT, 'scenarios');
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    const doc = parseYaml(text) as { name: string; description: string; expected: { outcome: string } };
    return { file: basename(f), name: doc.name, description: doc.description, outcome: doc.expected.outcome, text };
  });
}

const values = (schema: Json, path: string) => {
  const n = nodeAt(schema, path);
  const alts = n?.oneOf ?? n?.anyOf;
  if (alts) return alts.map((a) => `\`${String(a.properties?.kind?.const)}\``).join(', ');
  return (n?.enum ?? []).map((v) => `\`${String(v)}\``).join(', ');
};

export function scenarioGuide(schema: Json): string {
  const scenarios = bundled();
  const example = scenarios.find((s) => s.name === 'response-lost-after-commit') ?? scenarios[0]!;
  const faultRule = 'properties/faults/items';
  return `${HEADER('Writing a scenario')}
A scenario is one situation a prior-auth pipeline meets, written as a YAML file: the seed, the
clock, how the payer, the EHR and the physician reviewer behave, which faults strike, the
request the orchestrator makes, and the outcome it must reach. \`prior-auth-sim run FILE\` runs
the bundled orchestrator against it and checks the outcome and the eight invariants;
\`prior-auth-sim serve --scenario FILE\` serves the simulator configured by it for your own
client; \`prior-auth-sim chaos --scenario FILE\` explores it with crashes and extra faults.
Every field: [scenario-reference.md](scenario-reference.md).

## A complete example

\`scenarios/${example.file}\`:

\`\`\`yaml
${example.text.trimEnd()}
\`\`\`

## Steps

1. **Name and describe it.** \`name\` is kebab-case and is what \`run\`, \`serve --scenario\` and
   reports call it; \`description\` is the one line \`prior-auth-sim scenarios\` prints.
2. **Pick the request.** \`request.patientId\` is a persona of the synthetic EHR panel (see
   \`PERSONAS\` in the package, or \`GET /ehr/fhir/Patient\`); \`request.procedureCode\` is the CPT
   or RxNorm code to authorize (72148 lumbar MRI, 27447 total knee, 95810 polysomnography,
   semaglutide's RxNorm code). Whether the chart meets the payer's criteria follows from the persona.
3. **Make the payer decide.** By default the payer adjudicates from its coverage policy
   (\`decision: evidence\`). \`payer.rules.{code}\` forces a decision per procedure code:
   ${values(schema, 'properties/payer/properties/rules/additionalProperties/properties/decision')}; a pend (\`A4\`) ends after
   \`pendSeconds\` of clock time or at the \`pendInquiries\`-th \`$inquire\` in \`finalDecision\`.
   \`payer.webhooks: false\` makes the client poll; \`payer.notifications\` makes webhooks misbehave
   (drop, delay, duplicate, reorder, stale).
4. **Make the reviewer behave.** \`review.behaviour\` is one of ${values(schema, 'properties/review/properties/behaviour')}, with
   \`delaySeconds\` of clock time before an automatic decision.
5. **Add faults.** Each rule under \`faults\` has a \`match\` (system, route prefix or glob, method,
   business key), a \`schedule\` (${values(schema, `${faultRule}/properties/schedule`)}) and a \`fault\`
   (${values(schema, `${faultRule}/properties/fault`)}). A route no simulator route can match is
   refused when the scenario loads. See [faults.md](faults.md).
6. **State the expected outcome.** \`expected.outcome\` is one of ${values(schema, 'properties/expected/properties/outcome')};
   \`reasonContains\` and \`claims\` (how many claims the payer must have adjudicated) make it stricter.
7. **Run it.** \`npx prior-auth-sim run path/to/file.yaml\` prints the timeline and PASS or FAIL.
   A mistake is reported with its place: \`file.yaml:12:5 payer.rules.72148.decision: Invalid option…\`.

## Editor completion

\`schemas/scenario.schema.json\` is the JSON Schema of this format. Each bundled file starts with
\`# yaml-language-server: $schema=../schemas/scenario.schema.json\`, which the YAML language server
(VS Code's YAML extension, and most editors' YAML support) reads for completion, hover text and
checks; \`.vscode/settings.json\` maps \`scenarios/*.yaml\` to it as well. In your own project,
point the comment at \`node_modules/prior-auth-sim/schemas/scenario.schema.json\`.

## The bundled scenarios

| scenario | expected | what it is |
|---|---|---|
${scenarios.map((s) => `| [\`${s.name}\`](../scenarios/${s.file}) | ${s.outcome} | ${cell(s.description)} |`).join('\n')}
`;
}

const CONFIGURATION_HEAD = `${HEADER('Configuration')}
One way in: **command-line flags → scenario file → defaults**, validated once with zod at the
edge; inner code receives typed values and never reads the environment. A flag overrides the
scenario's value (\`serve --scenario flaky-payer --seed 7\` keeps the scenario but changes its
seed); what neither sets takes the default below. In code, \`createSimulator({ config })\` takes
the same object (\`SimulatorConfigInput\`); \`POST /__admin/reset\` with a JSON body replaces it at run
time; a scenario file carries the same sections (see [scenario-reference.md](scenario-reference.md)).

## Command line

| command | flags |
|---|---|
| \`prior-auth-sim serve\` | \`--port 4010\`, \`--host 127.0.0.1\`, \`--seed N\`, \`--clock virtual\\|real\\|dilated[:factor]\` (default real; a scenario's clock otherwise), \`--scenario NAME\\|FILE\`, \`--auth none\\|smart\` ([auth.md](auth.md)), \`--data DIR\` and \`--reset\` ([operations.md](operations.md)), \`--public-url URL\`, \`--admin-token TOKEN\`, \`--allow-outbound HOSTS\` ([security.md](security.md)), \`--manual-review\`, \`--no-console\` ([console.md](console.md)) |
| \`prior-auth-sim start\` | supervised simulator + orchestrator + console + demo request: \`--host\`, \`--console-port 4000\`, \`--port 4010\`, \`--orchestrator-port 4020\`, \`--seed 42\`, \`--factor 3600\` (simulated seconds per real second), \`--data data\` ([operations.md](operations.md)), \`--no-demo-request\`, \`--manual-review\`, \`--admin-token TOKEN\` ([console.md](console.md)) |
| \`prior-auth-sim orchestrator\` | the orchestrator alone (what \`start\` runs as a child): \`--port 4020\`, \`--host\`, \`--db data/orchestrator.sqlite\`, \`--simulator-url URL\`, \`--factor 3600\` |
| \`prior-auth-sim run <scenario>\\|--all\` | \`--quiet\`, \`--report FILE\` (the run as an HTML page with its swimlane timeline) |
| \`prior-auth-sim chaos\` | \`--runs 50\`, \`--seed 1\`, \`--scenario\`, \`--crash-points random\\|all\\|all-twice\\|none\`, \`--crash-at POINT:N[+recovery]\`, \`--as-written\`, \`--keep-faults IDS\\|none\`, \`--plant-bug BUG\`, \`--reports reports\`, \`--no-shrink\`, \`--workers N\`, \`--concurrency 8\` |
| \`prior-auth-sim contract\` | \`--base-url URL\` (required), \`--admin\`, \`--only IDS\`, \`--body-limit BYTES\`, \`--bearer-token TOKEN\` |
| \`prior-auth-sim scenarios\`, \`openapi\` | none |

\`prior-auth-sim --help\` and \`prior-auth-sim <command> --help\` list the flags of the installed
version; \`--version\` prints it. Every error is one line on stderr with a non-zero exit (2 for an
invalid scenario or flag value a command checks). \`PRIOR_AUTH_SIM_DEBUG=1\` adds the stack of an
unexpected error.

## Clocks

- \`virtual\` (tests, \`run\`, \`chaos\`): time moves only when told (\`POST /__admin/clock/advance\`,
  \`/clock/set\`) or, in the harness, to the next due timer — a 7-day review takes no wall time.
- \`real\`: wall-clock time.
- \`dilated:F\`: F simulated seconds per real second (\`dilated\` alone: 3600, an hour a second; the
  demo's default), so a 4-hour review takes 4 seconds.

## The simulator configuration

`;

/** Every generated file: path relative to the repository → content. */
export function generatedDocs(): Record<string, string> {
  const schema = scenarioJsonSchema();
  const config = describedJsonSchema(SimulatorConfigSchema, 'SimulatorConfigSchema');
  return {
    'docs/configuration.md': `${CONFIGURATION_HEAD}${fieldTables(config).join('\n').trimEnd()}\n`,
    'schemas/scenario.schema.json': `${JSON.stringify(schema, null, 2)}\n`,
    'docs/scenario-reference.md': scenarioReference(schema),
    'docs/scenario-guide.md': scenarioGuide(schema),
  };
}
