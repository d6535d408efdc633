// Where every adapter hands the exchange's call events: the event API, the Zammad webhook, kamailio
// and Asterisk all feed the same ingest (src/telephony/ingest.ts), so one set of call rules,
// one idempotency and one audit trail apply whatever the exchange.
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../audit/audit.ts';
import type { EventOutcomeView, PbxEvent } from './contract.ts';

export interface PbxEventSink {
  /** Applies the events (in the exchange's time order within a call) and answers one outcome per event, in the order given. */
  ingest(actor: Actor, events: PbxEvent[], receivedAt: Date, log: FastifyBaseLogger): Promise<EventOutcomeView[]>;
}
