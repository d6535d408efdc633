import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
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

    test('repeated failures back the login off (429 with Retry-After, never 423), even for the right password, until an admin unlocks it', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await t.anonymous.post('/api/v1/auth/login', { login: 'clerk', password: 'wrong-password-x' })).statusCode, 401);
      const backedOff = await t.anonymous.post('/api/v1/auth/login', { login: 'clerk', password: TEST_PASSWORD });
      assert.equal(backedOff.statusCode, 429);
      assert.equal(backedOff.headers['retry-after'], '60');
      assert.equal(backedOff.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(backedOff.json().detail, 'Забагато невдалих спроб. Спробуйте знову через 1 хв');
      const clerk = await t.db.selectFrom('users').select('id').where('login', '=', 'clerk').executeTakeFirstOrThrow();
      const listed = (await t.as.admin.get('/api/v1/users?role=court_clerk')).json().items.find((u: { id: string }) => u.id === clerk.id);
      assert.equal(listed.lockedUntil, new Date(t.clock.now().getTime() + 60_000).toISOString(), 'the list shows when the back-off ends');
      const unlock = await t.as.admin.patch(`/api/v1/users/${clerk.id}`, { unlock: true });
      assert.equal(unlock.statusCode, 200);
      assert.equal(unlock.json().lockedUntil, null);
      const again = await t.anonymous.post('/api/v1/auth/login', { login: 'clerk', password: TEST_PASSWORD });
      assert.equal(again.statusCode, 200);
      const audit = await t.db.selectFrom('audit_events').select(['action', 'actor_user_id']).where('entity_id', '=', clerk.id).orderBy('id').execute();
      assert.deepEqual(audit.filter((a) => a.action.startsWith('login_')).map((a) => [a.action, a.actor_user_id]),
        [['login_failed', null], ['login_failed', null], ['login_backoff', null]], 'each failure is audited, the one that started the back-off as such');
    });

    test('forty correct logins from one office address in a minute all get in', async () => {
      for (let i = 0; i < 40; i++) {
        const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'supervisor', password: TEST_PASSWORD }, remoteAddress: '10.9.9.8' });
        assert.equal(r.statusCode, 200, `login ${i + 1}: ${r.body}`);
      }
    });

    test('a flood of requests from one address is cut off with the wait in Ukrainian units, whatever X-Forwarded-For it forges', async () => {
      let refused: { at: number; response: LightMyRequestResponse } | undefined;
      // Bodies the schema refuses: the guard counts requests, not password checks.
      for (let i = 0; i < 400 && !refused; i++) {
        const r = await t.app.inject({
          method: 'POST', url: '/api/v1/auth/login', payload: { login: 'x' }, remoteAddress: '10.9.9.9', headers: { 'x-forwarded-for': `198.51.100.${i % 250}` },
        });
        if (r.statusCode === 429) refused = { at: i, response: r };
        else assert.equal(r.statusCode, 400);
      }
      assert.ok(refused, 'the flood is refused');
      assert.equal(refused.at, 300, 'after 300 requests in a minute, far above a shift signing in');
      assert.equal(refused.response.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.match(refused.response.json().detail, /^Забагато спроб\. Спробуйте знову через (\d{1,2} с|1 хв)$/);
      const elsewhere = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'x' }, remoteAddress: '10.9.9.10' });
      assert.equal(elsewhere.statusCode, 400, 'another address is not affected');
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
  });
}
