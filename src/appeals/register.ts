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
  | { outcome: 'key_used' };

/** A row of the statement's answer: one per registration in the batch, then the recent appeals. */
interface AnswerRow extends Nullable<Appeal> {
  /** Place in the batch (1-based); null on the rows of earlier appeals from the same phones. */
  position: number | null;
  outcome: 'registered' | 'unknown_call' | 'key_used' | 'recent';
  taken_seq: number | null;
  taken_number: string | null;
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

/**
 * Registers a batch of appeals in one statement, so in one transaction and one round trip: each
 * appeal with its audit event, its Idempotency-Key record, its registration number (gap-free and
 * sequential per Kyiv calendar year, in batch order: the yearly counter is locked once per batch) and
 * the outbox event that tells management (A2). The same statement reads the recent appeals from the
 * batch's phones for the likely-repeat hint. A batch must not hold one user's Idempotency-Key twice.
 */
export async function registerAppeals(db: Kysely<Database>, batch: Registration[]): Promise<RegistrationResult[]> {
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
    claim AS (
      -- A concurrent request with the same key waits here until the first commits, then gets nothing.
      INSERT INTO idempotency_keys (user_id, key, request_hash, response)
      SELECT registered_by, key, request_hash, jsonb_build_object('appealId', id) FROM known_call WHERE key IS NOT NULL
      ON CONFLICT (user_id, key) DO NOTHING
      RETURNING user_id, key
    ),
    accepted AS (
      SELECT k.* FROM known_call k
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
           CASE WHEN a.id IS NOT NULL THEN 'registered' WHEN k.id IS NULL THEN 'unknown_call' ELSE 'key_used' END AS outcome,
           n.seq AS taken_seq, appeal_registration_number(n.year, n.seq) AS taken_number,
           (NULL::appeal_register).*
    FROM input i
    LEFT JOIN known_call k ON k.position = i.position
    LEFT JOIN appeal a ON a.id = i.id
    LEFT JOIN numbers n ON n.appeal_id = i.id
    UNION ALL
    SELECT NULL, 'recent', NULL, NULL, r.* FROM recent r`.execute(db);

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

  /** Up to MAX_PER_BATCH in arrival order; a repeat of an Idempotency-Key in the batch waits for the next. */
  #nextBatch(): Waiting[] {
    const batch: Waiting[] = [];
    const keys = new Set<string>();
    for (let i = 0; i < this.#waiting.length && batch.length < MAX_PER_BATCH;) {
      const claim = this.#waiting[i]!.registration.idempotency;
      const key = claim && `${claim.userId} ${claim.key}`;
      if (key !== undefined && keys.has(key)) {
        i++;
        continue;
      }
      if (key !== undefined) keys.add(key);
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

/** Appeals from the same phone in the last 30 days whose matter reads alike: a hint for the operator. */
export async function findLikelyRepeats(db: Db, phone: string, essence: string, at: Date): Promise<RepeatHint[]> {
  return likelyRepeatsAmong(await recentFromPhone(db, phone, at).execute(), essence);
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
