// The Zammad "Generic CTI" webhook as a route: an exchange already set up for Zammad posts here and
// its events join the same ingest as every other exchange's (the PbxEventSink in the app's context).
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolvePrincipal } from '../../../auth/principal.ts';
import { actorOf } from '../../../http/actor.ts';
import type { AppContext } from '../../../http/context.ts';
import { HttpProblem } from '../../../http/problem.ts';
import { EventOutcomeView } from '../../contract.ts';
import { acceptForms } from '../../routes.ts';
import { ZammadBody, fromZammad } from './zammad.ts';

export const zammadRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, now, eventQueue }) => {
  acceptForms(app);

  app.post('/telephony/zammad', {
    // Zammad's exchanges put the token in the URL, so the route checks it itself (header or ?token=).
    config: { access: 'public' },
    schema: {
      operationId: 'recordZammadEvent', problems: [401, 403, 503], security: [{ apiToken: ['telephony'] }],
      tags: ['telephony'],
      summary: 'Сумісність із Zammad Generic CTI (newCall, answer, hangup)',
      description: 'Для АТС, уже налаштованої на Zammad: адреса …/api/v1/telephony/zammad?token=dvr_… (токен користувача з роллю pbx) або заголовок Authorization: Bearer.',
      querystring: z.strictObject({ token: z.string().max(200).optional() }),
      body: ZammadBody.meta({ examples: [{ event: 'newCall', from: '380441234567', to: '1017', direction: 'in', callId: 'f4ebd2be-7b9a', 'user[]': ['Оператор'] }] }),
      response: { 200: EventOutcomeView },
    },
    onRequest: async (request) => {
      const query = request.query as { token?: unknown };
      if (!request.headers.authorization?.startsWith('Bearer ')) {
        if (typeof query.token !== 'string' || query.token === '') throw new HttpProblem(401, 'unauthenticated', 'Увійдіть у систему, щоб продовжити');
        request.headers.authorization = `Bearer ${query.token}`;
      }
      request.principal = await resolvePrincipal(db, request, now());
      if (!request.principal) throw new HttpProblem(401, 'unauthenticated', 'Увійдіть у систему, щоб продовжити');
      if (request.principal.role !== 'pbx') throw new HttpProblem(403, 'forbidden', 'Ваша роль не дає права на цю дію');
    },
  }, async (request) => {
    const parsed = fromZammad(request.body, now());
    if (!parsed.success) {
      throw new HttpProblem(400, 'validation', 'Перевірте дані у тілі запиту', {
        errors: parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', message: issue.message })),
      });
    }
    const [result] = await eventQueue.ingest(actorOf(request), [parsed.data], now(), request.log);
    return result!;
  });
};
