import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { decodeCursor, pageQuery } from '../http/pagination.ts';
import { listDeliveries } from './deliveries.ts';
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
    const result = await listDeliveries(db, { limit: q.limit, cursor: decodeCursor(q.cursor, 'bigint'), status: q.status });
    return { items: result.items.map(deliveryView), nextCursor: result.nextCursor };
  });
};
