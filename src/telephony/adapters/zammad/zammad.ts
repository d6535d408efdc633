// Zammad's "Generic CTI" webhook (newCall / answer / hangup), so that an exchange already set up
// for Zammad needs only a new URL. Zammad sends no event id or time: the id is derived from the
// call and the event, so the exchange's retries are recognised as repeats.
import { z } from 'zod';
import { KnownPbxEvent } from '../../contract.ts';
import { zammadHangupBy } from '../../mapping.ts';

const text = (max: number) => z.string().max(max, `Не довше ${max} символів`);
const users = z.union([text(200), z.array(text(200)).max(20)]);

/** The documented fields (docs.zammad.org, api/generic-cti); JSON or form-encoded. */
export const ZammadBody = z.strictObject({
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
});
export type ZammadBody = z.output<typeof ZammadBody>;

/** The normalised event, checked by the same schema as the native API (its errors name the fields). */
export function fromZammad(body: ZammadBody, at: Date) {
  const common = { eventId: `zammad:${body.callId}:${body.event}`, callId: body.callId, timestamp: at.toISOString() };
  const direction = body.direction === 'out' ? 'outbound' : 'inbound';
  switch (body.event) {
    case 'newCall':
      return KnownPbxEvent.safeParse({ ...common, type: 'offered', from: body.from ?? '', to: body.to ?? '', direction, ...(body.queue ? { queue: body.queue } : {}) });
    case 'answer':
      return KnownPbxEvent.safeParse({ ...common, type: 'answered', ...(body.answeringNumber ? { extension: body.answeringNumber } : {}) });
    case 'hangup':
      return KnownPbxEvent.safeParse({ ...common, type: 'hangup', cause: body.cause || 'unknown', by: zammadHangupBy(body.cause) });
  }
}
