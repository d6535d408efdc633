import { sql, type Kysely } from 'kysely';
import type { Actor } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import type { Appeal, Database, Role } from '../db/schema.ts';
import { HttpProblem } from '../http/problem.ts';
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

/**
 * Registers an appeal under the id the caller chose, with its audit event, its place in the
 * numbering queue and, when the request carried an Idempotency-Key, the key's record: one
 * statement, so one atomic write and one round trip on the hot path. Returns false when the key
 * had been used already (nothing is written then; the earlier result stands).
 * The registration number comes after commit, from `numberPendingAppeals`.
 */
export async function registerAppeal(
  db: Kysely<Database>,
  registrar: Registrar,
  appealId: string,
  input: AppealInput,
  at: Date,
  idempotency?: IdempotencyClaim,
): Promise<boolean> {
  if (input.callId) {
    const call = await db.selectFrom('calls').select(['id', 'operator_id']).where('id', '=', input.callId).executeTakeFirst();
    if (!call || (registrar.role === 'operator' && call.operator_id !== registrar.userId)) {
      throw new HttpProblem(422, 'unknown-call', 'Дзвінок, з якого надійшло звернення, не знайдено серед Ваших дзвінків', {
        errors: [{ field: 'callId', message: 'Невідомий дзвінок' }],
      });
    }
  }
  const year = Number(kyivDate(at).slice(0, 4));
  const claim = idempotency
    ? sql`INSERT INTO idempotency_keys (user_id, key, request_hash, response)
          VALUES (${idempotency.userId}, ${idempotency.key}, ${idempotency.requestHash}, ${JSON.stringify({ appealId })}::jsonb)
          ON CONFLICT (user_id, key) DO NOTHING
          RETURNING key`
    : sql`SELECT 'none' AS key`;
  // The trail names the appeal by id and kind only: personal data stays in the register.
  const changes = JSON.stringify({ kind: input.kind, callId: input.callId ?? null, status: 'registered', registrationYear: year });
  const result = await sql<{ appeal_id: string }>`
    WITH claim AS (${claim}),
    appeal AS (
      INSERT INTO appeals (id, registration_year, lookup_code, call_id, surname, given_name, patronymic, residence,
                           essence, kind, phone, email, status, registered_by, registered_at, status_changed_at, updated_at)
      SELECT ${appealId}::uuid, ${year}::int, ${newLookupCode()}, ${input.callId ?? null}::uuid, ${input.surname}, ${input.givenName},
             ${input.patronymic}, ${input.residence}, ${input.essence}, ${input.kind}, ${input.phone}, ${input.email ?? null},
             'registered', ${registrar.userId}::uuid, ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz
      WHERE EXISTS (SELECT 1 FROM claim)
      RETURNING id, registration_year
    ),
    audit AS (
      INSERT INTO audit_events (actor_user_id, actor_ip, entity_type, entity_id, action, changes)
      SELECT ${registrar.userId}::uuid, ${registrar.ip}, 'appeal', id::text, 'registered', ${changes}::jsonb FROM appeal
    )
    INSERT INTO appeal_number_queue (appeal_id, year)
    SELECT id, registration_year FROM appeal
    RETURNING appeal_id`.execute(db);
  return result.rows.length === 1;
}

/**
 * Gives every committed appeal in the queue its number (gap-free, sequential per Kyiv calendar
 * year), unless `appealId` already has one. Registrations call it right after they commit; the
 * server calls it at start, for appeals whose registration was cut off between the two.
 */
export async function numberPendingAppeals(db: Kysely<Database>, appealId?: string): Promise<void> {
  await sql`SELECT number_pending_appeals(${appealId ?? null}::uuid)`.execute(db);
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

/**
 * The appeal just registered, read after its transaction committed (when its number exists),
 * together with the likely repeats of it: one query for both, since registration is the hot path.
 */
export async function readRegistered(db: Db, appealId: string, phone: string, essence: string, at: Date): Promise<{ appeal: Appeal; likelyRepeats: RepeatHint[] }> {
  const rows = await recentFromPhone(db, phone, at).execute();
  // Newest first, so it is there unless the phone made 50 more appeals in the same instant.
  const appeal = rows.find((row) => row.id === appealId)
    ?? (await db.selectFrom('appeal_register').selectAll().where('id', '=', appealId).executeTakeFirstOrThrow());
  return { appeal, likelyRepeats: likelyRepeatsAmong(rows.filter((row) => row.id !== appealId), essence) };
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
