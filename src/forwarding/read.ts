// Reading a forwarding with its appeal and its body: the rows forwardingView (view.ts) shows.
import type { Db } from '../db/database.ts';
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
