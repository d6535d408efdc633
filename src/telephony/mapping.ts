// Pure decisions about the exchange's events: no I/O, so they are easy to read and to test.
import type { EndReason } from '../calls/events.ts';
import type { CallState } from '../calls/rules.ts';
import type { PbxEventType } from './contract.ts';

/**
 * Events that describe a point in the call's progress: one older than the call's latest applied
 * event would move the call backwards (ringing after answered, hold after unhold), so it is stale.
 */
export const PROGRESS_EVENTS: ReadonlySet<string> = new Set<PbxEventType>(['offered', 'ringing', 'answered', 'hold', 'unhold']);

/** Why a call ended, from the exchange's view of who hung up and the call's state. */
export function endReasonFor(state: Pick<CallState, 'status' | 'transferredTo'>, by: 'caller' | 'operator' | 'system'): EndReason {
  if (state.status === 'ringing') return by === 'caller' ? 'abandoned' : 'missed';
  if (state.transferredTo !== null) return 'transferred';
  return by === 'caller' ? 'caller_hung_up' : 'completed';
}

/** Zammad's hangup causes in which the caller gave up; the others are the exchange's doing. */
const CALLER_CAUSES = new Set(['cancel', 'abandon']);

export function zammadHangupBy(cause: string | undefined): 'caller' | 'system' {
  return cause !== undefined && CALLER_CAUSES.has(cause) ? 'caller' : 'system';
}
