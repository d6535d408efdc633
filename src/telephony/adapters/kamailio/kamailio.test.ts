// kamailio's adapter without kamailio: the framing, the mapping onto the contract, the event
// stream against a stand-in evapi server (reconnects, replays, acknowledgements, repeats, order),
// and the call control against a stand-in JSON-RPC server. test/sip/ runs the real thing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { databaseTargets } from '../../../../test/databases.ts';
import { startTestApp, type TestApp } from '../../../../test/app.ts';
import { EventIngestQueue } from '../../ingest.ts';
import type { EventOutcomeView } from '../../contract.ts';
import { kamailioActor, KAMAILIO_LOGIN } from './actor.ts';
import { KamailioCallControl } from './control.ts';
import { isoTimestamp, parseFrame, pbxCallId, toPbxEvent, type KamailioEvent } from './events.ts';
import { NetstringDecoder, NetstringError, encodeNetstring } from '../netstring.ts';
import { KamailioEventStream } from './stream.ts';
import { sipHa1 } from '../../sip-credentials.ts';

const quietLog = { info() {}, warn() {}, error() {}, debug() {}, child() { return quietLog; } } as unknown as FastifyBaseLogger;

describe('netstrings as evapi frames them', () => {
  test('whole, split across reads, several in one read, with whitespace between, and UTF-8 counted in bytes', () => {
    const decoder = new NetstringDecoder();
    const framed = Buffer.concat([encodeNetstring('{"a":1}'), Buffer.from('\n '), encodeNetstring('Заявник'), encodeNetstring('x')]);
    const got: string[] = [];
    for (let i = 0; i < framed.length; i += 3) got.push(...decoder.push(framed.subarray(i, i + 3)));
    assert.deepEqual(got, ['{"a":1}', 'Заявник', 'x']);
    assert.equal(encodeNetstring('Заявник').toString('utf8'), '14:Заявник,');
  });

  test('a broken frame is refused: no length, a letter in it, a missing comma, a leading zero, too long', () => {
    for (const bad of ['abc', '12a:', '3:abcd', '03:abc,', '9999999:']) {
      assert.throws(() => new NetstringDecoder(1000).push(Buffer.from(bad)), NetstringError, bad);
    }
    assert.throws(() => new NetstringDecoder().push(Buffer.from('12345678')), NetstringError, 'more than 7 digits and no colon');
    assert.deepEqual(new NetstringDecoder().push(Buffer.from('12')), [], 'a length still arriving waits');
  });
});

const kam = (fields: Partial<KamailioEvent> & { type: string }): KamailioEvent =>
  ({ v: 1, id: `kam-${fields.type}-1`, callId: 'a1b2@10.0.0.5', ts: '1795608500.042304', ...fields }) as KamailioEvent;

describe('kamailio events onto the contract', () => {
  test('the timestamp keeps its milliseconds (microseconds are zero-padded by kamailio)', () => {
    assert.equal(isoTimestamp('1795608500.042304'), '2026-11-25T12:08:20.042Z');
    assert.equal(isoTimestamp('1795608500.999999'), '2026-11-25T12:08:20.999Z');
  });

  test('a Call-ID the contract can carry is kept; one with other characters becomes a stable digest', () => {
    assert.equal(pbxCallId('1-4198@127.0.0.1'), '1-4198@127.0.0.1');
    const odd = pbxCallId('a!b%c~d@host');
    assert.match(odd, /^sip-sha256:[0-9a-f]{64}$/);
    assert.equal(pbxCallId('a!b%c~d@host'), odd);
    assert.notEqual(pbxCallId('a!b%c~e@host'), odd);
    assert.match(pbxCallId('x'.repeat(251)), /^sip-sha256:/);
  });

  test('each type maps onto its contract event', () => {
    const mapped = (event: KamailioEvent) => {
      const result = toPbxEvent(event);
      assert.ok(result.ok, JSON.stringify(result));
      return result.event as unknown as Record<string, unknown>;
    };
    assert.deepEqual(mapped(kam({ type: 'offered', from: '0501234567', to: '1017', direction: 'inbound', extension: '1017' })), {
      type: 'offered', eventId: 'kam-offered-1', callId: 'a1b2@10.0.0.5', timestamp: '2026-11-25T12:08:20.042Z', from: '0501234567', to: '1017', direction: 'inbound',
    });
    assert.equal(mapped(kam({ type: 'ringing', extension: '1017' })).extension, '1017');
    assert.equal(mapped(kam({ type: 'answered', extension: '1017' })).extension, '1017');
    assert.deepEqual(Object.keys(mapped(kam({ type: 'hold' }))).sort(), ['callId', 'eventId', 'timestamp', 'type']);
    assert.equal(mapped(kam({ type: 'transfer', to: '1020', kind: 'blind' })).to, '1020');
    assert.equal(mapped(kam({ type: 'transfer', to: '', kind: 'blind' })).to, 'unknown', 'a Refer-To without a user');
    assert.deepEqual(mapped(kam({ type: 'hangup', cause: 'cancel', by: 'caller' })).by, 'caller');
    // A display name or an escaped number keeps its digits; the characters the contract refuses go.
    assert.equal(mapped(kam({ type: 'offered', from: '%2B380501234567', to: '1017', direction: 'inbound' })).from, '2B380501234567');
    const future = mapped(kam({ type: 'conference_joined', room: '7' } as Partial<KamailioEvent> & { type: string }));
    assert.equal(future.room, '7', 'a newer type is passed on whole, to be kept and ignored');
  });

  test('the linked id (the first leg’s Call-ID) is passed on as the contract’s linkedId, made to fit as the Call-ID is', () => {
    const own = toPbxEvent(kam({ type: 'hold', linkedId: 'a1b2@10.0.0.5' }));
    assert.ok(own.ok);
    assert.equal(own.event.linkedId, own.event.callId, 'a call with no earlier leg is linked to itself');
    const leg = toPbxEvent(kam({ type: 'offered', callId: 'leg2///a1b2@10.0.0.5', linkedId: 'a!b%c~d@host', from: '0501234567', to: '1018', direction: 'inbound' }));
    assert.ok(leg.ok);
    assert.equal(leg.event.linkedId, pbxCallId('a!b%c~d@host'));
    assert.match(leg.event.linkedId!, /^sip-sha256:/);
    const older = toPbxEvent(kam({ type: 'hold' }));
    assert.ok(older.ok);
    assert.equal(older.event.linkedId, undefined, 'an event of an older configuration has none');
    assert.equal(parseFrame(JSON.stringify(kam({ type: 'hold', linkedId: '' }))).kind, 'malformed');
  });

  test('what the contract refuses is reported, not passed on', () => {
    const noExtension = toPbxEvent(kam({ type: 'ringing' }));
    assert.equal(noExtension.ok, false);
    const badBy = toPbxEvent(kam({ type: 'hangup', cause: 'normal_clearing', by: 'nobody' }));
    assert.equal(badBy.ok, false);
    assert.ok(!badBy.ok && badBy.reason.length > 0);
  });

  test('frames: an event, the end of a replay, and what cannot be read (with its id when it has one)', () => {
    assert.equal(parseFrame(JSON.stringify(kam({ type: 'hold' }))).kind, 'event');
    assert.deepEqual(parseFrame('{"type":"replay_done","nonce":"n1","count":3}'), { kind: 'replay_done', nonce: 'n1', count: 3 });
    assert.deepEqual(parseFrame('not json'), { kind: 'malformed', id: null, type: null, reason: 'не JSON' });
    const noTs = parseFrame('{"v":1,"id":"kam-x-1","type":"hold","callId":"c"}');
    assert.equal(noTs.kind, 'malformed');
    assert.equal(noTs.kind === 'malformed' && noTs.id, 'kam-x-1');
    const badId = parseFrame('{"v":1,"id":"bad id with spaces","type":"hold","callId":"c","ts":"1.000000"}');
    assert.equal(badId.kind === 'malformed' && badId.id, null, 'an id kamailio would not take back in an ack');
    assert.equal(parseFrame('{"v":1,"id":"k","type":"hold","callId":"c","ts":"1.5"}').kind, 'malformed', 'microseconds not padded');
  });
});

/** A stand-in for kamailio's evapi: one client at a time; records what the client sends. */
class FakeEvapi {
  readonly server = net.createServer((socket) => this.#accept(socket));
  socket: net.Socket | null = null;
  readonly received: string[] = [];
  connections = 0;
  /** What a replay request is answered with: the outbox (events not yet acknowledged). */
  outbox = new Map<string, string>();
  answerReplays = true;
  #waiters: (() => void)[] = [];

  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  #accept(socket: net.Socket): void {
    this.socket = socket;
    this.connections++;
    const decoder = new NetstringDecoder();
    socket.on('data', (chunk) => {
      for (const message of decoder.push(chunk)) {
        this.received.push(message);
        if (message.startsWith('ack ')) this.outbox.delete(message.slice(4));
        if (message.startsWith('replay ') && this.answerReplays) {
          for (const event of this.outbox.values()) socket.write(encodeNetstring(event));
          socket.write(encodeNetstring(JSON.stringify({ type: 'replay_done', nonce: message.slice(7), count: this.outbox.size })));
        }
      }
      for (const wake of this.#waiters.splice(0)) wake();
    });
    socket.on('error', () => {});
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** An event as the configuration emits it: kept in the outbox, and sent if someone listens. */
  emit(event: Record<string, unknown>, { send = true } = {}): void {
    const text = JSON.stringify(event);
    this.outbox.set(event.id as string, text);
    if (send) this.socket?.write(encodeNetstring(text));
  }

  sendRaw(bytes: string | Buffer): void {
    this.socket?.write(bytes);
  }

  async until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 20);
      });
    }
  }

  dropClient(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  async close(): Promise<void> {
    this.dropClient();
    this.server.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

for (const target of databaseTargets()) {
  describe(`kamailio event stream against a stand-in evapi on ${target.name}`, () => {
    let t: TestApp;
    let fake: FakeEvapi;
    let stream: KamailioEventStream;
    /** The process's ingest, as `npm start` hands it over; counts what went through it. */
    let queue: EventIngestQueue & { events: number };
    const batches: EventOutcomeView[][] = [];
    let n = 0;
    const base = Date.parse('2026-11-25T10:00:00Z') / 1000;
    const ev = (callId: string, type: string, second: number, fields: Record<string, unknown> = {}) =>
      ({ v: 1, id: `kam-${type}-${callId}-${++n}`, type, callId, ts: `${base + second}.000000`, ...fields });
    const callOf = (pbxCallId: string) => t.db.selectFrom('calls').selectAll().where('pbx_call_id', '=', pbxCallId).executeTakeFirst();
    const timeline = async (pbxCallId: string) => {
      const call = await callOf(pbxCallId);
      return call ? (await t.db.selectFrom('call_events').select('type').where('call_id', '=', call.id).orderBy('seq').execute()).map((e) => e.type) : [];
    };
    const outcomesOf = async (pbxCallId: string) =>
      (await t.db.selectFrom('pbx_events').select(['type', 'outcome']).where('pbx_call_id', '=', pbxCallId).orderBy('received_at').orderBy('occurred_at').execute());

    before(async () => {
      t = await startTestApp(target);
      for (const extension of ['1101', '1102']) {
        const mapped = await t.as.admin.request('PUT', `/api/v1/telephony/extensions/${extension}`, { operatorId: t.as.operator.userId });
        assert.equal(mapped.statusCode, 200, mapped.body);
      }
      fake = new FakeEvapi();
      const port = await fake.listen();
      const ingest = new EventIngestQueue(t.db);
      queue = Object.assign(ingest, { events: 0 });
      const through = ingest.ingest.bind(ingest);
      ingest.ingest = (actor, events, receivedAt, log) => { queue.events += events.length; return through(actor, events, receivedAt, log); };
      stream = new KamailioEventStream({
        host: '127.0.0.1', port, db: t.db, actor: await kamailioActor(t.db), queue, now: t.clock.now, log: quietLog,
        retryDelayMs: 50, maxRetryDelayMs: 200, gatherMs: 20, onBatch: (results) => batches.push(results),
      });
    });
    after(async () => {
      await stream?.stop();
      await fake?.close();
      await t?.close();
    });

    test('events sent while Dovira was away are replayed on connecting, applied in kamailio’s order, then acknowledged', async () => {
      // The outbox holds a whole call, out of order, before Dovira ever connected.
      const events = [
        ev('r1', 'hangup', 30, { cause: 'normal_clearing', by: 'caller' }),
        ev('r1', 'answered', 3, { extension: '1101' }),
        ev('r1', 'ringing', 1, { extension: '1101' }),
        ev('r1', 'offered', 0, { from: '0501234567', to: '1101', direction: 'inbound' }),
      ];
      for (const event of events) fake.emit(event, { send: false });
      stream.start();
      await fake.until(() => fake.outbox.size === 0, 'the outbox to be acknowledged');
      assert.deepEqual(await timeline('r1'), ['offered', 'answered', 'ended']);
      const call = await callOf('r1');
      assert.equal(call?.end_reason, 'caller_hung_up', 'not “abandoned”: the hangup came after the answer in kamailio’s time');
      assert.equal(call?.caller_phone, '+380501234567');
      assert.ok(fake.received[0]!.startsWith('replay '), 'the replay is asked for first');
      assert.deepEqual(new Set(fake.received.filter((m) => m.startsWith('ack ')).map((m) => m.slice(4))), new Set(events.map((e) => e.id)));
    });

    test('the same events delivered twice and out of order change the call once; repeats are kept as duplicates', async () => {
      const offered = ev('d1', 'offered', 0, { from: '0671112233', to: '1102', direction: 'inbound' });
      const answered = ev('d1', 'answered', 2, { extension: '1102' });
      const ringing = ev('d1', 'ringing', 1, { extension: '1102' });
      for (const event of [answered, offered, ringing, answered, offered]) fake.emit(event);
      await fake.until(() => fake.outbox.size === 0, 'acks');
      await stream.settled();
      assert.deepEqual(await timeline('d1'), ['offered', 'answered']);
      const kept = await outcomesOf('d1');
      assert.equal(kept.filter((e) => e.outcome === 'duplicate').length, 2);
      assert.equal(kept.filter((e) => e.type === 'answered' && e.outcome === 'applied').length, 1);
      const before = await timeline('d1');
      fake.emit(answered); // once more, much later
      await fake.until(() => fake.outbox.size === 0, 'ack of the repeat');
      await stream.settled();
      assert.deepEqual(await timeline('d1'), before);
    });

    test('kamailio going away: Dovira reconnects by itself, pays the acks it owes, and the replay brings what was missed', async () => {
      const connectionsBefore = fake.connections;
      const hold = ev('d1', 'hold', 10);
      fake.emit(hold);
      fake.dropClient();
      // While Dovira is away: kamailio keeps emitting into its outbox.
      const unhold = ev('d1', 'unhold', 20);
      const hangup = ev('d1', 'hangup', 25, { cause: 'normal_clearing', by: 'operator' });
      fake.emit(unhold, { send: false });
      fake.emit(hangup, { send: false });
      await fake.until(() => fake.connections > connectionsBefore && fake.outbox.size === 0, 'reconnection and replay');
      await stream.settled();
      const call = await callOf('d1');
      assert.equal(call?.status, 'ended');
      assert.equal(call?.end_reason, 'completed');
      const holds = await t.db.selectFrom('pbx_holds').selectAll().where('call_id', '=', call!.id).execute();
      assert.equal(holds.length, 1, 'the phone hold is recorded once, however often its event came');
      assert.equal(holds[0]!.ended_at?.toISOString(), new Date((base + 20) * 1000).toISOString());
      const applied = (await outcomesOf('d1')).filter((e) => e.outcome !== 'duplicate').map((e) => e.type);
      assert.deepEqual(applied.filter((type) => ['hold', 'unhold', 'hangup'].includes(type)), ['hold', 'unhold', 'hangup'], 'each stored once');
    });

    test('what cannot be read is acknowledged and dropped; a broken frame makes Dovira reconnect', async () => {
      const malformed = { v: 1, id: 'kam-bad-1', type: 'ringing', callId: 'm1', ts: `${base}.000000` }; // no extension
      fake.emit(malformed);
      fake.sendRaw(encodeNetstring('not json at all'));
      await fake.until(() => fake.outbox.size === 0, 'the malformed event acknowledged');
      assert.equal(await callOf('m1'), undefined);
      assert.ok(stream.stats.malformed >= 2);
      const connectionsBefore = fake.connections;
      fake.sendRaw('12x:broken,');
      await fake.until(() => fake.connections > connectionsBefore, 'a reconnection after broken framing');
      const later = ev('m2', 'offered', 40, { from: '0931234567', to: '1101', direction: 'inbound' });
      fake.emit(later);
      await fake.until(() => fake.outbox.size === 0, 'the stream working again');
      await stream.settled();
      assert.deepEqual(await timeline('m2'), ['offered']);
    });

    test('events that cannot be stored are not acknowledged: kamailio keeps them, and the replay after reconnecting stores them', async () => {
      await stream.stop();
      let failing = true;
      // The database refuses every transaction for a while, as during a fail-over.
      const flaky = new Proxy(t.db, {
        get(target, property, receiver) {
          if (property === 'transaction' && failing) return () => { throw new Error('connection terminated'); };
          const value = Reflect.get(target, property, receiver) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      const shaky = new KamailioEventStream({
        host: '127.0.0.1', port: (fake.server.address() as net.AddressInfo).port, db: flaky, actor: await kamailioActor(t.db),
        now: t.clock.now, log: quietLog, retryDelayMs: 50, maxRetryDelayMs: 100, gatherMs: 20,
      });
      shaky.start();
      try {
        const connectionsBefore = fake.connections;
        fake.emit(ev('f1', 'offered', 60, { from: '0931234567', to: '1101', direction: 'inbound' }));
        await fake.until(() => fake.connections >= connectionsBefore + 2, 'reconnections after failed storage');
        assert.equal(fake.outbox.size, 1, 'not acknowledged');
        assert.equal(await callOf('f1'), undefined);
        failing = false;
        await fake.until(() => fake.outbox.size === 0, 'stored once the database is back');
        await shaky.settled();
        assert.deepEqual(await timeline('f1'), ['offered']);
      } finally {
        failing = false;
        await shaky.stop();
        stream.start();
      }
    });

    test('a replay that never ends does not stop the stream for good', async () => {
      await stream.stop();
      fake.answerReplays = false;
      const quick = new KamailioEventStream({
        host: '127.0.0.1', port: (fake.server.address() as net.AddressInfo).port, db: t.db, actor: await kamailioActor(t.db),
        now: t.clock.now, log: quietLog, retryDelayMs: 50, gatherMs: 20, replayTimeoutMs: 300,
      });
      quick.start();
      try {
        await fake.until(() => fake.socket !== null && fake.received.at(-1)?.startsWith('replay ') === true, 'a replay request');
        fake.emit(ev('q1', 'offered', 50, { from: '0931234567', to: '1101', direction: 'inbound' }));
        await fake.until(() => fake.outbox.size === 0, 'the live event applied after the replay timed out', 3000);
        assert.deepEqual(await timeline('q1'), ['offered']);
      } finally {
        await quick.stop();
        fake.answerReplays = true;
      }
    });

    test('the exchange’s machine user is created once, with the role pbx', async () => {
      const first = await kamailioActor(t.db);
      const second = await kamailioActor(t.db);
      assert.equal(first.userId, second.userId);
      const user = await t.db.selectFrom('users').select(['role', 'login']).where('id', '=', first.userId!).executeTakeFirstOrThrow();
      assert.deepEqual(user, { role: 'pbx', login: KAMAILIO_LOGIN });
      assert.ok(batches.length > 0);
    });

    test('the events go through the ingest the stream is given, the one the event API uses in `npm start`', () => {
      assert.ok(queue.events > 0);
      assert.equal(queue.events, stream.stats.stored + stream.stats.duplicates, 'every event stored by the stream went through it');
    });
  });
}

for (const target of databaseTargets()) {
  describe(`phones’ SIP passwords handed to a stand-in evapi on ${target.name}`, () => {
    const REALM = 'sip.court.example';
    let t: TestApp;
    let fake: FakeEvapi;
    let stream: KamailioEventStream;
    const passwords = new Map<string, string>();
    interface Item { user: string; realm: string | null; ha1: string | null; version: number }
    /** The credentials messages kamailio received, in order. */
    const credentialFrames = () => fake.received.filter((message) => message.startsWith('{')).map((message) => JSON.parse(message) as { type: string; items: Item[] });
    const extensions = Array.from({ length: 60 }, (_, i) => String(4000 + i));

    before(async () => {
      t = await startTestApp(target, { sipRealm: REALM });
      for (const extension of extensions) {
        assert.equal((await t.as.admin.request('PUT', `/api/v1/telephony/extensions/${extension}`, { operatorId: t.as.operator.userId })).statusCode, 200);
        const generated = await t.as.admin.post(`/api/v1/telephony/extensions/${extension}/sip-password`, {});
        assert.equal(generated.statusCode, 201, generated.body);
        passwords.set(extension, generated.json().password);
      }
      assert.equal((await t.as.admin.request('DELETE', '/api/v1/telephony/extensions/4000/sip-password')).statusCode, 204);
      assert.equal((await t.as.admin.request('DELETE', '/api/v1/telephony/extensions/4001')).statusCode, 204);
      fake = new FakeEvapi();
      const port = await fake.listen();
      stream = new KamailioEventStream({
        host: '127.0.0.1', port, db: t.db, actor: await kamailioActor(t.db), now: t.clock.now, log: quietLog,
        retryDelayMs: 50, maxRetryDelayMs: 200, gatherMs: 20, credentialsCheckMs: 50,
      });
    });
    after(async () => {
      await stream?.stop();
      await fake?.close();
      await t?.close();
    });

    test('on connecting, kamailio gets every phone’s HA1, a removed password (or extension) as null, fifty to a message, with the versions stored', async () => {
      stream.start();
      await fake.until(() => credentialFrames().flatMap((frame) => frame.items).length >= 60, 'every phone’s credentials');
      const frames = credentialFrames();
      assert.deepEqual(frames.map((frame) => [frame.type, frame.items.length]), [['credentials', 50], ['credentials', 10]], 'well inside evapi’s read buffer');
      const items = new Map(frames.flatMap((frame) => frame.items).map((item) => [item.user, item]));
      const versions = new Map((await t.db.selectFrom('pbx_sip_credentials').select(['extension', 'version']).execute()).map((row) => [row.extension, row.version]));
      for (const extension of extensions) {
        const removed = extension === '4000' || extension === '4001';
        assert.deepEqual(items.get(extension), {
          user: extension,
          realm: removed ? null : REALM,
          ha1: removed ? null : sipHa1(extension, REALM, passwords.get(extension)!),
          version: versions.get(extension),
        }, extension);
      }
      assert.ok(!fake.received.some((message) => [...passwords.values()].some((password) => message.includes(password))), 'never a password itself');
    });

    test('then each change once, as it happens; after a reconnection everything again', async () => {
      const before = credentialFrames().length;
      assert.equal((await t.as.admin.request('PUT', '/api/v1/telephony/extensions/4002/sip-password', { password: 'New-pass-for-4002' })).statusCode, 200);
      await fake.until(() => credentialFrames().length > before, 'the change to 4002');
      assert.equal((await t.as.admin.request('DELETE', '/api/v1/telephony/extensions/4003/sip-password')).statusCode, 204);
      await fake.until(() => credentialFrames().length > before + 1, 'the removal at 4003');
      const [changed, removed] = credentialFrames().slice(before);
      assert.deepEqual(changed!.items.map((item) => [item.user, item.ha1]), [['4002', sipHa1('4002', REALM, 'New-pass-for-4002')]]);
      assert.deepEqual(removed!.items.map((item) => [item.user, item.ha1]), [['4003', null]], '4002 is not sent again');
      assert.ok(removed!.items[0]!.version > changed!.items[0]!.version);

      const seen = credentialFrames().length;
      const connections = fake.connections;
      fake.dropClient();
      await fake.until(() => fake.connections > connections && credentialFrames().slice(seen).flatMap((frame) => frame.items).length >= 60, 'the whole set on the new connection');
      const again = new Map(credentialFrames().slice(seen).flatMap((frame) => frame.items).map((item) => [item.user, item.ha1]));
      assert.equal(again.get('4002'), sipHa1('4002', REALM, 'New-pass-for-4002'));
      assert.equal(again.get('4003'), null);
      assert.equal(stream.stats.credentialsSent, 60 + 2 + 60);
    });
  });
}

/** A stand-in for kamailio's jsonrpcs: answers by method; records the requests. */
async function fakeJsonRpc(answer: (method: string, params: unknown[]) => { status?: number; body: unknown } | 'hang'): Promise<{ url: string; requests: { method: string; params: unknown[] }[]; close(): Promise<void> }> {
  const requests: { method: string; params: unknown[] }[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => {
      const parsed = JSON.parse(body) as { method: string; params: unknown[]; id: number };
      requests.push({ method: parsed.method, params: parsed.params });
      const reply = answer(parsed.method, parsed.params);
      if (reply === 'hang') return;
      response.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/RPC`,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('ending a call through kamailio JSON-RPC', () => {
  const dialog = { h_entry: 766, h_id: 3214, 'call-id': '1-4198@127.0.0.1', state: 4 };
  /** Answers as kamailio does: dlg.end_dlg sends `byes` BYEs, which htable.get byes then counts. */
  const kamailioLike = (dialogs: unknown[], byes = 2) => {
    let sent = 0;
    return (method: string) => {
      switch (method) {
        case 'dlg.list_match':
        case 'dlg.list':
          return { body: { jsonrpc: '2.0', result: dialogs, id: 1 } };
        case 'dlg.end_dlg':
          sent += byes;
          return { body: { jsonrpc: '2.0', result: {}, id: 2 } };
        case 'htable.get':
          return sent === 0
            ? { body: { jsonrpc: '2.0', error: { code: 500, message: 'Key name doesn\'t exist in htable.' }, id: 3 } }
            : { body: { jsonrpc: '2.0', result: { item: { name: 'x', value: sent } }, id: 3 } };
        default:
          return { body: { jsonrpc: '2.0', error: { code: 500, message: 'unexpected' }, id: 4 } };
      }
    };
  };

  test('T2: the dialog is found by its Call-ID and ended with Dovira’s reason in a Reason header', async () => {
    const rpc = await fakeJsonRpc(kamailioLike([dialog]));
    try {
      const outcome = await new KamailioCallControl({ url: rpc.url }).hangup({ pbxCallId: '1-4198@127.0.0.1', reason: 'no_audio' });
      assert.deepEqual(outcome, { ok: true });
      const md5 = createHash('md5').update('1-4198@127.0.0.1').digest('hex');
      assert.deepEqual(rpc.requests, [
        { method: 'dlg.list_match', params: ['callid', 'eq', '1-4198@127.0.0.1'] },
        { method: 'htable.get', params: ['byes', md5] },
        { method: 'dlg.end_dlg', params: [766, 3214, 'Reason: Q.850;cause=16;text="dovira no_audio"\r\n'] },
        { method: 'htable.get', params: ['byes', md5] },
      ]);
    } finally {
      await rpc.close();
    }
  });

  test('a Call-ID kept as a digest is found among all dialogs', async () => {
    const odd = { ...dialog, 'call-id': 'a!b%c~d@host' };
    const rpc = await fakeJsonRpc(kamailioLike([dialog, odd]));
    try {
      assert.deepEqual(await new KamailioCallControl({ url: rpc.url }).hangup({ pbxCallId: pbxCallId('a!b%c~d@host'), reason: 'abusive_caller' }), { ok: true });
      assert.deepEqual(rpc.requests.map((r) => r.method), ['dlg.list', 'htable.get', 'dlg.end_dlg', 'htable.get']);
      assert.deepEqual(rpc.requests[2]!.params.slice(0, 2), [766, 3214]);
    } finally {
      await rpc.close();
    }
  });

  test('a dialog still being set up is ended once confirmed, never half-way; one that stays unconfirmed is refused', async () => {
    let polls = 0;
    const settled = kamailioLike([{ ...dialog, state: 4 }]);
    const settling = await fakeJsonRpc((method) => method === 'dlg.list_match' && ++polls < 3
      ? { body: { jsonrpc: '2.0', result: [{ ...dialog, state: 3 }], id: 1 } }
      : settled(method));
    const stuck = await fakeJsonRpc(() => ({ body: { jsonrpc: '2.0', result: [{ ...dialog, state: 2 }], id: 1 } }));
    try {
      assert.deepEqual(await new KamailioCallControl({ url: settling.url }).hangup({ pbxCallId: 'c1', reason: 'no_audio' }), { ok: true });
      assert.deepEqual(settling.requests.map((r) => r.method), ['dlg.list_match', 'dlg.list_match', 'dlg.list_match', 'htable.get', 'dlg.end_dlg', 'htable.get']);
      const refused = await new KamailioCallControl({ url: stuck.url, confirmWaitMs: 300 }).hangup({ pbxCallId: 'c1', reason: 'no_audio' });
      assert.equal(refused.ok, false);
      assert.match(!refused.ok ? refused.message : '', /ще не встановлено до кінця/);
      assert.ok(!stuck.requests.some((r) => r.method === 'dlg.end_dlg'));
    } finally {
      await settling.close();
      await stuck.close();
    }
  });

  test('kamailio 5.6 sending the BYE to one side only is reported, not taken for success', async () => {
    const oneSided = await fakeJsonRpc(kamailioLike([dialog], 1));
    try {
      const outcome = await new KamailioCallControl({ url: oneSided.url }).hangup({ pbxCallId: '1-4198@127.0.0.1', reason: 'no_audio' });
      assert.equal(outcome.ok, false);
      assert.match(!outcome.ok ? outcome.message : '', /лише з одного боку/);
    } finally {
      await oneSided.close();
    }
  });

  test('failures come back in Ukrainian, each for what it is: gone, refused, unreachable, silent', async () => {
    const gone = await fakeJsonRpc(() => ({ body: { jsonrpc: '2.0', error: { code: 404, message: 'Not found' }, id: 1 } }));
    const empty = await fakeJsonRpc(() => ({ body: { jsonrpc: '2.0', result: [], id: 1 } }));
    const forbidden = await fakeJsonRpc(() => ({ status: 403, body: 'forbidden' }));
    const refusing = await fakeJsonRpc((method) => method === 'dlg.list_match'
      ? { body: { jsonrpc: '2.0', result: [dialog], id: 1 } }
      : { body: { jsonrpc: '2.0', error: { code: 500, message: 'Internal error' }, id: 2 } });
    const silent = await fakeJsonRpc(() => 'hang');
    const closedPort = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    try {
      const hangup = (url: string, timeoutMs?: number) => new KamailioCallControl({ url, ...(timeoutMs ? { timeoutMs } : {}) }).hangup({ pbxCallId: 'c1', reason: 'no_audio' });
      const cases = [
        [await hangup(gone.url), 'not_found'],
        [await hangup(empty.url), 'not_found'],
        [await hangup(forbidden.url), 'refused'],
        [await hangup(refusing.url), 'refused'],
        [await hangup(silent.url, 200), 'unreachable'],
        [await hangup(`http://127.0.0.1:${closedPort}/RPC`), 'unreachable'],
      ] as const;
      for (const [outcome, failure] of cases) {
        assert.equal(outcome.ok, false);
        assert.equal(!outcome.ok && outcome.failure, failure);
        assert.match(!outcome.ok ? outcome.message : '', /АТС/);
      }
      assert.match(!cases[4][0].ok ? cases[4][0].message : '', /0\.2 с/);
    } finally {
      for (const server of [gone, empty, forbidden, refusing, silent]) await server.close();
    }
  });
});
