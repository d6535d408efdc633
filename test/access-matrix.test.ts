// Walks every route with every role, with no login at all and with the exchange's API token, and
// proves each verdict against the reviewed table in test/route-access.ts (never against the route's
// own declaration): 401 without a login, 403 for a role the table does not admit, neither for a role
// it admits. It also fails on a route the table lacks, an entry naming no route, and a route whose
// declaration differs from the table.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { Role } from '../src/db/schema.ts';
import { ROLES } from '../src/http/access.ts';
import { databaseTargets } from './databases.ts';
import { startTestApp, type TestApp } from './app.ts';
import { ROUTE_ACCESS, type Admitted, type RouteRule } from './route-access.ts';

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

/** The start of an answer, for a failure message. */
const bodyOf = (response: LightMyRequestResponse) => response.body.slice(0, 300);

interface TableRoute extends RouteRule {
  key: string;
  method: string;
  url: string;
}

function isRule(entry: Admitted | RouteRule): entry is RouteRule {
  return typeof entry === 'object' && 'roles' in entry;
}

const TABLE: TableRoute[] = Object.entries(ROUTE_ACCESS).map(([key, entry]) => {
  const [method, url] = key.split(' ') as [string, string];
  return { key, method, url, ...(isRule(entry) ? entry : { roles: entry }) };
});

function admits(roles: Admitted, role: Role): boolean {
  return roles === 'public' || roles === 'authenticated' || roles.includes(role);
}

/** A request to the route as a client would send it: placeholders for path parameters, an empty body for writes. */
function requestOf(route: TableRoute): { url: string; payload: object | undefined } {
  return {
    url: route.url.replace(/:[a-zA-Z]+/g, PLACEHOLDER_ID),
    payload: ['GET', 'DELETE'].includes(route.method) ? undefined : {},
  };
}

/** Neither refused for who is asking (401, 403) nor failing (5xx). */
function assertAdmitted(response: LightMyRequestResponse, who: string, route: TableRoute): void {
  assert.ok(![401, 403].includes(response.statusCode), `${who} is admitted to ${route.key} (test/route-access.ts), got ${response.statusCode} ${bodyOf(response)}`);
  assert.ok(response.statusCode < 500, `${who} ${route.key} → ${response.statusCode} ${bodyOf(response)}`);
}

for (const target of databaseTargets()) {
  describe(`role × route matrix on ${target.name}`, () => {
    let t: TestApp;
    let token = '';
    before(async () => {
      t = await startTestApp(target);
      // API tokens are the exchange's only: one for the pbx user, with the telephony scope.
      const issued = await t.as.admin.post(`/api/v1/users/${t.as.pbx.userId}/api-tokens`, { name: 'matrix pbx' });
      assert.equal(issued.statusCode, 201, issued.body);
      assert.equal(issued.json().scope, 'telephony');
      token = issued.json().token;
    });
    after(async () => { await t?.close(); });

    async function freshSession(role: Role) {
      const user = await t.db.selectFrom('users').select('login').where('id', '=', t.as[role].userId).executeTakeFirstOrThrow();
      return t.login(user.login);
    }

    test('the table in test/route-access.ts names every route, and every route it names exists', () => {
      const declared = new Set(t.app.declaredRoutes.map((r) => `${r.method} ${r.url}`));
      const inTable = new Set(TABLE.map((r) => r.key));
      assert.equal(declared.size, t.app.declaredRoutes.length, 'no route is declared twice');
      assert.deepEqual({
        'routes missing from the table (decide who may call them, then add them)': [...declared].filter((key) => !inTable.has(key)),
        'entries naming no route': [...inTable].filter((key) => !declared.has(key)),
      }, { 'routes missing from the table (decide who may call them, then add them)': [], 'entries naming no route': [] });
    });

    test('every route declares exactly who the table admits, and the token scope the table gives', () => {
      const differences: string[] = [];
      for (const route of t.app.declaredRoutes) {
        const expected = TABLE.find((r) => r.key === `${route.method} ${route.url}`);
        if (!expected) continue; // reported by the test above
        const access = expected.declares?.access ?? expected.roles;
        const tokenScope = expected.declares ? expected.declares.tokenScope : expected.token;
        const sameAccess = typeof access === 'string' || typeof route.access === 'string'
          ? access === route.access
          : [...access].sort().join() === [...route.access].sort().join();
        if (!sameAccess) differences.push(`${expected.key} declares ${JSON.stringify(route.access)}, the table says ${JSON.stringify(access)}`);
        if (route.tokenScope !== tokenScope) differences.push(`${expected.key} declares tokenScope ${route.tokenScope ?? 'none'}, the table says ${tokenScope ?? 'none'}`);
      }
      assert.deepEqual(differences, []);
    });

    test('each route refuses anonymous callers with 401 and roles the table does not admit with 403, and admits the rest', async () => {
      const checked: string[] = [];
      for (const route of TABLE) {
        const { url, payload } = requestOf(route);
        const anonymous = await t.app.inject({ method: route.method as 'GET', url, ...(payload ? { payload } : {}) });
        if (route.roles === 'public') {
          assertAdmitted(anonymous, 'anybody', route);
        } else {
          assert.equal(anonymous.statusCode, 401, `anonymous ${route.key}: ${bodyOf(anonymous)}`);
          assert.equal(anonymous.headers['content-type'], 'application/problem+json; charset=utf-8');
        }
        for (const role of ROLES) {
          // Each role through its own browser session (with its CSRF token); `POST /auth/logout` on a
          // fresh one, so that admitting it does not end the session the rest of the walk uses.
          const session = route.key === 'POST /api/v1/auth/logout' ? await freshSession(role) : t.as[role];
          const response = await session.request(route.method, url, payload);
          if (admits(route.roles, role)) {
            assertAdmitted(response, role, route);
          } else if (route.sessions === 'ignored') {
            assert.equal(response.statusCode, 401, `${role}'s session is no login at ${route.key} (test/route-access.ts): ${bodyOf(response)}`);
          } else {
            assert.equal(response.statusCode, 403, `${role} is refused ${route.key} (test/route-access.ts): ${bodyOf(response)}`);
            assert.match(response.json().detail, /роль/);
          }
          checked.push(`${role} ${route.key}`);
        }
      }
      assert.equal(checked.length, ROLES.length * TABLE.length);
      const me = await t.as.operator.get('/api/v1/auth/me');
      assert.equal(me.statusCode, 200, 'the sessions under test outlived the walk');
    });

    test('the exchange\'s API token (telephony) opens exactly the routes the table gives that scope, and is refused with 403 everywhere else', async () => {
      let admitted = 0;
      for (const route of TABLE) {
        const { url, payload } = requestOf(route);
        const response = await t.app.inject({ method: route.method as 'GET', url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
        if (route.token === 'telephony') {
          admitted += 1;
          assertAdmitted(response, 'the telephony token', route);
        } else if (route.roles === 'public') {
          // A public route asks nobody for anything; the token neither opens nor closes it.
          assertAdmitted(response, 'the telephony token', route);
        } else {
          assert.equal(response.statusCode, 403, `the token is refused ${route.key}: ${bodyOf(response)}`);
          assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
        }
      }
      assert.equal(admitted, TABLE.filter((r) => r.token === 'telephony').length);
      assert.ok(admitted > 0);
    });
  });
}
