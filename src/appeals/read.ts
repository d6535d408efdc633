// Reading appeals as the register shows them (appeal_register adds the registration number): one by
// id, or a page of the register, newest first.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Appeal } from '../db/schema.ts';
import { page, type Cursor } from '../http/pagination.ts';
import type { AppealKind } from '../standard/index.ts';
import type { AppealStatus } from './status.ts';

export async function readAppeal(db: Db, appealId: string): Promise<Appeal | undefined> {
  return db.selectFrom('appeal_register').selectAll().where('id', '=', appealId).executeTakeFirst();
}

export interface AppealFilter {
  limit: number;
  cursor?: Cursor | undefined;
  /** An operator sees only the appeals they registered. */
  registeredBy?: string | undefined;
  /** The appeal registered on this call (one at most). */
  callId?: string | undefined;
  status?: AppealStatus | undefined;
  kind?: AppealKind | undefined;
}

/** Newest first, keyset-paginated on (registered_at, id). */
export async function listAppeals(db: Db, filter: AppealFilter): Promise<{ items: Appeal[]; nextCursor: string | null }> {
  let query = db.selectFrom('appeal_register').selectAll().orderBy('registered_at', 'desc').orderBy('id', 'desc').limit(filter.limit + 1);
  if (filter.registeredBy) query = query.where('registered_by', '=', filter.registeredBy);
  if (filter.callId) query = query.where('call_id', '=', filter.callId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  const { cursor } = filter;
  if (cursor) query = query.where(sql<boolean>`(registered_at, id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  return page(await query.execute(), filter.limit, (a) => ({ at: a.registered_at, id: a.id }));
}
