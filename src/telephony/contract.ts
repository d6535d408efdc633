// The normalised event contract a telephone exchange (АТС, PBX) speaks to Dovira. Whatever the
// exchange (kamailio, a Zammad-style webhook), its events are mapped onto these before anything
// touches a call, so every source goes through the same code and the same call rules.
import { z } from 'zod';
import { UNKNOWN_FIELD, type FieldError } from '../http/problem.ts';

const token = (max: number, label: string) =>
  z.string({ error: `${label}: очікується текст` })
    .min(1, `${label}: поле обов’язкове`)
    .max(max, `${label}: не довше ${max} символів`)
    .regex(/^[\w.:@+*#/-]+$/, `${label}: лише латинські літери, цифри та знаки . : @ + * # / - _`);

/** An extension (внутрішній номер) or a public number (DID) of the exchange. */
export const ExtensionField = z.string({ error: 'Внутрішній номер: очікується текст' })
  .regex(/^[0-9A-Za-z*#+._-]{1,32}$/, 'Внутрішній номер: 1-32 символи, цифри, латинські літери та * # + . _ -');

/** A party's number as the exchange reports it: a phone, an extension or «anonymous». */
const Party = z.string({ error: 'Номер: очікується текст' })
  .max(64, 'Номер: не довше 64 символів')
  .regex(/^[0-9A-Za-z+*#()._ -]*$/, 'Номер: лише цифри, латинські літери, пробіл та + * # ( ) . _ -');

const common = {
  eventId: token(200, 'Ідентифікатор події'),
  callId: token(250, 'Ідентифікатор дзвінка АТС'),
  linkedId: token(250, 'Пов’язаний ідентифікатор').optional()
    .describe('Однаковий на всіх подіях дзвінка й на всіх його плечах: нове плече переключеного заявника (новий callId) несе linkedId першого'),
  timestamp: z.iso.datetime({ offset: true, error: 'Час події: дата й час ISO 8601 з часовим поясом' }),
};

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...common, ...shape });

export const HANGUP_BY = ['caller', 'operator', 'system'] as const;

const Offered = event('offered', {
  from: Party,
  to: Party,
  direction: z.enum(['inbound', 'outbound'], { error: 'Напрямок: inbound або outbound' }),
  queue: z.string({ error: 'Черга: очікується текст' }).min(1, 'Черга: поле не може бути порожнім').max(200, 'Черга: не довше 200 символів')
    .regex(/^\P{Cc}+$/u, 'Черга: без керівних символів').optional()
    .describe('Черга чи група, до якої АТС поставила дзвінок; без неї дзвінок чекає на номері, який набрав заявник'),
});
const Ringing = event('ringing', { extension: ExtensionField });
const Answered = event('answered', { extension: ExtensionField.optional() });
const Hold = event('hold', {});
const Unhold = event('unhold', {});
const Transfer = event('transfer', {
  to: Party.pipe(z.string().min(1, 'Кому переключено: поле обов’язкове')),
  kind: z.enum(['blind', 'attended'], { error: 'Вид переключення: blind або attended' }),
});
const Dtmf = event('dtmf', { digit: z.string().regex(/^[0-9*#A-D]$/, 'Цифра: одна з 0-9 * # A-D') });
const Hangup = event('hangup', {
  cause: token(64, 'Причина завершення'),
  by: z.enum(HANGUP_BY, { error: 'Хто завершив: caller, operator або system' }),
});
const RecordingReady = event('recording_ready', { url: z.url({ protocol: /^https?$/, error: 'Адреса запису: http(s)-посилання' }).max(2000) });
// Q1: the citizen's key, or null when the survey went unanswered.
const SCORE = 'Оцінка: ціле число від 1 до 5 або null (заявник не оцінив)';
const SurveyResult = event('survey_result', { score: z.number({ error: SCORE }).int(SCORE).min(1, SCORE).max(5, SCORE).nullable() });

const known = [Offered, Ringing, Answered, Hold, Unhold, Transfer, Dtmf, Hangup, RecordingReady, SurveyResult] as const;

/** One event of a type Dovira understands. */
export const KnownPbxEvent = z.discriminatedUnion('type', [...known]);
export type KnownPbxEvent = z.output<typeof KnownPbxEvent>;
export type PbxEventType = KnownPbxEvent['type'];
export const PBX_EVENT_TYPES = known.map((schema) => schema.shape.type.value) as PbxEventType[];

/**
 * A type Dovira does not know yet (a newer exchange): accepted, kept and ignored, so the exchange
 * is not made to retry it forever. Only the envelope is checked; the rest is kept as sent.
 */
export const UnknownPbxEvent = z.looseObject({
  ...common,
  type: token(64, 'Тип події').refine((type) => !(PBX_EVENT_TYPES as string[]).includes(type), 'Тип події: відомий тип з некоректними полями'),
});

export const PbxEventSchema = z.union([KnownPbxEvent, UnknownPbxEvent]);
export type PbxEvent = z.output<typeof PbxEventSchema>;

export function isKnown(event: PbxEvent): event is KnownPbxEvent {
  return (PBX_EVENT_TYPES as string[]).includes(event.type);
}

const eventList = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'Події: хоча б одна').max(100, 'Події: не більше 100 за раз');

/** The body: one event or a batch of up to 100. */
export const PbxEventsBody = z.union([PbxEventSchema, z.strictObject({ events: eventList(PbxEventSchema) })]);

const KNOWN_BY_TYPE = new Map<unknown, z.ZodType>(known.map((schema) => [schema.shape.type.value, schema]));

/**
 * The field errors of a body PbxEventsBody refused. A union only says that no branch fits; here each
 * event is judged by the schema of its own type (or of an unknown type), so the exchange is told
 * which field of which event is wrong, e.g. `events.1.score`.
 */
export function pbxEventsFieldErrors(body: unknown): FieldError[] {
  const isBatch = typeof body === 'object' && body !== null && 'events' in body && !('eventId' in body);
  if (!isBatch) return eventFieldErrors(body, []);
  const batch = z.strictObject({ events: eventList(z.unknown()) }).safeParse(body);
  if (!batch.success) return fieldErrors(batch.error, []);
  return batch.data.events.flatMap((event, n) => eventFieldErrors(event, ['events', n]));
}

function eventFieldErrors(raw: unknown, at: PropertyKey[]): FieldError[] {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  const parsed = (KNOWN_BY_TYPE.get(type) ?? UnknownPbxEvent).safeParse(raw);
  return parsed.success ? [] : fieldErrors(parsed.error, at);
}

function fieldErrors(error: z.ZodError, at: PropertyKey[]): FieldError[] {
  return error.issues.map((issue) => {
    const path = [...at, ...issue.path].map(String);
    if (issue.code === 'unrecognized_keys') return { field: issue.keys.map((key) => [...path, key].join('.')).join(', '), message: UNKNOWN_FIELD };
    return { field: path.join('.') || 'body', message: issue.message };
  });
}

export const EVENT_OUTCOMES = ['applied', 'duplicate', 'stale', 'ignored_unknown_type', 'refused'] as const;

export const EventOutcomeView = z.object({
  eventId: z.string(),
  type: z.string(),
  outcome: z.enum(EVENT_OUTCOMES),
  reason: z.string().nullable().describe('Чому подію не застосовано (українською) або що саме зроблено'),
  callId: z.uuid().nullable().describe('Дзвінок у Dovira, до якого належить подія'),
});
export type EventOutcomeView = z.output<typeof EventOutcomeView>;

/** Examples for the OpenAPI document. */
export const EVENT_EXAMPLES = [
  { eventId: 'evt-0001', callId: 'a84c1f2e@pbx', type: 'offered', timestamp: '2026-11-25T08:00:00Z', from: '+380441234567', to: '1017', direction: 'inbound' },
  {
    events: [
      { eventId: 'evt-0002', callId: 'a84c1f2e@pbx', type: 'answered', timestamp: '2026-11-25T08:00:05Z', extension: '1017' },
      { eventId: 'evt-0003', callId: 'a84c1f2e@pbx', type: 'hangup', timestamp: '2026-11-25T08:03:00Z', cause: 'normal_clearing', by: 'caller' },
    ],
  },
];
