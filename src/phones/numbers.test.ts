// The phone readers on the forms real people and real exchanges write, and on hostile input.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { displayPhone, exchangePhone, readExchangeParty, readTypedPhone } from './numbers.ts';

// What a person types, and the number stored.
const TYPED: [string, string][] = [
  // Ukrainian mobiles and landlines in every national form.
  ['067 123 45 67', '+380671234567'],
  ['0671234567', '+380671234567'],
  ['(067) 123-45-67', '+380671234567'],
  ['067.123.45.67', '+380671234567'],
  ['380671234567', '+380671234567'],
  ['+380671234567', '+380671234567'],
  ['+38 (067) 123 45 67', '+380671234567'],
  ['  +380 67 123 45 67  ', '+380671234567'],
  ['044 123 45 67', '+380441234567'],
  ['(044) 207-35-46', '+380442073546'],
  ['+380 44 207 35 46', '+380442073546'],
  ['0322 12 34 56', '+380322123456'],
  ['050\u00a0123\u00a045\u00a067', '+380501234567'],
  // Foreign numbers with «+» or «00» and their country code.
  ['+49 30 5557 1600', '+493055571600'],
  ['+493055571600', '+493055571600'],
  ['0049 30 5557 1600', '+493055571600'],
  ['+48 22 123 45 67', '+48221234567'],
  ['0048221234567', '+48221234567'],
  ['+1 (202) 555-0123', '+12025550123'],
  ['+44 20 7946 0958', '+442079460958'],
];

// What a person may not type: no number, or a number no country uses.
const NOT_TYPED: string[] = [
  '', ' ', '+', '++380671234567', '00', '12345', '1017', '067 123 45 6', '067 123 45 678', '0001234567',
  '+380 00 000 00 00', '+38067123456', '+999 123 456 789', '493055571600', 'abc', '067-ABC-45-67', '+38О671234567',
  '067\u00001234567', '067\n1234567', '\u0007+380671234567', '0671234567;DROP TABLE calls', '+380671234567 доб. 12',
  '1'.repeat(10_000), `+${'9'.repeat(10_000)}`, ' '.repeat(10_000),
];

describe('a number as a person types it', () => {
  for (const [typed, e164] of TYPED) {
    test(`«${typed}» is ${e164}`, () => assert.equal(readTypedPhone(typed), e164));
  }
  test('no number, letters, control characters, huge input and numbers no country uses are refused', () => {
    for (const input of NOT_TYPED) assert.equal(readTypedPhone(input), null, JSON.stringify(input.slice(0, 40)));
  });
  test('an international number without «+» or «00» is not guessed from a person: it could be a mistyped local one', () => {
    assert.equal(readTypedPhone('48221234567'), null);
  });
});

describe('a party as an exchange sends it', () => {
  const phone = (input: string) => exchangePhone(readExchangeParty(input));

  test('international numbers without «+», as Zammad and many exchanges send them, are that number', () => {
    assert.equal(phone('493055571600'), '+493055571600');
    assert.equal(phone('48221234567'), '+48221234567');
    assert.equal(phone('12025550123'), '+12025550123');
    assert.equal(phone('004930 55571600'), '+493055571600');
  });

  test('Ukrainian numbers in every form are read as a person’s would be', () => {
    for (const [typed, e164] of TYPED) assert.equal(phone(typed), e164, typed);
    assert.equal(phone('380441234567'), '+380441234567');
  });

  test('a withheld number is told apart from no number, whatever the case or spaces', () => {
    for (const word of ['anonymous', 'Anonymous', 'ANONYMOUS', 'unknown', 'Unknown', 'restricted', 'Restricted', 'private', 'Private', 'withheld', ' Withheld ', '', '   ']) {
      assert.deepEqual(readExchangeParty(word), { kind: 'withheld' }, JSON.stringify(word));
    }
  });

  test('an extension, garbage and hostile input are no phone, and never an error', () => {
    for (const input of ['1017', '101', '7001', '*97', '#', '+', 'abc', 'anonymousX', 'sip:1017@pbx', '0000000000', '1'.repeat(10_000), 'anonymous'.repeat(1000), '\u0000', '493055571600\u0000']) {
      assert.deepEqual(readExchangeParty(input), { kind: 'none' }, JSON.stringify(input.slice(0, 40)));
    }
  });

  test('a found number carries its E.164 form', () => {
    assert.deepEqual(readExchangeParty('+380441234567'), { kind: 'phone', e164: '+380441234567' });
  });
});

describe('a stored number as people read it', () => {
  test('Ukrainian numbers in their national form, others in the international form', () => {
    assert.equal(displayPhone('+380441234567'), '044 123 4567');
    assert.equal(displayPhone('+380671234567'), '067 123 4567');
    assert.equal(displayPhone('+493055571600'), '+49 30 55571600');
    assert.equal(displayPhone('+48221234567'), '+48 22 123 45 67');
    assert.equal(displayPhone('+12025550123'), '+1 202 555 0123');
  });
  test('what does not parse is shown as it is', () => {
    assert.equal(displayPhone('1017'), '1017');
  });
});
