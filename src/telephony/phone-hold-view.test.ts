// H5 for holds started on the phone, as people see them: the call view, the list of calls in
// progress and the live `call.changed` carry the running phone hold, marked as one whose consent (H1)
// is not recorded, until the phone takes the caller back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type WebSocket from 'ws';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type Client, type TestApp } from '../../test/app.ts';
import { openLive, type Inbox } from '../../test/live-messages.ts';
import { connectExchange, plusSeconds, type TestExchange } from '../../test/pbx.ts';
import { LocalLiveBus } from '../live/bus.ts';
import type { LiveEvent } from '../live/events.ts';
import { Reminders } from '../live/reminders.ts';

for (const target of databaseTargets()) {
  describe(`a hold started on the phone is visible on ${target.name}`, () => {
    let t: TestApp;
    let exchange: TestExchange;
    const sockets: WebSocket[] = [];
    before(async () => {
      t = await startTestApp(target);
      exchange = await connectExchange(t, 'v');
    });
    after(async () => {
      for (const socket of sockets) socket.terminate();
      for (const client of t?.app.websocketServer.clients ?? []) client.terminate();
      await t?.close();
    });

    const post: TestExchange['post'] = (...args) => exchange.post(...args);
    const plus = plusSeconds;
    const answeredCall: TestExchange['answeredCall'] = (...args) => exchange.answeredCall(...args);
    const view = async (client: Client, callId: string) => {
      const response = await client.get(`/api/v1/calls/${callId}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const listed = async (client: Client, callId: string) => {
      const response = await client.get('/api/v1/calls?status=active&limit=100');
      assert.equal(response.statusCode, 200, response.body);
      return (response.json().items as { id: string; phoneHoldSince: string | null }[]).find((item) => item.id === callId);
    };
    const connect = async (client: Client): Promise<Inbox> => (await openLive(t.app, client, sockets)).inbox;

    test('H5: the call view and the list of calls in progress show the phone hold with its clock and no consent (H1); the phone’s unhold takes it away', async () => {
      const start = new Date('2026-12-04T09:00:00Z');
      const callId = await answeredCall('pv1', start);
      for (const client of [t.as.operator, t.as.supervisor]) {
        assert.equal((await view(client, callId)).live.phoneHold, null, 'no hold yet');
        assert.equal((await listed(client, callId))?.phoneHoldSince, null);
      }

      assert.equal((await post('pv1', 'hold', plus(start, 10))).outcome, 'applied');
      t.clock.set(plus(start, 10 + 160));
      for (const client of [t.as.operator, t.as.supervisor]) {
        const shown = await view(client, callId);
        assert.deepEqual(shown.live.phoneHold, {
          startedAt: plus(start, 10).toISOString(), elapsedSeconds: 160, remainingSeconds: 20, overLimit: false, warning: true, consentRecorded: false,
        }, 'amber 30 s before the three minutes');
        assert.equal(shown.live.onHold, false, 'not a Standard hold: consent is the operator’s to record');
        assert.equal(shown.live.hold, null);
        assert.equal((await listed(client, callId))?.phoneHoldSince, plus(start, 10).toISOString());
      }
      t.clock.set(plus(start, 10 + 181));
      assert.equal((await view(t.as.supervisor, callId)).live.phoneHold.overLimit, true, 'red past the limit');

      // The operator records the caller's consent: the Standard hold runs too, the phone's is still timed.
      const consented = await t.as.operator.post(`/api/v1/calls/${callId}/events`, { type: 'hold_started', callerConsented: true });
      assert.equal(consented.statusCode, 201, consented.body);
      assert.equal(consented.json().live.onHold, true);
      assert.equal(consented.json().live.phoneHold.consentRecorded, true);
      assert.equal(consented.json().live.phoneHold.startedAt, plus(start, 10).toISOString(), 'still timed from the phone’s start');

      assert.equal((await post('pv1', 'unhold', plus(start, 200))).outcome, 'applied');
      for (const client of [t.as.operator, t.as.supervisor]) {
        const shown = await view(client, callId);
        assert.equal(shown.live.phoneHold, null);
        assert.equal(shown.live.onHold, false);
        assert.equal((await listed(client, callId))?.phoneHoldSince, null);
      }
      // Another operator's call stays out of sight, phone hold or not.
      const other = await t.as.admin.post('/api/v1/users', { login: 'operator-43', fullName: 'Інша Операторка', role: 'operator', password: 'operator-43-password', operatorNumber: 43 });
      assert.equal(other.statusCode, 201, other.body);
      const otherOperator = await t.login('operator-43', 'operator-43-password');
      assert.equal((await otherOperator.get(`/api/v1/calls/${callId}`)).statusCode, 404);
    });

    test('H5: call.changed tells the operator and the supervisors when a phone hold begins and ends, without personal data', async () => {
      const supervisor = await connect(t.as.supervisor);
      const operator = await connect(t.as.operator);
      const start = new Date('2026-12-04T10:00:00Z');
      const callId = await answeredCall('pv2', start);
      const answered = await supervisor.waitFor((m) => m.type === 'call.changed' && m.callId === callId && m.status === 'active');
      assert.equal(answered.phoneHoldSince, null);

      await post('pv2', 'hold', plus(start, 10));
      const held = (inbox: Inbox) => inbox.waitFor((m) => m.type === 'call.changed' && m.callId === callId && m.phoneHoldSince !== null);
      for (const inbox of [supervisor, operator]) {
        const message = await held(inbox);
        assert.equal(message.phoneHoldSince, plus(start, 10).toISOString());
        assert.equal(message.onHoldSince, null, 'no Standard hold');
        assert.equal(message.operatorId, t.as.operator.userId);
        assert.ok(!JSON.stringify(message).includes('501234567'), 'no phone number in a live event');
      }
      const counts = [supervisor.messages.length, operator.messages.length];
      await post('pv2', 'unhold', plus(start, 40));
      for (const [n, inbox] of [supervisor, operator].entries()) {
        const back = await inbox.waitFor((m) => m.type === 'call.changed' && m.callId === callId && inbox.messages.indexOf(m) >= counts[n]!);
        assert.equal(back.phoneHoldSince, null);
        assert.equal(back.status, 'active');
      }
    });

    test('H5: the long-hold alert says where the hold began: on the phone, or recorded in Dovira', async () => {
      const live = new LocalLiveBus();
      const heard: LiveEvent[] = [];
      live.subscribe((event) => heard.push(event));
      const reminders = new Reminders({ db: t.db, live, now: t.clock.now });
      const alertOf = (callId: string) => heard.find((e) => e.type === 'call.hold_long' && e.callId === callId);

      const start = new Date('2026-12-04T11:00:00Z');
      const byPhone = await answeredCall('pv3', start);
      await post('pv3', 'hold', plus(start, 10));
      t.clock.set(plus(start, 10 + 181));
      await reminders.runOnce();
      assert.deepEqual(alertOf(byPhone) && { ...alertOf(byPhone), at: undefined }, {
        type: 'call.hold_long', callId: byPhone, operatorId: t.as.operator.userId, holdStartedAt: plus(start, 10).toISOString(), limitSeconds: 180, source: 'phone', at: undefined,
      });

      const recorded = (await t.as.operator.post('/api/v1/calls', {})).json().id as string;
      assert.equal((await t.as.operator.post(`/api/v1/calls/${recorded}/events`, { type: 'hold_started', callerConsented: true })).statusCode, 201);
      t.clock.advance(181);
      await reminders.runOnce();
      const standard = alertOf(recorded);
      assert.ok(standard && standard.type === 'call.hold_long');
      assert.equal(standard.source, 'standard');
    });
  });
}
