import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_MISSED_CALL_RULE, missedCallCallback, MissedCallRuleSchema, nextBusinessTime, parseMissedCallRule, type MissedCallRule } from './missed-call-rule.ts';

const rule: MissedCallRule = DEFAULT_MISSED_CALL_RULE;
const hours = rule.businessHours;
// Winter: Kyiv is UTC+2. 2026-12-07 is a Monday.
const kyiv = (local: string) => new Date(`${local}+02:00`);
const call = (over: Partial<Parameters<typeof missedCallCallback>[1]> = {}) => ({
  caller_phone: '+380441234567',
  opened_at: kyiv('2026-12-07T10:00:00'),
  answered_at: null,
  ended_at: kyiv('2026-12-07T10:00:45'),
  end_reason: 'abandoned',
  ...over,
});

describe('H3: the rule that schedules a callback for a caller nobody answered', () => {
  test('H3: an abandoned call after the minimum wait gets a callback due at once within working hours', () => {
    const callback = missedCallCallback(rule, call());
    assert.ok(callback);
    assert.equal(callback.phone, '+380441234567');
    assert.equal(callback.waitedSeconds, 45);
    assert.equal(callback.dueAt.toISOString(), kyiv('2026-12-07T10:00:45').toISOString());
    assert.match(callback.reason, /чекав 45 с і поклав слухавку/);
  });

  test('H3: a caller who hung up before the minimum wait gets none; one who waited exactly that long does', () => {
    assert.equal(missedCallCallback(rule, call({ ended_at: kyiv('2026-12-07T10:00:09') })), null);
    assert.ok(missedCallCallback(rule, call({ ended_at: kyiv('2026-12-07T10:00:10') })));
  });

  test('H3: a missed call (nobody answered) gets a callback whatever the wait', () => {
    const callback = missedCallCallback(rule, call({ end_reason: 'missed', ended_at: kyiv('2026-12-07T10:00:02') }));
    assert.ok(callback);
    assert.match(callback.reason, /ніхто не прийняв/);
  });

  test('no callback: rule off, withheld number, answered or unfinished call, another end', () => {
    assert.equal(missedCallCallback({ ...rule, enabled: false }, call()), null);
    assert.equal(missedCallCallback(rule, call({ caller_phone: null })), null);
    assert.equal(missedCallCallback(rule, call({ answered_at: kyiv('2026-12-07T10:00:05') })), null);
    assert.equal(missedCallCallback(rule, call({ ended_at: null })), null);
    assert.equal(missedCallCallback(rule, call({ end_reason: 'completed' })), null);
  });

  test('H3: outside working hours the callback is due when they next begin, weekends skipped', () => {
    // Monday evening → Tuesday 09:00.
    assert.equal(nextBusinessTime(hours, kyiv('2026-12-07T19:30:00')).toISOString(), kyiv('2026-12-08T09:00:00').toISOString());
    // Early morning → the same day's 09:00.
    assert.equal(nextBusinessTime(hours, kyiv('2026-12-08T06:10:00')).toISOString(), kyiv('2026-12-08T09:00:00').toISOString());
    // Friday 18:00 (closing is exclusive) and Saturday → Monday 09:00.
    assert.equal(nextBusinessTime(hours, kyiv('2026-12-11T18:00:00')).toISOString(), kyiv('2026-12-14T09:00:00').toISOString());
    assert.equal(nextBusinessTime(hours, kyiv('2026-12-12T12:00:00')).toISOString(), kyiv('2026-12-14T09:00:00').toISOString());
    // Just before closing: at once.
    assert.equal(nextBusinessTime(hours, kyiv('2026-12-07T17:59:00')).toISOString(), kyiv('2026-12-07T17:59:00').toISOString());
  });

  test('working hours across the clock changes: the Kyiv wall clock, not UTC, decides', () => {
    // Sunday 2026-03-29 Kyiv moves to UTC+3 (a 23-hour day): Saturday night → Monday 09:00 summer time.
    assert.equal(nextBusinessTime(hours, new Date('2026-03-28T21:00:00Z')).toISOString(), '2026-03-30T06:00:00.000Z');
    // Sunday 2026-10-25 back to UTC+2 (a 25-hour day): Sunday → Monday 09:00 winter time.
    assert.equal(nextBusinessTime(hours, new Date('2026-10-25T05:00:00Z')).toISOString(), '2026-10-26T07:00:00.000Z');
    // A centre working every day: Sunday 2026-03-29 at 09:00 summer time is 06:00 UTC.
    assert.equal(nextBusinessTime({ ...hours, days: [1, 2, 3, 4, 5, 6, 7] }, new Date('2026-03-29T00:30:00Z')).toISOString(), '2026-03-29T06:00:00.000Z');
  });

  test('the settings a supervisor may store are checked, with the field named', () => {
    assert.ok(MissedCallRuleSchema.safeParse(DEFAULT_MISSED_CALL_RULE).success);
    const bad = (value: unknown) => MissedCallRuleSchema.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    assert.match(bad({ ...rule, minWaitSeconds: -1 }).join(), /minWaitSeconds: .*не менше 0/);
    assert.match(bad({ ...rule, businessHours: { ...hours, closesAt: '08:00' } }).join(), /businessHours.closesAt: .*пізніше/);
    assert.match(bad({ ...rule, businessHours: { ...hours, opensAt: '9:00' } }).join(), /opensAt/);
    assert.match(bad({ ...rule, businessHours: { ...hours, days: [] } }).join(), /хоча б один/);
    assert.match(bad({ ...rule, businessHours: { ...hours, days: [1, 1] } }).join(), /один раз/);
    assert.match(bad({ ...rule, extra: 1 }).join(), /extra|Unrecognized|Нерозпізн/i);
    // A stored value that no longer parses falls back to the defaults rather than stopping the ingest.
    assert.deepEqual(parseMissedCallRule({ enabled: 'yes' }), DEFAULT_MISSED_CALL_RULE);
    assert.deepEqual(parseMissedCallRule(null), DEFAULT_MISSED_CALL_RULE);
  });
});
