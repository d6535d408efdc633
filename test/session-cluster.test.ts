// Two Dovira processes on one PostgreSQL. Each keeps the sessions it has looked up, so a change made
// through one node (or straight in the database) must reach the other at once: a kept session that
// outlived its logout would let a signed-out person in.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { postgresServer } from './databases.ts';
import { freshPostgresDatabase, loginOverHttp, startServer, stopServer, type HttpSession, type Started } from './server-process.ts';

const postgres = postgresServer('two processes share one database, which PGlite cannot');

async function statusOf(baseUrl: string, session: HttpSession, path = '/auth/me'): Promise<number> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, { headers: { cookie: session.cookie } });
  await response.body?.cancel();
  return response.status;
}

/** Asks until the answer is `expected`; the change travels as a notice, so it may take a moment. */
async function becomes(expected: number, ask: () => Promise<number>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  let last = await ask();
  while (last !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    last = await ask();
  }
  assert.equal(last, expected, `${what}: still HTTP ${last} after 5 s`);
}

describe('sessions across two processes', () => {
  let database: { url: string; drop: () => Promise<void> };
  let first: Started;
  let second: Started;
  let sql: pg.Client;

  before(async () => {
    if (postgres.skip) return; // each test says why it is skipped
    database = await freshPostgresDatabase(postgres.url, 'dovira_sessions');
    const env = { DATABASE_URL: database.url, DOVIRA_DEMO_DATA: 'true' };
    first = await startServer(env);
    second = await startServer(env);
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });
  after(async () => {
    await sql?.end();
    if (second) await stopServer(second);
    if (first) await stopServer(first);
    await database?.drop();
  });

  test('a logout on one node ends the session on the other at once', { skip: postgres.skip }, async () => {
    const operator = await loginOverHttp(first.url, 'operator', 'operator-demo-17');
    assert.equal(await statusOf(second.url, operator), 200);
    assert.equal(await statusOf(second.url, operator), 200, 'the second request is answered from the kept session');
    const logout = await fetch(`${first.url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie: operator.cookie, 'x-csrf-token': operator.csrfToken } });
    assert.equal(logout.status, 204);
    await becomes(401, () => statusOf(second.url, operator), 'the logged-out session on the other node');
    await becomes(401, () => statusOf(first.url, operator), 'the logged-out session on its own node');
  });

  test('a user switched off, or given another role, straight in the database loses the old access on both nodes', { skip: postgres.skip }, async () => {
    const supervisor = await loginOverHttp(first.url, 'supervisor', 'supervisor-demo');
    const admin = await loginOverHttp(first.url, 'admin', 'admin-demo-pass');
    for (const node of [first, second]) {
      assert.equal(await statusOf(node.url, supervisor), 200);
      assert.equal(await statusOf(node.url, admin, '/users'), 200);
    }
    await sql.query(`UPDATE users SET active = false WHERE login = 'supervisor'`);
    await sql.query(`UPDATE users SET role = 'supervisor' WHERE login = 'admin'`);
    for (const node of [first, second]) {
      await becomes(401, () => statusOf(node.url, supervisor), 'the switched-off supervisor');
      await becomes(403, () => statusOf(node.url, admin, '/users'), 'the former admin asking for the user list');
    }
    await sql.query(`UPDATE users SET active = true WHERE login = 'supervisor'`);
    await sql.query(`UPDATE users SET role = 'admin' WHERE login = 'admin'`);
  });

  test('a session deleted while a node could not hear the database is not kept past its reconnection', { skip: postgres.skip }, async () => {
    const clerk = await loginOverHttp(first.url, 'clerk', 'clerk-demo-pass');
    assert.equal(await statusOf(second.url, clerk), 200);
    assert.equal(await statusOf(second.url, clerk), 200);
    const listeners = async () => (await sql.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'dovira-live'`)).rows.map((r) => r.pid);
    const before = await listeners();
    assert.equal(before.length, 2, 'each node listens on one connection');
    await sql.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [before]);
    const gone = Date.now() + 5000;
    while ((await listeners()).some((pid) => before.includes(pid)) && Date.now() < gone) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(!(await listeners()).some((pid) => before.includes(pid)), 'the nodes\' listening connections end within 5 s of pg_terminate_backend');
    // Nobody listens now: this deletion's notice is lost to both nodes.
    await sql.query('DELETE FROM sessions');
    const back = Date.now() + 10_000;
    while ((await listeners()).filter((pid) => !before.includes(pid)).length < 2 && Date.now() < back) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal((await listeners()).length, 2, 'both nodes listen again within 10 s');
    assert.equal(await statusOf(second.url, clerk), 401);
    assert.equal(await statusOf(first.url, clerk), 401);
  });
});
