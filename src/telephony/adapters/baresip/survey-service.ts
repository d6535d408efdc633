// Starts the phone survey (Q1) when it is configured: the prompts made ready, then one endpoint per
// survey baresip in DOVIRA_SURVEY_BARESIP.
import type { Config } from '../../../config.ts';
import type { Db } from '../../../db/database.ts';
import type { SurveyEndpoints } from '../../ports/survey.ts';
import { prepareSurveyAudio } from './survey-audio.ts';
import { SurveyEndpoint, type SurveyLog } from './survey-endpoint.ts';

export type SurveyConfig = Pick<Config, 'dataDir' | 'surveyBaresip' | 'surveyPromptWav' | 'surveyThanksWav' | 'surveyKeyTimeoutSeconds'>;

export interface SurveyService extends SurveyEndpoints {
  endpoints: SurveyEndpoint[];
}

export async function startSurveyService(options: { db: Db; config: SurveyConfig; now: () => Date; log?: SurveyLog }): Promise<SurveyService | null> {
  const { config } = options;
  if (config.surveyBaresip.length === 0) return null;
  const keyTimeoutMs = config.surveyKeyTimeoutSeconds * 1000;
  const audio = await prepareSurveyAudio({ dataDir: config.dataDir, promptWav: config.surveyPromptWav, thanksWav: config.surveyThanksWav, keyTimeoutMs });
  const endpoints = config.surveyBaresip.map((address) => new SurveyEndpoint({
    db: options.db,
    address,
    audio,
    keyTimeoutMs,
    now: options.now,
    ...(options.log ? { log: options.log } : {}),
  }));
  for (const endpoint of endpoints) endpoint.start();
  return {
    endpoints,
    stop: async () => { await Promise.all(endpoints.map((endpoint) => endpoint.stop())); },
  };
}
