import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APOLOGY_PHRASES,
  APPEAL_KIND_KEYS,
  APPEAL_KINDS,
  ASK_FORM_OF_ADDRESS,
  BAD_AUDIO_PHRASE,
  CALL_LANGUAGES,
  CLARIFYING_PHRASES,
  CLOSING_PHRASE,
  COURTESY_WORDS,
  DEFAULT_CALL_LANGUAGE,
  DOVIRA_WORDING,
  GREETING_PHRASES,
  INTRODUCTION_TEMPLATE,
  OFFER_HELP,
  PHRASE_CATALOGUE,
  isAppealKind,
  isCallLanguage,
  normalizeApostrophes,
} from './phrases.ts';

// Expected strings are copied from the published standard.uk.txt, not from STANDARD.md.
describe('published phrases, character for character', () => {
  test('G2: the three greetings', () => {
    assert.deepEqual(GREETING_PHRASES, {
      morning: 'Доброго ранку',
      day: 'Доброго дня',
      evening: 'Доброго вечора',
    });
  });

  test('G3: introduction template keeps the typographic apostrophe and the № sign', () => {
    assert.equal(INTRODUCTION_TEMPLATE, 'Оператор № (назвати номер) та назвати своє повне ім’я');
    assert.ok(INTRODUCTION_TEMPLATE.includes('\u2116'));
    assert.ok(INTRODUCTION_TEMPLATE.includes('\u2019'));
    assert.ok(!INTRODUCTION_TEMPLATE.includes("'"));
  });

  test('G4: asking the form of address', () => {
    assert.equal(ASK_FORM_OF_ADDRESS, 'Як я можу до Вас звертатись?');
  });

  test('G5: offering help', () => {
    assert.equal(OFFER_HELP, 'Чим можу Вам допомогти?');
  });

  test('G6: courtesy words', () => {
    assert.deepEqual(COURTESY_WORDS, ['Прошу Вас', 'Будь ласка', 'Якщо можна']);
  });

  test('C2: clarifying phrases end with the ellipsis character', () => {
    assert.deepEqual(CLARIFYING_PHRASES, [
      'Будь ласка, уточніть Ваш запит щодо\u2026',
      'Якщо я Вас вірно зрозумів/ла Ви бажаєте\u2026',
    ]);
  });

  test('C4: closing phrase', () => {
    assert.equal(
      CLOSING_PHRASE,
      'Дякуємо Вам за дзвінок, при потребі телефонуйте ще, завжди будемо раді Вам допомогти',
    );
  });

  test('D2: apology phrases keep the typographic apostrophe', () => {
    assert.deepEqual(APOLOGY_PHRASES, [
      'Просимо вибачення за неякісне обслуговування, надалі ці недоліки ми обов\u2019язково врахуємо в роботі та терміново їх усунемо',
      'Дякуємо, що Ви звернули нашу увагу на цю проблему/помилку/питання',
    ]);
  });

  test('T2: bad audio phrase, with no comma after «будь ласка» as published', () => {
    assert.equal(BAD_AUDIO_PHRASE, 'Зателефонуйте, будь ласка ще раз, Вас не чути');
  });

  test('G2-T2: no phrase has stray whitespace or a straight apostrophe', () => {
    for (const { text } of PHRASE_CATALOGUE) {
      assert.equal(text, text.trim(), text);
      assert.ok(!/\s{2}|\u00a0|'/.test(text), text);
    }
  });
});

describe("Dovira's own wording is kept apart from the Standard's", () => {
  test('C1, C3, D3: Dovira wording is catalogued as source "dovira"', () => {
    const dovira = PHRASE_CATALOGUE.filter((phrase) => phrase.source === 'dovira');
    const requirements = new Set(dovira.map((phrase) => phrase.requirement));
    for (const id of ['C1', 'C3', 'D3'] as const) assert.ok(requirements.has(id), id);
    assert.deepEqual(
      dovira.map((phrase) => phrase.text).sort(),
      Object.values(DOVIRA_WORDING).sort(),
    );
  });

  test('G2-T2: every published phrase is catalogued as source "standard"', () => {
    const standard = PHRASE_CATALOGUE.filter((phrase) => phrase.source === 'standard').map((p) => p.text);
    for (const text of [
      ...Object.values(GREETING_PHRASES),
      INTRODUCTION_TEMPLATE,
      ASK_FORM_OF_ADDRESS,
      OFFER_HELP,
      ...COURTESY_WORDS,
      ...CLARIFYING_PHRASES,
      CLOSING_PHRASE,
      ...APOLOGY_PHRASES,
      BAD_AUDIO_PHRASE,
    ]) {
      assert.ok(standard.includes(text), text);
    }
  });

  test('G6: Dovira wording addresses the caller with «Вас/Вам», never «ти»', () => {
    for (const text of Object.values(DOVIRA_WORDING)) {
      assert.ok(!/(^|[^а-яіїєґ’])(ти|тебе|тобі|твій|твоє)([^а-яіїєґ’]|$)/iu.test(text), text);
    }
  });
});

describe('normalizeApostrophes', () => {
  test('D2: transcript apostrophes compare equal to the published ’', () => {
    assert.equal(normalizeApostrophes("обов'язково"), 'обов’язково');
    assert.equal(normalizeApostrophes('обовʼязково'), 'обов’язково');
    assert.equal(normalizeApostrophes('ім‘я'), 'ім’я');
  });
});

describe('A1: appeal kinds', () => {
  test('A1: six kinds with their Ukrainian labels', () => {
    assert.deepEqual(APPEAL_KINDS, {
      remark: 'зауваження',
      proposal: 'пропозиція',
      statement: 'заява',
      complaint: 'скарга',
      request: 'прохання',
      demand: 'вимога',
    });
    assert.deepEqual(APPEAL_KIND_KEYS, ['remark', 'proposal', 'statement', 'complaint', 'request', 'demand']);
  });

  test('A1: isAppealKind accepts keys only', () => {
    assert.equal(isAppealKind('complaint'), true);
    assert.equal(isAppealKind('скарга'), false);
    assert.equal(isAppealKind('toString'), false);
    assert.equal(isAppealKind(undefined), false);
  });
});

describe('G1: call languages', () => {
  test('G1: Ukrainian is the default, with English and other languages', () => {
    assert.equal(DEFAULT_CALL_LANGUAGE, 'uk');
    assert.equal(CALL_LANGUAGES.uk, 'українська');
    assert.deepEqual(Object.keys(CALL_LANGUAGES), ['uk', 'en', 'other']);
    assert.equal(isCallLanguage('en'), true);
    assert.equal(isCallLanguage('ru'), false);
    assert.equal(isCallLanguage('constructor'), false);
  });
});
