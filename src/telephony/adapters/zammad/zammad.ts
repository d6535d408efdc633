// Zammad's "Generic CTI" webhook (newCall / answer / hangup), so that an exchange already set up
// for Zammad needs only a new URL. Zammad sends no event id or time: the id is derived from the
// call and the event, so the exchange's retries are recognised as repeats.
import { z } from 'zod';
import { ExtensionField, KnownPbxEvent, UNKNOWN_FIELDS_BOUND, UNKNOWN_FIELDS_DROPPED, withUnknownFieldsBounded } from '../../contract.ts';
import { zammadHangupBy } from '../../mapping.ts';

const text = (max: number) => z.string().max(max, `Не довше ${max} символів`);
const users = z.union([text(200), z.array(text(200)).max(20)]);

const documented = {
  event: z.enum(['newCall', 'answer', 'hangup'], { error: 'event: newCall, answer або hangup' }),
  callId: text(250),
  from: text(64).optional(),
  to: text(64).optional(),
  direction: z.enum(['in', 'out'], { error: 'direction: in або out' }).optional(),
  user: users.optional(),
  'user[]': users.optional(),
  queue: text(200).optional(),
  cause: text(64).optional(),
  answeringNumber: text(200).optional(),
};
const DOCUMENTED: ReadonlySet<string> = new Set(Object.keys(documented));

/**
 * The documented fields (docs.zammad.org, api/generic-cti); JSON or form-encoded. Fields an
 * exchange adds of its own (xcid, origCallId) are accepted and kept, as the event API keeps them.
 */
export const ZammadBody = z.object(documented).catchall(z.unknown().meta({
  description: `Поле, якого немає в документації Zammad: зберігається з подією (до ${UNKNOWN_FIELDS_BOUND.count} полів і `
    + `${UNKNOWN_FIELDS_BOUND.bytes / 1024} КіБ JSON; про решту — ${UNKNOWN_FIELDS_DROPPED})`,
}));
export type ZammadBody = z.output<typeof ZammadBody>;

/** What Zammad answers a newCall from a number the admin blocked: the exchange hangs up as busy. */
export const ZAMMAD_REJECT = { action: 'reject', reason: 'busy' } as const;

/**
 * The normalised event, checked by the same schema as the native API (its errors name the fields).
 * The body as the exchange sent it is kept with the event under `zammad`.
 */
export function fromZammad(body: ZammadBody, at: Date) {
  const common = {
    eventId: `zammad:${body.callId}:${body.event}`, callId: body.callId, timestamp: at.toISOString(),
    zammad: withUnknownFieldsBounded(body, DOCUMENTED),
  };
  const direction = body.direction === 'out' ? 'outbound' : 'inbound';
  switch (body.event) {
    case 'newCall':
      return KnownPbxEvent.safeParse({ ...common, type: 'offered', from: body.from ?? '', to: body.to ?? '', direction, ...(body.queue ? { queue: body.queue } : {}) });
    case 'answer':
      // Zammad finds the user by phone, login or id (jdoe@example.com); Dovira only by extension, so
      // anything else is no extension and the call's own ringing tells who answered.
      return KnownPbxEvent.safeParse({ ...common, type: 'answered', ...(ExtensionField.safeParse(body.answeringNumber).success ? { extension: body.answeringNumber } : {}) });
    case 'hangup':
      return KnownPbxEvent.safeParse({ ...common, type: 'hangup', cause: body.cause || 'unknown', by: zammadHangupBy(body.cause) });
  }
}
