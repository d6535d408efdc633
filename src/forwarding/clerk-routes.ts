// The court clerk's inbox: appeals forwarded to the clerk's own body (A3), receipt acknowledged
// (the Law's limits of art. 20 count from here), the answer to the citizen recorded. A clerk sees
// nothing of another body: such an appeal is «not found».
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { readAppeal } from '../appeals/read.ts';
import { appealView, AppealView } from '../appeals/view.ts';
import { actorOf } from '../http/actor.ts';
import { freeText } from '../http/fields.ts';
import { decodeCursor, pageQuery } from '../http/pagination.ts';
import { notFound } from '../http/problem.ts';
import { recordClerkStep } from './clerk-steps.ts';
import { listInbox, readForwarding } from './read.ts';
import { forwardingView, ForwardingView } from './view.ts';

const Params = z.strictObject({ appealId: z.uuid('Некоректний ідентифікатор') });
const InboxStatus = z.enum(['forwarded', 'acknowledged', 'answered']);

export const clerkInboxRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, live, now }) => {
  /** The forwarding of an appeal to this clerk's body, or «not found». */
  async function ownForwarding(bodyId: string | null, appealId: string) {
    const row = await readForwarding(db, appealId);
    if (!row || bodyId === null || row.judicial_body_id !== bodyId) throw notFound('Звернення');
    return row;
  }

  app.get('/clerk/inbox', {
    config: { access: ['court_clerk'] },
    schema: {
      operationId: 'listClerkInbox',
      tags: ['clerk'],
      summary: 'Звернення, направлені до Вашого органу (найновіші спершу); прострочені позначено overdue',
      querystring: z.strictObject({ ...pageQuery, status: InboxStatus.optional() }),
      response: { 200: z.object({ items: z.array(ForwardingView), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => {
    const q = request.query;
    const bodyId = request.principal!.judicialBodyId;
    if (bodyId === null) return { items: [], nextCursor: null };
    const result = await listInbox(db, bodyId, { limit: q.limit, cursor: decodeCursor(q.cursor, 'uuid'), status: q.status });
    const at = now();
    return { items: result.items.map((r) => forwardingView(r, at)), nextCursor: result.nextCursor };
  });

  app.get('/clerk/inbox/:appealId', {
    config: { access: ['court_clerk'] },
    schema: {
      operationId: 'getClerkInboxAppeal',
      tags: ['clerk'],
      summary: 'Картка направленого звернення і посилання на супровідний лист',
      params: Params,
      response: { 200: z.object({ appeal: AppealView, forwarding: ForwardingView }) },
    },
  }, async (request) => {
    const forwarding = await ownForwarding(request.principal!.judicialBodyId, request.params.appealId);
    const appeal = await readAppeal(db, request.params.appealId);
    return { appeal: appealView(appeal!), forwarding: forwardingView(forwarding, now()) };
  });

  /** Moves the appeal on with the clerk's part of the forwarding, then tells the body and management. */
  async function advance(request: Parameters<typeof actorOf>[0], appealId: string, next: 'acknowledged' | 'answered', summary?: string) {
    const principal = request.principal!;
    const forwarding = await ownForwarding(principal.judicialBodyId, appealId);
    const announcement = await db.transaction().execute((trx) => recordClerkStep(trx, {
      actor: actorOf(request), clerkUserId: principal.userId, judicialBodyId: forwarding.judicial_body_id, appealId, next, summary, at: now(),
    }));
    live.publish(announcement);
    return forwardingView((await readForwarding(db, appealId))!, now());
  }

  app.post('/clerk/inbox/:appealId/acknowledge', {
    config: { access: ['court_clerk'] },
    schema: {
      operationId: 'acknowledgeAppeal', problems: [409],
      tags: ['clerk'],
      summary: 'Підтвердити отримання: від цього дня лічаться строки ст. 20 Закону (15 днів, місяць, 45 днів)',
      params: Params,
      body: z.strictObject({}).optional(),
      response: { 200: ForwardingView },
    },
  }, async (request) => advance(request, request.params.appealId, 'acknowledged'));

  app.post('/clerk/inbox/:appealId/answer', {
    config: { access: ['court_clerk'] },
    schema: {
      operationId: 'answerAppeal', problems: [409],
      tags: ['clerk'],
      summary: 'Зафіксувати відповідь, надану громадянину: звернення отримує стан «надано відповідь»',
      params: Params,
      body: z.strictObject({ summary: freeText(5000, 'Зміст відповіді') }),
      response: { 200: ForwardingView },
    },
  }, async (request) => advance(request, request.params.appealId, 'answered', request.body.summary));
};
