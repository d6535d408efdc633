import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { DEFAULT_MISSED_CALL_RULE, MISSED_CALL_RULE_SETTING, type MissedCallRule } from './missed-call-rule.ts';
import { loadMissedCallRule } from './missed-call-settings.ts';

const URL = '/api/v1/settings/missed-call-rule';
const PROBLEM = 'application/problem+json; charset=utf-8';

for (const target of databaseTargets()) {
  describe(`H3: the missed-call rule as a setting on ${target.name}`, () => {
    let t: TestApp;
    before(async () => { t = await startTestApp(target); });
    after(async () => { await t?.close(); });

    const trail = () => t.db.selectFrom('audit_events').select(['action', 'actor_user_id', 'changes'])
      .where('entity_type', '=', 'setting').where('entity_id', '=', MISSED_CALL_RULE_SETTING).orderBy('id').execute();

    function fieldsOf(response: LightMyRequestResponse): string[] {
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(response.headers['content-type'], PROBLEM);
      const errors = response.json().errors as { field: string; message: string }[];
      for (const error of errors) assert.match(error.message, /[а-яіїєґ]/i, `a Ukrainian message for ${error.field}`);
      return errors.map((error) => error.field);
    }

    test('H3: until a supervisor changes it, the rule is the default one', async () => {
      const response = await t.as.supervisor.get(URL);
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), DEFAULT_MISSED_CALL_RULE);
    });

    test('H3: a supervisor changes the rule; it is stored, read back, and the change is audited with before and after', async () => {
      const rule: MissedCallRule = { enabled: true, minWaitSeconds: 25, businessHours: { days: [1, 2, 3, 4, 5, 6], opensAt: '08:30', closesAt: '20:00' } };
      const saved = await t.as.supervisor.request('PUT', URL, rule);
      assert.equal(saved.statusCode, 200, saved.body);
      assert.deepEqual(saved.json(), rule);
      assert.deepEqual((await t.as.admin.get(URL)).json(), rule);
      assert.deepEqual(await loadMissedCallRule(t.db), rule, 'the ingest reads what was saved');
      const events = await trail();
      assert.equal(events.length, 1);
      assert.equal(events[0]!.action, 'updated');
      assert.equal(events[0]!.actor_user_id, t.as.supervisor.userId);
      assert.deepEqual(events[0]!.changes, { from: DEFAULT_MISSED_CALL_RULE, to: rule });
      // An admin may switch it off.
      const off = await t.as.admin.request('PUT', URL, { ...rule, enabled: false });
      assert.equal(off.statusCode, 200, off.body);
      assert.equal((await t.as.supervisor.get(URL)).json().enabled, false);
      assert.equal((await trail()).length, 2);
    });

    test('H3: bad values are refused with the field named in Ukrainian, and nothing is stored', async () => {
      const stored = (await t.as.supervisor.get(URL)).json();
      const auditBefore = (await trail()).length;
      const good = DEFAULT_MISSED_CALL_RULE;
      const hours = good.businessHours;
      const cases: [unknown, string][] = [
        [{ ...good, minWaitSeconds: -1 }, 'minWaitSeconds'],
        [{ ...good, minWaitSeconds: 1e12 }, 'minWaitSeconds'],
        [{ ...good, minWaitSeconds: 2.5 }, 'minWaitSeconds'],
        [{ ...good, minWaitSeconds: '10' }, 'minWaitSeconds'],
        [{ ...good, enabled: 'так' }, 'enabled'],
        [{ ...good, businessHours: { ...hours, closesAt: '08:00' } }, 'businessHours.closesAt'],
        [{ ...good, businessHours: { ...hours, opensAt: '9:00' } }, 'businessHours.opensAt'],
        [{ ...good, businessHours: { ...hours, opensAt: '09:00\u0000' } }, 'businessHours.opensAt'],
        [{ ...good, businessHours: { ...hours, closesAt: '24:00' } }, 'businessHours.closesAt'],
        [{ ...good, businessHours: { ...hours, days: [] } }, 'businessHours.days'],
        [{ ...good, businessHours: { ...hours, days: [1, 1] } }, 'businessHours.days'],
        [{ ...good, businessHours: { ...hours, days: [0, 8] } }, 'businessHours.days.0'],
        [{ ...good, extra: 1 }, 'extra'],
        [{ ...good, businessHours: { ...hours, timezone: 'UTC' } }, 'businessHours.timezone'],
        [{ enabled: true }, 'minWaitSeconds'],
      ];
      for (const [body, field] of cases) {
        const fields = fieldsOf(await t.as.supervisor.request('PUT', URL, body));
        assert.ok(fields.includes(field), `${JSON.stringify(body)} → ${fields.join(', ')}`);
      }
      assert.deepEqual((await t.as.supervisor.get(URL)).json(), stored);
      assert.equal((await trail()).length, auditBefore);
    });

    test('H3: an operator may neither read nor change the rule (403); a court clerk neither', async () => {
      for (const client of [t.as.operator, t.as.court_clerk]) {
        assert.equal((await client.get(URL)).statusCode, 403);
        const refused = await client.request('PUT', URL, DEFAULT_MISSED_CALL_RULE);
        assert.equal(refused.statusCode, 403);
        assert.equal(refused.headers['content-type'], PROBLEM);
      }
      assert.equal((await t.anonymous.get(URL)).statusCode, 401);
    });
  });
}
