import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  abuseLines,
  addressed,
  apologyLines,
  badAudioScript,
  closingScript,
  holdScript,
  introduction,
  openingScript,
  outsidePowersLine,
} from './script.ts';
import { APOLOGY_PHRASES, BAD_AUDIO_PHRASE, CLOSING_PHRASE, DOVIRA_WORDING, OFFER_HELP } from './phrases.ts';
import { CALL_STEPS } from './steps.ts';

const operator = { operatorNumber: 17, operatorFullName: 'Олена Петрівна Коваленко' };
const morningInKyiv = new Date('2026-01-15T07:00:00Z'); // 09:00 Kyiv

describe('G2-G5: opening script', () => {
  test('G2-G5: lines come in the order greeting, introduction, form of address, offer of help', () => {
    const script = openingScript({ instant: morningInKyiv, ...operator });
    assert.equal(script.period, 'morning');
    assert.deepEqual(
      script.lines.map((line) => [line.step, line.requirement, line.text]),
      [
        ['greeted', 'G2', 'Доброго ранку'],
        ['introduced', 'G3', 'Оператор № 17, Олена Петрівна Коваленко'],
        ['form_of_address_asked', 'G4', 'Як я можу до Вас звертатись?'],
        ['help_offered', 'G5', 'Чим можу Вам допомогти?'],
      ],
    );
    assert.ok(script.lines.every((line) => line.source === 'standard'));
  });

  test('G2: the opening greeting uses the given instant and boundaries', () => {
    const evening = openingScript({ instant: new Date('2026-01-15T16:00:00Z'), ...operator });
    assert.equal(evening.lines[0]?.text, 'Доброго вечора');
    const custom = openingScript({
      instant: new Date('2026-01-15T16:00:00Z'), // 18:00 Kyiv
      ...operator,
      boundaries: { morningStartsAt: '05:00', dayStartsAt: '12:00', eveningStartsAt: '19:00' },
    });
    assert.equal(custom.lines[0]?.text, 'Доброго дня');
  });

  test('G3: introduction follows the example «Оператор № 17, Олена Петрівна Коваленко»', () => {
    assert.equal(introduction(17, 'Олена Петрівна Коваленко'), 'Оператор № 17, Олена Петрівна Коваленко');
    assert.equal(introduction(' 017 ', '  Олена   Петрівна Коваленко '), 'Оператор № 017, Олена Петрівна Коваленко');
  });

  test('G3: a missing operator number or name is a programming error', () => {
    assert.throws(() => introduction('', 'Олена Петрівна Коваленко'), RangeError);
    assert.throws(() => introduction('17a', 'Олена Петрівна Коваленко'), RangeError);
    assert.throws(() => introduction(17, '   '), RangeError);
  });

  test('G4: once the form of address is known, the G5 line uses it', () => {
    const script = openingScript({ instant: morningInKyiv, ...operator, formOfAddress: 'пане Іване' });
    const help = script.lines[3];
    assert.equal(help?.text, 'Пане Іване, чим можу Вам допомогти?');
    assert.equal(help?.publishedPhrase, OFFER_HELP);
    assert.equal(script.lines[2]?.text, 'Як я можу до Вас звертатись?');
  });

  test('G4: a blank form of address leaves the exact G5 phrase', () => {
    for (const formOfAddress of ['', '   ', undefined]) {
      const script = openingScript({ instant: morningInKyiv, ...operator, formOfAddress });
      assert.equal(script.lines[3]?.text, OFFER_HELP);
    }
  });

  test('G4: addressed() tidies the form of address and the sentence start', () => {
    assert.equal(addressed('Чим можу Вам допомогти?', '  Пані  Олено, '), 'Пані Олено, чим можу Вам допомогти?');
    assert.equal(addressed('Дякую, що зачекали.', 'Олександре'), 'Олександре, дякую, що зачекали.');
  });

  test('G2: an invalid instant throws', () => {
    assert.throws(() => openingScript({ instant: new Date('x'), ...operator }), TypeError);
  });
});

describe('C3-C4: closing script', () => {
  test('C3-C4: understanding check (Dovira wording) then the exact closing phrase', () => {
    assert.deepEqual(closingScript(), [
      {
        step: 'understanding_confirmed',
        requirement: 'C3',
        text: 'Чи все Вам зрозуміло? Чи залишились у Вас ще питання?',
        source: 'dovira',
      },
      {
        step: 'closing_phrase_said',
        requirement: 'C4',
        text: CLOSING_PHRASE,
        source: 'standard',
        publishedPhrase: CLOSING_PHRASE,
      },
    ]);
  });

  test('C4: the closing phrase stays exact even with a form of address', () => {
    const [check, closing] = closingScript({ formOfAddress: 'Пане Іване' });
    assert.equal(check?.text, 'Пане Іване, чи все Вам зрозуміло? Чи залишились у Вас ще питання?');
    assert.equal(closing?.text, CLOSING_PHRASE);
  });
});

describe('other situations', () => {
  test('T1-T2: bad audio attempt then the exact T2 phrase', () => {
    const [attempt, ending] = badAudioScript();
    assert.equal(attempt?.requirement, 'T1');
    assert.equal(attempt?.source, 'dovira');
    assert.equal(ending?.requirement, 'T2');
    assert.equal(ending?.text, BAD_AUDIO_PHRASE);
  });

  test('H1-H5: hold lines are Dovira wording tied to H requirements', () => {
    const lines = holdScript('Пані Олено');
    assert.equal(lines.request.requirement, 'H1');
    assert.match(lines.request.text, /^Пані Олено, мені потрібно уточнити інформацію\./);
    assert.equal(lines.returnFromHold.text, 'Пані Олено, дякую, що зачекали.');
    assert.equal(lines.callbackOffer.requirement, 'H3');
    assert.equal(lines.transfer.requirement, 'H4');
    for (const line of Object.values(lines)) assert.equal(line.source, 'dovira');
  });

  test('C1: outside-powers explanation is Dovira wording', () => {
    assert.deepEqual(outsidePowersLine(), {
      step: 'outside_powers_explained',
      requirement: 'C1',
      text: DOVIRA_WORDING.outsidePowers,
      source: 'dovira',
    });
  });

  test('D2: apology lines are the published phrases', () => {
    assert.deepEqual(apologyLines().map((line) => line.text), [...APOLOGY_PHRASES]);
  });

  test('D3: warning comes before the ending words', () => {
    assert.deepEqual(abuseLines().map((line) => line.text), [DOVIRA_WORDING.abuseWarning, DOVIRA_WORDING.abuseEnding]);
  });

  test('B2: every script line names a known call step that covers its requirement', () => {
    const lines = [
      ...openingScript({ instant: morningInKyiv, ...operator }).lines,
      ...closingScript(),
      ...badAudioScript(),
      ...Object.values(holdScript()),
      outsidePowersLine(),
      ...apologyLines(),
      ...abuseLines(),
    ];
    for (const line of lines) {
      const step = CALL_STEPS.find((candidate) => candidate.id === line.step);
      assert.ok(step, line.step);
      assert.ok((step.requirements as readonly string[]).includes(line.requirement), `${line.step} ${line.requirement}`);
    }
  });
});
