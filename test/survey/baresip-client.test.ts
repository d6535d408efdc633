// The ctrl_tcp client against a stand-in for baresip: commands matched to responses by token,
// events delivered, and the connection re-opened after baresip goes away or garbles the stream.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { BaresipClient, BaresipUnavailable } from '../../src/telephony/adapters/baresip/client.ts';
import { encodeNetstring, NetstringDecoder } from '../../src/telephony/adapters/netstring.ts';
import type { BaresipEvent } from '../../src/telephony/adapters/baresip/messages.ts';

interface FakeBaresip {
  port: number;
  connections: number;
  received: { command: string; params?: string; token: string }[];
  /** What to do with each command; default: answer ok with its params as data. */
  onCommand: (command: { command: string; params?: string; token: string }, socket: net.Socket) => void;
  sockets: Set<net.Socket>;
  close(): Promise<void>;
}

async function fakeBaresip(): Promise<FakeBaresip> {
  const fake: FakeBaresip = {
    port: 0,
    connections: 0,
    received: [],
    sockets: new Set(),
    onCommand: (command, socket) => socket.write(encodeNetstring(JSON.stringify({ response: true, ok: true, data: command.params ?? '', token: command.token }))),
    close: async () => {
      for (const socket of fake.sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = net.createServer((socket) => {
    fake.connections++;
    fake.sockets.add(socket);
    socket.on('close', () => fake.sockets.delete(socket));
    const decoder = new NetstringDecoder();
    socket.on('data', (chunk: Buffer) => {
      for (const payload of decoder.push(chunk)) {
        const command = JSON.parse(payload) as { command: string; params?: string; token: string };
        fake.received.push(command);
        fake.onCommand(command, socket);
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.port = (server.address() as net.AddressInfo).port;
  return fake;
}

const until = async (condition: () => boolean, what: string) => {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('baresip ctrl_tcp client', () => {
  const clients: BaresipClient[] = [];
  const fakes: FakeBaresip[] = [];
  const open = async () => {
    const fake = await fakeBaresip();
    fakes.push(fake);
    const client = new BaresipClient({ address: { host: '127.0.0.1', port: fake.port }, minReconnectMs: 20, maxReconnectMs: 100, commandTimeoutMs: 500 });
    clients.push(client);
    client.start();
    assert.equal(await client.waitConnected(3000), true);
    return { fake, client };
  };
  after(async () => {
    for (const client of clients) await client.close();
    for (const fake of fakes) await fake.close();
  });

  test('a command goes out as netstring JSON with a token and gets its own response, even out of order', async () => {
    const { fake, client } = await open();
    const held: { token: string; params?: string }[] = [];
    fake.onCommand = (command, socket) => {
      held.push(command);
      if (held.length < 2) return;
      // Answer the second before the first.
      for (const c of held.reverse()) socket.write(encodeNetstring(JSON.stringify({ response: true, ok: true, data: `answer ${c.params}`, token: c.token })));
    };
    const [first, second] = await Promise.all([client.command('dial', 'sip:a@b'), client.command('ausrc', 'aufile,/тека/файл.wav')]);
    assert.equal(first.data, 'answer sip:a@b');
    assert.equal(second.data, 'answer aufile,/тека/файл.wav');
    assert.deepEqual(fake.received.map((c) => c.command), ['dial', 'ausrc']);
    assert.notEqual(fake.received[0]!.token, fake.received[1]!.token);
  });

  test('events reach every listener; a listener can unsubscribe', async () => {
    const { fake, client } = await open();
    const seen: BaresipEvent[] = [];
    const seenByOther: BaresipEvent[] = [];
    const off = client.onEvent((event) => seen.push(event));
    client.onEvent((event) => seenByOther.push(event));
    const socket = [...fake.sockets][0]!;
    socket.write(encodeNetstring(JSON.stringify({ event: true, class: 'call', type: 'CALL_DTMF_START', direction: 'incoming', id: 'c1', param: '5' })));
    await until(() => seen.length === 1 && seenByOther.length === 1, 'event');
    assert.equal(seen[0]!.param, '5');
    off();
    socket.write(encodeNetstring(JSON.stringify({ event: true, class: 'call', type: 'CALL_CLOSED', id: 'c1' })));
    // Once the listener still subscribed has it, the one that left would have had it too.
    await until(() => seenByOther.length === 2, 'the second event');
    assert.equal(seen.length, 1);
  });

  test('when baresip goes away, waiting commands fail and the client connects again', async () => {
    const { fake, client } = await open();
    fake.onCommand = () => {};
    const pending = client.command('accept');
    await until(() => fake.received.length === 1, 'command received');
    for (const socket of fake.sockets) socket.destroy();
    await assert.rejects(pending, BaresipUnavailable);
    await until(() => fake.connections === 2 && client.connected, 'reconnected');
    fake.onCommand = (command, socket) => socket.write(encodeNetstring(JSON.stringify({ response: true, ok: true, data: 'ok', token: command.token })));
    assert.equal((await client.command('hangup')).data, 'ok');
  });

  test('a garbled stream is dropped and the connection re-opened; a silent baresip times the command out', async () => {
    const { fake, client } = await open();
    [...fake.sockets][0]!.write('garbage without framing');
    await until(() => fake.connections === 2 && client.connected, 'reconnected after garbage');
    fake.onCommand = () => {};
    await assert.rejects(client.command('accept'), /немає відповіді/);
  });

  test('commands baresip would cut or misread are refused before sending', async () => {
    const { fake, client } = await open();
    await assert.rejects(client.command('Dial'), /некоректна команда/);
    await assert.rejects(client.command('dial', 'sip:a@b\nhangup'), /керівні символи/);
    await assert.rejects(client.command('ausrc', `aufile,/${'x'.repeat(300)}.wav`), /довша/);
    assert.equal(fake.received.length, 0);
    await client.close();
    await assert.rejects(client.command('hangup'), BaresipUnavailable);
  });
});
