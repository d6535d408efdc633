// What the API shows of citizens' ratings (Q1). No database here: the browser's screens take their
// types from this file.
import { z } from 'zod';
import { SURVEY_CHANNELS, SURVEY_OUTCOMES } from '../db/tables/survey.ts';

export const RatingView = z.object({
  id: z.uuid(),
  callId: z.uuid(),
  operatorId: z.uuid(),
  operatorNumber: z.number().int().nullable(),
  operatorName: z.string(),
  channel: z.enum(SURVEY_CHANNELS),
  score: z.number().int().min(1).max(5).nullable().describe('1 — дуже погано … 5 — відмінно; null, якщо заявник не оцінив'),
  outcome: z.enum(SURVEY_OUTCOMES),
  outcomeLabel: z.string(),
  comment: z.string().nullable(),
  promptsPlayed: z.number().int(),
  startedAt: z.string().nullable(),
  recordedAt: z.string(),
});
export type RatingView = z.infer<typeof RatingView>;

/** One operator's ratings in the period asked for. */
export const SummaryView = z.object({
  operatorId: z.uuid(),
  operatorNumber: z.number().int().nullable(),
  operatorName: z.string(),
  rated: z.number().int(),
  noAnswer: z.number().int(),
  average: z.number().nullable().describe('Середня оцінка, до сотих'),
  byScore: z.object({ 1: z.number().int(), 2: z.number().int(), 3: z.number().int(), 4: z.number().int(), 5: z.number().int() }),
});
export type SummaryView = z.infer<typeof SummaryView>;
