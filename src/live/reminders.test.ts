import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import type { Principal } from '../http/access.ts';
import { LocalLiveBus } from './bus.ts';
import { mayReceive, type LiveEvent } from './events.ts';
import { Reminders } from './reminders.ts';

for (const target of databaseTargets()) {
  describe(`live reminders on ${target.name}`, () => {
    let t: TestApp;
    let reminders: Reminders;
    const heard: LiveEvent[] = [];
    before(async () => {
      t = await startTestApp(target);
      const live = new LocalLiveBus();
      live.subscribe((event) => heard.push(event));
      reminders = new Reminders({ db: t.db, live, now: t.clock.now });
    });
    after(async () => { await t?.close(); });

    test('H3: a callback is announced when it falls due, once, to its operator and to management', async () => {
      t.clock.set('2026-12-01T09:00:00Z');
      const scheduled = await t.as.operator.post('/api/v1/callbacks', { phone: '0671234567', reason: 'Повідомити дату засідання', dueAt: '2026-12-01T09:05:00Z' });
      assert.equal(scheduled.statusCode, 201, scheduled.body);
      const { id } = scheduled.json();
      assert.deepEqual((await reminders.runOnce()).callbacksDue, [], 'not before its time');
      t.clock.advance(5 * 60);
      assert.deepEqual((await reminders.runOnce()).callbacksDue, [id]);
      assert.deepEqual((await reminders.runOnce()).callbacksDue, [], 'announced once');
      const event = heard.find((e) => e.type === 'callback.due' && e.callbackId === id)!;
      assert.ok(event);
      const operator = { userId: t.as.operator.userId, role: 'operator' } as Principal;
      const clerk = { userId: t.as.court_clerk.userId, role: 'court_clerk', judicialBodyId: null } as Principal;
      assert.equal(mayReceive(operator, event), true, 'the shared queue is every operator’s');
      assert.equal(mayReceive({ userId: t.as.supervisor.userId, role: 'supervisor' } as Principal, event), true);
      assert.equal(mayReceive(clerk, event), false);
    });

    test('H5: a hold past three minutes is announced once, to the call’s operator and management; the next hold again', async () => {
      t.clock.set('2026-12-01T10:00:00Z');
      const call = (await t.as.operator.post('/api/v1/calls', {})).json();
      const hold = await t.as.operator.post(`/api/v1/calls/${call.id}/events`, { type: 'hold_started', callerConsented: true });
      assert.equal(hold.statusCode, 201, hold.body);
      t.clock.advance(179);
      assert.deepEqual((await reminders.runOnce()).longHolds, [], 'within the limit');
      t.clock.advance(2);
      assert.deepEqual((await reminders.runOnce()).longHolds, [call.id]);
      assert.deepEqual((await reminders.runOnce()).longHolds, [], 'announced once');
      const event = heard.find((e) => e.type === 'call.hold_long' && e.callId === call.id)!;
      assert.equal(mayReceive({ userId: t.as.operator.userId, role: 'operator' } as Principal, event), true);
      assert.equal(mayReceive({ userId: 'someone-else', role: 'operator' } as Principal, event), false);

      await t.as.operator.post(`/api/v1/calls/${call.id}/events`, { type: 'hold_ended' });
      assert.deepEqual((await reminders.runOnce()).longHolds, []);
      await t.as.operator.post(`/api/v1/calls/${call.id}/events`, { type: 'hold_started', callerConsented: true });
      t.clock.advance(200);
      assert.deepEqual((await reminders.runOnce()).longHolds, [call.id], 'a new hold is a new reminder');
    });

    test('two processes looking at once announce a thing once', async () => {
      t.clock.set('2026-12-02T09:00:00Z');
      const { id } = (await t.as.operator.post('/api/v1/callbacks', { phone: '0671234567', reason: 'Передзвонити', dueAt: '2026-12-02T09:00:30Z' })).json();
      t.clock.advance(60);
      const other = new Reminders({ db: t.db, live: new LocalLiveBus(), now: t.clock.now });
      const [first, second] = await Promise.all([reminders.runOnce(), other.runOnce()]);
      assert.equal([...first.callbacksDue, ...second.callbacksDue].filter((c) => c === id).length, 1);
    });
  });
}
