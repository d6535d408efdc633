// Time limits of the Standard and the clocks the operator sees (B2).
// Pure: both instants are parameters; callers own the clock.

import { assertValidInstant } from './instant.ts';

/** T1: try for this long to reach a caller who cannot be heard. */
export const BAD_AUDIO_TRY_SECONDS = 10;

/** H5: recommended maximum time a caller waits on hold (3 minutes). */
export const HOLD_LIMIT_SECONDS = 180;

/** H5: the hold clock warns this long before the limit (Dovira's choice, not the Standard's). */
export const HOLD_WARNING_BEFORE_SECONDS = 30;

/** The clock both limits run on. */
export interface Countdown {
  /** Exact seconds since the start (fractional). */
  readonly elapsedSeconds: number;
  /** Seconds left before the limit; 0 once reached. */
  readonly remainingSeconds: number;
}

export interface HoldState extends Countdown {
  /** True once the hold lasts longer than the limit (exactly the limit is still within it). */
  readonly overLimit: boolean;
  /** True from (limit - 30 s) on, so the operator can come back in time. */
  readonly warning: boolean;
}

/** H5: state of the hold clock at `now`. */
export function holdState(
  startedAt: Date,
  now: Date,
  limitSeconds: number = HOLD_LIMIT_SECONDS,
): HoldState {
  const clock = countdown(startedAt, now, limitSeconds, { caller: 'holdState', limitName: 'limitSeconds' });
  const warningFrom = Math.max(0, limitSeconds - HOLD_WARNING_BEFORE_SECONDS);
  return {
    ...clock,
    overLimit: clock.elapsedSeconds > limitSeconds,
    warning: clock.elapsedSeconds >= warningFrom,
  };
}

export interface BadAudioState extends Countdown {
  /** T2 may be used only after the full T1 attempt. */
  readonly mayEnd: boolean;
}

/** T1: state of the 10-second clock at `now`. */
export function badAudioState(
  startedAt: Date,
  now: Date,
  trySeconds: number = BAD_AUDIO_TRY_SECONDS,
): BadAudioState {
  const clock = countdown(startedAt, now, trySeconds, { caller: 'badAudioState', limitName: 'trySeconds' });
  return { ...clock, mayEnd: clock.elapsedSeconds >= trySeconds };
}

/** T1/T2: true once the operator has tried for at least `trySeconds`. */
export function badAudioMayEnd(
  startedAt: Date,
  now: Date,
  trySeconds: number = BAD_AUDIO_TRY_SECONDS,
): boolean {
  return badAudioState(startedAt, now, trySeconds).mayEnd;
}

function countdown(
  startedAt: Date,
  now: Date,
  limitSeconds: number,
  context: { caller: string; limitName: string },
): Countdown {
  assertPositiveSeconds(limitSeconds, `${context.caller}: ${context.limitName}`);
  const elapsedSeconds = secondsBetween(startedAt, now, context.caller);
  return { elapsedSeconds, remainingSeconds: Math.max(0, limitSeconds - elapsedSeconds) };
}

// A clock running backwards means bad data (e.g. swapped arguments); hide nothing.
function secondsBetween(startedAt: Date, now: Date, context: string): number {
  assertValidInstant(startedAt, `${context}: startedAt`);
  assertValidInstant(now, `${context}: now`);
  const milliseconds = now.getTime() - startedAt.getTime();
  if (milliseconds < 0) {
    throw new RangeError(
      `${context}: now (${now.toISOString()}) is before startedAt (${startedAt.toISOString()})`,
    );
  }
  return milliseconds / 1000;
}

function assertPositiveSeconds(value: number, context: string): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${context} must be a positive number of seconds, got ${value}`);
  }
}
