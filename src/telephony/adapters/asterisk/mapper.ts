// Asterisk's ARI events (https://docs.asterisk.org, "Asterisk REST Data Models") mapped onto the
// normalised contract. No I/O: one ARI event in, at most one normalised event out, so a recorded
// stream can be replayed through it in a test exactly as it arrives from Asterisk.
//
// How a call looks in ARI: every leg is a channel with its own id. The dialplan sets
// DOVIRA_LINKEDID (the linkedid: the id of the call's first channel) with a `__` prefix, so every
// leg Queue/Dial creates inherits it, and ari.conf `channelvars = DOVIRA_LINKEDID` puts it in every
// channel event. Dovira's call id (callId) is that linkedid. The first leg is the citizen on an
// inbound call and the operator's phone on an outbound one; the other legs are the other party.
// Without channelvars the legs are still tied together through Stasis and Dial events.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ExtensionField, KnownPbxEvent } from '../../contract.ts';

/** The channel variable that carries the call's linkedid on every leg (set in the dialplan). */
export const LINKEDID_VARIABLE = 'DOVIRA_LINKEDID';

const CallerId = z.looseObject({ name: z.string().optional(), number: z.string().optional() });

/** ARI's Channel model, the fields Dovira reads; the rest is kept as sent. */
const Channel = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  state: z.string(),
  caller: CallerId.optional(),
  connected: CallerId.optional(),
  dialplan: z.looseObject({ context: z.string().optional(), exten: z.string().optional() }).optional(),
  channelvars: z.record(z.string(), z.unknown()).optional(),
});
type Channel = z.output<typeof Channel>;

const base = { application: z.string().optional(), timestamp: z.string().optional(), asterisk_id: z.string().optional() };
const ariEvent = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.looseObject({ type: z.literal(type), ...base, ...shape });

const Known = z.discriminatedUnion('type', [
  ariEvent('StasisStart', { args: z.array(z.string()).default([]), channel: Channel }),
  ariEvent('ChannelStateChange', { channel: Channel }),
  ariEvent('ChannelHold', { channel: Channel }),
  ariEvent('ChannelUnhold', { channel: Channel }),
  ariEvent('ChannelDtmfReceived', { digit: z.string(), channel: Channel }),
  ariEvent('ChannelHangupRequest', { cause: z.number().optional(), soft: z.boolean().optional(), channel: Channel }),
  ariEvent('ChannelDestroyed', { cause: z.number(), cause_txt: z.string(), channel: Channel }),
  ariEvent('ChannelVarset', { variable: z.string(), value: z.string(), channel: Channel.optional() }),
  ariEvent('Dial', { caller: Channel.optional(), peer: Channel, dialstatus: z.string() }),
  ariEvent('BridgeBlindTransfer', { channel: Channel, exten: z.string(), result: z.string(), transferee: Channel.optional() }),
  ariEvent('BridgeAttendedTransfer', {
    transferer_first_leg: Channel,
    transferer_second_leg: Channel,
    transfer_target: Channel.optional(),
    result: z.string(),
  }),
]);
export type AriEvent = z.output<typeof Known>;

/** The ARI event types the mapper reads; any other type is skipped without a word. */
export const ARI_EVENT_TYPES: ReadonlySet<string> = new Set(Known.options.map((option) => option.shape.type.value));

type Direction = 'inbound' | 'outbound';
type HangupBy = 'caller' | 'operator' | 'system';

interface CallTrack {
  direction: Direction;
  /** The earliest hangup request on any leg: whoever asked first ended the call. */
  firstHangup?: { at: number; by: HangupBy };
  /** DIALSTATUS as the dialplan's Dial left it (CANCEL: the caller gave up). */
  dialStatus?: string;
}

export interface Mapped {
  /** The normalised event, already checked against the contract; null when the ARI event changes nothing Dovira tracks. */
  event: KnownPbxEvent | null;
  /** A channel that entered Dovira's Stasis application and must be handed straight back to the dialplan. */
  handBack?: string;
  /** Why nothing came of the event (for the debug log: ids and codes only). */
  skipped?: string;
}

// Enough for every call in progress on a large exchange; the oldest are forgotten first.
const MAX_CALLS = 5000;
const MAX_LEGS = 20_000;

function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as K);
}

/** The contract's id characters; anything else (a custom channel id) becomes `_`. */
function token(text: string, max: number): string {
  const safe = text.replace(/[^\w.:@+*#/-]/g, '_');
  if (safe.length <= max) return safe;
  return `${safe.slice(0, max - 41)}:${createHash('sha256').update(text).digest('hex').slice(0, 40)}`;
}

/** A number as the contract accepts it: a phone, an extension or «anonymous». */
function party(text: string | undefined): string {
  return (text ?? '').replace(/[^0-9A-Za-z+*#()._ -]/g, '').slice(0, 64);
}

/** ARI writes "2026-11-25T10:00:05.120+0000"; the contract wants ISO 8601 with a colon in the offset. */
export function ariTime(timestamp: string | undefined): string | null {
  if (!timestamp) return null;
  const parsed = Date.parse(timestamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

/** "PJSIP/1017-0000000b" → { technology: "PJSIP", resource: "1017" }. */
export function endpointOf(channel: Pick<Channel, 'name'>): { technology: string; resource: string } | null {
  const match = /^([^/]+)\/(.+)-[0-9a-f]+(;[12])?$/i.exec(channel.name);
  return match ? { technology: match[1]!, resource: match[2]! } : null;
}

const isLocal = (channel: Channel) => /^Local\//i.test(channel.name);

/** The operator's extension in Dovira is the endpoint's name (PJSIP/1017-… → 1017). */
function extensionOf(channel: Channel): string | null {
  const resource = endpointOf(channel)?.resource;
  return resource !== undefined && ExtensionField.safeParse(resource).success ? resource : null;
}

/** "Normal Clearing" → "normal_clearing"; an empty text falls back to the Q.850 number. */
function causeToken(cause: number, text: string): string {
  const slug = text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|(?<!_)_+$/g, '').slice(0, 56);
  return slug === '' ? `cause_${cause}` : slug;
}

/**
 * Turns ARI events into normalised ones. It remembers, per call, what later events need: the call's
 * direction, which legs belong to it and who asked to hang up first.
 */
export class AriCallMapper {
  private readonly app: string;
  private readonly calls = new Map<string, CallTrack>();
  /** Channel id (and a Local channel's name) → the call's linkedid, for legs whose events carry no channelvars. */
  private readonly legs = new Map<string, string>();

  constructor(app: string) {
    this.app = app;
  }

  /** `receivedAt` stands in for an event without a timestamp (ARI's timestamp is optional). */
  map(raw: unknown, receivedAt: Date): Mapped {
    const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
    if (typeof type !== 'string' || !ARI_EVENT_TYPES.has(type)) return { event: null, skipped: 'not-mapped' };
    const parsed = Known.safeParse(raw);
    if (!parsed.success) return { event: null, skipped: 'malformed' };
    const event = parsed.data;
    const at = ariTime(event.timestamp) ?? receivedAt.toISOString();

    switch (event.type) {
      case 'StasisStart': {
        if (event.application !== undefined && event.application !== this.app) return { event: null, skipped: 'other-application' };
        const handBack = event.channel.id;
        const direction = event.args[0] ?? 'inbound';
        if (direction !== 'inbound' && direction !== 'outbound') return { event: null, handBack, skipped: 'unknown-stasis-argument' };
        const linkedId = this.linkedIdOf(event.channel) ?? event.channel.id;
        this.track(linkedId, event.channel.id).direction = direction;
        const dialled = party(event.channel.dialplan?.exten);
        const from = direction === 'inbound'
          ? party(event.channel.caller?.number)
          : extensionOf(event.channel) ?? party(event.channel.caller?.number);
        return this.emit(event, at, linkedId, event.channel.id, { type: 'offered', from, to: dialled, direction }, handBack);
      }
      case 'ChannelStateChange': {
        const call = this.callOf(event.channel);
        if (!call || call.first || isLocal(event.channel)) return { event: null, skipped: 'not-an-answering-leg' };
        const { linkedId, track } = call;
        if (event.channel.state === 'Ringing') {
          // Outbound: the call rang from its start (offered); the citizen's phone ringing adds nothing.
          if (track.direction === 'outbound') return { event: null, skipped: 'outbound-ringing' };
          const extension = extensionOf(event.channel);
          if (extension === null) return { event: null, skipped: 'no-extension' };
          return this.emit(event, at, linkedId, event.channel.id, { type: 'ringing', extension }, undefined, 'Ringing');
        }
        if (event.channel.state === 'Up') {
          const extension = track.direction === 'inbound' ? extensionOf(event.channel) : null;
          return this.emit(event, at, linkedId, event.channel.id, { type: 'answered', ...(extension ? { extension } : {}) }, undefined, 'Up');
        }
        return { event: null, skipped: 'state-not-mapped' };
      }
      case 'ChannelHold':
      case 'ChannelUnhold': {
        const call = this.callOf(event.channel);
        if (!call) return { event: null, skipped: 'not-a-dovira-call' };
        return this.emit(event, at, call.linkedId, event.channel.id, { type: event.type === 'ChannelHold' ? 'hold' : 'unhold' });
      }
      case 'ChannelDtmfReceived': {
        const call = this.callOf(event.channel);
        if (!call) return { event: null, skipped: 'not-a-dovira-call' };
        // Only the citizen's keys: the operator's are feature codes (## to transfer), not answers.
        if (this.partyOf(call) !== 'caller') return { event: null, skipped: 'operator-keypad' };
        if (!/^[0-9*#A-D]$/.test(event.digit)) return { event: null, skipped: 'digit-not-in-contract' };
        return this.emit(event, at, call.linkedId, event.channel.id, { type: 'dtmf', digit: event.digit }, undefined, event.digit);
      }
      case 'ChannelHangupRequest': {
        const call = this.callOf(event.channel);
        if (!call) return { event: null, skipped: 'not-a-dovira-call' };
        // A soft hangup is asked for by Asterisk itself (dialplan, ARI, the bridge ending), not by a person.
        const by: HangupBy = event.soft ? 'system' : this.partyOf(call);
        const when = Date.parse(at);
        if (!call.track.firstHangup || when < call.track.firstHangup.at) call.track.firstHangup = { at: when, by };
        return { event: null, skipped: 'remembered' };
      }
      case 'ChannelVarset': {
        if (!event.channel) return { event: null, skipped: 'global-variable' };
        const name = event.variable.replace(/^_{1,2}/, '');
        if (name === LINKEDID_VARIABLE && event.value !== '') {
          this.track(event.value, event.channel.id);
          return { event: null, skipped: 'remembered' };
        }
        const call = this.callOf(event.channel);
        if (call && name === 'DIALSTATUS') call.track.dialStatus = event.value;
        return { event: null, skipped: call ? 'remembered' : 'not-a-dovira-call' };
      }
      case 'Dial': {
        // Ties a leg Dial or Queue created to its call when channelvars are not configured.
        const call = event.caller ? this.callOf(event.caller) : null;
        if (!call) return { event: null, skipped: 'not-a-dovira-call' };
        remember(this.legs, event.peer.id, call.linkedId, MAX_LEGS);
        return { event: null, skipped: 'remembered' };
      }
      case 'ChannelDestroyed': {
        const call = this.callOf(event.channel);
        if (!call) return { event: null, skipped: 'not-a-dovira-call' };
        // The call is over for Dovira when its first leg goes, or the answered other party does
        // (the operator who transferred the citizen and hung up). Unanswered legs are just attempts.
        if (!call.first && (isLocal(event.channel) || event.channel.state !== 'Up')) return { event: null, skipped: 'unanswered-leg' };
        const by = call.track.firstHangup?.by
          ?? (call.track.dialStatus === 'CANCEL' && call.track.direction === 'inbound' ? 'caller' : 'system');
        return this.emit(event, at, call.linkedId, event.channel.id, { type: 'hangup', cause: causeToken(event.cause, event.cause_txt), by });
      }
      case 'BridgeBlindTransfer': {
        const call = this.callOf(event.channel);
        if (!call || event.result !== 'Success') return { event: null, skipped: call ? 'transfer-failed' : 'not-a-dovira-call' };
        return this.emit(event, at, call.linkedId, event.channel.id, { type: 'transfer', to: party(event.exten), kind: 'blind' });
      }
      case 'BridgeAttendedTransfer': {
        const call = this.callOf(event.transferer_first_leg);
        if (!call || event.result !== 'Success') return { event: null, skipped: call ? 'transfer-failed' : 'not-a-dovira-call' };
        const second = event.transferer_second_leg;
        const to = (event.transfer_target && extensionOf(event.transfer_target))
          || party(second.connected?.number) || party(second.dialplan?.exten);
        return this.emit(event, at, call.linkedId, event.transferer_first_leg.id, { type: 'transfer', to, kind: 'attended' });
      }
    }
  }

  private track(linkedId: string, channelId: string): CallTrack {
    remember(this.legs, channelId, linkedId, MAX_LEGS);
    let track = this.calls.get(linkedId);
    if (!track) {
      track = { direction: 'inbound' };
      remember(this.calls, linkedId, track, MAX_CALLS);
    }
    return track;
  }

  private linkedIdOf(channel: Channel): string | null {
    const value = channel.channelvars?.[LINKEDID_VARIABLE];
    if (typeof value === 'string' && value !== '') return value;
    const known = this.legs.get(channel.id);
    if (known) return known;
    // The two halves of a Local channel (…;1 and …;2) belong to the same call.
    const half = /^(Local\/.+);([12])$/i.exec(channel.name);
    return half ? this.legs.get(`${half[1]};${half[2] === '1' ? '2' : '1'}`) ?? null : null;
  }

  /** The call a channel belongs to, or null for channels of other calls (Dovira sees every channel). */
  private callOf(channel: Channel): { linkedId: string; track: CallTrack; first: boolean } | null {
    const linkedId = this.linkedIdOf(channel);
    if (linkedId === null) return null;
    const track = this.track(linkedId, channel.id);
    if (isLocal(channel)) remember(this.legs, channel.name, linkedId, MAX_LEGS);
    return { linkedId, track, first: channel.id === linkedId };
  }

  /** The first leg is the citizen on an inbound call and the operator on an outbound one. */
  private partyOf(call: { track: CallTrack; first: boolean }): 'caller' | 'operator' {
    return (call.track.direction === 'inbound') === call.first ? 'caller' : 'operator';
  }

  /**
   * The event id is built from the ARI event alone (server, type, channel, Asterisk's timestamp and
   * what distinguishes it), so a replayed ARI event yields the same id and is a duplicate.
   */
  private emit(source: AriEvent, at: string, linkedId: string, channelId: string, fields: Record<string, unknown>, handBack?: string, detail?: string): Mapped {
    const id = ['ari', source.asterisk_id ?? '', source.type, channelId, source.timestamp ?? at, detail ?? ''].join(':').replace(/(?<!:):+$/, '');
    const parsed = KnownPbxEvent.safeParse({ eventId: token(id, 200), callId: token(linkedId, 250), linkedId: token(linkedId, 250), timestamp: at, ...fields });
    if (!parsed.success) return { event: null, ...(handBack ? { handBack } : {}), skipped: 'outside-contract' };
    return { event: parsed.data, ...(handBack ? { handBack } : {}) };
  }
}
