// Two Dovira processes on one PostgreSQL: a supervisor connected to one hears of an appeal
// registered through the other, carried by LISTEN/NOTIFY.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { postgresServer } from './databases.ts';
import { validAppeal } from './fixtures.ts';
import { inboxOf } from './live-messages.ts';
import { freshPostgresDatabase, loginOverHttp, startServer, stopServer, type Started } from './server-process.ts';

const postgres = postgresServer('two processes share one database, which PGlite cannot');

describe('live updates across two processes', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => { for (const cleanup of cleanups.reverse()) await cleanup(); });

  test('A2: a supervisor on one node sees an appeal registered on another, and nothing it may not see', { skip: postgres.skip }, async () => {
    const database = await freshPostgresDatabase(postgres.url, 'dovira_live');
    cleanups.push(database.drop);
    const env = { DATABASE_URL: database.url, DOVIRA_DEMO_DATA: 'true' };
    const first: Started = await startServer(env);
    cleanups.push(() => stopServer(first));
    const second: Started = await startServer(env);
    cleanups.push(() => stopServer(second));
    assert.notEqual(first.url, second.url);

    const supervisor = await loginOverHttp(second.url, 'supervisor', 'supervisor-demo');
    const socket = new WebSocket(`${second.url.replace('http', 'ws')}/api/v1/live`, { headers: { cookie: supervisor.cookie } });
    const inbox = inboxOf(socket);
    cleanups.push(async () => { socket.terminate(); });
    await inbox.waitFor((m) => m.type === 'hello');

    const operator = await loginOverHttp(first.url, 'operator', 'operator-demo-17');
    const response = await fetch(`${first.url}/api/v1/appeals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: operator.cookie, 'x-csrf-token': operator.csrfToken },
      body: JSON.stringify(validAppeal),
    });
    assert.equal(response.status, 201);
    const appeal = (await response.json()) as { id: string; registrationNumber: string };
    const message = await inbox.waitFor((m) => m.type === 'appeal.registered' && m.appealId === appeal.id, 10_000);
    assert.equal(message.registrationNumber, appeal.registrationNumber);

    const clerk = await loginOverHttp(second.url, 'clerk', 'clerk-demo-pass');
    const clerkSocket = new WebSocket(`${second.url.replace('http', 'ws')}/api/v1/live`, { headers: { cookie: clerk.cookie } });
    const clerkInbox = inboxOf(clerkSocket);
    cleanups.push(async () => { clerkSocket.terminate(); });
    await clerkInbox.waitFor((m) => m.type === 'hello');
    const another = await fetch(`${first.url}/api/v1/appeals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: operator.cookie, 'x-csrf-token': operator.csrfToken },
      body: JSON.stringify({ ...validAppeal, kind: 'request' }),
    });
    const secondAppeal = (await another.json()) as { id: string };
    await inbox.waitFor((m) => m.appealId === secondAppeal.id, 10_000);
    assert.ok(!clerkInbox.messages.some((m) => m.type === 'appeal.registered'), 'a clerk hears nothing of appeals not forwarded to their body');
  });
});
