// Whose X-Forwarded-For is believed: only the listed proxies'. The address the audit trail records
// and the login back-off counts is the real client's, and never anything but an IP address.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../test/app.ts';
import { loadConfig } from '../config.ts';
import { createUser } from '../users/create.ts';

describe('DOVIRA_TRUSTED_PROXIES', () => {
  test('a list of addresses and subnets (and Fastify\'s names for local ranges) is taken as written', () => {
    assert.deepEqual(loadConfig({}).trustedProxies, []);
    assert.deepEqual(loadConfig({ DOVIRA_TRUSTED_PROXIES: '10.0.0.5, 10.0.1.0/24,fd00::/8,::1,loopback' }).trustedProxies,
      ['10.0.0.5', '10.0.1.0/24', 'fd00::/8', '::1', 'loopback']);
  });

  test('anything else stops the start with one Ukrainian line naming the variable', () => {
    for (const value of ['proxy.example', '10.0.0.5/33', '10.0.0.0/0', '::/0', '10.0.0.5,', '10.0.0.256', '10.0.0.5/24/8', '<script>']) {
      assert.throws(() => loadConfig({ DOVIRA_TRUSTED_PROXIES: value }), (error: Error) => {
        assert.match(error.message, /^Змінна середовища DOVIRA_TRUSTED_PROXIES: «[^»]*» не є IP-адресою чи підмережею проксі; очікується список через кому, напр\. 10\.0\.0\.5,10\.0\.1\.0\/24/);
        assert.ok(!error.message.includes('\n'));
        return true;
      }, value);
    }
  });

  test('the old DOVIRA_TRUST_PROXY=true is refused with the way to the new variable', () => {
    for (const value of ['true', '1', 'yes']) {
      assert.throws(() => loadConfig({ DOVIRA_TRUST_PROXY: value }), /^Error: Змінну середовища DOVIRA_TRUST_PROXY замінено на DOVIRA_TRUSTED_PROXIES: приберіть її й перелічіть адреси своїх проксі через кому/);
    }
    assert.deepEqual(loadConfig({ DOVIRA_TRUST_PROXY: 'false' }).trustedProxies, [], 'false asked for nothing and changes nothing');
  });
});

for (const target of databaseTargets()) {
  describe(`client addresses behind proxies on ${target.name}`, () => {
    const PROXY = '10.0.0.5';
    let t: TestApp;
    let userId: string;
    before(async () => {
      t = await startTestApp(target, { trustedProxies: [PROXY, '10.0.1.0/24'], loginAddressMaxFailures: 3, loginMaxFailures: 50 });
      userId = (await createUser(t.db, { userId: null, ip: null }, { login: 'proxy.user', fullName: 'Олена Петрівна Коваленко', role: 'supervisor', password: TEST_PASSWORD })).id;
    });
    after(async () => { await t?.close(); });

    const attempt = (password: string, from: string, forwardedFor?: string) => t.app.inject({
      method: 'POST', url: '/api/v1/auth/login', payload: { login: 'proxy.user', password }, remoteAddress: from,
      headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
    });
    const lastAuditAddress = async () => (await t.db.selectFrom('audit_events').select('actor_ip')
      .where('entity_id', '=', userId).orderBy('id', 'desc').executeTakeFirstOrThrow()).actor_ip;

    test('from a peer that is not a trusted proxy a forged X-Forwarded-For is ignored: the audit and the back-off see the real address', async () => {
      const answers = [];
      for (let i = 0; i < 6; i++) {
        answers.push((await attempt('not-the-password', '192.0.2.9', `203.0.113.${i}`)).statusCode);
        if (i === 0) assert.equal(await lastAuditAddress(), '192.0.2.9');
      }
      assert.deepEqual(answers, [401, 401, 401, 429, 429, 429], 'three failures from one address (DOVIRA_LOGIN_ADDRESS_MAX_FAILURES here), however it names itself');
      const keys = await t.db.selectFrom('login_throttle').select('key').where('key', 'like', 'address:%').execute();
      assert.deepEqual(keys.map((k) => k.key), ['address:192.0.2.9']);
    });

    test('from a trusted proxy the client\'s address in X-Forwarded-For is used, for the session, the audit and the back-off', async () => {
      const login = await attempt(TEST_PASSWORD, PROXY, '198.51.100.7');
      assert.equal(login.statusCode, 200);
      assert.equal(await lastAuditAddress(), '198.51.100.7');
      const session = await t.db.selectFrom('sessions').select('ip').where('user_id', '=', userId).executeTakeFirstOrThrow();
      assert.equal(session.ip, '198.51.100.7');
      // Through a proxy of the listed subnet: the nearest address the proxies did not vouch for.
      assert.equal((await attempt('not-the-password', '10.0.1.17', `6.6.6.6, 198.51.100.8, ${PROXY}`)).statusCode, 401);
      assert.equal(await lastAuditAddress(), '198.51.100.8');
      for (let i = 0; i < 3; i++) await attempt('not-the-password', PROXY, '198.51.100.9');
      assert.equal((await attempt(TEST_PASSWORD, PROXY, '198.51.100.9')).statusCode, 429, 'the client behind the proxy waits');
      assert.equal((await attempt(TEST_PASSWORD, PROXY, '198.51.100.10')).statusCode, 200, 'others behind the same proxy do not');
    });

    test('markup in X-Forwarded-For is never stored: the proxy\'s own address stands in', async () => {
      // Three: the proxy's own address then has its allowance of failures (DOVIRA_LOGIN_ADDRESS_MAX_FAILURES here).
      for (const forged of ['<script>alert(1)</script>', '198.51.100.11, <script>alert(1)</script>', 'unknown']) {
        assert.equal((await attempt('not-the-password', PROXY, forged)).statusCode, 401, forged);
        assert.equal(await lastAuditAddress(), PROXY, forged);
      }
      const admin = await t.app.inject({
        method: 'PATCH', url: `/api/v1/users/${userId}`, payload: { unlock: true }, remoteAddress: PROXY,
        headers: { ...t.as.admin.headers, 'x-forwarded-for': '<script>alert(1)</script>' },
      });
      assert.equal(admin.statusCode, 200);
      assert.equal(await lastAuditAddress(), PROXY);
      const stored = await t.db.selectFrom('audit_events').select('actor_ip').where('actor_ip', 'like', '%<%').execute();
      assert.deepEqual(stored, []);
      const keys = await t.db.selectFrom('login_throttle').select('key').where('key', 'like', '%<%').execute();
      assert.deepEqual(keys, []);
    });
  });
}
