// Reading the audit trail: the admin's filters (object, action, period, who acted: a person, or
// Dovira itself), newest first, page by page; and one object's history, oldest first.
import { sql, type Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AuditEventsTable } from '../db/schema.ts';
import { page, type Cursor } from '../http/pagination.ts';
import type { AuditEntityType } from './actions.ts';

export interface AuditFilter {
  limit: number;
  cursor?: Cursor | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorUserId?: string | undefined;
  /** Only what Dovira did by itself, with no user. */
  systemOnly?: boolean | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  /** Not included. */
  to?: Date | undefined;
}

export async function listAuditEvents(db: Db, filter: AuditFilter): Promise<{ items: Selectable<AuditEventsTable>[]; nextCursor: string | null }> {
  let query = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(filter.limit + 1);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.actorUserId) query = query.where('actor_user_id', '=', filter.actorUserId);
  if (filter.systemOnly) query = query.where('actor_user_id', 'is', null);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  if (filter.cursor) query = query.where('id', '<', sql<string>`${filter.cursor.id}::bigint`);
  return page(await query.execute(), filter.limit, (e) => ({ at: e.at, id: String(e.id) }));
}

/** Everything done to one object, in the order it was done. */
export async function historyOf(db: Db, entityType: AuditEntityType, entityId: string): Promise<Pick<Selectable<AuditEventsTable>, 'at' | 'actor_user_id' | 'action' | 'changes'>[]> {
  return db.selectFrom('audit_events').select(['at', 'actor_user_id', 'action', 'changes'])
    .where('entity_type', '=', entityType).where('entity_id', '=', entityId).orderBy('id').execute();
}
