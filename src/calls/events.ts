// The typed events of a call's timeline. The same schemas check what an operator posts and,
// later, what the PBX reports: both go through the same rules (rules.ts).
import { z } from 'zod';
import { CALL_LANGUAGES, type CallLanguage } from '../standard/index.ts';
import { freeText, phone } from '../http/fields.ts';

/** Who reported the event: the operator in the web client, or the telephone exchange. */
export type EventSource = 'operator' | 'pbx';

/** Why a call ended, with the label an operator or supervisor sees. */
export const END_REASONS = {
  completed: 'Розмову завершено',
  caller_hung_up: 'Заявник поклав слухавку',
  abusive_caller: 'Завершено через неприпустимі висловлювання (D3)',
  no_audio: 'Завершено через відсутність зв’язку (T2)',
  transferred: 'Виклик переключено до розпорядника інформації (H4)',
  callback_arranged: 'Домовлено про зворотний дзвінок (H3)',
  // Reported by the exchange for a call nobody answered; offered for a callback (H3).
  missed: 'Пропущений дзвінок: не прийнято оператором',
  abandoned: 'Заявник поклав слухавку, не дочекавшись відповіді',
} as const;

export type EndReason = keyof typeof END_REASONS;
export const END_REASON_KEYS = Object.keys(END_REASONS) as [EndReason, ...EndReason[]];

/** D3: the situations in which the operator may warn and then end the call. */
export const ABUSE_REASONS = {
  obscene_language: 'Ненормативна лексика',
  personal_insult: 'Особисті образи',
  insult_of_contact_centre: 'Образи контакт-центру',
  incitement_to_hatred: 'Заклики до розпалювання національної, расової чи релігійної ворожнечі',
} as const;

export type AbuseReason = keyof typeof ABUSE_REASONS;
const ABUSE_REASON_KEYS = Object.keys(ABUSE_REASONS) as [AbuseReason, ...AbuseReason[]];
const LANGUAGE_KEYS = Object.keys(CALL_LANGUAGES) as [CallLanguage, ...CallLanguage[]];

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.strictObject({ type: z.literal(type), ...shape });

const Offered = event('offered', {});
const Answered = event('answered', {});
const Greeted = event('greeted', {});
const FormOfAddressRecorded = event('form_of_address_recorded', {
  formOfAddress: freeText(100, 'Звертання до заявника'),
});
const LanguageRecorded = event('language_recorded', {
  language: z.enum(LANGUAGE_KEYS, { error: 'Мова: оберіть uk, en або other' }),
  note: freeText(100, 'Уточнення мови').optional(),
});
const TopicRecorded = event('topic_recorded', {
  topic: freeText(500, 'Тема звернення'),
  outsideJudiciary: z.boolean({ error: 'Поза повноваженнями судової влади: очікується true або false' }),
  explanation: freeText(1000, 'Надане пояснення').optional(),
});
const CallerDissatisfied = event('caller_dissatisfied', {
  cause: freeText(1000, 'Причина незадоволення'),
  actionTaken: freeText(1000, 'Вжиті заходи'),
  apologyGiven: z.boolean({ error: 'Вибачення: очікується true або false' }),
});
const HoldStarted = event('hold_started', {
  callerConsented: z.boolean({ error: 'Згода заявника: очікується true або false' }),
});
const HoldEnded = event('hold_ended', {});
const AbuseWarningGiven = event('abuse_warning_given', {
  reason: z.enum(ABUSE_REASON_KEYS, { error: `Причина попередження: одна з ${ABUSE_REASON_KEYS.join(', ')}` }),
});
const BadAudioStarted = event('bad_audio_started', {});
const BadAudioEnded = event('bad_audio_ended', {
  resolved: z.boolean({ error: 'Зв’язок відновлено: очікується true або false' }),
});
const Transferred = event('transferred', {
  to: freeText(200, 'Кому переключено (ім’я чи посада розпорядника інформації)'),
});
const CallbackRequested = event('callback_requested', {
  phone: phone('Телефон для зворотного дзвінка'),
  reason: freeText(500, 'Причина зворотного дзвінка'),
});
const UnderstandingConfirmed = event('understanding_confirmed', {});
const ClosingPhraseSaid = event('closing_phrase_said', {});
const Ended = event('ended', {
  reason: z.enum(END_REASON_KEYS, { error: `Причина завершення: одна з ${END_REASON_KEYS.join(', ')}` }),
});

// Everything but `offered`: a call is offered by being opened (by hand or by the PBX).
const postable = [
  Answered, Greeted, FormOfAddressRecorded, LanguageRecorded, TopicRecorded, CallerDissatisfied,
  HoldStarted, HoldEnded, AbuseWarningGiven, BadAudioStarted, BadAudioEnded, Transferred,
  CallbackRequested, UnderstandingConfirmed, ClosingPhraseSaid, Ended,
] as const;

/** The body of POST /calls/:id/events. */
export const PostedCallEvent = z.discriminatedUnion('type', [...postable]);

/** Every event a timeline can hold. */
export const CallEventSchema = z.discriminatedUnion('type', [Offered, ...postable]);

export type CallEvent = z.output<typeof CallEventSchema>;
export type CallEventType = CallEvent['type'];
export const CALL_EVENT_TYPES = CallEventSchema.options.map((option) => option.shape.type.value) as CallEventType[];
