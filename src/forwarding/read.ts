// Reading a forwarding with its appeal and its body: the rows forwardingView (view.ts) shows.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AppealStatus } from '../appeals/status.ts';
import { page, type Cursor } from '../http/pagination.ts';
import type { ForwardingRow } from './view.ts';

export function forwardingQuery(db: Db) {
  return db.selectFrom('appeal_forwardings as f')
    .innerJoin('appeal_register as a', 'a.id', 'f.appeal_id')
    .innerJoin('judicial_bodies as b', 'b.id', 'f.judicial_body_id')
    .select([
      'f.appeal_id', 'a.registration_number', 'a.status', 'a.registered_at', 'f.judicial_body_id', 'b.name as body_name',
      'f.reason', 'f.forwarded_at', 'f.forwarded_by', 'f.acknowledged_at', 'f.answered_at', 'f.answer_summary', 'b.email as body_email',
    ]);
}

export async function readForwarding(db: Db, appealId: string): Promise<ForwardingRow | undefined> {
  return forwardingQuery(db).where('f.appeal_id', '=', appealId).executeTakeFirst();
}

/** The covering letter as sent, with what decides who may read it: the receiving body's clerks, or whoever handles the appeal. */
export async function readForwardingLetter(db: Db, appealId: string) {
  return db.selectFrom('appeal_forwardings as f').innerJoin('appeal_register as a', 'a.id', 'f.appeal_id')
    .select(['f.letter_pdf', 'f.judicial_body_id', 'a.registered_by', 'a.registration_number'])
    .where('f.appeal_id', '=', appealId).executeTakeFirst();
}

/** A body's inbox: the forwardings it received, newest first, keyset-paginated on (forwarded_at, appeal_id). */
export async function listInbox(
  db: Db,
  bodyId: string,
  filter: { limit: number; cursor?: Cursor | undefined; status?: AppealStatus | undefined },
): Promise<{ items: ForwardingRow[]; nextCursor: string | null }> {
  let query = forwardingQuery(db).where('f.judicial_body_id', '=', bodyId)
    .orderBy('f.forwarded_at', 'desc').orderBy('f.appeal_id', 'desc').limit(filter.limit + 1);
  if (filter.status) query = query.where('a.status', '=', filter.status);
  const { cursor } = filter;
  if (cursor) query = query.where(sql<boolean>`(f.forwarded_at, f.appeal_id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  return page(await query.execute(), filter.limit, (r) => ({ at: r.forwarded_at, id: r.appeal_id }));
}
