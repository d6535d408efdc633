import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type Client, type TestApp } from '../../test/app.ts';
import { BAD_AUDIO_PHRASE, CLOSING_PHRASE } from '../standard/index.ts';
import { GREETING_BOUNDARIES_SETTING, loadGreetingBoundaries } from './greeting-settings.ts';

const PROBLEM = 'application/problem+json; charset=utf-8';

for (const target of databaseTargets()) {
  describe(`calls on ${target.name}`, () => {
    let t: TestApp;
    let operatorB: Client;
    before(async () => {
      t = await startTestApp(target);
      const created = await t.as.admin.post('/api/v1/users', {
        login: 'operator-b', fullName: 'Богдан Іванович Ткаченко', role: 'operator', password: 'operator-b-password', operatorNumber: 42,
      });
      assert.equal(created.statusCode, 201, created.body);
      operatorB = await t.login('operator-b', 'operator-b-password');
    });
    after(async () => { await t?.close(); });

    async function openCall(client: Client = t.as.operator, body: unknown = {}): Promise<string> {
      const response = await client.post('/api/v1/calls', body);
      assert.equal(response.statusCode, 201, response.body);
      return response.json().id;
    }

    const post = (callId: string, event: unknown, client: Client = t.as.operator) => client.post(`/api/v1/calls/${callId}/events`, event);

    async function accepted(callId: string, event: unknown): Promise<LightMyRequestResponse> {
      const response = await post(callId, event);
      assert.equal(response.statusCode, 201, response.body);
      return response;
    }

    function refused(response: LightMyRequestResponse, code: string): void {
      assert.equal(response.statusCode, 422, response.body);
      assert.equal(response.headers['content-type'], PROBLEM);
      assert.equal(response.json().type, `urn:dovira:problem:${code}`);
      assert.match(response.json().detail, /[а-яіїєґ]/i);
    }

    const eventCount = async (callId: string) => (await t.db.selectFrom('call_events').select('seq').where('call_id', '=', callId).execute()).length;

    test('an operator opens a call by hand: it is active, with offered and answered on its timeline', async () => {
      const response = await t.as.operator.post('/api/v1/calls', { callerPhone: '067 123 45 67' });
      assert.equal(response.statusCode, 201, response.body);
      const call = response.json();
      assert.equal(call.status, 'active');
      assert.equal(call.source, 'manual');
      assert.equal(call.callerPhone, '+380671234567');
      assert.deepEqual(call.operator, { id: t.as.operator.userId, fullName: 'Олена Петрівна Коваленко', operatorNumber: 17 });
      assert.equal(call.openedAt, t.clock.now().toISOString());
      assert.equal(call.answeredAt, t.clock.now().toISOString());
      assert.deepEqual(call.timeline.map((e: { seq: number; type: string; source: string }) => [e.seq, e.type, e.source]), [[1, 'offered', 'operator'], [2, 'answered', 'operator']]);
      assert.deepEqual(call.live, { onHold: false, hold: null, badAudio: null, abuseWarned: false, mayEndFor: ['completed', 'caller_hung_up'], phoneHold: null });
    });

    test('only operators open calls', async () => {
      assert.equal((await t.as.supervisor.post('/api/v1/calls', {})).statusCode, 403);
      assert.equal((await t.anonymous.post('/api/v1/calls', {})).statusCode, 401);
    });

    test('an Idempotency-Key retry returns the same call and creates no duplicate', async () => {
      const key = { 'idempotency-key': 'open-call-retry-1' };
      const first = await t.as.operator.post('/api/v1/calls', { callerPhone: '0441234567' }, key);
      const before = (await t.db.selectFrom('calls').select('id').execute()).length;
      const retry = await t.as.operator.post('/api/v1/calls', { callerPhone: '0441234567' }, key);
      assert.equal(first.statusCode, 201);
      assert.equal(retry.statusCode, 201);
      assert.equal(retry.json().id, first.json().id);
      assert.equal((await t.db.selectFrom('calls').select('id').execute()).length, before);
      const reused = await t.as.operator.post('/api/v1/calls', { callerPhone: '0449999999' }, key);
      assert.equal(reused.statusCode, 422);
    });

    test('a retry whose first answer was saved by an earlier version gets the call in today’s shape', async () => {
      const key = { 'idempotency-key': 'open-call-before-upgrade' };
      const first = await t.as.operator.post('/api/v1/calls', { callerPhone: '0441234568' }, key);
      assert.equal(first.statusCode, 201);
      // What an earlier version kept: the view without the fields added since.
      const { transferredFrom: _from, transferredTo: _to, direction: _direction, ...older } = first.json();
      await t.db.updateTable('idempotency_keys').set({ response: JSON.stringify(older) })
        .where('user_id', '=', t.as.operator.userId).where('key', '=', 'open-call-before-upgrade').execute();
      const retry = await t.as.operator.post('/api/v1/calls', { callerPhone: '0441234568' }, key);
      assert.equal(retry.statusCode, 201, retry.body);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.deepEqual(retry.json(), first.json());
    });

    test('G4: the recorded form of address is stored on the call and used by the script', async () => {
      const id = await openCall();
      const response = await accepted(id, { type: 'form_of_address_recorded', formOfAddress: 'пане Іване' });
      assert.equal(response.json().formOfAddress, 'пане Іване');
      const script = (await t.as.operator.get(`/api/v1/calls/${id}/script`)).json();
      assert.equal(script.formOfAddress, 'пане Іване');
      const helpOffered = script.opening.find((line: { requirement: string }) => line.requirement === 'G5');
      assert.equal(helpOffered.text, 'Пане Іване, чим можу Вам допомогти?');
      const understanding = script.closing.find((line: { requirement: string }) => line.requirement === 'C3');
      assert.match(understanding.text, /^Пане Іване, /);
    });

    test('G2, G3: the script greets by Kyiv time and introduces the call\'s operator', async () => {
      const id = await openCall();
      t.clock.set('2026-11-25T05:30:00Z'); // 07:30 in Kyiv (UTC+2 in winter)
      const morning = (await t.as.operator.get(`/api/v1/calls/${id}/script`)).json();
      assert.deepEqual(morning.greeting, { period: 'morning', phrase: 'Доброго ранку' });
      assert.equal(morning.opening[0].text, 'Доброго ранку');
      assert.equal(morning.opening[1].text, 'Оператор № 17, Олена Петрівна Коваленко');
      assert.equal(morning.opening[2].text, 'Як я можу до Вас звертатись?');
      t.clock.set('2026-11-25T16:30:00Z'); // 18:30 in Kyiv
      assert.equal((await t.as.supervisor.get(`/api/v1/calls/${id}/script`)).json().greeting.phrase, 'Доброго вечора');
      t.clock.set('2026-11-25T10:00:00Z');
    });

    test('G2: the configured greeting boundaries are used by the script', async () => {
      const id = await openCall();
      t.clock.set('2026-11-25T05:30:00Z'); // 07:30 in Kyiv
      await t.db.insertInto('settings').values({
        key: GREETING_BOUNDARIES_SETTING,
        value: JSON.stringify({ morningStartsAt: '08:00', dayStartsAt: '12:00', eveningStartsAt: '18:00' }),
        updated_at: new Date(),
      }).execute();
      try {
        assert.equal((await loadGreetingBoundaries(t.db)).morningStartsAt, '08:00');
        assert.equal((await t.as.operator.get(`/api/v1/calls/${id}/script`)).json().greeting.phrase, 'Доброго вечора');
      } finally {
        await t.db.deleteFrom('settings').where('key', '=', GREETING_BOUNDARIES_SETTING).execute();
        t.clock.set('2026-11-25T10:00:00Z');
      }
      assert.equal((await loadGreetingBoundaries(t.db)).morningStartsAt, '05:00');
    });

    test('C4, T2: the script carries the published closing and bad-audio phrases', async () => {
      const id = await openCall();
      const script = (await t.as.operator.get(`/api/v1/calls/${id}/script`)).json();
      assert.equal(script.closing.at(-1).text, CLOSING_PHRASE);
      assert.equal(script.badAudio.phrase, BAD_AUDIO_PHRASE);
      assert.equal(script.badAudio.trySeconds, 10);
    });

    test('G1: the language of the call is recorded', async () => {
      const id = await openCall();
      const response = await accepted(id, { type: 'language_recorded', language: 'uk' });
      assert.equal(response.json().language, 'uk');
    });

    test('C1: a topic outside the judiciary\'s powers is refused without the explanation given', async () => {
      const id = await openCall();
      const without = await post(id, { type: 'topic_recorded', topic: 'Нарахування пенсії', outsideJudiciary: true });
      refused(without, 'explanation-required');
      assert.equal(without.json().errors[0].field, 'explanation');
      const withExplanation = await accepted(id, {
        type: 'topic_recorded', topic: 'Нарахування пенсії', outsideJudiciary: true, explanation: 'Це питання Пенсійного фонду, а не суду',
      });
      const event = withExplanation.json().timeline.at(-1);
      assert.equal(event.type, 'topic_recorded');
      assert.deepEqual(event.data, { topic: 'Нарахування пенсії', outsideJudiciary: true, explanation: 'Це питання Пенсійного фонду, а не суду' });
    });

    test('D1, D2: a dissatisfied caller is recorded with the cause, the action and the apology', async () => {
      const id = await openCall();
      const response = await accepted(id, { type: 'caller_dissatisfied', cause: 'Довго чекав на лінії', actionTaken: 'Надано відповідь одразу', apologyGiven: true });
      assert.equal(response.json().timeline.at(-1).data.apologyGiven, true);
    });

    test('H1: a hold without the caller\'s consent is refused', async () => {
      const id = await openCall();
      refused(await post(id, { type: 'hold_started', callerConsented: false }), 'hold-without-consent');
      assert.equal(await eventCount(id), 2);
    });

    test('two holds at once are refused, and a hold that is not running cannot end', async () => {
      const id = await openCall();
      refused(await post(id, { type: 'hold_ended' }), 'no-hold-running');
      await accepted(id, { type: 'hold_started', callerConsented: true });
      refused(await post(id, { type: 'hold_started', callerConsented: true }), 'hold-already-running');
    });

    test('H5: a hold longer than 3 minutes is marked over the limit', async () => {
      const id = await openCall();
      await accepted(id, { type: 'hold_started', callerConsented: true });
      t.clock.advance(170);
      const live = (await t.as.operator.get(`/api/v1/calls/${id}`)).json().live;
      assert.equal(live.onHold, true);
      assert.equal(live.hold.elapsedSeconds, 170);
      assert.equal(live.hold.remainingSeconds, 10);
      assert.equal(live.hold.warning, true);
      assert.equal(live.hold.overLimit, false);
      refused(await post(id, { type: 'ended', reason: 'completed' }), 'end-hold-first');
      t.clock.advance(11);
      const ended = (await accepted(id, { type: 'hold_ended' })).json();
      assert.deepEqual(ended.timeline.at(-1).data, { startedAt: ended.timeline.at(-2).at, durationSeconds: 181, overLimit: true, limitSeconds: 180 });
      assert.equal(ended.live.onHold, false);

      await accepted(id, { type: 'hold_started', callerConsented: true });
      t.clock.advance(180);
      assert.equal((await accepted(id, { type: 'hold_ended' })).json().timeline.at(-1).data.overLimit, false, 'exactly 3 minutes is within the limit');
    });

    test('ending because the caller hung up while on hold closes the hold', async () => {
      const id = await openCall();
      await accepted(id, { type: 'hold_started', callerConsented: true });
      t.clock.advance(30);
      const call = (await accepted(id, { type: 'ended', reason: 'caller_hung_up' })).json();
      assert.equal(call.status, 'ended');
      assert.equal(call.endReason, 'caller_hung_up');
      assert.equal(call.endedAt, t.clock.now().toISOString());
      assert.equal(call.timeline.at(-1).data.hold.durationSeconds, 30);
      assert.equal(call.live.onHold, false);
    });

    test('D3: ending for abuse is refused until the warning was given', async () => {
      const id = await openCall();
      refused(await post(id, { type: 'ended', reason: 'abusive_caller' }), 'abuse-warning-required');
      const warned = (await accepted(id, { type: 'abuse_warning_given', reason: 'personal_insult' })).json();
      assert.equal(warned.live.abuseWarned, true);
      assert.ok(warned.live.mayEndFor.includes('abusive_caller'));
      assert.equal((await accepted(id, { type: 'ended', reason: 'abusive_caller' })).json().endReason, 'abusive_caller');
    });

    test('T1: ending for no audio is refused before 10 seconds of trying and allowed at 10', async () => {
      const id = await openCall();
      refused(await post(id, { type: 'ended', reason: 'no_audio' }), 'bad-audio-procedure-required');
      await accepted(id, { type: 'bad_audio_started' });
      t.clock.advance(9);
      const live = (await t.as.operator.get(`/api/v1/calls/${id}`)).json().live;
      assert.equal(live.badAudio.elapsedSeconds, 9);
      assert.equal(live.badAudio.mayEnd, false);
      assert.ok(!live.mayEndFor.includes('no_audio'));
      refused(await post(id, { type: 'ended', reason: 'no_audio' }), 'bad-audio-too-early');
      t.clock.advance(1);
      const ended = (await accepted(id, { type: 'ended', reason: 'no_audio' })).json();
      assert.equal(ended.endReason, 'no_audio');
      assert.equal(ended.timeline.at(-1).data.badAudio.durationSeconds, 10);
    });

    test('T1: contact regained ends the bad-audio procedure', async () => {
      const id = await openCall();
      await accepted(id, { type: 'bad_audio_started' });
      t.clock.advance(4);
      const call = (await accepted(id, { type: 'bad_audio_ended', resolved: true })).json();
      assert.equal(call.live.badAudio, null);
      assert.equal(call.timeline.at(-1).data.durationSeconds, 4);
      refused(await post(id, { type: 'ended', reason: 'no_audio' }), 'bad-audio-procedure-required');
    });

    test('H4: ending as transferred needs the transfer, with the authorised person, recorded', async () => {
      const id = await openCall();
      refused(await post(id, { type: 'ended', reason: 'transferred' }), 'transfer-required');
      await accepted(id, { type: 'transferred', to: 'Розпорядник інформації Тестового суду' });
      assert.equal((await accepted(id, { type: 'ended', reason: 'transferred' })).json().endReason, 'transferred');
    });

    test('H3: ending with a callback arranged needs the callback requested', async () => {
      const id = await openCall();
      refused(await post(id, { type: 'ended', reason: 'callback_arranged' }), 'callback-required');
      const requested = (await accepted(id, { type: 'callback_requested', phone: '(050) 111-22-33', reason: 'Потрібно уточнити дату засідання' })).json();
      assert.equal(requested.timeline.at(-1).data.phone, '+380501112233');
      assert.equal((await accepted(id, { type: 'ended', reason: 'callback_arranged' })).json().endReason, 'callback_arranged');
    });

    test('C3, C4: understanding and the closing phrase are recorded, then the call is completed', async () => {
      const id = await openCall();
      await accepted(id, { type: 'greeted' });
      await accepted(id, { type: 'understanding_confirmed' });
      await accepted(id, { type: 'closing_phrase_said' });
      const call = (await accepted(id, { type: 'ended', reason: 'completed' })).json();
      assert.deepEqual(call.timeline.map((e: { type: string }) => e.type), ['offered', 'answered', 'greeted', 'understanding_confirmed', 'closing_phrase_said', 'ended']);
      assert.deepEqual(call.timeline.map((e: { seq: number }) => e.seq), [1, 2, 3, 4, 5, 6]);
    });

    test('no events are accepted after the call ended', async () => {
      const id = await openCall();
      await accepted(id, { type: 'ended', reason: 'completed' });
      refused(await post(id, { type: 'greeted' }), 'call-ended');
      refused(await post(id, { type: 'ended', reason: 'completed' }), 'call-ended');
      refused(await post(id, { type: 'answered' }), 'call-ended');
      assert.equal(await eventCount(id), 3);
    });

    test('operator B cannot see or touch operator A\'s call', async () => {
      const id = await openCall();
      assert.equal((await operatorB.get(`/api/v1/calls/${id}`)).statusCode, 404);
      assert.equal((await operatorB.get(`/api/v1/calls/${id}/script`)).statusCode, 404);
      const touched = await post(id, { type: 'greeted' }, operatorB);
      assert.equal(touched.statusCode, 404);
      assert.equal(touched.json().detail, 'Дзвінок не знайдено');
      assert.equal(await eventCount(id), 2);
      const list = (await operatorB.get('/api/v1/calls')).json();
      assert.ok(!list.items.some((c: { id: string }) => c.id === id));
      const asked = (await operatorB.get(`/api/v1/calls?operatorId=${t.as.operator.userId}`)).json();
      assert.deepEqual(asked.items, []);
      assert.equal((await t.as.supervisor.post(`/api/v1/calls/${id}/events`, { type: 'greeted' })).statusCode, 403);
      assert.equal((await t.as.court_clerk.get(`/api/v1/calls/${id}`)).statusCode, 403);
    });

    test('a supervisor lists calls newest first with filters and pages, and reads any call', async () => {
      const mine = await openCall(operatorB);
      t.clock.advance(1);
      const ended = await openCall(operatorB);
      await post(ended, { type: 'ended', reason: 'completed' }, operatorB);
      t.clock.advance(1);
      const list = (await t.as.supervisor.get(`/api/v1/calls?operatorId=${operatorB.userId}`)).json();
      assert.deepEqual(list.items.map((c: { id: string }) => c.id), [ended, mine]);
      assert.equal(list.items[0].operator.operatorNumber, 42);
      const endedOnly = (await t.as.admin.get(`/api/v1/calls?operatorId=${operatorB.userId}&status=ended`)).json();
      assert.deepEqual(endedOnly.items.map((c: { id: string }) => c.id), [ended]);
      const first = (await t.as.supervisor.get(`/api/v1/calls?operatorId=${operatorB.userId}&limit=1`)).json();
      assert.deepEqual(first.items.map((c: { id: string }) => c.id), [ended]);
      const second = (await t.as.supervisor.get(`/api/v1/calls?operatorId=${operatorB.userId}&limit=1&cursor=${first.nextCursor}`)).json();
      assert.deepEqual(second.items.map((c: { id: string }) => c.id), [mine]);
      assert.equal(second.nextCursor, null);
      const read = await t.as.supervisor.get(`/api/v1/calls/${mine}`);
      assert.equal(read.statusCode, 200);
      assert.equal(read.json().timeline.length, 2);
      const own = (await operatorB.get('/api/v1/calls')).json();
      assert.ok(own.items.every((c: { operator: { id: string } }) => c.operator.id === operatorB.userId));
    });

    test('bad input is refused with 400 problem+json and nothing is written', async () => {
      const id = await openCall();
      const auditBefore = (await t.db.selectFrom('audit_events').select('id').where('entity_id', '=', id).execute()).length;
      const bad: unknown[] = [
        { type: 'no_such_event' },
        { type: 'greeted', extra: 1 },
        { type: 'hold_started', callerConsented: 'yes' },
        { type: 'ended', reason: 'bored' },
        { type: 'topic_recorded', topic: '<script>alert(1)</script>', outsideJudiciary: false },
        { type: 'form_of_address_recorded', formOfAddress: '<b>пане</b>' },
        { type: 'callback_requested', phone: 'не номер', reason: 'Уточнення' },
        { type: 'language_recorded', language: 'klingon' },
        {},
      ];
      for (const body of bad) {
        const response = await post(id, body);
        assert.equal(response.statusCode, 400, `${JSON.stringify(body)} → ${response.body}`);
        assert.equal(response.headers['content-type'], PROBLEM);
        assert.match(response.json().detail, /^[^:]{1,80}: \S/u, 'the field, then what is wrong with it');
      }
      const open = await t.as.operator.post('/api/v1/calls', { callerPhone: '123', extra: true });
      assert.equal(open.statusCode, 400);
      assert.equal((await t.as.operator.get('/api/v1/calls/not-a-uuid')).statusCode, 400);
      assert.equal((await t.as.operator.get('/api/v1/calls/00000000-0000-4000-8000-000000000000')).statusCode, 404);
      assert.equal((await t.as.supervisor.get('/api/v1/calls?unknown=1')).statusCode, 400);
      assert.equal(await eventCount(id), 2);
      assert.equal((await t.db.selectFrom('audit_events').select('id').where('entity_id', '=', id).execute()).length, auditBefore);
    });

    test('every event is audited in the same transaction, with its seq and who did it', async () => {
      const id = await openCall();
      await accepted(id, { type: 'greeted' });
      await accepted(id, { type: 'hold_started', callerConsented: true });
      await post(id, { type: 'hold_started', callerConsented: true }); // refused: not audited
      await accepted(id, { type: 'hold_ended' });
      await accepted(id, { type: 'ended', reason: 'completed' });
      const events = await t.db.selectFrom('call_events').select(['seq', 'type']).where('call_id', '=', id).orderBy('seq').execute();
      const audit = await t.db.selectFrom('audit_events').select(['action', 'changes', 'actor_user_id']).where('entity_type', '=', 'call').where('entity_id', '=', id).orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['created', ...events.map((e) => e.type)]);
      assert.deepEqual(audit.slice(1).map((a) => a.changes.seq), events.map((e) => e.seq));
      assert.ok(audit.every((a) => a.actor_user_id === t.as.operator.userId));
    });

    test('concurrent events on one call are serialised: seq has no gaps', async () => {
      const id = await openCall();
      const responses = await Promise.all(Array.from({ length: 8 }, () => post(id, { type: 'greeted' })));
      assert.ok(responses.every((r) => r.statusCode === 201), responses.map((r) => r.statusCode).join());
      const seqs = (await t.db.selectFrom('call_events').select('seq').where('call_id', '=', id).orderBy('seq').execute()).map((e) => e.seq);
      assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const row = await t.db.selectFrom('calls').select('last_seq').where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.last_seq, 10);
    });

    test('concurrent holds on one call: exactly one starts', async () => {
      const id = await openCall();
      const responses = await Promise.all(Array.from({ length: 5 }, () => post(id, { type: 'hold_started', callerConsented: true })));
      assert.deepEqual(responses.map((r) => r.statusCode).sort(), [201, 422, 422, 422, 422]);
    });
  });
}
