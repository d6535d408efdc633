// The deliveries as management reads them: every message of the outbox with its recipient, its state
// and the appeal (and, for a forwarding, the body) it is about, newest first.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { DeliveryStatus } from '../db/schema.ts';
import { page, type Cursor } from '../http/pagination.ts';
import type { DeliveryRow } from './view.ts';

export interface DeliveryFilter {
  limit: number;
  cursor?: Cursor | undefined;
  status?: DeliveryStatus | undefined;
}

/** Keyset-paginated on (created_at, id). */
export async function listDeliveries(db: Db, filter: DeliveryFilter): Promise<{ items: DeliveryRow[]; nextCursor: string | null }> {
  let query = db.selectFrom('deliveries as d')
    .innerJoin('outbox_events as e', 'e.id', 'd.event_id')
    .leftJoin('users as u', 'u.id', 'd.recipient_user_id')
    // Every topic is about an appeal; a forwarding names the body it went to.
    .leftJoin('appeal_register as a', 'a.id', 'e.entity_id')
    .leftJoin('appeal_forwardings as f', (join) => join.onRef('f.appeal_id', '=', 'e.entity_id').on('e.topic', '=', 'appeal.forwarded'))
    .leftJoin('judicial_bodies as b', 'b.id', 'f.judicial_body_id')
    .select([
      'd.id', 'd.event_id', 'e.topic', 'e.entity_id', 'd.channel', 'd.recipient_user_id', 'u.full_name as recipient_name', 'b.name as body_name', 'd.address',
      'd.status', 'd.attempts', 'd.next_attempt_at', 'd.last_error', 'd.server_response', 'd.created_at', 'd.sent_at',
      'a.registration_number',
    ])
    .orderBy('d.created_at', 'desc').orderBy('d.id', 'desc')
    .limit(filter.limit + 1);
  if (filter.status) query = query.where('d.status', '=', filter.status);
  const { cursor } = filter;
  if (cursor) query = query.where(sql<boolean>`(d.created_at, d.id) < (${cursor.at}::timestamptz, ${cursor.id}::bigint)`);
  return page(await query.execute(), filter.limit, (d) => ({ at: d.created_at, id: String(d.id) }));
}
