// The login back-off: counted in the database before the password is checked, the same for
// existing and unknown logins, doubling, and unable to lock a user out of a browser they use.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../test/app.ts';
import { createUser } from '../users/create.ts';
import { sha256 } from './secrets.ts';

const BAD_CREDENTIALS = 'Неправильний логін або пароль';

for (const target of databaseTargets()) {
  describe(`login back-off on ${target.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(target, { loginMaxFailures: 5, loginLockMinutes: 15, loginAddressMaxFailures: 12 });
    });
    after(async () => { await t?.close(); });

    const person = async (login: string) =>
      createUser(t.db, { userId: null, ip: null }, { login, fullName: 'Ігор Миколайович Шевченко', role: 'supervisor', password: TEST_PASSWORD });

    /** One login attempt from `from`, with the browser's device cookie when it has one. */
    const attempt = (login: string, password: string, from: string, device?: string) => t.app.inject({
      method: 'POST', url: '/api/v1/auth/login', payload: { login, password }, remoteAddress: from,
      headers: device ? { cookie: `dovira_device=${device}` } : {},
    });
    const deviceOf = (response: LightMyRequestResponse) => response.cookies.find((c) => c.name === 'dovira_device')!;
    const failuresOf = async (key: string) =>
      (await t.db.selectFrom('login_throttle').select('failures').where('key', '=', key).executeTakeFirst())?.failures;
    const statuses = (responses: LightMyRequestResponse[]) => responses.map((r) => r.statusCode).sort();

    test('twenty wrong passwords at once get exactly five guesses; the right password then waits too; an unknown login behaves the same', async () => {
      await person('race.user');
      const existing = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt('race.user', `wrong-password-${i}`, '192.0.2.10')));
      const unknown = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt('race.nobody', `wrong-password-${i}`, '192.0.2.11')));
      for (const answers of [existing, unknown]) {
        assert.deepEqual(statuses(answers), [...Array(5).fill(401), ...Array(15).fill(429)]);
      }
      assert.equal(await failuresOf('account:race.user'), 5);
      assert.equal(await failuresOf('account:race.nobody'), 5);

      const right = await attempt('race.user', TEST_PASSWORD, '192.0.2.12');
      assert.equal(right.statusCode, 429, 'backed off: the password is not even looked at');
      const refusedExisting = existing.find((r) => r.statusCode === 429)!;
      const refusedUnknown = unknown.find((r) => r.statusCode === 429)!;
      assert.deepEqual([right.json(), refusedUnknown.json()], [refusedExisting.json(), refusedExisting.json()], 'one answer, whether the login exists or not');
      assert.equal(right.headers['retry-after'], refusedUnknown.headers['retry-after']);
      assert.equal(refusedExisting.json().detail, 'Забагато невдалих спроб. Спробуйте знову через 1 хв');

      t.clock.advance(61);
      assert.equal((await attempt('race.user', TEST_PASSWORD, '192.0.2.12')).statusCode, 200);
    });

    test('every failure has one answer: wrong password, unknown login, deactivated account', async () => {
      const user = await person('quiet.user');
      assert.equal((await t.as.admin.patch(`/api/v1/users/${user.id}`, { active: false })).statusCode, 200);
      const answers = [
        await attempt('supervisor', 'not-the-password', '192.0.2.20'),
        await attempt('nobody.at.all', 'not-the-password', '192.0.2.20'),
        await attempt('quiet.user', TEST_PASSWORD, '192.0.2.20'),
      ];
      for (const answer of answers) {
        assert.equal(answer.statusCode, 401);
        assert.equal(answer.headers['content-type'], 'application/problem+json; charset=utf-8');
      }
      assert.deepEqual(answers.map((a) => a.json()), answers.map(() => answers[0]!.json()));
      assert.equal(answers[0]!.json().detail, BAD_CREDENTIALS);
    });

    test('the pause doubles up to DOVIRA_LOGIN_LOCK_MINUTES, the count does not restart after it, and a successful login resets it', async () => {
      const user = await person('double.user');
      // From a new address each time: the per-login count holds however the guesses are spread.
      let n = 0;
      const guess = (password = 'not-the-password') => attempt('double.user', password, `192.0.2.${100 + (n++ % 100)}`);
      for (let i = 0; i < 5; i++) assert.equal((await guess()).statusCode, 401);
      for (const [seconds, text] of [[60, '1 хв'], [120, '2 хв'], [240, '4 хв'], [480, '8 хв'], [900, '15 хв'], [900, '15 хв']] as const) {
        const refused = await guess();
        assert.equal(refused.statusCode, 429);
        assert.equal(refused.headers['retry-after'], String(seconds));
        assert.equal(refused.json().detail, `Забагато невдалих спроб. Спробуйте знову через ${text}`);
        t.clock.advance(seconds - 20);
        const later = await guess();
        assert.equal(later.headers['retry-after'], '20');
        assert.equal(later.json().detail, 'Забагато невдалих спроб. Спробуйте знову через 20 с');
        t.clock.advance(20);
        assert.equal((await guess()).statusCode, 401, 'one more guess once the pause is over, and only one');
      }
      const audit = await t.db.selectFrom('audit_events').select(['action', 'actor_user_id', 'actor_ip', 'changes'])
        .where('entity_id', '=', user.id).where('action', 'like', 'login%').orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), [...Array(4).fill('login_failed'), ...Array(7).fill('login_backoff')]);
      assert.ok(audit.every((a) => a.actor_user_id === null && /^192\.0\.2\.\d+$/.test(a.actor_ip!)), 'nobody signed in; the address it came from');
      assert.deepEqual(audit.at(-1)!.changes, { failures: 11, until: new Date(t.clock.now().getTime() + 900_000).toISOString() });

      t.clock.advance(900);
      assert.equal((await guess(TEST_PASSWORD)).statusCode, 200);
      for (let i = 0; i < 5; i++) assert.equal((await guess()).statusCode, 401, `after a success the count starts again (${i + 1})`);
      assert.equal((await guess()).statusCode, 429);
    });

    test('the count starts again after a day without failures', async () => {
      await person('day.user');
      for (let i = 0; i < 4; i++) assert.equal((await attempt('day.user', 'not-the-password', '192.0.2.30')).statusCode, 401);
      t.clock.advance(24 * 3600 + 1);
      for (let i = 0; i < 4; i++) assert.equal((await attempt('day.user', 'not-the-password', '192.0.2.31')).statusCode, 401);
      assert.equal(await failuresOf('account:day.user'), 4);
    });

    test('an outsider cannot lock a user out of the browser they signed in from; that browser has its own count', async () => {
      const user = await person('device.user');
      await person('other.user');
      const first = await attempt('device.user', TEST_PASSWORD, '192.0.2.40');
      assert.equal(first.statusCode, 200);
      const cookie = deviceOf(first);
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Strict');
      assert.equal(cookie.path, '/api/v1/auth/login');
      assert.equal(cookie.maxAge, 365 * 24 * 3600);
      const stored = await t.db.selectFrom('known_devices').select(['token_hash', 'user_id']).where('user_id', '=', user.id).execute();
      assert.deepEqual(stored, [{ token_hash: sha256(cookie.value), user_id: user.id }], 'only its hash is kept, bound to the user');

      // An outsider, from elsewhere, guesses at the login until it is backed off.
      for (let i = 0; i < 8; i++) await attempt('device.user', `guess-${i}`, `203.0.113.${i}`);
      assert.equal((await attempt('device.user', TEST_PASSWORD, '192.0.2.41')).statusCode, 429, 'a browser the user never used waits');
      const own = await attempt('device.user', TEST_PASSWORD, '192.0.2.41', cookie.value);
      assert.equal(own.statusCode, 200, 'their own browser gets in');
      assert.equal(deviceOf(own).value, cookie.value, 'the same browser keeps its token');

      // Another user's device cookie opens nothing for this login; a shared workstation keeps both.
      const other = await attempt('other.user', TEST_PASSWORD, '192.0.2.41', cookie.value);
      const shared = deviceOf(other).value;
      assert.deepEqual(shared.split('.').slice(1), [cookie.value], 'the other user\'s token comes first, this one is kept');
      for (let i = 0; i < 8; i++) await attempt('device.user', `guess-${i}`, `203.0.113.${i}`);
      assert.equal((await attempt('device.user', TEST_PASSWORD, '192.0.2.41', shared.split('.')[0])).statusCode, 429);
      assert.equal((await attempt('device.user', TEST_PASSWORD, '192.0.2.41', shared)).statusCode, 200);

      // Guesses made with the cookie are counted for that browser alone, and the admin's unlock lifts them.
      for (let i = 0; i < 5; i++) assert.equal((await attempt('device.user', `typo-${i}`, '192.0.2.41', cookie.value)).statusCode, 401);
      assert.equal((await attempt('device.user', TEST_PASSWORD, '192.0.2.41', cookie.value)).statusCode, 429);
      assert.equal((await t.as.admin.patch(`/api/v1/users/${user.id}`, { unlock: true })).statusCode, 200);
      assert.equal((await attempt('device.user', TEST_PASSWORD, '192.0.2.41', cookie.value)).statusCode, 200);

      // A new password set by the admin forgets the browsers that knew the old one.
      assert.equal((await t.as.admin.patch(`/api/v1/users/${user.id}`, { password: 'a-brand-new-password' })).statusCode, 200);
      for (let i = 0; i < 8; i++) await attempt('device.user', `guess-${i}`, `203.0.113.${i}`);
      assert.equal((await attempt('device.user', 'a-brand-new-password', '192.0.2.41', cookie.value)).statusCode, 429);
    });

    test('an address with many failures waits for every login except from a known browser; its good logins never count', async () => {
      const office = '198.51.100.20';
      const known = await attempt('supervisor', TEST_PASSWORD, office);
      for (let i = 0; i < 15; i++) assert.equal((await attempt('supervisor', TEST_PASSWORD, office)).statusCode, 200);
      // Twelve failures (DOVIRA_LOGIN_ADDRESS_MAX_FAILURES here), each at a different login.
      for (let i = 0; i < 12; i++) assert.equal((await attempt(`sprayed.${i}`, 'not-the-password', office)).statusCode, 401);
      const refused = await attempt('supervisor', TEST_PASSWORD, office);
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.json().detail, 'Забагато невдалих спроб. Спробуйте знову через 1 хв');
      assert.equal((await attempt('supervisor', TEST_PASSWORD, office, deviceOf(known).value)).statusCode, 200, 'a browser the user signed in from before');
      assert.equal((await attempt('supervisor', TEST_PASSWORD, '198.51.100.21')).statusCode, 200, 'another address is not affected');
    });

    test('the admin sees when a login\'s back-off ends, and the unlock lifts it', async () => {
      const user = await person('seen.user');
      for (let i = 0; i < 5; i++) await attempt('SEEN.User', 'not-the-password', `192.0.2.${60 + i}`);
      const until = new Date(t.clock.now().getTime() + 60_000).toISOString();
      assert.equal((await t.as.admin.get(`/api/v1/users/${user.id}`)).json().lockedUntil, until, 'counted under the lower-cased login');
      const unlocked = await t.as.admin.patch(`/api/v1/users/${user.id}`, { unlock: true });
      assert.equal(unlocked.json().lockedUntil, null);
      assert.equal(await failuresOf('account:seen.user'), undefined);
      const trail = await t.db.selectFrom('audit_events').select(['action', 'changes']).where('entity_id', '=', user.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.deepEqual(trail, { action: 'updated', changes: { unlocked: true } });
      assert.equal((await attempt('seen.user', TEST_PASSWORD, '192.0.2.70')).statusCode, 200);
    });
  });
}
