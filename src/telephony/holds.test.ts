// H5 for holds started on the phone: timed and announced like a hold recorded in Dovira, never
// counted as a hold the caller agreed to (H1).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { connectExchange, plusSeconds, type TestExchange } from '../../test/pbx.ts';
import type { Principal } from '../http/access.ts';
import { LocalLiveBus } from '../live/bus.ts';
import { mayReceive, type LiveEvent } from '../live/events.ts';
import { Reminders } from '../live/reminders.ts';

for (const target of databaseTargets()) {
  describe(`holds started on the phone on ${target.name}`, () => {
    let t: TestApp;
    let exchange: TestExchange;
    let reminders: Reminders;
    const heard: LiveEvent[] = [];
    before(async () => {
      t = await startTestApp(target);
      exchange = await connectExchange(t, 'h');
      const live = new LocalLiveBus();
      live.subscribe((event) => heard.push(event));
      reminders = new Reminders({ db: t.db, live, now: t.clock.now });
    });
    after(async () => { await t?.close(); });

    const post: TestExchange['post'] = (...args) => exchange.post(...args);
    const plus = plusSeconds;
    const answeredCall = async (callId: string, start: Date) => ({ id: await exchange.answeredCall(callId, start) });
    const longHold = (callId: string) => heard.filter((e) => e.type === 'call.hold_long' && e.callId === callId);

    test('H5: a hold started on the phone alerts the operator and the supervisor after three minutes, once; it is no consented hold (H1)', async () => {
      const start = new Date('2026-12-03T09:00:00Z');
      const call = await answeredCall('ph1', start);
      const held = await post('ph1', 'hold', plus(start, 10));
      assert.equal(held.outcome, 'applied');
      assert.match(held.reason, /H1/);

      t.clock.set(plus(start, 10 + 180));
      assert.deepEqual((await reminders.runOnce()).longHolds, [], 'at the limit, not over it');
      t.clock.advance(1);
      assert.deepEqual((await reminders.runOnce()).longHolds, [call.id]);
      assert.deepEqual((await reminders.runOnce()).longHolds, [], 'announced once');
      const [event] = longHold(call.id);
      assert.ok(event && event.type === 'call.hold_long');
      assert.equal(event.holdStartedAt, plus(start, 10).toISOString(), 'timed from the phone’s hold');
      assert.equal(event.operatorId, t.as.operator.userId);
      assert.equal(mayReceive({ userId: t.as.operator.userId, role: 'operator' } as Principal, event), true);
      assert.equal(mayReceive({ userId: t.as.supervisor.userId, role: 'supervisor' } as Principal, event), true);
      assert.equal(mayReceive({ userId: 'another-operator', role: 'operator' } as Principal, event), false);

      // Not a Standard hold: nothing on the timeline, and the operator may still record consent.
      const view = (await t.as.operator.get(`/api/v1/calls/${call.id}`)).json();
      assert.ok(!view.timeline.some((e: { type: string }) => e.type === 'hold_started'));
      assert.equal(view.live.onHold, false);

      assert.equal((await post('ph1', 'unhold', plus(start, 300))).outcome, 'applied');
      const hold = await t.db.selectFrom('pbx_holds').selectAll().where('call_id', '=', call.id).executeTakeFirstOrThrow();
      assert.equal(hold.ended_at?.toISOString(), plus(start, 300).toISOString());
      const audit = await t.db.selectFrom('audit_events').select('changes').where('entity_id', '=', call.id).where('action', '=', 'phone_hold_ended').executeTakeFirstOrThrow();
      assert.equal(audit.changes.durationSeconds, 290);
      assert.equal(audit.changes.overLimit, true);

      // The next hold on the phone is a new hold, with its own alert.
      await post('ph1', 'hold', plus(start, 400));
      t.clock.set(plus(start, 400 + 181));
      assert.deepEqual((await reminders.runOnce()).longHolds, [call.id]);
      assert.equal(longHold(call.id).length, 2);
    });

    test('H5: a phone hold and the hold the operator recorded are one hold, announced once from the earlier start', async () => {
      const start = new Date('2026-12-03T10:00:00Z');
      const call = await answeredCall('ph2', start);
      await post('ph2', 'hold', plus(start, 5));
      t.clock.set(plus(start, 20));
      const consented = await t.as.operator.post(`/api/v1/calls/${call.id}/events`, { type: 'hold_started', callerConsented: true });
      assert.equal(consented.statusCode, 201, consented.body);
      t.clock.set(plus(start, 5 + 181));
      assert.deepEqual((await reminders.runOnce()).longHolds, [call.id]);
      t.clock.set(plus(start, 20 + 181));
      assert.deepEqual((await reminders.runOnce()).longHolds, [], 'the operator’s record of the same hold is not a second alert');
      const events = longHold(call.id);
      assert.equal(events.length, 1);
      assert.equal(events[0]!.type === 'call.hold_long' && events[0]!.holdStartedAt, plus(start, 5).toISOString());
      assert.equal(events[0]!.type === 'call.hold_long' && events[0]!.source, 'phone', 'it began on the phone');
      // Taken off hold on the phone: both end, and the Standard hold's time is measured.
      assert.equal((await post('ph2', 'unhold', plus(start, 240))).outcome, 'applied');
      const ended = await t.db.selectFrom('call_events').select('data').where('call_id', '=', call.id).where('type', '=', 'hold_ended').executeTakeFirstOrThrow();
      assert.equal(ended.data.durationSeconds, 220);
      assert.equal((await t.db.selectFrom('pbx_holds').select('ended_at').where('call_id', '=', call.id).executeTakeFirstOrThrow()).ended_at?.toISOString(), plus(start, 240).toISOString());
    });

    test('a hold on a call still ringing is refused; a repeated hold is stale; a phone hold ends with the call', async () => {
      const start = new Date('2026-12-03T11:00:00Z');
      await post('ph3', 'offered', start, { from: '0501234567', to: '1017', direction: 'inbound' });
      assert.equal((await post('ph3', 'hold', plus(start, 1))).outcome, 'refused');
      await post('ph3', 'answered', plus(start, 2), { extension: '1017' });
      assert.equal((await post('ph3', 'hold', plus(start, 3))).outcome, 'applied');
      assert.equal((await post('ph3', 'hold', plus(start, 4))).outcome, 'stale');
      assert.equal((await post('ph3', 'hangup', plus(start, 50), { cause: 'normal_clearing', by: 'caller' })).outcome, 'applied');
      const call = await t.db.selectFrom('calls').select(['id', 'end_reason']).where('pbx_call_id', '=', 'ph3').executeTakeFirstOrThrow();
      assert.equal(call.end_reason, 'caller_hung_up');
      const holds = await t.db.selectFrom('pbx_holds').selectAll().where('call_id', '=', call.id).execute();
      assert.equal(holds.length, 1);
      assert.equal(holds[0]!.ended_at?.toISOString(), plus(start, 50).toISOString());
      t.clock.set(plus(start, 1000));
      assert.deepEqual((await reminders.runOnce()).longHolds, [], 'an ended call is not announced');
      assert.equal((await post('ph3', 'unhold', plus(start, 60))).outcome, 'refused', 'nothing to take off hold after the end');
    });
  });
}
