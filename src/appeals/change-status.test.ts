import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { validAppeal } from '../../test/fixtures.ts';
import { Refusal } from '../http/problem.ts';
import { changeAppealStatus } from './change-status.ts';
import { allowedNextStatuses, APPEAL_STATUSES } from './status.ts';

/** Thrown to roll a transaction back once what it did has been looked at. */
class RollBack extends Error {}

for (const target of databaseTargets()) {
  describe(`an appeal's status changes through one command on ${target.name}`, () => {
    let t: TestApp;
    let appealId: string;
    before(async () => {
      t = await startTestApp(target);
      const created = await t.as.operator.post('/api/v1/appeals', validAppeal);
      assert.equal(created.statusCode, 201, created.body);
      appealId = created.json().id;
    });
    after(async () => { await t?.close(); });

    const auditCount = async () => (await t.db.selectFrom('audit_events').select('id').where('entity_id', '=', appealId).execute()).length;

    test('every step the path does not allow is the same conflict, before anything is written; every allowed one writes status, audit and announcement', async () => {
      const actor = { userId: t.as.supervisor.userId, ip: null };
      for (const from of APPEAL_STATUSES) {
        for (const to of APPEAL_STATUSES) {
          await t.db.updateTable('appeals').set({ status: from }).where('id', '=', appealId).execute();
          const auditBefore = await auditCount();
          let wrote = false;
          const attempt = t.db.transaction().execute(async (trx) => {
            const changed = await changeAppealStatus(trx, {
              actor, appealId, to, at: t.clock.now(),
              writes: async () => {
                wrote = true;
                return { details: { judicialBodyId: null }, judicialBodyId: null, result: 'done' };
              },
            });
            assert.equal(changed.from, from);
            assert.equal(changed.result, 'done');
            assert.equal(changed.announcement.status, to);
            assert.equal(changed.announcement.appealId, appealId);
            const row = await trx.selectFrom('appeals').select('status').where('id', '=', appealId).executeTakeFirstOrThrow();
            assert.equal(row.status, to);
            const audit = await trx.selectFrom('audit_events').select(['action', 'changes']).where('entity_id', '=', appealId).orderBy('id', 'desc').executeTakeFirstOrThrow();
            assert.deepEqual((audit.changes as { status: unknown }).status, { from, to });
            throw new RollBack();
          });
          if (allowedNextStatuses(from).includes(to)) {
            await assert.rejects(attempt, RollBack, `${from} → ${to} is allowed`);
            assert.ok(wrote, `${from} → ${to}: the step's own writes were made`);
          } else {
            await assert.rejects(attempt, (error) => error instanceof Refusal && error.kind === 'conflict' && error.code === 'status-transition', `${from} → ${to} is refused`);
            assert.ok(!wrote, `${from} → ${to}: nothing of the step was written`);
            assert.equal(await auditCount(), auditBefore);
          }
        }
      }
    });

    test('an appeal nobody may act on, or none at all, is not found', async () => {
      await t.db.updateTable('appeals').set({ status: 'registered' }).where('id', '=', appealId).execute();
      const attempt = (id: string, mayAct?: () => boolean) => t.db.transaction().execute((trx) => changeAppealStatus(trx, {
        actor: { userId: null, ip: null }, appealId: id, to: 'resolved', at: t.clock.now(), ...(mayAct ? { mayAct } : {}),
        writes: async () => ({ details: {}, judicialBodyId: null, result: undefined }),
      }));
      const notFound = (error: unknown) => error instanceof Refusal && error.kind === 'not_found';
      await assert.rejects(attempt(appealId, () => false), notFound);
      await assert.rejects(attempt('00000000-0000-4000-8000-000000000000'), notFound);
    });
  });
}
