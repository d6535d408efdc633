// The normalised event contract a telephone exchange (АТС, PBX) speaks to Dovira. Whatever the
// exchange (kamailio, a Zammad-style webhook), its events are mapped onto these before anything
// touches a call, so every source goes through the same code and the same call rules.
import { z } from 'zod';
import { UNKNOWN_FIELD, type FieldError } from '../http/problem.ts';
import { unstorable } from '../http/storable-text.ts';

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

/**
 * What Dovira keeps of fields it does not know. An exchange adds its own (a vendor's call id, SIP
 * headers, the trunk): refusing the event for them would lose the caller's call (H3), so they are
 * accepted and kept with the event in pbx_events.payload, as sent, up to a bound, so that no
 * exchange can make every stored event huge: at most `count` such fields of at most `bytes` of
 * JSON together, none nested deeper than `depth`. A field beyond the bound, or holding text
 * PostgreSQL cannot store (NUL, half a UTF-16 pair), is left out and counted in the kept payload's
 * `unknownFieldsDropped`; the event itself, its known fields checked as ever, still counts.
 */
export const UNKNOWN_FIELDS_BOUND = { count: 32, bytes: 4096, depth: 8 } as const;
export const UNKNOWN_FIELDS_DROPPED = 'unknownFieldsDropped';

const UnknownField = z.unknown().meta({
  description: `Поле, якого Dovira не знає (напр. xcid, sipHeaders): приймається і зберігається з подією як надіслано, до ${UNKNOWN_FIELDS_BOUND.count} полів `
    + `і ${UNKNOWN_FIELDS_BOUND.bytes / 1024} КіБ JSON разом; решта відкидається, а їх кількість записується в ${UNKNOWN_FIELDS_DROPPED}`,
});

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...common, ...shape }).catchall(UnknownField);

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
export const UnknownPbxEvent = z.object({
  ...common,
  type: token(64, 'Тип події').refine((type) => !(PBX_EVENT_TYPES as string[]).includes(type), 'Тип події: відомий тип з некоректними полями'),
}).catchall(UnknownField);

export const PbxEventSchema = z.union([KnownPbxEvent, UnknownPbxEvent]);
export type PbxEvent = z.output<typeof PbxEventSchema>;

export function isKnown(event: PbxEvent): event is KnownPbxEvent {
  return (PBX_EVENT_TYPES as string[]).includes(event.type);
}

const eventList = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'Події: хоча б одна').max(100, 'Події: не більше 100 за раз');

/**
 * The body: one event or a batch of up to 100. The batch's envelope has nothing to keep a field
 * of its own with, so there an unknown field is still refused, named.
 */
export const PbxEventsBody = z.union([PbxEventSchema, z.strictObject({ events: eventList(PbxEventSchema) })]);

const KNOWN_BY_TYPE = new Map<unknown, z.ZodType>(known.map((schema) => [schema.shape.type.value, schema]));
const KNOWN_FIELDS = new Map<unknown, ReadonlySet<string>>(known.map((schema) => [schema.shape.type.value, new Set(Object.keys(schema.shape))]));
const ENVELOPE_FIELDS: ReadonlySet<string> = new Set(Object.keys(UnknownPbxEvent.shape));

/** The event as it is kept: its known fields, and its unknown ones within UNKNOWN_FIELDS_BOUND. */
export function keptAsSent<T extends PbxEvent>(event: T): T {
  return withUnknownFieldsBounded(event, KNOWN_FIELDS.get(event.type) ?? ENVELOPE_FIELDS);
}

/** `fields` with those not in `known` bounded by UNKNOWN_FIELDS_BOUND, in the order sent. */
export function withUnknownFieldsBounded<T extends Record<string, unknown>>(fields: T, known: ReadonlySet<string>): T & Record<string, unknown> {
  // Most events carry none: those are kept as they are, at no cost to a busy exchange.
  if (Object.keys(fields).every((key) => known.has(key))) return fields;
  const kept: Record<string, unknown> = {};
  let count = 0;
  let bytes = 0;
  let dropped = 0;
  for (const [key, value] of Object.entries(fields)) {
    if (known.has(key)) {
      keep(kept, key, value);
      continue;
    }
    const size = count < UNKNOWN_FIELDS_BOUND.count && key !== UNKNOWN_FIELDS_DROPPED
      ? storedSize(key, value, UNKNOWN_FIELDS_BOUND.bytes - bytes) : Infinity;
    if (size === Infinity) {
      dropped += 1;
      continue;
    }
    keep(kept, key, value);
    count += 1;
    bytes += size;
  }
  if (dropped > 0) keep(kept, UNKNOWN_FIELDS_DROPPED, dropped);
  return kept as T;
}

// Defined, never assigned: a field named __proto__ stays a field and never becomes the prototype.
function keep(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The size in bytes of `"key":value` as JSON, or Infinity when it is over `budget`, deeper than the
 * bound or holds unstorable text. Walked without recursion, so no nesting can overflow the stack.
 */
function storedSize(key: string, value: unknown, budget: number): number {
  let size = 0;
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  const text = (string: string) => {
    if (string.length > budget || unstorable(string)) return false;
    size += Buffer.byteLength(JSON.stringify(string)) + 1;
    return size <= budget;
  };
  if (!text(key)) return Infinity;
  while (stack.length > 0) {
    const { value: item, depth } = stack.pop()!;
    if (typeof item === 'string') {
      if (!text(item)) return Infinity;
    } else if (item !== null && typeof item === 'object') {
      if (depth >= UNKNOWN_FIELDS_BOUND.depth) return Infinity;
      size += 2;
      for (const [inner, nested] of Array.isArray(item) ? item.map((element) => [null, element] as const) : Object.entries(item)) {
        if (inner !== null && !text(inner)) return Infinity;
        size += 1;
        if (size > budget) return Infinity;
        stack.push({ value: nested, depth: depth + 1 });
      }
    } else {
      size += String(JSON.stringify(item ?? null)).length;
    }
    if (size > budget) return Infinity;
  }
  return size;
}

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
