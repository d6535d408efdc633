import type { Insertable, Kysely, Transaction } from 'kysely';
import type { AuditEventsTable, Database } from '../db/schema.ts';

/** Who did it and from where; taken from the request by `actorOf`. */
export interface Actor {
  userId: string | null;
  ip: string | null;
}

export interface AuditEntry {
  entityType: string;
  entityId: string;
  action: string;
  changes?: Record<string, unknown>;
}

/**
 * Writes one audit event. Call it with the same transaction as the change it describes, so the
 * trail and the data can never disagree.
 */
export async function recordAudit(trx: Transaction<Database> | Kysely<Database>, actor: Actor, entry: AuditEntry): Promise<void> {
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
