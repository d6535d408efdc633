import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { validAppeal } from '../../test/fixtures.ts';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { registerAppeals } from './register.ts';


for (const target of databaseTargets()) {
  describe(`appeals register on ${target.name}`, () => {
    let t: TestApp;
    before(async () => { t = await startTestApp(target); });
    after(async () => { await t?.close(); });

    const count = async () => Number((await t.db.selectFrom('appeals').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    test('A1: an oral appeal with every mandatory field is registered with a readable number and a separate lookup code', async () => {
      t.clock.set('2026-11-25T10:00:00Z');
      const response = await t.as.operator.post('/api/v1/appeals', validAppeal);
      assert.equal(response.statusCode, 201, response.body);
      const appeal = response.json();
      assert.match(appeal.registrationNumber, /^ЄКЦ-2026-\d{6}$/);
      assert.match(appeal.lookupCode, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      assert.ok(!appeal.lookupCode.includes(appeal.registrationNumber.slice(-6)));
      assert.equal(appeal.applicant.surname, 'Шевчук', 'trimmed');
      assert.equal(appeal.applicant.givenName, 'Мар’яна', 'any apostrophe is stored as the Standard’s ’');
      assert.equal(appeal.applicant.phone, '+380671234567', 'phone normalised to +380…');
      assert.equal(appeal.kind, 'complaint');
      assert.equal(appeal.kindLabel, 'скарга');
      assert.equal(appeal.status, 'registered');
      assert.equal(appeal.dueDates.forwardingSameDay, '2026-11-25');
      const audit = await t.db.selectFrom('audit_events').selectAll().where('entity_id', '=', appeal.id).execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.action, 'registered');
      assert.equal(audit[0]!.actor_user_id, t.as.operator.userId);
      assert.ok(!JSON.stringify(audit[0]!.changes).includes('Шевчук'), 'no personal data in the audit trail');
    });

    test('A1: apostrophe variants ʼ and ’ are accepted alike', async () => {
      for (const givenName of ['Марʼяна', 'Мар’яна']) {
        const response = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, givenName });
        assert.equal(response.statusCode, 201);
        assert.equal(response.json().applicant.givenName, 'Мар’яна');
      }
    });

    test('A1: each mandatory field missing is refused with its name, and nothing is written', async () => {
      const before = await count();
      for (const field of ['surname', 'givenName', 'patronymic', 'residence', 'essence', 'kind', 'phone']) {
        const body: Record<string, unknown> = { ...validAppeal };
        delete body[field];
        const response = await t.as.operator.post('/api/v1/appeals', body);
        assert.equal(response.statusCode, 400, field);
        assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
        const problem = response.json();
        assert.ok(problem.errors.some((e: { field: string }) => e.field === field), `${field} named in ${response.body}`);
      }
      const blank = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, essence: '   ' });
      assert.equal(blank.statusCode, 400);
      assert.match(blank.json().errors[0].message, /Суть питання: поле обов’язкове/);
      assert.equal(await count(), before);
    });

    test('A1: e-mail is optional but must be valid when given; a bad phone is explained', async () => {
      const { email: _omitted, ...withoutEmail } = validAppeal;
      const ok = await t.as.operator.post('/api/v1/appeals', withoutEmail);
      assert.equal(ok.statusCode, 201);
      assert.equal(ok.json().applicant.email, null);
      const badEmail = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, email: 'not-an-address' });
      assert.equal(badEmail.statusCode, 400);
      const badPhone = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, phone: '12345' });
      assert.equal(badPhone.statusCode, 400);
      assert.match(badPhone.json().errors[0].message, /0XX XXX XX XX/);
    });

    test('A1: SQL- or HTML-looking input in names and text is refused and the register is untouched', async () => {
      const before = await count();
      const attempts = [
        { surname: "Robert'); DROP TABLE appeals;--" },
        { givenName: '<script>alert(1)</script>' },
        { essence: 'Прошу <img src=x onerror=alert(1)> перевірити' },
        { residence: 'Київ\u0000' },
        { kind: 'petition' },
      ];
      for (const attempt of attempts) {
        const response = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, ...attempt });
        assert.equal(response.statusCode, 400, JSON.stringify(attempt));
      }
      assert.equal(await count(), before);
    });

    test('registration numbers are sequential and gap-free under concurrent registration', async () => {
      t.clock.set('2026-06-01T09:00:00Z');
      const existing = await t.db.selectFrom('appeal_numbers').select('seq as registration_seq').where('year', '=', 2026).execute();
      const responses = await Promise.all(Array.from({ length: 25 }, () => t.as.operator.post('/api/v1/appeals', validAppeal)));
      assert.ok(responses.every((r) => r.statusCode === 201));
      const sequences = (await t.db.selectFrom('appeal_numbers').select('seq as registration_seq').where('year', '=', 2026).orderBy('seq').execute()).map((r) => r.registration_seq);
      assert.equal(sequences.length, existing.length + 25);
      assert.deepEqual(sequences, Array.from({ length: sequences.length }, (_, i) => i + 1));
    });

    test('a registration that rolls back takes no number: the next appeal gets the first one, none is skipped', async () => {
      t.clock.set('2028-03-01T09:00:00Z');
      const registrar = { userId: t.as.operator.userId, role: 'operator' as const, ip: null };
      const failed = randomUUID();
      await assert.rejects(t.db.transaction().execute(async (trx) => {
        const [result] = await registerAppeals(trx, [{ registrar, appealId: failed, input: { ...validAppeal, kind: 'request', phone: '+380671234567' }, at: t.clock.now() }]);
        assert.equal(result?.outcome === 'registered' && result.appeal.registration_number, 'ЄКЦ-2028-000001');
        throw new Error('simulated failure after the insert');
      }), /simulated failure/);
      const next = await t.as.operator.post('/api/v1/appeals', validAppeal);
      assert.equal(next.json().registrationNumber, 'ЄКЦ-2028-000001');
      assert.equal(await t.db.selectFrom('appeals').select('id').where('id', '=', failed).executeTakeFirst(), undefined);
    });

    test('A1, A2: appeals registered together are numbered in arrival order, each audited and announced; a refused one takes no number', async () => {
      t.clock.set('2033-04-04T09:00:00Z');
      const registrar = { userId: t.as.operator.userId, role: 'operator' as const, ip: '192.0.2.7' };
      const othersCall = await t.db.insertInto('calls').values({
        operator_id: t.as.supervisor.userId, source: 'manual', status: 'active', opened_at: t.clock.now(), updated_at: t.clock.now(), state: '{}', last_seq: 0,
      }).returning('id').executeTakeFirstOrThrow();
      const phone = '+380931112200';
      const at = t.clock.now();
      const appeal = { ...validAppeal, kind: 'complaint' as const };
      const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const key = { userId: registrar.userId, key: 'batch-key-1', requestHash: 'hash-1' };
      const results = await registerAppeals(t.db, [
        { registrar, appealId: ids[0]!, input: { ...appeal, phone, essence: 'Не можу дізнатися стан розгляду справи про аліменти' }, at },
        { registrar, appealId: ids[1]!, input: { ...appeal, callId: othersCall.id }, at },
        { registrar, appealId: ids[2]!, input: { ...appeal, phone, essence: 'Знову питаю про стан моєї справи щодо аліментів' }, at },
        { registrar, appealId: ids[3]!, input: appeal, at, idempotency: key },
      ]);
      assert.deepEqual(results.map((r) => r.outcome), ['registered', 'unknown_call', 'registered', 'registered']);
      const numbers = results.map((r) => (r.outcome === 'registered' ? r.appeal.registration_number : null));
      assert.deepEqual(numbers, ['ЄКЦ-2033-000001', null, 'ЄКЦ-2033-000002', 'ЄКЦ-2033-000003']);
      const third = results[2]!;
      assert.ok(third.outcome === 'registered');
      assert.deepEqual(third.likelyRepeats.map((h) => h.id), [ids[0]], 'the earlier appeal of the same batch is hinted to the later one');
      assert.ok(results[0]?.outcome === 'registered' && results[0].likelyRepeats.length === 0, 'a later one is not hinted to an earlier one');

      const audited = await t.db.selectFrom('audit_events').select(['entity_id', 'action', 'actor_ip']).where('entity_type', '=', 'appeal').where('entity_id', 'in', ids).execute();
      assert.deepEqual(audited.map((a) => a.entity_id).sort(), [ids[0], ids[2], ids[3]].sort());
      assert.ok(audited.every((a) => a.action === 'registered' && a.actor_ip === '192.0.2.7'));
      const announced = await t.db.selectFrom('outbox_events').select('entity_id').where('topic', '=', 'appeal.registered').where('entity_id', 'in', ids).orderBy('id').execute();
      assert.deepEqual(announced.map((e) => e.entity_id), [ids[0], ids[2], ids[3]], 'management is told of each, in number order');
      assert.equal(await t.db.selectFrom('appeals').select('id').where('id', '=', ids[1]!).executeTakeFirst(), undefined);

      const before = await count();
      const [again] = await registerAppeals(t.db, [{ registrar, appealId: randomUUID(), input: appeal, at, idempotency: key }]);
      assert.equal(again!.outcome, 'key_used');
      assert.equal(await count(), before, 'a used key registers nothing');
      const counter = await t.db.selectFrom('appeal_counters').select('last_value').where('year', '=', 2033).executeTakeFirstOrThrow();
      assert.equal(counter.last_value, 3, 'no number was spent on the refused ones');
    });

    test('Idempotency-Key: many concurrent retries of one registration make one appeal, all answered with it', async () => {
      t.clock.set('2026-11-26T10:00:00Z');
      const before = await count();
      const headers = { 'idempotency-key': 'retry-appeal-storm' };
      const responses = await Promise.all(Array.from({ length: 12 }, () => t.as.operator.post('/api/v1/appeals', validAppeal, headers)));
      assert.ok(responses.every((r) => r.statusCode === 201), responses.map((r) => r.statusCode).join());
      assert.equal(new Set(responses.map((r) => r.json().registrationNumber)).size, 1);
      assert.equal(responses.filter((r) => r.headers['idempotent-replayed'] !== 'true').length, 1);
      assert.equal(await count(), before + 1);
    });

    test('numbering restarts with the Kyiv calendar year, not the UTC one', async () => {
      t.clock.set('2029-12-31T22:30:00Z'); // 00:30 on 1 January 2030 in Kyiv
      const response = await t.as.operator.post('/api/v1/appeals', validAppeal);
      assert.equal(response.json().registrationNumber, 'ЄКЦ-2030-000001');
    });

    test('past 999 999 appeals in a year the number grows a digit instead of wrapping', async () => {
      t.clock.set('2031-05-05T09:00:00Z');
      await t.db.insertInto('appeal_counters').values({ year: 2031, last_value: 999_999 }).execute();
      const response = await t.as.operator.post('/api/v1/appeals', validAppeal);
      assert.equal(response.json().registrationNumber, 'ЄКЦ-2031-1000000');
    });

    test('Idempotency-Key: a retried registration returns the first result and never a duplicate', async () => {
      t.clock.set('2026-11-25T10:00:00Z');
      const before = await count();
      const headers = { 'idempotency-key': 'retry-appeal-1' };
      const [first, second] = await Promise.all([
        t.as.operator.post('/api/v1/appeals', validAppeal, headers),
        t.as.operator.post('/api/v1/appeals', validAppeal, headers),
      ]);
      const third = await t.as.operator.post('/api/v1/appeals', validAppeal, headers);
      assert.equal(first!.statusCode, 201);
      assert.equal(second!.statusCode, 201);
      assert.equal(third.statusCode, 201);
      assert.equal(third.headers['idempotent-replayed'], 'true');
      assert.equal(first!.json().registrationNumber, second!.json().registrationNumber);
      assert.equal(first!.json().registrationNumber, third.json().registrationNumber);
      assert.equal(await count(), before + 1);
      const reused = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, kind: 'request' }, headers);
      assert.equal(reused.statusCode, 422);
      assert.match(reused.json().detail, /Idempotency-Key/);
    });

    test('a likely repeat is hinted: the same phone with a similar matter within 30 days', async () => {
      t.clock.set('2026-09-01T10:00:00Z');
      const phone = '+380501112233';
      await t.as.operator.post('/api/v1/appeals', { ...validAppeal, phone, essence: 'Не можу дізнатися стан розгляду справи про аліменти' });
      t.clock.advance(5 * 86_400);
      const check = await t.as.operator.post('/api/v1/appeals/repeat-check', { phone: '050 111 22 33', essence: 'Знову питаю про стан моєї справи щодо аліментів' });
      assert.equal(check.statusCode, 200);
      assert.equal(check.json().likelyRepeats.length, 1);
      const registered = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, phone, essence: 'Знову питаю про стан моєї справи щодо аліментів' });
      assert.equal(registered.json().likelyRepeats.length, 1, 'the registration itself tells of the likely repeat');
      assert.notEqual(registered.json().likelyRepeats[0].id, registered.json().id);
      t.clock.advance(60);
      const unrelated = await t.as.operator.post('/api/v1/appeals/repeat-check', { phone, essence: 'Скарга на поведінку судового розпорядника' });
      assert.equal(unrelated.json().likelyRepeats.length, 0);
      t.clock.advance(40 * 86_400);
      const stale = await t.as.operator.post('/api/v1/appeals/repeat-check', { phone, essence: 'Знову питаю про стан моєї справи щодо аліментів' });
      assert.equal(stale.json().likelyRepeats.length, 0, 'older than 30 days is no longer hinted');
    });

    test('an appeal is linked to the call it came from; another operator’s call is refused', async () => {
      const call = await t.db.insertInto('calls').values({
        operator_id: t.as.operator.userId, source: 'manual', status: 'active', opened_at: t.clock.now(), updated_at: t.clock.now(), state: '{}', last_seq: 0,
      }).returning('id').executeTakeFirstOrThrow();
      const linked = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, callId: call.id });
      assert.equal(linked.statusCode, 201);
      assert.equal(linked.json().callId, call.id);
      const other = await t.as.admin.post('/api/v1/users', { login: 'operator2', fullName: 'Петро Іванович Ткач', role: 'operator', password: 'another-password-1', operatorNumber: 18 });
      assert.equal(other.statusCode, 201);
      const second = await t.login('operator2', 'another-password-1');
      const refused = await second.post('/api/v1/appeals', { ...validAppeal, callId: call.id });
      assert.equal(refused.statusCode, 422);
      const list = await second.get('/api/v1/appeals');
      assert.equal(list.json().items.length, 0, 'an operator lists only the appeals they registered');
      const read = await second.get(`/api/v1/appeals/${linked.json().id}`);
      assert.equal(read.statusCode, 404);
    });

    test('one call, one appeal: a second is refused naming the first; an ended call takes its first appeal within the wrap-up only', async () => {
      t.clock.set('2034-02-01T09:00:00Z');
      const openCall = async () => (await t.as.operator.post('/api/v1/calls', { callerPhone: '0671234567' })).json().id as string;
      const end = async (callId: string) => {
        const ended = await t.as.operator.post(`/api/v1/calls/${callId}/events`, { type: 'ended', reason: 'caller_hung_up' });
        assert.equal(ended.statusCode, 201, ended.body);
      };
      const before = await count();

      // During the call: the first is registered, a second (even another matter) is refused by name.
      const during = await openCall();
      const first = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, callId: during });
      assert.equal(first.statusCode, 201, first.body);
      const second = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, callId: during, essence: 'Зовсім інше питання про графік роботи суду' });
      assert.equal(second.statusCode, 409, second.body);
      assert.equal(second.json().type, 'urn:dovira:problem:call-has-appeal');
      assert.ok(second.json().detail.includes(first.json().registrationNumber), second.json().detail);
      assert.equal(second.json().errors[0].field, 'callId');
      assert.equal(second.json().appealId, first.json().id);
      // Nor after the call has ended, nor by the supervisor.
      await end(during);
      assert.equal((await t.as.operator.post('/api/v1/appeals', { ...validAppeal, callId: during })).statusCode, 409);
      assert.equal((await t.as.supervisor.post('/api/v1/appeals', { ...validAppeal, callId: during })).statusCode, 409);
      // A retry of the first request (the same Idempotency-Key) still gets its answer, not a refusal.
      const keyed = await openCall();
      const once = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, callId: keyed }, { 'idempotency-key': 'one-call-one-appeal' });
      assert.equal(once.statusCode, 201, once.body);
      const retried = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, callId: keyed }, { 'idempotency-key': 'one-call-one-appeal' });
      assert.equal(retried.statusCode, 201, retried.body);
      assert.equal(retried.json().id, once.json().id);

      // Wrap-up: the first appeal of an ended call is registered within 30 minutes of its end, a second is not.
      const wrapUp = await openCall();
      await end(wrapUp);
      t.clock.advance(29 * 60);
      const afterEnd = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, callId: wrapUp });
      assert.equal(afterEnd.statusCode, 201, afterEnd.body);
      const secondAfterEnd = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, callId: wrapUp });
      assert.equal(secondAfterEnd.statusCode, 409);
      assert.ok(secondAfterEnd.json().detail.includes(afterEnd.json().registrationNumber));

      // Past the wrap-up the call takes none: the appeal is registered without it.
      const late = await openCall();
      await end(late);
      t.clock.advance(31 * 60);
      const tooLate = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, callId: late });
      assert.equal(tooLate.statusCode, 409, tooLate.body);
      assert.equal(tooLate.json().type, 'urn:dovira:problem:call-wrap-up-over');
      assert.match(tooLate.json().detail, /завершився понад 30 хвилин тому/);
      assert.equal(await count(), before + 3, 'only the first appeal of each call was written');

      // The call's page finds its appeal; another operator does not.
      const mine = await t.as.operator.get(`/api/v1/appeals?callId=${during}`);
      assert.deepEqual(mine.json().items.map((a: { id: string }) => a.id), [first.json().id]);
      assert.equal((await t.as.operator.get('/api/v1/appeals?callId=not-a-call')).statusCode, 400);
    });

    test('A1: the call’s own appeal is not offered as a likely repeat of itself; another call’s is', async () => {
      t.clock.set('2034-03-01T09:00:00Z');
      const phone = '+380671239900';
      const essence = 'Прошу повідомити дату засідання у справі про розірвання шлюбу';
      const callId = (await t.as.operator.post('/api/v1/calls', { callerPhone: phone })).json().id as string;
      const own = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, phone, essence, callId });
      assert.equal(own.statusCode, 201, own.body);
      const onTheCall = await t.as.operator.post('/api/v1/appeals/repeat-check', { phone, essence, callId });
      assert.equal(onTheCall.statusCode, 200, onTheCall.body);
      assert.deepEqual(onTheCall.json().likelyRepeats, []);
      const nextCall = (await t.as.operator.post('/api/v1/calls', { callerPhone: phone })).json().id as string;
      const onAnother = await t.as.operator.post('/api/v1/appeals/repeat-check', { phone, essence, callId: nextCall });
      assert.deepEqual(onAnother.json().likelyRepeats.map((h: { id: string }) => h.id), [own.json().id]);
    });

    test('status: the centre resolves an appeal here; forwarding, receipt and answer have their own routes; changes audited', async () => {
      const created = (await t.as.operator.post('/api/v1/appeals', validAppeal)).json();
      for (const status of ['forwarded', 'acknowledged', 'answered']) {
        const response = await t.as.supervisor.post(`/api/v1/appeals/${created.id}/status`, { status, note: 'Примітка' });
        assert.equal(response.statusCode, 422, status);
        assert.equal(response.json().type, 'urn:dovira:problem:status-route');
      }
      const resolved = await t.as.supervisor.post(`/api/v1/appeals/${created.id}/status`, { status: 'resolved', note: 'Примітка' });
      assert.equal(resolved.statusCode, 200, resolved.body);
      assert.equal(resolved.json().status, 'resolved');
      const again = await t.as.supervisor.post(`/api/v1/appeals/${created.id}/status`, { status: 'resolved' });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().type, 'urn:dovira:problem:status-transition');
      assert.match(again.json().detail, /уже закрите/);
      const detail = await t.as.supervisor.get(`/api/v1/appeals/${created.id}`);
      assert.deepEqual(detail.json().history.map((h: { action: string }) => h.action), ['registered', 'status_changed']);
      const operatorTry = await t.as.operator.post(`/api/v1/appeals/${created.id}/status`, { status: 'resolved' });
      assert.equal(operatorTry.statusCode, 403);
    });

    test('a supervisor lists the register page by page with a cursor', async () => {
      const first = await t.as.supervisor.get('/api/v1/appeals?limit=3');
      assert.equal(first.statusCode, 200);
      const page1 = first.json();
      assert.equal(page1.items.length, 3);
      assert.ok(page1.nextCursor);
      const page2 = (await t.as.supervisor.get(`/api/v1/appeals?limit=3&cursor=${page1.nextCursor}`)).json();
      const ids = new Set([...page1.items, ...page2.items].map((a: { id: string }) => a.id));
      assert.equal(ids.size, page1.items.length + page2.items.length, 'pages do not overlap');
      const bad = await t.as.supervisor.get('/api/v1/appeals?cursor=garbage');
      assert.equal(bad.statusCode, 400);
    });
  });
}

describe('upgrading a database whose appeals still waited in the earlier numbering queue', () => {
  test('the upgrade numbers them in queue order and tells management of each', async () => {
    const opened = await openDatabase({ schemaUpTo: '0010_pbx_holds' });
    try {
      const { db } = opened;
      const [operator] = (await sql<{ id: string }>`
        INSERT INTO users (login, full_name, role, operator_number, password_hash)
        VALUES ('op', 'Олена Петрівна Коваленко', 'operator', 17, 'x') RETURNING id`.execute(db)).rows;
      const queued = [randomUUID(), randomUUID()];
      for (const id of queued) {
        await sql`
          INSERT INTO appeals (id, registration_year, lookup_code, surname, given_name, patronymic, residence, essence, kind, phone,
                               status, registered_by, registered_at, status_changed_at, updated_at)
          VALUES (${id}::uuid, 2026, ${id}, 'Шевчук', 'Мар’яна', 'Іванівна', 'Київ', 'Суть', 'request', '+380671234567',
                  'registered', ${operator!.id}::uuid, now(), now(), now())`.execute(db);
        await sql`INSERT INTO appeal_number_queue (appeal_id, year) VALUES (${id}::uuid, 2026)`.execute(db);
      }
      assert.equal((await db.selectFrom('appeal_register').select('id').execute()).length, 0, 'not in the register before the upgrade');
      await migrateToLatest(db as Kysely<unknown>);
      const register = await db.selectFrom('appeal_register').select(['id', 'registration_number']).orderBy('registration_seq').execute();
      assert.deepEqual(register, [
        { id: queued[0], registration_number: 'ЄКЦ-2026-000001' },
        { id: queued[1], registration_number: 'ЄКЦ-2026-000002' },
      ]);
      const told = await db.selectFrom('outbox_events').select('entity_id').where('topic', '=', 'appeal.registered').orderBy('id').execute();
      assert.deepEqual(told.map((e) => e.entity_id), queued);
    } finally {
      await opened.close();
    }
  });
});
