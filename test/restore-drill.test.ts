// The restore drill: a working centre's database is backed up with deploy/backup.sh while Dovira
// runs, restored with deploy/restore.sh into a fresh database, and Dovira is started on it. The
// register (numbers and lookup codes), the next number, the audit trail, the e-mails waiting in the
// outbox and the callbacks must be exactly as they were, and people must be able to sign in.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { parseExposition, sampleValue } from '../src/metrics/test-exposition.ts';
import { postgresServer } from './databases.ts';
import { exitOf } from './deadline.ts';
import { validAppeal } from './fixtures.ts';
import { freshPostgresDatabase, loginOverHttp, requestAs, startServer, stopServer, type HttpSession, type Started } from './server-process.ts';

const postgres = postgresServer('the drill backs up and restores a PostgreSQL database');
const METRICS_TOKEN = randomBytes(32).toString('hex');

interface Run { code: number | null; stdout: string; stderr: string }

async function run(script: string, args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn('bash', [script, ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  const code = await exitOf(child, 120_000, `${path.basename(script)} ${args.join(' ')}`);
  return { code, stdout, stderr };
}

/**
 * The schema's objects by name, with the sequences' positions: tables and columns, views,
 * constraints, indexes, triggers and functions. (Expressions are left out: PostgreSQL writes a
 * restored trigger's condition with other, equivalent, parentheses.)
 */
async function schemaOf(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ item: string }>(`
      SELECT format('column %s.%s %s %s %s', table_name, column_name, data_type, is_nullable, column_default) AS item
        FROM information_schema.columns WHERE table_schema = 'public'
      UNION ALL SELECT format('view %s', viewname) FROM pg_views WHERE schemaname = 'public'
      UNION ALL SELECT format('constraint %s %s %s', conrelid::regclass, conname, contype) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
      UNION ALL SELECT format('index %s', indexdef) FROM pg_indexes WHERE schemaname = 'public'
      UNION ALL SELECT format('trigger %s %s %s', tgrelid::regclass, tgname, tgfoid::regproc) FROM pg_trigger WHERE NOT tgisinternal
      UNION ALL SELECT format('function %s', oid::regprocedure) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
      UNION ALL SELECT format('sequence %s at %s', sequencename, last_value) FROM pg_sequences WHERE schemaname = 'public'
      ORDER BY 1`);
    return rows.map((row) => row.item);
  } finally {
    await client.end();
  }
}

/** Everything the drill must find again, read straight from the tables. */
async function snapshot(url: string): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const read = async (query: string) => (await client.query(query)).rows;
    return {
      register: await read('SELECT id, registration_year, registration_seq, registration_number, lookup_code, status, call_id, surname, essence, registered_at FROM appeal_register ORDER BY registration_year, registration_seq'),
      counters: await read('SELECT year, last_value FROM appeal_counters ORDER BY year'),
      audit: await read('SELECT id, at, actor_user_id, actor_ip, entity_type, entity_id, action, changes FROM audit_events ORDER BY id'),
      outbox: await read('SELECT id, topic, entity_id, created_at, expanded_at FROM outbox_events ORDER BY id'),
      deliveries: await read('SELECT id, event_id, recipient_user_id, address, status, attempts, next_attempt_at, last_error, created_at FROM deliveries ORDER BY id'),
      forwardings: await read('SELECT * FROM appeal_forwardings ORDER BY appeal_id'),
      callbacks: await read('SELECT * FROM callbacks ORDER BY id'),
      calls: await read('SELECT id, status, caller_phone, operator_id, opened_at FROM calls ORDER BY id'),
      users: await read('SELECT id, login, role, full_name, password_hash, active, operator_number FROM users ORDER BY login'),
    };
  } finally {
    await client.end();
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`${what}: not seen in ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function allPages<T>(baseUrl: string, session: HttpSession, pathAndQuery: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = pathAndQuery.includes('?') ? '&' : '?';
    const page: { items: T[]; nextCursor: string | null } = await requestAs(baseUrl, session, 'GET', `${pathAndQuery}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
    // A cursor that never runs out would page for ever.
    assert.ok(items.length <= 100_000, `${pathAndQuery}: the pages end`);
  } while (cursor);
  return items;
}

/** What people see through the API: the register with each appeal's card and history, the audit trail, the e-mails, the callbacks. */
async function seenThroughApi(baseUrl: string, sessions: { supervisor: HttpSession; admin: HttpSession }) {
  const appeals = await allPages<{ id: string }>(baseUrl, sessions.supervisor, '/appeals');
  const cards = [];
  for (const appeal of appeals) cards.push(await requestAs(baseUrl, sessions.supervisor, 'GET', `/appeals/${appeal.id}`));
  return {
    appeals,
    cards,
    audit: await allPages<{ id: string }>(baseUrl, sessions.admin, '/audit-events'),
    deliveries: await allPages(baseUrl, sessions.supervisor, '/notifications/deliveries'),
    callbacks: await allPages(baseUrl, sessions.supervisor, '/callbacks?due=all'),
  };
}

function databaseUrl(name: string): string {
  const url = new URL(postgres.url);
  url.pathname = `/${name}`;
  return url.toString();
}

describe('restore drill', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  after(async () => { for (const cleanup of cleanups.reverse()) await cleanup(); });

  test('a backup taken while Dovira runs, restored into a fresh database: the register, the next number, the audit trail, the outbox and the sign-in are as they were',
    { skip: postgres.skip }, async () => {
      const backups = await mkdtemp(path.join(tmpdir(), 'dovira-backups-'));
      cleanups.push(() => rm(backups, { recursive: true, force: true }));
      const source = await freshPostgresDatabase(postgres.url, 'dovira_drill');
      cleanups.push(source.drop);

      // A working day: SMTP is not set, so the e-mails to the supervisor wait in the outbox.
      let server: Started = await startServer({ DATABASE_URL: source.url, DOVIRA_DEMO_DATA: 'true', DOVIRA_NOTIFY_POLL_MS: '100' });
      cleanups.push(() => stopServer(server));
      const operator = await loginOverHttp(server.url, 'operator', 'operator-demo-17');
      const supervisor = await loginOverHttp(server.url, 'supervisor', 'supervisor-demo');
      const admin = await loginOverHttp(server.url, 'admin', 'admin-demo-pass');
      const clerk = await loginOverHttp(server.url, 'clerk', 'clerk-demo-pass');

      const call = await requestAs<{ id: string }>(server.url, operator, 'POST', '/calls', { callerPhone: '067 123 45 67' });
      const registered: { id: string; registrationNumber: string; lookupCode: string }[] = [];
      for (let i = 0; i < 4; i++) {
        registered.push(await requestAs(server.url, operator, 'POST', '/appeals', { ...validAppeal, ...(i === 0 ? { callId: call.id } : {}), essence: `${validAppeal.essence} (звернення ${i + 1})` }));
      }
      const sql = new pg.Client({ connectionString: source.url });
      await sql.connect();
      cleanups.push(() => sql.end());
      const court = (await sql.query<{ id: string }>("SELECT judicial_body_id AS id FROM users WHERE login = 'clerk'")).rows[0]!;
      const forwarded = registered[1]!;
      await requestAs(server.url, operator, 'POST', `/appeals/${forwarded.id}/forward`, { judicialBodyId: court.id, reason: 'Питання належить до компетенції суду' });
      await requestAs(server.url, operator, 'POST', `/appeals/${forwarded.id}/applicant-informed`, { channel: 'email' });
      await requestAs(server.url, clerk, 'POST', `/clerk/inbox/${forwarded.id}/acknowledge`, {});
      await requestAs(server.url, operator, 'POST', '/callbacks', {
        appealId: registered[2]!.id, phone: '067 123 45 67', reason: 'Повідомити дату засідання', dueAt: new Date(Date.now() + 3 * 24 * 3600_000).toISOString(),
      });

      // The dispatcher has written every e-mail (4 to the supervisor, the court's letter, the
      // applicant's notice); with no mail server they wait.
      const waiting = await waitFor('the outbox written out', async () => {
        const { rows: [outbox] } = await sql.query<{ events: number; unexpanded: number; pending: number }>(`
          SELECT (SELECT count(*)::int FROM outbox_events) AS events,
                 (SELECT count(*)::int FROM outbox_events WHERE expanded_at IS NULL) AS unexpanded,
                 (SELECT count(*)::int FROM deliveries WHERE status = 'pending') AS pending`);
        return outbox!.events === registered.length + 2 && outbox!.unexpanded === 0 ? outbox!.pending : undefined;
      });
      assert.ok(waiting >= registered.length + 1, `${waiting} e-mails wait`);
      const before = await snapshot(source.url);
      const seenBefore = await seenThroughApi(server.url, { supervisor, admin });
      assert.equal(before.register!.length, registered.length);
      assert.ok(before.audit!.length > 10);

      // The nightly backup, while Dovira keeps serving.
      const backup = await run('deploy/backup.sh', [], { DATABASE_URL: source.url, DOVIRA_BACKUP_DIR: backups });
      assert.equal(backup.code, 0, backup.stderr);
      const archive = backup.stdout.trim();
      assert.match(path.basename(archive), /^dovira-\d{8}T\d{6}Z\.dump$/);
      assert.equal(path.dirname(archive), backups);
      assert.equal((await stat(archive)).mode & 0o777, 0o600, 'the archive holds personal data: its owner alone may read it');
      assert.deepEqual((await readdir(backups)).sort(), [path.basename(archive), `${path.basename(archive)}.sha256`]);

      // The machine is lost.
      await stopServer(server);

      // Restored into a database that does not exist yet; restore.sh creates it.
      const restoredName = `dovira_drill_restored_${randomBytes(4).toString('hex')}`;
      const restoredUrl = databaseUrl(restoredName);
      cleanups.push(async () => {
        const client = new pg.Client({ connectionString: postgres.url });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`);
        await client.end();
      });
      const restore = await run('deploy/restore.sh', [archive, restoredUrl], {});
      assert.equal(restore.code, 0, restore.stderr);
      const last = registered.at(-1)!.registrationNumber;
      assert.match(restore.stdout, new RegExp(`звернень ${registered.length} \\(останній номер ${last}\\)`));
      assert.match(restore.stdout, new RegExp(`листів у черзі ${waiting}`));

      // Dovira on the restored database: production-like, no demo data, metrics on.
      server = await startServer({ DATABASE_URL: restoredUrl, DOVIRA_DEMO_DATA: 'false', DOVIRA_NOTIFY_POLL_MS: '100', DOVIRA_METRICS_TOKEN: METRICS_TOKEN });
      assert.deepEqual(await snapshot(restoredUrl), before, 'every table the drill reads is as it was');
      const schema = await schemaOf(source.url);
      assert.ok(schema.some((item) => item.startsWith('trigger ')) && schema.some((item) => item.startsWith('sequence audit_events_id_seq at ')), 'the comparison covers triggers and sequences');
      assert.deepEqual(await schemaOf(restoredUrl), schema, 'the same schema: constraints, indexes, triggers, functions, and sequences where they were');

      // People sign in with their passwords, and see what they saw.
      const restoredSessions = {
        supervisor: await loginOverHttp(server.url, 'supervisor', 'supervisor-demo'),
        admin: await loginOverHttp(server.url, 'admin', 'admin-demo-pass'),
      };
      const seenAfter = await seenThroughApi(server.url, restoredSessions);
      assert.deepEqual(seenAfter.appeals, seenBefore.appeals);
      assert.deepEqual(seenAfter.cards, seenBefore.cards);
      assert.deepEqual(seenAfter.deliveries, seenBefore.deliveries);
      assert.deepEqual(seenAfter.callbacks, seenBefore.callbacks);
      // Signing in again is itself audited: the trail is the old one with only the new sign-ins on top.
      const newest = seenAfter.audit.slice(0, seenAfter.audit.length - seenBefore.audit.length);
      assert.deepEqual(seenAfter.audit.slice(newest.length), seenBefore.audit);
      for (const entry of newest) assert.ok(BigInt(entry.id) > BigInt(seenBefore.audit[0]!.id), 'new audit entries continue the numbering');

      // The register continues gap-free after the last number, and the new appeal's e-mail joins the queue.
      const operatorAgain = await loginOverHttp(server.url, 'operator', 'operator-demo-17');
      const next = await requestAs<{ registrationNumber: string }>(server.url, operatorAgain, 'POST', '/appeals', validAppeal);
      const [, year, seq] = /^ЄКЦ-(\d{4})-(\d{6})$/.exec(last)!;
      assert.equal(next.registrationNumber, `ЄКЦ-${year}-${String(Number(seq) + 1).padStart(6, '0')}`);
      const metrics = await waitFor('the new e-mail waiting beside the restored ones', async () => {
        const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
        const parsed = parseExposition(await response.text());
        return sampleValue(parsed, 'dovira_outbox_pending_deliveries') === waiting + 1 ? parsed : undefined;
      });
      assert.equal(sampleValue(metrics, 'dovira_outbox_unexpanded_events'), 0);
      // The citizen's lookup code still names the same appeal.
      const card = await requestAs<{ registrationNumber: string; lookupCode: string }>(server.url, restoredSessions.supervisor, 'GET', `/appeals/${registered[0]!.id}`);
      assert.deepEqual([card.registrationNumber, card.lookupCode], [registered[0]!.registrationNumber, registered[0]!.lookupCode]);

      // restore.sh never writes over a database that holds data.
      const over = await run('deploy/restore.sh', [archive, restoredUrl], {});
      assert.notEqual(over.code, 0);
      assert.match(over.stderr, /не порожня/);

      // A copy damaged on its way off the machine is refused before anything is written.
      const damaged = path.join(backups, 'damaged.dump');
      const bytes = await readFile(archive);
      bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
      await writeFile(damaged, bytes);
      await writeFile(`${damaged}.sha256`, (await readFile(`${archive}.sha256`, 'utf8')).replace(path.basename(archive), 'damaged.dump'));
      const spoiled = await run('deploy/restore.sh', [damaged, databaseUrl(`${restoredName}_x`)], {});
      assert.notEqual(spoiled.code, 0);
      assert.match(spoiled.stderr, /контрольна сума/);
      // Without its checksum file, pg_restore's own reading of it still refuses a file that is no archive.
      const notAnArchive = path.join(backups, 'notes.dump');
      await copyFile(`${archive}.sha256`, notAnArchive);
      const refused = await run('deploy/restore.sh', [notAnArchive, databaseUrl(`${restoredName}_y`)], {});
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /не є архівом pg_dump/);
      const leftovers = new pg.Client({ connectionString: postgres.url });
      await leftovers.connect();
      const made = await leftovers.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${restoredName}\\_%`]);
      await leftovers.end();
      assert.deepEqual(made.rows, [], 'a refused restore creates no database');
    });

  test('backup.sh without DATABASE_URL says how to back up the embedded database instead, and writes nothing', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'dovira-backups-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const result = await run('deploy/backup.sh', [folder], {});
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /DATABASE_URL не задано.*DOVIRA_DATA_DIR/);
    assert.deepEqual(await readdir(folder), []);
  });
});
