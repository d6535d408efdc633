// What a supervisor writes into an article, tidied as before but without a pattern that backtracks,
// and refused for its length before any tidying.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { markdownBody, tagField } from './input.ts';

// The tidying as it was: the reference, on short texts only (its \s+$ retries at every space).
const WORD_APOSTROPHE = /(?<=\p{L})['ʼ`´‘ʹ](?=\p{L})/gu;
// eslint-disable-next-line regexp/no-super-linear-move -- the old pattern, kept as the reference
const oldTidy = (text: string) => text.normalize('NFC').replace(/\r\n?/g, '\n').replace(WORD_APOSTROPHE, '’').replace(/^\s*\n|\s+$/g, '');

describe('article text rules on hostile text', () => {
  test('blank lines before the text and white space after it go, as before, on any text', () => {
    const body = markdownBody(1000, 'Текст');
    const text = fc.array(fc.constantFrom(' ', '\t', '\n', '\r', '\r\n', '\u00a0', '\u2028', '\ufeff', 'а', 'b', '#', '-', '\''), { maxLength: 24 }).map((p) => p.join(''));
    fc.assert(fc.property(text, (value) => {
      const expected = oldTidy(value);
      const result = body.safeParse(value);
      if (expected === '') assert.equal(result.success, false);
      else assert.deepEqual(result, { success: true, data: expected }, JSON.stringify(value));
    }), { numRuns: 3000 });
    assert.deepEqual(body.safeParse('\n\n  \n   - пункт\n  з відступом  \n\n'), { success: true, data: '   - пункт\n  з відступом' });
  });

  test('a letter, 200 000 spaces and a letter are refused for their length alone', () => {
    const result = markdownBody(50_000, 'Текст статті').safeParse(`а${' '.repeat(200_000)}б`);
    assert.deepEqual(result.error?.issues.map((issue) => issue.message), ['Текст статті: не довше 50000 символів']);
  });

  test('a tag far over its limit is refused before it is tidied', () => {
    assert.deepEqual(tagField.safeParse(`суд${' '.repeat(500)}<b>`).error?.issues.map((issue) => issue.message), ['Тег: не довше 50 символів']);
    assert.deepEqual(tagField.safeParse('  Суд   Першої  '), { success: true, data: 'суд першої' });
  });
});
