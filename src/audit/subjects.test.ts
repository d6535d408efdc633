import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../test/app.ts';
import { validAppeal } from '../../test/fixtures.ts';
import type { Db } from '../db/database.ts';
import { subjectsOf } from './subjects.ts';
import type { AuditEventView } from './view.ts';

for (const target of databaseTargets()) {
  describe(`the audit trail names its objects as people do, on ${target.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(target);
    });
    after(async () => {
      await t?.close();
    });

    const page = async (query: string): Promise<AuditEventView[]> => {
      const response = await t.as.admin.get(`/api/v1/audit-events?limit=100&${query}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json().items;
    };

    test('a call by its start and operator, an appeal by its number, a user by name and login, a callback by phone and due time, each with its page', async () => {
      const call = (await t.as.operator.post('/api/v1/calls', { callerPhone: '067 123 45 67' })).json();
      const appeal = (await t.as.operator.post('/api/v1/appeals', validAppeal)).json();
      const callback = (await t.as.operator.post('/api/v1/callbacks', { phone: '067 555 12 34', reason: 'Уточнити дату засідання', dueAt: '2026-11-25T12:30:00Z' })).json();
      const body = (await t.as.admin.post('/api/v1/judicial-bodies', { code: 'audit-court', name: 'Житомирський районний суд (приклад)', kind: 'local_general', region: 'zhytomyr' })).json();

      const [callEvent] = await page(`entityType=call&entityId=${call.id}&action=created`);
      assert.deepEqual(callEvent!.subject, {
        name: null, detail: null, phone: null, at: call.openedAt ?? callEvent!.subject!.at, operatorNumber: 17, link: `/supervisor/calls/${call.id}`,
      });
      assert.ok(callEvent!.subject!.at);
      const [appealEvent] = await page(`entityType=appeal&entityId=${appeal.id}`);
      assert.equal(appealEvent!.subject!.name, appeal.registrationNumber);
      assert.equal(appealEvent!.subject!.link, `/supervisor/appeals/${appeal.id}`);
      const [userEvent] = await page(`entityType=user&entityId=${t.as.operator.userId}&action=login`);
      assert.equal(userEvent!.subject!.name, 'Олена Петрівна Коваленко');
      assert.equal(userEvent!.subject!.detail, 'operator');
      assert.equal(userEvent!.subject!.link, `/admin/users/${t.as.operator.userId}`);
      const [callbackEvent] = await page(`entityType=callback&entityId=${callback.id}`);
      assert.equal(callbackEvent!.subject!.phone, '+380675551234');
      assert.equal(callbackEvent!.subject!.at, '2026-11-25T12:30:00.000Z');
      const [bodyEvent] = await page(`entityType=judicial_body&entityId=${body.id}`);
      assert.equal(bodyEvent!.subject!.name, 'Житомирський районний суд (приклад)');

      // The court a new clerk is tied to is named too, not left as an id in the changes.
      const clerk = (await t.as.admin.post('/api/v1/users', { login: 'clerk.zt', fullName: 'Ірина Петрівна Гнатюк', role: 'court_clerk', password: TEST_PASSWORD, judicialBodyId: body.id })).json();
      const created = (await t.as.admin.get(`/api/v1/audit-events?entityType=user&entityId=${clerk.id}&action=created`)).json();
      assert.equal(created.items[0].changes.judicialBodyId, body.id);
      assert.equal(created.references[`judicial_body:${body.id}`].name, 'Житомирський районний суд (приклад)');
    });

    test('an object that is gone or an id of another shape has no subject, and the page still answers', async () => {
      await t.db.insertInto('audit_events').values([
        { actor_user_id: null, actor_ip: null, entity_type: 'call', entity_id: '00000000-0000-4000-8000-000000000000', action: 'created', changes: '{}' },
        { actor_user_id: null, actor_ip: null, entity_type: 'call', entity_id: 'not-a-uuid\u0001', action: 'created', changes: '{}' },
        { actor_user_id: null, actor_ip: null, entity_type: 'retired_kind', entity_id: 'x', action: 'created', changes: '{}' },
      ]).execute();
      const items = await page('actor=system');
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid\u0001', 'x']) {
        assert.equal(items.find((event) => event.entityId === id)?.subject, null, id);
      }
    });

    test('one query per kind of object on the page, however many objects of that kind', async () => {
      const events = (await t.db.selectFrom('audit_events').select(['entity_type', 'entity_id']).execute());
      const kinds = new Set(events.map((event) => event.entity_type));
      let queries = 0;
      const counted = new Proxy(t.db, {
        get(target, property) {
          if (property === 'selectFrom') queries += 1;
          const value = Reflect.get(target, property) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      }) as Db;
      const subjects = await subjectsOf(counted, [...events, ...events]);
      assert.ok(events.length > kinds.size, 'several objects of a kind');
      assert.ok(queries <= kinds.size, `${queries} queries for ${kinds.size} kinds of object`);
      assert.ok(subjects.size > 0);
    });
  });
}
