// Callers from anywhere: numbers of every country, as the exchange sends them and as people type
// them, stored once in E.164, so a caller is recognised, called back and asked to rate the call
// whichever way the number was written; a withheld number is shown as such.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from './databases.ts';
import { startTestApp, type TestApp } from './app.ts';
import { connectExchange } from './pbx.ts';
import { validAppeal } from './fixtures.ts';
import { findSurveyTarget } from '../src/survey/repository.ts';
import { phoneOfSipUri } from '../src/telephony/adapters/baresip/survey-endpoint.ts';

test('Q1: the survey endpoint reads the caller of a SIP URI as the exchange writes it', () => {
  assert.equal(phoneOfSipUri('sip:493055571600@pbx.example'), '+493055571600');
  assert.equal(phoneOfSipUri('sip:%2B48221234567@pbx.example;user=phone'), '+48221234567');
  assert.equal(phoneOfSipUri('sip:0501234567@10.0.0.1'), '+380501234567');
  assert.equal(phoneOfSipUri('sip:anonymous@anonymous.invalid'), null);
  assert.equal(phoneOfSipUri('sip:1017@pbx'), null);
  assert.equal(phoneOfSipUri('sip:%E0%A4%A@pbx'), null, 'a broken escape is no number, not an error');
  assert.equal(phoneOfSipUri(null), null);
});

for (const target of databaseTargets()) {
  describe(`phone numbers of every country on ${target.name}`, () => {
    let t: TestApp;
    let token: string;
    let seq = 0;
    before(async () => {
      t = await startTestApp(target);
      token = (await connectExchange(t, 'phones-')).token;
    });
    after(async () => { await t?.close(); });

    const post = (body: unknown) =>
      t.app.inject({ method: 'POST', url: '/api/v1/telephony/events', headers: { authorization: `Bearer ${token}` }, payload: body as object });
    const at = (second: number) => new Date(Date.parse('2026-11-25T10:00:00Z') + second * 1000).toISOString();
    const ev = (callId: string, type: string, second: number, fields: Record<string, unknown> = {}) =>
      ({ eventId: `p${++seq}`, callId, type, timestamp: at(second), ...fields });
    const outcomes = (response: { json(): { results: { outcome: string }[] } }) => response.json().results.map((r) => r.outcome);
    /** An inbound call from `from` to the operator's extension, answered and ended by the caller. */
    const wholeCall = async (callId: string, from: string, second: number) => {
      const response = await post({ events: [
        ev(callId, 'offered', second, { from, to: '1017', direction: 'inbound' }),
        ev(callId, 'ringing', second + 1, { extension: '1017' }),
        ev(callId, 'answered', second + 3, { extension: '1017' }),
        ev(callId, 'hangup', second + 60, { cause: 'normal_clearing', by: 'caller' }),
      ] });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(outcomes(response), ['applied', 'applied', 'applied', 'applied']);
      return t.db.selectFrom('calls').selectAll().where('pbx_call_id', '=', callId).executeTakeFirstOrThrow();
    };
    const callView = async (id: string) => {
      const response = await t.as.operator.get(`/api/v1/calls/${id}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };

    test('H3/Q1: a caller from Germany (493055571600, no «+», as the exchange sends it) is kept in E.164 and recognised on their second call', async () => {
      const first = await wholeCall('de-1', '493055571600', 0);
      assert.equal(first.caller_phone, '+493055571600');
      assert.equal(first.caller_withheld, false);
      const view = await callView(first.id);
      assert.equal(view.callerPhone, '+493055571600');
      assert.equal(view.callerWithheld, false);

      // Q1: the keypad survey finds the call by the number it is sent with.
      t.clock.set(at(120));
      const survey = await findSurveyTarget(t.db, null, phoneOfSipUri('sip:493055571600@pbx'), t.clock.now());
      assert.deepEqual(survey, { found: true, target: { callId: first.id, operatorId: t.as.operator.userId }, by: 'phone' });

      // The second call, this time with the «00» prefix: the operator is offered the first.
      const second = await wholeCall('de-2', '0049 30 55571600', 600);
      assert.equal(second.caller_phone, '+493055571600');
      for (const typed of ['+493055571600', '+49 30 5557 1600', '0049 (30) 5557-1600']) {
        const response = await t.as.operator.get(`/api/v1/telephony/callers/${encodeURIComponent(typed)}`);
        assert.equal(response.statusCode, 200, response.body);
        const history = response.json();
        assert.equal(history.phone, '+493055571600', typed);
        assert.deepEqual(history.calls.map((c: { callId: string }) => c.callId), [second.id, first.id], typed);
      }
      // H3: the callback to the German number, typed as the operator reads it.
      const callback = await t.as.operator.post('/api/v1/callbacks', {
        callId: second.id, phone: '+49 30 5557 1600', reason: 'Уточнити стан справи', dueAt: new Date(Date.parse(at(600)) + 3_600_000).toISOString(),
      });
      assert.equal(callback.statusCode, 201, callback.body);
      assert.equal(callback.json().phone, '+493055571600');
    });

    test('a Ukrainian caller in the national form and with the country code is one caller', async () => {
      const national = await wholeCall('ua-1', '0441234567', 1000);
      const international = await wholeCall('ua-2', '380441234567', 1100);
      assert.equal(national.caller_phone, '+380441234567');
      assert.equal(international.caller_phone, '+380441234567');
      const history = (await t.as.operator.get('/api/v1/telephony/callers/044%20123%2045%2067')).json();
      assert.deepEqual(history.calls.map((c: { callId: string }) => c.callId), [international.id, national.id]);
    });

    test('a withheld number is told on the call («Номер приховано» on screen), never taken for an error or a number', async () => {
      for (const [callId, from] of [['anon-1', 'anonymous'], ['anon-2', 'Restricted'], ['anon-3', '']] as const) {
        const call = await wholeCall(callId, from, 2000);
        assert.equal(call.caller_phone, null, from);
        assert.equal(call.caller_withheld, true, from);
        const view = await callView(call.id);
        assert.equal(view.callerPhone, null);
        assert.equal(view.callerWithheld, true);
      }
      // An extension is no number, and not a withheld one either.
      const internal = await wholeCall('ext-1', '1020', 2100);
      assert.equal(internal.caller_phone, null);
      assert.equal(internal.caller_withheld, false);
    });

    test('a withheld number told after the operator’s phone rang (the exchange’s events in another order) is noted on the call already open', async () => {
      const rang = await post(ev('late-1', 'ringing', 3000, { extension: '1017' }));
      assert.deepEqual(outcomes(rang), ['applied']);
      const offered = await post(ev('late-1', 'offered', 3000, { from: 'Anonymous', to: '1017', direction: 'inbound' }));
      assert.deepEqual(outcomes(offered), ['applied']);
      const call = await t.db.selectFrom('calls').selectAll().where('pbx_call_id', '=', 'late-1').executeTakeFirstOrThrow();
      assert.equal(call.caller_withheld, true);
      const audit = await t.db.selectFrom('audit_events').select('action').where('entity_type', '=', 'call').where('entity_id', '=', call.id).execute();
      assert.ok(audit.some((a) => a.action === 'caller_withheld'), JSON.stringify(audit));
    });

    test('Zammad’s Generic CTI: a German caller as Zammad sends it (no «+») and an anonymous one', async () => {
      const send = (form: string) => t.app.inject({
        method: 'POST', url: `/api/v1/telephony/zammad?token=${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form,
      });
      assert.equal((await send('event=newCall&from=493055571600&to=1017&direction=in&callId=zde')).headers['dovira-event-outcome'], 'applied');
      assert.equal((await send('event=newCall&from=anonymous&to=1017&direction=in&callId=zanon')).headers['dovira-event-outcome'], 'applied');
      const byId = (pbxCallId: string) => t.db.selectFrom('calls').select(['caller_phone', 'caller_withheld']).where('pbx_call_id', '=', pbxCallId).executeTakeFirstOrThrow();
      assert.deepEqual(await byId('zde'), { caller_phone: '+493055571600', caller_withheld: false });
      assert.deepEqual(await byId('zanon'), { caller_phone: null, caller_withheld: true });
    });

    test('A1: the appeal form takes a foreign number with its country code and refuses one that is no number, naming the field', async () => {
      const foreign = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, phone: '+48 22 123 45 67' });
      assert.equal(foreign.statusCode, 201, foreign.body);
      assert.equal(foreign.json().applicant.phone, '+48221234567');
      for (const phone of ['12345', '+', '+999 123 456 789', '067 123 45 6\u0000', '0'.repeat(10_000), 'сорок два']) {
        const refused = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, phone });
        assert.equal(refused.statusCode, 400, refused.body);
        const errors = refused.json().errors as { field: string; message: string }[];
        assert.ok(errors.some((e) => e.field === 'phone'), refused.body);
      }
      const refused = (await t.as.operator.post('/api/v1/appeals', { ...validAppeal, phone: '12345' })).json();
      assert.deepEqual(refused.errors, [{ field: 'phone', message: 'Контактний телефон: вкажіть номер у форматі 0XX XXX XX XX або з кодом країни, напр. +49 30 5557 1600' }]);
    });

    test('the caller lookup refuses what is no number (400 naming it), never answers 5xx', async () => {
      for (const path of ['abc', '12345', '%2B', encodeURIComponent('+49\u000030'), '9'.repeat(30), '9'.repeat(31)]) {
        const response = await t.as.operator.get(`/api/v1/telephony/callers/${path}`);
        assert.equal(response.statusCode, 400, `${path.slice(0, 20)}: ${response.body}`);
        assert.deepEqual(response.json().errors.map((e: { field: string }) => e.field), ['phone'], response.body);
      }
      // Longer than any identifier in an address: refused before the route.
      assert.equal((await t.as.operator.get(`/api/v1/telephony/callers/${'9'.repeat(5000)}`)).statusCode, 414);
    });
  });
}
