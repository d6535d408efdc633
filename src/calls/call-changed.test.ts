// The live `call.changed` event: the supervisor's console follows calls and holds without reloading.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type WebSocket from 'ws';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type Client, type TestApp } from '../../test/app.ts';
import { openLive, type Inbox } from '../../test/live-messages.ts';

for (const target of databaseTargets()) {
  describe(`call.changed over WebSocket on ${target.name}`, () => {
    let t: TestApp;
    let pbxToken: string;
    const sockets: WebSocket[] = [];
    before(async () => {
      t = await startTestApp(target);
      const issued = await t.as.admin.post(`/api/v1/users/${t.as.pbx.userId}/api-tokens`, { name: 'АТС' });
      assert.equal(issued.statusCode, 201, issued.body);
      pbxToken = issued.json().token;
      const mapped = await t.as.admin.request('PUT', '/api/v1/telephony/extensions/1017', { operatorId: t.as.operator.userId });
      assert.equal(mapped.statusCode, 200, mapped.body);
    });
    after(async () => {
      for (const socket of sockets) socket.terminate();
      for (const client of t?.app.websocketServer.clients ?? []) client.terminate();
      await t?.close();
    });

    const connect = async (client: Client): Promise<Inbox> => (await openLive(t.app, client, sockets)).inbox;

    const changesOf = (inbox: Inbox, callId: string) => inbox.messages.filter((m) => m.type === 'call.changed' && m.callId === callId);

    test('H5: a supervisor sees a call opened, put on hold (with the instant the hold began) and taken off hold, as each step commits', async () => {
      const supervisor = await connect(t.as.supervisor);
      const opened = await t.as.operator.post('/api/v1/calls', { callerPhone: '067 123 45 67' });
      assert.equal(opened.statusCode, 201, opened.body);
      const callId = opened.json().id as string;
      const first = await supervisor.waitFor((m) => m.type === 'call.changed' && m.callId === callId);
      assert.equal(first.operatorId, t.as.operator.userId);
      assert.equal(first.status, 'active');
      assert.equal(first.lastEventType, 'answered');
      assert.equal(first.onHoldSince, null);
      assert.equal(typeof first.at, 'string');
      assert.ok(!JSON.stringify(first).includes('123'), 'live events carry no personal data: no phone');

      t.clock.advance(5);
      const hold = await t.as.operator.post(`/api/v1/calls/${callId}/events`, { type: 'hold_started', callerConsented: true });
      assert.equal(hold.statusCode, 201, hold.body);
      const onHold = await supervisor.waitFor((m) => m.type === 'call.changed' && m.callId === callId && m.lastEventType === 'hold_started');
      assert.equal(onHold.onHoldSince, t.clock.now().toISOString());

      t.clock.advance(30);
      await t.as.operator.post(`/api/v1/calls/${callId}/events`, { type: 'hold_ended' });
      const back = await supervisor.waitFor((m) => m.type === 'call.changed' && m.callId === callId && m.lastEventType === 'hold_ended');
      assert.equal(back.onHoldSince, null);
      assert.equal(back.status, 'active');
    });

    test('a refused step and an idempotent replay announce nothing; the end of the call is announced', async () => {
      const supervisor = await connect(t.as.supervisor);
      const callId = (await t.as.operator.post('/api/v1/calls', {})).json().id as string;
      await supervisor.waitFor((m) => m.type === 'call.changed' && m.callId === callId);

      const refused = await t.as.operator.post(`/api/v1/calls/${callId}/events`, { type: 'hold_started', callerConsented: false });
      assert.equal(refused.statusCode, 422);
      const key = { 'idempotency-key': `greet-${callId}` };
      assert.equal((await t.as.operator.post(`/api/v1/calls/${callId}/events`, { type: 'greeted' }, key)).statusCode, 201);
      await supervisor.waitFor((m) => m.type === 'call.changed' && m.callId === callId && m.lastEventType === 'greeted');
      const replay = await t.as.operator.post(`/api/v1/calls/${callId}/events`, { type: 'greeted' }, key);
      assert.equal(replay.headers['idempotent-replayed'], 'true');

      await t.as.operator.post(`/api/v1/calls/${callId}/events`, { type: 'ended', reason: 'completed' });
      const ended = await supervisor.waitFor((m) => m.type === 'call.changed' && m.callId === callId && m.status === 'ended');
      assert.equal(ended.lastEventType, 'ended');
      // opened + greeted + ended: nothing for the refusal, nothing for the replay.
      assert.deepEqual(changesOf(supervisor, callId).map((m) => m.lastEventType), ['answered', 'greeted', 'ended']);
    });

    test('calls reported by the PBX are announced too, after each event commits; a refused PBX event is not', async () => {
      const supervisor = await connect(t.as.supervisor);
      const pbx = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/telephony/events', headers: { authorization: `Bearer ${pbxToken}` }, payload });
      const at = (second: number) => new Date(Date.parse('2026-11-25T10:00:00Z') + second * 1000).toISOString();
      const answered = await pbx({ events: [
        { eventId: 'cc-1', callId: 'pbx-live-1', type: 'offered', timestamp: at(0), from: '0501234567', to: '1017', direction: 'inbound' },
        { eventId: 'cc-2', callId: 'pbx-live-1', type: 'answered', timestamp: at(2), extension: '1017' },
      ] });
      assert.equal(answered.statusCode, 200, answered.body);
      const callId = answered.json().results[0].callId as string;
      const ringing = await supervisor.waitFor((m) => m.type === 'call.changed' && m.callId === callId && m.status === 'ringing');
      assert.equal(ringing.lastEventType, 'offered');
      assert.equal(ringing.operatorId, t.as.operator.userId);
      await supervisor.waitFor((m) => m.type === 'call.changed' && m.callId === callId && m.status === 'active' && m.lastEventType === 'answered');

      // Taking a caller off a hold that never began is refused, and nothing is announced.
      const unhold = await pbx({ eventId: 'cc-3', callId: 'pbx-live-1', type: 'unhold', timestamp: at(5) });
      assert.equal(unhold.json().results[0].outcome, 'refused');
      // A repeat of an event already applied is a duplicate: nothing changes, nothing is announced.
      await pbx({ eventId: 'cc-2', callId: 'pbx-live-1', type: 'answered', timestamp: at(2), extension: '1017' });
      const hangup = await pbx({ eventId: 'cc-4', callId: 'pbx-live-1', type: 'hangup', timestamp: at(40), cause: 'normal_clearing', by: 'caller' });
      assert.equal(hangup.json().results[0].outcome, 'applied');
      await supervisor.waitFor((m) => m.type === 'call.changed' && m.callId === callId && m.status === 'ended');
      assert.deepEqual(changesOf(supervisor, callId).map((m) => `${m.status}/${m.lastEventType}`), ['ringing/offered', 'active/answered', 'ended/ended']);
    });

    test('an operator hears only their own calls; a clerk and the PBX hear none; admins hear all', async () => {
      await t.as.admin.post('/api/v1/users', { login: 'cc-op2', fullName: 'Василь Петрович Гуменюк', role: 'operator', password: 'another-password-2', operatorNumber: 43 });
      const other = await t.login('cc-op2', 'another-password-2');
      const own = await connect(t.as.operator);
      const foreign = await connect(other);
      const clerk = await connect(t.as.court_clerk);
      const pbx = await connect(t.as.pbx);
      const admin = await connect(t.as.admin);
      const callId = (await t.as.operator.post('/api/v1/calls', {})).json().id as string;
      await own.waitFor((m) => m.type === 'call.changed' && m.callId === callId);
      await admin.waitFor((m) => m.type === 'call.changed' && m.callId === callId);
      // The other operator's own call reaches them, proving their channel works while it hears nothing of ours.
      const theirs = (await other.post('/api/v1/calls', {})).json().id as string;
      await foreign.waitFor((m) => m.type === 'call.changed' && m.callId === theirs);
      assert.equal(changesOf(foreign, callId).length, 0, 'another operator does not hear of it');
      assert.equal(changesOf(own, theirs).length, 0);
      assert.equal(clerk.messages.filter((m) => m.type === 'call.changed').length, 0, 'a clerk hears of no calls');
      assert.equal(pbx.messages.filter((m) => m.type === 'call.changed').length, 0, 'the exchange is shown nothing');
    });
  });
}
