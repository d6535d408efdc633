// Exchanges that say more are heard: fields Dovira does not know are accepted and kept with the
// event (pbx_events.payload) up to a bound, and never cost the caller's call (H3).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { UNKNOWN_FIELDS_BOUND, UNKNOWN_FIELDS_DROPPED, withUnknownFieldsBounded } from './contract.ts';

const KNOWN = new Set(['eventId', 'type']);

describe('the bound on unknown fields', () => {
  test('fields within the bound are kept as sent, in order; known fields are never counted nor dropped', () => {
    const sent = { eventId: 'e1', xcid: 'a3f1', sipHeaders: { 'X-Trunk-Id': '7' }, type: 'offered', n: 3, flag: false, none: null };
    assert.deepEqual(withUnknownFieldsBounded(sent, KNOWN), sent);
    assert.deepEqual(Object.keys(withUnknownFieldsBounded(sent, KNOWN)), Object.keys(sent));
  });

  test(`at most ${UNKNOWN_FIELDS_BOUND.count} unknown fields: the first ones are kept, the rest counted`, () => {
    const extra = Object.fromEntries(Array.from({ length: UNKNOWN_FIELDS_BOUND.count + 3 }, (_, n) => [`f${n}`, n]));
    const kept = withUnknownFieldsBounded({ eventId: 'e1', ...extra }, KNOWN);
    assert.equal(kept.eventId, 'e1');
    assert.equal(kept.f0, 0);
    assert.equal(kept[`f${UNKNOWN_FIELDS_BOUND.count - 1}`], UNKNOWN_FIELDS_BOUND.count - 1);
    assert.equal(kept[`f${UNKNOWN_FIELDS_BOUND.count}`], undefined);
    assert.equal(kept[UNKNOWN_FIELDS_DROPPED], 3);
  });

  test(`at most ${UNKNOWN_FIELDS_BOUND.bytes} bytes of their JSON: a field that does not fit is dropped, a smaller one after it still kept`, () => {
    const kept = withUnknownFieldsBounded({ a: 'x'.repeat(3000), b: 'ї'.repeat(1000), c: 'small' }, KNOWN);
    assert.equal(kept.a, 'x'.repeat(3000));
    assert.equal(kept.b, undefined, '2,000 bytes of UTF-8 more do not fit');
    assert.equal(kept.c, 'small');
    assert.equal(kept[UNKNOWN_FIELDS_DROPPED], 1);
    const total = JSON.stringify(Object.fromEntries(Object.entries(kept).filter(([key]) => key !== UNKNOWN_FIELDS_DROPPED)));
    assert.ok(Buffer.byteLength(total) <= UNKNOWN_FIELDS_BOUND.bytes + 16);
  });

  test('hostile values are dropped, never thrown on: deep nesting, NUL and half a UTF-16 pair in keys or values, a huge key, a huge array', () => {
    let deep: unknown = 1;
    for (let n = 0; n < 100_000; n++) deep = [deep];
    const kept = withUnknownFieldsBounded({
      deep, shallow: { a: { b: { c: 1 } } }, nul: 'Коваль\u0000', ['ключ\u0000']: 1, half: 'a\ud800b', nested: { inner: ['\udfff'] },
      ['x'.repeat(10_000)]: 1, array: Array.from({ length: 10_000 }, () => 0), fine: 'так',
    }, KNOWN);
    assert.deepEqual(kept, { shallow: { a: { b: { c: 1 } } }, fine: 'так', [UNKNOWN_FIELDS_DROPPED]: 7 });
  });

  test('a field named __proto__ stays a field: the kept object\'s prototype is untouched', () => {
    const sent = JSON.parse('{"eventId":"e1","__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}}') as Record<string, unknown>;
    const kept = withUnknownFieldsBounded(sent, KNOWN) as Record<string, unknown> & { isAdmin?: unknown };
    assert.equal(Object.getPrototypeOf(kept), Object.prototype);
    assert.equal(kept.isAdmin, undefined);
    assert.equal(({} as { isAdmin?: unknown }).isAdmin, undefined);
    assert.equal(JSON.stringify(kept), '{"eventId":"e1","__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}}');
  });

  test(`a field the exchange names ${UNKNOWN_FIELDS_DROPPED} is Dovira's, not the exchange's: dropped and counted`, () => {
    assert.deepEqual(withUnknownFieldsBounded({ eventId: 'e1', [UNKNOWN_FIELDS_DROPPED]: 0 }, KNOWN), { eventId: 'e1', [UNKNOWN_FIELDS_DROPPED]: 1 });
  });
});

interface Fixture { exchange: string; events: Array<Record<string, unknown> & { eventId: string; callId: string; type: string }> }
const RECORDED = JSON.parse(readFileSync(new URL('../../test/fixtures/pbx/freepbx-extra-fields.json', import.meta.url), 'utf8')) as Fixture;
const KNOWN_FIELDS = new Set(['eventId', 'callId', 'linkedId', 'type', 'timestamp', 'from', 'to', 'direction', 'extension', 'cause', 'by', 'url']);

for (const target of databaseTargets()) {
  describe(`unknown fields through the event API on ${target.name}`, () => {
    let t: TestApp;
    let token: string;
    before(async () => {
      t = await startTestApp(target);
      token = (await t.as.admin.post(`/api/v1/users/${t.as.pbx.userId}/api-tokens`, { name: 'АТС' })).json().token;
      const mapped = await t.as.admin.request('PUT', '/api/v1/telephony/extensions/1017', { operatorId: t.as.operator.userId });
      assert.equal(mapped.statusCode, 200, mapped.body);
    });
    after(async () => { await t?.close(); });

    const post = (body: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/telephony/events', headers: { authorization: `Bearer ${token}` }, payload: body as object });
    const postText = (text: string) => t.app.inject({
      method: 'POST', url: '/api/v1/telephony/events', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: text,
    });
    const payloadOf = async (eventId: string) =>
      (await t.db.selectFrom('pbx_events').select('payload').where('pbx_event_id', '=', eventId).where('outcome', '<>', 'duplicate').executeTakeFirstOrThrow()).payload;
    const offered = (eventId: string, callId: string, extra: Record<string, unknown> = {}) =>
      ({ eventId, callId, type: 'offered', timestamp: '2026-11-25T10:00:00Z', from: '0501234567', to: '1017', direction: 'inbound', ...extra });

    test(`H3: a whole call recorded from ${RECORDED.exchange.split(' (')[0]}, every event with vendor fields, is applied as sent; its timeline is right and every vendor field is kept`, async () => {
      const response = await post({ events: RECORDED.events });
      assert.equal(response.statusCode, 200, response.body);
      const results = response.json().results as Array<{ eventId: string; outcome: string; reason: string }>;
      assert.deepEqual(results.map((r) => r.eventId), RECORDED.events.map((e) => e.eventId));
      assert.ok(results.every((r) => r.outcome === 'applied'), JSON.stringify(results));

      const call = await t.db.selectFrom('calls').selectAll().where('pbx_call_id', '=', RECORDED.events[0]!.callId).executeTakeFirstOrThrow();
      assert.equal(call.operator_id, t.as.operator.userId, 'found by extension 1017');
      assert.equal(call.caller_phone, '+380442795512');
      assert.equal(call.status, 'ended');
      assert.equal(call.end_reason, 'caller_hung_up');
      assert.equal(call.answered_at?.toISOString(), '2026-11-25T07:00:09.010Z');
      const timeline = await t.db.selectFrom('call_events').select('type').where('call_id', '=', call.id).orderBy('seq').execute();
      assert.deepEqual(timeline.map((e) => e.type), ['offered', 'answered', 'ended']);
      const holds = await t.db.selectFrom('pbx_holds').select(['started_at', 'ended_at']).where('call_id', '=', call.id).execute();
      assert.deepEqual(holds.map((h) => [h.started_at.toISOString(), h.ended_at?.toISOString()]), [['2026-11-25T07:02:30.000Z', '2026-11-25T07:03:05.000Z']], 'the hold on the phone, timed (H5)');

      for (const sent of RECORDED.events) {
        const kept = await payloadOf(sent.eventId);
        assert.deepEqual(kept, sent, `${sent.type}: kept as sent, vendor fields and all`);
        assert.ok(Object.keys(sent).some((key) => !KNOWN_FIELDS.has(key)), `${sent.type} carries vendor fields`);
      }
      // A retry of the whole recording changes nothing.
      const again = await post({ events: RECORDED.events });
      assert.ok(again.json().results.every((r: { outcome: string }) => r.outcome === 'duplicate'));
    });

    test('a single event and a batch both keep unknown fields; beyond the bound the call still counts and the kept payload says how many were dropped', async () => {
      const single = await post(offered('uf-1', 'uf-call-1', { xcid: 'x-1', origCallId: 'o-1' }));
      assert.equal(single.statusCode, 200, single.body);
      assert.equal(single.json().results[0].outcome, 'applied');
      assert.deepEqual(await payloadOf('uf-1'), offered('uf-1', 'uf-call-1', { xcid: 'x-1', origCallId: 'o-1' }));

      const many = Object.fromEntries(Array.from({ length: 2000 }, (_, n) => [`vendor${n}`, n]));
      const batch = await post({ events: [offered('uf-2', 'uf-call-2', many), offered('uf-3', 'uf-call-3', { blob: 'я'.repeat(5000) })] });
      assert.equal(batch.statusCode, 200, batch.body);
      assert.deepEqual(batch.json().results.map((r: { outcome: string }) => r.outcome), ['applied', 'applied']);
      const kept = await payloadOf('uf-2');
      assert.equal(Object.keys(kept).filter((key) => key.startsWith('vendor')).length, UNKNOWN_FIELDS_BOUND.count);
      assert.equal(kept[UNKNOWN_FIELDS_DROPPED], 2000 - UNKNOWN_FIELDS_BOUND.count);
      assert.equal(kept.from, '0501234567', 'the known fields are kept whole');
      assert.deepEqual(await payloadOf('uf-3'), { ...offered('uf-3', 'uf-call-3'), [UNKNOWN_FIELDS_DROPPED]: 1 });
      assert.ok(await t.db.selectFrom('calls').select('id').where('pbx_call_id', '=', 'uf-call-2').executeTakeFirst(), 'the caller is not lost (H3)');

      // 10,000 fields fit the body's limit only form-encoded.
      const form = `${new URLSearchParams(offered('uf-9', 'uf-call-9')).toString()}&${Array.from({ length: 10_000 }, (_, n) => `x${n.toString(36)}=`).join('&')}`;
      const formed = await t.app.inject({
        method: 'POST', url: '/api/v1/telephony/events', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: form,
      });
      assert.equal(formed.statusCode, 200, formed.body);
      assert.equal(formed.json().results[0].outcome, 'applied');
      assert.equal((await payloadOf('uf-9'))[UNKNOWN_FIELDS_DROPPED], 10_000 - UNKNOWN_FIELDS_BOUND.count);
      const tooLarge = await post(offered('uf-10', 'uf-call-10', Object.fromEntries(Array.from({ length: 10_000 }, (_, n) => [`vendor${n}`, n]))));
      assert.equal(tooLarge.statusCode, 413, 'over the body\'s limit: refused as too large, never a 5xx');
    });

    test('an event of a type Dovira does not know keeps its fields within the same bound', async () => {
      const response = await post({ eventId: 'uf-4', callId: 'uf-call-4', type: 'queue_joined', timestamp: '2026-11-25T10:00:00Z', queueName: 'reception', deep: JSON.parse(`${'['.repeat(50)}1${']'.repeat(50)}`) as unknown });
      assert.equal(response.json().results[0].outcome, 'ignored_unknown_type');
      assert.deepEqual(await payloadOf('uf-4'), { eventId: 'uf-4', callId: 'uf-call-4', type: 'queue_joined', timestamp: '2026-11-25T10:00:00Z', queueName: 'reception', [UNKNOWN_FIELDS_DROPPED]: 1 });
    });

    test('a known field with a bad value is still refused, named, and nothing of the batch is kept', async () => {
      const before = await t.db.selectFrom('pbx_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      const response = await post({ events: [offered('uf-5', 'uf-call-5', { xcid: 'x' }), { eventId: 'uf-6', callId: 'uf-call-5', type: 'survey_result', timestamp: '2026-11-25T10:05:00Z', score: 9, xcid: 'x' }] });
      assert.equal(response.statusCode, 400);
      assert.deepEqual(response.json().errors.map((e: { field: string }) => e.field), ['events.1.score']);
      const single = await post(offered('uf-7', 'uf-call-7', { from: '<script>', trunk: 't1' }));
      assert.deepEqual(single.json().errors.map((e: { field: string }) => e.field), ['from']);
      const envelope = await post({ events: [offered('uf-8', 'uf-call-8')], sentBy: 'pbx-1' });
      assert.equal(envelope.statusCode, 400);
      assert.deepEqual(envelope.json().errors.map((e: { field: string }) => e.field), ['sentBy'], 'the batch\'s envelope has nowhere to keep a field');
      const after = await t.db.selectFrom('pbx_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
    });

    test('hostile unknown fields: NUL or half a UTF-16 pair is refused naming the field, __proto__ refused, constructor kept as a field; never a 5xx, never a polluted prototype', async () => {
      for (const [name, extra, field] of [
        ['NUL in a value', { note: 'Коваль\u0000' }, 'note'],
        ['NUL in a key', { 'ключ\u0000': 1 }, 'ключ�'],
        ['half a pair, nested', { sipHeaders: { From: 'a\ud800' } }, 'sipHeaders.From'],
      ] as const) {
        const response = await post(offered(`uf-h-${name}`, 'uf-call-h', extra));
        assert.equal(response.statusCode, 400, `${name}: ${response.body}`);
        assert.deepEqual(response.json().errors.map((e: { field: string }) => e.field), [field], name);
      }
      const proto = await postText(JSON.stringify(offered('uf-h-1', 'uf-call-h')).replace('{', '{"__proto__":{"isAdmin":true},'));
      assert.equal(proto.statusCode, 400, proto.body);
      const constructor = await post(offered('uf-h-2', 'uf-call-h2', { constructor: 'x', prototype: { isAdmin: true }, toString: 1 }));
      assert.equal(constructor.statusCode, 200, constructor.body);
      assert.deepEqual(await payloadOf('uf-h-2'), offered('uf-h-2', 'uf-call-h2', { constructor: 'x', prototype: { isAdmin: true }, toString: 1 }));
      // Other control characters are text PostgreSQL stores: kept exactly as sent.
      const control = { note: 'рядок\r\nSet-Cookie: x=1\u0001\u001b[31m\u007f', ['ключ\u0007']: '<script>alert(1)</script>' };
      const controlled = await post(offered('uf-h-4', 'uf-call-h4', control));
      assert.equal(controlled.statusCode, 200, controlled.body);
      assert.deepEqual(await payloadOf('uf-h-4'), offered('uf-h-4', 'uf-call-h4', control));
      const deep = await postText(JSON.stringify(offered('uf-h-3', 'uf-call-h3')).replace('{', `{"deep":${'['.repeat(5000)}1${']'.repeat(5000)},`));
      assert.equal(deep.statusCode, 200, deep.body);
      assert.deepEqual(await payloadOf('uf-h-3'), { ...offered('uf-h-3', 'uf-call-h3'), [UNKNOWN_FIELDS_DROPPED]: 1 });
      assert.equal(({} as { isAdmin?: unknown }).isAdmin, undefined);
    });
  });
}
