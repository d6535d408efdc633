// Who may do what with a callback, and when it is due: pure functions, no I/O, no clock of their own.
import type { Role } from '../db/schema.ts';
// The Kyiv day is one of the Standard's clock functions (the calls domain counts by it too).
export { kyivDayBounds } from '../standard/index.ts';
import type { AttemptOutcome, CallbackStatus, CloseOutcome } from './labels.ts';
import { CLOSE_OUTCOME_LABELS } from './labels.ts';

export interface Who {
  userId: string;
  role: Role;
}

/** The columns the rules look at. */
export interface CallbackFacts {
  status: CallbackStatus;
  assigned_operator_id: string | null;
  claimed_by: string | null;
  created_by: string;
}

export interface Refusal {
  status: 403 | 409 | 422;
  code: string;
  message: string;
  field?: string;
}

/** A scheduled time may lag the clock by this much (the form was filled in a minute ago). */
export const DUE_AT_TOLERANCE_MS = 60_000;

const isClosed = (status: CallbackStatus) => status === 'done' || status === 'cancelled';

/** An operator sees the shared queue and what is theirs; supervisors and admins see everything. */
export function maySee(who: Who, callback: CallbackFacts): boolean {
  if (who.role === 'supervisor' || who.role === 'admin') return true;
  if (who.role !== 'operator') return false;
  return callback.assigned_operator_id === null
    || callback.assigned_operator_id === who.userId
    || callback.claimed_by === who.userId
    || callback.created_by === who.userId;
}

export function dueAtRefusal(dueAt: Date, now: Date): Refusal | null {
  if (dueAt.getTime() >= now.getTime() - DUE_AT_TOLERANCE_MS) return null;
  return { status: 422, code: 'due-in-past', message: 'Час зворотного дзвінка вже минув: вкажіть теперішній або майбутній час', field: 'dueAt' };
}

function closedRefusal(status: CallbackStatus): Refusal {
  return status === 'done'
    ? { status: 409, code: 'callback-closed', message: 'Цей зворотний дзвінок уже виконано' }
    : { status: 409, code: 'callback-closed', message: 'Цей зворотний дзвінок скасовано' };
}

/** The words for "someone else is on it", with their number when it is known (G3). */
export function alreadyClaimedRefusal(claimerNumber: number | null): Refusal {
  const who = claimerNumber === null ? 'інший оператор' : `інший оператор (Оператор № ${claimerNumber})`;
  return { status: 409, code: 'already-claimed', message: `Цей зворотний дзвінок уже виконує ${who}` };
}

/**
 * Why a claim did not take: the claim itself is one conditional UPDATE, and this explains the row
 * it found unchanged. Null means the operator already holds it (a retried claim).
 */
export function claimRefusal(who: Who, callback: CallbackFacts, claimerNumber: number | null): Refusal | null {
  if (isClosed(callback.status)) return closedRefusal(callback.status);
  if (callback.status === 'in_progress') return callback.claimed_by === who.userId ? null : alreadyClaimedRefusal(claimerNumber);
  if (callback.assigned_operator_id !== null && callback.assigned_operator_id !== who.userId) {
    return { status: 403, code: 'assigned-to-another', message: 'Цей зворотний дзвінок доручено іншому операторові' };
  }
  return { status: 409, code: 'claim-failed', message: 'Не вдалося взяти зворотний дзвінок у роботу: його стан щойно змінився, оновіть сторінку' };
}

/** Only the operator who claimed it acts on a callback in progress; a supervisor may step in. */
function claimerRefusal(who: Who, callback: CallbackFacts, claimerNumber: number | null, supervisorMay: boolean): Refusal | null {
  if (isClosed(callback.status)) return closedRefusal(callback.status);
  if (supervisorMay && who.role === 'supervisor') return null;
  if (callback.status === 'scheduled') {
    return { status: 409, code: 'not-claimed', message: 'Спершу візьміть зворотний дзвінок у роботу' };
  }
  if (callback.claimed_by !== who.userId) {
    const by = claimerNumber === null ? 'інший оператор' : `Оператор № ${claimerNumber}`;
    return { status: 403, code: 'not-claimer', message: `Цей зворотний дзвінок виконує ${by}: діяти може лише він або керівник зміни` };
  }
  return null;
}

export function releaseRefusal(who: Who, callback: CallbackFacts, claimerNumber: number | null): Refusal | null {
  if (callback.status === 'scheduled') {
    return { status: 409, code: 'not-claimed', message: 'Цей зворотний дзвінок ніхто не виконує: він уже в черзі' };
  }
  return claimerRefusal(who, callback, claimerNumber, true);
}

/** Attempts are made by the operator holding the callback, never on someone else's behalf. */
export function attemptRefusal(who: Who, callback: CallbackFacts, claimerNumber: number | null, outcome: AttemptOutcome, close: boolean): Refusal | null {
  const refusal = claimerRefusal(who, callback, claimerNumber, false);
  if (refusal) return refusal;
  if (close && outcome !== 'reached') {
    return { status: 422, code: 'close-needs-reached', message: 'Закрити зворотний дзвінок разом зі спробою можна лише тоді, коли розмова із заявником відбулася', field: 'close' };
  }
  return null;
}

export interface AttemptsSoFar {
  count: number;
  reached: number;
}

export function closeRefusal(who: Who, callback: CallbackFacts, claimerNumber: number | null, outcome: CloseOutcome, attempts: AttemptsSoFar): Refusal | null {
  const refusal = claimerRefusal(who, callback, claimerNumber, true);
  if (refusal) return refusal;
  if (outcome === 'informed' && attempts.reached === 0) {
    return { status: 422, code: 'not-reached', message: `Результат «${CLOSE_OUTCOME_LABELS.informed}» можливий лише після спроби, під час якої розмова із заявником відбулася`, field: 'outcome' };
  }
  if (outcome === 'unreachable' && attempts.count === 0) {
    return { status: 422, code: 'no-attempts', message: `Результат «${CLOSE_OUTCOME_LABELS.unreachable}» можливий лише після хоча б однієї зафіксованої спроби`, field: 'outcome' };
  }
  return null;
}

/** The operator who scheduled it may cancel it while nobody else is on it; a supervisor always may. */
export function cancelRefusal(who: Who, callback: CallbackFacts, claimerNumber: number | null): Refusal | null {
  if (isClosed(callback.status)) return closedRefusal(callback.status);
  if (who.role === 'supervisor') return null;
  if (callback.created_by !== who.userId) {
    return { status: 403, code: 'not-creator', message: 'Скасувати зворотний дзвінок може лише той, хто його запланував, або керівник зміни' };
  }
  if (callback.status === 'in_progress' && callback.claimed_by !== who.userId) return alreadyClaimedRefusal(claimerNumber);
  return null;
}

/**
 * When the attempt began: the operator's own clock may run a little off ours, so a minute either
 * way is tolerated, but not an attempt before the callback was claimed or one still to come.
 */
export function attemptStartRefusal(startedAt: Date, claimedAt: Date | null, now: Date): Refusal | null {
  if (startedAt.getTime() > now.getTime() + DUE_AT_TOLERANCE_MS) {
    return { status: 422, code: 'attempt-in-future', message: 'Початок спроби не може бути в майбутньому', field: 'startedAt' };
  }
  if (claimedAt && startedAt.getTime() < claimedAt.getTime() - DUE_AT_TOLERANCE_MS) {
    return { status: 422, code: 'attempt-before-claim', message: 'Спроба не могла початися раніше, ніж зворотний дзвінок узято в роботу', field: 'startedAt' };
  }
  return null;
}
