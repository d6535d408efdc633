import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AppContext } from '../http/context.ts';
import type { Database } from '../db/schema.ts';
import { actorOf } from '../http/actor.ts';
import { phone } from '../http/fields.ts';
import { withIdempotency } from '../http/idempotency.ts';
import { decodeCursor, page, pageQuery } from '../http/pagination.ts';
import { HttpProblem, notFound } from '../http/problem.ts';
import {
  BAD_AUDIO_PHRASE,
  BAD_AUDIO_TRY_SECONDS,
  abuseLines,
  apologyLines,
  badAudioScript,
  closingScript,
  holdScript,
  openingScript,
  outsidePowersLine,
} from '../standard/index.ts';
import { END_REASON_KEYS, PostedCallEvent } from './events.ts';
import { loadGreetingBoundaries } from './greeting-settings.ts';
import { appendCallEvent, callContext, callTimeline, findCall, listCalls, openCall, type CallWithOperator } from './repository.ts';
import { publishCallChanged } from './live.ts';
import { PbxHangupView, hangUpOnExchange } from './exchange-hangup.ts';
import { CallStatusSchema, CallSummary, CallView, callSummary, callView } from './view.ts';

const IdParams = z.strictObject({ id: z.uuid('Некоректний ідентифікатор дзвінка') });
const staff = ['operator', 'supervisor', 'admin'] as const;

const ScriptLine = z.object({
  step: z.string(),
  requirement: z.string(),
  text: z.string(),
  source: z.enum(['standard', 'dovira']),
  publishedPhrase: z.string().optional(),
});

const ScriptView = z.object({
  callId: z.uuid(),
  at: z.string(),
  greeting: z.object({ period: z.enum(['morning', 'day', 'evening']), phrase: z.string() }).describe('G2: за київським часом'),
  formOfAddress: z.string().nullable().describe('G4: зафіксоване звертання, використане в репліках'),
  opening: z.array(ScriptLine).describe('G2-G5'),
  closing: z.array(ScriptLine).describe('C3, C4'),
  badAudio: z.object({ trySeconds: z.number(), phrase: z.string(), lines: z.array(ScriptLine) }).describe('T1, T2'),
  hold: z.object({ limitSeconds: z.number(), lines: z.array(ScriptLine) }).describe('H1-H5'),
  outsidePowers: ScriptLine.describe('C1'),
  apology: z.array(ScriptLine).describe('D2'),
  abuse: z.array(ScriptLine).describe('D3'),
});

/** The call if this user may see it. Another operator's call is "not found", not to reveal it exists. */
async function visibleCall(db: Kysely<Database>, request: FastifyRequest, callId: string): Promise<CallWithOperator> {
  const call = await findCall(db, callId);
  const principal = request.principal!;
  if (!call || (principal.role === 'operator' && call.operator_id !== principal.userId)) throw notFound('Дзвінок');
  return call;
}

async function loadView(db: Kysely<Database>, callId: string, now: Date): Promise<CallView> {
  const call = await findCall(db, callId);
  if (!call) throw notFound('Дзвінок');
  return callView(call, await callTimeline(db, callId), now, await callContext(db, call));
}

export const callRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, config, live, now, callControl }) => {
  // A retry is answered with the call as it stands: the same call and no second step, and a view
  // saved by an earlier version of Dovira is never sent in a shape the API no longer has.
  const replayedView = (callId: string) => loadView(db, callId, now());

  app.post('/calls', {
    config: { access: ['operator'] },
    schema: {
      operationId: 'openCall', problems: [422],
      tags: ['calls'],
      summary: 'Відкрити дзвінок вручну (без АТС): він одразу прийнятий оператором',
      body: z.strictObject({ callerPhone: phone('Телефон заявника').optional() }),
      response: { 201: CallView },
    },
  }, async (request, reply) => {
    const at = now();
    const result = await withIdempotency(db, request, async (trx) => {
      const call = await openCall(trx, actorOf(request), {
        operatorId: request.principal!.userId,
        source: 'manual',
        callerPhone: request.body.callerPhone ?? null,
        answered: true,
      }, 'operator', at);
      return loadView(trx, call.id, at);
    });
    if (!result.replayed) {
      await publishCallChanged(db, live, result.body.id);
      return reply.status(201).send(result.body);
    }
    reply.header('idempotent-replayed', 'true');
    return reply.status(201).send(await replayedView(result.body.id));
  });

  app.get('/calls', {
    config: { access: staff },
    schema: {
      operationId: 'listCalls',
      tags: ['calls'],
      summary: 'Дзвінки, найновіші спершу (оператор бачить лише власні; дзвінки без оператора — лише керівники)',
      querystring: z.strictObject({
        ...pageQuery,
        status: CallStatusSchema.optional(),
        operatorId: z.uuid().optional(),
        endReason: z.enum(END_REASON_KEYS, { error: `Причина завершення: одна з ${END_REASON_KEYS.join(', ')}` }).optional(),
        answered: z.enum(['true', 'false'], { error: 'Прийнятий: true або false' }).transform((value) => value === 'true').optional()
          .describe('false — дзвінки, яких не прийняв жоден оператор (пропущені, покинуті, ще в черзі)'),
      }),
      response: { 200: z.object({ items: z.array(CallSummary), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => {
    const q = request.query;
    const principal = request.principal!;
    const cursor = decodeCursor(q.cursor, 'uuid');
    if (principal.role === 'operator' && q.operatorId !== undefined && q.operatorId !== principal.userId) {
      return { items: [], nextCursor: null };
    }
    const operatorId = principal.role === 'operator' ? principal.userId : q.operatorId;
    const rows = await listCalls(db, { limit: q.limit, cursor, status: q.status, operatorId, endReason: q.endReason, answered: q.answered });
    const result = page(rows, q.limit, (call) => ({ at: call.opened_at, id: call.id }));
    return { items: result.items.map(callSummary), nextCursor: result.nextCursor };
  });

  app.get('/calls/:id', {
    config: { access: staff },
    schema: { operationId: 'getCall', tags: ['calls'], summary: 'Дзвінок: хронологія подій і живі годинники (очікування, зв’язок)', params: IdParams, response: { 200: CallView } },
  }, async (request) => {
    const call = await visibleCall(db, request, request.params.id);
    return callView(call, await callTimeline(db, call.id), now(), await callContext(db, call));
  });

  app.get('/calls/:id/script', {
    config: { access: staff },
    schema: { operationId: 'getCallScript', problems: [422], tags: ['calls'], summary: 'Сценарій розмови на цю мить: привітання за київським часом, представлення, звертання, завершення', params: IdParams, response: { 200: ScriptView } },
  }, async (request) => {
    const call = await visibleCall(db, request, request.params.id);
    if (call.operator_full_name === null) {
      throw new HttpProblem(422, 'call-not-taken', 'Дзвінок ще не прийняв жоден оператор: представлення (G3) немає від чийого імені скласти');
    }
    if (call.operator_number === null) {
      throw new HttpProblem(422, 'operator-number-missing', 'Оператор дзвінка не має номера, тому представлення (G3) скласти неможливо');
    }
    const at = now();
    const formOfAddress = call.form_of_address ?? undefined;
    const opening = openingScript({
      instant: at,
      operatorNumber: call.operator_number,
      operatorFullName: call.operator_full_name,
      boundaries: await loadGreetingBoundaries(db),
      ...(formOfAddress ? { formOfAddress } : {}),
    });
    const hold = holdScript(formOfAddress);
    return {
      callId: call.id,
      at: at.toISOString(),
      greeting: { period: opening.period, phrase: opening.lines[0]!.text },
      formOfAddress: call.form_of_address,
      opening: [...opening.lines],
      closing: [...closingScript(formOfAddress ? { formOfAddress } : {})],
      badAudio: { trySeconds: BAD_AUDIO_TRY_SECONDS, phrase: BAD_AUDIO_PHRASE, lines: [...badAudioScript()] },
      hold: { limitSeconds: config.holdLimitSeconds, lines: [hold.request, hold.returnFromHold, hold.callbackOffer, hold.transfer] },
      outsidePowers: outsidePowersLine(formOfAddress),
      apology: [...apologyLines()],
      abuse: [...abuseLines()],
    };
  });

  app.post('/calls/:id/events', {
    config: { access: ['operator'] },
    schema: {
      operationId: 'recordCallEvent', problems: [422],
      tags: ['calls'],
      summary: 'Додати подію до хронології дзвінка (перевіряється за правилами Стандарту)',
      params: IdParams,
      body: PostedCallEvent,
      response: { 201: CallView.extend({ pbxHangup: PbxHangupView.optional() }) },
    },
  }, async (request, reply) => {
    await visibleCall(db, request, request.params.id);
    const at = now();
    const result = await withIdempotency(db, request, async (trx) => {
      await appendCallEvent(trx, actorOf(request), request.params.id, request.body, 'operator', at);
      return loadView(trx, request.params.id, at);
    });
    if (result.replayed) {
      reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(await replayedView(request.params.id));
    }
    await publishCallChanged(db, live, request.params.id);
    // T2, D3: a call from the exchange that the operator ended is ended on the exchange too.
    const pbxHangup = await hangUpOnExchange(db, callControl, actorOf(request), request.params.id, request.body);
    return reply.status(201).send(pbxHangup ? { ...result.body, pbxHangup } : result.body);
  });
};
