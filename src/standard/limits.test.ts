import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BAD_AUDIO_TRY_SECONDS,
  HOLD_LIMIT_SECONDS,
  badAudioMayEnd,
  badAudioState,
  holdState,
} from './limits.ts';

const start = new Date('2026-01-15T10:00:00.000Z');
const after = (seconds: number): Date => new Date(start.getTime() + seconds * 1000);

describe('T1: ten seconds to establish contact', () => {
  test('T1: the try lasts 10 seconds', () => {
    assert.equal(BAD_AUDIO_TRY_SECONDS, 10);
  });

  test('T1: 10 seconds exact boundary (9.999 s false, 10 s true)', () => {
    assert.equal(badAudioMayEnd(start, after(0)), false);
    assert.equal(badAudioMayEnd(start, after(9.999)), false);
    assert.equal(badAudioMayEnd(start, after(10)), true);
    assert.equal(badAudioMayEnd(start, after(60)), true);
  });

  test('T1: the 10-second clock counts down', () => {
    assert.deepEqual(badAudioState(start, after(4)), { elapsedSeconds: 4, remainingSeconds: 6, mayEnd: false });
    assert.deepEqual(badAudioState(start, after(12)), { elapsedSeconds: 12, remainingSeconds: 0, mayEnd: true });
  });

  test('T1: a custom try length is respected', () => {
    assert.equal(badAudioMayEnd(start, after(14.999), 15), false);
    assert.equal(badAudioMayEnd(start, after(15), 15), true);
  });
});

describe('H5: hold no longer than three minutes', () => {
  test('H5: the limit is 180 seconds', () => {
    assert.equal(HOLD_LIMIT_SECONDS, 180);
  });

  test('H5: warning from 150 s, over the limit only after 180 s', () => {
    assert.deepEqual(holdState(start, after(0)), {
      elapsedSeconds: 0,
      remainingSeconds: 180,
      overLimit: false,
      warning: false,
    });
    assert.equal(holdState(start, after(149.999)).warning, false);
    assert.deepEqual(holdState(start, after(150)), {
      elapsedSeconds: 150,
      remainingSeconds: 30,
      overLimit: false,
      warning: true,
    });
    assert.equal(holdState(start, after(180)).overLimit, false);
    assert.deepEqual(holdState(start, after(180.001)), {
      elapsedSeconds: 180.001,
      remainingSeconds: 0,
      overLimit: true,
      warning: true,
    });
  });

  test('H5: a custom limit moves the warning too', () => {
    const state = holdState(start, after(90), 120);
    assert.equal(state.warning, true);
    assert.equal(state.remainingSeconds, 30);
    assert.equal(holdState(start, after(0), 20).warning, true);
  });
});

describe('T1/H5: bad input', () => {
  test('H5: now before startedAt throws', () => {
    assert.throws(() => holdState(after(5), start), { name: 'RangeError', message: /is before startedAt/ });
    assert.throws(() => badAudioMayEnd(after(5), start), RangeError);
  });

  test('H5: invalid dates and limits throw', () => {
    assert.throws(() => holdState(new Date('x'), start), TypeError);
    assert.throws(() => badAudioState(start, new Date(Number.NaN)), TypeError);
    assert.throws(() => holdState(start, after(1), 0), RangeError);
    assert.throws(() => badAudioMayEnd(start, after(1), Number.NaN), RangeError);
  });
});
