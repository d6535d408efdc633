// H3: every call the exchange offers is a call, also one no operator took: it is listed, the
// missed-call rule schedules its callback, and a later answered call of the same caller takes care
// of it. Zammad's own "Generic CTI" bodies and the native event API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { connectExchange } from '../../test/pbx.ts';
import { createUser } from '../users/create.ts';
import { CALLED_AGAIN_CANCEL_REASON } from '../calls/called-again.ts';
import { MISSED_CALL_RULE_SETTING } from '../callbacks/missed-call-rule.ts';

// Wednesday 12:00 in Kyiv: within the rule's working hours, so a callback is due at once.
const BASE = Date.parse('2026-11-25T10:00:00Z');
const at = (second: number) => new Date(BASE + second * 1000).toISOString();

for (const target of databaseTargets()) {
  describe(`H3: calls no operator took, on ${target.name}`, () => {
    let t: TestApp;
    let token: string;
    let secondOperator: string;
    let seq = 0;
    before(async () => {
      t = await startTestApp(target);
      token = (await connectExchange(t, 'unanswered-')).token;
      secondOperator = (await createUser(t.db, { userId: null, ip: null }, {
        login: 'operator18', fullName: 'Тарас Іванович Мороз', role: 'operator', operatorNumber: 18, password: 'test-password-123',
      })).id;
      const mapped = await t.as.admin.request('PUT', '/api/v1/telephony/extensions/1018', { operatorId: secondOperator });
      assert.equal(mapped.statusCode, 200, mapped.body);
    });
    after(async () => { await t?.close(); });

    /** Zammad's webhook, form-encoded as Zammad's exchanges send it, at the exchange's second `second`. */
    const zammad = async (form: string, second: number) => {
      t.clock.set(at(second));
      const response = await t.app.inject({
        method: 'POST', url: `/api/v1/telephony/zammad?token=${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form,
      });
      assert.equal(response.statusCode, 200, response.body);
    };
    const post = async (events: Record<string, unknown>[]) => {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/telephony/events', headers: { authorization: `Bearer ${token}` }, payload: { events } });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().results as { outcome: string; reason: string }[];
    };
    const ev = (callId: string, type: string, second: number, fields: Record<string, unknown> = {}) =>
      ({ eventId: `u${++seq}`, callId, type, timestamp: at(second), ...fields });
    const callOf = (pbxCallId: string) => t.db.selectFrom('calls').selectAll().where('pbx_call_id', '=', pbxCallId).executeTakeFirstOrThrow();
    /** What became of an event, as kept (the Zammad route's answer is not relied on). */
    const keptOutcome = async (pbxEventId: string) =>
      t.db.selectFrom('pbx_events').select(['outcome', 'reason']).where('pbx_event_id', '=', pbxEventId).orderBy('received_at', 'desc').$narrowType<{ reason: string }>().executeTakeFirstOrThrow();
    const callbacksOf = (callId: string) => t.db.selectFrom('callbacks').selectAll().where('call_id', '=', callId).execute();
    // Those still needing someone: not called again, their callback not done or cancelled.
    const missedIds = async () => {
      const listed = await t.as.supervisor.get('/api/v1/telephony/missed-calls?open=true');
      assert.equal(listed.statusCode, 200, listed.body);
      return (listed.json().items as { callId: string; operator: { id: string } | null }[]);
    };

    test('H3: Zammad newCall to a queue (user[]=Alice&user[]=Bob), hangup cause=cancel after 30 s: an abandoned call with no operator, listed, with a callback in the shared queue', async () => {
      await zammad('event=newCall&from=380671112233&to=0800500100&direction=in&callId=zq1&user[]=Alice&user[]=Bob&queue=Судова черга', 0);
      assert.equal((await keptOutcome('zammad:zq1:newCall')).outcome, 'applied');
      const waiting = await callOf('zq1');
      assert.equal(waiting.operator_id, null);
      assert.equal(waiting.status, 'ringing');
      assert.equal(waiting.offered_to, 'Судова черга');
      assert.equal(waiting.caller_phone, '+380671112233');
      assert.match((await keptOutcome('zammad:zq1:newCall')).reason, /без оператора.*Судова черга/);

      await zammad('event=hangup&callId=zq1&cause=cancel&from=380671112233&to=0800500100&direction=in', 30);
      const kept = await keptOutcome('zammad:zq1:hangup');
      assert.equal(kept.outcome, 'applied', kept.reason);
      assert.match(kept.reason, /зворотний дзвінок/);
      const call = await callOf('zq1');
      assert.equal(call.status, 'ended');
      assert.equal(call.end_reason, 'abandoned');
      assert.equal(call.operator_id, null);
      assert.equal(call.answered_at, null);
      const listed = (await missedIds()).find((item) => item.callId === call.id);
      assert.ok(listed, 'listed among the missed calls');
      assert.equal(listed.operator, null);

      const [callback] = await callbacksOf(call.id);
      assert.ok(callback, 'a callback was scheduled');
      assert.equal(callback.origin, 'missed_call');
      assert.equal(callback.status, 'scheduled');
      assert.equal(callback.assigned_operator_id, null);
      assert.equal(callback.phone, '+380671112233');
      assert.equal(callback.created_by, t.as.pbx.userId);
      assert.equal(callback.due_at.toISOString(), at(30), 'due at once within working hours');
      assert.match(callback.reason, /чекав 30 с/);
      // Any operator sees it in the shared queue.
      const queue = await t.as.operator.get('/api/v1/callbacks');
      assert.equal(queue.statusCode, 200, queue.body);
      assert.ok(queue.json().items.some((item: { id: string; callId: string }) => item.id === callback.id && item.callId === call.id));
      const audit = await t.db.selectFrom('audit_events').select(['action', 'changes']).where('entity_type', '=', 'callback').where('entity_id', '=', callback.id).execute();
      assert.deepEqual(audit.map((a) => [a.action, a.changes.origin]), [['scheduled', 'missed_call']]);
      assert.ok(!JSON.stringify(audit).includes('671112233'), 'no phone in the audit trail');
    });

    test('H3: Zammad hangup cause=noAnswer: a missed call, with a callback whatever the wait', async () => {
      await zammad('event=newCall&from=0671112244&to=0800500100&direction=in&callId=zq2&user[]=Alice&user[]=Bob', 0);
      await zammad('event=hangup&callId=zq2&cause=noAnswer', 4);
      const call = await callOf('zq2');
      assert.equal(call.end_reason, 'missed');
      assert.equal(call.offered_to, '0800500100', 'without a queue, the dialled number');
      assert.ok((await missedIds()).some((item) => item.callId === call.id));
      const callbacks = await callbacksOf(call.id);
      assert.equal(callbacks.length, 1);
      assert.match(callbacks[0]!.reason, /ніхто не прийняв/);
      // A repeated hangup changes nothing: no second callback.
      await zammad('event=hangup&callId=zq2&cause=noAnswer', 5);
      assert.equal((await callbacksOf(call.id)).length, 1);
    });

    test('H3: a caller who hangs up after 3 s (under the rule\'s 10 s): abandoned and listed, but no callback', async () => {
      await zammad('event=newCall&from=0671112255&to=0800500100&direction=in&callId=zq3', 0);
      await zammad('event=hangup&callId=zq3&cause=cancel', 3);
      const call = await callOf('zq3');
      assert.equal(call.end_reason, 'abandoned');
      assert.ok((await missedIds()).some((item) => item.callId === call.id));
      assert.deepEqual(await callbacksOf(call.id), []);
      assert.equal((await keptOutcome('zammad:zq3:hangup')).reason, 'Дзвінок завершено (abandoned)');
    });

    test('H3: the rule a supervisor stored is the one applied: switched off, nobody is scheduled', async () => {
      await t.db.insertInto('settings').values({ key: MISSED_CALL_RULE_SETTING, value: JSON.stringify({ enabled: false, minWaitSeconds: 10, businessHours: { days: [1, 2, 3, 4, 5], opensAt: '09:00', closesAt: '18:00' } }), updated_at: new Date(BASE) } as never).execute();
      try {
        await post([ev('off1', 'offered', 0, { from: '0671112266', to: '0800500100', direction: 'inbound' }), ev('off1', 'hangup', 60, { cause: 'no_answer', by: 'system' })]);
        const call = await callOf('off1');
        assert.equal(call.end_reason, 'missed');
        assert.deepEqual(await callbacksOf(call.id), []);
      } finally {
        await t.db.deleteFrom('settings').where('key', '=', MISSED_CALL_RULE_SETTING).execute();
      }
    });

    test('H3: native API, offered to a queue number, ringing at 1017 gives it its operator, answered at 1018 (a hunt group) moves it to 1018', async () => {
      const results = await post([
        ev('hunt', 'offered', 0, { from: '0501230001', to: '0800500100', direction: 'inbound', queue: 'support' }),
        ev('hunt', 'ringing', 2, { extension: '1017' }),
        ev('hunt', 'answered', 6, { extension: '1018' }),
      ]);
      assert.deepEqual(results.map((r) => r.outcome), ['applied', 'applied', 'applied']);
      assert.match(results[1]!.reason, /1017/);
      const call = await callOf('hunt');
      assert.equal(call.operator_id, secondOperator);
      assert.equal(call.status, 'active');
      assert.equal(call.offered_to, 'support');
      const assigned = await t.db.selectFrom('audit_events').select('changes').where('entity_id', '=', call.id).where('action', '=', 'operator_assigned').orderBy('id').execute();
      assert.deepEqual(assigned.map((a) => a.changes), [
        { operatorId: { from: null, to: t.as.operator.userId }, extension: '1017' },
        { operatorId: { from: t.as.operator.userId, to: secondOperator }, extension: '1018' },
      ]);
    });

    test('H3: answered with no extension, or at one no operator has, on a call without an operator: refused in words, the call still waits', async () => {
      const results = await post([
        ev('nobody', 'offered', 0, { from: '0501230002', to: '0800500100', direction: 'inbound' }),
        ev('nobody', 'answered', 3),
        ev('nobody', 'answered', 4, { extension: '9999' }),
      ]);
      assert.deepEqual(results.map((r) => r.outcome), ['applied', 'refused', 'refused']);
      assert.match(results[1]!.reason, /невідомо, хто/);
      assert.match(results[2]!.reason, /«9999».*невідомо, хто/);
      const call = await callOf('nobody');
      assert.equal(call.status, 'ringing');
      assert.equal(call.operator_id, null);
      assert.equal(call.answered_at, null);
    });

    test('H3: called again: an abandoned call, then the same caller\'s answered call: the first is taken care of, its callback cancelled, and a supervisor sees it', async () => {
      await post([
        ev('first', 'offered', 100, { from: '+380441230003', to: '0800500100', direction: 'inbound' }),
        ev('first', 'hangup', 140, { cause: 'cancel', by: 'caller' }),
      ]);
      const first = await callOf('first');
      assert.equal(first.end_reason, 'abandoned');
      const [callback] = await callbacksOf(first.id);
      assert.equal(callback?.status, 'scheduled');

      await post([
        ev('again', 'offered', 300, { from: '0441230003', to: '1017', direction: 'inbound' }),
        ev('again', 'answered', 305, { extension: '1017' }),
      ]);
      const again = await callOf('again');
      const done = await callOf('first');
      assert.equal(done.called_again_call_id, again.id);
      assert.equal(done.called_again_at?.toISOString(), at(305));
      const cancelled = (await callbacksOf(first.id))[0]!;
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(cancelled.cancel_reason, CALLED_AGAIN_CANCEL_REASON);
      assert.equal(cancelled.closed_by, t.as.pbx.userId);
      assert.equal(cancelled.version, 2);
      const audit = await t.db.selectFrom('audit_events').select(['entity_type', 'action']).where('entity_id', 'in', [first.id, cancelled.id]).where('action', 'in', ['called_again', 'cancelled']).execute();
      assert.deepEqual(audit.map((a) => `${a.entity_type}:${a.action}`).sort(), ['call:called_again', 'callback:cancelled']);
      assert.ok(!(await missedIds()).some((item) => item.callId === first.id), 'no longer waiting for a callback');

      const seen = await t.as.supervisor.get(`/api/v1/calls/${first.id}`);
      assert.equal(seen.statusCode, 200, seen.body);
      assert.equal(seen.json().operator, null);
      assert.equal(seen.json().offeredTo, '0800500100');
      assert.deepEqual(seen.json().calledAgain, { callId: again.id, at: at(305) });
      // A callback claimed by an operator is left to them: only a waiting one is cancelled.
      await post([
        ev('third', 'offered', 400, { from: '0441230003', to: '0800500100', direction: 'inbound' }),
        ev('third', 'hangup', 460, { cause: 'no_answer', by: 'system' }),
      ]);
      const third = await callOf('third');
      const claimed = (await callbacksOf(third.id))[0]!;
      t.clock.set(at(470));
      assert.equal((await t.as.operator.post(`/api/v1/callbacks/${claimed.id}/claim`)).statusCode, 200);
      await post([ev('fourth', 'offered', 500, { from: '0441230003', to: '1018', direction: 'inbound' }), ev('fourth', 'answered', 502, { extension: '1018' })]);
      assert.equal((await callOf('third')).called_again_call_id, (await callOf('fourth')).id);
      assert.equal((await callbacksOf(third.id))[0]!.status, 'in_progress');
    });

    test('H3: called again by an operator\'s call opened by hand with the caller\'s number', async () => {
      await post([
        ev('manual-first', 'offered', 600, { from: '0441230004', to: '0800500100', direction: 'inbound' }),
        ev('manual-first', 'hangup', 620, { cause: 'no_answer', by: 'system' }),
      ]);
      const first = await callOf('manual-first');
      t.clock.set(at(900));
      const opened = await t.as.operator.post('/api/v1/calls', { callerPhone: '+380441230004' });
      assert.equal(opened.statusCode, 201, opened.body);
      assert.equal((await callOf('manual-first')).called_again_call_id, opened.json().id);
      const callback = (await callbacksOf(first.id))[0]!;
      assert.deepEqual([callback.status, callback.cancel_reason, callback.closed_by], ['cancelled', CALLED_AGAIN_CANCEL_REASON, t.as.operator.userId]);
    });

    test('H3: an operator never sees a call no operator took: not in GET /calls, 404 on its page; a supervisor filters the register by end reason and unanswered', async () => {
      await post([ev('hidden', 'offered', 1000, { from: '0501230005', to: '0800500100', direction: 'inbound', queue: 'support' })]);
      const hidden = await callOf('hidden');
      assert.equal((await t.as.operator.get(`/api/v1/calls/${hidden.id}`)).statusCode, 404);
      assert.equal((await t.as.operator.get(`/api/v1/calls/${hidden.id}/script`)).statusCode, 404);
      const mine = await t.as.operator.get('/api/v1/calls?limit=100');
      assert.equal(mine.statusCode, 200, mine.body);
      const items = mine.json().items as { id: string; operator: { id: string } | null }[];
      assert.ok(items.length > 0);
      assert.ok(items.every((item) => item.operator?.id === t.as.operator.userId), 'only the operator\'s own calls');
      assert.equal((await t.as.operator.get(`/api/v1/calls?limit=100&operatorId=${secondOperator}`)).json().items.length, 0);

      const ringing = await t.as.supervisor.get('/api/v1/calls?status=ringing&limit=100');
      const waiting = (ringing.json().items as { id: string; operator: unknown; offeredTo: string }[]).find((item) => item.id === hidden.id);
      assert.deepEqual([waiting?.operator, waiting?.offeredTo], [null, 'support']);
      const abandoned = (await t.as.supervisor.get('/api/v1/calls?endReason=abandoned&limit=100')).json().items as { endReason: string }[];
      assert.ok(abandoned.length >= 2 && abandoned.every((item) => item.endReason === 'abandoned'));
      const unanswered = (await t.as.supervisor.get('/api/v1/calls?answered=false&limit=100')).json().items as { id: string; answeredAt: string | null }[];
      assert.ok(unanswered.some((item) => item.id === hidden.id) && unanswered.every((item) => item.answeredAt === null));
      const answered = (await t.as.supervisor.get('/api/v1/calls?answered=true&limit=100')).json().items as { answeredAt: string | null }[];
      assert.ok(answered.length > 0 && answered.every((item) => item.answeredAt !== null));
      for (const query of ['endReason=gone', 'answered=maybe', 'endReason=%00', `answered=${'x'.repeat(5000)}`]) {
        const bad = await t.as.supervisor.get(`/api/v1/calls?${query}`);
        assert.equal(bad.statusCode, 400, query);
        assert.match(bad.json().errors.map((e: { field: string }) => e.field).join(), /endReason|answered/);
      }
    });

    test('H3: the queue field is checked: empty, control characters or over-long → 400 naming it', async () => {
      for (const queue of ['', 'a\u0000b', 'x'.repeat(201)]) {
        const response = await t.app.inject({
          method: 'POST', url: '/api/v1/telephony/events', headers: { authorization: `Bearer ${token}` },
          payload: ev('badq', 'offered', 0, { from: '0501230006', to: '0800500100', direction: 'inbound', queue }),
        });
        assert.equal(response.statusCode, 400, JSON.stringify(queue));
        assert.match(response.json().errors.map((e: { field: string }) => e.field).join(), /queue/);
      }
    });
  });
}
