// The steps the Standard expects in a call, as data. The live operator checklist (B2) and
// automatic scoring (B1) both read this list, so they cannot drift apart.

import type { RequirementId } from './requirements.ts';

/**
 * Situations that make a conditional step apply. Scoring or the operator marks which
 * ones happened in a call. Ukrainian descriptions are for the operator and supervisor UI.
 */
export const CALL_CONDITIONS = {
  form_of_address_given: 'Заявник повідомив, як до нього звертатись',
  outside_powers: 'Запит не входить до повноважень органів судової влади',
  clarification_needed: 'Запит потребує уточнення',
  appeal: 'Прийнято усне звернення',
  appeal_outside_competence: 'Вирішення питання звернення поза компетенцією контакт-центру',
  caller_dissatisfied: 'Заявник незадоволений обслуговуванням',
  error_confirmed: 'Підтверджено неякісне обслуговування або помилку',
  abusive_caller: 'Заявник вживає ненормативну лексику, образи або заклики до ворожнечі',
  bad_audio: 'Заявника не чути розбірливо',
  call_ended_for_bad_audio: 'Розмову завершено через неякісний зв’язок',
  call_ended_for_abuse: 'Розмову завершено через неприпустимі висловлювання',
  information_missing: 'Відомостей для відповіді недостатньо або вони потребують уточнення',
  hold: 'Заявник очікував на лінії',
  callback_promised: 'Заявнику обіцяно зворотний дзвінок',
  information_not_found: 'Потрібних відомостей не вдалося знайти',
} as const;

export type CallCondition = keyof typeof CALL_CONDITIONS;

/** 'must': an obligation once the step applies; 'may': a right the operator may use. */
export type Obligation = 'must' | 'may';

export interface CallStep {
  readonly id: string;
  readonly requirements: readonly RequirementId[];
  readonly description: string;
  /** 'always' = expected in every call; otherwise only when that condition happened. */
  readonly appliesWhen: 'always' | CallCondition;
  readonly obligation: Obligation;
  /** A call cut short under T2 or D3 cannot reach these steps, so they are not expected. */
  readonly waivedWhen: readonly CallCondition[];
}

const CUT_SHORT: readonly CallCondition[] = ['call_ended_for_bad_audio', 'call_ended_for_abuse'];

/** Listed in the order they normally happen in a call. */
export const CALL_STEPS = [
  step('language_recorded', ['G1'], 'Зафіксовано мову розмови (українська або інша, прийнятна для сторін)'),
  step('greeted', ['G2'], 'Привітання відповідно до часу доби за київським часом'),
  step('introduced', ['G3'], 'Оператор назвав свій номер та повне ім’я'),
  step('form_of_address_asked', ['G4'], 'Оператор запитав, як звертатися до заявника', { waivedWhen: CUT_SHORT }),
  step('form_of_address_used', ['G4'], 'Звертання заявника зафіксовано й використано до кінця розмови', {
    appliesWhen: 'form_of_address_given',
    waivedWhen: CUT_SHORT,
  }),
  step('help_offered', ['G5'], 'Оператор продовжив словами «Чим можу Вам допомогти?»', { waivedWhen: CUT_SHORT }),
  step('courtesy_kept', ['G6'], 'Звертання лише на «Ви» зі словами ввічливості'),
  step('outside_powers_explained', ['C1'], 'Ввічливо пояснено причину неможливості надати консультацію', {
    appliesWhen: 'outside_powers',
  }),
  step('request_clarified', ['C2'], 'Поставлено уточнюючі запитання', {
    appliesWhen: 'clarification_needed',
    obligation: 'may',
  }),
  step('appeal_recorded', ['A1'], 'Усне звернення записано з усіма обов’язковими відомостями', { appliesWhen: 'appeal' }),
  step('dissatisfaction_handled', ['D1'], 'Вислухано заявника, з’ясовано причину незадоволення та вжито заходів', {
    appliesWhen: 'caller_dissatisfied',
  }),
  step('apologised', ['D2'], 'Принесено вибачення за неякісне обслуговування або помилку', {
    appliesWhen: 'error_confirmed',
  }),
  step('abuse_warned', ['D3'], 'Заявника попереджено про неприпустимість висловлювань', {
    appliesWhen: 'abusive_caller',
    obligation: 'may',
  }),
  step('contact_attempted', ['T1'], 'Упродовж 10 секунд оператор намагався встановити контакт', { appliesWhen: 'bad_audio' }),
  step('bad_audio_phrase_said', ['T2'], 'Перед завершенням сказано «Зателефонуйте, будь ласка ще раз, Вас не чути»', {
    appliesWhen: 'call_ended_for_bad_audio',
  }),
  step('hold_agreed', ['H1'], 'Погоджено із заявником очікування на лінії', { appliesWhen: 'hold' }),
  step('information_searched', ['H2'], 'Здійснено пошук необхідних відомостей', { appliesWhen: 'information_missing' }),
  step('hold_within_limit', ['H5'], 'Очікування на лінії не перевищило 3 хвилин', { appliesWhen: 'hold' }),
  step('called_back', ['H3'], 'Здійснено зворотний дзвінок з інформацією', { appliesWhen: 'callback_promised' }),
  step('transferred', ['H4'], 'Виклик переключено до уповноваженої особи-розпорядника інформації', {
    appliesWhen: 'information_not_found',
  }),
  step('understanding_confirmed', ['C3'], 'Оператор переконався, що заявник зрозумів пояснення і не має нез’ясованих питань', {
    waivedWhen: CUT_SHORT,
  }),
  step('closing_phrase_said', ['C4'], 'Розмову завершено доброзичливою фразою', { waivedWhen: CUT_SHORT }),
  // A2/A3 happen after the conversation ends but belong to the same call record.
  step('management_informed', ['A2'], 'Після розмови про звернення повідомлено керівництво контакт-центру', {
    appliesWhen: 'appeal',
  }),
  step('appeal_forwarded_same_day', ['A3'], 'Звернення в той же день направлено до органу судової влади за належністю, заявника повідомлено', {
    appliesWhen: 'appeal_outside_competence',
  }),
] as const satisfies readonly CallStep[];

export type CallStepId = (typeof CALL_STEPS)[number]['id'];

/** Steps expected in a call where the given conditions happened, in call order. */
export function applicableSteps(conditions: Iterable<CallCondition>): readonly CallStep[] {
  const happened = new Set(conditions);
  return CALL_STEPS.filter(
    (candidate: CallStep) =>
      (candidate.appliesWhen === 'always' || happened.has(candidate.appliesWhen)) &&
      !candidate.waivedWhen.some((condition) => happened.has(condition)),
  );
}

export function callStepById(id: CallStepId): CallStep {
  const found = CALL_STEPS.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`Unknown call step: ${id}`);
  return found;
}

function step<Id extends string>(
  id: Id,
  requirements: readonly RequirementId[],
  description: string,
  options: {
    appliesWhen?: 'always' | CallCondition;
    obligation?: Obligation;
    waivedWhen?: readonly CallCondition[];
  } = {},
) {
  return {
    id,
    requirements,
    description,
    appliesWhen: options.appliesWhen ?? 'always',
    obligation: options.obligation ?? 'must',
    waivedWhen: options.waivedWhen ?? [],
  } satisfies CallStep;
}
