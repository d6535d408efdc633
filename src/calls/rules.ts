// The call's state machine: a pure function of (state, event, instant). No I/O and no clock, so
// the operator's web client and the PBX go through exactly the same rules, and tests can prove
// each of the Standard's time limits without waiting.
import { BAD_AUDIO_TRY_SECONDS, HOLD_LIMIT_SECONDS, badAudioState, holdState } from '../standard/index.ts';
import type { AbuseReason, CallEvent, EndReason } from './events.ts';
import { END_REASON_KEYS } from './events.ts';

/** Snapshot of everything the rules need, kept as JSON on the call row (instants as ISO strings). */
export interface CallState {
  status: 'ringing' | 'active' | 'ended';
  /** The latest event's instant: later events never go back in time before it. */
  lastAt: string;
  formOfAddress: string | null;
  language: string | null;
  /** The hold now running (H1, H5), if any. */
  hold: { startedAt: string } | null;
  holdsCompleted: number;
  holdsOverLimit: number;
  /** The latest bad-audio procedure (T1): running while endedAt is null. */
  badAudio: { startedAt: string; endedAt: string | null; resolved: boolean | null } | null;
  /** D3: warnings given so far. */
  abuseWarnings: AbuseReason[];
  /** H4: to whom the call was transferred. */
  transferredTo: string | null;
  /** H3: a callback was agreed. */
  callbackRequested: boolean;
  endReason: EndReason | null;
}

export interface Refusal {
  /** Stable machine code (the problem type's last segment). */
  code: string;
  /** Ukrainian, for the operator. */
  message: string;
  /** The body field at fault, when one is. */
  field?: string;
}

export type RuleResult =
  | {
      ok: true;
      state: CallState;
      /** The instant the event is recorded at (never before the previous event). */
      at: Date;
      /** Derived facts stored with the event: a hold's duration, whether it went over the limit… */
      facts: Record<string, unknown>;
    }
  | { ok: false; refusal: Refusal };

const refuse = (code: string, message: string, field?: string): RuleResult => ({
  ok: false,
  refusal: field === undefined ? { code, message } : { code, message, field },
});

/** Applies one event. `state` is null before the call's first event (`offered`). */
export function applyCallEvent(state: CallState | null, event: CallEvent, instant: Date): RuleResult {
  if (state === null) {
    if (event.type !== 'offered') return refuse('call-not-offered', 'Дзвінок ще не зареєстровано: першою подією має бути надходження дзвінка');
    return { ok: true, at: instant, facts: {}, state: initialState(instant) };
  }
  // A clock stepping back (NTP, a PBX a little behind) must not make a hold last negative time.
  const at = new Date(Math.max(instant.getTime(), Date.parse(state.lastAt)));
  const next: CallState = { ...state, lastAt: at.toISOString() };
  const done = (changes: Partial<CallState> = {}, facts: Record<string, unknown> = {}): RuleResult => ({
    ok: true,
    at,
    facts,
    state: { ...next, ...changes },
  });

  if (state.status === 'ended') return refuse('call-ended', 'Дзвінок уже завершено: нові події до нього не додаються');
  if (event.type === 'offered') return refuse('already-offered', 'Дзвінок уже зареєстровано');

  if (state.status === 'ringing') {
    if (event.type === 'answered') return done({ status: 'active' });
    if (event.type === 'ended' && RINGING_END_REASONS.has(event.reason)) return done({ status: 'ended', endReason: event.reason });
    return refuse('call-not-answered', 'Дзвінок ще не прийнято: поки він дзвонить, можна лише прийняти його або зафіксувати, що заявник поклав слухавку');
  }

  switch (event.type) {
    case 'answered':
      return refuse('already-answered', 'Дзвінок уже прийнято');
    case 'greeted':
    case 'caller_dissatisfied':
    case 'understanding_confirmed':
    case 'closing_phrase_said':
      return done();
    case 'form_of_address_recorded':
      return done({ formOfAddress: event.formOfAddress });
    case 'language_recorded':
      return done({ language: event.language });
    case 'topic_recorded':
      if (event.outsideJudiciary && event.explanation === undefined) {
        return refuse(
          'explanation-required',
          'Запит поза повноваженнями органів судової влади: зазначте, яке пояснення надано заявнику (C1)',
          'explanation',
        );
      }
      return done();
    case 'hold_started':
      if (!event.callerConsented) {
        return refuse('hold-without-consent', 'Поставити заявника на очікування можна лише з його згоди (H1)', 'callerConsented');
      }
      if (state.hold) return refuse('hold-already-running', 'Заявник уже очікує на лінії: спершу завершіть поточне очікування');
      return done({ hold: { startedAt: at.toISOString() } });
    case 'hold_ended': {
      if (!state.hold) return refuse('no-hold-running', 'Заявник зараз не очікує на лінії: немає очікування, яке можна завершити');
      const { changes, facts } = closeHold(state, at);
      return done(changes, facts);
    }
    case 'abuse_warning_given':
      return done({ abuseWarnings: [...state.abuseWarnings, event.reason] });
    case 'bad_audio_started':
      if (badAudioRunning(state)) return refuse('bad-audio-already-running', 'Спробу встановити зв’язок уже розпочато');
      return done({ badAudio: { startedAt: at.toISOString(), endedAt: null, resolved: null } });
    case 'bad_audio_ended': {
      if (!state.badAudio || !badAudioRunning(state)) {
        return refuse('no-bad-audio-running', 'Спробу встановити зв’язок не розпочато: немає чого завершувати');
      }
      const clock = badAudioState(new Date(state.badAudio.startedAt), at);
      if (!event.resolved && !clock.mayEnd) return tooEarlyForNoAudio(clock.elapsedSeconds);
      return done(
        { badAudio: { ...state.badAudio, endedAt: at.toISOString(), resolved: event.resolved } },
        { startedAt: state.badAudio.startedAt, durationSeconds: clock.elapsedSeconds },
      );
    }
    case 'transferred':
      return done({ transferredTo: event.to });
    case 'callback_requested':
      return done({ callbackRequested: true });
    case 'ended':
      return end(state, event.reason, at, done);
  }
}

/** The only ways a call that was never answered can end. */
const RINGING_END_REASONS: ReadonlySet<EndReason> = new Set(['caller_hung_up', 'missed', 'abandoned']);

function end(state: CallState, reason: EndReason, at: Date, done: (changes?: Partial<CallState>, facts?: Record<string, unknown>) => RuleResult): RuleResult {
  if (reason === 'missed' || reason === 'abandoned') {
    return refuse('already-answered', 'Дзвінок уже прийнято: його не можна позначити як пропущений');
  }
  // A caller who hangs up or is transferred leaves the hold; any other ending needs them back on the line.
  if (state.hold && reason !== 'caller_hung_up' && reason !== 'transferred') {
    return refuse('end-hold-first', 'Заявник очікує на лінії: спершу завершіть очікування');
  }
  if (reason === 'abusive_caller' && state.abuseWarnings.length === 0) {
    return refuse('abuse-warning-required', 'Завершити розмову через неприпустимі висловлювання можна лише після попередження заявника (D3)');
  }
  if (reason === 'no_audio') {
    if (!state.badAudio) {
      return refuse('bad-audio-procedure-required', 'Завершити розмову через відсутність зв’язку можна лише після спроби встановити контакт: спершу розпочніть її (T1)');
    }
    if (state.badAudio.resolved === true) {
      return refuse('bad-audio-procedure-required', 'Зв’язок було відновлено: якщо заявника знову не чути, розпочніть нову спробу встановити контакт (T1)');
    }
    const clock = badAudioState(new Date(state.badAudio.startedAt), at);
    if (!clock.mayEnd) return tooEarlyForNoAudio(clock.elapsedSeconds);
  }
  if (reason === 'transferred' && state.transferredTo === null) {
    return refuse('transfer-required', 'Щоб завершити розмову переключенням, спершу зафіксуйте, до кого переключено виклик (H4)');
  }
  if (reason === 'callback_arranged' && !state.callbackRequested) {
    return refuse('callback-required', 'Щоб завершити розмову домовленістю про зворотний дзвінок, спершу зафіксуйте запит на нього (H3)');
  }

  let changes: Partial<CallState> = { status: 'ended', endReason: reason };
  const facts: Record<string, unknown> = {};
  if (state.hold) {
    const closed = closeHold(state, at);
    changes = { ...changes, ...closed.changes };
    facts.hold = closed.facts;
  }
  if (state.badAudio && badAudioRunning(state)) {
    changes.badAudio = { ...state.badAudio, endedAt: at.toISOString(), resolved: reason === 'no_audio' ? false : null };
    facts.badAudio = { startedAt: state.badAudio.startedAt, durationSeconds: badAudioState(new Date(state.badAudio.startedAt), at).elapsedSeconds };
  }
  return done(changes, facts);
}

/** H5: a hold's duration and whether it went over the recommended 3 minutes. */
function closeHold(state: CallState, at: Date): { changes: Partial<CallState>; facts: Record<string, unknown> } {
  const startedAt = state.hold!.startedAt;
  const clock = holdState(new Date(startedAt), at);
  return {
    changes: {
      hold: null,
      holdsCompleted: state.holdsCompleted + 1,
      holdsOverLimit: state.holdsOverLimit + (clock.overLimit ? 1 : 0),
    },
    facts: { startedAt, durationSeconds: clock.elapsedSeconds, overLimit: clock.overLimit, limitSeconds: HOLD_LIMIT_SECONDS },
  };
}

function tooEarlyForNoAudio(elapsedSeconds: number): RuleResult {
  return refuse(
    'bad-audio-too-early',
    `Спробуйте встановити зв’язок щонайменше ${BAD_AUDIO_TRY_SECONDS} секунд (T1): минуло лише ${Math.floor(elapsedSeconds)} с`,
  );
}

function badAudioRunning(state: CallState): boolean {
  return state.badAudio !== null && state.badAudio.endedAt === null;
}

export function initialState(offeredAt: Date): CallState {
  return {
    status: 'ringing',
    lastAt: offeredAt.toISOString(),
    formOfAddress: null,
    language: null,
    hold: null,
    holdsCompleted: 0,
    holdsOverLimit: 0,
    badAudio: null,
    abuseWarnings: [],
    transferredTo: null,
    callbackRequested: false,
    endReason: null,
  };
}

/** The end reasons the rules would accept at this instant (for the operator's buttons). */
export function allowedEndReasons(state: CallState, instant: Date): EndReason[] {
  // Missed and abandoned are the exchange's to report, never an operator's button.
  return END_REASON_KEYS.filter((reason) => reason !== 'missed' && reason !== 'abandoned' && applyCallEvent(state, { type: 'ended', reason }, instant).ok);
}

export interface LiveState {
  onHold: boolean;
  /** H5: the hold clock, while a hold runs. */
  hold: { startedAt: string; elapsedSeconds: number; remainingSeconds: number; overLimit: boolean; warning: boolean } | null;
  /** T1: the 10-second clock, while an attempt to reach the caller runs. */
  badAudio: { startedAt: string; elapsedSeconds: number; remainingSeconds: number; mayEnd: boolean } | null;
  abuseWarned: boolean;
  mayEndFor: EndReason[];
}

/** What the operator's screen shows at this instant (B2). */
export function liveState(state: CallState, instant: Date): LiveState {
  const now = new Date(Math.max(instant.getTime(), Date.parse(state.lastAt)));
  const running = state.status !== 'ended';
  return {
    onHold: running && state.hold !== null,
    hold: running && state.hold ? { startedAt: state.hold.startedAt, ...holdState(new Date(state.hold.startedAt), now) } : null,
    badAudio: running && state.badAudio && badAudioRunning(state)
      ? { startedAt: state.badAudio.startedAt, ...badAudioState(new Date(state.badAudio.startedAt), now) }
      : null,
    abuseWarned: state.abuseWarnings.length > 0,
    mayEndFor: running ? allowedEndReasons(state, now) : [],
  };
}
