// Dialling a callback (H3) from Dovira: the exchange calls the citizen and connects them to the
// operator's extension. Behind this interface, so any exchange can do it: baresip as a dialling
// phone (src/telephony/adapters/baresip/dialler.ts) or, for instance, an Asterisk originate.
// The callbacks own it, and the exchange's adapters implement it (telephony/ports re-exports it):
// so callbacks need nothing of telephony, and the ingest may schedule callbacks (H3).

export const DIAL_OUTCOMES = ['answered', 'busy', 'no_answer', 'failed'] as const;
export type DialOutcome = (typeof DIAL_OUTCOMES)[number];

export interface DialRequest {
  /** The citizen's number, E.164 (+380501234567). */
  phone: string;
  /** The operator's extension the answered call is connected to. */
  operatorExtension: string;
}

export interface DialResult {
  outcome: DialOutcome;
  /** After the citizen answered: whether they were connected to the operator's extension. */
  bridged: boolean;
  /** The exchange's reason, e.g. "486 Busy Here"; never a number or a name. */
  detail: string | null;
}

export interface CallbackDialler {
  /** Calls and waits for the outcome. Throws DiallerBusy when every line is taken. */
  dial(request: DialRequest): Promise<DialResult>;
  close(): Promise<void>;
}

export class DiallerBusy extends Error {}

/** The exchange cannot be reached to dial: no attempt was made. */
export class DiallerUnavailable extends Error {}
