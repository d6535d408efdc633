// What the ratings API answers (src/survey/view.ts), as the supervisor's and the operator's screens
// read it (Q1).
import type { RatingView, SummaryView } from '../../../src/survey/view.ts';

export type { RatingView };

export type Score = 1 | 2 | 3 | 4 | 5;
export const SCORES: readonly Score[] = [5, 4, 3, 2, 1];

/**
 * GET /survey/summary: one operator's ratings in the period asked for; `rated` counts calls rated
 * 1-5, `noAnswer` surveys offered that the caller left without a key.
 */
export type RatingSummary = SummaryView;

/** Several operators' summaries as one: counts add up, the average is recomputed from them. */
export function combine(rows: readonly RatingSummary[]): Omit<RatingSummary, 'operatorId' | 'operatorNumber' | 'operatorName'> {
  const byScore: Record<Score, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let rated = 0;
  let noAnswer = 0;
  for (const row of rows) {
    rated += row.rated;
    noAnswer += row.noAnswer;
    for (const score of SCORES) byScore[score] += row.byScore[score];
  }
  const total = SCORES.reduce((sum, score) => sum + score * byScore[score], 0);
  return { rated, noAnswer, byScore, average: rated === 0 ? null : Math.round((total / rated) * 100) / 100 };
}

/** A whole percentage of `part` in `whole`; 0 of nothing is 0. */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 100);
}
