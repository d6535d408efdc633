import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AppContext } from '../http/context.ts';
import type { Database } from '../db/schema.ts';
import { actorOf } from '../http/actor.ts';
import { freeText, phone } from '../http/fields.ts';
import { withIdempotency } from '../http/idempotency.ts';
import { decodeCursor, page, pageQuery } from '../http/pagination.ts';
import { callbackNotFound, cancel, claim, close, recordAttemptIn, release } from './actions.ts';
import { dialCallback } from './dial.ts';
import { DIAL_OUTCOMES } from './dialler-port.ts';
import { OPEN_STATUSES, type CallbackStatus } from './labels.ts';
import { attemptsOf, findCallback, listCallbacks, unansweredCallOf } from './repository.ts';
import { kyivDayBounds, maySee, type Who } from './rules.ts';
import { scheduleCallback } from './schedule.ts';
import { AttemptOutcomeSchema, attemptView, CallbackDetail, CallbackStatusSchema, callbackView, CallbackView, CloseOutcomeSchema } from './view.ts';

/** An instant with its time zone (2026-11-25T14:30:00+02:00 or …Z): a bare local time is ambiguous. */
function instant(label: string) {
  return z
    .iso.datetime({ offset: true, error: `${label}: очікується дата й час ISO 8601 з часовим поясом, напр. 2026-11-25T14:30:00+02:00` })
    .transform((text) => new Date(text));
}

const IdParams = z.strictObject({ id: z.uuid('Некоректний ідентифікатор зворотного дзвінка') });
const staff = ['operator', 'supervisor', 'admin'] as const;
const NoBody = z.strictObject({}).nullish();

const ScheduleBody = z.strictObject({
  callId: z.uuid('Некоректний ідентифікатор дзвінка').optional().describe('Дзвінок, під час якого домовилися (оператор: лише власний)'),
  appealId: z.uuid('Некоректний ідентифікатор звернення').optional(),
  phone: phone('Телефон для зворотного дзвінка'),
  reason: freeText(500, 'Причина зворотного дзвінка'),
  dueAt: instant('Час зворотного дзвінка'),
  assignedOperatorId: z.uuid('Некоректний ідентифікатор оператора').optional().describe('Кому доручено; без нього — у спільну чергу'),
});

const ListQuery = z.strictObject({
  ...pageQuery,
  status: CallbackStatusSchema.optional().describe('Без нього — незакриті (заплановані й ті, що виконуються)'),
  due: z.enum(['overdue', 'today', 'all'], { error: 'Строк: overdue, today або all' }).default('all')
    .describe('overdue — час минув, а дзвінок не виконано; today — на поточний київський календарний день'),
  mine: z.enum(['true', 'false'], { error: 'mine: true або false' }).optional().describe('Лише доручені мені чи взяті мною'),
});

const AttemptBody = z.strictObject({
  outcome: AttemptOutcomeSchema,
  note: freeText(2000, 'Примітка').optional(),
  startedAt: instant('Початок спроби').optional().describe('Без нього — зараз'),
  close: z.boolean({ error: 'Закрити: очікується true або false' }).optional().describe('Розмова відбулася й інформацію надано: закрити зворотний дзвінок'),
});

const whoOf = (request: FastifyRequest): Who => ({ userId: request.principal!.userId, role: request.principal!.role });

async function readDetail(db: Kysely<Database>, id: string, now: Date): Promise<CallbackDetail> {
  const callback = await findCallback(db, id);
  if (!callback) throw callbackNotFound();
  const attempts = await attemptsOf(db, id);
  return { ...callbackView(callback, attempts.length, now, await unansweredCallOf(db, callback.call_id)), attempts: attempts.map(attemptView) };
}

const DialView = z.object({
  outcome: z.enum(DIAL_OUTCOMES).describe('Що повідомила АТС: answered, busy, no_answer або failed'),
  bridged: z.boolean().describe('Заявник відповів і його з’єднано з внутрішнім номером оператора'),
  detail: z.string().nullable().describe('Причина від АТС, напр. «486 Busy Here»'),
  attemptId: z.uuid(),
  attemptOutcome: AttemptOutcomeSchema,
});

export const callbackRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, now, callbackDialler }) => {
  app.post('/callbacks', {
    config: { access: ['operator', 'supervisor'] },
    schema: {
      operationId: 'scheduleCallback', problems: [422],
      tags: ['callbacks'],
      summary: 'Запланувати зворотний дзвінок (H3): номер, час, причина, кому (або у спільну чергу); Idempotency-Key захищає від дублікатів',
      body: ScheduleBody,
      response: { 201: CallbackDetail },
    },
  }, async (request, reply) => {
    const at = now();
    const callbackId = randomUUID();
    const result = await withIdempotency(db, request, async (trx) => {
      await scheduleCallback(trx, whoOf(request), actorOf(request), callbackId, request.body, at);
      return { callbackId };
    });
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(201).send(await readDetail(db, result.body.callbackId, now()));
  });

  app.get('/callbacks', {
    config: { access: staff },
    schema: {
      operationId: 'listCallbacks',
      tags: ['callbacks'],
      summary: 'Зворотні дзвінки, найнагальніші спершу (оператор бачить спільну чергу та свої)',
      querystring: ListQuery,
      response: { 200: z.object({ items: z.array(CallbackView), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => {
    const q = request.query;
    const who = whoOf(request);
    const cursor = decodeCursor(q.cursor, 'uuid');
    const at = now();
    let statuses: readonly CallbackStatus[] = q.status ? [q.status] : OPEN_STATUSES;
    let dueFrom: Date | undefined;
    let dueBefore: Date | undefined;
    if (q.due === 'overdue') {
      // Only a callback still waiting can be late.
      statuses = statuses.filter((status) => OPEN_STATUSES.includes(status));
      dueBefore = at;
    } else if (q.due === 'today') {
      ({ start: dueFrom, end: dueBefore } = kyivDayBounds(at));
    }
    if (statuses.length === 0) return { items: [], nextCursor: null };
    const rows = await listCallbacks(db, {
      statuses,
      dueFrom,
      dueBefore,
      visibleTo: who.role === 'operator' ? who.userId : undefined,
      mineOf: q.mine === 'true' ? who.userId : undefined,
      cursor,
      limit: q.limit,
    });
    const result = page(rows, q.limit, (row) => ({ at: row.due_at, id: row.id }));
    return { items: result.items.map((row) => callbackView(row, row.attempt_count, at, row)), nextCursor: result.nextCursor };
  });

  app.get('/callbacks/:id', {
    config: { access: staff },
    schema: { operationId: 'getCallback', tags: ['callbacks'], summary: 'Зворотний дзвінок з усіма спробами', params: IdParams, response: { 200: CallbackDetail } },
  }, async (request) => {
    const callback = await findCallback(db, request.params.id);
    if (!callback || !maySee(whoOf(request), callback)) throw callbackNotFound();
    return readDetail(db, callback.id, now());
  });

  app.post('/callbacks/:id/claim', {
    config: { access: ['operator'] },
    schema: {
      operationId: 'claimCallback', problems: [409],
      tags: ['callbacks'],
      summary: 'Взяти зворотний дзвінок у роботу: лише один оператор водночас, решта отримують 409',
      params: IdParams,
      body: NoBody,
      response: { 200: CallbackDetail },
    },
  }, async (request) => {
    await claim(db, whoOf(request), actorOf(request), request.params.id, now());
    return readDetail(db, request.params.id, now());
  });

  app.post('/callbacks/:id/release', {
    config: { access: ['operator', 'supervisor'] },
    schema: {
      operationId: 'releaseCallback', problems: [409],
      tags: ['callbacks'],
      summary: 'Повернути зворотний дзвінок у чергу (той, хто його виконує, або керівник зміни), за потреби на інший час',
      params: IdParams,
      body: z.strictObject({ dueAt: instant('Новий час зворотного дзвінка').optional() }).nullish(),
      response: { 200: CallbackDetail },
    },
  }, async (request) => {
    await release(db, whoOf(request), actorOf(request), request.params.id, request.body?.dueAt, now());
    return readDetail(db, request.params.id, now());
  });

  app.post('/callbacks/:id/attempts', {
    config: { access: ['operator'] },
    schema: {
      operationId: 'recordCallbackAttempt', problems: [409, 422],
      tags: ['callbacks'],
      summary: 'Зафіксувати спробу зателефонувати (лише той, хто виконує); якщо розмова відбулася, можна одразу закрити; Idempotency-Key захищає від повторного запису спроби',
      params: IdParams,
      body: AttemptBody,
      response: { 201: CallbackDetail },
    },
  }, async (request, reply) => {
    const at = now();
    const result = await withIdempotency(db, request, async (trx) => ({
      attemptId: await recordAttemptIn(trx, whoOf(request), actorOf(request), request.params.id, request.body, at),
    }));
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(201).send(await readDetail(db, request.params.id, now()));
  });

  app.post('/callbacks/:id/dial', {
    config: { access: ['operator'] },
    schema: {
      operationId: 'dialCallback', problems: [409, 422, 503],
      tags: ['callbacks'],
      summary: 'Набрати заявника через АТС і з’єднати з моїм внутрішнім номером (лише той, хто виконує); результат стає спробою',
      description: 'Відповідає, коли АТС повідомила результат (до DOVIRA_DIALLER_RING_SECONDS і часу на переключення). '
        + 'answered — заявник відповів і його переключено на внутрішній номер оператора; busy, no_answer, failed — спроба без розмови. '
        + '503, якщо набір не налаштовано, АТС недоступна або всі лінії зайняті (спробу тоді не записано).',
      params: IdParams,
      body: NoBody,
      response: { 201: CallbackDetail.extend({ dial: DialView }) },
    },
  }, async (request, reply) => {
    const dialled = await dialCallback(db, callbackDialler ?? null, whoOf(request), actorOf(request), request.params.id, now);
    const detail = await readDetail(db, request.params.id, now());
    return reply.status(201).send({ ...detail, dial: { ...dialled.result, attemptId: dialled.attemptId, attemptOutcome: dialled.outcome } });
  });

  app.post('/callbacks/:id/close', {
    config: { access: ['operator', 'supervisor'] },
    schema: {
      operationId: 'closeCallback', problems: [409, 422],
      tags: ['callbacks'],
      summary: 'Закрити зворотний дзвінок з результатом (той, хто виконує, або керівник зміни)',
      params: IdParams,
      body: z.strictObject({ outcome: CloseOutcomeSchema, resolution: freeText(2000, 'Підсумок').optional() }),
      response: { 200: CallbackDetail },
    },
  }, async (request) => {
    await close(db, whoOf(request), actorOf(request), request.params.id, request.body.outcome, request.body.resolution, now());
    return readDetail(db, request.params.id, now());
  });

  app.post('/callbacks/:id/cancel', {
    config: { access: ['operator', 'supervisor'] },
    schema: {
      operationId: 'cancelCallback', problems: [409],
      tags: ['callbacks'],
      summary: 'Скасувати зворотний дзвінок із зазначенням причини (той, хто запланував, або керівник зміни)',
      params: IdParams,
      body: z.strictObject({ reason: freeText(500, 'Причина скасування') }),
      response: { 200: CallbackDetail },
    },
  }, async (request) => {
    await cancel(db, whoOf(request), actorOf(request), request.params.id, request.body.reason, now());
    return readDetail(db, request.params.id, now());
  });
};
