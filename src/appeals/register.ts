import { sql, type Kysely } from 'kysely';
import type { Actor } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import type { Appeal, Database, Role } from '../db/schema.ts';
import type { IdempotencyClaim } from '../http/idempotency.ts';
import { kyivDate, type AppealKind } from '../standard/index.ts';
import { newLookupCode } from './numbers.ts';
import { similarity, SIMILARITY_THRESHOLD } from './similarity.ts';

/** An oral appeal (усне звернення) as the operator records it (A1; Law art. 5). */
export interface AppealInput {
  callId?: string | undefined;
  surname: string;
  givenName: string;
  patronymic: string;
  residence: string;
  essence: string;
  kind: AppealKind;
  phone: string;
  email?: string | undefined;
}

export interface Registrar extends Actor {
  userId: string;
  role: Role;
}

/** One registration as the route received it; `appealId` is chosen by the caller. */
export interface Registration {
  registrar: Registrar;
  appealId: string;
  input: AppealInput;
  at: Date;
  idempotency?: IdempotencyClaim | undefined;
}

export type RegistrationResult =
  | { outcome: 'registered'; appeal: Appeal; likelyRepeats: RepeatHint[] }
  /** The call named by `callId` does not exist, or is another operator's. */
  | { outcome: 'unknown_call' }
  /** The Idempotency-Key was used before: the earlier request's result stands. */
  | { outcome: 'key_used' }
  /** The call already has its appeal (one call, one appeal): `registrationNumber` is that appeal's. */
  | { outcome: 'call_has_appeal'; appealId: string; registrationNumber: string }
  /** The call ended longer ago than its wrap-up: the appeal is registered on its own, without the call. */
  | { outcome: 'call_wrap_up_over'; endedAt: Date };

/**
 * One call, one appeal: what the caller asked for in one conversation is one appeal, and the call's
 * page shows it. An appeal may still be registered on a call that has ended, within its wrap-up
 * (the minutes after the caller hung up in which the operator finishes the call's paperwork): writing
 * the appeal down right after the conversation is ordinary work. Past that it belongs to no call.
 */
export const APPEAL_WRAP_UP_MINUTES = 30;

/** A row of the statement's answer: one per registration in the batch, then the recent appeals. */
interface AnswerRow extends Nullable<Appeal> {
  /** Place in the batch (1-based); null on the rows of earlier appeals from the same phones. */
  position: number | null;
  outcome: 'registered' | 'unknown_call' | 'key_used' | 'call_has_appeal' | 'call_wrap_up_over' | 'recent';
  taken_seq: number | null;
  taken_number: string | null;
  /** For 'call_has_appeal': the call's appeal; for 'call_wrap_up_over': when the call ended. */
  call_appeal_id: string | null;
  call_appeal_number: string | null;
  call_ended_at: Date | null;
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

/**
 * Registers a batch of appeals in one statement, so in one transaction and one round trip: each
 * appeal with its audit event, its Idempotency-Key record, its registration number (gap-free and
 * sequential per Kyiv calendar year, in batch order: the yearly counter is locked once per batch) and
 * the outbox event that tells management (A2). The same statement reads the recent appeals from the
 * batch's phones for the likely-repeat hint. A batch must not hold one user's Idempotency-Key twice,
 * nor two appeals of one call.
 *
 * The calls named are locked first (FOR NO KEY UPDATE, to the commit), so two registrations on one
 * call, from any process, are written one after the other and the second sees the first.
 */
export async function registerAppeals(db: Kysely<Database>, batch: Registration[]): Promise<RegistrationResult[]> {
  const callIds = [...new Set(batch.flatMap((r) => (r.input.callId ? [r.input.callId] : [])))];
  if (callIds.length < batch.filter((r) => r.input.callId).length) throw new Error('A batch of registrations names one call twice');
  if (callIds.length === 0) return registerBatch(db, batch);
  // Already in a transaction (a test's, a caller's): lock and register in it.
  if (db.isTransaction) {
    await lockCalls(db, callIds);
    return registerBatch(db, batch);
  }
  return db.transaction().execute(async (trx) => {
    await lockCalls(trx, callIds);
    return registerBatch(trx, batch);
  });
}

async function lockCalls(db: Kysely<Database>, callIds: string[]): Promise<void> {
  await sql`SELECT id FROM calls WHERE id = ANY(${callIds}::uuid[]) ORDER BY id FOR NO KEY UPDATE`.execute(db);
}

async function registerBatch(db: Kysely<Database>, batch: Registration[]): Promise<RegistrationResult[]> {
  const since = new Date(Math.min(...batch.map((r) => r.at.getTime())) - REPEAT_WINDOW_DAYS * 86_400_000);
  const written = batch.map((r, index) => ({
    position: index + 1,
    id: r.appealId,
    year: Number(kyivDate(r.at).slice(0, 4)),
    lookup_code: newLookupCode(),
    call_id: r.input.callId ?? null,
    surname: r.input.surname,
    given_name: r.input.givenName,
    patronymic: r.input.patronymic,
    residence: r.input.residence,
    essence: r.input.essence,
    kind: r.input.kind,
    phone: r.input.phone,
    email: r.input.email ?? null,
    registered_by: r.registrar.userId,
    own_calls_only: r.registrar.role === 'operator',
    actor_ip: r.registrar.ip,
    at: r.at.toISOString(),
    key: r.idempotency?.key ?? null,
    request_hash: r.idempotency?.requestHash ?? null,
  }));
  // One JSON parameter rather than a column array per field: JSON.stringify is far cheaper than
  // escaping every element of eighteen arrays.
  const { rows } = await sql<AnswerRow>`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(written)}::jsonb) AS i(
        position int, id uuid, year int, lookup_code text, call_id uuid, surname text, given_name text, patronymic text,
        residence text, essence text, kind text, phone text, email text, registered_by uuid, own_calls_only bool,
        actor_ip text, at timestamptz, key text, request_hash text)
    ),
    known_call AS (
      -- An operator registers appeals from their own calls only.
      SELECT i.* FROM input i
      WHERE i.call_id IS NULL
         OR EXISTS (SELECT 1 FROM calls c WHERE c.id = i.call_id AND (NOT i.own_calls_only OR c.operator_id = i.registered_by))
    ),
    call_state AS (
      -- One call, one appeal; on an ended call only within its wrap-up (APPEAL_WRAP_UP_MINUTES).
      SELECT k.position, earlier.id AS appeal_id, earlier.registration_number AS appeal_number,
             CASE WHEN c.ended_at < k.at - make_interval(mins => ${APPEAL_WRAP_UP_MINUTES}) THEN c.ended_at END AS wrap_up_over_since
      FROM known_call k
      JOIN calls c ON c.id = k.call_id
      LEFT JOIN LATERAL (
        SELECT ar.id, ar.registration_number FROM appeal_register ar WHERE ar.call_id = k.call_id ORDER BY ar.registered_at LIMIT 1
      ) earlier ON true
    ),
    free_call AS (
      SELECT k.* FROM known_call k
      WHERE NOT EXISTS (SELECT 1 FROM call_state s WHERE s.position = k.position AND (s.appeal_id IS NOT NULL OR s.wrap_up_over_since IS NOT NULL))
    ),
    claim AS (
      -- A concurrent request with the same key waits here until the first commits, then gets nothing.
      INSERT INTO idempotency_keys (user_id, key, request_hash, response)
      SELECT registered_by, key, request_hash, jsonb_build_object('appealId', id) FROM free_call WHERE key IS NOT NULL
      ON CONFLICT (user_id, key) DO NOTHING
      RETURNING user_id, key
    ),
    accepted AS (
      SELECT k.* FROM free_call k
      WHERE k.key IS NULL OR EXISTS (SELECT 1 FROM claim c WHERE c.user_id = k.registered_by AND c.key = k.key)
    ),
    appeal AS (
      INSERT INTO appeals (id, registration_year, lookup_code, call_id, surname, given_name, patronymic, residence,
                           essence, kind, phone, email, status, registered_by, registered_at, status_changed_at, updated_at)
      SELECT id, year, lookup_code, call_id, surname, given_name, patronymic, residence,
             essence, kind, phone, email, 'registered', registered_by, at, at, at
      FROM accepted ORDER BY position
      RETURNING id
    ),
    per_year AS (SELECT year, count(*)::int AS taken FROM accepted GROUP BY year),
    counter AS (
      -- The row lock taken here is held to commit: batches from every process number one at a time.
      INSERT INTO appeal_counters (year, last_value) SELECT year, taken FROM per_year
      ON CONFLICT (year) DO UPDATE SET last_value = appeal_counters.last_value + excluded.last_value
      RETURNING year, last_value
    ),
    numbered AS (
      SELECT a.id, a.year, c.last_value - p.taken + row_number() OVER (PARTITION BY a.year ORDER BY a.position)::int AS seq
      FROM accepted a JOIN counter c USING (year) JOIN per_year p USING (year)
    ),
    numbers AS (
      INSERT INTO appeal_numbers (appeal_id, year, seq) SELECT id, year, seq FROM numbered RETURNING appeal_id, year, seq
    ),
    told AS (
      INSERT INTO outbox_events (topic, entity_id) SELECT 'appeal.registered', id FROM numbered ORDER BY year, seq
    ),
    audit AS (
      -- The trail names the appeal by id and kind only: personal data stays in the register.
      INSERT INTO audit_events (actor_user_id, actor_ip, entity_type, entity_id, action, changes)
      SELECT registered_by, actor_ip, 'appeal', id::text, 'registered',
             jsonb_build_object('kind', kind, 'callId', call_id, 'status', 'registered', 'registrationYear', year)
      FROM accepted ORDER BY position
    ),
    recent AS (
      SELECT r.* FROM (SELECT DISTINCT phone FROM accepted) p
      CROSS JOIN LATERAL (
        SELECT * FROM appeal_register ar WHERE ar.phone = p.phone AND ar.registered_at >= ${since}::timestamptz
        ORDER BY ar.registered_at DESC LIMIT 51
      ) r
    )
    SELECT i.position,
           CASE WHEN a.id IS NOT NULL THEN 'registered' WHEN k.id IS NULL THEN 'unknown_call'
                -- A retry of a request already answered gets that answer, whatever the call has since.
                WHEN EXISTS (SELECT 1 FROM idempotency_keys ik WHERE ik.user_id = i.registered_by AND ik.key = i.key) THEN 'key_used'
                WHEN s.appeal_id IS NOT NULL THEN 'call_has_appeal'
                WHEN s.wrap_up_over_since IS NOT NULL THEN 'call_wrap_up_over'
                ELSE 'key_used' END AS outcome,
           n.seq AS taken_seq, appeal_registration_number(n.year, n.seq) AS taken_number,
           s.appeal_id AS call_appeal_id, s.appeal_number AS call_appeal_number, s.wrap_up_over_since AS call_ended_at,
           (NULL::appeal_register).*
    FROM input i
    LEFT JOIN known_call k ON k.position = i.position
    LEFT JOIN call_state s ON s.position = i.position
    LEFT JOIN appeal a ON a.id = i.id
    LEFT JOIN numbers n ON n.appeal_id = i.id
    UNION ALL
    SELECT NULL, 'recent', NULL, NULL, NULL, NULL, NULL, r.* FROM recent r`.execute(db);

  const recent = rows.filter((row) => row.outcome === 'recent') as Appeal[];
  const registered = new Map<number, Appeal>();
  const results: RegistrationResult[] = [];
  for (const row of rows) {
    if (row.position === null) continue;
    const index = row.position - 1;
    if (row.outcome === 'registered') {
      // What was written is known here; the statement sends back only the number it took.
      const { id, year, lookup_code, call_id, surname, given_name, patronymic, residence, essence, kind, phone, email, registered_by } = written[index]!;
      const at = batch[index]!.at;
      registered.set(index, {
        id, registration_year: year, lookup_code, call_id, surname, given_name, patronymic, residence, essence, kind, phone, email,
        status: 'registered', registered_by, registered_at: at, status_changed_at: at, updated_at: at,
        registration_seq: row.taken_seq!, registration_number: row.taken_number!,
      });
    } else if (row.outcome === 'call_has_appeal') {
      results[index] = { outcome: 'call_has_appeal', appealId: row.call_appeal_id!, registrationNumber: row.call_appeal_number! };
    } else if (row.outcome === 'call_wrap_up_over') {
      results[index] = { outcome: 'call_wrap_up_over', endedAt: new Date(row.call_ended_at!) };
    } else {
      results[index] = { outcome: row.outcome === 'unknown_call' ? 'unknown_call' : 'key_used' };
    }
  }
  for (const [index, appeal] of registered) {
    const { at, input } = batch[index]!;
    const windowStart = at.getTime() - REPEAT_WINDOW_DAYS * 86_400_000;
    // What an appeal registered alone would have seen: the committed ones, and those before it in the batch.
    const candidates: Appeal[] = [];
    for (const earlier of recent) if (earlier.phone === input.phone) candidates.push(earlier);
    for (const [other, earlier] of registered) if (other < index && earlier.phone === input.phone) candidates.push(earlier);
    const inWindow = candidates.filter((a) => a.registered_at.getTime() >= windowStart)
      .sort((a, b) => b.registered_at.getTime() - a.registered_at.getTime());
    results[index] = { outcome: 'registered', appeal, likelyRepeats: likelyRepeatsAmong(inWindow, input.essence) };
  }
  return results;
}

interface Waiting {
  registration: Registration;
  answer: (result: RegistrationResult) => void;
  fail: (error: unknown) => void;
}

const MAX_PER_BATCH = 100;

/**
 * Gathers the registrations that arrive while a batch is being written and writes them together as
 * the next: under load a batch per commit instead of a transaction per appeal, with no waiting added
 * when registrations are few. One batch at a time: measured, larger batches one after another beat
 * smaller ones side by side, which would also queue on the yearly counter row. One per process.
 */
export class RegistrationQueue {
  readonly #db: Kysely<Database>;
  readonly #waiting: Waiting[] = [];
  #writing = false;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  register(registration: Registration): Promise<RegistrationResult> {
    return new Promise((answer, fail) => {
      this.#waiting.push({ registration, answer, fail });
      this.#writeNext();
    });
  }

  #writeNext(): void {
    if (this.#writing || this.#waiting.length === 0) return;
    this.#writing = true;
    void this.#write(this.#nextBatch()).finally(() => {
      this.#writing = false;
      // After the answers have gone out and the requests already read have joined the queue.
      setImmediate(() => this.#writeNext());
    });
  }

  /**
   * Up to MAX_PER_BATCH in arrival order; a repeat of an Idempotency-Key, or a second appeal of one
   * call, in the batch waits for the next.
   */
  #nextBatch(): Waiting[] {
    const batch: Waiting[] = [];
    const keys = new Set<string>();
    const calls = new Set<string>();
    for (let i = 0; i < this.#waiting.length && batch.length < MAX_PER_BATCH;) {
      const { idempotency: claim, input } = this.#waiting[i]!.registration;
      const key = claim && `${claim.userId} ${claim.key}`;
      if ((key !== undefined && keys.has(key)) || (input.callId !== undefined && calls.has(input.callId))) {
        i++;
        continue;
      }
      if (key !== undefined) keys.add(key);
      if (input.callId !== undefined) calls.add(input.callId);
      batch.push(...this.#waiting.splice(i, 1));
    }
    return batch;
  }

  async #write(batch: Waiting[]): Promise<void> {
    try {
      const results = await registerAppeals(this.#db, batch.map((w) => w.registration));
      batch.forEach((waiting, i) => waiting.answer(results[i]!));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.fail(error);
        return;
      }
      // The statement was rolled back whole: each again on its own, so a bad one fails only itself.
      for (const waiting of batch) await this.#write([waiting]);
    }
  }
}

export interface RepeatHint {
  id: string;
  registrationNumber: string;
  registeredAt: string;
  kind: string;
  status: string;
  similarity: number;
}

export const REPEAT_WINDOW_DAYS = 30;

/**
 * Appeals from the same phone in the last 30 days whose matter reads alike: a hint for the operator.
 * The call's own appeal is not a repeat of what is being asked on it (`callId`: the call in progress).
 */
export async function findLikelyRepeats(db: Db, phone: string, essence: string, at: Date, callId?: string): Promise<RepeatHint[]> {
  let query = recentFromPhone(db, phone, at);
  if (callId) query = query.where((eb) => eb.or([eb('call_id', 'is', null), eb('call_id', '<>', callId)]));
  return likelyRepeatsAmong(await query.execute(), essence);
}

/** An appeal registered by an earlier request, as its registration answered (for a replayed Idempotency-Key). */
export async function readRegistered(db: Db, appealId: string): Promise<{ appeal: Appeal; likelyRepeats: RepeatHint[] }> {
  const appeal = await db.selectFrom('appeal_register').selectAll().where('id', '=', appealId).executeTakeFirstOrThrow();
  const before = await recentFromPhone(db, appeal.phone, appeal.registered_at).where('id', '<>', appealId).execute();
  return { appeal, likelyRepeats: likelyRepeatsAmong(before, appeal.essence) };
}

function recentFromPhone(db: Db, phone: string, at: Date) {
  const since = new Date(at.getTime() - REPEAT_WINDOW_DAYS * 86_400_000);
  return db
    .selectFrom('appeal_register')
    .selectAll()
    .where('phone', '=', phone)
    .where('registered_at', '>=', since)
    .orderBy('registered_at', 'desc')
    .limit(51);
}

function likelyRepeatsAmong(rows: Appeal[], essence: string): RepeatHint[] {
  return rows
    .map((row) => ({ row, score: similarity(row.essence, essence) }))
    .filter(({ score }) => score >= SIMILARITY_THRESHOLD)
    .map(({ row, score }) => ({
      id: row.id,
      registrationNumber: row.registration_number,
      registeredAt: row.registered_at.toISOString(),
      kind: row.kind,
      status: row.status,
      similarity: Math.round(score * 100) / 100,
    }));
}
