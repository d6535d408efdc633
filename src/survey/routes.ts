// Reading citizens' ratings (Q1): supervisors and admins see every operator's, an operator only
// their own.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../http/context.ts';
import { decodeCursor, page, pageQuery } from '../http/pagination.ts';
import { HttpProblem } from '../http/problem.ts';
import { listRatings, summariseRatings } from './repository.ts';
import { SURVEY_OUTCOMES, type SurveyOutcome } from '../db/schema.ts';
import { RatingView, SummaryView } from './view.ts';

export const SURVEY_OUTCOME_LABELS: Record<SurveyOutcome, string> = {
  rated: 'оцінено',
  no_answer: 'без відповіді: заявник не оцінив',
};

const instant = (label: string) => z.iso.datetime({ offset: true, error: `${label}: дата й час ISO 8601 з часовим поясом` }).transform((text) => new Date(text));

const Period = {
  from: instant('Від').optional().describe('Записані не раніше цього часу'),
  to: instant('До').optional().describe('Записані раніше цього часу'),
};

const ListQuery = z.strictObject({
  ...pageQuery,
  ...Period,
  operatorId: z.uuid('Оператор: некоректний ідентифікатор').optional().describe('Лише цього оператора (оператор бачить лише власні)'),
  callId: z.uuid('Дзвінок: некоректний ідентифікатор').optional(),
  outcome: z.enum(SURVEY_OUTCOMES, { error: 'Результат: rated або no_answer' }).optional(),
});

const ownOnly = () => new HttpProblem(403, 'own-ratings-only', 'Оператор бачить лише оцінки власних дзвінків', { errors: [{ field: 'operatorId', message: 'Лише власні оцінки' }] });

/** The operator whose ratings the request may read: an operator is held to their own. */
function operatorScope(request: FastifyRequest, asked: string | undefined): string | undefined {
  const principal = request.principal!;
  if (principal.role !== 'operator') return asked;
  if (asked !== undefined && asked !== principal.userId) throw ownOnly();
  return principal.userId;
}

export const surveyRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db }) => {
  app.get('/survey/ratings', {
    config: { access: ['operator', 'supervisor', 'admin'] },
    schema: {
      operationId: 'listSurveyRatings',
      tags: ['survey'],
      summary: 'Оцінки заявників (Q1), найновіші спершу; оператор бачить лише власні',
      querystring: ListQuery,
      response: { 200: z.object({ items: z.array(RatingView), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => {
    const q = request.query;
    const operatorId = operatorScope(request, q.operatorId);
    const cursor = decodeCursor(q.cursor, 'uuid');
    const rows = await listRatings(db, { operatorId, callId: q.callId, outcome: q.outcome, from: q.from, to: q.to, cursor, limit: q.limit });
    const result = page(rows, q.limit, (row) => ({ at: row.recorded_at, id: row.id }));
    return {
      items: result.items.map((row) => ({
        id: row.id,
        callId: row.call_id,
        operatorId: row.operator_id,
        operatorNumber: row.operator_number,
        operatorName: row.operator_full_name,
        channel: row.channel,
        score: row.score,
        outcome: row.outcome,
        outcomeLabel: SURVEY_OUTCOME_LABELS[row.outcome],
        comment: row.comment,
        promptsPlayed: row.prompts_played,
        startedAt: row.started_at?.toISOString() ?? null,
        recordedAt: row.recorded_at.toISOString(),
      })),
      nextCursor: result.nextCursor,
    };
  });

  app.get('/survey/summary', {
    config: { access: ['operator', 'supervisor', 'admin'] },
    schema: {
      operationId: 'getSurveySummary',
      tags: ['survey'],
      summary: 'Підсумок оцінок за операторами (Q1): скільки оцінено, середня, розподіл, без відповіді',
      querystring: z.strictObject({ ...Period, operatorId: z.uuid('Оператор: некоректний ідентифікатор').optional() }),
      response: { 200: z.object({ operators: z.array(SummaryView) }) },
    },
  }, async (request) => {
    const q = request.query;
    const rows = await summariseRatings(db, { operatorId: operatorScope(request, q.operatorId), from: q.from, to: q.to });
    return {
      operators: rows.map((row) => ({
        operatorId: row.operator_id,
        operatorNumber: row.operator_number,
        operatorName: row.operator_full_name,
        rated: row.rated,
        noAnswer: row.no_answer,
        average: row.average,
        byScore: { 1: row.by_score[0], 2: row.by_score[1], 3: row.by_score[2], 4: row.by_score[3], 5: row.by_score[4] },
      })),
    };
  });
};
