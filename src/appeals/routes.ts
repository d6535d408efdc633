import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { actorOf } from '../http/actor.ts';
import { freeText } from '../http/fields.ts';
import { earlierResult, idempotencyClaimOf } from '../http/idempotency.ts';
import { historyOf } from '../audit/trail.ts';
import { decodeCursor, pageQuery } from '../http/pagination.ts';
import { HttpProblem, notFound } from '../http/problem.ts';
import { AppealBody, RepeatCheckBody } from './input.ts';
import { APPEAL_WRAP_UP_MINUTES, findLikelyRepeats, readRegistered, RegistrationQueue } from './register.ts';
import { changeAppealStatus } from './change-status.ts';
import { listAppeals, readAppeal } from './read.ts';
import { AppealKindSchema, AppealStatusSchema, appealHistoryEntry, appealView, AppealView, AppealWithHistory } from './view.ts';

const RepeatHintView = z.object({
  id: z.uuid(),
  registrationNumber: z.string(),
  registeredAt: z.string(),
  kind: z.string(),
  status: z.string(),
  similarity: z.number(),
});

const Registered = AppealView.extend({
  likelyRepeats: z.array(RepeatHintView).describe('Звернення з того ж номера за 30 днів зі схожою суттю'),
});

const IdParams = z.strictObject({ id: z.uuid('Некоректний ідентифікатор') });

export const appealRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, live, now }) => {
  const registrations = new RegistrationQueue(db);
  app.post('/appeals', {
    config: { access: ['operator', 'supervisor'] },
    schema: {
      operationId: 'registerAppeal', problems: [409, 422],
      tags: ['appeals'],
      summary: 'Зареєструвати усне звернення (A1); заголовок Idempotency-Key захищає від дублікатів при повторі',
      body: AppealBody,
      response: { 201: Registered },
    },
  }, async (request, reply) => {
    const principal = request.principal!;
    const registrar = { ...actorOf(request), userId: principal.userId, role: principal.role };
    const claim = idempotencyClaimOf(request);
    const result = await registrations.register({ registrar, appealId: randomUUID(), input: request.body, at: now(), idempotency: claim });
    if (result.outcome === 'unknown_call') {
      throw new HttpProblem(422, 'unknown-call', 'Дзвінок, з якого надійшло звернення, не знайдено серед Ваших дзвінків', {
        errors: [{ field: 'callId', message: 'Невідомий дзвінок' }],
      });
    }
    if (result.outcome === 'call_has_appeal') {
      const message = `Під час цього дзвінка вже зареєстровано звернення № ${result.registrationNumber}: один дзвінок — одне звернення. Доповніть або направте його`;
      throw new HttpProblem(409, 'call-has-appeal', message, {
        errors: [{ field: 'callId', message }],
        extensions: { appealId: result.appealId, registrationNumber: result.registrationNumber },
      });
    }
    if (result.outcome === 'call_wrap_up_over') {
      const message = `Дзвінок завершився понад ${APPEAL_WRAP_UP_MINUTES} хвилин тому: зареєструйте звернення без прив’язки до дзвінка`;
      throw new HttpProblem(409, 'call-wrap-up-over', message, { errors: [{ field: 'callId', message }] });
    }
    if (result.outcome === 'key_used') {
      const { appealId } = await earlierResult<{ appealId: string }>(db, claim!);
      const { appeal, likelyRepeats } = await readRegistered(db, appealId);
      reply.header('idempotent-replayed', 'true');
      return reply.status(201).send({ ...appealView(appeal), likelyRepeats });
    }
    const { appeal, likelyRepeats } = result;
    // A2: management sees the new appeal at once.
    live.publish({ type: 'appeal.registered', appealId: appeal.id, registrationNumber: appeal.registration_number, kind: appeal.kind, registeredBy: appeal.registered_by, at: appeal.registered_at.toISOString() });
    return reply.status(201).send({ ...appealView(appeal), likelyRepeats });
  });

  app.post('/appeals/repeat-check', {
    config: { access: ['operator', 'supervisor'] },
    schema: {
      operationId: 'checkAppealRepeats',
      tags: ['appeals'],
      summary: 'Підказка перед реєстрацією: чи порушував цей номер схоже питання за останні 30 днів',
      body: RepeatCheckBody,
      response: { 200: z.object({ likelyRepeats: z.array(RepeatHintView) }) },
    },
  }, async (request) => ({ likelyRepeats: await findLikelyRepeats(db, request.body.phone, request.body.essence, now(), request.body.callId) }));

  app.get('/appeals', {
    config: { access: ['operator', 'supervisor', 'admin'] },
    schema: {
      operationId: 'listAppeals',
      tags: ['appeals'],
      summary: 'Реєстр звернень (найновіші спершу); оператор бачить зареєстровані ним; callId — звернення, зареєстроване під час дзвінка',
      querystring: z.strictObject({
        ...pageQuery, status: AppealStatusSchema.optional(), kind: AppealKindSchema.optional(),
        callId: z.uuid('Некоректний ідентифікатор дзвінка').optional(),
      }),
      response: { 200: z.object({ items: z.array(AppealView), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => {
    const q = request.query;
    const principal = request.principal!;
    const result = await listAppeals(db, {
      limit: q.limit, cursor: decodeCursor(q.cursor, 'uuid'), status: q.status, kind: q.kind, callId: q.callId,
      registeredBy: principal.role === 'operator' ? principal.userId : undefined,
    });
    return { items: result.items.map(appealView), nextCursor: result.nextCursor };
  });

  app.get('/appeals/:id', {
    config: { access: ['operator', 'supervisor', 'admin'] },
    schema: {
      operationId: 'getAppeal',
      tags: ['appeals'],
      summary: 'Звернення та історія змін його стану',
      params: IdParams,
      response: { 200: AppealWithHistory },
    },
  }, async (request) => {
    const appeal = await readAppeal(db, request.params.id);
    const principal = request.principal!;
    if (!appeal || (principal.role === 'operator' && appeal.registered_by !== principal.userId)) throw notFound('Звернення');
    const history = await historyOf(db, 'appeal', appeal.id);
    return { ...appealView(appeal), history: history.map(appealHistoryEntry) };
  });

  app.post('/appeals/:id/status', {
    config: { access: ['supervisor', 'admin'] },
    schema: {
      operationId: 'changeAppealStatus', problems: [409, 422],
      tags: ['appeals'],
      summary: 'Позначити звернення вирішеним контакт-центром (A2); направлення — POST /appeals/{id}/forward, отримання і відповідь — вхідні суду',
      params: IdParams,
      body: z.strictObject({ status: AppealStatusSchema, note: freeText(2000, 'Примітка').optional() }),
      response: { 200: AppealView },
    },
  }, async (request) => {
    const { status, note } = request.body;
    // Forwarding has its own route (letter, e-mail to the body); receipt and answer are the clerk's.
    if (status !== 'resolved') {
      const message = status === 'forwarded'
        ? 'Направляють звернення через POST /appeals/{id}/forward: із супровідним листом органу судової влади'
        : 'Отримання і відповідь фіксує працівник апарату суду, до якого направлено звернення (вхідні: /clerk/inbox)';
      throw new HttpProblem(422, 'status-route', message, { errors: [{ field: 'status', message }] });
    }
    const { announcement } = await db.transaction().execute((trx) => changeAppealStatus(trx, {
      actor: actorOf(request), appealId: request.params.id, to: status, at: now(),
      writes: async () => ({ details: note ? { note } : {}, judicialBodyId: null, result: undefined }),
    }));
    live.publish(announcement);
    return appealView((await readAppeal(db, request.params.id))!);
  });
};
