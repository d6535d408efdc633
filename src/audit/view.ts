// An audit event as the API shows it. No database here: the admin's screen takes its type from this file.
import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { AuditEventsTable } from '../db/schema.ts';

export const AuditSubjectView = z.object({
  name: z.string().nullable().describe('Як його називають: реєстраційний номер, ПІБ, назва органу чи статті, номер АТС; для налаштування — його ключ'),
  detail: z.string().nullable().describe('Другий рядок: логін, орган уповноваженої особи, власник токена'),
  phone: z.string().nullable().describe('Номер (E.164), яким його називають: зворотний дзвінок, заблокований номер'),
  at: z.string().nullable().describe('Мить, якою його називають: початок дзвінка, час зворотного дзвінка'),
  operatorNumber: z.number().int().nullable(),
  link: z.string().nullable().describe('Сторінка об’єкта у вебінтерфейсі'),
});
/** One object as the trail shows it; every part optional, as the object may since have gone. */
export type Subject = z.infer<typeof AuditSubjectView>;

export const AuditEventView = z.object({
  id: z.string(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorIp: z.string().nullable(),
  entityType: z.string(),
  entityId: z.string(),
  action: z.string(),
  changes: z.record(z.string(), z.unknown()),
  subject: AuditSubjectView.nullable().describe('Об’єкт так, як його називають люди; null — об’єкт невідомий або вилучений (показують короткий ідентифікатор)'),
});
export type AuditEventView = z.infer<typeof AuditEventView>;

export function auditEventView(event: Selectable<AuditEventsTable>, subject: Subject | null = null): AuditEventView {
  return {
    id: String(event.id),
    at: event.at.toISOString(),
    actorUserId: event.actor_user_id,
    actorIp: event.actor_ip,
    entityType: event.entity_type,
    entityId: event.entity_id,
    action: event.action,
    changes: event.changes,
    subject,
  };
}
