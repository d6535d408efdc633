import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import type { CallbackOrigin, CallbackStatus } from '../db/schema.ts';

const LIST = '/api/v1/telephony/missed-calls';
const FIGURES = '/api/v1/calls/unanswered/figures';
const PROBLEM = 'application/problem+json; charset=utf-8';
// The test clock starts at 2026-11-25T10:00:00Z, a Wednesday: 12:00 in Kyiv (UTC+2).
const at = (time: string, day = '2026-11-25') => new Date(`${day}T${time}Z`);

interface CraftedCall {
  phone: string;
  opened: Date;
  ended: Date;
  endReason: 'abandoned' | 'missed' | 'completed';
  answered?: Date;
  operatorId?: string;
  offeredTo?: string;
  transferredFrom?: string;
}

for (const target of databaseTargets()) {
  describe(`H3: the unanswered calls, listed and counted, on ${target.name}`, () => {
    let t: TestApp;
    const ids: Record<string, string> = {};

    async function insertCall(call: CraftedCall): Promise<string> {
      const row = await t.db.insertInto('calls').values({
        operator_id: call.operatorId ?? null, source: 'pbx', pbx_call_id: `crafted-${randomUUID()}`, status: 'ended', caller_phone: call.phone,
        opened_at: call.opened, answered_at: call.answered ?? null, ended_at: call.ended, end_reason: call.endReason,
        offered_to: call.offeredTo ?? null, transferred_from_call_id: call.transferredFrom ?? null,
        state: '{}', last_seq: 0, updated_at: call.ended,
      }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    }

    async function insertCallback(callId: string, phone: string, status: CallbackStatus, dueAt: Date, origin: CallbackOrigin, attemptAt?: Date): Promise<string> {
      const id = randomUUID();
      await t.db.insertInto('callbacks').values({
        id, call_id: callId, appeal_id: null, phone, reason: 'Заявник не дочекався оператора', due_at: dueAt, assigned_operator_id: null, status,
        claimed_by: status === 'scheduled' ? null : t.as.operator.userId, claimed_at: status === 'scheduled' ? null : attemptAt ?? dueAt, closed_at: status === 'done' ? attemptAt ?? dueAt : null,
        closed_by: status === 'done' ? t.as.operator.userId : null, outcome: status === 'done' ? 'informed' : null, resolution: null, cancel_reason: null,
        created_by: t.as.supervisor.userId, created_at: dueAt, updated_at: dueAt, origin,
      }).execute();
      if (attemptAt) {
        await t.db.insertInto('callback_attempts').values({
          callback_id: id, operator_id: t.as.operator.userId, started_at: attemptAt, ended_at: new Date(attemptAt.getTime() + 60_000),
          outcome: status === 'done' ? 'reached' : 'no_answer', note: null,
        }).execute();
      }
      return id;
    }

    async function calledAgain(callId: string, byCallId: string, when: Date) {
      await t.db.updateTable('calls').set({ called_again_call_id: byCallId, called_again_at: when }).where('id', '=', callId).execute();
    }

    before(async () => {
      t = await startTestApp(target);
      const operatorId = t.as.operator.userId;
      // A: waited 45 s and hung up; the rule's callback was first tried 30 minutes later.
      ids.A = await insertCall({ phone: '+380441110001', opened: at('08:00:00'), ended: at('08:00:45'), endReason: 'abandoned', offeredTo: 'черга-суди' });
      ids.callbackA = await insertCallback(ids.A, '+380441110001', 'in_progress', at('08:00:45'), 'missed_call', at('08:30:00'));
      // B: rang the operator 30 s, nobody answered; the callback's first try came 80 minutes after.
      ids.B = await insertCall({ phone: '+380441110002', opened: at('08:10:00'), ended: at('08:10:30'), endReason: 'missed', operatorId });
      await insertCallback(ids.B, '+380441110002', 'scheduled', at('08:10:30'), 'missed_call', at('09:30:30'));
      // E: answered; it closes C (called again within the hour), later D (not within the hour).
      ids.E = await insertCall({ phone: '+380441110003', opened: at('08:50:00'), answered: at('08:50:10'), ended: at('08:55:00'), endReason: 'completed', operatorId });
      // H: the second leg of E after a transfer: the same caller, not counted twice.
      await insertCall({ phone: '+380441110003', opened: at('08:55:00'), answered: at('08:55:05'), ended: at('09:00:00'), endReason: 'completed', operatorId, transferredFrom: ids.E });
      ids.C = await insertCall({ phone: '+380441110003', opened: at('08:20:00'), ended: at('08:20:05'), endReason: 'abandoned' });
      await calledAgain(ids.C, ids.E, at('08:50:10'));
      ids.D = await insertCall({ phone: '+380441110004', opened: at('08:30:00'), ended: at('08:30:20'), endReason: 'abandoned' });
      await calledAgain(ids.D, ids.E, at('10:00:00'));
      // F: missed after a minute; called back within minutes and done.
      ids.F = await insertCall({ phone: '+380441110005', opened: at('09:00:00'), ended: at('09:01:00'), endReason: 'missed' });
      await insertCallback(ids.F, '+380441110005', 'done', at('09:01:00'), 'agreed', at('09:05:00'));
      // G: yesterday's, with no callback at all.
      ids.G = await insertCall({ phone: '+380441110006', opened: at('12:00:00', '2026-11-24'), ended: at('12:02:00', '2026-11-24'), endReason: 'abandoned' });
    });
    after(async () => { await t?.close(); });

    function ok(response: LightMyRequestResponse) {
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    }
    const callIds = (body: { items: { callId: string }[] }) => body.items.map((item) => item.callId);
    const named = (...keys: string[]) => keys.map((key) => ids[key]);

    test('H3: every abandoned or missed call is listed newest first, with how long the caller waited and where it stands', async () => {
      const body = ok(await t.as.supervisor.get(LIST));
      assert.deepEqual(callIds(body), named('F', 'D', 'C', 'B', 'A', 'G'), 'answered calls are not listed; called-again and called-back ones are');
      assert.equal(body.nextCursor, null);
      const byId = new Map(body.items.map((item: { callId: string }) => [item.callId, item]));
      const a = byId.get(ids.A!);
      assert.deepEqual(a, {
        callId: ids.A, callerPhone: '+380441110001', callerWithheld: false, offeredTo: 'черга-суди', operator: null,
        openedAt: '2026-11-25T08:00:00.000Z', endedAt: '2026-11-25T08:00:45.000Z', waitedSeconds: 45,
        endReason: 'abandoned', endReasonLabel: 'Заявник поклав слухавку, не дочекавшись відповіді',
        callback: { id: ids.callbackA, status: 'in_progress', dueAt: '2026-11-25T08:00:45.000Z', origin: 'missed_call' },
        calledAgain: null,
      });
      const b = byId.get(ids.B!) as { operator: { id: string; fullName: string }; waitedSeconds: number; endReason: string };
      assert.equal(b.operator.id, t.as.operator.userId, 'the operator whose phone rang');
      assert.ok(b.operator.fullName.length > 0);
      assert.equal(b.waitedSeconds, 30);
      assert.equal(b.endReason, 'missed');
      assert.deepEqual((byId.get(ids.C!) as { calledAgain: unknown }).calledAgain, { callId: ids.E, at: '2026-11-25T08:50:10.000Z' });
      assert.equal((byId.get(ids.G!) as { callback: unknown }).callback, null);
      assert.equal((byId.get(ids.F!) as { waitedSeconds: number }).waitedSeconds, 60);
    });

    test('H3: filtered by period, by why the call ended, and to those still needing someone (open=true)', async () => {
      const today = ok(await t.as.supervisor.get(`${LIST}?from=2026-11-25T00:00:00%2B02:00&to=2026-11-26T00:00:00%2B02:00`));
      assert.deepEqual(callIds(today), named('F', 'D', 'C', 'B', 'A'));
      const missed = ok(await t.as.supervisor.get(`${LIST}?endReason=missed`));
      assert.deepEqual(callIds(missed), named('F', 'B'));
      // C and D: the caller called again; F: its callback is done. A's is under way, B's waits, G has none.
      const open = ok(await t.as.supervisor.get(`${LIST}?open=true`));
      assert.deepEqual(callIds(open), named('B', 'A', 'G'));
      const openAbandonedToday = ok(await t.as.supervisor.get(`${LIST}?open=true&endReason=abandoned&from=2026-11-25T00:00:00Z`));
      assert.deepEqual(callIds(openAbandonedToday), named('A'));
      assert.deepEqual(callIds(ok(await t.as.supervisor.get(`${LIST}?open=false`))).length, 6, 'open=false is no filter');
    });

    test('H3: page by page with the cursor, none lost or repeated', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const body = ok(await t.as.supervisor.get(`${LIST}?limit=2${cursor ? `&cursor=${cursor}` : ''}`));
        assert.ok(body.items.length <= 2);
        seen.push(...callIds(body));
        cursor = body.nextCursor;
        pages += 1;
      } while (cursor);
      assert.equal(pages, 3);
      assert.deepEqual(seen, named('F', 'D', 'C', 'B', 'A', 'G'));
    });

    test('H3: bad queries are refused naming the field, never a 5xx', async () => {
      const cases: [string, number, string][] = [
        ['endReason=completed', 400, 'endReason'],
        ['open=yes', 400, 'open'],
        ['from=вчора', 400, 'from'],
        ['from=2026-11-25T10:00:00', 400, 'from'],
        ['to=2026-11-25T10:00:00%00Z', 400, 'to'],
        ['limit=100000', 400, 'limit'],
        ['limit=0', 400, 'limit'],
        ['cursor=bm90LWEtY3Vyc29y', 400, 'cursor'],
        [`cursor=${'x'.repeat(5000)}`, 400, 'cursor'],
        ['colour=red', 400, 'colour'],
        ['from=2026-11-25T10:00:00Z&to=2026-11-25T09:00:00Z', 422, 'to'],
      ];
      for (const [query, status, field] of cases) {
        const response = await t.as.supervisor.get(`${LIST}?${query}`);
        assert.equal(response.statusCode, status, `${query}: ${response.body}`);
        assert.equal(response.headers['content-type'], PROBLEM);
        const fields = (response.json().errors as { field: string }[]).map((error) => error.field);
        assert.ok(fields.some((f) => f.includes(field)), `${query} → ${fields.join(', ')}`);
      }
    });

    test('H3: operators see the same list (they work the shared queue); court clerks and admins do not', async () => {
      assert.deepEqual(callIds(ok(await t.as.operator.get(LIST))), named('F', 'D', 'C', 'B', 'A', 'G'));
      assert.equal((await t.as.court_clerk.get(LIST)).statusCode, 403);
      assert.equal((await t.as.admin.get(LIST)).statusCode, 403);
    });

    test('H3: the figures of today: offered, answered, abandoned, missed, the waits, and who was called back within the hour', async () => {
      const figures = ok(await t.as.supervisor.get(FIGURES));
      assert.deepEqual(figures, {
        // Kyiv's day: from midnight (22:00 UTC the day before).
        from: '2026-11-24T22:00:00.000Z', to: '2026-11-25T22:00:00.000Z',
        offered: 6, answered: 1, abandoned: 3, missed: 2,
        // A 45, B 30, C 5, D 20, F 60.
        averageWaitSeconds: 32, longestWaitSeconds: 60,
        // A: tried after 30 min; C: called again after 30 min; F: tried after 4 min. Not B (80 min), not D (90 min).
        calledBackWithinHour: 3,
      });
    });

    test('H3: the figures of another period; a period with no calls has no waits', async () => {
      const yesterday = ok(await t.as.admin.get(`${FIGURES}?from=2026-11-24T00:00:00%2B02:00&to=2026-11-25T00:00:00%2B02:00`));
      assert.deepEqual({ ...yesterday, from: undefined, to: undefined }, {
        from: undefined, to: undefined, offered: 1, answered: 0, abandoned: 1, missed: 0, averageWaitSeconds: 120, longestWaitSeconds: 120, calledBackWithinHour: 0,
      });
      const fromOnly = ok(await t.as.supervisor.get(`${FIGURES}?from=2026-11-25T10:05:00%2B02:00`));
      assert.equal(fromOnly.to, '2026-11-25T22:00:00.000Z', 'to the end of that Kyiv day');
      assert.equal(fromOnly.offered, 5, 'B, C, D, E and F');
      const empty = ok(await t.as.supervisor.get(`${FIGURES}?from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z`));
      assert.equal(empty.offered, 0);
      assert.equal(empty.averageWaitSeconds, null);
      assert.equal(empty.longestWaitSeconds, null);
      const backwards = await t.as.supervisor.get(`${FIGURES}?from=2026-11-25T10:00:00Z&to=2026-11-25T10:00:00Z`);
      assert.equal(backwards.statusCode, 422);
      assert.deepEqual(backwards.json().errors.map((e: { field: string }) => e.field), ['to']);
      assert.equal((await t.as.supervisor.get(`${FIGURES}?from=0000-01-01T00:00:00Z`)).statusCode, 400);
      assert.equal((await t.as.supervisor.get(`${FIGURES}?days=7`)).statusCode, 400);
      assert.equal((await t.as.operator.get(FIGURES)).statusCode, 403, 'figures are for management');
    });
  });
}
