import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { namedFieldMessage, usePlainZodMessages } from './zod-messages.ts';

usePlainZodMessages();

const messages = (schema: z.ZodType, value: unknown): string[] => schema.safeParse(value).error?.issues.map((issue) => issue.message) ?? [];

describe('zod’s own rules in plain Ukrainian', () => {
  test('a missing field is «поле обов’язкове»; one of another type names the type a person knows', () => {
    const body = z.strictObject({ a: z.string(), b: z.number(), c: z.boolean(), d: z.array(z.string()), e: z.object({}), f: z.int() });
    assert.deepEqual(messages(body, {}), Array(6).fill('поле обов’язкове'));
    assert.deepEqual(messages(body, { a: 1, b: 'x', c: 'так', d: 'x', e: 1, f: 1.5 }), [
      'очікується текст', 'очікується число', 'очікується так або ні (true чи false)', 'очікується список', 'очікується об’єкт із полями', 'очікується ціле число',
    ]);
  });

  test('a choice lists what may be chosen; bounds say the bound and its unit', () => {
    assert.deepEqual(messages(z.enum(['uk', 'en']), 'klingon'), ['оберіть одне з: «uk», «en»']);
    assert.deepEqual(messages(z.literal('ok'), 'no'), ['має бути «ok»']);
    const event = z.discriminatedUnion('type', [z.object({ type: z.literal('hold') }), z.object({ type: z.literal('ended') })]);
    assert.deepEqual(messages(event, { type: 'nonsense' }), ['оберіть одне з: «hold», «ended»']);
    assert.deepEqual(messages(event, {}), ['поле обов’язкове']);
    assert.deepEqual(messages(z.enum(Array.from({ length: 40 }, (_, i) => `v${i}`) as [string, ...string[]]), 'x')[0]!.split('», «').length, 12, 'a long list is cut');
    assert.deepEqual(messages(z.string().max(3), 'abcd'), ['не більше 3 символів']);
    assert.deepEqual(messages(z.string().min(1), ''), ['поле обов’язкове']);
    assert.deepEqual(messages(z.number().max(100), 1e308), ['не більше 100']);
    assert.deepEqual(messages(z.number().positive(), -1), ['більше 0']);
    assert.deepEqual(messages(z.array(z.string()).max(2), ['a', 'b', 'c']), ['не більше 2 елементів']);
  });

  test('a schema’s own words are kept; zod’s get the field named before them', () => {
    assert.deepEqual(messages(z.string({ error: 'Прізвище: очікується текст' }), undefined), ['Прізвище: очікується текст']);
    assert.equal(namedFieldMessage('surname', 'Прізвище: поле обов’язкове'), 'Прізвище: поле обов’язкове');
    assert.equal(namedFieldMessage('limit', 'не більше 100'), 'Поле «limit»: не більше 100');
    assert.equal(namedFieldMessage('id', 'Неправильний UUID'), 'Поле «id»: неправильний UUID');
    assert.equal(namedFieldMessage('id', 'UUID неправильний'), 'Поле «id»: UUID неправильний', 'an abbreviation keeps its capitals');
  });
});
