// What a careless or hostile client can send: none of it may cause a 5xx or leave a partial write.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { databaseTargets } from './databases.ts';
import { startTestApp, type TestApp } from './app.ts';

const PROBLEM = 'application/problem+json; charset=utf-8';

const appeal = {
  surname: 'Коваль', givenName: 'Ігор', patronymic: 'Петрович', residence: 'м. Львів',
  essence: 'Прошу роз’яснити порядок подання апеляційної скарги', kind: 'request', phone: '0501234567',
};

for (const target of databaseTargets()) {
  describe(`bad input on ${target.name}`, () => {
    let t: TestApp;
    let callId: string;
    before(async () => {
      t = await startTestApp(target, { bodyLimitBytes: 16 * 1024 });
      const call = await t.as.operator.post('/api/v1/calls', {});
      assert.equal(call.statusCode, 201, call.body);
      callId = call.json().id;
    });
    after(async () => { await t?.close(); });

    async function counts() {
      const one = async (table: 'appeals' | 'calls' | 'call_events' | 'audit_events' | 'idempotency_keys') =>
        Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      return { appeals: await one('appeals'), calls: await one('calls'), events: await one('call_events'), audit: await one('audit_events'), keys: await one('idempotency_keys') };
    }

    function send(url: string, payload: string | Buffer, contentType = 'application/json') {
      return t.as.operator.request('POST', url, payload, { 'content-type': contentType });
    }

    test('malformed JSON is answered 400 in Ukrainian', async () => {
      const response = await send('/api/v1/appeals', '{"surname": "Коваль",');
      assert.equal(response.statusCode, 400);
      assert.equal(response.headers['content-type'], PROBLEM);
      assert.equal(response.json().detail, 'Тіло запиту не є коректним JSON');
    });

    test('invalid UTF-8 is refused, not stored as replacement characters', async () => {
      const before = await counts();
      const bytes = Buffer.concat([Buffer.from(JSON.stringify(appeal).slice(0, -1) + ',"email":"a'), Buffer.from([0xc3, 0x28]), Buffer.from('@b.ua"}')]);
      const response = await send('/api/v1/appeals', bytes);
      assert.equal(response.statusCode, 400);
      assert.match(response.json().detail, /UTF-8/);
      assert.deepEqual(await counts(), before);
    });

    test('a lone half of a UTF-16 pair written as a JSON escape is refused with the field named', async () => {
      const before = await counts();
      const body = JSON.stringify({ ...appeal, essence: 'Прошу перевірити PLACEHOLDER' }).replace('PLACEHOLDER', '\\ud800');
      const response = await send('/api/v1/appeals', body);
      assert.equal(response.statusCode, 400, response.body);
      assert.deepEqual(response.json().errors.map((e: { field: string }) => e.field), ['essence']);
      assert.match(response.json().errors[0].message, /недопустимі символи/);
      assert.deepEqual(await counts(), before);
    });

    test('an oversize body is answered 413 and nothing is written', async () => {
      const before = await counts();
      const response = await send('/api/v1/appeals', JSON.stringify({ ...appeal, essence: 'я'.repeat(20_000) }));
      assert.equal(response.statusCode, 413);
      assert.equal(response.headers['content-type'], PROBLEM);
      assert.equal(response.json().detail, 'Запит завеликий');
      assert.deepEqual(await counts(), before);
    });

    test('a body that is not JSON is answered 415', async () => {
      const response = await send('/api/v1/appeals', 'surname=Коваль', 'application/x-www-form-urlencoded');
      assert.equal(response.statusCode, 415);
      assert.match(response.json().detail, /application\/json/);
    });

    test('prototype-pollution keys are refused', async () => {
      const response = await send('/api/v1/appeals', '{"__proto__": {"admin": true}, "surname": "Коваль"}');
      assert.equal(response.statusCode, 400);
    });

    test('unknown fields and wrong types are named in the answer', async () => {
      const unknown = await t.as.operator.post('/api/v1/appeals', { ...appeal, priority: 'urgent' });
      assert.equal(unknown.statusCode, 400);
      assert.ok(unknown.json().errors.some((e: { field: string }) => e.field.includes('priority')), unknown.body);
      const wrongType = await t.as.operator.post('/api/v1/appeals', { ...appeal, surname: 42 });
      assert.equal(wrongType.statusCode, 400);
      assert.ok(wrongType.json().errors.some((e: { field: string }) => e.field === 'surname'));
      const badParam = await t.as.operator.get('/api/v1/appeals/not-a-uuid');
      assert.equal(badParam.statusCode, 400);
      const badQuery = await t.as.supervisor.get('/api/v1/appeals?limit=100000');
      assert.equal(badQuery.statusCode, 400);
    });

    test('a refused request says which field and what is wrong in plain Ukrainian, never zod’s «очікується string, отримано undefined» nor a generic «check the data»', async () => {
      const missing = await t.as.operator.post('/api/v1/appeals', { ...appeal, surname: undefined, givenName: undefined });
      assert.equal(missing.statusCode, 400);
      assert.equal(missing.json().detail, 'Прізвище: поле обов’язкове; Ім’я: поле обов’язкове');
      assert.deepEqual(missing.json().errors, [{ field: 'surname', message: 'Прізвище: поле обов’язкове' }, { field: 'givenName', message: 'Ім’я: поле обов’язкове' }]);
      const wrongType = await t.as.operator.post('/api/v1/appeals', { ...appeal, surname: 42 });
      assert.equal(wrongType.json().detail, 'Прізвище: очікується текст');
      const login = await t.anonymous.post('/api/v1/auth/login', {});
      assert.equal(login.json().detail, 'Логін: поле обов’язкове; Пароль: поле обов’язкове');
      // Fields a schema does not label are named by their place in the request, with zod's rule in plain words.
      const unlabelled = [
        await t.as.operator.post('/api/v1/appeals', { ...appeal, callId: 42 }),
        await t.as.supervisor.get('/api/v1/appeals?limit=100000'),
        await t.as.operator.get('/api/v1/appeals/not-a-uuid'),
        await t.as.operator.post('/api/v1/appeals', { ...appeal, kind: 'petition', priority: 'urgent' }),
      ];
      assert.deepEqual(unlabelled.map((response) => response.json().detail), [
        'Поле «callId»: некоректний ідентифікатор дзвінка',
        'Поле «limit»: не більше 100',
        unlabelled[2]!.json().detail,
        'Вид звернення: оберіть один із шести видів; Невідоме поле «priority»: запит не приймає такого поля',
      ]);
      assert.match(unlabelled[2]!.json().detail, /^Поле «id»: /);
      for (const response of [missing, wrongType, login, ...unlabelled]) {
        assert.equal(response.statusCode, 400, response.body);
        assert.doesNotMatch(response.body, /\b(string|number|undefined|boolean|object)\b|Перевірте дані|Неправильні вхідні дані/, response.body);
      }
    });

    test('an unknown address is a Ukrainian 404 problem', async () => {
      const response = await t.as.operator.get('/api/v1/nowhere?phone=0501234567');
      assert.equal(response.statusCode, 404);
      assert.equal(response.headers['content-type'], PROBLEM);
      assert.ok(!response.body.includes('0501234567'), 'the query string is not echoed');
    });

    test('a NUL character in any field is a 400 naming the field, never a 500 (login, token name, list filters)', async () => {
      const named = (response: LightMyRequestResponse, field: string) => {
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(response.headers['content-type'], PROBLEM);
        assert.deepEqual(response.json().errors.map((e: { field: string }) => e.field), [field]);
        assert.match(response.json().errors[0].message, /недопустимі символи/);
      };
      const before = await counts();
      named(await t.anonymous.post('/api/v1/auth/login', { login: 'oper\u0000ator', password: 'whatever-password' }), 'login');
      named(await t.as.admin.post(`/api/v1/users/${t.as.pbx.userId}/api-tokens`, { name: 'АТС\u0000' }), 'name');
      named(await t.as.operator.get('/api/v1/judicial-bodies?q=%00'), 'q');
      named(await t.as.operator.get('/api/v1/authorised-persons?q=%D0%86%00'), 'q');
      named(await t.as.operator.get('/api/v1/knowledge/articles?q=%D1%81%D1%83%D0%B4%00'), 'q');
      for (const field of ['action', 'entityType', 'entityId']) named(await t.as.admin.get(`/api/v1/audit-events?${field}=x%00y`), field);
      named(await t.as.operator.request('POST', `/api/v1/calls/${callId}/events`, '{"type":"form_of_address_recorded","formOfAddress":"пане\\u0000"}', { 'content-type': 'application/json' }), 'formOfAddress');
      named(await t.as.operator.request('POST', '/api/v1/appeals', JSON.stringify({ ...appeal, 'weird\u0000key': 1 }), { 'content-type': 'application/json' }), 'weird�key');
      assert.deepEqual(await counts(), before, 'nothing was written');
    });

    test('a well-formed cursor holding what no list gave out is a 400 naming the cursor on every paged list', async () => {
      const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const forged = [
        cursor({ at: '2026-11-25T10:00:00.000Z', id: 'not-a-uuid' }),
        cursor({ at: '0000-01-01T00:00:00.000Z', id: '00000000-0000-4000-8000-000000000000' }),
        cursor({ at: '2026-11-25T10:00:00.000Z', id: '99999999999999999999999' }),
        cursor({ at: '2026-11-25T10:00:00.000Z', id: '00000000-0000-4000-8000-000000000000', key: 'x\u0000', score: 1e300, plan: 'all' }),
        cursor({ key: 'суд\u0000', id: '00000000-0000-4000-8000-000000000000' }),
        cursor({ plan: 'all', score: 1e300, id: '00000000-0000-4000-8000-000000000000' }),
        'not base64 at all!',
      ];
      const spec = t.app.swagger() as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
      const lists = Object.entries(spec.paths)
        .filter(([path, methods]) => !path.includes('{') && methods.get?.parameters?.some((p) => p.in === 'query' && p.name === 'cursor'))
        .map(([path]) => path);
      assert.ok(lists.length >= 10, `paged lists found: ${lists.join(', ')}`);
      for (const list of lists) {
        for (const value of forged) {
          const extra = list.includes('knowledge') || list.includes('courts') ? '&q=%D1%81%D1%83%D0%B4' : '';
          for (const suffix of ['', extra]) {
            const response = await t.as.admin.get(`${list}?cursor=${encodeURIComponent(value)}${suffix}`);
            const asSupervisor = response.statusCode === 403 ? await t.as.supervisor.get(`${list}?cursor=${encodeURIComponent(value)}${suffix}`) : response;
            const answer = asSupervisor.statusCode === 403 ? await t.as.court_clerk.get(`${list}?cursor=${encodeURIComponent(value)}${suffix}`) : asSupervisor;
            assert.equal(answer.statusCode, 400, `${list} with ${value}${suffix}: ${answer.statusCode} ${answer.body}`);
            assert.ok(answer.json().errors.some((e: { field: string }) => e.field === 'cursor'), `${list}: ${answer.body}`);
          }
        }
      }
    });

    test('random bodies thrown at the appeal route: never a 5xx, never a partial write', async () => {
      const field = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.object());
      const body = fc.oneof(
        fc.anything(),
        fc.record({ surname: field, givenName: field, patronymic: field, residence: field, essence: field, kind: field, phone: field, email: field }, { requiredKeys: [] }),
        fc.record({ ...Object.fromEntries(Object.entries(appeal).map(([k, v]) => [k, fc.oneof(fc.constant(v), field)])) }, { requiredKeys: [] }),
      );
      await fc.assert(fc.asyncProperty(body, async (payload) => {
        const before = await counts();
        const response = await t.as.operator.request('POST', '/api/v1/appeals', JSON.stringify(payload) ?? 'null', { 'content-type': 'application/json' });
        assert.ok(response.statusCode < 500, `${response.statusCode} for ${JSON.stringify(payload)}: ${response.body}`);
        const after = await counts();
        if (response.statusCode === 201) {
          assert.equal(after.appeals, before.appeals + 1);
          assert.equal(after.audit, before.audit + 1);
        } else {
          assert.equal(response.headers['content-type'], PROBLEM);
          assert.deepEqual(after, before);
        }
      }), { numRuns: 150 });
    });

    test('random events thrown at a call: never a 5xx, never a partial write', async () => {
      const types = ['greeted', 'form_of_address_recorded', 'language_recorded', 'topic_recorded', 'caller_dissatisfied', 'hold_started', 'hold_ended',
        'abuse_warning_given', 'bad_audio_started', 'bad_audio_ended', 'transferred', 'callback_requested', 'understanding_confirmed', 'closing_phrase_said', 'ended', 'exploded'];
      const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.object(), fc.constantFrom('completed', 'abusive_caller', 'no_audio', 'uk', 'obscene_language', '0501234567'));
      const body = fc.oneof(
        fc.anything(),
        fc.record({
          type: fc.oneof(fc.constantFrom(...types), fc.string()),
          formOfAddress: value, language: value, topic: value, outsideJudiciary: value, explanation: value, cause: value, actionTaken: value,
          apologyGiven: value, callerConsented: value, reason: value, resolved: value, to: value, phone: value,
        }, { requiredKeys: ['type'] }),
      );
      await fc.assert(fc.asyncProperty(body, async (payload) => {
        const before = await counts();
        const response = await t.as.operator.request('POST', `/api/v1/calls/${callId}/events`, JSON.stringify(payload) ?? 'null', { 'content-type': 'application/json' });
        assert.ok(response.statusCode < 500, `${response.statusCode} for ${JSON.stringify(payload)}: ${response.body}`);
        const after = await counts();
        if (response.statusCode === 201) {
          assert.equal(after.events, before.events + 1);
          assert.ok(after.audit > before.audit, 'an accepted event is audited');
        } else {
          assert.deepEqual(after, before);
        }
      }), { numRuns: 150 });
    });

    test('random bodies at opening a call: never a 5xx', async () => {
      await fc.assert(fc.asyncProperty(fc.anything(), async (payload) => {
        const response = await t.as.operator.request('POST', '/api/v1/calls', JSON.stringify(payload) ?? 'null', { 'content-type': 'application/json' });
        assert.ok(response.statusCode < 500, `${response.statusCode}: ${response.body}`);
      }), { numRuns: 60 });
    });
  });
}
