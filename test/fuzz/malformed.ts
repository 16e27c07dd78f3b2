import fc from 'fast-check';

// Values a client should never get a 5xx for, and a valid-looking value of an OpenAPI schema to mutate.

export type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

export type Components = Record<string, Schema>;

const deep = (depth: number, leaf: unknown): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};
const deepArray = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

/** Strings that hurt: NUL and other control characters, lone surrogates, huge, SQL and path probes, odd dates and ids. */
export const badString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\u0001\u0002\u001f\u007f',
    '\ud800',
    'x\udfffy',
    '\uffff\ufffe',
    '',
    ' ',
    "' OR 1=1 --",
    '"; DROP TABLE cases; --',
    '../../../etc/passwd',
    '%00',
    '%',
    '\\',
    '{{constructor}}',
    '__proto__',
    '2018-02-30',
    '0000-01-01',
    '9999-12-31',
    '275760-09-13',
    '-001000-01-01',
    '2018-13-01',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    'not-a-uuid',
    '1e999',
    '-1',
    'NaN',
    'Infinity',
    '99999999999999999999999',
    '<script>alert(1)</script>',
    '😀'.repeat(50),
  ),
  fc.integer({ min: 256, max: 200_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 70, max: 2000 }).map((n) => '长'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Values of any wrong kind: numbers out of range, wrong types, arrays for objects, deep nesting. */
export const badValue: fc.Arbitrary<unknown> = fc.oneof(
  badString,
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    -0.000001,
    2 ** 31,
    2 ** 53 + 2,
    -(2 ** 63),
    1e308,
    -1e308,
    [],
    {},
    [null],
    [{}],
    { '': 1 },
    { __proto__: { polluted: true } },
    { constructor: { prototype: { polluted: true } } },
  ),
  fc.integer({ min: 50, max: 3000 }).map((d) => deep(d, 'x')),
  fc.integer({ min: 50, max: 3000 }).map(deepArray),
  fc.array(badString, { maxLength: 3 }),
  fc.integer({ min: 1000, max: 20000 }).map((n) => Array.from({ length: n }, (_, i) => i)),
);

export function resolve(schema: Schema | undefined, components: Components): Schema {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 10; i++) s = components[s.$ref.split('/').pop()!] ?? {};
  if (s.allOf?.length) return s.allOf.map((x) => resolve(x, components)).reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties } }), {});
  if (s.oneOf?.length) return resolve(s.oneOf[0], components);
  if (s.anyOf?.length) return resolve(s.anyOf[0], components);
  return s;
}

/** A plausible value of the schema (its example, first enum value, or a small value of its type). */
export function plausible(schema: Schema | undefined, components: Components, depth = 0): unknown {
  const s = resolve(schema, components);
  if (s.example !== undefined) return s.example;
  if (s.enum?.length) return s.enum[0];
  if (depth > 6) return null;
  switch (s.type) {
    case 'string':
      return s.format === 'uuid' ? '6f1c2b52-8d7e-4f31-9d3c-2a0f4b1e7c55' : s.format === 'date' ? '2018-03-01' : s.format === 'date-time' ? '2018-03-01T04:00:00Z' : '测试';
    case 'number':
    case 'integer':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [plausible(s.items, components, depth + 1)];
    default: {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = plausible(v, components, depth + 1);
      return out;
    }
  }
}

/** The paths of every field of a plausible value (a.b, a.0.c …). */
export function fieldPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return prefix.length ? [prefix] : [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return [...(prefix.length ? [prefix] : []), ...entries.flatMap(([k, v]) => fieldPaths(v, [...prefix, k]))];
}

export function setAt(value: unknown, path: string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as never) : { ...(value as Record<string, unknown>) };
  copy[path[0]] = setAt(copy[path[0]], path.slice(1), replacement);
  return copy;
}
