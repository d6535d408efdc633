// What every route plugin is given. A leaf: route modules import it without importing the
// application that registers them.
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { LiveBus } from '../live/bus.ts';
import type { CallControl } from '../telephony/ports/call-control.ts';
import type { CallbackDialler } from '../telephony/ports/callback-dialler.ts';
import type { PbxEventSink } from '../telephony/event-sink.ts';

/** What every route plugin is given: the database, the settings, the live channel and the clock. */
export interface AppContext {
  db: Db;
  config: Config;
  /** Carries live events to every connected screen, across processes on PostgreSQL. */
  live: LiveBus;
  /** The current instant; tests pass a controllable clock to prove the Standard's time limits. */
  now: () => Date;
  /** What Dovira may ask of the telephone exchange (end a call); absent when none is connected. */
  callControl?: CallControl | undefined;
  /** Dials callbacks (H3) through the exchange; absent when dialling from Dovira is off (DOVIRA_DIALLER_*). */
  callbackDialler?: CallbackDialler | null | undefined;
  /** The process's one ingest of the exchange's events: the event API, Zammad, kamailio and Asterisk share it. */
  eventQueue: PbxEventSink;
}
