// Personal data (names, phones, e-mails, appeal texts) never reaches the application logs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { loggerOptions } from '../src/http/logging.ts';
import { openDatabase, type OpenedDatabase } from '../src/db/database.ts';
import { seedDemoData } from '../src/demo/seed.ts';
import type { FastifyInstance } from 'fastify';

describe('application logs', () => {
  let database: OpenedDatabase;
  let app: FastifyInstance;
  const lines: string[] = [];
  before(async () => {
    database = await openDatabase({});
    await seedDemoData(database.db);
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
    app = await buildApp({ db: database.db, config: loadConfig({}), logger: loggerOptions('debug', stream) });
  });
  after(async () => {
    await app?.close();
    await database?.close();
  });

  test('registering and reading an appeal logs no name, phone, e-mail or text of the matter', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'operator', password: 'operator-demo-17' } });
    assert.equal(login.statusCode, 200);
    const headers = { cookie: `dovira_session=${login.cookies.find((c) => c.name === 'dovira_session')!.value}`, 'x-csrf-token': login.json().csrfToken };
    const secret = { surname: 'Зозуленко', givenName: 'Ярослава', patronymic: 'Богданівна', residence: 'с. Вишневе, вул. Садова, 3', essence: 'Унікальний-текст-суті-питання про спадщину', kind: 'statement', phone: '0931112299', email: 'yaroslava.z@example.com' };
    const created = await app.inject({ method: 'POST', url: '/api/v1/appeals', headers, payload: secret });
    assert.equal(created.statusCode, 201);
    const bad = await app.inject({ method: 'POST', url: '/api/v1/appeals', headers, payload: { ...secret, kind: 'wrong' } });
    assert.equal(bad.statusCode, 400);
    await app.inject({ method: 'POST', url: '/api/v1/appeals/repeat-check', headers, payload: { phone: secret.phone, essence: secret.essence } });
    await app.inject({ method: 'GET', url: `/api/v1/appeals?phone=${secret.phone}&name=${encodeURIComponent(secret.surname)}`, headers });
    await new Promise((resolve) => setImmediate(resolve));
    const log = lines.join('');
    assert.ok(log.includes('/api/v1/appeals'), 'requests are logged');
    for (const value of [secret.surname, secret.givenName, secret.residence, 'Унікальний-текст', '0931112299', '+380931112299', secret.email, 'operator-demo-17']) {
      assert.ok(!log.includes(value), `the log must not contain ${value}`);
    }
  });
});
