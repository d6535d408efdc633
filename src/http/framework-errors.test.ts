// Refusals that happen before any route runs (the router's own, an unknown field, an unknown
// address) are Ukrainian problem documents like every other, and never repeat a long input back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { validAppeal } from '../../test/fixtures.ts';
import { connectExchange } from '../../test/pbx.ts';

const PROBLEM = 'application/problem+json; charset=utf-8';

for (const target of databaseTargets()) {
  describe(`refusals before a route on ${target.name}`, () => {
    let t: TestApp;
    before(async () => { t = await startTestApp(target); });
    after(async () => { await t?.close(); });

    function refusal(response: LightMyRequestResponse, status: number, detail: RegExp): void {
      assert.equal(response.statusCode, status, response.body);
      assert.equal(response.headers['content-type'], PROBLEM);
      assert.match(response.json().detail, detail);
      assert.ok(response.body.length < 1000, `a short answer, not the input repeated: ${response.body.length} characters`);
    }

    test('an address whose percent-encoding is not UTF-8 is a 400 problem, not Fastify\'s English JSON', async () => {
      refusal(await t.as.operator.get('/api/v1/appeals/%ED%A0%80'), 400, /некоректні символи/);
      refusal(await t.as.operator.get(`/api/v1/appeals/${'%D1%97'.repeat(3000)}%ED%A0%80`), 400, /некоректні символи/);
    });

    test('an id longer than any route parameter is a 414 problem that does not repeat it', async () => {
      refusal(await t.as.operator.get(`/api/v1/appeals/${'я'.repeat(50_000)}`), 414, /Адреса задовга/);
      refusal(await t.as.supervisor.post(`/api/v1/callbacks/${'x'.repeat(100_000)}/close`, { outcome: 'informed' }), 414, /Адреса задовга/);
    });

    test('an unknown field with a 10 KB name is named by its first 100 characters', async () => {
      const response = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, ['x'.repeat(10_000)]: 1 });
      refusal(response, 400, new RegExp(`^Невідоме поле «${'x'.repeat(100)}…»`));
      assert.deepEqual(response.json().errors.map((e: { field: string }) => e.field), [`${'x'.repeat(100)}…`]);
      const exchange = await connectExchange(t, 'long-key-');
      // An event keeps fields it does not know, within a bound (a 10 KB name is beyond it); a batch's envelope has none to keep.
      const event = { eventId: 'long-key-1', callId: 'c1', type: 'hold', timestamp: '2026-11-25T10:00:00Z', ['y'.repeat(10_000)]: 1 };
      const pbx = await t.app.inject({ method: 'POST', url: '/api/v1/telephony/events', headers: { authorization: `Bearer ${exchange.token}` }, payload: { events: [event], ['y'.repeat(10_000)]: 1 } });
      refusal(pbx, 400, /Перевірте дані/);
      assert.deepEqual(pbx.json().errors.map((e: { field: string }) => e.field), [`${'y'.repeat(100)}…`]);
      const kept = await t.app.inject({ method: 'POST', url: '/api/v1/telephony/events', headers: { authorization: `Bearer ${exchange.token}` }, payload: { events: [event] } });
      assert.equal(kept.statusCode, 200, kept.body);
      const row = await t.db.selectFrom('pbx_events').select('payload').where('pbx_event_id', '=', 'long-key-1').executeTakeFirstOrThrow();
      assert.equal(row.payload.unknownFieldsDropped, 1);
    });

    test('an unknown address is named in the 404 by its first 200 characters', async () => {
      const response = await t.as.operator.get(`/api/v1/${'nowhere/'.repeat(12_500)}`);
      refusal(response, 404, /^Адресу GET \/api\/v1\/nowhere\/nowhere\/.*… не знайдено$/);
    });
  });
}
