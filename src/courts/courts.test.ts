import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import fc from 'fast-check';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { BODY_KIND_CODES, INSTANCE_CODES, REGION_CODES } from './kinds.ts';

const PROBLEM = 'application/problem+json; charset=utf-8';

// Test data: names shaped like real courts' (the search is about such names), contacts made up.
const kyivAppeal = {
  code: 'test-kyiv-appeal', name: 'Київський апеляційний суд', kind: 'appellate_general', region: 'kyiv-city',
  address: 'вул. Тестова, 1', phones: ['044 000-00-01', '+380440000002'], email: 'test-appeal@example.org', website: 'https://example.org/appeal',
};
const mukachevo = { code: 'test-mukachevo', name: 'Мукачівський міськрайонний суд Закарпатської області', kind: 'local_general', region: 'zakarpattia' };
const kamianets = { code: 'test-kamianets', name: 'Кам\'янець-Подільський міськрайонний суд Хмельницької області', kind: 'local_general', region: 'khmelnytskyi' };
const commercial = { code: 'test-commercial', name: 'Господарський суд міста Києва', kind: 'local_commercial', region: 'kyiv-city' };

for (const target of databaseTargets()) {
  describe(`judicial bodies directory on ${target.name}`, () => {
    let t: TestApp;
    const ids: Record<string, string> = {};
    before(async () => {
      t = await startTestApp(target);
      for (const body of [kyivAppeal, mukachevo, kamianets, commercial]) {
        const response = await t.as.admin.post('/api/v1/judicial-bodies', body);
        assert.equal(response.statusCode, 201, response.body);
        ids[body.code] = response.json().id;
      }
    });
    after(async () => { await t?.close(); });

    const count = async (table: 'judicial_bodies' | 'authorised_persons' | 'audit_events') =>
      Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const names = async (url: string) => {
      const response = await t.as.operator.get(url);
      assert.equal(response.statusCode, 200, response.body);
      return response.json().items.map((item: { name: string }) => item.name);
    };

    test('an admin enters a body: fields normalised, labels given, the kind’s instance by default, audited without texts', async () => {
      t.clock.set('2026-11-25T10:00:00Z');
      const response = await t.as.admin.get(`/api/v1/judicial-bodies/${ids['test-kyiv-appeal']}`);
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.equal(body.kindLabel, 'апеляційний суд');
      assert.equal(body.instance, 'appellate', 'the usual instance of the kind');
      assert.equal(body.instanceLabel, 'апеляційна інстанція');
      assert.equal(body.regionLabel, 'м. Київ');
      assert.equal(body.judiciary, true);
      assert.deepEqual(body.phones, ['+380440000001', '+380440000002']);
      assert.equal(body.isDemo, false);
      assert.deepEqual(body.authorisedPersons, []);

      const created = await t.as.admin.post('/api/v1/judicial-bodies', { code: '  Test-HACC ', name: 'Вищий антикорупційний суд', kind: 'high_anti_corruption_court' });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().code, 'test-hacc', 'codes are kept in lower case');
      assert.equal(created.json().instance, 'first');
      assert.equal(created.json().region, null);
      assert.equal(created.json().createdAt, '2026-11-25T10:00:00.000Z', 'the app clock, not the database’s');
      const audit = await t.db.selectFrom('audit_events').selectAll().where('entity_type', '=', 'judicial_body').where('entity_id', '=', ids['test-kyiv-appeal']!).execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.action, 'created');
      assert.equal(audit[0]!.actor_user_id, t.as.admin.userId);
      assert.deepEqual(audit[0]!.changes, { code: 'test-kyiv-appeal', kind: 'appellate_general', instance: 'appellate', region: 'kyiv-city', active: true });
    });

    test('H2: search ignores case, apostrophe variants and word endings, and needs every word', async () => {
      assert.deepEqual(await names('/api/v1/judicial-bodies?q=' + encodeURIComponent('апеляц київ')), ['Київський апеляційний суд']);
      assert.deepEqual(await names('/api/v1/judicial-bodies?q=' + encodeURIComponent('КИЇВСЬКИЙ')), ['Київський апеляційний суд']);
      assert.deepEqual(await names('/api/v1/judicial-bodies?q=' + encodeURIComponent('апеляц львів')), [], 'every word must match');
      for (const q of ['кам’янець', 'кам\'янець', 'КАМʼЯНЕЦЬ', 'камянець', 'подільськ']) {
        assert.deepEqual(await names('/api/v1/judicial-bodies?q=' + encodeURIComponent(q)), ['Кам’янець-Подільський міськрайонний суд Хмельницької області'], q);
      }
    });

    test('H2: a Latin letter typed for its Cyrillic twin still finds the body (мукачiвськ with a Latin i)', async () => {
      assert.deepEqual(await names('/api/v1/judicial-bodies?q=' + encodeURIComponent('мукачiвськ')), ['Мукачівський міськрайонний суд Закарпатської області']);
      assert.deepEqual(await names('/api/v1/judicial-bodies?q=' + encodeURIComponent('MУКАЧ')), ['Мукачівський міськрайонний суд Закарпатської області'], 'Latin M');
    });

    test('H2: the code and the address are searched too; LIKE wildcards typed by a user match only themselves', async () => {
      assert.deepEqual(await names('/api/v1/judicial-bodies?q=test-commercial'), ['Господарський суд міста Києва']);
      assert.deepEqual(await names('/api/v1/judicial-bodies?q=' + encodeURIComponent('тестова')), ['Київський апеляційний суд']);
      assert.deepEqual(await names('/api/v1/judicial-bodies?q=%25'), []);
      assert.deepEqual(await names('/api/v1/judicial-bodies?q=_'), []);
      assert.deepEqual(await names('/api/v1/judicial-bodies?q=' + encodeURIComponent('\\')), []);
    });

    test('filters by kind, instance, region and state, for the suggestions by kind and region (A3)', async () => {
      assert.deepEqual(await names('/api/v1/judicial-bodies?region=kyiv-city&kind=local_commercial'), ['Господарський суд міста Києва']);
      assert.deepEqual(await names('/api/v1/judicial-bodies?region=kyiv-city'), ['Господарський суд міста Києва', 'Київський апеляційний суд']);
      assert.deepEqual(await names('/api/v1/judicial-bodies?instance=appellate'), ['Київський апеляційний суд']);
      const off = await t.as.admin.patch(`/api/v1/judicial-bodies/${ids['test-commercial']}`, { active: false });
      assert.equal(off.statusCode, 200, off.body);
      assert.deepEqual(await names('/api/v1/judicial-bodies?region=kyiv-city'), ['Київський апеляційний суд'], 'a body no longer active is not offered');
      assert.deepEqual(await names('/api/v1/judicial-bodies?region=kyiv-city&status=inactive'), ['Господарський суд міста Києва']);
      assert.equal((await names('/api/v1/judicial-bodies?region=kyiv-city&status=all')).length, 2);
      await t.as.admin.patch(`/api/v1/judicial-bodies/${ids['test-commercial']}`, { active: true });
    });

    test('the list is in Ukrainian alphabetical order (І, Є after И, Е; not after Я) and pages with a stable cursor', async () => {
      for (const [code, name] of [['test-order-ya', 'Яготинський районний суд Київської області'], ['test-order-i', 'Ізюмський міськрайонний суд Харківської області'],
        ['test-order-ye', 'Єнакіївський міський суд Донецької області'], ['test-order-y', 'Иршавський районний суд Закарпатської області'],
        ['test-order-a', 'Амвросіївський районний суд Донецької області']] as const) {
        const region = { 'test-order-ya': 'kyiv-oblast', 'test-order-i': 'kharkiv', 'test-order-ye': 'donetsk', 'test-order-y': 'zakarpattia', 'test-order-a': 'donetsk' }[code];
        assert.equal((await t.as.admin.post('/api/v1/judicial-bodies', { code, name, kind: 'local_general', region })).statusCode, 201);
      }
      const seen: string[] = [];
      let url = '/api/v1/judicial-bodies?kind=local_general&limit=2';
      for (let pages = 0; pages < 10; pages++) {
        const response = await t.as.court_clerk.get(url);
        assert.equal(response.statusCode, 200, response.body);
        seen.push(...response.json().items.map((item: { name: string }) => item.name.split(' ')[0]));
        const next = response.json().nextCursor;
        if (!next) break;
        url = `/api/v1/judicial-bodies?kind=local_general&limit=2&cursor=${next}`;
      }
      assert.deepEqual(seen, ['Амвросіївський', 'Єнакіївський', 'Иршавський', 'Ізюмський', 'Кам’янець-Подільський', 'Мукачівський', 'Яготинський']);
      const bad = await t.as.operator.get('/api/v1/judicial-bodies?cursor=bm90LWEtY3Vyc29y');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().type, 'urn:dovira:problem:bad-cursor');
    });

    test('kind, instance and region must agree: a local court needs its region, a national body has none', async () => {
      const before = await count('judicial_bodies');
      const cases: [Record<string, unknown>, string][] = [
        [{ code: 'x1', name: 'Тестовий районний суд', kind: 'local_general' }, 'region'],
        [{ code: 'x2', name: 'Тестовий районний суд', kind: 'local_general', region: 'lviv', instance: 'cassation' }, 'instance'],
        [{ code: 'x3', name: 'Тестова рада', kind: 'high_council_of_justice', region: 'lviv' }, 'region'],
        [{ code: 'x4', name: 'Тестова рада', kind: 'high_council_of_justice', instance: 'first' }, 'instance'],
        [{ code: 'x5', name: 'Тестовий суд', kind: 'high_anti_corruption_court', instance: null }, 'instance'],
      ];
      for (const [body, field] of cases) {
        const response = await t.as.admin.post('/api/v1/judicial-bodies', body);
        assert.equal(response.statusCode, 422, JSON.stringify(body));
        assert.equal(response.headers['content-type'], PROBLEM);
        assert.ok(response.json().errors.some((e: { field: string }) => e.field === field), response.body);
      }
      const appellateChamber = await t.as.admin.post('/api/v1/judicial-bodies', { code: 'test-hacc-appeals', name: 'Апеляційна палата Вищого антикорупційного суду', kind: 'high_anti_corruption_court', instance: 'appellate' });
      assert.equal(appellateChamber.statusCode, 201, 'the anti-corruption court has an appellate instance too');
      assert.equal(await count('judicial_bodies'), before + 1);
      const changeKind = await t.as.admin.patch(`/api/v1/judicial-bodies/${ids['test-mukachevo']}`, { kind: 'local_administrative' });
      assert.equal(changeKind.statusCode, 200);
      const toNational = await t.as.admin.patch(`/api/v1/judicial-bodies/${ids['test-mukachevo']}`, { kind: 'supreme_court' });
      assert.equal(toNational.statusCode, 422, 'a national kind with a region left over');
      await t.as.admin.patch(`/api/v1/judicial-bodies/${ids['test-mukachevo']}`, { kind: 'local_general' });
    });

    test('an admin changes a body; null clears a field; the trail names changed texts but never holds them', async () => {
      t.clock.set('2026-11-26T08:00:00Z');
      const response = await t.as.admin.patch(`/api/v1/judicial-bodies/${ids['test-kamianets']}`, {
        address: 'вул. Вигадана, 2', phones: ['0380000003'], email: 'kamianets@example.org', region: 'khmelnytskyi',
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().updatedAt, '2026-11-26T08:00:00.000Z');
      const cleared = await t.as.admin.patch(`/api/v1/judicial-bodies/${ids['test-kamianets']}`, { address: null, code: 'test-kamianets-2' });
      assert.equal(cleared.statusCode, 200);
      assert.equal(cleared.json().address, null);
      assert.equal(cleared.json().code, 'test-kamianets-2');
      const audit = await t.db.selectFrom('audit_events').select(['action', 'changes']).where('entity_id', '=', ids['test-kamianets']!).orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['created', 'updated', 'updated']);
      assert.deepEqual(audit[1]!.changes, { changed: ['address', 'phones', 'email'] }, 'the unchanged region is not listed');
      assert.deepEqual(audit[2]!.changes, { code: { from: 'test-kamianets', to: 'test-kamianets-2' }, changed: ['address'] });
      assert.ok(!JSON.stringify(audit).includes('Вигадана') && !JSON.stringify(audit).includes('example.org'));
      const same = await t.as.admin.patch(`/api/v1/judicial-bodies/${ids['test-kamianets']}`, { region: 'khmelnytskyi' });
      assert.equal(same.statusCode, 200);
      assert.equal((await t.db.selectFrom('audit_events').select('id').where('entity_id', '=', ids['test-kamianets']!).execute()).length, 3, 'no change, no event');
      const taken = await t.as.admin.patch(`/api/v1/judicial-bodies/${ids['test-kamianets']}`, { code: 'test-mukachevo' });
      assert.equal(taken.statusCode, 409);
      assert.equal(taken.json().errors[0].field, 'code');
      const duplicate = await t.as.admin.post('/api/v1/judicial-bodies', { ...mukachevo });
      assert.equal(duplicate.statusCode, 409);
      await t.as.admin.patch(`/api/v1/judicial-bodies/${ids['test-kamianets']}`, { code: 'test-kamianets' });
    });

    test('H4: an admin adds authorised persons; operators find them by name, position or body, active ones only', async () => {
      const add = (bodyId: string, person: Record<string, unknown>) => t.as.admin.post(`/api/v1/judicial-bodies/${bodyId}/authorised-persons`, person);
      const first = await add(ids['test-kyiv-appeal']!, { fullName: 'Ганна Тестова', position: 'Уповноважена особа з питань запитів на інформацію', phone: '044 000 00 11', email: 'hanna@example.org' });
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(first.json().phone, '+380440000011');
      const second = await add(ids['test-mukachevo']!, { fullName: 'Мар\'ян Пробний', position: 'Керівник апарату', phone: '+380312000012' });
      assert.equal(second.statusCode, 201, second.body);
      assert.equal(second.json().fullName, 'Мар’ян Пробний');

      const search = async (q: string, client = t.as.operator) => {
        const response = await client.get('/api/v1/authorised-persons?q=' + encodeURIComponent(q));
        assert.equal(response.statusCode, 200, response.body);
        return response.json().items;
      };
      assert.deepEqual((await search('ганна')).map((p: { fullName: string }) => p.fullName), ['Ганна Тестова']);
      assert.deepEqual((await search('марян')).map((p: { fullName: string }) => p.fullName), ['Мар’ян Пробний'], 'apostrophe left out');
      assert.deepEqual((await search('запит інформац')).map((p: { fullName: string }) => p.fullName), ['Ганна Тестова'], 'by position');
      const byBody = await search('мукачів', t.as.supervisor);
      assert.equal(byBody.length, 1);
      assert.deepEqual(byBody[0].judicialBody, { id: ids['test-mukachevo'], code: 'test-mukachevo', name: mukachevo.name });
      const ofBody = await t.as.admin.get(`/api/v1/authorised-persons?judicialBodyId=${ids['test-kyiv-appeal']}`);
      assert.deepEqual(ofBody.json().items.map((p: { fullName: string }) => p.fullName), ['Ганна Тестова']);

      const detail = await t.as.court_clerk.get(`/api/v1/judicial-bodies/${ids['test-kyiv-appeal']}`);
      assert.equal(detail.json().authorisedPersons[0].fullName, 'Ганна Тестова');

      const off = await t.as.admin.patch(`/api/v1/authorised-persons/${first.json().id}`, { active: false, phone: '044 000 00 12' });
      assert.equal(off.statusCode, 200, off.body);
      assert.deepEqual(await search('ганна'), [], 'a person no longer authorised is not offered for transfer');
      await t.as.admin.patch(`/api/v1/judicial-bodies/${ids['test-mukachevo']}`, { active: false });
      assert.deepEqual(await search('марян'), [], 'nor anyone of a body no longer active');
      await t.as.admin.patch(`/api/v1/judicial-bodies/${ids['test-mukachevo']}`, { active: true });

      const moved = await t.as.admin.patch(`/api/v1/authorised-persons/${second.json().id}`, { judicialBodyId: ids['test-kyiv-appeal'] });
      assert.equal(moved.statusCode, 200);
      const nowhere = await t.as.admin.patch(`/api/v1/authorised-persons/${second.json().id}`, { judicialBodyId: '00000000-0000-4000-8000-000000000000' });
      assert.equal(nowhere.statusCode, 422);

      const audit = await t.db.selectFrom('audit_events').select(['action', 'changes', 'actor_user_id']).where('entity_type', '=', 'authorised_person').orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['created', 'created', 'updated', 'updated']);
      assert.deepEqual(audit[2]!.changes, { active: { from: true, to: false }, changed: ['phone'] });
      assert.deepEqual(audit[3]!.changes, { judicialBodyId: { from: ids['test-mukachevo'], to: ids['test-kyiv-appeal'] } });
      const trail = JSON.stringify(audit);
      for (const personal of ['Ганна', 'Пробний', '0440000011', 'hanna@']) assert.ok(!trail.includes(personal), `${personal} not in the trail`);
      await t.as.admin.patch(`/api/v1/authorised-persons/${second.json().id}`, { judicialBodyId: ids['test-mukachevo'] });
    });

    test('who may do what: everyone reads bodies, only admins write, clerks do not search transfer targets', async () => {
      const before = await count('judicial_bodies');
      for (const role of ['operator', 'supervisor', 'court_clerk'] as const) {
        const create = await t.as[role].post('/api/v1/judicial-bodies', { code: `by-${role}`, name: 'Тестовий суд', kind: 'supreme_court' });
        assert.equal(create.statusCode, 403, role);
        assert.equal((await t.as[role].patch(`/api/v1/judicial-bodies/${ids['test-mukachevo']}`, { name: 'Інший' })).statusCode, 403, role);
        assert.equal((await t.as[role].get('/api/v1/judicial-bodies')).statusCode, 200, role);
      }
      assert.equal((await t.as.court_clerk.get('/api/v1/authorised-persons')).statusCode, 403);
      assert.equal((await t.anonymous.get('/api/v1/judicial-bodies')).statusCode, 401);
      assert.equal(await count('judicial_bodies'), before);
    });

    test('bad input is refused field by field with 400 problem+json, and nothing is written', async () => {
      const before = { bodies: await count('judicial_bodies'), persons: await count('authorised_persons'), audit: await count('audit_events') };
      const valid = { code: 'test-valid', name: 'Тестовий районний суд', kind: 'local_general', region: 'lviv' };
      const attempts: [Record<string, unknown>, string][] = [
        [{ ...valid, priority: 'high' }, 'priority'],
        [{ ...valid, isDemo: true }, 'isDemo'],
        [{ ...valid, name: 42 }, 'name'],
        [{ ...valid, name: '   ' }, 'name'],
        [{ ...valid, name: '<script>alert(1)</script>' }, 'name'],
        [{ ...valid, name: 'Суд'.repeat(101) }, 'name'],
        [{ ...valid, address: 'вул. <b>Тестова</b>' }, 'address'],
        [{ ...valid, address: 'вул. Тестова\u0000' }, 'address'],
        [{ ...valid, code: 'код кирилицею' }, 'code'],
        [{ ...valid, code: "x'; DROP TABLE judicial_bodies;--" }, 'code'],
        [{ ...valid, kind: 'military_court' }, 'kind'],
        [{ ...valid, region: 'Львів' }, 'region'],
        [{ ...valid, instance: 'second' }, 'instance'],
        [{ ...valid, phones: '0440000001' }, 'phones'],
        [{ ...valid, phones: ['12345'] }, 'phones.0'],
        [{ ...valid, phones: Array.from({ length: 11 }, (_, i) => `04400000${String(i).padStart(2, '0')}`) }, 'phones'],
        [{ ...valid, email: 'not-an-address' }, 'email'],
        [{ ...valid, website: 'javascript:alert(1)' }, 'website'],
        [{ ...valid, website: 'https://exa mple.org' }, 'website'],
        [{ ...valid, website: 'ftp://example.org' }, 'website'],
        [{ ...valid, active: 'yes' }, 'active'],
      ];
      for (const [body, field] of attempts) {
        const response = await t.as.admin.post('/api/v1/judicial-bodies', body);
        assert.equal(response.statusCode, 400, `${JSON.stringify(body).slice(0, 80)} → ${response.body}`);
        assert.equal(response.headers['content-type'], PROBLEM);
        assert.ok(response.json().errors.some((e: { field: string }) => e.field.includes(field)), `${field} named in ${response.body}`);
      }
      const person = { fullName: 'Ганна Тестова', position: 'Посада', phone: '0440000001' };
      const personAttempts: Record<string, unknown>[] = [
        { ...person, fullName: "Robert'); DROP TABLE authorised_persons;--" },
        { ...person, fullName: 'Ганна 2' },
        { ...person, position: '<img src=x onerror=alert(1)>' },
        { ...person, phone: 'дзвоніть у канцелярію' },
        { ...person, email: 'ні' },
        { ...person, extension: '12' },
        { position: 'Посада', phone: '0440000001' },
      ];
      for (const body of personAttempts) {
        const response = await t.as.admin.post(`/api/v1/judicial-bodies/${ids['test-kyiv-appeal']}/authorised-persons`, body);
        assert.equal(response.statusCode, 400, `${JSON.stringify(body)} → ${response.body}`);
      }
      assert.equal((await t.as.admin.patch(`/api/v1/judicial-bodies/${ids['test-kyiv-appeal']}`, {})).statusCode, 400, 'an empty change');
      assert.equal((await t.as.admin.patch(`/api/v1/judicial-bodies/${ids['test-kyiv-appeal']}`, { code: null })).statusCode, 400, 'the code cannot be cleared');
      assert.equal((await t.as.admin.patch(`/api/v1/judicial-bodies/${ids['test-kyiv-appeal']}`, { name: null })).statusCode, 400, 'nor the name');
      assert.equal((await t.as.admin.get('/api/v1/judicial-bodies/not-a-uuid')).statusCode, 400);
      assert.equal((await t.as.admin.get('/api/v1/judicial-bodies?q=' + 'а'.repeat(201))).statusCode, 400);
      assert.equal((await t.as.admin.get('/api/v1/judicial-bodies?region=atlantis')).statusCode, 400);
      assert.equal((await t.as.admin.get('/api/v1/judicial-bodies?sort=name')).statusCode, 400, 'unknown query parameter');
      assert.equal((await t.as.admin.get('/api/v1/authorised-persons?judicialBodyId=1')).statusCode, 400);
      assert.deepEqual({ bodies: await count('judicial_bodies'), persons: await count('authorised_persons'), audit: await count('audit_events') }, before);
    });

    test('random bodies thrown at the write routes: never a 5xx, never a partial write', async () => {
      const value = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.object(),
        fc.constantFrom('local_general', 'supreme_court', 'lviv', 'first', 'cassation', '0440000001', 'a@example.org', 'https://example.org', 'Тестовий суд'));
      const body = fc.oneof(
        fc.anything(),
        fc.record({ code: value, name: value, kind: value, instance: value, region: value, address: value, phones: value, email: value, website: value, active: value }, { requiredKeys: [] }),
      );
      const person = fc.record({ fullName: value, position: value, phone: value, email: value, active: value, judicialBodyId: value }, { requiredKeys: [] });
      const routes = [
        ['POST', '/api/v1/judicial-bodies', body],
        ['PATCH', `/api/v1/judicial-bodies/${ids['test-mukachevo']}`, body],
        ['POST', `/api/v1/judicial-bodies/${ids['test-mukachevo']}/authorised-persons`, fc.oneof(fc.anything(), person)],
      ] as const;
      for (const [method, url, payloads] of routes) {
        await fc.assert(fc.asyncProperty(payloads, async (payload) => {
          const before = { bodies: await count('judicial_bodies'), persons: await count('authorised_persons'), audit: await count('audit_events') };
          const response = await t.as.admin.request(method, url, JSON.stringify(payload) ?? 'null', { 'content-type': 'application/json' });
          assert.ok(response.statusCode < 500, `${method} ${url} ${response.statusCode} for ${JSON.stringify(payload)}: ${response.body}`);
          const after = { bodies: await count('judicial_bodies'), persons: await count('authorised_persons'), audit: await count('audit_events') };
          if (response.statusCode >= 400) {
            assert.equal(response.headers['content-type'], PROBLEM);
            assert.deepEqual(after, before);
          } else {
            assert.ok(after.audit >= before.audit, 'a write is audited');
          }
        }), { numRuns: 100 });
      }
      await t.as.admin.patch(`/api/v1/judicial-bodies/${ids['test-mukachevo']}`, { ...mukachevo, active: true, address: null, phones: [], email: null, website: null });
    });

    test('unknown ids are a Ukrainian 404', async () => {
      const nobody = '00000000-0000-4000-8000-000000000000';
      for (const response of [
        await t.as.operator.get(`/api/v1/judicial-bodies/${nobody}`),
        await t.as.admin.patch(`/api/v1/judicial-bodies/${nobody}`, { active: false }),
        await t.as.admin.post(`/api/v1/judicial-bodies/${nobody}/authorised-persons`, { fullName: 'Ганна Тестова', position: 'Посада', phone: '0440000001' }),
        await t.as.admin.patch(`/api/v1/authorised-persons/${nobody}`, { active: false }),
      ]) {
        assert.equal(response.statusCode, 404);
        assert.match(response.json().detail, /не знайдено/);
      }
    });

    test('a body made before the directory (no kind yet) is listed and can be classified later', async () => {
      const legacy = await t.db.selectFrom('judicial_bodies').select('id').where('code', '=', 'test-court').executeTakeFirstOrThrow();
      const shown = await t.as.court_clerk.get(`/api/v1/judicial-bodies/${legacy.id}`);
      assert.equal(shown.statusCode, 200);
      assert.equal(shown.json().kind, null);
      assert.equal(shown.json().judiciary, null);
      const named = await t.as.admin.patch(`/api/v1/judicial-bodies/${legacy.id}`, { name: 'Тестовий суд (перейменовано)' });
      assert.equal(named.statusCode, 200, 'no classification demanded while the kind is unknown');
      const classified = await t.as.admin.patch(`/api/v1/judicial-bodies/${legacy.id}`, { kind: 'local_general', region: 'lviv' });
      assert.equal(classified.statusCode, 200, classified.body);
      assert.equal(classified.json().instance, 'first');
    });

    test('the CHECK constraints of migration 0002 list exactly the codes of kinds.ts', async () => {
      const rows = await sql<{ def: string }>`
        SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE conrelid = 'judicial_bodies'::regclass AND contype = 'c'`.execute(t.db);
      const codesIn = (column: string) => {
        const def = rows.rows.map((r) => r.def).find((d) => d.includes(`(${column} = ANY`) || d.includes(`((${column} = ANY`));
        assert.ok(def, `a CHECK on ${column}`);
        return [...def.matchAll(/'([^']+)'::text/g)].map((m) => m[1]).sort();
      };
      assert.deepEqual(codesIn('kind'), [...BODY_KIND_CODES].sort());
      assert.deepEqual(codesIn('instance'), [...INSTANCE_CODES].sort());
      assert.deepEqual(codesIn('region'), [...REGION_CODES].sort());
    });
  });
}
