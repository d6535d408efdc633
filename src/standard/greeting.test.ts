import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_GREETING_BOUNDARIES,
  dayPeriodAt,
  greeting,
  kyivDate,
  kyivTimeOfDay,
  parseGreetingBoundaries,
} from './greeting.ts';
import type { GreetingBoundaries } from './greeting.ts';

const at = (iso: string): Date => new Date(iso);

describe('G2: greeting by Kyiv time of day', () => {
  test('G2: default boundaries are 05:00 / 12:00 / 18:00', () => {
    assert.deepEqual(DEFAULT_GREETING_BOUNDARIES, {
      morningStartsAt: '05:00',
      dayStartsAt: '12:00',
      eveningStartsAt: '18:00',
    });
  });

  // Winter: Kyiv is UTC+2.
  const winter: [string, 'morning' | 'day' | 'evening', string][] = [
    ['2026-01-15T02:59:59Z', 'evening', 'Доброго вечора'], // 04:59 Kyiv
    ['2026-01-15T03:00:00Z', 'morning', 'Доброго ранку'], // 05:00
    ['2026-01-15T09:59:59Z', 'morning', 'Доброго ранку'], // 11:59
    ['2026-01-15T10:00:00Z', 'day', 'Доброго дня'], // 12:00
    ['2026-01-15T15:59:59Z', 'day', 'Доброго дня'], // 17:59
    ['2026-01-15T16:00:00Z', 'evening', 'Доброго вечора'], // 18:00
    ['2026-01-15T22:00:00Z', 'evening', 'Доброго вечора'], // 00:00 next day
  ];
  for (const [iso, period, phrase] of winter) {
    test(`G2: greeting follows the Kyiv time of day at boundary minutes (winter, ${iso})`, () => {
      assert.deepEqual(greeting(at(iso)), { period, phrase });
    });
  }

  // Summer: Kyiv is UTC+3.
  const summer: [string, 'morning' | 'day' | 'evening'][] = [
    ['2026-07-15T01:59:00Z', 'evening'], // 04:59 Kyiv
    ['2026-07-15T02:00:00Z', 'morning'], // 05:00
    ['2026-07-15T08:59:00Z', 'morning'], // 11:59
    ['2026-07-15T09:00:00Z', 'day'], // 12:00
    ['2026-07-15T14:59:00Z', 'day'], // 17:59
    ['2026-07-15T15:00:00Z', 'evening'], // 18:00
  ];
  for (const [iso, period] of summer) {
    test(`G2: greeting follows the Kyiv time of day at boundary minutes (summer, ${iso})`, () => {
      assert.equal(greeting(at(iso)).period, period);
    });
  }

  test('G2: spring DST change 2026-03-29 (UTC+2 -> UTC+3 at 03:00 local)', () => {
    assert.deepEqual(kyivTimeOfDay(at('2026-03-28T02:00:00Z')), { hour: 4, minute: 0 });
    assert.equal(greeting(at('2026-03-28T02:00:00Z')).period, 'evening');
    assert.deepEqual(kyivTimeOfDay(at('2026-03-29T00:59:00Z')), { hour: 2, minute: 59 });
    assert.deepEqual(kyivTimeOfDay(at('2026-03-29T01:00:00Z')), { hour: 4, minute: 0 });
    assert.equal(greeting(at('2026-03-29T01:59:00Z')).period, 'evening'); // 04:59
    assert.deepEqual(kyivTimeOfDay(at('2026-03-29T02:00:00Z')), { hour: 5, minute: 0 });
    assert.equal(greeting(at('2026-03-29T02:00:00Z')).period, 'morning');
    assert.equal(greeting(at('2026-03-29T09:00:00Z')).period, 'day'); // 12:00
  });

  test('G2: autumn DST change 2026-10-25 (UTC+3 -> UTC+2 at 04:00 local)', () => {
    assert.equal(greeting(at('2026-10-24T02:00:00Z')).period, 'morning'); // 05:00 summer time
    assert.deepEqual(kyivTimeOfDay(at('2026-10-25T00:59:00Z')), { hour: 3, minute: 59 });
    assert.deepEqual(kyivTimeOfDay(at('2026-10-25T01:00:00Z')), { hour: 3, minute: 0 });
    assert.equal(greeting(at('2026-10-25T02:00:00Z')).period, 'evening'); // 04:00
    assert.equal(greeting(at('2026-10-25T02:59:00Z')).period, 'evening'); // 04:59
    assert.equal(greeting(at('2026-10-25T03:00:00Z')).period, 'morning'); // 05:00
    assert.equal(greeting(at('2026-10-25T10:00:00Z')).period, 'day'); // 12:00
  });

  test('G2: Kyiv wall clock matches an independent UTC-offset model over all of 2026', () => {
    // Kyiv 2026: UTC+3 from 2026-03-29T01:00Z until 2026-10-25T01:00Z, otherwise UTC+2.
    const summerStart = Date.UTC(2026, 2, 29, 1);
    const summerEnd = Date.UTC(2026, 9, 25, 1);
    const step = 13 * 60 * 1000; // 13 minutes: coprime with 60, so every minute-of-hour gets visited
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += step) {
      const offsetHours = t >= summerStart && t < summerEnd ? 3 : 2;
      const local = new Date(t + offsetHours * 3_600_000);
      const expected = { hour: local.getUTCHours(), minute: local.getUTCMinutes() };
      assert.deepEqual(kyivTimeOfDay(new Date(t)), expected, new Date(t).toISOString());
      assert.equal(kyivDate(new Date(t)), local.toISOString().slice(0, 10));
    }
  });

  test('G2: custom boundaries move the greeting', () => {
    const boundaries: GreetingBoundaries = {
      morningStartsAt: '06:30',
      dayStartsAt: '11:00',
      eveningStartsAt: '17:00',
    };
    assert.equal(greeting(at('2026-01-15T04:29:00Z'), boundaries).period, 'evening'); // 06:29
    assert.equal(greeting(at('2026-01-15T04:30:00Z'), boundaries).period, 'morning'); // 06:30
    assert.equal(greeting(at('2026-01-15T09:00:00Z'), boundaries).period, 'day'); // 11:00
    assert.equal(greeting(at('2026-01-15T15:00:00Z'), boundaries).period, 'evening'); // 17:00
    assert.equal(dayPeriodAt(at('2026-01-15T14:59:00Z'), boundaries), 'day'); // 16:59
  });

  test('G2: morning starting at midnight leaves no evening after midnight', () => {
    const boundaries = { morningStartsAt: '00:00', dayStartsAt: '12:00', eveningStartsAt: '23:00' };
    assert.equal(greeting(at('2026-01-15T22:00:00Z'), boundaries).period, 'morning'); // 00:00
    assert.equal(greeting(at('2026-01-15T21:00:00Z'), boundaries).period, 'evening'); // 23:00
  });

  test('G2: an invalid Date throws a clear error', () => {
    assert.throws(() => greeting(new Date('not a date')), {
      name: 'TypeError',
      message: /greeting: expected a valid Date instant, got Invalid Date/,
    });
    assert.throws(() => greeting(undefined as unknown as Date), TypeError);
    assert.throws(() => kyivDate(new Date(Number.NaN)), TypeError);
  });

  test('G2: malformed boundaries passed in code throw', () => {
    const bad = { morningStartsAt: '12:00', dayStartsAt: '05:00', eveningStartsAt: '18:00' };
    assert.throws(() => greeting(at('2026-01-15T10:00:00Z'), bad), RangeError);
  });
});

describe('G2: parseGreetingBoundaries validates configuration', () => {
  test('G2: valid boundaries are returned as given', () => {
    const input = { morningStartsAt: '06:00', dayStartsAt: '12:30', eveningStartsAt: '19:45' };
    assert.deepEqual(parseGreetingBoundaries(input), { ok: true, boundaries: input });
    assert.deepEqual(parseGreetingBoundaries(DEFAULT_GREETING_BOUNDARIES), {
      ok: true,
      boundaries: DEFAULT_GREETING_BOUNDARIES,
    });
  });

  test('G2: wrong HH:MM format is rejected with Ukrainian messages', () => {
    const result = parseGreetingBoundaries({ morningStartsAt: '5:00', dayStartsAt: '24:00', eveningStartsAt: '18:60' });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.errors.length, 3);
    assert.match(result.errors[0] ?? '', /^Початок ранку: «5:00» — очікується час у форматі ГГ:ХХ/);
    assert.match(result.errors[1] ?? '', /^Початок дня: «24:00»/);
    assert.match(result.errors[2] ?? '', /^Початок вечора: «18:60»/);
  });

  test('G2: missing values and non-objects are rejected', () => {
    const missing = parseGreetingBoundaries({ morningStartsAt: '05:00', eveningStartsAt: 1800 });
    assert.deepEqual(missing, {
      ok: false,
      errors: [
        'Початок дня: значення не вказано.',
        'Початок вечора: «1800» — очікується час у форматі ГГ:ХХ від 00:00 до 23:59, наприклад 05:00.',
      ],
    });
    for (const input of [null, undefined, 'ранок', 42]) {
      const result = parseGreetingBoundaries(input);
      assert.equal(result.ok, false);
    }
  });

  test('G2: boundaries must be strictly increasing morning < day < evening', () => {
    assert.deepEqual(
      parseGreetingBoundaries({ morningStartsAt: '12:00', dayStartsAt: '12:00', eveningStartsAt: '11:00' }),
      {
        ok: false,
        errors: ['Початок ранку має бути раніше за початок дня.', 'Початок дня має бути раніше за початок вечора.'],
      },
    );
  });
});

describe('kyivDate: Kyiv calendar day for same-day deadlines (A3)', () => {
  test('A3: the Kyiv day changes at Kyiv midnight, not UTC midnight', () => {
    assert.equal(kyivDate(at('2026-01-15T21:59:59Z')), '2026-01-15');
    assert.equal(kyivDate(at('2026-01-15T22:00:00Z')), '2026-01-16');
    assert.equal(kyivDate(at('2026-07-15T20:59:59Z')), '2026-07-15');
    assert.equal(kyivDate(at('2026-07-15T21:00:00Z')), '2026-07-16');
  });
});
