// The sessions a process keeps, and what makes it drop them. The notices come from a stand-in for
// the live bus's connection, so each test decides when one arrives or is missed; the real path
// (triggers, NOTIFY, two processes) is proven in test/session-cluster.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type Client, type TestApp } from '../../test/app.ts';
import type { NoticeSource, NoticeWatcher } from '../live/bus.ts';
import { keepSessionsWhileWatching } from './principal.ts';
import { sha256 } from './secrets.ts';

/** Stands in for the live bus's connection (a test double): the test delivers each notice by hand. */
class HandDeliveredNotices implements NoticeSource {
  watcher: NoticeWatcher | undefined;
  watch(_channel: string, watcher: NoticeWatcher): void {
    this.watcher = watcher;
  }
}

for (const target of databaseTargets()) {
  describe(`kept sessions on ${target.name}`, () => {
    let t: TestApp;
    const notices = new HandDeliveredNotices();
    before(async () => {
      t = await startTestApp(target);
      keepSessionsWhileWatching(t.db, notices);
    });
    after(async () => { await t?.close(); });

    const sessionIdOf = (client: Client) => sha256(/dovira_session=([^;]+)/.exec(client.headers.cookie!)![1]!);
    const status = async (client: Client) => (await client.get('/api/v1/auth/me')).statusCode;

    test('while changes are heard, a session is read once and kept until its own notice arrives', async () => {
      notices.watcher!.reset(true);
      const operator = await t.login('operator');
      assert.equal(await status(operator), 200);
      // Deleted behind Dovira's back with no notice: the kept session still answers, which is why
      // every change must come with one (the triggers of migration 0014 send them).
      await t.db.deleteFrom('sessions').where('id', '=', sessionIdOf(operator)).execute();
      assert.equal(await status(operator), 200);
      notices.watcher!.notice(`session:${sessionIdOf(operator)}`);
      assert.equal(await status(operator), 401);
    });

    test('a notice about a user drops every kept session of that user, and only theirs', async () => {
      notices.watcher!.reset(true);
      const first = await t.login('supervisor');
      const second = await t.login('supervisor');
      const other = await t.login('admin');
      for (const client of [first, second, other]) assert.equal(await status(client), 200);
      await t.db.deleteFrom('sessions').where('id', 'in', [sessionIdOf(first), sessionIdOf(second), sessionIdOf(other)]).execute();
      notices.watcher!.notice(`user:${first.userId}`);
      assert.equal(await status(first), 401);
      assert.equal(await status(second), 401);
      assert.equal(await status(other), 200, 'another user’s kept session is untouched');
      notices.watcher!.notice('something this version does not know');
      assert.equal(await status(other), 401, 'a notice it cannot read drops everything kept');
    });

    test('nothing is kept while changes cannot be heard, and listening again starts from nothing', async () => {
      notices.watcher!.reset(false);
      const clerk = await t.login('clerk');
      assert.equal(await status(clerk), 200);
      await t.db.deleteFrom('sessions').where('id', '=', sessionIdOf(clerk)).execute();
      assert.equal(await status(clerk), 401, 'read from the database, not kept');

      notices.watcher!.reset(true);
      const operator = await t.login('operator');
      assert.equal(await status(operator), 200);
      await t.db.deleteFrom('sessions').where('id', '=', sessionIdOf(operator)).execute();
      notices.watcher!.reset(false); // the connection dropped: this deletion's notice may be lost
      notices.watcher!.reset(true);
      assert.equal(await status(operator), 401);
    });

    test('an expired kept session is refused like any expired one', async () => {
      notices.watcher!.reset(true);
      const operator = await t.login('operator');
      assert.equal(await status(operator), 200);
      t.clock.set(new Date(t.clock.now().getTime() + (t.config.sessionHours + 1) * 3_600_000).toISOString());
      assert.equal(await status(operator), 401);
    });
  });
}
