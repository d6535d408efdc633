import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type WebSocket from 'ws';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type Client, type TestApp } from '../../test/app.ts';
import { openLive } from '../../test/live-messages.ts';
import { validAppeal } from '../../test/fixtures.ts';
import { within } from '../../test/deadline.ts';

/** Opens channels until one is let in (the server may not have seen the last close yet); fails after 5 s. */
async function waitForOpening(t: TestApp, client: Client, sockets: WebSocket[]): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    let first: Promise<string> | undefined;
    const socket = await t.app.injectWS('/api/v1/live', { headers: { cookie: client.headers.cookie!, host: 'localhost' } }, {
      onInit: (ws) => {
        first = new Promise((resolve) => {
          ws.once('message', (data) => resolve(String((JSON.parse(String(data)) as { type: string }).type)));
          ws.once('close', (code) => resolve(`closed ${code}`));
        });
      },
    });
    sockets.push(socket);
    const outcome = await within(first!, 5000, 'the hello or the close of a new live channel');
    if (outcome === 'hello') return outcome;
    if (Date.now() > deadline) throw new Error(`no channel opened again within 5 s: ${outcome}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

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
      assert.equal(await within(closed!, 5000, 'the foreign site\'s channel closed'), 4403);
    });

    const closedWith = async (client: Client, headers: Record<string, string>) => {
      let closed: Promise<number> | undefined;
      const socket = await t.app.injectWS('/api/v1/live', { headers: { cookie: client.headers.cookie!, host: 'localhost', ...headers } }, {
        onInit: (ws) => { closed = new Promise((resolve) => ws.on('close', (code) => resolve(code))); },
      });
      sockets.push(socket);
      return within(closed!, 5000, `the channel from ${JSON.stringify(headers)} closed`);
    };

    test('an Origin of "null" (a sandboxed frame, a file: page) or one that is no address at all is a foreign site, closed at once', async () => {
      assert.equal(await closedWith(t.as.supervisor, { origin: 'null' }), 4403);
      assert.equal(await closedWith(t.as.supervisor, { origin: '::::' }), 4403);
      const { inbox } = await connect(t.as.supervisor, { origin: 'http://localhost' });
      assert.equal(inbox.messages[0]?.type, 'hello', 'the site itself is let in');
    });

    test('one user holds at most DOVIRA_LIVE_CONNECTIONS_PER_USER channels; a closed one frees its place; other users are not affected', async () => {
      const limited = await startTestApp(target, { liveConnectionsPerUser: 2 });
      const own: WebSocket[] = [];
      try {
        const operator = await limited.login('operator');
        const first = await openLive(limited.app, operator, own);
        await openLive(limited.app, operator, own);
        let refused: Promise<number> | undefined;
        own.push(await limited.app.injectWS('/api/v1/live', { headers: { cookie: operator.headers.cookie!, host: 'localhost' } }, {
          onInit: (ws) => { refused = new Promise((resolve) => ws.on('close', (code) => resolve(code))); },
        }));
        assert.equal(await within(refused!, 5000, 'the third channel of one user closed'), 4429, 'the third channel of one user is refused');
        const supervisor = await openLive(limited.app, limited.as.supervisor, own);
        assert.equal(supervisor.inbox.messages[0]?.type, 'hello', 'another user still connects');
        // A tab closed or a network gone: the connection ends.
        first.socket.terminate();
        // The server counts the place free once it has seen the close: a new channel then opens.
        const again = await waitForOpening(limited, operator, own);
        assert.equal(again, 'hello');
      } finally {
        for (const socket of own) socket.terminate();
        for (const client of limited.app.websocketServer.clients) client.terminate();
        await limited.close();
      }
    });

    test('the address asked as a plain page is a Ukrainian problem saying it is a WebSocket, not an empty 404', async () => {
      const response = await t.as.supervisor.get('/api/v1/live');
      assert.equal(response.statusCode, 426);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(response.headers.upgrade, 'websocket');
      assert.match(response.json().detail, /лише через WebSocket/);
      assert.equal((await t.anonymous.get('/api/v1/live')).statusCode, 401, 'without a session it is refused first');
    });
  });
}
