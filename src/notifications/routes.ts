import { z } from 'zod';
import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { decodeCursor, page, pageQuery } from '../http/pagination.ts';
import { DeliveryStatusSchema, deliveryView, DeliveryView } from './view.ts';

export const notificationRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db }) => {
  app.get('/notifications/deliveries', {
    config: { access: ['supervisor', 'admin'] },
    schema: {
      operationId: 'listNotificationDeliveries',
      tags: ['notifications'],
      summary: 'Листи: керівництву про нові звернення (A2), органам судової влади і заявникам про направлення (A3); надіслані, ті, що чекають, і не надіслані з причиною (найновіші спершу)',
      querystring: z.strictObject({ ...pageQuery, status: DeliveryStatusSchema.optional() }),
      response: { 200: z.object({ items: z.array(DeliveryView), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => {
    const q = request.query;
    const cursor = decodeCursor(q.cursor, 'bigint');
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
      .limit(q.limit + 1);
    if (q.status) query = query.where('d.status', '=', q.status);
    if (cursor) query = query.where(sql<boolean>`(d.created_at, d.id) < (${cursor.at}::timestamptz, ${cursor.id}::bigint)`);
    const result = page(await query.execute(), q.limit, (d) => ({ at: d.created_at, id: String(d.id) }));
    return { items: result.items.map(deliveryView), nextCursor: result.nextCursor };
  });
};
