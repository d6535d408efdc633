// A callback's queue and state in the operator's words: whose it is, from where they stand.
import type { Catalogue } from '../../i18n/index.tsx';
import type { CallbackView } from './types.ts';

/** Where the operator stands with a callback, in a few words. */
export function stateOf(t: Catalogue, callback: CallbackView, me: string | undefined): string {
  const words = t.operator.callbacks.state;
  if (callback.status === 'in_progress') return callback.claimedBy === me ? words.mine : words.other;
  return words[callback.status];
}

export function queueOf(t: Catalogue, callback: CallbackView, me: string | undefined): string {
  const words = t.operator.callbacks.queue;
  if (callback.assignedOperatorId === null) return words.shared;
  return callback.assignedOperatorId === me ? words.mine : words.other;
}
