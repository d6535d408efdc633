// The shared field rules on hostile text: the length is checked on the text as sent before any
// tidying or pattern, and the markup check refuses exactly what it refused before it was made linear.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { freeText, personName } from './fields.ts';

// The markup pattern as it was: the reference, on short texts only (it backtracks on long ones).
// eslint-disable-next-line regexp/no-super-linear-backtracking -- the old pattern, kept as the reference
const OLD_MARKUP = /<\s*\/?\s*[a-zA-Z!?][^>]*>?/;

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues.map((issue) => issue.message) ?? [];

describe('free-text field rules on hostile text', () => {
  test('a text longer than twice the limit is refused for its length alone: no other rule reads it', () => {
    const field = freeText(100, 'Суть');
    const oversize = `<b>\u0000${'я'.repeat(300)}`;
    assert.deepEqual(messages(field.safeParse(oversize)), ['Суть: не довше 100 символів']);
    assert.deepEqual(messages(personName(100, 'Прізвище').safeParse(`1${' '.repeat(1000)}`)), ['Прізвище: не довше 100 символів']);
  });

  test('spaces that tidying removes leave room: a short text padded with spaces is still accepted', () => {
    const field = freeText(100, 'Суть');
    assert.deepEqual(field.safeParse(`а${' '.repeat(150)}б`), { success: true, data: 'а б' });
    assert.deepEqual(messages(field.safeParse(`а${'\n'.repeat(150)}б`)), ['Суть: не довше 100 символів']);
  });

  test('«<», a run of line breaks and a letter is markup; with a digit it is text', () => {
    const field = freeText(5000, 'Суть');
    assert.deepEqual(messages(field.safeParse(`<${'\n'.repeat(4000)}a`)), ['Суть: HTML-розмітка не допускається']);
    assert.equal(field.safeParse(`<${'\n'.repeat(4000)}1`).success, true);
    assert.equal(field.safeParse('Сума < 5 гривень, а > 2').success, true);
  });

  test('markup is refused exactly where the old pattern refused it, on any text', () => {
    const field = freeText(200, 'Суть');
    const text = fc.array(fc.constantFrom('<', '/', '>', ' ', '\n', '\t', 'a', 'Z', '!', '?', '1', 'б', '-'), { minLength: 1, maxLength: 20 }).map((p) => p.join(''));
    fc.assert(fc.property(text, (value) => {
      const refused = messages(field.safeParse(value)).includes('Суть: HTML-розмітка не допускається');
      assert.equal(refused, OLD_MARKUP.test(value), JSON.stringify(value));
    }), { numRuns: 3000 });
  });
});
