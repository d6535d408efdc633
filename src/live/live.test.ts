import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type WebSocket from 'ws';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type Client, type TestApp } from '../../test/app.ts';
import { openLive } from '../../test/live-messages.ts';
import { validAppeal } from '../../test/fixtures.ts';

for (const target of databaseTargets()) {
  describe(`live updates over WebSocket on ${target.name}`, () => {
    let t: TestApp;
    const sockets: WebSocket[] = [];
    before(async () => { t = await startTestApp(target); });
    after(async () => {
      for (const socket of sockets) socket.terminate();
      // The server's ends too: a polite close would wait 30 s for a handshake that injected sockets never send.
      for (const client of t?.app.websocketServer.clients ?? []) client.terminate();
      await t?.close();
    });

    const connect = (client: Client, headers: Record<string, string> = {}) => openLive(t.app, client, sockets, headers);

    test('A2: a supervisor sees a new appeal the moment it is registered, without asking', async () => {
      const { inbox } = await connect(t.as.supervisor);
      const registered = (await t.as.operator.post('/api/v1/appeals', validAppeal)).json();
      const message = await inbox.waitFor((m) => m.type === 'appeal.registered' && m.appealId === registered.id);
      assert.equal(message.registrationNumber, registered.registrationNumber);
      assert.equal(message.kind, 'complaint');
      assert.ok(!JSON.stringify(message).includes('Шевчук'), 'live events carry no personal data');
    });

    test('each role hears only what it may see: an operator their own appeals, a clerk none of these', async () => {
      await t.as.admin.post('/api/v1/users', { login: 'live-op2', fullName: 'Василь Петрович Гуменюк', role: 'operator', password: 'another-password-2', operatorNumber: 42 });
      const other = await t.login('live-op2', 'another-password-2');
      const own = await connect(t.as.operator);
      const foreign = await connect(other);
      const clerk = await connect(t.as.court_clerk);
      const registered = (await t.as.operator.post('/api/v1/appeals', validAppeal)).json();
      await own.inbox.waitFor((m) => m.appealId === registered.id);
      const status = await t.as.supervisor.post(`/api/v1/appeals/${registered.id}/status`, { status: 'resolved' });
      assert.equal(status.statusCode, 200);
      await own.inbox.waitFor((m) => m.type === 'appeal.status_changed' && m.appealId === registered.id && m.status === 'resolved');
      assert.ok(!foreign.inbox.messages.some((m) => m.appealId === registered.id), 'another operator does not hear of it');
      assert.ok(!clerk.inbox.messages.some((m) => m.appealId === registered.id), 'a clerk hears only of appeals forwarded to their body');
    });

    test('without a session the channel does not open; from a foreign site it is closed at once', async () => {
      await assert.rejects(t.app.injectWS('/api/v1/live', { headers: { host: 'localhost' } }), /401/);
      let closed: Promise<number> | undefined;
      const socket = await t.app.injectWS('/api/v1/live', { headers: { cookie: t.as.supervisor.headers.cookie!, host: 'localhost', origin: 'https://evil.example' } }, {
        onInit: (ws) => { closed = new Promise((resolve) => ws.on('close', (code) => resolve(code))); },
      });
      sockets.push(socket);
      assert.equal(await closed, 4403);
    });
  });
}
