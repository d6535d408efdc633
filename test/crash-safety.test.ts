// The server is killed (kill -9) in the middle of registrations and started again: every appeal
// that was answered 201 is in the register exactly once, numbered without gaps, and management is
// told of each one by e-mail once.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { LEASE_SECONDS } from '../src/notifications/rules.ts';
import { startTestInbox, type TestInbox } from '../src/notifications/test-inbox.ts';
import { postgresServer } from './databases.ts';
import { validAppeal } from './fixtures.ts';
import { freshPostgresDatabase, loginOverHttp, startServer, stopServer, type HttpSession, type Started } from './server-process.ts';

const postgres = postgresServer('PGlite is one process, killed with its database');

async function register(baseUrl: string, session: HttpSession, key: string): Promise<{ id: string; registrationNumber: string }> {
  const response = await fetch(`${baseUrl}/api/v1/appeals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'idempotency-key': key },
    body: JSON.stringify({ ...validAppeal, essence: `Прошу повідомити стан справи (запит ${key})` }),
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 201) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as { id: string; registrationNumber: string };
}

describe('crash safety', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => { for (const cleanup of cleanups.reverse()) await cleanup(); });

  test('kill -9 mid-load: every 201 is in the register once, numbers have no gaps, each appeal is e-mailed to management once', { skip: postgres.skip }, async () => {
    const database = await freshPostgresDatabase(postgres.url, 'dovira_crash');
    cleanups.push(database.drop);
    const inbox: TestInbox = await startTestInbox();
    cleanups.push(() => inbox.close());
    const env = { DATABASE_URL: database.url, SMTP_URL: inbox.url, DOVIRA_DEMO_DATA: 'true', DOVIRA_NOTIFY_POLL_MS: '100' };

    let server: Started = await startServer(env);
    cleanups.push(() => stopServer(server));
    const session = await loginOverHttp(server.url, 'operator', 'operator-demo-17');

    // Eight clients register as fast as they can; each remembers what was confirmed and what was cut off.
    const confirmed = new Map<string, { id: string; registrationNumber: string }>();
    const interrupted: string[] = [];
    let stop = false;
    let counter = 0;
    const clients = Array.from({ length: 8 }, async () => {
      while (!stop) {
        const key = `crash-${++counter}`;
        try {
          confirmed.set(key, await register(server.url, session, key));
        } catch {
          interrupted.push(key);
          return;
        }
      }
    });
    const enough = Date.now() + 60_000;
    while (confirmed.size < 40 && interrupted.length < 8 && Date.now() < enough) await new Promise((resolve) => setTimeout(resolve, 20));
    server.child.kill('SIGKILL');
    stop = true;
    await Promise.all(clients);
    assert.ok(confirmed.size >= 40, `40 registrations confirmed before the kill: ${confirmed.size} within 60 s, ${interrupted.length} clients cut off before it`);
    assert.ok(interrupted.length > 0, 'the kill cut some registrations off');

    server = await startServer(env);
    // A client whose request was cut off retries it with the same Idempotency-Key.
    for (const key of interrupted) confirmed.set(key, await register(server.url, session, key));

    const check = new pg.Client({ connectionString: database.url });
    await check.connect();
    cleanups.push(() => check.end());
    const { rows } = await check.query<{ id: string; registration_number: string; seq: number }>(
      'SELECT id, registration_number, registration_seq AS seq FROM appeal_register ORDER BY registration_seq');
    const ids = [...confirmed.values()].map((a) => a.id);
    assert.equal(new Set(ids).size, ids.length, 'no two confirmations name the same appeal');
    for (const appeal of confirmed.values()) {
      assert.equal(rows.filter((r) => r.id === appeal.id).length, 1, `${appeal.registrationNumber} is in the register once`);
    }
    assert.equal(rows.length, confirmed.size, 'nothing in the register that nobody was told of');
    assert.deepEqual(rows.map((r) => r.seq), rows.map((_, i) => i + 1), 'numbers have no gaps');

    // Management hears of each appeal by e-mail once. SMTP cannot be exactly-once if the process
    // dies between the mail server's "accepted" and Dovira's record of it; a resend then carries
    // the same Message-ID, so one appeal is never two different messages.
    // A mail in flight at the kill is sent again once its lease has run out (LEASE_SECONDS).
    const deadline = Date.now() + (LEASE_SECONDS + 20) * 1000;
    const numbersIn = () => new Set(inbox.messages.map((m) => /ЄКЦ-\d{4}-\d{6}/.exec(m.subject)?.[0]).filter(Boolean));
    while (numbersIn().size < rows.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    for (const row of rows) {
      const mails = inbox.messages.filter((m) => m.subject.includes(row.registration_number));
      assert.ok(mails.length >= 1, `management was told of ${row.registration_number}`);
      assert.equal(new Set(mails.map((m) => m.messageId)).size, 1, `${row.registration_number}: one message, whatever was resent`);
      assert.deepEqual(mails[0]!.to, ['supervisor.demo@example.org']);
    }
    const resent = inbox.messages.length - rows.length;
    assert.ok(resent <= 1, `at most the one mail in flight at the kill is resent (${resent})`);
  });
});
