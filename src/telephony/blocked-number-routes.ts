// The admin's list of blocked callers' numbers (src/telephony/blocked-numbers.ts), a setting.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { actorOf } from '../http/actor.ts';
import { HttpProblem, notFound } from '../http/problem.ts';
import { BlockedNumberField, BlockedNumberNote, MAX_BLOCKED_NUMBERS, blockNumber, listBlockedNumbers, unblockNumber, type BlockedNumber } from './blocked-numbers.ts';

const BlockedNumberView = z.object({
  phone: z.string().meta({ description: 'Номер у форматі E.164, напр. +380441234567' }),
  note: z.string().nullable().meta({ description: 'Чому заблоковано (для адміністраторів)' }),
  addedBy: z.uuid(),
  addedAt: z.string(),
  updatedAt: z.string(),
});
const view = (number: BlockedNumber) => ({ ...number, addedAt: number.addedAt.toISOString(), updatedAt: number.updatedAt.toISOString() });
const PhoneParams = z.strictObject({ phone: BlockedNumberField });

export const blockedNumberRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, now }) => {
  app.get('/settings/blocked-numbers', {
    config: { access: ['admin'] },
    schema: {
      operationId: 'listBlockedNumbers',
      tags: ['settings'],
      summary: 'Заблоковані номери заявників',
      description: 'Новий дзвінок із такого номера: Zammad-сумісна адреса відповідає АТС {"action":"reject","reason":"busy"}; '
        + 'API подій дзвінок не відхиляє, а в reason події пише, що номер заблоковано.',
      response: { 200: z.object({ items: z.array(BlockedNumberView) }) },
    },
  }, async () => ({ items: (await listBlockedNumbers(db)).map(view) }));

  app.put('/settings/blocked-numbers/:phone', {
    config: { access: ['admin'] },
    schema: {
      operationId: 'blockNumber', problems: [409],
      tags: ['settings'],
      summary: 'Заблокувати номер (або змінити примітку до вже заблокованого)',
      params: PhoneParams,
      body: z.strictObject({ note: BlockedNumberNote.nullish() }),
      response: { 200: BlockedNumberView, 201: BlockedNumberView },
    },
  }, async (request, reply) => {
    const result = await db.transaction().execute((trx) => blockNumber(trx, actorOf(request), {
      phone: request.params.phone, note: request.body.note ?? null, addedBy: request.principal!.userId, now: now(),
    }));
    if (!result) throw new HttpProblem(409, 'blocked-numbers-full', `Заблокувати можна не більше ${MAX_BLOCKED_NUMBERS} номерів: спершу розблокуйте непотрібні`);
    return reply.status(result.created ? 201 : 200).send(view(result.number));
  });

  app.delete('/settings/blocked-numbers/:phone', {
    config: { access: ['admin'] },
    schema: {
      operationId: 'unblockNumber', problems: [404],
      tags: ['settings'], summary: 'Розблокувати номер',
      params: PhoneParams, response: { 204: z.null() },
    },
  }, async (request, reply) => {
    const removed = await db.transaction().execute((trx) => unblockNumber(trx, actorOf(request), request.params.phone));
    if (!removed) throw notFound('Заблокований номер');
    return reply.status(204).send(null);
  });
};
