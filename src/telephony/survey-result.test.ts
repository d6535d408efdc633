// Q1 through the event API: the exchange's `survey_result` is the citizen's rating of the call,
// recorded for the call's operator by the same rules as the baresip survey, one per call.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyBaseLogger } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { connectExchange } from '../../test/pbx.ts';
import { recordSurveyOutcome } from '../survey/repository.ts';
import { ingestEventBatch } from './ingest.ts';
import { PbxEventSchema } from './contract.ts';

const PROBLEM = 'application/problem+json; charset=utf-8';
const SYSTEM = { userId: null, ip: null };
const silent = { warn() {}, error() {}, info() {}, debug() {} } as unknown as FastifyBaseLogger;

for (const target of databaseTargets()) {
  describe(`Q1: survey_result from the exchange on ${target.name}`, () => {
    let t: TestApp;
    let token: string;
    let seq = 0;
    before(async () => {
      t = await startTestApp(target);
      ({ token } = await connectExchange(t, 's'));
    });
    after(async () => { await t?.close(); });

    const post = (body: unknown) =>
      t.app.inject({ method: 'POST', url: '/api/v1/telephony/events', headers: { authorization: `Bearer ${token}` }, payload: body as object });
    const at = (second: number) => new Date(Date.parse('2026-11-25T10:00:00Z') + second * 1000).toISOString();
    const ev = (callId: string, type: string, second: number, fields: Record<string, unknown> = {}) =>
      ({ eventId: `s${++seq}`, callId, type, timestamp: at(second), ...fields });
    const survey = (callId: string, second: number, score: unknown) => ev(callId, 'survey_result', second, { score });
    const results = async (body: unknown) => {
      const response = await post(body);
      assert.equal(response.statusCode, 200, response.body);
      return response.json().results as { outcome: string; reason: string; callId: string | null }[];
    };
    const one = async (body: unknown) => (await results(body))[0]!;
    /** A call offered to 1017 and answered there; hung up by the caller at `hangupAt` unless null. */
    const call = async (callId: string, hangupAt: number | null = 60) => {
      const events = [
        ev(callId, 'offered', 0, { from: '0501234567', to: '1017', direction: 'inbound' }),
        ev(callId, 'answered', 3, { extension: '1017' }),
        ...(hangupAt === null ? [] : [ev(callId, 'hangup', hangupAt, { cause: 'normal_clearing', by: 'caller' })]),
      ];
      assert.ok((await results({ events })).every((r) => r.outcome === 'applied'));
      return (await t.db.selectFrom('calls').select('id').where('pbx_call_id', '=', callId).executeTakeFirstOrThrow()).id;
    };
    const ratingsOf = (callId: string) =>
      t.db.selectFrom('survey_ratings').select(['operator_id', 'channel', 'score', 'outcome', 'recorded_at', 'id']).where('call_id', '=', callId).execute();
    const auditOf = (ratingId: string) =>
      t.db.selectFrom('audit_events').select(['action', 'actor_user_id', 'changes']).where('entity_type', '=', 'survey_rating').where('entity_id', '=', ratingId).execute();
    const count = async (table: 'pbx_events' | 'survey_ratings' | 'audit_events') =>
      Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    test('Q1: a rating after the call counts for the call’s operator, with its audit event, and the supervisor’s ratings screen shows it', async () => {
      const callId = await call('q1');
      const result = await one(survey('q1', 75, 4));
      assert.deepEqual(result, { eventId: `s${seq}`, type: 'survey_result', outcome: 'applied', reason: 'Оцінку 4 зараховано оператору дзвінка (Q1)', callId });
      const [rating, ...more] = await ratingsOf(callId);
      assert.equal(more.length, 0);
      assert.equal(rating!.operator_id, t.as.operator.userId);
      assert.equal(rating!.channel, 'phone');
      assert.equal(rating!.score, 4);
      assert.equal(rating!.outcome, 'rated');
      assert.equal(rating!.recorded_at.toISOString(), at(75), 'when the citizen rated, by the exchange’s clock');
      const audit = await auditOf(rating!.id);
      assert.deepEqual(audit.map((a) => [a.action, a.actor_user_id, a.changes.score, a.changes.callId]), [['rated', t.as.pbx.userId, 4, callId]]);

      const listed = await t.as.supervisor.get(`/api/v1/survey/ratings?callId=${callId}`);
      assert.equal(listed.statusCode, 200, listed.body);
      const [item] = listed.json().items;
      assert.equal(item.score, 4);
      assert.equal(item.operatorId, t.as.operator.userId);
      assert.equal(item.operatorNumber, 17);
      assert.equal(item.outcomeLabel, 'оцінено');
      const own = await t.as.operator.get(`/api/v1/survey/ratings?callId=${callId}`);
      assert.equal(own.json().items.length, 1, 'the operator sees the rating of their own call');
      const summary = (await t.as.supervisor.get(`/api/v1/survey/summary?operatorId=${t.as.operator.userId}`)).json().operators[0];
      assert.equal(summary.byScore[4], 1);
    });

    test('Q1: no answer (null) is kept as «без відповіді», so the share of rated calls stays honest', async () => {
      const callId = await call('q2');
      const result = await one(survey('q2', 80, null));
      assert.equal(result.outcome, 'applied');
      assert.match(result.reason, /без відповіді/);
      const [rating] = await ratingsOf(callId);
      assert.equal(rating!.score, null);
      assert.equal(rating!.outcome, 'no_answer');
      assert.deepEqual((await auditOf(rating!.id)).map((a) => a.action), ['no_answer']);
      const item = (await t.as.supervisor.get(`/api/v1/survey/ratings?callId=${callId}`)).json().items[0];
      assert.equal(item.outcomeLabel, 'без відповіді: заявник не оцінив');
    });

    test('Q1: a second rating of the same call is kept as stale and changes nothing, whichever way the first came', async () => {
      const callId = await call('q3');
      assert.equal((await one(survey('q3', 70, 5))).outcome, 'applied');
      const audits = await count('audit_events');
      const second = await one(survey('q3', 71, 1));
      assert.equal(second.outcome, 'stale');
      assert.equal(second.reason, 'Цей дзвінок уже оцінено: зараховується лише перша оцінка');
      assert.equal(second.callId, callId);
      assert.deepEqual((await ratingsOf(callId)).map((r) => r.score), [5], 'the first rating stands');
      assert.equal(await count('audit_events'), audits + 1, 'only the kept event is audited');
      // Both in one batch: the first in the exchange's time order counts.
      const both = await call('q3b');
      assert.deepEqual((await results({ events: [survey('q3b', 91, 2), survey('q3b', 90, 3)] })).map((r) => r.outcome), ['stale', 'applied']);
      assert.deepEqual((await ratingsOf(both)).map((r) => r.score), [3]);
      // Rated on baresip first: the exchange's rating of the same call does not count twice.
      const byBaresip = await call('q3c');
      assert.ok(await recordSurveyOutcome(t.db, SYSTEM, {
        callId: byBaresip, operatorId: t.as.operator.userId, channel: 'phone', score: 2, promptsPlayed: 1, invalidKeys: '', sipCallId: 'sip-1', startedAt: null, recordedAt: t.clock.now(),
      }));
      assert.equal((await one(survey('q3c', 90, 5))).outcome, 'stale');
      assert.deepEqual((await ratingsOf(byBaresip)).map((r) => r.score), [2]);
    });

    test('Q1: a rating of a call Dovira does not know is refused with the reason, and none is recorded', async () => {
      const ratings = await count('survey_ratings');
      const result = await one(survey('no-such-call@pbx', 10, 5));
      assert.deepEqual(result, {
        eventId: `s${seq}`, type: 'survey_result', outcome: 'refused', callId: null,
        reason: 'Дзвінок з таким ідентифікатором АТС не зареєстровано: оцінку заявника немає до чого зарахувати',
      });
      assert.equal(await count('survey_ratings'), ratings);
      const kept = await t.db.selectFrom('pbx_events').select(['outcome', 'reason']).where('pbx_event_id', '=', `s${seq}`).executeTakeFirstOrThrow();
      assert.equal(kept.outcome, 'refused', 'the event itself is kept with its outcome');
    });

    test('Q1: the survey runs after hang-up, but a rating delivered before the hang-up still counts; a call no operator took has nothing to rate', async () => {
      const callId = await call('q4', null);
      const early = await one(survey('q4', 50, 3));
      assert.equal(early.outcome, 'applied');
      assert.deepEqual((await ratingsOf(callId)).map((r) => r.score), [3]);
      // The hang-up arriving after it ends the call as usual.
      assert.equal((await one(ev('q4', 'hangup', 45, { cause: 'normal_clearing', by: 'caller' }))).outcome, 'applied');
      const ended = await t.db.selectFrom('calls').select(['status', 'end_reason']).where('id', '=', callId).executeTakeFirstOrThrow();
      assert.deepEqual(ended, { status: 'ended', end_reason: 'caller_hung_up' });
      // In one batch, the rating before the hang-up by the exchange's clock: the same.
      const batched = await call('q4b', null);
      assert.deepEqual((await results({ events: [ev('q4b', 'hangup', 40, { cause: 'normal_clearing', by: 'caller' }), survey('q4b', 39, 5)] })).map((r) => r.outcome), ['applied', 'applied']);
      assert.deepEqual((await ratingsOf(batched)).map((r) => r.score), [5]);

      // Missed: rang at the operator, never answered.
      await results({ events: [ev('q5', 'offered', 0, { from: '0501234567', to: '1017', direction: 'inbound' }), ev('q5', 'hangup', 20, { cause: 'no_answer', by: 'system' })] });
      const missed = await one(survey('q5', 30, 1));
      assert.equal(missed.outcome, 'refused');
      assert.equal(missed.reason, 'Дзвінок не прийняв жоден оператор: оцінку заявника не зараховано');
      assert.deepEqual(await ratingsOf(missed.callId!), []);
    });

    test('Q1: the one-event-at-a-time ingest records the rating in the event’s own transaction, by the same rules', async () => {
      const callId = await call('q6');
      const parse = (raw: unknown) => PbxEventSchema.parse(raw);
      const [first, second, unknown] = await ingestEventBatch(t.db, { userId: t.as.pbx.userId, ip: null },
        [parse(survey('q6', 70, 2)), parse(survey('q6', 71, 4)), parse(survey('q6-none', 72, 4))], t.clock.now(), silent, undefined, { eventsPerTransaction: 1 });
      assert.deepEqual([first!.outcome, second!.outcome, unknown!.outcome], ['applied', 'stale', 'refused']);
      const [rating] = await ratingsOf(callId);
      assert.equal(rating!.score, 2);
      assert.deepEqual((await auditOf(rating!.id)).map((a) => a.action), ['rated']);
    });

    test('Q1 bad input: a score of 0, 6, 2.5 or «x» is answered 400 naming the field, and nothing is stored', async () => {
      await call('q7');
      const before = { events: await count('pbx_events'), ratings: await count('survey_ratings'), audit: await count('audit_events') };
      for (const score of [0, 6, 2.5, 'x', '5', true, undefined]) {
        const single = await post(survey('q7', 70, score));
        assert.equal(single.statusCode, 400, `score ${String(score)}: ${single.body}`);
        assert.equal(single.headers['content-type'], PROBLEM);
        const body = single.json() as { detail: string; errors: { field: string; message: string }[] };
        assert.ok(body.errors.some((e) => e.field === 'score' && /Оцінка/.test(e.message)), `score ${String(score)}: ${single.body}`);
        const inBatch = await post({ events: [survey('q7', 70, 5), survey('q7', 71, score)] });
        assert.equal(inBatch.statusCode, 400, inBatch.body);
        assert.ok((inBatch.json() as { errors: { field: string }[] }).errors.some((e) => e.field === 'events.1.score'), inBatch.body);
      }
      assert.deepEqual({ events: await count('pbx_events'), ratings: await count('survey_ratings'), audit: await count('audit_events') }, before, 'nothing stored, not even the good event of the batch');
    });
  });
}
