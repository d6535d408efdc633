// The life of a callback (зворотний дзвінок, H3) and the Ukrainian words the operator sees for it.
// The codes are the schema's (the columns' CHECK lists); they are offered here beside their labels.
// Imported from the area's file, not schema.ts: the web compiles this module too.
import type { AttemptOutcome, CallbackStatus, CloseOutcome } from '../db/tables/callbacks.ts';

export { ATTEMPT_OUTCOMES, CALLBACK_STATUSES, CLOSE_OUTCOMES } from '../db/tables/callbacks.ts';
export type { AttemptOutcome, CallbackStatus, CloseOutcome } from '../db/tables/callbacks.ts';

export const CALLBACK_STATUS_LABELS = {
  scheduled: 'заплановано',
  in_progress: 'виконується',
  done: 'виконано',
  cancelled: 'скасовано',
} satisfies Record<CallbackStatus, string>;

/** Statuses in which a callback still waits for someone to call. */
export const OPEN_STATUSES: readonly CallbackStatus[] = ['scheduled', 'in_progress'];

export const ATTEMPT_OUTCOME_LABELS = {
  reached: 'розмова із заявником відбулася',
  no_answer: 'не відповідає',
  busy: 'зайнято',
  unavailable: 'абонент поза зоною досяжності',
  voicemail: 'автовідповідач',
  wrong_number: 'помилковий номер',
  poor_connection: 'поганий зв’язок, заявника не чути',
  answered: 'заявник відповів, його з’єднано з оператором',
  failed: 'дзвінок не вдався (збій зв’язку або АТС)',
} satisfies Record<AttemptOutcome, string>;

/** Outcomes in which the operator and the caller spoke: the callback may then close as informed. */
export const CONVERSATION_OUTCOMES: readonly AttemptOutcome[] = ['reached', 'answered'];

export const CLOSE_OUTCOME_LABELS = {
  informed: 'заявнику надано інформацію',
  unreachable: 'не вдалося зв’язатися із заявником',
} satisfies Record<CloseOutcome, string>;
