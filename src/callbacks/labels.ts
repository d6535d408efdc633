// The life of a callback (зворотний дзвінок, H3) and the Ukrainian words the operator sees for it.

export const CALLBACK_STATUSES = ['scheduled', 'in_progress', 'done', 'cancelled'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

export const CALLBACK_STATUS_LABELS: Record<CallbackStatus, string> = {
  scheduled: 'заплановано',
  in_progress: 'виконується',
  done: 'виконано',
  cancelled: 'скасовано',
};

/** Statuses in which a callback still waits for someone to call. */
export const OPEN_STATUSES: readonly CallbackStatus[] = ['scheduled', 'in_progress'];

/** How one try at calling back went. */
/** 'answered' and 'failed' are reported by the exchange when Dovira dials (POST /callbacks/{id}/dial). */
export const ATTEMPT_OUTCOMES = ['reached', 'no_answer', 'busy', 'unavailable', 'voicemail', 'wrong_number', 'poor_connection', 'answered', 'failed'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export const ATTEMPT_OUTCOME_LABELS: Record<AttemptOutcome, string> = {
  reached: 'розмова із заявником відбулася',
  no_answer: 'не відповідає',
  busy: 'зайнято',
  unavailable: 'абонент поза зоною досяжності',
  voicemail: 'автовідповідач',
  wrong_number: 'помилковий номер',
  poor_connection: 'поганий зв’язок, заявника не чути',
  answered: 'заявник відповів, його з’єднано з оператором',
  failed: 'дзвінок не вдався (збій зв’язку або АТС)',
};

/** Outcomes in which the operator and the caller spoke: the callback may then close as informed. */
export const CONVERSATION_OUTCOMES: readonly AttemptOutcome[] = ['reached', 'answered'];

/** How the whole callback ended. */
export const CLOSE_OUTCOMES = ['informed', 'unreachable'] as const;
export type CloseOutcome = (typeof CLOSE_OUTCOMES)[number];

export const CLOSE_OUTCOME_LABELS: Record<CloseOutcome, string> = {
  informed: 'заявнику надано інформацію',
  unreachable: 'не вдалося зв’язатися із заявником',
};
