// Walks every declared route with every role and with no login at all, and proves each refusal:
// 401 without a login, 403 for a role the route does not admit, and neither for a role it admits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { Role } from '../src/db/schema.ts';
import { ROLES } from '../src/http/access.ts';
import { databaseTargets } from './databases.ts';
import { startTestApp, type TestApp } from './app.ts';

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

for (const target of databaseTargets()) {
  describe(`role × route matrix on ${target.name}`, () => {
    let t: TestApp;
    let token = '';
    before(async () => {
      t = await startTestApp(target);
      // API tokens are the exchange's only: one for the pbx user, with the telephony scope.
      const issued = await t.as.admin.post(`/api/v1/users/${t.as.pbx.userId}/api-tokens`, { name: 'matrix pbx' });
      assert.equal(issued.statusCode, 201, issued.body);
      token = issued.json().token;
    });
    after(async () => { await t?.close(); });

    async function freshSession(role: Role) {
      const user = await t.db.selectFrom('users').select('login').where('id', '=', t.as[role].userId).executeTakeFirstOrThrow();
      return t.login(user.login);
    }

    test('every route declares who may call it, and the list covers the whole API', () => {
      const urls = t.app.declaredRoutes.map((r) => `${r.method} ${r.url}`);
      for (const expected of ['POST /api/v1/auth/login', 'GET /api/v1/users', 'POST /api/v1/appeals', 'POST /api/v1/calls', 'GET /api/v1/audit-events']) {
        assert.ok(urls.includes(expected), `${expected} is declared`);
      }
    });

    test('each route refuses anonymous callers with 401 and unadmitted roles with 403, and admits the rest', async () => {
      const checked: string[] = [];
      for (const route of t.app.declaredRoutes) {
        const url = route.url.replace(/:[a-zA-Z]+/g, PLACEHOLDER_ID);
        const payload = ['GET', 'DELETE'].includes(route.method) ? undefined : {};
        if (route.access === 'public') continue;
        const anonymous = await t.app.inject({ method: route.method as 'GET', url, ...(payload ? { payload } : {}) });
        assert.equal(anonymous.statusCode, 401, `anonymous ${route.method} ${route.url}`);
        assert.equal(anonymous.headers['content-type'], 'application/problem+json; charset=utf-8');
        for (const role of ROLES) {
          const access = route.access;
          const admitted: boolean = access === 'authenticated' || access.includes(role);
          // Each role through its own browser session (with its CSRF token); `POST /auth/logout` on a
          // fresh one, so that admitting it does not end the session the rest of the walk uses.
          const session = route.url === '/api/v1/auth/logout' ? await freshSession(role) : t.as[role];
          const response: LightMyRequestResponse = await session.request(route.method, url, payload);
          if (admitted) {
            assert.ok(![401, 403].includes(response.statusCode), `${role} is admitted to ${route.method} ${route.url}, got ${response.statusCode} ${response.body}`);
            assert.ok(response.statusCode < 500, `${role} ${route.method} ${route.url} → ${response.statusCode}`);
          } else {
            assert.equal(response.statusCode, 403, `${role} is refused ${route.method} ${route.url}`);
            assert.match(response.json().detail, /роль/);
          }
          checked.push(`${role} ${route.method} ${route.url}`);
        }
      }
      assert.ok(checked.length >= 4 * 15, `walked ${checked.length} role × route pairs`);
      const me = await t.as.operator.get('/api/v1/auth/me');
      assert.equal(me.statusCode, 200, 'the sessions under test outlived the walk');
    });

    test('the exchange\'s API token opens exactly the routes declaring its scope (telephony) and is refused with 403 everywhere else', async () => {
      const pbxOnly = t.app.declaredRoutes.filter((r) => Array.isArray(r.access) && r.access.length === 1 && r.access[0] === 'pbx');
      assert.ok(pbxOnly.length > 0);
      for (const route of pbxOnly) assert.equal(route.tokenScope, 'telephony', `${route.method} ${route.url} is the exchange's and declares tokenScope`);
      let admitted = 0;
      for (const route of t.app.declaredRoutes) {
        if (route.access === 'public') continue;
        const url = route.url.replace(/:[a-zA-Z]+/g, PLACEHOLDER_ID);
        const payload = ['GET', 'DELETE'].includes(route.method) ? undefined : {};
        const response = await t.app.inject({ method: route.method as 'GET', url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
        if (route.tokenScope === 'telephony') {
          admitted += 1;
          assert.ok(![401, 403].includes(response.statusCode) && response.statusCode < 500, `the token is admitted to ${route.method} ${route.url}, got ${response.statusCode} ${response.body}`);
        } else {
          assert.equal(response.statusCode, 403, `the token is refused ${route.method} ${route.url}`);
          assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
        }
      }
      assert.equal(admitted, pbxOnly.length);
    });
  });
}
