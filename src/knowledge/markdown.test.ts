// The hand-written link scanner against the regular expressions it replaces: the same
// answers on any text (the old patterns serve as the reference, on short texts only), and work that
// grows with the text's length, not with its square, on the texts that made the old patterns stall.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { linkMatcher, replaceLinks } from './markdown.ts';
import { markdownToPlain } from './text.ts';

// The patterns as they were. They backtrack super-linearly, which is why they are only the
// reference here, run on texts of a few dozen characters.
/* eslint-disable regexp/no-super-linear-backtracking, regexp/no-super-linear-move, regexp/optimal-quantifier-concatenation -- the old patterns, kept as the reference */
const OLD_IMAGE = /!\[([^\]]*)\]\(([^)\s]*)[^)]*\)/g;
const OLD_LINK = /\[([^\]]+)\]\(([^)\s]*)[^)]*\)/g;
/* eslint-enable regexp/no-super-linear-backtracking, regexp/no-super-linear-move, regexp/optimal-quantifier-concatenation */

const shown = (label: string, address: string) => `<${label}|${address}>`;

// Texts made of the pieces that matter to links and marks, and a few that do not.
const markdownish = fc.array(fc.constantFrom('[', ']', '(', ')', '](', '![', '[a]', '(b)', '*', '**', '_', '__', '`', ' ', '\n', '\u00a0', 'a', 'б', '"'), { maxLength: 24 })
  .map((pieces) => pieces.join(''));

describe('Markdown links without backtracking', () => {
  test('a link gives its label and address; an image its label; a title after the address is not the address', () => {
    assert.equal(replaceLinks('Див. [портал](https://court.gov.ua "Портал") тут', { image: false, title: true }, shown), 'Див. <портал|https://court.gov.ua> тут');
    assert.equal(replaceLinks('![герб](/img/gerb.png) Суд', { image: true, title: true }, shown), '<герб|/img/gerb.png> Суд');
    assert.equal(replaceLinks('![](x.png)', { image: true, title: true }, shown), '<|x.png>');
    assert.equal(replaceLinks('[](x) [a]() [b] (c) [d](e', { image: false, title: true }, shown), '[](x) <a|> [b] (c) [d](e');
    // The label runs to the first «]»: an earlier «[» belongs to it, as with the pattern.
    assert.equal(replaceLinks('[a [b](c)', { image: false, title: true }, shown), '<a [b|c>');
  });

  test('the browser’s links need an address without spaces right before «)»', () => {
    const linkAt = linkMatcher('[a](b) [c](d e) [f]()', { image: false, title: false });
    assert.deepEqual(linkAt(0), { start: 0, end: 6, label: 'a', address: 'b' });
    assert.equal(linkAt(7), null);
    assert.equal(linkAt(16), null);
  });

  test('links are replaced exactly as the old patterns replaced them, on any text', () => {
    fc.assert(fc.property(markdownish, (text) => {
      assert.equal(replaceLinks(text, { image: true, title: true }, shown), text.replace(OLD_IMAGE, (_all, label: string, address: string) => shown(label, address)));
      assert.equal(replaceLinks(text, { image: false, title: true }, shown), text.replace(OLD_LINK, (_all, label: string, address: string) => shown(label, address)));
    }), { numRuns: 3000 });
  });

  test('an excerpt’s plain text is what it was for ordinary articles', () => {
    const article = '# Стан справи\n\n![герб](gerb.png)\n\n- **Портал**: [court.gov.ua](https://court.gov.ua/) і [картка](https://court.gov.ua/card "Картка")\n> цитата';
    assert.equal(markdownToPlain(article), 'Стан справи герб Портал: court.gov.ua і картка (https://court.gov.ua/card) цитата');
  });

  test('the work grows with the text, not with its square, on the texts that stalled the old patterns', () => {
    const hostile = (size: number) => [
      '[a]('.repeat(size) + 'x'.repeat(size),
      '['.repeat(size),
      '!['.repeat(size),
      '[a]'.repeat(size),
      '[a](b'.repeat(size),
      '[a](b '.repeat(size),
      `[${'x'.repeat(size)}`,
      '*'.repeat(size) + '_'.repeat(size) + '`'.repeat(size),
    ];
    for (const [index, text] of hostile(2000).entries()) {
      const read = charactersRead(() => {
        replaceLinks(text, { image: true, title: true }, shown);
        replaceLinks(text, { image: false, title: true }, shown);
      });
      // Two scans, each reading every character a few times at most (a quadratic scan reads millions).
      assert.ok(read <= 8 * text.length, `text ${index} (${text.length} characters): ${read} characters read`);
    }
  });
});

/**
 * How many characters the searches inside `run` read: indexOf and global regular expressions, from
 * where they start to where they stop. A structural measure of work, not a clock.
 */
function charactersRead(run: () => void): number {
  const indexOf = String.prototype.indexOf;
  const exec = RegExp.prototype.exec;
  let read = 0;
  String.prototype.indexOf = function (this: string, search: string, from = 0) {
    const at = indexOf.call(this, search, from);
    read += (at === -1 ? this.length : at + search.length) - Math.max(0, from);
    return at;
  };
  RegExp.prototype.exec = function (this: RegExp, text: string) {
    const from = this.lastIndex;
    const match = exec.call(this, text);
    if (this.global) read += (match ? match.index + match[0].length : text.length) - from;
    return match;
  };
  try {
    run();
  } finally {
    String.prototype.indexOf = indexOf;
    RegExp.prototype.exec = exec;
  }
  return read;
}
