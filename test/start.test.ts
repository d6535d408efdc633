// `npm start` as a person runs it: the server process, its printed instructions, and its data
// surviving a restart. On the embedded database, and on PostgreSQL when the suite has one.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { databaseTargets } from './databases.ts';
import { freshPostgresDatabase, loginOverHttp, startServer as start, stopServer as stop } from './server-process.ts';

async function loginAndRegister(url: string): Promise<string> {
  const { cookie, csrfToken } = await loginOverHttp(url, 'operator', 'operator-demo-17');
  const appeal = await fetch(`${url}/api/v1/appeals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ surname: 'Гнатюк', givenName: 'Оксана', patronymic: 'Іванівна', residence: 'м. Рівне', essence: 'Прошу повідомити адресу апеляційного суду', kind: 'request', phone: '0671234567' }),
  });
  assert.equal(appeal.status, 201);
  return ((await appeal.json()) as { registrationNumber: string }).registrationNumber;
}

describe('npm start', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => { for (const cleanup of cleanups) await cleanup(); });

  test('on the embedded database: prints where to open it and the demo logins; data and accounts survive a restart, demo data is seeded once', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'dovira-start-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const first = await start({ DOVIRA_DATA_DIR: dataDir });
    assert.match(first.output, /Документація: http:\/\/127\.0\.0\.1:\d+\/api\/docs/);
    assert.match(first.output, /Демо-дані створено/);
    for (const login of ['operator', 'supervisor', 'admin']) assert.match(first.output, new RegExp(`${login}\\s+пароль \\S+`));
    assert.equal((await fetch(`${first.url}/api/v1/health`)).status, 200);
    const number = await loginAndRegister(first.url);
    assert.match(number, /^ЄКЦ-\d{4}-000001$/);
    await stop(first);

    const second = await start({ DOVIRA_DATA_DIR: dataDir });
    assert.doesNotMatch(second.output, /Демо-дані створено/, 'the demo data is not seeded again');
    const next = await loginAndRegister(second.url);
    assert.equal(next.slice(-6), '000002', 'the register continued where it stopped');
    await stop(second);
  });

  test('a bad setting stops the start with a Ukrainian message, not a stack trace', async () => {
    const child = spawn(process.execPath, ['src/main.ts'], { env: { ...process.env, PORT: 'eighty' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(output, /Dovira не запустилася: Змінна середовища PORT="eighty" має бути цілим числом/);
    assert.doesNotMatch(output, /\n[ \t]+at /);
  });

  // databaseTargets() fails the suite in CI when no PostgreSQL server was given.
  const serverUrl = databaseTargets().some((t) => t.name === 'PostgreSQL') ? process.env.TEST_DATABASE_URL : undefined;
  if (serverUrl) {
    test('with DATABASE_URL it runs on PostgreSQL with the same migrations', async () => {
      const database = await freshPostgresDatabase(serverUrl, 'dovira_start');
      cleanups.push(database.drop);
      const url = new URL(database.url);
      const started = await start({ DATABASE_URL: url.toString() });
      assert.match(started.output, /База даних:\s+PostgreSQL/);
      await loginAndRegister(started.url);
      await stop(started);
      const check = new pg.Client({ connectionString: url.toString() });
      await check.connect();
      const { rows } = await check.query('SELECT count(*)::int AS n FROM appeals');
      await check.end();
      assert.equal(rows[0].n, 1);
    });
  }
});
