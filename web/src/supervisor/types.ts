// What the API answers to the supervisor's and the clerk's screens (see the server's view.ts files).
import type { AppealStatus } from '../../../src/appeals/status.ts';
import type { AppealHistoryEntry as HistoryEntry, AppealView, AppealWithHistory } from '../../../src/appeals/view.ts';
import type { CallEventType, EndReason } from '../../../src/calls/events.ts';
import type { DueItem, ForwardingView, StillToForward } from '../../../src/forwarding/view.ts';
import type { AppealKind } from '../../../src/standard/index.ts';

// The server's appeal, its type taken from the server's own schema.
export type { AppealKind, AppealStatus, AppealView, AppealWithHistory, HistoryEntry, CallEventType, EndReason, DueItem, ForwardingView, StillToForward };
export type { CallStatus, CallSummary, CallView, TimelineEvent } from '../operator/types.ts';
export type { CallbackView } from '../operator/callbacks/types.ts';

export type { Page } from '../shared/lists.tsx';
