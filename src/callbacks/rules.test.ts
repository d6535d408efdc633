import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { kyivDate } from '../standard/index.ts';
import {
  alreadyClaimedRefusal,
  attemptRefusal,
  attemptStartRefusal,
  cancelRefusal,
  claimRefusal,
  closeRefusal,
  dueAtRefusal,
  kyivDayBounds,
  maySee,
  releaseRefusal,
  type CallbackFacts,
} from './rules.ts';

const me = { userId: 'me', role: 'operator' as const };
const other = { userId: 'other', role: 'operator' as const };
const supervisor = { userId: 'boss', role: 'supervisor' as const };
const shared: CallbackFacts = { status: 'scheduled', assigned_operator_id: null, claimed_by: null, created_by: 'boss' };
const mineInProgress: CallbackFacts = { ...shared, status: 'in_progress', claimed_by: 'me' };
const none = { count: 0, reached: 0 };

describe('callback rules', () => {
  test('H3: an operator sees the shared queue and their own, nobody else’s; supervisors see all', () => {
    assert.equal(maySee(me, shared), true);
    assert.equal(maySee(me, { ...shared, assigned_operator_id: 'other' }), false);
    assert.equal(maySee(me, { ...shared, assigned_operator_id: 'me' }), true);
    assert.equal(maySee(me, { ...shared, assigned_operator_id: 'other', created_by: 'me' }), true, 'the one who scheduled it');
    assert.equal(maySee(supervisor, { ...shared, assigned_operator_id: 'other' }), true);
    assert.equal(maySee({ userId: 'clerk', role: 'court_clerk' }, shared), false);
  });

  test('H3: a time up to a minute behind the clock is accepted, more is refused', () => {
    const now = new Date('2026-11-25T10:00:00Z');
    assert.equal(dueAtRefusal(new Date('2026-11-25T09:59:00Z'), now), null);
    assert.equal(dueAtRefusal(new Date('2026-11-25T09:58:59Z'), now)?.code, 'due-in-past');
  });

  test('H3: a failed claim is explained: someone else has it (named by number), it is closed, or assigned to another', () => {
    const taken = claimRefusal(me, { ...shared, status: 'in_progress', claimed_by: 'other' }, 18);
    assert.equal(taken?.status, 409);
    assert.equal(taken?.message, 'Цей зворотний дзвінок уже виконує інший оператор (Оператор № 18)');
    assert.equal(alreadyClaimedRefusal(null).message, 'Цей зворотний дзвінок уже виконує інший оператор');
    assert.equal(claimRefusal(me, mineInProgress, 17), null, 'a retried claim by the holder is no conflict');
    assert.equal(claimRefusal(me, { ...shared, status: 'done' }, null)?.code, 'callback-closed');
    assert.equal(claimRefusal(me, { ...shared, assigned_operator_id: 'other', created_by: 'me' }, null)?.status, 403);
  });

  test('H3: only the holder records attempts; the holder or a supervisor releases and closes', () => {
    const heldByOther = { ...shared, status: 'in_progress' as const, claimed_by: 'other' };
    assert.equal(attemptRefusal(me, mineInProgress, 17, 'no_answer', false), null);
    assert.equal(attemptRefusal(me, heldByOther, 18, 'no_answer', false)?.code, 'not-claimer');
    assert.match(attemptRefusal(me, heldByOther, 18, 'no_answer', false)!.message, /Оператор № 18/);
    assert.equal(attemptRefusal(me, shared, null, 'reached', false)?.code, 'not-claimed');
    assert.equal(attemptRefusal(me, mineInProgress, 17, 'busy', true)?.code, 'close-needs-reached');
    assert.equal(releaseRefusal(other, mineInProgress, 17)?.status, 403);
    assert.equal(releaseRefusal(supervisor, mineInProgress, 17), null);
    assert.equal(releaseRefusal(me, shared, null)?.code, 'not-claimed');
    assert.equal(closeRefusal(other, mineInProgress, 17, 'unreachable', { count: 1, reached: 0 })?.code, 'not-claimer');
    assert.equal(closeRefusal(supervisor, mineInProgress, 17, 'unreachable', { count: 1, reached: 0 }), null);
  });

  test('H3: "informed" needs a conversation, "unreachable" needs at least one attempt', () => {
    assert.equal(closeRefusal(me, mineInProgress, 17, 'informed', { count: 2, reached: 0 })?.code, 'not-reached');
    assert.equal(closeRefusal(me, mineInProgress, 17, 'informed', { count: 2, reached: 1 }), null);
    assert.equal(closeRefusal(me, mineInProgress, 17, 'unreachable', none)?.code, 'no-attempts');
    assert.equal(closeRefusal(supervisor, { ...shared, status: 'cancelled' }, null, 'unreachable', { count: 1, reached: 0 })?.code, 'callback-closed');
  });

  test('H3: the one who scheduled it, or a supervisor, cancels it, never from under another operator', () => {
    const mine = { ...shared, created_by: 'me' };
    assert.equal(cancelRefusal(me, mine, null), null);
    assert.equal(cancelRefusal(other, mine, null)?.code, 'not-creator');
    assert.equal(cancelRefusal(me, { ...mine, status: 'in_progress', claimed_by: 'other' }, 18)?.code, 'already-claimed');
    assert.equal(cancelRefusal(supervisor, { ...mine, status: 'in_progress', claimed_by: 'other' }, 18), null);
    assert.equal(cancelRefusal(supervisor, { ...mine, status: 'done' }, null)?.code, 'callback-closed');
  });

  test('an attempt may not start in the future or before the claim (a minute of clock skew aside)', () => {
    const now = new Date('2026-11-25T10:00:00Z');
    const claimedAt = new Date('2026-11-25T09:50:00Z');
    assert.equal(attemptStartRefusal(new Date('2026-11-25T09:55:00Z'), claimedAt, now), null);
    assert.equal(attemptStartRefusal(new Date('2026-11-25T10:00:30Z'), claimedAt, now), null);
    assert.equal(attemptStartRefusal(new Date('2026-11-25T10:02:00Z'), claimedAt, now)?.code, 'attempt-in-future');
    assert.equal(attemptStartRefusal(new Date('2026-11-25T09:40:00Z'), claimedAt, now)?.code, 'attempt-before-claim');
  });

  test('"today" is the Kyiv calendar day, not the UTC one, across the clock changes too', () => {
    const winter = kyivDayBounds(new Date('2026-11-25T10:00:00Z'));
    assert.equal(winter.start.toISOString(), '2026-11-24T22:00:00.000Z');
    assert.equal(winter.end.toISOString(), '2026-11-25T22:00:00.000Z');
    assert.equal(kyivDayBounds(new Date('2026-11-25T22:30:00Z')).start.toISOString(), '2026-11-25T22:00:00.000Z', 'half past midnight in Kyiv is the next day');
    for (const instant of ['2026-03-29T12:00:00Z', '2026-07-15T20:59:59Z', '2026-10-25T12:00:00Z', '2027-01-01T00:00:00Z']) {
      const { start, end } = kyivDayBounds(new Date(instant));
      const day = kyivDate(new Date(instant));
      assert.equal(kyivDate(start), day, instant);
      assert.notEqual(kyivDate(new Date(start.getTime() - 1)), day, instant);
      assert.equal(kyivDate(new Date(end.getTime() - 1)), day, instant);
      assert.notEqual(kyivDate(end), day, instant);
      assert.ok(start.getTime() <= Date.parse(instant) && Date.parse(instant) < end.getTime(), instant);
    }
  });
});
