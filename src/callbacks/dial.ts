// Dialling a callback from Dovira (H3): the same rules as an attempt recorded by hand (only the
// operator holding the callback), then the exchange calls the citizen and connects them to the
// operator's extension, and what the exchange reports is recorded as the attempt.
import type { Kysely } from 'kysely';
import type { Actor } from '../audit/audit.ts';
import type { Database } from '../db/schema.ts';
import { HttpProblem } from '../http/problem.ts';
import { callbackNotFound, recordAttempt, refused } from './actions.ts';
import { DiallerBusy, DiallerUnavailable, type CallbackDialler, type DialResult } from './dialler-port.ts';
import type { AttemptOutcome } from './labels.ts';
import { findCallback } from './repository.ts';
import { attemptRefusal, maySee, type Who } from './rules.ts';

export interface DialledAttempt {
  attemptId: string;
  result: DialResult;
  outcome: AttemptOutcome;
}

/** What the attempt says: a citizen who answered but never reached the operator was not spoken to. */
export function attemptOf(result: DialResult, extension: string): { outcome: AttemptOutcome; note: string } {
  const why = result.detail ? ` (${result.detail})` : '';
  switch (result.outcome) {
    case 'answered':
      return result.bridged
        ? { outcome: 'answered', note: `Набрано з Dovira: заявник відповів, з’єднано з внутрішнім номером ${extension}` }
        : { outcome: 'failed', note: `Набрано з Dovira: заявник відповів, але з’єднати з внутрішнім номером ${extension} не вдалося${why}` };
    case 'busy':
      return { outcome: 'busy', note: `Набрано з Dovira: зайнято${why}` };
    case 'no_answer':
      return { outcome: 'no_answer', note: `Набрано з Dovira: заявник не відповів${why}` };
    case 'failed':
      return { outcome: 'failed', note: `Набрано з Dovira: дзвінок не вдався${why}` };
  }
}

/** The operator's extension (the lowest, if several), or null. */
async function extensionOf(db: Kysely<Database>, operatorId: string): Promise<string | null> {
  const row = await db.selectFrom('pbx_extensions').select('extension')
    .where('operator_id', '=', operatorId).where('active', '=', true).orderBy('extension').executeTakeFirst();
  return row?.extension ?? null;
}

/** Callbacks being dialled by this process: a second press of the button is refused. */
const dialling = new Set<string>();

export async function dialCallback(
  db: Kysely<Database>, dialler: CallbackDialler | null, who: Who, actor: Actor, id: string, now: () => Date,
): Promise<DialledAttempt> {
  const callback = await findCallback(db, id);
  if (!callback || !maySee(who, callback)) throw callbackNotFound();
  const refusal = attemptRefusal(who, callback, callback.claimer_number, 'answered', false);
  if (refusal) throw refused(refusal);
  const extension = await extensionOf(db, who.userId);
  if (!extension) {
    throw new HttpProblem(422, 'no-extension', 'За Вами не закріплено внутрішній номер АТС, тож з’єднати заявника немає з ким: зверніться до адміністратора або зателефонуйте вручну');
  }
  if (!dialler) {
    throw new HttpProblem(503, 'dialling-off', 'Набір номера з Dovira не налаштовано: зателефонуйте заявнику вручну й зафіксуйте спробу');
  }
  if (dialling.has(id)) throw new HttpProblem(409, 'dial-in-progress', 'Цей зворотний дзвінок уже набирається: дочекайтеся результату');
  dialling.add(id);
  try {
    const startedAt = now();
    let result: DialResult;
    try {
      result = await dialler.dial({ phone: callback.phone, operatorExtension: extension });
    } catch (error) {
      if (error instanceof DiallerBusy) throw new HttpProblem(503, 'dialler-busy', 'Усі лінії набору зараз зайняті: спробуйте за хвилину');
      if (error instanceof DiallerUnavailable) throw new HttpProblem(503, 'dialler-unavailable', 'АТС зараз недоступна для набору номера: спробуйте пізніше або зателефонуйте вручну');
      throw error;
    }
    const { outcome, note } = attemptOf(result, extension);
    const attemptId = await recordAttempt(db, who, actor, id, { outcome, note, startedAt, via: 'dialler' }, now());
    return { attemptId, result, outcome };
  } finally {
    dialling.delete(id);
  }
}
