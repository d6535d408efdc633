import { z } from 'zod';
import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { decodeCursor, page, pageQuery } from '../http/pagination.ts';

const AuditView = z.object({
  id: z.string(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorIp: z.string().nullable(),
  entityType: z.string(),
  entityId: z.string(),
  action: z.string(),
  changes: z.record(z.string(), z.unknown()),
});

export const auditRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db }) => {
  app.get('/audit-events', {
    config: { access: ['admin'] },
    schema: {
      operationId: 'listAuditEvents',
      tags: ['audit'],
      summary: 'Журнал аудиту: хто, коли, звідки і що змінив (найновіші спершу)',
      querystring: z.strictObject({
        ...pageQuery,
        entityType: z.string().max(50).optional(),
        entityId: z.string().max(100).optional(),
        actorUserId: z.uuid().optional(),
        actor: z.literal('system', 'Можливе значення: system').optional()
          .describe('system: лише дії самої Довіри, без користувача (розсилка листів, перевірки строків, події АТС)'),
        action: z.string().max(50).optional(),
        from: z.iso.datetime({ offset: true }).optional().describe('Від (ISO 8601)'),
        to: z.iso.datetime({ offset: true }).optional().describe('До, не включно (ISO 8601)'),
      }).refine((q) => !(q.actor && q.actorUserId), { path: ['actor'], message: 'Оберіть або систему, або користувача, а не обох' }),
      response: { 200: z.object({ items: z.array(AuditView), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => {
    const q = request.query;
    const cursor = decodeCursor(q.cursor, 'bigint');
    let query = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(q.limit + 1);
    if (q.entityType) query = query.where('entity_type', '=', q.entityType);
    if (q.entityId) query = query.where('entity_id', '=', q.entityId);
    if (q.actorUserId) query = query.where('actor_user_id', '=', q.actorUserId);
    if (q.actor === 'system') query = query.where('actor_user_id', 'is', null);
    if (q.action) query = query.where('action', '=', q.action);
    if (q.from) query = query.where('at', '>=', new Date(q.from));
    if (q.to) query = query.where('at', '<', new Date(q.to));
    if (cursor) query = query.where('id', '<', sql<string>`${cursor.id}::bigint`);
    const result = page(await query.execute(), q.limit, (e) => ({ at: e.at, id: String(e.id) }));
    return {
      items: result.items.map((e) => ({
        id: String(e.id),
        at: e.at.toISOString(),
        actorUserId: e.actor_user_id,
        actorIp: e.actor_ip,
        entityType: e.entity_type,
        entityId: e.entity_id,
        action: e.action,
        changes: e.changes,
      })),
      nextCursor: result.nextCursor,
    };
  });
};
