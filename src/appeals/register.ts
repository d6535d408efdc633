import type { Transaction } from 'kysely';
import type { Actor } from '../audit/audit.ts';
import { auditRow } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import type { Appeal, Database, Role } from '../db/schema.ts';
import { HttpProblem } from '../http/problem.ts';
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
 * Registers an appeal in the caller's transaction, under the id the caller chose (so the id can be
 * stored as the result of an Idempotency-Key before the work is done). Its registration number is
 * assigned when that transaction commits (sequential and gap-free per Kyiv calendar year).
 */
export async function registerAppeal(trx: Transaction<Database>, registrar: Registrar, appealId: string, input: AppealInput, at: Date): Promise<void> {
  if (input.callId) {
    const call = await trx.selectFrom('calls').select(['id', 'operator_id']).where('id', '=', input.callId).executeTakeFirst();
    if (!call || (registrar.role === 'operator' && call.operator_id !== registrar.userId)) {
      throw new HttpProblem(422, 'unknown-call', 'Дзвінок, з якого надійшло звернення, не знайдено серед Ваших дзвінків', {
        errors: [{ field: 'callId', message: 'Невідомий дзвінок' }],
      });
    }
  }
  const registrationYear = Number(kyivDate(at).slice(0, 4));
  // One statement writes the appeal and its audit event: registration is the hot path.
  // The trail names the appeal by id and kind only: personal data stays in the register.
  await trx
    .with('appeal', (db) => db.insertInto('appeals').values({
      id: appealId,
      registration_year: registrationYear,
      lookup_code: newLookupCode(),
      call_id: input.callId ?? null,
      surname: input.surname,
      given_name: input.givenName,
      patronymic: input.patronymic,
      residence: input.residence,
      essence: input.essence,
      kind: input.kind,
      phone: input.phone,
      email: input.email ?? null,
      status: 'registered',
      registered_by: registrar.userId,
      registered_at: at,
      status_changed_at: at,
      updated_at: at,
    }))
    .insertInto('audit_events')
    .values(auditRow(registrar, {
      entityType: 'appeal',
      entityId: appealId,
      action: 'registered',
      changes: { kind: input.kind, callId: input.callId ?? null, status: 'registered', registrationYear },
    }))
    .execute();
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
