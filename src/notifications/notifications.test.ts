import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../test/app.ts';
import { messageIdOf } from './dispatcher.ts';
import { Dispatcher } from '../jobs/dispatcher.ts';
import { claimNextDue } from './outbox.ts';
import { LEASE_SECONDS, MAIL_DISABLED_REASON, MAX_ATTEMPTS, retryDelaySeconds } from './rules.ts';
import { startTestInbox, type TestInbox } from './test-inbox.ts';

const PROBLEM = 'application/problem+json; charset=utf-8';

const appeal = {
  surname: 'Шевчук',
  givenName: 'Мар’яна',
  patronymic: 'Олексіївна',
  residence: 'м. Житомир, вул. Київська, 10',
  // Characters that HTML must escape, and a line break.
  essence: 'Суд «Центральний» & канцелярія: чому "строк" 5 < 7 днів?\nПрошу пояснити',
  kind: 'complaint',
  phone: '067 123-45-67',
  email: 'maryana@example.com',
};

const SUPERVISOR_ADDRESS = 'i.shevchenko@example.org';
const SECOND_SUPERVISOR_ADDRESS = 'n.tkachenko@example.org';
const RECIPIENTS = [SUPERVISOR_ADDRESS, SECOND_SUPERVISOR_ADDRESS].sort();

for (const target of databaseTargets()) {
  describe(`A2: e-mail to management on ${target.name}`, () => {
    let t: TestApp;
    let inbox: TestInbox;
    let dispatcher: Dispatcher;
    let secondSupervisorId: string;
    const dispatchers: Dispatcher[] = [];

    function dispatcherFor(smtpUrl: string | undefined): Dispatcher {
      const created = new Dispatcher({ db: t.db, config: { ...t.config, smtpUrl }, now: t.clock.now });
      dispatchers.push(created);
      return created;
    }

    async function register(body: Record<string, unknown> = appeal): Promise<{ id: string; registrationNumber: string }> {
      const response = await t.as.operator.post('/api/v1/appeals', body);
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    }

    async function deliveriesOf(appealId: string) {
      return t.db.selectFrom('deliveries as d').innerJoin('outbox_events as e', 'e.id', 'd.event_id')
        .selectAll('d').where('e.entity_id', '=', appealId).orderBy('d.address').execute();
    }

    async function createSupervisor(login: string, fullName: string, email?: string): Promise<string> {
      const response = await t.as.admin.post('/api/v1/users', { login, fullName, role: 'supervisor', password: TEST_PASSWORD, ...(email ? { email } : {}) });
      assert.equal(response.statusCode, 201, response.body);
      return response.json().id;
    }

    before(async () => {
      t = await startTestApp(target);
      inbox = await startTestInbox();
      const patch = async (userId: string, body: object) => assert.equal((await t.as.admin.patch(`/api/v1/users/${userId}`, body)).statusCode, 200);
      await patch(t.as.supervisor.userId, { email: SUPERVISOR_ADDRESS });
      secondSupervisorId = await createSupervisor('supervisor2', 'Надія Петрівна Ткаченко', SECOND_SUPERVISOR_ADDRESS);
      await createSupervisor('supervisor3', 'Богдан Ігорович Литвин');
      await patch(await createSupervisor('supervisor4', 'Олег Васильович Гуменюк', 'o.humeniuk@example.org'), { active: false });
      await patch(t.as.operator.userId, { email: 'o.kovalenko@example.org' });
      await patch(t.as.admin.userId, { email: 'm.boiko@example.org' });
      dispatcher = dispatcherFor(inbox.url);
    });
    after(async () => {
      for (const created of dispatchers) await created.stop();
      await inbox?.close();
      await t?.close();
    });

    test('A2: a registered appeal is e-mailed to every active supervisor with an address, and to nobody else', async () => {
      t.clock.set('2026-11-25T10:00:00Z');
      const registered = await register();
      const report = await dispatcher.runOnce();
      assert.equal(report.expandedEvents, 1);
      assert.equal(report.sent, 2);
      const mails = inbox.messages.filter((m) => m.subject.includes(registered.registrationNumber));
      assert.deepEqual(mails.map((m) => m.to).flat().sort(), RECIPIENTS, 'one mail each, no operator, admin, inactive or address-less supervisor');
      for (const mail of mails) assert.equal(mail.to.length, 1, 'each mail has one recipient: no one sees the others');

      const mail = mails[0]!;
      assert.equal(mail.subject, `Нове усне звернення ${registered.registrationNumber} (скарга)`);
      assert.match(mail.headers.get('from')!, /no-reply@localhost/);
      assert.equal(mail.headers.get('auto-submitted'), 'auto-generated');
      const text = mail.text;
      for (const expected of [
        `Номер: ${registered.registrationNumber}`,
        'Вид: скарга',
        'Зареєстровано: 25.11.2026, 12:00 (за київським часом)',
        'Хто зареєстрував: Оператор № 17, Олена Петрівна Коваленко',
        'Заявник: Шевчук Мар’яна Олексіївна',
        'Місце проживання: м. Житомир, вул. Київська, 10',
        'Телефон: +380671234567',
        'Електронна пошта: maryana@example.com',
        appeal.essence,
        'направити до органу судової влади сьогодні (25.11.2026), до 23:59',
        'не пізніше 10.12.2026',
        `${t.config.publicUrl}/api/v1/appeals/${registered.id}`,
      ]) assert.ok(text.includes(expected), `the text says «${expected}»:\n${text}`);

      const html = mail.html;
      assert.match(html, /^<!doctype html>/);
      assert.ok(html.includes('<html lang="uk">'));
      assert.ok(html.includes('Суд «Центральний» &amp; канцелярія: чому &quot;строк&quot; 5 &lt; 7 днів?<br>Прошу пояснити'), html);
      assert.ok(!html.includes('"строк"') && !html.includes('5 < 7'), 'nothing of the essence reaches HTML unescaped');
      assert.ok(html.includes(`<a href="${t.config.publicUrl}/api/v1/appeals/${registered.id}">`));
      assert.ok(html.includes('Оператор № 17, Олена Петрівна Коваленко'));

      const rows = await deliveriesOf(registered.id);
      assert.equal(rows.length, 2);
      for (const row of rows) {
        assert.equal(row.status, 'sent');
        assert.equal(row.attempts, 1);
        assert.equal(row.last_error, null);
        assert.equal(row.sent_at!.toISOString(), '2026-11-25T10:00:00.000Z');
        assert.match(row.server_response!, /queued as test-/);
        const received = mails.find((m) => m.to[0] === row.address)!;
        assert.equal(received.messageId, messageIdOf({ id: row.id, eventId: row.event_id }, t.config.mailFrom));
      }

      // The appeal's history shows management was told, by user id only.
      const history = (await t.as.supervisor.get(`/api/v1/appeals/${registered.id}`)).json().history as { action: string; actorUserId: string | null; changes: Record<string, unknown> }[];
      const notified = history.filter((h) => h.action === 'management_notified');
      assert.equal(notified.length, 2);
      assert.deepEqual(notified.map((h) => h.changes.recipientUserId).sort(), [t.as.supervisor.userId, secondSupervisorId].sort());
      assert.ok(notified.every((h) => h.actorUserId === null));
      assert.ok(!JSON.stringify(history).includes('@example.org'), 'no address in the audit trail');
    });

    test('A2: running the dispatcher again, or expanding an event again, sends nothing twice', async () => {
      const registered = await register({ ...appeal, kind: 'request' });
      await dispatcher.runOnce();
      const before = inbox.messages.length;
      assert.deepEqual(await dispatcher.runOnce(), { expandedEvents: 0, newDeliveries: 0, sent: 0, retrying: 0, failed: 0 });
      // As if the event had not been marked expanded (a crash between the two): the unique key holds.
      const rows = await deliveriesOf(registered.id);
      await t.db.updateTable('outbox_events').set({ expanded_at: null }).where('id', '=', rows[0]!.event_id).execute();
      const again = await dispatcher.runOnce();
      assert.equal(again.expandedEvents, 1);
      assert.equal(again.newDeliveries, 0);
      assert.equal(again.sent, 0);
      assert.equal(inbox.messages.length, before);
      assert.equal((await deliveriesOf(registered.id)).length, 2);
      assert.equal(inbox.messages.filter((m) => m.subject.includes(registered.registrationNumber)).length, 2);
    });

    test('A2: with the mail server down a delivery waits with the reason and back-off, and goes out exactly once when it is up', async () => {
      t.clock.set('2026-11-25T11:00:00Z');
      const closed = await startTestInbox();
      await closed.close();
      const down = dispatcherFor(closed.url);
      const registered = await register({ ...appeal, kind: 'statement' });

      const first = await down.runOnce();
      assert.equal(first.retrying, 2);
      for (const row of await deliveriesOf(registered.id)) {
        assert.equal(row.status, 'pending');
        assert.equal(row.attempts, 1);
        assert.match(row.last_error!, /^Не вдалося з’єднатися з поштовим сервером: .*ECONNREFUSED/);
        assert.equal(row.next_attempt_at.toISOString(), new Date(Date.parse('2026-11-25T11:00:00Z') + retryDelaySeconds(1) * 1000).toISOString());
        assert.equal(row.next_attempt_at.toISOString(), '2026-11-25T11:00:30.000Z');
        assert.equal(row.claimed_until, null);
      }
      assert.equal((await down.runOnce()).retrying, 0, 'not due again before the back-off');

      t.clock.advance(30);
      assert.equal((await down.runOnce()).retrying, 2);
      for (const row of await deliveriesOf(registered.id)) {
        assert.equal(row.attempts, 2);
        assert.equal(row.next_attempt_at.toISOString(), '2026-11-25T11:02:30.000Z', 'the second wait is two minutes');
      }

      const back = await startTestInbox(closed.port);
      try {
        t.clock.advance(119);
        assert.equal((await down.runOnce()).sent, 0);
        t.clock.advance(1);
        assert.equal((await down.runOnce()).sent, 2);
        assert.equal((await down.runOnce()).sent, 0);
        assert.deepEqual(back.messages.map((m) => m.to[0]).sort(), RECIPIENTS);
        for (const row of await deliveriesOf(registered.id)) {
          assert.equal(row.status, 'sent');
          assert.equal(row.attempts, 3);
          assert.equal(row.last_error, null);
        }
      } finally {
        await back.close();
      }
    });

    test('A2: a recipient the mail server refuses is recorded as failed at once, with the server’s reason', async () => {
      t.clock.set('2026-11-25T12:00:00Z');
      inbox.refuse.add(SECOND_SUPERVISOR_ADDRESS);
      try {
        const registered = await register({ ...appeal, kind: 'demand' });
        const report = await dispatcher.runOnce();
        assert.equal(report.sent, 1);
        assert.equal(report.failed, 1);
        const refused = (await deliveriesOf(registered.id)).find((row) => row.address === SECOND_SUPERVISOR_ADDRESS)!;
        assert.equal(refused.status, 'failed');
        assert.equal(refused.attempts, 1);
        assert.match(refused.last_error!, /^Поштовий сервер не прийняв адресу: .*550/);
        const history = (await t.as.supervisor.get(`/api/v1/appeals/${registered.id}`)).json().history as { action: string }[];
        assert.deepEqual(history.map((h) => h.action).filter((a) => a.startsWith('management')).sort(), ['management_notification_failed', 'management_notified']);
      } finally {
        inbox.refuse.clear();
      }
    });

    test(`A2: after ${MAX_ATTEMPTS} failed attempts a delivery is recorded as failed`, async () => {
      t.clock.set('2026-11-26T08:00:00Z');
      const closed = await startTestInbox();
      await closed.close();
      const down = dispatcherFor(closed.url);
      const registered = await register({ ...appeal, kind: 'remark' });
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const report = await down.runOnce();
        assert.equal(attempt < MAX_ATTEMPTS ? report.retrying : report.failed, 2, `attempt ${attempt}`);
        t.clock.advance(retryDelaySeconds(attempt));
      }
      for (const row of await deliveriesOf(registered.id)) {
        assert.equal(row.status, 'failed');
        assert.equal(row.attempts, MAX_ATTEMPTS);
        assert.match(row.last_error!, /ECONNREFUSED/);
      }
      assert.equal((await down.runOnce()).failed, 0, 'a failed delivery is not tried again');
    });

    test('A2: an appeal registered while no supervisor has an e-mail address makes no delivery, and nothing breaks', async () => {
      const clear = async (userId: string, email: string | null) => assert.equal((await t.as.admin.patch(`/api/v1/users/${userId}`, { email })).statusCode, 200);
      await clear(t.as.supervisor.userId, null);
      await clear(secondSupervisorId, null);
      try {
        const registered = await register({ ...appeal, kind: 'proposal' });
        const before = inbox.messages.length;
        const report = await dispatcher.runOnce();
        assert.deepEqual(report, { expandedEvents: 1, newDeliveries: 0, sent: 0, retrying: 0, failed: 0 });
        assert.equal(inbox.messages.length, before);
        assert.equal((await deliveriesOf(registered.id)).length, 0);
        const event = await t.db.selectFrom('outbox_events').selectAll().where('entity_id', '=', registered.id).executeTakeFirstOrThrow();
        assert.notEqual(event.expanded_at, null, 'the event is done with, not retried forever');
      } finally {
        await clear(t.as.supervisor.userId, SUPERVISOR_ADDRESS);
        await clear(secondSupervisorId, SECOND_SUPERVISOR_ADDRESS);
      }
    });

    test('A2: without SMTP_URL the deliveries wait with the reason, and go out once mail is configured', async () => {
      t.clock.set('2026-11-27T09:00:00Z');
      const unconfigured = dispatcherFor(undefined);
      const registered = await register();
      const report = await unconfigured.runOnce();
      assert.equal(report.newDeliveries, 2);
      assert.equal(report.sent + report.retrying + report.failed, 0);
      for (const row of await deliveriesOf(registered.id)) {
        assert.equal(row.status, 'pending');
        assert.equal(row.attempts, 0);
        assert.equal(row.last_error, MAIL_DISABLED_REASON);
      }
      t.clock.advance(3600);
      assert.equal((await dispatcher.runOnce()).sent, 2);
      const mail = inbox.messages.find((m) => m.subject.includes(registered.registrationNumber))!;
      assert.ok(mail.text.includes('до 23:59 27.11.2026') || mail.text.includes('сьогодні (27.11.2026), до 23:59'));
    });

    test('A2: the deadline is said as passed when the mail goes out on a later day', async () => {
      t.clock.set('2026-11-28T21:30:00Z'); // 23:30 in Kyiv
      const unconfigured = dispatcherFor(undefined);
      const registered = await register({ ...appeal, kind: 'request' });
      await unconfigured.runOnce();
      t.clock.advance(3600); // 01:30 the next Kyiv day
      await dispatcher.runOnce();
      const mail = inbox.messages.find((m) => m.subject.includes(registered.registrationNumber))!;
      assert.ok(mail.text.includes('направити до органу судової влади до 23:59 28.11.2026 — строк минув'), mail.text);
      assert.ok(mail.text.includes('Зареєстровано: 28.11.2026, 23:30 (за київським часом)'));
    });

    test('A2: a delivery claimed by a process that died is sent once its lease runs out, with the same Message-ID', async () => {
      t.clock.set('2026-11-29T10:00:00Z');
      const registered = await register({ ...appeal, kind: 'statement' });
      const unconfigured = dispatcherFor(undefined);
      await unconfigured.runOnce(); // writes the deliveries only
      const at = t.clock.now();
      const claimed = await claimNextDue(t.db, at, new Date(at.getTime() + LEASE_SECONDS * 1000));
      assert.ok(claimed);
      // The claiming process dies here. Until its lease ends, nobody else takes the delivery.
      const first = await dispatcher.runOnce();
      assert.equal(first.sent, 1, 'only the other recipient');
      t.clock.advance(LEASE_SECONDS);
      assert.equal((await dispatcher.runOnce()).sent, 1);
      const row = (await deliveriesOf(registered.id)).find((r) => r.id === claimed.id)!;
      assert.equal(row.status, 'sent');
      assert.equal(row.attempts, 2);
      const mail = inbox.messages.find((m) => m.to[0] === claimed.address && m.subject.includes(registered.registrationNumber))!;
      assert.equal(mail.messageId, messageIdOf(claimed, t.config.mailFrom));
    });

    test('A2: two dispatchers working at once send each message once', async () => {
      t.clock.set('2026-11-30T10:00:00Z');
      const numbers: string[] = [];
      for (let i = 0; i < 4; i++) numbers.push((await register({ ...appeal, essence: `Звернення ${i}: прошу повідомити дату засідання` })).registrationNumber);
      const other = dispatcherFor(inbox.url);
      const reports = await Promise.all([dispatcher.runOnce(), other.runOnce(), dispatcher.runOnce(), other.runOnce()]);
      assert.equal(reports.reduce((sum, r) => sum + r.sent, 0), 8);
      const mails = inbox.messages.filter((m) => numbers.some((n) => m.subject.includes(n)));
      assert.equal(mails.length, 8);
      assert.equal(new Set(mails.map((m) => m.messageId)).size, 8);
    });

    test('A2: supervisors and admins read the deliveries with their status and reason, page by page', async () => {
      const all = await t.as.supervisor.get('/api/v1/notifications/deliveries?limit=100');
      assert.equal(all.statusCode, 200, all.body);
      const items = all.json().items as Record<string, unknown>[];
      assert.ok(items.length >= 10);
      const failed = await t.as.admin.get('/api/v1/notifications/deliveries?status=failed');
      assert.equal(failed.statusCode, 200);
      const failedItems = failed.json().items as Record<string, unknown>[];
      assert.ok(failedItems.length > 0 && failedItems.every((d) => d.status === 'failed' && d.statusLabel === 'не надіслано' && typeof d.lastError === 'string'));
      const sent = (await t.as.supervisor.get('/api/v1/notifications/deliveries?status=sent&limit=1')).json();
      assert.equal(sent.items.length, 1);
      const item = sent.items[0];
      assert.equal(item.channel, 'email');
      assert.equal(item.topic, 'appeal.registered');
      assert.equal(item.topicLabel, 'нове усне звернення');
      assert.match(item.registrationNumber, /^ЄКЦ-2026-\d{6}$/);
      assert.ok([SUPERVISOR_ADDRESS, SECOND_SUPERVISOR_ADDRESS].includes(item.address));
      assert.ok(['Ігор Миколайович Шевченко', 'Надія Петрівна Ткаченко'].includes(item.recipientName));
      assert.equal(item.nextAttemptAt, null);
      assert.ok(item.sentAt);
      const next = (await t.as.supervisor.get(`/api/v1/notifications/deliveries?status=sent&limit=1&cursor=${sent.nextCursor}`)).json();
      assert.equal(next.items.length, 1);
      assert.notEqual(next.items[0].id, item.id);

      // Walking every page gives every delivery once.
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const response = await t.as.admin.get(`/api/v1/notifications/deliveries?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        const body = response.json() as { items: { id: number }[]; nextCursor: string | null };
        seen.push(...body.items.map((d) => d.id));
        cursor = body.nextCursor;
        assert.ok(seen.length <= items.length, 'the pages end once every delivery was listed');
      } while (cursor);
      assert.deepEqual([...seen].sort((a, b) => a - b), items.map((d) => d.id as number).sort((a, b) => a - b));
    });

    test('A2: the deliveries list refuses bad queries with 400 and other roles with 403', async () => {
      const forged = Buffer.from(JSON.stringify({ at: '2026-11-25T10:00:00.000Z', id: "1' OR '1'='1" })).toString('base64url');
      for (const query of ['status=bogus', 'limit=0', 'limit=101', 'limit=abc', 'unknown=1', 'cursor=%%%', `cursor=${forged}`, 'status=<b>sent</b>']) {
        const response = await t.as.supervisor.get(`/api/v1/notifications/deliveries?${query}`);
        assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
        assert.equal(response.headers['content-type'], PROBLEM);
      }
      assert.equal((await t.as.operator.get('/api/v1/notifications/deliveries')).statusCode, 403);
      assert.equal((await t.as.court_clerk.get('/api/v1/notifications/deliveries')).statusCode, 403);
      assert.equal((await t.anonymous.get('/api/v1/notifications/deliveries')).statusCode, 401);
    });

    test('A2: a user’s e-mail is set on creation and by PATCH, validated, cleared with null, and kept out of the audit trail', async () => {
      const count = async () => Number((await t.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const before = await count();
      for (const email of ['not-an-address', '<b>x</b>@example.org', 'a@b', 42, 'x'.repeat(250) + '@example.org']) {
        const response = await t.as.admin.post('/api/v1/users', { login: 'bad-email', fullName: 'Іван Іванович Бабенко', role: 'supervisor', password: TEST_PASSWORD, email });
        assert.equal(response.statusCode, 400, `${JSON.stringify(email)}: ${response.body}`);
        assert.equal(response.headers['content-type'], PROBLEM);
        assert.ok(response.json().errors.some((e: { field: string }) => e.field === 'email'), response.body);
      }
      assert.equal(await count(), before, 'nothing written');

      const created = await t.as.admin.post('/api/v1/users', { login: 'supervisor5', fullName: 'Ірина Степанівна Бондар', role: 'supervisor', password: TEST_PASSWORD, email: '  i.bondar@example.org ' });
      assert.equal(created.statusCode, 201, created.body);
      const user = created.json();
      assert.equal(user.email, 'i.bondar@example.org', 'trimmed');

      const bad = await t.as.admin.patch(`/api/v1/users/${user.id}`, { email: 'ні' });
      assert.equal(bad.statusCode, 400);
      assert.equal((await t.as.admin.get(`/api/v1/users/${user.id}`)).json().email, 'i.bondar@example.org', 'unchanged');

      const changed = await t.as.admin.patch(`/api/v1/users/${user.id}`, { email: 'iryna.bondar@example.org' });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(changed.json().email, 'iryna.bondar@example.org');
      const cleared = await t.as.admin.patch(`/api/v1/users/${user.id}`, { email: null });
      assert.equal(cleared.json().email, null);
      const kept = await t.as.admin.patch(`/api/v1/users/${user.id}`, { fullName: 'Ірина Степанівна Бондар-Коваль' });
      assert.equal(kept.json().email, null);

      const trail = await t.db.selectFrom('audit_events').select(['action', 'changes']).where('entity_type', '=', 'user').where('entity_id', '=', user.id).orderBy('id').execute();
      assert.deepEqual(trail.map((e) => e.changes.email ?? e.changes.hasEmail), [true, 'changed', 'changed', undefined]);
      assert.ok(!JSON.stringify(trail).includes('bondar@'), 'no address in the audit trail');
    });
  });
}
