// T2 and D3 on a call from the exchange: when the operator ends it for no audio or abuse, Dovira
// asks the exchange to drop the line and tells the operator in Ukrainian what became of it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import type { EndReason } from './events.ts';
import type { CallControl, HangupOutcome } from '../telephony/ports/call-control.ts';

class FakeControl implements CallControl {
  readonly requests: { pbxCallId: string; reason: EndReason }[] = [];
  next: HangupOutcome = { ok: true };
  async hangup(request: { pbxCallId: string; reason: EndReason }): Promise<HangupOutcome> {
    this.requests.push(request);
    return this.next;
  }
}

for (const target of databaseTargets()) {
  describe(`ending a call on the exchange on ${target.name}`, () => {
    let t: TestApp;
    let bare: TestApp;
    const control = new FakeControl();
    let seq = 0;
    before(async () => {
      t = await startTestApp(target, {}, { callControl: control });
      bare = await startTestApp(target);
      for (const app of [t, bare]) {
        await app.as.admin.request('PUT', '/api/v1/telephony/extensions/1017', { operatorId: app.as.operator.userId });
      }
    });
    after(async () => {
      await t?.close();
      await bare?.close();
    });

    /** A call the exchange reported, answered at the app's clock. */
    const pbxCall = async (app: TestApp, pbxCallId: string) => {
      const token = (await app.as.admin.post(`/api/v1/users/${app.as.pbx.userId}/api-tokens`, { name: `АТС ${++seq}` })).json().token;
      const at = app.clock.now().toISOString();
      const response = await app.app.inject({
        method: 'POST', url: '/api/v1/telephony/events', headers: { authorization: `Bearer ${token}` },
        payload: { events: [
          { eventId: `cc${++seq}`, callId: pbxCallId, type: 'offered', timestamp: at, from: '0501234567', to: '1017', direction: 'inbound' },
          { eventId: `cc${++seq}`, callId: pbxCallId, type: 'answered', timestamp: at, extension: '1017' },
        ] },
      });
      assert.equal(response.statusCode, 200, response.body);
      return (await app.db.selectFrom('calls').select('id').where('pbx_call_id', '=', pbxCallId).executeTakeFirstOrThrow()).id;
    };
    const audit = (app: TestApp, callId: string) =>
      app.db.selectFrom('audit_events').select(['action', 'changes']).where('entity_id', '=', callId).where('action', 'like', 'pbx_hangup%').execute();

    test('D3: after the warning, ending for abuse drops the line on the exchange; the outcome is in the answer and the audit trail', async () => {
      const callId = await pbxCall(t, 'pbx-d3');
      await t.as.operator.post(`/api/v1/calls/${callId}/events`, { type: 'abuse_warning_given', reason: 'obscene_language' });
      const ended = await t.as.operator.post(`/api/v1/calls/${callId}/events`, { type: 'ended', reason: 'abusive_caller' }, { 'idempotency-key': 'end-d3' });
      assert.equal(ended.statusCode, 201, ended.body);
      assert.deepEqual(ended.json().pbxHangup, { ok: true, message: 'АТС завершила з’єднання із заявником' });
      assert.equal(ended.json().endReason, 'abusive_caller', 'the reason is on the call');
      assert.deepEqual(control.requests, [{ pbxCallId: 'pbx-d3', reason: 'abusive_caller' }]);
      assert.deepEqual(await audit(t, callId), [{ action: 'pbx_hangup_done', changes: { reason: 'abusive_caller' } }]);

      const replayed = await t.as.operator.post(`/api/v1/calls/${callId}/events`, { type: 'ended', reason: 'abusive_caller' }, { 'idempotency-key': 'end-d3' });
      assert.equal(replayed.statusCode, 201);
      assert.equal(control.requests.length, 1, 'a retried request does not ask again');
    });

    test('T2: when the exchange cannot drop the line, the operator is told in Ukrainian to hang up the phone, and the audit says why', async () => {
      const callId = await pbxCall(t, 'pbx-t2');
      await t.as.operator.post(`/api/v1/calls/${callId}/events`, { type: 'bad_audio_started' });
      t.clock.advance(11);
      control.next = { ok: false, failure: 'unreachable', message: 'АТС не відповідає: немає відповіді за 3 с' };
      const ended = await t.as.operator.post(`/api/v1/calls/${callId}/events`, { type: 'ended', reason: 'no_audio' });
      assert.equal(ended.statusCode, 201, ended.body);
      const { pbxHangup, status } = ended.json();
      assert.equal(status, 'ended', 'the call is ended in Dovira whatever the exchange did');
      assert.equal(pbxHangup.ok, false);
      assert.match(pbxHangup.message, /АТС не розірвала з’єднання \(АТС не відповідає: немає відповіді за 3 с\)\. Покладіть слухавку на телефоні\./);
      assert.deepEqual(await audit(t, callId), [{ action: 'pbx_hangup_failed', changes: { reason: 'no_audio', failure: 'unreachable', message: 'АТС не відповідає: немає відповіді за 3 с' } }]);
      control.next = { ok: true };
    });

    test('other endings, and calls opened by hand, ask nothing of the exchange', async () => {
      const before = control.requests.length;
      const callId = await pbxCall(t, 'pbx-completed');
      const completed = await t.as.operator.post(`/api/v1/calls/${callId}/events`, { type: 'ended', reason: 'completed' });
      assert.equal(completed.statusCode, 201, completed.body);
      assert.equal(completed.json().pbxHangup, undefined);
      const manual = (await t.as.operator.post('/api/v1/calls', {})).json();
      await t.as.operator.post(`/api/v1/calls/${manual.id}/events`, { type: 'abuse_warning_given', reason: 'personal_insult' });
      const ended = await t.as.operator.post(`/api/v1/calls/${manual.id}/events`, { type: 'ended', reason: 'abusive_caller' });
      assert.equal(ended.statusCode, 201, ended.body);
      assert.equal(ended.json().pbxHangup, undefined);
      assert.equal(control.requests.length, before);
      const refused = await t.as.operator.post(`/api/v1/calls/${callId}/events`, { type: 'ended', reason: 'abusive_caller' });
      assert.equal(refused.statusCode, 422, 'an ending the rules refuse asks nothing either');
      assert.equal(control.requests.length, before);
    });

    test('without call control Dovira says so instead of pretending the line was dropped', async () => {
      const callId = await pbxCall(bare, 'pbx-bare');
      await bare.as.operator.post(`/api/v1/calls/${callId}/events`, { type: 'abuse_warning_given', reason: 'obscene_language' });
      const ended = await bare.as.operator.post(`/api/v1/calls/${callId}/events`, { type: 'ended', reason: 'abusive_caller' });
      assert.equal(ended.statusCode, 201, ended.body);
      assert.equal(ended.json().pbxHangup.ok, false);
      assert.match(ended.json().pbxHangup.message, /Керування АТС у Dovira не налаштовано.*Покладіть слухавку/);
      assert.equal((await audit(bare, callId))[0]?.action, 'pbx_hangup_failed');
    });
  });
}
