// What the calls API answers (src/calls/view.ts, src/calls/routes.ts), as the screens read it:
// the operator's, and the supervisor's, which takes its call types from here.
import type { CallEvent, CallEventType, EndReason } from '../../../src/calls/events.ts';

export type { AbuseReason, EndReason } from '../../../src/calls/events.ts';

export type CallStatus = 'ringing' | 'active' | 'ended';

/** The body of POST /calls/:id/events: every event but `offered`, which opening a call writes. */
export type StepEvent = Exclude<CallEvent, { type: 'offered' }>;

export interface CallSummary {
  id: string;
  status: CallStatus;
  source: 'manual' | 'pbx';
  pbxCallId: string | null;
  /** Null while no operator has taken the call (it waits in a queue) or when it ended so: only supervisors see such calls. */
  operator: { id: string; fullName: string; operatorNumber: number | null } | null;
  /** The queue, group or number the exchange offered the call to. */
  offeredTo: string | null;
  /** H3: the caller called again and that call was answered, so this unanswered one needs no callback. */
  calledAgain: { callId: string; at: string } | null;
  callerPhone: string | null;
  formOfAddress: string | null;
  language: string | null;
  openedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  endReason: EndReason | null;
  /** H5: since when a hold started on the phone (the exchange) runs; null when none. */
  phoneHoldSince: string | null;
  /** The exchange said the caller hid their number (callerPhone is then null). */
  callerWithheld: boolean;
}

export interface TimelineEvent {
  seq: number;
  type: CallEventType;
  at: string;
  source: 'operator' | 'pbx';
  actorUserId: string | null;
  data: Record<string, unknown>;
}

interface Clock {
  startedAt: string;
  elapsedSeconds: number;
  remainingSeconds: number;
}

/** The other leg of a transfer the exchange made: another operator's call, or the same operator's. */
export interface TransferLeg {
  id: string;
  operator: { id: string; operatorNumber: number | null };
  at: string;
}

export interface CallView extends CallSummary {
  /** From the exchange: the citizen called in, or the operator called out; null for a call opened by hand. */
  direction: 'inbound' | 'outbound' | null;
  transferredFrom: TransferLeg | null;
  transferredTo: TransferLeg | null;
  timeline: TimelineEvent[];
  live: {
    onHold: boolean;
    hold: (Clock & { overLimit: boolean; warning: boolean }) | null;
    badAudio: (Clock & { mayEnd: boolean }) | null;
    abuseWarned: boolean;
    mayEndFor: EndReason[];
    /** A hold started on the phone; consentRecorded once the operator also recorded the Standard hold (H1). */
    phoneHold: (Clock & { overLimit: boolean; warning: boolean; consentRecorded: boolean }) | null;
  };
}

export interface ScriptLine {
  step: string;
  requirement: string;
  text: string;
  source: 'standard' | 'dovira';
  publishedPhrase?: string;
}

export interface CallScript {
  callId: string;
  at: string;
  greeting: { period: 'morning' | 'day' | 'evening'; phrase: string };
  formOfAddress: string | null;
  opening: ScriptLine[];
  closing: ScriptLine[];
  badAudio: { trySeconds: number; phrase: string; lines: ScriptLine[] };
  hold: { limitSeconds: number; lines: ScriptLine[] };
  outsidePowers: ScriptLine;
  apology: ScriptLine[];
  abuse: ScriptLine[];
}

export type { StandardLimits } from '../shared/format.ts';

export interface CallerHistory {
  phone: string;
  calls: { callId: string; openedAt: string; status: string; endReason: string | null }[];
  appeals: { appealId: string; registrationNumber: string; kind: string; status: string; registeredAt: string }[];
}
