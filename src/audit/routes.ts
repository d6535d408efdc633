import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { decodeCursor, pageQuery } from '../http/pagination.ts';
import { AUDIT_ACTION_CODES, AUDIT_ENTITY_TYPES } from './actions.ts';
import { referencesOf, subjectKey, subjectsOf } from './subjects.ts';
import { listAuditEvents } from './trail.ts';
import { auditEventView, AuditEventView, AuditSubjectView } from './view.ts';

export const auditRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db }) => {
  app.get('/audit-events', {
    config: { access: ['admin'] },
    schema: {
      operationId: 'listAuditEvents',
      tags: ['audit'],
      summary: 'Журнал аудиту: хто, коли, звідки і що змінив (найновіші спершу)',
      querystring: z.strictObject({
        ...pageQuery,
        entityType: z.enum(AUDIT_ENTITY_TYPES, { error: 'Об’єкт: невідомий вид об’єкта журналу' }).optional(),
        entityId: z.string().max(100).optional(),
        actorUserId: z.uuid().optional(),
        actor: z.literal('system', 'Можливе значення: system').optional()
          .describe('system: лише дії самої Довіри, без користувача (розсилка листів, перевірки строків, події АТС)'),
        action: z.enum(AUDIT_ACTION_CODES, { error: 'Дія: невідома дія журналу' }).optional(),
        from: z.iso.datetime({ offset: true }).optional().describe('Від (ISO 8601)'),
        to: z.iso.datetime({ offset: true }).optional().describe('До, не включно (ISO 8601)'),
      }).refine((q) => !(q.actor && q.actorUserId), { path: ['actor'], message: 'Хто діяв: оберіть або систему, або користувача, а не обох' }),
      response: {
        200: z.object({
          items: z.array(AuditEventView),
          nextCursor: z.string().nullable(),
          references: z.record(z.string(), AuditSubjectView)
            .describe('Об’єкти, на які вказують зміни (judicialBodyId, callId, appealId, userId…), за ключем «вид:ідентифікатор»'),
        }),
      },
    },
  }, async (request) => {
    const q = request.query;
    const result = await listAuditEvents(db, {
      limit: q.limit, cursor: decodeCursor(q.cursor, 'bigint'), entityType: q.entityType, entityId: q.entityId, actorUserId: q.actorUserId,
      systemOnly: q.actor === 'system', action: q.action, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined,
    });
    const references = referencesOf(result.items);
    const subjects = await subjectsOf(db, [...result.items, ...references]);
    return {
      items: result.items.map((event) => auditEventView(event, subjects.get(subjectKey(event.entity_type, event.entity_id)) ?? null)),
      nextCursor: result.nextCursor,
      references: Object.fromEntries(references.flatMap(({ entity_type, entity_id }) => {
        const key = subjectKey(entity_type, entity_id);
        const subject = subjects.get(key);
        return subject ? [[key, subject]] : [];
      })),
    };
  });
};
