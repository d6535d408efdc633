// The admin's list of blocked callers' numbers: kept in E.164 with a note, every change audited,
// and what the event API does with a new call from one (it has no reject: the reason says so).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { MAX_BLOCKED_NUMBERS } from './blocked-numbers.ts';

const PATH = '/api/v1/settings/blocked-numbers';
const at = (phone: string) => `${PATH}/${encodeURIComponent(phone)}`;

for (const target of databaseTargets()) {
  describe(`blocked numbers on ${target.name}`, () => {
    let t: TestApp;
    before(async () => { t = await startTestApp(target); });
    after(async () => { await t?.close(); });

    const audit = async (phone: string) => (await t.db.selectFrom('audit_events').select(['action', 'changes', 'actor_user_id'])
      .where('entity_type', '=', 'blocked_number').where('entity_id', '=', phone).orderBy('id').execute());

    test('an admin blocks a number however it is typed, kept in E.164 with the note; the list is empty at first', async () => {
      assert.deepEqual((await t.as.admin.get(PATH)).json(), { items: [] });
      const added = await t.as.admin.request('PUT', at('067 111 22 33'), { note: 'Погрожував оператору' });
      assert.equal(added.statusCode, 201, added.body);
      assert.equal(added.json().phone, '+380671112233');
      assert.equal(added.json().note, 'Погрожував оператору');
      assert.equal(added.json().addedBy, t.as.admin.userId);
      const list = (await t.as.admin.get(PATH)).json().items;
      assert.deepEqual(list.map((item: { phone: string; note: string }) => [item.phone, item.note]), [['+380671112233', 'Погрожував оператору']]);
      assert.deepEqual(await audit('+380671112233'), [{ action: 'added', changes: { note: 'Погрожував оператору' }, actor_user_id: t.as.admin.userId }]);
    });

    test('blocking it again changes only its note (200), audited once with before and after; the same note again records nothing', async () => {
      const again = await t.as.admin.request('PUT', at('+380671112233'), { note: 'Автодзвінки' });
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(again.json().note, 'Автодзвінки');
      assert.equal((await t.as.admin.request('PUT', at('380671112233'), { note: 'Автодзвінки' })).statusCode, 200);
      const noNote = await t.as.admin.request('PUT', at('+48 601 234 567'), {});
      assert.equal(noNote.statusCode, 201, noNote.body);
      assert.equal(noNote.json().note, null);
      assert.deepEqual((await audit('+380671112233')).map((a) => [a.action, a.changes]), [
        ['added', { note: 'Погрожував оператору' }], ['note_changed', { from: 'Погрожував оператору', to: 'Автодзвінки' }],
      ]);
      assert.equal((await t.as.admin.get(PATH)).json().items.length, 2);
    });

    test('unblocking removes it and is audited; an unknown one is 404', async () => {
      assert.equal((await t.as.admin.request('DELETE', at('+48601234567'))).statusCode, 204);
      const again = await t.as.admin.request('DELETE', at('+48601234567'));
      assert.equal(again.statusCode, 404);
      assert.match(again.json().detail, /Заблокований номер не знайдено/);
      assert.deepEqual((await audit('+48601234567')).map((a) => a.action), ['added', 'removed']);
    });

    test('bad input is refused naming the field: no phone number, control characters, markup, a long note, unknown fields', async () => {
      for (const [phone, body, field] of [
        ['12', {}, 'phone'],
        ['abc', {}, 'phone'],
        ['9'.repeat(40), {}, 'phone'],
        ['0501234567', { note: 'дзвонить\u0007' }, 'note'],
        ['0501234567', { note: '<b>x</b>' }, 'note'],
        ['0501234567', { note: 'я'.repeat(201) }, 'note'],
        ['0501234567', { note: 42 }, 'note'],
        ['0501234567', { note: 'x', reason: 'y' }, 'reason'],
      ] as const) {
        const response = await t.as.admin.request('PUT', at(phone), body);
        assert.equal(response.statusCode, 400, `${phone} ${JSON.stringify(body)}: ${response.body}`);
        assert.ok(response.json().errors.some((e: { field: string }) => e.field === field), `${field}: ${response.body}`);
      }
      assert.equal(await t.db.selectFrom('blocked_numbers').select('phone').where('phone', '=', '+380501234567').executeTakeFirst(), undefined);
    });

    test('only an admin manages the list', async () => {
      for (const role of ['operator', 'supervisor', 'court_clerk'] as const) {
        assert.equal((await t.as[role].get(PATH)).statusCode, 403, role);
        assert.equal((await t.as[role].request('PUT', at('0501234567'), { note: 'x' })).statusCode, 403, role);
      }
      assert.equal((await t.anonymous.get(PATH)).statusCode, 401);
    });

    test(`the list holds at most ${MAX_BLOCKED_NUMBERS} numbers: one more is refused with 409 and nothing is written; a note of one listed still changes`, async () => {
      const before = (await t.db.selectFrom('blocked_numbers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
      await sql`INSERT INTO blocked_numbers (phone, added_by, added_at, updated_at)
        SELECT '+1202555' || lpad(n::text, 4, '0'), ${t.as.admin.userId}::uuid, now(), now() FROM generate_series(1, ${MAX_BLOCKED_NUMBERS - Number(before)}) AS n`.execute(t.db);
      const full = await t.as.admin.request('PUT', at('+12025559999'), { note: 'ще один' });
      assert.equal(full.statusCode, 409, full.body);
      assert.match(full.json().detail, /не більше 1000 номерів/);
      assert.equal(await t.db.selectFrom('blocked_numbers').select('phone').where('phone', '=', '+12025559999').executeTakeFirst(), undefined);
      assert.equal((await t.as.admin.request('PUT', at('+12025550001'), { note: 'Автодзвінки' })).statusCode, 200);
      assert.equal((await t.as.admin.get(PATH)).json().items.length, MAX_BLOCKED_NUMBERS);
      await sql`DELETE FROM blocked_numbers WHERE phone LIKE '+1202555%'`.execute(t.db);
    });

    test('the event API has no reject: a new call from a blocked number is decided as any other, and its reason, answered and kept, says the number is blocked', async () => {
      const token = (await t.as.admin.post(`/api/v1/users/${t.as.pbx.userId}/api-tokens`, { name: 'АТС' })).json().token;
      assert.equal((await t.as.admin.request('PUT', '/api/v1/telephony/extensions/1017', { operatorId: t.as.operator.userId })).statusCode, 200);
      const offered = (eventId: string, from: string, direction = 'inbound') =>
        ({ eventId, callId: `${eventId}-call`, type: 'offered', timestamp: '2026-11-25T10:00:00Z', from, to: direction === 'inbound' ? '1017' : from, direction });
      const response = await t.app.inject({
        method: 'POST', url: '/api/v1/telephony/events', headers: { authorization: `Bearer ${token}` },
        payload: { events: [offered('bn-1', '+380 67 111 22 33'), offered('bn-2', '0501234567'), { ...offered('bn-3', '1017', 'outbound'), to: '0671112233' }] },
      });
      assert.equal(response.statusCode, 200, response.body);
      const [blocked, other, outbound] = response.json().results as Array<{ outcome: string; reason: string }>;
      assert.equal(blocked!.outcome, 'applied', 'the caller is not lost (H3): the exchange may already be ringing an operator');
      assert.match(blocked!.reason, /^Дзвінок зареєстровано, він дзвонить оператору\. Номер заявника заблоковано адміністратором/);
      assert.doesNotMatch(other!.reason, /заблоковано/);
      assert.doesNotMatch(outbound!.reason, /заблоковано/, 'a call out to the number is the operator\'s, not the caller\'s');
      const kept = await t.db.selectFrom('pbx_events').select('reason').where('pbx_event_id', '=', 'bn-1').executeTakeFirstOrThrow();
      assert.equal(kept.reason, blocked!.reason);
    });
  });
}
