// The Zammad "Generic CTI" webhook as a route: an exchange already set up for Zammad posts here and
// its events join the same ingest as every other exchange's (the PbxEventSink in the app's context).
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolvePrincipal } from '../../../auth/principal.ts';
import { actorOf } from '../../../http/actor.ts';
import type { AppContext } from '../../../http/context.ts';
import { HttpProblem } from '../../../http/problem.ts';
import { blockedAmong, callerNumberOf, keepRejectedCall } from '../../blocked-numbers.ts';
import type { EventOutcomeView } from '../../contract.ts';
import { acceptForms } from '../../routes.ts';
import { ZAMMAD_REJECT, ZammadBody, fromZammad } from './zammad.ts';

/**
 * What Zammad answers, so an exchange's script written for Zammad works unchanged: {} for an event
 * taken, a reject for a new call from a blocked number. Dovira's own outcome goes in headers.
 */
const ZammadAnswer = z.union([
  z.strictObject({}).meta({ description: 'Подію прийнято' }),
  z.strictObject({ action: z.literal('reject'), reason: z.literal('busy') })
    .meta({ description: 'Номер заявника заблоковано адміністратором: АТС має завершити дзвінок (як «зайнято») і надіслати hangup' }),
]);

/** Dovira's outcome of the event, beside Zammad's answer: the outcome, why (URL-encoded) and the call. */
export const OUTCOME_HEADERS = { outcome: 'dovira-event-outcome', reason: 'dovira-event-reason', callId: 'dovira-call-id' } as const;

export const zammadRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, now, eventQueue }) => {
  acceptForms(app);

  app.post('/telephony/zammad', {
    // Zammad's exchanges put the token in the URL, so the route checks it itself (header or ?token=).
    config: { access: 'public' },
    schema: {
      operationId: 'recordZammadEvent', problems: [401, 403, 503], security: [{ apiToken: ['telephony'] }],
      tags: ['telephony'],
      summary: 'Сумісність із Zammad Generic CTI (newCall, answer, hangup)',
      description: 'Для АТС, уже налаштованої на Zammad: адреса …/api/v1/telephony/zammad?token=dvr_… (токен користувача з роллю pbx) або заголовок Authorization: Bearer. '
        + 'Відповідає як Zammad: {} або, на newCall із заблокованого номера, {"action":"reject","reason":"busy"}. Що стало з подією в Dovira — у заголовках '
        + 'Dovira-Event-Outcome (applied, duplicate, stale, ignored_unknown_type, refused), Dovira-Event-Reason (пояснення, URL-кодоване) і Dovira-Call-Id, '
        + 'а також у збереженій події. Поля поза документацією Zammad (xcid, origCallId) приймаються і зберігаються з подією.',
      querystring: z.strictObject({ token: z.string().max(200).optional() }),
      body: ZammadBody.meta({ examples: [{ event: 'newCall', from: '380441234567', to: '1017', direction: 'in', callId: 'f4ebd2be-7b9a', 'user[]': ['Оператор'] }] }),
      response: { 200: ZammadAnswer },
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
  }, async (request, reply) => {
    const parsed = fromZammad(request.body, now());
    if (!parsed.success) {
      throw new HttpProblem(400, 'validation', 'Перевірте дані у тілі запиту', {
        errors: parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', message: issue.message })),
      });
    }
    const event = parsed.data;
    const caller = callerNumberOf(event);
    if (caller !== null && (await blockedAmong(db, [caller])).has(caller)) {
      const kept = await keepRejectedCall(db, actorOf(request), event, now());
      outcomeHeaders(reply, { ...kept, callId: null });
      return ZAMMAD_REJECT;
    }
    const [result] = await eventQueue.ingest(actorOf(request), [event], now(), request.log);
    outcomeHeaders(reply, result!);
    return {};
  });
};

function outcomeHeaders(reply: FastifyReply, result: Pick<EventOutcomeView, 'outcome' | 'reason' | 'callId'>): void {
  reply.header(OUTCOME_HEADERS.outcome, result.outcome);
  if (result.reason) reply.header(OUTCOME_HEADERS.reason, encodeURIComponent(result.reason));
  if (result.callId) reply.header(OUTCOME_HEADERS.callId, result.callId);
}
