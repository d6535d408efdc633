// The generator the route fuzzing stands on: what it calls valid, a zod schema accepts; what it
// calls almost valid, the same schema refuses; and its hostile values carry what they promise.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { z } from 'zod';
import secureJson from 'secure-json-parse';
import { almostValid, encodeUrlValue, hostileJson, RawJson, toJsonText, validValue, withKey, type Hints, type JsonSchema } from './schema-arbitrary.ts';

const Sample = z.strictObject({
  id: z.uuid(),
  at: z.iso.datetime({ offset: true }),
  email: z.email().optional(),
  kind: z.enum(['remark', 'complaint']),
  count: z.int().min(1).max(100),
  ratio: z.number().min(0).max(1).optional(),
  name: z.string().min(1).max(20),
  code: z.string().regex(/^[a-z][a-z0-9-]{2,9}$/),
  tags: z.array(z.string().max(10)).max(3),
  note: z.string().max(50).nullable(),
  flag: z.boolean(),
  nested: z.strictObject({ level: z.literal('deep'), items: z.array(z.int().min(0).max(9)).min(1).max(2) }),
  event: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('a'), x: z.int().min(0).max(5) }),
    z.strictObject({ type: z.literal('b'), y: z.string().max(3).optional() }),
  ]),
});
const schema = z.toJSONSchema(Sample) as JsonSchema;

// A rule the JSON Schema cannot carry (a refinement), given to the generator as a hint.
const Phone = z.strictObject({ phone: z.string().max(30).refine((p) => /^0\d{9}$/.test(p)) });
const phoneHints: Hints = {
  valid: (name) => (name === 'phone' ? fc.stringMatching(/^0\d{9}$/) : undefined),
  malformed: (name) => (name === 'phone' ? ['12345', '+380 12', 'телефон'] : undefined),
};

describe('schema arbitraries', () => {
  test('every valid value passes the schema it was generated from', () => {
    fc.assert(fc.property(validValue(schema), (value) => {
      const parsed = Sample.safeParse(value);
      assert.ok(parsed.success, `${JSON.stringify(value)}: ${parsed.error?.message}`);
    }), { numRuns: 300 });
  });

  test('every almost-valid value is refused, for the one flaw it names', () => {
    const flaws = new Set<string>();
    fc.assert(fc.property(almostValid(schema), (flawed) => {
      assert.ok(flawed, 'the sample schema always has something to break');
      flaws.add(flawed.flaw.replace(/^[^:]*: /, ''));
      assert.equal(Sample.safeParse(flawed.value).success, false, `${flawed.flaw}: ${JSON.stringify(flawed.value)}`);
    }), { numRuns: 500 });
    for (const kind of ['wrong type', 'malformed or wrong length', 'out of range', 'not one of the allowed values', 'an unknown field', 'one item too many']) {
      assert.ok(flaws.has(kind), `${kind} among ${[...flaws].join(', ')}`);
    }
    assert.ok([...flaws].some((flaw) => flaw.endsWith(' missing')), 'a missing required field');
  });

  test('hints give valid values the schema cannot describe, and their malformed ones', () => {
    const phoneSchema = z.toJSONSchema(Phone, { io: 'input' }) as JsonSchema;
    fc.assert(fc.property(validValue(phoneSchema, phoneHints), (value) => assert.ok(Phone.safeParse(value).success, JSON.stringify(value))), { numRuns: 50 });
    fc.assert(fc.property(almostValid(phoneSchema, phoneHints), (flawed) => assert.equal(Phone.safeParse(flawed!.value).success, false, flawed!.flaw)), { numRuns: 100 });
  });

  test('hostile bodies are JSON text carrying control characters, lone surrogates, 100 KB strings, deep nesting and prototype keys', () => {
    const texts = fc.sample(hostileJson(schema), { numRuns: 3000, seed: 42 }).map((h) => h.text);
    for (const text of texts) JSON.parse(text); // well-formed, however hostile
    assert.ok(texts.some((t) => t.includes('\\u0000')), 'NUL');
    assert.ok(texts.some((t) => t.includes('\\ud800')), 'a lone surrogate');
    assert.ok(texts.some((t) => t.length > 100 * 1024), 'a 100 KB string');
    assert.ok(texts.some((t) => t.includes('[[[[[[[[[[')), 'deep nesting');
    assert.ok(texts.some((t) => t.includes('"__proto__"')), 'a __proto__ key');
    assert.ok(texts.some((t) => /:-0\b/.test(t)), 'negative zero');
    assert.ok(texts.some((t) => t.includes('<script>')), 'markup');
    assert.ok(texts.some((t) => t.includes('DROP TABLE')), 'SQL');
    const refused = texts.filter((t) => { try { secureJson.parse(t, undefined, { protoAction: 'error', constructorAction: 'error' }); return false; } catch { return true; } });
    assert.ok(refused.length > 0 && refused.every((t) => t.includes('__proto__') || t.includes('constructor')), 'only prototype keys make a strict parser refuse');
  });

  test('raw JSON pieces and own __proto__ keys are written as they are', () => {
    assert.equal(toJsonText({ a: new RawJson('-0'), b: [new RawJson('1e309')] }), '{"a":-0,"b":[1e309]}');
    assert.equal(toJsonText(withKey({ a: 1 }, '__proto__', { x: 1 })), '{"a":1,"__proto__":{"x":1}}');
    assert.equal(encodeUrlValue('а b/\u0000'), '%D0%B0%20b%2F%00');
    assert.equal(encodeUrlValue('x\ud800'), 'x%ED%A0%80');
  });
});
