/**
 * fast-check arbitraries from the simulator's OpenAPI document (itself built from the zod
 * contracts): mostly values the schema accepts, mixed with the near misses a careless or
 * hostile client sends — a required property dropped, a wrong type, an over-long string,
 * hostile keys (`__proto__`, `constructor`), NUL and astral-plane characters.
 */
import fc from 'fast-check';

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
};

/** Strings a hostile client likes: NUL, control and astral characters, traversal, injection-shaped text, huge. */
export const hostileString = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '../../etc/passwd', '%00', '%ZZ', '%E0%A4%A', '😀', '\uD800', '\u202E', '<script>', "' OR 1=1 --", '${7*7}', '__proto__', 'constructor', 'prototype', 'null', 'NaN', '-1', '1e309'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1_000, max: 70_000 }).map((n) => 'x'.repeat(n)),
);

export const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', '', '\u0000', 'toString', 'hasOwnProperty');

const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    fc.constant(null), fc.boolean(), fc.double(), fc.integer(), hostileString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), hostileKey), tie('value'), { maxKeys: 4 })),
})).value;

function stringArbitrary(s: JsonSchema): fc.Arbitrary<string> {
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).map((v) => (s.maxLength ? v.slice(0, s.maxLength) : v));
    } catch {
      // a pattern fast-check cannot generate from: plain strings below
    }
  }
  return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 24, 24) });
}

/** An arbitrary for `schema` (resolving `$ref` in `doc`); `depth` bounds recursion. */
export function fromSchema(schema: JsonSchema, doc: { components?: { schemas?: Record<string, JsonSchema> } }, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 7) return fc.constant(null);
  const next = (s: JsonSchema) => fromSchema(s, doc, depth + 1);
  if (schema.$ref) {
    const name = schema.$ref.split('/').at(-1)!;
    const target = doc.components?.schemas?.[name];
    return target ? fromSchema(target, doc, depth + 1) : anyJson;
  }
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union?.length) return fc.oneof(...union.map(next));
  if (schema.allOf?.length) return next(schema.allOf[0]!);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (schema.prefixItems) return fc.tuple(...schema.prefixItems.map(next));
      const items = schema.items ? next(schema.items) : anyJson;
      return fc.array(items, { minLength: Math.min(schema.minItems ?? 0, 3), maxLength: Math.min(schema.maxItems ?? 3, 3) });
    }
    case 'object': {
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) record[k] = next(v);
      return fc.record(record, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
    }
    default:
      return anyJson;
  }
}

/** Near misses of a valid value: a property dropped, replaced by a wrong type or a hostile value, or a hostile key added. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.nat(), fc.oneof(anyJson, hostileString), hostileKey, fc.nat({ max: 3 })).map(([v, pick, replacement, key, how]) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return how === 0 ? replacement : v;
    const o = JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
    const keys = Object.keys(o);
    const k = keys[pick % Math.max(keys.length, 1)];
    if (how === 0 && k !== undefined) delete o[k];
    else if (how === 1 && k !== undefined) o[k] = replacement;
    else if (how === 2) return JSON.parse(`{${JSON.stringify(key)}:{"polluted":true},${JSON.stringify(o).slice(1)}`.replace(/,}$/, '}')) as unknown;
    else return [o];
    return o;
  });
}

export { anyJson };
