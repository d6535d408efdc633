// Asterisk cannot run on this machine. These tests drive the adapter with ARI events written in the
// exact shape of Asterisk's REST data models (test/fixtures/ari/*.json, one file per call), and its
// REST and WebSocket sides against a local stand-in for ARI that checks what real ARI checks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { databaseTargets } from '../../../../test/databases.ts';
import { startTestApp, type TestApp } from '../../../../test/app.ts';
import { startStandInAri, type StandInAri } from '../../../../test/fixtures/ari/stand-in.ts';
import { EventIngestQueue } from '../../ingest.ts';
import type { KnownPbxEvent } from '../../contract.ts';
import { loadConfig } from '../../../config.ts';
import { LocalLiveBus } from '../../../live/bus.ts';
import { AsteriskAdapter, startAsterisk, type AriCommands } from './adapter.ts';
import { AriControl, AriRequestError, AsteriskCallControl } from './control.ts';
import { ASTERISK_LOGIN, describeAsterisk, startAsteriskEvents } from './start.ts';
import { AriCallMapper, ariTime, endpointOf } from './mapper.ts';
import { ariEventsUrl } from './stream.ts';

const FIXTURES = 'ARI fixtures (Asterisk events in the documented shape, Asterisk not running here)';
const STAND_IN = 'stand-in for ARI (Asterisk not running here)';

type AriJson = Record<string, unknown> & { type: string };

function fixture(name: string): AriJson[] {
  return JSON.parse(readFileSync(new URL(`../../../../test/fixtures/ari/${name}.json`, import.meta.url), 'utf8')) as AriJson[];
}

/** The same call under other channel ids, so one database can hold it twice. */
function renumber(events: AriJson[], from: string, to: string): AriJson[] {
  return JSON.parse(JSON.stringify(events).replaceAll(from, to)) as AriJson[];
}

function withoutChannelvars(events: AriJson[]): AriJson[] {
  return JSON.parse(JSON.stringify(events), (key, value: unknown) => (key === 'channelvars' ? undefined : value)) as AriJson[];
}

function mapAll(events: unknown[], app = 'dovira'): { events: KnownPbxEvent[]; handBack: string[] } {
  const mapper = new AriCallMapper(app);
  const out: KnownPbxEvent[] = [];
  const handBack: string[] = [];
  for (const raw of events) {
    const mapped = mapper.map(raw, new Date('2026-11-25T12:00:00Z'));
    if (mapped.event) out.push(mapped.event);
    if (mapped.handBack) handBack.push(mapped.handBack);
  }
  return { events: out, handBack };
}

const settings = (url: string, password = 'ari-secret-pass') => ({ url, username: 'dovira', password, app: 'dovira' });

describe(`${FIXTURES}: mapping onto the normalised contract`, () => {
  test('a normal call: offered → ringing at 1017 → answered → hangup by the caller, keyed by the linkedid', () => {
    const { events, handBack } = mapAll(fixture('normal-call'));
    assert.deepEqual(events.map((e) => e.type), ['offered', 'ringing', 'answered', 'hangup', 'hangup']);
    const [offered, ringing, answered, hangup] = events;
    assert.deepEqual({ ...offered, eventId: undefined }, {
      eventId: undefined, type: 'offered', callId: '1764064800.101', linkedId: '1764064800.101',
      timestamp: '2026-11-25T10:00:00.000Z', from: '+380501234567', to: '0800501234', direction: 'inbound',
    });
    assert.equal(ringing!.type === 'ringing' && ringing.extension, '1017');
    assert.equal(answered!.type === 'answered' && answered.extension, '1017');
    assert.equal(answered!.timestamp, '2026-11-25T10:00:05.400Z');
    assert.ok(hangup!.type === 'hangup');
    assert.deepEqual([hangup.cause, hangup.by], ['normal_clearing', 'caller']);
    assert.ok(events.every((e) => e.callId === '1764064800.101'), 'both legs belong to one call');
    assert.deepEqual(handBack, ['1764064800.101'], 'the channel in Stasis is handed back to the dialplan');
  });

  test('event ids come from the ARI event alone: the same on every replay, different for every event', () => {
    const first = mapAll(fixture('normal-call')).events.map((e) => e.eventId);
    const again = mapAll(fixture('normal-call')).events.map((e) => e.eventId);
    assert.deepEqual(again, first);
    assert.equal(new Set(first).size, first.length);
    assert.ok(first.every((id) => id.startsWith('ari:52:54:00:7a:1c:e3:')), first.join(' '));
  });

  test('busy: the dialplan ends the call with «User busy»; nobody hung up, so the exchange did', () => {
    const { events } = mapAll(fixture('busy'));
    assert.deepEqual(events.map((e) => e.type), ['offered', 'hangup']);
    const hangup = events[1]!;
    assert.ok(hangup.type === 'hangup');
    assert.deepEqual([hangup.cause, hangup.by], ['user_busy', 'system']);
  });

  test('caller hangs up while ringing: the ringing leg’s end is not the call’s; the caller’s is, by the caller', () => {
    const { events } = mapAll(fixture('caller-abandons-while-ringing'));
    assert.deepEqual(events.map((e) => e.type), ['offered', 'ringing', 'hangup']);
    assert.ok(events[2]!.type === 'hangup' && events[2]!.by === 'caller');
  });

  test('hold/unhold from the operator’s phone; the operator hangs up first', () => {
    const { events } = mapAll(fixture('hold-unhold'));
    assert.deepEqual(events.map((e) => e.type), ['offered', 'ringing', 'answered', 'hold', 'unhold', 'hangup', 'hangup']);
    assert.ok(events[5]!.type === 'hangup' && events[5]!.by === 'operator');
  });

  test('transfers: blind to the REFER’s extension, attended to the consulted extension; the consult call is not Dovira’s', () => {
    const blind = mapAll(fixture('blind-transfer')).events;
    const transfer = blind.find((e) => e.type === 'transfer');
    assert.ok(transfer?.type === 'transfer');
    assert.deepEqual([transfer.to, transfer.kind], ['1020', 'blind']);
    const attended = mapAll(fixture('attended-transfer')).events;
    assert.deepEqual(attended.map((e) => e.type), ['offered', 'ringing', 'answered', 'transfer', 'hangup']);
    const second = attended[3]!;
    assert.ok(second.type === 'transfer');
    assert.deepEqual([second.to, second.kind], ['1020', 'attended']);
    assert.ok(attended.every((e) => e.callId === '1764067800.601'));
  });

  test('DTMF: the citizen’s keys 4 and #; the operator’s own key is a feature code and is left out', () => {
    const digits = mapAll(fixture('dtmf')).events.filter((e) => e.type === 'dtmf').map((e) => (e.type === 'dtmf' ? e.digit : ''));
    assert.deepEqual(digits, ['4', '#']);
  });

  test('without channelvars in ari.conf the legs are still tied together through Stasis and Dial', () => {
    const plain = mapAll(withoutChannelvars(fixture('normal-call'))).events;
    const full = mapAll(fixture('normal-call')).events;
    assert.deepEqual(plain, full);
  });

  test('bad input: garbage frames, events without a channel, other applications and unknown digits change nothing and never throw', () => {
    const normal = fixture('normal-call');
    const start = normal[0]!;
    const channel = start.channel as Record<string, unknown>;
    const garbage: unknown[] = [
      null, 'StasisStart', 42, [], {}, { type: 17 }, { type: 'StasisStart' },
      { ...start, channel: { ...channel, id: 5 } },
      { ...start, channel: { ...channel, id: '' } },
      { ...start, timestamp: 'вчора' , args: 'inbound' },
      { ...start, application: 'someone-else' },
      { type: 'ChannelDtmfReceived', digit: 'E', duration_ms: 100, channel, timestamp: '2026-11-25T10:00:01.000+0000' },
      { type: 'ChannelDestroyed', cause: 'sixteen', cause_txt: 'Normal Clearing', channel },
      { type: 'ChannelVarset', variable: 'DOVIRA_LINKEDID', value: 'x' },
      { type: 'PlaybackStarted', playback: {} },
      { type: 'ChannelStateChange', channel: { ...channel, id: '1700000000.1', channelvars: {} }, timestamp: '2026-11-25T10:00:01.000+0000' },
    ];
    assert.deepEqual(mapAll(garbage).events, []);
    const unknownArgs = mapAll([{ ...start, args: ['survey'] }]);
    assert.deepEqual(unknownArgs.events, [], 'Stasis(dovira,survey) registers nothing');
    assert.deepEqual(unknownArgs.handBack, ['1764064800.101'], 'but the channel is still handed back, never left waiting');
    const odd = mapAll([{ ...start, channel: { ...channel, id: `ch<${'x'.repeat(300)}>`, channelvars: {} } }]).events;
    assert.equal(odd.length, 1);
    assert.match(odd[0]!.callId, /^[\w.:@+*#/-]+$/, 'an odd channel id is made safe for the contract');
    assert.ok(odd[0]!.eventId.length <= 200 && odd[0]!.callId.length <= 250);
  });

  test('ARI’s time and channel names are read as Asterisk writes them', () => {
    assert.equal(ariTime('2026-11-25T12:00:05.120+0200'), '2026-11-25T10:00:05.120Z');
    assert.equal(ariTime('2026-11-25T10:00:05.120Z'), '2026-11-25T10:00:05.120Z');
    assert.equal(ariTime('не час'), null);
    assert.deepEqual(endpointOf({ name: 'PJSIP/1017-0000000b' }), { technology: 'PJSIP', resource: '1017' });
    assert.deepEqual(endpointOf({ name: 'Local/1017@agents-00000002;1' }), { technology: 'Local', resource: '1017@agents' });
    assert.equal(endpointOf({ name: 'Announcer/ARI_MOH' }), null);
    assert.equal(ariEventsUrl({ url: 'https://pbx.example:8089/ari/', app: 'dovira' }), 'wss://pbx.example:8089/ari/events?app=dovira&subscribeAll=true');
  });
});

for (const target of databaseTargets()) {
  describe(`${FIXTURES}: calls in Dovira on ${target.name}`, () => {
    let t: TestApp;
    let adapter: AsteriskAdapter;
    const handedBack: string[] = [];
    const commands: AriCommands = {
      continueInDialplan: async (channelId) => { handedBack.push(channelId); },
      hangup: async () => undefined,
      originate: async () => ({ channelId: 'x', name: 'x' }),
    };

    before(async () => {
      t = await startTestApp(target);
      const mapped = await t.as.admin.request('PUT', '/api/v1/telephony/extensions/1017', { operatorId: t.as.operator.userId });
      assert.equal(mapped.statusCode, 200, mapped.body);
      adapter = new AsteriskAdapter({ db: t.db, settings: settings('http://127.0.0.1:9'), log: t.app.log, now: t.clock.now, control: commands });
    });
    after(async () => { await t?.close(); });

    const play = async (events: unknown[]) => {
      const outcomes: string[] = [];
      for (const event of events) {
        const result = await adapter.accept(event);
        if (result) outcomes.push(`${result.type}:${result.outcome}`);
      }
      return outcomes;
    };
    const callOf = (pbxCallId: string) => t.db.selectFrom('calls').selectAll().where('pbx_call_id', '=', pbxCallId).executeTakeFirstOrThrow();
    const timeline = async (pbxCallId: string) =>
      (await t.db.selectFrom('call_events').select('type').where('call_id', '=', (await callOf(pbxCallId)).id).orderBy('seq').execute()).map((e) => e.type);
    const kept = (pbxCallId: string) => t.db.selectFrom('pbx_events').selectAll().where('pbx_call_id', '=', pbxCallId).orderBy('occurred_at').orderBy('received_at').execute();

    test('a normal call opens on the operator at 1017, is answered and ends when the caller hangs up (H5 timeline)', async () => {
      const outcomes = await play(fixture('normal-call'));
      assert.deepEqual(outcomes, ['offered:applied', 'ringing:applied', 'answered:applied', 'hangup:applied', 'hangup:stale']);
      const call = await callOf('1764064800.101');
      assert.equal(call.operator_id, t.as.operator.userId);
      assert.equal(call.caller_phone, '+380501234567');
      assert.equal(call.status, 'ended');
      assert.equal(call.end_reason, 'caller_hung_up');
      assert.equal(call.answered_at?.toISOString(), '2026-11-25T10:00:05.400Z', 'answered at Asterisk’s time');
      assert.deepEqual(await timeline('1764064800.101'), ['offered', 'answered', 'ended']);
      const rows = await kept('1764064800.101');
      assert.ok(rows.every((row) => row.linked_id === '1764064800.101'));
      assert.ok(handedBack.includes('1764064800.101'), 'the caller was handed back to the dialplan');
      const audit = await t.db.selectFrom('audit_events').select('changes').where('entity_type', '=', 'pbx_event').execute();
      assert.ok(!JSON.stringify(audit).includes('380501234567'), 'no phone number in the audit trail');
    });

    test('replayed ARI events are duplicates: kept, answered «duplicate», nothing changes', async () => {
      const before = (await kept('1764064800.101')).length;
      const outcomes = await play(fixture('normal-call'));
      assert.deepEqual(outcomes, ['offered:duplicate', 'ringing:duplicate', 'answered:duplicate', 'hangup:duplicate', 'hangup:duplicate']);
      assert.equal((await kept('1764064800.101')).length, before + 5);
      assert.equal((await t.db.selectFrom('calls').select('id').where('pbx_call_id', '=', '1764064800.101').execute()).length, 1);
      assert.deepEqual(await timeline('1764064800.101'), ['offered', 'answered', 'ended']);
    });

    test('caller hangs up while it rings: abandoned, and listed for a callback (H3)', async () => {
      const outcomes = await play(fixture('caller-abandons-while-ringing'));
      assert.deepEqual(outcomes, ['offered:applied', 'ringing:applied', 'hangup:applied']);
      const call = await callOf('1764065400.201');
      assert.equal(call.end_reason, 'abandoned');
      const missed = await t.as.supervisor.get('/api/v1/telephony/missed-calls');
      assert.equal(missed.statusCode, 200, missed.body);
      assert.ok(missed.json().items.some((item: { callId: string }) => item.callId === call.id));
    });

    test('busy: the operator’s phone answers 486, the call is missed and its cause is kept as «user_busy»', async () => {
      const outcomes = await play(fixture('busy'));
      assert.deepEqual(outcomes, ['offered:applied', 'hangup:applied']);
      const call = await callOf('1764066000.301');
      assert.equal(call.end_reason, 'missed');
      const hangup = (await kept('1764066000.301')).find((row) => row.type === 'hangup')!;
      assert.equal(hangup.payload.cause, 'user_busy');
      assert.equal(hangup.payload.by, 'system');
    });

    test('hold/unhold: the phone’s hold never becomes a Standard hold by itself (H1); with the operator’s consent, Asterisk’s unhold ends it after 60 s (H5)', async () => {
      const events = fixture('hold-unhold');
      const holdAt = events.findIndex((e) => e.type === 'ChannelHold');
      assert.deepEqual(await play(events.slice(0, holdAt)), ['offered:applied', 'ringing:applied', 'answered:applied']);
      const pbxHold = await adapter.accept(events[holdAt]);
      assert.equal(pbxHold?.type, 'hold');
      assert.match(pbxHold?.reason ?? '', /H1/);
      assert.deepEqual(await timeline('1764066600.401'), ['offered', 'answered'], 'no hold_started without the caller’s consent');
      const call = await callOf('1764066600.401');
      t.clock.set('2026-11-25T10:30:10Z');
      const consent = await t.as.operator.post(`/api/v1/calls/${call.id}/events`, { type: 'hold_started', callerConsented: true });
      assert.equal(consent.statusCode, 201, consent.body);
      assert.deepEqual(await play(events.slice(holdAt + 1)), ['unhold:applied', 'hangup:applied', 'hangup:stale']);
      const ended = await callOf('1764066600.401');
      assert.equal(ended.end_reason, 'completed', 'the operator hung up first');
      const hold = await t.db.selectFrom('call_events').select('data').where('call_id', '=', call.id).where('type', '=', 'hold_ended').executeTakeFirstOrThrow();
      assert.equal(hold.data.durationSeconds, 60);
    });

    test('a blind transfer to 1020 ends the operator’s call as transferred (H4); 1020’s own leg does not reopen it', async () => {
      const outcomes = await play(fixture('blind-transfer'));
      assert.deepEqual(outcomes.slice(0, 5), ['offered:applied', 'ringing:applied', 'answered:applied', 'transfer:applied', 'hangup:applied']);
      assert.ok(outcomes.slice(5).every((o) => !o.endsWith(':applied')), outcomes.join(' '));
      const call = await callOf('1764067200.501');
      assert.equal(call.end_reason, 'transferred');
      assert.equal((call.state as { transferredTo?: string }).transferredTo, '1020');
      assert.deepEqual(await timeline('1764067200.501'), ['offered', 'answered', 'transferred', 'ended']);
      assert.equal((await t.db.selectFrom('calls').select('id').where('pbx_call_id', '=', '1764067200.501').execute()).length, 1);
    });

    test('an attended transfer to 1020 is recorded the same way', async () => {
      await play(fixture('attended-transfer'));
      const call = await callOf('1764067800.601');
      assert.equal(call.end_reason, 'transferred');
      assert.equal((call.state as { transferredTo?: string }).transferredTo, '1020');
      assert.equal((await t.db.selectFrom('calls').select('id').where('pbx_call_id', '=', '1764067830.603').execute()).length, 0, 'the consult call is not a citizen’s call');
    });

    test('DTMF: the citizen’s keys are kept with the call', async () => {
      await play(fixture('dtmf'));
      const rows = (await kept('1764068400.701')).filter((row) => row.type === 'dtmf');
      assert.deepEqual(rows.map((row) => [row.payload.digit, row.outcome]), [['4', 'applied'], ['#', 'applied']]);
      assert.ok(rows.every((row) => row.call_id === null || typeof row.call_id === 'string'));
      assert.equal(rows[0]!.call_id, (await callOf('1764068400.701')).id);
    });

    test('out of order: the answer before the ringing (a replay after a gap) — the late ringing is stale, the call never moves back', async () => {
      const events = renumber(fixture('normal-call'), '1764064800.1', '1764064900.1');
      const ringing = events.findIndex((e) => e.type === 'ChannelStateChange' && (e.channel as { state: string }).state === 'Ringing');
      const answered = events.findIndex((e) => e.type === 'ChannelStateChange' && (e.channel as { state: string }).state === 'Up');
      const reordered = [...events];
      [reordered[ringing], reordered[answered]] = [events[answered]!, events[ringing]!];
      const stasis = reordered.findIndex((e) => e.type === 'StasisStart');
      const upTo = reordered.findIndex((e) => e.type === 'ChannelHangupRequest');
      assert.deepEqual(await play(reordered.slice(stasis, upTo)), ['offered:applied', 'answered:applied', 'ringing:stale']);
      assert.equal((await callOf('1764064900.101')).status, 'active');
      assert.deepEqual(await play(reordered.slice(upTo)), ['hangup:applied', 'hangup:stale']);
      assert.equal((await play([reordered[stasis]]))[0], 'offered:duplicate', 'an old event replayed after the end is a duplicate');
      const call = await callOf('1764064900.101');
      assert.equal(call.end_reason, 'caller_hung_up');
      assert.deepEqual(await timeline('1764064900.101'), ['offered', 'answered', 'ended']);
    });

    test('without channelvars configured the same call still ends right (legs tied through Stasis and Dial)', async () => {
      const outcomes = await play(withoutChannelvars(renumber(fixture('normal-call'), '1764064800.1', '1764065000.1')));
      assert.deepEqual(outcomes, ['offered:applied', 'ringing:applied', 'answered:applied', 'hangup:applied', 'hangup:stale']);
      assert.equal((await callOf('1764065000.101')).end_reason, 'caller_hung_up');
    });

    test(`npm start’s wiring (ARI_URL…) against a ${STAND_IN}: basic auth, app and subscribeAll; the caller handed back; live screens told; reconnects after Asterisk drops it`, async () => {
      const ari = await startStandInAri({ username: 'dovira', password: 'ari-secret-pass', app: 'dovira' });
      const config = loadConfig({ ARI_URL: ari.url, ARI_USERNAME: 'dovira', ARI_PASSWORD: 'ari-secret-pass' });
      const live = new LocalLiveBus();
      const announced: string[] = [];
      live.subscribe((event) => { if (event.type === 'call.changed') announced.push(event.status); });
      // `npm start` hands over the process's ingest, the one the event API uses.
      const queue = new EventIngestQueue(t.db, live);
      let throughQueue = 0;
      const through = queue.ingest.bind(queue);
      queue.ingest = (actor, events, receivedAt, log) => { throughQueue += events.length; return through(actor, events, receivedAt, log); };
      const running = (await startAsteriskEvents({ db: t.db, config, live, queue, log: t.app.log }))!;
      try {
        const events = renumber(fixture('normal-call'), '1764064800.1', '1764065100.1');
        const cut = events.findIndex((e) => e.type === 'ChannelHangupRequest');
        const first = await ari.waitForSocket(1);
        for (const event of events.slice(0, cut)) first.send(JSON.stringify(event));
        first.send('not json at all');
        await waitFor('the call active after the reconnection', async () => (await t.db.selectFrom('calls').select('status').where('pbx_call_id', '=', '1764065100.101').executeTakeFirst())?.status === 'active');
        first.terminate(); // Asterisk restarts
        const second = await ari.waitForSocket(2);
        for (const event of events.slice(cut)) second.send(JSON.stringify(event));
        await waitFor('the call ended as the caller hanging up', async () => (await t.db.selectFrom('calls').select('end_reason').where('pbx_call_id', '=', '1764065100.101').executeTakeFirst())?.end_reason === 'caller_hung_up');
        assert.equal(running.stream.opened, 2, 'reconnected by itself');
        assert.ok(announced.includes('active') && announced.includes('ended'), announced.join(' '));
        assert.ok(throughQueue >= 4, `every event through the process’s ingest (${throughQueue})`);
        const asterisk = await t.db.selectFrom('users').select(['id', 'role']).where('login', '=', ASTERISK_LOGIN).executeTakeFirstOrThrow();
        assert.equal(asterisk.role, 'pbx');
        const rows = await t.db.selectFrom('pbx_events').select('id').where('pbx_call_id', '=', '1764065100.101').execute();
        const actors = await t.db.selectFrom('audit_events').select('actor_user_id').where('entity_type', '=', 'pbx_event')
          .where('entity_id', 'in', rows.map((row) => row.id)).execute();
        assert.ok(actors.length > 0 && actors.every((a) => a.actor_user_id === asterisk.id), 'the audit trail names the asterisk pbx user');
        const expected = `Basic ${Buffer.from('dovira:ari-secret-pass').toString('base64')}`;
        assert.equal(ari.upgrades.length, 2);
        assert.ok(ari.upgrades.every((u) => u.accepted && u.path === '/ari/events' && u.query.app === 'dovira' && u.query.subscribeAll === 'true' && u.authorization === expected));
        await waitFor('a request to ARI', async () => ari.requests.length > 0);
        const handBack = ari.requests.find((r) => r.path === '/ari/channels/1764065100.101/continue');
        assert.ok(handBack, JSON.stringify(ari.requests));
        assert.equal(handBack.method, 'POST');
        assert.equal(handBack.authorization, expected);
      } finally {
        await running.stop();
        await ari.close();
      }
    });

    test(`the event stream with a wrong password: the ${STAND_IN} refuses the WebSocket; Dovira keeps trying and stops cleanly`, async () => {
      const ari = await startStandInAri({ username: 'dovira', password: 'ari-secret-pass', app: 'dovira' });
      const running = startAsterisk({ db: t.db, settings: settings(ari.url, 'wrong'), log: t.app.log, retryDelaysMs: [30] });
      try {
        await waitFor('three attempts at the event stream', async () => ari.upgrades.length >= 3);
        assert.equal(running.stream.opened, 0);
        assert.ok(ari.upgrades.every((u) => !u.accepted));
      } finally {
        await running.stop();
        await ari.close();
      }
      const attempts = ari.upgrades.length;
      // stop() has returned: a moment more, three retry delays long, in which no attempt may come.
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(ari.upgrades.length, attempts, 'no attempt after stop()');
    });
  });
}

describe(`ARI control (hangup, originate) against a ${STAND_IN}`, () => {
  let ari: StandInAri;
  let control: AriControl;
  const auth = `Basic ${Buffer.from('dovira:ari-secret-pass').toString('base64')}`;
  before(async () => {
    ari = await startStandInAri({ username: 'dovira', password: 'ari-secret-pass', app: 'dovira' });
    control = new AriControl(settings(`${ari.url}/ari`), { timeoutMs: 300 });
  });
  after(async () => { await ari?.close(); });

  const last = () => ari.requests.at(-1)!;
  const failure = async (work: Promise<unknown>): Promise<AriRequestError> => {
    const error = await work.then(() => null, (e: unknown) => e);
    assert.ok(error instanceof AriRequestError, `expected AriRequestError, got ${String(error)}`);
    return error;
  };

  test('hangup: DELETE /ari/channels/{id}?reason=… with basic auth', async () => {
    await control.hangup('1764064800.101', 'busy');
    assert.deepEqual({ ...last(), body: undefined, contentType: undefined }, {
      method: 'DELETE', path: '/ari/channels/1764064800.101', query: { reason: 'busy' }, authorization: auth, body: undefined, contentType: undefined,
    });
    await control.hangup('1764064800.101');
    assert.equal(last().query.reason, 'normal');
  });

  test('hangup of a call already over: 404 → «дзвінок, імовірно, уже завершено», Asterisk’s words kept apart', async () => {
    const error = await failure(control.hangup('gone'));
    assert.equal(error.code, 'not_found');
    assert.equal(error.status, 404);
    assert.match(error.message, /^Не вдалося завершити дзвінок в Asterisk: .*дзвінок, імовірно, уже завершено/);
    assert.equal(error.detail, 'Channel not found');
  });

  test('originate a callback: POST /ari/channels, parameters in the query, variables in the JSON body', async () => {
    const made = await control.originate({
      endpoint: 'PJSIP/1017', context: 'dovira-callbacks', extension: '0501234567', callerId: 'Контакт-центр <0800501234>',
      timeoutSeconds: 25, variables: { DOVIRA_CALLBACK: 'cb-1', 'CALLERID(name)': 'Dovira' }, channelId: 'dovira-cb-1',
    });
    assert.deepEqual(made, { channelId: 'dovira-cb-1', name: 'PJSIP/1017-00000099' });
    const request = last();
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/ari/channels');
    assert.equal(request.authorization, auth);
    assert.deepEqual(request.query, {
      endpoint: 'PJSIP/1017', timeout: '25', channelId: 'dovira-cb-1', extension: '0501234567', context: 'dovira-callbacks', callerId: 'Контакт-центр <0800501234>',
    });
    assert.equal(request.contentType, 'application/json');
    assert.deepEqual(request.body, { variables: { DOVIRA_CALLBACK: 'cb-1', 'CALLERID(name)': 'Dovira' } });
    const generated = await control.originate({ endpoint: 'PJSIP/1017', app: 'survey', appArgs: 'after-call' });
    assert.match(generated.channelId, /^dovira-[0-9a-f-]{36}$/, 'Dovira picks the id so it knows the call before Asterisk’s first event');
    assert.deepEqual([last().query.app, last().query.appArgs, last().query.extension], ['survey', 'after-call', undefined]);
  });

  test('originate refused by Asterisk: 409, 500, and a bad parameter Asterisk itself rejects, each said in Ukrainian', async () => {
    const taken = await failure(control.originate({ endpoint: 'PJSIP/1017', extension: '100', channelId: 'taken' }));
    assert.equal(taken.code, 'conflict');
    assert.match(taken.message, /^Не вдалося почати дзвінок через Asterisk: канал із таким ідентифікатором уже існує \(Asterisk: «Channel with given unique ID already exists»\)$/);
    const broken = await failure(control.originate({ endpoint: 'PJSIP/explode', extension: '100' }));
    assert.equal(broken.code, 'asterisk_error');
    assert.match(broken.message, /внутрішня помилка Asterisk \(HTTP 500\)/);
    const bogus = await failure(control.originate({ endpoint: 'Bogus/1017', extension: '100' }));
    assert.equal(bogus.code, 'rejected');
    assert.equal(bogus.message, 'Не вдалося почати дзвінок через Asterisk: Asterisk відхилив запит (HTTP 400) (Asterisk: «Invalid endpoint specified»)');
  });

  test('bad input is refused before anything is sent: endpoint, destination, timeout, variables, reason, channel id', async () => {
    const sent = ari.requests.length;
    const cases: [Promise<unknown>, RegExp][] = [
      [control.originate({ endpoint: '1017', extension: '100' }), /кінцева точка має вигляд ТЕХНОЛОГІЯ\/ресурс/],
      [control.originate({ endpoint: 'PJSIP/1017' }), /або extension \(з context\), або app/],
      [control.originate({ endpoint: 'PJSIP/1017', extension: '100', app: 'x' }), /або extension \(з context\), або app/],
      [control.originate({ endpoint: 'PJSIP/1017', extension: '1 00' }), /extension:/],
      [control.originate({ endpoint: 'PJSIP/1017', extension: '100', timeoutSeconds: 0 }), /від 1 до 300/],
      [control.originate({ endpoint: 'PJSIP/1017', extension: '100', variables: { 'A B': '1' } }), /змінна «A B»/],
      [control.originate({ endpoint: 'PJSIP/1017', extension: '100', callerId: 'x\ny' }), /callerId/],
      [control.hangup('1764064800.101', 'rude' as 'normal'), /невідома причина «rude»/],
      [control.hangup(''), /ідентифікатор каналу/],
    ];
    for (const [work, message] of cases) {
      const error = await failure(work);
      assert.equal(error.code, 'invalid');
      assert.match(error.message, message);
    }
    assert.equal(ari.requests.length, sent, 'nothing reached Asterisk');
  });

  test('wrong credentials: 401 → names ARI_USERNAME and ARI_PASSWORD', async () => {
    const wrong = new AriControl(settings(ari.url, 'not-the-password'));
    const error = await failure(wrong.hangup('1764064800.101'));
    assert.equal(error.code, 'unauthorized');
    assert.match(error.message, /ARI_USERNAME, ARI_PASSWORD/);
    assert.ok(!error.message.includes('not-the-password'), 'the password is never repeated');
  });

  test('the call-control port (T2, D3 endings): hangs up the call’s first channel; failures come back, never thrown', async () => {
    const port = new AsteriskCallControl(control);
    assert.deepEqual(await port.hangup({ pbxCallId: '1764064800.101', reason: 'abusive_caller' }), { ok: true });
    assert.deepEqual([last().method, last().path, last().query.reason], ['DELETE', '/ari/channels/1764064800.101', 'normal']);
    const gone = await port.hangup({ pbxCallId: 'gone', reason: 'no_audio' });
    assert.deepEqual(gone, { ok: false, failure: 'not_found', message: 'такого каналу в Asterisk немає — дзвінок, імовірно, уже завершено (Asterisk: «Channel not found»)' });
    const away = new AsteriskCallControl(new AriControl(settings(`http://127.0.0.1:${await freePort()}`)));
    const unreachable = await away.hangup({ pbxCallId: '1764064800.101', reason: 'no_audio' });
    assert.equal(unreachable.ok === false && unreachable.failure, 'unreachable');
  });

  test('config: ARI_URL needs ARI_USERNAME and ARI_PASSWORD; ARI_APP defaults to dovira; bad values are refused in Ukrainian', () => {
    assert.equal(loadConfig({}).ari, undefined);
    assert.equal(describeAsterisk(loadConfig({})), 'ARI_URL не задано, Asterisk не підключено');
    const ok = loadConfig({ ARI_URL: 'http://pbx.example:8088', ARI_USERNAME: 'dovira', ARI_PASSWORD: 's3cret' });
    assert.deepEqual(ok.ari, { url: 'http://pbx.example:8088', username: 'dovira', password: 's3cret', app: 'dovira' });
    assert.ok(!describeAsterisk(ok).includes('s3cret'));
    assert.equal(loadConfig({ ARI_URL: 'https://pbx.example:8089/ari', ARI_USERNAME: 'u', ARI_PASSWORD: 'p', ARI_APP: 'cc_1' }).ari?.app, 'cc_1');
    assert.throws(() => loadConfig({ ARI_URL: 'http://pbx.example:8088', ARI_USERNAME: 'dovira' }), /задайте також ARI_USERNAME і ARI_PASSWORD/);
    assert.throws(() => loadConfig({ ARI_URL: 'ws://pbx.example:8088', ARI_USERNAME: 'u', ARI_PASSWORD: 'p' }), /ARI_URL має бути адресою, що починається з http:\/\/ або https:\/\//);
    assert.throws(() => loadConfig({ ARI_URL: 'http://pbx.example:8088', ARI_USERNAME: 'u', ARI_PASSWORD: 'p', ARI_APP: 'dovira app' }), /ARI_APP="dovira app" має бути назвою застосунку Stasis/);
  });

  test('Asterisk unreachable or silent: said in Ukrainian, with the address and no password', async () => {
    const closedPort = await freePort();
    const away = new AriControl(settings(`http://127.0.0.1:${closedPort}`), { timeoutMs: 500 });
    const unreachable = await failure(away.originate({ endpoint: 'PJSIP/1017', extension: '100' }));
    assert.equal(unreachable.code, 'unreachable');
    assert.match(unreachable.message, new RegExp(`немає з’єднання з Asterisk \\(127\\.0\\.0\\.1:${closedPort}\\)`));
    const silentAsterisk = await failure(control.hangup('slow'));
    assert.equal(silentAsterisk.code, 'timeout');
    assert.match(silentAsterisk.message, /Asterisk не відповів за 0,3 с$/);
  });
});

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
