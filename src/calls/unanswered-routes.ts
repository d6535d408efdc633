// Callers nobody answered (H3): the list those who call back work from, and the figures of a period
// for the supervisor's console.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { decodeCursor, page, pageQuery } from '../http/pagination.ts';
import { HttpProblem } from '../http/problem.ts';
import { kyivDayBounds } from '../standard/index.ts';
import { END_REASONS } from './events.ts';
import { listUnanswered, UNANSWERED_END_REASONS, unansweredFigures, type UnansweredRow } from './unanswered.ts';
import { UnansweredCall, UnansweredFigures } from './unanswered-view.ts';

// Years PostgreSQL's timestamptz takes as written: year 0 would be refused there, not here.
const instant = (label: string) => z.iso.datetime({ offset: true, error: `${label}: дата й час ISO 8601 з часовим поясом, напр. 2026-12-07T09:00:00+02:00` })
  .transform((text) => new Date(text))
  .refine((date) => date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999, `${label}: рік від 0001 до 9999`);

const Period = {
  from: instant('Від').optional().describe('Дзвінки, що надійшли не раніше цього часу'),
  to: instant('До').optional().describe('Дзвінки, що надійшли раніше цього часу'),
};

const ListQuery = z.strictObject({
  ...pageQuery,
  ...Period,
  endReason: z.enum(UNANSWERED_END_REASONS, { error: 'Причина: abandoned (заявник поклав слухавку) або missed (ніхто не прийняв)' }).optional(),
  open: z.enum(['true', 'false'], { error: 'open: true або false' }).optional()
    .describe('true — лише ті, що ще потребують уваги: заявник не телефонував знову, а зворотний дзвінок не виконано й не скасовано'),
});

function unansweredView(row: UnansweredRow) {
  const endReason = row.end_reason as (typeof UNANSWERED_END_REASONS)[number];
  return {
    callId: row.id,
    callerPhone: row.caller_phone,
    callerWithheld: row.caller_withheld,
    offeredTo: row.offered_to,
    operator: row.operator_id === null ? null : { id: row.operator_id, operatorNumber: row.operator_number, fullName: row.operator_full_name ?? '' },
    openedAt: row.opened_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
    waitedSeconds: row.waited_seconds,
    endReason,
    endReasonLabel: END_REASONS[endReason],
    callback: row.callback_id === null || row.callback_status === null || row.callback_due_at === null || row.callback_origin === null ? null : {
      id: row.callback_id, status: row.callback_status,
      dueAt: row.callback_due_at.toISOString(), origin: row.callback_origin,
    },
    calledAgain: row.called_again_call_id === null || row.called_again_at === null ? null : { callId: row.called_again_call_id, at: row.called_again_at.toISOString() },
  };
}

const periodProblem = () => new HttpProblem(422, 'bad-period', 'Кінець періоду має бути пізніше за його початок', {
  errors: [{ field: 'to', message: 'До: пізніше, ніж «Від»' }],
});

export const unansweredRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, now }) => {
  // The path predates the calls domain owning it; it stays so that nothing calling it breaks.
  app.get('/telephony/missed-calls', {
    config: { access: ['operator', 'supervisor'] },
    schema: {
      operationId: 'listMissedCalls', problems: [422],
      tags: ['calls'],
      summary: 'Неприйняті дзвінки (H3): заявник поклав слухавку або ніхто не відповів; найновіші спершу, з їхнім зворотним дзвінком',
      description: 'Запланувати зворотний дзвінок, де його немає: POST /api/v1/callbacks з callId.',
      querystring: ListQuery,
      response: { 200: z.object({ items: z.array(UnansweredCall), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => {
    const q = request.query;
    if (q.from && q.to && q.to <= q.from) throw periodProblem();
    const cursor = decodeCursor(q.cursor, 'uuid');
    const rows = await listUnanswered(db, { from: q.from, to: q.to, endReason: q.endReason, open: q.open === 'true', cursor, limit: q.limit });
    const result = page(rows, q.limit, (row) => ({ at: row.opened_at, id: row.id }));
    return { items: result.items.map(unansweredView), nextCursor: result.nextCursor };
  });

  app.get('/calls/unanswered/figures', {
    config: { access: ['supervisor', 'admin'] },
    schema: {
      operationId: 'getUnansweredCallFigures', problems: [422],
      tags: ['calls'],
      summary: 'Скільки дзвінків надійшло, прийнято, пропущено, як довго чекали неприйняті і скільком перетелефонували протягом години (H3)',
      description: 'Без from і to — поточний київський календарний день.',
      querystring: z.strictObject(Period),
      response: { 200: UnansweredFigures },
    },
  }, async (request) => {
    const today = kyivDayBounds(now());
    const from = request.query.from ?? today.start;
    const to = request.query.to ?? (request.query.from ? kyivDayBounds(request.query.from).end : today.end);
    if (to <= from) throw periodProblem();
    return { from: from.toISOString(), to: to.toISOString(), ...await unansweredFigures(db, from, to) };
  });
};
