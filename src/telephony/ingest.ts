// Receives the exchange's events: each is kept in pbx_events with what became of it, and those
// that change a call go onto its timeline by the same rules as the operator's own steps
// (src/calls/rules.ts). The one place the exchange's events are decided: a single event is a batch
// of one. A whole batch is one transaction, so a busy exchange costs one commit (one fsync) per
// batch instead of one per event. The batch's calls and event ids are locked in one statement,
// everything the decisions need is read in a few set-based queries, the events are decided in
// memory in the exchange's time order, and the rows, built as the repositories build their own,
// are written in one statement; the call.changed messages go out once the transaction committed.
// How events are cut into transactions never changes a decision. EventIngestQueue, which every
// adapter feeds, also writes the batches that arrive while others are being written together, in
// a few transactions side by side, each with its own calls.
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import { auditRow, type Actor, type AuditEntry } from '../audit/audit.ts';
import type { CallEvent } from '../calls/events.ts';
import { CALLED_AGAIN_CANCEL_REASON, CALLED_AGAIN_WINDOW_MS, calledAgainAudit, calledAgainBy, calledAgainCancelAudit } from '../calls/called-again.ts';
import { callAfterEvent, callCreatedAudit, callEventAudit, callEventRow, callRow, type OpenCallInput } from '../calls/repository.ts';
import { MISSED_CALL_RULE_SETTING, missedCallCallback, parseMissedCallRule, type MissedCallRule } from '../callbacks/missed-call-rule.ts';
import { callbackRow, callbackScheduledAudit, type NewCallback } from '../callbacks/repository.ts';
import { applyCallEvent, type CallState } from '../calls/rules.ts';
import type { Db } from '../db/database.ts';
import type { Call, Database } from '../db/schema.ts';
import { exchangePhone, readExchangeParty, type ExchangeParty } from '../phones/numbers.ts';
import { HttpProblem } from '../http/problem.ts';
import type { LiveBus } from '../live/bus.ts';
import type { LiveEvent } from '../live/events.ts';
import { surveyRatingAudit, surveyRatingRow } from '../survey/repository.ts';
import { isKnown, type EventOutcomeView, type KnownPbxEvent, type PbxEvent } from './contract.ts';
import { endPhoneHold, phoneHoldRow, phoneHoldStarted, type PhoneHold } from './holds.ts';
import {
  PROGRESS_EVENTS, REASON, SURVEY_TEXT, applied, earlierLeg, endReasonFor, pbxEventAudit, pbxEventRow, refused, stale, surveyRecordOf, surveyRefusal, type Decision,
} from './mapping.ts';

type Trx = Transaction<Database>;

/** More events than this are handled in several transactions, in time order, each of at most this many. */
export const MAX_EVENTS_PER_TRANSACTION = 500;

export interface BatchIngestOptions {
  /** Events per transaction (tests use small ones to cross the boundary). */
  eventsPerTransaction?: number;
}


/** One batch as the exchange sent it, with who sent it and where its answers go. */
interface Submission {
  actor: Actor;
  receivedAt: Date;
  log: FastifyBaseLogger;
  live: LiveBus | undefined;
  /** Its events in the exchange's time order (arrival order breaks ties). */
  ordered: Item[];
  /** By the events' places in the batch as sent. */
  results: EventOutcomeView[];
}

interface Item {
  event: PbxEvent;
  /** Its place in the batch as sent: the answer keeps that order. */
  index: number;
  from: Submission;
}

function submission(actor: Actor, events: PbxEvent[], receivedAt: Date, log: FastifyBaseLogger, live: LiveBus | undefined): Submission {
  const batch: Submission = { actor, receivedAt, log, live, ordered: [], results: new Array<EventOutcomeView>(events.length) };
  batch.ordered = events.map((event, index) => ({ event, index, from: batch }))
    .sort((a, b) => Date.parse(a.event.timestamp) - Date.parse(b.event.timestamp) || a.index - b.index);
  return batch;
}

/**
 * Handles a batch in the exchange's time order (arrival order breaks ties) and answers in the order
 * sent; with `live`, every event that changed a call is announced (call.changed) once its
 * transaction committed.
 * Throws a 500 HttpProblem naming what was not saved when a transaction fails: it is rolled back whole.
 */
export async function ingestEventBatch(
  db: Db,
  actor: Actor,
  events: PbxEvent[],
  receivedAt: Date,
  log: FastifyBaseLogger,
  live?: LiveBus,
  options: BatchIngestOptions = {},
): Promise<EventOutcomeView[]> {
  const batch = submission(actor, events, receivedAt, log, live);
  await ingestAlone(db, batch, options.eventsPerTransaction ?? MAX_EVENTS_PER_TRANSACTION);
  return batch.results;
}

/** One batch, in transactions of at most `size` events. */
async function ingestAlone(db: Db, batch: Submission, size: number): Promise<void> {
  const { ordered } = batch;
  const step = Math.max(1, size);
  for (let start = 0; start < ordered.length; start += step) {
    const part = ordered.slice(start, start + step);
    try {
      await ingestTogether(db, part);
    } catch (error) {
      throw notSaved(error, batch.log, { saved: start, lost: ordered.length - start, total: ordered.length, firstLost: part[0]!.event.eventId });
    }
  }
}

/** Events (of one or more batches) in one transaction; once it committed, their answers and announcements. */
async function ingestTogether(db: Db, items: Item[]): Promise<void> {
  const decided = await db.transaction().execute((trx) => ingestPart(trx, items));
  items.forEach((item, n) => { item.from.results[item.index] = decided.results[n]!; });
  for (const { to, message } of decided.messages) {
    try {
      to.live?.publish(message);
    } catch {
      // Saved is saved: live screens refetch on reconnect and on focus (as publishCallChanged does).
    }
  }
}

function notSaved(error: unknown, log: FastifyBaseLogger, counts: { saved: number; lost: number; total: number; firstLost: string }): HttpProblem {
  // Type and code only: a database error's detail may quote the payload's phone numbers.
  log.error({ err: { type: (error as Error).name, code: (error as { code?: string }).code } }, 'PBX event batch rolled back');
  const already = counts.saved > 0 ? ` Решту ${counts.saved} збережено: у повторі вони будуть duplicate.` : '';
  const problem = new HttpProblem(500, 'pbx-events-not-saved',
    `Події АТС не збережено через помилку бази даних: ${counts.lost} з ${counts.total}, починаючи з «${counts.firstLost}», не записано й не застосовано.${already} Надішліть пакет ще раз.`);
  return Object.assign(problem, { cause: error });
}

/** Transactions one queue writes side by side, each with the events of other calls. */
export const PARALLEL_TRANSACTIONS = 2;

/** Events that may wait behind the round being written; beyond it the exchange is asked to retry. */
export const MAX_WAITING_EVENTS = 20_000;

export interface QueueOptions {
  maxEventsPerTransaction?: number;
  parallelTransactions?: number;
  maxWaitingEvents?: number;
}

/** The answer to an exchange that sends faster than the database writes: try again shortly, nothing was taken. */
export function ingestBusy(): HttpProblem {
  return new HttpProblem(503, 'pbx-events-busy', 'Dovira не встигає записувати події АТС: жодної події з цього пакета не прийнято. Надішліть пакет ще раз за кілька секунд', { retryAfterSeconds: 2 });
}

/**
 * The ingest of one Dovira process: batches that arrive while a round is being written wait, and
 * the waiting ones are written together in the next round, each batch in its own time order and
 * all in the order they arrived, exactly as if each had been sent once the one before was answered.
 * A round's events are shared among a few transactions written side by side, by call: events of
 * one call (or under one event id) stay together, in order, so every decision is the one a single
 * transaction would make. A busy exchange thus costs a few commits per round, however many batches
 * came meanwhile; an idle one waits for nothing. Other processes are kept in step by the locks.
 */
export class EventIngestQueue {
  readonly #db: Db;
  readonly #live: LiveBus | undefined;
  readonly #maxEvents: number;
  readonly #parallel: number;
  readonly #maxWaiting: number;
  readonly #waiting: Waiting[] = [];
  #waitingEvents = 0;
  #running = false;

  constructor(db: Db, live?: LiveBus, options: QueueOptions = {}) {
    this.#db = db;
    this.#live = live;
    this.#maxEvents = Math.max(1, options.maxEventsPerTransaction ?? MAX_EVENTS_PER_TRANSACTION);
    this.#parallel = Math.max(1, options.parallelTransactions ?? PARALLEL_TRANSACTIONS);
    this.#maxWaiting = Math.max(1, options.maxWaitingEvents ?? MAX_WAITING_EVENTS);
  }

  /** Events waiting for their round (not counting the round being written). */
  get waitingEvents(): number {
    return this.#waitingEvents;
  }

  /**
   * Same arguments and answer as ingestEventBatch. When more events wait than the bound allows, the
   * batch is refused whole (ingestBusy, 503) instead of growing the queue without limit: the event
   * API's exchange retries it, kamailio replays it, the Asterisk adapter tries again.
   */
  ingest(actor: Actor, events: PbxEvent[], receivedAt: Date, log: FastifyBaseLogger): Promise<EventOutcomeView[]> {
    if (this.#waitingEvents > 0 && this.#waitingEvents + events.length > this.#maxWaiting) return Promise.reject(ingestBusy());
    const batch = submission(actor, events, receivedAt, log, this.#live);
    this.#waitingEvents += batch.ordered.length;
    return new Promise<EventOutcomeView[]>((resolve, reject) => {
      this.#waiting.push({ batch, answer: () => resolve(batch.results), fail: reject });
      void this.#drain();
    });
  }

  #take(): Waiting {
    const waiting = this.#waiting.shift()!;
    this.#waitingEvents -= waiting.batch.ordered.length;
    return waiting;
  }

  async #drain(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#waiting.length > 0) {
        const round = [this.#take()];
        let size = round[0]!.batch.ordered.length;
        while (this.#waiting.length > 0 && size + this.#waiting[0]!.batch.ordered.length <= this.#maxEvents) {
          size += this.#waiting[0]!.batch.ordered.length;
          round.push(this.#take());
        }
        await this.#write(round);
      }
    } finally {
      this.#running = false;
    }
  }

  async #write(round: Waiting[]): Promise<void> {
    const [first] = round;
    if (round.length === 1 && first!.batch.ordered.length > this.#maxEvents) {
      await settle(first!, () => ingestAlone(this.#db, first!.batch, this.#maxEvents));
      return;
    }
    const items = round.flatMap(({ batch }) => batch.ordered);
    // Without the callers' numbers (the read failed), the round is written in one transaction.
    const phones = this.#parallel > 1 ? await callerPhones(this.#db, items).catch(() => null) : new Map<string, string[]>();
    const lanes = phones === null ? [items] : byCall(items, this.#parallel, phones);
    const written = await Promise.allSettled(lanes.map((lane) => ingestTogether(this.#db, lane)));
    // A failed transaction was rolled back whole: its events again, batch by batch, so a bad batch
    // fails only itself. They share no call with the others, so the order among them is kept.
    const again = new Map<Submission, Item[]>();
    lanes.forEach((lane, n) => {
      if (written[n]!.status === 'fulfilled') return;
      for (const item of lane) again.set(item.from, [...again.get(item.from) ?? [], item]);
    });
    for (const waiting of round) {
      const items = again.get(waiting.batch);
      if (!items) {
        waiting.answer();
        continue;
      }
      const { ordered } = waiting.batch;
      await settle(waiting, async () => {
        try {
          await ingestTogether(this.#db, items);
        } catch (error) {
          throw notSaved(error, waiting.batch.log, { saved: ordered.length - items.length, lost: items.length, total: ordered.length, firstLost: items[0]!.event.eventId });
        }
      });
    }
  }
}

async function settle(waiting: Waiting, work: () => Promise<void>): Promise<void> {
  try {
    await work();
    waiting.answer();
  } catch (error) {
    waiting.fail(error);
  }
}

/**
 * The callers' numbers of the round's calls, by the exchange's call id and linked id: those known
 * already, and those its `offered` events bring. Read without locks: only a call's first `offered`
 * gives it a number, and that event is in the round.
 */
async function callerPhones(db: Db, items: Item[]): Promise<Map<string, string[]>> {
  const known = items.map((item) => item.event).filter(isKnown);
  const callIds = unique(known.map((event) => event.callId));
  const linkedIds = unique(known.flatMap((event) => (event.linkedId === undefined ? [] : [event.linkedId])));
  const phones = new Map<string, string[]>();
  const add = (key: string, phone: string | null) => {
    if (phone !== null) phones.set(key, unique([...phones.get(key) ?? [], phone]));
  };
  const rows = await sql<{ pbx_call_id: string; pbx_linked_id: string | null; caller_phone: string }>`
    SELECT pbx_call_id, pbx_linked_id, caller_phone FROM calls
    WHERE (pbx_call_id = ANY(${callIds}::text[]) OR pbx_linked_id = ANY(${linkedIds}::text[])) AND caller_phone IS NOT NULL`.execute(db);
  for (const row of rows.rows) {
    add(`call:${row.pbx_call_id}`, row.caller_phone);
    if (row.pbx_linked_id !== null) add(`linked:${row.pbx_linked_id}`, row.caller_phone);
  }
  for (const event of known) if (event.type === 'offered') add(`call:${event.callId}`, callerPhoneOf(event));
  return phones;
}

/**
 * At most `count` groups of the events, in their order: events of one call, or under one event id,
 * in one group, so that the groups share no lock and each decides as the one transaction would.
 * Calls of one caller's number stay together too (`phones`, by call and linked id): an answer
 * takes care of the same caller's unanswered calls (H3), so the order among them matters.
 */
function byCall(items: Item[], count: number, phones: Map<string, string[]>): Item[][] {
  const parent = new Map<string, string>();
  const root = (key: string): string => {
    let at = key;
    while (parent.get(at) !== at) at = parent.get(at)!;
    parent.set(key, at);
    return at;
  };
  for (const { event } of items) {
    const call = `call:${event.callId}`;
    const id = `event:${event.eventId}`;
    if (!parent.has(call)) parent.set(call, call);
    if (!parent.has(id)) parent.set(id, id);
    parent.set(root(id), root(call));
    // The legs of one transfer: the later leg's opening reads the earlier leg.
    if (event.linkedId !== undefined) {
      const linked = `linked:${event.linkedId}`;
      if (!parent.has(linked)) parent.set(linked, linked);
      parent.set(root(linked), root(call));
    }
    for (const phone of [...phones.get(call) ?? [], ...event.linkedId === undefined ? [] : phones.get(`linked:${event.linkedId}`) ?? []]) {
      const caller = `phone:${phone}`;
      if (!parent.has(caller)) parent.set(caller, caller);
      parent.set(root(caller), root(call));
    }
  }
  const groupOf = items.map(({ event }) => root(`call:${event.callId}`));
  const sizes = new Map<string, number>();
  for (const group of groupOf) sizes.set(group, (sizes.get(group) ?? 0) + 1);
  // Largest share first would balance better; first come is enough and keeps it simple.
  const loads = new Array<number>(count).fill(0);
  const lane = new Map<string, number>();
  for (const group of groupOf) {
    if (lane.has(group)) continue;
    const lightest = loads.indexOf(Math.min(...loads));
    lane.set(group, lightest);
    loads[lightest]! += sizes.get(group)!;
  }
  const lanes = loads.map((): Item[] => []);
  items.forEach((item, n) => lanes[lane.get(groupOf[n]!)!]!.push(item));
  return lanes.filter((items) => items.length > 0);
}

interface Waiting {
  batch: Submission;
  answer: () => void;
  fail: (error: unknown) => void;
}

interface Decided {
  results: EventOutcomeView[];
  messages: Array<{ to: Submission; message: LiveEvent }>;
}

/** One transaction: lock, read, decide in memory, write. */
async function ingestPart(trx: Trx, items: Item[]): Promise<Decided> {
  const known = items.map((item) => item.event).filter(isKnown);
  const eventIds = unique(items.map((item) => item.event.eventId));
  const callIds = unique(items.map((item) => item.event.callId));
  // Every lock the part needs, all at once in one global order (events' before calls'), so batches
  // that share a call or an event id wait for each other, whatever the process, and never deadlock.
  const eventLocks = eventIds.map((id) => `pbx-event:${id}`);
  const callLocks = unique(known.map((event) => `pbx-call:${event.callId}`));
  const linkedIds = unique(known.flatMap((event) => (event.linkedId === undefined ? [] : [event.linkedId])));
  const linkedLocks = linkedIds.map((id) => `pbx-linked:${id}`);
  // Then, for the rest of the transaction: every statement below finds its rows by index. Without
  // this, a plan cached on the connection while the tables were still small (a new installation)
  // scans the whole of pbx_events for every batch until autovacuum's next ANALYZE.
  await sql`
    SELECT set_config('enable_seqscan', 'off', true) FROM (
      SELECT count(pg_advisory_xact_lock(key)) FROM (
        SELECT DISTINCT 1 AS kind, hashtext(name) AS key FROM unnest(${eventLocks}::text[]) AS name
        UNION SELECT DISTINCT 2, hashtext(name) FROM unnest(${callLocks}::text[]) AS name
        UNION SELECT DISTINCT 3, hashtext(name) FROM unnest(${linkedLocks}::text[]) AS name
        ORDER BY kind, key
      ) AS ordered
    ) AS locked`.execute(trx);
  const decider = new PartDecider(await readWhatIsKnown(trx, eventIds, callIds, linkedIds, unique(known.map((event) => event.callId)), extensionsOf(known)));
  decider.ratedCalls = await ratedCalls(trx, unique(known.filter((event) => event.type === 'survey_result').map((event) => event.callId)));
  await readFollowUps(trx, decider, known);
  const results = items.map((item) => decider.handle(item));
  await write(trx, decider);
  return { results, messages: decider.messages };
}

// ---- Reading -------------------------------------------------------------------------------------

/** A call as this transaction sees it: read (locked) at the start, then changed in memory event by event. */
interface CallRow extends Omit<Call, 'created_at' | 'pbx_call_id' | 'state'> {
  pbx_call_id: string;
  /** Empty ({}) only between a call's row and its first event, which openCall writes together. */
  state: CallState;
  /** The type of the timeline's latest event (call.changed tells it). */
  last_event_type: string | null;
  /** The hold started on the phone and still running (holds.ts), if any. */
  phone_hold: PhoneHold | null;
}

interface CallHistory {
  /** The latest exchange time among the call's applied events: an older progress event is stale. */
  latestAppliedAt: Date | null;
  /** The earliest applied `offered`: its number is the caller's when ringing/answered opens the call. */
  offered: { payload: OfferedPayload; occurredAt: Date } | null;
}

/** What openFromExtension reads of a kept `offered` event. */
type OfferedPayload = { from?: string; to?: string; direction?: string };

interface WhatIsKnown {
  /** Event id → the call of its first handling (null when none). */
  seen: Map<string, string | null>;
  /** By the exchange's call id. */
  calls: Map<string, CallRow>;
  history: Map<string, CallHistory>;
  /** Extension → the active operator at it. */
  operators: Map<string, string>;
  /** The exchange's linked id → its calls (the legs of a transfer), the batch's new ones too. */
  linked: Map<string, CallRow[]>;
}

async function readWhatIsKnown(trx: Trx, eventIds: string[], callIds: string[], linkedIds: string[], historyIds: string[], extensions: string[]): Promise<WhatIsKnown> {
  const seen = await sql<{ pbx_event_id: string; call_id: string | null }>`
    SELECT pbx_event_id, call_id FROM pbx_events
    WHERE pbx_event_id = ANY(${eventIds}::text[]) AND outcome <> 'duplicate'`.execute(trx);
  // Locked as appendCallEvent locks them: an operator's step on one of these calls waits for this batch.
  const calls = await sql<Omit<CallRow, 'phone_hold'> & { phone_hold_id: string | null; phone_hold_started_at: Date | null }>`
    SELECT calls.id, calls.operator_id, calls.source, calls.pbx_call_id, calls.pbx_linked_id, calls.transferred_from_call_id, calls.status, calls.caller_phone, calls.caller_withheld, calls.form_of_address,
      calls.language, calls.opened_at, calls.answered_at, calls.ended_at, calls.end_reason, calls.state, calls.last_seq,
      calls.updated_at, calls.offered_to, calls.called_again_call_id, calls.called_again_at, call_events.type AS last_event_type, pbx_holds.id AS phone_hold_id, pbx_holds.started_at AS phone_hold_started_at
    FROM calls
      LEFT JOIN call_events ON call_events.call_id = calls.id AND call_events.seq = calls.last_seq
      LEFT JOIN pbx_holds ON pbx_holds.call_id = calls.id AND pbx_holds.ended_at IS NULL
    WHERE calls.pbx_call_id = ANY(${callIds}::text[]) OR calls.pbx_linked_id = ANY(${linkedIds}::text[])
    ORDER BY calls.id
    FOR UPDATE OF calls`.execute(trx);
  // Per call through pbx_events_call_idx, whatever the planner knows of the table.
  const history = await sql<{ pbx_call_id: string; latest_at: Date; offered_at: Date | null; offered_payload: OfferedPayload | null }>`
    SELECT ids.pbx_call_id, latest.at AS latest_at, offered.occurred_at AS offered_at, offered.payload AS offered_payload
    FROM unnest(${historyIds}::text[]) AS ids(pbx_call_id)
      CROSS JOIN LATERAL (
        SELECT max(occurred_at) AS at FROM pbx_events WHERE pbx_events.pbx_call_id = ids.pbx_call_id AND outcome = 'applied'
      ) AS latest
      LEFT JOIN LATERAL (
        SELECT occurred_at, payload FROM pbx_events
        WHERE pbx_events.pbx_call_id = ids.pbx_call_id AND type = 'offered' AND outcome = 'applied'
        ORDER BY occurred_at LIMIT 1
      ) AS offered ON true
    WHERE latest.at IS NOT NULL`.execute(trx);
  const operators = extensions.length === 0 ? { rows: [] } : await sql<{ extension: string; operator_id: string }>`
    SELECT pbx_extensions.extension, users.id AS operator_id
    FROM pbx_extensions JOIN users ON users.id = pbx_extensions.operator_id
    WHERE pbx_extensions.extension = ANY(${extensions}::text[])
      AND pbx_extensions.active AND users.active AND users.role = 'operator'`.execute(trx);
  const callRows = new Map(calls.rows.map(({ phone_hold_id: holdId, phone_hold_started_at: holdStartedAt, ...row }) => [row.pbx_call_id, {
    ...row,
    phone_hold: holdId && holdStartedAt ? { id: holdId, call_id: row.id, started_at: holdStartedAt, ended_at: null } : null,
  }]));
  const linked = new Map<string, CallRow[]>();
  for (const call of callRows.values()) {
    if (call.pbx_linked_id !== null) linked.set(call.pbx_linked_id, [...linked.get(call.pbx_linked_id) ?? [], call]);
  }
  return {
    seen: new Map(seen.rows.map((row) => [row.pbx_event_id, row.call_id])),
    calls: callRows,
    linked,
    history: new Map(history.rows.map((row) => [row.pbx_call_id, {
      latestAppliedAt: row.latest_at,
      offered: row.offered_at && row.offered_payload ? { payload: row.offered_payload, occurredAt: row.offered_at } : null,
    }])),
    operators: new Map(operators.rows.map((row) => [row.extension, row.operator_id])),
  };
}

/** Calls of these exchange call ids that already have a phone rating (Q1): recordSurveyOutcome's conflict, known up front. */
async function ratedCalls(trx: Trx, pbxCallIds: string[]): Promise<Set<string>> {
  if (pbxCallIds.length === 0) return new Set();
  const rows = await sql<{ id: string }>`
    SELECT calls.id FROM calls JOIN survey_ratings ON survey_ratings.call_id = calls.id AND survey_ratings.channel = 'phone'
    WHERE calls.pbx_call_id = ANY(${pbxCallIds}::text[])`.execute(trx);
  return new Set(rows.rows.map((row) => row.id));
}

/**
 * What the part's hangups and answers need beyond the calls (H3), read only when it has them: the
 * missed-call rule and which of its calls have a callback already (a hangup may schedule one);
 * the unanswered calls of its callers' numbers and their rule's callbacks still waiting (an answer
 * takes care of them). Those calls and callbacks are locked: the part changes them.
 */
async function readFollowUps(trx: Trx, decider: PartDecider, events: KnownPbxEvent[]): Promise<void> {
  const calls = decider.knownCalls();
  if (events.some((event) => event.type === 'hangup')) {
    const setting = await trx.selectFrom('settings').select('value').where('key', '=', MISSED_CALL_RULE_SETTING).executeTakeFirst();
    decider.missedCallRule = parseMissedCallRule(setting?.value ?? null);
    const ids = calls.map((call) => call.id);
    const linked = ids.length === 0 ? { rows: [] } : await sql<{ call_id: string }>`
      SELECT DISTINCT call_id FROM callbacks WHERE call_id = ANY(${ids}::uuid[])`.execute(trx);
    decider.withCallback = new Set(linked.rows.map((row) => row.call_id));
  }
  if (!events.some((event) => event.type === 'answered')) return;
  const phones = unique([
    ...calls.flatMap((call) => (call.caller_phone === null ? [] : [call.caller_phone])),
    ...events.flatMap((event) => (event.type === 'offered' ? [callerPhoneOf(event)].filter((phone) => phone !== null) : [])),
  ]);
  if (phones.length === 0) return;
  const since = new Date(Math.min(...events.map((event) => Date.parse(event.timestamp))) - CALLED_AGAIN_WINDOW_MS);
  // Through the partial index calls_unanswered_idx.
  const unanswered = await sql<{ id: string; caller_phone: string; ended_at: Date }>`
    SELECT id, caller_phone, ended_at FROM calls
    WHERE caller_phone = ANY(${phones}::text[]) AND end_reason IN ('missed', 'abandoned') AND called_again_call_id IS NULL AND ended_at >= ${since}
    ORDER BY id
    FOR UPDATE`.execute(trx);
  for (const row of unanswered.rows) decider.addUnanswered(row.caller_phone, { id: row.id, ended_at: row.ended_at });
  const ids = unanswered.rows.map((row) => row.id);
  if (ids.length === 0) return;
  const waiting = await sql<{ id: string; call_id: string }>`
    SELECT id, call_id FROM callbacks
    WHERE call_id = ANY(${ids}::uuid[]) AND origin = 'missed_call' AND status = 'scheduled'
    ORDER BY id
    FOR UPDATE`.execute(trx);
  for (const row of waiting.rows) decider.addWaitingCallback(row.call_id, row.id);
}

/** The citizen's number of an `offered`: who called in, or whom the operator called. */
function callerPhoneOf(event: Extract<KnownPbxEvent, { type: 'offered' }>): string | null {
  return exchangePhone(readExchangeParty(event.direction === 'inbound' ? event.from : event.to));
}

/** Every extension an event of the batch may name an operator by. */
function extensionsOf(events: KnownPbxEvent[]): string[] {
  const extensions: string[] = [];
  for (const event of events) {
    if (event.type === 'offered') extensions.push(event.direction === 'inbound' ? event.to : event.from);
    else if ((event.type === 'ringing' || event.type === 'answered') && event.extension !== undefined) extensions.push(event.extension);
  }
  return unique(extensions);
}

const unique = (values: string[]): string[] => [...new Set(values)];

/**
 * A UUID version 7 (RFC 9562): the time in milliseconds, then random bits. New rows then land at the
 * end of their primary key's index instead of on a random page of it, which a busy exchange feels.
 */
function timeOrderedId(): string {
  // randomUUID draws from a buffered pool of random bytes; its variant bits are v7's as well.
  const random = randomUUID();
  const time = Date.now().toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}

// ---- Deciding ------------------------------------------------------------------------------------

/**
 * The decisions, event by event, on the calls and history read at the start and kept up to date in
 * memory; what they write is collected in the order they make it, as one event at a time would write it.
 */
class PartDecider {
  readonly #known: WhatIsKnown;
  /** The batch of the event being decided: its sender is the actor of what the event writes. */
  #from: Submission | undefined;
  /** Opened by this transaction: inserted. The other calls it changes are updated. */
  readonly newCalls = new Set<CallRow>();
  readonly changedCalls = new Set<CallRow>();
  readonly callEvents: Array<ReturnType<typeof callEventRow>> = [];
  /** Phone holds started by this transaction (inserted), and earlier ones it ended (updated). */
  readonly newPhoneHolds = new Set<PhoneHold>();
  readonly endedPhoneHolds: PhoneHold[] = [];
  readonly pbxEvents: Array<{ id: string } & ReturnType<typeof pbxEventRow>> = [];
  /** Q1: calls rated before this transaction or by it (one phone rating per call), and the ratings it records. */
  ratedCalls = new Set<string>();
  readonly newRatings: Array<{ id: string } & ReturnType<typeof surveyRatingRow>> = [];
  /** H3: the missed-call rule (read when the part has a hangup) and the calls that have a callback already. */
  missedCallRule: MissedCallRule | null = null;
  withCallback = new Set<string>();
  /** The callbacks the rule schedules (inserted), in order. */
  readonly newCallbacks: Array<ReturnType<typeof callbackRow>> = [];
  /** H3, called again: unanswered calls by the caller's number, and their rule's callbacks still waiting, by call. */
  readonly #unanswered = new Map<string, Array<{ id: string; ended_at: Date }>>();
  readonly #waitingCallbacks = new Map<string, string[]>();
  /** Unanswered calls an answered call took care of, and the callbacks that cancels (updated). */
  readonly calledAgain: Array<{ id: string; callId: string; at: Date }> = [];
  readonly cancelledCallbacks: Array<{ id: string; at: Date; closedBy: string }> = [];
  /** The audit trail's rows (auditRow), in the order written. */
  readonly audits: Array<ReturnType<typeof auditRow>> = [];
  /** call.changed for every event that changed a call, with the call as it stood right after that event. */
  readonly messages: Array<{ to: Submission; message: LiveEvent }> = [];

  constructor(known: WhatIsKnown) {
    this.#known = known;
  }

  /** The calls read at the start. */
  knownCalls(): CallRow[] {
    return [...this.#known.calls.values()];
  }

  addUnanswered(phone: string, call: { id: string; ended_at: Date }): void {
    const calls = this.#unanswered.get(phone) ?? [];
    if (!calls.some((known) => known.id === call.id)) this.#unanswered.set(phone, [...calls, call]);
  }

  addWaitingCallback(callId: string, callbackId: string): void {
    this.#waitingCallbacks.set(callId, [...this.#waitingCallbacks.get(callId) ?? [], callbackId]);
  }

  handle({ event, from }: Item): EventOutcomeView {
    this.#from = from;
    const decision = this.#decideAny(event);
    this.#keep(event, decision);
    if (decision.outcome === 'applied' && decision.callId) this.#announce(decision.callId, event.callId);
    return { eventId: event.eventId, type: event.type, ...decision };
  }

  get #actor(): Actor {
    return this.#from!.actor;
  }

  #audit(entry: AuditEntry): void {
    this.audits.push(auditRow(this.#actor, entry));
  }

  #decideAny(event: PbxEvent): Decision {
    const { seen, calls } = this.#known;
    if (seen.has(event.eventId)) {
      return { outcome: 'duplicate', reason: REASON.duplicate, callId: seen.get(event.eventId) ?? null };
    }
    if (!isKnown(event)) {
      // Only the type reaches the log: the rest of the payload may carry phone numbers.
      this.#from!.log.warn({ pbxEventType: event.type }, 'PBX event of unknown type kept and ignored');
      return { outcome: 'ignored_unknown_type', reason: REASON.unknownType(event.type), callId: calls.get(event.callId)?.id ?? null };
    }
    return this.#decide(event);
  }

  /** What later events of this transaction must see of this one, as they would see its row. */
  #keep(event: PbxEvent, decision: Decision): void {
    const { seen, history } = this.#known;
    if (decision.outcome !== 'duplicate' && !seen.has(event.eventId)) seen.set(event.eventId, decision.callId);
    if (decision.outcome === 'applied') {
      const at = new Date(event.timestamp);
      const known = history.get(event.callId) ?? { latestAppliedAt: null, offered: null };
      if (!known.latestAppliedAt || at.getTime() > known.latestAppliedAt.getTime()) known.latestAppliedAt = at;
      if (event.type === 'offered' && (!known.offered || at.getTime() < known.offered.occurredAt.getTime())) {
        known.offered = { payload: event as OfferedPayload, occurredAt: at };
      }
      history.set(event.callId, known);
    }
    const kept = { id: timeOrderedId(), ...pbxEventRow(event, this.#from!.receivedAt, decision) };
    this.pbxEvents.push(kept);
    this.#audit(pbxEventAudit(kept.id, kept));
  }

  #announce(callId: string, pbxCallId: string): void {
    const call = this.#known.calls.get(pbxCallId);
    if (!call || call.id !== callId) return;
    this.messages.push({
      to: this.#from!,
      message: {
        type: 'call.changed',
        callId: call.id,
        operatorId: call.operator_id,
        status: call.status,
        onHoldSince: (call.state as Partial<CallState>).hold?.startedAt ?? null,
        phoneHoldSince: call.phone_hold?.started_at.toISOString() ?? null,
        lastEventType: call.last_event_type ?? null,
        at: call.updated_at.toISOString(),
      },
    });
  }

  #decide(event: KnownPbxEvent): Decision {
    const at = new Date(event.timestamp);
    const call = this.#known.calls.get(event.callId);
    if (call && PROGRESS_EVENTS.has(event.type)) {
      const latest = this.#known.history.get(event.callId)?.latestAppliedAt;
      if (latest && at.getTime() < latest.getTime()) {
        return stale(call.id, REASON.olderThanApplied);
      }
    }

    switch (event.type) {
      case 'offered': {
        const caller = readExchangeParty(event.direction === 'inbound' ? event.from : event.to);
        const callerPhone = exchangePhone(caller);
        if (call) {
          if (call.caller_phone === null && !call.caller_withheld && caller.kind === 'withheld') {
            call.caller_withheld = true;
            this.#changed(call);
            this.#audit({ entityType: 'call', entityId: call.id, action: 'caller_withheld', changes: { source: 'pbx' } });
            return applied(call.id, REASON.callerWithheld);
          }
          if (call.caller_phone !== null || callerPhone === null) return stale(call.id, REASON.alreadyOpened);
          // The exchange told of the operator's phone ringing before it told of the call itself.
          call.caller_phone = callerPhone;
          call.caller_withheld = false;
          this.#changed(call);
          this.#audit({ entityType: 'call', entityId: call.id, action: 'caller_phone_added', changes: { source: 'pbx' } });
          return applied(call.id, REASON.callerPhoneAdded);
        }
        // Offered to an operator's extension, the call rings at that operator; offered to a queue,
        // a group or the centre's number, it waits without one until an operator's phone rings or answers.
        const dialled = event.direction === 'inbound' ? event.to : event.from;
        const operatorId = this.#known.operators.get(dialled) ?? null;
        const offeredTo = event.queue ?? (operatorId === null && dialled !== '' ? dialled : null);
        const opened = this.#openPbxCall(event.callId, event.linkedId, operatorId, caller, at, offeredTo);
        return applied(opened.id, operatorId === null ? REASON.waiting(offeredTo) : REASON.opened);
      }
      case 'ringing': {
        if (call) {
          if (call.status !== 'ringing') return stale(call.id, REASON.alreadyAnsweredOrEnded);
          const operatorId = this.#known.operators.get(event.extension);
          if (call.operator_id !== null || operatorId === undefined) return applied(call.id, REASON.ringing);
          this.#assignOperator(call, operatorId, event.extension);
          return applied(call.id, REASON.operatorFound(event.extension));
        }
        const opened = this.#openFromExtension(event.callId, event.linkedId, event.extension, at);
        return opened ? applied(opened.id, REASON.opened) : refused(null, REASON.unknownExtension(event.extension));
      }
      case 'answered': {
        let target = call;
        if (!target) {
          if (event.extension === undefined) return refused(null, REASON.noCallNorExtension);
          target = this.#openFromExtension(event.callId, event.linkedId, event.extension, at);
          if (!target) return refused(null, REASON.unknownExtension(event.extension));
        }
        if (target.status === 'ended') return stale(target.id, REASON.answeredAfterEnd);
        if (target.status === 'active') return stale(target.id, REASON.alreadyAnswered);
        // Whoever answered takes the call: the operator it waited for, or in a hunt group another
        // one than the first it rang at. A call nobody known answered keeps waiting: an answered
        // call always has its operator (calls_operator_once_answered).
        const answeredBy = event.extension === undefined ? undefined : this.#known.operators.get(event.extension);
        if (target.operator_id === null && answeredBy === undefined) {
          return refused(target.id, event.extension === undefined ? REASON.answeredByNobodyKnown : REASON.answeredAtUnknown(event.extension));
        }
        const decision = this.#append(target, { type: 'answered' }, at, REASON.answered);
        if (decision.outcome !== 'applied') return decision;
        if (answeredBy !== undefined && answeredBy !== target.operator_id) this.#assignOperator(target, answeredBy, event.extension!);
        this.#takeCareOfEarlierCalls(target);
        return decision;
      }
      case 'hold':
        // H1: consent is the operator's to record; the exchange cannot know it, so it never invents a
        // Standard hold. The phone's hold is kept apart and timed, so H5's alert still comes.
        return this.#onCall(call, at, (open) => {
          if (open.status !== 'active') return refused(open.id, REASON.holdBeforeAnswer);
          return this.#startPhoneHold(open, at)
            ? applied(open.id, REASON.phoneHoldStarted)
            : stale(open.id, REASON.alreadyOnPhoneHold);
        });
      case 'unhold':
        return this.#onCall(call, at, (open) => {
          // The phone took the caller back: the Standard hold the operator recorded ends with it.
          const standard = open.state.hold ? this.#append(open, { type: 'hold_ended' }, at, REASON.holdEnded) : null;
          const phone = this.#endPhoneHold(open, at);
          if (standard) return standard.outcome === 'applied' || !phone ? standard : applied(open.id, REASON.phoneHoldEnded);
          return phone ? applied(open.id, REASON.phoneHoldEnded) : refused(open.id, REASON.notOnHold);
        });
      case 'transfer':
        return this.#onCall(call, at, (open) => this.#append(open, { type: 'transferred', to: event.to }, at, REASON.transferred));
      case 'hangup': {
        if (!call) return refused(null, REASON.hangupOfNoCall);
        // Whoever ended the call, the line is closed now: so is a hold on the phone.
        this.#endPhoneHold(call, at);
        if (call.status === 'ended') return stale(call.id, REASON.alreadyEnded);
        const reason = endReasonFor(call.state, event.by);
        // The exchange says the line is closed, so a running hold ended with it.
        if (call.state.hold && reason !== 'caller_hung_up' && reason !== 'transferred') {
          const closed = this.#append(call, { type: 'hold_ended' }, at, '');
          if (closed.outcome !== 'applied') return closed;
        }
        const ended = this.#append(call, { type: 'ended', reason }, at, REASON.ended(reason));
        if (ended.outcome !== 'applied' || (reason !== 'abandoned' && reason !== 'missed')) return ended;
        if (call.caller_phone !== null) this.addUnanswered(call.caller_phone, { id: call.id, ended_at: call.ended_at! });
        return this.#scheduleCallback(call) ? applied(call.id, REASON.endedWithCallback(reason)) : ended;
      }
      case 'survey_result': {
        if (!call) return refused(null, SURVEY_TEXT.noCall);
        const refusal = surveyRefusal(call);
        if (refusal) return refused(call.id, refusal);
        if (call.operator_id === null) return refused(call.id, SURVEY_TEXT.notTaken);
        return this.#recordSurveyOutcome({ id: call.id, operator_id: call.operator_id }, event.score, at)
          ? applied(call.id, SURVEY_TEXT.rated(event.score))
          : stale(call.id, SURVEY_TEXT.alreadyRated);
      }
      case 'dtmf':
      case 'recording_ready':
        return applied(call?.id ?? null, REASON.keptOnly);
    }
  }

  /** Runs `work` on a call that exists and is not over, or says why not. */
  #onCall(call: CallRow | undefined, at: Date, work: (call: CallRow) => Decision): Decision {
    if (!call) return refused(null, REASON.noSuchCall);
    if (call.status === 'ended') {
      return call.ended_at && at.getTime() < call.ended_at.getTime()
        ? stale(call.id, REASON.arrivedAfterEnd)
        : refused(call.id, REASON.callOver);
    }
    return work(call);
  }

  /** appendCallEvent in memory: the rules decide; a refusal is the event's outcome in the rules' own words. */
  #append(call: CallRow, event: CallEvent, at: Date, done: string): Decision {
    const result = applyCallEvent(call.last_seq === 0 ? null : call.state, event, at);
    if (!result.ok) return refused(call.id, result.refusal.message);
    const row = callEventRow(call.id, call.last_seq + 1, event, result, 'pbx', this.#actor);
    this.callEvents.push(row);
    Object.assign(call, callAfterEvent(call, row, result));
    call.last_event_type = row.type;
    this.#changed(call);
    this.#audit(callEventAudit(row));
    return applied(call.id, done);
  }

  /** The call is now the operator's at `extension`: the one its phone rang at first, or who answered it. */
  #assignOperator(call: CallRow, operatorId: string, extension: string): void {
    this.#audit({ entityType: 'call', entityId: call.id, action: 'operator_assigned', changes: { operatorId: { from: call.operator_id, to: operatorId }, extension } });
    call.operator_id = operatorId;
    this.#changed(call);
  }

  /**
   * H3: a call ended unanswered gets the callback the missed-call rule gives it, in the shared
   * queue, unless it has one already; as scheduleCallback writes it. False when it gets none.
   */
  #scheduleCallback(call: CallRow): boolean {
    const createdBy = this.#actor.userId;
    if (this.missedCallRule === null || createdBy === null || this.withCallback.has(call.id)) return false;
    const callback = missedCallCallback(this.missedCallRule, call);
    if (!callback) return false;
    const input: NewCallback = {
      callId: call.id, appealId: null, phone: callback.phone, reason: callback.reason, dueAt: callback.dueAt,
      assignedOperatorId: null, origin: 'missed_call', createdBy,
    };
    const id = timeOrderedId();
    this.newCallbacks.push(callbackRow(id, input, call.ended_at!));
    this.withCallback.add(call.id);
    this.addWaitingCallback(call.id, id);
    this.#audit(callbackScheduledAudit(id, input));
    return true;
  }

  /** H3, called again (markCalledAgain in calls/called-again.ts, in memory): the caller's earlier unanswered calls are taken care of. */
  #takeCareOfEarlierCalls(call: CallRow): void {
    if (call.caller_phone === null || call.answered_at === null) return;
    const answered = { id: call.id, at: call.answered_at };
    const unanswered = this.#unanswered.get(call.caller_phone) ?? [];
    const closedBy = this.#actor.userId;
    for (const earlier of unanswered.filter((candidate) => calledAgainBy(candidate, answered))) {
      this.calledAgain.push({ id: earlier.id, callId: call.id, at: answered.at });
      this.#audit(calledAgainAudit(earlier.id, call.id));
      // A cancelled callback names who closed it; every actor that sends the exchange's events is a user.
      if (closedBy === null) continue;
      for (const callbackId of this.#waitingCallbacks.get(earlier.id) ?? []) {
        this.cancelledCallbacks.push({ id: callbackId, at: answered.at, closedBy });
        this.#audit(calledAgainCancelAudit(callbackId, call.id));
      }
      this.#waitingCallbacks.delete(earlier.id);
    }
    this.#unanswered.set(call.caller_phone, unanswered.filter((candidate) => !calledAgainBy(candidate, answered)));
  }

  /** recordSurveyOutcome (survey/repository.ts) in memory: false if the call has its rating already. */
  #recordSurveyOutcome(call: { id: string; operator_id: string }, score: number | null, at: Date): boolean {
    if (this.ratedCalls.has(call.id)) return false;
    const record = surveyRecordOf(call, score, at);
    const id = timeOrderedId();
    this.ratedCalls.add(call.id);
    this.newRatings.push({ id, ...surveyRatingRow(record) });
    this.#audit(surveyRatingAudit(id, record));
    return true;
  }

  /** Starts the call's phone hold at `at` (holds.ts); false if one is already running. */
  #startPhoneHold(call: CallRow, at: Date): boolean {
    if (call.phone_hold) return false;
    const hold = phoneHoldRow(timeOrderedId(), call.id, at);
    call.phone_hold = hold;
    this.newPhoneHolds.add(hold);
    this.#audit(phoneHoldStarted(hold));
    return true;
  }

  /** Ends the call's running phone hold at `at` (holds.ts); false if none was running. */
  #endPhoneHold(call: CallRow, at: Date): boolean {
    const hold = call.phone_hold;
    if (!hold) return false;
    call.phone_hold = null;
    if (!this.newPhoneHolds.has(hold)) this.endedPhoneHolds.push(hold);
    this.#audit(endPhoneHold(hold, at));
    return true;
  }

  /** openCall in memory: the row, then `offered` on its timeline. */
  #openCall(pbxCallId: string, operatorId: string | null, callerPhone: string | null, callerWithheld: boolean, at: Date, linkedId: string | null, transferredFrom: string | null, offeredTo: string | null): CallRow {
    const input: OpenCallInput = { operatorId, offeredTo, source: 'pbx', callerPhone, callerWithheld, pbxCallId, pbxLinkedId: linkedId, transferredFromCallId: transferredFrom, answered: false };
    const call: CallRow = { id: timeOrderedId(), ...callRow(input, at), pbx_call_id: pbxCallId, state: {} as CallState, last_event_type: null, phone_hold: null };
    this.newCalls.add(call);
    this.#known.calls.set(pbxCallId, call);
    if (linkedId !== null) this.#known.linked.set(linkedId, [...this.#known.linked.get(linkedId) ?? [], call]);
    this.#audit(callCreatedAudit(call.id, input));
    this.#append(call, { type: 'offered' }, at, '');
    return call;
  }

  /**
   * Opens a call the exchange reported, with its linked id. When an earlier leg of the same linked id
   * is found (earlierLeg: the caller was transferred here), the new call remembers it and takes the
   * citizen's number from it: the new leg's own "from" may be the transferring operator's extension.
   * The two calls stay apart, each with its own operator and timeline.
   */
  #openPbxCall(pbxCallId: string, linkedId: string | undefined, operatorId: string | null, caller: ExchangeParty, at: Date, offeredTo: string | null = null): CallRow {
    const linked = linkedId ?? null;
    const earlier = linked === null ? null : earlierLeg(this.#known.linked.get(linked) ?? [], { pbxCallId, openedAt: at });
    const callerPhone = exchangePhone(caller);
    const phone = earlier?.caller_phone ?? callerPhone;
    const withheld = phone === null && (earlier?.caller_withheld === true || caller.kind === 'withheld');
    const call = this.#openCall(pbxCallId, operatorId, phone, withheld, at, linked, earlier?.id ?? null, offeredTo);
    if (earlier) {
      this.#audit({
        entityType: 'call',
        entityId: call.id,
        action: 'transfer_leg_linked',
        changes: { transferredFromCallId: earlier.id, callerPhoneFromEarlierLeg: earlier.caller_phone !== null && earlier.caller_phone !== callerPhone },
      });
    }
    return call;
  }

  /** Opens a call first named by ringing/answered, with the number from its queued `offered`, if any. */
  #openFromExtension(pbxCallId: string, linkedId: string | undefined, extension: string, at: Date): CallRow | undefined {
    const operatorId = this.#known.operators.get(extension);
    if (!operatorId) return undefined;
    const offered = this.#known.history.get(pbxCallId)?.offered ?? null;
    const payload = offered?.payload;
    const party = payload?.direction === 'outbound' ? payload.to : payload?.from;
    const caller: ExchangeParty = party === undefined ? { kind: 'none' } : readExchangeParty(party);
    return this.#openPbxCall(pbxCallId, linkedId, operatorId, caller, offered?.occurredAt ?? at);
  }

  #changed(call: CallRow): void {
    if (!this.newCalls.has(call)) this.changedCalls.add(call);
  }
}

// ---- Writing -------------------------------------------------------------------------------------
// One statement for the calls, their timelines, the kept events and the audit trail, its rows as one
// array per column: its text is the same whatever the number of rows, so it is prepared once per
// connection (src/db/prepared.ts), and it costs one round trip. Foreign keys are checked at its end.
// The rows are those the repositories build for their own writes (callRow, callEventRow, pbxEventRow,
// phoneHoldRow, surveyRatingRow, auditRow); here they only become columns.

async function write(trx: Trx, part: PartDecider): Promise<void> {
  const json = (value: unknown) => JSON.stringify(value);
  const created = [...part.newCalls];
  const changed = [...part.changedCalls];
  const events = part.callEvents;
  const kept = part.pbxEvents;
  // In the order they were decided, so the trail reads as one event at a time (ids follow the array's order).
  const audits = part.audits;
  await sql`
    WITH opened AS (
      INSERT INTO calls (id, operator_id, source, pbx_call_id, pbx_linked_id, transferred_from_call_id, status, caller_phone, form_of_address, language,
        opened_at, answered_at, ended_at, end_reason, state, last_seq, updated_at, caller_withheld, offered_to)
      SELECT * FROM unnest(${created.map((c) => c.id)}::uuid[], ${created.map((c) => c.operator_id)}::uuid[], ${created.map((c) => c.source)}::text[],
        ${created.map((c) => c.pbx_call_id)}::text[], ${created.map((c) => c.pbx_linked_id)}::text[], ${created.map((c) => c.transferred_from_call_id)}::uuid[],
        ${created.map((c) => c.status)}::text[], ${created.map((c) => c.caller_phone)}::text[],
        ${created.map((c) => c.form_of_address)}::text[], ${created.map((c) => c.language)}::text[], ${created.map((c) => c.opened_at)}::timestamptz[],
        ${created.map((c) => c.answered_at)}::timestamptz[], ${created.map((c) => c.ended_at)}::timestamptz[], ${created.map((c) => c.end_reason)}::text[],
        ${created.map((c) => json(c.state))}::jsonb[], ${created.map((c) => c.last_seq)}::int[], ${created.map((c) => c.updated_at)}::timestamptz[],
        ${created.map((c) => c.caller_withheld)}::boolean[], ${created.map((c) => c.offered_to)}::text[])
    ), moved_on AS (
      UPDATE calls SET operator_id = v.operator_id, status = v.status, caller_phone = v.caller_phone, form_of_address = v.form_of_address, language = v.language,
        answered_at = v.answered_at, ended_at = v.ended_at, end_reason = v.end_reason, state = v.state, last_seq = v.last_seq,
        updated_at = v.updated_at, caller_withheld = v.caller_withheld
      FROM unnest(${changed.map((c) => c.id)}::uuid[], ${changed.map((c) => c.operator_id)}::uuid[], ${changed.map((c) => c.status)}::text[], ${changed.map((c) => c.caller_phone)}::text[],
        ${changed.map((c) => c.form_of_address)}::text[], ${changed.map((c) => c.language)}::text[], ${changed.map((c) => c.answered_at)}::timestamptz[],
        ${changed.map((c) => c.ended_at)}::timestamptz[], ${changed.map((c) => c.end_reason)}::text[], ${changed.map((c) => json(c.state))}::jsonb[],
        ${changed.map((c) => c.last_seq)}::int[], ${changed.map((c) => c.updated_at)}::timestamptz[], ${changed.map((c) => c.caller_withheld)}::boolean[])
        AS v(id, operator_id, status, caller_phone, form_of_address, language, answered_at, ended_at, end_reason, state, last_seq, updated_at, caller_withheld)
      WHERE calls.id = v.id
    ), timeline AS (
      INSERT INTO call_events (call_id, seq, type, at, actor_user_id, data)
      SELECT * FROM unnest(${events.map((e) => e.call_id)}::uuid[], ${events.map((e) => e.seq)}::int[], ${events.map((e) => e.type)}::text[],
        ${events.map((e) => e.at)}::timestamptz[], ${events.map((e) => e.actor_user_id)}::uuid[], ${events.map((e) => json(e.data))}::jsonb[])
    ), kept AS (
      INSERT INTO pbx_events (id, pbx_event_id, pbx_call_id, linked_id, type, occurred_at, received_at, payload, outcome, reason, call_id)
      SELECT * FROM unnest(${kept.map((k) => k.id)}::uuid[], ${kept.map((k) => k.pbx_event_id)}::text[], ${kept.map((k) => k.pbx_call_id)}::text[],
        ${kept.map((k) => k.linked_id)}::text[], ${kept.map((k) => k.type)}::text[],
        ${kept.map((k) => k.occurred_at)}::timestamptz[], ${kept.map((k) => k.received_at)}::timestamptz[], ${kept.map((k) => json(k.payload))}::jsonb[],
        ${kept.map((k) => k.outcome)}::text[], ${kept.map((k) => k.reason)}::text[], ${kept.map((k) => k.call_id)}::uuid[])
    )
    INSERT INTO audit_events (actor_user_id, actor_ip, entity_type, entity_id, action, changes)
    SELECT a.actor_user_id, a.actor_ip, a.entity_type, a.entity_id, a.action, a.changes
    FROM unnest(${audits.map((a) => a.actor_user_id)}::uuid[], ${audits.map((a) => a.actor_ip)}::text[], ${audits.map((a) => a.entity_type)}::text[],
      ${audits.map((a) => a.entity_id)}::text[], ${audits.map((a) => a.action)}::text[], ${audits.map((a) => a.changes)}::jsonb[])
      WITH ORDINALITY AS a(actor_user_id, actor_ip, entity_type, entity_id, action, changes, n)
    ORDER BY a.n`.execute(trx);

  // Holds on the phone are rare: their own statements, after their calls exist. Ended first: a call
  // has at most one running, and its next may start in this same batch.
  const ended = part.endedPhoneHolds;
  if (ended.length > 0) {
    await sql`
      UPDATE pbx_holds SET ended_at = v.ended_at
      FROM unnest(${ended.map((h) => h.id)}::uuid[], ${ended.map((h) => h.ended_at)}::timestamptz[]) AS v(id, ended_at)
      WHERE pbx_holds.id = v.id`.execute(trx);
  }
  const started = [...part.newPhoneHolds];
  if (started.length > 0) {
    await sql`
      INSERT INTO pbx_holds (id, call_id, started_at, ended_at)
      SELECT * FROM unnest(${started.map((h) => h.id)}::uuid[], ${started.map((h) => h.call_id)}::uuid[],
        ${started.map((h) => h.started_at)}::timestamptz[], ${started.map((h) => h.ended_at)}::timestamptz[])`.execute(trx);
  }
  // Ratings (Q1) as recordSurveyOutcome writes them. One recorded meanwhile another way (a baresip
  // survey of the same call) breaks the unique index: the transaction is rolled back whole, and the
  // queue decides its events again (a direct ingestEventBatch answers 500, and the resend is right).
  if (part.newRatings.length > 0) {
    await trx.insertInto('survey_ratings').values(part.newRatings).execute();
  }
  // H3: the callbacks the missed-call rule scheduled, then the unanswered calls an answered call took
  // care of and their callbacks cancelled (one scheduled in this same part too: it is written first).
  if (part.newCallbacks.length > 0) {
    await trx.insertInto('callbacks').values(part.newCallbacks).execute();
  }
  const again = part.calledAgain;
  if (again.length > 0) {
    await sql`
      UPDATE calls SET called_again_call_id = v.call_id, called_again_at = v.at
      FROM unnest(${again.map((a) => a.id)}::uuid[], ${again.map((a) => a.callId)}::uuid[], ${again.map((a) => a.at)}::timestamptz[]) AS v(id, call_id, at)
      WHERE calls.id = v.id`.execute(trx);
  }
  const cancelled = part.cancelledCallbacks;
  if (cancelled.length > 0) {
    await sql`
      UPDATE callbacks SET status = 'cancelled', cancel_reason = ${CALLED_AGAIN_CANCEL_REASON}, closed_at = v.at, closed_by = v.closed_by,
        updated_at = v.at, version = callbacks.version + 1
      FROM unnest(${cancelled.map((c) => c.id)}::uuid[], ${cancelled.map((c) => c.at)}::timestamptz[], ${cancelled.map((c) => c.closedBy)}::uuid[])
        AS v(id, at, closed_by)
      WHERE callbacks.id = v.id`.execute(trx);
  }
}
