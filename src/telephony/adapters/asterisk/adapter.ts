// Asterisk connected to Dovira: ARI events become normalised events and go through the process's
// event ingest (EventIngestQueue), the same rules, idempotency and audit as the event API. A channel entering Stasis(dovira) is
// handed straight back to the dialplan, so the caller never waits on Dovira's database.
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../../../audit/audit.ts';
import type { Db } from '../../../db/database.ts';
import type { LiveBus } from '../../../live/bus.ts';
import { EventIngestQueue } from '../../ingest.ts';
import type { PbxEventSink } from '../../event-sink.ts';
import type { EventOutcomeView, PbxEvent } from '../../contract.ts';
import { AriControl, AriRequestError, type AriSettings } from './control.ts';
import { AriCallMapper } from './mapper.ts';
import { AriEventStream } from './stream.ts';

/** Without a given actor (the `asterisk` pbx user in production) the audit trail names no user. */
const NOBODY: Actor = { userId: null, ip: null };

const INGEST_RETRY_DELAYS_MS = [500, 2000];

export interface AsteriskAdapterOptions {
  db: Db;
  settings: AriSettings;
  log: FastifyBaseLogger;
  /** Whom the audit trail names for Asterisk's events (see asteriskActor). */
  actor?: Actor;
  /** Operators' and supervisors' screens hear of every call the exchange changed. */
  live?: LiveBus;
  /** The process's ingest, shared with the event API (`npm start` passes it); without it, the adapter's own on `db` and `live`. */
  ingest?: PbxEventSink;
  now?: () => Date;
  /** ARI's REST side (an AriControl unless a test gives a stand-in). */
  control?: AriCommands;
}

/** What Dovira can ask of Asterisk: end a call, dial a callback, hand a call back to the dialplan. */
export type AriCommands = Pick<AriControl, 'hangup' | 'originate' | 'continueInDialplan'>;

export class AsteriskAdapter {
  readonly control: AriCommands;
  private readonly mapper: AriCallMapper;
  private readonly options: AsteriskAdapterOptions;
  private readonly now: () => Date;
  private readonly ingest: PbxEventSink;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: AsteriskAdapterOptions) {
    this.options = options;
    this.now = options.now ?? (() => new Date());
    this.mapper = new AriCallMapper(options.settings.app);
    this.control = options.control ?? new AriControl(options.settings);
    this.ingest = options.ingest ?? new EventIngestQueue(options.db, options.live);
  }

  /**
   * One ARI event, in the order Asterisk sent it. Mapping happens at once (it decides the call's
   * state in arrival order); storing waits its turn behind the events before it. Resolves with
   * what became of the normalised event, or null when the ARI event changes nothing in Dovira.
   */
  accept(raw: unknown): Promise<EventOutcomeView | null> {
    const receivedAt = this.now();
    const mapped = this.mapper.map(raw, receivedAt);
    if (mapped.handBack) void this.handBack(mapped.handBack);
    const event = mapped.event;
    if (!event) {
      this.options.log.debug({ ariType: (raw as { type?: unknown } | null)?.type, skipped: mapped.skipped }, 'ARI event skipped');
      return Promise.resolve(null);
    }
    const stored = this.queue.then(() => this.store(event, receivedAt));
    this.queue = stored.catch(() => undefined);
    return stored;
  }

  /** Resolves once every event accepted so far is stored (or given up on). */
  async drain(): Promise<void> {
    await this.queue;
  }

  private async store(event: PbxEvent, receivedAt: Date): Promise<EventOutcomeView | null> {
    const { log } = this.options;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const [result] = await this.ingest.ingest(this.options.actor ?? NOBODY, [event], receivedAt, log);
        return result ?? null;
      } catch (error) {
        const delay = INGEST_RETRY_DELAYS_MS[attempt];
        // Ids and codes only: the event's numbers stay out of the log.
        const fields = { pbxEventId: event.eventId, type: event.type, err: { type: (error as Error).name, code: (error as { code?: string }).code } };
        if (delay === undefined) {
          log.error(fields, 'ARI event could not be stored; given up');
          return null;
        }
        log.warn({ ...fields, retryInMs: delay }, 'ARI event could not be stored; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async handBack(channelId: string): Promise<void> {
    try {
      await this.control.continueInDialplan(channelId);
    } catch (error) {
      const code = error instanceof AriRequestError ? error.code : 'unknown';
      // A caller who hung up at once leaves nothing to hand back; anything else is worth a warning.
      const level = code === 'not_found' || code === 'conflict' ? 'debug' : 'warn';
      this.options.log[level]({ code, status: error instanceof AriRequestError ? error.status : null }, 'ARI continue failed');
    }
  }
}

export interface RunningAsterisk {
  adapter: AsteriskAdapter;
  stream: AriEventStream;
  stop(): Promise<void>;
}

/** Connects to ARI and keeps connected until stop(); used by `npm start` when ARI_URL is set. */
export function startAsterisk(options: AsteriskAdapterOptions & { retryDelaysMs?: readonly number[] }): RunningAsterisk {
  const adapter = new AsteriskAdapter(options);
  const stream = new AriEventStream({
    settings: options.settings,
    log: options.log,
    onEvent: (event) => void adapter.accept(event),
    ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
  });
  stream.start();
  return {
    adapter,
    stream,
    stop: async () => {
      await stream.stop();
      await adapter.drain();
    },
  };
}
