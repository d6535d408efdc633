// An exchange that sends faster than the database writes is asked to retry, instead of the waiting
// events growing without limit in the process's memory.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseTargets, testOnPostgres } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { connectExchange, type TestExchange } from '../../test/pbx.ts';
import { EventIngestQueue } from './ingest.ts';
import type { PbxEvent } from './contract.ts';

const NOBODY = { userId: null, ip: null };
const silent = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, fatal() {}, child() { return silent; }, level: 'silent', silent() {} } as never;

function offered(id: string, at: string): PbxEvent {
  return { eventId: `bound-${id}`, callId: `bound-call-${id}`, type: 'offered', timestamp: at, from: '0501234567', to: '1017', direction: 'inbound' } as PbxEvent;
}

for (const target of databaseTargets()) {
  describe(`the ingest's bound on ${target.name}`, () => {
    let t: TestApp;
    let queue: EventIngestQueue;
    let exchange: TestExchange;
    before(async () => {
      t = await startTestApp(target, {}, { eventQueue: (db) => (queue = new EventIngestQueue(db, undefined, { maxWaitingEvents: 2 })) });
      exchange = await connectExchange(t, 'bound-http-');
    });
    after(async () => { await t?.close(); });

    test('while one round is written, batches wait up to the bound; the next is refused whole, and the waiting ones are still stored', async () => {
      const first = queue.ingest(NOBODY, [offered('a', '2026-11-25T10:00:00Z')], new Date(), silent);
      const waiting = queue.ingest(NOBODY, [offered('b', '2026-11-25T10:00:01Z'), offered('c', '2026-11-25T10:00:02Z')], new Date(), silent);
      assert.equal(queue.waitingEvents, 2);
      await assert.rejects(queue.ingest(NOBODY, [offered('d', '2026-11-25T10:00:03Z')], new Date(), silent), (error: { status?: number; retryAfterSeconds?: number }) => {
        assert.equal(error.status, 503);
        assert.ok((error.retryAfterSeconds ?? 0) > 0);
        return true;
      });
      assert.deepEqual((await first).map((r) => r.outcome), ['applied']);
      assert.deepEqual((await waiting).map((r) => r.outcome), ['applied', 'applied']);
      assert.equal(queue.waitingEvents, 0);
      const stored = await t.db.selectFrom('calls').select('pbx_call_id').where('pbx_call_id', 'like', 'bound-call-%').orderBy('pbx_call_id').execute();
      assert.deepEqual(stored.map((row) => row.pbx_call_id), ['bound-call-a', 'bound-call-b', 'bound-call-c'], 'the refused batch left nothing behind');
      // Once the queue has room again, the same batch is taken.
      assert.deepEqual((await queue.ingest(NOBODY, [offered('d', '2026-11-25T10:00:03Z')], new Date(), silent)).map((r) => r.outcome), ['applied']);
    });

    // One connection holds the calls table, so a round stays in flight while the exchange posts again.
    testOnPostgres(target, 'the event API answers a full queue with 503, Retry-After and a Ukrainian problem, and nothing of that batch is written', 'it holds the calls table from a second connection', async () => {
      const release = Promise.withResolvers<void>();
      const locked = Promise.withResolvers<void>();
      const holder = t.db.transaction().execute(async (trx) => {
        await sql`LOCK TABLE calls IN EXCLUSIVE MODE`.execute(trx);
        locked.resolve();
        await release.promise;
      });
      await locked.promise;
      const inFlight = queue.ingest(NOBODY, [offered('e', '2026-11-25T10:01:00Z')], new Date(), silent);
      const waiting = queue.ingest(NOBODY, [offered('f', '2026-11-25T10:01:01Z'), offered('g', '2026-11-25T10:01:02Z')], new Date(), silent);
      const response = await t.app.inject({
        method: 'POST', url: '/api/v1/telephony/events', headers: { authorization: `Bearer ${exchange.token}` },
        payload: { eventId: 'bound-http-refused', callId: 'bound-call-h', type: 'offered', timestamp: '2026-11-25T10:01:03Z', from: '0501234567', to: '1017', direction: 'inbound' },
      });
      release.resolve();
      await holder;
      await Promise.all([inFlight, waiting]);
      assert.equal(response.statusCode, 503, response.body);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(response.headers['retry-after'], '2');
      assert.match(response.json().detail, /Надішліть пакет ще раз/);
      const refused = await t.db.selectFrom('calls').select('id').where('pbx_call_id', '=', 'bound-call-h').execute();
      assert.equal(refused.length, 0, 'the refused event made no call');
    });
  });
}
