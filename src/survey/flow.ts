// The keypad survey (Q1) as a pure state machine: what the caller did in, what to play and what to
// record out. No I/O and no clock, so every path is easy to read and to test.
//
// The prompt plays; one key 1-5 is the rating. An invalid key, or silence until the prompt and its
// pause run out, plays the prompt once more; a second miss ends the survey as "no answer". Either
// way the caller is thanked and the line is closed. A caller who hangs up before rating is "no answer".

/** Keys that are a rating. */
export const SCORE_KEYS = ['1', '2', '3', '4', '5'] as const;

/** The prompt is played at most this many times. */
export const MAX_PROMPTS = 2;

export type SurveyPhase = 'prompt' | 'thanks' | 'over';

export interface SurveyState {
  phase: SurveyPhase;
  promptsPlayed: number;
  /** The rating once given; null before, and for "no answer". */
  score: number | null;
  /** Whether the outcome is already recorded (once per survey). */
  recorded: boolean;
  /** Keys that were not a rating, in order (for the record: digits only, nothing personal). */
  invalidKeys: string[];
}

export type SurveyInput =
  | { kind: 'answered' }
  | { kind: 'key'; key: string }
  | { kind: 'timeout' }
  | { kind: 'thanks_played' }
  | { kind: 'hangup' };

export type SurveyAction =
  | { kind: 'play'; prompt: 'prompt' | 'thanks' }
  | { kind: 'record'; score: number | null }
  | { kind: 'hangup' };

export interface SurveyStep {
  state: SurveyState;
  actions: SurveyAction[];
}

export function startSurvey(): SurveyState {
  return { phase: 'prompt', promptsPlayed: 0, score: null, recorded: false, invalidKeys: [] };
}

const isScoreKey = (key: string): key is (typeof SCORE_KEYS)[number] => (SCORE_KEYS as readonly string[]).includes(key);

export function surveyStep(state: SurveyState, input: SurveyInput): SurveyStep {
  if (state.phase === 'over') return { state, actions: [] };
  switch (input.kind) {
    case 'answered':
      if (state.promptsPlayed > 0) return { state, actions: [] };
      return { state: { ...state, promptsPlayed: 1 }, actions: [{ kind: 'play', prompt: 'prompt' }] };
    case 'key': {
      if (state.phase !== 'prompt' || state.promptsPlayed === 0) return { state, actions: [] };
      if (isScoreKey(input.key)) {
        const score = Number(input.key);
        return {
          state: { ...state, phase: 'thanks', score, recorded: true },
          actions: [{ kind: 'record', score }, { kind: 'play', prompt: 'thanks' }],
        };
      }
      return miss({ ...state, invalidKeys: [...state.invalidKeys, input.key.slice(0, 1)] });
    }
    case 'timeout':
      if (state.phase !== 'prompt' || state.promptsPlayed === 0) return { state, actions: [] };
      return miss(state);
    case 'thanks_played':
      if (state.phase !== 'thanks') return { state, actions: [] };
      return { state: { ...state, phase: 'over' }, actions: [{ kind: 'hangup' }] };
    case 'hangup':
      return {
        state: { ...state, phase: 'over', recorded: true },
        actions: state.recorded ? [] : [{ kind: 'record', score: null }],
      };
  }
}

/** An invalid key or silence: once more, or the end as "no answer". */
function miss(state: SurveyState): SurveyStep {
  if (state.promptsPlayed < MAX_PROMPTS) {
    return { state: { ...state, promptsPlayed: state.promptsPlayed + 1 }, actions: [{ kind: 'play', prompt: 'prompt' }] };
  }
  return {
    state: { ...state, phase: 'thanks', recorded: true },
    actions: [{ kind: 'record', score: null }, { kind: 'play', prompt: 'thanks' }],
  };
}
