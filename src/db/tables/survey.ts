// The citizens' ratings (Q1).
import type { Generated } from 'kysely';
import type { Instant, WrittenOnce } from '../columns.ts';

export const SURVEY_CHANNELS = ['phone', 'web'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

export const SURVEY_OUTCOMES = ['rated', 'no_answer'] as const;
export type SurveyOutcome = (typeof SURVEY_OUTCOMES)[number];

/**
 * A citizen's rating of one call, and so of its operator (Q1): one per call and channel. A survey
 * the citizen did not complete is kept as 'no_answer', so the share of rated calls is honest.
 */
export interface SurveyRatingsTable {
  id: Generated<string>;
  call_id: string;
  /** The operator who took the call, fixed when the rating is recorded. */
  operator_id: string;
  channel: SurveyChannel;
  /** 1 (very bad) to 5 (excellent); null for no answer. */
  score: number | null;
  outcome: SurveyOutcome;
  /** The citizen's own words (the web link's optional comment); null by phone. */
  comment: string | null;
  /** How many times the phone prompt was played (1 or 2). */
  prompts_played: number;
  /** Keys pressed that were not a rating, e.g. "7#". */
  invalid_keys: string;
  /** The SIP Call-ID of the survey leg at the survey endpoint. */
  sip_call_id: string | null;
  /** When the citizen was connected to the survey. */
  started_at: Instant | null;
  recorded_at: WrittenOnce;
}
