// An audit event as the API shows it. No database here: the admin's screen takes its type from this file.
import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { AuditEventsTable } from '../db/schema.ts';

export const AuditEventView = z.object({
  id: z.string(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorIp: z.string().nullable(),
  entityType: z.string(),
  entityId: z.string(),
  action: z.string(),
  changes: z.record(z.string(), z.unknown()),
});
export type AuditEventView = z.infer<typeof AuditEventView>;

export function auditEventView(event: Selectable<AuditEventsTable>): AuditEventView {
  return {
    id: String(event.id),
    at: event.at.toISOString(),
    actorUserId: event.actor_user_id,
    actorIp: event.actor_ip,
    entityType: event.entity_type,
    entityId: event.entity_id,
    action: event.action,
    changes: event.changes,
  };
}
