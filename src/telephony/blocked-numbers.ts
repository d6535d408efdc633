// Callers' numbers the admin has blocked (a caller who abuses the line, an automated dialler). An
// exchange that understands a reject (the Zammad-compatible endpoint) is told to hang up on a new
// call from one, as busy, and the event is kept as refused; the event API has no reject in its
// vocabulary, so there the event is decided as any other and its reason says the number is blocked.
import { sql, type Transaction } from 'kysely';
import { recordAudit, type Actor } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { freeText, phone } from '../http/fields.ts';
import { exchangePhone, readExchangeParty } from '../phones/numbers.ts';
import type { KnownPbxEvent } from './contract.ts';
import { REASON, pbxEventAudit, pbxEventRow, refused, type Decision } from './mapping.ts';

type Trx = Transaction<Database>;

/** A number as the admin blocks it: typed as any phone field takes it, kept in E.164. */
export const BlockedNumberField = phone('Номер');

export const BlockedNumberNote = freeText(200, 'Примітка');

export interface BlockedNumber {
  phone: string;
  note: string | null;
  addedBy: string;
  addedAt: Date;
  updatedAt: Date;
}

const view = (row: { phone: string; note: string | null; added_by: string; added_at: Date; updated_at: Date }): BlockedNumber =>
  ({ phone: row.phone, note: row.note, addedBy: row.added_by, addedAt: row.added_at, updatedAt: row.updated_at });

/** How many numbers the list may hold: the admin's screen shows them all. */
export const MAX_BLOCKED_NUMBERS = 1000;

export async function listBlockedNumbers(db: Db): Promise<BlockedNumber[]> {
  const rows = await db.selectFrom('blocked_numbers').selectAll().orderBy('added_at', 'desc').orderBy('phone').limit(MAX_BLOCKED_NUMBERS).execute();
  return rows.map(view);
}

/**
 * Blocks a number, or changes its note when it is blocked already; null when the list is full.
 * `created` tells which, so the route answers 201 or 200.
 */
export async function blockNumber(trx: Trx, actor: Actor, input: { phone: string; note: string | null; addedBy: string; now: Date }): Promise<{ number: BlockedNumber; created: boolean } | null> {
  // One change of the list at a time: what was there is then known for sure (added or note
  // changed, as audited), and two admins together cannot take the list past its bound.
  await sql`SELECT pg_advisory_xact_lock(hashtext('blocked-numbers'))`.execute(trx);
  const before = await trx.selectFrom('blocked_numbers').selectAll().where('phone', '=', input.phone).executeTakeFirst();
  if (before) {
    // The same note again changes nothing, so nothing is written.
    if (before.note === input.note) return { number: view(before), created: false };
    const row = await trx.updateTable('blocked_numbers').set({ note: input.note, updated_at: input.now })
      .where('phone', '=', input.phone).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { entityType: 'blocked_number', entityId: input.phone, action: 'note_changed', changes: { from: before.note, to: input.note } });
    return { number: view(row), created: false };
  }
  const { n } = await trx.selectFrom('blocked_numbers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  if (Number(n) >= MAX_BLOCKED_NUMBERS) return null;
  const row = await trx.insertInto('blocked_numbers')
    .values({ phone: input.phone, note: input.note, added_by: input.addedBy, added_at: input.now, updated_at: input.now })
    .returningAll().executeTakeFirstOrThrow();
  await recordAudit(trx, actor, { entityType: 'blocked_number', entityId: input.phone, action: 'added', changes: { note: input.note } });
  return { number: view(row), created: true };
}

/** Unblocks a number; false when it was not blocked. */
export async function unblockNumber(trx: Trx, actor: Actor, phone: string): Promise<boolean> {
  const gone = await trx.deleteFrom('blocked_numbers').where('phone', '=', phone).returning('note').executeTakeFirst();
  if (!gone) return false;
  await recordAudit(trx, actor, { entityType: 'blocked_number', entityId: phone, action: 'removed', changes: { note: gone.note } });
  return true;
}

/** The caller's number of an inbound `offered`, as it is blocked; null for any other event. */
export function callerNumberOf(event: KnownPbxEvent): string | null {
  if (event.type !== 'offered' || event.direction !== 'inbound') return null;
  return exchangePhone(readExchangeParty(event.from));
}

/** Which of these numbers are blocked. */
export async function blockedAmong(db: Db, phones: Array<string | null>): Promise<Set<string>> {
  const wanted = [...new Set(phones.filter((phone) => phone !== null))];
  if (wanted.length === 0) return new Set();
  const rows = await db.selectFrom('blocked_numbers').select('phone').where('phone', 'in', wanted).execute();
  return new Set(rows.map((row) => row.phone));
}

export const BLOCKED_TEXT = {
  rejected: 'Номер заявника заблоковано адміністратором: АТС відповіли reject (busy), дзвінок у Dovira не зареєстровано',
  noted: 'Номер заявника заблоковано адміністратором: АТС не вміє відхилити дзвінок, тож його прийнято як звичайно',
};

/**
 * Keeps a new call from a blocked number, which the exchange is told to reject, as refused: no call
 * is opened, so it never rings an operator nor becomes a missed call to call back. A repeat of it is
 * kept as a duplicate, as the ingest keeps repeats (pbx_events holds one event id once otherwise).
 */
export async function keepRejectedCall(db: Db, actor: Actor, event: KnownPbxEvent, receivedAt: Date): Promise<{ outcome: 'refused' | 'duplicate'; reason: string }> {
  return db.transaction().execute(async (trx) => {
    // The lock the ingest takes for this event id, so a repeat sent at the same time waits.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`pbx-event:${event.eventId}`}))`.execute(trx);
    const seen = await trx.selectFrom('pbx_events').select('id').where('pbx_event_id', '=', event.eventId).where('outcome', '<>', 'duplicate').executeTakeFirst();
    const decision: Decision & { outcome: 'refused' | 'duplicate' } = seen
      ? { outcome: 'duplicate', reason: REASON.duplicate, callId: null }
      : { ...refused(null, BLOCKED_TEXT.rejected), outcome: 'refused' };
    const row = pbxEventRow(event, receivedAt, decision);
    const { id } = await trx.insertInto('pbx_events').values({ ...row, payload: JSON.stringify(row.payload) }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, actor, pbxEventAudit(id, row));
    return { outcome: decision.outcome, reason: decision.reason };
  });
}
