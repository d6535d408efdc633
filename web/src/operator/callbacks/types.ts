// What the callbacks API answers (src/callbacks/view.ts, src/callbacks/routes.ts), as the screen reads it.
import type { AttemptOutcome, CallbackStatus, CloseOutcome } from '../../../../src/callbacks/labels.ts';

import type { AttemptView, CallbackDetail, CallbackView } from '../../../../src/callbacks/view.ts';

export type { AttemptOutcome, AttemptView, CallbackDetail, CallbackStatus, CallbackView, CloseOutcome };

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

