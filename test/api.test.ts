// The API's front matter and its administration: health, the OpenAPI document, users, settings, audit.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from './databases.ts';
import { startTestApp, type TestApp } from './app.ts';
import { recordAudit } from '../src/audit/audit.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { WEB_DIST } from '../src/web/static.ts';

const webBuilt = existsSync(path.join(WEB_DIST, 'index.html'));

for (const target of databaseTargets()) {
  describe(`API conventions and administration on ${target.name}`, () => {
    let t: TestApp;
    before(async () => { t = await startTestApp(target); });
    after(async () => { await t?.close(); });

    test('GET /api/v1/health answers without a login', async () => {
      const response = await t.anonymous.get('/api/v1/health');
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { status: 'ok', database: 'ok' });
    });

    test('the browser finds the tab icon at /favicon.ico and /favicon.svg', async () => {
      for (const address of ['/favicon.ico', '/favicon.svg']) {
        const response = await t.app.inject({ method: 'GET', url: address });
        assert.equal(response.statusCode, 200, address);
        assert.equal(response.headers['content-type'], 'image/svg+xml');
        assert.match(response.body, /^<svg [^>]*viewBox="0 0 32 32"/);
      }
    });

    test('a mistyped page address gets the app (which says the page is not found), an API address its JSON problem', { skip: !webBuilt && 'web/dist is not built' }, async () => {
      // Under a screen's prefix the app answers as for any of its addresses; elsewhere with 404.
      for (const [address, status] of [['/nonsense', 404], ['/operator/nonsense/deeper?x=1', 200], ['/адреса', 404]] as const) {
        const response = await t.app.inject({ method: 'GET', url: encodeURI(address), headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
        assert.equal(response.statusCode, status, address);
        assert.match(response.headers['content-type'] as string, /^text\/html/, address);
        assert.match(response.body, /<div id="root"><\/div>/, address);
      }
      const api = await t.app.inject({ method: 'GET', url: '/api/v1/nonsense', headers: { accept: 'text/html' } });
      assert.equal(api.statusCode, 404);
      assert.equal(api.json().detail, 'Адресу GET /api/v1/nonsense не знайдено');
      const script = await t.app.inject({ method: 'GET', url: '/nonsense', headers: { accept: 'application/json' } });
      assert.match(script.headers['content-type'] as string, /^application\/problem\+json/, 'a program asking for JSON gets JSON');
      const write = await t.app.inject({ method: 'POST', url: '/nonsense', headers: { accept: 'text/html' } });
      assert.match(write.headers['content-type'] as string, /^application\/problem\+json/, 'only reading a page gets the app');
    });

    test('the OpenAPI 3.1 document lists the routes, and the browsable UI is served at /api/docs', async () => {
      const spec = (await t.anonymous.get('/api/docs/json')).json();
      assert.equal(spec.openapi, '3.1.0');
      for (const path of ['/api/v1/appeals', '/api/v1/calls', '/api/v1/calls/{id}/events', '/api/v1/users', '/api/v1/audit-events', '/api/v1/auth/login']) {
        assert.ok(spec.paths[path], `${path} documented`);
      }
      assert.ok(spec.paths['/api/v1/appeals'].post.requestBody, 'request bodies documented');
      const ui = await t.anonymous.get('/api/docs/');
      assert.equal(ui.statusCode, 200);
      assert.match(ui.headers['content-type'] as string, /text\/html/);
    });

    test('Q3: the Standard is public: its phrases and the greeting for now', async () => {
      const response = await t.anonymous.get('/api/v1/standard');
      assert.equal(response.statusCode, 200);
      const standard = response.json();
      assert.ok(standard.phrases.some((p: { text: string }) => p.text === 'Чим можу Вам допомогти?'));
      assert.equal(standard.appealKinds.complaint, 'скарга');
    });

    test('G3: an operator must have a unique operator number; a clerk must belong to a judicial body', async () => {
      const noNumber = await t.as.admin.post('/api/v1/users', { login: 'op-no-number', fullName: 'Іван Іванович Іваненко', role: 'operator', password: 'long-enough-pass' });
      assert.equal(noNumber.statusCode, 422);
      assert.equal(noNumber.json().errors[0].field, 'operatorNumber');
      const taken = await t.as.admin.post('/api/v1/users', { login: 'op-dup', fullName: 'Іван Іванович Іваненко', role: 'operator', password: 'long-enough-pass', operatorNumber: 17 });
      assert.equal(taken.statusCode, 409);
      assert.match(taken.json().detail, /номер оператора/);
      const clerk = await t.as.admin.post('/api/v1/users', { login: 'clerk-no-body', fullName: 'Іван Іванович Іваненко', role: 'court_clerk', password: 'long-enough-pass' });
      assert.equal(clerk.statusCode, 422);
      const weak = await t.as.admin.post('/api/v1/users', { login: 'op-weak', fullName: 'Іван Іванович Іваненко', role: 'operator', password: 'short', operatorNumber: 30 });
      assert.equal(weak.statusCode, 400);
      const ok = await t.as.admin.post('/api/v1/users', { login: 'op-new', fullName: 'Іван Іванович Іваненко', role: 'operator', password: 'long-enough-pass', operatorNumber: 30 });
      assert.equal(ok.statusCode, 201);
      const dupLogin = await t.as.admin.post('/api/v1/users', { login: 'OP-NEW', fullName: 'Іван Іванович Іваненко', role: 'supervisor', password: 'long-enough-pass' });
      assert.equal(dupLogin.statusCode, 409, 'logins are unique regardless of case');
    });

    test('an admin deactivates a user: their sessions end at once and the change is audited', async () => {
      const created = (await t.as.admin.post('/api/v1/users', { login: 'leaving', fullName: 'Оксана Петрівна Лисенко', role: 'supervisor', password: 'long-enough-pass' })).json();
      const session = await t.login('leaving', 'long-enough-pass');
      assert.equal((await session.get('/api/v1/auth/me')).statusCode, 200);
      const off = await t.as.admin.patch(`/api/v1/users/${created.id}`, { active: false });
      assert.equal(off.statusCode, 200);
      assert.equal(off.json().active, false);
      assert.equal((await session.get('/api/v1/auth/me')).statusCode, 401);
      const audit = (await t.as.admin.get(`/api/v1/audit-events?entityType=user&entityId=${created.id}`)).json();
      assert.deepEqual(audit.items.map((e: { action: string }) => e.action), ['updated', 'login', 'created']);
      assert.deepEqual(audit.items[0].changes.active, { from: true, to: false });
      assert.equal(audit.items[0].actorUserId, t.as.admin.userId);
      const self = await t.as.admin.patch(`/api/v1/users/${t.as.admin.userId}`, { active: false });
      assert.equal(self.statusCode, 422, 'an admin cannot lock themselves out');
    });

    test('G2: an admin sets the greeting boundaries; invalid ones are explained and not saved', async () => {
      const bad = await t.as.admin.request('PUT', '/api/v1/settings/greeting-boundaries', { morningStartsAt: '12:00', dayStartsAt: '11:00', eveningStartsAt: '18:00' });
      assert.equal(bad.statusCode, 422);
      const good = await t.as.admin.request('PUT', '/api/v1/settings/greeting-boundaries', { morningStartsAt: '06:00', dayStartsAt: '12:00', eveningStartsAt: '17:00' });
      assert.equal(good.statusCode, 200);
      assert.deepEqual((await t.as.operator.get('/api/v1/settings/greeting-boundaries')).json(), { morningStartsAt: '06:00', dayStartsAt: '12:00', eveningStartsAt: '17:00' });
      t.clock.set('2026-11-25T15:30:00Z'); // 17:30 in Kyiv: evening under the new boundaries
      const call = (await t.as.operator.post('/api/v1/calls', {})).json();
      const script = (await t.as.operator.get(`/api/v1/calls/${call.id}/script`)).json();
      assert.ok(JSON.stringify(script).includes('Доброго вечора'), JSON.stringify(script));
      await t.as.admin.request('PUT', '/api/v1/settings/greeting-boundaries', { morningStartsAt: '05:00', dayStartsAt: '12:00', eveningStartsAt: '18:00' });
    });

    test('the audit trail is filtered by entity, actor (a user, or Dovira itself), action and time, newest first, page by page', async () => {
      const all = (await t.as.admin.get('/api/v1/audit-events?limit=2')).json();
      assert.equal(all.items.length, 2);
      assert.ok(all.nextCursor);
      assert.ok(Number(all.items[0].id) > Number(all.items[1].id));
      const next = (await t.as.admin.get(`/api/v1/audit-events?limit=2&cursor=${all.nextCursor}`)).json();
      assert.ok(Number(next.items[0].id) < Number(all.items[1].id));
      const logins = (await t.as.admin.get(`/api/v1/audit-events?action=login&actorUserId=${t.as.operator.userId}`)).json();
      assert.ok(logins.items.length >= 1);
      assert.ok(logins.items.every((e: { action: string; actorUserId: string }) => e.action === 'login' && e.actorUserId === t.as.operator.userId));
      // What Dovira did by itself (the e-mail dispatcher, the deadline checks) has no user.
      await t.db.transaction().execute((trx) => recordAudit(trx, { userId: null, ip: null }, { entityType: 'appeal', entityId: 'by-dovira', action: 'management_notified' }));
      const bySystem = (await t.as.admin.get('/api/v1/audit-events?actor=system')).json();
      assert.ok(bySystem.items.some((e: { entityId: string }) => e.entityId === 'by-dovira'));
      assert.ok(bySystem.items.every((e: { actorUserId: string | null }) => e.actorUserId === null), JSON.stringify(bySystem.items));
      const both = await t.as.admin.get(`/api/v1/audit-events?actor=system&actorUserId=${t.as.operator.userId}`);
      assert.equal(both.statusCode, 400);
      assert.deepEqual(both.json().errors, [{ field: 'actor', message: 'Хто діяв: оберіть або систему, або користувача, а не обох' }]);
      assert.equal((await t.as.admin.get('/api/v1/audit-events?actor=robot')).statusCode, 400);
      const future = (await t.as.admin.get('/api/v1/audit-events?from=2100-01-01T00:00:00Z')).json();
      assert.equal(future.items.length, 0);
      assert.equal((await t.as.supervisor.get('/api/v1/audit-events')).statusCode, 403);
    });
  });
}
