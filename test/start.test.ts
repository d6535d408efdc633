// `npm start` as a person runs it: the server process, its printed instructions, and its data
// surviving a restart. On the embedded database, and on PostgreSQL when the suite has one.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { postgresServer } from './databases.ts';
import { exitOf } from './deadline.ts';
import { freshPostgresDatabase, loginOverHttp, startServer as start, stopServer as stop } from './server-process.ts';

const postgres = postgresServer('these start Dovira on a PostgreSQL database');

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
    assert.match(first.output, /створюється вбудована база даних у .*перший запуск триває кілька секунд/);
    assert.match(first.output, /Документація: http:\/\/127\.0\.0\.1:\d+\/api\/docs/);
    assert.match(first.output, /Демо-дані створено/);
    for (const login of ['operator', 'supervisor', 'admin']) assert.match(first.output, new RegExp(`${login}\\s+пароль \\S+`));
    assert.equal((await fetch(`${first.url}/api/v1/health`)).status, 200);
    const number = await loginAndRegister(first.url);
    assert.match(number, /^ЄКЦ-\d{4}-000001$/);
    await stop(first);

    const second = await start({ DOVIRA_DATA_DIR: dataDir });
    assert.doesNotMatch(second.output, /Демо-дані створено/, 'the demo data is not seeded again');
    assert.doesNotMatch(second.output, /перший запуск/, 'only the start that creates the database says it is the first');
    assert.match(second.output, /Dovira: вбудована база даних у /);
    const next = await loginAndRegister(second.url);
    assert.equal(next.slice(-6), '000002', 'the register continued where it stopped');
    await stop(second);
  });

  test('a bad setting stops the start with a Ukrainian message, not a stack trace', async () => {
    const child = spawn(process.execPath, ['src/main.ts'], { env: { ...process.env, PORT: 'eighty' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
    const code = await exitOf(child, 60_000, 'Dovira with a bad setting');
    assert.equal(code, 1);
    assert.match(output, /Dovira не запустилася: Змінна середовища PORT="eighty" має бути цілим числом/);
    assert.doesNotMatch(output, /\n[ \t]+at /);
  });

  test('with DATABASE_URL it runs on PostgreSQL with the same migrations', { skip: postgres.skip }, async () => {
    const database = await freshPostgresDatabase(postgres.url, 'dovira_start');
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
});

/** Runs a command-line script of the project with `input` on its standard input; its exit code and output. */
async function runScript(script: string, args: string[], env: Record<string, string>, input: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, NODE_ENV: '', DATABASE_URL: '', DOVIRA_MODE: '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  child.stdin.end(input);
  const code = await exitOf(child, 120_000, script);
  return { code, output };
}

/** `node src/main.ts` that is expected to refuse: its exit code and what it printed. */
async function refusedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return runScript('src/main.ts', [], { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env }, '');
}

describe('production start (DOVIRA_MODE=production)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => { for (const cleanup of cleanups) await cleanup(); });

  test('unsafe settings stop the start before anything is opened, every reason on its own Ukrainian line, no stack trace', async () => {
    const { code, output } = await refusedStart({ DOVIRA_MODE: 'production', DOVIRA_DEMO_DATA: 'true', SMS_GATEWAY_URL: 'http://sms.example/send', SMTP_URL: 'smtp://dovira:s3cret@mail.example:587' });
    assert.equal(code, 1);
    assert.match(output, /^Dovira не запустилася у виробничому режимі \(DOVIRA_MODE=production\):$/m);
    for (const reason of [/^ {2}- DATABASE_URL не задано/m, /^ {2}- DOVIRA_DEMO_DATA=true/m, /^ {2}- DOVIRA_PUBLIC_URL має бути адресою https/m, /^ {2}- SMS_GATEWAY_URL починається з http:/m, /^ {2}- SMTP_URL може перейти на незашифроване/m]) {
      assert.match(output, reason);
    }
    assert.doesNotMatch(output, /^ +at /m);
    assert.ok(!output.includes('s3cret'), 'the SMTP password is not printed');
  });

  test('a real database given without a mode is not taken for a demo', async () => {
    const { code, output } = await refusedStart({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing' });
    assert.equal(code, 1);
    assert.match(output, /Задано DATABASE_URL, але не DOVIRA_MODE/);
  });

  test('create-admin refuses what it cannot use, with a Ukrainian message', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'dovira-admin-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const usage = await runScript('scripts/create-admin.ts', [], { DOVIRA_DATA_DIR: dataDir }, '');
    assert.equal(usage.code, 2);
    assert.match(usage.output, /Використання: npm run create-admin -- ЛОГІН/);
    const short = await runScript('scripts/create-admin.ts', ['chief', 'Марія Іванівна Бойко'], { DOVIRA_DATA_DIR: dataDir }, 'short\n');
    assert.equal(short.code, 2);
    assert.match(short.output, /Пароль має містити щонайменше 10 символів/);
    const made = await runScript('scripts/create-admin.ts', ['chief', 'Марія Іванівна Бойко'], { DOVIRA_DATA_DIR: dataDir }, 'a-long-admin-password\n');
    assert.equal(made.code, 0, made.output);
    assert.match(made.output, /Адміністратора chief створено/);
    const again = await runScript('scripts/create-admin.ts', ['CHIEF', 'Інша Особа'], { DOVIRA_DATA_DIR: dataDir }, 'a-long-admin-password\n');
    assert.equal(again.code, 1);
    assert.match(again.output, /Логін CHIEF уже зайнятий/);
    assert.doesNotMatch(again.output, /^ +at /m);
  });

  test('on a database holding demo accounts with their published passwords production refuses to start; with them closed and a first admin made by create-admin it runs, secure', { skip: postgres.skip }, async () => {
    const database = await freshPostgresDatabase(postgres.url, 'dovira_production');
    cleanups.push(database.drop);
    // A database that once served the demo.
    await stop(await start({ DATABASE_URL: database.url, DOVIRA_MODE: 'demo' }));
    const production = { DATABASE_URL: database.url, DOVIRA_MODE: 'production', DOVIRA_PUBLIC_URL: 'https://dovira.court.example' };
    const refused = await refusedStart(production);
    assert.equal(refused.code, 1, refused.output);
    for (const login of ['operator', 'supervisor', 'admin', 'clerk']) assert.match(refused.output, new RegExp(`^ {2}- Обліковий запис «${login}» відкривається опублікованим демо-паролем`, 'm'));

    const check = new pg.Client({ connectionString: database.url });
    await check.connect();
    await check.query("UPDATE users SET active = false WHERE login IN ('operator', 'supervisor', 'admin', 'clerk')");
    await check.end();
    const made = await runScript('scripts/create-admin.ts', ['chief', 'Марія Іванівна Бойко'], { DATABASE_URL: database.url }, 'a-long-admin-password\n');
    assert.equal(made.code, 0, made.output);

    const started = await start(production);
    assert.match(started.output, /Режим:\s+виробничий/);
    assert.doesNotMatch(started.output, /пароль/, 'no password is printed in production');
    const login = await fetch(`${started.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'chief', password: 'a-long-admin-password' }) });
    assert.equal(login.status, 200);
    for (const cookie of login.headers.getSetCookie()) assert.match(cookie, /; Secure/, `${cookie.split('=')[0]} is sent over HTTPS only`);
    assert.match(login.headers.get('strict-transport-security') ?? '', /max-age=31536000/);
    assert.match(login.headers.get('content-security-policy') ?? '', /upgrade-insecure-requests/);
    const demo = await fetch(`${started.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'operator', password: 'operator-demo-17' }) });
    assert.equal(demo.status, 401);
    await stop(started);
  });
});
