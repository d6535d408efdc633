// Who has a call, as the supervisor's screens name it. A call no operator took (H3) says instead
// that it waits in the queue or was not answered, and where the exchange offered it.
import type { Catalogue } from '../i18n/index.tsx';
import type { CallSummary } from './types.ts';

export function callOperatorLabel(t: Catalogue, call: Pick<CallSummary, 'operator' | 'status' | 'offeredTo'>): string {
  const words = t.supervisor.call;
  if (call.operator) return words.operatorName(call.operator.operatorNumber, call.operator.fullName);
  const state = call.status === 'ended' ? words.notTaken : words.inQueue;
  return call.offeredTo === null ? state : `${state} (${words.offeredTo(call.offeredTo)})`;
}
