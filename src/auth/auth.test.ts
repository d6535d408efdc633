import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../test/app.ts';

for (const target of databaseTargets()) {
  describe(`login and sessions on ${target.name}`, () => {
    let t: TestApp;
    before(async () => { t = await startTestApp(target, { loginMaxFailures: 3 }); });
    after(async () => { await t?.close(); });

    test('a user logs in with the right password and gets an HttpOnly SameSite=Strict session cookie', async () => {
      const response = await t.anonymous.post('/api/v1/auth/login', { login: 'operator', password: TEST_PASSWORD });
      assert.equal(response.statusCode, 200);
      const session = response.cookies.find((c) => c.name === 'dovira_session');
      assert.ok(session, 'session cookie set');
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, 'Strict');
      const body = response.json();
      assert.equal(body.user.operatorNumber, 17);
      assert.equal(body.user.fullName, 'Олена Петрівна Коваленко');
      assert.ok(!JSON.stringify(body).includes('password'), 'no password hash in the answer');
      const stored = await t.db.selectFrom('users').select('password_hash').where('login', '=', 'operator').executeTakeFirstOrThrow();
      assert.match(stored.password_hash, /^\$argon2id\$/);
    });

    test('a wrong password is refused in Ukrainian, without telling whether the login exists', async () => {
      const wrong = await t.anonymous.post('/api/v1/auth/login', { login: 'supervisor', password: 'not-the-password' });
      const unknown = await t.anonymous.post('/api/v1/auth/login', { login: 'nobody-here', password: 'not-the-password' });
      assert.equal(wrong.statusCode, 401);
      assert.equal(unknown.statusCode, 401);
      assert.equal(wrong.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(wrong.json().detail, 'Неправильний логін або пароль');
      assert.equal(unknown.json().detail, wrong.json().detail);
    });

    test('repeated failures lock the account, even for the right password, until an admin unlocks it', async () => {
      for (let i = 0; i < 3; i++) await t.anonymous.post('/api/v1/auth/login', { login: 'clerk', password: 'wrong-password-x' });
      const locked = await t.anonymous.post('/api/v1/auth/login', { login: 'clerk', password: TEST_PASSWORD });
      assert.equal(locked.statusCode, 423);
      assert.match(locked.json().detail, /заблоковано/);
      const clerk = await t.db.selectFrom('users').select('id').where('login', '=', 'clerk').executeTakeFirstOrThrow();
      const unlock = await t.as.admin.patch(`/api/v1/users/${clerk.id}`, { unlock: true });
      assert.equal(unlock.statusCode, 200);
      const again = await t.anonymous.post('/api/v1/auth/login', { login: 'clerk', password: TEST_PASSWORD });
      assert.equal(again.statusCode, 200);
      const audit = await t.db.selectFrom('audit_events').select('action').where('entity_id', '=', clerk.id).execute();
      assert.ok(audit.some((a) => a.action === 'login_locked'), 'the lock-out is audited');
    });

    test('login attempts from one address are rate limited', async () => {
      let last = 0;
      for (let i = 0; i < 25; i++) {
        const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'x', password: 'y' }, remoteAddress: '10.9.9.9' });
        last = r.statusCode;
        if (last === 429) {
          assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
          assert.match(r.json().detail, /Забагато/);
          break;
        }
      }
      assert.equal(last, 429);
    });

    test('a cookie-authenticated write without the CSRF token is refused; with it, it passes', async () => {
      const login = await t.anonymous.post('/api/v1/auth/login', { login: 'admin', password: TEST_PASSWORD });
      const cookie = `dovira_session=${login.cookies.find((c) => c.name === 'dovira_session')!.value}`;
      const without = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
      assert.equal(without.statusCode, 403);
      assert.match(without.json().detail, /CSRF/);
      const forged = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': 'guess' } });
      assert.equal(forged.statusCode, 403);
      const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': login.json().csrfToken } });
      assert.equal(ok.statusCode, 204);
      const after = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
      assert.equal(after.statusCode, 401, 'the session is gone after logout');
    });

    test('an API token authenticates a machine client without CSRF; revoked, it stops working; only its hash is stored', async () => {
      const issued = await t.as.admin.post(`/api/v1/users/${t.as.operator.userId}/api-tokens`, { name: 'АТС' });
      assert.equal(issued.statusCode, 201);
      const { id, token } = issued.json();
      assert.match(token, /^dvr_/);
      const rows = await t.db.selectFrom('api_tokens').select('token_hash').execute();
      assert.ok(rows.every((r) => r.token_hash !== token), 'the secret itself is not stored');
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().user.login, 'operator');
      const revoke = await t.as.admin.request('DELETE', `/api/v1/api-tokens/${id}`);
      assert.equal(revoke.statusCode, 204);
      const denied = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
      assert.equal(denied.statusCode, 401);
    });
  });
}
