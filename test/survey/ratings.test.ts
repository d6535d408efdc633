// Q1 ratings in the database and through the API (who sees what), and the rules of dialling a
// callback (H3) that hold before any phone rings. No baresip needed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { databaseTargets } from '../databases.ts';
import { startTestApp, type Client, type TestApp } from '../app.ts';
import { findSurveyTarget, recordSurveyOutcome } from '../../src/survey/repository.ts';
import { BaresipDialler } from '../../src/telephony/adapters/baresip/dialler.ts';
import { DiallerBusy, DiallerUnavailable } from '../../src/telephony/ports/callback-dialler.ts';
import { lineName, takeLease } from '../../src/telephony/adapters/baresip/lease.ts';

const SYSTEM = { userId: null, ip: null };

function problem(response: LightMyRequestResponse, status: number, code: string) {
  assert.equal(response.statusCode, status, response.body);
  assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
  const body = response.json();
  assert.equal(body.type, `urn:dovira:problem:${code}`);
  assert.match(body.detail, /[а-яіїєґ]/i, 'a Ukrainian explanation');
  return body;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

for (const target of databaseTargets()) {
  describe(`Q1 ratings and H3 dialling rules on ${target.name}`, () => {
    let t: TestApp;
    let second: Client;

    before(async () => {
      t = await startTestApp(target);
      const created = await t.as.admin.post('/api/v1/users', { login: 'operator-42', fullName: 'Петро Іванович Гнатюк', role: 'operator', password: 'operator-42-password', operatorNumber: 42 });
      assert.equal(created.statusCode, 201, created.body);
      second = await t.login('operator-42', 'operator-42-password');
    });
    after(async () => { await t?.close(); });

    async function call(client: Client, callerPhone = '067 123 45 67'): Promise<string> {
      const opened = await client.post('/api/v1/calls', { callerPhone });
      assert.equal(opened.statusCode, 201, opened.body);
      return opened.json().id as string;
    }

    const rate = (callId: string, operatorId: string, score: number | null) => recordSurveyOutcome(t.db, SYSTEM, {
      callId, operatorId, channel: 'phone', score, promptsPlayed: score === null ? 2 : 1, invalidKeys: '', sipCallId: 'sip-1', startedAt: t.clock.now(), recordedAt: t.clock.now(),
    });

    test('Q1: the survey finds its call by Dovira’s id, by the exchange’s call id, or by the caller’s number within two hours', async () => {
      const byId = await call(t.as.operator, '050 111 22 33');
      assert.deepEqual(await findSurveyTarget(t.db, byId, null, t.clock.now()), { found: true, target: { callId: byId, operatorId: t.as.operator.userId }, by: 'reference' });
      assert.deepEqual(await findSurveyTarget(t.db, ` ${byId.toUpperCase()} `, null, t.clock.now()), { found: true, target: { callId: byId, operatorId: t.as.operator.userId }, by: 'reference' });
      await t.db.updateTable('calls').set({ pbx_call_id: 'a84c1f2e@pbx' }).where('id', '=', byId).execute();
      const byPbx = await findSurveyTarget(t.db, 'a84c1f2e@pbx', null, t.clock.now());
      assert.equal(byPbx.found && byPbx.target.callId, byId);
      const byPhone = await findSurveyTarget(t.db, null, '+380501112233', t.clock.now());
      assert.equal(byPhone.found && byPhone.target.callId, byId);
      assert.equal(byPhone.found && byPhone.by, 'phone');
      const later = new Date(t.clock.now().getTime() + 3 * 3_600_000);
      assert.deepEqual(await findSurveyTarget(t.db, null, '+380501112233', later), { found: false, reason: 'unknown_call' }, 'too long ago to guess by number');
      assert.deepEqual(await findSurveyTarget(t.db, null, null, t.clock.now()), { found: false, reason: 'no_reference' });
      assert.deepEqual(await findSurveyTarget(t.db, '00000000-0000-4000-8000-000000000000', null, t.clock.now()), { found: false, reason: 'unknown_call' });
      assert.deepEqual(await findSurveyTarget(t.db, 'Robert"); DROP TABLE calls;--', null, t.clock.now()), { found: false, reason: 'unknown_call' });
      // A reference that names nothing is not rescued by the number: it is a wrong reference.
      assert.deepEqual(await findSurveyTarget(t.db, 'no-such-call@pbx', '+380501112233', t.clock.now()), { found: false, reason: 'unknown_call' });
      assert.ok(await rate(byId, t.as.operator.userId, 4));
      assert.deepEqual(await findSurveyTarget(t.db, byId, null, t.clock.now()), { found: false, reason: 'already_rated' });
    });

    test('Q1: one outcome per call: a second one changes nothing and writes no audit event', async () => {
      const callId = await call(t.as.operator);
      const first = await rate(callId, t.as.operator.userId, null);
      assert.ok(first);
      assert.equal(await rate(callId, t.as.operator.userId, 5), null);
      const rows = await t.db.selectFrom('survey_ratings').select(['score', 'outcome']).where('call_id', '=', callId).execute();
      assert.deepEqual(rows, [{ score: null, outcome: 'no_answer' }]);
      const audit = await t.db.selectFrom('audit_events').select('action').where('entity_type', '=', 'survey_rating').where('entity_id', '=', first).execute();
      assert.deepEqual(audit, [{ action: 'no_answer' }]);
    });

    test('Q1: supervisors and admins read every rating; an operator only their own', async () => {
      const mine = await call(t.as.operator);
      const theirs = await call(second);
      await rate(mine, t.as.operator.userId, 2);
      await rate(theirs, second.userId, 5);

      for (const reader of [t.as.supervisor, t.as.admin]) {
        const all = await reader.get('/api/v1/survey/ratings?limit=100');
        assert.equal(all.statusCode, 200, all.body);
        const byCall = new Map((all.json().items as { callId: string; score: number; operatorNumber: number; operatorName: string; outcomeLabel: string }[]).map((item) => [item.callId, item]));
        assert.equal(byCall.get(mine)?.score, 2);
        assert.equal(byCall.get(theirs)?.score, 5);
        assert.equal(byCall.get(theirs)?.operatorNumber, 42);
        assert.equal(byCall.get(theirs)?.operatorName, 'Петро Іванович Гнатюк');
        assert.equal(byCall.get(theirs)?.outcomeLabel, 'оцінено');
      }
      const own = await t.as.operator.get('/api/v1/survey/ratings?limit=100');
      assert.equal(own.statusCode, 200, own.body);
      const items = own.json().items as { operatorId: string; callId: string }[];
      assert.ok(items.length > 0);
      assert.ok(items.every((item) => item.operatorId === t.as.operator.userId), 'only the operator’s own ratings');
      assert.ok(!items.some((item) => item.callId === theirs));
      problem(await t.as.operator.get(`/api/v1/survey/ratings?operatorId=${second.userId}`), 403, 'own-ratings-only');
      problem(await t.as.operator.get(`/api/v1/survey/summary?operatorId=${second.userId}`), 403, 'own-ratings-only');
      problem(await t.as.court_clerk.get('/api/v1/survey/ratings'), 403, 'forbidden');
      problem(await t.anonymous.get('/api/v1/survey/ratings'), 401, 'unauthenticated');
      const filtered = await t.as.supervisor.get(`/api/v1/survey/ratings?operatorId=${second.userId}&outcome=rated`);
      assert.deepEqual((filtered.json().items as { callId: string }[]).map((item) => item.callId), [theirs]);
    });

    test('Q1: ratings page by cursor, newest first, and bad filters are refused', async () => {
      const first = await t.as.supervisor.get('/api/v1/survey/ratings?limit=1');
      assert.equal(first.statusCode, 200, first.body);
      const cursor = first.json().nextCursor as string;
      assert.ok(cursor);
      const next = await t.as.supervisor.get(`/api/v1/survey/ratings?limit=1&cursor=${encodeURIComponent(cursor)}`);
      assert.notEqual(next.json().items[0].id, first.json().items[0].id);
      problem(await t.as.supervisor.get('/api/v1/survey/ratings?operatorId=17'), 400, 'validation');
      problem(await t.as.supervisor.get('/api/v1/survey/ratings?outcome=maybe'), 400, 'validation');
      problem(await t.as.supervisor.get('/api/v1/survey/ratings?from=yesterday'), 400, 'validation');
      problem(await t.as.supervisor.get('/api/v1/survey/ratings?score=5'), 400, 'validation');
      problem(await t.as.supervisor.get('/api/v1/survey/ratings?cursor=not-a-cursor'), 400, 'bad-cursor');
      const future = new Date(t.clock.now().getTime() + 60_000).toISOString();
      const none = await t.as.supervisor.get(`/api/v1/survey/ratings?from=${encodeURIComponent(future)}`);
      assert.deepEqual(none.json().items, []);
    });

    test('Q1: the summary gives each operator’s count, average, spread and unanswered surveys', async () => {
      const summary = await t.as.supervisor.get('/api/v1/survey/summary');
      assert.equal(summary.statusCode, 200, summary.body);
      const rows = summary.json().operators as { operatorId: string; rated: number; noAnswer: number; average: number; byScore: Record<string, number> }[];
      const ours = rows.find((row) => row.operatorId === t.as.operator.userId)!;
      // From the tests above: 4 and 2 rated, one no answer.
      assert.equal(ours.rated, 2);
      assert.equal(ours.noAnswer, 1);
      assert.equal(ours.average, 3);
      assert.deepEqual(ours.byScore, { 1: 0, 2: 1, 3: 0, 4: 1, 5: 0 });
      const own = await second.get('/api/v1/survey/summary');
      assert.deepEqual((own.json().operators as { operatorId: string }[]).map((row) => row.operatorId), [second.userId]);
    });

    test('Q1: inside a transaction it is given, the outcome and its audit event stand or fall with it (the exchange’s survey_result is kept so)', async () => {
      const callId = await call(second);
      const record = { callId, operatorId: second.userId, channel: 'phone' as const, score: 3, promptsPlayed: 0, invalidKeys: '', sipCallId: null, startedAt: null, recordedAt: t.clock.now() };
      const rollback = new Error('rolled back on purpose');
      const failed = await t.db.transaction().execute(async (trx) => {
        assert.ok(await recordSurveyOutcome(trx, SYSTEM, record));
        throw rollback;
      }).catch((error: unknown) => error);
      assert.equal(failed, rollback);
      assert.deepEqual(await t.db.selectFrom('survey_ratings').select('id').where('call_id', '=', callId).execute(), [], 'rolled back with the transaction');
      const id = await t.db.transaction().execute((trx) => recordSurveyOutcome(trx, SYSTEM, record));
      assert.ok(id);
      const audit = await t.db.selectFrom('audit_events').select(['action', 'changes']).where('entity_type', '=', 'survey_rating').where('entity_id', '=', id).execute();
      assert.deepEqual(audit.map((a) => [a.action, a.changes.score]), [['rated', 3]]);
    });

    describe('H3: dialling a callback', () => {
      async function claimed(client: Client = t.as.operator): Promise<string> {
        const dueAt = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
        const created = await client.post('/api/v1/callbacks', { phone: '050 123 45 67', reason: 'Повідомити дату засідання', dueAt });
        assert.equal(created.statusCode, 201, created.body);
        const id = created.json().id as string;
        assert.equal((await client.post(`/api/v1/callbacks/${id}/claim`)).statusCode, 200);
        return id;
      }
      const attempts = async (id: string) => (await t.db.selectFrom('callback_attempts').select('outcome').where('callback_id', '=', id).execute()).length;

      test('H3: dialling follows the callback rules and needs the operator’s extension; nothing is recorded when refused', async () => {
        problem(await t.as.operator.post('/api/v1/callbacks/00000000-0000-4000-8000-000000000000/dial'), 404, 'not-found');
        const dueAt = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
        const queued = (await t.as.operator.post('/api/v1/callbacks', { phone: '050 123 45 67', reason: 'Перезвонити', dueAt })).json().id as string;
        problem(await t.as.operator.post(`/api/v1/callbacks/${queued}/dial`), 409, 'not-claimed');
        const othersId = await claimed(second);
        problem(await t.as.operator.post(`/api/v1/callbacks/${othersId}/dial`), 403, 'not-claimer');
        const id = await claimed();
        problem(await t.as.operator.post(`/api/v1/callbacks/${id}/dial`, { phone: '+380671111111' }), 400, 'validation');
        problem(await t.as.operator.post(`/api/v1/callbacks/${id}/dial`), 422, 'no-extension');
        const mapped = await t.as.admin.request('PUT', '/api/v1/telephony/extensions/1017', { operatorId: t.as.operator.userId });
        assert.equal(mapped.statusCode, 200, mapped.body);
        problem(await t.as.operator.post(`/api/v1/callbacks/${id}/dial`), 503, 'dialling-off');
        problem(await t.as.supervisor.post(`/api/v1/callbacks/${id}/dial`), 403, 'forbidden');
        assert.equal(await attempts(id), 0);
        assert.equal(await attempts(othersId), 0);
      });

      test('H3: a dialler baresip that cannot be reached makes no attempt and frees its line; a line in use is busy', async () => {
        const port = await closedPort();
        const dialler = new BaresipDialler({
          db: t.db, lines: [{ host: '127.0.0.1', port }], citizenUri: 'sip:{number}@127.0.0.1:5060', operatorUri: 'sip:{extension}@127.0.0.1:5060', ringMs: 3000, connectMs: 500,
        });
        await assert.rejects(dialler.dial({ phone: '+380501234567', operatorExtension: '1017' }), DiallerUnavailable);
        assert.deepEqual(await t.db.selectFrom('baresip_leases').selectAll().execute(), [], 'the line is free again');
        assert.ok(await takeLease(t.db, lineName('dialler', { host: '127.0.0.1', port }), 'another-process', 60_000));
        await assert.rejects(dialler.dial({ phone: '+380501234567', operatorExtension: '1017' }), DiallerBusy);
        assert.equal(await takeLease(t.db, lineName('dialler', { host: '127.0.0.1', port }), 'a-third-process', 60_000), false, 'a held lease is not taken');
        assert.ok(await takeLease(t.db, lineName('dialler', { host: '127.0.0.1', port }), 'another-process', 60_000), 'its holder renews it');
      });
    });
  });
}
