import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CALL_CONDITIONS, CALL_STEPS, applicableSteps, callStepById } from './steps.ts';
import type { CallCondition } from './steps.ts';
import { REQUIREMENT_IDS } from './requirements.ts';

const ids = (conditions: CallCondition[]): string[] => applicableSteps(conditions).map((step) => step.id);

describe('call steps as data', () => {
  test('B1: step ids are unique and every step cites a known requirement', () => {
    const stepIds = CALL_STEPS.map((step) => step.id);
    assert.equal(new Set(stepIds).size, stepIds.length);
    for (const step of CALL_STEPS) {
      assert.ok(step.requirements.length > 0, step.id);
      for (const id of step.requirements) assert.ok((REQUIREMENT_IDS as readonly string[]).includes(id), id);
      assert.ok(step.description.length > 0, step.id);
    }
  });

  test('B1: every call rule G, C, A, D, T, H has at least one step', () => {
    const covered = new Set(CALL_STEPS.flatMap((step) => [...step.requirements]));
    const callRules = REQUIREMENT_IDS.filter((id) => /^[GCADTH]/.test(id));
    assert.deepEqual(callRules.filter((id) => !covered.has(id)), []);
  });

  test('G1-C4: steps mandatory in every call, in call order', () => {
    assert.deepEqual(ids([]), [
      'language_recorded',
      'greeted',
      'introduced',
      'form_of_address_asked',
      'help_offered',
      'courtesy_kept',
      'understanding_confirmed',
      'closing_phrase_said',
    ]);
  });

  test('G4: the form of address must be used once the caller gives one', () => {
    assert.ok(ids(['form_of_address_given']).includes('form_of_address_used'));
  });

  test('D2: apology applies only when an error is confirmed', () => {
    assert.ok(!ids(['caller_dissatisfied']).includes('apologised'));
    assert.ok(ids(['caller_dissatisfied', 'error_confirmed']).includes('apologised'));
  });

  test('H1-H5: hold rules apply only when a hold happens', () => {
    assert.ok(!ids([]).includes('hold_agreed'));
    const withHold = ids(['information_missing', 'hold']);
    for (const id of ['hold_agreed', 'information_searched', 'hold_within_limit']) assert.ok(withHold.includes(id), id);
  });

  test('A1-A3: appeal steps only for appeals; same-day forwarding only outside competence', () => {
    assert.ok(!ids([]).includes('appeal_recorded'));
    assert.deepEqual(
      ids(['appeal']).filter((id) => id.startsWith('appeal') || id === 'management_informed'),
      ['appeal_recorded', 'management_informed'],
    );
    assert.ok(ids(['appeal', 'appeal_outside_competence']).includes('appeal_forwarded_same_day'));
  });

  test('T1-T2: a call ended for bad audio needs T1 and T2 but not C3/C4', () => {
    const steps = ids(['bad_audio', 'call_ended_for_bad_audio']);
    assert.ok(steps.includes('contact_attempted'));
    assert.ok(steps.includes('bad_audio_phrase_said'));
    assert.ok(!steps.includes('closing_phrase_said'));
    assert.ok(!steps.includes('understanding_confirmed'));
    assert.ok(steps.includes('greeted'));
  });

  test('C2, D3: rights the operator may use are marked "may"', () => {
    assert.equal(callStepById('request_clarified').obligation, 'may');
    assert.equal(callStepById('abuse_warned').obligation, 'may');
    assert.equal(callStepById('greeted').obligation, 'must');
  });

  test('B1: every condition has a Ukrainian description and is used by a step', () => {
    const used = new Set(CALL_STEPS.flatMap((step) => [step.appliesWhen, ...step.waivedWhen]));
    for (const [condition, description] of Object.entries(CALL_CONDITIONS)) {
      assert.ok(/[а-яіїєґ]/i.test(description), condition);
      assert.ok(used.has(condition as CallCondition), condition);
    }
  });
});
