import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APPEAL_DEADLINES, APPEAL_FIELDS, addCalendarDays, addCalendarMonths, appealDueDates, isPastDue } from './appeals.ts';

describe('A1: appeal fields', () => {
  test('A1: name, residence, essence, kind and phone are required; e-mail only if present', () => {
    assert.deepEqual(
      APPEAL_FIELDS.map((field) => [field.id, field.required]),
      [
        ['fullName', true],
        ['placeOfResidence', true],
        ['essence', true],
        ['kind', true],
        ['contactPhone', true],
        ['email', false],
      ],
    );
  });
});

describe('A3/B3: deadlines', () => {
  test('A3: same-day forwarding (Standard) and the Law limits of 5 days, 15 days, one month, 45 days', () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(APPEAL_DEADLINES).map(([id, deadline]) => [id, 'months' in deadline ? `${deadline.months} month` : deadline.days])),
      {
        forwardingSameDay: 0,
        forwardingByLaw: 5,
        considerationWithoutStudy: 15,
        consideration: '1 month',
        considerationExtended: 45,
      },
    );
    assert.equal(APPEAL_DEADLINES.forwardingSameDay.basis, 'standard');
  });

  test('A3: due dates count from the Kyiv day of receipt', () => {
    // 23:30 Kyiv on 31 January is still 31 January in Kyiv, though UTC says 21:30.
    assert.deepEqual(appealDueDates(new Date('2026-01-31T21:30:00Z')), {
      forwardingSameDay: '2026-01-31',
      forwardingByLaw: '2026-02-05',
      considerationWithoutStudy: '2026-02-15',
      consideration: '2026-02-28',
      considerationExtended: '2026-03-17',
    });
    // 00:30 Kyiv on 1 February, while UTC still says 31 January.
    assert.equal(appealDueDates(new Date('2026-01-31T22:30:00Z')).forwardingSameDay, '2026-02-01');
  });

  test('A3: same-day forwarding is overdue from the next Kyiv midnight', () => {
    const due = appealDueDates(new Date('2026-07-15T08:00:00Z')).forwardingSameDay;
    assert.equal(due, '2026-07-15');
    assert.equal(isPastDue(due, new Date('2026-07-15T20:59:59Z')), false); // 23:59:59 Kyiv
    assert.equal(isPastDue(due, new Date('2026-07-15T21:00:00Z')), true); // 00:00 Kyiv next day
  });

  test('B3: calendar arithmetic crosses months, leap years and DST', () => {
    assert.equal(addCalendarDays('2026-03-28', 1), '2026-03-29');
    assert.equal(addCalendarDays('2026-03-29', 1), '2026-03-30');
    assert.equal(addCalendarDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addCalendarDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addCalendarDays('2026-01-10', -10), '2025-12-31');
  });

  test('B3: the Law\'s month is a calendar month, clamped to the end of a shorter month', () => {
    assert.equal(addCalendarMonths('2026-01-15', 1), '2026-02-15');
    assert.equal(addCalendarMonths('2026-01-31', 1), '2026-02-28');
    assert.equal(addCalendarMonths('2028-01-31', 1), '2028-02-29');
    assert.equal(addCalendarMonths('2026-12-31', 1), '2027-01-31');
    assert.equal(appealDueDates(new Date('2026-04-30T09:00:00Z')).consideration, '2026-05-30');
    assert.throws(() => addCalendarMonths('2026-01-15', 0.5), RangeError);
  });

  test('B3: malformed dates throw', () => {
    assert.throws(() => addCalendarDays('2026-02-30', 1), RangeError);
    assert.throws(() => addCalendarDays('15.01.2026', 1), RangeError);
    assert.throws(() => addCalendarDays('2026-01-15', 1.5), RangeError);
    assert.throws(() => isPastDue('2026-1-5', new Date('2026-01-15T00:00:00Z')), RangeError);
    assert.throws(() => appealDueDates(new Date('nope')), TypeError);
  });
});
