import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type Client, type TestApp } from '../../test/app.ts';
import { endReasonFor } from './mapping.ts';

const PROBLEM = 'application/problem+json; charset=utf-8';

describe('end reason from the exchange', () => {
  test('a call still ringing ends missed, or abandoned when the caller gave up', () => {
    assert.equal(endReasonFor({ status: 'ringing', transferredTo: null }, 'system'), 'missed');
    assert.equal(endReasonFor({ status: 'ringing', transferredTo: null }, 'caller'), 'abandoned');
    assert.equal(endReasonFor({ status: 'active', transferredTo: null }, 'caller'), 'caller_hung_up');
    assert.equal(endReasonFor({ status: 'active', transferredTo: null }, 'operator'), 'completed');
    assert.equal(endReasonFor({ status: 'active', transferredTo: '1020' }, 'system'), 'transferred');
  });
});

for (const target of databaseTargets()) {
  describe(`telephony event API on ${target.name}`, () => {
    let t: TestApp;
    let token: string;
    let seq = 0;
    before(async () => {
      t = await startTestApp(target);
      const issued = await t.as.admin.post(`/api/v1/users/${t.as.pbx.userId}/api-tokens`, { name: 'АТС' });
      assert.equal(issued.statusCode, 201, issued.body);
      token = issued.json().token;
      const mapped = await t.as.admin.request('PUT', '/api/v1/telephony/extensions/1017', { operatorId: t.as.operator.userId });
      assert.equal(mapped.statusCode, 200, mapped.body);
    });
    after(async () => { await t?.close(); });

    const post = (body: unknown, auth = `Bearer ${token}`) =>
      t.app.inject({ method: 'POST', url: '/api/v1/telephony/events', headers: { authorization: auth }, payload: body as object });
    const at = (second: number) => new Date(Date.parse('2026-11-25T10:00:00Z') + second * 1000).toISOString();
    const ev = (callId: string, type: string, second: number, fields: Record<string, unknown> = {}) =>
      ({ eventId: `e${++seq}`, callId, type, timestamp: at(second), ...fields });
    const offered = (callId: string, second = 0) => ev(callId, 'offered', second, { from: '0501234567', to: '1017', direction: 'inbound' });
    const outcomes = (response: { json(): { results: { outcome: string }[] } }) => response.json().results.map((r) => r.outcome);
    const callOf = (pbxCallId: string) => t.db.selectFrom('calls').selectAll().where('pbx_call_id', '=', pbxCallId).executeTakeFirstOrThrow();
    const timeline = async (pbxCallId: string) =>
      (await t.db.selectFrom('call_events').select('type').where('call_id', '=', (await callOf(pbxCallId)).id).orderBy('seq').execute()).map((e) => e.type);
    const count = async () => Number((await t.db.selectFrom('pbx_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    test('H5: offered → ringing → answered → hold → unhold → hangup by the caller lands on the timeline through the call rules', async () => {
      const first = await post({ events: [offered('c1'), ev('c1', 'ringing', 1, { extension: '1017' }), ev('c1', 'answered', 3, { extension: '1017' })] });
      assert.equal(first.statusCode, 200, first.body);
      assert.deepEqual(outcomes(first), ['applied', 'applied', 'applied']);
      const call = await callOf('c1');
      assert.equal(call.operator_id, t.as.operator.userId, 'operator found by the extension');
      assert.equal(call.caller_phone, '+380501234567');
      assert.equal(call.status, 'active');

      // H1: the exchange cannot know the caller consented; the operator records it. The phone's
      // hold is kept apart and timed (H5), never as a Standard hold on the timeline.
      const pbxHold = await post(ev('c1', 'hold', 10));
      assert.deepEqual(outcomes(pbxHold), ['applied']);
      assert.match(pbxHold.json().results[0].reason, /H1/);
      t.clock.set(at(10));
      const byHand = await t.as.operator.post(`/api/v1/calls/${call.id}/events`, { type: 'hold_started', callerConsented: true });
      assert.equal(byHand.statusCode, 201, byHand.body);
      const resumed = await post(ev('c1', 'unhold', 70));
      assert.deepEqual(outcomes(resumed), ['applied']);
      const hungUp = await post(ev('c1', 'hangup', 90, { cause: 'normal_clearing', by: 'caller' }));
      assert.deepEqual(outcomes(hungUp), ['applied']);
      const ended = await callOf('c1');
      assert.equal(ended.status, 'ended');
      assert.equal(ended.end_reason, 'caller_hung_up');
      assert.deepEqual(await timeline('c1'), ['offered', 'answered', 'hold_started', 'hold_ended', 'ended']);
      const hold = await t.db.selectFrom('call_events').select('data').where('call_id', '=', ended.id).where('type', '=', 'hold_ended').executeTakeFirstOrThrow();
      assert.equal(hold.data.durationSeconds, 60, 'H5: hold measured by the exchange’s clock');
      assert.equal(hold.data.source, 'pbx');
      const audit = await t.db.selectFrom('audit_events').select('changes').where('entity_type', '=', 'pbx_event').execute();
      assert.ok(!JSON.stringify(audit).includes('0501234567') && !JSON.stringify(audit).includes('380501234567'), 'no phone in the audit trail');
    });

    test('a repeated event id is a duplicate: 200, kept, nothing changes', async () => {
      const event = offered('c2');
      assert.deepEqual(outcomes(await post(event)), ['applied']);
      const before = await count();
      const again = await post(event);
      assert.equal(again.statusCode, 200);
      assert.deepEqual(outcomes(again), ['duplicate']);
      assert.equal(await count(), before + 1, 'the repeat is kept too');
      assert.equal((await t.db.selectFrom('calls').select('id').where('pbx_call_id', '=', 'c2').execute()).length, 1);
    });

    test('out of order: answered before ringing, then a late ringing is stale and the call never moves back', async () => {
      await post(offered('c3'));
      assert.deepEqual(outcomes(await post(ev('c3', 'answered', 5, { extension: '1017' }))), ['applied']);
      const late = await post(ev('c3', 'ringing', 2, { extension: '1017' }));
      assert.deepEqual(outcomes(late), ['stale']);
      assert.equal((await callOf('c3')).status, 'active');
    });

    test('out of order: a hangup before answered ends a ringing call as missed; the late answer is stale', async () => {
      await post(offered('c4'));
      assert.deepEqual(outcomes(await post(ev('c4', 'hangup', 30, { cause: 'no_answer', by: 'system' }))), ['applied']);
      assert.deepEqual(outcomes(await post(ev('c4', 'answered', 20, { extension: '1017' }))), ['stale']);
      const call = await callOf('c4');
      assert.equal(call.status, 'ended');
      assert.equal(call.end_reason, 'missed');
    });

    test('a batch is applied in the exchange’s time order, answered in the order sent', async () => {
      const response = await post({ events: [ev('c5', 'answered', 4, { extension: '1017' }), offered('c5', 0)] });
      assert.deepEqual(outcomes(response), ['applied', 'applied']);
      const call = await callOf('c5');
      assert.equal(call.status, 'active');
      assert.equal(call.caller_phone, '+380501234567');
    });

    test('an unknown event type is kept and ignored', async () => {
      const response = await post(ev('c1', 'conference_joined', 100, { room: '7' }));
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(outcomes(response), ['ignored_unknown_type']);
      const kept = await t.db.selectFrom('pbx_events').selectAll().where('type', '=', 'conference_joined').executeTakeFirstOrThrow();
      assert.equal(kept.payload.room, '7');
    });

    test('H3: a missed call is listed for a callback until one is scheduled', async () => {
      await post(offered('c6'));
      await post(ev('c6', 'hangup', 15, { cause: 'cancel', by: 'caller' }));
      const call = await callOf('c6');
      assert.equal(call.end_reason, 'abandoned');
      const listed = await t.as.supervisor.get('/api/v1/telephony/missed-calls');
      assert.equal(listed.statusCode, 200, listed.body);
      const ids = listed.json().items.map((i: { callId: string }) => i.callId);
      assert.ok(ids.includes(call.id) && ids.includes((await callOf('c4')).id));
      assert.equal(listed.json().items.find((i: { callId: string }) => i.callId === call.id).endReasonLabel, 'Заявник поклав слухавку, не дочекавшись відповіді');
    });

    test('wrong token 401, no token for an operator at all (422), a session of another role 403', async () => {
      const wrong = await post(offered('x1'), 'Bearer dvr_wrong');
      assert.equal(wrong.statusCode, 401);
      assert.equal(wrong.headers['content-type'], PROBLEM);
      const refused = await t.as.admin.post(`/api/v1/users/${t.as.operator.userId}/api-tokens`, { name: 'оператор' });
      assert.equal(refused.statusCode, 422);
      assert.deepEqual(refused.json().errors.map((e: { field: string }) => e.field), ['role']);
      const forbidden = await t.as.supervisor.post('/api/v1/telephony/events', offered('x1'));
      assert.equal(forbidden.statusCode, 403);
      assert.equal(forbidden.headers['content-type'], PROBLEM);
    });

    test('bad input: wrong types, markup, over-long ids, an unknown field of a batch\'s envelope → 400 problem+json, nothing written', async () => {
      const before = await count();
      for (const body of [
        { ...offered('b1'), timestamp: 'вчора' },
        { ...offered('b1'), direction: 'sideways' },
        { ...offered('b1'), from: '<script>alert(1)</script>' },
        { ...offered('b1'), callId: 'x'.repeat(251) },
        ev('b1', 'survey_result', 1, { score: 6 }),
        ev('b1', 'hangup', 1, { cause: 'x', by: 'nobody' }),
        { events: [] },
        { events: [offered('b1')], more: true },
        [],
      ]) {
        const response = await post(body);
        assert.equal(response.statusCode, 400, JSON.stringify(body));
        assert.equal(response.headers['content-type'], PROBLEM);
      }
      assert.equal(await count(), before);
    });

    test('extensions: admin maps, reads and removes; only to an operator; others are refused', async () => {
      const wrong = await t.as.admin.request('PUT', '/api/v1/telephony/extensions/2001', { operatorId: t.as.supervisor.userId });
      assert.equal(wrong.statusCode, 422);
      const bad = await t.as.admin.request('PUT', '/api/v1/telephony/extensions/2001', { operatorId: t.as.operator.userId, extra: true });
      assert.equal(bad.statusCode, 400);
      const put = await t.as.admin.request('PUT', '/api/v1/telephony/extensions/2001', { operatorId: t.as.operator.userId, active: false });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal((await t.as.admin.get('/api/v1/telephony/extensions/2001')).json().active, false);
      const inactive = await post(ev('c7', 'ringing', 1, { extension: '2001' }));
      assert.deepEqual(outcomes(inactive), ['refused'], 'an inactive extension finds no operator');
      assert.equal((await t.as.admin.request('DELETE', '/api/v1/telephony/extensions/2001')).statusCode, 204);
      assert.equal((await t.as.admin.get('/api/v1/telephony/extensions/2001')).statusCode, 404);
      assert.equal((await t.as.operator.get('/api/v1/telephony/extensions')).statusCode, 403);
      const audit = await t.db.selectFrom('audit_events').select('action').where('entity_type', '=', 'pbx_extension').where('entity_id', '=', '2001').execute();
      assert.deepEqual(audit.map((a) => a.action), ['assigned', 'removed']);
    });

    test('Zammad Generic CTI: newCall, answer and hangup (form-encoded, ?token=) drive the same call; retries are repeats', async () => {
      const send = (form: string, auth = `?token=${token}`) => t.app.inject({
        method: 'POST', url: `/api/v1/telephony/zammad${auth}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form,
      });
      // Answered as Zammad answers ({}); Dovira's outcome is in the header.
      const outcome = (response: { statusCode: number; body: string; headers: Record<string, unknown> }) => {
        assert.equal(response.statusCode, 200, response.body);
        assert.equal(response.body, '{}');
        return response.headers['dovira-event-outcome'];
      };
      const created = await send('event=newCall&from=380671112233&to=1017&direction=in&callId=z1&user[]=Olena&user[]=Ihor');
      assert.equal(outcome(created), 'applied');
      assert.equal(created.headers['dovira-call-id'], (await callOf('z1')).id);
      assert.equal(decodeURIComponent(String(created.headers['dovira-event-reason'])), 'Дзвінок зареєстровано, він дзвонить оператору');
      assert.equal(outcome(await send('event=answer&callId=z1&answeringNumber=1017&from=380671112233&to=1017&direction=in')), 'applied');
      assert.equal(outcome(await send('event=answer&callId=z1&answeringNumber=1017')), 'duplicate');
      assert.equal(outcome(await send('event=hangup&callId=z1&cause=normalClearing')), 'applied');
      const call = await callOf('z1');
      assert.equal(call.caller_phone, '+380671112233');
      assert.equal(call.end_reason, 'completed');
      const json = await t.app.inject({ method: 'POST', url: '/api/v1/telephony/zammad', headers: { authorization: `Bearer ${token}` }, payload: { event: 'newCall', from: '0501234567', to: '1017', direction: 'in', callId: 'z2' } });
      assert.equal(outcome(json), 'applied');
      assert.equal((await send('event=newCall&callId=z3', '')).statusCode, 401);
      assert.equal((await send('event=newCall&callId=z3', '?token=dvr_wrong')).statusCode, 401);
      assert.equal((await send('event=ring&callId=z3')).statusCode, 400);
      const badFrom = await send('event=newCall&callId=z3&from=%3Cscript%3E&to=1017');
      assert.equal(badFrom.statusCode, 400);
      assert.deepEqual(badFrom.json().errors.map((e: { field: string }) => e.field), ['from'], 'a known field with a bad value is still refused, named');
    });

    test('a form field named __proto__ is refused, as in JSON, never made the parsed form’s prototype (Zammad, and events of a type Dovira does not know)', async () => {
      const send = (path: string, form: string) => t.app.inject({
        method: 'POST', url: `/api/v1/telephony/${path}?token=${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` }, payload: form,
      });
      for (const [path, form] of [
        ['zammad', 'event=newCall&callId=zp1&from=0501234567&to=1017&direction=in&__proto__=x'], ['zammad', 'event=newCall&callId=zp1&__proto__=a&__proto__=b'],
        ['zammad', '__proto__=a&__proto__=b&event=newCall&callId=zp1'], ['events', 'eventId=zp-1&callId=zp1&type=future_type&timestamp=2026-11-25T10:00:00Z&__proto__=a&__proto__=b'],
      ] as const) {
        const refused = await send(path, form);
        assert.equal(refused.statusCode, 400, `${form}: ${refused.body}`);
        assert.deepEqual(refused.json().errors.map((e: { field: string }) => e.field), ['__proto__'], form);
      }
      assert.equal(await t.db.selectFrom('pbx_events').select('id').where('pbx_call_id', '=', 'zp1').executeTakeFirst(), undefined, 'nothing of it kept');
    });

    test('an operator’s call out (outbound): opened for the operator at the calling extension, the citizen’s number as the caller’s, answered, ended as completed', async () => {
      const response = await post({ events: [
        ev('out-1', 'offered', 0, { from: '1017', to: '067 111 22 33', direction: 'outbound' }),
        ev('out-1', 'ringing', 1, { extension: '1017' }),
        ev('out-1', 'answered', 6, { extension: '1017' }),
        ev('out-1', 'hangup', 90, { cause: 'normal_clearing', by: 'operator' }),
      ] });
      assert.deepEqual(outcomes(response), ['applied', 'applied', 'applied', 'applied']);
      const view = (await t.as.operator.get(`/api/v1/calls/${(await callOf('out-1')).id}`)).json();
      assert.equal(view.operator.id, t.as.operator.userId);
      assert.equal(view.direction, 'outbound');
      assert.equal(view.callerPhone, '+380671112233');
      assert.equal(view.answeredAt, at(6));
      assert.equal(view.endReason, 'completed');
      assert.equal(view.transferredFrom, null);
      const manual = await t.as.operator.post('/api/v1/calls', {});
      assert.equal(manual.statusCode, 201, manual.body);
      assert.equal(manual.json().direction, null, 'a call opened by hand: the exchange told nothing');
    });

    describe('H4: the legs of a transfer tied by the exchange’s linkedId', () => {
      let operatorB: Client;
      before(async () => {
        const created = await t.as.admin.post('/api/v1/users', {
          login: 'operator-b', fullName: 'Богдан Іванович Ткаченко', role: 'operator', password: 'operator-b-password', operatorNumber: 42,
        });
        assert.equal(created.statusCode, 201, created.body);
        operatorB = await t.login('operator-b', 'operator-b-password');
        const mapped = await t.as.admin.request('PUT', '/api/v1/telephony/extensions/1018', { operatorId: operatorB.userId });
        assert.equal(mapped.statusCode, 200, mapped.body);
      });
      const linked = (linkedId: string, event: Record<string, unknown>) => ({ ...event, linkedId });
      const viewOf = async (client: Client, callId: string) => {
        const response = await client.get(`/api/v1/calls/${callId}`);
        assert.equal(response.statusCode, 200, response.body);
        return response.json();
      };

      test('operator A transfers; the new leg (from A’s extension) rings at B: B’s own call, linked to A’s, with the citizen’s number', async () => {
        const first = await post({ events: [
          linked('L-t1', offered('t1', 0)),
          linked('L-t1', ev('t1', 'answered', 2, { extension: '1017' })),
          linked('L-t1', ev('t1', 'transfer', 60, { to: '1018', kind: 'blind' })),
          linked('L-t1', ev('t1', 'hangup', 61, { cause: 'normal_clearing', by: 'operator' })),
        ] });
        assert.deepEqual(outcomes(first), ['applied', 'applied', 'applied', 'applied']);
        // The exchange presents the transferring operator's extension as the new leg's caller.
        const second = await post({ events: [
          linked('L-t1', ev('t1-b', 'offered', 62, { from: '1017', to: '1018', direction: 'inbound' })),
          linked('L-t1', ev('t1-b', 'ringing', 62, { extension: '1018' })),
          linked('L-t1', ev('t1-b', 'answered', 65, { extension: '1018' })),
        ] });
        assert.deepEqual(outcomes(second), ['applied', 'applied', 'applied']);
        const a = await callOf('t1');
        const b = await callOf('t1-b');
        assert.notEqual(a.id, b.id, 'two calls, never merged');
        assert.equal(a.end_reason, 'transferred');
        assert.equal(b.operator_id, operatorB.userId);
        assert.equal(b.caller_phone, '+380501234567', 'the citizen’s number from the earlier leg, not the extension');
        assert.equal(b.transferred_from_call_id, a.id);
        assert.equal(b.pbx_linked_id, 'L-t1');
        assert.equal(a.transferred_from_call_id, null);
        assert.deepEqual(await timeline('t1'), ['offered', 'answered', 'transferred', 'ended'], 'A’s timeline is A’s');
        assert.deepEqual(await timeline('t1-b'), ['offered', 'answered'], 'B’s timeline is B’s');
        const audit = await t.db.selectFrom('audit_events').select(['action', 'changes']).where('entity_type', '=', 'call').where('entity_id', '=', b.id)
          .where('action', '=', 'transfer_leg_linked').execute();
        assert.deepEqual(audit, [{ action: 'transfer_leg_linked', changes: { transferredFromCallId: a.id, callerPhoneFromEarlierLeg: true } }]);

        // B sees where the caller came from, but cannot open A's call; A and the supervisor follow the chain.
        const seenByB = await viewOf(operatorB, b.id);
        assert.deepEqual(seenByB.transferredFrom, { id: a.id, operator: { id: t.as.operator.userId, operatorNumber: 17 }, at: at(60) });
        assert.equal(seenByB.direction, 'inbound');
        assert.equal(seenByB.callerPhone, '+380501234567');
        assert.equal(seenByB.transferredTo, null);
        assert.equal((await operatorB.get(`/api/v1/calls/${a.id}`)).statusCode, 404);
        const seenBySupervisor = await viewOf(t.as.supervisor, a.id);
        assert.equal(seenBySupervisor.transferredFrom, null);
        assert.deepEqual(seenBySupervisor.transferredTo, { id: b.id, operator: { id: operatorB.userId, operatorNumber: 42 }, at: at(60) });
        assert.equal((await viewOf(t.as.operator, a.id)).transferredTo.id, b.id);
        const listed = (await operatorB.get('/api/v1/calls')).json().items.map((item: { id: string }) => item.id);
        assert.deepEqual(listed, [b.id], 'B’s list holds B’s call only');
      });

      test('a chain A → B → C: C came from B; a leg first heard of by its ringing, while the earlier leg still talks, is linked too', async () => {
        await post({ events: [linked('L-ch', offered('ch-a', 0)), linked('L-ch', ev('ch-a', 'answered', 1, { extension: '1017' }))] });
        // B's leg first heard of by its ringing, while A still talks (an attended transfer).
        assert.deepEqual(outcomes(await post(linked('L-ch', ev('ch-b', 'ringing', 30, { extension: '1018' })))), ['applied']);
        const b = await callOf('ch-b');
        assert.equal(b.transferred_from_call_id, (await callOf('ch-a')).id);
        assert.equal(b.caller_phone, '+380501234567');
        await post({ events: [
          linked('L-ch', ev('ch-b', 'answered', 31, { extension: '1018' })),
          linked('L-ch', ev('ch-a', 'transfer', 32, { to: '1018', kind: 'attended' })),
          linked('L-ch', ev('ch-a', 'hangup', 33, { cause: 'normal_clearing', by: 'operator' })),
          linked('L-ch', ev('ch-b', 'transfer', 50, { to: '1017', kind: 'blind' })),
          linked('L-ch', ev('ch-b', 'hangup', 51, { cause: 'normal_clearing', by: 'operator' })),
          linked('L-ch', ev('ch-c', 'offered', 52, { from: '0501234567', to: '1017', direction: 'inbound' })),
        ] });
        const c = await callOf('ch-c');
        assert.equal(c.transferred_from_call_id, b.id, 'the latest earlier leg');
        assert.equal(c.operator_id, t.as.operator.userId);
        const middle = await viewOf(t.as.supervisor, b.id);
        assert.equal(middle.transferredFrom.id, (await callOf('ch-a')).id);
        assert.equal(middle.transferredTo.id, c.id);
      });

      test('bad input: a linkedId pointing at nothing, at a call that ended otherwise, at an old transfer or at a call nobody answered opens a call of its own', async () => {
        assert.deepEqual(outcomes(await post(linked('L-none', offered('n1', 0)))), ['applied']);
        const alone = await callOf('n1');
        assert.equal(alone.transferred_from_call_id, null);
        assert.equal(alone.pbx_linked_id, 'L-none');
        assert.equal(alone.caller_phone, '+380501234567');

        // The same linked id again after the first call ended normally: another call, not a transfer.
        await post({ events: [linked('L-none', ev('n1', 'answered', 1, { extension: '1017' })), linked('L-none', ev('n1', 'hangup', 30, { cause: 'normal_clearing', by: 'caller' }))] });
        await post(linked('L-none', ev('n2', 'offered', 40, { from: '1017', to: '1018', direction: 'inbound' })));
        const notTransferred = await callOf('n2');
        assert.equal(notTransferred.transferred_from_call_id, null);
        assert.equal(notTransferred.caller_phone, null, 'no citizen’s number borrowed from an unrelated call');

        // A transfer long ago: the exchange reused the linked id for a different caller's later call.
        await post({ events: [
          linked('L-old', offered('o1', 0)), linked('L-old', ev('o1', 'answered', 1, { extension: '1017' })),
          linked('L-old', ev('o1', 'transfer', 10, { to: '1018', kind: 'blind' })), linked('L-old', ev('o1', 'hangup', 11, { cause: 'normal_clearing', by: 'operator' })),
        ] });
        await post(linked('L-old', ev('o2', 'offered', 11 + 11 * 60, { from: '+380671112233', to: '1018', direction: 'inbound' })));
        const later = await callOf('o2');
        assert.equal(later.transferred_from_call_id, null, 'ten minutes after a transfer the linked id no longer chains');
        assert.equal(later.caller_phone, '+380671112233');
        // Within the window it still does (the caller waited in a queue for a few minutes).
        await post(linked('L-old', ev('o3', 'offered', 11 + 9 * 60, { from: '0501234567', to: '1018', direction: 'inbound' })));
        assert.equal((await callOf('o3')).transferred_from_call_id, (await callOf('o1')).id);

        // A call still ringing (nobody took it) is nobody's to transfer.
        await post(linked('L-ring', offered('r1', 0)));
        await post(linked('L-ring', ev('r2', 'offered', 5, { from: '0501234567', to: '1018', direction: 'inbound' })));
        assert.equal((await callOf('r2')).transferred_from_call_id, null);

        // Asterisk's way: the call id is the linked id on every leg, so the legs are one call.
        await post({ events: [linked('ast-1', offered('ast-1', 0)), linked('ast-1', ev('ast-1', 'answered', 1, { extension: '1017' }))] });
        const asterisk = await callOf('ast-1');
        assert.equal(asterisk.transferred_from_call_id, null);
        assert.equal(asterisk.pbx_linked_id, 'ast-1');

        // A malformed linked id is refused whole, as any malformed field.
        const before = await count();
        for (const linkedId of ['', 'x'.repeat(251), 'two words', '<b>', 5]) {
          const response = await post({ ...offered('bad-link'), linkedId });
          assert.equal(response.statusCode, 400, JSON.stringify(linkedId));
          assert.equal(response.headers['content-type'], PROBLEM);
        }
        assert.equal(await count(), before);
      });
    });

    test('caller recognised by number: earlier calls offered, never merged', async () => {
      const response = await t.as.operator.get('/api/v1/telephony/callers/050%20123%2045%2067');
      assert.equal(response.statusCode, 200, response.body);
      const found = response.json();
      assert.equal(found.phone, '+380501234567');
      assert.ok(found.calls.length >= 3);
      assert.equal((await t.as.operator.get('/api/v1/telephony/callers/abc')).statusCode, 400);
      assert.equal((await t.as.court_clerk.get('/api/v1/telephony/callers/0501234567')).statusCode, 403);
    });
  });
}
