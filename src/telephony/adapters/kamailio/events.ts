// kamailio's events, as the reference configuration (telephony/kamailio/kamailio.cfg, route EMIT)
// sends them over evapi, mapped onto Dovira's normalised contract. Pure: no I/O.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { PbxEventSchema, type PbxEvent } from '../../contract.ts';

/** The ids the configuration builds (kam-<type>-<md5 of the Call-ID>-…), also what an ack may carry. */
export const EVENT_ID = /^[A-Za-z0-9_.:-]{1,200}$/;

const text = (max: number) => z.string().max(max);

/** One call event: {"v":1,"id","type","callId","ts":"<seconds>.<microseconds>", …fields of its type}. */
export const KamailioEvent = z.looseObject({
  v: z.literal(1),
  id: z.string().regex(EVENT_ID),
  type: z.string().regex(/^[a-z][a-z_]{0,63}$/),
  callId: z.string().min(1).max(1024),
  /** The Call-ID of the caller's first leg: the same on every leg of a transfer (absent from older configurations). */
  linkedId: z.string().min(1).max(1024).optional(),
  ts: z.string().regex(/^\d{1,12}\.\d{6}$/),
  from: text(256).optional(),
  to: text(256).optional(),
  direction: text(16).optional(),
  extension: text(256).optional(),
  cause: text(64).optional(),
  by: text(16).optional(),
  kind: text(16).optional(),
});
export type KamailioEvent = z.output<typeof KamailioEvent>;

/** The end of a replay Dovira asked for ("replay <nonce>"): every unacknowledged event came before it. */
const ReplayDone = z.object({ type: z.literal('replay_done'), nonce: z.string().max(64), count: z.number().int().min(0) });

export type Frame =
  | { kind: 'event'; event: KamailioEvent }
  | { kind: 'replay_done'; nonce: string; count: number }
  /** Not an event Dovira can read; `id` when it has one that can still be acknowledged. */
  | { kind: 'malformed'; id: string | null; type: string | null; reason: string };

export function parseFrame(frame: string): Frame {
  let json: unknown;
  try {
    json = JSON.parse(frame);
  } catch {
    return { kind: 'malformed', id: null, type: null, reason: 'не JSON' };
  }
  const done = ReplayDone.safeParse(json);
  if (done.success) return { kind: 'replay_done', nonce: done.data.nonce, count: done.data.count };
  const parsed = KamailioEvent.safeParse(json);
  if (parsed.success) return { kind: 'event', event: parsed.data };
  const loose = (typeof json === 'object' && json !== null ? json : {}) as { id?: unknown; type?: unknown };
  return {
    kind: 'malformed',
    id: typeof loose.id === 'string' && EVENT_ID.test(loose.id) ? loose.id : null,
    type: typeof loose.type === 'string' ? loose.type.slice(0, 64) : null,
    reason: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'повідомлення'}: ${issue.message}`).join('; '),
  };
}

/**
 * Dovira's id of the call: the SIP Call-ID itself when the contract's characters allow it, else a
 * stable digest of it (a Call-ID may hold ! % ~ and other characters the contract refuses).
 */
export function pbxCallId(sipCallId: string): string {
  if (sipCallId.length <= 250 && /^[\w.:@+*#/-]+$/.test(sipCallId)) return sipCallId;
  return `sip-sha256:${createHash('sha256').update(sipCallId).digest('hex')}`;
}

/** kamailio's "<seconds>.<microseconds>" as an ISO instant (millisecond precision). */
export function isoTimestamp(ts: string): string {
  const [seconds, micros] = ts.split('.') as [string, string];
  return new Date(Number(seconds) * 1000 + Math.floor(Number(micros) / 1000)).toISOString();
}

const PARTY = /^[0-9A-Za-z+*#()._ -]*$/;

/** A number or name as the contract allows it: characters it refuses are dropped, not the party. */
function party(value: string | undefined): string {
  const raw = value ?? '';
  return (PARTY.test(raw) ? raw : raw.replace(/[^0-9A-Za-z+*#()._ -]/g, '')).slice(0, 64);
}

const ENVELOPE = new Set(['v', 'id', 'type', 'callId', 'linkedId', 'ts']);

/** The normalised event, or why it cannot be one (in Ukrainian, from the contract's own checks). */
export function toPbxEvent(event: KamailioEvent): { ok: true; event: PbxEvent } | { ok: false; reason: string } {
  const common = {
    eventId: event.id,
    callId: pbxCallId(event.callId),
    // A Call-ID too: made to fit the contract the same way, so both legs still carry the same one.
    ...(event.linkedId === undefined ? {} : { linkedId: pbxCallId(event.linkedId) }),
    timestamp: isoTimestamp(event.ts),
  };
  let fields: Record<string, unknown>;
  switch (event.type) {
    case 'offered':
      fields = { from: party(event.from), to: party(event.to), direction: event.direction };
      break;
    case 'ringing':
      fields = { extension: event.extension };
      break;
    case 'answered':
      fields = event.extension ? { extension: event.extension } : {};
      break;
    case 'hold':
    case 'unhold':
      fields = {};
      break;
    case 'transfer':
      fields = { to: party(event.to) || 'unknown', kind: event.kind };
      break;
    case 'hangup':
      fields = { cause: event.cause, by: event.by };
      break;
    default:
      // A type a newer configuration sends: kept and ignored by the ingest, with what it carried.
      fields = Object.fromEntries(Object.entries(event).filter(([key]) => !ENVELOPE.has(key)));
  }
  const parsed = PbxEventSchema.safeParse({ type: event.type, ...common, ...fields });
  return parsed.success
    ? { ok: true, event: parsed.data }
    : { ok: false, reason: parsed.error.issues.map((issue) => issue.message).join('; ') };
}
