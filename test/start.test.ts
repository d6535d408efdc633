// `npm start` as a person runs it: the server process, its printed instructions, and its data
// surviving a restart. On the embedded database, and on PostgreSQL when the suite has one.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { databaseTargets } from './databases.ts';

interface Started {
  child: ChildProcess;
  url: string;
  output: string;
}

async function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['src/main.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', NODE_ENV: '', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const match = /Dovira працює: (http:\/\/\S+)/.exec(output);
    if (match && output.includes('Зупинити')) return { child, url: match[1]!, output };
    if (child.exitCode !== null) throw new Error(`the server exited: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not start in 60 s: ${output}`);
}

async function stop(started: Started): Promise<void> {
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  started.child.kill('SIGTERM');
  await exited;
}

async function loginAndRegister(url: string): Promise<string> {
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'operator', password: 'operator-demo-17' }) });
  assert.equal(login.status, 200);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
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
    assert.doesNotMatch(output, /\n\s+at /);
  });

  // databaseTargets() fails the suite in CI when no PostgreSQL server was given.
  const serverUrl = databaseTargets().some((t) => t.name === 'PostgreSQL') ? process.env.TEST_DATABASE_URL : undefined;
  if (serverUrl) {
    test('with DATABASE_URL it runs on PostgreSQL with the same migrations', async () => {
      const name = `dovira_start_${randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      cleanups.push(async () => {
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      });
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
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
