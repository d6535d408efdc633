import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { connectExchange, plusSeconds, type TestExchange } from '../../test/pbx.ts';

// The test clock starts at 2026-11-25T10:00:00Z.
const start = new Date('2026-11-25T10:00:00Z');

for (const target of databaseTargets()) {
  describe(`H3: a callback after an unanswered call says how long the caller waited, on ${target.name}`, () => {
    let t: TestApp;
    let exchange: TestExchange;
    before(async () => {
      t = await startTestApp(target);
      exchange = await connectExchange(t, 'origin-');
    });
    after(async () => { await t?.close(); });

    test('H3: the rule\'s callback shows in the queue as from a missed call, when it ended and how long the caller waited', async () => {
      const call = await t.db.insertInto('calls').values({
        operator_id: null, source: 'pbx', pbx_call_id: 'origin-crafted', status: 'ended', caller_phone: '+380441230001',
        opened_at: start, answered_at: null, ended_at: plusSeconds(start, 45), end_reason: 'abandoned', offered_to: 'черга',
        state: '{}', last_seq: 0, updated_at: plusSeconds(start, 45),
      }).returning('id').executeTakeFirstOrThrow();
      const id = randomUUID();
      await t.db.insertInto('callbacks').values({
        id, call_id: call.id, appeal_id: null, phone: '+380441230001', reason: 'Заявник чекав 45 с і поклав слухавку', due_at: plusSeconds(start, 45),
        assigned_operator_id: null, status: 'scheduled', claimed_by: null, claimed_at: null, closed_at: null, closed_by: null, outcome: null,
        resolution: null, cancel_reason: null, created_by: t.as.supervisor.userId, created_at: plusSeconds(start, 45), updated_at: plusSeconds(start, 45),
        origin: 'missed_call',
      }).execute();
      const expected = { callId: call.id, endedAt: '2026-11-25T10:00:45.000Z', waitedSeconds: 45, endReason: 'abandoned' };

      const queue = await t.as.operator.get('/api/v1/callbacks');
      assert.equal(queue.statusCode, 200, queue.body);
      const listed = queue.json().items.find((item: { id: string }) => item.id === id);
      assert.ok(listed, 'in the shared queue');
      assert.equal(listed.origin, 'missed_call');
      assert.deepEqual(listed.unansweredCall, expected);

      const detail = await t.as.operator.get(`/api/v1/callbacks/${id}`);
      assert.equal(detail.statusCode, 200, detail.body);
      assert.equal(detail.json().origin, 'missed_call');
      assert.deepEqual(detail.json().unansweredCall, expected);
    });

    test('H3: a caller who hung up while ringing, called back by hand from the list: the callback says so too', async () => {
      await exchange.post('origin-live', 'offered', start, { from: '0441230002', to: '1017', direction: 'inbound' });
      await exchange.post('origin-live', 'ringing', plusSeconds(start, 1), { extension: '1017' });
      await exchange.post('origin-live', 'hangup', plusSeconds(start, 38), { cause: 'cancel', by: 'caller' });
      const call = await t.db.selectFrom('calls').select(['id', 'end_reason']).where('pbx_call_id', '=', 'origin-live').executeTakeFirstOrThrow();
      assert.equal(call.end_reason, 'abandoned');
      t.clock.set(plusSeconds(start, 120));
      const scheduled = await t.as.supervisor.post('/api/v1/callbacks', {
        callId: call.id, phone: '+380441230002', reason: 'Заявник не дочекався відповіді', dueAt: plusSeconds(start, 1800).toISOString(),
      });
      assert.equal(scheduled.statusCode, 201, scheduled.body);
      assert.equal(scheduled.json().origin, 'agreed', 'scheduled by a person, not by the rule');
      assert.deepEqual(scheduled.json().unansweredCall, { callId: call.id, endedAt: '2026-11-25T10:00:38.000Z', waitedSeconds: 38, endReason: 'abandoned' });
    });

    test('a callback agreed during an answered call is not from an unanswered one', async () => {
      const callId = await exchange.answeredCall('origin-answered', plusSeconds(start, 200));
      t.clock.set(plusSeconds(start, 260));
      const scheduled = await t.as.supervisor.post('/api/v1/callbacks', {
        callId, phone: '+380501234567', reason: 'Повідомити дату засідання', dueAt: plusSeconds(start, 3600).toISOString(),
      });
      assert.equal(scheduled.statusCode, 201, scheduled.body);
      assert.equal(scheduled.json().origin, 'agreed');
      assert.equal(scheduled.json().unansweredCall, null);
      const listed = (await t.as.supervisor.get('/api/v1/callbacks')).json().items.find((item: { id: string }) => item.id === scheduled.json().id);
      assert.equal(listed.unansweredCall, null);
    });
  });
}
