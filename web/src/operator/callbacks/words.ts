// A callback's queue and state in the operator's words: whose it is, from where they stand.
import type { Catalogue } from '../../i18n/index.tsx';
import type { CallbackView } from './types.ts';

/** Where the operator stands with a callback, in a few words. */
export function stateOf(t: Catalogue, callback: CallbackView, me: string | undefined): string {
  const words = t.operator.callbacks.state;
  if (callback.status === 'in_progress') return callback.claimedBy === me ? words.mine : words.other;
  return words[callback.status];
}

/**
 * H3: a callback after a call nobody answered says when that call was and how long the caller waited:
 * «Пропущений дзвінок о 10:02, чекав 45 с». Null for any other callback.
 */
export function unansweredOriginOf(t: Catalogue, callback: CallbackView, formatTime: (iso: string) => string): string | null {
  const call = callback.unansweredCall;
  if (!call) return null;
  return t.operator.callbacks.fromUnanswered(formatTime(call.endedAt), t.common.duration(call.waitedSeconds));
}

export function queueOf(t: Catalogue, callback: CallbackView, me: string | undefined): string {
  const words = t.operator.callbacks.queue;
  if (callback.assignedOperatorId === null) return words.shared;
  return callback.assignedOperatorId === me ? words.mine : words.other;
}
