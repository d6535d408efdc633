// What baresip's ctrl_tcp sends back: a response to a command (matched by its token) or an event
// of one of its user agents. Only the fields Dovira reads are typed; the rest is ignored.

export interface BaresipResponse {
  kind: 'response';
  ok: boolean;
  /** The command's console output (for `ausrc` it also carries failures while ok stays true). */
  data: string;
  token: string | null;
}

/**
 * An event, e.g. CALL_INCOMING, CALL_RINGING, CALL_ESTABLISHED, CALL_DTMF_START (param: the key),
 * CALL_CLOSED (param: the reason, "486 Busy Here" or "Connection reset by peer"), TRANSFER_FAILED.
 */
export interface BaresipEvent {
  kind: 'event';
  type: string;
  /** 'call', 'register', 'other', … */
  eventClass: string;
  /** Our own account (AOR) the event belongs to. */
  accountAor: string | null;
  direction: 'incoming' | 'outgoing' | null;
  /** The far end's URI (for an incoming call: its From). */
  peerUri: string | null;
  /** The far end's display name (for an incoming call: the From display name). */
  peerDisplayName: string | null;
  /** The SIP Call-ID of the call. */
  callId: string | null;
  param: string | null;
}

export type BaresipMessage = BaresipResponse | BaresipEvent;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Parses one netstring payload; null for something that is neither a response nor an event. */
export function parseBaresipMessage(payload: string): BaresipMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (record.response === true) {
    return { kind: 'response', ok: record.ok === true, data: text(record.data) ?? '', token: text(record.token) };
  }
  // Some baresip versions send "event": "true" as a string.
  if (record.event === true || record.event === 'true') {
    const type = text(record.type);
    if (type === null) return null;
    const direction = record.direction === 'incoming' || record.direction === 'outgoing' ? record.direction : null;
    return {
      kind: 'event',
      type,
      eventClass: text(record.class) ?? '',
      accountAor: text(record.accountaor),
      direction,
      peerUri: text(record.peeruri),
      peerDisplayName: text(record.peerdisplayname),
      callId: text(record.id),
      param: text(record.param),
    };
  }
  return null;
}

/** The SIP status code at the start of a CALL_CLOSED reason ("486 Busy Here" → 486), if any. */
export function sipStatusOf(reason: string | null): number | null {
  const match = /^([1-6]\d\d)(?:\s|$)/.exec(reason ?? '');
  return match ? Number(match[1]) : null;
}
