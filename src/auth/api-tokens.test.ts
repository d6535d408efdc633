// API tokens: for machine users only, each with an expiry and a scope that opens the exchange's
// routes and nothing else; and the upgrade that revokes the tokens people were given before.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { databaseTargets } from '../../test/databases.ts';
import { freshPostgresDatabase } from '../../test/server-process.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { ROLES } from '../http/access.ts';

const DAY_MS = 24 * 3_600_000;

for (const target of databaseTargets()) {
  describe(`API tokens on ${target.name}`, () => {
    let t: TestApp;
    before(async () => { t = await startTestApp(target); });
    after(async () => { await t?.close(); });

    const issue = (userId: string, body: Record<string, unknown>) => t.as.admin.post(`/api/v1/users/${userId}/api-tokens`, body);
    const bearer = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
    const event = (id: string) => ({ eventId: id, callId: `token-${id}`, type: 'offered', timestamp: t.clock.now().toISOString(), from: '0501234567', to: '1099', direction: 'inbound' });

    test('a machine user gets a token for a year unless told otherwise; it is listed with its expiry and stored only as a hash', async () => {
      const issued = await issue(t.as.pbx.userId, { name: 'АТС головного офісу' });
      assert.equal(issued.statusCode, 201, issued.body);
      const { id, token, expiresAt, scope } = issued.json();
      assert.match(token, /^dvr_/);
      assert.equal(scope, 'telephony');
      assert.equal(expiresAt, new Date(t.clock.now().getTime() + 365 * DAY_MS).toISOString());
      const listed = (await t.as.admin.get(`/api/v1/users/${t.as.pbx.userId}/api-tokens`)).json().items.find((item: { id: string }) => item.id === id);
      assert.deepEqual({ name: listed.name, scope: listed.scope, expiresAt: listed.expiresAt, revokedAt: listed.revokedAt }, { name: 'АТС головного офісу', scope: 'telephony', expiresAt, revokedAt: null });
      const rows = await t.db.selectFrom('api_tokens').select('token_hash').execute();
      assert.ok(rows.every((r) => r.token_hash !== token), 'the secret itself is not stored');
      const audit = await t.db.selectFrom('audit_events').select('changes').where('entity_id', '=', id).where('action', '=', 'created').executeTakeFirstOrThrow();
      assert.deepEqual(audit.changes, { userId: t.as.pbx.userId, name: 'АТС головного офісу', scope: 'telephony', expiresAt });
    });

    test('people get no tokens: each role but pbx is refused with 422 naming the field, and nothing is stored', async () => {
      const before = (await t.db.selectFrom('api_tokens').select('id').execute()).length;
      for (const role of ROLES.filter((r) => r !== 'pbx')) {
        const refused = await issue(t.as[role].userId, { name: `для ${role}` });
        assert.equal(refused.statusCode, 422, role);
        assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.deepEqual(refused.json().errors, [{ field: 'role', message: 'Токен можна видати лише користувачу з роллю pbx' }]);
      }
      assert.equal((await t.db.selectFrom('api_tokens').select('id').execute()).length, before);
    });

    test('the expiry is chosen in the future and at most two years ahead; anything else is refused next to the field', async () => {
      const now = t.clock.now().getTime();
      const chosen = new Date(now + 30 * DAY_MS).toISOString();
      const ok = await issue(t.as.pbx.userId, { name: 'на місяць', expiresAt: chosen });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.equal(ok.json().expiresAt, chosen);
      const longest = await issue(t.as.pbx.userId, { name: 'на два роки', expiresAt: new Date(now + 730 * DAY_MS).toISOString() });
      assert.equal(longest.statusCode, 201, longest.body);
      for (const [expiresAt, status, message] of [
        [new Date(now).toISOString(), 422, 'Чинний до: дата має бути в майбутньому'],
        [new Date(now - DAY_MS).toISOString(), 422, 'Чинний до: дата має бути в майбутньому'],
        [new Date(now + 731 * DAY_MS).toISOString(), 422, 'Чинний до: не пізніше ніж через 730 днів'],
        ['наступного року', 400, undefined],
        ['2027-02-30T00:00:00Z', 400, undefined],
      ] as const) {
        const refused = await issue(t.as.pbx.userId, { name: 'неправильний', expiresAt });
        assert.equal(refused.statusCode, status, `${expiresAt}: ${refused.body}`);
        assert.deepEqual(refused.json().errors.map((e: { field: string }) => e.field), ['expiresAt']);
        if (message) assert.equal(refused.json().errors[0].message, message);
      }
      assert.equal((await t.db.selectFrom('api_tokens').select('id').where('name', '=', 'неправильний').execute()).length, 0);
    });

    test('a token opens the exchange\'s routes only: elsewhere, /auth/me and the live channel included, it is refused with 403', async () => {
      const { token } = (await issue(t.as.pbx.userId, { name: 'АТС' })).json();
      const events = await bearer(token, 'POST', '/api/v1/telephony/events', event('scope-1'));
      assert.equal(events.statusCode, 200, events.body);
      for (const url of ['/api/v1/auth/me', '/api/v1/live', '/api/v1/judicial-bodies', '/api/v1/settings/greeting-boundaries']) {
        const refused = await bearer(token, 'GET', url);
        assert.equal(refused.statusCode, 403, `${url}: ${refused.body}`);
        assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.equal(refused.json().type, 'urn:dovira:problem:token-scope');
      }
      // The exchange's own user, signed in with its password, is not bound by the token's scope.
      assert.equal((await t.as.pbx.get('/api/v1/auth/me')).statusCode, 200);
    });

    test('an expired token is refused like a revoked one', async () => {
      const { token } = (await issue(t.as.pbx.userId, { name: 'на тиждень', expiresAt: new Date(t.clock.now().getTime() + 7 * DAY_MS).toISOString() })).json();
      assert.equal((await bearer(token, 'POST', '/api/v1/telephony/events', event('expiry-1'))).statusCode, 200);
      t.clock.advance(7 * 24 * 3600);
      const expired = await bearer(token, 'POST', '/api/v1/telephony/events', event('expiry-2'));
      assert.equal(expired.statusCode, 401);
      const { id, token: revokedToken } = (await issue(t.as.pbx.userId, { name: 'відкличуть' })).json();
      assert.equal((await t.as.admin.request('DELETE', `/api/v1/api-tokens/${id}`)).statusCode, 204);
      const revoked = await bearer(revokedToken, 'POST', '/api/v1/telephony/events', event('expiry-3'));
      assert.equal(revoked.statusCode, 401);
      assert.deepEqual(expired.json(), revoked.json());
    });

    test('a machine user made a person loses its tokens, each revocation audited', async () => {
      const created = await t.as.admin.post('/api/v1/users', { login: 'pbx-old', fullName: 'Стара АТС', role: 'pbx', password: 'pbx-old-password' });
      const userId = created.json().id as string;
      const { id, token } = (await issue(userId, { name: 'стара АТС' })).json();
      assert.equal((await bearer(token, 'POST', '/api/v1/telephony/events', event('role-1'))).statusCode, 200);
      assert.equal((await t.as.admin.patch(`/api/v1/users/${userId}`, { role: 'supervisor' })).statusCode, 200);
      assert.equal((await bearer(token, 'POST', '/api/v1/telephony/events', event('role-2'))).statusCode, 401);
      const row = await t.db.selectFrom('api_tokens').select('revoked_at').where('id', '=', id).executeTakeFirstOrThrow();
      assert.ok(row.revoked_at);
      const audit = await t.db.selectFrom('audit_events').select(['actor_user_id', 'changes']).where('entity_id', '=', id).where('action', '=', 'revoked').executeTakeFirstOrThrow();
      assert.deepEqual(audit, { actor_user_id: t.as.admin.userId, changes: { reason: 'role-changed' } });
    });
  });
}

async function openAt0014(name: string) {
  if (name === 'PGlite') return openDatabase({ schemaUpTo: '0014_session_change_notices' });
  const server = await freshPostgresDatabase(process.env.TEST_DATABASE_URL!, 'dovira_upgrade');
  const opened = await openDatabase({ url: server.url, schemaUpTo: '0014_session_change_notices' });
  return { ...opened, close: async () => { await opened.close(); await server.drop(); } };
}

for (const target of databaseTargets()) {
  describe(`upgrading API tokens and logins on ${target.name}`, () => {
    test('tokens people were given are revoked, each with its audit event; the exchange\'s keep working for a year', async () => {
      const opened = await openAt0014(target.name);
      try {
        const { db } = opened;
        const users = (await sql<{ id: string; role: string }>`
          INSERT INTO users (login, full_name, role, operator_number, password_hash, failed_logins, locked_until) VALUES
            ('op', 'Олена Петрівна Коваленко', 'operator', 17, 'x', 3, now() + interval '5 minutes'),
            ('boss', 'Ігор Миколайович Шевченко', 'supervisor', NULL, 'x', 0, NULL),
            ('pbx', 'АТС', 'pbx', NULL, 'x', 0, NULL)
          RETURNING id, role`.execute(db)).rows;
        const idOf = (role: string) => users.find((u) => u.role === role)!.id;
        const tokens = (await sql<{ id: string; user_id: string }>`
          INSERT INTO api_tokens (user_id, name, token_hash, revoked_at) VALUES
            (${idOf('operator')}::uuid, 'оператор', 'h1', NULL),
            (${idOf('supervisor')}::uuid, 'керівник', 'h2', NULL),
            (${idOf('supervisor')}::uuid, 'давно відкликаний', 'h3', now() - interval '1 day'),
            (${idOf('pbx')}::uuid, 'АТС', 'h4', NULL)
          RETURNING id, user_id`.execute(db)).rows;
        await migrateToLatest(db as Kysely<unknown>);

        const after = await db.selectFrom('api_tokens').select(['name', 'revoked_at', 'expires_at', 'scope']).orderBy('name').execute();
        const state = Object.fromEntries(after.map((row) => [row.name, row.revoked_at !== null]));
        assert.deepEqual(state, { 'АТС': false, 'давно відкликаний': true, 'керівник': true, 'оператор': true });
        const exchange = after.find((row) => row.name === 'АТС')!;
        assert.equal(exchange.scope, 'telephony');
        const yearAhead = Date.now() + 365 * DAY_MS;
        assert.ok(Math.abs(exchange.expires_at.getTime() - yearAhead) < DAY_MS, `expires ${exchange.expires_at.toISOString()}`);

        const audit = await db.selectFrom('audit_events').select(['entity_id', 'actor_user_id', 'action', 'changes'])
          .where('entity_type', '=', 'api_token').orderBy('entity_id').execute();
        // The operator's and the supervisor's live tokens (h1, h2): not the exchange's, nor the one revoked before.
        const revokedNow = tokens.slice(0, 2).map((token) => token.id).sort();
        assert.deepEqual(audit.map((a) => a.entity_id), revokedNow, 'one event per token revoked now, none for the one revoked before');
        for (const event of audit) {
          assert.equal(event.actor_user_id, null, 'done by Dovira itself');
          assert.equal(event.action, 'revoked');
          assert.equal((event.changes as { reason: string }).reason, 'API-токени видають лише машинним користувачам (роль pbx)');
        }
        const columns = await sql<{ column_name: string }>`SELECT column_name FROM information_schema.columns WHERE table_name = 'users'`.execute(db);
        assert.deepEqual(columns.rows.filter((c) => ['failed_logins', 'locked_until'].includes(c.column_name)), [], 'the old lock-out columns are gone');
      } finally {
        await opened.close();
      }
    });
  });
}
