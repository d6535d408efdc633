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
    const tokens = {} as Record<Role, string>;
    before(async () => {
      t = await startTestApp(target);
      for (const role of ROLES) {
        const issued = await t.as.admin.post(`/api/v1/users/${t.as[role].userId}/api-tokens`, { name: `matrix ${role}` });
        tokens[role] = issued.json().token;
      }
    });
    after(async () => { await t?.close(); });

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
          // Refusals are proved on the browser session (with its CSRF token), admissions through an
          // API token, so that admitting `POST /auth/logout` does not end the session under test.
          const response: LightMyRequestResponse = admitted
            ? await t.app.inject({ method: route.method as 'GET', url, headers: { authorization: `Bearer ${tokens[role]}` }, ...(payload ? { payload } : {}) })
            : await t.as[role].request(route.method, url, payload);
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
    });
  });
}
