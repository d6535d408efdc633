// The court clerk's inbox: appeals forwarded to the clerk's own body (A3), receipt acknowledged
// (the Law's limits of art. 20 count from here), the answer to the citizen recorded. A clerk sees
// nothing of another body: such an appeal is «not found».
import { z } from 'zod';
import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { recordAudit } from '../audit/audit.ts';
import { statusChangeRefusal, type AppealStatus } from '../appeals/status.ts';
import { appealView, AppealView } from '../appeals/view.ts';
import { actorOf } from '../http/actor.ts';
import { freeText } from '../http/fields.ts';
import { decodeCursor, page, pageQuery } from '../http/pagination.ts';
import { HttpProblem, notFound } from '../http/problem.ts';
import { forwardingQuery, readForwarding } from './read.ts';
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
      tags: ['clerk'],
      summary: 'Звернення, направлені до Вашого органу (найновіші спершу); прострочені позначено overdue',
      querystring: z.strictObject({ ...pageQuery, status: InboxStatus.optional() }),
      response: { 200: z.object({ items: z.array(ForwardingView), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => {
    const q = request.query;
    const bodyId = request.principal!.judicialBodyId;
    if (bodyId === null) return { items: [], nextCursor: null };
    const cursor = decodeCursor(q.cursor, 'uuid');
    let query = forwardingQuery(db).where('f.judicial_body_id', '=', bodyId)
      .orderBy('f.forwarded_at', 'desc').orderBy('f.appeal_id', 'desc').limit(q.limit + 1);
    if (q.status) query = query.where('a.status', '=', q.status);
    if (cursor) query = query.where(sql<boolean>`(f.forwarded_at, f.appeal_id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
    const result = page(await query.execute(), q.limit, (r) => ({ at: r.forwarded_at, id: r.appeal_id }));
    const at = now();
    return { items: result.items.map((r) => forwardingView(r, at)), nextCursor: result.nextCursor };
  });

  app.get('/clerk/inbox/:appealId', {
    config: { access: ['court_clerk'] },
    schema: {
      tags: ['clerk'],
      summary: 'Картка направленого звернення і посилання на супровідний лист',
      params: Params,
      response: { 200: z.object({ appeal: AppealView, forwarding: ForwardingView }) },
    },
  }, async (request) => {
    const forwarding = await ownForwarding(request.principal!.judicialBodyId, request.params.appealId);
    const appeal = await db.selectFrom('appeal_register').selectAll().where('id', '=', request.params.appealId).executeTakeFirstOrThrow();
    return { appeal: appealView(appeal), forwarding: forwardingView(forwarding, now()) };
  });

  /** Moves the appeal on and writes the clerk's part of the forwarding, audited, then tells the body and management. */
  async function advance(request: Parameters<typeof actorOf>[0], appealId: string, next: 'acknowledged' | 'answered', summary?: string) {
    const principal = request.principal!;
    await ownForwarding(principal.judicialBodyId, appealId);
    const at = now();
    await db.transaction().execute(async (trx) => {
      const appeal = await trx.selectFrom('appeals').select(['status']).where('id', '=', appealId).forUpdate().executeTakeFirstOrThrow();
      const refusal = statusChangeRefusal(appeal.status as AppealStatus, next);
      if (refusal) throw new HttpProblem(409, 'status-transition', refusal);
      await trx.updateTable('appeals').set({ status: next, status_changed_at: at, updated_at: at }).where('id', '=', appealId).execute();
      await trx.updateTable('appeal_forwardings')
        .set(next === 'acknowledged' ? { acknowledged_at: at, acknowledged_by: principal.userId } : { answered_at: at, answered_by: principal.userId, answer_summary: summary! })
        .where('appeal_id', '=', appealId).execute();
      await recordAudit(trx, actorOf(request), {
        entityType: 'appeal', entityId: appealId, action: next,
        changes: { status: { from: appeal.status, to: next }, judicialBodyId: principal.judicialBodyId },
      });
    });
    const row = (await readForwarding(db, appealId))!;
    const registeredBy = (await db.selectFrom('appeals').select('registered_by').where('id', '=', appealId).executeTakeFirstOrThrow()).registered_by;
    live.publish({
      type: 'appeal.status_changed', appealId, registrationNumber: row.registration_number, status: next,
      registeredBy, judicialBodyId: row.judicial_body_id, at: at.toISOString(),
    });
    return forwardingView(row, now());
  }

  app.post('/clerk/inbox/:appealId/acknowledge', {
    config: { access: ['court_clerk'] },
    schema: {
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
      tags: ['clerk'],
      summary: 'Зафіксувати відповідь, надану громадянину: звернення отримує стан «надано відповідь»',
      params: Params,
      body: z.strictObject({ summary: freeText(5000, 'Зміст відповіді') }),
      response: { 200: ForwardingView },
    },
  }, async (request) => advance(request, request.params.appealId, 'answered', request.body.summary));
};
