// What Dovira may ask of the telephone exchange about a call in progress. Today one thing: end a
// call the operator ended in Dovira for no audio (T2) or an abusive caller (D3), so the line closes
// with the decision. Each exchange adapter (kamailio's JSON-RPC, Asterisk's ARI) implements it;
// Dovira works without one, and then says so to the operator instead of pretending the line closed.

/** The endings the operator decides on the call's behalf, after which the exchange must drop the line. */
export type ExchangeHangupReason = 'no_audio' | 'abusive_caller';

export type HangupFailure = 'not_found' | 'unreachable' | 'refused';

/** What became of the request; `message` is Ukrainian, for the operator. Never thrown. */
export type HangupOutcome = { ok: true } | { ok: false; failure: HangupFailure; message: string };

/** The port AppContext carries (optional): what Dovira may ask of the exchange. */
export interface CallControl {
  /** Ends the call the exchange knows as `pbxCallId`, giving `reason` where its protocol can carry it. */
  hangup(request: { pbxCallId: string; reason: ExchangeHangupReason }): Promise<HangupOutcome>;
}
