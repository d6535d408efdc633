// fast-check arbitraries from a JSON Schema, as the OpenAPI document gives each route's params, query
// and body: values the schema admits, values with exactly one flaw, and hostile ones. Only what the
// route schemas use is understood: object, array, string, number, integer, boolean, null, enum,
// const, anyOf/oneOf, lengths, ranges, the uuid, date-time and email formats, and patterns.
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  default?: unknown;
  examples?: unknown[];
}

/**
 * What a route checks in code rather than in its schema (a person's name, a phone number, an id
 * that must name a real row): valid values, and malformed ones, by the property's name.
 */
export interface Hints {
  valid?(name: string, schema: JsonSchema): fc.Arbitrary<unknown> | undefined;
  malformed?(name: string, schema: JsonSchema): unknown[] | undefined;
}

/** A piece of JSON text written as is: `-0`, `1e309`, a nesting too deep to build as a value. */
export class RawJson {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** JSON text of a value that may hold RawJson pieces and own `__proto__` keys. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof RawJson) {
      raws.push(item.text);
      return `\u0001raw${raws.length - 1}\u0001`;
    }
    return item;
  }) ?? 'null';
  return text.replace(/"\\u0001raw(\d+)\\u0001"/g, (_match, index: string) => raws[Number(index)]!);
}

/** An object with `key` as an own property, even when the key is `__proto__`. */
export function withKey(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...object };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

const ISO_MIN = new Date('2020-01-01T00:00:00Z');
const ISO_MAX = new Date('2030-12-31T23:59:59Z');
const email = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/), fc.constantFrom('example.com', 'ukr.net', 'court.gov.ua'))
  .map(([local, domain]) => `${local}@${domain}`);

function alternatives(schema: JsonSchema): JsonSchema[] | undefined {
  return schema.anyOf ?? schema.oneOf;
}

function typesOf(schema: JsonSchema): string[] {
  const options = alternatives(schema);
  if (options) return options.flatMap(typesOf);
  if (schema.type !== undefined) return [schema.type].flat();
  if (schema.enum) return schema.enum.map(jsonType);
  if ('const' in schema) return [jsonType(schema.const)];
  return [];
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value;
}

function patternArbitrary(schema: JsonSchema): fc.Arbitrary<string> | undefined {
  try {
    const min = schema.minLength ?? 0;
    const max = schema.maxLength ?? Infinity;
    return fc.stringMatching(new RegExp(schema.pattern!)).filter((s) => s.length >= min && s.length <= max);
  } catch {
    return undefined;
  }
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.uuid({ version: 4 });
  if (schema.format === 'date-time') return fc.date({ min: ISO_MIN, max: ISO_MAX, noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.format === 'email') return email;
  const byPattern = schema.pattern ? patternArbitrary(schema) : undefined;
  if (byPattern) return byPattern;
  if (schema.examples?.length) return fc.constantFrom(...schema.examples.filter((e): e is string => typeof e === 'string'));
  const minLength = schema.minLength ?? 0;
  return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 40, 40)) });
}

/** Values the schema admits; `name` is the property's name, for the hints. */
export function validValue(schema: JsonSchema, hints: Hints = {}, name = ''): fc.Arbitrary<unknown> {
  const hinted = hints.valid?.(name, schema);
  if (hinted) return hinted;
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = alternatives(schema);
  if (options) return fc.oneof(...options.map((option) => validValue(option, hints, name)));
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type) => validValue({ ...schema, type }, hints, name)));
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, validValue(property, hints, key)]));
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
    }
    case 'array':
      return fc.array(validValue(schema.items ?? {}, hints, name), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value with one flaw, and what the flaw is, e.g. "phone: wrong type". */
export interface Flawed {
  value: unknown;
  flaw: string;
}

const OTHER_TYPES: [string, unknown][] = [['string', 'текст'], ['number', 7], ['boolean', true], ['null', null], ['array', []], ['object', {}]];

function wrongType(schema: JsonSchema): unknown[] {
  const types = typesOf(schema).map((type) => (type === 'integer' ? 'number' : type));
  if (types.length === 0) return [];
  return OTHER_TYPES.filter(([type]) => !types.includes(type)).map(([, value]) => value).slice(0, 2);
}

function outOfRange(schema: JsonSchema): unknown[] {
  const flaws: unknown[] = [];
  if (schema.maximum !== undefined) flaws.push(schema.maximum + 1);
  if (schema.minimum !== undefined) flaws.push(schema.minimum - 1);
  if (schema.exclusiveMaximum !== undefined) flaws.push(schema.exclusiveMaximum);
  if (schema.exclusiveMinimum !== undefined) flaws.push(schema.exclusiveMinimum);
  if (schema.type === 'integer') flaws.push(Math.floor(((schema.minimum ?? 0) + (schema.maximum ?? 2)) / 2) + 0.5);
  return flaws;
}

const MALFORMED_FORMATS: Record<string, string[]> = {
  uuid: ['not-a-uuid', '00000000-0000-4000-8000-00000000000', '0000000g-0000-4000-8000-000000000000', '{00000000-0000-4000-8000-000000000000}'],
  'date-time': ['2026-13-45T25:61:00Z', '25.11.2026 10:00', '2026-11-25T10:00:00', 'завтра'],
  email: ['ivan@', 'ivan.example.com', 'ivan@@example.com', 'іван @ приклад'],
};

function malformedString(schema: JsonSchema, value: unknown): unknown[] {
  const flaws: unknown[] = [];
  const text = typeof value === 'string' ? value : '';
  if (schema.maxLength !== undefined) flaws.push((text + 'x'.repeat(schema.maxLength + 1)).slice(0, schema.maxLength + 1));
  if (schema.minLength !== undefined && schema.minLength > 0) flaws.push(text.slice(0, schema.minLength - 1));
  if (schema.format && MALFORMED_FORMATS[schema.format]) flaws.push(...MALFORMED_FORMATS[schema.format]!);
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern, 'u');
    const breaker = [`${text} `, `${text}!`, '', '<>', `ї${text}`].find((candidate) => !pattern.test(candidate));
    if (breaker !== undefined) flaws.push(breaker);
  }
  return flaws;
}

function badEnum(schema: JsonSchema, value: unknown): unknown[] {
  const allowed = schema.enum ?? ('const' in schema ? [schema.const] : undefined);
  if (!allowed || typeof value !== 'string') return [];
  return [`${value}x`, value.toUpperCase()].filter((candidate) => !allowed.includes(candidate));
}

/** The schema of the alternative `value` was made from (the first that fits its type and enums). */
function matchingAlternative(schema: JsonSchema, value: unknown): JsonSchema | undefined {
  const options = alternatives(schema);
  if (!options) return schema;
  const fits = (option: JsonSchema): boolean => {
    if (alternatives(option)) return matchingAlternative(option, value) !== undefined;
    const types = typesOf(option);
    const type = jsonType(value);
    if (!types.includes(type) && !(type === 'integer' && types.includes('number'))) return false;
    if (option.enum && !option.enum.includes(value)) return false;
    if ('const' in option && option.const !== value) return false;
    if (type === 'object' && option.properties) {
      // A discriminated union: the alternative whose constant fields the value carries.
      return Object.entries(option.properties).every(([key, property]) => {
        const fixed = property.enum?.length === 1 ? property.enum[0] : property.const;
        return fixed === undefined || (value as Record<string, unknown>)[key] === fixed;
      });
    }
    return true;
  };
  const found = options.find(fits);
  return found && alternatives(found) ? matchingAlternative(found, value) : found;
}

/** Every single-flaw variant of a valid `value`: path to the flaw, and the variant. */
export function flawsOf(schema: JsonSchema, value: unknown, hints: Hints = {}, name = '', path = ''): Flawed[] {
  const here = (flaw: string) => (path ? `${path}: ${flaw}` : flaw);
  const flaws: Flawed[] = [];
  const add = (values: unknown[], flaw: string) => { for (const v of values) flaws.push({ value: v, flaw: here(flaw) }); };
  add(wrongType(schema), 'wrong type');
  const own = matchingAlternative(schema, value);
  if (!own) return flaws;
  add(hints.malformed?.(name, own) ?? [], 'malformed');
  add(badEnum(own, value), 'not one of the allowed values');
  if (typeof value === 'string') add(malformedString(own, value), 'malformed or wrong length');
  if (typeof value === 'number') add(outOfRange(own), 'out of range');
  if (Array.isArray(value)) {
    if (own.maxItems !== undefined) add([Array.from({ length: own.maxItems + 1 }, (_, i) => value[i % Math.max(value.length, 1)] ?? null)], 'one item too many');
    if (own.minItems) add([value.slice(0, own.minItems - 1)], 'one item too few');
    if (value.length > 0 && own.items) {
      for (const inner of flawsOf(own.items, value[0], hints, name, `${path}[0]`)) flaws.push({ value: [inner.value, ...value.slice(1)], flaw: inner.flaw });
    }
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && own.properties) {
    const object = value as Record<string, unknown>;
    for (const key of own.required ?? []) {
      if (key in object) flaws.push({ value: Object.fromEntries(Object.entries(object).filter(([k]) => k !== key)), flaw: here(`${key} missing`) });
    }
    if (own.additionalProperties === false) flaws.push({ value: { ...object, zzUnknownField: 1 }, flaw: here('an unknown field') });
    for (const [key, property] of Object.entries(own.properties)) {
      const inner = key in object ? flawsOf(property, object[key], hints, key, path ? `${path}.${key}` : key)
        : wrongType(property).map((wrong) => ({ value: wrong, flaw: `${path ? `${path}.${key}` : key}: wrong type` }));
      for (const flawed of inner) flaws.push({ value: withKey(object, key, flawed.value), flaw: flawed.flaw });
    }
  }
  return flaws;
}

/** A valid value with exactly one flaw, or none when the schema admits anything. */
export function almostValid(schema: JsonSchema, hints: Hints = {}): fc.Arbitrary<Flawed | null> {
  return validValue(schema, hints).chain((value) => {
    const flaws = flawsOf(schema, value, hints);
    return flaws.length > 0 ? fc.constantFrom(...flaws) : fc.constant(null);
  });
}

const KB100 = 100 * 1024;
const nested = (depth: number, open: string, close: string) => new RawJson(`${open.repeat(depth)}1${close.repeat(depth)}`);

/** Strings an attacker or a broken client sends: none of them may break a route. */
export const HOSTILE_STRINGS: readonly string[] = [
  '\u0000', 'Коваль\u0000', '\u0001\u0008\u001b[31m\u007f', 'рядок\r\nSet-Cookie: x=1', '\ud800', 'a\udfffb', '\udbff\ud800',
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'; DROP TABLE appeals; --", "' OR '1'='1", 'SELECT * FROM users',
  '../../../../etc/passwd', '%00', '\u202eтекст', '\u200b', '👩🏽‍⚖️', 'A\u0301', '${7*7}{{7*7}}', 'NaN', 'Infinity', '-0', '1e308',
  ' ', '', 'ї'.repeat(5000), 'x'.repeat(KB100),
];

/** Hostile JSON values: the strings above, extreme numbers, deep nesting, huge arrays, prototype keys. */
export const HOSTILE_VALUES: readonly unknown[] = [
  ...HOSTILE_STRINGS,
  1e308, -1e308, new RawJson('-0'), new RawJson('1e309'), new RawJson('-1e309'), 2 ** 53 + 1, 0.1 + 0.2, new RawJson('1.0e-400'),
  nested(5000, '[', ']'), nested(5000, '{"a":', '}'), Array.from({ length: 10_000 }, () => 0), Array.from({ length: 2000 }, () => 'x'.repeat(8)),
  JSON.parse('{"__proto__": {"isAdmin": true}}') as unknown, { constructor: { prototype: { isAdmin: true } } },
];

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'ключ\u0000', '\ud800', 'x'.repeat(10_000)];

function objectPaths(schema: JsonSchema, value: unknown, path: string[] = []): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const own = matchingAlternative(schema, value) ?? {};
  const object = value as Record<string, unknown>;
  const keys = new Set([...Object.keys(own.properties ?? {}), ...Object.keys(object)]);
  return [...keys].flatMap((key) => [[...path, key], ...objectPaths(own.properties?.[key] ?? {}, object[key], [...path, key])]);
}

function setAt(value: unknown, path: string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const object = (value ?? {}) as Record<string, unknown>;
  return withKey(object, path[0]!, setAt(object[path[0]!], path.slice(1), replacement));
}

/** JSON text of a valid value with one place (or the whole) made hostile, or a hostile key added. */
export function hostileJson(schema: JsonSchema, hints: Hints = {}): fc.Arbitrary<{ text: string; flaw: string }> {
  return validValue(schema, hints).chain((value) => {
    const paths = [[], ...objectPaths(schema, value)];
    const replaced = fc.tuple(fc.constantFrom(...paths), fc.constantFrom(...HOSTILE_VALUES.keys()))
      .map(([path, index]) => ({ text: toJsonText(setAt(value, path, HOSTILE_VALUES[index])), flaw: `${path.join('.') || 'the body'} ← hostile value #${index}` }));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return replaced;
    const keyed = fc.constantFrom(...HOSTILE_KEYS)
      .map((key) => ({ text: toJsonText(withKey(value as Record<string, unknown>, key, { isAdmin: true })), flaw: `hostile key ${JSON.stringify(key.slice(0, 20))}` }));
    return fc.oneof(replaced, keyed);
  });
}

/** A hostile value for a URL parameter or a query field: always text there. */
export const hostileText: fc.Arbitrary<string> = fc.constantFrom(...HOSTILE_STRINGS, '9'.repeat(400), '-1', '1.5', '0x10', '[]', '{}', 'true', 'null');

/** Percent-encodes text for a URL; a lone half of a UTF-16 pair is written as the bytes a sloppy encoder produces. */
export function encodeUrlValue(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    out += code >= 0xd800 && code <= 0xdfff
      ? `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase()
      : encodeURIComponent(char);
  }
  return out;
}
