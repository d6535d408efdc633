import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallEvent } from './events.ts';
import { allowedEndReasons, applyCallEvent, liveState, type CallState, type RuleResult } from './rules.ts';

const T0 = new Date('2026-11-25T10:00:00Z');
const after = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

function ok(result: RuleResult): CallState {
  if (!result.ok) assert.fail(`refused: ${result.refusal.code} ${result.refusal.message}`);
  return result.state;
}

function refusedWith(result: RuleResult, code: string): string {
  if (result.ok) assert.fail(`expected refusal ${code}, but the event was accepted`);
  assert.equal(result.refusal.code, code);
  assert.match(result.refusal.message, /[а-яіїєґ]/i, 'the message is in Ukrainian');
  return result.refusal.message;
}

/** Applies events one after another, each at the given second after T0. */
function run(steps: [number, CallEvent][], start: CallState | null = null): CallState {
  let state = start;
  for (const [second, event] of steps) state = ok(applyCallEvent(state, event, after(second)));
  return state!;
}

const activeCall = (): CallState => run([[0, { type: 'offered' }], [0, { type: 'answered' }]]);

describe('call rules', () => {
  test('a call starts ringing when offered and becomes active when answered', () => {
    const ringing = run([[0, { type: 'offered' }]]);
    assert.equal(ringing.status, 'ringing');
    assert.equal(activeCall().status, 'active');
    refusedWith(applyCallEvent(null, { type: 'greeted' }, T0), 'call-not-offered');
    refusedWith(applyCallEvent(activeCall(), { type: 'offered' }, T0), 'already-offered');
    refusedWith(applyCallEvent(activeCall(), { type: 'answered' }, T0), 'already-answered');
  });

  test('while ringing, only answering or the caller hanging up is possible', () => {
    const ringing = run([[0, { type: 'offered' }]]);
    refusedWith(applyCallEvent(ringing, { type: 'greeted' }, T0), 'call-not-answered');
    refusedWith(applyCallEvent(ringing, { type: 'ended', reason: 'completed' }, T0), 'call-not-answered');
    assert.deepEqual(allowedEndReasons(ringing, T0), ['caller_hung_up']);
    const hungUp = ok(applyCallEvent(ringing, { type: 'ended', reason: 'caller_hung_up' }, after(5)));
    assert.equal(hungUp.status, 'ended');
    assert.equal(hungUp.endReason, 'caller_hung_up');
  });

  test('nothing is accepted after the call ended', () => {
    const ended = run([[1, { type: 'ended', reason: 'completed' }]], activeCall());
    refusedWith(applyCallEvent(ended, { type: 'greeted' }, after(2)), 'call-ended');
    refusedWith(applyCallEvent(ended, { type: 'ended', reason: 'completed' }, after(2)), 'call-ended');
    assert.deepEqual(liveState(ended, after(2)).mayEndFor, []);
  });

  test('G4, G1: the form of address and the language are kept on the state', () => {
    const state = run([
      [1, { type: 'form_of_address_recorded', formOfAddress: 'пане Іване' }],
      [2, { type: 'language_recorded', language: 'uk' }],
    ], activeCall());
    assert.equal(state.formOfAddress, 'пане Іване');
    assert.equal(state.language, 'uk');
  });

  test('C1: a topic outside the judiciary\'s powers needs the explanation given', () => {
    const result = applyCallEvent(activeCall(), { type: 'topic_recorded', topic: 'Пенсія', outsideJudiciary: true }, T0);
    refusedWith(result, 'explanation-required');
    assert.equal(!result.ok && result.refusal.field, 'explanation');
    ok(applyCallEvent(activeCall(), { type: 'topic_recorded', topic: 'Пенсія', outsideJudiciary: true, explanation: 'Питання Пенсійного фонду' }, T0));
    ok(applyCallEvent(activeCall(), { type: 'topic_recorded', topic: 'Стан справи', outsideJudiciary: false }, T0));
  });

  test('H1: a hold needs the caller\'s consent', () => {
    refusedWith(applyCallEvent(activeCall(), { type: 'hold_started', callerConsented: false }, T0), 'hold-without-consent');
  });

  test('two holds at once are refused, and a hold that is not running cannot end', () => {
    const onHold = run([[1, { type: 'hold_started', callerConsented: true }]], activeCall());
    refusedWith(applyCallEvent(onHold, { type: 'hold_started', callerConsented: true }, after(2)), 'hold-already-running');
    refusedWith(applyCallEvent(activeCall(), { type: 'hold_ended' }, T0), 'no-hold-running');
  });

  test('H5: a hold of exactly 3 minutes is within the limit, one second more is over it', () => {
    const start = run([[0, { type: 'hold_started', callerConsented: true }]], activeCall());
    const within = applyCallEvent(start, { type: 'hold_ended' }, after(180));
    assert.ok(within.ok);
    assert.equal(within.facts.overLimit, false);
    assert.equal(within.facts.durationSeconds, 180);
    const over = applyCallEvent(start, { type: 'hold_ended' }, after(181));
    assert.ok(over.ok);
    assert.equal(over.facts.overLimit, true);
    assert.equal(over.state.holdsOverLimit, 1);
    assert.equal(over.state.hold, null);
  });

  test('H5: the live hold clock counts down and warns before the limit', () => {
    const onHold = run([[0, { type: 'hold_started', callerConsented: true }]], activeCall());
    const live = liveState(onHold, after(160));
    assert.equal(live.onHold, true);
    assert.equal(live.hold?.remainingSeconds, 20);
    assert.equal(live.hold?.warning, true);
    assert.equal(liveState(onHold, after(200)).hold?.overLimit, true);
  });

  test('completing the call while the caller is on hold is refused; hanging up closes the hold', () => {
    const onHold = run([[0, { type: 'hold_started', callerConsented: true }]], activeCall());
    refusedWith(applyCallEvent(onHold, { type: 'ended', reason: 'completed' }, after(10)), 'end-hold-first');
    const hungUp = applyCallEvent(onHold, { type: 'ended', reason: 'caller_hung_up' }, after(200));
    assert.ok(hungUp.ok);
    assert.equal(hungUp.state.hold, null);
    assert.deepEqual(hungUp.facts.hold, { startedAt: T0.toISOString(), durationSeconds: 200, overLimit: true, limitSeconds: 180 });
  });

  test('D3: ending for abuse is refused until the warning was given', () => {
    refusedWith(applyCallEvent(activeCall(), { type: 'ended', reason: 'abusive_caller' }, T0), 'abuse-warning-required');
    const warned = run([[1, { type: 'abuse_warning_given', reason: 'obscene_language' }]], activeCall());
    assert.deepEqual(warned.abuseWarnings, ['obscene_language']);
    assert.equal(liveState(warned, after(1)).abuseWarned, true);
    ok(applyCallEvent(warned, { type: 'ended', reason: 'abusive_caller' }, after(2)));
  });

  test('T1: ending for no audio needs the procedure started and 10 seconds of trying', () => {
    refusedWith(applyCallEvent(activeCall(), { type: 'ended', reason: 'no_audio' }, after(30)), 'bad-audio-procedure-required');
    const trying = run([[0, { type: 'bad_audio_started' }]], activeCall());
    const message = refusedWith(applyCallEvent(trying, { type: 'ended', reason: 'no_audio' }, after(9.5)), 'bad-audio-too-early');
    assert.match(message, /10 секунд/);
    refusedWith(applyCallEvent(trying, { type: 'bad_audio_ended', resolved: false }, after(9)), 'bad-audio-too-early');
    assert.deepEqual(liveState(trying, after(9)).mayEndFor.includes('no_audio'), false);
    assert.deepEqual(liveState(trying, after(10)).mayEndFor.includes('no_audio'), true);
    const ended = applyCallEvent(trying, { type: 'ended', reason: 'no_audio' }, after(10));
    assert.ok(ended.ok);
    assert.equal(ended.state.badAudio?.resolved, false);
  });

  test('T1: contact regained ends the procedure; ending for no audio then needs a new attempt', () => {
    const trying = run([[0, { type: 'bad_audio_started' }]], activeCall());
    refusedWith(applyCallEvent(trying, { type: 'bad_audio_started' }, after(1)), 'bad-audio-already-running');
    const resolved = run([[4, { type: 'bad_audio_ended', resolved: true }]], trying);
    assert.equal(liveState(resolved, after(5)).badAudio, null);
    refusedWith(applyCallEvent(resolved, { type: 'ended', reason: 'no_audio' }, after(30)), 'bad-audio-procedure-required');
    refusedWith(applyCallEvent(resolved, { type: 'bad_audio_ended', resolved: true }, after(30)), 'no-bad-audio-running');
    const gaveUp = run([[12, { type: 'bad_audio_ended', resolved: false }]], trying);
    ok(applyCallEvent(gaveUp, { type: 'ended', reason: 'no_audio' }, after(13)));
  });

  test('H4: ending as transferred needs the transfer recorded', () => {
    refusedWith(applyCallEvent(activeCall(), { type: 'ended', reason: 'transferred' }, T0), 'transfer-required');
    const transferred = run([[1, { type: 'transferred', to: 'Розпорядник інформації суду' }]], activeCall());
    ok(applyCallEvent(transferred, { type: 'ended', reason: 'transferred' }, after(2)));
  });

  test('H3: ending with a callback arranged needs the callback requested', () => {
    refusedWith(applyCallEvent(activeCall(), { type: 'ended', reason: 'callback_arranged' }, T0), 'callback-required');
    const requested = run([[1, { type: 'callback_requested', phone: '+380441234567', reason: 'Уточнити стан справи' }]], activeCall());
    ok(applyCallEvent(requested, { type: 'ended', reason: 'callback_arranged' }, after(2)));
  });

  test('an event stamped before the previous one is recorded at the previous instant', () => {
    const onHold = run([[100, { type: 'hold_started', callerConsented: true }]], activeCall());
    const result = applyCallEvent(onHold, { type: 'hold_ended' }, after(99));
    assert.ok(result.ok);
    assert.equal(result.at.getTime(), after(100).getTime());
    assert.equal(result.facts.durationSeconds, 0);
  });

  test('the allowed end reasons follow the state', () => {
    assert.deepEqual(allowedEndReasons(activeCall(), T0), ['completed', 'caller_hung_up']);
    const onHold = run([[0, { type: 'hold_started', callerConsented: true }], [1, { type: 'transferred', to: 'Суддя' }]], activeCall());
    assert.deepEqual(allowedEndReasons(onHold, after(2)), ['caller_hung_up', 'transferred']);
  });
});
