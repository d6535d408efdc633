import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseWord, stem } from './stem.ts';

const stemOf = (word: string): string => stem(normaliseWord(word));

function sameStem(forms: string[]): void {
  const stems = new Set(forms.map(stemOf));
  assert.equal(stems.size, 1, `${forms.join(', ')} → ${[...stems].join(', ')}`);
}

describe('Ukrainian stemmer', () => {
  test('H2: the cases of a noun share one stem: суд, справа, звернення, апеляція, стаття', () => {
    sameStem(['суд', 'суду', 'судом', 'суді', 'судів', 'судам', 'судами', 'судах']);
    sameStem(['справа', 'справи', 'справі', 'справу', 'справою', 'справ', 'справам', 'справами', 'справах']);
    sameStem(['звернення', 'зверненню', 'зверненням', 'звернень', 'зверненнями', 'зверненнях']);
    sameStem(['апеляція', 'апеляції', 'апеляцію', 'апеляцією', 'апеляцій', 'апеляціями']);
    sameStem(['стаття', 'статті', 'статтю', 'статтею', 'статей']);
    sameStem(['рішення', 'рішенню', 'рішенням', 'рішень']);
    sameStem(['скарга', 'скарги', 'скаргу', 'скаргою', 'скарг']);
    sameStem(['збір', 'збору', 'збором', 'зборі', 'зборів']);
    sameStem(['рік', 'року', 'роком', 'роки', 'років']); // році (к → ц) is not handled
    sameStem(['спосіб', 'способу', 'способом']);
    assert.equal(stemOf('суд'), 'суд');
    assert.equal(stemOf('справа'), 'справ');
  });

  test('H2: the forms of an adjective share one stem, hard and soft', () => {
    sameStem(['апеляційний', 'апеляційного', 'апеляційному', 'апеляційним', 'апеляційна', 'апеляційної', 'апеляційну', 'апеляційною', 'апеляційне', 'апеляційні', 'апеляційних', 'апеляційними']);
    sameStem(['судовий', 'судового', 'судовому', 'судова', 'судової', 'судові']);
    sameStem(['останній', 'останнього', 'останньому', 'остання', 'останню', 'останні', 'останніх']);
  });

  test('H2: a missing doubled letter is forgiven: «зверненя» is «звернення»', () => {
    assert.equal(stemOf('зверненя'), stemOf('звернення'));
    assert.equal(stemOf('питаня'), stemOf('питання'));
  });

  test('H2: a judge is not a court: суддя and суд keep different stems', () => {
    sameStem(['суддя', 'судді', 'суддю', 'суддею', 'суддів']);
    assert.notEqual(stemOf('суддя'), stemOf('суд'));
  });

  test('H2: short roots are not cut down to nothing', () => {
    sameStem(['суть', 'суті', 'суттю']);
    assert.equal(stemOf('суть'), 'сут');
    assert.equal(stemOf('Київ'), 'київ');
    assert.equal(stemOf('дні'), 'дн');
  });

  test('H2: apostrophe variants are one word: м\'яко, м’яко, мʼяко, м`яко', () => {
    const forms = ['м\'яко', 'м’яко', 'мʼяко', 'м`яко', 'м‘яко', 'мяко'].map(normaliseWord);
    assert.equal(new Set(forms).size, 1, forms.join(', '));
    assert.equal(normaliseWord('Мар’яна'), 'маряна');
  });

  test('H2: case, stress marks, Latin look-alikes and ґ are normalised', () => {
    assert.equal(normaliseWord('СУД'), 'суд');
    assert.equal(normaliseWord('спра\u0301ва'), 'справа', 'stress mark dropped');
    assert.equal(normaliseWord('cуд'), 'суд', 'Latin c in a Cyrillic word');
    assert.equal(normaliseWord('Bідповідь'), 'відповідь', 'Latin B in a Cyrillic word');
    assert.equal(normaliseWord('court'), 'court', 'a Latin word stays Latin');
    assert.equal(normaliseWord('ґанок'), normaliseWord('ганок'));
    assert.equal(normaliseWord('ё'), 'е');
  });

  test('words that are not Ukrainian are left as they are', () => {
    assert.equal(stemOf('court'), 'court');
    assert.equal(stemOf('2024'), '2024');
    assert.equal(stemOf('reyestr'), 'reyestr');
  });

  test('the stemmer is pure and total: any word gives a non-empty stem', () => {
    for (const word of ['я', 'ти', 'ія', 'ою', 'ього', 'а', 'ьь', 'її']) {
      assert.ok(stemOf(word).length > 0, word);
    }
  });
});
