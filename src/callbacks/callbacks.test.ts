import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type Client, type TestApp } from '../../test/app.ts';

const PROBLEM = 'application/problem+json; charset=utf-8';
const REASON = 'Повідомити дату засідання у справі про стягнення аліментів';

for (const target of databaseTargets()) {
  describe(`callbacks on ${target.name}`, () => {
    let t: TestApp;
    /** Ten more operators, Оператор № 101 … № 110. */
    const operators: Client[] = [];
    before(async () => {
      t = await startTestApp(target);
      for (let i = 0; i < 10; i++) {
        const login = `callback-operator-${i}`;
        const password = `callback-password-${i}`;
        const created = await t.as.admin.post('/api/v1/users', { login, fullName: 'Оксана Миколаївна Руденко', role: 'operator', password, operatorNumber: 101 + i });
        assert.equal(created.statusCode, 201, created.body);
        operators.push(await t.login(login, password));
      }
    });
    after(async () => { await t?.close(); });

    const inMinutes = (minutes: number) => new Date(t.clock.now().getTime() + minutes * 60_000).toISOString();

    async function schedule(client: Client, body: Record<string, unknown> = {}, headers?: Record<string, string>) {
      const response = await client.post('/api/v1/callbacks', { phone: '067 123 45 67', reason: REASON, dueAt: inMinutes(60), ...body }, headers);
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    }

    function ok(response: LightMyRequestResponse, status = 200) {
      assert.equal(response.statusCode, status, response.body);
      return response.json();
    }

    function problem(response: LightMyRequestResponse, status: number, code: string) {
      assert.equal(response.statusCode, status, response.body);
      assert.equal(response.headers['content-type'], PROBLEM);
      const body = response.json();
      assert.equal(body.type, `urn:dovira:problem:${code}`);
      assert.match(body.detail, /[а-яіїєґ]/i, 'a Ukrainian explanation');
      return body;
    }

    const ids = (response: LightMyRequestResponse) => (response.json().items as { id: string }[]).map((item) => item.id);

    async function counts() {
      const one = async (table: 'callbacks' | 'callback_attempts' | 'audit_events' | 'idempotency_keys') =>
        Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      return { callbacks: await one('callbacks'), attempts: await one('callback_attempts'), audit: await one('audit_events'), keys: await one('idempotency_keys') };
    }

    async function trail(id: string) {
      return t.db.selectFrom('audit_events').select(['action', 'actor_user_id', 'changes']).where('entity_type', '=', 'callback').where('entity_id', '=', id).orderBy('id').execute();
    }

    test('H3: schedule from a call → listed as due → claim → no answer → reached → closed', async () => {
      t.clock.set('2026-11-25T10:00:00Z');
      const call = ok(await t.as.operator.post('/api/v1/calls', { callerPhone: '067 123 45 67' }), 201);
      const scheduled = await schedule(t.as.operator, { callId: call.id, dueAt: '2026-11-25T14:30:00+02:00' });
      assert.equal(scheduled.status, 'scheduled');
      assert.equal(scheduled.statusLabel, 'заплановано');
      assert.equal(scheduled.phone, '+380671234567', 'stored in E.164');
      assert.equal(scheduled.dueAt, '2026-11-25T12:30:00.000Z');
      assert.equal(scheduled.callId, call.id);
      assert.equal(scheduled.queue, 'shared');
      assert.equal(scheduled.createdBy, t.as.operator.userId);
      assert.equal(scheduled.overdue, false);
      assert.deepEqual(scheduled.attempts, []);

      assert.ok(ids(await t.as.operator.get('/api/v1/callbacks?due=today')).includes(scheduled.id));
      t.clock.set('2026-11-25T12:45:00Z');
      const overdue = ok(await t.as.operator.get('/api/v1/callbacks?due=overdue'));
      const listed = overdue.items.find((item: { id: string }) => item.id === scheduled.id);
      assert.equal(listed?.overdue, true);

      const claimed = ok(await t.as.operator.post(`/api/v1/callbacks/${scheduled.id}/claim`));
      assert.equal(claimed.status, 'in_progress');
      assert.equal(claimed.claimedBy, t.as.operator.userId);
      assert.equal(claimed.claimedAt, '2026-11-25T12:45:00.000Z');

      t.clock.advance(60);
      const noAnswer = ok(await t.as.operator.post(`/api/v1/callbacks/${scheduled.id}/attempts`, { outcome: 'no_answer', note: 'Довгі гудки' }), 201);
      assert.equal(noAnswer.status, 'in_progress');
      assert.equal(noAnswer.attemptCount, 1);
      t.clock.advance(600);
      const reached = ok(await t.as.operator.post(`/api/v1/callbacks/${scheduled.id}/attempts`, {
        outcome: 'reached', note: 'Повідомлено дату засідання', startedAt: new Date(t.clock.now().getTime() - 120_000).toISOString(), close: true,
      }), 201);
      assert.equal(reached.status, 'done');
      assert.equal(reached.statusLabel, 'виконано');
      assert.equal(reached.outcome, 'informed');
      assert.equal(reached.outcomeLabel, 'заявнику надано інформацію');
      assert.equal(reached.closedBy, t.as.operator.userId);
      assert.equal(reached.overdue, false, 'a closed callback is not overdue');
      assert.deepEqual(reached.attempts.map((a: { outcome: string; outcomeLabel: string }) => [a.outcome, a.outcomeLabel]), [
        ['no_answer', 'не відповідає'], ['reached', 'розмова із заявником відбулася'],
      ]);
      assert.equal(reached.attempts[1].startedAt, '2026-11-25T12:54:00.000Z');
      assert.equal(reached.attempts[1].endedAt, '2026-11-25T12:56:00.000Z');
      assert.ok(!ids(await t.as.operator.get('/api/v1/callbacks?due=overdue')).includes(scheduled.id), 'no longer overdue');
      assert.ok(ids(await t.as.operator.get('/api/v1/callbacks?status=done')).includes(scheduled.id));

      const events = await trail(scheduled.id);
      assert.deepEqual(events.map((e) => e.action), ['scheduled', 'claimed', 'attempt_recorded', 'attempt_recorded', 'closed']);
      assert.ok(events.every((e) => e.actor_user_id === t.as.operator.userId));
      const written = JSON.stringify(events.map((e) => e.changes));
      for (const personal of ['380671234567', 'аліментів', 'гудки', 'Повідомлено']) assert.ok(!written.includes(personal), `no «${personal}» in the audit trail`);
      assert.equal(reached.version, 4, 'scheduled, claimed, an attempt, an attempt that closed it');
    });

    test('H3: overdue and today follow the clock and the Kyiv calendar day', async () => {
      t.clock.set('2026-11-25T10:00:00Z'); // 12:00 in Kyiv
      const soon = await schedule(t.as.supervisor, { dueAt: '2026-11-25T10:30:00Z' });
      const lateEvening = await schedule(t.as.supervisor, { dueAt: '2026-11-25T21:30:00Z' }); // 23:30 in Kyiv
      const tomorrow = await schedule(t.as.supervisor, { dueAt: '2026-11-25T22:30:00Z' }); // 00:30 on the 26th in Kyiv
      const today = ids(await t.as.supervisor.get('/api/v1/callbacks?due=today&limit=100'));
      assert.ok(today.includes(soon.id) && today.includes(lateEvening.id));
      assert.ok(!today.includes(tomorrow.id), 'after Kyiv midnight is tomorrow, though still the 25th in UTC');
      assert.ok(!ids(await t.as.supervisor.get('/api/v1/callbacks?due=overdue&limit=100')).includes(soon.id));

      t.clock.set('2026-11-25T10:31:00Z');
      const overdue = ok(await t.as.supervisor.get('/api/v1/callbacks?due=overdue&limit=100'));
      const overdueIds = overdue.items.map((item: { id: string }) => item.id);
      assert.ok(overdueIds.includes(soon.id));
      assert.ok(!overdueIds.includes(lateEvening.id) && !overdueIds.includes(tomorrow.id));
      assert.ok(overdue.items.every((item: { overdue: boolean }) => item.overdue));
      assert.equal(ok(await t.as.supervisor.get(`/api/v1/callbacks/${soon.id}`)).overdue, true);

      t.clock.set('2026-11-25T22:10:00Z'); // 00:10 on the 26th in Kyiv
      const nextDay = ids(await t.as.supervisor.get('/api/v1/callbacks?due=today&limit=100'));
      assert.ok(nextDay.includes(tomorrow.id) && !nextDay.includes(soon.id));
      assert.deepEqual(ok(await t.as.supervisor.get('/api/v1/callbacks?due=overdue&status=done')).items, [], 'only open callbacks are late');
      for (const id of [soon.id, lateEvening.id, tomorrow.id]) ok(await t.as.supervisor.post(`/api/v1/callbacks/${id}/cancel`, { reason: 'Тестове планування' }));
    });

    test('H3: the list is paged by due time, the most pressing first, without repeats', async () => {
      t.clock.set('2026-12-01T08:00:00Z');
      for (const minutes of [50, 10, 40, 20, 30]) await schedule(t.as.supervisor, { dueAt: inMinutes(minutes) });
      const all = ok(await t.as.supervisor.get('/api/v1/callbacks?limit=100')).items as { id: string; dueAt: string }[];
      const seen: string[] = [];
      let url = '/api/v1/callbacks?limit=2';
      for (;;) {
        const pageOf = ok(await t.as.supervisor.get(url));
        seen.push(...pageOf.items.map((item: { id: string }) => item.id));
        if (!pageOf.nextCursor) break;
        assert.ok(seen.length < all.length, 'the pages end once every callback was listed');
        url = `/api/v1/callbacks?limit=2&cursor=${pageOf.nextCursor}`;
      }
      assert.deepEqual(seen, all.map((item) => item.id));
      const dues = all.map((item) => item.dueAt);
      assert.deepEqual(dues, [...dues].sort());
    });

    test('H3: the shared queue is everyone’s; a callback assigned to an operator is theirs alone', async () => {
      t.clock.set('2026-11-26T09:00:00Z');
      const [first, second] = operators as [Client, Client];
      const sharedOne = await schedule(t.as.supervisor);
      const assigned = await schedule(t.as.supervisor, { assignedOperatorId: first.userId });
      assert.equal(assigned.queue, 'assigned');
      assert.equal(assigned.assignedOperatorId, first.userId);

      const secondSees = ids(await second.get('/api/v1/callbacks?limit=100'));
      assert.ok(secondSees.includes(sharedOne.id));
      assert.ok(!secondSees.includes(assigned.id), 'another operator does not see it');
      problem(await second.get(`/api/v1/callbacks/${assigned.id}`), 404, 'not-found');
      problem(await second.post(`/api/v1/callbacks/${assigned.id}/claim`), 404, 'not-found');

      const mine = ids(await first.get('/api/v1/callbacks?mine=true&limit=100'));
      assert.ok(mine.includes(assigned.id) && !mine.includes(sharedOne.id));
      const adminSees = ids(await t.as.admin.get('/api/v1/callbacks?limit=100'));
      assert.ok(adminSees.includes(sharedOne.id) && adminSees.includes(assigned.id));

      // An operator may hand a callback to a colleague: they still see it, but cannot take it.
      const handed = await schedule(second, { assignedOperatorId: first.userId });
      assert.equal(ok(await second.get(`/api/v1/callbacks/${handed.id}`)).id, handed.id);
      problem(await second.post(`/api/v1/callbacks/${handed.id}/claim`), 403, 'assigned-to-another');
      assert.equal(ok(await first.post(`/api/v1/callbacks/${assigned.id}/claim`)).claimedBy, first.userId);
      assert.equal(ok(await first.request('POST', `/api/v1/callbacks/${assigned.id}/claim`)).version, 2, 'a retried claim (here with no body at all) changes nothing');
      ok(await first.post(`/api/v1/callbacks/${assigned.id}/release`));
      const backToFirst = ok(await first.get(`/api/v1/callbacks/${assigned.id}`));
      assert.equal(backToFirst.status, 'scheduled');
      assert.equal(backToFirst.assignedOperatorId, first.userId, 'released, it stays with its operator');
    });

    test('H3: ten operators claim one callback at once: exactly one gets it, the others are told who has it', async () => {
      t.clock.set('2026-11-27T09:00:00Z');
      const callback = await schedule(t.as.supervisor);
      const url = `/api/v1/callbacks/${callback.id}/claim`;
      const responses = await Promise.all(operators.map((operator) => operator.post(url)));
      assert.deepEqual(responses.map((r) => r.statusCode).sort(), [200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
      const winnerIndex = responses.findIndex((r) => r.statusCode === 200);
      const winner = operators[winnerIndex]!;
      for (const response of responses.filter((r) => r.statusCode === 409)) {
        const refusal = problem(response, 409, 'already-claimed');
        assert.equal(refusal.detail, `Цей зворотний дзвінок уже виконує інший оператор (Оператор № ${101 + winnerIndex})`);
      }
      const rows = await t.db.selectFrom('callbacks').select(['status', 'claimed_by']).where('id', '=', callback.id).execute();
      assert.deepEqual(rows, [{ status: 'in_progress', claimed_by: winner.userId }]);
      assert.equal((await trail(callback.id)).filter((e) => e.action === 'claimed').length, 1);

      // Released, it is back in the queue, and again only one of the rest gets it.
      const released = ok(await winner.post(`/api/v1/callbacks/${callback.id}/release`, {}));
      assert.equal(released.status, 'scheduled');
      assert.equal(released.claimedBy, null);
      const others = operators.filter((_, i) => i !== winnerIndex);
      const again = await Promise.all(others.map((operator) => operator.post(url)));
      assert.deepEqual(again.map((r) => r.statusCode).sort(), [200, 409, 409, 409, 409, 409, 409, 409, 409]);
      const second = others[again.findIndex((r) => r.statusCode === 200)]!;
      const row = await t.db.selectFrom('callbacks').select(['status', 'claimed_by']).where('id', '=', callback.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'in_progress', claimed_by: second.userId });
      assert.notEqual(second.userId, winner.userId);
    });

    test('H3: only the operator working a callback acts on it; a supervisor may step in; clerks and admins may not', async () => {
      t.clock.set('2026-11-28T09:00:00Z');
      const [holder, bystander] = operators.slice(2, 4) as [Client, Client];
      const callback = await schedule(t.as.operator);
      problem(await holder.post(`/api/v1/callbacks/${callback.id}/attempts`, { outcome: 'busy' }), 409, 'not-claimed');
      problem(await holder.post(`/api/v1/callbacks/${callback.id}/close`, { outcome: 'unreachable' }), 409, 'not-claimed');
      ok(await holder.post(`/api/v1/callbacks/${callback.id}/claim`));
      const before = await counts();
      const notYours = problem(await bystander.post(`/api/v1/callbacks/${callback.id}/close`, { outcome: 'unreachable' }), 403, 'not-claimer');
      assert.match(notYours.detail, /Оператор № 103/);
      problem(await bystander.post(`/api/v1/callbacks/${callback.id}/attempts`, { outcome: 'no_answer' }), 403, 'not-claimer');
      problem(await bystander.post(`/api/v1/callbacks/${callback.id}/release`), 403, 'not-claimer');
      problem(await bystander.post(`/api/v1/callbacks/${callback.id}/cancel`, { reason: 'Помилка' }), 403, 'not-creator');
      problem(await t.as.operator.post(`/api/v1/callbacks/${callback.id}/cancel`, { reason: 'Помилка' }), 409, 'already-claimed');
      problem(await holder.post(`/api/v1/callbacks/${callback.id}/close`, { outcome: 'unreachable' }), 422, 'no-attempts');
      problem(await holder.post(`/api/v1/callbacks/${callback.id}/attempts`, { outcome: 'busy', close: true }), 422, 'close-needs-reached');
      assert.deepEqual(await counts(), before, 'nothing refused was written');

      ok(await holder.post(`/api/v1/callbacks/${callback.id}/attempts`, { outcome: 'wrong_number' }), 201);
      problem(await holder.post(`/api/v1/callbacks/${callback.id}/close`, { outcome: 'informed' }), 422, 'not-reached');
      const closed = ok(await t.as.supervisor.post(`/api/v1/callbacks/${callback.id}/close`, { outcome: 'unreachable', resolution: 'Номер не належить заявнику' }));
      assert.equal(closed.status, 'done');
      assert.equal(closed.outcomeLabel, 'не вдалося зв’язатися із заявником');
      assert.equal(closed.closedBy, t.as.supervisor.userId);
      problem(await holder.post(`/api/v1/callbacks/${callback.id}/attempts`, { outcome: 'reached' }), 409, 'callback-closed');
      problem(await holder.post(`/api/v1/callbacks/${callback.id}/claim`), 409, 'callback-closed');

      for (const [method, url] of [['GET', '/api/v1/callbacks'], ['GET', `/api/v1/callbacks/${callback.id}`], ['POST', '/api/v1/callbacks'], ['POST', `/api/v1/callbacks/${callback.id}/claim`]] as const) {
        const refusal = await t.as.court_clerk.request(method, url, method === 'POST' ? {} : undefined);
        assert.equal(refusal.statusCode, 403, `clerk ${method} ${url}`);
      }
      assert.equal((await t.as.admin.post('/api/v1/callbacks', { phone: '0671234567', reason: REASON, dueAt: inMinutes(10) })).statusCode, 403);
      assert.equal((await t.as.supervisor.post(`/api/v1/callbacks/${callback.id}/claim`)).statusCode, 403, 'supervisors assign, operators call');
    });

    test('H3: a callback goes back to the queue for a later time, and is cancelled with a reason kept out of the trail', async () => {
      t.clock.set('2026-11-29T09:00:00Z');
      const callback = await schedule(t.as.operator);
      ok(await t.as.operator.post(`/api/v1/callbacks/${callback.id}/claim`));
      ok(await t.as.operator.post(`/api/v1/callbacks/${callback.id}/attempts`, { outcome: 'unavailable' }), 201);
      problem(await t.as.operator.post(`/api/v1/callbacks/${callback.id}/release`, { dueAt: '2026-11-29T08:00:00Z' }), 422, 'due-in-past');
      const later = ok(await t.as.operator.post(`/api/v1/callbacks/${callback.id}/release`, { dueAt: '2026-11-29T15:00:00+02:00' }));
      assert.equal(later.status, 'scheduled');
      assert.equal(later.dueAt, '2026-11-29T13:00:00.000Z');
      assert.equal(later.attemptCount, 1, 'the attempts stay with it');
      problem(await t.as.operator.post(`/api/v1/callbacks/${callback.id}/release`), 409, 'not-claimed');

      ok(await operators[4]!.post(`/api/v1/callbacks/${callback.id}/claim`));
      const byBoss = ok(await t.as.supervisor.post(`/api/v1/callbacks/${callback.id}/release`));
      assert.equal(byBoss.claimedBy, null, 'a supervisor takes it back from an operator');

      const cancelled = ok(await t.as.operator.post(`/api/v1/callbacks/${callback.id}/cancel`, { reason: 'Заявник зателефонував сам і отримав відповідь' }));
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(cancelled.statusLabel, 'скасовано');
      assert.equal(cancelled.cancelReason, 'Заявник зателефонував сам і отримав відповідь');
      problem(await t.as.operator.post(`/api/v1/callbacks/${callback.id}/cancel`, { reason: 'Ще раз' }), 409, 'callback-closed');
      const events = await trail(callback.id);
      assert.deepEqual(events.map((e) => e.action), ['scheduled', 'claimed', 'attempt_recorded', 'released', 'claimed', 'released', 'cancelled']);
      assert.ok(!JSON.stringify(events).includes('Заявник'), 'the free-text reason stays out of the trail');
      assert.ok(!ids(await t.as.operator.get('/api/v1/callbacks?limit=100')).includes(callback.id), 'the default list holds open callbacks only');
    });

    test('H3: links and times are checked: the past, someone else’s call or appeal, a colleague who is not an operator', async () => {
      t.clock.set('2026-11-30T09:00:00Z');
      const before = await counts();
      problem(await t.as.operator.post('/api/v1/callbacks', { phone: '0671234567', reason: REASON, dueAt: inMinutes(-2) }), 422, 'due-in-past');
      const othersCall = ok(await operators[5]!.post('/api/v1/calls', {}), 201);
      const refusedCall = problem(await t.as.operator.post('/api/v1/callbacks', { phone: '0671234567', reason: REASON, dueAt: inMinutes(5), callId: othersCall.id }), 422, 'unknown-call');
      assert.equal(refusedCall.errors[0].field, 'callId');
      problem(await t.as.operator.post('/api/v1/callbacks', { phone: '0671234567', reason: REASON, dueAt: inMinutes(5), appealId: '00000000-0000-4000-8000-000000000000' }), 422, 'unknown-appeal');
      for (const assignee of [t.as.supervisor.userId, '00000000-0000-4000-8000-000000000000']) {
        problem(await t.as.operator.post('/api/v1/callbacks', { phone: '0671234567', reason: REASON, dueAt: inMinutes(5), assignedOperatorId: assignee }), 422, 'unknown-operator');
      }
      const retired = ok(await t.as.admin.post('/api/v1/users', { login: 'retired-operator', fullName: 'Павло Петрович Гнатюк', role: 'operator', password: 'retired-password-1', operatorNumber: 150 }), 201);
      ok(await t.as.admin.patch(`/api/v1/users/${retired.id}`, { active: false }));
      const afterUsers = await counts();
      problem(await t.as.operator.post('/api/v1/callbacks', { phone: '0671234567', reason: REASON, dueAt: inMinutes(5), assignedOperatorId: retired.id }), 422, 'unknown-operator');
      assert.equal((await counts()).callbacks, before.callbacks);
      assert.deepEqual(await counts(), afterUsers, 'nothing refused was written');

      const justNow = await schedule(t.as.operator, { dueAt: inMinutes(-0.5) });
      assert.equal(justNow.overdue, true, 'half a minute late is accepted, and due at once');
      const bySupervisor = await schedule(t.as.supervisor, { callId: othersCall.id });
      assert.equal(bySupervisor.callId, othersCall.id, 'a supervisor links any call');
      const appeal = ok(await t.as.operator.post('/api/v1/appeals', {
        surname: 'Шевчук', givenName: 'Іван', patronymic: 'Петрович', residence: 'м. Житомир', essence: REASON, kind: 'request', phone: '067 123 45 67',
      }), 201);
      assert.equal((await schedule(t.as.operator, { appealId: appeal.id })).appealId, appeal.id);
      problem(await operators[5]!.post('/api/v1/callbacks', { phone: '0671234567', reason: REASON, dueAt: inMinutes(5), appealId: appeal.id }), 422, 'unknown-appeal');
    });

    test('bad input is refused with 400 problem+json naming the field, and nothing is written', async () => {
      t.clock.set('2026-11-30T10:00:00Z');
      const callback = await schedule(t.as.operator);
      ok(await t.as.operator.post(`/api/v1/callbacks/${callback.id}/claim`));
      const valid = { phone: '0671234567', reason: REASON, dueAt: inMinutes(30) };
      const before = await counts();
      const cases: [string, unknown, string][] = [
        ['/api/v1/callbacks', { ...valid, priority: 'urgent' }, 'priority'],
        ['/api/v1/callbacks', { ...valid, phone: 42 }, 'phone'],
        ['/api/v1/callbacks', { ...valid, phone: '12345' }, 'phone'],
        ['/api/v1/callbacks', { ...valid, reason: '<script>alert(1)</script>' }, 'reason'],
        ['/api/v1/callbacks', { ...valid, reason: 'я'.repeat(501) }, 'reason'],
        ['/api/v1/callbacks', { ...valid, reason: 'Уточнити\u0000' }, 'reason'],
        ['/api/v1/callbacks', { ...valid, reason: '   ' }, 'reason'],
        ['/api/v1/callbacks', { ...valid, dueAt: 'завтра' }, 'dueAt'],
        ['/api/v1/callbacks', { ...valid, dueAt: '2026-11-30T14:00:00' }, 'dueAt'],
        ['/api/v1/callbacks', { ...valid, dueAt: 1764496800000 }, 'dueAt'],
        ['/api/v1/callbacks', { ...valid, callId: 'not-a-uuid' }, 'callId'],
        ['/api/v1/callbacks', { ...valid, assignedOperatorId: 17 }, 'assignedOperatorId'],
        ['/api/v1/callbacks', { phone: '0671234567', dueAt: valid.dueAt }, 'reason'],
        [`/api/v1/callbacks/${callback.id}/claim`, { force: true }, 'force'],
        [`/api/v1/callbacks/${callback.id}/attempts`, { outcome: 'exploded' }, 'outcome'],
        [`/api/v1/callbacks/${callback.id}/attempts`, { outcome: 'reached', close: 'yes' }, 'close'],
        [`/api/v1/callbacks/${callback.id}/attempts`, { outcome: 'reached', note: '<b>так</b>' }, 'note'],
        [`/api/v1/callbacks/${callback.id}/attempts`, { outcome: 'reached', startedAt: 'вчора' }, 'startedAt'],
        [`/api/v1/callbacks/${callback.id}/release`, { dueAt: 'пізніше' }, 'dueAt'],
        [`/api/v1/callbacks/${callback.id}/close`, { outcome: 'resolved' }, 'outcome'],
        [`/api/v1/callbacks/${callback.id}/close`, { outcome: 'unreachable', resolution: 'я'.repeat(2001) }, 'resolution'],
        [`/api/v1/callbacks/${callback.id}/cancel`, {}, 'reason'],
      ];
      for (const [url, body, field] of cases) {
        const response = await t.as.operator.post(url, body);
        const refusal = problem(response, 400, 'validation');
        assert.ok(refusal.errors.some((e: { field: string }) => e.field.includes(field)), `${field} named for ${JSON.stringify(body).slice(0, 80)}: ${response.body}`);
      }
      problem(await t.as.operator.post('/api/v1/callbacks/not-a-uuid/claim'), 400, 'validation');
      problem(await t.as.operator.post(`/api/v1/callbacks/${callback.id}/attempts`, { outcome: 'reached', startedAt: inMinutes(10) }), 422, 'attempt-in-future');
      problem(await t.as.operator.post(`/api/v1/callbacks/${callback.id}/attempts`, { outcome: 'reached', startedAt: inMinutes(-30) }), 422, 'attempt-before-claim');
      for (const query of ['due=yesterday', 'mine=yes', 'status=lost', 'limit=0', 'limit=101', 'colour=red', 'cursor=@@@']) {
        problem(await t.as.supervisor.get(`/api/v1/callbacks?${query}`), 400, query.startsWith('cursor') ? 'bad-cursor' : 'validation');
      }
      const foreignCursor = Buffer.from(JSON.stringify({ at: '2026-11-30T10:00:00.000Z', id: 'x' })).toString('base64url');
      problem(await t.as.supervisor.get(`/api/v1/callbacks?cursor=${foreignCursor}`), 400, 'bad-cursor');
      problem(await t.as.operator.get('/api/v1/callbacks/00000000-0000-4000-8000-000000000000'), 404, 'not-found');
      assert.deepEqual(await counts(), before);
    });

    test('Idempotency-Key: a retried scheduling returns the first callback and never a duplicate', async () => {
      t.clock.set('2026-11-30T11:00:00Z');
      const body = { phone: '0501234567', reason: REASON, dueAt: inMinutes(30) };
      const headers = { 'idempotency-key': 'callback-retry-1' };
      const before = await counts();
      const [first, second] = await Promise.all([t.as.operator.post('/api/v1/callbacks', body, headers), t.as.operator.post('/api/v1/callbacks', body, headers)]);
      const third = await t.as.operator.post('/api/v1/callbacks', body, headers);
      for (const response of [first, second, third]) assert.equal(response!.statusCode, 201, response!.body);
      assert.equal(first!.json().id, second!.json().id);
      assert.equal(first!.json().id, third.json().id);
      assert.equal(third.headers['idempotent-replayed'], 'true');
      assert.equal((await counts()).callbacks, before.callbacks + 1);
      const reused = problem(await t.as.operator.post('/api/v1/callbacks', { ...body, reason: 'Інша причина' }, headers), 422, 'idempotency-key-reused');
      assert.match(reused.detail, /Idempotency-Key/);
      problem(await t.as.operator.post('/api/v1/callbacks', body, { 'idempotency-key': 'з пробілом' }), 400, 'bad-idempotency-key');
      assert.equal((await counts()).callbacks, before.callbacks + 1);
    });

    test('Idempotency-Key: an attempt retried after its answer was lost is recorded once, and a closing one is answered, not refused', async () => {
      t.clock.set('2026-11-30T12:00:00Z');
      const callback = await schedule(t.as.supervisor, { dueAt: inMinutes(0) });
      ok(await t.as.operator.post(`/api/v1/callbacks/${callback.id}/claim`, {}));
      const before = await counts();
      const noAnswer = { outcome: 'no_answer', note: 'Не відповідає' };
      const firstKey = { 'idempotency-key': `attempt-${callback.id}-1` };
      const [one, two] = await Promise.all([t.as.operator.post(`/api/v1/callbacks/${callback.id}/attempts`, noAnswer, firstKey), t.as.operator.post(`/api/v1/callbacks/${callback.id}/attempts`, noAnswer, firstKey)]);
      const three = await t.as.operator.post(`/api/v1/callbacks/${callback.id}/attempts`, noAnswer, firstKey);
      for (const response of [one, two, three]) assert.equal(response.statusCode, 201, response.body);
      assert.equal(three.headers['idempotent-replayed'], 'true');
      assert.equal((await counts()).attempts, before.attempts + 1, 'one attempt however often it is sent');
      assert.deepEqual(three.json().attempts.map((a: { outcome: string }) => a.outcome), ['no_answer']);

      const reached = { outcome: 'reached', close: true };
      const closing = ok(await t.as.operator.post(`/api/v1/callbacks/${callback.id}/attempts`, reached, { 'idempotency-key': `attempt-${callback.id}-2` }), 201);
      assert.equal(closing.status, 'done');
      const retried = await t.as.operator.post(`/api/v1/callbacks/${callback.id}/attempts`, reached, { 'idempotency-key': `attempt-${callback.id}-2` });
      assert.equal(retried.statusCode, 201, 'the closing attempt’s retry gets its answer, not «already done»');
      assert.equal(retried.json().status, 'done');
      assert.equal((await counts()).attempts, before.attempts + 2);
      problem(await t.as.operator.post(`/api/v1/callbacks/${callback.id}/attempts`, noAnswer, { 'idempotency-key': `attempt-${callback.id}-2` }), 422, 'idempotency-key-reused');
      assert.deepEqual((await trail(callback.id)).map((e) => e.action), ['scheduled', 'claimed', 'attempt_recorded', 'attempt_recorded', 'closed']);
    });
  });
}
