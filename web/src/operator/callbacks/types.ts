// What the callbacks API answers (src/callbacks/view.ts, src/callbacks/routes.ts), as the screen reads it.
import type { AttemptOutcome, CallbackStatus, CloseOutcome } from '../../../../src/callbacks/labels.ts';

export type { AttemptOutcome, CallbackStatus, CloseOutcome };

export interface CallbackView {
  id: string;
  callId: string | null;
  appealId: string | null;
  phone: string;
  reason: string;
  dueAt: string;
  overdue: boolean;
  queue: 'shared' | 'assigned';
  assignedOperatorId: string | null;
  status: CallbackStatus;
  statusLabel: string;
  claimedBy: string | null;
  claimedAt: string | null;
  closedAt: string | null;
  closedBy: string | null;
  outcome: CloseOutcome | null;
  outcomeLabel: string | null;
  resolution: string | null;
  cancelReason: string | null;
  createdBy: string;
  createdAt: string;
  attemptCount: number;
}

export interface AttemptView {
  id: string;
  operatorId: string;
  startedAt: string;
  endedAt: string;
  outcome: AttemptOutcome;
  outcomeLabel: string;
  note: string | null;
}

export interface CallbackDetail extends CallbackView {
  attempts: AttemptView[];
}

/** POST /callbacks/:id/dial: what the exchange reported, and the attempt it became. */
export interface DialAnswer extends CallbackDetail {
  dial: {
    outcome: 'answered' | 'busy' | 'no_answer' | 'failed';
    bridged: boolean;
    detail: string | null;
    attemptId: string;
    attemptOutcome: AttemptOutcome;
  };
}

export type { Page } from '../../shared/lists.tsx';

/** Which callbacks the list shows: GET /callbacks?due=… */
export type DueView = 'all' | 'overdue' | 'today';

