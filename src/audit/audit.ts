import type { Insertable, Transaction } from 'kysely';
import type { AuditEventsTable, Database } from '../db/schema.ts';
import type { Actor } from '../http/actor.ts';
import type { AuditAction, AuditEntityType } from './actions.ts';

export type { Actor } from '../http/actor.ts';

/** One event of the trail: an action only of those recorded for its kind of object (see actions.ts). */
export type AuditEntry = {
  [E in AuditEntityType]: {
    entityType: E;
    entityId: string;
    action: AuditAction<E>;
    changes?: Record<string, unknown>;
  };
}[AuditEntityType];

/**
 * Writes one audit event. It takes the transaction of the change it describes, so the trail and
 * the data can never disagree.
 */
export async function recordAudit(trx: Transaction<Database>, actor: Actor, entry: AuditEntry): Promise<void> {
  await trx.insertInto('audit_events').values(auditRow(actor, entry)).execute();
}

/** The audit row itself, for a statement that writes it together with the change (see registerAppeal). */
export function auditRow(actor: Actor, entry: AuditEntry): Insertable<AuditEventsTable> {
  return {
    actor_user_id: actor.userId,
    actor_ip: actor.ip,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    action: entry.action,
    changes: JSON.stringify(entry.changes ?? {}),
  };
}
