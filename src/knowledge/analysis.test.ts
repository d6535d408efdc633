import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { corrections, editDistance } from './fuzzy.ts';
import { excerpt, highlight, type Segment } from './highlight.ts';
import { combinedQuery, parseQuery, typedPattern } from './query.ts';
import { slugFromTitle, transliterate } from './slug.ts';
import { lexemes, markdownToPlain } from './text.ts';

const marked = (segments: Segment[]): string[] => segments.filter((s) => s.match).map((s) => s.text);
const joined = (segments: Segment[]): string => segments.map((s) => s.text).join('');
const patternsOf = (q: string) => parseQuery(q).map(typedPattern);

describe('knowledge text analysis', () => {
  test('H2: one wrong, missing, extra or swapped letter is one edit', () => {
    assert.equal(editDistance('справ', 'справ', 1), 0);
    assert.equal(editDistance('справ', 'спрaв', 1), 1);
    assert.equal(editDistance('справ', 'срав', 1), 1);
    assert.equal(editDistance('справ', 'сспрaв', 2), 2);
    assert.equal(editDistance('справ', 'спарв', 1), 1, 'adjacent letters swapped');
    assert.equal(editDistance('справ', 'суд', 1), 2, 'stops at max + 1');
  });

  test('H2: a typo is corrected to the nearest words of the vocabulary', () => {
    const vocabulary = ['справ', 'справа', 'прав', 'суд', 'апеляційн', 'звернен'];
    assert.ok(corrections('срав', 'сравах', vocabulary).includes('справ'));
    assert.ok(!corrections('срав', 'сравах', vocabulary).includes('прав'), 'a candidate keeping the first letter wins');
    assert.deepEqual(corrections('апеляцийн', 'апеляцийна', vocabulary), ['апеляційн']);
    assert.deepEqual(corrections('суб', 'суб', vocabulary), [], 'three letters are too few to guess from');
    assert.deepEqual(corrections('вайбер', 'вайбер', vocabulary), []);
  });

  test('H2: a query becomes stems; stop words drop out; long stems also match as prefixes', () => {
    const terms = parseQuery('Як перевірити стан моєї справи?');
    assert.deepEqual(terms.map((t) => t.stem), ['перевірит', 'стан', 'справ']);
    assert.deepEqual(typedPattern(terms[2]!), { exact: ['справ', 'справи'], prefixes: ['справ'] });
    assert.deepEqual(typedPattern({ word: 'суду', stem: 'суд' }).prefixes, [], 'short stems match exactly only');
    assert.deepEqual(typedPattern(terms[1]!).prefixes, [], '«стан» must not find every «стандарт»');
    assert.equal(combinedQuery(patternsOf('стан справи'), '&'), '(\'стан\') & (\'справ\' | \'справи\' | \'справ\':*)');
    assert.equal(parseQuery('<script>alert(1)</script>').map((t) => t.word).join(' '), 'script alert 1', 'a repeated word counts once');
  });

  test('H2: the index holds each word’s stem and the word itself', () => {
    assert.deepEqual(lexemes('Стан справи'), ['стан', 'справ', 'справи']);
    assert.deepEqual(lexemes('м’яко'), ['мяк', 'мяко']);
  });

  test('H2: highlights mark the matching words in any form and keep every character of the text', () => {
    const title = 'Справа в суді: як дізнатися стан справ <b>';
    const segments = highlight(title, patternsOf('справі'));
    assert.deepEqual(marked(segments), ['Справа', 'справ']);
    assert.equal(joined(segments), title, 'nothing lost, nothing added: markup stays inert text');
    assert.deepEqual(marked(highlight('М’яко і мʼяко', patternsOf('м\'яко'))), ['М’яко', 'мʼяко']);
  });

  test('H2: an excerpt is cut around the first match, with … where text was left out', () => {
    const text = `${'Вступ до теми. '.repeat(40)}Тут ідеться про апеляційну скаргу та строки. ${'Інший текст. '.repeat(40)}`;
    const segments = excerpt(text, patternsOf('апеляційна'));
    assert.equal(segments[0]!.text.startsWith('…'), true);
    assert.equal(segments.at(-1)!.text.endsWith('…'), true);
    assert.deepEqual(marked(segments), ['апеляційну']);
    const several = excerpt(`${'Вступ. '.repeat(60)}Апеляційна скарга на апеляційне рішення.`, patternsOf('апеляційна'));
    assert.deepEqual(marked(several), ['Апеляційна', 'апеляційне'], 'every match within the excerpt is marked');
    assert.ok(joined(segments).length <= 262 + 2);
    const start = excerpt('Короткий текст без збігів', patternsOf('апеляція'));
    assert.deepEqual(start, [{ text: 'Короткий текст без збігів', match: false }]);
  });

  test('H2: Markdown is read as plain text for excerpts; a link keeps its address', () => {
    const markdown = '## Заголовок\n\n- **жирний** пункт\n  1. вкладений\n> цитата\n\nДив. [портал](https://court.gov.ua/fair) і [court.gov.ua](https://court.gov.ua/) та `код`.';
    assert.equal(markdownToPlain(markdown), 'Заголовок жирний пункт вкладений цитата Див. портал (https://court.gov.ua/fair) і court.gov.ua та код.');
  });

  test('slugs follow the official transliteration', () => {
    assert.equal(slugFromTitle('Як дізнатися стан розгляду справи'), 'yak-diznatysia-stan-rozghliadu-spravy');
    assert.equal(transliterate('Єнакієве Згорани Їжакевич Юрій Яготин Щастя'), 'Yenakiieve Zghorany Yizhakevych Yurii Yahotyn Shchastia'.toLowerCase());
    assert.equal(slugFromTitle('Мар’яна та ґанок'), 'mariana-ta-ganok');
    assert.equal(slugFromTitle('!!!'), 'stattia');
    assert.equal(slugFromTitle('00000000-0000-4000-8000-000000000000'), 'stattia-00000000-0000-4000-8000-000000000000');
    assert.ok(slugFromTitle('дуже '.repeat(40)).length <= 80);
  });
});
