// The phones' SIP passwords through the admin's API: who may set them, what is refused (in
// Ukrainian, next to the field, with nothing written), and that only HA1 is kept, audited in the
// same transaction. test/sip/kamailio.test.ts proves the same passwords at a real kamailio.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../config.ts';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { generateSipPassword, sipHa1 } from './sip-credentials.ts';

const PROBLEM = 'application/problem+json; charset=utf-8';
const REALM = 'sip.court.example';

describe('SIP password helpers', () => {
  test('HA1 is md5 of user:realm:password: RFC 2617’s own example, and an extension in a realm', () => {
    assert.equal(sipHa1('Mufasa', 'testrealm@host.com', 'Circle Of Life'), '939e7578ed9e3c518a452acee763bce9');
    assert.equal(sipHa1('1017', REALM, 'Secret-pass-1'), '0f7fc675c6031bc0a9a5a156c32262d0');
  });

  test('the realm is DOVIRA_SIP_REALM, «dovira» when unset; one a SIP header cannot carry is refused naming the variable', () => {
    assert.equal(loadConfig({}).sipRealm, 'dovira');
    assert.equal(loadConfig({ DOVIRA_SIP_REALM: 'sip.court.example' }).sipRealm, 'sip.court.example');
    for (const bad of ['sip court', 'realm"', 'суд.укр', 'x'.repeat(101)]) {
      assert.throws(() => loadConfig({ DOVIRA_SIP_REALM: bad }), /^Error: Змінна середовища DOVIRA_SIP_REALM=.* має бути назвою області автентифікації SIP/, bad);
    }
  });

  test('a generated password is 20 characters a person can type without mistaking one for another', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = generateSipPassword();
      assert.match(password, /^[a-km-zA-HJ-NP-Z2-9]{20}$/);
      seen.add(password);
    }
    assert.equal(seen.size, 200, 'never the same twice');
  });
});

for (const target of databaseTargets()) {
  describe(`phones’ SIP passwords through the API on ${target.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(target, { sipRealm: REALM });
      for (const extension of ['3001', '3002', '3003']) {
        const mapped = await t.as.admin.request('PUT', `/api/v1/telephony/extensions/${extension}`, { operatorId: t.as.operator.userId });
        assert.equal(mapped.statusCode, 200, mapped.body);
      }
    });
    after(async () => { await t?.close(); });

    const url = (extension: string) => `/api/v1/telephony/extensions/${extension}/sip-password`;
    const row = (extension: string) => t.db.selectFrom('pbx_sip_credentials').selectAll().where('extension', '=', extension).executeTakeFirst();
    const audit = (extension: string) => t.db.selectFrom('audit_events').select(['action', 'changes', 'actor_user_id'])
      .where('entity_type', '=', 'pbx_extension').where('entity_id', '=', extension).where('action', 'like', 'sip_password%').orderBy('at').execute();
    const everything = async () => ({
      credentials: await t.db.selectFrom('pbx_sip_credentials').selectAll().orderBy('extension').execute(),
      audit: (await t.db.selectFrom('audit_events').select('id').where('action', 'like', 'sip_password%').execute()).length,
    });

    test('the admin sets a phone’s password: only its HA1 is stored, for the configured realm, with an audit event that holds neither', async () => {
      t.clock.set('2026-12-01T09:00:00Z');
      const set = await t.as.admin.request('PUT', url('3001'), { password: 'Typed-by-admin-3001' });
      assert.equal(set.statusCode, 200, set.body);
      assert.deepEqual(set.json(), { extension: '3001', realm: REALM, setAt: '2026-12-01T09:00:00.000Z' }, 'the answer does not repeat the password');
      const stored = await row('3001');
      assert.equal(stored?.ha1, sipHa1('3001', REALM, 'Typed-by-admin-3001'));
      assert.equal(stored?.realm, REALM);
      assert.ok(!JSON.stringify(stored).includes('Typed-by-admin-3001'), 'the password itself is nowhere in the row');
      const events = await audit('3001');
      assert.deepEqual(events, [{ action: 'sip_password_set', changes: { realm: REALM, generated: false }, actor_user_id: t.as.admin.userId }]);

      const view = (await t.as.admin.get('/api/v1/telephony/extensions/3001')).json();
      assert.deepEqual(view.sipPassword, { realm: REALM, setAt: '2026-12-01T09:00:00.000Z' });
      const list = (await t.as.admin.get('/api/v1/telephony/extensions')).json();
      assert.equal(list.sipRealm, REALM);
      assert.deepEqual(list.items.map((item: { extension: string; sipPassword: unknown }) => [item.extension, item.sipPassword !== null]), [['3001', true], ['3002', false], ['3003', false]]);

      // A new password replaces the old one and takes a newer version, which kamailio keeps.
      const replaced = await t.as.admin.request('PUT', url('3001'), { password: 'Another-one-3001' });
      assert.equal(replaced.statusCode, 200, replaced.body);
      const after = await row('3001');
      assert.equal(after?.ha1, sipHa1('3001', REALM, 'Another-one-3001'));
      assert.ok(after!.version > stored!.version);
      assert.equal((await audit('3001')).length, 2);
    });

    test('Dovira generates a password: shown once in the answer (not cached), its HA1 stored, audited as generated; each is new', async () => {
      const first = await t.as.admin.post(url('3002'), {});
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(first.headers['cache-control'], 'no-store');
      const { password, realm, extension } = first.json();
      assert.match(password, /^[a-km-zA-HJ-NP-Z2-9]{20}$/);
      assert.deepEqual([extension, realm], ['3002', REALM]);
      assert.equal((await row('3002'))?.ha1, sipHa1('3002', REALM, password));
      assert.deepEqual((await audit('3002')).map((e) => e.changes), [{ realm: REALM, generated: true }]);
      const second = await t.as.admin.post(url('3002'), {});
      assert.equal(second.statusCode, 201, second.body);
      assert.notEqual(second.json().password, password);
      assert.equal((await row('3002'))?.ha1, sipHa1('3002', REALM, second.json().password), 'the old password no longer matches');
      assert.ok(!(await t.as.admin.get('/api/v1/telephony/extensions/3002')).body.includes(second.json().password), 'never shown again');
      assert.equal((await t.as.admin.request('POST', url('3002'))).statusCode, 201, 'a POST without a body generates too');
    });

    test('removing the password, or the extension, leaves a row without HA1 for the exchange to hear of, audited; removing none is 404', async () => {
      assert.equal((await t.as.admin.post(url('3003'), {})).statusCode, 201);
      const before = await row('3003');
      const removed = await t.as.admin.request('DELETE', url('3003'));
      assert.equal(removed.statusCode, 204, removed.body);
      const gone = await row('3003');
      assert.deepEqual([gone?.ha1, gone?.realm], [null, null]);
      assert.ok(gone!.version > before!.version, 'a newer version: the removal overrides the password at the exchange');
      assert.deepEqual((await audit('3003')).map((e) => e.action), ['sip_password_set', 'sip_password_removed']);
      assert.equal((await t.as.admin.get('/api/v1/telephony/extensions/3003')).json().sipPassword, null);

      const nothing = await everything();
      const again = await t.as.admin.request('DELETE', url('3003'));
      assert.equal(again.statusCode, 404);
      assert.equal(again.json().detail, 'Пароль SIP не знайдено');
      assert.deepEqual(await everything(), nothing, 'nothing written');

      assert.equal((await t.as.admin.post(url('3003'), {})).statusCode, 201);
      assert.equal((await t.as.admin.request('DELETE', '/api/v1/telephony/extensions/3003')).statusCode, 204);
      assert.equal((await row('3003'))?.ha1, null, 'the phone at a removed extension cannot register either');
      assert.deepEqual((await audit('3003')).map((e) => e.action), ['sip_password_set', 'sip_password_removed', 'sip_password_set', 'sip_password_removed']);
      const unmapped = await t.as.admin.request('PUT', url('3003'), { password: 'Good-enough-pass-1' });
      assert.equal(unmapped.statusCode, 404, 'only a mapped extension gets a password');
      assert.equal(unmapped.json().detail, 'Внутрішній номер не знайдено');
    });

    test('a refused password is explained in Ukrainian next to the field, and nothing is written', async () => {
      const before = await everything();
      const cases: [unknown, string][] = [
        [{ password: 'short-1' }, 'Пароль SIP: щонайменше 12 символів'],
        [{ password: 'x'.repeat(65) }, 'Пароль SIP: не довше 64 символів'],
        [{ password: 'has a space in it' }, 'Пароль SIP: лише латинські літери, цифри та знаки, без пробілів'],
        [{ password: 'Пароль-кирилицею-1' }, 'Пароль SIP: лише латинські літери, цифри та знаки, без пробілів'],
        [{ password: 123456789012345 }, 'Пароль SIP: очікується текст'],
        [{}, 'Пароль SIP: поле обов’язкове'],
      ];
      for (const [body, message] of cases) {
        const response = await t.as.admin.request('PUT', url('3001'), body);
        assert.equal(response.statusCode, 400, JSON.stringify(body));
        assert.equal(response.headers['content-type'], PROBLEM);
        assert.deepEqual(response.json().errors, [{ field: 'password', message }], JSON.stringify(body));
      }
      const extra = await t.as.admin.request('PUT', url('3001'), { password: 'Good-enough-pass-1', ha1: '0'.repeat(32) });
      assert.equal(extra.statusCode, 400, 'an HA1 cannot be slipped in');
      const badExtension = await t.as.admin.request('PUT', url('30 01'), { password: 'Good-enough-pass-1' });
      assert.equal(badExtension.statusCode, 400);
      assert.match(badExtension.json().errors[0].message, /^Внутрішній номер:/);
      const generateWithBody = await t.as.admin.post(url('3001'), { password: 'Good-enough-pass-1' });
      assert.equal(generateWithBody.statusCode, 400, 'generating takes no password');
      assert.deepEqual(await everything(), before);
    });

    test('only an admin: other roles are refused and the anonymous asked to sign in, nothing written', async () => {
      const before = await everything();
      for (const client of [t.as.operator, t.as.supervisor, t.as.court_clerk, t.as.pbx]) {
        assert.equal((await client.request('PUT', url('3001'), { password: 'Good-enough-pass-1' })).statusCode, 403, client.role);
        assert.equal((await client.post(url('3001'), {})).statusCode, 403, client.role);
        assert.equal((await client.request('DELETE', url('3001'))).statusCode, 403, client.role);
      }
      assert.equal((await t.anonymous.request('PUT', url('3001'), { password: 'Good-enough-pass-1' })).statusCode, 401);
      assert.equal((await t.anonymous.post(url('3001'), {})).statusCode, 401);
      assert.deepEqual(await everything(), before);
    });
  });
}
