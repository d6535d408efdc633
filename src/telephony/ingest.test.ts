// How the exchange's events are cut into transactions and batches never changes a decision: one
// event per transaction, whole batches, or the queue's rounds side by side give the same outcomes,
// rows and live messages, for any sequence of events cut into any batches.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { databaseTargets, testOnPostgres, type DatabaseTarget } from '../../test/databases.ts';
import type { Actor } from '../audit/audit.ts';
import { appendCallEvent } from '../calls/repository.ts';
import type { CallEvent } from '../calls/events.ts';
import type { Db, OpenedDatabase } from '../db/database.ts';
import { HttpProblem } from '../http/problem.ts';
import { LocalLiveBus, PostgresLiveBus } from '../live/bus.ts';
import type { LiveEvent } from '../live/events.ts';
import { EventIngestQueue, ingestEventBatch } from './ingest.ts';
import { PbxEventSchema, type EventOutcomeView, type PbxEvent } from './contract.ts';

const OPERATOR_A = '00000000-0000-4000-8000-0000000000a1';
const OPERATOR_B = '00000000-0000-4000-8000-0000000000a2';
const OPERATOR_GONE = '00000000-0000-4000-8000-0000000000a3';
const SUPERVISOR = '00000000-0000-4000-8000-0000000000b1';
const PBX = '00000000-0000-4000-8000-0000000000c1';
const SECOND_PBX = '00000000-0000-4000-8000-0000000000c2';
const ACTOR: Actor = { userId: PBX, ip: '192.0.2.10' };
const SECOND_ACTOR: Actor = { userId: SECOND_PBX, ip: '192.0.2.11' };
const BASE = Date.parse('2026-11-25T10:00:00Z');

/** Collects the warnings the ingest logs; nothing is printed. */
function quietLog(): FastifyBaseLogger & { warnings: unknown[] } {
  const warnings: unknown[] = [];
  const log = { warnings, level: 'silent', warn: (...args: unknown[]) => { warnings.push(args[0]); }, error() {}, info() {}, debug() {}, trace() {}, fatal() {}, silent() {}, child: () => log };
  return log as unknown as FastifyBaseLogger & { warnings: unknown[] };
}

interface Side {
  opened: OpenedDatabase;
  db: Db;
  live: LocalLiveBus;
  messages: LiveEvent[];
}

/**
 * A database with operators at extensions: 1017 and 1018 active, 1019 an operator no longer active,
 * 2001 switched off, 3001 a supervisor's (not an operator). Fixed ids, so two databases compare.
 */
async function openSide(target: DatabaseTarget): Promise<Side> {
  const opened = await target.open();
  const { db } = opened;
  const user = (id: string, login: string, role: 'operator' | 'supervisor' | 'pbx', operatorNumber: number | null, active = true) =>
    ({ id, login, full_name: `Користувач ${login}`, role, operator_number: operatorNumber, password_hash: 'not-a-hash', active }) as never;
  await db.insertInto('users').values([
    user(OPERATOR_A, 'op-a', 'operator', 17), user(OPERATOR_B, 'op-b', 'operator', 18), user(OPERATOR_GONE, 'op-gone', 'operator', 19, false),
    user(SUPERVISOR, 'sup', 'supervisor', null), user(PBX, 'pbx', 'pbx', null), user(SECOND_PBX, 'pbx-2', 'pbx', null),
  ]).execute();
  const at = new Date(BASE);
  await db.insertInto('pbx_extensions').values([
    { extension: '1017', operator_id: OPERATOR_A, active: true, updated_at: at },
    { extension: '1018', operator_id: OPERATOR_B, active: true, updated_at: at },
    { extension: '1019', operator_id: OPERATOR_GONE, active: true, updated_at: at },
    { extension: '2001', operator_id: OPERATOR_A, active: false, updated_at: at },
    { extension: '3001', operator_id: SUPERVISOR, active: true, updated_at: at },
  ]).execute();
  const live = new LocalLiveBus();
  const messages: LiveEvent[] = [];
  live.subscribe((event) => { messages.push(event); });
  return { opened, db, live, messages };
}

// ---- What a run looks like ------------------------------------------------------------------------

type Draft = Record<string, unknown> & { type: string; call: number; second: number };
type Step =
  | { kind: 'event'; draft: Draft }
  | { kind: 'repeat'; of: number; shifted: boolean; moved: boolean }
  | { kind: 'operator'; call: number; second: number; event: CallEvent };

// An event's time is its place in the run (see `pace`) moved by `second` (-2 to +1 s): the
// exchange's clock mostly runs forward, yet events arrive out of order and at the same instant.
const second = fc.integer({ min: -4, max: 2 }).map((half) => half / 2);
const call = fc.integer({ min: 0, max: 2 });
const party = fc.constantFrom('0501234567', '+380671112233', '067 111 22 33', '1017', '1017', '1017', '1018', '1019', '2001', '3001', '9999', 'anonymous', '', '0800500100');
const extension = fc.constantFrom('1017', '1017', '1017', '1018', '1019', '2001', '3001', '9999');
const draft = <T extends Record<string, fc.Arbitrary<unknown>>>(type: string, fields: T) =>
  fc.record({ call, second, ...fields }).map((f) => ({ type, ...f }) as unknown as Draft);

const eventDraft: fc.Arbitrary<Draft> = fc.oneof(
  // To a queue or the centre's number (no operator's extension) the call waits without an operator (H3).
  { weight: 4, arbitrary: draft('offered', { from: party, to: party, direction: fc.constantFrom('inbound', 'inbound', 'outbound'), queue: fc.option(fc.constantFrom('Черга суду', 'support'), { nil: undefined }) }) },
  { weight: 2, arbitrary: draft('ringing', { extension }) },
  { weight: 4, arbitrary: draft('answered', { extension: fc.option(extension, { nil: undefined }) }) },
  { weight: 3, arbitrary: draft('hold', {}) },
  { weight: 3, arbitrary: draft('unhold', {}) },
  { weight: 1, arbitrary: draft('transfer', { to: fc.constantFrom('1020', '+380441234567'), kind: fc.constantFrom('blind', 'attended') }) },
  { weight: 1, arbitrary: draft('dtmf', { digit: fc.constantFrom('1', '5', '#') }) },
  { weight: 3, arbitrary: draft('hangup', { cause: fc.constantFrom('normal_clearing', 'no_answer', 'cancel'), by: fc.constantFrom('caller', 'caller', 'operator', 'system') }) },
  { weight: 1, arbitrary: draft('recording_ready', { url: fc.constant('https://pbx.example/rec/1.wav') }) },
  { weight: 3, arbitrary: draft('survey_result', { score: fc.constantFrom(null, 1, 5) }) },
  { weight: 1, arbitrary: draft('conference_joined', { room: fc.constant('7') }) },
);

const operatorStep: fc.Arbitrary<Step> = fc.record({
  call,
  second,
  event: fc.constantFrom<CallEvent>({ type: 'hold_started', callerConsented: true }, { type: 'hold_started', callerConsented: true }, { type: 'hold_ended' }, { type: 'greeted' }, { type: 'ended', reason: 'completed' }),
}).map((s) => ({ kind: 'operator' as const, ...s }));

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: eventDraft.map((d) => ({ kind: 'event' as const, draft: d })) },
  { weight: 2, arbitrary: fc.record({ of: fc.nat(), shifted: fc.boolean(), moved: fc.boolean() }).map((r) => ({ kind: 'repeat' as const, ...r })) },
  { weight: 2, arbitrary: operatorStep },
);

/**
 * Most runs begin with some calls offered to 1017 and answered, or to the centre's number (waiting
 * without an operator, H3), so that later events find them. Two callers: calls of one caller are
 * decided in one transaction of the queue's, as an answer takes care of the caller's unanswered calls.
 */
const prologue: fc.Arbitrary<Step[]> = fc.subarray([0, 1, 2].flatMap((n): Step[] => [
  { kind: 'event', draft: { type: 'offered', call: n, second: 0, from: n === 1 ? '0931234567' : '0501234567', to: n === 2 ? '0800500100' : '1017', direction: 'inbound' } },
  { kind: 'event', draft: { type: 'answered', call: n, second: 0, extension: '1017' } },
]));

const scenario = fc.record({
  steps: fc.tuple(prologue, fc.array(step, { minLength: 1, maxLength: 30 })).map(([first, rest]) => [...first, ...rest]),
  cuts: fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 10 }),
  eventsPerTransaction: fc.constantFrom(1, 2, 3, 500, 500),
  /** Seconds between steps: at 20, holds run past the three minutes of H5. */
  pace: fc.constantFrom(0.5, 0.5, 20, 40),
  /**
   * The exchange's linked id of each call (c0, c1, c2), on every event of it, or none: calls that
   * share one are legs of a transfer, linked when the earlier leg is answered or ended transferred
   * not long before (at a pace of 40 s the later leg may open too late), or not linked at all.
   */
  links: fc.tuple(...[0, 1, 2].map(() => fc.constantFrom(undefined, 'L0', 'L0', 'L1'))),
  /** Which batches the second exchange sends. */
  senders: fc.array(fc.boolean(), { maxLength: 12 }),
  /** Through an EventIngestQueue: the batches between two operator steps are sent all at once. */
  queued: fc.boolean(),
  /** The queue's transactions side by side. */
  parallel: fc.constantFrom(1, 2, 3),
});

type Action =
  | { kind: 'batch'; events: PbxEvent[]; actor: Actor; receivedAt: Date }
  | { kind: 'operator'; pbxCallId: string; at: Date; event: CallEvent };

/** The run's events with ids under `prefix`, cut into batches at `cuts` and at every operator step. */
function actionsOf(prefix: string, input: { steps: Step[]; cuts: number[]; pace: number; senders: boolean[]; links: (string | undefined)[] }): Action[] {
  const made: PbxEvent[] = [];
  const actions: Action[] = [];
  let batch: PbxEvent[] = [];
  let cut = 0;
  const place = (s: Step) => 2 + input.steps.indexOf(s) * input.pace;
  const flush = () => {
    const n = actions.length;
    if (batch.length) actions.push({ kind: 'batch', events: batch, actor: input.senders[n] ? SECOND_ACTOR : ACTOR, receivedAt: new Date(BASE + 3_600_000 + n * 1000) });
    batch = [];
  };
  for (const s of input.steps) {
    if (s.kind === 'operator') {
      flush();
      actions.push({ kind: 'operator', pbxCallId: `${prefix}c${s.call}`, at: new Date(BASE + (place(s) + s.second) * 1000), event: s.event });
      continue;
    }
    let event: PbxEvent;
    if (s.kind === 'repeat') {
      if (!made.length) continue;
      const earlier = made[s.of % made.length]!;
      // A retry, or another event the exchange sent under an id it already used: later, or of another call.
      event = s.shifted ? { ...earlier, timestamp: new Date(Date.parse(earlier.timestamp) + 1500).toISOString() } : earlier;
      if (s.moved) event = { ...event, callId: `${event.callId}-other` };
    } else {
      const { type, call: n, second: at, ...fields } = s.draft;
      const linked = input.links[n];
      const raw = {
        eventId: `${prefix}e${made.length}`,
        callId: `${prefix}c${n}`,
        ...(linked === undefined ? {} : { linkedId: `${prefix}${linked}` }),
        type,
        timestamp: new Date(BASE + (place(s) + at) * 1000).toISOString(),
        ...fields,
      };
      for (const key of Object.keys(raw)) if (raw[key as keyof typeof raw] === undefined) delete raw[key as keyof typeof raw];
      // Exactly what the route hands the ingest after validation.
      event = PbxEventSchema.parse(raw);
    }
    made.push(event);
    batch.push(event);
    if (batch.length >= (input.cuts[cut] ?? Infinity)) {
      cut++;
      flush();
    }
  }
  flush();
  return actions;
}

type Ingest = (db: Db, actor: Actor, events: PbxEvent[], receivedAt: Date, log: FastifyBaseLogger, live: LocalLiveBus) => Promise<EventOutcomeView[]>;

/**
 * Runs the actions; what each step answered (outcomes, or an operator step's refusal code). With a
 * queue, the batches between two operator steps are handed to it all at once.
 */
async function play(side: Side, actions: Action[], ingest: Ingest, queue?: EventIngestQueue): Promise<unknown[]> {
  const answers: unknown[] = [];
  let sent: Promise<EventOutcomeView[]>[] = [];
  const flush = async () => {
    answers.push(...await Promise.all(sent));
    sent = [];
  };
  for (const action of actions) {
    if (action.kind === 'batch') {
      if (queue) sent.push(queue.ingest(action.actor, action.events, action.receivedAt, quietLog()));
      else answers.push(await ingest(side.db, action.actor, action.events, action.receivedAt, quietLog(), side.live));
      continue;
    }
    await flush();
    const found = await side.db.selectFrom('calls').select('id').where('pbx_call_id', '=', action.pbxCallId).executeTakeFirst();
    if (!found) {
      answers.push('no call');
      continue;
    }
    try {
      await appendCallEvent(side.db, { userId: OPERATOR_A, ip: null }, found.id, action.event, 'operator', action.at);
      answers.push('ok');
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      answers.push(error.code);
    }
  }
  await flush();
  return answers;
}

/**
 * Everything the run left, with generated ids replaced by the exchange's ids (a call by its PBX
 * call id, a kept event by its event id and outcome) and the run's prefix removed. `perCall`: the
 * audit trail and the live messages in order call by call (transactions written side by side
 * interleave different calls), otherwise in one order.
 */
async function snapshot(side: Side, prefix: string, auditAfter: number, messagesFrom: number, answers: unknown[], perCall = false) {
  const like = `${prefix}%`;
  const calls = await side.db.selectFrom('calls').selectAll().where('pbx_call_id', 'like', like).orderBy('pbx_call_id').execute();
  const kept = await side.db.selectFrom('pbx_events').selectAll().where('pbx_event_id', 'like', like).execute();
  const names = new Map<string, string>();
  // Every call and callback by a name, also those of earlier runs: an answered call takes care of
  // the same caller's unanswered calls of any run (H3).
  for (const c of await side.db.selectFrom('calls').select(['id', 'pbx_call_id']).execute()) names.set(c.id, `call:${c.pbx_call_id}`);
  const allCallbacks = await side.db.selectFrom('callbacks').select(['id', 'call_id']).execute();
  for (const b of allCallbacks) names.set(b.id, `callback:${names.get(b.call_id ?? '') ?? b.call_id}`);
  for (const k of kept) names.set(k.id, `kept:${k.pbx_event_id}:${k.outcome}`);
  const timeline = calls.length === 0 ? [] : await side.db.selectFrom('call_events').selectAll()
    .where('call_id', 'in', calls.map((c) => c.id)).orderBy('call_id').orderBy('seq').execute();
  const phoneHolds = calls.length === 0 ? [] : await side.db.selectFrom('pbx_holds').selectAll().where('call_id', 'in', calls.map((c) => c.id)).execute();
  for (const h of phoneHolds) names.set(h.id, `hold:${names.get(h.call_id)}:${h.started_at.toISOString()}`);
  const ratings = calls.length === 0 ? [] : await side.db.selectFrom('survey_ratings').selectAll().where('call_id', 'in', calls.map((c) => c.id)).execute();
  const callbacks = calls.length === 0 ? [] : await side.db.selectFrom('callbacks').selectAll().where('call_id', 'in', calls.map((c) => c.id)).execute();
  for (const r of ratings) names.set(r.id, `rating:${names.get(r.call_id)}`);
  const audit = await side.db.selectFrom('audit_events').selectAll().where('id', '>', String(auditAfter)).orderBy('id').execute();
  const rename = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'string') return (names.get(v) ?? v).replaceAll(prefix, '');
    return v;
  }));
  const sorted = (rows: unknown[]) => rows.map((row) => JSON.stringify(rename(row))).sort();
  const callOfKept = new Map([...kept.map((k) => [k.id, `call:${k.pbx_call_id}`] as const), ...ratings.map((r) => [r.id, r.call_id] as const)]);
  const byCall = <T>(rows: T[], callOf: (row: T) => string) => {
    if (!perCall) return rows;
    const grouped: Record<string, T[]> = {};
    for (const row of rows) {
      const call = callOf(row);
      (grouped[(names.get(call) ?? call).replaceAll(prefix, '')] ??= []).push(row);
    }
    return grouped;
  };
  const auditRows = audit.map(({ id: _id, at: _at, ...rest }) => rest);
  return {
    answers: rename(answers),
    calls: sorted(calls.map(({ id: _id, created_at: _created, ...rest }) => rest)),
    kept: sorted(kept.map(({ id: _id, ...rest }) => rest)),
    timeline: sorted(timeline.map(({ id: _id, ...rest }) => rest)),
    phoneHolds: sorted(phoneHolds.map(({ id: _id, ...rest }) => rest)),
    ratings: sorted(ratings.map(({ id: _id, ...rest }) => rest)),
    callbacks: sorted(callbacks.map(({ id: _id, ...rest }) => rest)),
    audit: rename(byCall(auditRows, (row) => (row.entity_type === 'pbx_event' || row.entity_type === 'survey_rating' ? callOfKept.get(row.entity_id) : names.get(row.entity_id)) ?? '?')),
    messages: rename(byCall(side.messages.slice(messagesFrom), (message) => (message.type === 'call.changed' ? message.callId : '?'))),
  };
}

const lastAuditId = async (db: Db) =>
  Number((await db.selectFrom('audit_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id ?? 0);

/** The reference: every event in a transaction of its own. */
const oneByOne: Ingest = (db, actor, events, receivedAt, log, live) => ingestEventBatch(db, actor, events, receivedAt, log, live, { eventsPerTransaction: 1 });
const wholeBatches: Ingest = (db, actor, events, receivedAt, log, live) => ingestEventBatch(db, actor, events, receivedAt, log, live);

type AuditRow = { actor_user_id: string; actor_ip: string; entity_type: string; entity_id: string; action: string; changes: Record<string, unknown> };

for (const target of databaseTargets()) {
  describe(`batch ingest of the exchange's events on ${target.name}`, () => {
    let reference: Side;
    let batched: Side;
    let runs = 0;
    before(async () => {
      [reference, batched] = await Promise.all([openSide(target), openSide(target)]);
    });
    after(async () => {
      await reference?.opened.close();
      await batched?.opened.close();
    });

    test('any sequence of events, cut into any batches, sent one by one or several at once, gives the same outcomes, rows, audit trail and live messages as one transaction per event', async () => {
      const numRuns = Number(process.env.BATCH_INGEST_RUNS ?? 100);
      await fc.assert(fc.asyncProperty(scenario, async (input) => {
        const prefix = `r${++runs}-`;
        const actions = actionsOf(prefix, input);
        const batchedIngest: Ingest = (db, actor, events, receivedAt, log, live) =>
          ingestEventBatch(db, actor, events, receivedAt, log, live, { eventsPerTransaction: input.eventsPerTransaction });
        const sides = [reference, batched] as const;
        const [first, second] = await Promise.all(sides.map(async (side) => ({ audit: await lastAuditId(side.db), messages: side.messages.length })));
        const expected = await snapshot(reference, prefix, first!.audit, first!.messages, await play(reference, actions, oneByOne));
        const queue = input.queued
          ? new EventIngestQueue(batched.db, batched.live, { maxEventsPerTransaction: input.eventsPerTransaction, parallelTransactions: input.parallel })
          : undefined;
        const perCall = input.queued && input.parallel > 1;
        const answers = await play(batched, actions, batchedIngest, queue);
        const actual = await snapshot(batched, prefix, second!.audit, second!.messages, answers, perCall);
        if (perCall) {
          const { audit, messages } = await snapshot(reference, prefix, first!.audit, first!.messages, [], true);
          Object.assign(expected, { audit, messages });
        }
        assert.deepEqual(actual, expected);
      }), { numRuns });
      // The runs did meet the linked-id rule both ways: legs linked, and linked ids left unlinked.
      if (numRuns >= 50) {
        const legs = await reference.db.selectFrom('calls').select(['pbx_linked_id', 'transferred_from_call_id'])
          .where('pbx_call_id', 'like', 'r%').where('pbx_linked_id', 'is not', null).execute();
        assert.ok(legs.some((leg) => leg.transferred_from_call_id !== null), 'some later legs were linked');
        assert.ok(legs.filter((leg) => leg.transferred_from_call_id === null).length > legs.length / 2, 'most calls with a linked id started a chain');
      }
    });

    test('the rows themselves: a call answered, held on the phone, transferred to a linked leg and rated; a repeat, a late event, an unknown type', async () => {
      const A = 'call:a';
      const B = 'call:b';
      // A caller of its own: the runs above leave unanswered calls of theirs, which an answer would take care of (H3).
      const at = (s: number) => new Date(BASE + s * 1000).toISOString();
      const batchesOf = (prefix: string) => {
        const ev = (id: string, callId: string, type: string, s: number, fields: Record<string, unknown> = {}) =>
          PbxEventSchema.parse({ eventId: `${prefix}${id}`, callId: `${prefix}${callId}`, linkedId: `${prefix}L`, type, timestamp: at(s), ...fields });
        return [
          [ev('oa', 'a', 'offered', 0, { from: '0441112233', to: '1017', direction: 'inbound' }), ev('aa', 'a', 'answered', 5, { extension: '1017' })],
          [ev('ha', 'a', 'hold', 20), ev('ua', 'a', 'unhold', 250), ev('ra', 'a', 'ringing', 1, { extension: '1017' }), ev('aa', 'a', 'answered', 5, { extension: '1017' })],
          [ev('ta', 'a', 'transfer', 260, { to: '1018', kind: 'blind' }), ev('rb', 'b', 'ringing', 261, { extension: '1018' }), ev('xa', 'a', 'hangup', 262, { cause: 'normal_clearing', by: 'operator' })],
          [ev('ab', 'b', 'answered', 263, { extension: '1018' }), ev('cb', 'b', 'conference_joined', 264, { room: '7' }), ev('sa', 'a', 'survey_result', 300, { score: 4 })],
        ];
      };
      const hold = `hold:${A}:${at(20)}`;
      const state = { hold: null, badAudio: null, language: null, abuseWarnings: [], formOfAddress: null, holdsCompleted: 0, holdsOverLimit: 0, callbackRequested: false };
      const expected = {
        answers: [
          [['oa', 'applied', A], ['aa', 'applied', A]],
          [['ha', 'applied', A], ['ua', 'applied', A], ['ra', 'stale', A], ['aa', 'duplicate', A]],
          [['ta', 'applied', A], ['rb', 'applied', B], ['xa', 'applied', A]],
          [['ab', 'applied', B], ['cb', 'ignored_unknown_type', B], ['sa', 'applied', A]],
        ],
        calls: [
          {
            operator_id: OPERATOR_A, source: 'pbx', pbx_call_id: 'a', pbx_linked_id: 'L', transferred_from_call_id: null, status: 'ended', caller_phone: '+380441112233',
            form_of_address: null, language: null, opened_at: at(0), answered_at: at(5), ended_at: at(262), end_reason: 'transferred',
            state: { ...state, lastAt: at(262), status: 'ended', endReason: 'transferred', transferredTo: '1018' }, last_seq: 4, updated_at: at(262),
            caller_withheld: false,
            offered_to: null, called_again_call_id: null, called_again_at: null,
          },
          {
            operator_id: OPERATOR_B, source: 'pbx', pbx_call_id: 'b', pbx_linked_id: 'L', transferred_from_call_id: A, status: 'active', caller_phone: '+380441112233',
            form_of_address: null, language: null, opened_at: at(261), answered_at: at(263), ended_at: null, end_reason: null,
            state: { ...state, lastAt: at(263), status: 'active', endReason: null, transferredTo: null }, last_seq: 2, updated_at: at(263),
            caller_withheld: false,
            offered_to: null, called_again_call_id: null, called_again_at: null,
          },
        ],
        // Event id, outcome, call, the exchange's time, when it came (a batch a second).
        kept: [
          ['aa', 'applied', A, at(5), 0], ['aa', 'duplicate', A, at(5), 1], ['ab', 'applied', B, at(263), 3], ['cb', 'ignored_unknown_type', B, at(264), 3],
          ['ha', 'applied', A, at(20), 1], ['oa', 'applied', A, at(0), 0], ['ra', 'stale', A, at(1), 1], ['rb', 'applied', B, at(261), 2],
          ['sa', 'applied', A, at(300), 3], ['ta', 'applied', A, at(260), 2], ['ua', 'applied', A, at(250), 1], ['xa', 'applied', A, at(262), 2],
        ],
        timeline: [
          [A, 1, 'offered', at(0), { source: 'pbx' }], [A, 2, 'answered', at(5), { source: 'pbx' }], [A, 3, 'transferred', at(260), { source: 'pbx', to: '1018' }],
          [A, 4, 'ended', at(262), { source: 'pbx', reason: 'transferred' }], [B, 1, 'offered', at(261), { source: 'pbx' }], [B, 2, 'answered', at(263), { source: 'pbx' }],
        ],
        phoneHolds: [{ call_id: A, started_at: at(20), ended_at: at(250) }],
        ratings: [{ call_id: A, operator_id: OPERATOR_A, channel: 'phone', score: 4, outcome: 'rated', comment: null, prompts_played: 0, invalid_keys: '', sip_call_id: null, started_at: null, recorded_at: at(300) }],
        // Every entry by the exchange that sent it, in the order written.
        audit: [
          ['call', A, 'created', { operatorId: OPERATOR_A, source: 'pbx', callerPhone: '+380441112233', pbxCallId: 'a', pbxLinkedId: 'L' }],
          ['call', A, 'offered', { seq: 1, source: 'pbx' }],
          ['pbx_event', 'kept:oa:applied', 'applied', { type: 'offered', pbxEventId: 'oa', callId: A }],
          ['call', A, 'answered', { seq: 2, source: 'pbx' }],
          ['pbx_event', 'kept:aa:applied', 'applied', { type: 'answered', pbxEventId: 'aa', callId: A }],
          ['pbx_event', 'kept:ra:stale', 'stale', { type: 'ringing', pbxEventId: 'ra', callId: A }],
          ['pbx_event', 'kept:aa:duplicate', 'duplicate', { type: 'answered', pbxEventId: 'aa', callId: A }],
          ['call', A, 'phone_hold_started', { pbxHoldId: hold, startedAt: at(20) }],
          ['pbx_event', 'kept:ha:applied', 'applied', { type: 'hold', pbxEventId: 'ha', callId: A }],
          ['call', A, 'phone_hold_ended', { pbxHoldId: hold, startedAt: at(20), durationSeconds: 230, overLimit: true }],
          ['pbx_event', 'kept:ua:applied', 'applied', { type: 'unhold', pbxEventId: 'ua', callId: A }],
          ['call', A, 'transferred', { seq: 3, source: 'pbx', to: '1018' }],
          ['pbx_event', 'kept:ta:applied', 'applied', { type: 'transfer', pbxEventId: 'ta', callId: A }],
          ['call', B, 'created', { operatorId: OPERATOR_B, source: 'pbx', callerPhone: '+380441112233', pbxCallId: 'b', pbxLinkedId: 'L', transferredFromCallId: A }],
          ['call', B, 'offered', { seq: 1, source: 'pbx' }],
          ['call', B, 'transfer_leg_linked', { transferredFromCallId: A, callerPhoneFromEarlierLeg: true }],
          ['pbx_event', 'kept:rb:applied', 'applied', { type: 'ringing', pbxEventId: 'rb', callId: B }],
          ['call', A, 'ended', { seq: 4, source: 'pbx', reason: 'transferred' }],
          ['pbx_event', 'kept:xa:applied', 'applied', { type: 'hangup', pbxEventId: 'xa', callId: A }],
          ['call', B, 'answered', { seq: 2, source: 'pbx' }],
          ['pbx_event', 'kept:ab:applied', 'applied', { type: 'answered', pbxEventId: 'ab', callId: B }],
          ['pbx_event', 'kept:cb:ignored_unknown_type', 'ignored_unknown_type', { type: 'conference_joined', pbxEventId: 'cb', callId: B }],
          ['survey_rating', `rating:${A}`, 'rated', { callId: A, operatorId: OPERATOR_A, channel: 'phone', score: 4, promptsPlayed: 0 }],
          ['pbx_event', 'kept:sa:applied', 'applied', { type: 'survey_result', pbxEventId: 'sa', callId: A }],
        ],
        // call.changed after every applied event, with the call as that event left it.
        messages: [
          [A, 'ringing', null, 'offered', at(0)], [A, 'active', null, 'answered', at(5)], [A, 'active', at(20), 'answered', at(5)], [A, 'active', null, 'answered', at(5)],
          [A, 'active', null, 'transferred', at(260)], [B, 'ringing', null, 'offered', at(261)], [A, 'ended', null, 'ended', at(262)], [B, 'active', null, 'answered', at(263)],
          [A, 'ended', null, 'ended', at(262)],
        ],
      };
      // One event per transaction, and each batch whole: the same rows.
      for (const [side, ingest] of [[reference, oneByOne], [batched, wholeBatches]] as const) {
        const prefix = `rows-${++runs}-`;
        const mark = { audit: await lastAuditId(side.db), messages: side.messages.length };
        const actions: Action[] = batchesOf(prefix).map((events, n) => ({ kind: 'batch', events, actor: ACTOR, receivedAt: new Date(BASE + 3_600_000 + n * 1000) }));
        const rows = await snapshot(side, prefix, mark.audit, mark.messages, await play(side, actions, ingest));
        const parsed = (list: string[]) => list.map((row) => JSON.parse(row) as Record<string, unknown>);
        assert.deepEqual({
          answers: (rows.answers as EventOutcomeView[][]).map((batch) => batch.map((r) => [r.eventId, r.outcome, r.callId])),
          calls: parsed(rows.calls),
          kept: parsed(rows.kept).map((k) => [k.pbx_event_id, k.outcome, k.call_id, k.occurred_at, (Date.parse(k.received_at as string) - BASE - 3_600_000) / 1000]),
          timeline: parsed(rows.timeline).map((e) => [e.call_id, e.seq, e.type, e.at, e.data]),
          phoneHolds: parsed(rows.phoneHolds),
          ratings: parsed(rows.ratings),
          audit: (rows.audit as AuditRow[]).map((a) => {
            assert.deepEqual([a.actor_user_id, a.actor_ip], [PBX, ACTOR.ip]);
            return [a.entity_type, a.entity_id, a.action, a.changes];
          }),
          messages: (rows.messages as Extract<LiveEvent, { type: 'call.changed' }>[]).map((m) => {
            assert.equal(m.operatorId, m.callId === A ? OPERATOR_A : OPERATOR_B);
            return [m.callId, m.status, m.phoneHoldSince, m.lastEventType, m.at];
          }),
        }, expected);
        assert.ok((rows.answers as EventOutcomeView[][]).flat().every((r) => r.reason), 'every answer says why');
      }
    });

    test('a batch of 100 events across 25 calls is one transaction and matches one transaction per event', async () => {
      const prefix = `big-${++runs}-`;
      const events: PbxEvent[] = [];
      for (let n = 0; n < 25; n++) {
        const id = (step: string) => `${prefix}${n}-${step}`;
        const at = (s: number) => new Date(BASE + (n + s) * 1000).toISOString();
        events.push(
          PbxEventSchema.parse({ eventId: id('o'), callId: `${prefix}c${n}`, type: 'offered', timestamp: at(0), from: '0501234567', to: n % 2 ? '1017' : '1018', direction: 'inbound' }),
          PbxEventSchema.parse({ eventId: id('r'), callId: `${prefix}c${n}`, type: 'ringing', timestamp: at(1), extension: '1017' }),
          PbxEventSchema.parse({ eventId: id('a'), callId: `${prefix}c${n}`, type: 'answered', timestamp: at(3), extension: '1017' }),
          PbxEventSchema.parse({ eventId: id('h'), callId: `${prefix}c${n}`, type: 'hangup', timestamp: at(9), cause: 'normal_clearing', by: n % 3 ? 'caller' : 'operator' }),
        );
      }
      events.reverse();
      const marks = { audit: await lastAuditId(reference.db), messages: reference.messages.length };
      const batchedMarks = { audit: await lastAuditId(batched.db), messages: batched.messages.length };
      const expected = await snapshot(reference, prefix, marks.audit, marks.messages, await play(reference, [{ kind: 'batch', events, actor: ACTOR, receivedAt: new Date(BASE) }], oneByOne));
      const actual = await snapshot(batched, prefix, batchedMarks.audit, batchedMarks.messages, await play(batched, [{ kind: 'batch', events, actor: ACTOR, receivedAt: new Date(BASE) }], (db, a, e, r, l, live) => ingestEventBatch(db, a, e, r, l, live)));
      assert.deepEqual(actual, expected);
      assert.equal((actual.answers as EventOutcomeView[][])[0]!.filter((r) => r.outcome === 'applied').length, 100);
      assert.equal((actual.messages as unknown[]).length, 100, 'one call.changed per applied event');
    });

    test('a batch that fails is rolled back whole with a clear error, announces nothing, and its retry applies it', async () => {
      const prefix = `fail-${++runs}-`;
      const event = (step: string, type: string, s: number, fields: Record<string, unknown>) =>
        PbxEventSchema.parse({ eventId: `${prefix}${step}`, callId: `${prefix}c`, type, timestamp: new Date(BASE + s * 1000).toISOString(), ...fields });
      const events = [
        event('offered', 'offered', 0, { from: '0501234567', to: '1017', direction: 'inbound' }),
        event('answered', 'answered', 2, { extension: '1017' }),
        event('boom', 'dtmf', 3, { digit: '5' }),
        event('hangup', 'hangup', 9, { cause: 'normal_clearing', by: 'caller' }),
      ];
      const { db } = batched;
      const count = async () => {
        const n = async (table: 'calls' | 'call_events' | 'pbx_events' | 'audit_events') =>
          Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
        return { calls: await n('calls'), callEvents: await n('call_events'), pbxEvents: await n('pbx_events'), audit: await n('audit_events') };
      };
      // The database refuses the third event's row, after the call, its timeline and earlier rows were written.
      await sql`ALTER TABLE pbx_events ADD CONSTRAINT test_refuses_boom CHECK (pbx_event_id NOT LIKE '%boom') NOT VALID`.execute(db);
      try {
        const before = await count();
        const heard = batched.messages.length;
        const log = quietLog();
        const failure = await ingestEventBatch(db, ACTOR, events, new Date(BASE), log, batched.live).then(() => null, (error: unknown) => error);
        assert.ok(failure instanceof HttpProblem, `an HttpProblem, got ${String(failure)}`);
        assert.equal(failure.status, 500);
        assert.equal(failure.code, 'pbx-events-not-saved');
        assert.match(failure.message, /^Події АТС не збережено через помилку бази даних: 4 з 4, починаючи з «fail-\d+-offered», не записано й не застосовано\. Надішліть пакет ще раз\.$/);
        assert.ok((failure as Error & { cause?: unknown }).cause, 'the database error is kept as the cause');
        assert.deepEqual(await count(), before, 'nothing of the batch is written');
        assert.equal(batched.messages.length, heard, 'nothing is announced');

        // Split into transactions of two: the first two (in the exchange's time order) stay.
        const split = await ingestEventBatch(db, ACTOR, [...events].reverse(), new Date(BASE), log, batched.live, { eventsPerTransaction: 2 })
          .then(() => null, (error: unknown) => error);
        assert.ok(split instanceof HttpProblem);
        assert.match(split.message, /: 2 з 4, починаючи з «fail-\d+-boom», не записано й не застосовано\. Решту 2 збережено: у повторі вони будуть duplicate\./);
        const after = await count();
        assert.equal(after.pbxEvents, before.pbxEvents + 2);
        assert.equal(after.calls, before.calls + 1);
        assert.equal(batched.messages.length, heard + 2, 'the saved part is announced');
      } finally {
        await sql`ALTER TABLE pbx_events DROP CONSTRAINT test_refuses_boom`.execute(db);
      }
      const retried = await ingestEventBatch(db, ACTOR, events, new Date(BASE), quietLog(), batched.live);
      assert.deepEqual(retried.map((r) => r.outcome), ['duplicate', 'duplicate', 'applied', 'applied']);
      const ended = await db.selectFrom('calls').selectAll().where('pbx_call_id', '=', `${prefix}c`).executeTakeFirstOrThrow();
      assert.equal(ended.status, 'ended');
      assert.equal(ended.end_reason, 'caller_hung_up');
    });

    test('through the queue, batches that arrive while one is written go together in the next transaction; one that fails fails alone', async () => {
      const prefix = `queue-${++runs}-`;
      const batchOf = (n: number, digit = '1') => [
        PbxEventSchema.parse({ eventId: `${prefix}o${n}`, callId: `${prefix}c${n}`, type: 'offered', timestamp: new Date(BASE).toISOString(), from: `05012300${String(n).padStart(2, '0')}`, to: '1017', direction: 'inbound' }),
        PbxEventSchema.parse({ eventId: `${prefix}d${n}`, callId: `${prefix}c${n}`, type: 'dtmf', timestamp: new Date(BASE + 1000).toISOString(), digit }),
      ];
      const { db } = batched;
      const queue = new EventIngestQueue(db, batched.live, { parallelTransactions: 1 });
      const log = quietLog();
      const sent = [1, 2, 3, 4].map((n) => queue.ingest(ACTOR, batchOf(n), new Date(BASE), log));
      for (const answer of await Promise.all(sent)) assert.deepEqual(answer.map((r) => r.outcome), ['applied', 'applied']);
      const transactions = await sql<{ n: number }>`SELECT count(DISTINCT xmin::text)::int AS n FROM pbx_events WHERE pbx_event_id LIKE ${`${prefix}%`}`.execute(db);
      assert.equal(transactions.rows[0]!.n, 2, 'the first batch alone, the three that waited together');
      // Side by side: the three that waited go in two transactions, their calls (of different callers) shared between them.
      const sideBySide = new EventIngestQueue(db, batched.live, { parallelTransactions: 2 });
      const more = [11, 12, 13, 14].map((n) => sideBySide.ingest(ACTOR, batchOf(n), new Date(BASE), log));
      for (const answer of await Promise.all(more)) assert.deepEqual(answer.map((r) => r.outcome), ['applied', 'applied']);
      const calls = [11, 12, 13, 14].map((n) => `${prefix}c${n}`);
      const split = await sql<{ n: number }>`SELECT count(DISTINCT xmin::text)::int AS n FROM pbx_events WHERE pbx_call_id = ANY(${calls}::text[])`.execute(db);
      assert.equal(split.rows[0]!.n, 3);
      // Calls of one caller stay in one transaction: an answer takes care of the caller's unanswered calls (H3).
      const sameCaller = (n: number) => batchOf(n).map((event) => (event.type === 'offered' ? { ...event, from: '0501239999' } : event));
      const together = await Promise.all([21, 22, 23, 24].map((n) => sideBySide.ingest(ACTOR, sameCaller(n), new Date(BASE), log)));
      for (const answer of together) assert.deepEqual(answer.map((r) => r.outcome), ['applied', 'applied']);
      const oneCaller = [21, 22, 23, 24].map((n) => `${prefix}c${n}`);
      const joined = await sql<{ n: number }>`SELECT count(DISTINCT xmin::text)::int AS n FROM pbx_events WHERE pbx_call_id = ANY(${oneCaller}::text[])`.execute(db);
      assert.equal(joined.rows[0]!.n, 2, 'the first batch alone, the three of the same caller that waited in one transaction');

      await sql`ALTER TABLE pbx_events ADD CONSTRAINT test_refuses_boom CHECK (pbx_event_id NOT LIKE '%boom') NOT VALID`.execute(db);
      try {
        const heard = batched.messages.length;
        const boom = [...batchOf(6), PbxEventSchema.parse({ eventId: `${prefix}boom`, callId: `${prefix}c6`, type: 'dtmf', timestamp: new Date(BASE + 2000).toISOString(), digit: '2' })];
        const answers = await Promise.allSettled([queue.ingest(ACTOR, batchOf(5), new Date(BASE), log), queue.ingest(ACTOR, boom, new Date(BASE), log), queue.ingest(SECOND_ACTOR, batchOf(7), new Date(BASE), log)]);
        assert.equal(answers[0].status, 'fulfilled');
        assert.equal(answers[2].status, 'fulfilled');
        assert.equal(answers[1].status, 'rejected');
        assert.equal(((answers[1] as PromiseRejectedResult).reason as HttpProblem).code, 'pbx-events-not-saved');
        assert.equal(await db.selectFrom('calls').select('id').where('pbx_call_id', '=', `${prefix}c6`).executeTakeFirst(), undefined, 'nothing of the failed batch');
        const seventh = await db.selectFrom('audit_events').select(['actor_user_id', 'actor_ip']).where('entity_type', '=', 'pbx_event')
          .where(sql<boolean>`changes->>'pbxEventId' = ${`${prefix}o7`}`).executeTakeFirstOrThrow();
        assert.deepEqual(seventh, { actor_user_id: SECOND_PBX, actor_ip: '192.0.2.11' }, 'each batch audited as its own sender');
        assert.equal(batched.messages.length, heard + 4, 'the two good batches announced');
      } finally {
        await sql`ALTER TABLE pbx_events DROP CONSTRAINT test_refuses_boom`.execute(db);
      }
    });

    testOnPostgres(target, 'whole batches and batches of one event per transaction running at once on the same calls and event ids never deadlock', 'PGlite has one connection, so nothing runs at once', async () => {
      for (let round = 0; round < 10; round++) {
        const prefix = `mixed-${round}-${++runs}-`;
        const ev = (id: string, callId: string, type: string, s: number, fields: Record<string, unknown> = {}) =>
          PbxEventSchema.parse({ eventId: `${prefix}${id}`, callId: `${prefix}${callId}`, type, timestamp: new Date(BASE + s * 1000).toISOString(), ...fields });
        const offered = (callId: string) => ev(`o${callId}`, callId, 'offered', 0, { from: '0501234567', to: '1017', direction: 'inbound' });
        const answered = (callId: string, s: number) => ev(`a${callId}`, callId, 'answered', s, { extension: '1017' });
        const digit = (callId: string, s: number) => ev(`d${callId}`, callId, 'dtmf', s, { digit: '1' });
        const sent = [
          [offered('x'), answered('y', 1), digit('z', 2), offered('w')],
          [offered('y'), answered('x', 1), digit('w', 2), offered('z')],
          [offered('z'), offered('w'), answered('z', 1), digit('x', 2), digit('y', 3), answered('w', 4)],
        ];
        const log = quietLog();
        const answers = await Promise.all([
          oneByOne(batched.db, ACTOR, sent[0]!, new Date(BASE), log, batched.live),
          ingestEventBatch(batched.db, ACTOR, sent[1]!, new Date(BASE), log, batched.live),
          ingestEventBatch(batched.db, ACTOR, [...sent[2]!].reverse(), new Date(BASE), log, batched.live),
          oneByOne(batched.db, ACTOR, [...sent[2]!, ...sent[0]!], new Date(BASE), log, batched.live),
        ]);
        const handled = answers.flat().filter((r) => r.outcome !== 'duplicate').map((r) => r.eventId).sort();
        assert.deepEqual(handled, [...new Set(sent.flat().map((e) => e.eventId))].sort(), 'every event id handled exactly once');
        const timelines = await batched.db.selectFrom('call_events').innerJoin('calls', 'calls.id', 'call_events.call_id')
          .select(['calls.pbx_call_id', 'call_events.seq', 'calls.last_seq']).where('calls.pbx_call_id', 'like', `${prefix}%`).orderBy('call_events.seq').execute();
        for (const callId of ['x', 'y', 'z', 'w']) {
          const seqs = timelines.filter((row) => row.pbx_call_id === `${prefix}${callId}`);
          assert.deepEqual(seqs.map((row) => row.seq), seqs.map((_, n) => n + 1), `call ${callId}: its timeline has no gaps`);
          assert.equal(seqs.at(-1)?.last_seq, seqs.length);
        }
      }
    });

    testOnPostgres(target, 'over PostgreSQL LISTEN/NOTIFY every call.changed of a batch arrives, in order, identical ones too', 'LISTEN/NOTIFY between connections', async (serverUrl) => {
      const bus = await PostgresLiveBus.connect(serverUrl);
      try {
        const heard: LiveEvent[] = [];
        bus.subscribe((event) => { heard.push(event); });
        const prefix = `notify-${++runs}-`;
        const ev = (id: string, type: string, s: number, fields: Record<string, unknown>) =>
          PbxEventSchema.parse({ eventId: `${prefix}${id}`, callId: `${prefix}c`, type, timestamp: new Date(BASE + s * 1000).toISOString(), ...fields });
        // offered opens the call; ringing and the keypad digits change nothing: four identical messages.
        const events = [
          ev('o', 'offered', 0, { from: '0501234567', to: '1017', direction: 'inbound' }), ev('r', 'ringing', 0, { extension: '1017' }),
          ev('d1', 'dtmf', 1, { digit: '1' }), ev('d2', 'dtmf', 1, { digit: '1' }), ev('a', 'answered', 2, { extension: '1017' }),
        ];
        const results = await ingestEventBatch(batched.db, ACTOR, events, new Date(BASE), quietLog(), bus);
        assert.ok(results.every((r) => r.outcome === 'applied'), JSON.stringify(results));
        const deadline = Date.now() + 5000;
        while (heard.length < events.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
        assert.ok(heard.length >= events.length, `all ${events.length} call.changed messages over LISTEN/NOTIFY within 5 s; heard ${heard.length}`);
        // Once they are all there, a moment more for one too many to show (it would fail the comparison below).
        await new Promise((resolve) => setTimeout(resolve, 100));
        const callId = results[0]!.callId;
        const ringing = { type: 'call.changed', callId, operatorId: OPERATOR_A, status: 'ringing', onHoldSince: null, phoneHoldSince: null, lastEventType: 'offered', at: new Date(BASE).toISOString() };
        assert.deepEqual(heard, [ringing, ringing, ringing, ringing, { ...ringing, status: 'active', lastEventType: 'answered', at: new Date(BASE + 2000).toISOString() }]);
      } finally {
        await bus.close();
      }
    });

    testOnPostgres(target, 'concurrent batches touching the same calls and event ids wait for each other, never deadlock, and end as if sent one after the other', 'PGlite has one connection, so nothing runs at once', async () => {
      for (let round = 0; round < 8; round++) {
        const prefixOf = (name: string) => `conc-${round}-${name}-${runs}-`;
        const batches = (prefix: string) => {
          const ev = (id: string, callId: string, type: string, s: number, fields: Record<string, unknown> = {}) =>
            PbxEventSchema.parse({ eventId: `${prefix}${id}`, callId: `${prefix}${callId}`, type, timestamp: new Date(BASE + s * 1000).toISOString(), ...fields });
          const opening = [
            ev('ox', 'x', 'offered', 0, { from: '0501234567', to: '1017', direction: 'inbound' }),
            ev('oy', 'y', 'offered', 0, { from: '0671112233', to: '1018', direction: 'inbound' }),
          ];
          // X then Y in one, Y then X in the other, and one event id sent in both.
          const first = [ev('ax', 'x', 'answered', 3, { extension: '1017' }), ev('hy', 'y', 'hangup', 4, { cause: 'no_answer', by: 'system' }), ev('shared', 'x', 'dtmf', 5, { digit: '1' })];
          const second = [ev('ay', 'y', 'answered', 2, { extension: '1018' }), ev('hx', 'x', 'hangup', 6, { cause: 'normal_clearing', by: 'operator' }), ev('shared', 'x', 'dtmf', 5, { digit: '1' })];
          return { opening, first, second };
        };
        const ingest = (side: Side, events: PbxEvent[]) => ingestEventBatch(side.db, ACTOR, events, new Date(BASE), quietLog(), side.live);

        // Serial reference outcomes, both orders.
        const serial = [];
        for (const order of ['first-second', 'second-first']) {
          const prefix = prefixOf(order);
          const b = batches(prefix);
          const mark = { audit: await lastAuditId(reference.db), messages: reference.messages.length };
          await ingest(reference, b.opening);
          const [one, two] = order === 'first-second' ? [b.first, b.second] : [b.second, b.first];
          const answers = [await ingest(reference, one), await ingest(reference, two)];
          if (order === 'second-first') answers.reverse();
          serial.push(await snapshot(reference, prefix, mark.audit, mark.messages, answers));
        }

        const prefix = prefixOf('concurrent');
        const b = batches(prefix);
        const mark = { audit: await lastAuditId(batched.db), messages: batched.messages.length };
        await ingest(batched, b.opening);
        // Hold call X's lock, so both batches are in flight before either may go on.
        const holder = batched.db.transaction().execute(async (trx) => {
          await sql`SELECT pg_advisory_xact_lock(hashtext(${`pbx-call:${prefix}x`}))`.execute(trx);
          const both = Promise.all([ingest(batched, b.first), ingest(batched, b.second)]);
          for (let wait = 0; ; wait++) {
            const waiting = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`.execute(trx);
            if (waiting.rows[0]!.n >= 2) break;
            assert.ok(wait < 200, 'both batches should be waiting on the call lock');
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          // Wrapped: a promise returned as is would be awaited inside the transaction, keeping the lock.
          return { both };
        });
        const answers = await (await holder).both;
        const actual = await snapshot(batched, prefix, mark.audit, mark.messages, answers);
        // Neither order's audit trail interleaves the other's: compare with whichever order happened.
        assert.ok(serial.some((expected) => {
          try {
            assert.deepEqual(actual, expected);
            return true;
          } catch {
            return false;
          }
        }), `not one of the serial orders: ${JSON.stringify(actual.answers)}`);
        const duplicates = (answers.flat() as EventOutcomeView[]).filter((r) => r.eventId.endsWith('shared')).map((r) => r.outcome).sort();
        assert.deepEqual(duplicates, ['applied', 'duplicate'], 'the shared event id is handled once');
      }
    });
  });
}
