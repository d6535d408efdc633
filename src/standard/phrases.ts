// Every phrase of the Communication Standard, character for character as published
// (standard.uk.txt). The published text wins over any retyping: it uses the typographic
// apostrophe ’ (ім’я, обов’язково), the ellipsis character … and the № sign, and the T2
// phrase has no comma after «будь ласка». Do not "fix" these: the product shows and checks
// the exact wording.
//
// Phrases marked DOVIRA_WORDING are our own polite defaults for rules where the Standard
// prescribes an action but no exact words; they may be edited freely and must never be
// presented as the Standard's text.

import type { RequirementId } from './requirements.ts';

/** Part of the day that decides the greeting (G2). */
export type DayPeriod = 'morning' | 'day' | 'evening';

/** G2: greeting by time of day, as published. */
export const GREETING_PHRASES = {
  morning: 'Доброго ранку',
  day: 'Доброго дня',
  evening: 'Доброго вечора',
} as const satisfies Record<DayPeriod, string>;

/** G3: the published introduction template; the operator fills in number and full name. */
export const INTRODUCTION_TEMPLATE = 'Оператор № (назвати номер) та назвати своє повне ім’я';

/** G4: asking how to address the caller. */
export const ASK_FORM_OF_ADDRESS = 'Як я можу до Вас звертатись?';

/** G5: offering help. */
export const OFFER_HELP = 'Чим можу Вам допомогти?';

/** G6: callers are addressed only with the polite «Ви». */
export const POLITE_YOU = 'Ви';

/** G6: courtesy words. */
export const COURTESY_WORDS = ['Прошу Вас', 'Будь ласка', 'Якщо можна'] as const;

/** C2: clarifying questions; the operator completes them after the ellipsis. */
export const CLARIFYING_PHRASES = [
  'Будь ласка, уточніть Ваш запит щодо…',
  'Якщо я Вас вірно зрозумів/ла Ви бажаєте…',
] as const;

/** C4: closing the call kindly. */
export const CLOSING_PHRASE =
  'Дякуємо Вам за дзвінок, при потребі телефонуйте ще, завжди будемо раді Вам допомогти';

/** C4 done, in the one name every screen uses: the operator's checklist, the call's timeline, the audit trail. */
export const CLOSING_PHRASE_SAID = 'Завершальну фразу сказано';

/** D2: apologies once poor service or an error is confirmed. */
export const APOLOGY_PHRASES = [
  'Просимо вибачення за неякісне обслуговування, надалі ці недоліки ми обов’язково врахуємо в роботі та терміново їх усунемо',
  'Дякуємо, що Ви звернули нашу увагу на цю проблему/помилку/питання',
] as const;

/** T2: ending a call when the caller cannot be heard. */
export const BAD_AUDIO_PHRASE = 'Зателефонуйте, будь ласка ще раз, Вас не чути';

/**
 * Dovira's own wording — NOT the Standard's text. The Standard requires the action
 * (C1 explain, C3 check understanding, D3 warn, T1 try to reach the caller, H1-H4 hold,
 * A3 tell the caller about forwarding) but gives no exact phrase.
 */
export const DOVIRA_WORDING = {
  /** C1: request outside the judiciary's powers. */
  outsidePowers:
    'На жаль, Ваше питання не належить до повноважень органів судової влади, тому надати консультацію щодо нього я не можу.',
  /** C3: check that the caller understood and has no open questions. */
  understandingCheck: 'Чи все Вам зрозуміло? Чи залишились у Вас ще питання?',
  /** D3: warning before ending an abusive call. */
  abuseWarning:
    'Прошу Вас утримуватися від таких висловлювань, вони неприпустимі. Інакше розмову буде завершено.',
  /** D3: said when the operator ends the call after the warning. */
  abuseEnding: 'Через неприпустимі висловлювання я завершую розмову.',
  /** T1: trying to reach a caller who cannot be heard. */
  badAudioTry: 'Вас погано чути. Будь ласка, повторіть, якщо можна, трохи голосніше.',
  /** H1: agreeing that the caller waits on the line. */
  holdRequest: 'Мені потрібно уточнити інформацію. Прошу Вас, зачекайте, будь ласка, на лінії. Чи можете Ви зачекати?',
  /** H1/H5: back from hold. */
  holdReturn: 'Дякую, що зачекали.',
  /** H3: offering a call back when the search takes longer. */
  callbackOffer: 'Пошук інформації потребує більше часу. Якщо можна, я зателефоную Вам пізніше з відповіддю.',
  /** H4: transfer to the competent authorised person (розпорядник інформації). */
  transferNotice: 'Прошу Вас зачекати, будь ласка: я переключу Ваш виклик до відповідальної особи.',
  /** A3: the caller is told the appeal is forwarded the same day. */
  forwardingNotice:
    'Ваше питання поза компетенцією контакт-центру, тому Ваше звернення сьогодні ж буде направлено за належністю до відповідного органу судової влади.',
} as const;

export type DoviraWordingKey = keyof typeof DOVIRA_WORDING;

/** Where a phrase comes from: the published Standard or Dovira's own default wording. */
export type PhraseSource = 'standard' | 'dovira';

export interface CataloguedPhrase {
  readonly requirement: RequirementId;
  readonly text: string;
  readonly source: PhraseSource;
}

/** Every phrase in one list, for scoring and for showing the Standard's wording. */
export const PHRASE_CATALOGUE: readonly CataloguedPhrase[] = [
  ...Object.values(GREETING_PHRASES).map((text) => standard('G2', text)),
  standard('G3', INTRODUCTION_TEMPLATE),
  standard('G4', ASK_FORM_OF_ADDRESS),
  standard('G5', OFFER_HELP),
  standard('G6', POLITE_YOU),
  ...COURTESY_WORDS.map((text) => standard('G6', text)),
  ...CLARIFYING_PHRASES.map((text) => standard('C2', text)),
  standard('C4', CLOSING_PHRASE),
  ...APOLOGY_PHRASES.map((text) => standard('D2', text)),
  standard('T2', BAD_AUDIO_PHRASE),
  dovira('C1', DOVIRA_WORDING.outsidePowers),
  dovira('C3', DOVIRA_WORDING.understandingCheck),
  dovira('D3', DOVIRA_WORDING.abuseWarning),
  dovira('D3', DOVIRA_WORDING.abuseEnding),
  dovira('T1', DOVIRA_WORDING.badAudioTry),
  dovira('H1', DOVIRA_WORDING.holdRequest),
  dovira('H5', DOVIRA_WORDING.holdReturn),
  dovira('H3', DOVIRA_WORDING.callbackOffer),
  dovira('H4', DOVIRA_WORDING.transferNotice),
  dovira('A3', DOVIRA_WORDING.forwardingNotice),
];

function standard(requirement: RequirementId, text: string): CataloguedPhrase {
  return { requirement, text, source: 'standard' };
}

function dovira(requirement: RequirementId, text: string): CataloguedPhrase {
  return { requirement, text, source: 'dovira' };
}

// Transcripts and keyboards produce several apostrophes (' ʼ ‘ `); comparing against the
// published ’ needs them unified first.
const APOSTROPHE_LOOKALIKES = /['ʼ‘`]/g;

/** Replaces apostrophe look-alikes with the published ’, for comparing spoken text. */
export function normalizeApostrophes(text: string): string {
  return text.replace(APOSTROPHE_LOOKALIKES, '’');
}

/**
 * A1: kinds of oral appeal (усне звернення = oral appeal) the operator records.
 * Keys are stable identifiers for storage; values are the Ukrainian labels.
 */
export const APPEAL_KINDS = {
  remark: 'зауваження',
  proposal: 'пропозиція',
  statement: 'заява',
  complaint: 'скарга',
  request: 'прохання',
  demand: 'вимога',
} as const;

export type AppealKind = keyof typeof APPEAL_KINDS;

export const APPEAL_KIND_KEYS = Object.keys(APPEAL_KINDS) as readonly AppealKind[];

export function isAppealKind(value: unknown): value is AppealKind {
  return typeof value === 'string' && Object.hasOwn(APPEAL_KINDS, value);
}

/**
 * G1: language of the call — Ukrainian, or another language acceptable to both sides.
 * Kept deliberately short; the exact other language can go in a free-text note.
 */
export const CALL_LANGUAGES = {
  uk: 'українська',
  en: 'англійська',
  other: 'інша мова, прийнятна для сторін',
} as const;

export type CallLanguage = keyof typeof CALL_LANGUAGES;

export const DEFAULT_CALL_LANGUAGE: CallLanguage = 'uk';

export function isCallLanguage(value: unknown): value is CallLanguage {
  return typeof value === 'string' && Object.hasOwn(CALL_LANGUAGES, value);
}
